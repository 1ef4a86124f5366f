/*
 * cmd_index.c — `newsidx index`: files and folders into the database, with
 * warnings on stderr and a one-line summary.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: newsidx index [--db PATH] [options] FILE|FOLDER...\n"
    "\n"
    "Adds articles to the database (created when missing).  Formats by extension\n"
    "or content: plain text (.txt), JSON Lines / JSON (.jsonl .json), HTML\n"
    "(.html .htm), Reuters-21578 SGML (.sgm).  Folders are walked recursively;\n"
    "there only files with those extensions are read.  An article whose id is\n"
    "already indexed is replaced, never duplicated.\n"
    "\n"
    "options:\n"
    "  --db PATH         database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  --language LANG   stemmer for a new database (default english)\n"
    "  --batch N         commit every N articles (default 1000)\n"
    "  --wait SECONDS    wait this long for another indexer's lock (default 0)\n"
    "  -q, --quiet       print only warnings and errors\n"
    "  -h, --help        this text\n"
    "\n"
    "exit: 0 all read; 1 some inputs skipped or failed (each was reported);\n"
    "      2 usage; 3 database unusable; 75 locked by another writer\n";

typedef struct { int quiet; } warn_ctx;

static void on_warning(void *ctx, const char *path, long line, const char *msg)
{
    (void)ctx;
    if (line > 0)
        fprintf(stderr, "newsidx: warning: %s:%ld: %s\n", path, line, msg);
    else
        fprintf(stderr, "newsidx: warning: %s: %s\n", path, msg);
}

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "db", required_argument, 0, 'd' },   { "language", required_argument, 0, 'l' },
        { "batch", required_argument, 0, 'b' }, { "wait", required_argument, 0, 'w' },
        { "quiet", no_argument, 0, 'q' },      { "help", no_argument, 0, 'h' },
        { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    int quiet = 0, c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': wo.language = optarg; break;
        case 'b':
            wo.batch_size = (unsigned)strtoul(optarg, &end, 10);
            if (*end || !wo.batch_size) {
                cli_error("--batch needs a positive number, not '%s'", optarg);
                return NX_EXIT_USAGE;
            }
            break;
        case 'w':
            wo.wait_seconds = strtod(optarg, &end);
            if (*end || wo.wait_seconds < 0) {
                cli_error("--wait needs a number of seconds, not '%s'", optarg);
                return NX_EXIT_USAGE;
            }
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: fputs(help, stderr); return NX_EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("index: give at least one file or folder");
        fputs(help, stderr);
        return NX_EXIT_USAGE;
    }
    const char *path = cli_db_path(db);
    nx_writer *w;
    char *err = NULL;
    nx_status st = nx_writer_open(path, &wo, &w, &err);
    if (st != NX_OK) {
        cli_error("%s", err ? err : nx_status_name(st));
        nx_free(err);
        return cli_exit_for(st);
    }
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    warn_ctx wc = { quiet };
    int rc = NX_EXIT_OK;
    for (int i = optind; i < argc; i++) {
        st = nx_writer_index_path(w, argv[i], on_warning, &wc, &sum);
        if (st == NX_ERR_IO || st == NX_ERR_INVALID) {
            /* One missing input does not stop the others. */
            cli_error("%s", nx_writer_errmsg(w));
            sum.failed++;
            continue;
        }
        if (st != NX_OK) {
            cli_error("%s", nx_writer_errmsg(w));
            nx_writer_close(w);
            return cli_exit_for(st);
        }
    }
    st = nx_writer_close(w);
    if (st != NX_OK) {
        cli_error("%s: final commit failed (%s)", path, nx_status_name(st));
        return cli_exit_for(st);
    }
    if (sum.failed || sum.skipped)
        rc = NX_EXIT_PARTIAL;
    if (!quiet)
        printf("indexed %lu new and %lu updated articles from %lu files into %s; "
               "%lu skipped, %lu failed, %lu warnings (%.1f s)\n",
               sum.indexed, sum.updated, sum.files, path, sum.skipped, sum.failed, sum.warnings,
               sum.seconds);
    return rc;
}

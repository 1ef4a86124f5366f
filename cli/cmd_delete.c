/*
 * cmd_delete.c — `newsidx delete`: remove articles by id, or every
 * article a file gave (nx_writer_delete, nx_writer_delete_file).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* As `newsidx index --wait`: cron runs of the indexer hold the lock for a
 * batch at a time. */
#define DELETE_DEFAULT_WAIT 5.0

static const char help[] =
    "usage: newsidx delete [--db PATH] [--file] [options] ID...|FILE...\n"
    "\n"
    "Removes articles from the database: each argument is one article id, as\n"
    "search and show print it (quote an id with spaces for the shell; a file\n"
    "indexed as one article may be named by any path), or\n"
    "with --file a file whose articles all go (named as it was indexed; it\n"
    "need not exist any more).  - reads the arguments from standard input, one\n"
    "a line.  Deleted articles stay deleted while their file is unchanged (an\n"
    "index run skips it); when the file changes it is read again, and they\n"
    "come back: to keep them out for good, remove them from the file too.\n"
    "\n"
    "options:\n"
    "  --db PATH       database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  --file          the arguments are files, not ids\n"
    "  --wait SECONDS  wait this long for another writer's lock (default 5)\n"
    "  -q, --quiet     print only errors\n"
    "  -h, --help      this text\n"
    "\n"
    "exit: 0 everything named was found and removed; 1 some id or file was not\n"
    "      in the database (each named on stderr); 2 usage; 3 database unusable;\n"
    "      75 another writer holds the lock\n";

typedef struct delete_run {
    nx_writer *w;
    int files;                /* --file */
    unsigned long deleted;    /* articles removed */
    unsigned long missing;    /* arguments that matched nothing */
} delete_run;

/* Deletes what one argument names; returns 0 or the exit code of a
 * failure of the database (said). */
static int delete_one(void *ctx, const char *arg)
{
    delete_run *d = ctx;
    char shown[CLI_SHOW_BUF];   /* arg made safe to echo */
    nx_status st;
    if (d->files) {
        unsigned long n = 0;
        st = nx_writer_delete_file(d->w, arg, &n);
        if (st == NX_OK && !n) {
            cli_error("delete: no article from the file '%s'",
                      cli_display(arg, CLI_SHOW_FIELD * 2, shown, sizeof shown));
            d->missing++;
        }
        d->deleted += n;
    } else {
        int found = 0;
        st = nx_writer_delete(d->w, arg, &found);
        char *path = st == NX_OK && !found ? cli_file_id(arg) : NULL;
        if (path)
            st = nx_writer_delete(d->w, path, &found);
        free(path);
        if (st == NX_OK && !found) {
            cli_error("delete: no article with id '%s'", cli_display(arg, CLI_SHOW_ID, shown, sizeof shown));
            d->missing++;
        }
        d->deleted += found != 0;
    }
    if (st == NX_OK)
        return 0;
    cli_error("%s", nx_writer_errmsg(d->w));
    return cli_exit_for(st);
}

int cmd_delete(int argc, char **argv)
{
    enum { O_DB = 1000, O_FILE, O_WAIT };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },   { "file", no_argument, 0, O_FILE },
        { "wait", required_argument, 0, O_WAIT }, { "quiet", no_argument, 0, 'q' },
        { "help", no_argument, 0, 'h' },        { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    wo.create = 0;   /* deleting from a database that is not there is an error, not a new database */
    wo.wait_seconds = DELETE_DEFAULT_WAIT;
    delete_run d = { NULL, 0, 0, 0 };
    int quiet = 0, opt;
    char *end;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "qh", longopts, NULL)) != -1) {
        switch (opt) {
        case O_DB:
            if (db) {
                cli_error("delete: one database at a time (--db given twice)");
                return cli_usage_error(help);
            }
            db = optarg;
            break;
        case O_FILE: d.files = 1; break;
        case O_WAIT:
            wo.wait_seconds = strtod(optarg, &end);
            if (!*optarg || *end || wo.wait_seconds < 0) {
                cli_error("--wait needs a number of seconds, not '%s'", optarg);
                return NX_EXIT_USAGE;
            }
            break;
        case 'q': quiet = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: return cli_usage_error(help);
        }
    }
    if (optind >= argc) {
        cli_error("delete: give at least one %s", d.files ? "file" : "id");
        return cli_usage_error(help);
    }
    const char *path = cli_db_path(db);
    char *err = NULL;
    nx_status st = nx_writer_open(path, &wo, &d.w, &err);
    if (st != NX_OK) {
        cli_error("%s", err ? err : nx_status_name(st));
        nx_free(err);
        return cli_exit_for(st);
    }
    int rc = cli_each_arg(argc - optind, argv + optind, delete_one, &d);
    /* What was deleted before a failure is kept: the close commits it. */
    st = nx_writer_close_ex(d.w, &err);
    if (st != NX_OK) {
        cli_error("%s", err && *err ? err : nx_status_name(st));
        nx_free(err);
        return rc ? rc : cli_exit_for(st);
    }
    if (rc)
        return rc;
    if (!quiet)
        printf("%s: %lu article%s deleted\n", path, d.deleted, d.deleted == 1 ? "" : "s");
    return d.missing ? NX_EXIT_PARTIAL : NX_EXIT_OK;
}

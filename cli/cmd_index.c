/*
 * cmd_index.c — `newsidx index`: files and folders into the database, with
 * warnings on stderr and a one-line summary.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: newsidx index [--db PATH] [options] FILE|FOLDER|-...\n"
    "\n"
    "Adds articles to the database (created when missing).  Formats by extension\n"
    "or content: plain text (.txt), JSON Lines / JSON (.jsonl .json), HTML\n"
    "(.html .htm), Reuters-21578 SGML (.sgm), CSV (.csv).  Folders are walked\n"
    "recursively; there only files with those extensions are read.  A file named\n"
    "here whose format shows neither in its name nor in its content is skipped\n"
    "with a warning.  - reads standard input (JSON Lines unless --format).  An\n"
    "article whose id is already indexed is replaced, never duplicated.\n"
    "\n"
    "Runs are incremental: a file unchanged since the last run (same size and\n"
    "modification time, or same content) is skipped without being parsed; a\n"
    "changed file has its articles replaced and those that vanished from it\n"
    "removed.  A file that could not be used (binary, too large, nothing\n"
    "readable) is reported once; until it changes later runs count it as\n"
    "unchanged (exit 0), and newsidx stats lists it with the reason.\n"
    "\n"
    "options:\n"
    "  --db PATH         database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  --language LANG   stemmer for a new database (default english)\n"
    "  --batch N         commit every N changes (default 1000); a killed run\n"
    "                    loses at most one batch, picked up by the next run\n"
    "  --wait SECONDS    wait this long for another indexer's lock (default 5)\n"
    "  -j, --jobs N      threads for the first build of an empty database\n"
    "                    (default: one per core).  The build is published whole\n"
    "                    when the run ends; a killed build leaves the database\n"
    "                    empty, so use -j 1 where a run may be killed before it\n"
    "                    ends: then every committed batch is kept\n"
    "  --prune           also remove articles whose source file is gone\n"
    "  --shard-by year|month\n"
    "                    make a new database of date shards, DB/2025/ or\n"
    "                    DB/2025-03/ (and DB/undated/), listed in DB/XAPIANDB;\n"
    "                    later runs keep the mode (docs/SHARDING.md)\n"
    "  --format FMT      read every input as text, json, html, sgml or csv\n"
    "  --fields MAP      a site's own JSON keys or CSV header names for fields,\n"
    "                    \"title=hed,body=story_text\" (default $NX_JSON_FIELDS)\n"
    "  --csv-columns LIST\n"
    "                    CSV files have no header row; their columns are these\n"
    "                    fields in order, \"topic,title,body\" (- skips one)\n"
    "  --dry-run         list the files that would change; write nothing\n"
    "  -q, --quiet       print only warnings and errors (for cron)\n"
    "  -h, --help        this text\n"
    "\n"
    "exit: 0 all read; 1 some inputs skipped or failed (each was reported);\n"
    "      2 usage; 3 database unusable; 75 locked by another writer\n";

#define NX_DEFAULT_WAIT 5.0
/* More threads than this only add merge work on the machines we know. */
#define NX_MAX_JOBS 8

typedef struct run_ctx {
    int quiet, dry_run, tty;
    int bar_shown;
    double last_bar;
    unsigned long new_files, changed_files, gone_files;
} run_ctx;

static void clear_bar(run_ctx *r)
{
    if (r->bar_shown) {
        fputs("\r\033[K", stderr);
        r->bar_shown = 0;
    }
}

static void on_warning(void *ctx, const char *path, long line, const char *msg)
{
    clear_bar(ctx);
    if (line > 0)
        fprintf(stderr, "newsidx: warning: %s:%ld: %s\n", path, line, msg);
    else
        fprintf(stderr, "newsidx: warning: %s: %s\n", path, msg);
}

static void on_file(void *ctx, const char *path, nx_file_event ev)
{
    run_ctx *r = ctx;
    const char *what = NULL;
    switch (ev) {
    case NX_FILE_NEW: r->new_files++; what = "new"; break;
    case NX_FILE_CHANGED: r->changed_files++; what = "changed"; break;
    case NX_FILE_GONE: r->gone_files++; what = "gone"; break;
    default: break;
    }
    if (r->dry_run && what)
        printf("%-8s %s\n", what, path);
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A progress bar on a terminal, redrawn at most ten times a second. */
static void on_progress(void *ctx, unsigned long done, unsigned long total, unsigned long articles)
{
    run_ctx *r = ctx;
    if (!r->tty || r->quiet || r->dry_run)
        return;
    double t = now_s();
    if (done != total && t - r->last_bar < 0.1)
        return;
    r->last_bar = t;
    int width = 30, fill = total ? (int)((double)done / total * width) : width;
    fprintf(stderr, "\r[%.*s%*s] %lu/%lu files, %lu articles", fill,
            "==============================", width - fill, "", done, total, articles);
    r->bar_shown = 1;
    if (done == total)
        clear_bar(r);
}

int cmd_index(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "db", required_argument, 0, 'd' },   { "language", required_argument, 0, 'l' },
        { "batch", required_argument, 0, 'b' }, { "wait", required_argument, 0, 'w' },
        { "quiet", no_argument, 0, 'q' },      { "help", no_argument, 0, 'h' },
        { "prune", no_argument, 0, 'p' },      { "dry-run", no_argument, 0, 'n' },
        { "shard-by", required_argument, 0, 's' }, { "jobs", required_argument, 0, 'j' },
        { "format", required_argument, 0, 'F' }, { "fields", required_argument, 0, 'f' },
        { "csv-columns", required_argument, 0, 'C' },
        { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    /* The library reads no environment: the variable is the CLI's. */
    wo.fields = getenv("NX_JSON_FIELDS");
    wo.wait_seconds = NX_DEFAULT_WAIT;
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    wo.jobs = cores > 1 ? (unsigned)(cores < NX_MAX_JOBS ? cores : NX_MAX_JOBS) : 1;
    int quiet = 0, prune = 0, c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "qhj:", longopts, NULL)) != -1) {
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
        case 'j':
            wo.jobs = (unsigned)strtoul(optarg, &end, 10);
            if (*end || !wo.jobs || wo.jobs > 64) {
                cli_error("--jobs needs a number from 1 to 64, not '%s'", optarg);
                return NX_EXIT_USAGE;
            }
            break;
        case 'F': wo.format = optarg; break;
        case 'f': wo.fields = optarg; break;
        case 'C': wo.csv_columns = optarg; break;
        case 'q': quiet = 1; break;
        case 'p': prune = 1; break;
        case 'n': wo.dry_run = 1; break;
        case 's':
            if (!strcmp(optarg, "year"))
                wo.shard_by = NX_SHARD_YEAR;
            else if (!strcmp(optarg, "month"))
                wo.shard_by = NX_SHARD_MONTH;
            else {
                cli_error("--shard-by must be year or month, not '%s'", optarg);
                return NX_EXIT_USAGE;
            }
            break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: return cli_usage_error(help);
        }
    }
    if (optind >= argc && !prune) {
        cli_error("index: give at least one file or folder");
        return cli_usage_error(help);
    }
    /* A missing input is reported before the database is opened, so a
     * typo in a cron line creates nothing. */
    int inputs = 0, missing = 0, stdin_seen = 0;
    for (int i = optind; i < argc; i++) {
        struct stat sb;
        if (!strcmp(argv[i], "-")) {
            if (stdin_seen++) {
                cli_error("index: - (standard input) given twice");
                return NX_EXIT_USAGE;
            }
            inputs++;
        } else if (stat(argv[i], &sb) != 0) {
            cli_error("%s: %s", argv[i], strerror(errno));
            missing++;
        } else {
            inputs++;
        }
    }
    if (missing && !inputs && !prune) {
        cli_error("index: nothing to read; no database opened");
        return NX_EXIT_PARTIAL;
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
    run_ctx rc_ = { .quiet = quiet, .dry_run = wo.dry_run, .tty = isatty(STDERR_FILENO) };
    run_ctx *wc = &rc_;
    nx_writer_set_callbacks(w, on_file, on_progress, wc);
    int rc = NX_EXIT_OK;
    double t0 = now_s();
    sum.failed = (unsigned long)missing;
    for (int i = optind; i < argc; i++) {
        if (strcmp(argv[i], "-") != 0) {
            struct stat sb;
            if (stat(argv[i], &sb) != 0)
                continue;   /* reported above, counted as failed */
            st = nx_writer_index_path(w, argv[i], on_warning, wc, &sum);
        } else {
            st = nx_writer_index_fd(w, STDIN_FILENO, "stdin", on_warning, wc, &sum);
        }
        clear_bar(wc);
        if (st == NX_ERR_IO || st == NX_ERR_INVALID) {
            /* One unreadable input does not stop the others (the writer
             * has counted it as failed). */
            cli_error("%s", nx_writer_errmsg(w));
            continue;
        }
        if (st != NX_OK) {
            cli_error("%s", nx_writer_errmsg(w));
            nx_writer_close(w);
            return cli_exit_for(st);
        }
    }
    if (prune && (st = nx_writer_prune(w, on_warning, wc, &sum)) != NX_OK) {
        cli_error("%s", nx_writer_errmsg(w));
        nx_writer_close(w);
        return cli_exit_for(st);
    }
    /* The close is part of the run: it publishes a parallel build, which
     * on a large archive takes a while with no file left to count. */
    if (wc->tty && !quiet && !wo.dry_run) {
        fputs("finishing the index...", stderr);
        wc->bar_shown = 1;
    }
    st = nx_writer_close_ex(w, &err);
    clear_bar(wc);
    if (st != NX_OK) {
        cli_error("%s", err && *err ? err : nx_status_name(st));
        nx_free(err);
        return cli_exit_for(st);
    }
    sum.seconds = now_s() - t0;
    if (sum.failed || sum.skipped)
        rc = NX_EXIT_PARTIAL;
    if (wo.dry_run)
        printf("dry run: %lu new, %lu changed, %lu gone, %lu unchanged files; nothing written\n",
               wc->new_files, wc->changed_files, wc->gone_files, sum.files_unchanged);
    else if (!quiet)
    {
        char bad[96] = "";
        if (sum.failed_unchanged)
            snprintf(bad, sizeof bad, " (%lu failed before, see newsidx stats)", sum.failed_unchanged);
        printf("%s: %lu indexed, %lu updated, %lu unchanged, %lu deleted, %lu skipped, %lu failed "
               "(%lu %s, %lu unchanged%s; %lu %s; %.2f s)\n",
               path, sum.indexed, sum.updated, sum.unchanged, sum.deleted, sum.skipped, sum.failed,
               sum.files, sum.files == 1 ? "file" : "files", sum.files_unchanged, bad, sum.warnings,
               sum.warnings == 1 ? "warning" : "warnings", sum.seconds);
    }
    return rc;
}

/*
 * cmd_stats.c — `newsidx stats`: what the database holds.
 */
#include <getopt.h>
#include <stdio.h>

#include "cli.h"

static const char help[] =
    "usage: newsidx stats [--db PATH]\n"
    "\n"
    "Prints the number of articles, distinct terms, size on disk, stemmer\n"
    "language and the time of the last index run.\n";

static void print_source(void *ctx, const char *source, unsigned long count)
{
    int *first = ctx;
    if (*first)
        printf("sources:\n");
    *first = 0;
    printf("  %8lu  %s\n", count, source);
}

int cmd_stats(int argc, char **argv)
{
    static const struct option longopts[] = {
        { "db", required_argument, 0, 'd' }, { "help", no_argument, 0, 'h' }, { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: fputs(help, stderr); return NX_EXIT_USAGE;
        }
    }
    if (optind < argc) {
        cli_error("stats: unexpected argument '%s'", argv[optind]);
        return NX_EXIT_USAGE;
    }
    const char *path = cli_db_path(db);
    nx_index *ix;
    char *err = NULL;
    nx_status st = nx_index_open(path, &ix, &err);
    if (st != NX_OK) {
        cli_error("%s", err ? err : nx_status_name(st));
        nx_free(err);
        return cli_exit_for(st);
    }
    nx_stats s;
    st = nx_index_stats(ix, &s);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        return cli_exit_for(st);
    }
    printf("database:     %s\n", path);
    printf("articles:     %lu\n", s.documents);
    printf("terms:        %llu\n", s.terms);
    printf("size:         %.1f MB\n", s.size_bytes / 1e6);
    printf("avg length:   %.0f terms\n", s.avg_length);
    printf("language:     %s\n", s.language);
    printf("last indexed: %s\n", *s.last_indexed ? s.last_indexed : "unknown");
    int first = 1;
    st = nx_index_sources(ix, print_source, &first);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        return cli_exit_for(st);
    }
    nx_index_close(ix);
    return NX_EXIT_OK;
}

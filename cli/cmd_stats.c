/*
 * cmd_stats.c — `newsidx stats`: what the database holds.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char help[] =
    "usage: newsidx stats [--db PATH]\n"
    "\n"
    "Prints the number of articles, distinct terms, size on disk, stemmer\n"
    "language and the time of the last index run; for a sharded index or a\n"
    "shard map (docs/SHARDING.md) also each shard and its article count.\n"
    "\n"
    "exit: 0 ok; 2 usage; 3 database unusable; 69 a shard is unavailable\n";

typedef struct shard_list { int n; const char *path; int is_path; } shard_list;

static void count_shard(void *ctx, const char *name, unsigned long docs, int up)
{
    shard_list *sl = ctx;
    (void)docs;
    (void)up;
    if (sl->n++ == 0)
        sl->is_path = strcmp(name, sl->path) == 0;
}

static void print_shard(void *ctx, const char *name, unsigned long docs, int up)
{
    (void)ctx;
    if (up)
        printf("  %8lu  %s\n", docs, name);
    else
        printf("  %8s  %s\n", "down", name);
}

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
        default: return cli_usage_error(help);
        }
    }
    if (optind < argc) {
        cli_error("stats: unexpected argument '%s'", argv[optind]);
        return NX_EXIT_USAGE;
    }
    const char *path = cli_db_path(db);
    int rc;
    nx_index *ix = cli_open_index(db, 0, &rc);
    if (!ix)
        return rc;
    nx_stats s;
    nx_status st = nx_index_stats(ix, &s);
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
    /* A single database is one "shard" named by its path: list only real ones. */
    shard_list sl = { 0, path, 0 };
    st = nx_index_shards(ix, count_shard, &sl);
    if (st == NX_OK && !(sl.n == 1 && sl.is_path)) {
        printf("shards:       %d\n", sl.n);
        st = nx_index_shards(ix, print_shard, NULL);
    }
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        return cli_exit_for(st);
    }
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

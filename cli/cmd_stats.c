/*
 * cmd_stats.c — `newsidx stats`: what the database holds.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "cli.h"
#include "json_out.h"

static const char help[] =
    "usage: newsidx stats [--db PATH] [--json]\n"
    "\n"
    "Prints the number of articles, distinct terms, size on disk, stemmer\n"
    "language, the time the last index run ended (\"last indexed\", also a run\n"
    "that changed nothing) and of the last change to the articles; for a\n"
    "sharded index or a shard map (docs/SHARDING.md) also each shard and its\n"
    "article count.  While a first build runs it says so.\n"
    "\n"
    "options:\n"
    "  --json            one JSON object (lists always arrays, unknown times null)\n"
    "\n"
    "exit: 0 ok; 2 usage; 3 database unusable; 69 a shard is unavailable\n";

typedef struct shard_list { int n; const char *path; int is_path; json_t *arr; } shard_list;

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
    shard_list *sl = ctx;
    if (sl && sl->arr) {
        json_array_append_new(sl->arr, up ? json_pack("{s:s, s:I, s:b}", "name", name, "articles",
                                                      (json_int_t)docs, "up", 1)
                                          : json_pack("{s:s, s:n, s:b}", "name", name, "articles", "up", 0));
        return;
    }
    if (up)
        printf("  %8lu  %s\n", docs, name);
    else
        printf("  %8s  %s\n", "down", name);
}

static void add_source(void *ctx, const char *source, unsigned long count)
{
    json_array_append_new(ctx, json_pack("{s:s, s:I}", "source", source, "articles", (json_int_t)count));
}

static void add_failed(void *ctx, const char *path, const char *reason)
{
    json_array_append_new(ctx, json_pack("{s:s, s:s}", "path", path, "reason", reason));
}

static void print_failed(void *ctx, const char *path, const char *reason)
{
    int *first = ctx;
    if (*first)
        printf("failed files (passed by until they change):\n");
    *first = 0;
    printf("  %s: %s\n", path, reason);
}

static json_t *time_or_null(const char *t)
{
    return *t ? json_string(t) : json_null();
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
        { "db", required_argument, 0, 'd' }, { "help", no_argument, 0, 'h' },
        { "json", no_argument, 0, 'J' }, { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    int c, as_json = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'J': as_json = 1; break;
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
    if (as_json) {
        shard_list sl = { 0, path, 0, NULL };
        st = nx_index_shards(ix, count_shard, &sl);
        json_t *shards = json_array(), *sources = json_array(), *failed = json_array();
        if (st == NX_OK && !(sl.n == 1 && sl.is_path)) {
            sl.arr = shards;
            st = nx_index_shards(ix, print_shard, &sl);
        }
        if (st == NX_OK)
            st = nx_index_sources(ix, add_source, sources);
        if (st == NX_OK)
            st = nx_index_failed_files(ix, add_failed, failed);
        if (st != NX_OK) {
            cli_error("%s", nx_index_errmsg(ix));
            json_decref(shards);
            json_decref(sources);
            json_decref(failed);
            nx_index_close(ix);
            return cli_exit_for(st);
        }
        json_t *o = json_pack("{s:s, s:I, s:I, s:I, s:f, s:s, s:o, s:o, s:b, s:o, s:o, s:o}", "database", path,
                              "articles", (json_int_t)s.documents, "terms", (json_int_t)s.terms, "size_bytes",
                              (json_int_t)s.size_bytes, "avg_length", s.avg_length, "language", s.language,
                              "last_indexed", time_or_null(s.last_indexed), "last_change",
                              time_or_null(s.last_change), "building", s.building, "shards", shards,
                              "sources", sources, "failed_files", failed);
        json_out_print(o);
        nx_index_close(ix);
        return NX_EXIT_OK;
    }
    printf("database:     %s\n", path);
    printf("articles:     %lu\n", s.documents);
    printf("terms:        %llu\n", s.terms);
    printf("size:         %.1f MB\n", s.size_bytes / 1e6);
    printf("avg length:   %.0f terms\n", s.avg_length);
    printf("language:     %s\n", s.language);
    printf("last indexed: %s\n", *s.last_indexed ? s.last_indexed : "unknown");
    printf("last change:  %s\n", *s.last_change ? s.last_change : "unknown");
    if (s.building)
        printf("status:       a first build is running (it shows its articles when it ends; a\n"
               "              build that was killed starts again with the next index run)\n");
    /* A single database is one "shard" named by its path: list only real ones. */
    shard_list sl = { 0, path, 0, NULL };
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
    int first_failed = 1;
    if (st == NX_OK)
        st = nx_index_failed_files(ix, print_failed, &first_failed);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        return cli_exit_for(st);
    }
    nx_index_close(ix);
    return NX_EXIT_OK;
}

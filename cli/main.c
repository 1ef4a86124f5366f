/*
 * main.c — the newsidx command: dispatch to subcommands and the shared
 * helpers of cli.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: newsidx <command> [options] [args]\n"
    "\n"
    "Full-text search for news archives.\n"
    "\n"
    "commands:\n"
    "  index   add articles (files or folders) to the database\n"
    "  search  run a query and print ranked results with snippets\n"
    "  names   list the people, places and organisations in matching stories\n"
    "  stats   show what the database holds\n"
    "  serve   answer searches over HTTP: a JSON API and a search page\n"
    "\n"
    "The database is --db PATH, else $NEWSIDX_DB, else ./newsidx.db.\n"
    "Run 'newsidx <command> --help' for a command's options.\n"
    "\n"
    "exit codes: 0 ok; 1 no results or some inputs skipped/failed; 2 usage;\n"
    "  3 database missing/not a database/damaged; 4 bad query; 69 a shard is\n"
    "  unavailable; 70 internal error; 75 database locked by another writer\n";

const char *cli_db_path(const char *opt)
{
    if (opt && *opt)
        return opt;
    const char *env = getenv("NEWSIDX_DB");
    if (env && *env)
        return env;
    return "newsidx.db";
}

int cli_exit_for(nx_status st)
{
    switch (st) {
    case NX_OK: return NX_EXIT_OK;
    case NX_ERR_INVALID: return NX_EXIT_USAGE;
    case NX_ERR_NOT_FOUND:
    case NX_ERR_NOT_DATABASE:
    case NX_ERR_CORRUPT:
    case NX_ERR_VERSION:
    case NX_ERR_IO: return NX_EXIT_DB;
    case NX_ERR_QUERY: return NX_EXIT_QUERY;
    case NX_ERR_LOCKED: return NX_EXIT_TEMPFAIL;
    case NX_ERR_NETWORK: return NX_EXIT_UNAVAILABLE;
    default: return NX_EXIT_SOFTWARE;
    }
}

void cli_error(const char *fmt, ...)
{
    va_list ap;
    fputs("newsidx: ", stderr);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

char *cli_join_args(int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *q = malloc(len), *at = q;
    if (!q) {
        cli_error("out of memory");
        return NULL;
    }
    *q = '\0';
    for (int i = 0; i < argc; i++) {
        size_t n = strlen(argv[i]);
        if (i)
            *at++ = ' ';
        memcpy(at, argv[i], n + 1);
        at += n;
    }
    return q;
}

static void on_shard_warning(void *ctx, const char *shard, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    fprintf(stderr, "newsidx: warning: shard %s: %s\n", shard, msg);
}

nx_index *cli_open_index(const char *dbopt, int allow_partial, int *rc)
{
    nx_open_opts oo;
    nx_open_opts_init(&oo);
    oo.warn = on_shard_warning;
    oo.allow_partial = allow_partial;
    nx_index *ix = NULL;
    char *err = NULL;
    nx_status st = nx_index_open_ex(cli_db_path(dbopt), &oo, &ix, &err);
    if (st != NX_OK) {
        cli_error("%s", err ? err : nx_status_name(st));
        nx_free(err);
        *rc = cli_exit_for(st);
        return NULL;
    }
    return ix;
}

int cli_query_and_index(int argc, char **argv, int optind_, const char *cmd, const char *help,
                        const char *dbopt, int allow_partial, char **query, nx_index **ix)
{
    *query = NULL;
    *ix = NULL;
    if (optind_ >= argc) {
        cli_error("%s: give a query", cmd);
        fputs(help, stderr);
        return NX_EXIT_USAGE;
    }
    if (!(*query = cli_join_args(argc - optind_, argv + optind_)))
        return NX_EXIT_SOFTWARE;
    int rc = NX_EXIT_OK;
    if (!(*ix = cli_open_index(dbopt, allow_partial, &rc))) {
        free(*query);
        *query = NULL;
    }
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return NX_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return NX_EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        printf("newsidx %s\n", nx_version());
        return NX_EXIT_OK;
    }
    if (!strcmp(cmd, "index"))
        return cmd_index(argc - 1, argv + 1);
    if (!strcmp(cmd, "search"))
        return cmd_search(argc - 1, argv + 1);
    if (!strcmp(cmd, "names"))
        return cmd_names(argc - 1, argv + 1);
    if (!strcmp(cmd, "stats"))
        return cmd_stats(argc - 1, argv + 1);
    if (!strcmp(cmd, "serve"))
        return cmd_serve(argc - 1, argv + 1);
    cli_error("unknown command '%s' (try 'newsidx --help')", cmd);
    return NX_EXIT_USAGE;
}

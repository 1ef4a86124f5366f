/*
 * main.c — the newsidx command: dispatch to subcommands and the shared
 * helpers of cli.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The commands, in the order --help lists them. */
static const struct command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} commands[] = {
    { "index", cmd_index, "add articles (files or folders) to the database" },
    { "search", cmd_search, "run a query and print ranked results with snippets" },
    { "show", cmd_show, "print whole articles by id" },
    { "similar", cmd_similar, "list the stories most like a given one (related stories)" },
    { "names", cmd_names, "list the people, places and organisations in matching stories" },
    { "delete", cmd_delete, "remove articles by id, or the articles of a file" },
    { "stats", cmd_stats, "show what the database holds" },
    { "serve", cmd_serve, "answer searches over HTTP: a JSON API and a search page" },
};
#define NCOMMANDS (sizeof commands / sizeof *commands)

static void print_usage(FILE *f)
{
    fputs("usage: newsidx <command> [options] [args]\n"
          "\n"
          "Full-text search for news archives.\n"
          "\n"
          "commands:\n", f);
    for (size_t i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-7s %s\n", commands[i].name, commands[i].summary);
    fputs("\n"
          "The database is --db PATH, else $NEWSIDX_DB, else ./newsidx.db; search,\n"
          "show and names take --db several times to read several databases as one.\n"
          "Run 'newsidx <command> --help' for a command's options; -V: the version.\n"
          "\n"
          "exit codes: 0 ok; 1 no results or some inputs skipped/failed; 2 usage;\n"
          "  3 database missing/not a database/damaged; 4 bad query; 69 a shard is\n"
          "  unavailable; 70 internal error; 75 database locked by another writer\n", f);
}

/* The command being run, for the usage hint. */
static const char *current_command = "";

int cli_usage_error(const char *help)
{
    size_t n = strcspn(help, "\n");
    fprintf(stderr, "%.*s\nRun 'newsidx %s --help' for the options.\n", (int)n, help, current_command);
    return NX_EXIT_USAGE;
}

int cli_dbs_add(cli_dbs *d, const char *path)
{
    if (d->n == CLI_MAX_DBS) {
        cli_error("at most %d --db options", CLI_MAX_DBS);
        return -1;
    }
    d->path[d->n++] = path;
    return 0;
}

char *cli_file_id(const char *arg)
{
    char *real = realpath(arg, NULL);
    if (real && strcmp(real, arg))
        return real;
    free(real);
    return NULL;
}

static int each_stdin_line(int (*fn)(void *ctx, const char *arg), void *ctx)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = 0;
    while (!rc && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n)
            rc = fn(ctx, line);
    }
    free(line);
    return rc;
}

int cli_each_arg(int argc, char **argv, int (*fn)(void *ctx, const char *arg), void *ctx)
{
    int rc = 0;
    for (int i = 0; !rc && i < argc; i++)
        rc = strcmp(argv[i], "-") ? fn(ctx, argv[i]) : each_stdin_line(fn, ctx);
    return rc;
}

/* Edit distance with adjacent transpositions (optimal string alignment),
 * for "did you mean": "serach" is one step from "search".  By hand: a
 * dozen lines over names shorter than 16 bytes. */
static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 15 || lb > 15)
        return (size_t)-1;
    size_t d[16][16];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            size_t best = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            if (d[i - 1][j] + 1 < best)
                best = d[i - 1][j] + 1;
            if (d[i][j - 1] + 1 < best)
                best = d[i][j - 1] + 1;
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] && d[i - 2][j - 2] + 1 < best)
                best = d[i - 2][j - 2] + 1;
            d[i][j] = best;
        }
    return d[la][lb];
}

/* The command name closest to s, when it is close enough to be a typo
 * (at most 2 edits, and fewer than half of the word); else NULL. */
static const char *closest_command(const char *s)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        size_t dist = edit_distance(s, commands[i].name);
        if (dist < bestd && 2 * dist < strlen(commands[i].name)) {
            bestd = dist;
            best = commands[i].name;
        }
    }
    return best;
}

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

static void on_shard_warning(void *ctx, const char *shard, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    fprintf(stderr, "newsidx: warning: shard %s: %s\n", shard, msg);
}

static nx_index *open_paths(const char *const *paths, size_t n, int allow_partial, int *rc)
{
    nx_open_opts oo;
    nx_open_opts_init(&oo);
    oo.warn = on_shard_warning;
    oo.allow_partial = allow_partial;
    nx_index *ix = NULL;
    char *err = NULL;
    nx_status st = nx_index_open_many(paths, n, &oo, &ix, &err);
    if (st != NX_OK) {
        cli_error("%s", err ? err : nx_status_name(st));
        nx_free(err);
        *rc = cli_exit_for(st);
        return NULL;
    }
    return ix;
}

nx_index *cli_open_index(const char *dbopt, int allow_partial, int *rc)
{
    const char *path = cli_db_path(dbopt);
    return open_paths(&path, 1, allow_partial, rc);
}

nx_index *cli_open_indexes(const cli_dbs *dbs, int allow_partial, int *rc)
{
    if (dbs->n == 0)
        return cli_open_index(NULL, allow_partial, rc);
    return open_paths(dbs->path, dbs->n, allow_partial, rc);
}

/* An argument "id:X Y" was one shell word: when X Y is an article's id
 * (an id with spaces, a file name), the user meant that id, which the
 * query language writes id:"X Y".  Anything else is query text as typed
 * ('id:a OR id:b' in one argument stays a query). */
static int is_spaced_id(nx_index *ix, const char *arg)
{
    if (strncmp(arg, "id:", 3) || !arg[3] || !strpbrk(arg + 3, " \t") || strchr(arg + 3, '"'))
        return 0;
    nx_results *r = NULL;
    int found = nx_index_get(ix, arg + 3, &r) == NX_OK && nx_results_count(r) == 1;
    nx_results_free(r);
    return found;
}

static char *join_query(nx_index *ix, int argc, char **argv)
{
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 3;
    char *q = malloc(len), *at = q;
    if (!q) {
        cli_error("out of memory");
        return NULL;
    }
    *q = '\0';
    for (int i = 0; i < argc; i++) {
        if (i)
            *at++ = ' ';
        if (is_spaced_id(ix, argv[i]))
            at += sprintf(at, "id:\"%s\"", argv[i] + 3);
        else
            at += sprintf(at, "%s", argv[i]);
    }
    return q;
}

int cli_query_and_index(int argc, char **argv, int optind_, const char *cmd, const char *help,
                        const cli_dbs *dbs, int allow_partial, int allow_empty, char **query,
                        nx_index **ix)
{
    *query = NULL;
    *ix = NULL;
    if (optind_ >= argc && !allow_empty) {
        cli_error("%s: give a query", cmd);
        return cli_usage_error(help);
    }
    int rc = NX_EXIT_OK;
    if (!(*ix = cli_open_indexes(dbs, allow_partial, &rc)))
        return rc;
    if (!(*query = join_query(*ix, argc - optind_, argv + optind_))) {
        nx_index_close(*ix);
        *ix = NULL;
        return NX_EXIT_SOFTWARE;
    }
    return NX_EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return NX_EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        print_usage(stdout);
        return NX_EXIT_OK;
    }
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "-V") || !strcmp(cmd, "version")) {
        printf("newsidx %s\n", nx_version());
        return NX_EXIT_OK;
    }
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (strcmp(cmd, commands[i].name))
            continue;
        /* getopt names argv[0] in its messages: "newsidx search: ...". */
        char prog[64];
        snprintf(prog, sizeof prog, "newsidx %s", cmd);
        current_command = commands[i].name;
        argv[1] = prog;
        return commands[i].run(argc - 1, argv + 1);
    }
    const char *near = closest_command(cmd);
    if (cmd[0] == '-')
        cli_error("unknown option '%s' (options come after the command; try 'newsidx --help')", cmd);
    else if (near)
        cli_error("unknown command '%s'; did you mean '%s'? (try 'newsidx --help')", cmd, near);
    else
        cli_error("unknown command '%s' (try 'newsidx --help')", cmd);
    return NX_EXIT_USAGE;
}

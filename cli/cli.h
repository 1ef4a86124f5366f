/*
 * cli.h — what the newsidx subcommands share: exit codes, the database
 * path rule, messages.  The CLI sees only the public newsidx.h.
 */
#ifndef NX_CLI_H
#define NX_CLI_H

#include "newsidx.h"

/* Exit codes (documented in the README and in --help). */
enum {
    NX_EXIT_OK = 0,
    NX_EXIT_PARTIAL = 1,   /* no results, or some inputs were skipped or failed */
    NX_EXIT_USAGE = 2,
    NX_EXIT_DB = 3,        /* database missing, not a database, damaged */
    NX_EXIT_QUERY = 4,     /* the query could not be understood */
    NX_EXIT_UNAVAILABLE = 69, /* a shard is down (EX_UNAVAILABLE); see --allow-partial */
    NX_EXIT_SOFTWARE = 70, /* anything else (EX_SOFTWARE) */
    NX_EXIT_TEMPFAIL = 75  /* database locked by another writer (EX_TEMPFAIL) */
};

/* s made safe to print (display.c): control characters as spaces, cut
 * after max_chars characters (or what fits in buf) with a trailing "…".
 * Returns buf (or "" when buf is too small to be used); s may be NULL. */
const char *cli_display(const char *s, size_t max_chars, char *buf, size_t bufsz);
/* Widths of the text output: a query echoed, a headline, an id, a short field. */
#define CLI_SHOW_QUERY 200
#define CLI_SHOW_TITLE 200
#define CLI_SHOW_ID 100
#define CLI_SHOW_FIELD 100
#define CLI_SHOW_BUF 1024   /* holds any of them: 4 bytes a character at most */

/* --db, else $NEWSIDX_DB, else ./newsidx.db */
const char *cli_db_path(const char *opt);
/* Exit code for a library status. */
int cli_exit_for(nx_status st);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The words of a query joined by spaces; NULL when out of memory (said). */
char *cli_join_args(int argc, char **argv);
/* Opens the database for reading (--db, $NEWSIDX_DB, ./newsidx.db), with
 * shard warnings on stderr.  On failure says why and returns NULL with the
 * exit code in *rc. */
nx_index *cli_open_index(const char *dbopt, int allow_partial, int *rc);
/* For the commands that take a query: the words argv[optind..] joined into
 * *query (caller frees) and the database opened into *ix (caller closes).
 * Returns 0, or the exit code after saying what is wrong (cmd names the
 * command, help is printed when the query is missing). */
int cli_query_and_index(int argc, char **argv, int optind_, const char *cmd, const char *help,
                        const char *dbopt, int allow_partial, char **query, nx_index **ix);

int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_names(int argc, char **argv);
int cmd_serve(int argc, char **argv);

#endif

/*
 * cli.h — what the newsidx subcommands share: exit codes, the database
 * path rule, messages.  The CLI sees only the public newsidx.h.
 */
#ifndef NX_CLI_H
#define NX_CLI_H

#include <stdio.h>

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

/* The --db options of a reading command, in order: several are searched
 * as one (nx_index_open_many); none means cli_db_path(NULL). */
#define CLI_MAX_DBS 64
typedef struct cli_dbs {
    const char *path[CLI_MAX_DBS];
    size_t n;
} cli_dbs;
/* Adds one --db; -1 (said) when there are too many. */
int cli_dbs_add(cli_dbs *d, const char *path);

/* For a bad option or argument: the first line of help (the usage line)
 * and where the rest is, on stderr; returns NX_EXIT_USAGE. */
int cli_usage_error(const char *help);
/* Exit code for a library status. */
int cli_exit_for(nx_status st);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Opens the database for reading (--db, $NEWSIDX_DB, ./newsidx.db), with
 * shard warnings on stderr.  On failure says why and returns NULL with the
 * exit code in *rc. */
nx_index *cli_open_index(const char *dbopt, int allow_partial, int *rc);
/* The same for every --db of dbs, searched as one. */
nx_index *cli_open_indexes(const cli_dbs *dbs, int allow_partial, int *rc);
/* For the commands that take a query: the database(s) opened into *ix
 * (caller closes) and the words argv[optind..] joined into *query (caller
 * frees); an argument "id:X Y" that names an article's id is kept as one
 * id (quoted), as the shell gave it.  With allow_empty no words is the
 * empty query.  Returns 0, or the exit code after saying what is wrong
 * (cmd names the command, help's usage line is shown when the query is
 * missing). */
int cli_query_and_index(int argc, char **argv, int optind_, const char *cmd, const char *help,
                        const cli_dbs *dbs, int allow_partial, int allow_empty, char **query,
                        nx_index **ix);

/* A file article's id is its absolute path: for an argument that names an
 * existing file some other way (a relative path), that path (caller
 * frees); NULL when arg is no such file or already is its own path. */
char *cli_file_id(const char *arg);

/* Calls fn(ctx, arg) for each of argv[0..argc), and for "-" once per
 * line of standard input (blank lines skipped), until fn returns non-zero;
 * returns that, else 0. */
int cli_each_arg(int argc, char **argv, int (*fn)(void *ctx, const char *arg), void *ctx);

/* Terminal output (wrap.c). */
/* Columns to wrap text output at: $COLUMNS when it is set to a number,
 * else the terminal's width when stdout is a terminal, else 0 (no
 * wrapping: a pipe or a file gets one line per paragraph). */
unsigned cli_wrap_width(void);
/* Prints lead, then text broken at blanks so that no line is wider than
 * width columns (a longer word stays whole on its own line); lines after
 * the first start with indent spaces.  Text may hold ANSI colour codes
 * (no width; a colour open at a break is closed and reopened around the
 * indent).  Width 0: lead and text on one line.  Ends with a newline. */
void cli_print_wrapped(FILE *f, const char *lead, const char *text, unsigned indent, unsigned width);
/* Prints lead and fields[0..n) joined by " | ", breaking the line between
 * two fields (never inside one: an id or a path stays whole) where the
 * next would pass width; lines after the first start with indent spaces. */
void cli_print_fields(FILE *f, const char *lead, const char *const *fields, size_t n, unsigned indent,
                      unsigned width);

/* What search and similar print, and how (cmd_search.c). */
typedef struct search_cli {
    nx_search_opts so;
    nx_highlight hl;
    const char *open, *close;
    int json;
    unsigned width;     /* columns to wrap text at (0: none), cli_wrap_width */
    int no_score;       /* a query of no words: every score is 0 */
} search_cli;
/* --limit-style whole numbers and --highlight modes: -1 (said) on bad input. */
int cli_parse_uint(const char *opt, const char *s, unsigned *out);
int cli_parse_highlight(const char *s, nx_highlight *hl);
/* --sort relevance|date into *sort; -1 (with a message) for anything else. */
int cli_parse_sort(const char *s, nx_sort *sort);
/* One hit as text: rank, headline, what is known of it, its versions, the
 * snippet (wrapped at c->width). */
void cli_print_hit_text(const nx_hit *h, const search_cli *c);

int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_names(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_delete(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_similar(int argc, char **argv);

#endif

/*
 * cmd_show.c — `newsidx show`: whole articles by id, for reading (the
 * headline, what is known of the article, the body in its paragraphs) or
 * as JSON for programs.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"

static const char help[] =
    "usage: newsidx show [--db PATH]... [--json] ID...\n"
    "\n"
    "Prints whole articles: the headline, the article's id, date, source,\n"
    "section, byline, dateline, url and file, its labels and the names found\n"
    "in it, then the body in its paragraphs (wrapped to the terminal).  Each\n"
    "argument is one id, as search prints it (quote an id with spaces for the\n"
    "shell), or a file indexed as one article, by any path; id:ID is the same\n"
    "as ID; - reads ids from standard input, one a line\n"
    "(newsidx search --json ... | jq -r .id | newsidx show -).\n"
    "\n"
    "options:\n"
    "  --db PATH        database (default $NEWSIDX_DB, else ./newsidx.db);\n"
    "                   several --db are read as one database\n"
    "  --json           one JSON object per article: \"type\": \"article\", the\n"
    "                   fields and lists of a search hit, and \"body\"\n"
    "  --allow-partial  when a shard is down, use the others (see search --help)\n"
    "  -h, --help       this text\n"
    "\n"
    "exit: 0 every article shown; 1 some id not found (each named on stderr);\n"
    "      2 usage; 3 database unusable; 69 a shard is unavailable\n";

typedef struct show_cli {
    nx_index *ix;
    int json;
    unsigned width;
    unsigned shown;     /* articles printed so far */
    unsigned missing;   /* ids not found */
} show_cli;

/* Columns of the labels in the text header ("dateline: " is the longest). */
#define LABEL_COLS 10

/* Prints text from the index wrapped, made safe for a terminal first
 * (cli_display: no control character reaches it; nothing is cut). */
static void print_safe(const char *lead, const char *text, unsigned indent, const show_cli *c)
{
    size_t cap = strlen(text) + 8;
    char *buf = malloc(cap);
    if (!buf)
        return;
    cli_print_wrapped(stdout, lead, cli_display(text, (size_t)-1, buf, cap), indent, c->width);
    free(buf);
}

static void print_label(const char *label, const char *value, const show_cli *c)
{
    char lead[LABEL_COLS + 2];
    snprintf(lead, sizeof lead, "%-*s", LABEL_COLS, label);
    print_safe(lead, value, LABEL_COLS, c);
}

static void print_list(const nx_hit *h, nx_list l, const char *label, const show_cli *c)
{
    const char *const *items;
    size_t n = nx_hit_list(h, l, &items), len = 1;
    if (!n)
        return;
    for (size_t i = 0; i < n; i++)
        len += strlen(items[i]) + 2;
    char *joined = malloc(len);
    if (!joined)
        return;
    joined[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(joined, ", ");
        strcat(joined, items[i]);
    }
    print_label(label, joined, c);
    free(joined);
}

static int blank_char(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\r';
}

/* Length of the line at p when it holds nothing but blanks, else 0. */
static size_t blank_line(const char *p)
{
    size_t i = 0;
    while (blank_char(p[i]))
        i++;
    if (p[i] == '\n')
        return i + 1;
    return p[i] ? 0 : i;
}

/* The body as it was written: a blank line separates paragraphs, and a
 * line that starts indented starts a new one (the wire services'
 * convention, and how their tables keep one row a line), its indent kept.
 * The other line breaks were the source's line length: a paragraph is
 * wrapped afresh to the terminal (or kept on one line for a pipe). */
static void print_body(const char *body, const show_cli *c)
{
    size_t cap = strlen(body) + 1;
    char *para = malloc(cap);
    if (!para)
        return;
    const char *p = body;
    int first = 1;
    while (*p) {
        int blanks = 0;
        size_t skip;
        while (*p && (skip = blank_line(p)) > 0) {
            p += skip;
            blanks = 1;
        }
        if (!*p)
            break;
        unsigned indent = 0;
        for (; blank_char(*p); p++)
            indent += *p == '\t' ? 4 : *p == ' ';
        size_t n = 0;
        for (;;) {
            while (*p && *p != '\n')
                para[n++] = *p++;
            if (!*p)
                break;
            p++;   /* the newline: the paragraph goes on unless the next line is blank or indented */
            if (!*p || blank_char(*p) || *p == '\n')
                break;
            para[n++] = ' ';
        }
        para[n] = '\0';
        if (!first && blanks)
            putchar('\n');
        first = 0;
        char lead[17];
        snprintf(lead, sizeof lead, "%*s", (int)(indent < 16 ? indent : 16), "");
        print_safe(lead, para, 0, c);
    }
    free(para);
}

static void print_article(const nx_hit *h, const show_cli *c)
{
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    print_safe("", title && *title ? title : "(untitled)", 0, c);
    const char *id = nx_hit_id(h);
    print_label("id:", id, c);
    static const struct { nx_field f; const char *label; } fields[] = {
        { NX_FIELD_DATE, "date:" },         { NX_FIELD_SOURCE, "source:" }, { NX_FIELD_SECTION, "section:" },
        { NX_FIELD_BYLINE, "byline:" },     { NX_FIELD_DATELINE, "dateline:" }, { NX_FIELD_URL, "url:" },
        { NX_FIELD_PATH, "path:" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = nx_hit_field(h, fields[i].f);
        /* A file that is one article has its path as id: said once. */
        if (v && *v && !(fields[i].f == NX_FIELD_PATH && !strcmp(v, id)))
            print_label(fields[i].label, v, c);
    }
    print_list(h, NX_LIST_TAGS, "tags:", c);
    print_list(h, NX_LIST_PEOPLE, "people:", c);
    print_list(h, NX_LIST_PLACES, "places:", c);
    print_list(h, NX_LIST_ORGS, "orgs:", c);
    print_list(h, NX_LIST_NAMES, "names:", c);
    const char *body = nx_hit_field(h, NX_FIELD_BODY);
    if (body && *body) {
        putchar('\n');
        print_body(body, c);
    }
}

static void print_article_json(const nx_hit *h)
{
    json_out_print(json_out_article(h));
}

/* The article for one argument: as given, else a file named by a
 * relative path by its absolute one (a file article's id), else without
 * an id: prefix (and the quotes of id:"..."), as a query would write it. */
static nx_status lookup(nx_index *ix, const char *arg, nx_results **r)
{
    nx_status st = nx_index_get(ix, arg, r);
    char *path = st == NX_OK && !nx_results_count(*r) ? cli_file_id(arg) : NULL;
    if (path) {
        nx_results_free(*r);
        *r = NULL;
        st = nx_index_get(ix, path, r);
        free(path);
    }
    if (st != NX_OK || nx_results_count(*r) || strncmp(arg, "id:", 3) || !arg[3])
        return st;
    nx_results_free(*r);
    *r = NULL;
    const char *id = arg + 3;
    size_t n = strlen(id);
    if (n >= 3 && id[0] == '"' && id[n - 1] == '"') {
        char *unq = strndup(id + 1, n - 2);
        if (!unq)
            return NX_ERR_NOMEM;
        st = nx_index_get(ix, unq, r);
        free(unq);
        return st;
    }
    return nx_index_get(ix, id, r);
}

/* Shows one id; returns 0, or the exit code of a failure (said). */
static int show_one(void *ctx, const char *id)
{
    show_cli *c = ctx;
    nx_index *ix = c->ix;
    nx_results *r = NULL;
    nx_status st = lookup(ix, id, &r);
    if (st != NX_OK) {
        cli_error("show: %s", st == NX_ERR_NOMEM ? "out of memory" : nx_index_errmsg(ix));
        return cli_exit_for(st);
    }
    const nx_hit *h = nx_results_hit(r, 0);
    if (!h) {
        char shown[CLI_SHOW_BUF];
        cli_error("show: no article with id '%s'", cli_display(id, CLI_SHOW_ID, shown, sizeof shown));
        c->missing++;
    } else if (c->json) {
        print_article_json(h);
    } else {
        if (c->shown)
            printf("\n%s\n\n", "----------------------------------------");
        print_article(h, c);
    }
    c->shown += h != NULL;
    nx_results_free(r);
    return 0;
}

int cmd_show(int argc, char **argv)
{
    enum { O_DB = 1000, O_JSON, O_PARTIAL };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },    { "json", no_argument, 0, O_JSON },
        { "help", no_argument, 0, 'h' },         { "allow-partial", no_argument, 0, O_PARTIAL },
        { 0, 0, 0, 0 }
    };
    cli_dbs dbs = { { 0 }, 0 };
    show_cli c = { NULL, 0, 0, 0, 0 };
    int allow_partial = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (opt) {
        case O_DB: if (cli_dbs_add(&dbs, optarg)) return NX_EXIT_USAGE; break;
        case O_JSON: c.json = 1; break;
        case O_PARTIAL: allow_partial = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: return cli_usage_error(help);
        }
    }
    if (optind >= argc) {
        cli_error("show: give at least one id");
        return cli_usage_error(help);
    }
    c.width = c.json ? 0 : cli_wrap_width();
    int rc = 0;
    if (!(c.ix = cli_open_indexes(&dbs, allow_partial, &rc)))
        return rc;
    rc = cli_each_arg(argc - optind, argv + optind, show_one, &c);
    nx_index_close(c.ix);
    if (rc)
        return rc;
    return c.missing ? NX_EXIT_PARTIAL : NX_EXIT_OK;
}

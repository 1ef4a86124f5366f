/*
 * cmd_names.c — `newsidx names`: who is in the stories that match a query.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "json_out.h"

static const char help[] =
    "usage: newsidx names [--db PATH] [--limit N] [--sample N] [--json] QUERY...\n"
    "\n"
    "Lists the people, places and organisations named most in the articles\n"
    "that match QUERY (same query language as search).  For each name: the\n"
    "matching articles that mention it, the articles in the whole index that\n"
    "mention it, and a score (docs x idf) that favours names specific to these\n"
    "articles over names that are everywhere.\n"
    "\n"
    "options:\n"
    "  --db PATH      database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  -n, --limit N  names to list (default 20)\n"
    "  --sample N     best matching articles to look at (default 500)\n"
    "  --allow-partial  when a shard is down, use the others (see search --help)\n"
    "  --json         one JSON object per name: name, docs, total, score\n"
    "  -h, --help     this text\n"
    "\n"
    "exit: 0 names found; 1 none; 2 usage; 3 database unusable; 4 bad query;\n"
    "      69 a shard is unavailable\n";

static int to_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v == 0 || v > 100000UL) {
        cli_error("%s needs a whole number from 1 to 100000, not '%s'", opt, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cmd_names(int argc, char **argv)
{
    enum { O_DB = 1000, O_SAMPLE, O_JSON, O_PARTIAL };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },  { "limit", required_argument, 0, 'n' },
        { "sample", required_argument, 0, O_SAMPLE }, { "json", no_argument, 0, O_JSON },
        { "help", no_argument, 0, 'h' },       { "allow-partial", no_argument, 0, O_PARTIAL },
        { 0, 0, 0, 0 }
    };
    const char *db = NULL;
    unsigned limit = 20, sample = 500;
    int json = 0, allow_partial = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case 'n': if (to_uint("--limit", optarg, &limit)) return NX_EXIT_USAGE; break;
        case O_SAMPLE: if (to_uint("--sample", optarg, &sample)) return NX_EXIT_USAGE; break;
        case O_JSON: json = 1; break;
        case O_PARTIAL: allow_partial = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: fputs(help, stderr); return NX_EXIT_USAGE;
        }
    }
    char *query;
    nx_index *ix;
    int rc = cli_query_and_index(argc, argv, optind, "names", help, db, allow_partial, &query, &ix);
    if (rc != NX_EXIT_OK)
        return rc;
    nx_name_facet *f;
    nx_status st = nx_names(ix, query, limit, sample, &f);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        free(query);
        return cli_exit_for(st);
    }
    size_t n = nx_name_facet_count(f);
    char shown[CLI_SHOW_BUF];   /* the query, then each name, made safe to print */
    if (!json) {
        cli_display(query, CLI_SHOW_QUERY, shown, sizeof shown);
        if (n)
            printf("Names in the %lu best matches for '%s':\n\n%4s  %6s  %6s  %s\n", nx_name_facet_sampled(f),
                   shown, "rank", "docs", "total", "name");
        else
            printf("No names found for '%s'.\n", shown);
    }
    for (size_t i = 0; i < n; i++) {
        if (json) {
            json_out_print(json_out_name(f, i));
        } else {
            printf("%4zu  %6lu  %6lu  %s\n", i + 1, nx_name_facet_docs(f, i), nx_name_facet_total(f, i),
                   cli_display(nx_name_facet_name(f, i), CLI_SHOW_FIELD, shown, sizeof shown));
        }
    }
    nx_name_facet_free(f);
    nx_index_close(ix);
    free(query);
    return n ? NX_EXIT_OK : NX_EXIT_PARTIAL;
}

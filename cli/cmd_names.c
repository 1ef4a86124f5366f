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
    "usage: newsidx names [--db PATH]... [--limit N] [--sample N] [--type T[,T...]]\n"
    "                     [--since DATE] [--until DATE] [--json] QUERY...\n"
    "\n"
    "Lists the people, organisations and places that matter most to the\n"
    "articles that match QUERY (same query language as search), best first.\n"
    "A name's score adds up its share of each matching article (its mentions,\n"
    "a surname counting toward the full name, the headline 3 and the lead 2,\n"
    "over those of the article's most mentioned name) and damps names that are\n"
    "everywhere in the index: one article lists its principal names first.\n"
    "For each name: its type, the matching articles naming it, the articles in\n"
    "the whole index naming it, and its mentions in the matches.\n"
    "\n"
    "options:\n"
    "  --db PATH      database (default $NEWSIDX_DB, else ./newsidx.db); several\n"
    "                 --db are read as one database\n"
    "  -n, --limit N  names to list (default 20)\n"
    "  --sample N     best matching articles to look at (default 500)\n"
    "  --type T       only names of these types: person, org (organisation),\n"
    "                 place, other; a comma list or the option again\n"
    "  --since DATE   only articles from DATE on (YYYY, YYYY-MM or YYYY-MM-DD)\n"
    "  --until DATE   only articles up to DATE, inclusive\n"
    "  --allow-partial  when a shard is down, use the others (see search --help)\n"
    "  --json         one JSON object per name: name, type, docs, total,\n"
    "                 mentions, score, role (the title first written before it)\n"
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

/* Adds the types of a comma list ("person,org") to *mask. */
static int parse_types(const char *s, unsigned *mask)
{
    char buf[128];
    if (strlen(s) >= sizeof buf) {
        cli_error("--type: '%s' is too long", s);
        return -1;
    }
    strcpy(buf, s);
    for (char *save = NULL, *t = strtok_r(buf, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
        nx_name_type ty;
        if (nx_name_type_parse(t, &ty) != NX_OK) {
            cli_error("--type: '%s' is no name type (person, org, place, other)", t);
            return -1;
        }
        *mask |= NX_NAME_TYPE_BIT(ty);
    }
    if (!*mask) {
        cli_error("--type needs a type (person, org, place, other)");
        return -1;
    }
    return 0;
}

int cmd_names(int argc, char **argv)
{
    enum { O_DB = 1000, O_SAMPLE, O_JSON, O_PARTIAL, O_TYPE, O_SINCE, O_UNTIL };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },  { "limit", required_argument, 0, 'n' },
        { "sample", required_argument, 0, O_SAMPLE }, { "json", no_argument, 0, O_JSON },
        { "help", no_argument, 0, 'h' },       { "allow-partial", no_argument, 0, O_PARTIAL },
        { "type", required_argument, 0, O_TYPE }, { "since", required_argument, 0, O_SINCE },
        { "until", required_argument, 0, O_UNTIL }, { 0, 0, 0, 0 }
    };
    cli_dbs dbs = { { 0 }, 0 };
    nx_names_opts no;
    nx_names_opts_init(&no);
    int json = 0, allow_partial = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: if (cli_dbs_add(&dbs, optarg)) return NX_EXIT_USAGE; break;
        case 'n': if (to_uint("--limit", optarg, &no.limit)) return NX_EXIT_USAGE; break;
        case O_SAMPLE: if (to_uint("--sample", optarg, &no.sample)) return NX_EXIT_USAGE; break;
        case O_TYPE: if (parse_types(optarg, &no.types)) return NX_EXIT_USAGE; break;
        case O_SINCE: no.since = optarg; break;
        case O_UNTIL: no.until = optarg; break;
        case O_JSON: json = 1; break;
        case O_PARTIAL: allow_partial = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: return cli_usage_error(help);
        }
    }
    char *query;
    nx_index *ix;
    int rc = cli_query_and_index(argc, argv, optind, "names", help, &dbs, allow_partial, 0, &query, &ix);
    if (rc != NX_EXIT_OK)
        return rc;
    nx_name_facet *f;
    nx_status st = nx_names_ex(ix, query, &no, &f);
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
            printf("Names in the %lu best matches for '%s':\n\n%4s  %-12s  %6s  %6s  %8s  %s\n",
                   nx_name_facet_sampled(f), shown, "rank", "type", "docs", "total", "mentions", "name");
        else
            printf("No names found for '%s'.\n", shown);
    }
    for (size_t i = 0; i < n; i++) {
        const char *type = nx_name_type_name(nx_name_facet_type(f, i));
        if (json) {
            json_out_print(json_out_name(f, i));
        } else {
            printf("%4zu  %-12s  %6lu  %6lu  %8lu  %s\n", i + 1, type, nx_name_facet_docs(f, i),
                   nx_name_facet_total(f, i), nx_name_facet_mentions(f, i),
                   cli_display(nx_name_facet_name(f, i), CLI_SHOW_FIELD, shown, sizeof shown));
        }
    }
    nx_name_facet_free(f);
    nx_index_close(ix);
    free(query);
    return n ? NX_EXIT_OK : NX_EXIT_PARTIAL;
}

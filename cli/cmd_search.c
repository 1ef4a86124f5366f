/*
 * cmd_search.c — `newsidx search`: ranked results with highlighted
 * snippets, as text for people or JSON Lines for programs.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
    "usage: newsidx search [--db PATH] [options] QUERY...\n"
    "\n"
    "Runs a ranked (BM25) query.  The words of QUERY are joined by spaces.\n"
    "Query language: words (stemmed), \"exact phrases\", AND OR NOT, -word, +word,\n"
    "( ), field:word (title: author: source: section: topic: place: person: org:\n"
    "name: id:), date:2025-03-01..2025-03-31, word* and a NEAR b.\n"
    "\n"
    "options:\n"
    "  --db PATH              database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  -n, --limit N          results to show (default 10)\n"
    "  --offset N             skip the first N results (pagination)\n"
    "  --sort relevance|date  order (date: newest first)\n"
    "  --feedback             re-rank the matches by the words the best ten\n"
    "                         share even when the query has very many (by\n"
    "                         default only up to 10,000 articles hold its words)\n"
    "  --no-feedback          plain BM25 order, never re-ranked (faster)\n"
    "  --all-versions         show every version of a story: by default copies\n"
    "                         (identical articles, repeats, corrections, updates)\n"
    "                         are shown once, with \"+N similar\" and their ids\n"
    "  --expand               add words from the best matches to the query, so\n"
    "                         articles with none of its words are found too\n"
    "                         (better still for topic searches, ~7x slower)\n"
    "  --exact                weigh every match: an exact total however many\n"
    "                         there are (it is exact up to 10,000 anyway)\n"
    "  --since DATE           only articles on or after DATE (YYYY[-MM[-DD]])\n"
    "  --until DATE           only articles on or before DATE\n"
    "  --snippet-length N     snippet length in characters (default 200; 0: none)\n"
    "  --fragments N          at most N snippet fragments (default 2)\n"
    "  --highlight MODE       ansi, plain, html or none (default: ansi on a\n"
    "                         terminal unless NO_COLOR is set, plain otherwise)\n"
    "  --mark-open S          plain highlight start marker (default \"[\")\n"
    "  --mark-close S         plain highlight end marker (default \"]\")\n"
    "  --json                 JSON Lines: first a summary (\"type\": \"summary\",\n"
    "                         total, total_exact, suggestion, partial...), then\n"
    "                         one object per hit (\"type\": \"hit\": id, rank, score,\n"
    "                         percent, title, date, path, ..., snippet, highlights);\n"
    "                         jq 'select(.type == \"hit\")' keeps the hits\n"
    "  --allow-partial        over shards (docs/SHARDING.md): when a shard is down,\n"
    "                         warn and search the others; results are marked partial\n"
    "  -h, --help             this text\n"
    "\n"
    "--db may also name a sharded index or a shard map (docs/SHARDING.md).\n"
    "\n"
    "exit: 0 results found; 1 no results; 2 usage; 3 database unusable;\n"
    "      4 the query could not be understood; 69 a shard is unavailable\n"
    "      (without --allow-partial)\n";

typedef struct search_cli {
    nx_search_opts so;
    nx_highlight hl;
    const char *open, *close;
    int json;
} search_cli;

static int parse_uint(const char *opt, const char *s, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v > 1000000UL) {
        cli_error("%s needs a whole number, not '%s'", opt, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

static int parse_highlight(const char *s, nx_highlight *hl)
{
    static const struct { const char *name; nx_highlight hl; } modes[] = {
        { "ansi", NX_HL_ANSI }, { "plain", NX_HL_PLAIN }, { "html", NX_HL_HTML }, { "none", NX_HL_NONE }
    };
    for (size_t i = 0; i < sizeof modes / sizeof *modes; i++)
        if (!strcmp(s, modes[i].name)) {
            *hl = modes[i].hl;
            return 0;
        }
    cli_error("--highlight must be ansi, plain, html or none, not '%s'", s);
    return -1;
}

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

static json_t *hit_json(const nx_hit *h, int partial)
{
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("hit"));
    if (partial)
        json_object_set_new(o, "partial", json_true());
    json_object_set_new(o, "id", json_string(nx_hit_id(h)));
    json_object_set_new(o, "rank", json_integer(nx_hit_rank(h)));
    json_object_set_new(o, "score", json_real(nx_hit_score(h)));
    json_object_set_new(o, "percent", json_integer(nx_hit_percent(h)));
    static const struct { nx_field f; const char *key; } fields[] = {
        { NX_FIELD_TITLE, "title" },     { NX_FIELD_DATE, "date" },       { NX_FIELD_BYLINE, "byline" },
        { NX_FIELD_DATELINE, "dateline" }, { NX_FIELD_SOURCE, "source" }, { NX_FIELD_SECTION, "section" },
        { NX_FIELD_URL, "url" },         { NX_FIELD_PATH, "path" },
    };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = nx_hit_field(h, fields[i].f);
        json_object_set_new(o, fields[i].key, v ? json_string(v) : json_null());
    }
    static const struct { nx_list l; const char *key; } lists[] = {
        { NX_LIST_TAGS, "tags" }, { NX_LIST_PEOPLE, "people" }, { NX_LIST_PLACES, "places" }, { NX_LIST_ORGS, "orgs" },
        { NX_LIST_NAMES, "names" }
    };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        const char *const *items;
        size_t n = nx_hit_list(h, lists[i].l, &items);
        json_t *a = json_array();   /* [] when empty: jq '.people[]' works on every hit */
        for (size_t k = 0; k < n; k++)
            json_array_append_new(a, json_string(items[k]));
        json_object_set_new(o, lists[i].key, a);
    }
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    json_object_set_new(o, "snippet", json_string(snip ? snip : ""));
    json_t *hl = json_array();
    for (size_t i = 0; i < nspans; i++)
        json_array_append_new(hl, json_pack("[II]", (json_int_t)spans[i].start, (json_int_t)spans[i].end));
    json_object_set_new(o, "highlights", hl);
    /* issue 22: the other versions of this story (0 and [] with --all-versions) */
    const char *const *vids;
    size_t nv;
    json_object_set_new(o, "similar", json_integer((json_int_t)nx_hit_versions(h, &vids, &nv)));
    json_object_set_new(o, "similar_ids", str_array(vids, nv));
    return o;
}

static void print_json(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

/* The first line of --json: what the search found as a whole. */
static json_t *summary_json(const char *query, const nx_results *r, nx_index *ix, const search_cli *c)
{
    const char *const *names;
    const char *sugg = nx_results_suggestion(r);
    json_t *o = json_object();
    json_object_set_new(o, "type", json_string("summary"));
    json_object_set_new(o, "query", json_string(query));
    json_object_set_new(o, "total", json_integer((json_int_t)nx_results_total(r)));
    json_object_set_new(o, "total_exact", json_boolean(nx_results_total_exact(r)));
    json_object_set_new(o, "offset", json_integer(c->so.offset));
    json_object_set_new(o, "count", json_integer((json_int_t)nx_results_count(r)));
    json_object_set_new(o, "suggestion", sugg ? json_string(sugg) : json_null());
    json_object_set_new(o, "partial", json_boolean(nx_results_partial(r)));
    size_t nm = nx_index_missing_shards(ix, &names);
    json_object_set_new(o, "missing_shards", str_array(names, nm));
    size_t ns = nx_results_shards(r, &names);
    json_object_set_new(o, "shards", str_array(names, ns));
    return o;
}

static void print_text(const nx_hit *h, const search_cli *c)
{
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    char b1[CLI_SHOW_BUF], b2[CLI_SHOW_BUF];   /* display fields cut and made safe */
    printf("%u. %s  (score %.2f)\n", nx_hit_rank(h),
           title && *title ? cli_display(title, CLI_SHOW_TITLE, b1, sizeof b1) : "(untitled)", nx_hit_score(h));
    const char *date = nx_hit_field(h, NX_FIELD_DATE), *src = nx_hit_field(h, NX_FIELD_SOURCE);
    const char *path = nx_hit_field(h, NX_FIELD_PATH);
    printf("   id %s", cli_display(nx_hit_id(h), CLI_SHOW_ID, b1, sizeof b1));
    if (date)
        printf(" | %.10s", date);   /* normalised ISO 8601: the day only */
    if (src)
        printf(" | %s", cli_display(src, CLI_SHOW_FIELD, b2, sizeof b2));
    if (path)
        printf(" | %s", cli_display(path, CLI_SHOW_FIELD * 2, b1, sizeof b1));
    putchar('\n');
    const char *const *vids;   /* issue 22: the other versions of this story */
    size_t nv;
    unsigned long nsim = nx_hit_versions(h, &vids, &nv);
    if (nsim) {
        printf("   +%lu similar:", nsim);
        for (size_t i = 0; i < nv; i++)
            printf("%s %s", i ? "," : "", vids[i]);
        printf("%s\n", nv < nsim ? ", ..." : "");
    }
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    if (snip && *snip) {
        char *out = NULL;
        if (nx_render_highlight(snip, spans, nspans, c->hl, c->open, c->close, &out) == NX_OK) {
            printf("   %s\n", out);
            nx_free(out);
        }
    }
    putchar('\n');
}

int cmd_search(int argc, char **argv)
{
    enum { O_DB = 1000, O_OFFSET, O_SORT, O_SINCE, O_UNTIL, O_SNIPLEN, O_FRAG, O_HL, O_OPEN, O_CLOSE, O_JSON, O_EXPAND,
           O_PARTIAL, O_FEEDBACK, O_EXACT, O_NO_FEEDBACK, O_ALL_VERSIONS };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },          { "limit", required_argument, 0, 'n' },
        { "offset", required_argument, 0, O_OFFSET },  { "sort", required_argument, 0, O_SORT },
        { "since", required_argument, 0, O_SINCE },    { "until", required_argument, 0, O_UNTIL },
        { "snippet-length", required_argument, 0, O_SNIPLEN },
        { "fragments", required_argument, 0, O_FRAG }, { "highlight", required_argument, 0, O_HL },
        { "mark-open", required_argument, 0, O_OPEN }, { "mark-close", required_argument, 0, O_CLOSE },
        { "json", no_argument, 0, O_JSON },            { "help", no_argument, 0, 'h' },
        { "expand", no_argument, 0, O_EXPAND },        { "allow-partial", no_argument, 0, O_PARTIAL },
        { "feedback", no_argument, 0, O_FEEDBACK },    { "exact", no_argument, 0, O_EXACT },
        { "no-feedback", no_argument, 0, O_NO_FEEDBACK }, { "all-versions", no_argument, 0, O_ALL_VERSIONS },
        { 0, 0, 0, 0 }
    };
    search_cli c;
    memset(&c, 0, sizeof c);
    nx_search_opts_init(&c.so);
    const char *nc = getenv("NO_COLOR");
    c.hl = isatty(STDOUT_FILENO) && !(nc && *nc) ? NX_HL_ANSI : NX_HL_PLAIN;
    const char *db = NULL;
    int allow_partial = 0;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case O_DB: db = optarg; break;
        case 'n': bad = parse_uint("--limit", optarg, &c.so.limit) || (c.so.limit == 0 && (cli_error("--limit must be at least 1"), 1)); break;
        case O_OFFSET: bad = parse_uint("--offset", optarg, &c.so.offset); break;
        case O_SORT:
            if (!strcmp(optarg, "date"))
                c.so.sort = NX_SORT_DATE;
            else if (!strcmp(optarg, "relevance"))
                c.so.sort = NX_SORT_RELEVANCE;
            else {
                cli_error("--sort must be relevance or date, not '%s'", optarg);
                bad = 1;
            }
            break;
        case O_SINCE: c.so.since = optarg; break;
        case O_UNTIL: c.so.until = optarg; break;
        case O_SNIPLEN: bad = parse_uint("--snippet-length", optarg, &c.so.snippet_length); break;
        case O_FRAG: bad = parse_uint("--fragments", optarg, &c.so.snippet_fragments); break;
        case O_HL: bad = parse_highlight(optarg, &c.hl); break;
        case O_OPEN: c.open = optarg; break;
        case O_CLOSE: c.close = optarg; break;
        case O_JSON: c.json = 1; break;
        case O_EXPAND: c.so.expand = 1; break;
        case O_FEEDBACK: c.so.feedback = 1; break;
        case O_NO_FEEDBACK: c.so.feedback = -1; break;
        case O_ALL_VERSIONS: c.so.all_versions = 1; break;
        case O_EXACT: c.so.exact = 1; break;
        case O_PARTIAL: allow_partial = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: fputs(help, stderr); return NX_EXIT_USAGE;
        }
        if (bad)
            return NX_EXIT_USAGE;
    }
    char *query;
    nx_index *ix;
    int rc = cli_query_and_index(argc, argv, optind, "search", help, db, allow_partial, &query, &ix);
    if (rc != NX_EXIT_OK)
        return rc;
    nx_results *r;
    nx_status st = nx_search(ix, query, &c.so, &r);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        free(query);
        return cli_exit_for(st);
    }
    size_t n = nx_results_count(r);
    const char *sugg = nx_results_suggestion(r);
    int partial = nx_results_partial(r);
    if (!c.json && partial) {
        const char *const *missing;
        size_t nm = nx_index_missing_shards(ix, &missing);
        printf("Partial results: %zu shard%s missing:", nm, nm == 1 ? "" : "s");
        for (size_t i = 0; i < nm; i++)
            printf("%s %s", i ? ";" : "", missing[i]);
        printf("\n\n");
    }
    if (c.json) {
        print_json(summary_json(query, r, ix, &c));
    } else {
        char shown[CLI_SHOW_BUF], sshown[CLI_SHOW_BUF];   /* the query made safe to echo */
        cli_display(query, CLI_SHOW_QUERY, shown, sizeof shown);
        unsigned long total = nx_results_total(r);
        if (n)
            printf("%s%lu match%s for '%s' (showing %u-%zu)\n\n", nx_results_total_exact(r) ? "" : "about ",
                   total, total == 1 ? "" : "es", shown, c.so.offset + 1, c.so.offset + n);
        else if (total)
            printf("No results for '%s' on this page (%lu match%s; try a smaller --offset).\n", shown, total,
                   total == 1 ? "" : "es");
        else
            printf("No results for '%s'.\n", shown);
        if (sugg)
            printf("Did you mean: %s\n\n", cli_display(sugg, CLI_SHOW_QUERY, sshown, sizeof sshown));
    }
    for (size_t i = 0; i < n; i++) {
        const nx_hit *h = nx_results_hit(r, i);
        if (c.json)
            print_json(hit_json(h, partial));
        else
            print_text(h, &c);
    }
    nx_results_free(r);
    nx_index_close(ix);
    free(query);
    return n ? NX_EXIT_OK : NX_EXIT_PARTIAL;
}

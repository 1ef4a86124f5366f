/*
 * cmd_search.c — `newsidx search`: ranked results with highlighted
 * snippets, as text for people or JSON Lines for programs.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json_out.h"

static const char help[] =
    "usage: newsidx search [--db PATH]... [options] [QUERY...]\n"
    "\n"
    "Runs a ranked (BM25) query.  The words of QUERY are joined by spaces; an\n"
    "argument id:ID naming an article is that id, spaces and all.  With no\n"
    "QUERY: every article (within --since/--until), newest first.\n"
    "Query language: words (stemmed), \"exact phrases\", AND OR NOT, -word, +word,\n"
    "( ), field:word (title: author: source: section: topic: place: person: org:\n"
    "name: id:), date:2025-03-01..2025-03-31, word* and a NEAR b.\n"
    "\n"
    "options:\n"
    "  --db PATH              database (default $NEWSIDX_DB, else ./newsidx.db);\n"
    "                         several --db are searched as one database\n"
    "  -n, --limit N          results to show (default 10)\n"
    "  --offset N             skip the first N results (pagination)\n"
    "  --sort relevance|date  order (date: newest first)\n"
    "  --feedback             re-rank the matches by the words the best ten\n"
    "                         share (relevance feedback; about 3x the time)\n"
    "  --no-feedback          plain BM25 order (the default)\n"
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


int cli_parse_uint(const char *opt, const char *s, unsigned *out)
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

int cli_parse_sort(const char *s, nx_sort *sort)
{
    if (!strcmp(s, "date"))
        *sort = NX_SORT_DATE;
    else if (!strcmp(s, "relevance"))
        *sort = NX_SORT_RELEVANCE;
    else {
        cli_error("--sort must be relevance or date, not '%s'", s);
        return -1;
    }
    return 0;
}

int cli_parse_highlight(const char *s, nx_highlight *hl)
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

/* text with spans highlighted as the command line asked; caller frees
 * with nx_free (NULL when rendering failed). */
static char *highlighted(const char *text, const nx_span *spans, size_t nspans, const search_cli *c)
{
    char *out = NULL;
    if (nx_render_highlight(text, spans, nspans, c->hl, c->open, c->close, &out) != NX_OK)
        return NULL;
    return out;
}

/* "by Claire Dubois" unless the byline already says "By". */
static int byline_has_by(const char *byline)
{
    return (byline[0] == 'B' || byline[0] == 'b') && byline[1] == 'y' && byline[2] == ' ';
}

/* How many of spans (in order) still hold in shown, the headline as
 * cli_display printed it: up to where it was cut or a character changed
 * width (a control byte turned into a space keeps its place). */
static size_t safe_spans(const char *title, const char *shown, const nx_span *spans, size_t n)
{
    size_t same = 0;
    while (title[same] && shown[same] &&
           (title[same] == shown[same] || (shown[same] == ' ' && ((unsigned char)title[same] < 0x20 ||
                                                                    title[same] == 0x7f))))
        same++;
    size_t k = 0;
    while (k < n && spans[k].end <= same)
        k++;
    return k;
}

/* One hit: rank, headline (its matches highlighted) and score; the id
 * with what is known of the article (date, source and section, byline,
 * the file when it is not the id); the snippet, wrapped to the terminal. */
void cli_print_hit_text(const nx_hit *h, const search_cli *c)
{
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    const nx_span *tspans;
    size_t ntspans = nx_hit_title_spans(h, &tspans);
    char tbuf[CLI_SHOW_BUF];   /* the headline cut and made safe; its spans kept where they still hold */
    const char *safe_title = title && *title ? cli_display(title, CLI_SHOW_TITLE, tbuf, sizeof tbuf) : NULL;
    char *htitle = safe_title ? highlighted(safe_title, tspans, safe_spans(title, safe_title, tspans, ntspans), c)
                              : NULL;
    char lead[32], score[48] = "";
    snprintf(lead, sizeof lead, "%u. ", nx_hit_rank(h));
    if (!c->no_score)
        snprintf(score, sizeof score, "  (score %.2f)", nx_hit_score(h));
    const char *shown = htitle ? htitle : safe_title ? safe_title : "(untitled)";
    size_t tlen = strlen(shown);
    char *head = malloc(tlen + sizeof score);
    if (head) {
        memcpy(head, shown, tlen);
        memcpy(head + tlen, score, strlen(score) + 1);
        cli_print_wrapped(stdout, lead, head, (unsigned)strlen(lead), c->width);
    }
    free(head);
    nx_free(htitle);
    const char *id = nx_hit_id(h);
    const char *date = nx_hit_field(h, NX_FIELD_DATE), *src = nx_hit_field(h, NX_FIELD_SOURCE);
    const char *section = nx_hit_field(h, NX_FIELD_SECTION), *byline = nx_hit_field(h, NX_FIELD_BYLINE);
    const char *path = nx_hit_field(h, NX_FIELD_PATH);
    char b1[CLI_SHOW_BUF], b2[CLI_SHOW_BUF], b3[CLI_SHOW_BUF], b4[CLI_SHOW_BUF], b5[CLI_SHOW_BUF];
    const char *safe_id = cli_display(id, CLI_SHOW_ID, b1, sizeof b1);
    const char *safe_src = src ? cli_display(src, CLI_SHOW_FIELD, b2, sizeof b2) : NULL;
    const char *safe_sec = section ? cli_display(section, CLI_SHOW_FIELD, b3, sizeof b3) : NULL;
    const char *safe_by = byline && *byline ? cli_display(byline, CLI_SHOW_FIELD, b4, sizeof b4) : NULL;
    char idf[CLI_SHOW_BUF + 4], where[2 * CLI_SHOW_BUF + 3], by[CLI_SHOW_BUF + 4], day[11];
    const char *fields[5];
    size_t nf = 0;
    snprintf(idf, sizeof idf, "id %s", safe_id);
    fields[nf++] = idf;
    if (date) {
        snprintf(day, sizeof day, "%.10s", date);   /* normalised ISO 8601: the day only */
        fields[nf++] = day;
    }
    if (safe_src || safe_sec) {
        snprintf(where, sizeof where, "%s%s%s", safe_src ? safe_src : "", safe_src && safe_sec ? ", " : "",
                 safe_sec ? safe_sec : "");
        fields[nf++] = where;
    }
    if (safe_by) {
        snprintf(by, sizeof by, "%s%s", byline_has_by(safe_by) ? "" : "by ", safe_by);
        fields[nf++] = by;
    }
    /* A file that is one article has its path as id: say it once. */
    if (path && strcmp(path, id))
        fields[nf++] = cli_display(path, CLI_SHOW_FIELD * 2, b5, sizeof b5);
    cli_print_fields(stdout, "   ", fields, nf, 3, c->width);
    const char *const *vids;   /* the other versions of this story */
    size_t nv;
    unsigned long nsim = nx_hit_versions(h, &vids, &nv);
    if (nsim) {
        printf("   +%lu similar:", nsim);
        for (size_t i = 0; i < nv; i++)
            printf("%s %s", i ? "," : "", cli_display(vids[i], CLI_SHOW_ID, b1, sizeof b1));
        printf("%s\n", nv < nsim ? ", ..." : "");
    }
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    if (snip && *snip) {
        char *out = highlighted(snip, spans, nspans, c);
        if (out)
            cli_print_wrapped(stdout, "   ", out, 3, c->width);
        nx_free(out);
    }
    putchar('\n');
}

/* After a search that found nothing with a date filter: say when the
 * database's articles are dated, or that none is (an archive without
 * dates matches no date filter). */
static void date_note(nx_index *ix, const char *query, const search_cli *c)
{
    if (!c->so.since && !c->so.until && !strstr(query, "date:"))
        return;
    nx_dates d;
    if (nx_index_dates(ix, &d) != NX_OK)
        return;
    if (!d.dated)
        fprintf(stderr, "newsidx: note: no article in this database has a date, so a date filter "
                        "matches none\n");
    else if (d.first[0] && d.last[0])
        fprintf(stderr, "newsidx: note: the dated articles here run from %.10s to %.10s\n", d.first, d.last);
}

/* After a search that found nothing in a database with no article at
 * all: a parallel first build shows nothing until it ends, so say that
 * instead of letting "No results" stand as the answer. */
static void build_note(nx_index *ix)
{
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.limit = 1;
    nx_results *all = NULL;
    if (nx_search(ix, "", &o, &all) != NX_OK)
        return;
    unsigned long n = nx_results_total(all);
    nx_results_free(all);
    nx_stats st;
    if (n == 0 && nx_index_stats(ix, &st) == NX_OK && st.building)
        fprintf(stderr, "newsidx: note: a first build of this database is running; its articles appear "
                        "when it ends\n");
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
    cli_dbs dbs = { { 0 }, 0 };
    int allow_partial = 0, sort_given = 0;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case O_DB: bad = cli_dbs_add(&dbs, optarg); break;
        case 'n': bad = cli_parse_uint("--limit", optarg, &c.so.limit) || (c.so.limit == 0 && (cli_error("--limit must be at least 1"), 1)); break;
        case O_OFFSET: bad = cli_parse_uint("--offset", optarg, &c.so.offset); break;
        case O_SORT:
            sort_given = 1;
            bad = cli_parse_sort(optarg, &c.so.sort);
            break;
        case O_SINCE: c.so.since = optarg; break;
        case O_UNTIL: c.so.until = optarg; break;
        case O_SNIPLEN: bad = cli_parse_uint("--snippet-length", optarg, &c.so.snippet_length); break;
        case O_FRAG: bad = cli_parse_uint("--fragments", optarg, &c.so.snippet_fragments); break;
        case O_HL: bad = cli_parse_highlight(optarg, &c.hl); break;
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
        default: return cli_usage_error(help);
        }
        if (bad)
            return NX_EXIT_USAGE;
    }
    char *query;
    nx_index *ix;
    /* No words: every article (within the dates), newest first unless
     * --sort says otherwise. */
    if (optind >= argc && !sort_given)
        c.so.sort = NX_SORT_DATE;
    c.width = c.json ? 0 : cli_wrap_width();
    c.no_score = optind >= argc;
    int rc = cli_query_and_index(argc, argv, optind, "search", help, &dbs, allow_partial, 1, &query, &ix);
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
        json_out_print(json_out_summary(query, r, ix, c.so.offset));
    } else {
        char shown[CLI_SHOW_BUF], sshown[CLI_SHOW_BUF];   /* the query made safe to echo */
        cli_display(query, CLI_SHOW_QUERY, shown, sizeof shown);
        unsigned long total = nx_results_total(r);
        if (n && !*query)
            printf("%s%lu article%s%s (showing %u-%zu)\n\n", nx_results_total_exact(r) ? "" : "about ", total,
                   total == 1 ? "" : "s", c.so.sort == NX_SORT_DATE ? ", newest first" : "", c.so.offset + 1,
                   c.so.offset + n);
        else if (n)
            printf("%s%lu match%s for '%s' (showing %u-%zu)\n\n", nx_results_total_exact(r) ? "" : "about ",
                   total, total == 1 ? "" : "es", shown, c.so.offset + 1, c.so.offset + n);
        else if (total)
            printf("No results for '%s' on this page (%lu match%s; try a smaller --offset).\n", shown, total,
                   total == 1 ? "" : "es");
        else if (!*query)
            printf("No articles%s.\n", c.so.since || c.so.until ? " in those dates" : "");
        else
            printf("No results for '%s'.\n", shown);
        if (sugg)
            printf("Did you mean: %s\n\n", cli_display(sugg, CLI_SHOW_QUERY, sshown, sizeof sshown));
    }
    if (!nx_results_total(r)) {
        date_note(ix, query, &c);
        build_note(ix);
    }
    for (size_t i = 0; i < n; i++) {
        const nx_hit *h = nx_results_hit(r, i);
        if (c.json)
            json_out_print(json_out_hit(h, partial, 0));
        else
            cli_print_hit_text(h, &c);
    }
    nx_results_free(r);
    nx_index_close(ix);
    free(query);
    return n ? NX_EXIT_OK : NX_EXIT_PARTIAL;
}

/*
 * cmd_similar.c — `newsidx similar ID [FILTER...]`: related stories, the
 * articles most like the one with that id (nx_similar), printed as search
 * prints its hits.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "json_out.h"

static const char help[] =
    "usage: newsidx similar [--db PATH]... [options] ID [FILTER...]\n"
    "\n"
    "Lists the stories most like the article with id ID: ranked by the words\n"
    "that best tell it apart and the names it mentions.  The article and its\n"
    "own copies are left out; other stories are shown once, with \"+N similar\".\n"
    "FILTER, if given, is a query the related articles must also match\n"
    "(topic:crude place:usa, or words, which restrict without ranking).\n"
    "\n"
    "options:\n"
    "  --db PATH              database (default $NEWSIDX_DB, else ./newsidx.db);\n"
    "                         several --db are searched as one database\n"
    "  -n, --limit N          results to show (default 10, at most 1000)\n"
    "  --offset N             skip the first N results (pagination)\n"
    "  --sort relevance|date  order (date: newest first)\n"
    "  --since DATE           only articles on or after DATE (YYYY[-MM[-DD]])\n"
    "  --until DATE           only articles on or before DATE\n"
    "  --all-versions         show every version of a story\n"
    "  --exact                weigh every match (an exact total)\n"
    "  --snippet-length N     snippet length in characters (default 200; 0: none)\n"
    "  --fragments N          at most N snippet fragments (default 2)\n"
    "  --highlight MODE       ansi, plain, html or none\n"
    "  --mark-open S, --mark-close S   plain highlight markers\n"
    "  --json                 JSON Lines: a summary (\"type\": \"summary\", its\n"
    "                         \"query\" the id), then one object per hit, as\n"
    "                         `newsidx search --json` prints them\n"
    "  --allow-partial        over shards: search those that answer\n"
    "  -h, --help             this text\n"
    "\n"
    "exit: 0 related stories found; 1 none, or no article has that id;\n"
    "      2 usage; 3 database unusable; 4 the filter could not be understood;\n"
    "      69 a shard is unavailable\n";

int cmd_similar(int argc, char **argv)
{
    enum { O_DB = 1000, O_OFFSET, O_SORT, O_SINCE, O_UNTIL, O_SNIPLEN, O_FRAG, O_HL, O_OPEN, O_CLOSE,
           O_JSON, O_PARTIAL, O_EXACT, O_ALL_VERSIONS };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },          { "limit", required_argument, 0, 'n' },
        { "offset", required_argument, 0, O_OFFSET },  { "sort", required_argument, 0, O_SORT },
        { "since", required_argument, 0, O_SINCE },    { "until", required_argument, 0, O_UNTIL },
        { "snippet-length", required_argument, 0, O_SNIPLEN },
        { "fragments", required_argument, 0, O_FRAG }, { "highlight", required_argument, 0, O_HL },
        { "mark-open", required_argument, 0, O_OPEN }, { "mark-close", required_argument, 0, O_CLOSE },
        { "json", no_argument, 0, O_JSON },            { "help", no_argument, 0, 'h' },
        { "allow-partial", no_argument, 0, O_PARTIAL }, { "exact", no_argument, 0, O_EXACT },
        { "all-versions", no_argument, 0, O_ALL_VERSIONS },
        { 0, 0, 0, 0 }
    };
    search_cli c;
    memset(&c, 0, sizeof c);
    nx_search_opts_init(&c.so);
    const char *nc = getenv("NO_COLOR");
    c.hl = isatty(STDOUT_FILENO) && !(nc && *nc) ? NX_HL_ANSI : NX_HL_PLAIN;
    cli_dbs dbs = { { 0 }, 0 };
    int allow_partial = 0, opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        int bad = 0;
        switch (opt) {
        case O_DB: bad = cli_dbs_add(&dbs, optarg); break;
        case 'n':
            bad = cli_parse_uint("--limit", optarg, &c.so.limit) ||
                  (c.so.limit == 0 && (cli_error("--limit must be at least 1"), 1));
            break;
        case O_OFFSET: bad = cli_parse_uint("--offset", optarg, &c.so.offset); break;
        case O_SORT: bad = cli_parse_sort(optarg, &c.so.sort); break;
        case O_SINCE: c.so.since = optarg; break;
        case O_UNTIL: c.so.until = optarg; break;
        case O_SNIPLEN: bad = cli_parse_uint("--snippet-length", optarg, &c.so.snippet_length); break;
        case O_FRAG: bad = cli_parse_uint("--fragments", optarg, &c.so.snippet_fragments); break;
        case O_HL: bad = cli_parse_highlight(optarg, &c.hl); break;
        case O_OPEN: c.open = optarg; break;
        case O_CLOSE: c.close = optarg; break;
        case O_JSON: c.json = 1; break;
        case O_EXACT: c.so.exact = 1; break;
        case O_ALL_VERSIONS: c.so.all_versions = 1; break;
        case O_PARTIAL: allow_partial = 1; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: return cli_usage_error(help);
        }
        if (bad)
            return NX_EXIT_USAGE;
    }
    if (optind >= argc || !*argv[optind]) {
        cli_error("similar needs the id of an article");
        return cli_usage_error(help);
    }
    c.width = c.json ? 0 : cli_wrap_width();
    /* The id as given, else (a file article's id is its absolute path) the
     * path of the file it names. */
    char *fid = cli_file_id(argv[optind]);
    const char *id = fid ? fid : argv[optind];
    char *filter = NULL;
    nx_index *ix = NULL;
    int rc = optind + 1 < argc
                 ? cli_query_and_index(argc, argv, optind + 1, "similar", help, &dbs, allow_partial, 1, &filter, &ix)
                 : NX_EXIT_OK;
    if (rc == NX_EXIT_OK && !ix && !(ix = cli_open_indexes(&dbs, allow_partial, &rc))) {
        free(fid);
        return rc;
    }
    if (rc != NX_EXIT_OK) {
        free(fid);
        return rc;
    }
    nx_results *r = NULL;
    nx_status st = nx_similar(ix, id, filter, &c.so, &r);
    if (st != NX_OK) {
        cli_error("%s", nx_index_errmsg(ix));
        nx_index_close(ix);
        free(filter);
        free(fid);
        /* An unknown id is a lookup that found nothing, not a broken database. */
        return st == NX_ERR_NOT_FOUND ? NX_EXIT_PARTIAL : cli_exit_for(st);
    }
    size_t n = nx_results_count(r);
    int partial = nx_results_partial(r);
    if (c.json) {
        json_out_print(json_out_summary(id, r, ix, c.so.offset));
    } else {
        char shown[CLI_SHOW_BUF];
        cli_display(id, CLI_SHOW_ID, shown, sizeof shown);
        if (partial)
            printf("Partial results: some shards are missing.\n\n");
        unsigned long total = nx_results_total(r);
        if (n)
            printf("%s%lu related article%s for '%s' (showing %u-%zu)\n\n", nx_results_total_exact(r) ? "" : "about ",
                   total, total == 1 ? "" : "s", shown, c.so.offset + 1, c.so.offset + n);
        else
            printf("No related articles for '%s'%s.\n", shown, total ? " on this page" : "");
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
    free(filter);
    free(fid);
    return n ? NX_EXIT_OK : NX_EXIT_PARTIAL;
}

/*
 * fuzz_search.c — a whole search and the names view, through the public
 * API only (nx_search, the hit accessors, nx_render_highlight, nx_names)
 * on the small database of fz_index.  The first two bytes pick the
 * options (order, exact, expansion, feedback, date bounds, snippet size,
 * page); the rest is the query.
 *
 * Checked: the status is NX_OK or NX_ERR_QUERY (with a message); every
 * hit's snippet is valid for its spans, every rendering succeeds; the
 * names facet is ordered by score with counts that fit.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

static void check_hit(const nx_hit *h)
{
    for (int f = NX_FIELD_ID; f <= NX_FIELD_PATH; f++)
        if (nx_hit_field(h, (nx_field)f))
            (void)strlen(nx_hit_field(h, (nx_field)f));
    for (int l = NX_LIST_TAGS; l <= NX_LIST_NAMES; l++) {
        const char *const *items = NULL;
        size_t n = nx_hit_list(h, (nx_list)l, &items);
        for (size_t i = 0; i < n; i++)
            (void)strlen(items[i]);
    }
    const nx_span *sp = NULL;
    size_t nsp = 0;
    const char *snip = nx_hit_snippet(h, &sp, &nsp);
    size_t len = strlen(snip);
    for (size_t i = 0; i < nsp; i++)
        if (sp[i].start >= sp[i].end || sp[i].end > len || (i && sp[i].start < sp[i - 1].end))
            fz_fail("span %zu [%zu,%zu) in a snippet of %zu bytes", i, sp[i].start, sp[i].end, len);
    for (int how = NX_HL_NONE; how <= NX_HL_HTML; how++) {
        char *out = NULL;
        if (nx_render_highlight(snip, sp, nsp, (nx_highlight)how, NULL, NULL, &out) != NX_OK || !out)
            fz_fail("rendering a snippet failed");
        nx_free(out);
    }
}

static void check_names(nx_index *ix, const char *q, unsigned limit)
{
    nx_name_facet *f = NULL;
    nx_status st = nx_names(ix, q, limit, 50, &f);
    if (st == NX_OK) {
        size_t n = nx_name_facet_count(f);
        if (n > limit || nx_name_facet_sampled(f) > 50)
            fz_fail("a names facet of %zu for a limit of %u", n, limit);
        for (size_t i = 0; i < n; i++) {
            if (!nx_name_facet_name(f, i) || nx_name_facet_docs(f, i) > nx_name_facet_total(f, i) ||
                (i && nx_name_facet_score(f, i) > nx_name_facet_score(f, i - 1)))
                fz_fail("name %zu of the facet is inconsistent", i);
        }
        if (nx_name_facet_name(f, n))
            fz_fail("a name past the end of the facet");
    } else if (st != NX_ERR_QUERY || !*nx_index_errmsg(ix)) {
        fz_fail("nx_names returned %s: %s", nx_status_name(st), nx_index_errmsg(ix));
    }
    nx_name_facet_free(f);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    nx_index *ix = fz_index();
    unsigned a = data[0], b = data[1];
    char *q = fz_strndup(data + 2, size - 2, 0);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.sort = a & 1 ? NX_SORT_DATE : NX_SORT_RELEVANCE;
    o.exact = !!(a & 2);
    o.expand = !!(a & 4);
    o.feedback = !!(a & 8);
    if (a & 16) {
        o.since = "2021-03-01";
        o.until = a & 32 ? "2024-12-31" : NULL;
    }
    o.snippet_length = (a >> 6) * 90;
    o.snippet_fragments = b & 7;
    o.offset = (b >> 3) & 7;
    o.limit = 1 + (b >> 6) * 4;
    nx_results *r = NULL;
    nx_status st = nx_search(ix, q, &o, &r);
    if (st == NX_OK) {
        fz_check_page(r, &o);
        for (size_t i = 0; i < nx_results_count(r); i++)
            check_hit(nx_results_hit(r, i));
        const char *sugg = nx_results_suggestion(r);
        if (sugg)
            (void)strlen(sugg);
    } else if (st != NX_ERR_QUERY || !*nx_index_errmsg(ix)) {
        fz_fail("nx_search returned %s: %s", nx_status_name(st), nx_index_errmsg(ix));
    }
    nx_results_free(r);
    check_names(ix, q, 1 + (b & 15));
    free(q);
    return 0;
}

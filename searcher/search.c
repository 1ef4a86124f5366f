/*
 * search.c — nx_search: read the query, choose the shards its dates can
 * touch, compile, filter, rank, count, fetch, snippet.
 *
 * A reader that sees the database change under it (a writer committed)
 * reopens and runs the whole search again, so searches running during an
 * index never fail for that reason.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"
#include "lib/stored.h"
#include "lib/terms.h"
#include "searcher/feedback.h"
#include "searcher/index_internal.h"
#include "searcher/query.h"
#include "searcher/results.h"
#include "searcher/snippet.h"
#include "searcher/versions.h"
#include "searcher/weighting.h"

#define NX_DEFAULT_LIMIT 10
#define NX_MAX_LIMIT 10000
#define NX_DEFAULT_SNIPPET 200
#define NX_DEFAULT_FRAGMENTS 2
/* Below this many matches, look for a spelling suggestion. */
#define NX_SUGGEST_BELOW 3

void nx_search_opts_init(nx_search_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = NX_DEFAULT_LIMIT;
    o->snippet_length = NX_DEFAULT_SNIPPET;
    o->snippet_fragments = NX_DEFAULT_FRAGMENTS;
}

/* Idf of each unit, so the snippet prefers rare terms over common ones. */
static void weigh_units(nx_index *ix, nx_parsed_query *pq)
{
    unsigned long n = 0;
    if (xc_db_get_doccount(ix->db, &n) != XC_OK || n == 0)
        return;
    char term[NX_TERM_BUF];
    for (size_t u = 0; u < pq->nunits; u++) {
        nx_match_unit *mu = &pq->units[u];
        double sum = 0;
        if (mu->prefix)   /* a wildcard's expansions are not known here */
            continue;
        for (size_t k = 0; k < mu->n; k++) {
            unsigned long tf = 0;
            if (nx_term_join(mu->exact ? NX_PFX_NAME : "", mu->keys[k], strlen(mu->keys[k]), term,
                             sizeof term))
                xc_db_get_termfreq(ix->db, term, &tf);
            sum += log((n + 1.0) / (tf + 0.5));
        }
        double w = mu->n ? sum / mu->n : 1.0;
        /* Phrases and names count a little more than their parts. */
        if (mu->n > 1)
            w *= 1.0 + 0.25 * (double)(mu->n - 1);
        mu->weight = w > 0.1 ? w : 0.1;
    }
}

/* Rebuilds the query with each plain word replaced by its suggestion. */
static char *suggest(nx_index *ix, const char *query, const nx_parsed_query *pq)
{
    if (!pq->nwords)
        return NULL;
    size_t qlen = strlen(query), cap = qlen + 1, len = 0, at = 0;
    char *out = malloc(cap);
    int changed = 0;
    if (!out)
        return NULL;
    for (size_t i = 0; i < pq->nwords; i++) {
        const nx_query_word *w = &pq->words[i];
        char *s = NULL;
        /* A word the index knows is not misspelt, however close a more
         * frequent neighbour may be. */
        size_t stem_len = 0;
        const char *stem = nx_stem(ix->st, w->norm, strlen(w->norm), &stem_len);
        int known = 0;
        if (stem)
            xc_db_term_exists(ix->db, stem, &known);
        /* Nor is "defense" in an index that spells it "defence". */
        const char *other = stem && !known ? nx_variant_of(ix->variants, stem, stem_len) : NULL;
        if (other)
            xc_db_term_exists(ix->db, other, &known);
        if (known || w->start < at || w->end > qlen ||
            xc_db_get_spelling_suggestion(ix->db, w->norm, 2, &s) != XC_OK || !s || !*s ||
            strcmp(s, w->norm) == 0) {
            xc_free(s);
            continue;
        }
        /* Keep the user's capital: "Starmr" suggests "Starmer". */
        if (query[w->start] >= 'A' && query[w->start] <= 'Z' && s[0] >= 'a' && s[0] <= 'z')
            s[0] = (char)(s[0] - 'a' + 'A');
        size_t slen = strlen(s), need = len + (w->start - at) + slen + (qlen - w->end) + 1;
        if (need > cap) {
            char *p = realloc(out, need);
            if (!p) {
                xc_free(s);
                break;
            }
            out = p;
            cap = need;
        }
        memcpy(out + len, query + at, w->start - at);
        len += w->start - at;
        memcpy(out + len, s, slen);
        len += slen;
        at = w->end;
        changed = 1;
        xc_free(s);
    }
    if (!changed) {
        free(out);
        return NULL;
    }
    if (len + (qlen - at) + 1 > cap) {
        char *p = realloc(out, len + (qlen - at) + 1);
        if (!p) {
            free(out);
            return NULL;
        }
        out = p;
    }
    memcpy(out + len, query + at, qlen - at);
    out[len + qlen - at] = '\0';
    return out;
}

/* The --since/--until filter (index_internal.h); names_facet.c uses it too. */
nx_status nx_index_date_filter(nx_index *ix, const char *since, const char *until, xc_query **q)
{
    if (!since && !until)
        return NX_OK;
    char lo[NX_DATE_STAMP], hi[NX_DATE_STAMP], tmp[NX_DATE_STAMP];
    const char *plo = NULL, *phi = NULL;
    if (since) {
        if (!nx_date_bounds(since, strlen(since), lo, tmp)) {
            nx_seterr(ix->err, "since: '%s' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", since);
            return NX_ERR_INVALID;
        }
        plo = lo;
    }
    if (until) {
        if (!nx_date_bounds(until, strlen(until), tmp, hi)) {
            nx_seterr(ix->err, "until: '%s' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", until);
            return NX_ERR_INVALID;
        }
        phi = hi;
    }
    xc_query *range = NULL, *both = NULL;
    if (xc_query_value_range(NX_SLOT_DATE, plo, phi, &range) != XC_OK) {
        nx_seterr(ix->err, "date filter: %s", xc_errmsg());
        return NX_ERR_BACKEND;
    }
    xc_query *pair[2] = { *q, range };
    xc_status xs = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &both);
    xc_query_free(range);
    if (xs != XC_OK) {
        nx_seterr(ix->err, "date filter: %s", xc_errmsg());
        return nx_status_from_xc(xs);
    }
    xc_query_free(*q);
    *q = both;
    return NX_OK;
}

static nx_status run_enquire(nx_index *ix, const xc_query *q, const nx_search_opts *o, xc_mset **mset)
{
    xc_enquire *e = NULL;
    xc_status xs = xc_enquire_new(ix->db, &e);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(e, q, 0);
    if (xs == XC_OK)
        xs = nx_rank_weighting(e);   /* BM25 as newsidx ranks (weighting.c) */
    if (xs == XC_OK && o->sort == NX_SORT_DATE)
        xs = xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, NX_SLOT_DATE, 1);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(e, o->offset, o->limit, nx_check_at_least(o->exact), mset);
    xc_enquire_free(e);
    if (xs == XC_OK)
        return NX_OK;
    if (xs == XC_ERR_WILDCARD)
        nx_seterr(ix->err, "a wildcard matches more than %d terms; make it longer", NX_WILDCARD_LIMIT);
    else if (xs != XC_ERR_DATABASE_MODIFIED)
        nx_seterr(ix->err, "%s: search failed: %s", ix->path, xc_errmsg());
    return xs == XC_ERR_DATABASE_MODIFIED ? NX_ERR_MODIFIED : nx_status_from_xc(xs);
}

/* A query name of one word ("Starmer") marks the article's full name
 * that ends or starts with it ("Keir Starmer") as one unit: the names the
 * article was found to hold are in its record.  The units are pq's, then
 * these (borrowing the record's keys); returns how many. */
#define NX_HIT_UNITS_MAX 64
static size_t hit_units(const nx_parsed_query *pq, const nx_stored *rec, nx_match_unit *out)
{
    size_t n = 0;
    if (pq->nunits > NX_HIT_UNITS_MAX / 2)
        return pq->nunits;
    for (size_t u = 0; u < pq->nunits; u++)
        out[n++] = pq->units[u];
    for (size_t u = 0; u < pq->nunits && n < NX_HIT_UNITS_MAX; u++) {
        const nx_match_unit *mu = &pq->units[u];
        if (!mu->exact || mu->n != 1)
            continue;
        size_t wl = strlen(mu->keys[0]);
        for (size_t k = 0; k < rec->nlist[NX_LIST_NAMES] && n < NX_HIT_UNITS_MAX; k++) {
            const char *key = nx_stored_name_key(rec, k);
            size_t kl = key ? strlen(key) : 0;
            if (kl <= wl + 1)
                continue;
            int last = key[kl - wl - 1] == ' ' && !memcmp(key + kl - wl, mu->keys[0], wl);
            int first = key[wl] == ' ' && !memcmp(key, mu->keys[0], wl);
            if (!last && !first)
                continue;
            out[n] = *mu;
            /* one "keir starmer" key: the snippet splits it into words */
            out[n].keys = (char **)&rec->name_keys[k];
            n++;
        }
    }
    return n;
}

static nx_status fill_hit(nx_index *ix, xc_mset *m, size_t i, nx_hit *h, const nx_parsed_query *pq,
                          const nx_search_opts *o)
{
    xc_hit xh;
    char *data;
    size_t dlen;
    xc_status xs = xc_mset_get(m, i, &xh);
    if (xs != XC_OK) {
        nx_seterr(ix->err, "%s: cannot read a result: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    nx_status st = nx_index_fetch_data(ix, m, i, "a result", &data, &dlen);
    if (st != NX_OK)
        return st;
    h->rank = xh.rank + 1;
    h->score = xh.weight;
    h->percent = xh.percent;
    if ((st = nx_hit_from_record(ix, xh.docid, data, dlen, h)) != NX_OK)
        return st;
    if (nx_snippet_title_spans(ix->sn, h->stored.field[NX_FIELD_TITLE], pq->units, pq->nunits,
                               &h->title_spans, &h->ntitle_spans) != NX_OK) {
        nx_seterr(ix->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    if (o->snippet_length) {
        const char *body = h->stored.field[NX_FIELD_BODY];
        nx_match_unit units[NX_HIT_UNITS_MAX];
        size_t nunits = hit_units(pq, &h->stored, units);
        st = nx_snippet_make(ix->sn, h->stored.field[NX_FIELD_TITLE], body ? body : "",
                             body ? strlen(body) : 0, nunits > pq->nunits ? units : pq->units, nunits,
                             o->snippet_length, o->snippet_fragments ? o->snippet_fragments : 1, &h->snip);
        if (st != NX_OK) {
            nx_seterr(ix->err, "cannot make a snippet for '%s'", h->id);
            return st;
        }
    }
    return NX_OK;
}

/* A blank query (no tree) matches every article: the newest stories,
 * with NX_SORT_DATE and the date filter. */
static nx_status compile_or_all(nx_index *ix, const nx_qtree *tree, nx_parsed_query *pq)
{
    if (tree)
        return nx_index_compile(ix, tree, pq);
    memset(pq, 0, sizeof *pq);
    if (xc_query_match_all(&pq->query) == XC_OK)
        return NX_OK;
    nx_seterr(ix->err, "cannot build a query: %s", xc_errmsg());
    return NX_ERR_BACKEND;
}

/* issue 22: the hit's rank among the stories, and the score and percent of
 * item i of m (it may be filled from another version of its story,
 * versions.h). */
static nx_status fill_rank(nx_index *ix, const xc_mset *m, size_t i, unsigned rank, nx_hit *h)
{
    xc_hit xh;
    xc_status xs = xc_mset_get(m, i, &xh);
    if (xs != XC_OK) {
        nx_seterr(ix->err, "%s: cannot read a result: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    h->rank = rank;
    h->score = xh.weight;
    h->percent = xh.percent;
    return NX_OK;
}

static nx_status search_once(nx_index *ix, const char *query, const nx_qtree *tree,
                             const nx_search_opts *o, nx_results **out)
{
    nx_parsed_query pq;
    nx_status st = compile_or_all(ix, tree, &pq);
    if (st != NX_OK)
        return st;
    nx_results *r = calloc(1, sizeof *r);
    xc_mset *m = NULL;
    nx_vpage page = { NULL, 0 };   /* issue 22 */
    if (!r) {
        st = NX_ERR_NOMEM;
        goto done;
    }
    if ((st = nx_index_date_filter(ix, o->since, o->until, &pq.query)) != NX_OK)
        goto done;
    /* Feedback learns from the best matches by relevance (within the dates
     * asked for): with results in date order there is nothing to re-rank,
     * and a query of filters alone has no best matches. */
    /* Re-ranking when asked for (--feedback; feedback.c says why not by default). */
    if (o->sort == NX_SORT_RELEVANCE && pq.nunits && (o->expand || nx_feedback_wanted(ix, &pq, o->feedback))) {
        xc_query *ex = o->expand ? nx_feedback_expand(ix, &pq, o->exact) : nx_feedback_rerank(ix, &pq, o->exact);
        /* Expansion ORs words in: they must not reach outside the dates. */
        if (ex && o->expand && nx_index_date_filter(ix, o->since, o->until, &ex) != NX_OK) {
            xc_query_free(ex);
            ex = NULL;
        }
        if (ex) {
            xc_query_free(pq.query);
            pq.query = ex;
        }
    }
    /* issue 22: the page counts stories, each shown once (versions.h) */
    if ((st = nx_versions_page(ix, pq.query, o, run_enquire, &m, &page)) != NX_OK)
        goto done;
    weigh_units(ix, &pq);
    size_t n = page.n;
    /* Up to NX_COUNT_BOUND matches Xapian has weighed them all, so the
     * bounds meet and the total is exact; past it they differ. */
    r->total = xc_mset_matches_estimated(m);
    r->total_exact = xc_mset_matches_lower_bound(m) == xc_mset_matches_upper_bound(m);
    if (n && !(r->hits = calloc(n, sizeof *r->hits))) {
        st = NX_ERR_NOMEM;
        goto done;
    }
    for (size_t j = 0; j < n; j++) {
        r->n = j + 1;
        /* issue 22: which version of the story to show, and the others */
        size_t i = page.idx[j], si = i;
        xc_mset *sm = m;
        if (!o->all_versions &&
            (st = nx_versions_find(ix, m, i, pq.query, o->sort == NX_SORT_DATE, &r->hits[j].versions, &sm,
                                   &si)) != NX_OK)
            goto done;
        if ((st = fill_hit(ix, sm, si, &r->hits[j], &pq, o)) != NX_OK ||
            (st = fill_rank(ix, m, i, o->offset + (unsigned)j + 1, &r->hits[j])) != NX_OK)
            goto done;
    }
    if (r->total < NX_SUGGEST_BELOW && o->offset == 0)
        r->suggestion = suggest(ix, query, &pq);
    if ((st = nx_results_note_shards(ix, r)) != NX_OK)
        goto done;
done:
    nx_vpage_clear(&page);   /* issue 22 */
    xc_mset_free(m);
    nx_parsed_query_free(&pq);
    if (st != NX_OK) {
        nx_results_free(r);
        if (st == NX_ERR_NOMEM && !*ix->err)
            nx_seterr(ix->err, "out of memory");
        return st;
    }
    *out = r;
    return NX_OK;
}

nx_status nx_search(nx_index *ix, const char *query, const nx_search_opts *opts, nx_results **out)
{
    if (!ix)
        return NX_ERR_INVALID;
    ix->err[0] = '\0';
    if (!query || !out) {
        nx_seterr(ix->err, "nx_search: query and out are required");
        return NX_ERR_INVALID;
    }
    *out = NULL;
    nx_search_opts o;
    if (opts)
        o = *opts;
    else
        nx_search_opts_init(&o);
    if (o.limit == 0)
        o.limit = NX_DEFAULT_LIMIT;
    if (o.limit > NX_MAX_LIMIT) {
        nx_seterr(ix->err, "limit %u is too large (at most %d)", o.limit, NX_MAX_LIMIT);
        return NX_ERR_INVALID;
    }
    nx_qtree *tree = NULL;
    nx_status st = query[strspn(query, " \t\n\r\f\v")] ? nx_index_read_query(ix, query, &tree) : NX_OK;
    if (st == NX_OK)
        st = nx_index_prepare(ix, tree, o.since, o.until);   /* shards the dates can touch */
    for (int attempt = 0; st == NX_OK; attempt++) {
        st = search_once(ix, query, tree, &o, out);
        if (st == NX_OK) {
            (*out)->partial = ix->nmissing > 0;
            break;
        }
        if (!nx_index_should_retry(ix, st, attempt))
            break;
        st = NX_OK;
    }
    nx_qtree_free(tree);
    return st;
}

/*
 * feedback.c — pseudo-relevance feedback: the best matches of a query are
 * taken as relevant, and the words they share are added to it.
 *
 * All figures below are from bench/relevance (Reuters topic queries,
 * tuning half only; the held-out half and TIME are reported in
 * bench/RESULTS.md, never chosen on).
 *
 * The weighting of every ranked search is weighting.c's.
 *
 * Re-ranking, --feedback (nx_feedback_wanted, nx_feedback_rerank).  It
 * does not use Xapian's ESet, which looks up the frequency of every word of
 * every sampled article.  Instead it
 *   - takes the best NX_RERANK_DOCS matches of the query as it was typed
 *     (and those tied with the last: sample_size);
 *   - reads their words and wdf in one call each (xc_db_doc_words, no
 *     frequencies) and merges the lists, which Xapian keeps sorted;
 *   - looks up the frequency of only the words at least NX_RERANK_MIN_DOCS
 *     of them share, leaving out numbers, function words
 *     (analysis/stopwords.h) and the query's own words;
 *   - scores each such word as
 *         sum over the sampled articles of 2 wdf / (wdf + doclen / avglen)
 *       x log((r + .5)(N - n - R + r + .5) / ((n - r + .5)(R - r + .5)))
 *     (a BM25-style saturated frequency times the Robertson/Sparck Jones
 *     relevance weight: r of the R sampled articles contain it, n of all N);
 *   - adds the best NX_RERANK_TERMS with AND_MAYBE (the binding's safe form),
 *     at up to NX_RERANK_WEIGHT of a query word.
 * AND_MAYBE orders the query's matches and never adds one, so the set of
 * matches, the total, "did you mean" and what -word and +word mean are the
 * query's own.  Ten articles and words in four of them measured x1.095 of
 * the Xapian pipeline (with b = 0.2; three articles and words in all
 * three, the former --feedback: x1.061 with b = 0.5); 5 / 15 articles:
 * x1.07 / x1.09; words in 3 / 5 of ten: x1.08 / x1.08; 7 or 10 words,
 * weights 0.25-0.4: within 0.005.
 *
 * Its cost grows with the matches: the re-ranked search weighs every match
 * (the FILTER side of the safe AND_MAYBE moves match by match) and the
 * feedback words' long posting lists, after a first search for the sample
 * and a read of each sampled article's words.  Measured with bench/compare.sh
 * on Reuters (2026-12-03, one run beside the Xapian pipeline), re-ranking
 * every query by default took search + snippets p50 from x0.42 to x1.20 of
 * Xapian's MSet::snippet pipeline, past the x0.5 that issue 22 allows the
 * default.  So it is an option (nx_search_opts.feedback > 0, --feedback),
 * not the default, until it costs less.
 *
 * Expansion (--expand) uses Xapian's ESet over ten articles and ORs ten
 * words in: better for topic searches, and it finds articles with none of
 * the query's words, so it is an option, not the default.
 */
#include "searcher/feedback.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stopwords.h"
#include "lib/schema.h"
#include "lib/terms.h"
#include "searcher/versions.h"
#include "searcher/weighting.h"

#define NX_RERANK_DOCS 10
#define NX_RERANK_MIN_DOCS 4
#define NX_RERANK_SAMPLE_MAX 20   /* with the matches tied with the last one */
#define NX_RERANK_TERMS 5
#define NX_RERANK_WEIGHT 0.3

#define NX_EXPAND_DOCS 10
#define NX_EXPAND_TERMS 10
#define NX_EXPAND_WEIGHT 0.3

#define NX_FEEDBACK_MAX_TERMS 10  /* the larger of the two term counts */

static int is_query_key(const nx_parsed_query *pq, const char *term, size_t len)
{
    for (size_t u = 0; u < pq->nunits; u++)
        for (size_t k = 0; pq->units[u].keys && k < pq->units[u].n; k++) {
            const char *key = pq->units[u].keys[k];
            if (key && key[0] == term[0] && !strncmp(key, term, len) && !key[len])
                return 1;
        }
    return 0;
}

/* The best (up to) want matches of pq, by relevance, with their weights
 * (wt may be NULL); returns how many. */
static size_t best_matches(nx_index *ix, const nx_parsed_query *pq, int exact, size_t want,
                           xc_docid *ids, double *wt, xc_enquire **keep)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    size_t n = 0;
    /* Copies of one story (versions.h) are one piece of evidence, not
     * several: the best of each is kept, so a few more are read. */
    char (*keys)[NX_VERSIONS_KEY] = calloc(want, sizeof *keys);
    if (keys && xc_enquire_new(ix->db, &e) == XC_OK && xc_enquire_set_query(e, pq->query, 0) == XC_OK &&
        nx_rank_weighting(e) == XC_OK &&
        xc_enquire_get_mset(e, 0, (unsigned)(want + want / 2), nx_check_at_least(exact), &m) == XC_OK) {
        for (size_t i = 0; i < xc_mset_size(m) && n < want; i++) {
            xc_hit h;
            if (xc_mset_get(m, i, &h) != XC_OK || nx_versions_key(ix, m, i, keys[n]) != NX_OK)
                continue;
            int copy = 0;
            for (size_t k = 0; keys[n][0] && k < n && !copy; k++)
                copy = !strcmp(keys[k], keys[n]);
            if (copy)
                continue;
            if (wt)
                wt[n] = h.weight;
            ids[n++] = h.docid;
        }
    }
    free(keys);
    xc_mset_free(m);
    if (keep)
        *keep = e;
    else
        xc_enquire_free(e);
    return n;
}

/* query OP (w1 t1 OR ... OR wn tn), where wi = top * weight[i] / maxw. */
static xc_query *add_terms(const xc_query *q, xc_query_op op, const char *const *terms,
                           const double *weight, size_t n, double top, double maxw)
{
    xc_query *subs[NX_FEEDBACK_MAX_TERMS];
    xc_query *ex = NULL, *out = NULL;
    size_t ns = 0;
    if (maxw <= 0)
        maxw = 1;
    for (size_t i = 0; i < n && ns < NX_FEEDBACK_MAX_TERMS; i++) {
        xc_query *t = NULL, *sc = NULL;
        if (xc_query_term(terms[i], strlen(terms[i]), 1, 0, &t) != XC_OK)
            continue;
        if (xc_query_scale(t, top * weight[i] / maxw, &sc) == XC_OK)
            subs[ns++] = sc;
        xc_query_free(t);
    }
    if (ns && xc_query_combine(XC_OP_OR, subs, ns, 0, &ex) == XC_OK) {
        xc_query *pair[2] = { (xc_query *)q, ex };
        xc_status st = xc_query_combine(op, pair, 2, 0, &out);   /* AND_MAYBE: the safe form */
        if (st != XC_OK)
            out = NULL;
        xc_query_free(ex);
    }
    for (size_t i = 0; i < ns; i++)
        xc_query_free(subs[i]);
    return out;
}

/* ------------------------------------------------------------ re-ranking */

/* One sampled article's candidate words: unprefixed, not numbers, not
 * function words, not the query's own; in term-list (byte) order. */
typedef struct fb_list {
    xc_term_info *all;      /* its words, one block (xc_db_doc_words) */
    size_t *keep;           /* indexes of the candidates in all[] */
    size_t n, at;
    double doclen;
} fb_list;

static void fb_list_clear(fb_list *l)
{
    xc_free(l->all);
    free(l->keep);
    memset(l, 0, sizeof *l);
}

static const xc_term_info *fb_head(const fb_list *l)
{
    return l->at < l->n ? &l->all[l->keep[l->at]] : NULL;
}

static int candidate(nx_index *ix, const nx_parsed_query *pq, const char *t, size_t len)
{
    unsigned char c = (unsigned char)t[0];
    if (!len || (c >= '0' && c <= '9'))
        return 0;   /* numbers do not say what a story is about */
    return !nx_is_stopword(ix->stopwords, t, len) && !is_query_key(pq, t, len);
}

static int read_list(nx_index *ix, const nx_parsed_query *pq, xc_docid id, fb_list *l)
{
    size_t n = 0;
    unsigned long long doclen = 0;
    if (xc_db_doc_words(ix->db, id, nx_term_is_word, NULL, &l->all, &n, &doclen) != XC_OK)
        return -1;
    l->doclen = (double)doclen;
    if (n && !(l->keep = malloc(n * sizeof *l->keep)))
        return -1;
    for (size_t i = 0; i < n; i++)
        if (l->all[i].wdf && candidate(ix, pq, l->all[i].term, l->all[i].len))
            l->keep[l->n++] = i;
    return 0;
}

/* The best NX_RERANK_TERMS (term, weight) pairs so far, best first.  The
 * terms are borrowed from the lists. */
typedef struct fb_best {
    const char *term[NX_RERANK_TERMS];
    double wt[NX_RERANK_TERMS];
    size_t n;
} fb_best;

static void best_offer(fb_best *b, const char *term, double wt)
{
    size_t at;
    if (b->n < NX_RERANK_TERMS)
        at = b->n++;
    else if (wt > b->wt[NX_RERANK_TERMS - 1])
        at = NX_RERANK_TERMS - 1;   /* the worst one goes */
    else
        return;
    while (at > 0 && b->wt[at - 1] < wt) {
        b->term[at] = b->term[at - 1];
        b->wt[at] = b->wt[at - 1];
        at--;
    }
    b->term[at] = term;
    b->wt[at] = wt;
}

/* The sum of v[0..n) added smallest first.  The sampled articles come in
 * rank order, and tied ones in docid order, which differs between one
 * database and its shards; summed in that order, two words with the same
 * parts in different articles could differ in the last bit, and which of
 * them is added would depend on the docids. */
static double sum_sorted(double *v, size_t n)
{
    for (size_t i = 1; i < n; i++)
        for (size_t j = i; j > 0 && v[j] < v[j - 1]; j--) {
            double x = v[j];
            v[j] = v[j - 1];
            v[j - 1] = x;
        }
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return s;
}

static int same_weight(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* How many of the best matches (weights wt[0..got)) to learn from: the
 * first NX_RERANK_DOCS and any tied with the last of them.  Xapian breaks
 * ties by document id, and ids differ between one database and shards of
 * the same articles: a sample cut inside a tie would make their rankings
 * differ.  A tie running past NX_RERANK_SAMPLE_MAX is left out whole. */
static size_t sample_size(const double *wt, size_t got)
{
    size_t R = got < NX_RERANK_DOCS ? got : NX_RERANK_DOCS;
    if (R == 0 || R == got)
        return R;
    double last = wt[R - 1];
    while (R < got && same_weight(wt[R], last))
        R++;
    if (R == NX_RERANK_SAMPLE_MAX && R == got && same_weight(wt[R - 1], last))
        while (R > 0 && same_weight(wt[R - 1], last))
            R--;
    return R;
}

int nx_feedback_wanted(nx_index *ix, const nx_parsed_query *pq, int feedback)
{
    (void)ix;
    return feedback > 0 && pq->nunits;
}

xc_query *nx_feedback_rerank(nx_index *ix, const nx_parsed_query *pq, int exact)
{
    xc_docid ids[NX_RERANK_SAMPLE_MAX];
    double wt[NX_RERANK_SAMPLE_MAX];
    fb_list lists[NX_RERANK_SAMPLE_MAX];
    fb_best best = { { NULL }, { 0 }, 0 };
    xc_query *out = NULL;
    unsigned long N = 0;
    double avglen = 0;

    memset(lists, 0, sizeof lists);
    if (!ix->stopwords && nx_stopwords_new(ix->st, &ix->stopwords) != NX_OK)
        return NULL;
    size_t R = sample_size(wt, best_matches(ix, pq, exact, NX_RERANK_SAMPLE_MAX, ids, wt, NULL));
    /* Words in NX_RERANK_MIN_DOCS of the sample, or in all of a smaller one;
     * one article alone says too little. */
    double min_docs = R < NX_RERANK_MIN_DOCS ? (double)R : NX_RERANK_MIN_DOCS;
    if (R < 2 || xc_db_get_doccount(ix->db, &N) != XC_OK ||
        xc_db_get_avlength(ix->db, &avglen) != XC_OK || avglen <= 0)
        goto done;
    for (size_t d = 0; d < R; d++)
        if (read_list(ix, pq, ids[d], &lists[d]) != 0)
            goto done;
    /* A merge of the sorted lists: each distinct word once, with the lists
     * holding it. */
    for (;;) {
        const xc_term_info *t = NULL;
        for (size_t d = 0; d < R; d++) {
            const xc_term_info *h = fb_head(&lists[d]);
            if (h && (!t || strcmp(h->term, t->term) < 0))
                t = h;
        }
        if (!t)
            break;
        int has[NX_RERANK_SAMPLE_MAX];
        double part[NX_RERANK_SAMPLE_MAX];
        size_t np = 0;
        for (size_t d = 0; d < R; d++) {
            const xc_term_info *h = fb_head(&lists[d]);
            has[d] = h && h->len == t->len && !memcmp(h->term, t->term, t->len);
            if (has[d])
                part[np++] = 2.0 * h->wdf / (h->wdf + lists[d].doclen / avglen);
        }
        double r = (double)np, tf = sum_sorted(part, np);
        unsigned long n = 0;
        if (r >= min_docs && xc_db_get_termfreq(ix->db, t->term, &n) == XC_OK && n >= r) {
            double num = (r + 0.5) * ((double)N - (double)n - (double)R + r + 0.5);
            double den = ((double)n - r + 0.5) * ((double)R - r + 0.5);
            if (num > den)
                best_offer(&best, t->term, tf * log(num / den));
        }
        for (size_t d = 0; d < R; d++)
            lists[d].at += has[d];
    }
    if (best.n)
        out = add_terms(pq->query, XC_OP_AND_MAYBE, best.term, best.wt, best.n, NX_RERANK_WEIGHT,
                        best.wt[0]);
done:
    for (size_t d = 0; d < NX_RERANK_SAMPLE_MAX; d++)
        fb_list_clear(&lists[d]);
    return out;
}

/* ------------------------------------------------------------- expansion */

xc_query *nx_feedback_expand(nx_index *ix, const nx_parsed_query *pq, int exact)
{
    xc_enquire *e = NULL;
    xc_eterm *et = NULL;
    size_t net = 0;
    xc_query *out = NULL;
    xc_docid ids[NX_EXPAND_DOCS];
    size_t n = best_matches(ix, pq, exact, NX_EXPAND_DOCS, ids, NULL, &e);
    /* Too few matches to say what the query is about. */
    if (n >= 3 &&
        /* Ask for a few more than needed: query words themselves come back. */
        xc_enquire_get_eset(e, ids, n, NX_EXPAND_TERMS + 8, nx_term_is_word, NULL, &et, &net) == XC_OK && net) {
        const char *terms[NX_EXPAND_TERMS];
        double wt[NX_EXPAND_TERMS];
        size_t k = 0;
        for (size_t i = 0; i < net && k < NX_EXPAND_TERMS; i++) {
            if (is_query_key(pq, et[i].term, strlen(et[i].term)))
                continue;
            terms[k] = et[i].term;
            wt[k++] = et[i].weight;
        }
        /* Scaled by the best word of all, query words included. */
        out = add_terms(pq->query, XC_OP_OR, terms, wt, k, NX_EXPAND_WEIGHT, et[0].weight);
    }
    xc_eterms_free(et, net);
    xc_enquire_free(e);
    return out;
}

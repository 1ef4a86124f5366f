/*
 * similar.c — nx_similar: related stories, the articles most like a given
 * one.
 *
 * The article is the relevant set of Xapian's relevance feedback: its
 * ESet gives the words that best tell it apart from the archive (their
 * Robertson/Sparck Jones weight over it), and the names it mentions (its
 * stored record, as the indexer found them) are added as whole-name terms
 * (XN).  The related articles are those the weighted OR of these terms
 * ranks first (BM25, as searches rank), less the article's own copy group
 * (itself, its repeats and corrections are not related stories but the
 * same one), each other story shown once (versions.h), within the filters
 * asked for.
 *
 * Measured on Reuters by the topic labels, which this never reads: of
 * the ten related articles of a labelled story, about 0.6 carry one of its
 * labels (60 stories, tests/unit/test_versions.c; 0.61 on three files in
 * tests/e2e/similar_reuters.sh).  The word and name counts below were
 * left as the relevance branch chose them; they were not tuned here.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stopwords.h"
#include "lib/schema.h"
#include "lib/terms.h"
#include "searcher/feedback.h"
#include "searcher/index_internal.h"
#include "searcher/query_tree.h"
#include "searcher/results.h"
#include "searcher/versions.h"
#include "searcher/weighting.h"

/* Words of the ESet kept, and how many it is asked for (numbers and
 * function words come back too and are dropped). */
#define NX_SIMILAR_WORDS 20
#define NX_SIMILAR_ESET 80
/* Names of the article added, each at this share of its best word. */
#define NX_SIMILAR_NAMES 10
#define NX_SIMILAR_NAME_WEIGHT 0.5
#define NX_SIMILAR_MAX_LIMIT 1000

typedef struct similar_q {
    xc_query *query;                  /* the related-article query, filters included */
    nx_match_unit units[64];
    char *keys[64];
    size_t nunits;
} similar_q;

static void similar_q_clear(similar_q *s)
{
    xc_query_free(s->query);
    for (size_t i = 0; i < s->nunits; i++)
        free(s->keys[i]);
    memset(s, 0, sizeof *s);
}

static nx_status backend(nx_index *ix, xc_status xs, const char *what)
{
    if (xs == XC_ERR_DATABASE_MODIFIED)
        return NX_ERR_MODIFIED;
    nx_seterr(ix->err, "%s: %s: %s", ix->path, what, xc_errmsg());
    return nx_status_from_xc(xs);
}

/* The document of article id; NX_ERR_NOT_FOUND when no article has it. */
static nx_status find_article(nx_index *ix, const char *id, xc_docid *docid)
{
    char term[NX_TERM_BUF];
    xc_docid *ids = NULL;
    size_t n = 0;
    nx_id_term(id, term, sizeof term);
    xc_status xs = xc_db_postlist(ix->db, term, &ids, &n);
    if (xs != XC_OK)
        return backend(ix, xs, "cannot look up the article");
    if (n)
        *docid = ids[0];
    xc_free(ids);
    if (!n) {
        nx_seterr(ix->err, "no article has the id '%s'", id);
        return NX_ERR_NOT_FOUND;
    }
    return NX_OK;
}

/* t scaled by w, ORed onto *acc (which it replaces). */
static xc_status or_term(xc_query **acc, const char *term, double w)
{
    xc_query *t = NULL, *s = NULL, *out = NULL;
    xc_status xs = xc_query_term(term, strlen(term), 1, 0, &t);
    if (xs == XC_OK)
        xs = xc_query_scale(t, w, &s);
    if (xs == XC_OK && *acc) {
        xc_query *pair[2] = { *acc, s };
        xs = xc_query_combine(XC_OP_OR, pair, 2, 0, &out);
    } else if (xs == XC_OK) {
        out = s;
        s = NULL;
    }
    xc_query_free(t);
    xc_query_free(s);
    if (xs == XC_OK) {
        xc_query_free(*acc);
        *acc = out;
    }
    return xs;
}

/* q OP other, replacing q. */
static xc_status combine(xc_query **q, xc_query_op op, const xc_query *other)
{
    xc_query *pair[2] = { *q, (xc_query *)other }, *out = NULL;
    xc_status xs = xc_query_combine(op, pair, 2, 0, &out);
    if (xs == XC_OK) {
        xc_query_free(*q);
        *q = out;
    }
    return xs;
}

/* The words and names of article docid as a weighted OR, less the
 * article's copy group. */
static nx_status build_query(nx_index *ix, const char *id, xc_docid docid, similar_q *sq)
{
    xc_enquire *e = NULL;
    xc_eterm *et = NULL;
    size_t net = 0;
    xc_doc *doc = NULL;
    char *gkey = NULL, *data = NULL;
    size_t glen = 0, dlen = 0;
    nx_stored rec;
    char term[NX_TERM_BUF];
    nx_status st = NX_OK;
    double top = 0;
    memset(&rec, 0, sizeof rec);
    if (!ix->stopwords && nx_stopwords_new(ix->st, &ix->stopwords) != NX_OK)
        return NX_ERR_NOMEM;
    xc_status xs = xc_enquire_new(ix->db, &e);
    if (xs == XC_OK)
        xs = xc_enquire_get_eset(e, &docid, 1, NX_SIMILAR_ESET, nx_term_is_word, NULL, &et, &net);
    for (size_t i = 0; xs == XC_OK && i < net && sq->nunits < NX_SIMILAR_WORDS; i++) {
        const char *t = et[i].term;
        size_t len = strlen(t);
        /* Numbers and function words say little about what a story is. */
        if (!len || (t[0] >= '0' && t[0] <= '9') || nx_is_stopword(ix->stopwords, t, len))
            continue;
        if (top <= 0)
            top = et[i].weight;
        if ((xs = or_term(&sq->query, t, et[i].weight / top)) != XC_OK)
            break;
        nx_match_unit *u = &sq->units[sq->nunits];
        if (!(sq->keys[sq->nunits] = strdup(t))) {
            st = NX_ERR_NOMEM;
            break;
        }
        u->n = 1;
        u->keys = &sq->keys[sq->nunits];
        u->weight = et[i].weight / top;
        sq->nunits++;
    }
    xc_eterms_free(et, net);
    xc_enquire_free(e);
    if (xs != XC_OK)
        return backend(ix, xs, "cannot read the article's words");
    if (st != NX_OK)
        return st;
    /* The names it mentions. */
    if ((st = nx_index_fetch_doc(ix, docid, "the article", &data, &dlen)) != NX_OK)
        return st;
    if ((st = nx_stored_decode(data, dlen, &rec)) != NX_OK) {   /* takes data */
        nx_seterr(ix->err, "%s: document %u has unreadable stored data", ix->path, docid);
        return st;
    }
    for (size_t i = 0; i < rec.nlist[NX_LIST_NAMES] && i < NX_SIMILAR_NAMES && xs == XC_OK; i++) {
        const char *key = nx_stored_name_key(&rec, i);
        if (!key || !*key)
            continue;
        nx_value_term(NX_PFX_NAMEFULL, key, term, sizeof term);
        xs = or_term(&sq->query, term, NX_SIMILAR_NAME_WEIGHT);
    }
    nx_stored_clear(&rec);
    if (xs == XC_OK && !sq->query)
        xs = xc_query_match_nothing(&sq->query);   /* nothing to go on: no related story */
    /* Less the article and its copies. */
    if (xs == XC_OK)
        xs = xc_db_get_document(ix->db, docid, &doc);
    if (xs == XC_OK)
        xs = xc_doc_get_value(doc, NX_SLOT_DUPGROUP, &gkey, &glen);
    xc_doc_free(doc);
    if (xs == XC_OK) {
        xc_query *self = NULL;
        /* A database without copy groups: the article alone, by its id. */
        if (!glen || !nx_term_join(NX_PFX_DUPGROUP, gkey, glen, term, sizeof term))
            nx_id_term(id, term, sizeof term);
        xs = xc_query_term(term, strlen(term), 1, 0, &self);
        if (xs == XC_OK)
            xs = combine(&sq->query, XC_OP_AND_NOT, self);
        xc_query_free(self);
    }
    xc_free(gkey);
    return xs == XC_OK ? NX_OK : backend(ix, xs, "cannot build the related-stories query");
}

static nx_status run(nx_index *ix, const xc_query *q, const nx_search_opts *o, xc_mset **m)
{
    xc_enquire *e = NULL;
    xc_status xs = xc_enquire_new(ix->db, &e);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(e, q, 0);
    if (xs == XC_OK)
        xs = nx_rank_weighting(e);
    if (xs == XC_OK && o->sort == NX_SORT_DATE)
        xs = xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, NX_SLOT_DATE, 1);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(e, o->offset, o->limit, nx_check_at_least(o->exact), m);
    xc_enquire_free(e);
    return xs == XC_OK ? NX_OK : backend(ix, xs, "related-stories search failed");
}

/* Hit j of the page: item i of m, or another version of its story. */
static nx_status fill(nx_index *ix, xc_mset *m, size_t i, unsigned rank, const similar_q *sq,
                      const nx_search_opts *o, nx_hit *h)
{
    xc_mset *sm = m;
    size_t si = i;
    xc_hit xh, sh;
    char *data = NULL;
    size_t len = 0;
    nx_status st = o->all_versions ? NX_OK : nx_versions_find(ix, m, i, sq->query, o->sort == NX_SORT_DATE,
                                                                &h->versions, &sm, &si);
    if (st != NX_OK)
        return st;
    xc_status xs = xc_mset_get(m, i, &xh);
    if (xs == XC_OK)
        xs = xc_mset_get(sm, si, &sh);
    if (xs != XC_OK)
        return backend(ix, xs, "cannot read a result");
    if ((st = nx_index_fetch_data(ix, sm, si, "a related article", &data, &len)) != NX_OK ||
        (st = nx_hit_from_record(ix, sh.docid, data, len, h)) != NX_OK)
        return st;
    h->rank = rank;
    h->score = xh.weight;
    h->percent = xh.percent;
    if (!o->snippet_length)
        return NX_OK;
    const char *body = h->stored.field[NX_FIELD_BODY];
    st = nx_snippet_make(ix->sn, h->stored.field[NX_FIELD_TITLE], body ? body : "", body ? strlen(body) : 0,
                         sq->units, sq->nunits, o->snippet_length,
                         o->snippet_fragments ? o->snippet_fragments : 1, &h->snip);
    if (st != NX_OK)
        nx_seterr(ix->err, "cannot make a snippet for '%s'", h->id);
    return st;
}

static nx_status similar_once(nx_index *ix, const char *id, const nx_qtree *filter,
                              const nx_search_opts *o, nx_results **out)
{
    similar_q sq;
    nx_vpage page = { NULL, 0 };
    xc_mset *m = NULL;
    xc_docid docid = 0;
    memset(&sq, 0, sizeof sq);
    nx_results *r = calloc(1, sizeof *r);
    nx_status st = r ? find_article(ix, id, &docid) : NX_ERR_NOMEM;
    if (st == NX_OK)
        st = build_query(ix, id, docid, &sq);
    if (st == NX_OK && filter) {
        nx_parsed_query fq;
        if ((st = nx_index_compile(ix, filter, &fq)) == NX_OK) {
            xc_status xs = combine(&sq.query, XC_OP_FILTER, fq.query);
            nx_parsed_query_free(&fq);
            if (xs != XC_OK)
                st = backend(ix, xs, "cannot apply the filter");
        }
    }
    if (st == NX_OK)
        st = nx_versions_page(ix, sq.query, o, run, &m, &page);
    if (st == NX_OK) {
        r->total = xc_mset_matches_estimated(m);
        r->total_exact = xc_mset_matches_lower_bound(m) == xc_mset_matches_upper_bound(m);
        if (page.n && !(r->hits = calloc(page.n, sizeof *r->hits)))
            st = NX_ERR_NOMEM;
    }
    for (size_t j = 0; st == NX_OK && j < page.n; j++) {
        r->n = j + 1;
        st = fill(ix, m, page.idx[j], o->offset + (unsigned)j + 1, &sq, o, &r->hits[j]);
    }
    if (st == NX_OK)
        st = nx_results_note_shards(ix, r);
    nx_vpage_clear(&page);
    xc_mset_free(m);
    similar_q_clear(&sq);
    if (st != NX_OK) {
        nx_results_free(r);
        if (st == NX_ERR_NOMEM && !*ix->err)
            nx_seterr(ix->err, "out of memory");
        return st;
    }
    *out = r;
    return NX_OK;
}

/* The filter text and the date bounds as one query-language filter, so the
 * query parser stays the one reader of dates and fields. */
static char *filter_text(const char *filter, const nx_search_opts *o)
{
    const char *f = filter ? filter : "";
    size_t n = strlen(f) + (o->since ? strlen(o->since) : 0) + (o->until ? strlen(o->until) : 0) + 16;
    char *s = malloc(n);
    if (!s)
        return NULL;
    int k = snprintf(s, n, "%s%s%s", *f ? "(" : "", f, *f ? ")" : "");
    if (o->since || o->until)
        snprintf(s + k, n - (size_t)k, "%sdate:%s..%s", k ? " " : "", o->since ? o->since : "",
                 o->until ? o->until : "");
    return s;
}

nx_status nx_similar(nx_index *ix, const char *id, const char *filter, const nx_search_opts *opts,
                     nx_results **out)
{
    if (!ix)
        return NX_ERR_INVALID;
    ix->err[0] = '\0';
    if (!id || !*id || !out) {
        nx_seterr(ix->err, "nx_similar: id and out are required");
        return NX_ERR_INVALID;
    }
    *out = NULL;
    nx_search_opts o;
    if (opts)
        o = *opts;
    else
        nx_search_opts_init(&o);
    if (o.limit == 0)
        o.limit = 10;
    if (o.limit > NX_SIMILAR_MAX_LIMIT) {
        nx_seterr(ix->err, "limit %u is too large (at most %d)", o.limit, NX_SIMILAR_MAX_LIMIT);
        return NX_ERR_INVALID;
    }
    char *ftext = filter_text(filter, &o);
    if (!ftext) {
        nx_seterr(ix->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    nx_qtree *tree = NULL;
    nx_status st = *ftext ? nx_index_read_query(ix, ftext, &tree) : NX_OK;
    free(ftext);
    /* Every shard: the article may be in one the dates leave out. */
    if (st == NX_OK)
        st = nx_index_prepare(ix, NULL, NULL, NULL);
    for (int attempt = 0; st == NX_OK; attempt++) {
        st = similar_once(ix, id, tree, &o, out);
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

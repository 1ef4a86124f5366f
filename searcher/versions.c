/*
 * versions.c — collapsing copies of one story, and listing the ones a hit
 * stands for (versions.h).
 *
 * Xapian's MSet says how many documents it collapsed into a hit only as a
 * lower bound (get_collapse_count: "0 may or may not" mean none), and not
 * which.  So a hit's versions are searched for: the group term
 * (NX_PFX_DUPGROUP) is first checked for more than one article, which is
 * all most hits cost, and only then is the search run again restricted to
 * the group, which is a handful of postings.
 */
#include "searcher/versions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "lib/terms.h"
#include "searcher/weighting.h"

void nx_versions_clear(nx_versions *v)
{
    for (size_t i = 0; i < v->n; i++)
        free(v->ids[i]);
    free(v->ids);
    xc_mset_free(v->group);
    memset(v, 0, sizeof *v);
}

static nx_status backend(nx_index *ix, xc_status xs)
{
    if (xs == XC_ERR_DATABASE_MODIFIED)
        return NX_ERR_MODIFIED;
    nx_seterr(ix->err, "%s: cannot list the other versions of a result: %s", ix->path, xc_errmsg());
    return nx_status_from_xc(xs);
}

/* The group term of hit i, "" when it has none. */
static nx_status group_term(nx_index *ix, const xc_mset *m, size_t i, char *term, size_t termsz)
{
    xc_doc *doc = NULL;
    char *key = NULL;
    size_t len = 0;
    term[0] = '\0';
    xc_status xs = xc_mset_get_document(m, i, &doc);
    if (xs == XC_OK)
        xs = xc_doc_get_value(doc, NX_SLOT_DUPGROUP, &key, &len);
    if (xs == XC_OK && len && !nx_term_join(NX_PFX_DUPGROUP, key, len, term, termsz))
        term[0] = '\0';
    xc_free(key);
    xc_doc_free(doc);
    return xs == XC_OK ? NX_OK : backend(ix, xs);
}

/* The id of hit k of m (malloc'd), or NULL with st set. */
static char *hit_id(nx_index *ix, const xc_mset *m, size_t k, nx_status *st)
{
    char *data = NULL;
    size_t len = 0;
    nx_stored rec;
    xc_hit h;
    if ((*st = nx_index_fetch_data(ix, m, k, "another version of a result", &data, &len)) != NX_OK)
        return NULL;
    if ((*st = nx_stored_decode(data, len, &rec)) != NX_OK) {   /* takes data */
        xc_mset_get(m, k, &h);
        nx_seterr(ix->err, "%s: document %u has unreadable stored data", ix->path, h.docid);
        return NULL;
    }
    const char *id = rec.field[NX_FIELD_ID];
    char *out = strdup(id ? id : "");
    nx_stored_clear(&rec);
    if (!out)
        *st = NX_ERR_NOMEM;
    return out;
}

static int tied(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

nx_status nx_versions_find(nx_index *ix, xc_mset *m, size_t i, const xc_query *q, int by_date,
                           nx_versions *out, xc_mset **show_m, size_t *show_i)
{
    char term[NX_TERM_BUF];
    unsigned long members = 0;
    xc_hit self;
    memset(out, 0, sizeof *out);
    *show_m = m;
    *show_i = i;
    nx_status st = group_term(ix, m, i, term, sizeof term);
    if (st != NX_OK || !term[0])
        return st;
    xc_status xs = xc_db_get_termfreq(ix->db, term, &members);
    if (xs != XC_OK)
        return backend(ix, xs);
    if (members < 2)
        return NX_OK;
    if ((xs = xc_mset_get(m, i, &self)) != XC_OK)
        return backend(ix, xs);
    xc_query *g = NULL, *both = NULL;
    xc_enquire *e = NULL;
    xs = xc_query_term(term, strlen(term), 1, 0, &g);
    if (xs == XC_OK) {
        xc_query *pair[2] = { (xc_query *)q, g };
        xs = xc_query_combine(XC_OP_FILTER, pair, 2, 0, &both);
    }
    if (xs == XC_OK)
        xs = xc_enquire_new(ix->db, &e);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(e, both, 0);
    if (xs == XC_OK)
        xs = nx_rank_weighting(e);
    if (xs == XC_OK && by_date)
        xs = xc_enquire_set_sort(e, XC_SORT_VALUE_THEN_RELEVANCE, NX_SLOT_DATE, 1);
    /* The whole group is weighed: its count is exact. */
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(e, 0, NX_VERSIONS_MAX + 1, UINT_MAX, &out->group);
    xc_query_free(g);
    xc_query_free(both);
    xc_enquire_free(e);
    if (xs != XC_OK) {
        nx_versions_clear(out);
        return backend(ix, xs);
    }
    size_t n = xc_mset_size(out->group);
    unsigned long total = xc_mset_matches_estimated(out->group);
    out->count = total ? total - 1 : 0;
    char **ids = n ? calloc(n, sizeof *ids) : NULL;
    if (n && !ids) {
        nx_versions_clear(out);
        return NX_ERR_NOMEM;
    }
    /* Every member's id, and the one to show: the smallest id among those
     * tied with the best weight; in date order the one the page ranked,
     * the newest, so the page stays in date order. */
    size_t pick = n, at_self = n;
    double best = 0;
    for (size_t k = 0; st == NX_OK && k < n; k++) {
        xc_hit h;
        if ((xs = xc_mset_get(out->group, k, &h)) != XC_OK) {
            st = backend(ix, xs);
            break;
        }
        if (!(ids[k] = hit_id(ix, out->group, k, &st)))
            break;
        if (h.docid == self.docid)
            at_self = k;
        if (pick == n || (tied(h.weight, best) && strcmp(ids[k], ids[pick]) < 0) ||
            (!tied(h.weight, best) && h.weight > best)) {
            pick = k;
            best = h.weight;
        }
    }
    if (by_date)
        pick = at_self;
    if (st == NX_OK && !(out->ids = calloc(n, sizeof *out->ids)))
        st = NX_ERR_NOMEM;
    for (size_t k = 0; st == NX_OK && k < n; k++) {
        if (k == pick)
            continue;
        if (out->n < NX_VERSIONS_MAX) {
            out->ids[out->n++] = ids[k];
            ids[k] = NULL;
        }
    }
    for (size_t k = 0; k < n; k++)
        free(ids[k]);
    free(ids);
    if (st != NX_OK) {
        nx_versions_clear(out);
        return st;
    }
    if (pick < n) {
        xc_hit h;
        if (xc_mset_get(out->group, pick, &h) == XC_OK && h.docid != self.docid) {
            *show_m = out->group;
            *show_i = pick;
        }
    }
    return NX_OK;
}

nx_status nx_versions_key(nx_index *ix, const xc_mset *m, size_t k, char *key)
{
    xc_doc *doc = NULL;
    char *v = NULL;
    size_t len = 0;
    key[0] = '\0';
    xc_status xs = xc_mset_get_document(m, k, &doc);
    if (xs == XC_OK)
        xs = xc_doc_get_value(doc, NX_SLOT_DUPGROUP, &v, &len);
    if (xs == XC_OK && len && len < NX_VERSIONS_KEY) {
        memcpy(key, v, len);
        key[len] = '\0';
    }
    xc_free(v);
    xc_doc_free(doc);
    return xs == XC_OK ? NX_OK : backend(ix, xs);
}

void nx_vpage_clear(nx_vpage *p)
{
    free(p->idx);
    memset(p, 0, sizeof *p);
}

/* The keys of the stories seen so far: open addressing on their hash. */
typedef struct keyset {
    char (*k)[NX_VERSIONS_KEY];
    size_t cap, n;
} keyset;

/* 1 when key was new (and is now in), 0 when seen, -1 out of memory. */
static int keyset_add(keyset *s, const char *key)
{
    if ((s->n + 1) * 2 > s->cap) {
        keyset t = { NULL, s->cap ? s->cap * 2 : 64, 0 };
        if (!(t.k = calloc(t.cap, sizeof *t.k)))
            return -1;
        for (size_t i = 0; i < s->cap; i++)
            if (s->k[i][0])
                keyset_add(&t, s->k[i]);
        free(s->k);
        *s = t;
    }
    size_t len = strlen(key);
    for (size_t at = nx_fnv1a(key, len) & (s->cap - 1);; at = (at + 1) & (s->cap - 1)) {
        if (!s->k[at][0]) {
            memcpy(s->k[at], key, len + 1);
            s->n++;
            return 1;
        }
        if (!strcmp(s->k[at], key))
            return 0;
    }
}

nx_status nx_versions_page(nx_index *ix, const xc_query *q, const nx_search_opts *o, nx_run_fn run,
                           xc_mset **m, nx_vpage *page)
{
    memset(page, 0, sizeof *page);
    *m = NULL;
    if (o->all_versions) {
        nx_status st = run(ix, q, o, m);
        size_t n = st == NX_OK ? xc_mset_size(*m) : 0;
        if (n && !(page->idx = malloc(n * sizeof *page->idx)))
            return NX_ERR_NOMEM;
        for (size_t i = 0; i < n; i++)
            page->idx[page->n++] = i;
        return st;
    }
    size_t want = (size_t)o->offset + o->limit;
    /* Copies are a few in a hundred results (Reuters, BBC): half as many
     * again is seldom short. */
    size_t fetch = want + want / 2 + 8;
    if (!(page->idx = malloc(o->limit * sizeof *page->idx)))
        return NX_ERR_NOMEM;
    for (;;) {
        nx_search_opts all = *o;
        all.offset = 0;
        all.limit = fetch > UINT_MAX ? UINT_MAX : (unsigned)fetch;
        nx_status st = run(ix, q, &all, m);
        if (st != NX_OK)
            return st;
        keyset seen = { NULL, 0, 0 };
        size_t got = xc_mset_size(*m), stories = 0;
        page->n = 0;
        char key[NX_VERSIONS_KEY];
        for (size_t k = 0; k < got && page->n < o->limit; k++) {
            if ((st = nx_versions_key(ix, *m, k, key)) != NX_OK)
                break;
            int fresh = key[0] ? keyset_add(&seen, key) : 1;
            if (fresh < 0) {
                st = NX_ERR_NOMEM;
                break;
            }
            if (fresh && stories++ >= o->offset)
                page->idx[page->n++] = k;
        }
        free(seen.k);
        if (st != NX_OK)
            return st;
        /* Short of a page only because copies took the places: read more. */
        if (page->n == o->limit || got < fetch)
            return NX_OK;
        xc_mset_free(*m);
        *m = NULL;
        fetch *= 2;
    }
}

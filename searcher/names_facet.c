/*
 * names_facet.c — nx_names: the names that matter most to the articles
 * that match a query ("who is in this story").
 *
 * It looks at the best `sample` matches.  Names are stored per article at
 * index time, one entry per name after coreference, each with its type and
 * weighted mentions (analysis/coref.h).  A name scores its share of each
 * article (its weight over that of the article's most mentioned name),
 * summed over the matches, times log(1 + idf), idf from the name's
 * frequency in the whole index (newsidx.h gives the formula):
 *   - in one article the principal names come first: a share of 1 against
 *     1/12 is more than any idf difference can undo once damped by the log
 *     (idf runs from 0 to about 10, log(1 + idf) from 0 to 2.4);
 *   - over many, a name central to many matches beats one mentioned in
 *     passing everywhere ("U.S.", "Reuters": idf 1.5, log(2.5) = 0.9).
 * Records written before names had descriptions count one share per
 * article (the score is then the old docs x damped idf).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/coref.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "searcher/index_internal.h"
#include "searcher/query.h"

#define NX_NAMES_DEFAULT_LIMIT 20
#define NX_NAMES_DEFAULT_SAMPLE 500
#define NX_NAMES_MAX_SAMPLE 10000
/* With this many matches or more, a name must occur in at least two of
 * them: one-off mentions are noise in a "who is in this story" view. */
#define NX_NAMES_MIN_SAMPLE_FOR_PAIRS 10

/* display and other are the first spellings seen of the two kinds, in
 * capitals ("PARIS", "OPEC") and not; the one more stories use is shown
 * (a tie goes to mixed case): Reuters writes OPEC more often than Opec,
 * but PARIS mostly as a dateline. */
typedef struct name_entry {
    char *key;
    char *display, *other;
    unsigned long ndisplay, nother;
    unsigned long docs, total, mentions;
    double share;           /* sum over the matches of its share of each */
    double type_vote[4];    /* shares by the type each article gives it */
    char *role;             /* first role seen, or NULL */
    nx_name_type type;
    double score;
} name_entry;

struct nx_name_facet {
    name_entry *v;
    size_t n, cap;
    unsigned long sampled;
    /* open-addressing index over v by key */
    size_t *slots;
    size_t nslots;
};

static int rehash(nx_name_facet *f, size_t nslots)
{
    size_t *slots = malloc(nslots * sizeof *slots);
    if (!slots)
        return -1;
    for (size_t i = 0; i < nslots; i++)
        slots[i] = (size_t)-1;
    for (size_t i = 0; i < f->n; i++) {
        size_t s = nx_fnv1a(f->v[i].key, strlen(f->v[i].key)) & (nslots - 1);
        while (slots[s] != (size_t)-1)
            s = (s + 1) & (nslots - 1);
        slots[s] = i;
    }
    free(f->slots);
    f->slots = slots;
    f->nslots = nslots;
    return 0;
}

/* Counts one document's mention of key, described by ni with share
 * `share` of that document; returns -1 on allocation failure. */
static int count_name(nx_name_facet *f, const char *key, const char *display, const nx_name_info *ni,
                      double share)
{
    if ((f->n + 1) * 2 > f->nslots && rehash(f, f->nslots ? f->nslots * 2 : 256) != 0)
        return -1;
    size_t s = nx_fnv1a(key, strlen(key)) & (f->nslots - 1);
    name_entry *e = NULL;
    while (f->slots[s] != (size_t)-1) {
        e = &f->v[f->slots[s]];
        if (!strcmp(e->key, key)) {
            e->docs++;
            if (nx_is_shouted(e->display) == nx_is_shouted(display))
                e->ndisplay++;
            else if (e->other)
                e->nother++;
            else if ((e->other = strdup(display)) != NULL)
                e->nother = 1;
            else
                return -1;
            goto counted;
        }
        s = (s + 1) & (f->nslots - 1);
    }
    if (f->n == f->cap) {
        size_t nc = f->cap ? f->cap * 2 : 128;
        name_entry *v = realloc(f->v, nc * sizeof *v);
        if (!v)
            return -1;
        f->v = v;
        f->cap = nc;
    }
    e = &f->v[f->n];
    memset(e, 0, sizeof *e);
    if (!(e->key = strdup(key)) || !(e->display = strdup(display))) {
        free(e->key);
        return -1;
    }
    e->docs = 1;
    e->ndisplay = 1;
    f->slots[s] = f->n++;
counted:
    e->mentions += ni->mentions;
    e->share += share;
    e->type_vote[ni->type] += share;
    if (!e->role && ni->role_len && !(e->role = strndup(ni->role, ni->role_len)))
        return -1;
    return 0;
}

static int by_score(const void *a, const void *b)
{
    const name_entry *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? 1 : -1;
    if (x->docs != y->docs)
        return x->docs < y->docs ? 1 : -1;
    return strcmp(x->key, y->key);
}

void nx_name_facet_free(nx_name_facet *f)
{
    if (!f)
        return;
    for (size_t i = 0; i < f->n; i++) {
        free(f->v[i].key);
        free(f->v[i].display);
        free(f->v[i].other);
        free(f->v[i].role);
    }
    free(f->v);
    free(f->slots);
    free(f);
}

static nx_status collect(nx_index *ix, xc_mset *m, nx_name_facet *f)
{
    size_t n = xc_mset_size(m);
    for (size_t i = 0; i < n; i++) {
        char *data;
        size_t dlen;
        nx_status st = nx_index_fetch_data(ix, m, i, "a matching article", &data, &dlen);
        if (st != NX_OK)
            return st;
        nx_stored sd;
        st = nx_stored_decode(data, dlen, &sd);   /* takes data */
        if (st != NX_OK)
            continue;   /* unreadable stored data: that article has no names to give */
        /* each name's share: its weight over the article's top name's */
        double top = 0;
        for (size_t k = 0; k < sd.nlist[NX_LIST_NAMES]; k++) {
            nx_name_info ni;
            nx_name_info_parse(nx_stored_name_info(&sd, k), &ni);
            if (ni.salience > top)
                top = ni.salience;
        }
        for (size_t k = 0; k < sd.nlist[NX_LIST_NAMES]; k++) {
            const char *key = nx_stored_name_key(&sd, k);
            nx_name_info ni;
            nx_name_info_parse(nx_stored_name_info(&sd, k), &ni);
            if (key && count_name(f, key, sd.list[NX_LIST_NAMES][k], &ni, top > 0 ? ni.salience / top : 1.0) != 0) {
                nx_stored_clear(&sd);
                nx_seterr(ix->err, "out of memory");
                return NX_ERR_NOMEM;
            }
        }
        nx_stored_clear(&sd);
    }
    f->sampled = n;
    return NX_OK;
}

static void drop_entry(name_entry *e)
{
    free(e->key);
    free(e->display);
    free(e->other);
    free(e->role);
}

/* Scores the names (see the file comment), keeps those of the wanted
 * types, and sorts them best first. */
static void score(nx_index *ix, nx_name_facet *f, unsigned types)
{
    unsigned long ndocs = 0;
    xc_db_get_doccount(ix->db, &ndocs);
    char term[512];
    size_t keep = 0;
    for (size_t i = 0; i < f->n; i++) {
        name_entry *e = &f->v[i];
        unsigned long tf = 0;
        snprintf(term, sizeof term, "%s%s", NX_PFX_NAMEFULL, e->key);
        if (strlen(term) > 240 || xc_db_get_termfreq(ix->db, term, &tf) != XC_OK || tf < e->docs)
            tf = e->docs;
        e->total = tf;
        double idf = log((ndocs + 1.0) / (tf + 0.5));
        e->score = e->share * log(1.0 + (idf > 0 ? idf : 0));
        e->type = NX_NAME_OTHER;
        for (int t = NX_NAME_PERSON; t <= NX_NAME_PLACE; t++)
            if (e->type_vote[t] > e->type_vote[e->type])
                e->type = (nx_name_type)t;
        if (e->other && (e->nother > e->ndisplay ||
                         (e->nother == e->ndisplay && nx_is_shouted(e->display)))) {
            char *t = e->display;
            e->display = e->other;
            e->other = t;
        }
        free(e->other);
        e->other = NULL;
        if ((f->sampled >= NX_NAMES_MIN_SAMPLE_FOR_PAIRS && e->docs < 2) ||
            (types && !(types & NX_NAME_TYPE_BIT(e->type)))) {
            drop_entry(e);
            continue;
        }
        f->v[keep++] = *e;
    }
    f->n = keep;
    if (f->n)
        qsort(f->v, f->n, sizeof *f->v, by_score);
}

static nx_status names_once(nx_index *ix, const nx_qtree *tree, const nx_names_opts *o,
                            nx_name_facet **out)
{
    unsigned limit = o->limit, sample = o->sample;
    nx_parsed_query pq;
    nx_status st = nx_index_compile(ix, tree, &pq);
    if (st != NX_OK)
        return st;
    if ((st = nx_index_date_filter(ix, o->since, o->until, &pq.query)) != NX_OK) {
        nx_parsed_query_free(&pq);
        return st;
    }
    nx_name_facet *f = calloc(1, sizeof *f);
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    xc_status xs = XC_OK;
    if (!f) {
        st = NX_ERR_NOMEM;
        goto done;
    }
    xs = xc_enquire_new(ix->db, &e);
    if (xs == XC_OK)
        xs = xc_enquire_set_query(e, pq.query, 0);
    if (xs == XC_OK)
        xs = xc_enquire_get_mset(e, 0, sample, 0, &m);
    if (xs != XC_OK) {
        st = xs == XC_ERR_DATABASE_MODIFIED ? NX_ERR_MODIFIED : nx_status_from_xc(xs);
        if (xs == XC_ERR_WILDCARD)
            nx_seterr(ix->err, "a wildcard matches more than %d terms; make it longer", NX_WILDCARD_LIMIT);
        else
            nx_seterr(ix->err, "%s: search failed: %s", ix->path, xc_errmsg());
        goto done;
    }
    if ((st = collect(ix, m, f)) != NX_OK)
        goto done;
    score(ix, f, o->types);
    for (size_t i = limit; i < f->n; i++)
        drop_entry(&f->v[i]);
    if (f->n > limit)
        f->n = limit;
done:
    xc_mset_free(m);
    xc_enquire_free(e);
    nx_parsed_query_free(&pq);
    if (st != NX_OK) {
        nx_name_facet_free(f);
        return st;
    }
    *out = f;
    return NX_OK;
}

void nx_names_opts_init(nx_names_opts *o)
{
    memset(o, 0, sizeof *o);
    o->limit = NX_NAMES_DEFAULT_LIMIT;
    o->sample = NX_NAMES_DEFAULT_SAMPLE;
}

nx_status nx_names_ex(nx_index *ix, const char *query, const nx_names_opts *opts, nx_name_facet **out)
{
    if (!ix)
        return NX_ERR_INVALID;
    ix->err[0] = '\0';
    if (!query || !out) {
        nx_seterr(ix->err, "nx_names: query and out are required");
        return NX_ERR_INVALID;
    }
    *out = NULL;
    nx_names_opts o;
    nx_names_opts_init(&o);
    if (opts)
        o = *opts;
    if (!o.limit)
        o.limit = NX_NAMES_DEFAULT_LIMIT;
    if (!o.sample)
        o.sample = NX_NAMES_DEFAULT_SAMPLE;
    if (o.sample > NX_NAMES_MAX_SAMPLE)
        o.sample = NX_NAMES_MAX_SAMPLE;
    if (o.types >= NX_NAME_TYPE_BIT(NX_NAME_PLACE + 1)) {
        nx_seterr(ix->err, "nx_names: types holds bits of no name type");
        return NX_ERR_INVALID;
    }
    nx_qtree *tree = NULL;
    nx_status st = nx_index_read_query(ix, query, &tree);
    if (st == NX_OK)
        st = nx_index_prepare(ix, tree, o.since, o.until);   /* shards the dates can touch */
    for (int attempt = 0; st == NX_OK; attempt++) {
        st = names_once(ix, tree, &o, out);
        if (st == NX_OK || !nx_index_should_retry(ix, st, attempt))
            break;
        st = NX_OK;
    }
    nx_qtree_free(tree);
    return st;
}

nx_status nx_names(nx_index *ix, const char *query, unsigned limit, unsigned sample, nx_name_facet **out)
{
    nx_names_opts o;
    nx_names_opts_init(&o);
    o.limit = limit;
    o.sample = sample;
    return nx_names_ex(ix, query, &o, out);
}

size_t nx_name_facet_count(const nx_name_facet *f) { return f ? f->n : 0; }
const char *nx_name_facet_name(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].display : NULL; }
unsigned long nx_name_facet_docs(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].docs : 0; }
unsigned long nx_name_facet_total(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].total : 0; }
double nx_name_facet_score(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].score : 0; }
nx_name_type nx_name_facet_type(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].type : NX_NAME_OTHER; }
unsigned long nx_name_facet_mentions(const nx_name_facet *f, size_t i) { return f && i < f->n ? f->v[i].mentions : 0; }
const char *nx_name_facet_role(const nx_name_facet *f, size_t i)
{
    return f && i < f->n ? (f->v[i].role ? f->v[i].role : "") : NULL;
}
unsigned long nx_name_facet_sampled(const nx_name_facet *f) { return f ? f->sampled : 0; }

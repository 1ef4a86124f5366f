/*
 * results.c — nx_results and nx_hit: filling a hit from its stored record,
 * the accessors of newsidx.h, and freeing.
 */
#include "searcher/results.h"

#include <stdlib.h>
#include <string.h>

nx_status nx_hit_from_record(nx_index *ix, xc_docid docid, char *data, size_t len, nx_hit *h)
{
    nx_status st = nx_stored_decode(data, len, &h->stored);   /* takes data */
    if (st != NX_OK) {
        nx_seterr(ix->err, "%s: document %u has unreadable stored data", ix->path, docid);
        return st;
    }
    const char *id = h->stored.field[NX_FIELD_ID];
    if (!(h->id = strdup(id ? id : "")))
        return NX_ERR_NOMEM;
    return NX_OK;
}

nx_status nx_results_note_shards(nx_index *ix, nx_results *r)
{
    size_t n = nx_index_shards_in_use(ix, NULL, 0);
    if (!n)
        return NX_OK;
    const char **names = calloc(n, sizeof *names);
    if (!names || !(r->shards = calloc(n, sizeof *r->shards))) {
        free(names);
        return NX_ERR_NOMEM;
    }
    nx_index_shards_in_use(ix, names, n);
    for (size_t i = 0; i < n; i++) {
        if (!(r->shards[i] = strdup(names[i]))) {
            free(names);
            return NX_ERR_NOMEM;
        }
        r->nshards++;
    }
    free(names);
    return NX_OK;
}

void nx_results_free(nx_results *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++) {
        free(r->hits[i].id);
        nx_stored_clear(&r->hits[i].stored);
        nx_snippet_clear(&r->hits[i].snip);
        free(r->hits[i].title_spans);
        nx_versions_clear(&r->hits[i].versions);
    }
    free(r->hits);
    free(r->suggestion);
    for (size_t i = 0; i < r->nshards; i++)
        free(r->shards[i]);
    free(r->shards);
    free(r);
}

size_t nx_results_count(const nx_results *r) { return r ? r->n : 0; }
unsigned long nx_results_total(const nx_results *r) { return r ? r->total : 0; }
int nx_results_total_exact(const nx_results *r) { return r ? r->total_exact : 0; }
unsigned long nx_results_estimated(const nx_results *r) { return nx_results_total(r); }
const nx_hit *nx_results_hit(const nx_results *r, size_t i) { return r && i < r->n ? &r->hits[i] : NULL; }
const char *nx_results_suggestion(const nx_results *r) { return r ? r->suggestion : NULL; }
int nx_results_partial(const nx_results *r) { return r ? r->partial : 0; }

size_t nx_results_shards(const nx_results *r, const char *const **names)
{
    if (names)
        *names = r ? (const char *const *)r->shards : NULL;
    return r ? r->nshards : 0;
}

const char *nx_hit_id(const nx_hit *h) { return h ? h->id : NULL; }
unsigned nx_hit_rank(const nx_hit *h) { return h ? h->rank : 0; }
double nx_hit_score(const nx_hit *h) { return h ? h->score : 0; }
int nx_hit_percent(const nx_hit *h) { return h ? h->percent : 0; }

const char *nx_hit_field(const nx_hit *h, nx_field f)
{
    if (!h || (unsigned)f >= NX_NFIELDS)
        return NULL;
    return h->stored.field[f];
}

size_t nx_hit_list(const nx_hit *h, nx_list l, const char *const **items)
{
    if (!h || (unsigned)l >= NX_NLISTS) {
        if (items)
            *items = NULL;
        return 0;
    }
    if (items)
        *items = h->stored.list[l];
    return h->stored.nlist[l];
}

unsigned long nx_hit_versions(const nx_hit *h, const char *const **ids, size_t *nids)
{
    if (ids)
        *ids = h ? (const char *const *)h->versions.ids : NULL;
    if (nids)
        *nids = h ? h->versions.n : 0;
    return h ? h->versions.count : 0;
}

const char *nx_hit_snippet(const nx_hit *h, const nx_span **spans, size_t *nspans)
{
    if (spans)
        *spans = h ? h->snip.spans : NULL;
    if (nspans)
        *nspans = h ? h->snip.nspans : 0;
    if (!h)
        return NULL;
    return h->snip.text ? h->snip.text : "";
}

size_t nx_hit_title_spans(const nx_hit *h, const nx_span **spans)
{
    if (spans)
        *spans = h ? h->title_spans : NULL;
    return h ? h->ntitle_spans : 0;
}

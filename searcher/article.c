/*
 * article.c — nx_index_get: one article by its id, as a result list of at
 * most one hit, so a caller reads it with the hit accessors it already
 * uses (the whole stored body, the names, the labels).
 */
#include <stdlib.h>
#include <string.h>

#include "lib/terms.h"
#include "searcher/index_internal.h"
#include "searcher/results.h"

static nx_status get_once(nx_index *ix, const char *id, nx_results *r)
{
    char term[NX_TERM_BUF];
    xc_docid *ids = NULL;
    size_t n = 0;
    /* The indexer's id rule (lib/terms.h): a long id is found by its
     * hashed term. */
    nx_id_term(id, term, sizeof term);
    xc_status xs = xc_db_postlist(ix->db, term, &ids, &n);
    if (xs != XC_OK) {
        if (xs == XC_ERR_DATABASE_MODIFIED)
            return NX_ERR_MODIFIED;
        nx_seterr(ix->err, "%s: cannot look up article '%s': %s", ix->path, id, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    nx_status st = NX_OK;
    if (n) {
        char *data = NULL;
        size_t len = 0;
        if (!(r->hits = calloc(1, sizeof *r->hits))) {
            st = NX_ERR_NOMEM;
        } else if ((st = nx_index_fetch_doc(ix, ids[0], "an article", &data, &len)) == NX_OK) {
            r->n = 1;
            r->hits[0].rank = 1;
            st = nx_hit_from_record(ix, ids[0], data, len, &r->hits[0]);
        }
    }
    r->total = r->n;
    r->total_exact = 1;
    xc_free(ids);
    return st;
}

nx_status nx_index_get(nx_index *ix, const char *id, nx_results **out)
{
    if (!ix)
        return NX_ERR_INVALID;
    ix->err[0] = '\0';
    if (!id || !*id || !out) {
        nx_seterr(ix->err, "nx_index_get: id and out are required");
        return NX_ERR_INVALID;
    }
    *out = NULL;
    nx_status st = nx_index_prepare(ix, NULL, NULL, NULL);
    for (int attempt = 0; st == NX_OK; attempt++) {
        nx_results *r = calloc(1, sizeof *r);
        if (!r) {
            nx_seterr(ix->err, "out of memory");
            return NX_ERR_NOMEM;
        }
        st = get_once(ix, id, r);
        if (st == NX_OK) {
            r->partial = ix->nmissing > 0;
            *out = r;
            return NX_OK;
        }
        nx_results_free(r);
        if (!nx_index_should_retry(ix, st, attempt))
            break;
        st = NX_OK;
    }
    if (st == NX_ERR_NOMEM && !*ix->err)
        nx_seterr(ix->err, "out of memory");
    return st;
}

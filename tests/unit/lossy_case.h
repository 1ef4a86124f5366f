/*
 * lossy_case.h — 29 documents on which Xapian 1.4.22's early termination
 * drops document 18, the best match of (a OR 0.5 sa) AND_MAYBE 0.1 x, from
 * its top 1 (found by a random search; README "Exact searches").
 * test_xapian_c checks that the binding's AND_MAYBE (built so the bug
 * cannot fire) keeps the match, with AND_MAYBE's weights and estimate.
 *
 * Header-only for the two tests: everything is static.
 */
#ifndef NX_TEST_LOSSY_CASE_H
#define NX_TEST_LOSSY_CASE_H

#include <stdio.h>
#include <string.h>

#include "xapian-c.h"

#define LOSSY_BEST 18

static const char *const lossy_docs[29] = {
    "a:2 x:1 filler:5", "filler:2", "filler:3", "sa:1 filler:2", "filler:2", "filler:4",
    "sa:1 filler:2", "filler:4", "x:1 filler:4", "filler:1", "filler:2", "sa:2 x:1 filler:5",
    "a:3 filler:2", "a:2 sa:1 filler:1", "filler:2", "x:1 filler:3", "a:3 filler:2",
    "a:3 sa:1 filler:1", "filler:4", "a:3 filler:2", "sa:1 filler:3", "filler:2",
    "sa:2 filler:2", "filler:2", "filler:5", "a:1 filler:2", "filler:4", "filler:1", "filler:5",
};

/* Writes the documents ("term:wdf ...") to a new database at path, in this
 * order (docids 1-29), and opens it read-only in *out (caller closes). */
static xc_status lossy_build(const char *path, xc_db **out)
{
    xc_db *w = NULL;
    xc_status st = xc_db_open_writable(path, XC_DB_CREATE_OR_OVERWRITE | XC_DB_NO_SYNC, &w);
    for (size_t i = 0; st == XC_OK && i < sizeof lossy_docs / sizeof lossy_docs[0]; i++) {
        xc_doc *d = NULL;
        char term[16];
        unsigned wdf;
        int used;
        st = xc_doc_new(&d);
        for (const char *p = lossy_docs[i];
             st == XC_OK && sscanf(p, " %15[a-z]:%u%n", term, &wdf, &used) == 2; p += used)
            st = xc_doc_add_term(d, term, strlen(term), wdf);
        if (st == XC_OK)
            st = xc_db_add_document(w, d, NULL);
        xc_doc_free(d);
    }
    if (st == XC_OK)
        st = xc_db_commit(w);
    xc_db_close(w);
    return st == XC_OK ? xc_db_open(path, out) : st;
}

/* The query's two sides, (a OR 0.5 sa) and 0.1 x; caller frees both. */
static xc_status lossy_parts(xc_query **req, xc_query **opt)
{
    xc_query *a = NULL, *sa = NULL, *ssa = NULL, *x = NULL;
    *req = *opt = NULL;
    xc_status st = xc_query_term("a", 1, 1, 0, &a);
    if (st == XC_OK)
        st = xc_query_term("sa", 2, 1, 0, &sa);
    if (st == XC_OK)
        st = xc_query_scale(sa, 0.5, &ssa);
    if (st == XC_OK) {
        xc_query *both[2] = { a, ssa };
        st = xc_query_combine(XC_OP_OR, both, 2, 0, req);
    }
    if (st == XC_OK)
        st = xc_query_term("x", 1, 1, 0, &x);
    if (st == XC_OK)
        st = xc_query_scale(x, 0.1, opt);
    xc_query_free(a);
    xc_query_free(sa);
    xc_query_free(ssa);
    xc_query_free(x);
    return st;
}

/* The docid ranked first by q with the given check_at_least (0 if none). */
static xc_docid lossy_top(const xc_db *db, const xc_query *q, unsigned check_at_least)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    xc_hit h = { 0 };
    if (xc_enquire_new(db, &e) == XC_OK && xc_enquire_set_query(e, q, 0) == XC_OK &&
        xc_enquire_get_mset(e, 0, 1, check_at_least, &m) == XC_OK && xc_mset_size(m))
        xc_mset_get(m, 0, &h);
    xc_mset_free(m);
    xc_enquire_free(e);
    return h.docid;
}

#endif

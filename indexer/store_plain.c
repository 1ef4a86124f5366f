/*
 * store_plain.c — the plain store: one Xapian database written in place
 * (store.h).  Articles, metadata and file records share the database, so
 * one commit makes a batch durable and visible at once.
 */
#include <stdlib.h>
#include <string.h>

#include "indexer/files.h"
#include "indexer/store.h"

typedef struct plain {
    nx_store base;             /* base.meta: the database */
    char *name;                /* for messages */
    nx_docbuilder *b;          /* borrowed */
} plain;

static nx_status fail_xc(plain *p, xc_status xs, const char *what)
{
    nx_seterr(p->base.err, "%s: %s: %s", p->name, what, xc_errmsg());
    return nx_status_from_xc(xs);
}

static nx_status plain_put(nx_store *s, const char *id_term, const nx_article *a, int *existed)
{
    plain *p = (plain *)s;
    xc_db *db = s->meta;
    xc_doc *doc;
    nx_status st = nx_build_document(p->b, a, db, &doc, s->err);
    if (st != NX_OK)
        return st;
    *existed = 0;
    xc_status xs = xc_db_term_exists(db, id_term, existed);
    if (xs == XC_OK)
        xs = *existed ? xc_db_replace_document_by_term(db, id_term, doc, NULL)
                      : xc_db_add_document(db, doc, NULL);
    xc_doc_free(doc);
    return xs == XC_OK ? NX_OK : fail_xc(p, xs, "cannot write article");
}

static nx_status plain_del(nx_store *s, const char *id_term, int *existed)
{
    *existed = 0;
    xc_status xs = xc_db_term_exists(s->meta, id_term, existed);
    if (xs == XC_OK && *existed)
        xs = xc_db_delete_document_by_term(s->meta, id_term);
    return xs == XC_OK ? NX_OK : fail_xc((plain *)s, xs, "cannot delete article");
}

static nx_status plain_del_file(nx_store *s, const char *fterm, char *const *keep, size_t nkeep,
                                unsigned long max, unsigned long *deleted)
{
    xc_docid *ids;
    size_t n;
    *deleted = 0;
    xc_status xs = nx_file_articles_to_delete(s->meta, fterm, keep, nkeep, max, &ids, &n);
    for (size_t i = 0; xs == XC_OK && i < n; i++)
        if ((xs = xc_db_delete_document(s->meta, ids[i])) == XC_OK)
            (*deleted)++;
    xc_free(ids);
    return xs == XC_OK ? NX_OK : fail_xc((plain *)s, xs, "cannot remove a file's old articles");
}

static nx_status plain_commit(nx_store *s)
{
    xc_status xs = xc_db_commit(s->meta);
    return xs == XC_OK ? NX_OK : fail_xc((plain *)s, xs, "commit failed");
}

static void plain_free(nx_store *s)
{
    plain *p = (plain *)s;
    xc_db_close(s->meta);
    free(p->name);
    free(p);
}

static const nx_store_ops plain_ops = {
    plain_put, plain_del, plain_del_file, plain_commit, NULL, plain_free,   /* finish: nothing left to do */
};

nx_status nx_store_plain_new(xc_db *db, const char *name, nx_docbuilder *b, nx_store **out, char *err)
{
    *out = NULL;
    plain *p = calloc(1, sizeof *p);
    if (!p || !(p->name = strdup(name))) {
        free(p);
        nx_seterr(err, "out of memory");
        return NX_ERR_NOMEM;
    }
    p->base.ops = &plain_ops;
    p->base.meta = db;
    p->b = b;
    *out = &p->base;
    return NX_OK;
}

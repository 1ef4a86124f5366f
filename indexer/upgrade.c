/*
 * upgrade.c — rebuilding an older database's documents from their stored
 * records (upgrade.h).
 */
#include "indexer/upgrade.h"

#include <stdlib.h>
#include <string.h>

#include "lib/core.h"
#include "lib/schema.h"
#include "lib/stored.h"

int nx_upgrade_needed(const char *stamp, size_t len)
{
    /* Schemas 2 and 3 tokenised "G-7" as two words; 4 joins them. */
    return len > 0 && nx_schema_supported(stamp, len) && !nx_schema_current(stamp, len);
}

/* The record of document id: its value slot, or (schema 2) its data. */
static xc_status record_of(xc_db *db, xc_docid id, char **data, size_t *len)
{
    xc_doc *doc = NULL;
    xc_status xs = xc_db_get_document(db, id, &doc);
    if (xs == XC_OK)
        xs = nx_stored_of_doc(doc, data, len);
    xc_doc_free(doc);
    return xs;
}

nx_status nx_upgrade_rebuild(xc_db *db, nx_docbuilder *b, const char *path, unsigned batch,
                             unsigned long *done, char *err)
{
    xc_docid *ids = NULL;
    size_t n = 0;
    unsigned long count = 0;
    if (done)
        *done = 0;
    if (!batch)
        batch = 1000;
    xc_status xs = xc_db_postlist(db, "", &ids, &n);   /* "": every document */
    if (xs != XC_OK) {
        nx_seterr(err, "%s: cannot list the documents to upgrade: %s", path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    nx_status st = NX_OK;
    for (size_t i = 0; i < n && st == NX_OK; i++) {
        char *data = NULL;
        size_t len = 0;
        if ((xs = record_of(db, ids[i], &data, &len)) != XC_OK) {
            nx_seterr(err, "%s: cannot read document %u to upgrade it: %s", path, ids[i], xc_errmsg());
            st = nx_status_from_xc(xs);
            break;
        }
        /* nx_stored_decode takes a malloc'd buffer; the binding's is one. */
        nx_stored s;
        if (nx_stored_decode(data, len, &s) != NX_OK) {
            nx_seterr(err, "%s: document %u has no readable record, so it cannot be upgraded; "
                      "index into a new database", path, ids[i]);
            st = NX_ERR_CORRUPT;
            break;
        }
        nx_article a;
        nx_stored_article(&s, &a);
        xc_doc *doc = NULL;
        if (!a.id) {
            nx_seterr(err, "%s: document %u has no id, so it cannot be upgraded", path, ids[i]);
            st = NX_ERR_CORRUPT;
        } else if ((st = nx_build_document(b, &a, NULL, &doc, err)) == NX_OK &&
                   (xs = xc_db_replace_document(db, ids[i], doc)) != XC_OK) {
            nx_seterr(err, "%s: cannot upgrade article '%s': %s", path, a.id, xc_errmsg());
            st = nx_status_from_xc(xs);
        }
        xc_doc_free(doc);
        nx_stored_clear(&s);
        if (st == NX_OK && ++count % batch == 0 && (xs = xc_db_commit(db)) != XC_OK) {
            nx_seterr(err, "%s: cannot commit the upgrade: %s", path, xc_errmsg());
            st = nx_status_from_xc(xs);
        }
    }
    xc_free(ids);
    if (done)
        *done = count;
    return st;
}

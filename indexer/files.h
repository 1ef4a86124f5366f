/*
 * files.h — the incremental indexer's memory, and the articles a file gave.
 *
 * One metadata record per input file (size, mtime, content hash, article
 * count), kept in the database itself so the database stays the single
 * source of truth (a sharded database keeps them in its meta/ database);
 * and the search for a file's articles by their XF term, which the stores
 * use to delete them.  Everything here works on one Xapian handle and
 * knows nothing of writers or stores: writer.c counts the changes and says
 * which path failed; a failure returns the binding's status, and
 * xc_errmsg() says why.
 */
#ifndef NX_FILES_H
#define NX_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "xapian-c.h"

/* What the database remembers of one input file. */
typedef struct nx_file_rec {
    unsigned long long size;
    long long mtime_ns;
    uint64_t hash;             /* of the file's bytes (nx_fnv1a) */
    unsigned long articles;
} nx_file_rec;

/* 1 and *rec filled when db holds a record of path, 0 when not, -1 when
 * the metadata cannot be read. */
int nx_file_rec_get(const xc_db *db, const char *path, nx_file_rec *rec);
xc_status nx_file_rec_put(xc_db *db, const char *path, const nx_file_rec *rec);
xc_status nx_file_rec_delete(xc_db *db, const char *path);

/* The record of a file that could not be used (NX_META_FAILED_PREFIX):
 * its size, mtime and hash when it failed, and why; rec->articles carries
 * a hash of the reading options then (format, field mapping, CSV
 * columns), so other options read the file again.  get: 1 and *rec
 * filled, 0 when none, -1 on error. */
int nx_fail_rec_get(const xc_db *db, const char *path, nx_file_rec *rec);
xc_status nx_fail_rec_put(xc_db *db, const char *path, const nx_file_rec *rec, const char *reason);
xc_status nx_fail_rec_delete(xc_db *db, const char *path);

/* The documents of db that carry file term fterm and whose id term is not
 * in keep (nkeep "Q..." strings sorted bytewise; keep NULL: none kept), at
 * most max of them, in docid order.  *ids is malloc'd by the binding
 * (caller frees with xc_free, also on failure; NULL when there is none). */
xc_status nx_file_articles_to_delete(const xc_db *db, const char *fterm, char *const *keep, size_t nkeep,
                                     size_t max, xc_docid **ids, size_t *n);

/* Sorts strings bytewise (for the keep list above). */
void nx_sort_strings(char **v, size_t n);

#endif

/*
 * writer_internal.h — the struct behind nx_writer, and the writer's calls
 * for walk.c (files and folders into the index): the file records and a
 * file's articles, through the writer so that they count towards its
 * batches.  The writer owns all of it; where the articles go is its store's
 * business (indexer/store.h).
 */
#ifndef NX_WRITER_INTERNAL_H
#define NX_WRITER_INTERNAL_H

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "indexer/docbuild.h"
#include "indexer/files.h"
#include "indexer/store.h"
#include "lib/core.h"

struct nx_writer {
    nx_store *store;           /* where articles go; owns the databases */
    xc_db *db;                 /* the store's metadata database (store->meta,
                                  borrowed): stamps, spelling keys, file records */
    char *scratch;             /* dry run on a missing database: the scratch folder */
    nx_stemmer *st;
    nx_docbuilder *builder;    /* lent to the store */
    char *path;
    unsigned batch_size;
    unsigned pending;          /* changes since the last commit */
    /* Saved spelling deltas (NX_META_SPELL_PREFIX keys spell_first ..
     * spell_next - 1) and the builder's flush count they date from. */
    unsigned spell_first, spell_next;
    unsigned long spell_flushes;
    int dry_run;
    int format;                /* nx_format forced by nx_writer_opts.format (0: detect) */
    char *fields;              /* nx_writer_opts.fields, owned (NULL: none) */
    char *csv_columns;         /* nx_writer_opts.csv_columns, owned (NULL: none) */
    char warning[NX_ERRMSG_MAX];   /* nx_writer_warning ("" when none) */
    nx_file_fn on_file;
    nx_progress_fn on_progress;
    void *cb_ctx;
    char err[NX_ERRMSG_MAX];
};

/* The record of input file path: 1 and *rec filled, 0 when there is none,
 * -1 on error (w->err set). */
int nx_writer_file_get(nx_writer *w, const char *path, nx_file_rec *rec);
/* Records (or re-records) path; one change of the batch. */
nx_status nx_writer_file_put(nx_writer *w, const char *path, const nx_file_rec *rec);
/* The record of a file that failed (files.h): get as nx_writer_file_get;
 * put records it with why (one change of the batch); forget removes it
 * (nothing when there is none). */
int nx_writer_fail_get(nx_writer *w, const char *path, nx_file_rec *rec);
nx_status nx_writer_fail_put(nx_writer *w, const char *path, const nx_file_rec *rec, const char *reason);
nx_status nx_writer_fail_forget(nx_writer *w, const char *path);
/* Forgets path's record. */
nx_status nx_writer_file_forget(nx_writer *w, const char *path);
/* Deletes the articles of file path whose id terms are not in keep
 * (sorted with nx_sort_strings; NULL: delete all), each a change of the
 * batch; *deleted receives the count. */
nx_status nx_writer_file_delete_articles(nx_writer *w, const char *path, char **keep, size_t nkeep,
                                         unsigned long *deleted);

#endif

/*
 * writer_internal.h — the struct behind nx_writer, shared by writer.c
 * (handle, batches), walk.c (files and folders) and files.c (the
 * per-file records of the incremental indexer).  The writer owns all of it.
 */
#ifndef NX_WRITER_INTERNAL_H
#define NX_WRITER_INTERNAL_H

#include <stdint.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "indexer/docbuild.h"
#include "lib/core.h"

struct nx_writer {
    xc_db *db;
    nx_stemmer *st;
    nx_docbuilder *builder;
    char *path;
    unsigned batch_size;
    unsigned pending;          /* changes since the last commit */
    int dry_run;
    nx_file_fn on_file;
    nx_progress_fn on_progress;
    void *cb_ctx;
    char err[NX_ERRMSG_MAX];
};

/* Counts one change towards the batch; commits when the batch is full. */
nx_status nx_writer_count_change(nx_writer *w);

/* What the database remembers of one input file. */
typedef struct nx_file_rec {
    unsigned long long size;
    long long mtime_ns;
    uint64_t hash;             /* of the file's bytes */
    unsigned long articles;
} nx_file_rec;

uint64_t nx_hash_bytes(const char *p, size_t n);
/* 1 and *rec filled when the file has a record, 0 when not, -1 on error (w->err set). */
int nx_file_rec_get(nx_writer *w, const char *path, nx_file_rec *rec);
nx_status nx_file_rec_put(nx_writer *w, const char *path, const nx_file_rec *rec);
nx_status nx_file_rec_delete(nx_writer *w, const char *path);
/* Deletes the articles of file `path` whose id terms are not in keep
 * (sorted array of nkeep "Q..." strings; keep may be NULL to delete all).
 * *deleted receives the count. */
nx_status nx_file_delete_articles(nx_writer *w, const char *path, char **keep, size_t nkeep,
                                  unsigned long *deleted);

/* Sorts strings bytewise (for nx_file_delete_articles' keep list). */
void nx_sort_strings(char **v, size_t n);

#endif

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

/* One date shard of a sharded database (indexer/shards.c). */
typedef struct nx_wshard {
    char name[16];     /* "2025", "2025-03" or "undated": its folder inside the database */
    xc_db *rdb;        /* read-only view of what was committed before this run (lookups) */
    xc_db *wdb;        /* writer, opened at the first change to this shard */
} nx_wshard;

typedef struct nx_shardset {
    int by;            /* NX_SHARD_YEAR or NX_SHARD_MONTH */
    char *dir;         /* the database folder (holds XAPIANDB, meta/ and the shards) */
    nx_wshard *v;
    size_t n, cap;
    int stub_dirty;    /* XAPIANDB must be rewritten at the next commit */
} nx_shardset;

struct nx_writer {
    xc_db *db;                 /* the database; for a sharded one its meta/ database
                                  (metadata, file records; no articles) */
    nx_shardset *shards;       /* NULL: not sharded */
    struct nx_bulk *bulk;      /* parallel bulk build (bulk.c); NULL: serial */
    char *scratch;             /* dry run on a missing database: the scratch one */
    nx_stemmer *st;
    nx_docbuilder *builder;
    char *path;
    unsigned batch_size;
    unsigned pending;          /* changes since the last commit */
    /* Saved spelling deltas (NX_META_SPELL_PREFIX keys spell_first ..
     * spell_next - 1) and the builder's flush count they date from. */
    unsigned spell_first, spell_next;
    unsigned long spell_flushes;
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

/* 1 and *rec filled when the file has a record, 0 when not, -1 on error (w->err set). */
int nx_file_rec_get(nx_writer *w, const char *path, nx_file_rec *rec);
nx_status nx_file_rec_put(nx_writer *w, const char *path, const nx_file_rec *rec);
nx_status nx_file_rec_delete(nx_writer *w, const char *path);
/* Deletes the articles of file `path` whose id terms are not in keep
 * (sorted array of nkeep "Q..." strings; keep may be NULL to delete all).
 * *deleted receives the count. */
nx_status nx_file_delete_articles(nx_writer *w, const char *path, char **keep, size_t nkeep,
                                  unsigned long *deleted);

/* Removes dir and everything below it (folders.c); missing is fine. */
void nx_rm_tree(const char *dir);
/* A new empty folder under $TMPDIR (or /tmp) for a scratch database
 * (caller frees the name after nx_scratch_remove), NULL on failure. */
char *nx_scratch_dir(void);
/* Removes the folder and everything in it, then frees dir.  NULL is fine. */
void nx_scratch_remove(char *dir);

/* Opens path writable, retrying on lock contention until wait seconds pass. */
xc_status nx_open_writable_deadline(const char *path, int mode, double wait, xc_db **db);

/* ---- date shards (shards.c) ---- */
/* 1 when path is a sharded database folder (XAPIANDB and meta/ inside). */
int nx_shards_present(const char *path);
/* Creates the folder of a new sharded database (and nothing else). */
nx_status nx_shards_mkdir(const char *path, char *err);
/* Path of the meta database inside a sharded database folder (caller frees). */
char *nx_shards_meta_path(const char *path);
/* After w->db (meta) is open: records or checks the shard mode and finds the
 * existing shards.  by: the requested mode (NX_SHARD_NONE: as recorded). */
nx_status nx_shards_attach(nx_writer *w, const char *dir, int by);
void nx_shards_free(nx_shardset *s);
/* Add/replace an article in its date shard, deleting it from any other. */
nx_status nx_shards_add(nx_writer *w, const nx_article *a, int *replaced);
/* Deletes the article with id term `term` from every shard. */
nx_status nx_shards_delete(nx_writer *w, const char *term, int *deleted);
/* Each shard's handle to read from (writer if open, else the committed view;
 * NULL when the shard has neither) and, on demand, its writer. */
xc_db *nx_shard_reader(nx_wshard *sh);
nx_status nx_shard_writer(nx_writer *w, nx_wshard *sh, xc_db **out);
/* Commits every shard writer, then rewrites XAPIANDB if shards were added.
 * Called by nx_writer_commit before the meta database commits. */
nx_status nx_shards_commit(nx_writer *w);

/* Sorts strings bytewise (for nx_file_delete_articles' keep list). */
void nx_sort_strings(char **v, size_t n);

#endif

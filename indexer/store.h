/*
 * store.h — where the writer's articles go: the storage interface behind
 * nx_writer, in the manner of libgit2's refdb backends (an ops table that
 * each backend fills; the front end only calls through it).
 *
 * writer.c decides what is written and when a batch ends: it counts the
 * changes each operation reports and then calls commit.  It also keeps
 * the schema and language stamps, the spelling counts of an interrupted
 * run and the callbacks.  A store decides how the articles land on disk:
 *   store_plain.c   one Xapian database, written in place (also the dry
 *                   run's scratch database);
 *   store_shards.c  date shards (docs/SHARDING.md): meta/ plus a database
 *                   per year or month, listed in XAPIANDB;
 *   store_bulk.c    the parallel first build: worker threads index into
 *                   private databases that finish merges and swaps in.
 * A store never calls back into the writer, and no store knows another.
 *
 * Ownership: from the moment its constructor succeeds a store owns the
 * database handle it was given (on failure the caller keeps it) and every
 * database it opens, and free releases them.  The document builder is
 * borrowed from the writer, which frees it after the store.  A failed
 * operation returns a status and leaves its message in s->err.
 */
#ifndef NX_STORE_H
#define NX_STORE_H

#include <stddef.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "indexer/docbuild.h"
#include "lib/core.h"

typedef struct nx_store nx_store;

typedef struct nx_store_ops {
    /* Adds article a under its id term, replacing the article that has
     * that term; *existed (never NULL) is 1 when there was one. */
    nx_status (*put)(nx_store *s, const char *id_term, const nx_article *a, int *existed);
    /* Deletes the article with that id term; *existed 0 when none. */
    nx_status (*del)(nx_store *s, const char *id_term, int *existed);
    /* Deletes the articles that carry file term fterm and whose id terms
     * are not in keep (sorted bytewise; NULL: keep none), at most max of
     * them (what is left of the writer's batch), and sets *deleted to the
     * number gone: fewer than max means none is left. */
    nx_status (*del_file)(nx_store *s, const char *fterm, char *const *keep, size_t nkeep,
                          unsigned long max, unsigned long *deleted);
    /* A batch boundary: makes what was written durable and visible, meta
     * last (a file record never claims articles that are not committed).
     * The bulk build's databases are private: there it only reports a
     * worker that failed. */
    nx_status (*commit)(nx_store *s);
    /* The end of the run, after the last commit.  The bulk build merges
     * and swaps in its databases when publish is set, and in any case
     * removes its build folder; NULL in a store with nothing left to do. */
    nx_status (*finish)(nx_store *s, int publish);
    /* Releases everything; the changes of an unfinished batch may be
     * lost (as in a killed run). */
    void (*free)(nx_store *s);
} nx_store_ops;

struct nx_store {
    const nx_store_ops *ops;
    /* newsidx's metadata and the file records (files.h): the database
     * itself, a sharded database's meta/, the bulk build's target (held in
     * a transaction until finish).  Owned by the store; the writer reads
     * and writes metadata here, and the store commits it. */
    xc_db *meta;
    /* finish publishes a whole new database, so the writer stamps the time
     * of the run even when no change is pending (the bulk build). */
    int publishes;
    char err[NX_ERRMSG_MAX];
};

/* Frees s through its ops (NULL is fine). */
static inline void nx_store_free(nx_store *s)
{
    if (s)
        s->ops->free(s);
}

/* ---- the plain store (store_plain.c) */

/* The database db (open writable, locked by the caller); name is the path
 * messages give.  err: NX_ERRMSG_MAX bytes. */
nx_status nx_store_plain_new(xc_db *db, const char *name, nx_docbuilder *b, nx_store **out, char *err);

/* ---- date shards (store_shards.c) */

/* 1 when path is a sharded database folder (XAPIANDB and meta/ inside). */
int nx_store_shards_present(const char *path);
/* Creates the folder of a new sharded database (and nothing else). */
nx_status nx_store_shards_mkdir(const char *path, char *err);
/* Path of the meta database inside a sharded database folder (caller frees). */
char *nx_store_shards_meta_path(const char *path);
/* The sharded database in folder dir, whose meta/ database meta is open
 * writable and locked (its lock is the lock of the whole database).
 * Records or checks the shard mode (by: NX_SHARD_YEAR or NX_SHARD_MONTH;
 * NX_SHARD_NONE: as recorded) and finds the shards on disk.  dry_run: the
 * shard list (XAPIANDB) is never written. */
nx_status nx_store_shards_new(xc_db *meta, const char *dir, int by, int dry_run, nx_docbuilder *b,
                              nx_store **out, char *err);

/* ---- the parallel bulk build (store_bulk.c) */

/* Starts `jobs` workers (at most 64) for the database db at path (open
 * writable and locked, no articles in it), each with a stemmer for
 * language, committing its private database every `batch` changes at
 * most.  The workers share shared's copy groups (docbuild.h), so a copy
 * is found whichever worker indexed its first version (NULL: each worker
 * its own).  A build folder left by a killed build is removed first. */
nx_status nx_store_bulk_new(xc_db *db, const char *path, unsigned jobs, unsigned batch,
                            const char *language, nx_docbuilder *shared, nx_store **out, char *err);
/* Removes "<path>.nx-build" left by a killed bulk build.  Call only while
 * holding the database's write lock. */
void nx_store_bulk_remove_stale(const char *path);

#endif

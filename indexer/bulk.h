/*
 * bulk.h — the parallel bulk build of a writer (nx_writer_opts.jobs).
 *
 * When a writer opens a database that holds no article yet, N worker
 * threads each index into a private database under "<db>.nx-build/".  A
 * new id goes to the worker with the shortest queue, a known one to the
 * worker that has it, so a replaced or deleted id always meets its earlier
 * version.  The writer's own database keeps the metadata and file records,
 * uncommitted until the end.  At close each worker writes its share of all
 * the workers' spelling words and commits its last batch; then the
 * workers' databases and the writer's are compacted into one new database,
 * which is exchanged with the old one in a single rename: readers see all
 * of the build or none of it, and a run killed before that leaves the
 * database as it was (the next writer removes the stale build folder).
 *
 * The pool belongs to the writer (w->bulk); nx_bulk_finish frees it.
 */
#ifndef NX_BULK_H
#define NX_BULK_H

#include "indexer/writer_internal.h"

/* Starts `jobs` workers for w (w->db open and locked, no articles in it).
 * On failure w->err says why and w->bulk stays NULL. */
nx_status nx_bulk_start(nx_writer *w, unsigned jobs);

/* Queues a copy of a (the caller keeps a).  *replaced as nx_writer_add. */
nx_status nx_bulk_add(nx_writer *w, const nx_article *a, int *replaced);

/* Queues the deletion of the article with id term `term`. */
nx_status nx_bulk_delete(nx_writer *w, const char *term, int *deleted);

/* NX_OK, or the status of the first worker that failed (message in w->err). */
nx_status nx_bulk_check(nx_writer *w);

/* Stops the workers; when all succeeded and publish is set, merges their
 * databases with w->db and swaps the result in at w->path.  Afterwards
 * w->db is closed (NULL) when the swap happened, and the build folder is
 * gone either way.  Frees w->bulk. */
nx_status nx_bulk_finish(nx_writer *w, int publish);

/* Removes "<path>.nx-build" left by a killed bulk build.  Call only while
 * holding the database's write lock. */
void nx_bulk_remove_stale(const char *path);

#endif

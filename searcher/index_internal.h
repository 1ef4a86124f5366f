/*
 * index_internal.h — the struct behind nx_index (the read handle), shared
 * by index.c (open, stats), search.c and feedback.c.  The handle owns all
 * of it.
 */
#ifndef NX_INDEX_INTERNAL_H
#define NX_INDEX_INTERNAL_H

#include <limits.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "analysis/stopwords.h"
#include "lib/core.h"
#include "lib/shards.h"
#include "searcher/query.h"
#include "searcher/query_tree.h"
#include "searcher/snippet.h"

/* One shard of a sharded database or shard map (shardmap.c). */
typedef struct nx_rshard {
    char *name;        /* as the map writes it: "2025-03", "host:port", a path */
    char *path;        /* local shard: what to open; NULL for a remote one */
    char *host;        /* remote shard (xapian-tcpsrv) */
    unsigned port;
    nx_shard_dates dates;  /* from its name (lib/shards.h): any date, only lo..hi, or none */
    char lo[16], hi[16];   /* NX_SLOT_DATE bounds of a dated shard */
    xc_db *db;         /* opened at first use */
    int down;          /* could not be opened or failed: left out (allow_partial) */
    int inuse;         /* part of the current combined handle */
} nx_rshard;

struct nx_index {
    xc_db *db;         /* for shards: the combined handle of the shards in use,
                          rebuilt by nx_index_prepare when the selection changes */
    nx_stemmer *st;
    nx_variants *variants; /* British/American spellings for the query side
                              (built by the first nx_index_parse) */
    nx_stopwords *stopwords; /* function words: left out of plain queries,
                                skipped by relevance feedback (built at the
                                first query) */
    nx_snippeter *sn;
    char *path;
    char language[32];
    char err[NX_ERRMSG_MAX];
    nx_rshard *shards; /* NULL: a single database (the unsharded path) */
    size_t nshards;
    nx_open_opts oo;
    char **missing;    /* "name: reason" of the shards left out */
    size_t nmissing;
};

/* ---- opening (index.c; index_many.c opens several paths as one) ---- */
/* What a path given to open holds. */
typedef enum nx_source_kind {
    NX_SOURCE_DATABASE,   /* a database folder */
    NX_SOURCE_SHARDED,    /* a folder newsidx sharded: its XAPIANDB lists the shards */
    NX_SOURCE_MAP         /* a file: a shard map */
} nx_source_kind;
/* Tells which; a path that is none gets its message (naming it) and
 * NX_ERR_NOT_FOUND or NX_ERR_NOT_DATABASE. */
nx_status nx_index_classify(const char *path, nx_source_kind *kind, char **errmsg);
/* A handle with path (a name for messages) and opts, nothing opened. */
nx_status nx_index_new_handle(const char *path, const nx_open_opts *opts, nx_index **out, char **errmsg);
/* Appends path's shards to ix->shards (a database: itself as one shard). */
nx_status nx_index_add_source(nx_index *ix, const char *path, nx_source_kind kind, char **errmsg);
/* Opens what ix lists (its shards, else the database at ix->path), checks
 * the schema and takes the language from the first shard that answers. */
nx_status nx_index_finish_open(nx_index *ix, char **errmsg);

/* Reopens after DatabaseModifiedError; returns 0 on success. */
int nx_index_reopen(nx_index *ix);

/* Adds the --since/--until filter ("YYYY", "YYYY-MM" or "YYYY-MM-DD",
 * inclusive; NULL: open) to *q, which it replaces (search.c).  A bad date
 * gives NX_ERR_INVALID with the message in ix->err. */
nx_status nx_index_date_filter(nx_index *ix, const char *since, const char *until, xc_query **q);

/* Reads query with the index's stemmer and stop words (no database is
 * needed: shard pruning reads the tree before shards are chosen).  On
 * failure the message is in ix->err.  Caller frees *tree (nx_qtree_free). */
nx_status nx_index_read_query(nx_index *ix, const char *query, nx_qtree **tree);
/* Binds tree to the database in use (names, spelling variants); on
 * failure the message is in ix->err. */
nx_status nx_index_compile(nx_index *ix, const nx_qtree *tree, nx_parsed_query *pq);

/* The stored record of hit i of m (*data malloc'd, for nx_stored_decode).
 * A moved database gives NX_ERR_MODIFIED (retry); other failures set
 * ix->err, naming `what` ("a result", "a matching article"). */
nx_status nx_index_fetch_data(nx_index *ix, const xc_mset *m, size_t i, const char *what,
                              char **data, size_t *len);

/* The same for document docid of ix->db. */
nx_status nx_index_fetch_doc(nx_index *ix, xc_docid docid, const char *what, char **data, size_t *len);

/* How many times a read is run again after the database moved under it. */
#define NX_MODIFIED_RETRIES 5

/* After attempt number `attempt` of a read failed with st: 1 to run it
 * again (a commit moved the database, now reopened: DatabaseModifiedError,
 * or DatabaseCorruptError when a block was reused under the reader; or a
 * shard died and allow_partial leaves it out), 0 to give up with st (real
 * damage fails every time and keeps its own message). */
int nx_index_should_retry(nx_index *ix, nx_status st, int attempt);

/* ---- shards (shardmap.c) ---- */
/* Reads a shard map / stub file (Xapian's stub format) into ix->shards;
 * relative paths are taken from basedir.  dated: the shards are a sharded
 * database's own (names YYYY, YYYY-MM, undated say which dates they hold). */
nx_status nx_shardmap_load(nx_index *ix, const char *file, const char *basedir, int dated, char **errmsg);
/* Opens shards in map order until one answers; that one's metadata is the
 * index's (Xapian reads metadata from the first shard).  *first set. */
nx_status nx_shardmap_first(nx_index *ix, xc_db **first);
void nx_shardmap_free(nx_index *ix);
/* Adds the local database at path as one more shard that may hold any
 * date (nx_index_open_many). */
nx_status nx_shardmap_add_local(nx_index *ix, const char *path, char **errmsg);
/* Before a search or names query (and stats): makes ix->db the shards that
 * the dates can touch (since/until and the query's own date span,
 * nx_qtree_date_span; all may be NULL), opening them on first use, and
 * sees the latest committed revision of a local database.  On a single
 * database only the latter. */
nx_status nx_index_prepare(nx_index *ix, const nx_qtree *tree, const char *since, const char *until);
/* After NX_ERR_NETWORK from a search: finds which shards died.  With
 * allow_partial drops them and returns NX_OK (search again); otherwise
 * returns NX_ERR_NETWORK with ix->err naming the shard. */
nx_status nx_index_shard_failed(nx_index *ix);
/* The names of the shards the current combined handle searches, in map
 * order (borrowed until the next nx_index_prepare); 0 for a single
 * database. */
size_t nx_index_shards_in_use(const nx_index *ix, const char **names, size_t max);

/* check_at_least for an MSet.  Xapian weighs at least this many matches
 * before it may skip those that cannot reach the page, so up to this many
 * the total it reports is exact (lower bound = upper bound) and the page
 * cannot lose a match; past it the total is an estimate, said as "about".
 * The bound is chosen by measurement (bench/RESULTS.md, "True counts").
 * --exact (UINT_MAX: Xapian stops at the database's size) weighs every
 * match.  The skipping is also where Xapian 1.4.22 (Debian 12) loses a
 * match now and then: when an AND_MAYBE turns into an AND in next() while
 * its right side is ahead of its left, it skips past the right side's
 * document (AndMaybePostList::next, skip_to(max(lhead, rhead) + 1)); the
 * binding never builds a raw AND_MAYBE (xapian-c.h), but the matcher makes
 * them from ORs as it prunes.  README "Counts". */
#ifndef NX_COUNT_BOUND   /* bench/compare.sh builds other bounds to measure them */
#define NX_COUNT_BOUND 10000
#endif
static inline unsigned nx_check_at_least(int exact)
{
    return exact ? UINT_MAX : NX_COUNT_BOUND;
}

#endif

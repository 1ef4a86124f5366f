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
#include "searcher/query.h"
#include "searcher/snippet.h"

/* One shard of a sharded database or shard map (shardmap.c). */
typedef struct nx_rshard {
    char *name;        /* as the map writes it: "2025-03", "host:port", a path */
    char *path;        /* local shard: what to open; NULL for a remote one */
    char *host;        /* remote shard (xapian-tcpsrv) */
    unsigned port;
    int dated;         /* 0: may hold any date; 1: only lo..hi; 2: only undated articles */
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
    nx_stopwords *stopwords; /* function words skipped by relevance feedback
                                (built at its first use) */
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

/* Reopens after DatabaseModifiedError; returns 0 on success. */
int nx_index_reopen(nx_index *ix);

/* Parses query with the index's stemmer and database (for names); on
 * failure the message is in ix->err. */
nx_status nx_index_parse(nx_index *ix, const char *query, nx_parsed_query *pq);

/* The stored record of hit i of m (*data malloc'd, for nx_stored_decode).
 * A moved database gives NX_ERR_MODIFIED (retry); other failures set
 * ix->err, naming `what` ("a result", "a matching article"). */
nx_status nx_index_fetch_data(nx_index *ix, const xc_mset *m, size_t i, const char *what,
                              char **data, size_t *len);

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
/* Before a search or names query (and stats): makes ix->db the shards that
 * the date filter (since/until, a top-level date: in query; all may be
 * NULL) can touch, opening them on first use.  A no-op on a single database. */
nx_status nx_index_prepare(nx_index *ix, const char *query, const char *since, const char *until);
/* After NX_ERR_NETWORK from a search: finds which shards died.  With
 * allow_partial drops them and returns NX_OK (search again); otherwise
 * returns NX_ERR_NETWORK with ix->err naming the shard. */
nx_status nx_index_shard_failed(nx_index *ix);
/* The date span a query's top-level date: filters allow, conservatively:
 * returns 1 and the bounds ("" for an open end) when every match must fall
 * in lo..hi, 0 when the query does not restrict dates that way. */
int nx_query_date_span(const char *query, char lo[16], char hi[16]);

/* check_at_least for an MSet: 0 lets Xapian skip the matches that cannot
 * reach the page, which is what makes a search fast; UINT_MAX (Xapian
 * stops at the database's size) weighs every match.  Exact searches need
 * the latter because that skipping is where Xapian 1.4.22 (Debian 12)
 * loses a match now and then: when an AND_MAYBE turns into an AND in
 * next() while its right side is ahead of its left, it skips past the
 * right side's document (AndMaybePostList::next, skip_to(max(lhead, rhead)
 * + 1)).  newsidx never asks for AND_MAYBE (nx_query_and_maybe), but the
 * matcher makes them from ORs as it prunes.  README "Exact searches". */
static inline unsigned nx_check_at_least(int exact)
{
    return exact ? UINT_MAX : 0;
}

#endif

/*
 * shards.h — the on-disk layout of a database sharded by date, which the
 * writer's shard store (indexer/store_shards.c) makes and the searcher
 * (searcher/index.c, shardmap.c) reads: one home for the names both must
 * agree on.
 *
 *   DB/XAPIANDB      Xapian's stub file listing the shards ("auto 2025")
 *   DB/meta/         newsidx's metadata and file records, no articles
 *   DB/2025/ or DB/2025-03/   one Xapian database per year or month
 *   DB/undated/      the articles with no date
 *
 * Nothing here allocates.
 */
#ifndef NX_SHARDS_H
#define NX_SHARDS_H

#include <stddef.h>

#define NX_SHARD_STUB "XAPIANDB"
#define NX_SHARD_META "meta"
#define NX_SHARD_UNDATED "undated"
/* Room for a shard's name ("2025-03", "undated") and its NUL. */
#define NX_SHARD_NAME_MAX 16

/* What a shard's name says of the dates it holds. */
typedef enum nx_shard_dates {
    NX_SHARD_ANY_DATE = 0,   /* not a date shard's name: may hold any date */
    NX_SHARD_SPAN,           /* "2025" or "2025-03": only that year or month */
    NX_SHARD_NO_DATE         /* "undated": only articles without a date */
} nx_shard_dates;

/* The shard an article dated date (any form lib/date.h reads; NULL or
 * unreadable: none) goes to when sharding by by (NX_SHARD_YEAR or
 * NX_SHARD_MONTH of newsidx.h), into out. */
void nx_shard_name_for(int by, const char *date, char out[NX_SHARD_NAME_MAX]);
/* 1 when name is a shard folder's name under by: YYYY, YYYY-MM, "undated". */
int nx_shard_name_is(int by, const char *name);
/* What the last path component of path says of its dates; for
 * NX_SHARD_SPAN its NX_SLOT_DATE bounds go into lo and hi (each at least
 * NX_DATE_STAMP bytes, as nx_date_bounds wants). */
nx_shard_dates nx_shard_dates_of(const char *path, char *lo, char *hi);

#endif

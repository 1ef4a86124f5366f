/*
 * results.h — the structs behind nx_results and nx_hit, shared by the
 * calls that hand results out (search.c: a query's page; article.c: one
 * article by id).  The accessors of newsidx.h are in results.c.
 *
 * Ownership: an nx_results owns its hits, and each hit its id, stored
 * record and snippet; nx_results_free frees everything.
 */
#ifndef NX_RESULTS_H
#define NX_RESULTS_H

#include "newsidx.h"
#include "lib/stored.h"
#include "searcher/index_internal.h"
#include "searcher/snippet.h"
#include "searcher/versions.h"

struct nx_hit {
    char *id;
    unsigned rank;
    double score;
    int percent;
    nx_stored stored;
    nx_snippet snip;
    nx_span *title_spans;      /* the query's matches in the headline (malloc'd) */
    size_t ntitle_spans;
    nx_versions versions;      /* the other versions of its story (versions.h) */
};

struct nx_results {
    nx_hit *hits;
    size_t n;
    unsigned long total;       /* matching stories (copy groups, versions.h),
                                  or articles with all_versions: exact when
                                  total_exact */
    int total_exact;
    char *suggestion;
    int partial;               /* some shards were left out (shardmap.c) */
    char **shards;             /* names of the shards searched (NULL: one database) */
    size_t nshards;
};

/* Decodes the stored record data (len bytes, taken) into h and copies its
 * id; NX_ERR_CORRUPT (with ix->err naming docid) when it is no record. */
nx_status nx_hit_from_record(nx_index *ix, xc_docid docid, char *data, size_t len, nx_hit *h);

/* Records in r which shards ix searched (nothing for one database). */
nx_status nx_results_note_shards(nx_index *ix, nx_results *r);

#endif

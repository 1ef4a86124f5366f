/*
 * index_internal.h — the struct behind nx_index (the read handle), shared
 * by index.c (open, stats) and search.c.  The handle owns all of it.
 */
#ifndef NX_INDEX_INTERNAL_H
#define NX_INDEX_INTERNAL_H

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "lib/core.h"
#include "searcher/snippet.h"

struct nx_index {
    xc_db *db;
    nx_stemmer *st;
    nx_snippeter *sn;
    char *path;
    char language[32];
    char err[NX_ERRMSG_MAX];
};

/* Reopens after DatabaseModifiedError; returns 0 on success. */
int nx_index_reopen(nx_index *ix);

#endif

/*
 * writer_internal.h — the struct behind nx_writer, shared by writer.c
 * (handle, batches) and walk.c (files and folders).  The writer owns all
 * of it.
 */
#ifndef NX_WRITER_INTERNAL_H
#define NX_WRITER_INTERNAL_H

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
    char err[NX_ERRMSG_MAX];
};

#endif

/*
 * readers_common.h — test helpers for the reader tests: a sink that copies
 * every article and warning it is given, and file loading by sample path.
 */
#ifndef NX_TEST_READERS_COMMON_H
#define NX_TEST_READERS_COMMON_H

#include <stddef.h>
#include "indexer/reader.h"
#include "indexer/load.h"

typedef struct rt_article {
    char *id, *title, *body, *byline, *dateline, *date, *source, *section, *url, *path;
    char *tags, *people, *places, *orgs;   /* joined with "|" ("" when none) */
} rt_article;

typedef struct rt_sink {
    rt_article *a;
    size_t n, cap;
    char **warn;            /* "path:line: message" */
    size_t nwarn, capwarn;
    size_t stop_after;      /* return NX_ERR_INVALID after this many articles (0: never) */
    int keep;               /* 0: count only (corpus runs) */
    nx_reader_sink sink;
} rt_sink;

void rt_init(rt_sink *s, int keep);
void rt_free(rt_sink *s);
const rt_article *rt_find(const rt_sink *s, const char *id);
/* 1 if some warning contains every given fragment (NULL-terminated list). */
int rt_warned(const rt_sink *s, const char *frag1, const char *frag2);

/* Environment folder (NX_SAMPLES, NX_TESTDATA, NX_CORPORA) joined with rel;
 * static buffer.  NULL when the variable is unset. */
const char *rt_path(const char *env, const char *rel);

/* Loads and reads one file with nx_read_any; returns the reader's status
 * (or the loader's); *recoded receives the loader flag if non-NULL. */
nx_status rt_read_file(const char *path, rt_sink *s, int *recoded);

#endif

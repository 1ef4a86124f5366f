/*
 * common.h — shared plumbing of the benchmark programs: clocks, statistics,
 * the on-disk corpus stream every engine reads, child processes with their
 * own peak RSS, disk usage, and an id -> record index map.
 *
 * The corpus is parsed (or generated) once and written to a flat binary
 * file; each engine then streams it in its own forked child, so every
 * engine indexes exactly the same records and no engine's peak RSS includes
 * a corpus held in memory.
 */
#ifndef NX_BENCH_COMMON_H
#define NX_BENCH_COMMON_H

#include <stddef.h>
#include <stdio.h>
#include "newsidx.h"

double bench_now(void);                 /* monotonic seconds */

/* Sorts v in place; p in [0,100].  n = 0 gives 0. */
double bench_percentile(double *v, size_t n, double p);
double bench_mean(const double *v, size_t n);

/* ---- corpus stream ---- */

typedef struct bench_writer {
    FILE *f;
    unsigned long records;
    unsigned long long text_bytes;       /* title + body bytes */
} bench_writer;

int bench_corpus_create(bench_writer *w, const char *path);
int bench_corpus_put(bench_writer *w, const nx_article *a);
int bench_corpus_finish(bench_writer *w);   /* closes; 0 on success */

typedef struct bench_reader {
    FILE *f;
    char *buf;
    size_t cap;
    const char **ptrs;      /* list items of the current record */
    size_t ptrcap;
} bench_reader;

int bench_corpus_open(bench_reader *r, const char *path);
/* 1: *a filled (borrowed until the next call), 0: end, -1: damaged file. */
int bench_corpus_next(bench_reader *r, nx_article *a);
void bench_corpus_close(bench_reader *r);

/* ---- child processes ---- */

/* Runs fn(arg, out) in a forked child; out (outsz bytes) is copied back
 * through a pipe.  *maxrss_kb gets the child's peak RSS.  Returns fn's
 * return value (0 success), or -1 when the child died. */
int bench_run_child(int (*fn)(void *arg, void *out), void *arg, void *out,
                    size_t outsz, long *maxrss_kb);

/* ---- files ---- */

unsigned long long bench_du(const char *path);   /* bytes allocated on disk */
int bench_rm_rf(const char *path);                /* 0 also when absent */

/* ---- id map (string id -> record number) ---- */

typedef struct bench_idmap {
    char **keys;
    long *vals;
    size_t cap, n;
} bench_idmap;

int bench_idmap_put(bench_idmap *m, const char *key, long val);
long bench_idmap_get(const bench_idmap *m, const char *key);  /* -1 if absent */
void bench_idmap_free(bench_idmap *m);

/* Reads non-empty, non-# lines of a file; caller frees with bench_lines_free. */
char **bench_read_lines(const char *path, size_t *n);
void bench_lines_free(char **lines, size_t n);

#endif

/*
 * judged.h — a judged collection for nxrelevance: its corpus stream (common.h),
 * the record number of every article id, and its queries, each with the
 * record numbers of the articles judged relevant to it.
 *
 * Two readers fill one: Reuters-21578 with its TOPICS labels as judgements
 * (reuters_judged.c, queries from bench/relevance/queries.tsv) and the TIME
 * collection with its human judgements (time.c).  Both live in the
 * benchmark, not in the product: judgements are not something newsidx
 * reads.
 *
 * Ownership: a judged_set owns every string and array in it; free it with
 * judged_free.
 */
#ifndef NX_BENCH_JUDGED_H
#define NX_BENCH_JUDGED_H

#include <stddef.h>
#include "common.h"

/* Which half of a collection's queries one belongs to (README.md). */
typedef enum judged_half { HALF_TUNING = 0, HALF_HELDOUT, HALF_ALL } judged_half;

typedef struct judged_query {
    char *label;        /* Reuters: the topic; TIME: the query number */
    char *text;         /* as given to every engine */
    judged_half half;
    long *rel;          /* record numbers of the relevant articles, ascending */
    size_t nrel;
} judged_query;

typedef struct judged_set {
    const char *name;       /* "Reuters-21578", "TIME" (static) */
    char corpus[4096];      /* the corpus stream every engine indexes */
    size_t ndocs;
    bench_idmap ids;        /* article id -> record number */
    judged_query *q;
    size_t nq;
} judged_set;

/* The half of a Reuters query: held out when the top bit of FNV-1a-64 of
 * its text is 1 (README.md, "The split rule"). */
judged_half judged_reuters_half(const char *text);

/* Parses Reuters (dir, every reut2-*.sgm) into work/reuters.corpus and
 * reads the topic queries of qpath; labels judge relevance.  0 on
 * success, -1 with a message in err. */
int judged_reuters(const char *dir, const char *work, const char *qpath, judged_set *out,
                   char *err, size_t errsz);

/* Reads the TIME collection of dir (TIME.ALL, TIME.QUE, TIME.REL) into
 * work/time.corpus and its queries; a query with no judged article that
 * the collection holds is left out.  0 on success, -1 with a message. */
int judged_time(const char *dir, const char *work, judged_set *out, char *err, size_t errsz);

/* 1 when record rec is judged relevant to q. */
int judged_is_relevant(const judged_query *q, long rec);

/* Adds rec to q's relevant set (kept ascending, no duplicates); -1 when
 * out of memory. */
int judged_add(judged_query *q, long rec);

void judged_free(judged_set *s);

#endif

/*
 * judged.c — judged_set helpers and the Reuters-21578 reader: the TOPICS
 * labels are the judgements (a story is relevant to a topic's query when
 * it carries the label), the queries are bench/relevance/queries.tsv.
 */
#include "judged.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "corpus.h"

/* The split rule names the standard FNV-1a-64, offset basis
 * 14695981039346656037, and the halves were listed with it before any
 * scoring.  lib/core.c's nx_fnv1a starts from 1469598103934665603 (the
 * basis without its last digit), which puts 40 queries in the tuning half
 * instead of 36, so it is not the function here. */
static uint64_t fnv1a64(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) {
        h ^= (unsigned char)*s;
        h *= 1099511628211ULL;
    }
    return h;
}

judged_half judged_reuters_half(const char *text)
{
    return (fnv1a64(text) >> 63) ? HALF_HELDOUT : HALF_TUNING;
}

int judged_is_relevant(const judged_query *q, long rec)
{
    size_t lo = 0, hi = q->nrel;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (q->rel[mid] == rec)
            return 1;
        if (q->rel[mid] < rec)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

int judged_add(judged_query *q, long rec)
{
    if (judged_is_relevant(q, rec))
        return 0;
    long *r = realloc(q->rel, (q->nrel + 1) * sizeof *r);
    if (!r)
        return -1;
    q->rel = r;
    size_t at = q->nrel++;
    while (at > 0 && r[at - 1] > rec) {
        r[at] = r[at - 1];
        at--;
    }
    r[at] = rec;
    return 0;
}

void judged_free(judged_set *s)
{
    for (size_t i = 0; i < s->nq; i++) {
        free(s->q[i].label);
        free(s->q[i].text);
        free(s->q[i].rel);
    }
    free(s->q);
    bench_idmap_free(&s->ids);
    memset(s, 0, sizeof *s);
}

/* ---------------------------------------------------------------- Reuters */

typedef struct reuters_job { const char *dir, *out; } reuters_job;

/* In a child: the SGML reader's peak memory stays out of the scoring. */
static int child_reuters(void *arg, void *out)
{
    reuters_job *rj = arg;
    bench_writer w;
    return bench_reuters_to_corpus(rj->dir, rj->out, 0, &w, out, 256);
}

static int read_queries(const char *path, judged_set *s)
{
    size_t nl;
    char **lines = bench_read_lines(path, &nl);
    if (!lines)
        return -1;
    s->q = calloc(nl ? nl : 1, sizeof *s->q);
    for (size_t i = 0; s->q && i < nl; i++) {
        char *tab = strchr(lines[i], '\t');
        if (!tab || !tab[1])
            continue;
        *tab = '\0';
        judged_query *q = &s->q[s->nq];
        q->label = strdup(lines[i]);
        q->text = strdup(tab + 1);
        if (!q->label || !q->text) {
            free(q->label);
            free(q->text);
            break;
        }
        q->half = judged_reuters_half(q->text);
        s->nq++;
    }
    bench_lines_free(lines, nl);
    return s->q && s->nq ? 0 : -1;
}

int judged_reuters(const char *dir, const char *work, const char *qpath, judged_set *s,
                   char *err, size_t errsz)
{
    memset(s, 0, sizeof *s);
    s->name = "Reuters-21578";
    snprintf(s->corpus, sizeof s->corpus, "%s/reuters.corpus", work);
    if (read_queries(qpath, s) != 0) {
        snprintf(err, errsz, "no queries in %s", qpath);
        return -1;
    }
    char cerr[256] = "";
    reuters_job rj = { dir, s->corpus };
    if (bench_run_child(child_reuters, &rj, cerr, sizeof cerr, NULL) != 0) {
        snprintf(err, errsz, "reading Reuters failed: %s", cerr);
        return -1;
    }
    bench_reader rd;
    nx_article a;
    int rc;
    if (bench_corpus_open(&rd, s->corpus) != 0) {
        snprintf(err, errsz, "cannot read %s", s->corpus);
        return -1;
    }
    while ((rc = bench_corpus_next(&rd, &a)) == 1) {
        long rec = (long)s->ndocs++;
        if (bench_idmap_put(&s->ids, a.id, rec) != 0) {
            rc = -1;
            break;
        }
        for (size_t t = 0; t < a.n_tags && rc == 1; t++)
            for (size_t i = 0; i < s->nq; i++)
                if (!strcmp(a.tags[t], s->q[i].label) && judged_add(&s->q[i], rec) != 0)
                    rc = -1;
        if (rc != 1)
            break;
    }
    bench_corpus_close(&rd);
    if (rc != 0) {
        snprintf(err, errsz, "%s: damaged or out of memory", s->corpus);
        return -1;
    }
    return 0;
}

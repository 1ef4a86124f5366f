/*
 * nxbench.c — the performance comparison: indexing (docs/s, MB/s, size,
 * peak RSS, wall time) and query latency with and without snippets for
 * newsidx, the plain Xapian pipeline and SQLite FTS5 on the same documents
 * in one run, plus the per-hit snippet cost against Xapian's MSet::snippet
 * on the same hits.  Each engine indexes in its own child process so peak
 * RSS is its own; all query timings come from one child after a warm-up.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common.h"
#include "corpus.h"
#include "engines.h"

#define K_HITS 10
#define MAX_QUERIES 2000

#define NX_MAX_INDEX_REPS 9

typedef struct options {
    const char *reuters;        /* Reuters-21578 directory */
    const char *work;           /* scratch directory for corpora and indexes */
    const char *queries;        /* query file */
    unsigned long synthetic;    /* largest synthetic size, 0 = none */
    int quick;
    int reuse;                  /* keep existing corpora and indexes (profiling queries) */
    int engines[ENG_COUNT];     /* which engines run */
    int reps;                   /* timed passes over the queries */
    int index_reps;             /* indexing runs per engine, interleaved; 0 = default (5 on Reuters, 1 synthetic) */
} options;

typedef struct latency {
    double mean, p50, p99;      /* milliseconds */
    double hits;                /* mean hits per query */
    int ok;
} latency;

typedef struct query_report {
    latency lat[ENG_COUNT][2];          /* [engine][snippets] */
    double nx_snip_us_per_hit;          /* (with - without) / hits */
    double xap_snip_us_per_hit;         /* MSet::snippet alone on newsidx's hits */
    double xap_fetch_us_per_hit;        /* document lookup for those hits */
    unsigned long snip_hits;
    unsigned nqueries;
    char err[256];
} query_report;

typedef struct index_job {
    bench_engine e;
    const char *corpus, *db;
} index_job;

typedef struct query_job {
    const options *o;
    char **queries;
    size_t nq;
    const char *db[ENG_COUNT];
} query_job;

/* ---------------------------------------------------------------- children */

static int child_index(void *arg, void *out)
{
    index_job *j = arg;
    return bench_index(j->e, j->corpus, j->db, 1, out);
}

/* Times every query once per pass; samples in ms, hits summed. */
static int time_queries(bench_searcher *s, char **q, size_t nq, int snippets, int reps,
                        double *samples, latency *lat)
{
    double hits = 0;
    size_t n = 0;
    for (size_t i = 0; i < nq; i++)            /* warm-up pass */
        if (bench_search(s, q[i], K_HITS, snippets, NULL, NULL) < 0)
            return -1;
    for (int r = 0; r < reps; r++)
        for (size_t i = 0; i < nq; i++) {
            double t0 = bench_now();
            long h = bench_search(s, q[i], K_HITS, snippets, NULL, NULL);
            samples[n++] = (bench_now() - t0) * 1e3;
            if (h < 0)
                return -1;
            hits += (double)h;
        }
    lat->mean = bench_mean(samples, n);
    lat->p99 = bench_percentile(samples, n, 99);
    lat->p50 = bench_percentile(samples, n, 50);
    lat->hits = hits / (double)n;
    lat->ok = 1;
    return 0;
}

/* Issue 6: MSet::snippet on exactly the hits newsidx showed. */
static int snippet_experiment(bench_searcher *nx, bench_searcher *xap, char **q, size_t nq,
                              query_report *rep)
{
    static char ids[K_HITS][96];
    double t_fetch = 0, t_snip = 0;
    unsigned long made = 0;

    for (int pass = 0; pass < 2; pass++) {      /* pass 0 warms up */
        t_fetch = t_snip = 0;
        made = 0;
        for (size_t i = 0; i < nq; i++) {
            long n = bench_newsidx_hit_ids(nx, q[i], K_HITS, ids, K_HITS);
            if (n < 0)
                return -1;
            const char *p[K_HITS];
            for (long k = 0; k < n; k++)
                p[k] = ids[k];
            long m = bench_xapian_snippets_for(xap, q[i], p, (size_t)n, &t_fetch, &t_snip);
            if (m < 0)
                return -1;
            made += (unsigned long)m;
        }
    }
    rep->snip_hits = made;
    rep->xap_snip_us_per_hit = made ? t_snip * 1e6 / (double)made : 0;
    rep->xap_fetch_us_per_hit = made ? t_fetch * 1e6 / (double)made : 0;
    return 0;
}

static int child_queries(void *arg, void *out)
{
    query_job *j = arg;
    query_report *rep = out;
    bench_searcher *s[ENG_COUNT] = { 0 };
    double *samples = malloc(sizeof(double) * j->nq * (size_t)j->o->reps);
    int rc = -1;

    memset(rep, 0, sizeof *rep);
    rep->nqueries = (unsigned)j->nq;
    if (!samples) {
        snprintf(rep->err, sizeof rep->err, "out of memory");
        return -1;
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        if (!j->db[e])
            continue;
        s[e] = bench_searcher_open((bench_engine)e, j->db[e], rep->err, sizeof rep->err);
        if (!s[e])
            goto out;
        for (int sn = 0; sn < 2; sn++)
            if (time_queries(s[e], j->queries, j->nq, sn, j->o->reps, samples, &rep->lat[e][sn]) != 0) {
                snprintf(rep->err, sizeof rep->err, "%s: a query failed", bench_engine_name((bench_engine)e));
                goto out;
            }
    }
    latency *a = rep->lat[ENG_NEWSIDX];
    if (a[0].ok && a[1].ok && a[1].hits > 0)
        rep->nx_snip_us_per_hit = (a[1].mean - a[0].mean) * 1e3 / a[1].hits;
    if (s[ENG_NEWSIDX] && s[ENG_XAPIAN] &&
        snippet_experiment(s[ENG_NEWSIDX], s[ENG_XAPIAN], j->queries, j->nq, rep) != 0) {
        snprintf(rep->err, sizeof rep->err, "snippet comparison failed");
        goto out;
    }
    rc = 0;
out:
    for (int e = 0; e < ENG_COUNT; e++)
        bench_searcher_close(s[e]);
    free(samples);
    return rc;
}

typedef struct reuters_job { const char *dir, *out; unsigned long limit; } reuters_job;
typedef struct corpus_report { unsigned long records; unsigned long long bytes; char err[256]; } corpus_report;

static int child_reuters(void *arg, void *out)
{
    reuters_job *j = arg;
    corpus_report *r = out;
    bench_writer w;
    memset(r, 0, sizeof *r);
    int rc = bench_reuters_to_corpus(j->dir, j->out, j->limit, &w, r->err, sizeof r->err);
    r->records = w.records;
    r->bytes = w.text_bytes;
    return rc;
}

typedef struct synth_job { const char *model, *out; unsigned long n; } synth_job;

static int child_synth(void *arg, void *out)
{
    synth_job *j = arg;
    corpus_report *r = out;
    bench_writer w;
    memset(r, 0, sizeof *r);
    memset(&w, 0, sizeof w);
    int rc = bench_synth(j->model, j->n, 20250314ull, j->out, NULL, &w, r->err, sizeof r->err);
    r->records = w.records;
    r->bytes = w.text_bytes;
    return rc;
}

/* ---------------------------------------------------------------- report */

static double ratio(double a, double b) { return b > 0 ? a / b : 0; }

/* Median of n values (n <= NX_MAX_INDEX_REPS); sorts v. */
static double median(double *v, int n)
{
    for (int i = 1; i < n; i++)
        for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
            double t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void print_index_table(const char *label, const options *o, bench_index_result *res,
                              const int *ok, const long *rss, const unsigned long long *size,
                              double (*secs)[NX_MAX_INDEX_REPS], int runs)
{
    printf("\n### Indexing: %s\n\n", label);
    printf("| engine | docs | wall s | docs/s | MB/s | index MB | peak RSS MB |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|\n");
    for (int e = 0; e < ENG_COUNT; e++) {
        if (!o->engines[e])
            continue;
        if (!ok[e]) {
            printf("| %s | %s%s | | | | | |\n", bench_engine_name((bench_engine)e),
                   strncmp(res[e].err, "reused", 6) == 0 ? "" : "failed: ", res[e].err);
            continue;
        }
        printf("| %s | %lu | %.2f | %.0f | %.2f | %.1f | %.1f |\n", bench_engine_name((bench_engine)e),
               res[e].docs, res[e].seconds, ratio((double)res[e].docs, res[e].seconds),
               ratio((double)res[e].text_bytes / 1e6, res[e].seconds), (double)size[e] / 1048576.0,
               (double)rss[e] / 1024.0);
    }
    for (int e = ENG_XAPIAN; e < ENG_COUNT; e++) {
        if (!ok[ENG_NEWSIDX] || !ok[e])
            continue;
        /* Each run's ratio pairs runs made back to back, so a machine
         * that slows down for a while moves both sides of it. */
        double r[NX_MAX_INDEX_REPS], shown[NX_MAX_INDEX_REPS];
        for (int k = 0; k < runs; k++)
            shown[k] = r[k] = ratio(secs[e][k], secs[ENG_NEWSIDX][k]);
        printf("\nnewsidx/%s: docs/s x%.2f, index size x%.2f, peak RSS x%.2f, wall x%.2f\n",
               bench_engine_name((bench_engine)e), median(r, runs),
               ratio((double)size[0], (double)size[e]), ratio((double)rss[0], (double)rss[e]),
               ratio(res[0].seconds, res[e].seconds));
        if (runs > 1) {
            printf("(docs/s ratio: median of %d interleaved runs, each run's:", runs);
            for (int k = 0; k < runs; k++)
                printf(" x%.2f", shown[k]);
            printf(")\n");
        }
    }
}

static void print_query_table(const options *o, const query_report *q)
{
    printf("\n### Query latency (ms), top %d, %u queries x %d timed passes after a warm-up\n\n",
           K_HITS, q->nqueries, o->reps);
    printf("| engine | mean | p50 | p99 | mean +snip | p50 +snip | p99 +snip | hits/query |\n");
    printf("|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (int e = 0; e < ENG_COUNT; e++) {
        const latency *a = q->lat[e];
        if (!o->engines[e] || !a[0].ok)
            continue;
        printf("| %s | %.3f | %.3f | %.3f | %.3f | %.3f | %.3f | %.1f |\n",
               bench_engine_name((bench_engine)e), a[0].mean, a[0].p50, a[0].p99,
               a[1].mean, a[1].p50, a[1].p99, a[0].hits);
    }
    for (int e = ENG_XAPIAN; e < ENG_COUNT; e++) {
        const latency *n = q->lat[ENG_NEWSIDX], *r = q->lat[e];
        if (!n[0].ok || !r[0].ok)
            continue;
        printf("\nnewsidx/%s: p50 x%.2f, p99 x%.2f; with snippets p50 x%.2f, p99 x%.2f\n",
               bench_engine_name((bench_engine)e), ratio(n[0].p50, r[0].p50), ratio(n[0].p99, r[0].p99),
               ratio(n[1].p50, r[1].p50), ratio(n[1].p99, r[1].p99));
    }
    if (q->snip_hits) {
        printf("\n### Snippet cost per hit (same hits: newsidx's top %d)\n\n", K_HITS);
        printf("| | us per hit |\n|---|---:|\n");
        printf("| newsidx snippet (search+snippets minus search, per hit) | %.1f |\n", q->nx_snip_us_per_hit);
        printf("| Xapian MSet::snippet on the same hits | %.1f |\n", q->xap_snip_us_per_hit);
        printf("| Xapian document fetch for those hits | %.1f |\n", q->xap_fetch_us_per_hit);
        printf("\nsnippets compared on %lu hits; search-plus-snippets p50 newsidx/xapian = %.3f "
               "(issue 6 target <= 0.25)\n", q->snip_hits,
               ratio(q->lat[ENG_NEWSIDX][1].p50, q->lat[ENG_XAPIAN][1].p50));
    }
}

/* Indexes corpus with every engine and times the queries; prints tables. */
static int run_suite(const options *o, const char *label, const char *tag, const char *corpus,
                     char **queries, size_t nq, int runs)
{
    bench_index_result res[ENG_COUNT];
    int ok[ENG_COUNT] = { 0 }, reused[ENG_COUNT] = { 0 };
    long rss[ENG_COUNT] = { 0 };
    unsigned long long size[ENG_COUNT] = { 0 };
    double secs[ENG_COUNT][NX_MAX_INDEX_REPS] = { { 0 } };
    char db[ENG_COUNT][4096];
    query_job qj = { o, queries, nq, { NULL } };

    memset(res, 0, sizeof res);
    for (int e = 0; e < ENG_COUNT; e++) {
        if (!o->engines[e])
            continue;
        snprintf(db[e], sizeof db[e], "%s/%s-%s%s", o->work, tag, bench_engine_name((bench_engine)e),
                 e == ENG_FTS5 ? ".sqlite" : ".db");
        ok[e] = 1;
        if (o->reuse && bench_du(db[e]) > 0) {
            snprintf(res[e].err, sizeof res[e].err, "reused, not timed");
            qj.db[e] = db[e];
            reused[e] = 1;
            ok[e] = 0;
        }
    }
    /* Engines take turns, run after run: the machine's speed drifts over
     * minutes, and a ratio of runs made far apart would measure that. */
    for (int k = 0; k < runs; k++)
        for (int e = 0; e < ENG_COUNT; e++) {
            if (!o->engines[e] || reused[e] || !ok[e])
                continue;
            index_job j = { (bench_engine)e, corpus, db[e] };
            bench_index_result r;
            long run_rss = 0;
            memset(&r, 0, sizeof r);    /* a child that dies reports nothing */
            fprintf(stderr, "nxbench: %s: indexing with %s (run %d of %d)...\n", label,
                    bench_engine_name((bench_engine)e), k + 1, runs);
            /* The previous run's index is still being written back; it
             * must not slow this one. */
            sync();
            ok[e] = bench_run_child(child_index, &j, &r, sizeof r, &run_rss) == 0;
            if (!ok[e]) {
                res[e] = r;
                if (!res[e].err[0])
                    snprintf(res[e].err, sizeof res[e].err, "child failed");
                continue;
            }
            secs[e][k] = r.seconds;
            if (run_rss > rss[e])
                rss[e] = run_rss;
            res[e] = r;
        }
    for (int e = 0; e < ENG_COUNT; e++)
        if (ok[e]) {
            double t[NX_MAX_INDEX_REPS];
            memcpy(t, secs[e], sizeof t);
            res[e].seconds = median(t, runs);
            size[e] = bench_du(db[e]);
            qj.db[e] = db[e];
        }
    print_index_table(label, o, res, ok, rss, size, secs, runs);
    fflush(stdout);

    static query_report qr;
    long qrss = 0;
    fprintf(stderr, "nxbench: %s: timing %zu queries...\n", label, nq);
    if (bench_run_child(child_queries, &qj, &qr, sizeof qr, &qrss) != 0)
        printf("\nquery timing failed: %s\n", qr.err[0] ? qr.err : "child died");
    print_query_table(o, &qr);
    fflush(stdout);
    return 0;
}

/* ---------------------------------------------------------------- main */

static int parse_engines(const char *s, int *eng)
{
    memset(eng, 0, sizeof(int) * ENG_COUNT);
    char buf[256];
    snprintf(buf, sizeof buf, "%s", s);
    for (char *t = strtok(buf, ","); t; t = strtok(NULL, ",")) {
        int found = 0;
        for (int e = 0; e < ENG_COUNT; e++)
            if (strcmp(t, bench_engine_name((bench_engine)e)) == 0)
                eng[e] = found = 1;
        if (!found)
            return -1;
    }
    return 0;
}

static void usage(void)
{
    fprintf(stderr,
            "usage: nxbench --reuters DIR --work DIR --queries FILE [--quick] [--synthetic N]\n"
            "               [--engines newsidx,xapian,fts5] [--reps R] [--index-reps N] [--reuse]\n");
}

static int parse_args(int argc, char **argv, options *o)
{
    memset(o, 0, sizeof *o);
    for (int e = 0; e < ENG_COUNT; e++)
        o->engines[e] = 1;
    o->reps = 3;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--quick") == 0 || strcmp(a, "--reuse") == 0) {
            *(a[2] == 'q' ? &o->quick : &o->reuse) = 1;
            continue;
        }
        if (!v)
            return -1;
        i++;
        if (strcmp(a, "--reuters") == 0) o->reuters = v;
        else if (strcmp(a, "--work") == 0) o->work = v;
        else if (strcmp(a, "--queries") == 0) o->queries = v;
        else if (strcmp(a, "--synthetic") == 0) o->synthetic = strtoul(v, NULL, 10);
        else if (strcmp(a, "--reps") == 0) o->reps = atoi(v);
        else if (strcmp(a, "--index-reps") == 0) o->index_reps = atoi(v);
        else if (strcmp(a, "--engines") == 0) {
            if (parse_engines(v, o->engines) != 0)
                return -1;
        } else
            return -1;
    }
    if (o->reps < 1 || o->reps > 100)
        o->reps = 3;
    if (o->index_reps < 0 || o->index_reps > NX_MAX_INDEX_REPS)
        return -1;
    if (o->quick)
        o->reps = 1;
    return o->work && o->queries ? 0 : -1;
}

static int have_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    options o;
    size_t nq, nq_all;
    char model[4096];

    /* Experiments only: newsidx searches with --expand, --feedback or
     * --exact. */
    if (getenv("NXBENCH_EXPAND"))
        bench_newsidx_expand = 1;
    if (getenv("NXBENCH_FEEDBACK"))
        bench_newsidx_feedback = 1;
    if (getenv("NXBENCH_NO_FEEDBACK"))
        bench_newsidx_feedback = -1;
    if (getenv("NXBENCH_EXACT"))
        bench_newsidx_exact = 1;
    if (parse_args(argc, argv, &o) != 0) {
        usage();
        return 2;
    }
    char **queries = bench_read_lines(o.queries, &nq_all);
    nq = nq_all;
    if (!queries || nq == 0) {
        fprintf(stderr, "nxbench: no queries in %s\n", o.queries);
        return 1;
    }
    if (o.quick && nq > 50)
        nq = 50;
    if (!have_dir(o.reuters)) {
        printf("Reuters-21578 not found at %s: nothing to compare (set NX_CORPORA).\n",
               o.reuters ? o.reuters : "(none)");
        bench_lines_free(queries, nq_all);
        return 0;
    }
    if (mkdir(o.work, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "nxbench: cannot create %s\n", o.work);
        return 1;
    }
    snprintf(model, sizeof model, "%s/reuters.corpus", o.work);
    reuters_job rj = { o.reuters, model, o.quick ? 2000 : 0 };
    corpus_report cr;
    if (bench_run_child(child_reuters, &rj, &cr, sizeof cr, NULL) != 0) {
        fprintf(stderr, "nxbench: reading Reuters failed: %s\n", cr.err);
        return 1;
    }
    char label[256];
    snprintf(label, sizeof label, "Reuters-21578 (%lu articles, %.1f MB of title+body text)",
             cr.records, (double)cr.bytes / 1e6);
    /* Five interleaved indexing runs on Reuters by default, one on the
     * synthetic corpora (where a Xapian run takes minutes); --index-reps
     * sets both.  Three were too few: on these shared machines the Xapian
     * reference alone took 9.7-13.5 s within one hour, and single pairs
     * gave ratios from x2.6 to x3.7. */
    run_suite(&o, label, "reuters", model, queries, nq,
              o.index_reps ? o.index_reps : o.quick ? 1 : 5);

    /* synthetic ladder: 10k, 100k, ... up to the requested size, then the size itself */
    for (unsigned long n = 10000; o.synthetic && n <= o.synthetic * 10; n *= 10) {
        unsigned long size = n < o.synthetic ? n : o.synthetic;
        if (o.quick && size > 20000)
            break;
        char corpus[4096], tag[64];
        snprintf(corpus, sizeof corpus, "%s/synth-%lu.corpus", o.work, size);
        synth_job sj = { model, corpus, size };
        fprintf(stderr, "nxbench: generating %lu synthetic articles...\n", size);
        if (o.reuse && bench_du(corpus) > 0)
            cr.records = size, cr.bytes = 0;
        else if (bench_run_child(child_synth, &sj, &cr, sizeof cr, NULL) != 0) {
            fprintf(stderr, "nxbench: synthetic corpus failed: %s\n", cr.err);
            break;
        }
        snprintf(label, sizeof label, "synthetic %lu articles (%.1f MB of title+body text)",
                 cr.records, (double)cr.bytes / 1e6);
        snprintf(tag, sizeof tag, "synth%lu", size);
        run_suite(&o, label, tag, corpus, queries, nq, o.index_reps ? o.index_reps : 1);
        if (size == o.synthetic)
            break;
    }
    bench_lines_free(queries, nq_all);
    return 0;
}

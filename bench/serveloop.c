/*
 * serveloop.c — the in-process reference for bench/serve.sh: the searches
 * `newsidx serve` answers (the same queries, top 10 with 200-character
 * snippets), called straight through the public API in a loop, on T
 * threads each with its own handle, for a fixed time.  Prints one line:
 *   RESULT threads=T searches=N seconds=S per_s=R p50_ms=X p99_ms=Y errors=E cpu_us=C
 * where C is the CPU time (user + system) the process spent per search:
 * on a machine shared with other work the rate says what this process
 * got, C what each search costs whatever the load.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "common.h"

#define MAX_THREADS 16
#define MAX_SAMPLES 4000000

typedef struct worker {
    const char *db;
    char **queries;
    size_t nq;
    double seconds;
    size_t start;
    double *samples;
    size_t n, cap;
    unsigned long errors;
} worker;

static void *run(void *arg)
{
    worker *w = arg;
    nx_index *ix = NULL;
    char *err = NULL;
    if (nx_index_open(w->db, &ix, &err) != NX_OK) {
        fprintf(stderr, "serveloop: %s\n", err ? err : "cannot open the database");
        nx_free(err);
        w->errors++;
        return NULL;
    }
    nx_search_opts so;
    nx_search_opts_init(&so);   /* limit 10, 200-character snippets: the server's defaults */
    double end = bench_now() + w->seconds;
    for (size_t i = w->start; bench_now() < end && w->n < w->cap; i++) {
        nx_results *r = NULL;
        double t0 = bench_now();
        nx_status st = nx_search(ix, w->queries[i % w->nq], &so, &r);
        w->samples[w->n++] = (bench_now() - t0) * 1e3;
        if (st != NX_OK)
            w->errors++;
        nx_results_free(r);
    }
    nx_index_close(ix);
    return NULL;
}

int main(int argc, char **argv)
{
    if (argc != 5) {
        fprintf(stderr, "usage: nxserveloop DB QUERIES THREADS SECONDS\n");
        return 2;
    }
    size_t nq;
    char **q = bench_read_lines(argv[2], &nq);
    int threads = atoi(argv[3]);
    double seconds = atof(argv[4]);
    if (!q || !nq || threads < 1 || threads > MAX_THREADS || seconds <= 0) {
        fprintf(stderr, "nxserveloop: bad arguments (or no queries in %s)\n", argv[2]);
        return 2;
    }
    worker w[MAX_THREADS];
    pthread_t tid[MAX_THREADS];
    /* Warm-up: one pass over the queries, as the server has before wrk starts. */
    worker warm = { argv[1], q, nq, 1.0, 0, malloc(sizeof(double) * nq), 0, nq, 0 };
    run(&warm);
    free(warm.samples);
    struct rusage ru0, ru1;
    getrusage(RUSAGE_SELF, &ru0);
    double t0 = bench_now();
    for (int t = 0; t < threads; t++) {
        w[t] = (worker){ argv[1], q, nq, seconds, (size_t)t * nq / (size_t)threads,
                         malloc(sizeof(double) * MAX_SAMPLES), 0, MAX_SAMPLES, 0 };
        pthread_create(&tid[t], NULL, run, &w[t]);
    }
    size_t total = 0;
    unsigned long errors = 0;
    for (int t = 0; t < threads; t++) {
        pthread_join(tid[t], NULL);
        total += w[t].n;
        errors += w[t].errors;
    }
    double elapsed = bench_now() - t0;
    getrusage(RUSAGE_SELF, &ru1);
    double cpu = (double)(ru1.ru_utime.tv_sec - ru0.ru_utime.tv_sec + ru1.ru_stime.tv_sec - ru0.ru_stime.tv_sec) +
                 (double)(ru1.ru_utime.tv_usec - ru0.ru_utime.tv_usec + ru1.ru_stime.tv_usec - ru0.ru_stime.tv_usec) / 1e6;
    double *all = malloc(sizeof(double) * (total ? total : 1));
    size_t k = 0;
    for (int t = 0; t < threads; t++) {
        memcpy(all + k, w[t].samples, w[t].n * sizeof(double));
        k += w[t].n;
        free(w[t].samples);
    }
    double p50 = bench_percentile(all, total, 50), p99 = bench_percentile(all, total, 99);
    printf("RESULT threads=%d searches=%zu seconds=%.2f per_s=%.0f p50_ms=%.3f p99_ms=%.3f errors=%lu cpu_us=%.0f\n",
           threads, total, elapsed, (double)total / elapsed, p50, p99, errors, total ? cpu * 1e6 / (double)total : 0);
    free(all);
    bench_lines_free(q, nq);
    return errors ? 1 : 0;
}

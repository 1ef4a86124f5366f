/*
 * rss.c — nxrss: does a long-running process stay the same size?  Opens
 * one database (a small generated one in a temp folder, or --db PATH) with
 * one nx_index, as a server or an embedder would, and runs W + N distinct
 * queries through the public API (nx_search with snippets, nx_names every
 * tenth), each with words no earlier query had, printing the resident set
 * size as it goes.  The first W warm the caches up to their bounds; the
 * figure is how much the RSS moves over the N after them.  A bench, not a
 * test: it reports the figure (docs/RELIABILITY.md records it), it asserts
 * nothing.
 *
 *   nxrss [--db PATH] [-n QUERIES] [--warmup W]   (defaults 200000, 150000)
 *
 * Growth that stops is caches filling (the stemmer's is bounded at
 * NX_STEM_CACHE_MAX words, Xapian's block cache by its own rules); growth
 * that goes on with the query count is a leak or an unbounded cache.
 */
#define _XOPEN_SOURCE 700   /* nftw */
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx.h"

static double rss_mib(void)
{
    long pages = 0, resident = 0;
    FILE *f = fopen("/proc/self/statm", "r");
    if (f) {
        if (fscanf(f, "%ld %ld", &pages, &resident) != 2)
            resident = 0;
        fclose(f);
    }
    return (double)resident * (double)sysconf(_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(p);
}

/* 2,000 generated articles, so queries match, rank and make snippets. */
static int build_db(const char *path)
{
    static const char *const w[] = {
        "harbour", "council", "budget", "election", "storm", "market", "minister", "bank",
        "strike", "ferry", "court", "hospital", "school", "river", "bridge", "festival",
        "police", "farmers", "energy", "prices", "trade", "talks", "museum", "airport",
    };
    static const char *const names[] = { "Keir Starmer", "Angela Merkel", "European Commission",
                                         "Bank of England", "New Zealand" };
    nx_writer *wr;
    char *err = NULL;
    if (nx_writer_open(path, NULL, &wr, &err) != NX_OK) {
        fprintf(stderr, "nxrss: %s\n", err ? err : "cannot create the database");
        return -1;
    }
    unsigned long long x = 88172645463325252ull;
    for (unsigned i = 0; i < 2000; i++) {
        char id[32], title[128], body[4096], date[16];
        size_t len = 0;
        for (int s = 0; s < 10; s++) {
            len += (size_t)snprintf(body + len, sizeof body - len, "%s said the ", names[(i + s) % 5]);
            for (int k = 0; k < 12; k++) {
                x ^= x << 13, x ^= x >> 7, x ^= x << 17;
                len += (size_t)snprintf(body + len, sizeof body - len, "%s ", w[x % 24]);
            }
            len += (size_t)snprintf(body + len, sizeof body - len, "w%uz%d. ", i, s);
        }
        snprintf(id, sizeof id, "rss-%u", i);
        snprintf(title, sizeof title, "%s and the %s", w[i % 24], w[(i * 7) % 24]);
        snprintf(date, sizeof date, "20%02u-%02u-%02u", 10 + i % 15, 1 + i % 12, 1 + i % 28);
        nx_article a = { .id = id, .title = title, .body = body, .date = date, .source = "Wire" };
        if (nx_writer_add(wr, &a, NULL) != NX_OK) {
            fprintf(stderr, "nxrss: %s\n", nx_writer_errmsg(wr));
            nx_writer_close(wr);
            return -1;
        }
    }
    if (nx_writer_close_ex(wr, &err) != NX_OK) {
        fprintf(stderr, "nxrss: %s\n", err ? err : "cannot build the database");
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    const char *db = NULL;
    unsigned long n = 200000, warm = 150000;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--db") && i + 1 < argc) {
            db = argv[++i];
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            n = strtoul(argv[++i], NULL, 10);
        } else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) {
            warm = strtoul(argv[++i], NULL, 10);
        } else {
            fprintf(stderr, "usage: nxrss [--db PATH] [-n QUERIES] [--warmup W]\n");
            return 2;
        }
    }
    if (n < 20)
        n = 20;
    char tmp[] = "/tmp/nxrss-XXXXXX", path[64];
    if (!db) {
        if (!mkdtemp(tmp))
            return 1;
        snprintf(path, sizeof path, "%s/db", tmp);
        if (build_db(path) != 0)
            return 1;
        db = path;
    }
    nx_index *ix;
    char *err = NULL;
    if (nx_index_open(db, &ix, &err) != NX_OK) {
        fprintf(stderr, "nxrss: %s\n", err ? err : "cannot open");
        return 1;
    }
    static const char *const forms[] = {
        "harbour q%luwords", "\"market q%lux\"", "title:q%lu OR budget", "Keir Starmer q%lu",
        "q%lux* police", "prices NEAR/3 q%luy", "+trade -q%luz court", "date:2015.. q%lun",
    };
    printf("# nxrss: %lu + %lu distinct queries on %s, one nx_index\n", warm, n, db);
    printf("%10s  %8s\n", "queries", "RSS MiB");
    double at_warm = rss_mib();
    unsigned long total = warm + n, step = total / 20 ? total / 20 : 1;
    nx_search_opts o;
    nx_search_opts_init(&o);
    for (unsigned long i = 1; i <= total; i++) {
        char q[128];
        snprintf(q, sizeof q, forms[i % 8], i);
        nx_results *r = NULL;
        if (nx_search(ix, q, &o, &r) == NX_OK) {
            for (size_t k = 0; k < nx_results_count(r); k++)
                (void)nx_hit_snippet(nx_results_hit(r, k), NULL, NULL);
        }
        nx_results_free(r);
        if (i % 10 == 0) {
            nx_name_facet *f = NULL;
            nx_names(ix, q, 10, 100, &f);
            nx_name_facet_free(f);
        }
        if (i == warm)
            at_warm = rss_mib();
        if (i % step == 0 || i == warm) {
            printf("%10lu  %8.1f%s\n", i, rss_mib(), i == warm ? "  (end of the warm-up)" : "");
            fflush(stdout);
        }
    }
    double last = rss_mib();
    printf("# RSS after the %lu warm-up queries %.1f MiB, after %lu more %.1f MiB: %+.1f MiB\n",
           warm, at_warm, n, last, last - at_warm);
    nx_index_close(ix);
    if (db == path)
        nftw(tmp, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

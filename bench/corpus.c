/*
 * corpus.c — Reuters-21578 into the benchmark corpus stream, through
 * newsidx's loader (encoding repair) and SGML reader, so the benchmarks see
 * exactly the articles `newsidx index` would.
 */
#include "corpus.h"

#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/load.h"
#include "indexer/reader.h"

typedef struct sink_ctx {
    bench_writer *w;
    unsigned long limit;
    int failed;
} sink_ctx;

static nx_status put_article(void *ctx, const nx_article *a)
{
    sink_ctx *c = ctx;
    if (c->limit && c->w->records >= c->limit)
        return NX_ERR_INVALID;           /* enough: stops the reader */
    if (bench_corpus_put(c->w, a) != 0) {
        c->failed = 1;
        return NX_ERR_IO;
    }
    return NX_OK;
}

static void quiet_warn(void *ctx, const char *path, long line, const char *msg)
{
    (void)ctx; (void)path; (void)line; (void)msg;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names of the reut2-*.sgm files of dir, sorted; NULL when none. */
static char **sgm_files(const char *dir, size_t *n)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    char **v = NULL;
    size_t cap = 0;

    *n = 0;
    if (!d)
        return NULL;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (strncmp(e->d_name, "reut2-", 6) != 0 || len < 5 || strcmp(e->d_name + len - 4, ".sgm") != 0)
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **nv = realloc(v, nc * sizeof *nv);
            if (!nv)
                break;
            v = nv;
            cap = nc;
        }
        if ((v[*n] = strdup(e->d_name)) != NULL)
            (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, cmp_str);
    return v;
}

int bench_reuters_to_corpus(const char *dir, const char *out, unsigned long limit,
                            bench_writer *w, char *err, size_t errsz)
{
    size_t nfiles;
    char **files = sgm_files(dir, &nfiles);
    sink_ctx ctx = { w, limit, 0 };
    nx_reader_sink sink = { .ctx = &ctx, .article = put_article, .warn = quiet_warn };
    int rc = 0;

    if (!files) {
        snprintf(err, errsz, "no reut2-*.sgm in %s", dir);
        return -1;
    }
    if (bench_corpus_create(w, out) != 0) {
        snprintf(err, errsz, "cannot write %s", out);
        bench_lines_free(files, nfiles);
        return -1;
    }
    for (size_t i = 0; i < nfiles && rc == 0; i++) {
        char path[4096], ebuf[256];
        nx_load_result lr;
        snprintf(path, sizeof path, "%s/%s", dir, files[i]);
        if (nx_load_file(path, &lr, ebuf, sizeof ebuf) != NX_OK) {
            snprintf(err, errsz, "%s", ebuf);
            rc = -1;
            break;
        }
        nx_read_sgml(path, lr.data, lr.len, &sink);
        free(lr.data);
        if (ctx.failed) {
            snprintf(err, errsz, "cannot write %s", out);
            rc = -1;
        }
        if (limit && w->records >= limit)
            break;
    }
    bench_lines_free(files, nfiles);
    if (bench_corpus_finish(w) != 0 && rc == 0) {
        snprintf(err, errsz, "cannot write %s", out);
        rc = -1;
    }
    if (rc == 0 && w->records == 0) {
        snprintf(err, errsz, "no article read from %s", dir);
        rc = -1;
    }
    return rc;
}

/*
 * common.c — clocks, percentiles, the binary corpus stream, forked children
 * with their own peak RSS, du/rm -rf, an id map and line files for the
 * benchmark programs.
 */
#define _XOPEN_SOURCE 700     /* nftw */
#include "common.h"

#include <errno.h>
#include <ftw.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CORPUS_MAGIC "NXBENCH1"
#define MAX_RECORD (64u * 1024u * 1024u)
#define MAX_LIST 4096u

double bench_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double bench_percentile(double *v, size_t n, double p)
{
    if (n == 0)
        return 0;
    qsort(v, n, sizeof *v, cmp_double);
    /* nearest-rank: the smallest value with at least p% at or below it */
    size_t rank = (size_t)((p / 100.0) * (double)n + 0.999999);
    if (rank < 1)
        rank = 1;
    if (rank > n)
        rank = n;
    return v[rank - 1];
}

double bench_mean(const double *v, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    return n ? s / (double)n : 0;
}

/* ---------------------------------------------------------------- corpus */

static int put_u32(FILE *f, uint32_t v)
{
    unsigned char b[4] = { (unsigned char)v, (unsigned char)(v >> 8),
                           (unsigned char)(v >> 16), (unsigned char)(v >> 24) };
    return fwrite(b, 1, 4, f) == 4 ? 0 : -1;
}

static int put_str(FILE *f, const char *s)
{
    size_t len = s ? strlen(s) : 0;
    /* 0xFFFFFFFF marks an absent field, so NULL survives the round trip */
    if (!s)
        return put_u32(f, 0xFFFFFFFFu);
    if (len >= MAX_RECORD)
        len = MAX_RECORD - 1;
    if (put_u32(f, (uint32_t)len) != 0)
        return -1;
    return fwrite(s, 1, len, f) == len ? 0 : -1;
}

static int put_list(FILE *f, const char *const *items, size_t n)
{
    if (n > MAX_LIST)
        n = MAX_LIST;
    if (put_u32(f, (uint32_t)n) != 0)
        return -1;
    for (size_t i = 0; i < n; i++)
        if (put_str(f, items[i] ? items[i] : "") != 0)
            return -1;
    return 0;
}

int bench_corpus_create(bench_writer *w, const char *path)
{
    memset(w, 0, sizeof *w);
    w->f = fopen(path, "wb");
    if (!w->f)
        return -1;
    if (fwrite(CORPUS_MAGIC, 1, 8, w->f) != 8) {
        fclose(w->f);
        w->f = NULL;
        return -1;
    }
    return 0;
}

int bench_corpus_put(bench_writer *w, const nx_article *a)
{
    const char *s[6] = { a->id, a->title, a->body, a->date, a->dateline, a->source };
    for (int i = 0; i < 6; i++)
        if (put_str(w->f, s[i]) != 0)
            return -1;
    if (put_list(w->f, a->tags, a->n_tags) || put_list(w->f, a->people, a->n_people) ||
        put_list(w->f, a->places, a->n_places) || put_list(w->f, a->orgs, a->n_orgs))
        return -1;
    w->records++;
    w->text_bytes += (a->title ? strlen(a->title) : 0) + (a->body ? strlen(a->body) : 0);
    return 0;
}

int bench_corpus_finish(bench_writer *w)
{
    int rc = 0;
    if (put_u32(w->f, 0xFFFFFFFEu) != 0)   /* end marker */
        rc = -1;
    if (fclose(w->f) != 0)
        rc = -1;
    w->f = NULL;
    return rc;
}

int bench_corpus_open(bench_reader *r, const char *path)
{
    char magic[8];
    memset(r, 0, sizeof *r);
    r->f = fopen(path, "rb");
    if (!r->f)
        return -1;
    if (fread(magic, 1, 8, r->f) != 8 || memcmp(magic, CORPUS_MAGIC, 8) != 0) {
        fclose(r->f);
        r->f = NULL;
        return -1;
    }
    return 0;
}

static int get_u32(FILE *f, uint32_t *v)
{
    unsigned char b[4];
    if (fread(b, 1, 4, f) != 4)
        return -1;
    *v = (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 | (uint32_t)b[3] << 24;
    return 0;
}

/* Appends one string to r->buf at *used; *off receives its offset or
 * SIZE_MAX for an absent field.  Offsets, not pointers: buf may move. */
static int get_str_len(bench_reader *r, uint32_t len, size_t *used, size_t *off)
{
    if (len == 0xFFFFFFFFu) {
        *off = SIZE_MAX;
        return 0;
    }
    if (len >= MAX_RECORD)
        return -1;
    if (*used + len + 1 > r->cap) {
        size_t cap = r->cap ? r->cap : 65536;
        while (cap < *used + len + 1)
            cap *= 2;
        char *nb = realloc(r->buf, cap);
        if (!nb)
            return -1;
        r->buf = nb;
        r->cap = cap;
    }
    if (len && fread(r->buf + *used, 1, len, r->f) != len)
        return -1;
    r->buf[*used + len] = '\0';
    *off = *used;
    *used += len + 1;
    return 0;
}

static int get_str(bench_reader *r, size_t *used, size_t *off)
{
    uint32_t len;
    if (get_u32(r->f, &len) != 0)
        return -1;
    return get_str_len(r, len, used, off);
}

int bench_corpus_next(bench_reader *r, nx_article *a)
{
    size_t used = 0, off[6], loff[4][MAX_LIST], ln[4];
    uint32_t first;

    if (get_u32(r->f, &first) != 0)
        return -1;
    if (first == 0xFFFFFFFEu)
        return 0;
    /* the first length doubles as the end-of-stream check */
    if (get_str_len(r, first, &used, &off[0]) != 0)
        return -1;
    for (int i = 1; i < 6; i++)
        if (get_str(r, &used, &off[i]) != 0)
            return -1;
    size_t total = 0;
    for (int l = 0; l < 4; l++) {
        uint32_t n;
        if (get_u32(r->f, &n) != 0 || n > MAX_LIST)
            return -1;
        ln[l] = n;
        for (uint32_t i = 0; i < n; i++)
            if (get_str(r, &used, &loff[l][i]) != 0 || loff[l][i] == SIZE_MAX)
                return -1;
        total += n;
    }
    if (total > r->ptrcap) {
        const char **np = realloc(r->ptrs, (total + 16) * sizeof *np);
        if (!np)
            return -1;
        r->ptrs = np;
        r->ptrcap = total + 16;
    }
    const char *s[6];
    for (int i = 0; i < 6; i++)
        s[i] = off[i] == SIZE_MAX ? NULL : r->buf + off[i];
    memset(a, 0, sizeof *a);
    a->id = s[0]; a->title = s[1]; a->body = s[2];
    a->date = s[3]; a->dateline = s[4]; a->source = s[5];
    const char **p = r->ptrs;
    const char *const **lists[4] = { &a->tags, &a->people, &a->places, &a->orgs };
    size_t *counts[4] = { &a->n_tags, &a->n_people, &a->n_places, &a->n_orgs };
    for (int l = 0; l < 4; l++) {
        *lists[l] = ln[l] ? p : NULL;
        *counts[l] = ln[l];
        for (size_t i = 0; i < ln[l]; i++)
            *p++ = r->buf + loff[l][i];
    }
    return a->id ? 1 : -1;
}

void bench_corpus_close(bench_reader *r)
{
    if (r->f)
        fclose(r->f);
    free(r->buf);
    free(r->ptrs);
    memset(r, 0, sizeof *r);
}

/* ---------------------------------------------------------------- children */

int bench_run_child(int (*fn)(void *arg, void *out), void *arg, void *out,
                    size_t outsz, long *maxrss_kb)
{
    int fds[2];
    if (pipe(fds) != 0)
        return -1;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        return -1;
    }
    if (pid == 0) {
        close(fds[0]);
        int rc = fn(arg, out);
        const char *p = out;
        size_t left = outsz;
        while (left > 0) {
            ssize_t k = write(fds[1], p, left);
            if (k <= 0)
                break;
            p += k;
            left -= (size_t)k;
        }
        close(fds[1]);
        fflush(NULL);
        _exit(rc == 0 ? 0 : 1);
    }
    close(fds[1]);
    char *p = out;
    size_t got = 0;
    while (got < outsz) {
        ssize_t k = read(fds[0], p + got, outsz - got);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            break;
        got += (size_t)k;
    }
    close(fds[0]);
    int status = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &status, 0, &ru) < 0)
        if (errno != EINTR)
            return -1;
    if (maxrss_kb)
        *maxrss_kb = ru.ru_maxrss;
    if (!WIFEXITED(status) || got != outsz)
        return -1;
    return WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* ---------------------------------------------------------------- files */

static unsigned long long du_total;

static int du_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)p; (void)flag; (void)ftw;
    du_total += (unsigned long long)st->st_blocks * 512ull;
    return 0;
}

unsigned long long bench_du(const char *path)
{
    du_total = 0;
    if (nftw(path, du_one, 32, FTW_PHYS) != 0)
        return 0;
    return du_total;
}

static int rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st; (void)ftw;
    return (flag == FTW_DP ? rmdir(p) : unlink(p)) == 0 ? 0 : -1;
}

int bench_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? 0 : -1;
    return nftw(path, rm_one, 32, FTW_DEPTH | FTW_PHYS);
}

/* ---------------------------------------------------------------- id map */

static size_t hash_str(const char *s)
{
    size_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static int idmap_grow(bench_idmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 1024;
    char **keys = calloc(cap, sizeof *keys);
    long *vals = calloc(cap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return -1;
    }
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t h = hash_str(m->keys[i]) & (cap - 1);
        while (keys[h])
            h = (h + 1) & (cap - 1);
        keys[h] = m->keys[i];
        vals[h] = m->vals[i];
    }
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->cap = cap;
    return 0;
}

int bench_idmap_put(bench_idmap *m, const char *key, long val)
{
    if ((m->n + 1) * 2 > m->cap && idmap_grow(m) != 0)
        return -1;
    size_t h = hash_str(key) & (m->cap - 1);
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0) {
            m->vals[h] = val;
            return 0;
        }
        h = (h + 1) & (m->cap - 1);
    }
    m->keys[h] = strdup(key);
    if (!m->keys[h])
        return -1;
    m->vals[h] = val;
    m->n++;
    return 0;
}

long bench_idmap_get(const bench_idmap *m, const char *key)
{
    if (!m->cap || !key)
        return -1;
    size_t h = hash_str(key) & (m->cap - 1);
    while (m->keys[h]) {
        if (strcmp(m->keys[h], key) == 0)
            return m->vals[h];
        h = (h + 1) & (m->cap - 1);
    }
    return -1;
}

void bench_idmap_free(bench_idmap *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->keys[i]);
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}

/* ---------------------------------------------------------------- lines */

char **bench_read_lines(const char *path, size_t *n)
{
    FILE *f = fopen(path, "r");
    char line[4096];
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    if (!f)
        return NULL;
    while (fgets(line, sizeof line, f)) {
        size_t len = strcspn(line, "\r\n");
        line[len] = '\0';
        if (len == 0 || line[0] == '#')
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 256;
            char **nv = realloc(v, nc * sizeof *nv);
            if (!nv)
                break;
            v = nv;
            cap = nc;
        }
        v[*n] = strdup(line);
        if (!v[*n])
            break;
        (*n)++;
    }
    fclose(f);
    return v;
}

void bench_lines_free(char **lines, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(lines[i]);
    free(lines);
}

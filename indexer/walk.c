/*
 * walk.c — nx_writer_index_path: files and folders into the index.
 *
 * Folders are walked in sorted order (so ids by position and runs are
 * repeatable), hidden entries and symlinked folders are skipped (no loops),
 * and only files with a known article extension are read; a file named
 * explicitly is read whatever its name, its format found from its content.
 * One bad file never stops the run: it is reported and counted.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "indexer/load.h"
#include "indexer/reader.h"
#include "indexer/writer_internal.h"

#define NX_MAX_DEPTH 64

typedef struct walk_ctx {
    nx_writer *w;
    nx_warn_fn warn;
    void *warn_ctx;
    nx_index_summary *sum;
    nx_status fatal;           /* a database failure stops the walk */
    unsigned long file_articles;
} walk_ctx;

static void report(walk_ctx *c, const char *path, long line, const char *msg)
{
    c->sum->warnings++;
    if (c->warn)
        c->warn(c->warn_ctx, path, line, msg);
}

static void sink_warn(void *ctx, const char *path, long line, const char *msg)
{
    report(ctx, path, line, msg);
}

static nx_status sink_article(void *ctx, const nx_article *a)
{
    walk_ctx *c = ctx;
    int replaced = 0;
    nx_status st = nx_writer_add(c->w, a, &replaced);
    if (st == NX_ERR_INVALID || st == NX_ERR_FORMAT) {
        /* This article only: say so and go on with the file. */
        report(c, a->path ? a->path : "(article)", 0, nx_writer_errmsg(c->w));
        c->sum->skipped++;
        return NX_OK;
    }
    if (st != NX_OK) {
        c->fatal = st;
        return st;
    }
    c->file_articles++;
    if (replaced)
        c->sum->updated++;
    else
        c->sum->indexed++;
    return NX_OK;
}

static int known_extension(const char *name)
{
    static const char *const exts[] = { ".txt", ".text", ".json", ".jsonl", ".ndjson",
                                        ".html", ".htm", ".xhtml", ".sgm", ".sgml" };
    const char *dot = strrchr(name, '.');
    if (!dot)
        return 0;
    for (size_t i = 0; i < sizeof exts / sizeof *exts; i++)
        if (strcasecmp(dot, exts[i]) == 0)
            return 1;
    return 0;
}

static void index_file(walk_ctx *c, const char *path)
{
    char err[NX_ERRMSG_MAX];
    nx_load_result lr;
    c->sum->files++;
    nx_status st = nx_load_file(path, &lr, err, sizeof err);
    if (st != NX_OK) {
        report(c, path, 0, err);
        if (st == NX_ERR_IO)
            c->sum->failed++;
        else
            c->sum->skipped++;
        return;
    }
    if (lr.recoded) {
        snprintf(err, sizeof err,
                 "not valid UTF-8 (first bad byte at offset %zu); read as Latin-1/Windows-1252",
                 lr.bad_offset);
        report(c, path, 0, err);
    }
    nx_reader_sink sink = { c, sink_article, sink_warn };
    c->file_articles = 0;
    st = nx_read_any(path, lr.data, lr.len, &sink);
    free(lr.data);
    if (c->fatal != NX_OK)
        return;
    if (st != NX_OK && c->file_articles == 0)
        c->sum->skipped++;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void walk_dir(walk_ctx *c, const char *dir, int depth)
{
    if (depth > NX_MAX_DEPTH) {
        report(c, dir, 0, "folder nesting too deep; not descending further");
        return;
    }
    DIR *d = opendir(dir);
    if (!d) {
        char msg[512];
        snprintf(msg, sizeof msg, "cannot open folder: %s", strerror(errno));
        report(c, dir, 0, msg);
        c->sum->failed++;
        return;
    }
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 64;
            char **nn = realloc(names, nc * sizeof *nn);
            if (!nn)
                break;
            names = nn;
            cap = nc;
        }
        if (!(names[n] = strdup(e->d_name)))
            break;
        n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, cmp_names);
    for (size_t i = 0; i < n && c->fatal == NX_OK; i++) {
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names[i]) >= sizeof path) {
            report(c, dir, 0, "a path inside is too long; skipped");
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            walk_dir(c, path, depth + 1);
        else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && known_extension(names[i]))
            index_file(c, path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

nx_status nx_writer_index_path(nx_writer *w, const char *path, nx_warn_fn warn, void *ctx,
                               nx_index_summary *sum)
{
    nx_index_summary local;
    if (!sum) {
        memset(&local, 0, sizeof local);
        sum = &local;
    }
    if (!w)
        return NX_ERR_INVALID;
    if (!path || !*path) {
        nx_seterr(w->err, "nx_writer_index_path: path is required");
        return NX_ERR_INVALID;
    }
    double t0 = nx_now();
    /* Absolute paths make ids derived from them independent of the
     * directory the indexer happens to run in. */
    char abs[PATH_MAX];
    if (!realpath(path, abs)) {
        nx_seterr(w->err, "%s: %s", path, strerror(errno));
        return NX_ERR_IO;
    }
    walk_ctx c = { w, warn, ctx, sum, NX_OK, 0 };
    struct stat st;
    if (stat(abs, &st) != 0) {
        nx_seterr(w->err, "%s: %s", path, strerror(errno));
        return NX_ERR_IO;
    }
    if (S_ISDIR(st.st_mode))
        walk_dir(&c, abs, 0);
    else
        index_file(&c, abs);
    sum->seconds += nx_now() - t0;
    return c.fatal;
}

/*
 * walk.c — nx_writer_index_path and nx_writer_prune: files and folders
 * into the index, incrementally; and nx_writer_index_fd, a stream.
 *
 * Folders are listed first (sorted, so runs are repeatable and progress has
 * a total), hidden entries and symlinked folders are skipped (no loops), and
 * only files with a known article extension are read; a file named
 * explicitly is read whatever its name.  Each file is then compared with
 * its record (files.c): same size and mtime, or same content hash, means
 * unchanged and it is not parsed.  A changed file's articles are replaced
 * and the ones that vanished from it deleted, and only then is its record
 * updated, so a run killed half-way re-reads that file next time.  One bad
 * file never stops the run: it is reported, counted, and its earlier
 * articles are kept.  An emptied file is not bad: it is reported once,
 * and its articles go.
 */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "indexer/load.h"
#include "indexer/reader.h"
#include "indexer/writer_internal.h"
#include "lib/hash.h"
#include "lib/schema.h"

#define NX_MAX_DEPTH 64

typedef struct strvec { char **v; size_t n, cap; } strvec;

static int strvec_push(strvec *s, const char *str)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        char **nv = realloc(s->v, nc * sizeof *nv);
        if (!nv)
            return -1;
        s->v = nv;
        s->cap = nc;
    }
    if (!(s->v[s->n] = strdup(str)))
        return -1;
    s->n++;
    return 0;
}

static void strvec_free(strvec *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    memset(s, 0, sizeof *s);
}

typedef struct walk_ctx {
    nx_writer *w;
    nx_warn_fn warn;
    void *warn_ctx;
    nx_index_summary *sum;
    nx_status fatal;           /* a database failure stops the walk */
    unsigned long file_articles;
    unsigned long file_skips;  /* articles the reader dropped from the current file */
    strvec seen;               /* id terms of the current file's articles */
    unsigned long articles_done;
    int single_file;
    char last_msg[NX_ERRMSG_MAX];  /* the last warning, the reason a failed file is remembered by */           /* the path given was a file, not a folder */
} walk_ctx;

static void report(walk_ctx *c, const char *path, long line, const char *msg)
{
    c->sum->warnings++;
    if (line > 0)
        snprintf(c->last_msg, sizeof c->last_msg, "line %ld: %s", line, msg);
    else
        snprintf(c->last_msg, sizeof c->last_msg, "%s", msg);
    if (c->warn)
        c->warn(c->warn_ctx, path, line, msg);
}

static void sink_warn(void *ctx, const char *path, long line, const char *msg)
{
    report(ctx, path, line, msg);
}

static void sink_skip(void *ctx)
{
    walk_ctx *c = ctx;
    c->file_skips++;
    c->sum->skipped++;
}

static void event(walk_ctx *c, const char *path, nx_file_event ev)
{
    if (c->w->on_file)
        c->w->on_file(c->w->cb_ctx, path, ev);
}

static nx_status sink_article(void *ctx, const nx_article *a)
{
    walk_ctx *c = ctx;
    int replaced = 0;
    nx_status st = nx_writer_add(c->w, a, &replaced);
    if (st == NX_OK && nx_writer_warning(c->w))
        report(c, a->path ? a->path : "(article)", 0, nx_writer_warning(c->w));
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
    char term[300];
    nx_id_term(a->id, term, sizeof term);
    if (strvec_push(&c->seen, term) != 0) {
        nx_seterr(c->w->err, "out of memory");
        c->fatal = NX_ERR_NOMEM;
        return NX_ERR_NOMEM;
    }
    c->file_articles++;
    c->articles_done++;
    if (replaced)
        c->sum->updated++;
    else
        c->sum->indexed++;
    return NX_OK;
}

static long long mtime_ns(const struct stat *st)
{
    return (long long)st->st_mtim.tv_sec * 1000000000LL + st->st_mtim.tv_nsec;
}

/* Nothing but white space (or nothing at all). */
static int is_empty(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i] != ' ' && p[i] != '\t' && p[i] != '\n' && p[i] != '\r' && p[i] != '\f' && p[i] != '\v')
            return 0;
    return 1;
}

/* An HTML page that declared the charset it was decoded as: no warning. */
static int declared_cp1252(const nx_writer *w, const char *path, const nx_load_result *lr)
{
    nx_format f = w->format ? (nx_format)w->format : nx_detect_format(path, lr->data, lr->len);
    return f == NX_FORMAT_HTML && nx_load_declares_cp1252(lr->data, lr->len);
}

/* What the reading options make of a file: another format, mapping or
 * column list may read what these could not. */
static unsigned long options_hash(const nx_writer *w)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%d", w->format);
    uint64_t h = nx_fnv1a(buf, strlen(buf));
    const char *parts[] = { w->fields ? w->fields : "", w->csv_columns ? w->csv_columns : "" };
    for (size_t i = 0; i < 2; i++)
        h = h * 31 + nx_fnv1a(parts[i], strlen(parts[i])) + i;
    return (unsigned long)h;
}

/* A file nothing could be taken from, remembered with why: while its size
 * and time stay, later runs pass it by without a warning. */
static void remember_failure(walk_ctx *c, const char *path, const struct stat *sb, uint64_t hash,
                             const char *why)
{
    if (c->w->dry_run || c->fatal != NX_OK)
        return;
    nx_file_rec fr = { (unsigned long long)sb->st_size, mtime_ns(sb), hash, options_hash(c->w) };
    nx_status st = nx_writer_fail_put(c->w, path, &fr, why);
    if (st != NX_OK)
        c->fatal = st;
}

/* Reads and indexes one file whose record says it changed (or is new). */
static void reindex_file(walk_ctx *c, const char *path, const struct stat *sb, int had_rec,
                         const nx_file_rec *old)
{
    char err[NX_ERRMSG_MAX];
    nx_load_result lr;
    nx_status st = nx_load_file(path, &lr, err, sizeof err);
    if (st != NX_OK) {
        report(c, path, 0, err);
        if (st == NX_ERR_IO)
            c->sum->failed++;
        else
            c->sum->skipped++;
        event(c, path, NX_FILE_FAILED);
        /* Binary or too large stays so until the file changes: remember
         * it.  An unreadable one may be readable next time (permissions,
         * a mount): tried and reported again. */
        if (st == NX_ERR_FORMAT)
            remember_failure(c, path, sb, 0, err);
        return;
    }
    nx_file_rec rec = { (unsigned long long)sb->st_size, mtime_ns(sb), nx_fnv1a(lr.data, lr.len), 0 };
    if (had_rec && old->hash == rec.hash) {
        /* Touched, not changed: remember the new time, parse nothing. */
        free(lr.data);
        c->sum->files_unchanged++;
        c->sum->unchanged += old->articles;
        rec.articles = old->articles;
        event(c, path, NX_FILE_UNCHANGED);
        if (!c->w->dry_run && (st = nx_writer_file_put(c->w, path, &rec)) != NX_OK)
            c->fatal = st;
        return;
    }
    event(c, path, had_rec ? NX_FILE_CHANGED : NX_FILE_NEW);
    if (c->w->dry_run) {
        free(lr.data);
        return;
    }
    if (lr.recoded && !declared_cp1252(c->w, path, &lr)) {
        snprintf(err, sizeof err,
                 "not valid UTF-8 (first bad byte at offset %zu); read as Latin-1/Windows-1252",
                 lr.bad_offset);
        report(c, path, 0, err);
    }
    nx_reader_sink sink = { c, sink_article, sink_warn, c->single_file, c->w->fields, c->w->csv_columns, 0,
                            sink_skip };
    c->file_articles = 0;
    c->file_skips = 0;
    strvec_free(&c->seen);
    int empty = is_empty(lr.data, lr.len);
    st = nx_read_as((nx_format)c->w->format, path, lr.data, lr.len, &sink);
    free(lr.data);
    if (c->fatal != NX_OK)
        return;
    if (st != NX_OK && c->file_articles == 0) {
        if (!c->file_skips)   /* the file, unless its articles were counted */
            c->sum->skipped++;
        if (!empty)
            remember_failure(c, path, sb, rec.hash, c->last_msg);
        /* Nothing usable in it now: keep what it gave before and its old
         * record, so the next run looks at it again.  But an empty file
         * is not a broken one: it holds no articles, so its earlier ones
         * go and its record says 0, and the next runs pass it by. */
        if (!empty)
            return;
    }
    unsigned long deleted = 0;
    if (had_rec) {
        nx_sort_strings(c->seen.v, c->seen.n);
        if ((st = nx_writer_file_delete_articles(c->w, path, c->seen.v, c->seen.n, &deleted)) != NX_OK) {
            c->fatal = st;
            return;
        }
        c->sum->deleted += deleted;
    }
    rec.articles = c->file_articles;
    if ((st = nx_writer_file_put(c->w, path, &rec)) != NX_OK || (st = nx_writer_fail_forget(c->w, path)) != NX_OK)
        c->fatal = st;
}

/* What a path that is not a regular file is, for the message that skips
 * it (stat succeeded, so errno says nothing about it). */
static const char *not_regular(const char *path, mode_t mode)
{
    struct stat lsb;
    int via_link = lstat(path, &lsb) == 0 && S_ISLNK(lsb.st_mode);
    if (S_ISDIR(mode))
        return via_link ? "a folder reached through a symbolic link (those are not followed)"
                        : "a folder";
    if (S_ISFIFO(mode))
        return "a named pipe (FIFO), not a regular file";
    if (S_ISCHR(mode))
        return "a character device, not a regular file";
    if (S_ISBLK(mode))
        return "a block device, not a regular file";
    if (S_ISSOCK(mode))
        return "a socket, not a regular file";
    return "not a regular file";
}

static void index_file(walk_ctx *c, const char *path)
{
    struct stat sb;
    c->sum->files++;
    int stat_failed = stat(path, &sb) != 0;
    if (stat_failed || !S_ISREG(sb.st_mode)) {
        char msg[256];
        if (stat_failed)
            snprintf(msg, sizeof msg, "cannot read: %s", strerror(errno));
        else
            snprintf(msg, sizeof msg, "skipped: %s", not_regular(path, sb.st_mode));
        report(c, path, 0, msg);
        c->sum->failed++;
        event(c, path, NX_FILE_FAILED);
        return;
    }
    nx_file_rec old;
    int had = nx_writer_file_get(c->w, path, &old);
    if (had < 0) {
        c->fatal = NX_ERR_BACKEND;
        return;
    }
    if (had && old.size == (unsigned long long)sb.st_size && old.mtime_ns == mtime_ns(&sb)) {
        c->sum->files_unchanged++;
        c->sum->unchanged += old.articles;
        event(c, path, NX_FILE_UNCHANGED);
        return;
    }
    nx_file_rec bad;
    int failed = nx_writer_fail_get(c->w, path, &bad);
    if (failed < 0) {
        c->fatal = NX_ERR_BACKEND;
        return;
    }
    if (failed && bad.size == (unsigned long long)sb.st_size && bad.mtime_ns == mtime_ns(&sb) &&
        bad.articles == options_hash(c->w)) {
        /* Reported when it failed; said again only when it changes. */
        c->sum->files_unchanged++;
        c->sum->failed_unchanged++;
        event(c, path, NX_FILE_UNCHANGED);
        return;
    }
    reindex_file(c, path, &sb, had, &old);
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Appends the article files under dir to out, sorted per folder. */
static void list_dir(walk_ctx *c, const char *dir, int depth, strvec *out)
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
    strvec names = { 0 };
    struct dirent *e;
    while ((e = readdir(d)) != NULL)
        if (e->d_name[0] != '.' && strvec_push(&names, e->d_name) != 0)
            break;
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_names);
    for (size_t i = 0; i < names.n; i++) {
        char path[PATH_MAX];
        if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, names.v[i]) >= sizeof path) {
            report(c, dir, 0, "a path inside is too long; skipped");
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            list_dir(c, path, depth + 1, out);
        else if ((S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)) && nx_format_known_extension(names.v[i]) &&
                 strvec_push(out, path) != 0)
            c->fatal = NX_ERR_NOMEM;
    }
    strvec_free(&names);
}

/* The caller's summary, or local (zeroed) when it gave none. */
static nx_index_summary *summary_or(nx_index_summary *sum, nx_index_summary *local)
{
    if (sum)
        return sum;
    memset(local, 0, sizeof *local);
    return local;
}

nx_status nx_writer_index_path(nx_writer *w, const char *path, nx_warn_fn warn, void *ctx,
                               nx_index_summary *sum)
{
    nx_index_summary local;
    sum = summary_or(sum, &local);
    if (!w)
        return NX_ERR_INVALID;
    if (!path || !*path) {
        nx_seterr(w->err, "nx_writer_index_path: path is required");
        return NX_ERR_INVALID;
    }
    double t0 = nx_now();
    /* Absolute paths make ids and file records independent of the folder
     * the indexer happens to run in. */
    char abs[PATH_MAX];
    struct stat st;
    if (!realpath(path, abs) || stat(abs, &st) != 0) {
        nx_seterr(w->err, "%s: %s", path, strerror(errno));
        sum->failed++;
        return NX_ERR_IO;
    }
    walk_ctx c = { .w = w, .warn = warn, .warn_ctx = ctx, .sum = sum, .fatal = NX_OK, .single_file = !S_ISDIR(st.st_mode) };
    strvec files = { 0 };
    if (S_ISDIR(st.st_mode))
        list_dir(&c, abs, 0, &files);
    else if (strvec_push(&files, abs) != 0)
        c.fatal = NX_ERR_NOMEM;
    for (size_t i = 0; i < files.n && c.fatal == NX_OK; i++) {
        index_file(&c, files.v[i]);
        if (w->on_progress)
            w->on_progress(w->cb_ctx, i + 1, files.n, c.articles_done);
    }
    strvec_free(&files);
    strvec_free(&c.seen);
    sum->seconds += nx_now() - t0;
    if (c.fatal == NX_ERR_NOMEM && !*w->err)
        nx_seterr(w->err, "out of memory");
    return c.fatal;
}

nx_status nx_writer_index_fd(nx_writer *w, int fd, const char *name, nx_warn_fn warn, void *ctx,
                             nx_index_summary *sum)
{
    nx_index_summary local;
    sum = summary_or(sum, &local);
    if (!w)
        return NX_ERR_INVALID;
    if (!name || !*name)
        name = "stdin";
    double t0 = nx_now();
    walk_ctx c = { .w = w, .warn = warn, .warn_ctx = ctx, .sum = sum, .fatal = NX_OK, .single_file = 1 };
    char err[NX_ERRMSG_MAX];
    nx_load_result lr;
    sum->files++;
    nx_status st = nx_load_fd(fd, &lr, err, sizeof err);
    if (st == NX_ERR_IO || st == NX_ERR_NOMEM) {
        nx_seterr(w->err, "%s: %s", name, err);
        sum->failed++;
        return st;
    }
    if (st != NX_OK) {
        report(&c, name, 0, err);
        sum->skipped++;
        return NX_OK;
    }
    event(&c, name, NX_FILE_NEW);
    if (lr.recoded && !declared_cp1252(w, name, &lr)) {
        snprintf(err, sizeof err, "not valid UTF-8 (first bad byte at offset %zu); read as Latin-1/Windows-1252",
                 lr.bad_offset);
        report(&c, name, 0, err);
    }
    /* Without a format, a stream is JSON Lines: what jq and exports pipe. */
    nx_format f = w->format ? (nx_format)w->format : NX_FORMAT_JSON;
    nx_reader_sink sink = { &c, sink_article, sink_warn, 1, w->fields, w->csv_columns, 1, sink_skip };
    if (!w->dry_run) {
        st = nx_read_as(f, name, lr.data, lr.len, &sink);
        if (c.fatal == NX_OK && st != NX_OK && c.file_articles == 0 && !c.file_skips)
            sum->skipped++;
    }
    free(lr.data);
    strvec_free(&c.seen);
    if (w->on_progress)
        w->on_progress(w->cb_ctx, 1, 1, c.articles_done);
    sum->seconds += nx_now() - t0;
    return c.fatal;
}

nx_status nx_writer_prune(nx_writer *w, nx_warn_fn warn, void *ctx, nx_index_summary *sum)
{
    nx_index_summary local;
    sum = summary_or(sum, &local);
    if (!w)
        return NX_ERR_INVALID;
    (void)warn;
    (void)ctx;
    double t0 = nx_now();
    xc_termlist *tl;
    xc_status xs = xc_db_metadata_keys(w->db, NX_META_FILE_PREFIX, &tl);
    if (xs != XC_OK) {
        nx_seterr(w->err, "%s: cannot list file records: %s", w->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    /* Collect first: deleting while iterating the keys would move them. */
    strvec gone = { 0 };
    xc_term_info ti;
    int r;
    nx_status st = NX_OK;
    while ((r = xc_termlist_next(tl, &ti)) == 1) {
        char *val = NULL;
        size_t len = 0;
        if (xc_db_get_metadata(w->db, ti.term, &val, &len) == XC_OK && len) {
            char *tab = strchr(val, '\t');
            struct stat sb;
            if (tab && stat(tab + 1, &sb) != 0 && errno == ENOENT && strvec_push(&gone, tab + 1) != 0)
                st = NX_ERR_NOMEM;
        }
        xc_free(val);
    }
    xc_termlist_free(tl);
    for (size_t i = 0; i < gone.n && st == NX_OK; i++) {
        if (w->on_file)
            w->on_file(w->cb_ctx, gone.v[i], NX_FILE_GONE);
        if (w->dry_run)
            continue;
        unsigned long deleted = 0;
        st = nx_writer_file_delete_articles(w, gone.v[i], NULL, 0, &deleted);
        sum->deleted += deleted;
        if (st == NX_OK)
            st = nx_writer_file_forget(w, gone.v[i]);
    }
    strvec_free(&gone);
    sum->seconds += nx_now() - t0;
    if (r < 0 && st == NX_OK) {
        nx_seterr(w->err, "%s: cannot list file records: %s", w->path, xc_errmsg());
        st = NX_ERR_BACKEND;
    }
    return st;
}

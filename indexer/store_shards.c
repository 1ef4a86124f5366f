/*
 * store_shards.c — the shard store (store.h): date shards on the write
 * side.  A sharded database is a folder
 * holding meta/ (newsidx metadata and the incremental indexer's file
 * records, no articles), one Xapian database per year or month ("2025",
 * "2025-03") plus "undated", and XAPIANDB, Xapian's stub file listing them
 * so Xapian (and newsidx search) open them all as one database.
 *
 * Ids stay unique across shards: before an article is written to its
 * shard, every other shard is asked for its id term and loses it, so an
 * article whose date moved moves with it.  The lock of meta/ is the lock
 * of the whole database (one indexer at a time), so the shards' committed
 * views opened at the start stay true for every shard this run has not
 * written; written ones are asked through their writer.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/files.h"
#include "indexer/reader.h"
#include "indexer/store.h"
#include "indexer/upgrade.h"
#include "lib/schema.h"
#include "lib/shards.h"

#define NX_META_SHARD_BY "newsidx.shard_by"
#define NX_META_SHARD_NAME "newsidx.shard"
#define NX_MAX_SHARDS 100000

/* One date shard of a sharded database. */
typedef struct wshard {
    char name[NX_SHARD_NAME_MAX];   /* "2025", "2025-03" or "undated": its folder (lib/shards.h) */
    xc_db *rdb;        /* read-only view of what was committed before this run (lookups) */
    xc_db *wdb;        /* writer, opened at the first change to this shard */
} wshard;

typedef struct shards {
    nx_store base;     /* base.meta: meta/ (metadata, file records; no articles) */
    nx_docbuilder *b;  /* borrowed */
    int by;            /* NX_SHARD_YEAR or NX_SHARD_MONTH */
    char *dir;         /* the database folder (holds XAPIANDB, meta/ and the shards) */
    wshard *v;
    size_t n, cap;
    int stub_dirty;    /* XAPIANDB must be rewritten at the next commit */
    int dry_run;       /* never write XAPIANDB */
} shards;

int nx_store_shards_present(const char *path)
{
    char *stub = nx_path_join(path, NX_SHARD_STUB), *meta = nx_path_join(path, NX_SHARD_META);
    struct stat sb;
    int yes = stub && meta && stat(stub, &sb) == 0 && S_ISREG(sb.st_mode) &&
              nx_classify_path(meta) == NX_PATH_DATABASE;
    free(stub);
    free(meta);
    return yes;
}

char *nx_store_shards_meta_path(const char *path) { return nx_path_join(path, NX_SHARD_META); }

nx_status nx_store_shards_mkdir(const char *path, char *err)
{
    if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        nx_seterr(err, "%s: cannot create the database folder: %s", path, strerror(errno));
        return NX_ERR_IO;
    }
    return NX_OK;
}

static const char *by_name(int by) { return by == NX_SHARD_YEAR ? "year" : "month"; }

static wshard *find_shard(shards *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (!strcmp(s->v[i].name, name))
            return &s->v[i];
    return NULL;
}

static wshard *push_shard(shards *s, const char *name)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        wshard *v = realloc(s->v, nc * sizeof *v);
        if (!v)
            return NULL;
        s->v = v;
        s->cap = nc;
    }
    wshard *sh = &s->v[s->n++];
    memset(sh, 0, sizeof *sh);
    /* Callers pass shard names (nx_shard_name_is), which fit. */
    size_t n = strnlen(name, sizeof sh->name - 1);
    memcpy(sh->name, name, n);
    sh->name[n] = '\0';
    return sh;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The stub text for the shards now known, in name order (meta first:
 * Xapian reads metadata from the first database).  The shard array itself
 * is not reordered: callers iterate it by index.  Caller frees. */
static char *stub_text(shards *s)
{
    size_t cap = 256 + s->n * 24;
    char *t = malloc(cap);
    const char **names = malloc((s->n ? s->n : 1) * sizeof *names);
    if (!t || !names) {
        free(t);
        free(names);
        return NULL;
    }
    for (size_t i = 0; i < s->n; i++)
        names[i] = s->v[i].name;
    qsort(names, s->n, sizeof *names, cmp_name);
    int len = snprintf(t, cap,
                       "# newsidx: an index sharded by %s (docs/SHARDING.md); written by\n"
                       "# 'newsidx index', do not edit.  Xapian's stub format: Xapian opens it too.\n"
                       "auto %s\n", by_name(s->by), NX_SHARD_META);
    for (size_t i = 0; i < s->n; i++)
        len += snprintf(t + len, cap - (size_t)len, "auto %s\n", names[i]);
    free(names);
    return t;
}

/* Writes XAPIANDB atomically (temp file, fsync, rename): a reader sees the
 * old list or the new one, never half. */
static nx_status write_stub(shards *s)
{
    char *text = stub_text(s), *path = nx_path_join(s->dir, NX_SHARD_STUB),
         *tmp = nx_path_join(s->dir, NX_SHARD_STUB ".tmp");
    nx_status st = NX_OK;
    if (!text || !path || !tmp) {
        st = NX_ERR_NOMEM;
        nx_seterr(s->base.err, "out of memory");
        goto done;
    }
    FILE *f = fopen(tmp, "w");
    int ok = f && fputs(text, f) >= 0 && fflush(f) == 0 && fsync(fileno(f)) == 0;
    if (f && fclose(f) != 0)
        ok = 0;
    if (!ok || rename(tmp, path) != 0) {
        nx_seterr(s->base.err, "%s: cannot write the shard list: %s", path, strerror(errno));
        unlink(tmp);
        st = NX_ERR_IO;
        goto done;
    }
    s->stub_dirty = 0;
done:
    free(text);
    free(path);
    free(tmp);
    return st;
}

/* 1 when XAPIANDB already says exactly what stub_text would write. */
static int stub_current(shards *s)
{
    char *want = stub_text(s), *path = nx_path_join(s->dir, NX_SHARD_STUB);
    int same = 0;
    FILE *f = path ? fopen(path, "r") : NULL;
    if (want && f) {
        size_t n = strlen(want);
        char *have = malloc(n + 2);
        if (have) {
            size_t got = fread(have, 1, n + 1, f);
            same = got == n && memcmp(have, want, n) == 0;
            free(have);
        }
    }
    if (f)
        fclose(f);
    free(want);
    free(path);
    return same;
}

/* Finds the shard folders on disk: the folders, not the stub, are the
 * truth, so a shard created by a run killed before it rewrote the stub
 * is still known (and listed at the next commit). */
static nx_status scan_shards(shards *s)
{
    DIR *d = opendir(s->dir);
    if (!d) {
        nx_seterr(s->base.err, "%s: cannot list the shards: %s", s->dir, strerror(errno));
        return NX_ERR_IO;
    }
    nx_status st = NX_OK;
    struct dirent *e;
    while (st == NX_OK && (e = readdir(d)) != NULL) {
        if (!nx_shard_name_is(s->by, e->d_name))
            continue;
        char *p = nx_path_join(s->dir, e->d_name);
        if (!p) {
            st = NX_ERR_NOMEM;
            nx_seterr(s->base.err, "out of memory");
            break;
        }
        if (nx_classify_path(p) == NX_PATH_DATABASE) {
            wshard *sh = s->n < NX_MAX_SHARDS ? push_shard(s, e->d_name) : NULL;
            xc_status xs = sh ? xc_db_open(p, &sh->rdb) : XC_ERR_NOMEM;
            if (xs != XC_OK) {
                nx_seterr(s->base.err, "%s: cannot open the shard: %s", p, sh ? xc_errmsg() : "out of memory");
                st = sh ? nx_status_from_xc(xs) : NX_ERR_NOMEM;
            }
        }
        free(p);
    }
    closedir(d);
    return st;
}

/* Records or checks the shard mode in meta/ (by: the mode asked for,
 * NX_SHARD_NONE: as recorded), then finds the shards. */
static nx_status attach(shards *s, int by)
{
    char *val = NULL;
    size_t len = 0;
    if (xc_db_get_metadata(s->base.meta, NX_META_SHARD_BY, &val, &len) != XC_OK) {
        nx_seterr(s->base.err, "%s: cannot read metadata: %s", s->dir, xc_errmsg());
        return NX_ERR_BACKEND;
    }
    int have = !len ? NX_SHARD_NONE : !strcmp(val, "year") ? NX_SHARD_YEAR
             : !strcmp(val, "month") ? NX_SHARD_MONTH : -1;
    xc_free(val);
    if (have < 0 || (have == NX_SHARD_NONE && by == NX_SHARD_NONE)) {
        nx_seterr(s->base.err, "%s: the shard mode in meta/ is missing or unknown", s->dir);
        return NX_ERR_CORRUPT;
    }
    if (have != NX_SHARD_NONE && by != NX_SHARD_NONE && have != by) {
        nx_seterr(s->base.err, "%s: this index is sharded by %s, not by %s", s->dir, by_name(have),
                  by_name(by));
        return NX_ERR_INVALID;
    }
    if (have == NX_SHARD_NONE) {
        const char *v = by_name(by);
        if (xc_db_set_metadata(s->base.meta, NX_META_SHARD_BY, v, strlen(v)) != XC_OK ||
            xc_db_commit(s->base.meta) != XC_OK) {
            nx_seterr(s->base.err, "%s: cannot write metadata: %s", s->dir, xc_errmsg());
            return NX_ERR_BACKEND;
        }
        have = by;
    }
    s->by = have;
    nx_status st = scan_shards(s);
    if (st != NX_OK)
        return st;
    if (!stub_current(s)) {
        s->stub_dirty = 1;
        /* A brand-new index gets its stub now, so readers can open it at once. */
        char *stub = nx_path_join(s->dir, NX_SHARD_STUB);
        struct stat sb;
        int missing = stub && stat(stub, &sb) != 0;
        free(stub);
        if (missing && !s->dry_run)
            return write_stub(s);
    }
    return NX_OK;
}

/* Each shard's handle to read from: its writer if open, else the committed
 * view; NULL when the shard has neither. */
static xc_db *shard_reader(wshard *sh) { return sh->wdb ? sh->wdb : sh->rdb; }

/* Every shard says what it is and how it was analysed, so one served alone
 * (xapian-tcpsrv) or listed first in a map still reads as newsidx's. */
static nx_status label_shard(shards *s, wshard *sh)
{
    char *lang = NULL, *have = NULL;
    size_t llen = 0, hlen = 0;
    xc_status xs = xc_db_get_metadata(sh->wdb, NX_META_SCHEMA, &have, &hlen);
    if (xs == XC_OK && !nx_schema_supported(have, hlen)) {
        nx_seterr(s->base.err, "%s/%s: written by another version of newsidx (schema %.*s)", s->dir,
                  sh->name, (int)(hlen < 16 ? hlen : 16), have);
        xc_free(have);
        return NX_ERR_VERSION;
    }
    int current = xs == XC_OK && nx_schema_current(have, hlen);
    int labelled = xs == XC_OK && hlen;
    int rebuild = xs == XC_OK && nx_upgrade_needed(have, hlen);
    xc_free(have);
    if (current)
        return NX_OK;
    /* Documents an older analysis built are rebuilt before the new stamp
     * (upgrade.h), as writer.c does for a whole database. */
    if (rebuild) {
        char where[NX_ERRMSG_MAX];
        snprintf(where, sizeof where, "%s/%s", s->dir, sh->name);
        nx_status st = nx_upgrade_rebuild(sh->wdb, s->b, where, 0, NULL, s->base.err);
        if (st != NX_OK)
            return st;
    }
    /* A labelled shard of the older schema only gets the new stamp, as
     * writer.c's stamp_schema gives a whole database. */
    if (!labelled && xs == XC_OK)
        xs = xc_db_get_metadata(s->base.meta, NX_META_LANGUAGE, &lang, &llen);
    if (!labelled && xs == XC_OK)
        xs = xc_db_set_metadata(sh->wdb, NX_META_LANGUAGE, lang, llen);
    xc_free(lang);
    if (xs == XC_OK)
        xs = xc_db_set_metadata(sh->wdb, NX_META_SCHEMA, NX_SCHEMA_VERSION, strlen(NX_SCHEMA_VERSION));
    if (!labelled && xs == XC_OK)
        xs = xc_db_set_metadata(sh->wdb, NX_META_SHARD_NAME, sh->name, strlen(sh->name));
    if (xs != XC_OK) {
        nx_seterr(s->base.err, "%s/%s: cannot write metadata: %s", s->dir, sh->name, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return NX_OK;
}

/* The shard's writer, opened (and the shard labelled) on first use. */
static nx_status shard_writer(shards *s, wshard *sh, xc_db **out)
{
    if (sh->wdb) {
        *out = sh->wdb;
        return NX_OK;
    }
    char *p = nx_path_join(s->dir, sh->name);
    if (!p) {
        nx_seterr(s->base.err, "out of memory");
        return NX_ERR_NOMEM;
    }
    int existed = sh->rdb != NULL;
    /* We hold meta/'s lock, so nobody else writes shards: no waiting. */
    xc_status xs = xc_db_open_writable(p, XC_DB_CREATE_OR_OPEN, &sh->wdb);
    if (xs != XC_OK) {
        nx_seterr(s->base.err, "%s: cannot open the shard for writing: %s", p, xc_errmsg());
        free(p);
        return nx_status_from_xc(xs);
    }
    free(p);
    xc_db_close(sh->rdb);
    sh->rdb = NULL;
    if (!existed)
        s->stub_dirty = 1;
    nx_status st = label_shard(s, sh);
    if (st == NX_OK)
        *out = sh->wdb;
    return st;
}

/* Removes term from every shard but skip; *found set when one had it. */
static nx_status delete_elsewhere(shards *s, const char *term, const wshard *skip, int *found)
{
    *found = 0;
    for (size_t i = 0; i < s->n; i++) {
        wshard *sh = &s->v[i];
        xc_db *r = shard_reader(sh);
        int has = 0;
        if (sh == skip || !r)
            continue;
        xc_status xs = xc_db_term_exists(r, term, &has);
        if (xs == XC_OK && has) {
            xc_db *wd;
            nx_status st = shard_writer(s, sh, &wd);
            if (st != NX_OK)
                return st;
            xs = xc_db_delete_document_by_term(wd, term);
            *found = 1;
        }
        if (xs != XC_OK) {
            nx_seterr(s->base.err, "%s/%s: %s", s->dir, sh->name, xc_errmsg());
            return nx_status_from_xc(xs);
        }
    }
    return NX_OK;
}

/* ---------------------------------------------------------------- ops */

static nx_status shards_put(nx_store *base, const char *term, const nx_article *a, int *existed)
{
    shards *s = (shards *)base;
    char name[16];
    nx_shard_name_for(s->by, a->date, name);
    /* push_shard may move the array: look up the target after any growth. */
    if (!find_shard(s, name) && !push_shard(s, name)) {
        nx_seterr(s->base.err, "out of memory");
        return NX_ERR_NOMEM;
    }
    wshard *target = find_shard(s, name);
    xc_db *tw;
    nx_status st = shard_writer(s, target, &tw);
    if (st != NX_OK)
        return st;
    xc_doc *doc;
    if ((st = nx_build_document(s->b, a, tw, &doc, s->base.err)) != NX_OK)
        return st;
    int moved = 0, here = 0;
    st = delete_elsewhere(s, term, target, &moved);
    xc_status xs = XC_OK;
    if (st == NX_OK) {
        xs = xc_db_term_exists(tw, term, &here);
        if (xs == XC_OK)
            xs = xc_db_replace_document_by_term(tw, term, doc, NULL);
    }
    xc_doc_free(doc);
    if (st != NX_OK)
        return st;
    if (xs != XC_OK) {
        nx_seterr(s->base.err, "%s/%s: cannot write article: %s", s->dir, target->name, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    *existed = here || moved;
    return NX_OK;
}

static nx_status shards_del(nx_store *base, const char *term, int *existed)
{
    return delete_elsewhere((shards *)base, term, NULL, existed);
}

/* A file's articles may sit in any date shard. */
static nx_status shards_del_file(nx_store *base, const char *fterm, char *const *keep, size_t nkeep,
                                 unsigned long max, unsigned long *deleted)
{
    shards *s = (shards *)base;
    *deleted = 0;
    for (size_t i = 0; i < s->n && *deleted < max; i++) {
        wshard *sh = &s->v[i];
        xc_db *rd = shard_reader(sh), *wd = NULL;
        xc_docid *ids;
        size_t n;
        if (!rd)
            continue;
        xc_status xs = nx_file_articles_to_delete(rd, fterm, keep, nkeep, max - *deleted, &ids, &n);
        /* The writer opens only when something must go; docids stay, as
         * only this run writes. */
        nx_status st = xs == XC_OK && n ? shard_writer(s, sh, &wd) : NX_OK;
        for (size_t k = 0; xs == XC_OK && st == NX_OK && k < n; k++)
            if ((xs = xc_db_delete_document(wd, ids[k])) == XC_OK)
                (*deleted)++;
        xc_free(ids);
        if (st != NX_OK)
            return st;
        if (xs != XC_OK) {
            nx_seterr(s->base.err, "%s/%s: cannot remove a file's old articles: %s", s->dir, sh->name,
                      xc_errmsg());
            return nx_status_from_xc(xs);
        }
    }
    return NX_OK;
}

/* Shards first, then the list of them, meta/ last: a file record never
 * claims articles that are not committed, so a run killed in between
 * re-reads the file. */
static nx_status shards_commit(nx_store *base)
{
    shards *s = (shards *)base;
    for (size_t i = 0; i < s->n; i++) {
        if (!s->v[i].wdb)
            continue;
        xc_status xs = xc_db_commit(s->v[i].wdb);
        if (xs != XC_OK) {
            nx_seterr(s->base.err, "%s/%s: commit failed: %s", s->dir, s->v[i].name, xc_errmsg());
            return nx_status_from_xc(xs);
        }
    }
    if (s->stub_dirty && !s->dry_run) {
        nx_status st = write_stub(s);
        if (st != NX_OK)
            return st;
    }
    xc_status xs = xc_db_commit(s->base.meta);
    if (xs != XC_OK) {
        nx_seterr(s->base.err, "%s: commit failed: %s", s->dir, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return NX_OK;
}

static void shards_free(nx_store *base)
{
    shards *s = (shards *)base;
    for (size_t i = 0; i < s->n; i++) {
        xc_db_close(s->v[i].rdb);
        xc_db_close(s->v[i].wdb);
    }
    xc_db_close(s->base.meta);
    free(s->v);
    free(s->dir);
    free(s);
}

static const nx_store_ops shards_ops = {
    shards_put, shards_del, shards_del_file, shards_commit, NULL, shards_free,   /* finish: nothing left to do */
};

/* Every shard an older analysis wrote is rebuilt now, not when it is next
 * written to: a search reads every shard its dates reach, and one left at
 * the old schema would miss the articles whose terms changed ("G-7").  A
 * shard is written to rarely once its dates are past, so waiting for that
 * could be for ever. */
static nx_status upgrade_old_shards(shards *s)
{
    for (size_t i = 0; i < s->n; i++) {
        wshard *sh = &s->v[i];
        if (!sh->rdb)
            continue;
        char *have = NULL;
        size_t hlen = 0;
        xc_status xs = xc_db_get_metadata(sh->rdb, NX_META_SCHEMA, &have, &hlen);
        int old = xs == XC_OK && nx_upgrade_needed(have, hlen);
        xc_free(have);
        if (xs != XC_OK) {
            nx_seterr(s->base.err, "%s/%s: cannot read metadata: %s", s->dir, sh->name, xc_errmsg());
            return nx_status_from_xc(xs);
        }
        xc_db *w;
        nx_status st = old ? shard_writer(s, sh, &w) : NX_OK;   /* labels, and so rebuilds */
        if (st != NX_OK)
            return st;
    }
    return NX_OK;
}

nx_status nx_store_shards_new(xc_db *meta, const char *dir, int by, int dry_run, nx_docbuilder *b,
                              nx_store **out, char *err)
{
    *out = NULL;
    shards *s = calloc(1, sizeof *s);
    if (!s || !(s->dir = strdup(dir))) {
        free(s);
        nx_seterr(err, "out of memory");
        return NX_ERR_NOMEM;
    }
    s->base.ops = &shards_ops;
    s->base.meta = meta;
    s->b = b;
    s->dry_run = dry_run;
    nx_status st = attach(s, by);
    if (st == NX_OK && !dry_run)
        st = upgrade_old_shards(s);
    if (st != NX_OK) {
        nx_seterr(err, "%s", s->base.err);
        s->base.meta = NULL;       /* the caller's again */
        shards_free(&s->base);
        return st;
    }
    *out = &s->base;
    return NX_OK;
}

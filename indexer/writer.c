/*
 * writer.c — nx_writer: the write handle.  Opens (or creates) a database
 * with a lock deadline, checks and stamps its schema and language, picks
 * the store that writes it (indexer/store.h: one database, date shards, or
 * the parallel first build), and counts the changes the store reports,
 * committing in batches so a killed run loses at most one uncommitted
 * batch.  The spelling counts of a killed run and the callbacks are the
 * writer's too; the stores know nothing of them.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "analysis/stem.h"
#include "indexer/docbuild.h"
#include "indexer/files.h"
#include "indexer/folders.h"
#include "indexer/store.h"
#include "indexer/upgrade.h"
#include "indexer/writer_internal.h"
#include "lib/core.h"
#include "lib/schema.h"
#include "lib/terms.h"
#include "lib/date.h"
#include "indexer/reader.h"
#include "indexer/reader_fields.h"

#define NX_DEFAULT_BATCH 1000
#define NX_LOCK_POLL_MS 100

void nx_writer_opts_init(nx_writer_opts *o)
{
    memset(o, 0, sizeof *o);
    o->create = 1;
}

static void sleep_ms(unsigned ms)
{
    struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

/* Opens writable, retrying on lock contention until the deadline: Xapian's
 * own DB_RETRY_LOCK has no deadline, which a cron job cannot live with.
 * *waited: the seconds spent. */
static xc_status open_writable_deadline(const char *path, int mode, double wait, xc_db **db,
                                        double *waited)
{
    double start = nx_now(), deadline = start + (wait > 0 ? wait : 0);
    for (;;) {
        xc_status st = xc_db_open_writable(path, mode, db);
        double now = nx_now();
        *waited = now - start;
        if (st != XC_ERR_DATABASE_LOCK || now >= deadline)
            return st;
        sleep_ms(NX_LOCK_POLL_MS);
    }
}

static void load_spelling(nx_writer *w);

/* A database from another newsidx is refused before anything is added to
 * it; one in an older schema this newsidx still reads is restamped, so
 * that an older newsidx, which would not find the records added here,
 * refuses it in turn.  The stamp lands with the first commit.  One whose
 * documents an older analysis built (upgrade.h) is stamped only after
 * they are rebuilt: *rebuild is set and the caller does both. */
static nx_status stamp_schema(xc_db *db, const char *path, int *rebuild, char *err)
{
    char *have = NULL;
    size_t hlen = 0;
    *rebuild = 0;
    if (xc_db_get_metadata(db, NX_META_SCHEMA, &have, &hlen) != XC_OK) {
        nx_seterr(err, "%s: cannot read metadata: %s", path, xc_errmsg());
        return NX_ERR_BACKEND;
    }
    nx_status st = NX_OK;
    if (!nx_schema_supported(have, hlen)) {
        nx_seterr(err,
                  "%s: written by another version of newsidx (schema %.*s; this newsidx writes "
                  "schemas %s to %s); index into a new database",
                  path, (int)(hlen < 16 ? hlen : 16), have, NX_SCHEMA_OLDEST, NX_SCHEMA_VERSION);
        st = NX_ERR_VERSION;
    } else if (nx_upgrade_needed(have, hlen)) {
        *rebuild = 1;
    } else if (!nx_schema_current(have, hlen) &&
               xc_db_set_metadata(db, NX_META_SCHEMA, NX_SCHEMA_VERSION, strlen(NX_SCHEMA_VERSION)) !=
                   XC_OK) {
        nx_seterr(err, "%s: cannot write metadata: %s", path, xc_errmsg());
        st = NX_ERR_BACKEND;
    }
    xc_free(have);
    return st;
}

/* Rebuilds db's documents with this newsidx's analysis, then stamps it. */
static nx_status upgrade(xc_db *db, nx_docbuilder *b, const char *path, char *err)
{
    nx_status st = nx_upgrade_rebuild(db, b, path, 0, NULL, err);
    if (st == NX_OK &&
        xc_db_set_metadata(db, NX_META_SCHEMA, NX_SCHEMA_VERSION, strlen(NX_SCHEMA_VERSION)) != XC_OK) {
        nx_seterr(err, "%s: cannot write metadata: %s", path, xc_errmsg());
        st = NX_ERR_BACKEND;
    }
    return st;
}

/* The stores nx_writer_open chooses from (indexer/store.h). */
typedef enum { STORE_PLAIN, STORE_SHARDS, STORE_BULK } store_kind;

nx_status nx_writer_open(const char *path, const nx_writer_opts *opts, nx_writer **out, char **errmsg)
{
    char err[NX_ERRMSG_MAX];
    nx_writer_opts def;
    if (!opts) {
        nx_writer_opts_init(&def);
        opts = &def;
    }
    if (out)
        *out = NULL;
    if (!path || !*path || !out) {
        nx_errout(errmsg, "nx_writer_open: path and out are required");
        return NX_ERR_INVALID;
    }
    if ((unsigned)opts->shard_by > NX_SHARD_MONTH) {
        nx_errout(errmsg, "nx_writer_open: shard_by must be NX_SHARD_NONE, NX_SHARD_YEAR or NX_SHARD_MONTH");
        return NX_ERR_INVALID;
    }
    /* Options that cannot work are refused before anything is created:
     * a typo in a cron line must not leave an empty database behind. */
    nx_format format = NX_FORMAT_UNKNOWN;
    if (opts->format && (format = nx_format_from_name(opts->format)) == NX_FORMAT_UNKNOWN) {
        nx_seterr(err, "unknown format '%s' (text, json, html, sgml or csv)", opts->format);
        nx_errout(errmsg, err);
        return NX_ERR_INVALID;
    }
    if (opts->csv_columns && nx_rf_check_columns(opts->fields, opts->csv_columns, err) != 0) {
        nx_errout(errmsg, err);
        return NX_ERR_INVALID;
    }
    char want_lang[64] = "";
    if (opts->language) {
        nx_stemmer *probe = NULL;
        char *serr = NULL;
        if (nx_stemmer_new(opts->language, &probe, &serr) != NX_OK) {
            nx_seterr(err, "%s", serr ? serr : "unknown language");
            free(serr);
            nx_errout(errmsg, err);
            return NX_ERR_INVALID;
        }
        snprintf(want_lang, sizeof want_lang, "%s", nx_stemmer_language(probe));
        nx_stemmer_free(probe);
    }
    int sharded = nx_store_shards_present(path);
    nx_path_kind kind = sharded ? NX_PATH_DATABASE : nx_classify_path(path);
    if (!sharded && opts->shard_by && kind == NX_PATH_DATABASE) {
        nx_seterr(err, "%s: an unsharded database is already there; date shards need a new path", path);
        nx_errout(errmsg, err);
        return NX_ERR_INVALID;
    }
    if (kind == NX_PATH_OTHER) {
        nx_seterr(err, "%s: not a newsidx database (it exists and holds something else)", path);
        nx_errout(errmsg, err);
        return NX_ERR_NOT_DATABASE;
    }
    if (kind == NX_PATH_MISSING && !opts->create) {
        nx_seterr(err, "%s: no database there", path);
        nx_errout(errmsg, err);
        return NX_ERR_NOT_FOUND;
    }
    nx_writer *w = calloc(1, sizeof *w);
    if (!w || !(w->path = strdup(path))) {
        free(w);
        nx_errout(errmsg, "out of memory");
        return NX_ERR_NOMEM;
    }
    w->batch_size = opts->batch_size ? opts->batch_size : NX_DEFAULT_BATCH;
    w->format = format;
    if ((opts->fields && !(w->fields = strdup(opts->fields))) ||
        (opts->csv_columns && !(w->csv_columns = strdup(opts->csv_columns)))) {
        free(w->fields);
        free(w->path);
        free(w);
        nx_errout(errmsg, "out of memory");
        return NX_ERR_NOMEM;
    }
    w->dry_run = opts->dry_run;
    nx_status st;
    xc_db *db = NULL;
    store_kind which = STORE_PLAIN;
    /* A dry run against a database that does not exist yet must not create
     * one: it reads and writes a plain scratch database instead (everything
     * is new to it), removed at the close. */
    if (opts->dry_run && kind == NX_PATH_MISSING) {
        if (!(w->scratch = nx_scratch_dir())) {
            st = NX_ERR_IO;
            nx_seterr(err, "cannot create a scratch folder for the dry run");
            goto fail;
        }
    } else if (sharded || opts->shard_by) {
        which = STORE_SHARDS;
    }
    /* A sharded database keeps its metadata and file records in meta/,
     * whose lock is the lock of the whole database. */
    char *meta = NULL;
    if (which == STORE_SHARDS) {
        if (!sharded && (st = nx_store_shards_mkdir(path, err)) != NX_OK)
            goto fail;
        if (!(meta = nx_store_shards_meta_path(path))) {
            st = NX_ERR_NOMEM;
            nx_seterr(err, "out of memory");
            goto fail;
        }
    }
    /* CREATE_OR_OPEN also for an existing database: another indexer may be
     * creating it right now, and then we must meet its lock, not fail. */
    double waited = 0;
    xc_status xs = open_writable_deadline(meta ? meta : w->scratch ? w->scratch : path,
                                          XC_DB_CREATE_OR_OPEN, opts->wait_seconds, &db, &waited);
    free(meta);
    if (xs != XC_OK) {
        db = NULL;
        st = nx_status_from_xc(xs);
        if (xs == XC_ERR_DATABASE_LOCK)
            nx_seterr(err, "%s: database is locked by another writer (waited %.1f s)", path, waited);
        else
            nx_seterr(err, "%s: cannot open for writing: %s", path, xc_errmsg());
        goto fail;
    }
    /* An existing index keeps the language it was built with: mixing
     * stemmers would make old and new terms disagree. */
    char *lang = NULL;
    size_t llen = 0;
    if (xc_db_get_metadata(db, NX_META_LANGUAGE, &lang, &llen) != XC_OK) {
        st = NX_ERR_BACKEND;
        nx_seterr(err, "%s: cannot read metadata: %s", path, xc_errmsg());
        goto fail;
    }
    const char *language = llen ? lang : (opts->language ? opts->language : "english");
    char *serr = NULL;
    st = nx_stemmer_new(language, &w->st, &serr);
    if (st != NX_OK) {
        nx_seterr(err, "%s: %s", path, serr ? serr : "cannot create stemmer");
        free(serr);
        xc_free(lang);
        goto fail;
    }
    if (llen && *want_lang && strcmp(want_lang, nx_stemmer_language(w->st)) != 0) {
        st = NX_ERR_INVALID;
        nx_seterr(err, "%s: the database's language is %s, not %s (a database keeps the language it "
                  "was built with; index into a new one for %s)", path, nx_stemmer_language(w->st),
                  want_lang, want_lang);
        xc_free(lang);
        goto fail;
    }
    int rebuild = 0;
    if ((st = stamp_schema(db, path, &rebuild, err)) != NX_OK) {
        xc_free(lang);
        goto fail;
    }
    if (!llen && xc_db_set_metadata(db, NX_META_LANGUAGE, language, strlen(language)) != XC_OK) {
        xc_free(lang);
        st = NX_ERR_BACKEND;
        nx_seterr(err, "%s: cannot write metadata: %s", path, xc_errmsg());
        goto fail;
    }
    xc_free(lang);
    if ((st = nx_docbuilder_new(w->st, &w->builder)) != NX_OK) {
        nx_seterr(err, "out of memory");
        goto fail;
    }
    if (rebuild && (st = upgrade(db, w->builder, path, err)) != NX_OK)
        goto fail;
    if (which == STORE_PLAIN && !w->scratch) {
        unsigned long docs = 1;
        if (xc_db_get_doccount(db, &docs) != XC_OK) {
            st = NX_ERR_BACKEND;
            nx_seterr(err, "%s: cannot read the article count: %s", path, xc_errmsg());
            goto fail;
        }
        /* A bulk build only where nothing can be lost by building aside. */
        if (opts->jobs > 1 && !opts->dry_run && docs == 0)
            which = STORE_BULK;
        else
            nx_store_bulk_remove_stale(path);
    }
    switch (which) {
    case STORE_PLAIN:
        st = nx_store_plain_new(db, path, w->builder, &w->store, err);
        break;
    case STORE_SHARDS:
        st = nx_store_shards_new(db, path, opts->shard_by, w->dry_run, w->builder, &w->store, err);
        break;
    case STORE_BULK:
        st = nx_store_bulk_new(db, path, opts->jobs, w->batch_size, nx_stemmer_language(w->st), w->builder,
                               &w->store, err);
        break;
    }
    if (st != NX_OK)
        goto fail;
    db = NULL;                         /* the store's now */
    w->db = w->store->meta;
    /* The bulk build starts from an empty database, and its workers count
     * their own spelling words. */
    if (which != STORE_BULK && !w->dry_run)
        load_spelling(w);
    *out = w;
    return NX_OK;
fail:
    nx_errout(errmsg, err);
    nx_docbuilder_free(w->builder);
    nx_stemmer_free(w->st);
    xc_db_close(db);
    nx_scratch_remove(w->scratch);
    free(w->fields);
    free(w->csv_columns);
    free(w->path);
    free(w);
    return st;
}

const char *nx_writer_errmsg(const nx_writer *w) { return w ? w->err : "no writer"; }

const char *nx_writer_warning(const nx_writer *w) { return w && w->warning[0] ? w->warning : NULL; }

static void stamp_time(nx_writer *w, const char *key)
{
    char buf[32];
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    xc_db_set_metadata(w->db, key, buf, strlen(buf));
}

static void spell_key(unsigned seq, char *key, size_t n)
{
    snprintf(key, n, "%s%08u", NX_META_SPELL_PREFIX, seq);
}

/* Spelling counts wait for the end of the run, but a run can be killed
 * before it: each batch commit saves the counts it added as one metadata
 * key, and once the builder has handed counts to Xapian (at the end, or
 * when many piled up) the saved keys go, in the same commit.  Like the
 * counts themselves this is best effort: a failure costs hints, not data.
 * (Sharded: the spelling tables are the shards', committed just before
 * meta/, so a kill in between can count a batch's words twice.) */
static void save_spelling(nx_writer *w, int final)
{
    char key[64];
    unsigned long flushes = nx_docbuilder_spelling_flushes(w->builder);
    if (final || flushes != w->spell_flushes) {
        for (unsigned k = w->spell_first; k < w->spell_next; k++) {
            spell_key(k, key, sizeof key);
            xc_db_set_metadata(w->db, key, "", 0);
        }
        w->spell_first = w->spell_next;
        w->spell_flushes = flushes;
    }
    if (final)
        return;
    nx_buf delta = { 0 };
    if (nx_docbuilder_spelling_delta(w->builder, &delta) > 0) {
        spell_key(w->spell_next, key, sizeof key);
        if (xc_db_set_metadata(w->db, key, delta.p, delta.len) == XC_OK)
            w->spell_next++;
    }
    nx_buf_free(&delta);
}

/* Takes back the counts a killed run saved (save_spelling); they reach
 * Xapian with this run's. */
static void load_spelling(nx_writer *w)
{
    xc_termlist *tl;
    if (xc_db_metadata_keys(w->db, NX_META_SPELL_PREFIX, &tl) != XC_OK)
        return;
    xc_term_info ti;
    size_t plen = strlen(NX_META_SPELL_PREFIX);
    int any = 0;
    while (xc_termlist_next(tl, &ti) == 1) {
        unsigned long seq = strtoul(ti.term + plen, NULL, 10);
        char *val = NULL;
        size_t len = 0;
        if (seq >= 0xFFFFFFF0UL || xc_db_get_metadata(w->db, ti.term, &val, &len) != XC_OK) {
            xc_free(val);
            continue;
        }
        if (len && nx_docbuilder_spelling_load(w->builder, w->db, val, len) == 0) {
            if (!any || seq < w->spell_first)
                w->spell_first = (unsigned)seq;
            if (!any || seq + 1 > w->spell_next)
                w->spell_next = (unsigned)seq + 1;
            any = 1;
        }
        xc_free(val);
    }
    xc_termlist_free(tl);
}

/* The store's message becomes the writer's. */
static nx_status store_failed(nx_writer *w, nx_status st)
{
    memcpy(w->err, w->store->err, sizeof w->err);
    return st;
}

/* final: the end of a run or an explicit commit, which also hands the
 * piled-up spelling counts to Xapian. */
static nx_status commit(nx_writer *w, int final)
{
    if (w->pending || (final && w->store->publishes))
        stamp_time(w, NX_META_LAST_COMMIT);
    /* Every run that ends says so, also one that changed nothing: an
     * operator reads it to know cron is still running the indexer. */
    if (final && !w->dry_run)
        stamp_time(w, NX_META_LAST_RUN);
    /* Spelling counts are hints: a failure to add them is not worth
     * failing the commit.  Batch commits leave them to pile up: Xapian
     * rewrites every trigram list a batch touches, which made spelling
     * cost as much as everything else (bench/RESULTS.md). */
    if (final)
        nx_docbuilder_flush_spelling(w->builder);
    if (!w->dry_run)
        save_spelling(w, final);
    nx_status st = w->store->ops->commit(w->store);
    if (st != NX_OK)
        return store_failed(w, st);
    w->pending = 0;
    return NX_OK;
}

nx_status nx_writer_commit(nx_writer *w)
{
    return w ? commit(w, 1) : NX_ERR_INVALID;
}

void nx_writer_set_callbacks(nx_writer *w, nx_file_fn file, nx_progress_fn progress, void *ctx)
{
    if (!w)
        return;
    w->on_file = file;
    w->on_progress = progress;
    w->cb_ctx = ctx;
}

/* n more changes towards the batch, committed when it is full.  Called
 * after the store's operation has returned, never from inside a store. */
static nx_status count_changes(nx_writer *w, unsigned long n)
{
    w->pending += (unsigned)n;
    if (n && w->pending >= w->batch_size)
        return commit(w, 0);
    return NX_OK;
}

nx_status nx_writer_add(nx_writer *w, const nx_article *a, int *replaced)
{
    if (!w)
        return NX_ERR_INVALID;
    if (!a || !a->id || !*a->id) {
        nx_seterr(w->err, "nx_writer_add: the article needs an id");
        return NX_ERR_INVALID;
    }
    w->warning[0] = '\0';
    /* A date that is no date is the source's mistake, not a reason to lose
     * the story: it goes in undated, and the caller hears which. */
    nx_article undated;
    char norm[32];
    if (a->date && *a->date && !nx_normalise_date(a->date, norm, sizeof norm)) {
        snprintf(w->warning, sizeof w->warning,
                 "article '%.200s': date \"%.60s\" is no date; indexed without one", a->id, a->date);
        undated = *a;
        undated.date = NULL;
        a = &undated;
    }
    /* The size limit is the writer's: every store would build it (docbuild.h). */
    nx_status size_st = nx_article_check_size(a, w->err);
    if (size_st != NX_OK)
        return size_st;
    char term[NX_TERM_BUF];
    nx_id_term(a->id, term, sizeof term);
    int existed = 0;
    nx_status st = w->store->ops->put(w->store, term, a, &existed);
    if (st != NX_OK)
        return store_failed(w, st);
    if (replaced)
        *replaced = existed;
    return count_changes(w, 1);
}

nx_status nx_writer_delete(nx_writer *w, const char *id, int *deleted)
{
    if (!w)
        return NX_ERR_INVALID;
    if (!id || !*id) {
        nx_seterr(w->err, "nx_writer_delete: id is required");
        return NX_ERR_INVALID;
    }
    char term[NX_TERM_BUF];
    nx_id_term(id, term, sizeof term);
    int existed = 0;
    nx_status st = w->store->ops->del(w->store, term, &existed);
    if (st != NX_OK)
        return store_failed(w, st);
    if (deleted)
        *deleted = existed;
    return count_changes(w, existed ? 1 : 0);
}

/* ---------------------------------------------------------------- files */

int nx_writer_file_get(nx_writer *w, const char *path, nx_file_rec *rec)
{
    int r = nx_file_rec_get(w->db, path, rec);
    if (r < 0)
        nx_seterr(w->err, "%s: cannot read the record of %s: %s", w->path, path, xc_errmsg());
    return r;
}

static nx_status file_failed(nx_writer *w, xc_status xs, const char *what, const char *path)
{
    nx_seterr(w->err, "%s: cannot %s %s: %s", w->path, what, path,
              xs == XC_ERR_NOMEM ? "out of memory" : xc_errmsg());
    return nx_status_from_xc(xs);
}

nx_status nx_writer_file_put(nx_writer *w, const char *path, const nx_file_rec *rec)
{
    xc_status xs = nx_file_rec_put(w->db, path, rec);
    if (xs != XC_OK)
        return file_failed(w, xs, "record", path);
    return count_changes(w, 1);
}

int nx_writer_fail_get(nx_writer *w, const char *path, nx_file_rec *rec)
{
    int r = nx_fail_rec_get(w->db, path, rec);
    if (r < 0)
        nx_seterr(w->err, "%s: cannot read the failure record of %s: %s", w->path, path, xc_errmsg());
    return r;
}

nx_status nx_writer_fail_put(nx_writer *w, const char *path, const nx_file_rec *rec, const char *reason)
{
    xc_status xs = nx_fail_rec_put(w->db, path, rec, reason);
    if (xs != XC_OK)
        return file_failed(w, xs, "failure record", path);
    return count_changes(w, 1);
}

nx_status nx_writer_fail_forget(nx_writer *w, const char *path)
{
    nx_file_rec old;
    int had = nx_fail_rec_get(w->db, path, &old);
    if (had <= 0)
        return had < 0 ? NX_ERR_BACKEND : NX_OK;
    xc_status xs = nx_fail_rec_delete(w->db, path);
    return xs == XC_OK ? count_changes(w, 1) : file_failed(w, xs, "forget the failure of", path);
}

nx_status nx_writer_file_forget(nx_writer *w, const char *path)
{
    xc_status xs = nx_file_rec_delete(w->db, path);
    return xs == XC_OK ? NX_OK : file_failed(w, xs, "forget", path);
}

nx_status nx_writer_file_delete_articles(nx_writer *w, const char *path, char **keep, size_t nkeep,
                                         unsigned long *deleted)
{
    *deleted = 0;
    char fterm[NX_TERM_BUF];
    nx_file_term(path, fterm, sizeof fterm);
    /* At most what is left of the batch at a time, so batches end where
     * they did when each deletion was counted on its own. */
    for (;;) {
        unsigned long room = w->pending < w->batch_size ? w->batch_size - w->pending : 1, n = 0;
        nx_status st = w->store->ops->del_file(w->store, fterm, (char *const *)keep, nkeep, room, &n);
        *deleted += n;
        if (st != NX_OK) {
            nx_seterr(w->err, "%s (removing the old articles of %s)", w->store->err, path);
            return st;
        }
        if ((st = count_changes(w, n)) != NX_OK || n < room)
            return st;
    }
}

/* Deletes the articles of the file the index knows as abs; *found set
 * when it knows that file.  Its record stays, as after deleting one of its
 * articles by id: an incremental run skips the file while it is unchanged,
 * so cron does not bring the articles back. */
static nx_status delete_file_as(nx_writer *w, const char *abs, unsigned long *deleted, int *found)
{
    nx_file_rec rec;
    int r = nx_writer_file_get(w, abs, &rec);
    if (r < 0)
        return NX_ERR_BACKEND;
    nx_status st = nx_writer_file_delete_articles(w, abs, NULL, 0, deleted);
    *found = r == 1 || *deleted > 0;
    return st;
}

nx_status nx_writer_delete_file(nx_writer *w, const char *path, unsigned long *deleted)
{
    unsigned long n = 0;
    if (deleted)
        *deleted = 0;
    if (!w)
        return NX_ERR_INVALID;
    if (!path || !*path) {
        nx_seterr(w->err, "nx_writer_delete_file: path is required");
        return NX_ERR_INVALID;
    }
    /* The indexer keeps a folder's files under the folder's real path and
     * the names below it (walk.c), a file named alone under its own real
     * path: try the first, then the second (which also covers a file that
     * has gone, through its folder). */
    char abs[PATH_MAX], dir[PATH_MAX];
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    size_t dlen = slash ? (size_t)(slash - path) : 0;
    nx_status st = NX_OK;
    int found = 0;
    if (*base && dlen < sizeof dir) {
        if (!slash)
            strcpy(dir, ".");
        else if (!dlen)
            strcpy(dir, "/");
        else {
            memcpy(dir, path, dlen);
            dir[dlen] = '\0';
        }
        char real[PATH_MAX];
        if (realpath(dir, real) && snprintf(abs, sizeof abs, "%s/%s", strcmp(real, "/") ? real : "", base) <
                                       (int)sizeof abs)
            st = delete_file_as(w, abs, &n, &found);
    }
    if (st == NX_OK && !found && realpath(path, abs))
        st = delete_file_as(w, abs, &n, &found);
    if (deleted)
        *deleted = n;
    return st;
}

/* ---------------------------------------------------------------- close */

nx_status nx_writer_close(nx_writer *w)
{
    return nx_writer_close_ex(w, NULL);
}

nx_status nx_writer_close_ex(nx_writer *w, char **errmsg)
{
    if (errmsg)
        *errmsg = NULL;
    if (!w)
        return NX_OK;
    /* The last batch, then the store's end of the run: the bulk build
     * publishes only when everything before succeeded. */
    nx_status st = commit(w, 1);
    nx_status fst = w->store->ops->finish ? w->store->ops->finish(w->store, st == NX_OK) : NX_OK;
    if (st == NX_OK && fst != NX_OK)
        st = store_failed(w, fst);
    nx_store_free(w->store);
    nx_docbuilder_free(w->builder);
    nx_stemmer_free(w->st);
    nx_scratch_remove(w->scratch);
    if (st != NX_OK)
        nx_errout(errmsg, w->err);
    free(w->fields);
    free(w->csv_columns);
    free(w->path);
    free(w);
    return st;
}

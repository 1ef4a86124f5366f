/*
 * index.c — nx_index: opening a database for reading (with a clear word for
 * each way that can fail), and its statistics.  A sharded database (a
 * folder holding XAPIANDB) or a shard map (a file) is opened through
 * shardmap.c; a plain database folder exactly as before.
 */
#include <dirent.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/schema.h"
#include "lib/stored.h"
#include "searcher/index_internal.h"

static nx_status open_fail(char **errmsg, nx_status st, const char *fmt, const char *path, const char *detail)
{
    char err[NX_ERRMSG_MAX];
    snprintf(err, sizeof err, fmt, path, detail);
    nx_errout(errmsg, err);
    return st;
}

#define NX_OPEN_RETRIES 5

/* The stub inside a folder (lib/shards.h): a sharded database newsidx
 * wrote (caller frees). */
static char *sharded_stub(const char *path)
{
    char *stub = nx_path_join(path, NX_SHARD_STUB);
    struct stat sb;
    if (stub) {
        if (stat(stub, &sb) == 0 && S_ISREG(sb.st_mode))
            return stub;
    }
    free(stub);
    return NULL;
}

nx_status nx_index_classify(const char *path, nx_source_kind *kind, char **errmsg)
{
    char *stub = sharded_stub(path);
    if (stub) {
        free(stub);
        *kind = NX_SOURCE_SHARDED;
        return NX_OK;
    }
    struct stat sb;
    nx_path_kind k = nx_classify_path(path);
    if (k == NX_PATH_MISSING)
        return open_fail(errmsg, NX_ERR_NOT_FOUND,
                         "%s: no database there%s (create one with 'newsidx index --db PATH FILES...')",
                         path, "");
    /* A plain file is a shard map (Xapian's stub format); a folder must hold a database. */
    if (k == NX_PATH_DATABASE)
        *kind = NX_SOURCE_DATABASE;
    else if (stat(path, &sb) == 0 && S_ISREG(sb.st_mode))
        *kind = NX_SOURCE_MAP;
    else
        return open_fail(errmsg, NX_ERR_NOT_DATABASE, "%s: not a newsidx database%s", path,
                         k == NX_PATH_EMPTY_DIR ? " (the folder is empty)" : "");
    return NX_OK;
}

nx_status nx_index_add_source(nx_index *ix, const char *path, nx_source_kind kind, char **errmsg)
{
    if (kind == NX_SOURCE_DATABASE)
        return nx_shardmap_add_local(ix, path, errmsg);
    if (kind == NX_SOURCE_SHARDED) {
        char *stub = sharded_stub(path);
        if (!stub) {
            nx_errout(errmsg, "out of memory");
            return NX_ERR_NOMEM;
        }
        nx_status st = nx_shardmap_load(ix, stub, path, 1, errmsg);
        free(stub);
        return st;
    }
    /* A map's relative paths are relative to its folder. */
    char *dir = strdup(path);
    if (!dir) {
        nx_errout(errmsg, "out of memory");
        return NX_ERR_NOMEM;
    }
    char *slash = strrchr(dir, '/');
    if (slash)
        *(slash == dir ? slash + 1 : slash) = '\0';
    else
        dir[0] = '\0';
    nx_status st = nx_shardmap_load(ix, path, dir, 0, errmsg);
    free(dir);
    return st;
}

static xc_status read_meta(xc_db *db, char **lang, size_t *llen, char **schema, size_t *slen,
                           unsigned long *docs)
{
    xc_status xs = xc_db_get_metadata(db, NX_META_LANGUAGE, lang, llen);
    if (xs == XC_OK)
        xs = xc_db_get_metadata(db, NX_META_SCHEMA, schema, slen);
    if (xs == XC_OK)
        xs = xc_db_get_doccount(db, docs);
    return xs;
}

nx_status nx_index_new_handle(const char *path, const nx_open_opts *opts, nx_index **out, char **errmsg)
{
    nx_index *ix = calloc(1, sizeof *ix);
    if (!ix || !(ix->path = strdup(path))) {
        free(ix);
        nx_errout(errmsg, "out of memory");
        return NX_ERR_NOMEM;
    }
    if (opts)
        ix->oo = *opts;
    *out = ix;
    return NX_OK;
}

nx_status nx_index_open(const char *path, nx_index **out, char **errmsg)
{
    return nx_index_open_ex(path, NULL, out, errmsg);
}

nx_status nx_index_open_ex(const char *path, const nx_open_opts *opts, nx_index **out, char **errmsg)
{
    if (out)
        *out = NULL;
    if (!path || !*path || !out) {
        nx_errout(errmsg, "nx_index_open: path and out are required");
        return NX_ERR_INVALID;
    }
    nx_source_kind kind;
    nx_index *ix = NULL;
    nx_status st = nx_index_classify(path, &kind, errmsg);
    if (st == NX_OK)
        st = nx_index_new_handle(path, opts, &ix, errmsg);
    if (st != NX_OK)
        return st;
    /* A single database stays unsharded: no combined handle to rebuild. */
    if (kind != NX_SOURCE_DATABASE)
        st = nx_index_add_source(ix, path, kind, errmsg);
    if (st == NX_OK)
        st = nx_index_finish_open(ix, errmsg);
    if (st != NX_OK) {
        nx_index_close(ix);
        return st;
    }
    *out = ix;
    return NX_OK;
}

nx_status nx_index_finish_open(nx_index *ix, char **errmsg)
{
    const char *path = ix->path;
    nx_status st;
    char *lang = NULL, *schema = NULL;
    size_t llen = 0, slen = 0;
    unsigned long docs = 0;
    xc_db *first = NULL;
    /* Shards: the first that answers gives the metadata, as Xapian's
     * combined database does. */
    if (ix->shards && (st = nx_shardmap_first(ix, &first)) != NX_OK) {
        nx_errout(errmsg, ix->err);
        return st;
    }
    /* A commit landing while the database is opened can fail the open or the
     * first reads with DatabaseModifiedError, or DatabaseCorruptError when a
     * block was reused under the reader: both mean "try again". */
    xc_status xs;
    for (int attempt = 0;; attempt++) {
        if (first) {
            xs = attempt ? xc_db_reopen(first, NULL) : XC_OK;
        } else {
            xs = xc_db_open(path, &ix->db);
        }
        if (xs == XC_OK)
            xs = read_meta(first ? first : ix->db, &lang, &llen, &schema, &slen, &docs);
        if (xs == XC_OK || attempt == NX_OPEN_RETRIES ||
            (xs != XC_ERR_DATABASE_MODIFIED && xs != XC_ERR_DATABASE_CORRUPT))
            break;
        xc_free(lang);
        xc_free(schema);
        lang = schema = NULL;
        llen = slen = 0;
        if (!first) {
            xc_db_close(ix->db);
            ix->db = NULL;
        }
    }
    if (xs != XC_OK) {
        xc_free(lang);
        xc_free(schema);
        st = nx_status_from_xc(xs);
        /* A writer's lock with no database beside it yet: a first build
         * that has not committed (a parallel one publishes only at its end). */
        if (st == NX_ERR_NOT_FOUND && !first && nx_classify_path(path) == NX_PATH_DATABASE) {
            return open_fail(errmsg, st, "%s: no database there yet: a first build is creating it; "
                             "search again when 'newsidx index' has finished%s", path, "");
        }
        if (st == NX_ERR_NOT_FOUND || st == NX_ERR_BACKEND)
            st = NX_ERR_NOT_DATABASE;
        return open_fail(errmsg, st, "%s: cannot open the database: %s", path, xc_errmsg());
    }
    if (!nx_schema_supported(schema, slen)) {
        char msg[128];
        snprintf(msg, sizeof msg,
                 "schema %.*s, this newsidx reads schemas %s to %s; re-index into a new database",
                 (int)(slen < 16 ? slen : 16), schema, NX_SCHEMA_OLDEST, NX_SCHEMA_VERSION);
        xc_free(lang);
        xc_free(schema);
        return open_fail(errmsg, NX_ERR_VERSION, "%s: written by another version of newsidx (%s)", path, msg);
    }
    xc_free(schema);
    if (!slen && docs > 0) {
        xc_free(lang);
        return open_fail(errmsg, NX_ERR_NOT_DATABASE, "%s: a Xapian database, but not one newsidx wrote%s", path,
                         "");
    }
    snprintf(ix->language, sizeof ix->language, "%s", llen ? lang : "english");
    xc_free(lang);
    char *serr = NULL;
    if ((st = nx_stemmer_new(ix->language, &ix->st, &serr)) != NX_OK) {
        open_fail(errmsg, st, "%s: %s", path, serr ? serr : "cannot create stemmer");
        free(serr);
        return st;
    }
    if ((st = nx_snippeter_new(ix->st, &ix->sn)) != NX_OK)
        return open_fail(errmsg, st, "%s: %s", path, "out of memory");
    return NX_OK;
}

void nx_index_close(nx_index *ix)
{
    if (!ix)
        return;
    nx_snippeter_free(ix->sn);
    nx_variants_free(ix->variants);
    nx_stopwords_free(ix->stopwords);
    nx_stemmer_free(ix->st);
    xc_db_close(ix->db);
    nx_shardmap_free(ix);
    free(ix->path);
    free(ix);
}

const char *nx_index_errmsg(const nx_index *ix) { return ix ? ix->err : "no index"; }

nx_status nx_index_read_query(nx_index *ix, const char *query, nx_qtree **tree)
{
    char qerr[512];
    /* Built at the first query, not at open: stats and shard listings
     * never need them. */
    if (!ix->stopwords && nx_stopwords_new(ix->st, &ix->stopwords) != NX_OK) {
        nx_seterr(ix->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    nx_status st = nx_query_read(query, ix->st, ix->stopwords, tree, qerr, sizeof qerr);
    if (st != NX_OK)
        nx_seterr(ix->err, "%s", qerr);
    return st;
}

nx_status nx_index_compile(nx_index *ix, const nx_qtree *tree, nx_parsed_query *pq)
{
    char qerr[512];
    if (!ix->variants && nx_variants_new(ix->st, &ix->variants) != NX_OK) {
        nx_seterr(ix->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    nx_status st = nx_query_compile(tree, ix->db, ix->variants, pq, qerr, sizeof qerr);
    if (st != NX_OK)
        nx_seterr(ix->err, "%s", qerr);
    return st;
}

/* The record of doc (or the failure of getting doc, xs). */
static nx_status doc_record(nx_index *ix, xc_status xs, xc_doc *doc, const char *what, char **data,
                            size_t *len)
{
    *data = NULL;
    *len = 0;
    if (xs == XC_OK)
        xs = nx_stored_of_doc(doc, data, len);
    xc_doc_free(doc);
    if (xs == XC_OK)
        return NX_OK;
    if (xs == XC_ERR_DATABASE_MODIFIED)
        return NX_ERR_MODIFIED;
    nx_seterr(ix->err, "%s: cannot read %s: %s", ix->path, what, xc_errmsg());
    return nx_status_from_xc(xs);
}

nx_status nx_index_fetch_data(nx_index *ix, const xc_mset *m, size_t i, const char *what,
                              char **data, size_t *len)
{
    xc_doc *doc = NULL;
    xc_status xs = xc_mset_get_document(m, i, &doc);
    return doc_record(ix, xs, doc, what, data, len);
}

nx_status nx_index_fetch_doc(nx_index *ix, xc_docid docid, const char *what, char **data, size_t *len)
{
    xc_doc *doc = NULL;
    xc_status xs = xc_db_get_document(ix->db, docid, &doc);
    return doc_record(ix, xs, doc, what, data, len);
}

static unsigned long long dir_size(const char *path)
{
    unsigned long long total = 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    struct dirent *e;
    char buf[4096];
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(buf, sizeof buf, "%s/%s", path, e->d_name);
        struct stat st;
        if (stat(buf, &st) == 0 && S_ISREG(st.st_mode))
            total += (unsigned long long)st.st_size;
    }
    closedir(d);
    return total;
}

nx_status nx_index_stats(nx_index *ix, nx_stats *st)
{
    if (!ix)
        return NX_ERR_INVALID;
    if (!st) {
        nx_seterr(ix->err, "nx_index_stats: st is required");
        return NX_ERR_INVALID;
    }
    memset(st, 0, sizeof *st);
    nx_status pst = nx_index_prepare(ix, NULL, NULL, NULL);
    if (pst != NX_OK)
        return pst;
    xc_status xs;
    for (int attempt = 0;; attempt++) {
        xs = xc_db_get_doccount(ix->db, &st->documents);
        if (xs == XC_OK)
            xs = xc_db_get_avlength(ix->db, &st->avg_length);
        if (xs != XC_ERR_DATABASE_MODIFIED || attempt == 3 || nx_index_reopen(ix) != 0)
            break;
    }
    if (xs != XC_OK) {
        nx_seterr(ix->err, "%s: cannot read statistics: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    xc_termlist *tl;
    if (xc_db_allterms(ix->db, "", &tl) == XC_OK) {
        xc_term_info ti;
        while (xc_termlist_next(tl, &ti) == 1)
            st->terms++;
        xc_termlist_free(tl);
    }
    if (!ix->shards)
        st->size_bytes = dir_size(ix->path);
    for (size_t i = 0; i < ix->nshards; i++)   /* local shards only: a server's disk is its own */
        if (ix->shards[i].path)
            st->size_bytes += dir_size(ix->shards[i].path);
    snprintf(st->language, sizeof st->language, "%s", ix->language);
    char *last = NULL;
    size_t llen = 0;
    if (xc_db_get_metadata(ix->db, NX_META_LAST_COMMIT, &last, &llen) == XC_OK && llen)
        snprintf(st->last_change, sizeof st->last_change, "%s", last);
    xc_free(last);
    last = NULL;
    llen = 0;
    /* Databases from before the run stamp: their last change is the best
     * guess at their last run. */
    if (xc_db_get_metadata(ix->db, NX_META_LAST_RUN, &last, &llen) == XC_OK && llen)
        snprintf(st->last_indexed, sizeof st->last_indexed, "%s", last);
    else
        snprintf(st->last_indexed, sizeof st->last_indexed, "%s", st->last_change);
    xc_free(last);
    if (!st->documents && !ix->shards) {
        char real[PATH_MAX], build[PATH_MAX + sizeof NX_BULK_DIR_SUFFIX];
        struct stat sb;
        if (realpath(ix->path, real)) {
            snprintf(build, sizeof build, "%s%s", real, NX_BULK_DIR_SUFFIX);
            st->building = stat(build, &sb) == 0 && S_ISDIR(sb.st_mode);
        }
    }
    return NX_OK;
}

nx_status nx_index_failed_files(nx_index *ix, nx_failed_fn fn, void *ctx)
{
    if (!ix)
        return NX_ERR_INVALID;
    if (!fn) {
        nx_seterr(ix->err, "nx_index_failed_files: fn is required");
        return NX_ERR_INVALID;
    }
    nx_status pst = nx_index_prepare(ix, NULL, NULL, NULL);
    if (pst != NX_OK)
        return pst;
    xc_termlist *tl;
    if (xc_db_metadata_keys(ix->db, NX_META_FAILED_PREFIX, &tl) != XC_OK) {
        nx_seterr(ix->err, "%s: cannot list failed files: %s", ix->path, xc_errmsg());
        return NX_ERR_BACKEND;
    }
    xc_term_info ti;
    while (xc_termlist_next(tl, &ti) == 1) {
        char *val = NULL;
        size_t len = 0;
        if (xc_db_get_metadata(ix->db, ti.term, &val, &len) == XC_OK && len) {
            /* "<size> <mtime> <hash>\t<path>\t<reason>" (lib/schema.h) */
            char *path = strchr(val, '\t');
            char *reason = path ? strchr(path + 1, '\t') : NULL;
            if (reason) {
                *reason++ = '\0';
                fn(ctx, path + 1, reason);
            }
        }
        xc_free(val);
    }
    xc_termlist_free(tl);
    return NX_OK;
}

nx_status nx_index_sources(nx_index *ix, nx_count_fn fn, void *ctx)
{
    if (!ix)
        return NX_ERR_INVALID;
    if (!fn) {
        nx_seterr(ix->err, "nx_index_sources: fn is required");
        return NX_ERR_INVALID;
    }
    nx_status pst = nx_index_prepare(ix, NULL, NULL, NULL);
    if (pst != NX_OK)
        return pst;
    xc_termlist *tl;
    xc_status xs = xc_db_allterms(ix->db, NX_PFX_SOURCE_EXACT, &tl);
    if (xs != XC_OK) {
        nx_seterr(ix->err, "%s: cannot list sources: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    size_t plen = strlen(NX_PFX_SOURCE_EXACT);
    xc_term_info ti;
    int r;
    while ((r = xc_termlist_next(tl, &ti)) == 1)
        fn(ctx, ti.term + plen, ti.termfreq);
    xc_termlist_free(tl);
    if (r < 0) {
        nx_seterr(ix->err, "%s: cannot list sources: %s", ix->path, xc_errmsg());
        return NX_ERR_BACKEND;
    }
    return NX_OK;
}

nx_status nx_index_shards(nx_index *ix, nx_shard_fn fn, void *ctx)
{
    if (!ix)
        return NX_ERR_INVALID;
    if (!fn) {
        nx_seterr(ix->err, "nx_index_shards: fn is required");
        return NX_ERR_INVALID;
    }
    nx_status st = nx_index_prepare(ix, NULL, NULL, NULL);
    if (st != NX_OK)
        return st;
    if (!ix->shards) {
        unsigned long docs = 0;
        xc_status xs = xc_db_get_doccount(ix->db, &docs);
        if (xs != XC_OK) {
            nx_seterr(ix->err, "%s: cannot read statistics: %s", ix->path, xc_errmsg());
            return nx_status_from_xc(xs);
        }
        fn(ctx, ix->path, docs, 1);
        return NX_OK;
    }
    for (size_t i = 0; i < ix->nshards; i++) {
        nx_rshard *sh = &ix->shards[i];
        unsigned long docs = 0;
        int up = sh->db && !sh->down && xc_db_get_doccount(sh->db, &docs) == XC_OK;
        fn(ctx, sh->name, up ? docs : 0, up);
    }
    return NX_OK;
}

size_t nx_index_missing_shards(const nx_index *ix, const char *const **names)
{
    if (names)
        *names = ix ? (const char *const *)ix->missing : NULL;
    return ix ? ix->nmissing : 0;
}

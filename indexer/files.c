/*
 * files.c — the incremental indexer's memory: one metadata record per
 * input file (size, mtime, content hash, article count), kept in the
 * database itself so the database stays the single source of truth (for a
 * sharded database: in its meta/ database), and the removal of articles
 * that came from a file (from whichever shards hold them).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "indexer/writer_internal.h"
#include "lib/hash.h"
#include "lib/schema.h"

static void rec_key(const char *path, char *key, size_t keysz)
{
    snprintf(key, keysz, "%s%016llx", NX_META_FILE_PREFIX,
             (unsigned long long)nx_fnv1a(path, strlen(path)));
}

int nx_file_rec_get(nx_writer *w, const char *path, nx_file_rec *rec)
{
    char key[64];
    rec_key(path, key, sizeof key);
    char *val = NULL;
    size_t len = 0;
    if (xc_db_get_metadata(w->db, key, &val, &len) != XC_OK) {
        nx_seterr(w->err, "%s: cannot read the record of %s: %s", w->path, path, xc_errmsg());
        return -1;
    }
    int found = 0;
    if (len) {
        unsigned long long hash;
        char *tab = strchr(val, '\t');
        /* The path after the tab guards against a hash collision. */
        found = sscanf(val, "%llu %lld %llx %lu", &rec->size, &rec->mtime_ns, &hash, &rec->articles) == 4 &&
                tab && !strcmp(tab + 1, path);
        rec->hash = hash;
    }
    xc_free(val);
    return found;
}

nx_status nx_file_rec_put(nx_writer *w, const char *path, const nx_file_rec *rec)
{
    char key[64];
    rec_key(path, key, sizeof key);
    size_t cap = strlen(path) + 100;
    char *val = malloc(cap);
    if (!val)
        return NX_ERR_NOMEM;
    int n = snprintf(val, cap, "%llu %lld %016llx %lu\t%s", rec->size, rec->mtime_ns,
                     (unsigned long long)rec->hash, rec->articles, path);
    xc_status xs = xc_db_set_metadata(w->db, key, val, (size_t)n);
    free(val);
    if (xs != XC_OK) {
        nx_seterr(w->err, "%s: cannot record %s: %s", w->path, path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return nx_writer_count_change(w);
}

nx_status nx_file_rec_delete(nx_writer *w, const char *path)
{
    char key[64];
    rec_key(path, key, sizeof key);
    xc_status xs = xc_db_set_metadata(w->db, key, "", 0);   /* empty value deletes */
    if (xs != XC_OK) {
        nx_seterr(w->err, "%s: cannot forget %s: %s", w->path, path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return NX_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The unique-id term of a document, read from its term list. */
static int doc_id_term(xc_db *db, xc_docid id, char *buf, size_t bufsz)
{
    xc_termlist *tl;
    if (xc_db_termlist(db, id, &tl) != XC_OK)
        return -1;
    xc_term_info ti;
    int found = 0, r;
    size_t plen = strlen(NX_PFX_ID);
    while ((r = xc_termlist_next(tl, &ti)) == 1) {
        if (ti.len > plen && !strncmp(ti.term, NX_PFX_ID, plen) && ti.len < bufsz) {
            memcpy(buf, ti.term, ti.len);
            buf[ti.len] = '\0';
            found = 1;
            break;
        }
    }
    xc_termlist_free(tl);
    return r < 0 ? -1 : found;
}

/* One database's part of nx_file_delete_articles: rd to read from, sh the
 * shard it is (NULL: w->db itself), whose writer is opened only when
 * something must go.  A commit (count_change) in between keeps docids:
 * only this run writes. */
static nx_status delete_in(nx_writer *w, xc_db *rd, nx_wshard *sh, const char *path, const char *fterm,
                           char **keep, size_t nkeep, unsigned long *deleted)
{
    xc_docid *ids = NULL;
    size_t n = 0;
    xc_db *wd = sh ? NULL : w->db;
    xc_status xs = xc_db_postlist(rd, fterm, &ids, &n);
    nx_status st = NX_OK;
    for (size_t i = 0; xs == XC_OK && st == NX_OK && i < n; i++) {
        char qterm[300];
        int r = doc_id_term(wd ? wd : rd, ids[i], qterm, sizeof qterm);
        if (r < 0) {
            xs = XC_ERR_OTHER;
            break;
        }
        const char *key = qterm;
        if (r == 1 && keep && bsearch(&key, keep, nkeep, sizeof *keep, cmp_str))
            continue;
        if (!wd && (st = nx_shard_writer(w, sh, &wd)) != NX_OK)
            break;
        xs = xc_db_delete_document(wd, ids[i]);
        if (xs == XC_OK) {
            (*deleted)++;
            st = nx_writer_count_change(w);
        }
    }
    xc_free(ids);
    if (xs != XC_OK) {
        nx_seterr(w->err, "%s: cannot remove old articles of %s: %s", w->path, path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return st;
}

nx_status nx_file_delete_articles(nx_writer *w, const char *path, char **keep, size_t nkeep,
                                  unsigned long *deleted)
{
    *deleted = 0;
    char fterm[64];
    nx_file_term(path, fterm, sizeof fterm);
    if (!w->shards)
        return delete_in(w, w->db, NULL, path, fterm, keep, nkeep, deleted);
    /* A file's articles may sit in any date shard. */
    nx_status st = NX_OK;
    for (size_t i = 0; st == NX_OK && i < w->shards->n; i++) {
        xc_db *rd = nx_shard_reader(&w->shards->v[i]);
        if (rd)
            st = delete_in(w, rd, &w->shards->v[i], path, fterm, keep, nkeep, deleted);
    }
    return st;
}

void nx_sort_strings(char **v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_str);
}

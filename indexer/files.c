/*
 * files.c — the per-file records of the incremental indexer and the search
 * for a file's articles (see files.h).
 */
#include "indexer/files.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/hash.h"
#include "lib/schema.h"
#include "lib/terms.h"

/* The key hashes the path (nx_fnv1a: on disk, lib/hash.h). */
static void rec_key(const char *path, char *key, size_t keysz)
{
    snprintf(key, keysz, "%s%016llx", NX_META_FILE_PREFIX,
             (unsigned long long)nx_fnv1a(path, strlen(path)));
}

static void fail_key(const char *path, char *key, size_t keysz)
{
    snprintf(key, keysz, "%s%016llx", NX_META_FAILED_PREFIX,
             (unsigned long long)nx_fnv1a(path, strlen(path)));
}

/* Reads the record under key: "<size> <mtime> <hash> <n>\t<path>", and
 * for a failure record "\t<reason>" after the path.  The path guards
 * against a hash collision of the key. */
static int rec_get(const xc_db *db, const char *key, const char *path, nx_file_rec *rec, int failure)
{
    char *val = NULL;
    size_t len = 0;
    if (xc_db_get_metadata(db, key, &val, &len) != XC_OK)
        return -1;
    int found = 0;
    if (len) {
        unsigned long long hash;
        char *tab = strchr(val, '\t');
        char *end = tab && failure ? strchr(tab + 1, '\t') : tab ? tab + 1 + strlen(tab + 1) : NULL;
        size_t pl = strlen(path);
        found = sscanf(val, failure ? "%llu %lld %llx %lx" : "%llu %lld %llx %lu", &rec->size, &rec->mtime_ns,
                       &hash, &rec->articles) == 4 &&
                end && (size_t)(end - tab - 1) == pl && !strncmp(tab + 1, path, pl);
        rec->hash = hash;
    }
    xc_free(val);
    return found;
}

int nx_fail_rec_get(const xc_db *db, const char *path, nx_file_rec *rec)
{
    char key[64];
    fail_key(path, key, sizeof key);
    /* articles holds the reading options' hash (nx_fail_rec_put). */
    return rec_get(db, key, path, rec, 1);
}

xc_status nx_fail_rec_put(xc_db *db, const char *path, const nx_file_rec *rec, const char *reason)
{
    char key[64];
    fail_key(path, key, sizeof key);
    size_t cap = strlen(path) + strlen(reason) + 100;
    char *val = malloc(cap);
    if (!val)
        return XC_ERR_NOMEM;
    int n = snprintf(val, cap, "%llu %lld %016llx %lx\t%s\t%s", rec->size, rec->mtime_ns,
                     (unsigned long long)rec->hash, rec->articles, path, reason);
    xc_status xs = xc_db_set_metadata(db, key, val, (size_t)n);
    free(val);
    return xs;
}

xc_status nx_fail_rec_delete(xc_db *db, const char *path)
{
    char key[64];
    fail_key(path, key, sizeof key);
    return xc_db_set_metadata(db, key, "", 0);
}

int nx_file_rec_get(const xc_db *db, const char *path, nx_file_rec *rec)
{
    char key[64];
    rec_key(path, key, sizeof key);
    return rec_get(db, key, path, rec, 0);
}

xc_status nx_file_rec_put(xc_db *db, const char *path, const nx_file_rec *rec)
{
    char key[64];
    rec_key(path, key, sizeof key);
    size_t cap = strlen(path) + 100;
    char *val = malloc(cap);
    if (!val)
        return XC_ERR_NOMEM;
    int n = snprintf(val, cap, "%llu %lld %016llx %lu\t%s", rec->size, rec->mtime_ns,
                     (unsigned long long)rec->hash, rec->articles, path);
    xc_status xs = xc_db_set_metadata(db, key, val, (size_t)n);
    free(val);
    return xs;
}

xc_status nx_file_rec_delete(xc_db *db, const char *path)
{
    char key[64];
    rec_key(path, key, sizeof key);
    return xc_db_set_metadata(db, key, "", 0);   /* an empty value deletes */
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The unique-id term of a document, read from its term list: 1 found, 0
 * none, -1 on error. */
static int doc_id_term(const xc_db *db, xc_docid id, char *buf, size_t bufsz)
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

xc_status nx_file_articles_to_delete(const xc_db *db, const char *fterm, char *const *keep, size_t nkeep,
                                     size_t max, xc_docid **ids, size_t *n)
{
    *n = 0;
    *ids = NULL;
    size_t all = 0;
    xc_status xs = xc_db_postlist(db, fterm, ids, &all);
    if (xs != XC_OK)
        return xs;
    /* Kept in place: the doomed docids are compacted to the front. */
    for (size_t i = 0; i < all && *n < max; i++) {
        char qterm[NX_TERM_BUF];
        int r = doc_id_term(db, (*ids)[i], qterm, sizeof qterm);
        if (r < 0)
            return XC_ERR_OTHER;
        const char *key = qterm;
        if (r == 1 && keep && bsearch(&key, keep, nkeep, sizeof *keep, cmp_str))
            continue;
        (*ids)[(*n)++] = (*ids)[i];
    }
    return XC_OK;
}

void nx_sort_strings(char **v, size_t n)
{
    if (n > 1)
        qsort(v, n, sizeof *v, cmp_str);
}

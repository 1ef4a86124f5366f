/*
 * index_many.c — nx_index_open_many: several databases (or sharded
 * databases, or shard maps) searched as one.  Each path's shards go into
 * one list, exactly as a shard map's lines would, so everything the shard
 * code does (one combined Xapian handle through add_database, ranking and
 * counts as one database, date pruning of date shards, partial results)
 * holds unchanged.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"
#include "searcher/index_internal.h"

/* "a + b + c": the handle's name in messages. */
static char *join_paths(const char *const *paths, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(paths[i]) + 3;
    char *s = malloc(len);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(s, " + ");
        strcat(s, paths[i]);
    }
    return s;
}

/* A local database of another language would be searched with the wrong
 * stems (its words indexed by other rules), silently finding less: refuse. */
static nx_status check_language(const nx_index *ix, const char *source, const char *shard_path,
                                char **errmsg)
{
    xc_db *db = NULL;
    char *lang = NULL;
    size_t len = 0;
    if (xc_db_open(shard_path, &db) != XC_OK ||
        xc_db_get_metadata(db, NX_META_LANGUAGE, &lang, &len) != XC_OK) {
        xc_db_close(db);
        return NX_OK;   /* unreadable: the search says so when it needs it */
    }
    xc_db_close(db);
    const char *l = len ? lang : "english";
    nx_status st = NX_OK;
    if (strcmp(l, ix->language) != 0) {
        char msg[NX_ERRMSG_MAX];
        snprintf(msg, sizeof msg,
                 "%s is indexed in %s, the first database in %s: databases searched together "
                 "must share a language",
                 source, l, ix->language);
        nx_errout(errmsg, msg);
        st = NX_ERR_INVALID;
    }
    xc_free(lang);
    return st;
}

nx_status nx_index_open_many(const char *const *paths, size_t n, const nx_open_opts *opts,
                             nx_index **out, char **errmsg)
{
    if (out)
        *out = NULL;
    int bad = !paths || !n || !out;
    for (size_t i = 0; !bad && i < n; i++)
        bad = !paths[i] || !*paths[i];
    if (bad) {
        nx_errout(errmsg, "nx_index_open_many: paths (at least one, none empty) and out are required");
        return NX_ERR_INVALID;
    }
    if (n == 1)
        return nx_index_open_ex(paths[0], opts, out, errmsg);
    char *name = join_paths(paths, n);
    char **real = calloc(n, sizeof *real);
    size_t *head = calloc(n, sizeof *head);   /* first shard of each path, SIZE_MAX: skipped */
    nx_index *ix = NULL;
    nx_status st = NX_ERR_NOMEM;
    if (!name || !real || !head)
        nx_errout(errmsg, "out of memory");
    else
        st = nx_index_new_handle(name, opts, &ix, errmsg);
    for (size_t i = 0; st == NX_OK && i < n; i++) {
        nx_source_kind kind;
        head[i] = SIZE_MAX;
        if ((st = nx_index_classify(paths[i], &kind, errmsg)) != NX_OK)
            break;
        /* The same database named twice would count every article twice. */
        real[i] = realpath(paths[i], NULL);
        int seen = 0;
        for (size_t j = 0; real[i] && j < i && !seen; j++)
            seen = real[j] && !strcmp(real[i], real[j]);
        if (seen)
            continue;
        head[i] = ix->nshards;
        st = nx_index_add_source(ix, paths[i], kind, errmsg);
    }
    if (st == NX_OK)
        st = nx_index_finish_open(ix, errmsg);
    for (size_t i = 0; st == NX_OK && i < n; i++)
        if (head[i] != SIZE_MAX && head[i] < ix->nshards && ix->shards[head[i]].path)
            st = check_language(ix, paths[i], ix->shards[head[i]].path, errmsg);
    for (size_t i = 0; real && i < n; i++)
        free(real[i]);
    free(real);
    free(head);
    free(name);
    if (st != NX_OK) {
        nx_index_close(ix);
        return st;
    }
    *out = ix;
    return NX_OK;
}

/*
 * shardmap.c — the read side of shards: a shard map (Xapian's stub format:
 * "auto PATH" and "remote HOST:PORT" lines) or a sharded database's own
 * XAPIANDB, opened lazily shard by shard and searched as one database
 * through Xapian's add_database, which combines the statistics so ranking
 * equals one database's.
 *
 * Shards are opened on first use, so a date filter that cannot touch a
 * shard never opens it.  Also what keeps a read handle's databases
 * current, one database or many: the reopen before every read
 * (nx_index_prepare) and after a commit moved them under a read
 * (nx_index_should_retry).  A shard that cannot be opened (server down,
 * unreadable folder) is named in a warning; without allow_partial that
 * fails the search, with it the shard is left out and results are partial.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"
#include "searcher/index_internal.h"

#define NX_MAP_MAX_LINE 4096
#define NX_MAP_MAX_SHARDS 10000
#define NX_CONNECT_TIMEOUT_MS 5000
#define NX_REMOTE_TIMEOUT_MS 10000

void nx_open_opts_init(nx_open_opts *o)
{
    memset(o, 0, sizeof *o);
}

static char *trim(char *s)
{
    while (isspace((unsigned char)*s))
        s++;
    size_t n = strlen(s);
    while (n && isspace((unsigned char)s[n - 1]))
        s[--n] = '\0';
    return s;
}

static nx_status map_error(char **errmsg, const char *file, long line, const char *fmt, const char *arg)
{
    char msg[NX_ERRMSG_MAX], what[512];
    snprintf(what, sizeof what, fmt, arg);
    snprintf(msg, sizeof msg, "%s:%ld: %s", file, line, what);
    nx_errout(errmsg, msg);
    return NX_ERR_NOT_DATABASE;
}

/* HOST:PORT, HOST may be [v6]. */
static int parse_hostport(const char *s, char **host, unsigned *port)
{
    const char *colon = strrchr(s, ':');
    if (!colon || colon == s || !colon[1])
        return 0;
    char *end;
    unsigned long p = strtoul(colon + 1, &end, 10);
    if (*end || p == 0 || p > 65535)
        return 0;
    const char *h = s;
    size_t hl = (size_t)(colon - s);
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    if (!hl || !(*host = strndup(h, hl)))
        return 0;
    *port = (unsigned)p;
    return 1;
}

/* A new shard named name at the end of ix->shards (owned by ix from
 * here, freed with it); NULL when out of memory. */
static nx_rshard *append_shard(nx_index *ix, const char *name)
{
    nx_rshard *v = realloc(ix->shards, (ix->nshards + 1) * sizeof *v);
    if (!v)
        return NULL;
    ix->shards = v;
    nx_rshard *sh = &v[ix->nshards];
    memset(sh, 0, sizeof *sh);
    if (!(sh->name = strdup(name)))
        return NULL;
    ix->nshards++;
    return sh;
}

static nx_status add_line(nx_index *ix, const char *file, long lineno, char *line, const char *basedir,
                          int dated, char **errmsg)
{
    char *type = line, *arg = line;
    while (*arg && !isspace((unsigned char)*arg))
        arg++;
    if (*arg)
        *arg++ = '\0';
    arg = trim(arg);
    if (!*arg)
        return map_error(errmsg, file, lineno, "'%s' needs a path or HOST:PORT after it", type);
    if (ix->nshards >= NX_MAP_MAX_SHARDS)
        return map_error(errmsg, file, lineno, "too many shards (at most %s)", "10000");
    nx_rshard *sh = append_shard(ix, arg);
    if (!sh)
        return NX_ERR_NOMEM;
    if (!strcmp(type, "remote")) {
        if (arg[0] == ':')
            return map_error(errmsg, file, lineno,
                             "'remote %s': only TCP shards are supported; serve it with "
                             "xapian-tcpsrv and write 'remote HOST:PORT'", arg);
        if (!parse_hostport(arg, &sh->host, &sh->port))
            return map_error(errmsg, file, lineno, "'remote %s': expected HOST:PORT", arg);
        return NX_OK;
    }
    if (strcmp(type, "auto") && strcmp(type, "glass") && strcmp(type, "chert") && strcmp(type, "honey"))
        return map_error(errmsg, file, lineno,
                         "unknown shard type '%s' (use 'auto PATH' or 'remote HOST:PORT')", type);
    if (arg[0] == '/' || !*basedir) {
        sh->path = strdup(arg);
    } else {
        size_t n = strlen(basedir) + strlen(arg) + 2;
        if ((sh->path = malloc(n)))
            snprintf(sh->path, n, "%s/%s", basedir, arg);
    }
    if (!sh->path)
        return NX_ERR_NOMEM;
    if (dated)
        sh->dates = nx_shard_dates_of(arg, sh->lo, sh->hi);
    return NX_OK;
}

/* Does line start as a map line does ("auto ...", "remote ...")?  Told
 * apart from the rest so any other file given as --db is "not a database
 * or map", while a map with a bad line keeps its line-numbered message. */
static int looks_like_map_line(const char *line)
{
    static const char *const types[] = { "auto", "glass", "chert", "honey", "remote" };
    for (size_t i = 0; i < sizeof types / sizeof *types; i++) {
        size_t n = strlen(types[i]);
        if (!strncmp(line, types[i], n) && (!line[n] || isspace((unsigned char)line[n])))
            return 1;
    }
    return 0;
}

static nx_status not_a_map(char **errmsg, const char *file)
{
    char msg[NX_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s: not a newsidx database or shard map (a map's lines are "
             "'auto PATH' or 'remote HOST:PORT')", file);
    nx_errout(errmsg, msg);
    return NX_ERR_NOT_DATABASE;
}

nx_status nx_shardmap_load(nx_index *ix, const char *file, const char *basedir, int dated, char **errmsg)
{
    FILE *f = fopen(file, "r");
    if (!f) {
        char msg[NX_ERRMSG_MAX];
        snprintf(msg, sizeof msg, "%s: cannot read the shard map", file);
        nx_errout(errmsg, msg);
        return NX_ERR_IO;
    }
    char buf[NX_MAP_MAX_LINE];
    long lineno = 0, meaningful = 0;
    size_t before = ix->nshards;   /* shards of earlier paths (nx_index_open_many) */
    nx_status st = NX_OK;
    while (st == NX_OK && fgets(buf, sizeof buf, f)) {
        lineno++;
        size_t n = strlen(buf);
        if (n == sizeof buf - 1 && buf[n - 1] != '\n') {
            st = meaningful ? map_error(errmsg, file, lineno, "line too long%s", "") : not_a_map(errmsg, file);
            break;
        }
        char *line = trim(buf);
        if (!*line || *line == '#')
            continue;
        if (!meaningful++ && !looks_like_map_line(line)) {
            st = not_a_map(errmsg, file);
            break;
        }
        st = add_line(ix, file, lineno, line, basedir, dated, errmsg);
    }
    fclose(f);
    if (st == NX_OK && ix->nshards == before)
        st = map_error(errmsg, file, lineno, "the shard map lists no shards%s", "");
    if (st == NX_ERR_NOMEM)
        nx_errout(errmsg, "out of memory");
    return st;
}

nx_status nx_shardmap_add_local(nx_index *ix, const char *path, char **errmsg)
{
    nx_rshard *sh = append_shard(ix, path);
    if (sh && (sh->path = strdup(path)))
        return NX_OK;
    nx_errout(errmsg, "out of memory");
    return NX_ERR_NOMEM;
}

void nx_shardmap_free(nx_index *ix)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        free(ix->shards[i].name);
        free(ix->shards[i].path);
        free(ix->shards[i].host);
        xc_db_close(ix->shards[i].db);
    }
    free(ix->shards);
    for (size_t i = 0; i < ix->nmissing; i++)
        free(ix->missing[i]);
    free(ix->missing);
}

/* Records a shard as left out, warns, and forgets its handle. */
static void leave_out(nx_index *ix, nx_rshard *sh, const char *why)
{
    char msg[NX_ERRMSG_MAX];
    snprintf(msg, sizeof msg, "%s: %s", sh->name, why);
    sh->down = 1;
    xc_db_close(sh->db);
    sh->db = NULL;
    char **v = realloc(ix->missing, (ix->nmissing + 1) * sizeof *v);
    if (v) {
        ix->missing = v;
        if ((v[ix->nmissing] = strdup(msg)))
            ix->nmissing++;
    }
    if (ix->oo.warn) {
        char w[NX_ERRMSG_MAX];
        snprintf(w, sizeof w, "shard unavailable, left out: %s", why);
        ix->oo.warn(ix->oo.warn_ctx, sh->name, 0, w);
    }
}

/* Opens one shard.  Failure: with allow_partial it is left out (NX_OK,
 * sh->down set); otherwise ix->err names it and the status says why. */
static nx_status open_shard(nx_index *ix, nx_rshard *sh)
{
    if (sh->db || sh->down)
        return NX_OK;
    xc_status xs;
    if (sh->host)
        xs = xc_db_open_remote(sh->host, sh->port,
                               ix->oo.timeout_ms ? ix->oo.timeout_ms : NX_REMOTE_TIMEOUT_MS,
                               ix->oo.connect_timeout_ms ? ix->oo.connect_timeout_ms : NX_CONNECT_TIMEOUT_MS,
                               &sh->db);
    else
        xs = xc_db_open(sh->path, &sh->db);
    if (xs == XC_OK)
        return NX_OK;
    char why[NX_ERRMSG_MAX];
    snprintf(why, sizeof why, "%s", xc_errmsg());
    if (ix->oo.allow_partial) {
        leave_out(ix, sh, why);
        return NX_OK;
    }
    nx_seterr(ix->err, "shard %s (%s) is unavailable: %s (--allow-partial searches the others)",
              sh->name, sh->host ? "remote" : "local", why);
    nx_status st = nx_status_from_xc(xs);
    return sh->host ? NX_ERR_NETWORK : (st == NX_ERR_BACKEND || st == NX_ERR_NOT_FOUND ? NX_ERR_NOT_DATABASE : st);
}

nx_status nx_shardmap_first(nx_index *ix, xc_db **first)
{
    for (size_t i = 0; i < ix->nshards; i++) {
        nx_status st = open_shard(ix, &ix->shards[i]);
        if (st != NX_OK)
            return st;
        if (ix->shards[i].db) {
            *first = ix->shards[i].db;
            return NX_OK;
        }
    }
    nx_seterr(ix->err, "%s: no shard is available", ix->path);
    return NX_ERR_NETWORK;
}

/* Makes ix->db the combination of the shards marked want[]. */
static nx_status combine(nx_index *ix, const unsigned char *want)
{
    int same = ix->db != NULL;
    size_t avail = 0;
    for (size_t i = 0; i < ix->nshards; i++) {
        same &= !!want[i] == !!ix->shards[i].inuse;
        avail += !ix->shards[i].down;
    }
    if (!avail) {
        nx_seterr(ix->err, "%s: no shard is available", ix->path);
        return NX_ERR_NETWORK;
    }
    if (same)
        return NX_OK;
    xc_db *db = NULL;
    xc_status xs = xc_db_new_empty(&db);
    for (size_t i = 0; xs == XC_OK && i < ix->nshards; i++)
        if (want[i])
            xs = xc_db_add_database(db, ix->shards[i].db);
    if (xs != XC_OK) {
        xc_db_close(db);
        nx_seterr(ix->err, "%s: cannot combine the shards: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    xc_db_close(ix->db);
    ix->db = db;
    for (size_t i = 0; i < ix->nshards; i++)
        ix->shards[i].inuse = want[i];
    return NX_OK;
}

/* Does dated shard sh hold anything in lo..hi ("" = open end)? */
static int shard_may_match(const nx_rshard *sh, int restricted, const char *lo, const char *hi)
{
    if (!restricted || sh->dates == NX_SHARD_ANY_DATE)
        return 1;
    if (sh->dates == NX_SHARD_NO_DATE)
        return 0;   /* undated articles never pass a date filter */
    return !((hi[0] && strcmp(sh->lo, hi) > 0) || (lo[0] && strcmp(sh->hi, lo) < 0));
}

int nx_index_reopen(nx_index *ix)
{
    if (!ix->db)
        return 0;   /* shards not combined yet: nothing open to be stale */
    /* reopen() itself can meet a commit in progress, which Xapian reports as
     * DatabaseModifiedError or (a block reused under it) DatabaseCorruptError:
     * retry a few times; real damage fails every time. */
    for (int attempt = 0; attempt < 5; attempt++) {
        xc_status xs = xc_db_reopen(ix->db, NULL);
        if (xs == XC_OK)
            return 0;
        if (xs != XC_ERR_DATABASE_MODIFIED && xs != XC_ERR_DATABASE_CORRUPT)
            return -1;
    }
    return -1;
}

int nx_index_should_retry(nx_index *ix, nx_status st, int attempt)
{
    if (attempt >= NX_MODIFIED_RETRIES)
        goto give_up;
    if (st == NX_ERR_NETWORK)
        return nx_index_shard_failed(ix) == NX_OK;
    if ((st == NX_ERR_MODIFIED || st == NX_ERR_CORRUPT) && nx_index_reopen(ix) == 0)
        return 1;
give_up:
    if (st == NX_ERR_MODIFIED)
        nx_seterr(ix->err, "%s: the database kept changing during the search; try again", ix->path);
    return 0;
}

/* A search sees the latest commit: reopen() of a local database reads
 * only the revision and does nothing when it has not moved.  Remote shards
 * are left as they are (a round trip per search); they reopen when a
 * search fails (nx_index_should_retry). */
static nx_status refresh(nx_index *ix)
{
    for (size_t i = 0; i < ix->nshards; i++)
        if (ix->shards[i].inuse && ix->shards[i].host)
            return NX_OK;
    if (nx_index_reopen(ix) == 0)
        return NX_OK;
    nx_seterr(ix->err, "%s: cannot read the latest revision: %s", ix->path, xc_errmsg());
    return NX_ERR_CORRUPT;
}

nx_status nx_index_prepare(nx_index *ix, const nx_qtree *tree, const char *since, const char *until)
{
    if (!ix->shards)
        return refresh(ix);
    char lo[NX_DATE_STAMP] = "", hi[NX_DATE_STAMP] = "", qlo[NX_DATE_STAMP], qhi[NX_DATE_STAMP],
         tmp[NX_DATE_STAMP];
    int restricted = 0;
    if (since && nx_date_bounds(since, strlen(since), lo, tmp))
        restricted = 1;
    if (until && nx_date_bounds(until, strlen(until), tmp, hi))
        restricted = 1;
    if (tree && nx_qtree_date_span(tree, qlo, qhi)) {
        /* Both must hold: the tighter bound wins. */
        if (qlo[0] && (!lo[0] || strcmp(qlo, lo) > 0))
            memcpy(lo, qlo, sizeof lo);
        if (qhi[0] && (!hi[0] || strcmp(qhi, hi) < 0))
            memcpy(hi, qhi, sizeof hi);
        restricted = 1;
    }
    unsigned char *want = calloc(ix->nshards, 1);
    if (!want) {
        nx_seterr(ix->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    nx_status st = NX_OK;
    size_t chosen = 0;
    for (size_t i = 0; st == NX_OK && i < ix->nshards; i++) {
        nx_rshard *sh = &ix->shards[i];
        if (sh->down || !shard_may_match(sh, restricted, lo, hi))
            continue;
        st = open_shard(ix, sh);
        want[i] = sh->db != NULL;
        chosen += want[i];
    }
    /* Dates no shard can hold (an empty range): nothing matches, but the
     * search still needs a database to run on. */
    for (size_t i = 0; st == NX_OK && !chosen && i < ix->nshards; i++) {
        if (ix->shards[i].down)
            continue;
        st = open_shard(ix, &ix->shards[i]);
        chosen = want[i] = ix->shards[i].db != NULL;
    }
    if (st == NX_OK)
        st = combine(ix, want);
    free(want);
    return st == NX_OK ? refresh(ix) : st;
}

size_t nx_index_shards_in_use(const nx_index *ix, const char **names, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->nshards; i++)
        if (ix->shards[i].inuse) {
            if (n < max)
                names[n] = ix->shards[i].name;
            n++;
        }
    return n;
}

nx_status nx_index_shard_failed(nx_index *ix)
{
    if (!ix->shards)
        return NX_ERR_NETWORK;
    char saved[NX_ERRMSG_MAX];
    memcpy(saved, ix->err, sizeof saved);
    unsigned char *want = calloc(ix->nshards, 1);
    if (!want)
        return NX_ERR_NETWORK;
    size_t dead = 0;
    for (size_t i = 0; i < ix->nshards; i++) {
        nx_rshard *sh = &ix->shards[i];
        want[i] = sh->inuse;
        if (!sh->inuse || !sh->host || xc_db_reopen(sh->db, NULL) == XC_OK)
            continue;
        char why[NX_ERRMSG_MAX];
        snprintf(why, sizeof why, "failed during the search: %s", xc_errmsg());
        dead++;
        want[i] = 0;
        if (!ix->oo.allow_partial) {
            nx_seterr(ix->err, "shard %s (remote) %s (--allow-partial searches the others)", sh->name, why);
            free(want);
            return NX_ERR_NETWORK;
        }
        leave_out(ix, sh, why);
    }
    nx_status st = dead ? combine(ix, want) : NX_ERR_NETWORK;
    free(want);
    if (!dead)
        memcpy(ix->err, saved, sizeof saved);
    return st;
}

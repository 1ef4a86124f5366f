/*
 * serve_pool.c — the server's read handles.
 *
 * An nx_index is used by one thread at a time (newsidx.h), so a request
 * takes a handle for its duration and gives it back; the pool keeps the
 * idle ones (about one per worker thread, since a worker serves one
 * request at a time).  Every search on a local database already reads its
 * latest committed revision, so a reindex needs no reopening here; SIGHUP
 * (serve_pool_reopen) bumps a generation and each older handle is
 * replaced at its next use.  Handles opened with allow_partial are kept
 * apart: they leave a shard that was down out for good, so one that has
 * left a shard out is retired after PARTIAL_RETRY_S and the shard is
 * tried again by its successor.
 *
 * One change a handle does not see by itself: a database swapped in
 * whole under the same path (the parallel first build exchanges the
 * folders; an operator may mv a new one into place).  Xapian's reopen()
 * compares revisions, and the new database's can equal the old one's, so
 * the old handle goes on searching the old files (measured: a server
 * started on an empty database kept answering 0 matches after a bulk
 * build of 400 articles).  So each take looks at the path's identity (a
 * stat, about a microsecond): another folder, or a stub or shard map
 * file rewritten, reopens every handle as SIGHUP does.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "serve.h"

#define POOL_MAX_IDLE 64
#define PARTIAL_RETRY_S 10.0

typedef struct slot {
    nx_index *ix;
    unsigned gen;
    double opened;
} slot;

typedef struct kind {
    slot idle[POOL_MAX_IDLE];
    size_t nidle;
    slot out[POOL_MAX_IDLE * 2];   /* handles in use, to know their generation */
    size_t nout;
} kind;

struct serve_pool {
    pthread_mutex_t mu;
    char *db;
    unsigned gen;
    struct stat seen;   /* the path's identity when the handles were opened */
    kind k[2];   /* [allow_partial] */
};

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void on_shard_warning(void *ctx, const char *shard, long line, const char *msg)
{
    (void)ctx;
    (void)line;
    fprintf(stderr, "newsidx serve: warning: shard %s: %s\n", shard, msg);
}

/* Whether st is another database than seen: a folder by its inode (its
 * time changes with every commit), a file (stub, shard map) by its inode,
 * size and time. */
static int moved(const struct stat *seen, const struct stat *st)
{
    if (st->st_dev != seen->st_dev || st->st_ino != seen->st_ino)
        return 1;
    return !S_ISDIR(st->st_mode) && (st->st_size != seen->st_size || st->st_mtim.tv_sec != seen->st_mtim.tv_sec ||
                                     st->st_mtim.tv_nsec != seen->st_mtim.tv_nsec);
}

static nx_status open_one(const char *db, int partial, nx_index **ix, char **errmsg)
{
    nx_open_opts oo;
    nx_open_opts_init(&oo);
    oo.allow_partial = partial;
    oo.warn = on_shard_warning;
    return nx_index_open_ex(db, &oo, ix, errmsg);
}

nx_status serve_pool_new(const char *db, serve_pool **out, char **errmsg)
{
    *out = NULL;
    serve_pool *p = calloc(1, sizeof *p);
    if (!p || !(p->db = strdup(db))) {
        free(p);
        return NX_ERR_NOMEM;
    }
    pthread_mutex_init(&p->mu, NULL);
    stat(db, &p->seen);
    nx_index *ix;
    nx_status st = open_one(db, 0, &ix, errmsg);
    if (st != NX_OK) {
        serve_pool_free(p);
        return st;
    }
    p->k[0].idle[p->k[0].nidle++] = (slot){ ix, 0, now_s() };
    *out = p;
    return NX_OK;
}

nx_index *serve_pool_take(serve_pool *p, int partial, nx_status *st, char *err, size_t errsz)
{
    kind *k = &p->k[!!partial];
    nx_index *stale = NULL, *ix = NULL;
    struct stat now;
    int have = stat(p->db, &now) == 0;
    pthread_mutex_lock(&p->mu);
    if (have && moved(&p->seen, &now)) {
        p->seen = now;
        p->gen++;
    }
    unsigned gen = p->gen;
    if (k->nidle) {
        slot s = k->idle[--k->nidle];
        if (s.gen == gen && k->nout < sizeof k->out / sizeof *k->out) {
            k->out[k->nout++] = s;
            ix = s.ix;
        } else {
            stale = s.ix;
        }
    }
    pthread_mutex_unlock(&p->mu);
    nx_index_close(stale);
    if (ix)
        return ix;
    char *msg = NULL;
    *st = open_one(p->db, partial, &ix, &msg);
    if (*st != NX_OK) {
        snprintf(err, errsz, "%s", msg ? msg : nx_status_name(*st));
        nx_free(msg);
        return NULL;
    }
    pthread_mutex_lock(&p->mu);
    if (k->nout < sizeof k->out / sizeof *k->out)
        k->out[k->nout++] = (slot){ ix, gen, now_s() };
    pthread_mutex_unlock(&p->mu);
    return ix;
}

void serve_pool_give(serve_pool *p, nx_index *ix, int partial, nx_status st)
{
    if (!ix)
        return;
    kind *k = &p->k[!!partial];
    const char *const *missing;
    int retire = 1;
    nx_index *drop[POOL_MAX_IDLE];
    size_t ndrop = 0;
    pthread_mutex_lock(&p->mu);
    /* The idle handles reached the same shards: their connections are as
     * likely broken, so they go too. */
    if (st == NX_ERR_NETWORK)
        while (k->nidle)
            drop[ndrop++] = k->idle[--k->nidle].ix;
    for (size_t i = 0; i < k->nout; i++) {
        if (k->out[i].ix != ix)
            continue;
        slot s = k->out[i];
        k->out[i] = k->out[--k->nout];
        retire = st == NX_ERR_NETWORK || s.gen != p->gen || k->nidle == POOL_MAX_IDLE ||
                 (nx_index_missing_shards(ix, &missing) && now_s() - s.opened > PARTIAL_RETRY_S);
        if (!retire)
            k->idle[k->nidle++] = s;
        break;
    }
    pthread_mutex_unlock(&p->mu);
    for (size_t i = 0; i < ndrop; i++)
        nx_index_close(drop[i]);
    if (retire)
        nx_index_close(ix);
}

void serve_pool_reopen(serve_pool *p)
{
    pthread_mutex_lock(&p->mu);
    p->gen++;
    pthread_mutex_unlock(&p->mu);
}

void serve_pool_free(serve_pool *p)
{
    if (!p)
        return;
    for (int i = 0; i < 2; i++)
        for (size_t j = 0; j < p->k[i].nidle; j++)
            nx_index_close(p->k[i].idle[j].ix);
    pthread_mutex_destroy(&p->mu);
    free(p->db);
    free(p);
}

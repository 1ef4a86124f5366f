/*
 * store_bulk.c — the bulk store (store.h): the parallel first build of a
 * writer (nx_writer_opts.jobs).
 *
 * When a writer opens a database that holds no article yet, N worker
 * threads each index into a private database under "<db>.nx-build/".  A
 * new id goes to the worker with the shortest queue, a known one to the
 * worker that has it, so a replaced or deleted id always meets its earlier
 * version.  The database itself (base.meta) keeps the metadata and file
 * records, in a transaction never committed.  At finish each worker writes
 * its share of all the workers' spelling words and commits its last batch;
 * then the workers' databases and the writer's are compacted into one new
 * database, which is exchanged with the old one in a single rename:
 * readers see all of the build or none of it, and a run killed before that
 * leaves the database as it was (the next writer removes the stale build
 * folder).
 *
 * Why this shape: on an empty database almost all indexing time is
 * Xapian's own (the inverter, B-tree updates, zlib on term lists and
 * document data), which one WritableDatabase does on one thread.  Private
 * databases per thread use every core, and Xapian's compaction merges
 * them faster than the inserts it replaces, leaving the B-trees full
 * rather than half-empty as incremental inserts do.
 *
 * Each worker owns its stemmer, document builder (with its spelling
 * counts) and database; the main thread only validates, copies and
 * queues.  Nothing is shared but the queues and the first-failure record.
 */
#define _GNU_SOURCE
#include "indexer/store.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "indexer/docbuild.h"
#include "indexer/folders.h"
#include "lib/article.h"
#include "lib/core.h"
#include "lib/schema.h"
#include "lib/terms.h"

/* Articles waiting per worker: enough to ride out a slow commit, small
 * enough that the copies stay a few MB. */
#define NX_BULK_QUEUE 128
#define NX_BULK_MAX_JOBS 64
/* Articles between a worker's commits (at most; a smaller --batch wins).
 * These commits only bound memory, and smaller ones are faster: on
 * Reuters, 200-500 took the same time, 1000 6% more, 2000 25% more, as
 * the batch's postings held by Xapian outgrow the CPU caches. */
#define NX_BULK_BATCH 300
/* B-tree block size of the workers' databases (see nx_store_bulk_new). */
#define NX_BULK_BLOCK 32768

typedef struct bulk bulk;

typedef struct job {
    int del;                 /* 1: delete the id term; 0: add the article */
    int fresh;               /* the id was not seen before in this build: add, not replace */
    char term[NX_TERM_BUF];  /* id term */
    nx_article a;            /* add: a copy, pointing into this allocation */
} job;

typedef struct worker {
    struct bulk *pool;
    pthread_t th;
    int started;
    char *path;
    xc_db *db;
    nx_stemmer *st;
    nx_docbuilder *b;
    pthread_cond_t more;     /* signalled when q gains a job or stop is set */
    job *q[NX_BULK_QUEUE];
    size_t head, count;
    int stop;
    unsigned pending;        /* changes since this worker's last commit */
    char err[NX_ERRMSG_MAX];
} worker;

/* Ids seen in this build (64-bit hashes of the id terms, 0 = empty slot)
 * and the worker each went to: a second article with the same id must
 * replace the first in that worker's database, and the answer to
 * "replaced?" must come before the worker has even seen the article. */
typedef struct idset {
    uint64_t *slot;
    unsigned char *live;     /* 0 once deleted in this build */
    unsigned char *owner;    /* worker index */
    size_t n, cap;
} idset;

struct bulk {
    nx_store base;           /* base.meta: the database, its changes held in a transaction */
    char *name;              /* the database's path as given, for messages */
    char *dir;               /* "<db>.nx-build" */
    char *target;            /* the database's real path: what the swap replaces */
    worker *w;
    unsigned n;
    unsigned batch;
    idset ids;
    /* One lock for all queues: the dispatcher must see every queue's
     * length at once to pick the shortest. */
    pthread_mutex_t mu;
    pthread_cond_t room;     /* signalled when a queue is down to half */
    int room_waiter;         /* the dispatcher waits on room */
    int in_txn;              /* base.meta's changes are held in a transaction */
    atomic_int failed;       /* first worker failure wins */
    nx_status fail_status;
    char fail_msg[NX_ERRMSG_MAX];
    pthread_mutex_t fail_mu;
};

/* ---------------------------------------------------------------- ids */

static uint64_t id_hash(const char *term)
{
    uint64_t h = nx_fnv1a(term, strlen(term));
    return h ? h : 1;
}

/* Slot of h, or of the empty slot where it would go. */
static size_t idset_find(const idset *s, uint64_t h)
{
    size_t j = h & (s->cap - 1);
    while (s->slot[j] && s->slot[j] != h)
        j = (j + 1) & (s->cap - 1);
    return j;
}

/* Finds or makes the slot of h.  Returns its index, or (size_t)-1 when
 * out of memory; *found and *was_live say whether h was there and live. */
static size_t idset_slot(idset *s, uint64_t h, int *found, int *was_live)
{
    if ((s->n + 1) * 4 > s->cap * 3) {
        size_t nc = s->cap ? s->cap * 2 : 4096;
        idset ns = { calloc(nc, sizeof *ns.slot), calloc(nc, 1), calloc(nc, 1), s->n, nc };
        if (!ns.slot || !ns.live || !ns.owner) {
            free(ns.slot);
            free(ns.live);
            free(ns.owner);
            return (size_t)-1;
        }
        for (size_t i = 0; i < s->cap; i++)
            if (s->slot[i]) {
                size_t j = idset_find(&ns, s->slot[i]);
                ns.slot[j] = s->slot[i];
                ns.live[j] = s->live[i];
                ns.owner[j] = s->owner[i];
            }
        free(s->slot);
        free(s->live);
        free(s->owner);
        *s = ns;
    }
    size_t j = idset_find(s, h);
    *found = s->slot[j] != 0;
    *was_live = *found && s->live[j];
    if (!*found) {
        s->slot[j] = h;
        s->n++;
    }
    return j;
}

/* ---------------------------------------------------------------- copies */

/* One allocation: the job, then the article's copy (lib/article.h). */
static job *job_for_article(const nx_article *a)
{
    job *j = malloc(sizeof *j + nx_article_copy_size(a));
    if (!j)
        return NULL;
    memset(j, 0, sizeof *j);
    nx_article_copy(&j->a, a, j + 1);
    return j;
}

static void stop_workers(bulk *p);
static void pool_free(bulk *p);

/* ---------------------------------------------------------------- workers */

static void worker_fail(worker *wk, nx_status st)
{
    bulk *p = wk->pool;
    pthread_mutex_lock(&p->fail_mu);
    if (!atomic_load(&p->failed)) {
        p->fail_status = st;
        memcpy(p->fail_msg, wk->err, sizeof p->fail_msg);
        atomic_store(&p->failed, 1);
    }
    pthread_mutex_unlock(&p->fail_mu);
}

static int worker_do(worker *wk, job *j)
{
    xc_status xs;
    if (j->del) {
        xs = xc_db_delete_document_by_term(wk->db, j->term);
    } else {
        xc_doc *doc;
        nx_status st = nx_build_document(wk->b, &j->a, wk->db, &doc, wk->err);
        if (st != NX_OK) {
            worker_fail(wk, st);
            return -1;
        }
        xs = j->fresh ? xc_db_add_document(wk->db, doc, NULL)
                      : xc_db_replace_document_by_term(wk->db, j->term, doc, NULL);
        xc_doc_free(doc);
    }
    if (xs == XC_OK && ++wk->pending >= wk->pool->batch) {
        /* Commits here only bound the memory Xapian holds: this database
         * is private, and published whole or not at all. */
        xs = xc_db_commit(wk->db);
        wk->pending = 0;
    }
    if (xs != XC_OK) {
        nx_seterr(wk->err, "%s: cannot write article '%.100s': %s", wk->path,
                  j->del ? j->term : j->a.id, xc_errmsg());   /* a huge id must not hide why */
        worker_fail(wk, nx_status_from_xc(xs));
        return -1;
    }
    return 0;
}

static void *worker_main(void *arg)
{
    worker *wk = arg;
    for (;;) {
        bulk *p = wk->pool;
        pthread_mutex_lock(&p->mu);
        while (!wk->count && !wk->stop)
            pthread_cond_wait(&wk->more, &p->mu);
        if (!wk->count) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        job *j = wk->q[wk->head];
        wk->head = (wk->head + 1) % NX_BULK_QUEUE;
        wk->count--;
        /* Woken at half a queue, not at every job: a wake-up per article
         * cost 5% of a Reuters build in context switches, the dispatcher
         * taking a worker's core each time to queue a single article. */
        if (p->room_waiter && wk->count <= NX_BULK_QUEUE / 2) {
            p->room_waiter = 0;
            pthread_cond_signal(&p->room);
        }
        pthread_mutex_unlock(&p->mu);
        /* After a failure anywhere the build is void: drain, do no work. */
        if (!atomic_load(&wk->pool->failed))
            worker_do(wk, j);
        free(j);
    }
    /* The last batch is committed with the spelling words (finish_part). */
    return NULL;
}

/* After every worker has stopped: worker wk writes its part of all the
 * workers' spelling words and commits its last batch with them. */
static void *finish_part(void *arg)
{
    worker *wk = arg;
    bulk *p = wk->pool;
    nx_spellacc *accs[NX_BULK_MAX_JOBS];
    for (unsigned k = 0; k < p->n; k++)
        accs[k] = nx_docbuilder_spelling(p->w[k].b);
    unsigned part = (unsigned)(wk - p->w);
    xc_status xs = nx_spellacc_flush_part(accs, p->n, part, p->n, wk->db);
    if (xs == XC_OK)
        xs = xc_db_commit(wk->db);
    if (xs != XC_OK) {
        nx_seterr(wk->err, "%s: cannot commit: %s", wk->path, xc_errmsg());
        worker_fail(wk, nx_status_from_xc(xs));
    }
    return NULL;
}

/* Runs finish_part for every worker, each on its own thread (the caller's
 * when a thread cannot be started), then drops the counts. */
static void finish_parts(bulk *p)
{
    pthread_t th[NX_BULK_MAX_JOBS];
    int started[NX_BULK_MAX_JOBS] = {0};
    for (unsigned k = 0; k < p->n; k++)
        started[k] = pthread_create(&th[k], NULL, finish_part, &p->w[k]) == 0;
    for (unsigned k = 0; k < p->n; k++) {
        if (started[k])
            pthread_join(th[k], NULL);
        else
            finish_part(&p->w[k]);
    }
    for (unsigned k = 0; k < p->n; k++)
        nx_spellacc_clear(nx_docbuilder_spelling(p->w[k].b));
}

/* Queues j on worker *k, or when *k is (unsigned)-1 on the worker with the
 * shortest queue (whose index is stored in *k): a fixed assignment would
 * leave one worker idle whenever the dispatcher waits on the other. */
static nx_status check(bulk *p);

static nx_status enqueue(bulk *p, unsigned *k, job *j)
{
    pthread_mutex_lock(&p->mu);
    worker *wk;
    for (;;) {
        if (atomic_load(&p->failed)) {
            pthread_mutex_unlock(&p->mu);
            free(j);
            return check(p);
        }
        unsigned pick = *k;
        if (pick == (unsigned)-1) {
            pick = 0;
            for (unsigned i = 1; i < p->n; i++)
                if (p->w[i].count < p->w[pick].count)
                    pick = i;
        }
        wk = &p->w[pick];
        if (wk->count < NX_BULK_QUEUE) {
            *k = pick;
            break;
        }
        p->room_waiter = 1;
        pthread_cond_wait(&p->room, &p->mu);
    }
    wk->q[(wk->head + wk->count) % NX_BULK_QUEUE] = j;
    wk->count++;
    pthread_cond_signal(&wk->more);
    pthread_mutex_unlock(&p->mu);
    return NX_OK;
}

/* ---------------------------------------------------------------- files */

/* The database's real folder: a symlink to it must stay a symlink, so the
 * swap happens where it points (and on that filesystem). */
static char *real_target(const char *path)
{
    char *r = realpath(path, NULL);
    return r ? r : strdup(path);
}

/* "<real>.nx-build", beside the database (real: real_target's answer) on
 * its filesystem. */
static char *build_dir_of(const char *real)
{
    size_t n = strlen(real);
    while (n > 1 && real[n - 1] == '/')
        n--;
    char *d = malloc(n + sizeof NX_BULK_DIR_SUFFIX);
    if (d) {
        memcpy(d, real, n);
        memcpy(d + n, NX_BULK_DIR_SUFFIX, sizeof NX_BULK_DIR_SUFFIX);
    }
    return d;
}

static char *build_dir(const char *path)
{
    char *r = real_target(path);
    char *d = r ? build_dir_of(r) : NULL;
    free(r);
    return d;
}

/* A folder only: a file of that name is the user's, and is reported when
 * the build cannot make its folder. */
static void remove_stale_dir(const char *dir)
{
    struct stat sb;
    if (lstat(dir, &sb) == 0 && S_ISDIR(sb.st_mode))
        nx_rm_tree(dir);
}

void nx_store_bulk_remove_stale(const char *path)
{
    char *d = build_dir(path);
    if (d)
        remove_stale_dir(d);
    free(d);
}

/* ---------------------------------------------------------------- pool */

static void stop_workers(bulk *p)
{
    for (unsigned k = 0; k < p->n; k++) {
        worker *wk = &p->w[k];
        if (!wk->started)
            continue;
        pthread_mutex_lock(&p->mu);
        wk->stop = 1;
        pthread_cond_signal(&wk->more);
        pthread_mutex_unlock(&p->mu);
    }
    for (unsigned k = 0; k < p->n; k++)
        if (p->w[k].started) {
            pthread_join(p->w[k].th, NULL);
            p->w[k].started = 0;
        }
}

static void pool_free(bulk *p)
{
    if (!p)
        return;
    stop_workers(p);
    for (unsigned k = 0; k < p->n; k++) {
        worker *wk = &p->w[k];
        xc_db_close(wk->db);
        nx_docbuilder_free(wk->b);
        nx_stemmer_free(wk->st);
        free(wk->path);
        pthread_cond_destroy(&wk->more);
    }
    pthread_mutex_destroy(&p->fail_mu);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->room);
    free(p->w);
    free(p->ids.slot);
    free(p->ids.live);
    free(p->ids.owner);
    free(p->dir);
    free(p->target);
    free(p->name);
    free(p);
}

static const nx_store_ops bulk_ops;

nx_status nx_store_bulk_new(xc_db *db, const char *path, unsigned jobs, unsigned batch,
                            const char *language, nx_docbuilder *shared, nx_store **out, char *err)
{
    *out = NULL;
    if (jobs > NX_BULK_MAX_JOBS)
        jobs = NX_BULK_MAX_JOBS;
    bulk *p = calloc(1, sizeof *p);
    if (!p || !(p->w = calloc(jobs, sizeof *p->w)) || !(p->name = strdup(path)) ||
        !(p->target = real_target(path)) || !(p->dir = build_dir_of(p->target))) {
        if (p) {
            free(p->w);
            free(p->name);
            free(p->target);
        }
        free(p);
        nx_seterr(err, "out of memory");
        return NX_ERR_NOMEM;
    }
    p->base.ops = &bulk_ops;
    p->base.publishes = 1;
    p->n = jobs;
    p->batch = batch && batch < NX_BULK_BATCH ? batch : NX_BULK_BATCH;
    pthread_mutex_init(&p->fail_mu, NULL);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->room, NULL);
    for (unsigned k = 0; k < jobs; k++) {
        worker *wk = &p->w[k];
        wk->pool = p;
        pthread_cond_init(&wk->more, NULL);
    }
    nx_status st = NX_OK;
    /* The caller holds the database's lock, so a build folder already
     * there is a killed run's. */
    remove_stale_dir(p->dir);
    if (mkdir(p->dir, 0777) != 0) {
        nx_seterr(err, "%s: cannot create the build folder: %s", p->dir, strerror(errno));
        st = NX_ERR_IO;
        goto fail;
    }
    /* File records go into db while their articles sit in the workers'
     * databases: a transaction keeps them from being committed alone (a
     * failed build would otherwise record files whose articles are lost). */
    xc_status txs = xc_db_commit(db);
    if (txs == XC_OK)
        txs = xc_db_begin_transaction(db, 0);
    if (txs != XC_OK) {
        st = nx_status_from_xc(txs);
        nx_seterr(err, "%s: cannot begin the bulk build: %s", path, xc_errmsg());
        goto fail;
    }
    p->in_txn = 1;
    for (unsigned k = 0; k < jobs; k++) {
        worker *wk = &p->w[k];
        char name[32];
        snprintf(name, sizeof name, "part%u", k);
        char *serr = NULL;
        if (!(wk->path = nx_path_join(p->dir, name))) {
            st = NX_ERR_NOMEM;
            nx_seterr(err, "out of memory");
            goto fail;
        }
        /* Scratch databases: published by compaction, never read after a
         * crash.  Their blocks are 32 KB (the merged database keeps
         * Xapian's 8 KB): each batch commit rereads and rewrites every
         * block its terms touch, 250,000 8 KB reads and writes for a
         * Reuters build, and four times fewer blocks made the build 5%
         * faster (64 KB: 2%). */
        xc_status xs = xc_db_open_writable_ex(wk->path, XC_DB_CREATE | XC_DB_NO_SYNC, NX_BULK_BLOCK,
                                              &wk->db);
        if (xs != XC_OK) {
            st = nx_status_from_xc(xs);
            nx_seterr(err, "%s: cannot create a build database: %s", wk->path, xc_errmsg());
            goto fail;
        }
        if ((st = nx_stemmer_new(language, &wk->st, &serr)) != NX_OK) {
            nx_seterr(err, "%s", serr ? serr : "cannot create stemmer");
            free(serr);
            goto fail;
        }
        if ((st = nx_docbuilder_new(wk->st, &wk->b)) != NX_OK) {
            nx_seterr(err, "out of memory");
            goto fail;
        }
        if (shared)
            nx_docbuilder_share_dups(wk->b, shared);   /* copies are found across workers */
        int prc = pthread_create(&wk->th, NULL, worker_main, wk);
        if (prc != 0) {
            st = NX_ERR_BACKEND;
            nx_seterr(err, "cannot start an indexing thread: %s", strerror(prc));
            goto fail;
        }
        wk->started = 1;
    }
    p->base.meta = db;
    *out = &p->base;
    return NX_OK;
fail: {
        if (p->in_txn)
            xc_db_cancel_transaction(db);
        char *dir = p->dir;
        p->dir = NULL;
        pool_free(p);
        nx_rm_tree(dir);
        free(dir);
    }
    return st;
}

/* ---------------------------------------------------------------- ops */

/* NX_OK, or the status of the first worker that failed (its message in
 * base.err). */
static nx_status check(bulk *p)
{
    if (!atomic_load(&p->failed))
        return NX_OK;
    pthread_mutex_lock(&p->fail_mu);
    nx_seterr(p->base.err, "%s", p->fail_msg);
    nx_status st = p->fail_status;
    pthread_mutex_unlock(&p->fail_mu);
    return st;
}

static nx_status bulk_put(nx_store *s, const char *term, const nx_article *a, int *existed)
{
    bulk *p = (bulk *)s;
    nx_status st = check(p);
    if (st != NX_OK)
        return st;
    /* The serial writer learns of bad UTF-8 when it encodes the stored
     * record; here that happens on a worker, too late to tell the caller
     * which article it was, so the check comes first. */
    const char *bad = nx_article_bad_utf8(a);
    if (bad) {
        nx_seterr(s->err, "article '%s' has text that is not valid UTF-8 (in its %s)", a->id, bad);
        return NX_ERR_INVALID;
    }
    job *j = job_for_article(a);
    if (!j) {
        nx_seterr(s->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    snprintf(j->term, sizeof j->term, "%s", term);
    int found, live;
    size_t slot = idset_slot(&p->ids, id_hash(j->term), &found, &live);
    if (slot == (size_t)-1) {
        free(j);
        nx_seterr(s->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    /* A known id goes back to its worker (after any deletion queued there). */
    unsigned k = found ? p->ids.owner[slot] : (unsigned)-1;
    j->fresh = !live;
    if ((st = enqueue(p, &k, j)) != NX_OK)
        return st;
    p->ids.owner[slot] = (unsigned char)k;
    p->ids.live[slot] = 1;
    *existed = live;
    return NX_OK;
}

static nx_status bulk_del(nx_store *s, const char *term, int *existed)
{
    bulk *p = (bulk *)s;
    nx_status st = check(p);
    if (st != NX_OK)
        return st;
    /* The database held no article when the build began, so an id this
     * build has not added is nowhere. */
    uint64_t h = id_hash(term);
    size_t slot = p->ids.cap ? idset_find(&p->ids, h) : 0;
    *existed = p->ids.cap && p->ids.slot[slot] == h && p->ids.live[slot];
    if (!*existed)
        return NX_OK;
    job *j = calloc(1, sizeof *j);
    if (!j) {
        nx_seterr(s->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    j->del = 1;
    snprintf(j->term, sizeof j->term, "%s", term);
    unsigned k = p->ids.owner[slot];
    if ((st = enqueue(p, &k, j)) != NX_OK)
        return st;
    p->ids.live[slot] = 0;
    return NX_OK;
}

/* The database held no article when the build began, and this build's
 * own articles cannot be searched before the merge: a file's earlier
 * articles exist only if the file was read earlier in this same run, and
 * then its records says it is unchanged.  (A file that changes between
 * two nx_writer_index_path calls of one bulk run keeps the articles that
 * vanished from it; its other articles are replaced by id as usual.) */
static nx_status bulk_del_file(nx_store *s, const char *fterm, char *const *keep, size_t nkeep,
                               unsigned long max, unsigned long *deleted)
{
    (void)fterm;
    (void)keep;
    (void)nkeep;
    (void)max;
    *deleted = 0;
    return check((bulk *)s);
}

/* The workers commit their private databases by themselves; a batch
 * boundary only reports a failure. */
static nx_status bulk_commit(nx_store *s) { return check((bulk *)s); }

/* Gives the merged database the metadata base.meta holds in its
 * transaction (file records, last-run stamp): set what is there, delete
 * what this run deleted.  The transaction itself is never committed, so a
 * failure anywhere before the swap leaves the database exactly as it was. */
static nx_status copy_metadata(bulk *p, const char *merged)
{
    xc_db *db = p->base.meta;
    xc_db *m = NULL;
    xc_termlist *tl = NULL;
    xc_term_info ti;
    char **gone = NULL;
    size_t ngone = 0, capgone = 0;
    int r = 0;
    xc_status xs = xc_db_open_writable(merged, XC_DB_OPEN, &m);
    if (xs == XC_OK)
        xs = xc_db_metadata_keys(db, "", &tl);
    while (xs == XC_OK && (r = xc_termlist_next(tl, &ti)) == 1) {
        char *val = NULL;
        size_t len = 0;
        xs = xc_db_get_metadata(db, ti.term, &val, &len);
        if (xs == XC_OK)
            xs = xc_db_set_metadata(m, ti.term, val ? val : "", len);
        xc_free(val);
    }
    xc_termlist_free(tl);
    tl = NULL;
    if (xs == XC_OK && r < 0)
        xs = XC_ERR_OTHER;
    /* Keys the merge took from the last commit but this run deleted:
     * listed first, deleted after, not while iterating. */
    if (xs == XC_OK)
        xs = xc_db_metadata_keys(m, "", &tl);
    while (xs == XC_OK && (r = xc_termlist_next(tl, &ti)) == 1) {
        char *val = NULL;
        size_t len = 0;
        xs = xc_db_get_metadata(db, ti.term, &val, &len);
        xc_free(val);
        if (xs != XC_OK || len)
            continue;
        if (ngone == capgone) {
            size_t nc = capgone ? capgone * 2 : 16;
            char **g = realloc(gone, nc * sizeof *g);
            if (!g) {
                xs = XC_ERR_NOMEM;
                break;
            }
            gone = g;
            capgone = nc;
        }
        if (!(gone[ngone] = strdup(ti.term))) {
            xs = XC_ERR_NOMEM;
            break;
        }
        ngone++;
    }
    xc_termlist_free(tl);
    for (size_t i = 0; i < ngone; i++) {
        if (xs == XC_OK)
            xs = xc_db_set_metadata(m, gone[i], "", 0);
        free(gone[i]);
    }
    free(gone);
    if (xs == XC_OK)
        xs = xc_db_commit(m);
    if (xs != XC_OK) {
        nx_seterr(p->base.err, "%s: cannot record the bulk build's files: %s", p->name, xc_errmsg());
        xc_db_close(m);
        return nx_status_from_xc(xs);
    }
    xc_db_close(m);
    return NX_OK;
}

/* Merges the database (as last committed) and the workers' into
 * <build>/merged, gives it this run's metadata, then exchanges it with the
 * database at its path. */
static nx_status publish(bulk *p)
{
    const char *srcs[NX_BULK_MAX_JOBS + 1];
    srcs[0] = p->target;
    for (unsigned k = 0; k < p->n; k++)
        srcs[k + 1] = p->w[k].path;
    char *merged = nx_path_join(p->dir, "merged");
    if (!merged) {
        nx_seterr(p->base.err, "out of memory");
        return NX_ERR_NOMEM;
    }
    xc_status xs = xc_db_compact_many(srcs, p->n + 1, merged);
    if (xs != XC_OK) {
        nx_seterr(p->base.err, "%s: cannot merge the bulk build: %s", p->name, xc_errmsg());
        free(merged);
        return nx_status_from_xc(xs);
    }
    nx_status st = copy_metadata(p, merged);
    if (st != NX_OK) {
        free(merged);
        return st;
    }
    /* One atomic exchange: a reader opens either the old database or the
     * whole new one.  Filesystems without RENAME_EXCHANGE get two renames
     * and, between them, a moment with no database at the path. */
    if (renameat2(AT_FDCWD, merged, AT_FDCWD, p->target, RENAME_EXCHANGE) != 0) {
        int e = errno;
        char *old = nx_path_join(p->dir, "old");
        if (!old) {
            st = NX_ERR_NOMEM;
            nx_seterr(p->base.err, "out of memory");
        } else if (e != EINVAL && e != ENOSYS && e != ENOTSUP) {
            st = NX_ERR_IO;
            nx_seterr(p->base.err, "%s: cannot swap in the bulk build: %s", p->name, strerror(e));
        } else if (rename(p->target, old) != 0) {
            st = NX_ERR_IO;
            nx_seterr(p->base.err, "%s: cannot move the old database aside: %s", p->name, strerror(errno));
        } else if (rename(merged, p->target) != 0) {
            st = NX_ERR_IO;
            nx_seterr(p->base.err, "%s: cannot move the bulk build in place: %s", p->name, strerror(errno));
            rename(old, p->target);
        }
        free(old);
    }
    free(merged);
    if (st == NX_OK) {
        /* base.meta is now the old database inside the build folder.  Its
         * transaction is dropped, so closing it writes nothing (Xapian
         * names its files by the original path, now the new database's);
         * the close releases the lock and the next writer meets the new
         * database. */
        xc_db_cancel_transaction(p->base.meta);
        p->in_txn = 0;
        xc_db_close(p->base.meta);
        p->base.meta = NULL;
    }
    return st;
}

/* Stops the workers; when all succeeded and publish_it is set, merges
 * their databases with base.meta and swaps the result in.  The build
 * folder is gone afterwards either way, and so is the transaction. */
static nx_status bulk_finish(nx_store *s, int publish_it)
{
    bulk *p = (bulk *)s;
    if (!p->dir)
        return NX_OK;          /* finished already */
    stop_workers(p);
    nx_status st = check(p);
    if (st == NX_OK && publish_it) {
        finish_parts(p);
        st = check(p);
    }
    /* Close so compaction reads all. */
    for (unsigned k = 0; k < p->n; k++) {
        xc_db_close(p->w[k].db);
        p->w[k].db = NULL;
    }
    if (st == NX_OK && publish_it)
        st = publish(p);
    /* Not published: the file records must not outlive their articles. */
    if (p->in_txn && p->base.meta)
        xc_db_cancel_transaction(p->base.meta);
    p->in_txn = 0;
    nx_rm_tree(p->dir);
    free(p->dir);
    p->dir = NULL;
    return st;
}

static void bulk_free(nx_store *s)
{
    bulk *p = (bulk *)s;
    bulk_finish(s, 0);
    xc_db_close(p->base.meta);
    pool_free(p);
}

static const nx_store_ops bulk_ops = {
    bulk_put, bulk_del, bulk_del_file, bulk_commit, bulk_finish, bulk_free,
};

/*
 * bulk.c — the parallel bulk build (see bulk.h for the protocol).
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
#include "indexer/bulk.h"

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
#include "lib/core.h"

/* Articles waiting per worker: enough to ride out a slow commit, small
 * enough that the copies stay a few MB. */
#define NX_BULK_QUEUE 128
#define NX_BULK_MAX_JOBS 64
/* Articles between a worker's commits (at most; a smaller --batch wins).
 * These commits only bound memory, and smaller ones are faster: on
 * Reuters, 200-500 took the same time, 1000 6% more, 2000 25% more, as
 * the batch's postings held by Xapian outgrow the CPU caches. */
#define NX_BULK_BATCH 300
/* B-tree block size of the workers' databases (see nx_bulk_start). */
#define NX_BULK_BLOCK 32768

typedef struct nx_bulk nx_bulk;

typedef struct job {
    int del;                 /* 1: delete the id term; 0: add the article */
    int fresh;               /* the id was not seen before in this build: add, not replace */
    char term[300];          /* id term */
    nx_article a;            /* add: a copy, pointing into this allocation */
} job;

typedef struct worker {
    struct nx_bulk *pool;
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

struct nx_bulk {
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
    int in_txn;              /* w->db's changes are held in a transaction */
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

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

static size_t list_size(const char *const *v, size_t n)
{
    size_t sz = n * sizeof(char *);
    for (size_t i = 0; v && i < n; i++)
        sz += str_size(v[i]);
    return sz;
}

static const char *put_str(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*at, s, n);
    const char *r = *at;
    *at += n;
    return r;
}

static const char *const *put_list(char **at, char **strs, const char *const *v, size_t n)
{
    if (!v || !n)
        return NULL;
    const char **out = (const char **)(void *)*at;
    *at += n * sizeof(char *);
    for (size_t i = 0; i < n; i++)
        out[i] = put_str(strs, v[i]);
    return out;
}

/* One allocation: the job, then the pointer arrays, then the strings. */
static job *job_for_article(const nx_article *a)
{
    size_t lists = list_size(a->tags, a->n_tags) + list_size(a->people, a->n_people) +
                   list_size(a->places, a->n_places) + list_size(a->orgs, a->n_orgs);
    size_t strs = str_size(a->id) + str_size(a->title) + str_size(a->body) + str_size(a->byline) +
                  str_size(a->dateline) + str_size(a->date) + str_size(a->source) +
                  str_size(a->section) + str_size(a->url) + str_size(a->path);
    job *j = malloc(sizeof *j + lists + strs);
    if (!j)
        return NULL;
    memset(j, 0, sizeof *j);
    char *arr = (char *)(j + 1);
    /* Pointer arrays first keep them aligned; the strings follow. */
    size_t ptrs = (a->tags ? a->n_tags : 0) + (a->people ? a->n_people : 0) +
                  (a->places ? a->n_places : 0) + (a->orgs ? a->n_orgs : 0);
    char *str = arr + ptrs * sizeof(char *);
    nx_article *c = &j->a;
    c->id = put_str(&str, a->id);
    c->title = put_str(&str, a->title);
    c->body = put_str(&str, a->body);
    c->byline = put_str(&str, a->byline);
    c->dateline = put_str(&str, a->dateline);
    c->date = put_str(&str, a->date);
    c->source = put_str(&str, a->source);
    c->section = put_str(&str, a->section);
    c->url = put_str(&str, a->url);
    c->path = put_str(&str, a->path);
    c->tags = put_list(&arr, &str, a->tags, a->n_tags);
    c->n_tags = c->tags ? a->n_tags : 0;
    c->people = put_list(&arr, &str, a->people, a->n_people);
    c->n_people = c->people ? a->n_people : 0;
    c->places = put_list(&arr, &str, a->places, a->n_places);
    c->n_places = c->places ? a->n_places : 0;
    c->orgs = put_list(&arr, &str, a->orgs, a->n_orgs);
    c->n_orgs = c->orgs ? a->n_orgs : 0;
    return j;
}

/* The serial writer learns of bad UTF-8 when it encodes the stored record;
 * here that happens on a worker, too late to tell the caller which article
 * it was, so the check comes first. */
static const char *bad_utf8_field(const nx_article *a)
{
    struct { const char *name, *v; } f[] = {
        { "id", a->id }, { "title", a->title }, { "body", a->body }, { "byline", a->byline },
        { "dateline", a->dateline }, { "date", a->date }, { "source", a->source },
        { "section", a->section }, { "url", a->url }, { "path", a->path },
    };
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].v && !nx_utf8_valid(f[i].v, strlen(f[i].v), NULL))
            return f[i].name;
    struct { const char *name; const char *const *v; size_t n; } l[] = {
        { "tags", a->tags, a->n_tags }, { "people", a->people, a->n_people },
        { "places", a->places, a->n_places }, { "orgs", a->orgs, a->n_orgs },
    };
    for (size_t i = 0; i < sizeof l / sizeof l[0]; i++)
        for (size_t k = 0; l[i].v && k < l[i].n; k++)
            if (l[i].v[k] && !nx_utf8_valid(l[i].v[k], strlen(l[i].v[k]), NULL))
                return l[i].name;
    return NULL;
}

static void stop_workers(nx_bulk *p);
static void pool_free(nx_bulk *p);

/* ---------------------------------------------------------------- workers */

static void worker_fail(worker *wk, nx_status st)
{
    nx_bulk *p = wk->pool;
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
        nx_bulk *p = wk->pool;
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
    nx_bulk *p = wk->pool;
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
static void finish_parts(nx_bulk *p)
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
static nx_status enqueue(nx_writer *w, unsigned *k, job *j)
{
    nx_bulk *p = w->bulk;
    pthread_mutex_lock(&p->mu);
    worker *wk;
    for (;;) {
        if (atomic_load(&p->failed)) {
            pthread_mutex_unlock(&p->mu);
            free(j);
            return nx_bulk_check(w);
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
    char *d = malloc(n + sizeof ".nx-build");
    if (d) {
        memcpy(d, real, n);
        memcpy(d + n, ".nx-build", sizeof ".nx-build");
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

void nx_bulk_remove_stale(const char *path)
{
    char *d = build_dir(path);
    if (d)
        remove_stale_dir(d);
    free(d);
}

/* ---------------------------------------------------------------- pool */

static void stop_workers(nx_bulk *p)
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

static void pool_free(nx_bulk *p)
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
    free(p);
}

nx_status nx_bulk_start(nx_writer *w, unsigned jobs)
{
    if (jobs > NX_BULK_MAX_JOBS)
        jobs = NX_BULK_MAX_JOBS;
    nx_bulk *p = calloc(1, sizeof *p);
    if (!p || !(p->w = calloc(jobs, sizeof *p->w)) || !(p->target = real_target(w->path)) ||
        !(p->dir = build_dir_of(p->target))) {
        if (p) {
            free(p->w);
            free(p->target);
        }
        free(p);
        nx_seterr(w->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    p->n = jobs;
    p->batch = w->batch_size < NX_BULK_BATCH ? w->batch_size : NX_BULK_BATCH;
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
        nx_seterr(w->err, "%s: cannot create the build folder: %s", p->dir, strerror(errno));
        st = NX_ERR_IO;
        goto fail;
    }
    /* File records go into w->db while their articles sit in the workers'
     * databases: a transaction keeps them from being committed alone (a
     * failed build would otherwise record files whose articles are lost). */
    xc_status txs = xc_db_commit(w->db);
    if (txs == XC_OK)
        txs = xc_db_begin_transaction(w->db, 0);
    if (txs != XC_OK) {
        st = nx_status_from_xc(txs);
        nx_seterr(w->err, "%s: cannot begin the bulk build: %s", w->path, xc_errmsg());
        goto fail;
    }
    p->in_txn = 1;
    const char *lang = nx_stemmer_language(w->st);
    for (unsigned k = 0; k < jobs; k++) {
        worker *wk = &p->w[k];
        char name[32];
        snprintf(name, sizeof name, "part%u", k);
        char *serr = NULL;
        if (!(wk->path = nx_path_join(p->dir, name))) {
            st = NX_ERR_NOMEM;
            nx_seterr(w->err, "out of memory");
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
            nx_seterr(w->err, "%s: cannot create a build database: %s", wk->path, xc_errmsg());
            goto fail;
        }
        if ((st = nx_stemmer_new(lang, &wk->st, &serr)) != NX_OK) {
            nx_seterr(w->err, "%s", serr ? serr : "cannot create stemmer");
            free(serr);
            goto fail;
        }
        if ((st = nx_docbuilder_new(wk->st, &wk->b)) != NX_OK) {
            nx_seterr(w->err, "out of memory");
            goto fail;
        }
        nx_docbuilder_share_dups(wk->b, w->builder);   /* issue 22: copies across workers */
        int prc = pthread_create(&wk->th, NULL, worker_main, wk);
        if (prc != 0) {
            st = NX_ERR_BACKEND;
            nx_seterr(w->err, "cannot start an indexing thread: %s", strerror(prc));
            goto fail;
        }
        wk->started = 1;
    }
    w->bulk = p;
    return NX_OK;
fail: {
        if (p->in_txn)
            xc_db_cancel_transaction(w->db);
        char *dir = p->dir;
        p->dir = NULL;
        pool_free(p);
        nx_rm_tree(dir);
        free(dir);
    }
    return st;
}

/* ---------------------------------------------------------------- api */

nx_status nx_bulk_check(nx_writer *w)
{
    nx_bulk *p = w->bulk;
    if (!p || !atomic_load(&p->failed))
        return NX_OK;
    pthread_mutex_lock(&p->fail_mu);
    nx_seterr(w->err, "%s", p->fail_msg);
    nx_status st = p->fail_status;
    pthread_mutex_unlock(&p->fail_mu);
    return st;
}

nx_status nx_bulk_add(nx_writer *w, const nx_article *a, int *replaced)
{
    nx_bulk *p = w->bulk;
    nx_status st = nx_bulk_check(w);
    if (st != NX_OK)
        return st;
    const char *bad = bad_utf8_field(a);
    if (bad) {
        nx_seterr(w->err, "article '%s' has text that is not valid UTF-8 (in its %s)", a->id, bad);
        return NX_ERR_INVALID;
    }
    job *j = job_for_article(a);
    if (!j) {
        nx_seterr(w->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    nx_id_term(a->id, j->term, sizeof j->term);
    int found, live;
    size_t slot = idset_slot(&p->ids, id_hash(j->term), &found, &live);
    if (slot == (size_t)-1) {
        free(j);
        nx_seterr(w->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    /* A known id goes back to its worker (after any deletion queued there). */
    unsigned k = found ? p->ids.owner[slot] : (unsigned)-1;
    j->fresh = !live;
    if ((st = enqueue(w, &k, j)) != NX_OK)
        return st;
    p->ids.owner[slot] = (unsigned char)k;
    p->ids.live[slot] = 1;
    if (replaced)
        *replaced = live;
    return nx_writer_count_change(w);
}

nx_status nx_bulk_delete(nx_writer *w, const char *term, int *deleted)
{
    nx_bulk *p = w->bulk;
    nx_status st = nx_bulk_check(w);
    if (st != NX_OK)
        return st;
    /* The database held no article when the build began, so an id this
     * build has not added is nowhere. */
    uint64_t h = id_hash(term);
    size_t slot = p->ids.cap ? idset_find(&p->ids, h) : 0;
    int had = p->ids.cap && p->ids.slot[slot] == h && p->ids.live[slot];
    if (deleted)
        *deleted = had;
    if (!had)
        return NX_OK;
    job *j = calloc(1, sizeof *j);
    if (!j) {
        nx_seterr(w->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    j->del = 1;
    snprintf(j->term, sizeof j->term, "%s", term);
    unsigned k = p->ids.owner[slot];
    if ((st = enqueue(w, &k, j)) != NX_OK)
        return st;
    p->ids.live[slot] = 0;
    return nx_writer_count_change(w);
}

/* Gives the merged database the metadata w->db holds in its transaction
 * (file records, last-run stamp): set what is there, delete what this run
 * deleted.  The transaction itself is never committed, so a failure
 * anywhere before the swap leaves w's database exactly as it was. */
static nx_status copy_metadata(nx_writer *w, const char *merged)
{
    xc_db *m = NULL;
    xc_termlist *tl = NULL;
    xc_term_info ti;
    char **gone = NULL;
    size_t ngone = 0, capgone = 0;
    int r = 0;
    xc_status xs = xc_db_open_writable(merged, XC_DB_OPEN, &m);
    if (xs == XC_OK)
        xs = xc_db_metadata_keys(w->db, "", &tl);
    while (xs == XC_OK && (r = xc_termlist_next(tl, &ti)) == 1) {
        char *val = NULL;
        size_t len = 0;
        xs = xc_db_get_metadata(w->db, ti.term, &val, &len);
        if (xs == XC_OK)
            xs = xc_db_set_metadata(m, ti.term, val ? val : "", len);
        xc_free(val);
    }
    xc_termlist_free(tl);
    tl = NULL;
    if (xs == XC_OK && r < 0)
        xs = XC_ERR_OTHER;
    /* Keys the merge took from w's last commit but this run deleted:
     * listed first, deleted after, not while iterating. */
    if (xs == XC_OK)
        xs = xc_db_metadata_keys(m, "", &tl);
    while (xs == XC_OK && (r = xc_termlist_next(tl, &ti)) == 1) {
        char *val = NULL;
        size_t len = 0;
        xs = xc_db_get_metadata(w->db, ti.term, &val, &len);
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
        nx_seterr(w->err, "%s: cannot record the bulk build's files: %s", w->path, xc_errmsg());
        xc_db_close(m);
        return nx_status_from_xc(xs);
    }
    xc_db_close(m);
    return NX_OK;
}

/* Merges w's database (as last committed) and the workers' into
 * <build>/merged, gives it this run's metadata, then exchanges it with the
 * database at w->path. */
static nx_status publish(nx_writer *w, nx_bulk *p)
{
    const char *srcs[NX_BULK_MAX_JOBS + 1];
    srcs[0] = p->target;
    for (unsigned k = 0; k < p->n; k++)
        srcs[k + 1] = p->w[k].path;
    char *merged = nx_path_join(p->dir, "merged");
    if (!merged) {
        nx_seterr(w->err, "out of memory");
        return NX_ERR_NOMEM;
    }
    xc_status xs = xc_db_compact_many(srcs, p->n + 1, merged);
    if (xs != XC_OK) {
        nx_seterr(w->err, "%s: cannot merge the bulk build: %s", w->path, xc_errmsg());
        free(merged);
        return nx_status_from_xc(xs);
    }
    nx_status st = copy_metadata(w, merged);
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
            nx_seterr(w->err, "out of memory");
        } else if (e != EINVAL && e != ENOSYS && e != ENOTSUP) {
            st = NX_ERR_IO;
            nx_seterr(w->err, "%s: cannot swap in the bulk build: %s", w->path, strerror(e));
        } else if (rename(p->target, old) != 0) {
            st = NX_ERR_IO;
            nx_seterr(w->err, "%s: cannot move the old database aside: %s", w->path, strerror(errno));
        } else if (rename(merged, p->target) != 0) {
            st = NX_ERR_IO;
            nx_seterr(w->err, "%s: cannot move the bulk build in place: %s", w->path, strerror(errno));
            rename(old, p->target);
        }
        free(old);
    }
    free(merged);
    if (st == NX_OK) {
        /* w->db is now the old database inside the build folder.  Its
         * transaction is dropped, so closing it writes nothing (Xapian
         * names its files by the original path, now the new database's);
         * the close releases the lock and the next writer meets the new
         * database. */
        xc_db_cancel_transaction(w->db);
        p->in_txn = 0;
        xc_db_close(w->db);
        w->db = NULL;
    }
    return st;
}

nx_status nx_bulk_finish(nx_writer *w, int publish_it)
{
    nx_bulk *p = w->bulk;
    if (!p)
        return NX_OK;
    stop_workers(p);
    nx_status st = nx_bulk_check(w);
    if (st == NX_OK && publish_it) {
        finish_parts(p);
        st = nx_bulk_check(w);
    }
    /* Close so compaction reads all. */
    for (unsigned k = 0; k < p->n; k++) {
        xc_db_close(p->w[k].db);
        p->w[k].db = NULL;
    }
    if (st == NX_OK && publish_it)
        st = publish(w, p);
    /* Not published: the file records must not outlive their articles. */
    if (p->in_txn && w->db)
        xc_db_cancel_transaction(w->db);
    nx_rm_tree(p->dir);
    w->bulk = NULL;
    pool_free(p);
    return st;
}

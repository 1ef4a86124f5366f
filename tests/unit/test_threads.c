/*
 * test_threads.c: the thread-safety rules of newsidx.h, through the public
 * API only.  Several reader threads, each with its own nx_index, search in a
 * loop while one writer thread adds articles and commits again and again:
 * no search may fail (the library reopens on a modified database), every
 * reader sees the article count only grow, and the final count is exact.
 * A second writer in the same process is refused with NX_ERR_LOCKED.
 *
 * NX_THREADS_SMALL=1 shrinks the work for the Helgrind run (Valgrind runs
 * one thread at a time and is ~50x slower).
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700       /* nftw() */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx.h"

#define MAX_READERS 8

/* Sizes of one run; smaller under Helgrind, which is ~100x slower. */
typedef struct sizes {
    unsigned initial;       /* articles before the threads start */
    unsigned rounds;        /* writer commits */
    unsigned per_round;     /* new articles per commit */
    unsigned readers;
    unsigned min_searches;  /* each reader searches at least this often */
} sizes;

typedef struct shared {
    const char *db;
    sizes sz;
    atomic_int writer_ready;   /* the writer holds the lock */
    atomic_int writer_done;
    atomic_int release_writer; /* main thread checked the lock: writer may go on */
} shared;

typedef struct reader_result {
    shared *sh;
    unsigned searches;
    unsigned reopens;
    unsigned failures;
    unsigned long first_seen, last_seen;
    char first_error[256];
} reader_result;

typedef struct writer_result {
    shared *sh;
    nx_status status;
    unsigned commits;
    char error[256];
} writer_result;

static char g_root[64];
static char g_db[128];

static sizes run_sizes(void)
{
    const char *small = getenv("NX_THREADS_SMALL");
    if (small && *small && strcmp(small, "0"))
        return (sizes){ .initial = 120, .rounds = 10, .per_round = 8, .readers = 3, .min_searches = 10 };
    return (sizes){ .initial = 300, .rounds = 25, .per_round = 12, .readers = 4, .min_searches = 20 };
}

/* Articles are generated from their number so any thread can rebuild one.
 * Every article contains "harbour"; the count of hits for it is the count
 * of articles. */
static void make_article(unsigned n, nx_article *a, char *id, char *title, char *body, char *date)
{
    static const char *const topics[] = { "grain", "steel", "coffee", "timber", "copper", "wool" };
    static const char *const verbs[] = { "rose", "fell", "stalled", "recovered" };
    const char *topic = topics[n % 6], *verb = verbs[(n / 6) % 4];
    snprintf(id, 32, "art-%05u", n);
    snprintf(title, 96, "Harbour report %u: %s shipments %s", n, topic, verb);
    snprintf(body, 400,
             "Shipments of %s through the harbour %s this week, port officials said. "
             "Dock workers handled cargo number %u while traders watched prices of %s closely.",
             topic, verb, n, topic);
    snprintf(date, 16, "2025-%02u-%02u", 1 + n % 12, 1 + n % 28);
    memset(a, 0, sizeof *a);
    a->id = id;
    a->title = title;
    a->body = body;
    a->date = date;
    a->source = "Thread Test Wire";
}

static nx_status add_range(nx_writer *w, unsigned from, unsigned to)
{
    char id[32], title[96], body[400], date[16];
    nx_article a;
    for (unsigned n = from; n < to; n++) {
        make_article(n, &a, id, title, body, date);
        nx_status st = nx_writer_add(w, &a, NULL);
        if (st != NX_OK)
            return st;
    }
    return NX_OK;
}

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb; (void)flag; (void)ftw;
    remove(path);
    return 0;
}

static int setup(void **state)
{
    (void)state;
    const char *tmp = getenv("TMPDIR");
    snprintf(g_root, sizeof g_root, "%s/nx-threads-XXXXXX", tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(g_root))
        return -1;
    snprintf(g_db, sizeof g_db, "%s/db", g_root);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nftw(g_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void fail_once(reader_result *r, const char *what, nx_status st, const char *msg)
{
    r->failures++;
    if (!r->first_error[0])
        snprintf(r->first_error, sizeof r->first_error, "%s: %s (%s)", what, nx_status_name(st),
                 msg ? msg : "");
}

/* One search on ix; checks the hit count never goes backwards. */
static void search_once(nx_index *ix, reader_result *r, unsigned i)
{
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 5;
    so.snippet_length = i % 2 ? 80 : 0;   /* exercise the snippet code every other time */
    nx_results *res = NULL;
    nx_status st = nx_search(ix, i % 3 ? "harbour" : "harbour AND (coffee OR steel)", &so, &res);
    if (st != NX_OK) {
        fail_once(r, "nx_search", st, nx_index_errmsg(ix));
        return;
    }
    if (nx_results_count(res) == 0)
        fail_once(r, "no hits", st, "");
    for (size_t k = 0; k < nx_results_count(res); k++) {
        const nx_hit *h = nx_results_hit(res, k);
        if (!h || !nx_hit_id(h) || strncmp(nx_hit_id(h), "art-", 4))
            fail_once(r, "bad hit", st, h ? nx_hit_id(h) : "NULL");
        else
            nx_hit_snippet(h, NULL, NULL);
    }
    if (i % 3) {
        unsigned long seen = nx_results_estimated(res);
        if (seen < r->last_seen)
            fail_once(r, "count went backwards", st, "");
        if (!r->first_seen)
            r->first_seen = seen;
        r->last_seen = seen;
    }
    nx_results_free(res);
}

static void *reader_main(void *arg)
{
    reader_result *r = arg;
    nx_index *ix = NULL;
    char *err = NULL;
    for (unsigned i = 0; i < 100000; i++) {
        int done = atomic_load(&r->sh->writer_done);
        if (done && i >= r->sh->sz.min_searches)
            break;
        /* A fresh handle now and then: opening races with commits too. */
        if (!ix || i % 7 == 6) {
            nx_index_close(ix);
            ix = NULL;
            nx_status st = nx_index_open(r->sh->db, &ix, &err);
            if (st != NX_OK) {
                fail_once(r, "nx_index_open", st, err);
                nx_free(err);
                err = NULL;
                continue;
            }
            r->reopens++;
        }
        if (i % 5 == 4) {
            nx_stats stats;
            nx_status st = nx_index_stats(ix, &stats);
            if (st != NX_OK)
                fail_once(r, "nx_index_stats", st, nx_index_errmsg(ix));
            else if (stats.documents < r->sh->sz.initial)
                fail_once(r, "stats below initial count", st, "");
        }
        search_once(ix, r, i);
        r->searches++;
    }
    nx_index_close(ix);
    return NULL;
}

static void *writer_main(void *arg)
{
    writer_result *w = arg;
    shared *sh = w->sh;
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    wo.wait_seconds = 10;
    nx_writer *wr = NULL;
    char *err = NULL;
    w->status = nx_writer_open(sh->db, &wo, &wr, &err);
    if (w->status != NX_OK) {
        snprintf(w->error, sizeof w->error, "open: %s", err ? err : "");
        nx_free(err);
        atomic_store(&sh->writer_ready, 1);
        atomic_store(&sh->writer_done, 1);
        return NULL;
    }
    atomic_store(&sh->writer_ready, 1);
    for (unsigned spin = 0; !atomic_load(&sh->release_writer) && spin < 10000; spin++)
        usleep(1000);
    unsigned next = sh->sz.initial;
    for (unsigned round = 0; round < sh->sz.rounds && w->status == NX_OK; round++) {
        w->status = add_range(wr, next, next + sh->sz.per_round);
        next += sh->sz.per_round;
        /* Re-adding existing ids replaces them: the count must not grow. */
        if (w->status == NX_OK)
            w->status = add_range(wr, round, round + 2);
        if (w->status == NX_OK)
            w->status = nx_writer_commit(wr);
        if (w->status == NX_OK)
            w->commits++;
    }
    if (w->status != NX_OK)
        snprintf(w->error, sizeof w->error, "%s", nx_writer_errmsg(wr));
    nx_status cst = nx_writer_close(wr);
    if (w->status == NX_OK)
        w->status = cst;
    atomic_store(&sh->writer_done, 1);
    return NULL;
}

static void build_initial(const sizes *sz)
{
    nx_writer *w = NULL;
    char *err = NULL;
    nx_status st = nx_writer_open(g_db, NULL, &w, &err);
    if (st != NX_OK)
        fail_msg("nx_writer_open %s: %s", g_db, err ? err : nx_status_name(st));
    assert_int_equal(add_range(w, 0, sz->initial), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

static unsigned long count_hits(const char *query)
{
    nx_index *ix = NULL;
    char *err = NULL;
    nx_status st = nx_index_open(g_db, &ix, &err);
    if (st != NX_OK)
        fail_msg("nx_index_open: %s", err ? err : nx_status_name(st));
    nx_stats stats;
    assert_int_equal(nx_index_stats(ix, &stats), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, query, NULL, &r), NX_OK);
    unsigned long n = nx_results_estimated(r);
    assert_int_equal(n, stats.documents);
    nx_results_free(r);
    nx_index_close(ix);
    return n;
}

static void test_readers_and_writer(void **state)
{
    (void)state;
    sizes sz = run_sizes();
    build_initial(&sz);
    assert_int_equal(count_hits("harbour"), sz.initial);

    shared sh = { .db = g_db, .sz = sz };
    reader_result rr[MAX_READERS];
    pthread_t rt[MAX_READERS], wt;
    writer_result wr = { .sh = &sh };
    assert_int_equal(pthread_create(&wt, NULL, writer_main, &wr), 0);
    for (unsigned i = 0; i < sz.readers; i++) {
        memset(&rr[i], 0, sizeof rr[i]);
        rr[i].sh = &sh;
        assert_int_equal(pthread_create(&rt[i], NULL, reader_main, &rr[i]), 0);
    }

    /* While the writer thread holds the lock, a second writer is refused
     * at once, cleanly, from another thread. */
    for (unsigned spin = 0; !atomic_load(&sh.writer_ready) && spin < 20000; spin++)
        usleep(1000);
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    nx_writer *second = NULL;
    char *err = NULL;
    nx_status locked = nx_writer_open(g_db, &wo, &second, &err);
    nx_free(err);
    if (second)
        nx_writer_close(second);
    atomic_store(&sh.release_writer, 1);

    pthread_join(wt, NULL);
    for (unsigned i = 0; i < sz.readers; i++)
        pthread_join(rt[i], NULL);

    if (wr.status != NX_OK)
        fail_msg("writer thread: %s: %s", nx_status_name(wr.status), wr.error);
    assert_int_equal(locked, NX_ERR_LOCKED);
    assert_int_equal(wr.commits, sz.rounds);
    unsigned long expected = sz.initial + (unsigned long)sz.rounds * sz.per_round;
    for (unsigned i = 0; i < sz.readers; i++) {
        if (rr[i].failures)
            fail_msg("reader %u: %u of %u searches failed; first: %s", i, rr[i].failures,
                     rr[i].searches, rr[i].first_error);
        assert_true(rr[i].searches >= sz.min_searches);
        assert_true(rr[i].first_seen >= sz.initial);
        assert_true(rr[i].last_seen <= expected);
    }
    assert_int_equal(count_hits("harbour"), expected);
}

/* Handles on different databases in different threads share nothing:
 * each thread builds and searches its own small index. */
typedef struct solo {
    char db[160];
    unsigned n;
    unsigned long found;
    nx_status st;
} solo;

static void *solo_main(void *arg)
{
    solo *s = arg;
    nx_writer *w = NULL;
    s->st = nx_writer_open(s->db, NULL, &w, NULL);
    if (s->st != NX_OK)
        return NULL;
    s->st = add_range(w, 1000, 1000 + s->n);
    nx_status cst = nx_writer_close(w);
    if (s->st == NX_OK)
        s->st = cst;
    if (s->st != NX_OK)
        return NULL;
    nx_index *ix = NULL;
    s->st = nx_index_open(s->db, &ix, NULL);
    if (s->st != NX_OK)
        return NULL;
    nx_results *r = NULL;
    s->st = nx_search(ix, "harbour", NULL, &r);
    if (s->st == NX_OK)
        s->found = nx_results_estimated(r);
    nx_results_free(r);
    nx_index_close(ix);
    return NULL;
}

static void test_independent_databases(void **state)
{
    (void)state;
    solo s[3];
    pthread_t t[3];
    for (unsigned i = 0; i < 3; i++) {
        memset(&s[i], 0, sizeof s[i]);
        snprintf(s[i].db, sizeof s[i].db, "%s/solo%u", g_root, i);
        s[i].n = 10 + 5 * i;
        assert_int_equal(pthread_create(&t[i], NULL, solo_main, &s[i]), 0);
    }
    for (unsigned i = 0; i < 3; i++)
        pthread_join(t[i], NULL);
    for (unsigned i = 0; i < 3; i++) {
        assert_int_equal(s[i].st, NX_OK);
        assert_int_equal(s[i].found, s[i].n);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_readers_and_writer),
        cmocka_unit_test(test_independent_databases),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_versions.c — one story shown once, and related stories (issue 22),
 * on the real corpora in
 * NX_CORPORA: BBC News (98 byte-identical pairs) and Reuters-21578 are
 * indexed as `newsidx index` does (a bulk build), and no first results
 * page (20 hits) of 200 queries may hold two articles whose headline and body are
 * byte-identical, compared here from the stored fields and not from the
 * copy groups.  With all_versions the same queries must show such pairs
 * (so the check is not vacuous), and a hit's listed versions must be
 * exactly the other group members that an all_versions search finds.
 * Related stories on Reuters (nx_similar): never the article itself nor a
 * copy of it, each story once, filters and dates obeyed, and at least half the related
 * articles share a topic label with the article (the labels are indexed
 * here; nx_similar ranks by words and names, never by labels).
 * Skipped when the corpora are absent.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "newsidx.h"

static char tmpdir[256];
static char reuters_db[512];   /* built by test_reuters, used by test_similar */

#define NQUERIES 200

static uint64_t text_hash(const nx_hit *h)
{
    const char *parts[2] = { nx_hit_field(h, NX_FIELD_TITLE), nx_hit_field(h, NX_FIELD_BODY) };
    uint64_t x = 1469598103934665603ULL;
    for (int p = 0; p < 2; p++) {
        for (const char *s = parts[p] ? parts[p] : ""; *s; s++) {
            x ^= (unsigned char)*s;
            x *= 1099511628211ULL;
        }
        x ^= 0xff;   /* the boundary between headline and body */
        x *= 1099511628211ULL;
    }
    return x;
}

/* Pairs of byte-identical articles on one page of r. */
static int identical_pairs(const nx_results *r)
{
    int pairs = 0;
    size_t n = nx_results_count(r);
    for (size_t i = 0; i < n; i++)
        for (size_t k = i + 1; k < n; k++)
            pairs += text_hash(nx_results_hit(r, i)) == text_hash(nx_results_hit(r, k));
    return pairs;
}

static const char *corpus(const char *rel)
{
    static char path[4096];
    const char *base = getenv("NX_CORPORA");
    if (!base)
        return NULL;
    snprintf(path, sizeof path, "%s/%s", base, rel);
    return access(path, R_OK) == 0 ? path : NULL;
}

static void build(const char *src, const char *db)
{
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.jobs = 2;
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(db, &o, &w, NULL), NX_OK);
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_index_path(w, src, NULL, NULL, &sum), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

/* Queries from the archive itself: a few seeds, then the first two or
 * three words of the headlines they find, and so on, up to NQUERIES. */
typedef struct qlist { char **q; size_t n, cap; } qlist;

static void add_query(qlist *l, const char *title, int words)
{
    char buf[256];
    size_t k = 0;
    int w = 0;
    for (const char *s = title; *s && k + 1 < sizeof buf && w < words; s++) {
        if (*s == ' ')
            w++;
        /* Words only, lower case: an upper-case Reuters headline's AND, OR
         * and NOT would be operators, its punctuation syntax. */
        if (w < words) {
            char c = *s >= 'A' && *s <= 'Z' ? (char)(*s - 'A' + 'a') : *s;
            buf[k++] = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : ' ';
        }
    }
    buf[k] = '\0';
    if (!k)
        return;
    if (l->n == l->cap) {
        l->cap = l->cap ? l->cap * 2 : 256;
        l->q = realloc(l->q, l->cap * sizeof *l->q);
        assert_non_null(l->q);
    }
    l->q[l->n++] = strdup(buf);
}

static void check_archive(const char *rel, const char *seeds)
{
    const char *src = corpus(rel);
    if (!src) {
        print_message("corpus %s not found (NX_CORPORA=%s): skipped\n", rel,
                      getenv("NX_CORPORA") ? getenv("NX_CORPORA") : "(unset)");
        skip();
    }
    char db[512];
    snprintf(db, sizeof db, "%s/%s.db", tmpdir, rel);
    clock_t c0 = clock();
    build(src, db);
    print_message("%s: built in %.1f s of CPU\n", rel, (double)(clock() - c0) / CLOCKS_PER_SEC);
    if (!strcmp(rel, "reuters21578"))
        snprintf(reuters_db, sizeof reuters_db, "%s", db);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(db, &ix, NULL), NX_OK);

    nx_search_opts so, all;
    nx_search_opts_init(&so);
    so.snippet_length = 0;
    so.limit = 20;
    all = so;
    all.all_versions = 1;

    qlist ql = { NULL, 0, 0 };
    /* Seed queries, then the headlines of what they find. */
    char seedbuf[512];
    snprintf(seedbuf, sizeof seedbuf, "%s", seeds);
    for (char *t = strtok(seedbuf, ","); t; t = strtok(NULL, ","))
        add_query(&ql, t, 8);
    for (size_t i = 0; i < ql.n && ql.n < NQUERIES; i++) {
        nx_results *r = NULL;
        assert_int_equal(nx_search(ix, ql.q[i], &all, &r), NX_OK);
        for (size_t k = 0; k < nx_results_count(r) && ql.n < NQUERIES; k += 3) {
            const char *t = nx_hit_field(nx_results_hit(r, k), NX_FIELD_TITLE);
            if (t && *t)
                add_query(&ql, t, 2 + (int)(k % 2));
        }
        nx_results_free(r);
    }
    int pages = 0, collapsed_bad = 0, all_pairs = 0, version_mismatch = 0;
    for (size_t i = 0; i < ql.n; i++) {
        nx_results *r = NULL, *ra = NULL;
        /* A headline may not parse as a query ("Ask Jeeves: ..."): both
         * searches must refuse it alike. */
        nx_status st = nx_search(ix, ql.q[i], &so, &r);
        if (st == NX_ERR_QUERY) {
            print_message("refused: %s: %s\n", ql.q[i], nx_index_errmsg(ix));
            assert_int_equal(nx_search(ix, ql.q[i], &all, &ra), NX_ERR_QUERY);
            continue;
        }
        assert_int_equal(st, NX_OK);
        assert_int_equal(nx_search(ix, ql.q[i], &all, &ra), NX_OK);
        pages++;
        int bad = identical_pairs(r);
        if (bad)
            print_message("'%s': %d byte-identical pairs\n", ql.q[i], bad);
        collapsed_bad += bad;
        all_pairs += identical_pairs(ra);
        /* Each listed version is an article the all_versions search
         * matches, and the count is the number listed. */
        for (size_t h = 0; h < nx_results_count(r); h++) {
            const char *const *vids;
            size_t nv;
            unsigned long count = nx_hit_versions(nx_results_hit(r, h), &vids, &nv);
            if (count != nv)
                version_mismatch++;
            for (size_t v = 0; v < nv; v++) {
                char q[600];
                snprintf(q, sizeof q, "(%s) id:\"%s\"", ql.q[i], vids[v]);
                nx_results *rv = NULL;
                assert_int_equal(nx_search(ix, q, &all, &rv), NX_OK);
                version_mismatch += nx_results_count(rv) != 1;
                nx_results_free(rv);
            }
        }
        nx_results_free(r);
        nx_results_free(ra);
    }
    print_message("%s: %zu queries, %d pages: %d byte-identical pairs shown by default, %d with "
                  "all_versions\n", rel, ql.n, pages, collapsed_bad, all_pairs);
    assert_int_equal(collapsed_bad, 0);
    assert_true(all_pairs > 0);
    assert_int_equal(version_mismatch, 0);
    for (size_t i = 0; i < ql.n; i++)
        free(ql.q[i]);
    free(ql.q);
    nx_index_close(ix);
}

static void test_bbc(void **state)
{
    (void)state;
    check_archive("bbc", "Clijsters Australian Open,interest rates held,mobile games,Labour conference,"
                         "broadband TV,Melzer Agassi,RFID tags,domain scam");
}

static void test_reuters(void **state)
{
    (void)state;
    check_archive("reuters21578", "Fed adds reserves,Lloyds base rate,housing completions,"
                                  "opinion polls Conservatives,Brazilian shipping strikers,"
                                  "quarterly dividend,money market help,oil prices");
}

static int shares_label(const nx_hit *a, const nx_hit *b)
{
    const char *const *x, *const *y;
    size_t nx = nx_hit_list(a, NX_LIST_TAGS, &x), ny = nx_hit_list(b, NX_LIST_TAGS, &y);
    for (size_t i = 0; i < nx; i++)
        for (size_t k = 0; k < ny; k++)
            if (!strcmp(x[i], y[k]))
                return 1;
    return 0;
}

static int has_label(const nx_hit *h, const char *label)
{
    const char *const *v;
    size_t n = nx_hit_list(h, NX_LIST_TAGS, &v);
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i], label))
            return 1;
    return 0;
}

static void test_similar(void **state)
{
    (void)state;
    if (!reuters_db[0])
        skip();
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(reuters_db, &ix, NULL), NX_OK);
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.snippet_length = 0;
    nx_results *r = NULL;
    assert_int_equal(nx_similar(ix, "no-such-story", NULL, &so, &r), NX_ERR_NOT_FOUND);
    assert_non_null(strstr(nx_index_errmsg(ix), "no-such-story"));
    int sources = 0, hits = 0, agree = 0;
    for (unsigned n = 7; n <= 21578 && sources < 60; n += 97) {
        char id[32];
        snprintf(id, sizeof id, "reuters-%u", n);
        nx_results *src = NULL;
        assert_int_equal(nx_index_get(ix, id, &src), NX_OK);
        const nx_hit *me = nx_results_hit(src, 0);
        const char *const *tags;
        const char *body = me ? nx_hit_field(me, NX_FIELD_BODY) : NULL;
        if (!me || !nx_hit_list(me, NX_LIST_TAGS, &tags) || !body || strlen(body) < 300) {
            nx_results_free(src);
            continue;
        }
        sources++;
        assert_int_equal(nx_similar(ix, id, NULL, &so, &r), NX_OK);
        assert_true(nx_results_count(r) > 0);
        for (size_t i = 0; i < nx_results_count(r); i++) {
            const nx_hit *h = nx_results_hit(r, i);
            assert_string_not_equal(nx_hit_id(h), id);
            assert_false(text_hash(h) == text_hash(me));   /* no copy of itself */
            hits++;
            agree += shares_label(h, me);
        }
        assert_int_equal(identical_pairs(r), 0);
        nx_results_free(r);
        /* Within a topic, and within dates. */
        char filter[96];
        snprintf(filter, sizeof filter, "topic:%s", tags[0]);
        assert_int_equal(nx_similar(ix, id, filter, &so, &r), NX_OK);
        for (size_t i = 0; i < nx_results_count(r); i++)
            assert_true(has_label(nx_results_hit(r, i), tags[0]));
        nx_results_free(r);
        nx_search_opts dated = so;
        dated.since = "1987-04-01";
        assert_int_equal(nx_similar(ix, id, NULL, &dated, &r), NX_OK);
        for (size_t i = 0; i < nx_results_count(r); i++) {
            const char *d = nx_hit_field(nx_results_hit(r, i), NX_FIELD_DATE);
            assert_true(d && strcmp(d, "1987-04-01") >= 0);
        }
        nx_results_free(r);
        nx_results_free(src);
    }
    print_message("similar on Reuters: %d stories, %d related articles, %.2f share a topic label\n", sources,
                  hits, hits ? (double)agree / hits : 0);
    assert_true(sources >= 40);
    assert_true(agree * 2 >= hits);   /* about 0.6 when written */
    nx_index_close(ix);
}

int main(void)
{
    snprintf(tmpdir, sizeof tmpdir, "%s/nx-versions.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bbc),
        cmocka_unit_test(test_reuters),
        cmocka_unit_test(test_similar),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return rc;
}

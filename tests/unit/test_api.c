/*
 * test_api.c — the public API's boundary: every function given NULL (or a
 * bad argument) either tolerates it as newsidx.h documents or returns a
 * status with a message; nothing crashes, nothing exits.  Uses only
 * newsidx.h, like an embedder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsidx.h"

static char dir[] = "/tmp/nx-api-XXXXXX";
static char dbpath[300];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    nx_writer *w = NULL;
    if (nx_writer_open(dbpath, NULL, &w, NULL) != NX_OK)
        return -1;
    nx_article a = { .id = "a1", .title = "Harbour reopens", .body = "The harbour reopened on Monday." };
    nx_status st = nx_writer_add(w, &a, NULL);
    return st == NX_OK && nx_writer_close(w) == NX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_status_names(void **state)
{
    (void)state;
    for (int st = NX_OK; st <= NX_ERR_BACKEND; st++) {
        const char *n = nx_status_name((nx_status)st);
        assert_non_null(n);
        assert_true(strncmp(n, "NX_", 3) == 0);
    }
    assert_non_null(nx_status_name((nx_status)999));
    assert_string_equal(nx_version(), NX_VERSION_STRING);
    nx_free(NULL);
}

static void test_null_tolerated(void **state)
{
    (void)state;
    /* documented as accepting NULL */
    nx_index_close(NULL);
    nx_results_free(NULL);
    nx_name_facet_free(NULL);
    assert_int_equal(nx_writer_close(NULL), NX_OK);
    char *msg = (char *)"untouched";
    assert_int_equal(nx_writer_close_ex(NULL, &msg), NX_OK);
    assert_null(msg);
    assert_int_equal(nx_writer_close_ex(NULL, NULL), NX_OK);
    assert_int_equal(nx_results_count(NULL), 0);
    assert_null(nx_results_hit(NULL, 0));
    assert_null(nx_results_suggestion(NULL));
    assert_null(nx_hit_id(NULL));
    assert_null(nx_hit_field(NULL, NX_FIELD_TITLE));
    assert_int_equal(nx_hit_list(NULL, NX_LIST_TAGS, NULL), 0);
    assert_int_equal(nx_name_facet_count(NULL), 0);
    assert_null(nx_name_facet_name(NULL, 0));
    assert_non_null(nx_index_errmsg(NULL));
    assert_non_null(nx_writer_errmsg(NULL));
    /* options may be NULL: defaults */
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open_ex(dbpath, NULL, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "harbour", NULL, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 1);
    const nx_hit *h = nx_results_hit(r, 0);
    assert_null(nx_results_hit(r, 1));
    assert_null(nx_hit_field(h, (nx_field)99));
    assert_int_equal(nx_hit_list(h, (nx_list)99, NULL), 0);
    assert_non_null(nx_hit_snippet(h, NULL, NULL));   /* spans may be NULL */
    nx_results_free(r);
    nx_index_close(ix);
}

static void test_null_rejected(void **state)
{
    (void)state;
    char *err = NULL;
    nx_index *ix = (nx_index *)(uintptr_t)1;   /* must be reset to NULL */
    assert_int_equal(nx_index_open(NULL, &ix, &err), NX_ERR_INVALID);
    assert_null(ix);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    nx_free(err);
    assert_int_equal(nx_index_open(dbpath, NULL, NULL), NX_ERR_INVALID);
    nx_writer *w = (nx_writer *)(uintptr_t)1;
    assert_int_equal(nx_writer_open(NULL, NULL, &w, NULL), NX_ERR_INVALID);
    assert_null(w);
    assert_int_equal(nx_writer_open("", NULL, &w, NULL), NX_ERR_INVALID);

    assert_int_equal(nx_search(NULL, "x", NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, NULL, NULL, &r), NX_ERR_INVALID);
    assert_true(strlen(nx_index_errmsg(ix)) > 0);
    assert_int_equal(nx_search(ix, "harbour", NULL, NULL), NX_ERR_INVALID);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.limit = 1000000;
    assert_int_equal(nx_search(ix, "harbour", &o, &r), NX_ERR_INVALID);
    assert_non_null(strstr(nx_index_errmsg(ix), "limit"));
    nx_search_opts_init(&o);
    o.since = "not-a-date";
    assert_int_equal(nx_search(ix, "harbour", &o, &r), NX_ERR_INVALID);
    assert_non_null(strstr(nx_index_errmsg(ix), "not-a-date"));
    assert_int_equal(nx_search(ix, "(", NULL, &r), NX_ERR_QUERY);
    assert_true(strlen(nx_index_errmsg(ix)) > 0);
    assert_int_equal(nx_index_stats(NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_stats(ix, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_sources(ix, NULL, NULL), NX_ERR_INVALID);
    nx_name_facet *f = NULL;
    assert_int_equal(nx_names(NULL, "x", 0, 0, &f), NX_ERR_INVALID);
    assert_int_equal(nx_names(ix, NULL, 0, 0, &f), NX_ERR_INVALID);
    nx_index_close(ix);

    assert_int_equal(nx_writer_open(dbpath, NULL, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_add(NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_add(w, NULL, NULL), NX_ERR_INVALID);
    nx_article noid = { .title = "No id" };
    assert_int_equal(nx_writer_add(w, &noid, NULL), NX_ERR_INVALID);
    assert_non_null(strstr(nx_writer_errmsg(w), "id"));
    nx_article bad = { .id = "bad", .body = "caf\xe9 not UTF-8" };
    assert_int_equal(nx_writer_add(w, &bad, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_delete(w, NULL, NULL), NX_ERR_INVALID);
    int deleted = 1;
    assert_int_equal(nx_writer_delete(w, "no-such-id", &deleted), NX_OK);
    assert_int_equal(deleted, 0);
    assert_int_equal(nx_writer_index_path(w, NULL, NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_index_path(w, "/no/such/path", NULL, NULL, NULL), NX_ERR_IO);
    assert_non_null(strstr(nx_writer_errmsg(w), "/no/such/path"));
    assert_int_equal(nx_writer_commit(NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

static void test_render_rejects(void **state)
{
    (void)state;
    char *out = NULL;
    nx_span spans[2] = { { 0, 3 }, { 2, 5 } };   /* overlapping */
    assert_int_equal(nx_render_highlight(NULL, NULL, 0, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight("abc", NULL, 0, NX_HL_PLAIN, NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight("abcdef", spans, 2, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    nx_span past = { 2, 99 };
    assert_int_equal(nx_render_highlight("abc", &past, 1, NX_HL_HTML, NULL, NULL, &out), NX_ERR_INVALID);
    nx_span ok = { 0, 3 };
    assert_int_equal(nx_render_highlight("a<b&c", &ok, 1, NX_HL_HTML, NULL, NULL, &out), NX_OK);
    assert_string_equal(out, "<mark>a&lt;b</mark>&amp;c");
    nx_free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_null_tolerated),
        cmocka_unit_test(test_null_rejected),
        cmocka_unit_test(test_render_rejects),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

/*
 * test_writer.c: the one-thread writer's batches, through the public API on
 * real databases: a run killed after some batch commits keeps those
 * batches' articles and, once a later run ends, their spelling words too
 * (the counts are saved with each batch and handed to Xapian at the end of
 * a run, writer.c).
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
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "newsidx.h"

static char g_root[64];

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_root, sizeof g_root, "/tmp/nxwriter-XXXXXX");
    return mkdtemp(g_root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nftw(g_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static nx_writer *open_serial(const char *path)
{
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.batch_size = 5;
    nx_writer *w = NULL;
    char *err = NULL;
    if (nx_writer_open(path, &o, &w, &err) != NX_OK)
        fail_msg("nx_writer_open %s: %s", path, err ? err : "?");
    return w;
}

static void add(nx_writer *w, unsigned n, const char *extra)
{
    char id[32], body[256];
    snprintf(id, sizeof id, "s%u", n);
    snprintf(body, sizeof body, "The harbour board met on day %u.%s", n, extra);
    nx_article a = { .id = id, .title = "Harbour news", .body = body };
    assert_int_equal(nx_writer_add(w, &a, NULL), NX_OK);
}

/* The suggestion for a one-word query (empty string: none). */
static char *suggest(const char *path, const char *query)
{
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    nx_search(ix, query, NULL, &r);
    const char *s = nx_results_suggestion(r);
    char *out = strdup(s ? s : "");
    nx_results_free(r);
    nx_index_close(ix);
    return out;
}

static unsigned long docs(const char *path)
{
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    nx_stats st;
    assert_int_equal(nx_index_stats(ix, &st), NX_OK);
    nx_index_close(ix);
    return st.documents;
}

static void test_killed_run_keeps_spelling(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/db", g_root);
    /* A first, finished run so the killed one is not a parallel build. */
    nx_writer *w = open_serial(path);
    add(w, 1, "");
    assert_int_equal(nx_writer_close(w), NX_OK);

    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        w = open_serial(path);
        /* Two full batches (committed), then some that never are. */
        for (unsigned n = 2; n <= 13; n++)
            add(w, n, n == 4 ? " Quetzalcoatl statues were unloaded." : "");
        _exit(0);   /* killed: no close */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    assert_int_equal(docs(path), 11);   /* s1, then s2..s11 in two batches */
    /* The word is committed with its article but not yet a suggestion. */
    char *s = suggest(path, "quetzalcotl");
    assert_string_equal(s, "");
    free(s);

    /* The next run, whatever it indexes, hands the saved counts over. */
    w = open_serial(path);
    add(w, 20, "");
    assert_int_equal(nx_writer_close(w), NX_OK);
    s = suggest(path, "quetzalcotl");
    assert_string_equal(s, "quetzalcoatl");
    free(s);

    /* And only once: a further run finds nothing left to take back. */
    w = open_serial(path);
    assert_int_equal(nx_writer_close(w), NX_OK);
    s = suggest(path, "quetzalcotl");
    assert_string_equal(s, "quetzalcoatl");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_killed_run_keeps_spelling, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

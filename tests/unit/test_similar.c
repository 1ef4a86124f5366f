/*
 * test_similar.c — nx_similar (related stories, issue 22) through
 * newsidx.h only, on a generated archive: stories drawn from disjoint
 * vocabularies (so the right answer is known without ranking: the other
 * articles of the same story family), one story filed three times (the
 * original, a byte-identical repeat and a corrected copy) and followed up
 * once.  Checked: the article and its copies never come back, the
 * follow-up comes first, every related article is of the same family
 * ahead of any other, topic: and date filters hold for every hit, limit
 * and offset page the same list, and bad ids and arguments are refused
 * with a status and a message.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "newsidx.h"

static char dir[] = "/tmp/nx-similar-XXXXXX";
static char dbpath[300];

#define FAMILIES 4
#define PER_FAMILY 6
static const char *const vocab[FAMILIES][8] = {
    { "harbour", "storm", "ferry", "gale", "quay", "fishermen", "coastguard", "waves" },
    { "budget", "treasury", "deficit", "taxes", "minister", "spending", "bonds", "inflation" },
    { "striker", "league", "goal", "coach", "stadium", "season", "penalty", "referee" },
    { "vaccine", "clinic", "patients", "doctors", "hospital", "trial", "nurses", "virus" },
};
static const char *const topics[FAMILIES] = { "weather", "economy", "sport", "health" };

static const char *const original =
    "A violent storm closed the harbour at Porto Alto for a second day. Ferry crossings were "
    "cancelled, the coastguard warned fishermen to stay on the quay, and waves broke over the sea wall.";
static const char *const corrected =
    "A violent storm closed the harbour at Porto Alto for a second day. Ferry crossings were "
    "cancelled, the coastguard warned fishermen to stay on the quay, and waves broke over the harbour wall.";
static const char *const followup =
    "The harbour at Porto Alto reopened after the storm. Ferry crossings resumed and the coastguard "
    "let fishermen back onto the quay once the gale and the waves eased.";

static unsigned seed = 12345;
static unsigned rnd(void)
{
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7fff;
}

static int add(nx_writer *w, const char *id, const char *title, const char *body, const char *date, int fam)
{
    const char *tags[1] = { topics[fam] };
    nx_article a = { .id = id, .title = title, .body = body, .date = date, .tags = tags, .n_tags = 1 };
    return nx_writer_add(w, &a, NULL) == NX_OK ? 0 : -1;
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    nx_writer *w = NULL;
    if (nx_writer_open(dbpath, NULL, &w, NULL) != NX_OK)
        return -1;
    int bad = add(w, "storm-1", "Storm shuts Porto Alto harbour", original, "2025-01-15", 0) ||
              add(w, "storm-1-repeat", "Storm shuts Porto Alto harbour", original, "2025-01-15", 0) ||
              add(w, "storm-1-corrected", "Storm shuts Porto Alto harbour", corrected, "2025-01-15", 0) ||
              add(w, "storm-2", "Porto Alto harbour reopens after storm", followup, "2025-01-17", 0);
    /* Generated articles: each family's words, shuffled, plus filler. */
    for (int f = 0; f < FAMILIES && !bad; f++)
        for (int k = 0; k < PER_FAMILY && !bad; k++) {
            char id[32], title[64], body[2048], date[16];
            size_t n = 0;
            for (int i = 0; i < 60; i++)
                n += (size_t)snprintf(body + n, sizeof body - n, "%s %s ", vocab[f][rnd() % 8],
                                      i % 3 ? "and" : "the");
            snprintf(id, sizeof id, "gen-%d-%d", f, k);
            snprintf(title, sizeof title, "%s report %d", vocab[f][k % 8], k);
            snprintf(date, sizeof date, "2025-%02d-10", 1 + k * 2);
            bad = add(w, id, title, body, date, f);
        }
    return !bad && nx_writer_close(w) == NX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd);
}

static int family_of(const char *id)
{
    if (!strncmp(id, "storm-", 6))
        return 0;
    return id[4] - '0';
}

static nx_index *open_ix(void)
{
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    return ix;
}

static void test_self_and_copies_left_out(void **state)
{
    (void)state;
    nx_index *ix = open_ix();
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 100;
    nx_results *r = NULL;
    const char *group[3] = { "storm-1", "storm-1-repeat", "storm-1-corrected" };
    for (int g = 0; g < 3; g++) {
        assert_int_equal(nx_similar(ix, group[g], NULL, &so, &r), NX_OK);
        size_t n = nx_results_count(r);
        assert_true(n >= PER_FAMILY);
        /* The follow-up first, then the rest of its family before any other. */
        assert_string_equal(nx_hit_id(nx_results_hit(r, 0)), "storm-2");
        int other_seen = 0;
        for (size_t i = 0; i < n; i++) {
            const nx_hit *h = nx_results_hit(r, i);
            for (int k = 0; k < 3; k++)
                assert_string_not_equal(nx_hit_id(h), group[k]);
            const char *const *ids;
            size_t nv;
            nx_hit_versions(h, &ids, &nv);
            for (size_t v = 0; v < nv; v++)
                for (int k = 0; k < 3; k++)
                    assert_string_not_equal(ids[v], group[k]);
            if (family_of(nx_hit_id(h)) != 0)
                other_seen = 1;
            else
                assert_false(other_seen);
        }
        nx_results_free(r);
    }
    /* Every generated article: its own family ranks first. */
    for (int f = 0; f < FAMILIES; f++) {
        char id[32];
        snprintf(id, sizeof id, "gen-%d-0", f);
        so.limit = PER_FAMILY - 1;
        assert_int_equal(nx_similar(ix, id, NULL, &so, &r), NX_OK);
        assert_int_equal(nx_results_count(r), PER_FAMILY - 1);
        for (size_t i = 0; i < nx_results_count(r); i++) {
            assert_string_not_equal(nx_hit_id(nx_results_hit(r, i)), id);
            assert_int_equal(family_of(nx_hit_id(nx_results_hit(r, i))), f);
        }
        nx_results_free(r);
    }
    nx_index_close(ix);
}

static void test_filters_and_pages(void **state)
{
    (void)state;
    nx_index *ix = open_ix();
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 100;
    nx_results *r = NULL, *all = NULL;
    /* A topic filter: only that topic, even for another family's story. */
    assert_int_equal(nx_similar(ix, "storm-1", "topic:sport", &so, &r), NX_OK);
    for (size_t i = 0; i < nx_results_count(r); i++) {
        const char *const *t;
        assert_int_equal(nx_hit_list(nx_results_hit(r, i), NX_LIST_TAGS, &t), 1);
        assert_string_equal(t[0], "sport");
    }
    nx_results_free(r);
    /* Dates. */
    so.since = "2025-05-01";
    so.until = "2025-09-30";
    assert_int_equal(nx_similar(ix, "gen-1-0", NULL, &so, &r), NX_OK);
    assert_true(nx_results_count(r) > 0);
    for (size_t i = 0; i < nx_results_count(r); i++) {
        const char *d = nx_hit_field(nx_results_hit(r, i), NX_FIELD_DATE);
        assert_non_null(d);
        assert_true(strncmp(d, "2025-05-01", 10) >= 0 && strncmp(d, "2025-09-30", 10) <= 0);
    }
    nx_results_free(r);
    so.since = so.until = NULL;
    /* limit and offset page one list. */
    assert_int_equal(nx_similar(ix, "storm-2", NULL, &so, &all), NX_OK);
    size_t n = nx_results_count(all);
    assert_true(n > 4);
    so.limit = 2;
    so.offset = 2;
    assert_int_equal(nx_similar(ix, "storm-2", NULL, &so, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 2);
    for (size_t i = 0; i < 2; i++)
        assert_string_equal(nx_hit_id(nx_results_hit(r, i)), nx_hit_id(nx_results_hit(all, i + 2)));
    nx_results_free(r);
    nx_results_free(all);
    nx_index_close(ix);
}

static void test_refusals(void **state)
{
    (void)state;
    nx_index *ix = open_ix();
    nx_results *r = NULL;
    assert_int_equal(nx_similar(ix, "no-such-story", NULL, NULL, &r), NX_ERR_NOT_FOUND);
    assert_null(r);
    assert_non_null(strstr(nx_index_errmsg(ix), "no-such-story"));
    assert_int_equal(nx_similar(ix, "storm-1", "topic:(", NULL, &r), NX_ERR_QUERY);
    assert_int_equal(nx_similar(ix, NULL, NULL, NULL, &r), NX_ERR_INVALID);
    assert_int_equal(nx_similar(ix, "", NULL, NULL, &r), NX_ERR_INVALID);
    assert_int_equal(nx_similar(ix, "storm-1", NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_similar(NULL, "storm-1", NULL, NULL, &r), NX_ERR_INVALID);
    /* Still usable after a refusal. */
    assert_int_equal(nx_similar(ix, "storm-1", NULL, NULL, &r), NX_OK);
    assert_true(nx_results_count(r) > 0);
    nx_results_free(r);
    nx_index_close(ix);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_self_and_copies_left_out),
        cmocka_unit_test(test_filters_and_pages),
        cmocka_unit_test(test_refusals),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

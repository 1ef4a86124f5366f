/*
 * test_terms.c — lib/terms.h, the term rules the indexer and the searcher
 * share: the term limit, long values hashed into one term (pinned: the
 * hashed form is on disk), and through the public API that an article
 * whose id is too long for a Xapian term is found by id: and by
 * nx_index_get.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "newsidx.h"
#include "lib/schema.h"
#include "lib/terms.h"

static void test_value_terms(void **state)
{
    (void)state;
    char buf[NX_TERM_BUF], big[400];
    nx_id_term("reuters-1", buf, sizeof buf);
    assert_string_equal(buf, "Qreuters-1");
    /* 240 bytes in all is kept as it is, one more is hashed */
    memset(big, 'x', 239);
    big[239] = '\0';
    nx_id_term(big, buf, sizeof buf);
    assert_int_equal(strlen(buf), 240);
    big[239] = 'y';
    big[240] = '\0';
    nx_id_term(big, buf, sizeof buf);
    assert_true(strlen(buf) <= NX_TERM_MAX);
    assert_memory_equal(buf, "Qxxx", 4);
    assert_non_null(strchr(buf, '#'));
    /* The hashed form is part of the on-disk format: pinned. */
    memset(big, 'a', 300);
    big[300] = '\0';
    nx_id_term(big, buf, sizeof buf);
    assert_string_equal(buf + 1 + 180, "#21c5001edd4e2e1f5afb83ef165a2378");
    nx_file_term("/srv/news/a.txt", buf, sizeof buf);
    assert_string_equal(buf, "XFce4cc61fd90dbe53");
    nx_value_term(NX_PFX_NAMEFULL, "keir starmer", buf, sizeof buf);
    assert_string_equal(buf, "XNkeir starmer");
    assert_int_equal(nx_term_join("S", "abc", 3, buf, sizeof buf), 4);
    assert_string_equal(buf, "Sabc");
    memset(big, 'b', 240);
    assert_int_equal(nx_term_join("S", big, 240, buf, sizeof buf), 0);
    assert_int_equal(nx_term_join("", big, 240, buf, sizeof buf), 240);
}

/* An id of 300 bytes (a long URL, say) is stored under its hashed term;
 * id: and nx_index_get hash it the same way. */
/* Plain words against every prefix of the layout: the rule the feedback
 * code and the binding's term lists rely on. */
static void test_term_is_word(void **state)
{
    (void)state;
    assert_true(nx_term_is_word("bank", 4, NULL));
    assert_true(nx_term_is_word("1987", 4, NULL));
    assert_true(nx_term_is_word("\xc3\xa9t\xc3\xa9", 6, NULL));
    static const char *const field[] = { "Qreuters-1", "Sbank", "XNbank of england", "Nengland", "XFabc", "Tcrude" };
    for (size_t i = 0; i < sizeof field / sizeof *field; i++)
        assert_false(nx_term_is_word(field[i], strlen(field[i]), NULL));
    assert_false(nx_term_is_word("", 0, NULL));
}

static void test_long_id_is_found(void **state)
{
    (void)state;
    char dir[] = "/tmp/nx_test_terms_XXXXXX", path[64], id[301], q[320];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/db", dir);
    memcpy(id, "https://news.example/", 21);
    for (int i = 21; i < 300; i++)
        id[i] = (char)('a' + i % 26);
    id[300] = '\0';
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, NULL, &w, NULL), NX_OK);
    nx_article a = { .id = id, .title = "Long address", .body = "A story filed under a long URL." };
    nx_article b = { .id = "short", .title = "Other", .body = "Another story." };
    assert_int_equal(nx_writer_add(w, &a, NULL), NX_OK);
    assert_int_equal(nx_writer_add(w, &b, NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    snprintf(q, sizeof q, "id:%s", id);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, q, NULL, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 1);
    assert_string_equal(nx_hit_id(nx_results_hit(r, 0)), id);
    nx_results_free(r);
    assert_int_equal(nx_index_get(ix, id, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 1);
    assert_string_equal(nx_hit_field(nx_results_hit(r, 0), NX_FIELD_TITLE), "Long address");
    nx_results_free(r);
    assert_int_equal(nx_index_get(ix, "no such id", &r), NX_OK);
    assert_int_equal(nx_results_count(r), 0);
    nx_results_free(r);
    nx_index_close(ix);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_value_terms),
        cmocka_unit_test(test_long_id_is_found),
        cmocka_unit_test(test_term_is_word),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

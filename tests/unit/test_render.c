/*
 * test_render.c — nx_render_highlight: plain markers, ANSI, HTML escaping
 * and span validation.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "newsidx.h"

static char *render(const char *text, const nx_span *sp, size_t n, nx_highlight how,
                    const char *open, const char *close)
{
    char *out = NULL;
    nx_status st = nx_render_highlight(text, sp, n, how, open, close, &out);
    assert_int_equal(st, NX_OK);
    assert_non_null(out);
    return out;
}

static void expect_render(const char *text, const nx_span *sp, size_t n, nx_highlight how,
                          const char *open, const char *close, const char *want)
{
    char *out = render(text, sp, n, how, open, close);
    assert_string_equal(out, want);
    free(out);
}

static void test_none_copies(void **state)
{
    (void)state;
    nx_span sp[] = { { 0, 3 } };
    expect_render("Tax <b> & more", sp, 1, NX_HL_NONE, NULL, NULL, "Tax <b> & more");
    expect_render("", NULL, 0, NX_HL_NONE, NULL, NULL, "");
}

static void test_plain_default_markers(void **state)
{
    (void)state;
    nx_span sp[] = { { 4, 13 }, { 18, 24 } };
    expect_render("The ceasefire and talks held", sp, 2, NX_HL_PLAIN, NULL, NULL,
                  "The [ceasefire] and [talks ]held");
    nx_span whole[] = { { 0, 5 } };
    expect_render("Hello", whole, 1, NX_HL_PLAIN, NULL, NULL, "[Hello]");
    expect_render("no spans", NULL, 0, NX_HL_PLAIN, NULL, NULL, "no spans");
}

static void test_plain_custom_markers(void **state)
{
    (void)state;
    nx_span sp[] = { { 0, 4 }, { 9, 14 } };
    expect_render("Keir and Rayner", sp, 2, NX_HL_PLAIN, "<<", ">>", "<<Keir>> and <<Rayne>>r");
    expect_render("Keir and Rayner", sp, 2, NX_HL_PLAIN, "*", NULL, "*Keir] and *Rayne]r");
    expect_render("Keir and Rayner", sp, 2, NX_HL_PLAIN, "", "", "Keir and Rayner");
}

static void test_ansi(void **state)
{
    (void)state;
    nx_span sp[] = { { 4, 8 } };
    expect_render("The vote", sp, 1, NX_HL_ANSI, "[", "]", "The \033[1;33mvote\033[0m");
}

static void test_html_escapes_everything(void **state)
{
    (void)state;
    const char *text = "A <script>alert(1)</script> & \"quotes\" 'here' vote";
    size_t vs = strlen(text) - 4;
    nx_span sp[] = { { vs, vs + 4 } };
    expect_render(text, sp, 1, NX_HL_HTML, "[", "]",
                  "A &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; "
                  "&#39;here&#39; <mark>vote</mark>");
    /* an escaped character inside a span */
    nx_span sp2[] = { { 0, 3 } };
    expect_render("a<b c", sp2, 1, NX_HL_HTML, NULL, NULL, "<mark>a&lt;b</mark> c");
    char *out = render("<script>x</script>", NULL, 0, NX_HL_HTML, NULL, NULL);
    assert_null(strchr(out, '<'));
    assert_null(strchr(out, '>'));
    free(out);
}

static void test_utf8_spans(void **state)
{
    (void)state;
    const char *text = "Caf\xC3\xA9 \xC2\xA3" "5 \xF0\x9F\x8E\x89";   /* Café £5 🎉 */
    nx_span sp[] = { { 0, 5 }, { 6, 9 }, { 10, 14 } };
    expect_render(text, sp, 3, NX_HL_PLAIN, NULL, NULL,
                  "[Caf\xC3\xA9] [\xC2\xA3" "5] [\xF0\x9F\x8E\x89]");
    /* a boundary inside "é" or inside the emoji splits a character */
    char *out = (char *)1;
    nx_span bad1[] = { { 0, 4 } };
    assert_int_equal(nx_render_highlight(text, bad1, 1, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_null(out);
    nx_span bad2[] = { { 11, 14 } };
    assert_int_equal(nx_render_highlight(text, bad2, 1, NX_HL_HTML, NULL, NULL, &out), NX_ERR_INVALID);
}

static void test_invalid_spans(void **state)
{
    (void)state;
    const char *text = "one two three";
    char *out = NULL;
    nx_span out_of_range[] = { { 8, 14 } };
    nx_span overlapping[] = { { 0, 5 }, { 4, 7 } };
    nx_span unsorted[] = { { 8, 13 }, { 0, 3 } };
    nx_span empty[] = { { 3, 3 } };
    nx_span reversed[] = { { 5, 2 } };
    nx_span huge[] = { { SIZE_MAX - 1, SIZE_MAX } };
    assert_int_equal(nx_render_highlight(text, out_of_range, 1, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, overlapping, 2, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, unsorted, 2, NX_HL_ANSI, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, empty, 1, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, reversed, 1, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, huge, 1, NX_HL_HTML, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(NULL, NULL, 0, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, NULL, 0, NX_HL_PLAIN, NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, NULL, 2, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight(text, NULL, 0, (nx_highlight)42, NULL, NULL, &out), NX_ERR_INVALID);
    assert_null(out);
    /* adjacent spans are fine */
    nx_span adjacent[] = { { 0, 3 }, { 3, 4 } };
    expect_render(text, adjacent, 2, NX_HL_PLAIN, NULL, NULL, "[one][ ]two three");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_none_copies),
        cmocka_unit_test(test_plain_default_markers),
        cmocka_unit_test(test_plain_custom_markers),
        cmocka_unit_test(test_ansi),
        cmocka_unit_test(test_html_escapes_everything),
        cmocka_unit_test(test_utf8_spans),
        cmocka_unit_test(test_invalid_spans),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_shard_layout.c — lib/shards.h, the names the shard store writes and
 * the searcher reads: which shard a date goes to, which folder names are
 * shards, and what a name says of its dates.  The two sides agree only
 * if these do, so the pairs are checked against each other too.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "newsidx.h"
#include "lib/date.h"
#include "lib/shards.h"

static void test_name_for(void **state)
{
    (void)state;
    char n[NX_SHARD_NAME_MAX];
    nx_shard_name_for(NX_SHARD_YEAR, "2025-03-14", n);
    assert_string_equal(n, "2025");
    nx_shard_name_for(NX_SHARD_MONTH, "14 March 2025", n);
    assert_string_equal(n, "2025-03");
    nx_shard_name_for(NX_SHARD_MONTH, NULL, n);
    assert_string_equal(n, NX_SHARD_UNDATED);
    nx_shard_name_for(NX_SHARD_YEAR, "not a date", n);
    assert_string_equal(n, NX_SHARD_UNDATED);
}

static void test_name_is(void **state)
{
    (void)state;
    assert_true(nx_shard_name_is(NX_SHARD_YEAR, "1987"));
    assert_false(nx_shard_name_is(NX_SHARD_YEAR, "1987-02"));
    assert_true(nx_shard_name_is(NX_SHARD_MONTH, "1987-02"));
    assert_false(nx_shard_name_is(NX_SHARD_MONTH, "1987"));
    assert_true(nx_shard_name_is(NX_SHARD_MONTH, NX_SHARD_UNDATED));
    assert_false(nx_shard_name_is(NX_SHARD_YEAR, NX_SHARD_META));
    assert_false(nx_shard_name_is(NX_SHARD_YEAR, "19x7"));
    assert_false(nx_shard_name_is(NX_SHARD_MONTH, "1987/02"));
}

/* Every shard a date goes to is a shard name, and its span holds the date. */
static void test_sides_agree(void **state)
{
    (void)state;
    static const char *const dates[] = { "1987-02-26", "2024-12-31T23:59:59Z", "2025-01-01", "March 3, 1999" };
    for (int by = NX_SHARD_YEAR; by <= NX_SHARD_MONTH; by++)
        for (size_t i = 0; i < sizeof dates / sizeof *dates; i++) {
            char n[NX_SHARD_NAME_MAX], path[64], lo[NX_DATE_STAMP], hi[NX_DATE_STAMP], norm[32], stamp[NX_DATE_STAMP];
            nx_shard_name_for(by, dates[i], n);
            assert_true(nx_shard_name_is(by, n));
            snprintf(path, sizeof path, "/db/%s", n);
            assert_int_equal(nx_shard_dates_of(path, lo, hi), NX_SHARD_SPAN);
            assert_true(nx_normalise_date(dates[i], norm, sizeof norm));
            nx_date_stamp(norm, stamp);
            assert_true(strcmp(lo, stamp) <= 0 && strcmp(stamp, hi) <= 0);
        }
    char lo[NX_DATE_STAMP], hi[NX_DATE_STAMP];
    assert_int_equal(nx_shard_dates_of("/db/" NX_SHARD_UNDATED, lo, hi), NX_SHARD_NO_DATE);
    assert_int_equal(nx_shard_dates_of("localhost:3333", lo, hi), NX_SHARD_ANY_DATE);
    assert_int_equal(nx_shard_dates_of("/archive/part-a", lo, hi), NX_SHARD_ANY_DATE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_name_for),
        cmocka_unit_test(test_name_is),
        cmocka_unit_test(test_sides_agree),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

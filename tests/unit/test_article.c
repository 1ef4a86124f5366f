/*
 * test_article.c — the article's fields listed once (lib/article.h) and
 * the stored record built from them (lib/stored.c):
 *  - the record's bytes are those of the records already on disk: a
 *    record encoded by the code before the field table (captured at
 *    5bebfc6) and now are byte-identical, for a full article and a sparse
 *    one;
 *  - every field and list survives encode/decode under its own enum
 *    value, whatever the order of the rows;
 *  - the deep copy equals the original and shares no memory with it;
 *  - the UTF-8 check names the field or list that is bad;
 *  - the names are the nx_article member names, and unknown values give
 *    NULL.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/article.h"
#include "lib/stored.h"

static const char *tags[] = { "grain", "wheat" }, *people[] = { "Keir Starmer" },
                  *places[] = { "uk", "", "france" }, *orgs[] = { "OPEC" };
static const char *names[] = { "Keir Starmer", "Paris" }, *keys[] = { "keir starmer", "paris" };

static nx_article full(void)
{
    nx_article a = { .id = "r-17", .title = "Caf\xc3\xa9 prices rise", .body = "PARIS - The body.\nLine two.",
                     .byline = "By A. Writer", .dateline = "PARIS", .date = "14 Mar 2025", .source = "Reuters",
                     .section = "world", .url = "https://x.example/1", .path = "/data/a.sgm",
                     .tags = tags, .n_tags = 2, .people = people, .n_people = 1,
                     .places = places, .n_places = 3, .orgs = orgs, .n_orgs = 1 };
    return a;
}

/* nx_stored_encode at 5bebfc6 (before lib/article.h) for full() with the
 * date normalised and the two names. */
static const unsigned char golden_full[] =
    "\x4e\x58\x44\x31\x00\x04\x00\x00\x00\x72\x2d\x31\x37\x00\x01\x11"
    "\x00\x00\x00\x43\x61\x66\xc3\xa9\x20\x70\x72\x69\x63\x65\x73\x20"
    "\x72\x69\x73\x65\x00\x02\x1b\x00\x00\x00\x50\x41\x52\x49\x53\x20"
    "\x2d\x20\x54\x68\x65\x20\x62\x6f\x64\x79\x2e\x0a\x4c\x69\x6e\x65"
    "\x20\x74\x77\x6f\x2e\x00\x03\x0c\x00\x00\x00\x42\x79\x20\x41\x2e"
    "\x20\x57\x72\x69\x74\x65\x72\x00\x04\x05\x00\x00\x00\x50\x41\x52"
    "\x49\x53\x00\x05\x14\x00\x00\x00\x32\x30\x32\x35\x2d\x30\x33\x2d"
    "\x31\x34\x54\x30\x30\x3a\x30\x30\x3a\x30\x30\x5a\x00\x06\x07\x00"
    "\x00\x00\x52\x65\x75\x74\x65\x72\x73\x00\x07\x05\x00\x00\x00\x77"
    "\x6f\x72\x6c\x64\x00\x08\x13\x00\x00\x00\x68\x74\x74\x70\x73\x3a"
    "\x2f\x2f\x78\x2e\x65\x78\x61\x6d\x70\x6c\x65\x2f\x31\x00\x09\x0b"
    "\x00\x00\x00\x2f\x64\x61\x74\x61\x2f\x61\x2e\x73\x67\x6d\x00\x40"
    "\x02\x00\x00\x00\x05\x00\x00\x00\x67\x72\x61\x69\x6e\x00\x05\x00"
    "\x00\x00\x77\x68\x65\x61\x74\x00\x41\x01\x00\x00\x00\x0c\x00\x00"
    "\x00\x4b\x65\x69\x72\x20\x53\x74\x61\x72\x6d\x65\x72\x00\x42\x02"
    "\x00\x00\x00\x02\x00\x00\x00\x75\x6b\x00\x06\x00\x00\x00\x66\x72"
    "\x61\x6e\x63\x65\x00\x43\x01\x00\x00\x00\x04\x00\x00\x00\x4f\x50"
    "\x45\x43\x00\x44\x02\x00\x00\x00\x0c\x00\x00\x00\x4b\x65\x69\x72"
    "\x20\x53\x74\x61\x72\x6d\x65\x72\x00\x05\x00\x00\x00\x50\x61\x72"
    "\x69\x73\x00\x45\x02\x00\x00\x00\x0c\x00\x00\x00\x6b\x65\x69\x72"
    "\x20\x73\x74\x61\x72\x6d\x65\x72\x00\x05\x00\x00\x00\x70\x61\x72"
    "\x69\x73\x00";

/* The same for an article with an id, an empty title and a url only. */
static const unsigned char golden_sparse[] =
    "\x4e\x58\x44\x31\x00\x07\x00\x00\x00\x6f\x6e\x6c\x79\x2d\x69\x64\x00\x08\x01\x00\x00\x00\x75\x00";

static void test_record_bytes_unchanged(void **state)
{
    (void)state;
    nx_article a = full();
    size_t len = 0;
    char *rec = nx_stored_encode(&a, "2025-03-14T00:00:00Z", names, keys, NULL, 2, &len);
    assert_non_null(rec);
    assert_int_equal(len, sizeof golden_full - 1);
    assert_memory_equal(rec, golden_full, len);
    free(rec);
    nx_article b = { .id = "only-id", .title = "", .url = "u" };
    rec = nx_stored_encode(&b, NULL, NULL, NULL, NULL, 0, &len);
    assert_non_null(rec);
    assert_int_equal(len, sizeof golden_sparse - 1);
    assert_memory_equal(rec, golden_sparse, len);
    free(rec);
}

/* Each field carries a text naming its own enum value, so a row that
 * pairs a member with the wrong value (or tag) shows up. */
static void test_round_trip_by_enum(void **state)
{
    (void)state;
    char vals[NX_NFIELDS][32];
    nx_article a = { 0 };
    for (int f = 0; f < NX_NFIELDS; f++)
        snprintf(vals[f], sizeof vals[f], "value of %s", nx_field_name((nx_field)f));
#define SET(m, f, name, tag) a.m = vals[f];
    NX_ARTICLE_FIELDS(SET)
#undef SET
    static const char *l0[] = { "list tags" }, *l1[] = { "list people" }, *l2[] = { "list places" },
                      *l3[] = { "list orgs" };
    a.tags = l0, a.n_tags = 1, a.people = l1, a.n_people = 1, a.places = l2, a.n_places = 1;
    a.orgs = l3, a.n_orgs = 1;
    size_t len;
    char *rec = nx_stored_encode(&a, NULL, names, keys, NULL, 2, &len);
    assert_non_null(rec);
    nx_stored s;
    assert_int_equal(nx_stored_decode(rec, len, &s), NX_OK);
    for (int f = 0; f < NX_NFIELDS; f++) {
        char want[64];
        snprintf(want, sizeof want, "value of %s", nx_field_name((nx_field)f));
        assert_string_equal(s.field[f], want);
        assert_string_equal(nx_article_field(&a, (nx_field)f), want);
    }
    for (int l = NX_LIST_TAGS; l <= NX_LIST_ORGS; l++) {
        char want[64];
        snprintf(want, sizeof want, "list %s", nx_list_name((nx_list)l));
        assert_int_equal(s.nlist[l], 1);
        assert_string_equal(s.list[l][0], want);
        const char *const *items;
        assert_int_equal(nx_article_list(&a, (nx_list)l, &items), 1);
        assert_string_equal(items[0], want);
    }
    /* Back to an article: the same record again. */
    nx_article back;
    nx_stored_article(&s, &back);
    size_t len2;
    char *rec2 = nx_stored_encode(&back, NULL, names, keys, NULL, 2, &len2);
    assert_int_equal(len2, len);
    assert_memory_equal(rec2, s.buf, len);
    free(rec2);
    assert_int_equal(s.nlist[NX_LIST_NAMES], 2);
    assert_string_equal(s.list[NX_LIST_NAMES][1], "Paris");
    assert_string_equal(nx_stored_name_key(&s, 0), "keir starmer");
    nx_stored_clear(&s);
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(nx_field_name(NX_FIELD_ID), "id");
    assert_string_equal(nx_field_name(NX_FIELD_TITLE), "title");
    assert_string_equal(nx_field_name(NX_FIELD_DATE), "date");
    assert_string_equal(nx_field_name(NX_FIELD_PATH), "path");
    assert_string_equal(nx_list_name(NX_LIST_TAGS), "tags");
    assert_string_equal(nx_list_name(NX_LIST_PEOPLE), "people");
    assert_string_equal(nx_list_name(NX_LIST_NAMES), "names");
    assert_null(nx_field_name((nx_field)NX_NFIELDS));
    assert_null(nx_field_name((nx_field)-1));
    assert_null(nx_list_name((nx_list)NX_NLISTS));
    /* Every value below the counts has a distinct name. */
    for (int i = 0; i < NX_NFIELDS; i++)
        for (int j = 0; j < i; j++)
            assert_string_not_equal(nx_field_name((nx_field)i), nx_field_name((nx_field)j));
    for (int i = 0; i < NX_NLISTS; i++)
        assert_non_null(nx_list_name((nx_list)i));
}

static int inside(const void *p, const void *mem, size_t n)
{
    return (const char *)p >= (const char *)mem && (const char *)p < (const char *)mem + n;
}

static void test_copy(void **state)
{
    (void)state;
    nx_article a = full();
    a.byline = NULL;              /* absent stays absent */
    a.orgs = NULL;                /* a NULL list with a count is no list */
    size_t n = nx_article_copy_size(&a);
    void *mem = malloc(n);
    assert_non_null(mem);
    nx_article c;
    nx_article_copy(&c, &a, mem);
    for (int f = 0; f < NX_NFIELDS; f++) {
        const char *x = nx_article_field(&a, (nx_field)f), *y = nx_article_field(&c, (nx_field)f);
        if (!x) {
            assert_null(y);
            continue;
        }
        assert_string_equal(x, y);
        assert_true(inside(y, mem, n));
    }
    assert_int_equal(c.n_orgs, 0);
    assert_null(c.orgs);
    assert_int_equal(c.n_places, 3);
    assert_true(inside(c.places, mem, n));
    assert_string_equal(c.places[2], "france");
    assert_string_equal(c.places[1], "");
    assert_true(inside(c.places[2], mem, n));
    /* Text bytes: fields and list items, no NULs. */
    size_t want = 0;
    for (int f = 0; f < NX_NFIELDS; f++)
        want += nx_article_field(&a, (nx_field)f) ? strlen(nx_article_field(&a, (nx_field)f)) : 0;
    want += strlen("grain") + strlen("wheat") + strlen("Keir Starmer") + strlen("uk") + strlen("france");
    assert_int_equal(nx_article_text_bytes(&a), want);
    assert_int_equal(nx_article_text_bytes(&c), want);
    /* The copy encodes to the same record. */
    size_t l1, l2;
    char *r1 = nx_stored_encode(&a, NULL, NULL, NULL, NULL, 0, &l1), *r2 = nx_stored_encode(&c, NULL, NULL, NULL, NULL, 0, &l2);
    assert_int_equal(l1, l2);
    assert_memory_equal(r1, r2, l1);
    free(r1);
    free(r2);
    free(mem);
}

static void test_bad_utf8(void **state)
{
    (void)state;
    nx_article a = full();
    assert_null(nx_article_bad_utf8(&a));
    a.section = "caf\xe9";
    assert_string_equal(nx_article_bad_utf8(&a), "section");
    a.section = "ok";
    const char *bad_people[] = { "fine", "\xed\xa0\x80" };   /* a surrogate */
    a.people = bad_people;
    a.n_people = 2;
    assert_string_equal(nx_article_bad_utf8(&a), "people");
    size_t len;
    assert_null(nx_stored_encode(&a, NULL, NULL, NULL, NULL, 0, &len));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_record_bytes_unchanged),
        cmocka_unit_test(test_round_trip_by_enum),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_copy),
        cmocka_unit_test(test_bad_utf8),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_docbuild.c — article -> document: the terms of lib/schema.h, the
 * stored record (round trip, names folded, damaged records refused).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analysis/stem.h"
#include "indexer/docbuild.h"
#include "indexer/spelling.h"
#include "lib/core.h"
#include "lib/schema.h"
#include "lib/stored.h"

static nx_stemmer *st;
static nx_docbuilder *b;

static int setup(void **state)
{
    (void)state;
    if (nx_stemmer_new("english", &st, NULL) != NX_OK || nx_docbuilder_new(st, &b) != NX_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nx_docbuilder_free(b);
    nx_stemmer_free(st);
    return 0;
}

/* Terms of doc as one space-separated string (caller frees); *npos_name
 * and *npos_plain receive how many positions "Nstarmer" and "starmer"
 * have. */
static char *terms_and_positions(xc_doc *doc, size_t *npos_name, size_t *npos_plain)
{
    /* A document not in a database: read its terms through a scratch db. */
    char dir[] = "/tmp/nx-docbuild-XXXXXX";
    assert_non_null(mkdtemp(dir));
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(dir, XC_DB_CREATE_OR_OVERWRITE | XC_DB_NO_SYNC, &db), XC_OK);
    xc_docid id = 0;
    assert_int_equal(xc_db_add_document(db, doc, &id), XC_OK);
    xc_termlist *tl = NULL;
    assert_int_equal(xc_db_termlist(db, id, &tl), XC_OK);
    nx_buf out = { 0 };
    xc_term_info ti;
    while (xc_termlist_next(tl, &ti) == 1) {
        assert_int_equal(nx_buf_append(&out, ti.term, ti.len), 0);
        assert_int_equal(nx_buf_append(&out, " ", 1), 0);
    }
    xc_termlist_free(tl);
    unsigned *pos = NULL;
    assert_int_equal(xc_db_positions(db, id, "Nstarmer", &pos, npos_name), XC_OK);
    free(pos);
    assert_int_equal(xc_db_positions(db, id, "starmer", &pos, npos_plain), XC_OK);
    free(pos);
    xc_db_close(db);
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    assert_int_equal(system(cmd), 0);
    return out.p;
}

static int has_term(const char *terms, const char *t)
{
    size_t n = strlen(t);
    for (const char *p = terms; (p = strstr(p, t)) != NULL; p++)
        if ((p == terms || p[-1] == ' ') && p[n] == ' ')
            return 1;
    return 0;
}

static void test_terms(void **state)
{
    (void)state;
    const char *tags[] = { "crude oil" };
    nx_article a = { .id = "a1", .title = "Ceasefire talks resume",
                     .body = "Keir Starmer met Emmanuel Macron in Paris. Starmer's aides said talks went well.",
                     .byline = "Jane Smith", .source = "The Meridian Post", .date = "2025-03-14T09:30:00+01:00",
                     .path = "/archive/a1.txt", .tags = tags, .n_tags = 1 };
    xc_doc *doc = NULL;
    char err[NX_ERRMSG_MAX];
    assert_int_equal(nx_build_document(b, &a, NULL, &doc, err), NX_OK);
    size_t npos_name = 99, npos_plain = 0;
    char *t = terms_and_positions(doc, &npos_name, &npos_plain);
    static const char *const want[] = {
        "ceasefir", "Sceasefir", "talk", "Stalk", "Qa1", "Asmith", "Kcrude", "Koil", "XSmeridian",
        "Nkeir", "Nstarmer", "Nmacron", "XNkeir starmer", "XNemmanuel macron",
        "XWThe Meridian Post"
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (!has_term(t, want[i]))
            fail_msg("term '%s' missing from: %s", want[i], t);
    assert_false(has_term(t, "Nparis's"));
    /* The date is in values only; name terms carry no positions, the plain
     * terms at the same places do ("Starmer" twice). */
    assert_false(has_term(t, "D20250314") || has_term(t, "M202503") || has_term(t, "Y2025"));
    assert_int_equal(npos_name, 0);
    assert_int_equal(npos_plain, 2);
    free(t);

    char *v = NULL;
    size_t vlen = 0;
    assert_int_equal(xc_doc_get_value(doc, NX_SLOT_DATE, &v, &vlen), XC_OK);
    assert_string_equal(v, "20250314083000");   /* normalised to UTC */
    xc_free(v);
    xc_doc_free(doc);
}

/* The stored record nx_build_document makes for a (nx_stored_clear it). */
static void stored_of(const nx_article *a, nx_stored *s)
{
    xc_doc *doc = NULL;
    char err[NX_ERRMSG_MAX];
    assert_int_equal(nx_build_document(b, a, NULL, &doc, err), NX_OK);
    char *data = NULL;
    size_t len = 0;
    /* Nothing in the document data: Xapian would deflate it at every add. */
    assert_int_equal(xc_doc_get_data(doc, &data, &len), XC_OK);
    assert_int_equal(len, 0);
    xc_free(data);
    assert_int_equal(xc_doc_get_value(doc, NX_SLOT_RECORD, &data, &len), XC_OK);
    xc_doc_free(doc);
    assert_int_equal(nx_stored_decode(data, len, s), NX_OK);   /* takes data */
}

/* How many stored names are exactly name. */
static int names_equal_to(const nx_stored *s, const char *name)
{
    int n = 0;
    for (size_t i = 0; i < s->nlist[NX_LIST_NAMES]; i++)
        n += !strcmp(s->list[NX_LIST_NAMES][i], name);
    return n;
}

static void test_stored_roundtrip_and_names(void **state)
{
    (void)state;
    const char *places[] = { "france", "uk" };
    /* Three single-word names after the folded one: the case that once read
     * a freed key (fold_short_names). */
    nx_article a = { .id = "a2", .title = "Talks",
                     .body = "Keir Starmer arrived. Later Starmer spoke to Macron, Scholz and Meloni in Rome.",
                     .places = places, .n_places = 2, .section = "world" };
    nx_stored s;
    stored_of(&a, &s);
    assert_string_equal(s.field[NX_FIELD_ID], "a2");
    assert_string_equal(s.field[NX_FIELD_SECTION], "world");
    assert_null(s.field[NX_FIELD_URL]);
    assert_int_equal(s.nlist[NX_LIST_PLACES], 2);
    assert_string_equal(s.list[NX_LIST_PLACES][1], "uk");
    /* "Starmer" folded into "Keir Starmer": counted once */
    size_t n = s.nlist[NX_LIST_NAMES];
    for (size_t i = 0; i < n; i++)
        assert_non_null(nx_stored_name_key(&s, i));
    assert_int_equal(names_equal_to(&s, "Keir Starmer"), 1);
    assert_int_equal(names_equal_to(&s, "Starmer"), 0);
    assert_true(n >= 4);   /* Keir Starmer, Macron, Scholz, Meloni (Rome too) */
    nx_stored_clear(&s);
}

/* A dateline in capitals and the same place later in the story: the
 * stored name is the story's spelling, once. */
static void test_shouted_dateline_name(void **state)
{
    (void)state;
    nx_article a = { .id = "a3", .title = "Talks",
                     .body = "PARIS, March 3 - Ministers met in Paris on Tuesday. NATO officials came too." };
    nx_stored s;
    stored_of(&a, &s);
    assert_int_equal(names_equal_to(&s, "Paris"), 1);
    assert_int_equal(names_equal_to(&s, "PARIS"), 0);
    /* an acronym with no other spelling stays as written */
    assert_int_equal(names_equal_to(&s, "NATO"), 1);
    nx_stored_clear(&s);
}

static void test_stored_damaged(void **state)
{
    (void)state;
    nx_article a = { .id = "a3", .title = "T", .body = "Some body text." };
    size_t len = 0;
    char *rec = nx_stored_encode(&a, NULL, NULL, NULL, NULL, 0, &len);
    assert_non_null(rec);
    /* every truncation is refused or decoded within bounds, never a crash */
    for (size_t cut = 0; cut < len; cut++) {
        char *copy = malloc(cut + 1);
        memcpy(copy, rec, cut);
        nx_stored s;
        nx_status r = nx_stored_decode(copy, cut, &s);   /* takes copy */
        if (r == NX_OK)
            nx_stored_clear(&s);
    }
    /* not a record at all */
    nx_stored s;
    assert_int_equal(nx_stored_decode(strdup("{\"id\":\"json\"}"), 13, &s), NX_ERR_CORRUPT);
    /* text that is not UTF-8 is refused at encoding */
    nx_article bad = { .id = "a4", .body = "caf\xe9" };
    assert_null(nx_stored_encode(&bad, NULL, NULL, NULL, NULL, 0, &len));
    free(rec);
}

static void test_long_ids_hashed(void **state)
{
    (void)state;
    char id[600], t1[300], t2[300];
    memset(id, 'x', sizeof id - 1);
    id[sizeof id - 1] = '\0';
    nx_id_term(id, t1, sizeof t1);
    id[10] = 'y';
    nx_id_term(id, t2, sizeof t2);
    assert_true(strlen(t1) <= 240);
    assert_string_not_equal(t1, t2);
}

/* Sorted "word\tcount" lines of a's counts. */
static char *counts_of(nx_spellacc *a)
{
    nx_buf out = {0};
    assert_true(nx_spellacc_take_delta(a, &out) >= 0);
    size_t n = 0;
    char *lines[8192];
    for (char *p = out.p, *e; p && p < out.p + out.len; p = e + 1) {
        e = memchr(p, '\n', (size_t)(out.p + out.len - p));
        assert_non_null(e);
        *e = '\0';
        assert_true(n < 8192);
        lines[n++] = p;
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (strcmp(lines[j], lines[i]) < 0) {
                char *t = lines[i];
                lines[i] = lines[j];
                lines[j] = t;
            }
    nx_buf joined = {0};
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nx_buf_append(&joined, lines[i], strlen(lines[i])) | nx_buf_append(&joined, "\n", 1), 0);
    assert_int_equal(nx_buf_append(&joined, "", 1), 0);
    nx_buf_free(&out);
    return joined.p;
}

/* Counting through the stem cache's memo gives the counts of plain
 * counting, across table growth (4,000 words), an emptied table, and two
 * accumulators whose memos share one stemmer's entries. */
static void test_spelling_memo(void **state)
{
    (void)state;
    nx_spellacc *memo_a = NULL, *memo_b = NULL, *plain_a = NULL, *plain_b = NULL;
    assert_int_equal(nx_spellacc_new(&memo_a), NX_OK);
    assert_int_equal(nx_spellacc_new(&memo_b), NX_OK);
    assert_int_equal(nx_spellacc_new(&plain_a), NX_OK);
    assert_int_equal(nx_spellacc_new(&plain_b), NX_OK);
    char w[32];
    for (int round = 0; round < 3; round++) {
        if (round == 2) {      /* emptied: old memos must not count */
            nx_spellacc_clear(memo_a);
            nx_spellacc_clear(plain_a);
        }
        for (unsigned i = 0; i < 12000; i++) {
            /* 4,000 distinct words, a few much more often than the rest */
            unsigned k = (i * 7919u) % (i % 3 ? 4000u : 40u);
            int n = snprintf(w, sizeof w, "word%uq", k);
            uint64_t *memo = NULL;
            assert_non_null(nx_term_for_token_memo(st, w, (size_t)n, 0, NULL, &memo));
            assert_non_null(memo);
            nx_spellacc *m = (i % 5 == 0 && round == 1) ? memo_b : memo_a;
            nx_spellacc *p = m == memo_b ? plain_b : plain_a;
            assert_int_equal(nx_spellacc_add_memo(m, w, (size_t)n, memo), 0);
            assert_int_equal(nx_spellacc_add(p, w, (size_t)n), 0);
        }
    }
    char *x = counts_of(memo_a), *y = counts_of(plain_a);
    assert_string_equal(x, y);
    free(x);
    free(y);
    x = counts_of(memo_b);
    y = counts_of(plain_b);
    assert_true(strlen(x) > 100);
    assert_string_equal(x, y);
    free(x);
    free(y);
    nx_spellacc_free(memo_a);
    nx_spellacc_free(memo_b);
    nx_spellacc_free(plain_a);
    nx_spellacc_free(plain_b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_terms),
        cmocka_unit_test(test_stored_roundtrip_and_names),
        cmocka_unit_test(test_shouted_dateline_name),
        cmocka_unit_test(test_stored_damaged),
        cmocka_unit_test(test_long_ids_hashed),
        cmocka_unit_test(test_spelling_memo),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

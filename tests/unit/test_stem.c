/*
 * test_stem.c — unit tests of analysis/stem.c: English stems (and that
 * "news" stays apart from "new"), the cache (same pointer back, stable over
 * table growth, statistics), refusal of "porter" and of unknown languages
 * with useful messages, French, and the index-term rule for numbers,
 * abbreviations, overlong words and tokenizer output, and that English
 * terms begin with their word's first byte, and the stop stems.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stem.h"
#include "analysis/stopwords.h"
#include "analysis/tokenize.h"

static const char *stem(nx_stemmer *st, const char *w)
{
    size_t n = 12345;
    const char *s = nx_stem(st, w, strlen(w), &n);
    assert_non_null(s);
    assert_int_equal(n, strlen(s));
    return s;
}

static void test_english(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    char *err = NULL;
    assert_int_equal(nx_stemmer_new(NULL, &st, &err), NX_OK);
    assert_null(err);
    assert_string_equal(nx_stemmer_language(st), "english");
    assert_string_equal(stem(st, "ceasefires"), "ceasefir");
    assert_string_equal(stem(st, "ceasefire"), "ceasefir");
    assert_string_equal(stem(st, "running"), "run");
    assert_string_equal(stem(st, "news"), "news");
    assert_string_equal(stem(st, "new"), "new");
    assert_string_not_equal(stem(st, "news"), stem(st, "new"));
    assert_string_equal(stem(st, "elections"), "elect");
    assert_string_equal(stem(st, "don't"), "don't");
    assert_string_equal(stem(st, "über"), "über");
    assert_string_equal(stem(st, ""), "");
    assert_string_equal(nx_stem(st, NULL, 0, NULL), "");
    nx_stemmer_free(st);
}

static void test_cache(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    const char *a = stem(st, "governments");
    /* a different buffer with the same word hits the cache */
    char word[] = "governments";
    const char *b = nx_stem(st, word, strlen(word), NULL);
    assert_ptr_equal(a, b);
    size_t entries, hits, misses;
    nx_stemmer_stats(st, &entries, &hits, &misses);
    assert_int_equal(entries, 1);
    assert_int_equal(hits, 1);
    assert_int_equal(misses, 1);
    /* len bounds the word: "governments" seen as "govern" */
    assert_string_equal(nx_stem(st, word, 6, NULL), "govern");

    /* many distinct words force the table to grow several times; the first
     * pointer must survive it and still be returned */
    char buf[32];
    for (int i = 0; i < 20000; i++) {
        snprintf(buf, sizeof buf, "word%dings", i);
        assert_non_null(nx_stem(st, buf, strlen(buf), NULL));
    }
    nx_stemmer_stats(st, &entries, NULL, NULL);
    assert_int_equal(entries, 20002);
    assert_ptr_equal(nx_stem(st, "governments", 11, NULL), a);
    assert_string_equal(a, "govern");
    snprintf(buf, sizeof buf, "word%dings", 777);
    assert_string_equal(nx_stem(st, buf, strlen(buf), NULL), "word777");
    nx_stemmer_free(st);
    nx_stemmer_free(NULL);
}

/* The cache is bounded: past NX_STEM_CACHE_MAX distinct words it starts a
 * new generation, yet every stem stays right, and one handed out stays
 * valid for NX_STEM_CACHE_MAX more distinct words (ASan checks the reads). */
static void test_cache_bounded(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    char buf[32];
    const char *early = NULL;
    size_t entries, most = 0;
    const unsigned total = 3 * NX_STEM_CACHE_MAX + 17;
    for (unsigned i = 0; i < total; i++) {
        snprintf(buf, sizeof buf, "w%ujumping", i);
        const char *s = nx_stem(st, buf, strlen(buf), NULL);
        assert_non_null(s);
        if (i == NX_STEM_CACHE_MAX - 5)
            early = s;
        if (early && i < 2 * NX_STEM_CACHE_MAX - 5)
            assert_string_equal(early, "w131067jump");   /* still readable */
        nx_stemmer_stats(st, &entries, NULL, NULL);
        if (entries > most)
            most = entries;
    }
    assert_true(most <= NX_STEM_CACHE_MAX);
    assert_true(entries < NX_STEM_CACHE_MAX);
    snprintf(buf, sizeof buf, "w%ujumping", 5u);
    assert_string_equal(nx_stem(st, buf, strlen(buf), NULL), "w5jump");
    assert_string_equal(stem(st, "governments"), "govern");
    nx_stemmer_free(st);
}

static void test_porter_refused(void **state)
{
    (void)state;
    nx_stemmer *st = (nx_stemmer *)&st;
    char *err = NULL;
    assert_int_equal(nx_stemmer_new("porter", &st, &err), NX_ERR_INVALID);
    assert_null(st);
    assert_non_null(err);
    assert_non_null(strstr(err, "porter"));
    assert_non_null(strstr(err, "news"));
    assert_non_null(strstr(err, "english"));
    free(err);
    err = NULL;
    assert_int_equal(nx_stemmer_new("Porter", &st, &err), NX_ERR_INVALID);
    free(err);
    assert_int_equal(nx_stemmer_new("porter", &st, NULL), NX_ERR_INVALID);   /* no message wanted */
}

static void test_unknown_language(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    char *err = NULL;
    assert_int_equal(nx_stemmer_new("klingon", &st, &err), NX_ERR_INVALID);
    assert_null(st);
    assert_non_null(err);
    assert_non_null(strstr(err, "klingon"));
    assert_non_null(strstr(err, "sb_stemmer_list"));
    assert_non_null(strstr(err, "french"));     /* the valid names are listed, */
    assert_null(strstr(err, "porter"));         /* except the refused one */
    free(err);
    assert_int_equal(nx_stemmer_new("", &st, NULL), NX_ERR_INVALID);
}

static void test_french(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("french", &st, NULL), NX_OK);
    assert_string_equal(nx_stemmer_language(st), "french");
    assert_string_equal(stem(st, "continuellement"), "continuel");
    assert_string_equal(stem(st, "élections"), "élect");
    assert_string_equal(stem(st, "gouvernements"), "gouvern");
    nx_stemmer_free(st);
}

static void test_term_for_token(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    size_t n = 0;
    /* numbers and abbreviations stay as they are */
    const char *t = nx_term_for_token(st, "1980s", 5, NX_TOK_NUMBER, &n);
    assert_string_equal(t, "1980s");
    assert_int_equal(n, 5);
    assert_ptr_equal(nx_term_for_token(st, "1980s", 5, NX_TOK_NUMBER, NULL), t);
    assert_string_equal(nx_term_for_token(st, "155221", 6, NX_TOK_NUMBER, NULL), "155221");
    assert_string_equal(nx_term_for_token(st, "us", 2, NX_TOK_ABBREV | NX_TOK_ALLCAPS, &n), "us");
    assert_string_equal(nx_term_for_token(st, "aids", 4, NX_TOK_ABBREV, NULL), "aids");
    /* the same word stemmed is a separate cache entry */
    assert_string_equal(nx_term_for_token(st, "aids", 4, NX_TOK_CAPITALISED, NULL), "aid");
    assert_string_equal(nx_term_for_token(st, "aids", 4, NX_TOK_ABBREV, NULL), "aids");
    /* stems for everything else, whatever the other flags */
    assert_string_equal(nx_term_for_token(st, "ceasefires", 10,
                                          NX_TOK_SENT_START | NX_TOK_POSSESSIVE, &n), "ceasefir");
    assert_int_equal(n, 8);
    /* words over 64 bytes are not stemmed */
    char longw[80];
    memset(longw, 'x', 70);
    memcpy(longw + 65, "ings", 5);
    assert_string_equal(nx_term_for_token(st, longw, 69, 0, &n), longw);
    assert_int_equal(n, 69);
    memset(longw, 'x', 60);
    memcpy(longw + 60, "ings", 5);                  /* exactly 64 bytes: stemmed */
    assert_string_equal(nx_term_for_token(st, longw, 64, 0, &n),
                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxing");
    assert_int_equal(n, 63);
    /* invalid UTF-8 is passed through, never fed to Snowball */
    assert_string_equal(nx_stem(st, "ab\xff" "cings", 8, &n), "ab\xff" "cings");

    /* the whole pipeline: tokens -> terms */
    const char *text = "The U.S. ceasefires ended in 1980s; Starmer's 5.93 don't";
    const char *want[] = { "the", "us", "ceasefir", "end", "in", "1980s", "starmer", "5.93", "don't" };
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, strlen(text), &tl), NX_OK);
    assert_int_equal(tl.n, sizeof want / sizeof *want);
    for (size_t i = 0; i < tl.n; i++) {
        const char *term = nx_term_for_token(st, nx_tok_text(&tl, i), tl.tok[i].norm_len,
                                             tl.tok[i].flags, &n);
        assert_string_equal(term, want[i]);
    }
    nx_toklist_free(&tl);
    nx_stemmer_free(st);
}

/* The snippet code skips tokens by their first byte when the stemmer keeps
 * it (nx_stemmer_keeps_first_byte): English must, including Snowball's
 * irregular words and a leading "y", which it marks internally. */
static void test_keeps_first_byte(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    assert_int_equal(nx_stemmer_keeps_first_byte(st), 1);
    const char *text =
        "skis skies dying lying tying idly gently ugly early only singly sky news howe atlas "
        "cosmos bias andes inning innings outing outings canning cannings herring herrings "
        "earring earrings proceed exceed succeed yes youth yielded Yorkshire's yachting "
        "generously communism arsenal Ypres über Élysée ærodrome ÅSGARD ﬁnance Ⅻ "
        "The Bank of England's governor said on Tuesday that U.S. inflation, which rose "
        "to 5.93 pct in the 1980s, had eased; O'Neill and Jean-Claude didn't agree.";
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, strlen(text), &tl), NX_OK);
    assert_true(tl.n > 60);
    for (size_t i = 0; i < tl.n; i++) {
        const char *w = nx_tok_text(&tl, i);
        const char *term = nx_term_for_token(st, w, tl.tok[i].norm_len, tl.tok[i].flags, NULL);
        assert_non_null(term);
        if (term[0] != w[0])
            fail_msg("\"%s\" gives the term \"%s\"", w, term);
    }
    nx_toklist_free(&tl);
    nx_stemmer_free(st);

    /* German's stemmer rewrites umlauts, so it makes no such promise. */
    assert_int_equal(nx_stemmer_new("german", &st, NULL), NX_OK);
    assert_int_equal(nx_stemmer_keeps_first_byte(st), 0);
    nx_stemmer_free(st);
    assert_int_equal(nx_stemmer_keeps_first_byte(NULL), 0);
}

/* Function words are found by their stems; content words and other
 * languages' words are not. */
static void test_stopwords(void **state)
{
    (void)state;
    nx_stemmer *st = NULL;
    nx_stopwords *sw = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    assert_int_equal(nx_stopwords_new(st, &sw), NX_OK);
    static const char *const stops[] = { "the", "a", "of", "said", "becaus", "dure", "onli", "be",
                                         "themselv", "yourselv", "whom" };
    for (size_t i = 0; i < sizeof stops / sizeof *stops; i++)
        if (!nx_is_stopword(sw, stops[i], strlen(stops[i])))
            fail_msg("\"%s\" is not a stop stem", stops[i]);
    static const char *const words[] = { "oil", "wheat", "harvest", "thee", "th", "", "zzz",
                                         "themselves", "becau" };
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (nx_is_stopword(sw, words[i], strlen(words[i])))
            fail_msg("\"%s\" taken for a stop stem", words[i]);
    /* length-bounded: "theme" cut to "the" is one */
    assert_int_equal(nx_is_stopword(sw, "theme", 3), 1);
    assert_int_equal(nx_is_stopword(sw, "theme", 5), 0);
    assert_int_equal(nx_is_stopword(NULL, "the", 3), 0);
    assert_int_equal(nx_is_stopword(sw, NULL, 0), 0);
    nx_stopwords_free(sw);
    nx_stemmer_free(st);

    assert_int_equal(nx_stemmer_new("french", &st, NULL), NX_OK);
    assert_int_equal(nx_stopwords_new(st, &sw), NX_OK);
    assert_int_equal(nx_is_stopword(sw, "the", 3), 0);
    nx_stopwords_free(sw);
    nx_stemmer_free(st);
    nx_stopwords_free(NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_english),
        cmocka_unit_test(test_cache),
        cmocka_unit_test(test_cache_bounded),
        cmocka_unit_test(test_porter_refused),
        cmocka_unit_test(test_unknown_language),
        cmocka_unit_test(test_french),
        cmocka_unit_test(test_term_for_token),
        cmocka_unit_test(test_keeps_first_byte),
        cmocka_unit_test(test_stopwords),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_tokenize.c — unit tests of analysis/tokenize.c: a table of inputs
 * with their expected normalised tokens and, for the interesting ones, the
 * exact byte spans and flags; then list reuse, overlong words, nx_casefold
 * and a deterministic 1 MB random-bytes fuzz run checking that spans stay in
 * bounds and monotonic.
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
#include "analysis/tokenize.h"

/* ------------------------------------------------------------ table */

#define ANY ((size_t)-1)

typedef struct tok_check {
    int idx;            /* token index; -1 ends the list */
    size_t start, end;  /* expected span, ANY = unchecked */
    unsigned set;       /* flags that must be set */
    unsigned clear;     /* flags that must not be set */
} tok_check;

typedef struct tok_case {
    const char *name;
    const char *in;
    size_t inlen;           /* 0 = strlen(in) */
    const char *expect;     /* normalised tokens joined by '|', "" = none */
    tok_check chk[4];
} tok_case;

#define END { -1, 0, 0, 0, 0 }
#define C_ NX_TOK_CAPITALISED
#define AC NX_TOK_ALLCAPS
#define NUM NX_TOK_NUMBER
#define SS NX_TOK_SENT_START
#define PS NX_TOK_PARA_START
#define PB NX_TOK_PUNCT_BEFORE
#define POS NX_TOK_POSSESSIVE
#define HY NX_TOK_HYPHENATED
#define AB NX_TOK_ABBREV
#define LS NX_TOK_LINE_START

static const tok_case k_cases[] = {
    /* plain words and case */
    { "plain", "hello world", 0, "hello|world",
      { { 0, 0, 5, SS | PS | LS, C_ | PB }, { 1, 6, 11, 0, SS | PB | LS | C_ }, END } },
    { "comma", "Hello, World!", 0, "hello|world",
      { { 0, 0, 5, C_, AC }, { 1, 7, 12, C_ | PB, SS }, END } },
    { "allcaps", "NATO SAYS no", 0, "nato|says|no",
      { { 0, ANY, ANY, C_ | AC, 0 }, { 2, ANY, ANY, 0, C_ | AC }, END } },
    { "one capital letter is not allcaps", "A b", 0, "a|b",
      { { 0, 0, 1, C_, AC }, END } },
    { "non-ascii caps", "ÄRGER über", 0, "ärger|über",
      { { 0, 0, 6, C_ | AC, 0 }, { 1, 7, 12, 0, C_ }, END } },
    { "dotted capital I casefolds to i + combining dot", "İstanbul", 0, "i\xcc\x87stanbul",
      { { 0, 0, 9, C_, 0 }, END } },
    { "sharp s", "Straße STRASSE", 0, "strasse|strasse", { END } },
    { "ligature (NFKC)", "ﬁle", 0, "file", { { 0, 0, 5, 0, 0 }, END } },
    { "fullwidth (NFKC)", "Ｆｕｌｌ", 0, "full", { { 0, 0, 12, C_, AC }, END } },
    { "decomposed accent composes", "cafe\xcc\x81 café", 0, "café|café",
      { { 0, 0, 6, 0, 0 }, { 1, 7, 12, 0, PB }, END } },
    { "accents kept", "naïve Zoë", 0, "naïve|zoë",
      { { 1, 7, 11, C_, 0 }, END } },
    { "cjk run", "日本語", 0, "日本語", { { 0, 0, 9, 0, C_ | AC }, END } },
    /* apostrophes */
    { "contraction", "Don't stop", 0, "don't|stop", { { 0, 0, 5, C_, POS }, END } },
    { "curly contraction", "don’t", 0, "don't", { { 0, 0, 7, 0, 0 }, END } },
    { "modifier apostrophe", "donʼt", 0, "don't", { { 0, 0, 6, 0, 0 }, END } },
    { "irish name", "O'Brien", 0, "o'brien", { { 0, 0, 7, C_, POS }, END } },
    { "possessive", "Starmer's plan", 0, "starmer|plan",
      { { 0, 0, 9, C_ | POS, 0 }, { 1, 10, 14, 0, PB | POS }, END } },
    { "curly possessive", "Starmer’s plan", 0, "starmer|plan",
      { { 0, 0, 11, POS, 0 }, END } },
    { "name with possessive", "O’Brien’s", 0, "o'brien", { { 0, 0, 13, POS, 0 }, END } },
    { "plural possessive", "workers' rights", 0, "workers|rights",
      { { 0, 0, 7, 0, POS }, { 1, 9, 15, 0, PB }, END } },
    { "single quotes", "'quoted' word", 0, "quoted|word",
      { { 0, 1, 7, 0, PB }, END } },
    { "double quotes", "\"Hello,\" she said", 0, "hello|she|said",
      { { 0, 1, 6, PB | SS, 0 }, { 1, 9, 12, PB, SS }, END } },
    { "rock'n'roll", "rock'n'roll", 0, "rock'n'roll", { { 0, 0, 11, 0, 0 }, END } },
    { "number possessive", "1990's", 0, "1990", { { 0, 0, 6, NUM | POS, 0 }, END } },
    /* hyphens and dashes */
    { "hyphenated name", "Jean-Claude Juncker", 0, "jean|claude|juncker",
      { { 1, 5, 11, HY | C_, PB }, { 2, 12, 19, 0, HY | PB }, END } },
    { "unicode hyphen", "well‐known", 0, "well|known", { { 1, 7, 12, HY, PB }, END } },
    { "en dash is punctuation", "Paris – London", 0, "paris|london",
      { { 1, 10, 16, PB, HY }, END } },
    { "em dash", "war—peace", 0, "war|peace", { { 1, 6, 11, PB, HY }, END } },
    { "spaced hyphen is a dash", "a - b", 0, "a|b", { { 1, ANY, ANY, PB, HY }, END } },
    { "double hyphen", "a--b", 0, "a|b", { { 1, ANY, ANY, PB, HY }, END } },
    { "abbrev then hyphen", "U.S.-led", 0, "us|led", { { 1, 5, 8, HY, PB }, END } },
    /* one character before a hyphen joins the word: G-7 is G7, e-mail email */
    { "G-7 joins", "the G-7 summit", 0, "the|g7|summit", { { 1, 4, 7, C_, HY }, END } },
    { "e-mail joins", "e-mail", 0, "email", { { 0, 0, 6, 0, HY }, END } },
    { "F-16 joins", "F-16 jets", 0, "f16|jets", { { 0, 0, 4, C_, HY | NUM }, END } },
    { "3-D joins", "3-D film", 0, "3d|film", { { 0, 0, 3, NUM, HY }, END } },
    { "x-ray and T-shirt", "x-ray T-shirt", 0, "xray|tshirt", { END } },
    { "digits alone stay apart", "won 2-1", 0, "won|2|1", { { 2, 6, 7, HY | NUM, 0 }, END } },
    { "a long part stays apart", "Plan-B Formula-1", 0, "plan|b|formula|1", { { 1, 5, 6, HY, 0 }, END } },
    { "one join only", "G-7-led", 0, "g7|led", { { 1, 4, 7, HY, PB }, END } },
    /* an abbreviation whatever its case */
    { "A.H abbreviation", "A.H Belo", 0, "ah|belo", { { 0, 0, 3, AB, 0 }, END } },
    { "a.h abbreviation", "a.h belo", 0, "ah|belo", { { 0, 0, 3, AB, 0 }, END } },
    { "a lower-case initial with a possessive", "b.'s", 0, "b", { { 0, 0, 4, AB | POS, 0 }, END } },
    { "unicode hyphen joins", "e‐mail", 0, "email", { END } },
    /* numbers */
    { "decimal", "5.93", 0, "5.93", { { 0, 0, 4, NUM, C_ }, END } },
    { "thousands", "155,221 people", 0, "155221|people",
      { { 0, 0, 7, NUM, 0 }, { 1, 8, 14, 0, NUM | PB }, END } },
    { "millions", "1,000,000", 0, "1000000", { { 0, 0, 9, NUM, 0 }, END } },
    { "percent", "3.5% rise", 0, "3.5|rise", { { 0, 0, 3, NUM, 0 }, { 1, 5, 9, PB, 0 }, END } },
    { "decade", "1980s", 0, "1980s", { { 0, 0, 5, NUM, 0 }, END } },
    { "not a thousands group (2 digits)", "12,34", 0, "12|34", { { 1, 3, 5, NUM | PB, 0 }, END } },
    { "not a thousands group (4 digits)", "1,2345", 0, "1|2345", { END } },
    { "number ends sentence", "It rose 5. Then", 0, "it|rose|5|then",
      { { 2, 8, 9, NUM, 0 }, { 3, ANY, ANY, SS, 0 }, END } },
    { "vulgar fraction and superscript are numbers", "½ ²", 0, "1⁄2|2",
      { { 0, 0, 2, NUM, 0 }, { 1, 3, 5, NUM, 0 }, END } },
    { "dot without digit after", "v2.x", 0, "v2|x", { { 0, 0, 2, 0, NUM }, END } },
    /* abbreviations, initials, titles */
    { "U.S. and U.K.", "The U.S. and U.K. agree", 0, "the|us|and|uk|agree",
      { { 1, 4, 8, AB | C_ | AC, 0 }, { 2, 9, 12, 0, SS | PB }, { 3, 13, 17, AB, 0 },
        { 4, 18, 23, 0, SS } } },
    { "U.S.A.", "U.S.A. team", 0, "usa|team", { { 0, 0, 6, AB, 0 }, { 1, 7, 11, 0, SS }, END } },
    { "U.S.A without last dot", "U.S.A team", 0, "usa|team", { { 0, 0, 5, AB, 0 }, END } },
    { "U.S without last dot", "U.S plan", 0, "us|plan", { { 0, 0, 3, AB, 0 }, END } },
    { "abbreviation possessive", "U.S.'s plan", 0, "us|plan",
      { { 0, 0, 6, AB | POS, 0 }, { 1, 7, 11, 0, PB }, END } },
    { "initial glued to a name", "J.Smith", 0, "j|smith",
      { { 0, 0, 2, AB, 0 }, { 1, 2, 7, 0, AB | PB }, END } },
    { "e.g.", "e.g. this", 0, "eg|this", { { 0, 0, 4, AB, C_ }, { 1, 5, 9, 0, SS }, END } },
    { "initial", "Donald J. Trump said", 0, "donald|j|trump|said",
      { { 1, 7, 9, AB | C_, AC }, { 2, 10, 15, C_, SS | PB }, END } },
    { "lowercase letter + dot is not an initial", "vitamin a. Then", 0, "vitamin|a|then",
      { { 1, 8, 9, 0, AB }, { 2, ANY, ANY, SS, 0 }, END } },
    { "title Mr.", "Mr. Smith", 0, "mr|smith",
      { { 0, 0, 2, C_, AB }, { 1, 4, 9, C_ | PB, SS }, END } },
    { "titles Dr. Gen. Jan.", "Dr. Lee and Gen. Ray in Jan. Prices", 0,
      "dr|lee|and|gen|ray|in|jan|prices",
      { { 1, ANY, ANY, 0, SS }, { 4, ANY, ANY, 0, SS }, { 7, ANY, ANY, 0, SS }, END } },
    { "title list is case-sensitive", "said no. Then", 0, "said|no|then",
      { { 2, ANY, ANY, SS, 0 }, END } },
    /* sentences, lines, paragraphs */
    { "enders", "One. Two? Three! four", 0, "one|two|three|four",
      { { 1, ANY, ANY, SS | PB, PS }, { 2, ANY, ANY, SS, 0 }, { 3, ANY, ANY, SS, C_ } } },
    { "closing quote after full stop", "\"Stop.\" He left", 0, "stop|he|left",
      { { 1, 8, 10, SS | PB, 0 }, END } },
    { "closing bracket after full stop", "(It rose.) Then", 0, "it|rose|then",
      { { 0, 1, 3, SS | PB, 0 }, { 2, ANY, ANY, SS, 0 }, END } },
    { "full stop without space", "end.Next", 0, "end|next", { { 1, 4, 8, PB, SS }, END } },
    { "ellipsis", "wait… What", 0, "wait|what", { { 1, ANY, ANY, SS, 0 }, END } },
    { "blank line", "para one\n\npara two", 0, "para|one|para|two",
      { { 1, ANY, ANY, 0, SS | LS }, { 2, 10, 14, SS | PS | LS, PB }, { 3, ANY, ANY, 0, SS | LS } } },
    { "blank line with spaces", "a\n  \t\nb", 0, "a|b", { { 1, 6, 7, PS | SS | LS, 0 }, END } },
    { "single newline", "line one\nline two", 0, "line|one|line|two",
      { { 2, 9, 13, LS, SS | PS | PB }, END } },
    { "crlf is one newline", "a\r\nb", 0, "a|b", { { 1, 3, 4, LS, PS | SS }, END } },
    { "crlf blank line", "a\r\n\r\nb", 0, "a|b", { { 1, 5, 6, LS | PS | SS, 0 }, END } },
    { "colon then newline", "Note:\nitems", 0, "note|items",
      { { 1, 6, 11, SS | LS | PB, PS }, END } },
    { "colon inline", "Note: items", 0, "note|items", { { 1, 6, 11, PB, SS }, END } },
    /* hostile bytes */
    { "lone continuation byte", "ab\x80" "cd", 0, "ab|cd",
      { { 0, 0, 2, 0, 0 }, { 1, 3, 5, 0, PB }, END } },
    { "truncated sequence at end", "abc\xe2\x82", 0, "abc", { { 0, 0, 3, 0, 0 }, END } },
    { "truncated sequence mid-text", "ab\xe2\x82 cd", 0, "ab|cd", { { 1, 5, 7, 0, PB }, END } },
    { "overlong encoding", "\xc0\xafx", 0, "x", { { 0, 2, 3, 0, PB }, END } },
    { "surrogate", "\xed\xa0\x80z", 0, "z", { { 0, 3, 4, 0, 0 }, END } },
    { "invalid leading byte", "\xff\xfeok", 0, "ok", { { 0, 2, 4, 0, 0 }, END } },
    { "nul inside", "ab\0cd", 5, "ab|cd", { { 1, 3, 5, 0, PB }, END } },
    { "control char", "a\x01" "b", 0, "a|b", { { 1, 2, 3, 0, PB }, END } },
    { "soft hyphen inside a word", "x\xc2\xadyz", 0, "xyz", { { 0, 0, 5, 0, 0 }, END } },
    { "empty", "", 0, "", { END } },
    { "punctuation only", "... !! -- ,", 0, "", { END } },
};

/* Splits expect at '|' into the i-th part. */
static size_t expect_part(const char *expect, size_t i, char *out, size_t cap)
{
    const char *p = expect;
    for (size_t k = 0; k < i; k++) {
        p = strchr(p, '|');
        if (!p)
            return (size_t)-1;
        p++;
    }
    const char *e = strchr(p, '|');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n >= cap)
        n = cap - 1;
    memcpy(out, p, n);
    out[n] = '\0';
    return n;
}

static size_t expect_count(const char *expect)
{
    if (!*expect)
        return 0;
    size_t n = 1;
    for (const char *p = expect; *p; p++)
        n += *p == '|';
    return n;
}

static void run_case(const tok_case *c, nx_toklist *tl)
{
    size_t len = c->inlen ? c->inlen : strlen(c->in);
    assert_int_equal(nx_tokenize(c->in, len, tl), NX_OK);
    size_t want = expect_count(c->expect);
    if (tl->n != want) {
        fprintf(stderr, "case '%s': %zu tokens, want %zu:", c->name, tl->n, want);
        for (size_t i = 0; i < tl->n; i++)
            fprintf(stderr, " [%s]", nx_tok_text(tl, i));
        fprintf(stderr, "\n");
        fail();
    }
    for (size_t i = 0; i < tl->n; i++) {
        char buf[256];
        size_t n = expect_part(c->expect, i, buf, sizeof buf);
        const nx_token *t = &tl->tok[i];
        if (strcmp(buf, nx_tok_text(tl, i)) != 0 || t->norm_len != n) {
            fprintf(stderr, "case '%s' token %zu: '%s', want '%s'\n", c->name, i,
                    nx_tok_text(tl, i), buf);
            fail();
        }
        assert_int_equal(t->pos, i);
        assert_true(t->start < t->end && t->end <= len);
    }
    for (const tok_check *k = c->chk; k < c->chk + 4 && k->idx >= 0; k++) {
        if (k->idx == 0 && k->start == 0 && k->end == 0 && !k->set && !k->clear)
            break;              /* zero-filled tail of a row with fewer checks */
        assert_true((size_t)k->idx < tl->n);
        const nx_token *t = &tl->tok[k->idx];
        if ((k->start != ANY && t->start != k->start) || (k->end != ANY && t->end != k->end) ||
            (t->flags & k->set) != k->set || (t->flags & k->clear) != 0) {
            fprintf(stderr, "case '%s' token %d: span [%zu,%zu) flags %#x; want [%zu,%zu) "
                    "set %#x clear %#x\n", c->name, k->idx, t->start, t->end, t->flags,
                    k->start, k->end, k->set, k->clear);
            fail();
        }
    }
}

static void test_table(void **state)
{
    (void)state;
    nx_toklist tl;
    nx_toklist_init(&tl);
    size_t n = sizeof k_cases / sizeof *k_cases;
    assert_true(n >= 40);
    for (size_t i = 0; i < n; i++)
        run_case(&k_cases[i], &tl);
    nx_toklist_free(&tl);
}

/* ------------------------------------------------------------ specific tests */

static void test_null_and_reuse(void **state)
{
    (void)state;
    nx_toklist tl = { 0 };      /* a zeroed struct is a valid empty list */
    assert_int_equal(nx_tokenize(NULL, 0, &tl), NX_OK);
    assert_int_equal(tl.n, 0);

    /* A big text, then a small one: the list shrinks, buffers are kept. */
    size_t big = 5000;
    char *text = malloc(big * 6 + 1);
    assert_non_null(text);
    for (size_t i = 0; i < big; i++)
        memcpy(text + i * 6, "Word. ", 6);
    text[big * 6] = '\0';
    assert_int_equal(nx_tokenize(text, big * 6, &tl), NX_OK);
    assert_int_equal(tl.n, big);
    assert_int_equal(tl.tok[big - 1].pos, big - 1);
    assert_true(tl.tok[big - 1].flags & NX_TOK_SENT_START);
    char *buf = tl.buf;
    nx_token *toks = tl.tok;
    assert_int_equal(nx_tokenize("two words", 9, &tl), NX_OK);
    assert_int_equal(tl.n, 2);
    assert_ptr_equal(tl.buf, buf);
    assert_ptr_equal(tl.tok, toks);
    assert_string_equal(nx_tok_text(&tl, 1), "words");
    assert_int_equal(tl.buflen, strlen("two") + 1 + strlen("words") + 1);
    free(text);
    nx_toklist_free(&tl);
    nx_toklist_free(&tl);       /* freeing twice is harmless */
}

static void test_overlong_words(void **state)
{
    (void)state;
    char text[1024];
    /* "x <300 letters> y": the long word is dropped, positions stay consecutive. */
    size_t n = 0;
    memcpy(text, "x ", 2);
    n = 2;
    memset(text + n, 'a', 300);
    n += 300;
    memcpy(text + n, "-b y", 4);
    n += 4;
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, n, &tl), NX_OK);
    assert_int_equal(tl.n, 3);
    assert_string_equal(nx_tok_text(&tl, 0), "x");
    assert_string_equal(nx_tok_text(&tl, 1), "b");
    assert_string_equal(nx_tok_text(&tl, 2), "y");
    assert_int_equal(tl.tok[1].pos, 1);
    assert_int_equal(tl.tok[2].pos, 2);
    /* nothing to join "b" to: its first half was dropped */
    assert_false(tl.tok[1].flags & NX_TOK_HYPHENATED);

    /* exactly NX_TOK_MAX_BYTES is kept, one more byte is not */
    memset(text, 'Z', NX_TOK_MAX_BYTES + 1);
    assert_int_equal(nx_tokenize(text, NX_TOK_MAX_BYTES, &tl), NX_OK);
    assert_int_equal(tl.n, 1);
    assert_int_equal(tl.tok[0].norm_len, NX_TOK_MAX_BYTES);
    assert_int_equal(nx_tokenize(text, NX_TOK_MAX_BYTES + 1, &tl), NX_OK);
    assert_int_equal(tl.n, 0);

    /* the limit is on the normalised form: "ß" (2 bytes) folds to "ss" */
    n = 0;
    for (int i = 0; i < 61; i++) {
        memcpy(text + n, "ß", 2);
        n += 2;
    }
    assert_int_equal(nx_tokenize(text, 2 * 60, &tl), NX_OK);    /* -> 120 bytes */
    assert_int_equal(tl.n, 1);
    assert_int_equal(tl.tok[0].norm_len, NX_TOK_MAX_BYTES);
    assert_int_equal(nx_tokenize(text, 2 * 61, &tl), NX_OK);    /* -> 122 bytes */
    assert_int_equal(tl.n, 0);
    /* and decomposed source text composes: e + U+0301 (3 bytes) -> é (2) */
    n = 0;
    for (int i = 0; i < 60; i++) {
        memcpy(text + n, "e\xcc\x81", 3);
        n += 3;
    }
    assert_int_equal(nx_tokenize(text, n, &tl), NX_OK);         /* 180 -> 120 */
    assert_int_equal(tl.n, 1);
    assert_int_equal(tl.tok[0].norm_len, NX_TOK_MAX_BYTES);
    /* fullwidth letters shrink 3:1: 150 bytes of source, 50 of term */
    n = 0;
    for (int i = 0; i < 50; i++) {
        memcpy(text + n, "Ａ", 3);
        n += 3;
    }
    assert_int_equal(nx_tokenize(text, n, &tl), NX_OK);
    assert_int_equal(tl.n, 1);
    assert_int_equal(tl.tok[0].norm_len, 50);
    assert_int_equal(tl.tok[0].end, n);

    /* a 1 MB word costs no memory beyond its bounded prefix */
    size_t huge = 1 << 20;
    char *h = malloc(huge);
    assert_non_null(h);
    memset(h, 'q', huge);
    assert_int_equal(nx_tokenize(h, huge, &tl), NX_OK);
    assert_int_equal(tl.n, 0);
    assert_true(tl.bufcap < 64 * 1024);
    free(h);
    nx_toklist_free(&tl);
}

/* Token norms equal nx_casefold() of their source text for plain words. */
static void test_norm_matches_casefold(void **state)
{
    (void)state;
    const char *text = "Ärger İstanbul STRASSE ﬁle Ｆｕｌｌ café Ωmega Ǆemal";
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, strlen(text), &tl), NX_OK);
    assert_int_equal(tl.n, 8);
    for (size_t i = 0; i < tl.n; i++) {
        char *cf = NULL;
        size_t cflen = 0;
        const nx_token *t = &tl.tok[i];
        assert_int_equal(nx_casefold(text + t->start, t->end - t->start, &cf, &cflen), NX_OK);
        assert_string_equal(cf, nx_tok_text(&tl, i));
        assert_int_equal(cflen, t->norm_len);
        free(cf);
    }
    nx_toklist_free(&tl);
}

static void test_casefold(void **state)
{
    (void)state;
    char *s = NULL;
    size_t n = 99;
    assert_int_equal(nx_casefold("Ärger’s ＡＢＣ Straße", strlen("Ärger’s ＡＢＣ Straße"),
                                 &s, &n), NX_OK);
    assert_string_equal(s, "ärger's abc strasse");
    assert_int_equal(n, strlen(s));
    free(s);
    /* invalid bytes dropped, NUL kept as a character */
    assert_int_equal(nx_casefold("a\xff" "B\xe2\x82", 5, &s, &n), NX_OK);
    assert_string_equal(s, "ab");
    assert_int_equal(n, 2);
    free(s);
    assert_int_equal(nx_casefold(NULL, 0, &s, &n), NX_OK);
    assert_string_equal(s, "");
    assert_int_equal(n, 0);
    free(s);
    assert_int_equal(nx_casefold("X", 1, &s, NULL), NX_OK);    /* outlen optional */
    assert_string_equal(s, "x");
    free(s);
}

/* ------------------------------------------------------------ fuzz */

static uint64_t g_rng = 0x9E3779B97F4A7C15ULL;

static uint32_t rnd(void)
{
    g_rng ^= g_rng << 13;
    g_rng ^= g_rng >> 7;
    g_rng ^= g_rng << 17;
    return (uint32_t)(g_rng >> 11);
}

/* Random bytes biased towards what the tokenizer cares about: letters,
 * digits, separators, punctuation and UTF-8 lead/continuation bytes. */
static void fill_random(unsigned char *p, size_t n)
{
    static const char special[] = " \n\r\t.,;:!?'\"-()%";
    for (size_t i = 0; i < n; i++) {
        uint32_t r = rnd();
        switch (r % 8) {
        case 0: case 1: p[i] = (unsigned char)('a' + (r >> 8) % 26); break;
        case 2: p[i] = (unsigned char)('A' + (r >> 8) % 26); break;
        case 3: p[i] = (unsigned char)('0' + (r >> 8) % 10); break;
        case 4: p[i] = (unsigned char)special[(r >> 8) % (sizeof special - 1)]; break;
        case 5: p[i] = (unsigned char)(0x80 + (r >> 8) % 0x40); break;   /* continuation */
        case 6: p[i] = (unsigned char)(0xC0 + (r >> 8) % 0x40); break;   /* lead bytes */
        default: p[i] = (unsigned char)(r >> 8); break;
        }
    }
}

static void check_list(const char *text, size_t len, const nx_toklist *tl)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const nx_token *t = &tl->tok[i];
        assert_true(t->start >= prev_end);
        assert_true(t->start < t->end);
        assert_true(t->end <= len);
        assert_int_equal(t->pos, i);
        assert_true(t->norm_len > 0 && t->norm_len <= NX_TOK_MAX_BYTES);
        assert_true(t->norm_off + t->norm_len < tl->buflen);
        assert_int_equal(strlen(nx_tok_text(tl, i)), t->norm_len);
        prev_end = t->end;
    }
    (void)text;
}

static void test_fuzz(void **state)
{
    (void)state;
    size_t total = 1 << 20;
    unsigned char *data = malloc(total);
    assert_non_null(data);
    fill_random(data, total);
    nx_toklist tl;
    nx_toklist_init(&tl);
    /* whole megabyte at once */
    assert_int_equal(nx_tokenize((const char *)data, total, &tl), NX_OK);
    assert_true(tl.n > 1000);
    check_list((const char *)data, total, &tl);
    /* then in random slices, each copied into an exact-size heap block so
     * that ASan catches any read past len */
    size_t off = 0;
    while (off < total) {
        size_t n = 1 + rnd() % 4096;
        if (n > total - off)
            n = total - off;
        char *slice = malloc(n);
        assert_non_null(slice);
        memcpy(slice, data + off, n);
        assert_int_equal(nx_tokenize(slice, n, &tl), NX_OK);
        check_list(slice, n, &tl);
        char *cf = NULL;
        size_t cflen;
        assert_int_equal(nx_casefold(slice, n, &cf, &cflen), NX_OK);
        assert_int_equal(strlen(cf) <= cflen, 1);
        free(cf);
        free(slice);
        off += n;
    }
    nx_toklist_free(&tl);
    free(data);
}

/* The index terms of text, joined by '|' into buf. */
static void terms_of(nx_stemmer *st, const char *text, char *buf, size_t bsz)
{
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, strlen(text), &tl), NX_OK);
    size_t o = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < tl.n && o + 2 < bsz; i++) {
        size_t len;
        const char *t = nx_term_for_token(st, nx_tok_text(&tl, i), tl.tok[i].norm_len, tl.tok[i].flags, &len);
        assert_non_null(t);
        o += (size_t)snprintf(buf + o, bsz - o, "%s%.*s", i ? "|" : "", (int)len, t);
    }
    nx_toklist_free(&tl);
}

/* Letter case never changes a term: a query's match set may not depend on
 * how the user typed it (searcher/query_compile.c's contract).  Random
 * text rich in what the rules look at (dots, hyphens, apostrophes, one
 * letter words), in lower, upper and mixed case. */
static void test_case_never_changes_terms(void **state)
{
    (void)state;
    static const char alphabet[] = "aAbBsSeEgGhHiIuUxX19.-' .-'";
    nx_stemmer *st = NULL;
    assert_int_equal(nx_stemmer_new("english", &st, NULL), NX_OK);
    char text[40], lower[40], upper[40], t1[512], t2[512], t3[512];
    for (int k = 0; k < 200000; k++) {
        size_t n = 1 + rnd() % (sizeof text - 1);
        for (size_t i = 0; i < n; i++)
            text[i] = alphabet[rnd() % (sizeof alphabet - 1)];
        text[n] = '\0';
        for (size_t i = 0; i <= n; i++) {
            lower[i] = (char)(text[i] >= 'A' && text[i] <= 'Z' ? text[i] + 32 : text[i]);
            upper[i] = (char)(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i]);
        }
        terms_of(st, text, t1, sizeof t1);
        terms_of(st, lower, t2, sizeof t2);
        terms_of(st, upper, t3, sizeof t3);
        if (strcmp(t1, t2) || strcmp(t1, t3))
            fail_msg("<%s>: terms %s, lower case %s, upper case %s", text, t1, t2, t3);
    }
    nx_stemmer_free(st);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_case_never_changes_terms),
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_null_and_reuse),
        cmocka_unit_test(test_overlong_words),
        cmocka_unit_test(test_norm_matches_casefold),
        cmocka_unit_test(test_casefold),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

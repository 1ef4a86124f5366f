/*
 * test_dupsig.c — unit tests of analysis/dupsig.c: what must be equal
 * (identical word sequences, whatever the case, spacing and punctuation),
 * and, on generated texts, the MinHash estimate against the true Jaccard
 * similarity of the shingle sets computed here independently, the band
 * recall of near copies and the absence of band matches between unrelated
 * texts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/dupsig.h"

static nx_toklist tl;

static nx_dupsig sig_of(const char *title, const char *body)
{
    nx_dupsig s;
    assert_int_equal(nx_dupsig_compute(title, body, &tl, &s), NX_OK);
    return s;
}

static unsigned equal_values(const nx_dupsig *a, const nx_dupsig *b)
{
    nx_dupshort x, y;
    nx_dupsig_shorten(a, &x);
    nx_dupsig_shorten(b, &y);
    return nx_dupshort_equal(&x, &y);
}

static int shares_band(const nx_dupsig *a, const nx_dupsig *b)
{
    for (unsigned k = 0; k < NX_DUP_BANDS; k++)
        if (nx_dupsig_band(a, k) == nx_dupsig_band(b, k))
            return 1;
    return 0;
}

static void test_identical_forms(void **state)
{
    (void)state;
    nx_dupsig a = sig_of("Ministers agree budget", "The finance ministers agreed the budget on Monday, "
                                                   "officials said.");
    nx_dupsig b = sig_of("MINISTERS AGREE BUDGET", "the  finance ministers agreed\nthe budget on "
                                                   "Monday officials said");
    assert_true(a.words > 0);
    assert_int_equal(a.words, b.words);
    assert_true(a.exact == b.exact);
    assert_int_equal(equal_values(&a, &b), NX_DUP_VALUES);
    for (unsigned k = 0; k < NX_DUP_BANDS; k++)
        assert_true(nx_dupsig_band(&a, k) == nx_dupsig_band(&b, k));
    /* Headline and body are one stream. */
    nx_dupsig c = sig_of(NULL, "Ministers agree budget The finance ministers agreed the budget on "
                               "Monday, officials said.");
    assert_true(c.exact == a.exact);
    /* One word more is not the same sequence. */
    nx_dupsig d = sig_of("Ministers agree budget", "The finance ministers agreed the budget on Monday, "
                                                   "officials said today.");
    assert_true(d.exact != a.exact);
}

static void test_empty_and_short(void **state)
{
    (void)state;
    nx_dupsig e = sig_of(NULL, NULL), f = sig_of("", "  ... ");
    assert_int_equal(e.words, 0);
    assert_int_equal(f.words, 0);
    nx_dupsig one = sig_of("Strike", NULL), one2 = sig_of(NULL, "strike!"), two = sig_of("Strike ends", NULL);
    assert_int_equal(one.words, 1);
    assert_int_equal(equal_values(&one, &one2), NX_DUP_VALUES);
    assert_true(one.exact == one2.exact);
    assert_true(equal_values(&one, &two) < NX_DUP_MIN_EQUAL);
    assert_false(shares_band(&one, &two));
}

static void test_encode(void **state)
{
    (void)state;
    nx_dupsig a = sig_of("Harvest", "Farmers brought in the wheat harvest early this year.");
    nx_dupshort s, t;
    unsigned char buf[NX_DUPSHORT_BYTES];
    nx_dupsig_shorten(&a, &s);
    nx_dupshort_encode(&s, buf);
    assert_true(nx_dupshort_decode(buf, sizeof buf, &t));
    assert_memory_equal(&s, &t, sizeof s);
    assert_false(nx_dupshort_decode(buf, sizeof buf - 1, &t));
    assert_true(nx_dupshort_near(&s, &t));
}

/* ------------------------------------------------------------ generated */

static uint64_t rng = 0x853c49e6748fea9bULL;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

/* A text of n words from a 2,000-word vocabulary ("w123"). */
static void gen_words(unsigned *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        w[i] = rnd(2000);
}

static char *text_of(const unsigned *w, size_t n)
{
    char *s = malloc(n * 8 + 1), *p = s;
    for (size_t i = 0; i < n; i++)
        p += sprintf(p, "%sw%u", i ? " " : "", w[i]);
    *p = '\0';
    return s;
}

/* The true Jaccard similarity of the word 3-shingle sets, computed apart
 * from dupsig.c: shingles as (w0, w1, w2) triples, sorted, deduplicated. */
static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static size_t shingles(const unsigned *w, size_t n, uint64_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i + 2 < n; i++)
        out[k++] = (uint64_t)w[i] << 42 | (uint64_t)w[i + 1] << 21 | w[i + 2];
    qsort(out, k, sizeof *out, cmp_u64);
    size_t u = 0;
    for (size_t i = 0; i < k; i++)
        if (!u || out[u - 1] != out[i])
            out[u++] = out[i];
    return u;
}

static double jaccard(const unsigned *a, size_t na, const unsigned *b, size_t nb)
{
    uint64_t *x = malloc(na * sizeof *x), *y = malloc(nb * sizeof *y);
    size_t nx = shingles(a, na, x), ny = shingles(b, nb, y), i = 0, j = 0, both = 0;
    while (i < nx && j < ny) {
        if (x[i] == y[j])
            both++, i++, j++;
        else if (x[i] < y[j])
            i++;
        else
            j++;
    }
    free(x);
    free(y);
    return (double)both / (double)(nx + ny - both);
}

/* A copy of w with `edits` words replaced at random places. */
static void edit(const unsigned *w, size_t n, unsigned *out, unsigned edits)
{
    memcpy(out, w, n * sizeof *w);
    for (unsigned e = 0; e < edits; e++)
        out[rnd((unsigned)n)] = 2000 + rnd(1000);
}

static void test_estimate_against_jaccard(void **state)
{
    (void)state;
    enum { PAIRS = 300, N = 150 };
    unsigned a[N], b[N];
    double err = 0;
    int near_found = 0, near_pairs = 0;
    for (int p = 0; p < PAIRS; p++) {
        gen_words(a, N);
        edit(a, N, b, (unsigned)(p % 30));   /* 0..29 changed words: J from 1 to about 0.5 */
        char *ta = text_of(a, N), *tb = text_of(b, N);
        nx_dupsig sa = sig_of(NULL, ta), sb = sig_of(NULL, tb);
        double j = jaccard(a, N, b, N), est = equal_values(&sa, &sb) / (double)NX_DUP_VALUES;
        err += fabs(est - j);
        if (j >= 0.9) {
            near_pairs++;
            near_found += shares_band(&sa, &sb) && equal_values(&sa, &sb) >= NX_DUP_MIN_EQUAL;
        }
        free(ta);
        free(tb);
    }
    /* Sixteen values estimate J with a standard error of at most 0.125. */
    printf("mean |estimate - Jaccard| = %.3f; near copies (J >= 0.9) found %d of %d\n", err / PAIRS,
           near_found, near_pairs);
    assert_true(err / PAIRS < 0.09);
    assert_true(near_pairs >= 20);
    assert_true(near_found >= near_pairs * 9 / 10);
}

static void test_unrelated_never_band(void **state)
{
    (void)state;
    enum { TEXTS = 400, N = 120 };
    nx_dupsig *s = malloc(TEXTS * sizeof *s);
    unsigned w[N];
    for (int i = 0; i < TEXTS; i++) {
        gen_words(w, N);
        char *t = text_of(w, N);
        s[i] = sig_of("Report", t);
        free(t);
    }
    int bands = 0, near = 0;
    for (int i = 0; i < TEXTS; i++)
        for (int k = i + 1; k < TEXTS; k++) {
            bands += shares_band(&s[i], &s[k]);
            near += equal_values(&s[i], &s[k]) >= NX_DUP_MIN_EQUAL;
        }
    free(s);
    assert_int_equal(bands, 0);
    assert_int_equal(near, 0);
}

int main(void)
{
    nx_toklist_init(&tl);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_identical_forms),
        cmocka_unit_test(test_empty_and_short),
        cmocka_unit_test(test_encode),
        cmocka_unit_test(test_estimate_against_jaccard),
        cmocka_unit_test(test_unrelated_never_band),
    };
    int rc = cmocka_run_group_tests(tests, NULL, NULL);
    nx_toklist_free(&tl);
    return rc;
}

/*
 * prunecheck.c — how often Xapian's early termination leaves a match out of
 * a page (README "Exact searches", bench/RESULTS.md).
 *
 *   nxprunecheck DB [QUERIES [SEED]]      (defaults 3000 and 1)
 *
 * DB is a Xapian database path (a newsidx index, or one shard of it).
 * Random queries are shaped the way newsidx builds them: each word is
 * (word OR 0.5 * Sword), the word plus its headline form; "plain" ORs 2-4
 * words, searched with check_at_least 0 (newsidx's default until true
 * counts) and with NX_COUNT_BOUND (its default now); "+word" makes the
 * first required with the binding's AND_MAYBE ((all) FILTER first,
 * xapian-c.h), searched with NX_COUNT_BOUND.  The words come from random
 * articles, with at least 20 articles each and a headline form in the
 * index.  Each query's top 10, 20 and 50 are compared with the first
 * 300 of an exact ranking (every match weighed): a page is wrong when a
 * match weighing more than its last hit is missing from it.  Which matches
 * go missing depends on document ids, so databases of the same articles
 * built in different orders give different counts.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xapian-c.h"
#include "lib/terms.h"
#include "searcher/index_internal.h"   /* NX_COUNT_BOUND */

#define DEEP 300
#define MIN_DOCS 20
#define MAX_WORDS 4

static uint64_t rng_state;

static uint64_t rng(void)
{
    /* xorshift64*: repeatable runs from a seed, no libc state. */
    rng_state ^= rng_state >> 12;
    rng_state ^= rng_state << 25;
    rng_state ^= rng_state >> 27;
    return rng_state * 2685821657736338717ULL;
}

/* A random word of a random article that has MIN_DOCS articles and a
 * headline form; 0 when none was found in a few tries. */
static int pick_word(const xc_db *db, xc_docid last, char *out, size_t cap)
{
    for (int tries = 0; tries < 50; tries++) {
        xc_term_info *w = NULL;
        size_t n = 0;
        if (xc_db_doc_words(db, (xc_docid)(1 + rng() % last), nx_term_is_word, NULL, &w, &n, NULL) != XC_OK || !n) {
            xc_free(w);
            continue;
        }
        const xc_term_info *t = &w[rng() % n];
        int found = 0;
        if (t->len + 2 <= cap && t->term[0] >= 'a' && t->term[0] <= 'z') {
            unsigned long freq = 0;
            int has_s = 0;
            char s[256];
            snprintf(s, sizeof s, "S%s", t->term);
            if (xc_db_get_termfreq(db, t->term, &freq) == XC_OK && freq >= MIN_DOCS &&
                xc_db_term_exists(db, s, &has_s) == XC_OK && has_s) {
                memcpy(out, t->term, t->len + 1);
                found = 1;
            }
        }
        xc_free(w);
        if (found)
            return 1;
    }
    return 0;
}

/* (word OR 0.5 * Sword); NULL on failure. */
static xc_query *unit(const char *word)
{
    char s[256];
    xc_query *q[2] = { NULL, NULL }, *hs = NULL, *out = NULL;
    snprintf(s, sizeof s, "S%.254s", word);
    if (xc_query_term(word, strlen(word), 1, 0, &q[0]) == XC_OK &&
        xc_query_term(s, strlen(s), 1, 0, &hs) == XC_OK && xc_query_scale(hs, 0.5, &q[1]) == XC_OK)
        xc_query_combine(XC_OP_OR, q, 2, 0, &out);
    xc_query_free(q[0]);
    xc_query_free(q[1]);
    xc_query_free(hs);
    return out;
}

/* 1 when the first k of q, searched with early termination, lack a match
 * of deep (the exact ranking) that weighs more than their last hit. */
static int page_loses(const xc_db *db, const xc_query *q, unsigned k, unsigned check, const xc_mset *deep,
                      int *err)
{
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    int lost = 0;
    if (xc_enquire_new(db, &e) != XC_OK || xc_enquire_set_query(e, q, 0) != XC_OK ||
        xc_enquire_get_mset(e, 0, k, check, &m) != XC_OK) {
        *err = 1;
    } else if (xc_mset_size(m)) {
        xc_hit last, h;
        xc_mset_get(m, xc_mset_size(m) - 1, &last);
        for (size_t i = 0; i < xc_mset_size(deep) && !lost; i++) {
            if (xc_mset_get(deep, i, &h) != XC_OK || h.weight <= last.weight * (1 + 1e-12))
                break;
            int in = 0;
            for (size_t j = 0; j < xc_mset_size(m) && !in; j++) {
                xc_hit g;
                in = xc_mset_get(m, j, &g) == XC_OK && g.docid == h.docid;
            }
            lost = !in;
        }
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    return lost;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 4) {
        fprintf(stderr, "usage: nxprunecheck DB [QUERIES [SEED]]\n");
        return 2;
    }
    long nq = argc > 2 ? strtol(argv[2], NULL, 10) : 3000;
    rng_state = argc > 3 ? strtoull(argv[3], NULL, 10) * 0x9E3779B97F4A7C15ULL + 1 : 1;
    xc_db *db = NULL;
    xc_docid last = 0;
    if (xc_db_open(argv[1], &db) != XC_OK || xc_db_get_lastdocid(db, &last) != XC_OK || !last) {
        fprintf(stderr, "nxprunecheck: %s: %s\n", argv[1], db ? "empty database" : xc_errmsg());
        xc_db_close(db);
        return 1;
    }
    static const unsigned pages[] = { 10, 20, 50 };
    long wrong[3] = { 0, 0, 0 }, checked[3] = { 0, 0, 0 };
    int err = 0;
    for (long i = 0; i < nq && !err; i++) {
        char words[MAX_WORDS][256];
        size_t nw = 2 + rng() % (MAX_WORDS - 1), got = 0;
        while (got < nw && pick_word(db, last, words[got], sizeof words[got]))
            got++;
        if (got < 2)
            continue;
        xc_query *units[MAX_WORDS] = { NULL };
        size_t nu = 0;
        for (size_t w = 0; w < got; w++)
            if ((units[nu] = unit(words[w])) != NULL)
                nu++;
        for (int shape = 0; shape < 3 && nu == got; shape++) {
            xc_query *q = NULL, *rest = NULL;
            unsigned check = shape == 0 ? 0 : NX_COUNT_BOUND;
            if (shape < 2) {
                xc_query_combine(XC_OP_OR, units, nu, 0, &q);
            } else if (xc_query_combine(XC_OP_OR, units + 1, nu - 1, 0, &rest) == XC_OK) {
                xc_query *pair[2] = { units[0], rest };
                xc_query_combine(XC_OP_AND_MAYBE, pair, 2, 0, &q);
            }
            xc_enquire *e = NULL;
            xc_mset *deep = NULL;
            if (!q || xc_enquire_new(db, &e) != XC_OK || xc_enquire_set_query(e, q, 0) != XC_OK ||
                xc_enquire_get_mset(e, 0, DEEP, UINT_MAX, &deep) != XC_OK) {
                err = 1;
            } else {
                for (size_t p = 0; p < sizeof pages / sizeof pages[0] && !err; p++) {
                    wrong[shape] += page_loses(db, q, pages[p], check, deep, &err);
                    checked[shape]++;
                }
            }
            xc_mset_free(deep);
            xc_enquire_free(e);
            xc_query_free(rest);
            xc_query_free(q);
        }
        for (size_t u = 0; u < nu; u++)
            xc_query_free(units[u]);
    }
    if (err) {
        fprintf(stderr, "nxprunecheck: %s: search failed: %s\n", argv[1], xc_errmsg());
        xc_db_close(db);
        return 1;
    }
    printf("%s: pages that lost a match: plain, check_at_least 0: %ld of %ld; "
           "plain, check_at_least %d: %ld of %ld; +word: %ld of %ld\n",
           argv[1], wrong[0], checked[0], NX_COUNT_BOUND, wrong[1], checked[1], wrong[2], checked[2]);
    xc_db_close(db);
    return 0;
}

/*
 * stopwords.c — the English function-word list and its stem set.
 *
 * The list is pronouns, articles, auxiliaries, prepositions, conjunctions
 * and a few adverbs, plus "said"/"says", which news copy uses in nearly
 * every paragraph.  Stems, not words, are compared because the callers see
 * index terms ("because" is indexed as "becaus").
 */
#include "analysis/stopwords.h"

#include <stdlib.h>
#include <string.h>

static const char *const k_words[] = {
    "a", "about", "above", "after", "again", "against", "all", "also", "am", "an",
    "and", "any", "are", "as", "at", "be", "because", "been", "before", "being",
    "below", "between", "both", "but", "by", "can", "could", "did", "do", "does",
    "doing", "down", "during", "each", "few", "for", "from", "further", "had", "has",
    "have", "having", "he", "her", "here", "hers", "herself", "him", "himself", "his",
    "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
    "me", "more", "most", "my", "myself", "no", "nor", "not", "now", "of",
    "off", "on", "once", "only", "or", "other", "our", "ours", "ourselves", "out",
    "over", "own", "said", "same", "says", "she", "should", "so", "some", "such",
    "than", "that", "the", "their", "theirs", "them", "themselves", "then", "there", "these",
    "they", "this", "those", "through", "to", "too", "under", "until", "up", "very",
    "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom",
    "why", "will", "with", "would", "you", "your", "yours", "yourself", "yourselves",
};

struct nx_stopwords {
    char **stem;       /* sorted by strcmp, no duplicates */
    size_t n;
    size_t longest;    /* most words looked up are longer: no search */
};

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

nx_status nx_stopwords_new(nx_stemmer *st, nx_stopwords **out)
{
    *out = NULL;
    size_t nw = sizeof k_words / sizeof k_words[0];
    nx_stopwords *s = calloc(1, sizeof *s);
    if (!s || !(s->stem = calloc(nw, sizeof *s->stem))) {
        free(s);
        return NX_ERR_NOMEM;
    }
    const char *lang = st ? nx_stemmer_language(st) : NULL;
    if (lang && !strcmp(lang, "english")) {
        for (size_t i = 0; i < nw; i++) {
            size_t len;
            const char *stem = nx_stem(st, k_words[i], strlen(k_words[i]), &len);
            /* nx_stem's result lives until the stemmer goes: copy it. */
            if (!stem || !(s->stem[s->n] = malloc(len + 1))) {
                nx_stopwords_free(s);
                return NX_ERR_NOMEM;
            }
            memcpy(s->stem[s->n], stem, len + 1);
            s->n++;
            if (len > s->longest)
                s->longest = len;
        }
        qsort(s->stem, s->n, sizeof *s->stem, cmp_str);
        size_t k = 0;   /* "be" and "being" share a stem */
        for (size_t i = 0; i < s->n; i++) {
            if (k && !strcmp(s->stem[k - 1], s->stem[i]))
                free(s->stem[i]);
            else
                s->stem[k++] = s->stem[i];
        }
        s->n = k;
    }
    *out = s;
    return NX_OK;
}

void nx_stopwords_free(nx_stopwords *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->stem[i]);
    free(s->stem);
    free(s);
}

int nx_is_stopword(const nx_stopwords *s, const char *stem, size_t len)
{
    if (!s || !stem || len > s->longest)
        return 0;
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *m = s->stem[mid];
        int c = strncmp(m, stem, len);
        if (c == 0)
            c = m[len] ? 1 : 0;   /* m longer than stem sorts after it */
        if (c == 0)
            return 1;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

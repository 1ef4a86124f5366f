/*
 * stopwords.h — English function words, as stems.
 *
 * Used where a word's meaning matters and "the" or "said" has none: the
 * searcher's relevance feedback (searcher/feedback.c) never picks them as
 * words that characterise a story, and skipping them spares it a term
 * frequency lookup each.  Queries and the index keep every word: a reporter
 * searching "The Who" or "to be or not to be" gets what was typed.
 *
 * A set holds the stems the given stemmer makes of the list (only for
 * "english"; other languages get an empty set, so nothing is skipped), owns
 * its strings, and is read-only after nx_stopwords_new: any number of
 * threads may look up at once.
 */
#ifndef NX_STOPWORDS_H
#define NX_STOPWORDS_H

#include <stddef.h>
#include "newsidx.h"
#include "analysis/stem.h"

typedef struct nx_stopwords nx_stopwords;

/* st is used during the call only. */
nx_status nx_stopwords_new(nx_stemmer *st, nx_stopwords **out);
void nx_stopwords_free(nx_stopwords *s);

/* 1 when stem (len bytes) is the stem of a listed word.  s may be NULL. */
int nx_is_stopword(const nx_stopwords *s, const char *stem, size_t len);

#endif

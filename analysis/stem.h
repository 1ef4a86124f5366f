/*
 * stem.h — stemming with libstemmer (Snowball), cached.
 *
 * News vocabulary is small and repetitive, so every stem is memoised in a
 * hash table owned by the stemmer, up to NX_STEM_CACHE_MAX words: then the
 * cache starts afresh, so a long-running process (an embedder, a server
 * answering query after query) stays within a fixed size: at most ~15 MB
 * per stemmer (a 2^18-slot table of 40 bytes, two generations of
 * strings).  nx_stem() returns a borrowed pointer that stays valid until
 * nx_stemmer_free() or until NX_STEM_CACHE_MAX more distinct words have
 * been looked up, whichever comes first: keep a stem no longer than one
 * article, one query or one snippet (256 KiB hold fewer words than that),
 * and copy what must last.  Language names are libstemmer's
 * ("english" by default; "porter" is refused on purpose: it merges "news"
 * with "new").
 *
 * Term rule shared by indexer and query side: nx_term_for_token() gives the
 * index term of a normalised token: numbers and abbreviations unstemmed,
 * everything else stemmed.
 *
 * A stemmer is not thread-safe: one per thread.
 */
#ifndef NX_STEM_H
#define NX_STEM_H

#include <stddef.h>
#include <stdint.h>
#include "newsidx.h"

typedef struct nx_stemmer nx_stemmer;

/* Words cached per generation (see above).  Why 131,072: a body of 256
 * KiB (the snippet window) cannot hold more distinct words, so no snippet
 * outlives its stems.  Reuters-21578's index has 58,653 distinct unprefixed
 * terms, and indexing it ran at 1,474 docs/s with the bound against 1,512
 * without (bench/run.sh, same machine, noise of that order). */
#define NX_STEM_CACHE_MAX 131072u

/* language NULL = "english".  Unknown language: NX_ERR_INVALID and, if
 * errmsg is non-NULL, a message naming it (caller frees with free()). */
nx_status nx_stemmer_new(const char *language, nx_stemmer **out, char **errmsg);
void nx_stemmer_free(nx_stemmer *st);
const char *nx_stemmer_language(const nx_stemmer *st);

/* Stem of a normalised word (len bytes). Borrowed result, NUL-terminated;
 * *stem_len (may be NULL) receives its length.  Returns NULL only on
 * allocation failure. */
const char *nx_stem(nx_stemmer *st, const char *word, size_t len, size_t *stem_len);

/* Index term for token flags + normalised text (see above).  Borrowed. */
const char *nx_term_for_token(nx_stemmer *st, const char *norm, size_t len,
                              unsigned tok_flags, size_t *term_len);
/* The same, and *memo (if memo is non-NULL) points at a word kept with
 * this token's cache entry, 0 when the entry is new, which the caller may
 * set to find something of its own again without a second hash lookup
 * (the indexer keeps its spelling-count slot there, spelling.h).  The
 * pointer is valid until the next call on st. */
const char *nx_term_for_token_memo(nx_stemmer *st, const char *norm, size_t len,
                                   unsigned tok_flags, size_t *term_len, uint64_t **memo);

/* 1 when every term this stemmer gives begins with the first byte of the
 * token it was made from (Snowball's English stemmer only rewrites word
 * endings; numbers and abbreviations are kept as they are), so a caller
 * looking for given terms can skip tokens by their first byte without
 * stemming them.  0 for the other languages: German's, for one, turns "ä"
 * into "a". */
int nx_stemmer_keeps_first_byte(const nx_stemmer *st);

/* Cache statistics, for benchmarks. */
void nx_stemmer_stats(const nx_stemmer *st, size_t *entries, size_t *hits, size_t *misses);

#endif

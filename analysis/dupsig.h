/*
 * dupsig.h — the signature that tells copies of one story apart from other
 * stories: a MinHash over the word 3-shingles of headline and body, and
 * the hash of the whole word sequence.
 *
 * Two articles with the same words in the same order (byte-identical ones,
 * or ones differing only in case, spacing and punctuation) have the same
 * exact hash and the same signature.  For two near copies (a correction, a
 * repeat with a changed line) the share of equal MinHash values estimates
 * the Jaccard similarity of their shingle sets.  The values are cut into
 * NX_DUP_BANDS bands of NX_DUP_ROWS; copies that agree on all values of
 * some band find each other by that band's key (locality-sensitive
 * hashing): similarity 0.9 shares a band with probability 0.99, 0.8 with
 * 0.88, 0.5 with 0.23 (1 - (1 - J^4)^4), and the estimate decides.
 *
 * Written here rather than taken from a library: Debian 12 packages no C
 * MinHash or SimHash library, and the part needed is about a hundred
 * lines over the project's own tokenizer, so duplicates are judged on the
 * same words the index holds.
 *
 * One-permutation hashing with densification (Shrivastava 2017): each
 * shingle is hashed once and lands in one of NX_DUP_VALUES bins, which keep
 * their smallest hash; an empty bin borrows from the next full one.  That
 * costs one hash per shingle instead of one per shingle and value.
 *
 * Ownership: nx_dupsig is a plain value; nx_dupsig_compute uses the
 * caller's token list as scratch (tokenize.h).
 */
#ifndef NX_DUPSIG_H
#define NX_DUPSIG_H

#include <stddef.h>
#include <stdint.h>

#include "analysis/tokenize.h"

#define NX_DUP_VALUES 16
#define NX_DUP_BANDS 4
#define NX_DUP_ROWS (NX_DUP_VALUES / NX_DUP_BANDS)
/* Near copies: at least this many of the NX_DUP_VALUES agree (an
 * estimated Jaccard similarity of 0.75 or more; bench/RESULTS.md has the
 * pairs it groups on Reuters and BBC). */
#define NX_DUP_MIN_EQUAL 12

typedef struct nx_dupsig {
    uint32_t v[NX_DUP_VALUES];  /* the MinHash values */
    uint64_t exact;             /* hash of the whole word sequence */
    size_t words;               /* tokens seen; 0: nothing to compare */
} nx_dupsig;

/* The signature of an article's headline and body (either may be NULL).
 * Fails only with NX_ERR_NOMEM (from the tokenizer). */
nx_status nx_dupsig_compute(const char *title, const char *body, nx_toklist *scratch,
                            nx_dupsig *out);

/* The key of band b (0 <= b < NX_DUP_BANDS): equal for two signatures
 * that agree on every value of the band. */
uint64_t nx_dupsig_band(const nx_dupsig *s, unsigned b);

/* The short form kept beside an article (in the index, and in memory for
 * a build): the low 16 bits of each value, enough to estimate similarity
 * (two different values agree there once in 65,536). */
typedef struct nx_dupshort { uint16_t v[NX_DUP_VALUES]; } nx_dupshort;
void nx_dupsig_shorten(const nx_dupsig *s, nx_dupshort *out);

/* How many of the values two short forms share (0..NX_DUP_VALUES). */
unsigned nx_dupshort_equal(const nx_dupshort *a, const nx_dupshort *b);

/* Whether two articles are copies of one story: at least
 * NX_DUP_MIN_EQUAL equal values. */
int nx_dupshort_near(const nx_dupshort *a, const nx_dupshort *b);

/* The short form as bytes (little-endian, 2 * NX_DUP_VALUES) for a value
 * slot, and back; nx_dupshort_decode returns 0 when len is wrong. */
#define NX_DUPSHORT_BYTES (2 * NX_DUP_VALUES)
void nx_dupshort_encode(const nx_dupshort *s, unsigned char *buf);
int nx_dupshort_decode(const unsigned char *buf, size_t len, nx_dupshort *out);

#endif

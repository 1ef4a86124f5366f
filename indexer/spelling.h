/*
 * spelling.h — batches words for Xapian's spelling dictionary.
 *
 * Calling add_spelling once per word occurrence cost a quarter of the
 * indexing time on Reuters; counting occurrences here and handing each
 * distinct word to Xapian once per batch, with its count, gives the same
 * dictionary for a fraction of the work.  The accumulator owns its table
 * and strings; nx_spellacc_flush empties it.
 */
#ifndef NX_SPELLING_H
#define NX_SPELLING_H

#include <stddef.h>
#include <stdint.h>
#include "newsidx.h"
#include "xapian-c.h"
#include "lib/core.h"

typedef struct nx_spellacc nx_spellacc;

nx_status nx_spellacc_new(nx_spellacc **out);
void nx_spellacc_free(nx_spellacc *a);
/* Counts one occurrence of word (len bytes).  Returns -1 on allocation failure. */
int nx_spellacc_add(nx_spellacc *a, const char *word, size_t len);
/* The same, with a memo kept by the caller for this word (0 at first):
 * while a's table has not moved or been emptied since the memo was set,
 * the count goes straight to the word's slot, without hashing or comparing
 * the word.  The indexer keeps the memo in the stem cache's entry for the
 * token (nx_term_for_token_memo), which it looks up anyway.  A memo is only
 * ever used with the word it was set for. */
int nx_spellacc_add_memo(nx_spellacc *a, const char *word, size_t len, uint64_t *memo);
size_t nx_spellacc_size(const nx_spellacc *a);
/* Adds every counted word to db's spelling dictionary and empties the
 * accumulator (also on failure: the counts are hints, not data). */
xc_status nx_spellacc_flush(nx_spellacc *a, xc_db *db);
/* Drops every count without writing it. */
void nx_spellacc_clear(nx_spellacc *a);

/* The parallel build's flush: adds to db the words of accs[0..n) that fall
 * in part (of nparts, chosen by hash), each once with the sum of its
 * counts.  Threads flushing different parts of the same accumulators write
 * disjoint words, so the spelling tables the merge adds together hold each
 * word once; a per-thread flush would make every thread write nearly the
 * whole vocabulary.  Only reads accs: no thread may add meanwhile, and the
 * caller clears them afterwards. */
xc_status nx_spellacc_flush_part(nx_spellacc *const *accs, size_t n, unsigned part, unsigned nparts,
                                 xc_db *db);

/* The counts added since the last call, as "word\tcount\n" lines appended
 * to out; they count as saved from then on.  Returns the number of words,
 * -1 on allocation failure.  The writer stores these deltas in the database
 * with each batch, so a killed run's counts are not lost (writer.c). */
int nx_spellacc_take_delta(nx_spellacc *a, nx_buf *out);
/* Adds the counts of a saved delta, as already saved.  Malformed lines are
 * skipped.  Returns -1 on allocation failure. */
int nx_spellacc_load(nx_spellacc *a, const char *blob, size_t len);

#endif

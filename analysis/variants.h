/*
 * variants.h — British and American spellings of one English word
 * ("labour"/"labor", "aluminium"/"aluminum", "defence"/"defense").
 *
 * News archives mix UK and US wire copy, and a reporter types one spelling:
 * the query side searches both.  The table holds whole words; nx_variants
 * maps the stem of each spelling, as the given stemmer makes it, to the
 * other's, so "labourers" finds "laborers" too.  Pairs whose American stem
 * is another word's stem are left out on purpose: Snowball's English
 * stemmer cuts "-ization" to the root ("privatization" -> "privat", the
 * stem of "private"), so -ise/-ize pairs would pull in unrelated words.
 *
 * An nx_variants is built once per stemmer (only for "english"; other
 * languages get an empty map), owns its strings, and is read-only after
 * nx_variants_new: any number of threads may look up at once.
 */
#ifndef NX_VARIANTS_H
#define NX_VARIANTS_H

#include <stddef.h>
#include "newsidx.h"
#include "analysis/stem.h"

typedef struct nx_variants nx_variants;

/* st is used during the call only. */
nx_status nx_variants_new(nx_stemmer *st, nx_variants **out);
void nx_variants_free(nx_variants *v);

/* The other spelling's stem for stem (len bytes), or NULL when it has
 * none.  Borrowed from v.  v may be NULL (no variants). */
const char *nx_variant_of(const nx_variants *v, const char *stem, size_t len);

#endif

/*
 * query.h — a query tree (query_tree.h) bound to an index: the xapian-c
 * query to run, the units to highlight and the words to check for "did
 * you mean".  query_compile.c holds the match-set contract (what each
 * construct matches); the README's "Query language" says the same to
 * users.
 *
 * Ownership: nx_parsed_query owns everything in it; free with
 * nx_parsed_query_free.  The tree is only read.
 */
#ifndef NX_QUERY_H
#define NX_QUERY_H

#include <stddef.h>
#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/variants.h"
#include "searcher/query_tree.h"

#define NX_WILDCARD_LIMIT 1000    /* terms one word* may expand to */

/* A unit to highlight and to score passages with: one word, one phrase,
 * one name or one wildcard.  keys[i] is the index term without prefix (a
 * stem), or for an exact unit (names) the casefolded token text; a prefix
 * unit (word*) matches every token whose term starts with keys[0]. */
typedef struct nx_match_unit {
    size_t n;
    char **keys;
    int exact;
    int prefix;
    double weight;     /* 1.0 from the compiler; the searcher may set idf */
} nx_match_unit;

/* A plain word as typed, for "did you mean". */
typedef struct nx_query_word {
    size_t start, end;   /* byte span in the query string */
    char *norm;          /* casefolded form */
} nx_query_word;

typedef struct nx_parsed_query {
    xc_query *query;              /* NULL only when compiling failed */
    nx_match_unit *units;         /* positive units, in query order */
    size_t nunits;
    nx_query_word *words;         /* plain unfielded positive words */
    size_t nwords;
} nx_parsed_query;

/* Binds tree t to the index db: db (may be NULL, then no names are
 * recognised and every spelling variant is used) is asked which
 * capitalised runs are names it knows and which spelling variants
 * (variants, may be NULL) it holds.  On failure returns NX_ERR_QUERY (or
 * NX_ERR_NOMEM) and writes one line into err (errsz bytes). */
nx_status nx_query_compile(const nx_qtree *t, const xc_db *db, const nx_variants *variants,
                           nx_parsed_query *out, char *err, size_t errsz);
void nx_parsed_query_free(nx_parsed_query *pq);

#endif

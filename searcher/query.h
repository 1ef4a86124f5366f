/*
 * query.h — the newsidx query language, parsed in C with the same analysis
 * as the indexer (tokenize.h + stem.h + names.h), into an xapian-c query.
 *
 * Language (README has the user-facing description):
 *   words            stemmed; plain multi-word queries are a ranked OR with a
 *                    boost for documents matching all words (see query.c)
 *   "a phrase"       positional phrase of stems
 *   AND OR NOT       operators (upper case only; lower case are words)
 *   +word -word      required / excluded
 *   ( )              grouping
 *   field:word  field:"a phrase"  field:(...)   see nx_schema_prefix_for_field
 *   name:"Keir Starmer"  unstemmed name terms (N prefix)
 *   date:2025-03-01..2025-03-31, date:2025-03.., date:..2025, date:2025-03
 *   word*            prefix wildcard, expansion limited (NX_WILDCARD_LIMIT)
 *   a NEAR b, a NEAR/5 b   proximity
 * A capitalised run typed in a plain query is also tried as a name.
 *
 * Any input gives either a query or NX_ERR_QUERY with one clear message in
 * err.  Input length and nesting depth are bounded, so no query can be
 * pathological.
 *
 * Ownership: nx_parsed_query owns everything in it; free with
 * nx_parsed_query_free.
 */
#ifndef NX_QUERY_H
#define NX_QUERY_H

#include <stddef.h>
#include "newsidx.h"
#include "xapian-c.h"
#include "../analysis/stem.h"
#include "../analysis/variants.h"

#define NX_QUERY_MAX_BYTES 8192   /* longer queries are refused with a message */
#define NX_QUERY_MAX_DEPTH 32     /* parenthesis nesting */
#define NX_QUERY_MAX_TERMS 256    /* leaf terms */
#define NX_WILDCARD_LIMIT 1000    /* terms one word* may expand to */

/* A unit to highlight and to score passages with: one word, one phrase or
 * one name.  keys[i] is the index term without prefix (a stem), or for an
 * exact unit (names) the casefolded token text. */
typedef struct nx_match_unit {
    size_t n;
    char **keys;
    int exact;
    double weight;     /* 1.0 from the parser; the searcher may set idf */
} nx_match_unit;

/* A plain word as typed, for "did you mean". */
typedef struct nx_query_word {
    size_t start, end;   /* byte span in the query string */
    char *norm;          /* casefolded form */
} nx_query_word;

typedef struct nx_parsed_query {
    xc_query *query;              /* NULL only when parsing failed */
    nx_match_unit *units;         /* positive units, in query order */
    size_t nunits;
    nx_query_word *words;         /* plain unfielded positive words */
    size_t nwords;
    int has_date_filter;
} nx_parsed_query;

/* Parses text with stemmer st.  db (may be NULL) is consulted only to decide
 * whether a capitalised word the user typed is a known name (an N term
 * exists).  On failure returns NX_ERR_QUERY (or NX_ERR_NOMEM) and writes a
 * one-line message into err (errsz bytes). */
nx_status nx_query_parse(const char *text, nx_stemmer *st, const xc_db *db,
                         nx_parsed_query *out, char *err, size_t errsz);
/* As nx_query_parse; with variants (may be NULL) a plain unquoted word
 * also matches its other spelling ("labour" finds "labor", variants.h), as
 * one term, and that spelling is a unit to highlight. */
nx_status nx_query_parse_ex(const char *text, nx_stemmer *st, const nx_variants *variants,
                            const xc_db *db, nx_parsed_query *out, char *err, size_t errsz);
void nx_parsed_query_free(nx_parsed_query *pq);

/* Converts a user date ("2025", "2025-03", "2025-03-14") to the inclusive
 * bounds of NX_SLOT_DATE values it covers: lo "20250301000000",
 * hi "20250331235959".  Each buffer >= 15 bytes.  Returns 0 if malformed. */
int nx_date_bounds(const char *s, size_t len, char *lo, char *hi);

/* The matches of req, weighted by req and opt together: what AND_MAYBE
 * means, built as (req OR opt OR 0 * all) FILTER req.  Xapian 1.4.22 loses
 * a match now and then when it turns an AND_MAYBE into an AND in next()
 * (see nx_check_at_least); under FILTER the weighted side is only ever
 * moved with skip_to, which that turn gets right.  The estimated number of
 * matches stays AND_MAYBE's.  Neither argument is taken; the caller frees
 * *out. */
xc_status nx_query_and_maybe(const xc_query *req, const xc_query *opt, xc_query **out);

#endif

/*
 * snippet.h — passage selection and highlighting from an article's stored
 * text, with the shared tokenizer (never the source file).
 *
 * The snippet is plain text (a UTF-8 substring of the body, or several
 * joined by " … ", with a leading/trailing "…" where the text was cut) plus
 * the byte spans of the matches in it.  Windows prefer many distinct units
 * over one repeated, high-weight units over common ones, phrases and names
 * as one unit; ties go to the earliest window (the lead).  Windows snap to
 * sentence or clause boundaries when they can and never cut inside a word
 * or a UTF-8 sequence.
 *
 * An nx_snippeter holds reusable buffers (token lists); one per thread.
 * nx_snippet owns its text and spans (nx_snippet_clear).
 */
#ifndef NX_SNIPPET_H
#define NX_SNIPPET_H

#include <stddef.h>
#include "newsidx.h"
#include "../analysis/stem.h"
#include "query.h"

typedef struct nx_snippeter nx_snippeter;

typedef struct nx_snippet {
    char *text;
    size_t len;
    nx_span *spans;
    size_t nspans;
} nx_snippet;

nx_status nx_snippeter_new(nx_stemmer *st, nx_snippeter **out);  /* st borrowed */
void nx_snippeter_free(nx_snippeter *sn);

/* Bytes of a body the snippet looks at: its first 256 KiB.  Why: the
 * tokenizer pass costs time and memory in the body's size (a 48 MB
 * article took 3.5 s and 700 MB per search); 256 KiB is ten times the
 * longest BBC article (25 KB) and keeps a snippet under ~20 ms and ~3 MB
 * whatever the article.  A match further in gives the lead instead. */
#define NX_SNIPPET_SCAN_BYTES (256u * 1024u)

/* max_chars: length of the snippet in characters (not bytes), ellipses
 * included; fragments: at most this many.  When nothing matches in the body,
 * the snippet is the lead of the body.  title may be NULL (used only as a
 * tie-breaker signal: units found in the title count less in the body). */
nx_status nx_snippet_make(nx_snippeter *sn, const char *title, const char *body, size_t body_len,
                          const nx_match_unit *units, size_t nunits,
                          unsigned max_chars, unsigned fragments, nx_snippet *out);
void nx_snippet_clear(nx_snippet *s);

/* The matches of units in title (the headline shown above the snippet),
 * found by the rules the body's are: *spans (malloc'd, caller frees with
 * free; NULL when none) the merged byte ranges in title, in order. */
nx_status nx_snippet_title_spans(nx_snippeter *sn, const char *title, const nx_match_unit *units,
                                 size_t nunits, nx_span **spans, size_t *nspans);

#endif

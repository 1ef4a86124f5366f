/*
 * tokenize.h — the one tokenizer of newsidx, shared by the indexer, the query
 * parser and the snippet code so that all three see the same tokens at the
 * same byte offsets.
 *
 * Input is UTF-8 of any quality: invalid sequences and control characters are
 * treated as separators, never read past, never crash.  Each token carries its
 * byte span in the input and a normalised form: NFKC + Unicode case folding
 * (utf8proc), curly apostrophes folded to ASCII "'", accents kept.
 *
 * Rules (deliberate choices, tested in tests/unit/test_tokenize.c):
 *   - Words are runs of letters/digits/marks.  An internal apostrophe stays
 *     ("don't"); a trailing possessive "'s" or "’s" is dropped from the
 *     normalised form and flagged NX_TOK_POSSESSIVE (span still covers it).
 *   - Hyphenated words split into parts; parts after the first are flagged
 *     NX_TOK_HYPHENATED so callers can rejoin "Jean-Claude".
 *   - Numbers keep decimal points ("5.93") and drop thousands separators
 *     ("155,221" -> "155221"); flagged NX_TOK_NUMBER.
 *   - Dotted abbreviations collapse: "U.S." -> "us", "U.K." -> "uk";
 *     flagged NX_TOK_ABBREV; the final dot does not end a sentence.
 *   - Tokens longer than NX_TOK_MAX_BYTES (normalised) are skipped.
 *
 * Ownership: an nx_toklist owns its token array and the normalised text
 * buffer; nx_tokenize() reuses both, so a list can be kept and refilled in a
 * hot loop without allocating.  The caller owns the list (nx_toklist_free).
 */
#ifndef NX_TOKENIZE_H
#define NX_TOKENIZE_H

#include <stddef.h>
#include "newsidx.h"   /* nx_status */

#define NX_TOK_MAX_BYTES 120

enum {
    NX_TOK_CAPITALISED = 1u << 0, /* first letter upper/titlecase in the source */
    NX_TOK_ALLCAPS     = 1u << 1, /* every letter upper case (and >= 2 letters) */
    NX_TOK_NUMBER      = 1u << 2, /* begins with a digit */
    NX_TOK_SENT_START  = 1u << 3, /* first token of a sentence (text start, after . ! ? or a blank line) */
    NX_TOK_PARA_START  = 1u << 4, /* first token after a blank line or at text start */
    NX_TOK_PUNCT_BEFORE= 1u << 5, /* punctuation other than space, hyphen or apostrophe separates it from the previous token (comma, colon, quote, bracket, dash...) */
    NX_TOK_POSSESSIVE  = 1u << 6, /* a trailing 's was dropped */
    NX_TOK_HYPHENATED  = 1u << 7, /* joined to the previous token by a hyphen */
    NX_TOK_ABBREV      = 1u << 8, /* dotted abbreviation (U.S.) or initial (J.) */
    NX_TOK_LINE_START  = 1u << 9  /* first token on its line */
};

typedef struct nx_token {
    size_t start, end;      /* byte span in the input [start, end) */
    size_t norm_off;        /* offset of the normalised text in the list's buffer */
    size_t norm_len;        /* its length in bytes (NUL-terminated in the buffer) */
    unsigned pos;           /* 0-based token position (consecutive over the list) */
    unsigned flags;         /* NX_TOK_* */
} nx_token;

typedef struct nx_toklist {
    nx_token *tok;
    size_t n, cap;
    char *buf;              /* normalised texts, each NUL-terminated */
    size_t buflen, bufcap;
} nx_toklist;

/* An empty list: a zeroed struct is valid too. */
void nx_toklist_init(nx_toklist *tl);
void nx_toklist_free(nx_toklist *tl);   /* frees the arrays, not the struct */

/* Tokenises text[0..len) into tl (replacing its contents).  Only fails with
 * NX_ERR_NOMEM.  len may be 0; text may be NULL when len is 0. */
nx_status nx_tokenize(const char *text, size_t len, nx_toklist *tl);

/* Normalised text of token i (borrowed, valid until tl is refilled or freed). */
static inline const char *nx_tok_text(const nx_toklist *tl, size_t i)
{
    return tl->buf + tl->tok[i].norm_off;
}

/* Case-folds and normalises one string the way tokens are (NFKC + casefold,
 * curly apostrophe folded).  *out malloc'd, caller frees.  Invalid UTF-8
 * bytes are dropped. */
nx_status nx_casefold(const char *s, size_t len, char **out, size_t *outlen);

#endif

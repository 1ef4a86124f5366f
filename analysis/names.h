/*
 * names.h — proper-name recognition over a token list.
 *
 * Finds runs of capitalised words that name people, places and
 * organisations ("Keir Starmer", "European Commission", "New Zealand"),
 * allowing lower-case particles inside a name ("Ursula von der Leyen",
 * "Charles de Gaulle", "bin Salman"), initials ("Donald J. Trump"),
 * non-ASCII letters ("António Costa"), possessives ("Starmer's" -> Starmer)
 * and hyphenated names ("Jean-Claude Juncker").
 *
 * It refuses the classic false positives: a capitalised sentence opener
 * that is an ordinary word ("Speaking", "Meanwhile"), all-caps text
 * (Reuters headlines), and titles before a name ("President", "Prime
 * Minister", "Mr"), which are left out of the name but count as evidence
 * that what follows is one.
 *
 * Ownership: an nx_namelist owns its array and string buffer; refilled by
 * each call (no allocation once warm).  Caller frees with nx_namelist_free.
 */
#ifndef NX_NAMES_H
#define NX_NAMES_H

#include <stddef.h>
#include "newsidx.h"
#include "tokenize.h"

typedef enum nx_name_kind {
    NX_NAME_UNKNOWN = 0,
    NX_NAME_PERSON,      /* after a personal title, or with initials */
    NX_NAME_PLACE,       /* hint only: known place words ("New", "Republic") */
    NX_NAME_ORG          /* hint only: ends in "Bank", "Commission", "Inc" ... */
} nx_name_kind;

typedef struct nx_name {
    size_t first_tok;    /* index of its first token in the toklist */
    size_t ntok;         /* number of tokens (particles included) */
    size_t start, end;   /* byte span in the text, possessive 's excluded */
    size_t key_off;      /* casefolded key in the list buffer: token norms
                            joined by ' ' ("keir starmer"), '-' kept for
                            hyphenated parts ("jean-claude juncker") */
    size_t disp_off;     /* display form: source words joined by single
                            spaces, possessive dropped ("Keir Starmer") */
    nx_name_kind kind;
} nx_name;

typedef struct nx_namelist {
    nx_name *v;
    size_t n, cap;
    char *buf;
    size_t buflen, bufcap;
} nx_namelist;

void nx_namelist_init(nx_namelist *nl);
void nx_namelist_free(nx_namelist *nl);

/* Finds the names in text, given its token list from nx_tokenize(text).
 * Replaces nl's contents.  Only fails with NX_ERR_NOMEM. */
nx_status nx_find_names(const char *text, size_t len, const nx_toklist *tl, nx_namelist *nl);

static inline const char *nx_name_key(const nx_namelist *nl, size_t i) { return nl->buf + nl->v[i].key_off; }
static inline const char *nx_name_display(const nx_namelist *nl, size_t i) { return nl->buf + nl->v[i].disp_off; }

#endif

/*
 * names.h — proper-name recognition over a token list: the mentions of
 * names in one text.  coref.h groups an article's mentions into names.
 *
 * Finds runs of capitalised words that name people, places and
 * organisations ("Keir Starmer", "European Commission", "New Zealand"),
 * allowing lower-case particles inside a name ("Ursula von der Leyen",
 * "Charles de Gaulle", "bin Salman"), initials ("Donald J. Trump"),
 * non-ASCII letters ("António Costa"), possessives ("Starmer's" -> Starmer)
 * and hyphenated names ("Jean-Claude Juncker"); whole organisation names
 * with inner "and", "&", "of", "for" and comma-joined firm names
 * ("Securities and Exchange Commission", "Kidder, Peabody and Co"), with
 * their corporate suffix, which is never a name alone.
 *
 * It refuses the classic false positives: a capitalised sentence opener
 * that is an ordinary word ("Speaking", "Meanwhile"), all-caps headlines
 * and table lines, demonyms ("Kuwaiti", "West German"), days and months,
 * words a house style capitalises ("Budget"), tickers ("<EK>"), and titles
 * and roles before a name ("President", "US National Security Adviser"),
 * which are left out of the name but count as evidence that what follows
 * is a person, and are kept as its role.
 *
 * Each mention gets a type from the cues around it (names_lexicon.c,
 * gazetteer.h): titles, roles and given names say person; corporate
 * suffixes and words such as Bank, Ministry, Commission, Party say
 * organisation; the gazetteer says place; with no cue it is "other".
 *
 * Languages (nx_namefind_opts.lang):
 *   - English (and every language without its own rules): a capital is
 *     evidence; a lone capitalised sentence opener counts only when the
 *     text also writes it capitalised mid-sentence (or, for a caller that
 *     asks for weak candidates, when the rest of the article names it).
 *   - German capitalises every noun, so a capital proves nothing: a name
 *     needs a multi-word run, an abbreviation, a title before it
 *     ("Kanzler Merz", "GDL-Chef Claus Weselsky"), the gazetteer or a
 *     cue word; any other lone word is only a weak candidate, kept by
 *     coref.c when the article names it in full elsewhere.  German
 *     openers, days and months; "von" opens a name only as "von der".
 *   - French: its openers, days and months; "la"/"le" do not open a name
 *     ("la SNCF" is SNCF), elided articles are cut ("l'OTAN" is OTAN),
 *     and adjectives stay inside an organisation's name ("Commission
 *     européenne").
 *
 * Ownership: an nx_namelist owns its array and string buffer; refilled by
 * each call (no allocation once warm).  Caller frees with nx_namelist_free.
 */
#ifndef NX_NAMES_H
#define NX_NAMES_H

#include <stddef.h>
#include "newsidx.h"
#include "tokenize.h"

typedef enum nx_names_lang {
    NX_NAMES_EN = 0,        /* English rules: also for languages without their own */
    NX_NAMES_DE,            /* German: nouns are capitalised */
    NX_NAMES_FR             /* French */
} nx_names_lang;

/* The rules for an index language as libstemmer names it ("english",
 * "german", "french"; NULL and any other: English). */
nx_names_lang nx_names_lang_for(const char *language);

typedef struct nx_namefind_opts {
    nx_names_lang lang;
    int keep_weak;          /* also return the candidates that need evidence from
                               the rest of the article (NX_NAME_WEAK) */
} nx_namefind_opts;

/* nx_name.flags */
enum {
    NX_NAME_WEAK = 1u << 0,        /* a candidate only: a lone word whose capital proves
                                      nothing (sentence start, German noun) */
    NX_NAME_ABBREV_DEF = 1u << 1,  /* an abbreviation the text defines for the name
                                      before it: "Securities and Exchange Commission (SEC)" */
    NX_NAME_CUE_STRONG = 1u << 2,  /* the type comes from a cue that rarely misleads (a
                                      title, a suffix, the gazetteer), not a guess */
    NX_NAME_LOWER_SEEN = 1u << 3,  /* a weak candidate the text also writes in lower
                                      case ("Sales ..." and "sales") */
};

typedef struct nx_name {
    size_t first_tok;    /* index of its first token in the toklist */
    size_t ntok;         /* number of tokens (particles and connectors included) */
    size_t start, end;   /* byte span in the text, possessive 's excluded */
    size_t key_off;      /* casefolded key in the list buffer: token norms
                            joined by ' ' ("keir starmer"), '-' kept for
                            hyphenated parts ("jean-claude juncker") */
    size_t disp_off;     /* display form: the text of the span, white space
                            runs as one space ("Keir Starmer") */
    nx_name_type type;   /* from the cues around this mention alone */
    unsigned flags;      /* NX_NAME_* */
    size_t role_start, role_end;   /* byte span of the title or role written
                            before a person ("National Security Adviser");
                            equal when none */
} nx_name;

typedef struct nx_namelist {
    nx_name *v;
    size_t n, cap;
    char *buf;
    size_t buflen, bufcap;
} nx_namelist;

void nx_namelist_init(nx_namelist *nl);
void nx_namelist_free(nx_namelist *nl);

/* Finds the names in text, given its token list from nx_tokenize(text),
 * with English rules and no weak candidates.  Replaces nl's contents.
 * Only fails with NX_ERR_NOMEM. */
nx_status nx_find_names(const char *text, size_t len, const nx_toklist *tl, nx_namelist *nl);
/* The same with options (NULL: as nx_find_names). */
nx_status nx_find_names_ex(const char *text, size_t len, const nx_toklist *tl,
                           const nx_namefind_opts *opts, nx_namelist *nl);

static inline const char *nx_name_key(const nx_namelist *nl, size_t i) { return nl->buf + nl->v[i].key_off; }
static inline const char *nx_name_display(const nx_namelist *nl, size_t i) { return nl->buf + nl->v[i].disp_off; }

#endif

/*
 * names_lexicon.h — the word tables of the name finder (names.c), private
 * to analysis/: particles, titles and roles, sentence openers, days and
 * months, organisation and place cue words, corporate suffixes, each in
 * English, German and French where the language needs its own.
 *
 * Every table word is in one hash table built at first use; a lookup gives
 * the bits of every table it is in and its title class, so the name finder
 * looks each token up once and then tests bits.  Read-only after the
 * build, so lookups are thread-safe.
 */
#ifndef NX_NAMES_LEXICON_H
#define NX_NAMES_LEXICON_H

#include <stddef.h>
#include <stdint.h>

#define W_PARTICLE           (UINT64_C(1) << 0)  /* "von", "de", "bin": lower case inside a name */
#define W_PARTICLE_STARTER   (UINT64_C(1) << 1)  /* ... that may also open one ("van Gogh") */
#define W_OPENER             (UINT64_C(1) << 2)  /* English capitalised sentence openers ("The", "However") */
#define W_DOTTED_TITLE       (UINT64_C(1) << 3)  /* abbreviations whose dot ends no sentence ("Mr.", "Corp.") */
#define W_DAY                (UINT64_C(1) << 4)
#define W_MONTH              (UINT64_C(1) << 5)
#define W_DATE_PREP          (UINT64_C(1) << 6)  /* "in May", "since March" */
#define W_POSTNOMINAL        (UINT64_C(1) << 7)  /* "QC", "OBE" after a person's name */
#define W_ACRONYM_STOP       (UINT64_C(1) << 8)  /* all-caps words that are no name ("TV", "GDP") */
#define W_ORG_LAST           (UINT64_C(1) << 9)  /* "Bank", "Commission": a name ending so is an organisation */
#define W_ORG_ACRONYM        (UINT64_C(1) << 10)  /* "NATO", "IMF" */
#define W_PLACE_FIRST        (UINT64_C(1) << 11)  /* "New", "North", "Saint" */
#define W_PLACE_LAST         (UINT64_C(1) << 12)  /* "Republic", "Islands", "River" */
#define W_OF_HEAD            (UINT64_C(1) << 13)  /* heads an "X of Y" name ("Duke of Edinburgh") */
#define W_HEADING_SMALL      (UINT64_C(1) << 14)  /* small words a heading may have in lower case */
#define W_OF                 (UINT64_C(1) << 15)  /* "of" */
#define W_CORP_SUFFIX        (UINT64_C(1) << 16)  /* "Inc", "Corp", "Co", "plc", "AG": never a name alone */
#define W_ORG_FIRST          (UINT64_C(1) << 17)  /* "Ministry", "Department", "Banque": heads an organisation */
#define W_CONNECTOR          (UINT64_C(1) << 18)  /* "for", "on", "für": inside a name after a head word */
#define W_ROLE_NOUN          (UINT64_C(1) << 19)  /* lower-case roles before a person ("analyst", "ministre") */
#define W_ORG_NOUN           (UINT64_C(1) << 20)  /* lower-case kinds of organisation before one ("firm") */
#define W_GENERIC            (UINT64_C(1) << 21)  /* words capitalised by house style ("Government", "Budget") */
#define W_OPENER_DE          (UINT64_C(1) << 22)  /* German sentence openers ("Die", "Nach") */
#define W_OPENER_FR          (UINT64_C(1) << 23)  /* French sentence openers ("Les", "Selon") */
#define W_DATE_DE            (UINT64_C(1) << 24)  /* German days and months */
#define W_DATE_FR            (UINT64_C(1) << 25)  /* French days and months */
#define W_ADJ_FR             (UINT64_C(1) << 26)  /* French adjectives inside names ("Commission européenne") */
#define W_AND                (UINT64_C(1) << 27)  /* "and", "und", "et" */
#define W_OTHER_LAST         (UINT64_C(1) << 32)  /* "Agreement", "Awards", "Show": a name ending so is an event, law or work */
#define W_TITLE_FOREIGN      (UINT64_C(1) << 33)  /* a German or French title ("Herr", "Mme"), none in English */
#define W_TITLE_SHIFT 28                          /* bits 28-30: the title class (T_*) */

/* Title classes: a head title makes what follows a person; modifiers only
 * widen a title ("Prime Minister", "Foreign Secretary"). */
enum { T_NONE = 0, T_MOD, T_AMBIG, T_STARTONLY, T_STRONG };

/* The bits of a casefolded word (0 when it is in no table). */
uint64_t nx_names_lex_bits(const char *s, size_t len);

static inline int nx_names_lex_title(uint64_t bits) { return (int)((bits >> W_TITLE_SHIFT) & 7u); }

/* FNV-1a (32 bits), for the hash tables of analysis/: the lexicon, the
 * gazetteer, the name finder's word sets and coref.c's forms. */
uint32_t nx_names_hash(const char *s, size_t len);

#endif

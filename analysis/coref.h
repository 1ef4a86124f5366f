/*
 * coref.h — one entry per name within an article: groups the mentions
 * names.c finds in an article's headline and body into names, and gives
 * each name its type, its weight in the article and its other forms.
 *
 * Rules, within one article only (across articles different full forms
 * stay apart: the stored key is the full form's):
 *   - a surname or a shorter tail ("Starmer", "Von der Leyen") and a given
 *     name alone ("Keir") count toward the person named in full;
 *   - the start of an organisation's name or the last word before its
 *     suffix ("Multi-Step", "Kodak" for "Eastman Kodak Co"), its initials
 *     ("EC" for "European Community") and an abbreviation the article
 *     defines ("Securities and Exchange Commission (SEC)") count toward
 *     the organisation;
 *   - the gazetteer's other names of a place ("U.S.", "United States")
 *     are one place, stored under its main name;
 *   - a weak candidate (names.h: a lone sentence-opening or German word)
 *     is kept only when it is one of the forms above of a name the article
 *     gives with evidence, or a place in the gazetteer.
 * A name's type is the vote of its mentions' cues (a strong cue counts
 * three, a guess one); its salience is its mentions weighted 3 in the
 * headline, 2 in the lead (the body's first NX_COREF_LEAD_TOKENS tokens)
 * and 1 elsewhere.
 *
 * Ownership: an nx_article_names owns its lists and buffers and reuses
 * them on the next call; free with nx_article_names_free.  The token
 * lists given in are borrowed for the call only.
 */
#ifndef NX_COREF_H
#define NX_COREF_H

#include <stddef.h>
#include "newsidx.h"
#include "analysis/names.h"
#include "analysis/tokenize.h"

#define NX_COREF_LEAD_TOKENS 40
#define NX_COREF_WEIGHT_HEADLINE 3.0
#define NX_COREF_WEIGHT_LEAD 2.0

typedef struct nx_names_input {
    const char *text;
    size_t len;
    const nx_toklist *tl;       /* nx_tokenize(text, len) */
} nx_names_input;

/* The segments of an article, in this order in every array below. */
enum { NX_SEG_TITLE = 0, NX_SEG_BODY = 1, NX_NSEGS = 2 };

typedef struct nx_entity {
    size_t key_off;             /* key in buf: the full form's ("keir starmer"),
                                   the gazetteer's main name for a place */
    size_t disp_off;            /* display: its longest form as written */
    size_t alias_off;           /* the keys of its other forms, '|' between ("starmer|keir"), or "" */
    size_t role_off;            /* the first title or role written before it, or "" */
    nx_name_type type;
    unsigned mentions;          /* after coreference */
    double salience;            /* weighted mentions (above) */
} nx_entity;

typedef struct nx_article_names {
    nx_namelist nl[NX_NSEGS];   /* mentions, as names.c found them (weak ones too) */
    int *ent_of[NX_NSEGS];      /* per mention: its entity, or -1 when dropped */
    size_t ent_of_cap[NX_NSEGS];
    nx_entity *ent;
    size_t nent, entcap;
    char *buf;                  /* the entities' strings */
    size_t buflen, bufcap;
    void *scratch;              /* private */
    size_t scratch_cap;
} nx_article_names;

void nx_article_names_init(nx_article_names *an);
void nx_article_names_free(nx_article_names *an);

/* Finds and groups the names of an article: in[NX_SEG_TITLE] the
 * headline, in[NX_SEG_BODY] the body (a NULL text is empty).  opts as for
 * nx_find_names_ex (keep_weak is implied).  Replaces an's contents; only
 * fails with NX_ERR_NOMEM. */
nx_status nx_article_names_find(nx_article_names *an, const nx_names_input in[NX_NSEGS],
                                const nx_namefind_opts *opts);

static inline const char *nx_entity_str(const nx_article_names *an, size_t off) { return an->buf + off; }

/* The stored description of a name, one line per name beside its display
 * and key in the article's record (lib/stored.h):
 *     TYPE '\t' MENTIONS '\t' SALIENCE '\t' ALIASES '\t' ROLE
 * TYPE is nx_name_type_name's word, ALIASES the alias keys joined by '|'.
 * A reader ignores fields it does not know after these, and takes
 * missing ones as empty.  Caller frees the string (malloc'd). */
char *nx_name_info_format(const nx_article_names *an, size_t i);

typedef struct nx_name_info {
    nx_name_type type;
    unsigned mentions;
    double salience;
    const char *aliases;        /* into the string given; "" when none */
    size_t aliases_len;
    const char *role;
    size_t role_len;
} nx_name_info;

/* Reads an info string (NULL or malformed: type other, one mention,
 * salience 1, no aliases or role). */
void nx_name_info_parse(const char *s, nx_name_info *out);

#endif

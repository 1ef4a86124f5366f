/*
 * coref.c — an article's mentions grouped into names (coref.h).
 *
 * The mentions of headline and body are taken longest first, so a full
 * name is an entity before its short forms are met.  Each entity
 * registers the forms that may stand for it in a hash table (its
 * mentions' keys; for a person the tails of its name and a given name;
 * for an organisation the starts of its name, the last word before its
 * suffix and its initials); a shorter mention then joins the entity its
 * key finds there.  One lookup per mention: O(mentions + forms).
 */
#include "analysis/coref.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/gazetteer.h"
#include "analysis/names_lexicon.h"

/* Form kinds, best first: an entity keeps the best form it registers,
 * and of equal ones the first entity keeps it. */
enum { K_EXACT = 0, K_PERSON_TAIL, K_ORG_START, K_GIVEN, K_ORG_LAST, K_INITIALS };

/* Short forms news writes without defining them. */
static const char *const k_short_forms[][2] = {
    { "fed", "federal reserve" },
};

typedef struct mref {
    int seg;
    size_t idx;                 /* in an->nl[seg] */
    size_t key, keylen;         /* the key (a place's main name) in the scratch text */
    size_t nkey, nkeylen;       /* the key with '-' as ' ', for matching */
    size_t words;
    double weight;
    int ent;
} mref;

typedef struct form {
    size_t off, len;            /* in the scratch text; len 0: empty slot */
    int ent, kind;
} form;

typedef struct scratch {
    mref *m;
    size_t nm, mcap;
    size_t *order;
    size_t ocap;
    char *text;                 /* keys, normalised keys and forms */
    size_t tlen, tcap;
    form *forms;
    size_t nforms, fcap;        /* fcap: slots, a power of two */
    double *votes;              /* 4 per entity */
    size_t vcap;
    int *disp;                  /* per entity: the mention giving its display */
    size_t dcap;
} scratch;

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem)
            return -1;
        nc *= 2;
    }
    void *q = realloc(*p, nc * elem);
    if (!q)
        return -1;
    *p = q;
    *cap = nc;
    return 0;
}

/* Appends s[0..len) and a NUL to the scratch text; returns its offset or
 * (size_t)-1. */
static size_t text_add(scratch *sc, const char *s, size_t len)
{
    /* s may be in the text itself, which growing moves */
    size_t from = sc->text && s >= sc->text && s < sc->text + sc->tlen ? (size_t)(s - sc->text) : (size_t)-1;
    if (grow((void **)&sc->text, &sc->tcap, sc->tlen + len + 1, 1) != 0)
        return (size_t)-1;
    if (from != (size_t)-1)
        s = sc->text + from;
    size_t off = sc->tlen;
    memcpy(sc->text + off, s, len);
    sc->text[off + len] = '\0';
    sc->tlen += len + 1;
    return off;
}

static uint32_t hash(const char *s, size_t len) { return nx_names_hash(s, len); }

static form *form_slot(scratch *sc, const char *s, size_t len)
{
    size_t mask = sc->fcap - 1;
    for (size_t i = hash(s, len) & mask;; i = (i + 1) & mask) {
        form *f = &sc->forms[i];
        if (f->len == 0 || (f->len == len && memcmp(sc->text + f->off, s, len) == 0))
            return f;
    }
}

static int forms_rehash(scratch *sc, size_t ncap)
{
    form *old = sc->forms;
    size_t ocap = sc->fcap;
    form *nf = calloc(ncap, sizeof *nf);
    if (!nf)
        return -1;
    sc->forms = nf;
    sc->fcap = ncap;
    for (size_t i = 0; i < ocap; i++)
        if (old[i].len) {
            form *f = form_slot(sc, sc->text + old[i].off, old[i].len);
            *f = old[i];
        }
    free(old);
    return 0;
}

/* Registers s as a form of entity ent; -1 on allocation failure. */
static int form_add(scratch *sc, const char *s, size_t len, int ent, int kind)
{
    if (len == 0)
        return 0;
    if ((sc->nforms + 1) * 2 > sc->fcap && forms_rehash(sc, sc->fcap ? sc->fcap * 2 : 256) != 0)
        return -1;
    form *f = form_slot(sc, s, len);
    if (f->len) {
        if (kind < f->kind) {
            f->kind = kind;
            f->ent = ent;
        }
        return 0;
    }
    /* s may point into sc->text, which text_add can move */
    size_t at = (size_t)-1;
    if (s >= sc->text && s < sc->text + sc->tlen)
        at = (size_t)(s - sc->text);
    size_t off = at != (size_t)-1 ? at : text_add(sc, s, len);
    if (off == (size_t)-1)
        return -1;
    f = form_slot(sc, sc->text + off, len);   /* the text may have moved */
    f->off = off;
    f->len = len;
    f->ent = ent;
    f->kind = kind;
    sc->nforms++;
    return 0;
}

static const form *form_find(scratch *sc, const char *s, size_t len)
{
    if (!sc->fcap || len == 0)
        return NULL;
    const form *f = form_slot(sc, s, len);
    return f->len ? f : NULL;
}

/* ------------------------------------------------------------ words of a key */

static size_t count_words(const char *s, size_t len)
{
    size_t n = len > 0;
    for (size_t k = 0; k < len; k++)
        n += s[k] == ' ';
    return n;
}

static int word_is(const char *w, size_t wl, uint64_t bit)
{
    return (nx_names_lex_bits(w, wl) & bit) != 0;
}

static int small_word(const char *w, size_t wl)
{
    static const char *const small[] = { "of", "and", "the", "for", "on", "de", "des", "du", "la",
                                         "le", "für", "und", "et", "von", "der", "d'" };
    for (size_t k = 0; k < sizeof small / sizeof *small; k++)
        if (strlen(small[k]) == wl && memcmp(small[k], w, wl) == 0)
            return 1;
    return 0;
}

/* Length of the key without its trailing corporate suffixes and "and":
 * "goldman sachs and co" -> "goldman sachs". */
static size_t core_len(const char *s, size_t len)
{
    for (;;) {
        const char *sp = NULL;
        for (size_t k = len; k-- > 0;)
            if (s[k] == ' ') {
                sp = s + k;
                break;
            }
        if (!sp)
            return len;
        const char *w = sp + 1;
        size_t wl = len - (size_t)(w - s);
        if (!word_is(w, wl, W_CORP_SUFFIX | W_AND))
            return len;
        len = (size_t)(sp - s);
    }
}

/* The first letters of the key's words but small ones: "securities and
 * exchange commission" -> "sec".  0 when they do not fit. */
static size_t initials(const char *s, size_t len, char *out, size_t cap)
{
    size_t n = 0, k = 0;
    while (k < len) {
        size_t e = k;
        while (e < len && s[e] != ' ')
            e++;
        if (!small_word(s + k, e - k)) {
            if (n + 1 >= cap || (unsigned char)s[k] >= 0x80)
                return 0;
            out[n++] = s[k];
        }
        k = e + 1;
    }
    out[n] = '\0';
    return n;
}

/* ------------------------------------------------------------ entities */

static int new_entity(nx_article_names *an, scratch *sc)
{
    if (grow((void **)&an->ent, &an->entcap, an->nent + 1, sizeof *an->ent) != 0 ||
        grow((void **)&sc->votes, &sc->vcap, (an->nent + 1) * 4, sizeof *sc->votes) != 0 ||
        grow((void **)&sc->disp, &sc->dcap, an->nent + 1, sizeof *sc->disp) != 0)
        return -1;
    memset(&an->ent[an->nent], 0, sizeof *an->ent);
    memset(&sc->votes[an->nent * 4], 0, 4 * sizeof *sc->votes);
    sc->disp[an->nent] = -1;
    return (int)an->nent++;
}

static const nx_name *mention(const nx_article_names *an, const mref *m)
{
    return &an->nl[m->seg].v[m->idx];
}

/* Registers the forms that may stand for entity e, from its first and
 * longest mention m.  Forms are registered by offset into the scratch
 * text, which a form not in it (initials) may move: K is re-read after
 * every call. */
static int register_forms(scratch *sc, const nx_article_names *an, const mref *m, int e)
{
#define K (sc->text + m->nkey)
    const nx_name *nm = mention(an, m);
    size_t kl = m->nkeylen;
    if (form_add(sc, sc->text + m->key, m->keylen, e, K_EXACT) != 0 || form_add(sc, K, kl, e, K_EXACT) != 0)
        return -1;
    if (m->words < 2 || nm->type == NX_NAME_PLACE)
        return 0;
    if (nm->type == NX_NAME_PERSON || nm->type == NX_NAME_OTHER) {
        for (size_t p = 0; p < kl; p++)     /* tails: "starmer", "von der leyen" */
            if (K[p] == ' ' && !small_word(K + p + 1, kl - p - 1))
                if (form_add(sc, K + p + 1, kl - p - 1, e, K_PERSON_TAIL) != 0)
                    return -1;
        size_t fl = strcspn(K, " ");
        if (nx_gaz_lookup(K, fl, NULL) & NX_GAZ_GIVEN)
            if (form_add(sc, K, fl, e, K_GIVEN) != 0)
                return -1;
    }
    if (nm->type == NX_NAME_ORG || nm->type == NX_NAME_OTHER) {
        size_t cl = core_len(K, kl);
        int joined = 0;
        size_t lastw = 0;       /* start of the last word before p */
        for (size_t p = 0; p < cl; p++) {
            if (K[p] != ' ')
                continue;
            size_t wl = strcspn(K + p + 1, " ");
            joined |= small_word(K + p + 1, wl);
            if (!small_word(K + lastw, p - lastw) && !(nx_gaz_lookup(K, p, NULL) & NX_GAZ_PLACE) &&
                form_add(sc, K, p, e, K_ORG_START) != 0)
                return -1;
            lastw = p + 1;
        }
        if (cl < kl && form_add(sc, K, cl, e, K_ORG_START) != 0)
            return -1;
        size_t last = 0;
        for (size_t p = 0; p < cl; p++)
            if (K[p] == ' ')
                last = p + 1;
        size_t ll = cl - last;
        if (!joined && last > 0 && !(nx_gaz_lookup(K + last, ll, NULL) & NX_GAZ_PLACE) &&
            !word_is(K + last, ll, W_ORG_LAST | W_GENERIC) && form_add(sc, K + last, ll, e, K_ORG_LAST) != 0)
            return -1;
        if (nm->type == NX_NAME_ORG && last > 0 && word_is(K + last, ll, W_ORG_LAST) &&
            form_add(sc, K + last, ll, e, K_ORG_LAST) != 0)
            return -1;                      /* "the Commission" */
        char ini[16], ini2[16];
        size_t il = initials(K, kl, ini, sizeof ini), il2 = initials(K, cl, ini2, sizeof ini2);
        for (size_t s = 0; s < sizeof k_short_forms / sizeof *k_short_forms; s++) {
            size_t fl = strlen(k_short_forms[s][1]);
            if (kl >= fl && memcmp(K, k_short_forms[s][1], fl) == 0 && (kl == fl || K[fl] == ' ') &&
                form_add(sc, k_short_forms[s][0], strlen(k_short_forms[s][0]), e, K_INITIALS) != 0)
                return -1;
        }
        if (il >= 2 && form_add(sc, ini, il, e, K_INITIALS) != 0)
            return -1;
        if (il2 >= 2 && form_add(sc, ini2, il2, e, K_INITIALS) != 0)
            return -1;
    }
    return 0;
#undef K
}

/* Does the entity a form found suit mention m?  A person's tail does not
 * take a mention typed organisation or place by a strong cue, and so on. */
static int compatible(const nx_article_names *an, const scratch *sc, const mref *m, const form *f)
{
    if (f->kind == K_EXACT)
        return 1;
    const nx_name *nm = mention(an, m);
    if (nm->flags & NX_NAME_LOWER_SEEN)
        return 0;       /* an ordinary word at a sentence start, most likely */
    int strong = (nm->flags & NX_NAME_CUE_STRONG) != 0;
    const mref *head = &sc->m[sc->disp[f->ent]];
    nx_name_type et = mention(an, head)->type;
    switch (f->kind) {
    case K_PERSON_TAIL:
    case K_GIVEN:
        return et != NX_NAME_ORG && et != NX_NAME_PLACE &&
               !(strong && (nm->type == NX_NAME_ORG || nm->type == NX_NAME_PLACE));
    case K_INITIALS: {
        /* only a word in capitals stands for initials ("EC", not "Ec") */
        const char *d = an->nl[m->seg].buf + nm->disp_off;
        for (; *d; d++)
            if (*d >= 'a' && *d <= 'z')
                return 0;
        return !(strong && nm->type == NX_NAME_PLACE) && et != NX_NAME_PERSON;
    }
    default:
        return !(strong && (nm->type == NX_NAME_PERSON || nm->type == NX_NAME_PLACE)) &&
               et != NX_NAME_PERSON && et != NX_NAME_PLACE;
    }
}

/* Could entity e's full name be a person's: two or three words, none of
 * them an organisation's or an event's word ("International Rugby Board
 * World Sevens" is none, whatever "the Sevens" later says)? */
static int person_like(const scratch *sc, const nx_article_names *an, int e)
{
    const mref *h = &sc->m[sc->disp[e]];
    if (h->words < 2 || h->words > 3)
        return 0;
    const char *k = sc->text + h->nkey;
    for (size_t p = 0; p < h->nkeylen;) {
        size_t l = strcspn(k + p, " ");
        if (word_is(k + p, l, W_ORG_LAST | W_ORG_FIRST | W_OTHER_LAST | W_PLACE_LAST | W_CORP_SUFFIX))
            return 0;
        p += l + 1;
    }
    (void)an;
    return 1;
}

/* Adds mention mi to entity e, found by a form of kind `kind`: a name
 * the article calls by its surname is a person's, one it calls by its
 * first words an organisation's (a vote of one each). */
static int join(nx_article_names *an, scratch *sc, size_t mi, int e, int kind)
{
    mref *m = &sc->m[mi];
    m->ent = e;
    const nx_name *nm = mention(an, m);
    if (nm->type != NX_NAME_OTHER || (nm->flags & NX_NAME_CUE_STRONG))
        sc->votes[(size_t)e * 4 + nm->type] += (nm->flags & NX_NAME_CUE_STRONG) ? 3.0 : 1.0;
    if ((kind == K_PERSON_TAIL || kind == K_GIVEN) && person_like(sc, an, e))
        sc->votes[(size_t)e * 4 + NX_NAME_PERSON] += 1.0;
    else if (kind == K_ORG_START || kind == K_ORG_LAST || kind == K_INITIALS)
        sc->votes[(size_t)e * 4 + NX_NAME_ORG] += 1.0;
    an->ent[e].mentions++;
    an->ent[e].salience += m->weight;
    int d = sc->disp[e];
    if (d < 0 || m->words > sc->m[d].words)
        sc->disp[e] = (int)mi;
    return form_add(sc, sc->text + m->key, m->keylen, e, K_EXACT);
}

static int by_length(const void *a, const void *b, const mref *m)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (m[x].words != m[y].words)
        return m[x].words > m[y].words ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* qsort has no context argument in C11: a small insertion-merge sort. */
static void sort_order(size_t *v, size_t n, const mref *m, size_t *tmp)
{
    for (size_t width = 1; width < n; width *= 2) {
        for (size_t lo = 0; lo < n; lo += 2 * width) {
            size_t mid = lo + width < n ? lo + width : n, hi = lo + 2 * width < n ? lo + 2 * width : n;
            size_t i = lo, j = mid, k = lo;
            while (i < mid && j < hi)
                tmp[k++] = by_length(&v[j], &v[i], m) < 0 ? v[j++] : v[i++];
            while (i < mid)
                tmp[k++] = v[i++];
            while (j < hi)
                tmp[k++] = v[j++];
        }
        memcpy(v, tmp, n * sizeof *v);
    }
}

/* Groups the mentions: see the file comment. */
static int group(nx_article_names *an, scratch *sc)
{
    size_t n = sc->nm;
    if (grow((void **)&sc->order, &sc->ocap, 2 * n + 1, sizeof *sc->order) != 0)
        return -1;
    size_t no = 0;
    for (size_t i = 0; i < n; i++)
        if (!(mention(an, &sc->m[i])->flags & (NX_NAME_WEAK | NX_NAME_ABBREV_DEF)))
            sc->order[no++] = i;
    sort_order(sc->order, no, sc->m, sc->order + n);
    for (int pass = 0; pass < 3; pass++) {
        /* 0: strong mentions, longest first; 1: defined abbreviations;
         * 2: weak candidates, kept only when something vouches for them */
        size_t cnt = pass == 0 ? no : n;
        for (size_t oi = 0; oi < cnt; oi++) {
            size_t mi = pass == 0 ? sc->order[oi] : oi;
            mref *m = &sc->m[mi];
            const nx_name *nm = mention(an, m);
            if (pass == 1 && !(nm->flags & NX_NAME_ABBREV_DEF))
                continue;
            if (pass == 2 && !(nm->flags & NX_NAME_WEAK))
                continue;
            if (pass == 1) {
                /* the mention before it, in the same segment */
                int e = -1;
                for (size_t k = 0; k < n; k++)
                    if (sc->m[k].seg == m->seg && sc->m[k].idx + 1 == m->idx)
                        e = sc->m[k].ent;
                const form *f = form_find(sc, sc->text + m->key, m->keylen);
                if (e < 0 && f)
                    e = f->ent;
                if (e < 0 && (e = new_entity(an, sc)) < 0)
                    return -1;
                if (join(an, sc, mi, e, K_INITIALS) != 0)
                    return -1;
                if (sc->disp[e] == (int)mi && register_forms(sc, an, m, e) != 0)
                    return -1;
                continue;
            }
            const form *f = form_find(sc, sc->text + m->nkey, m->nkeylen);
            if (!f)
                f = form_find(sc, sc->text + m->key, m->keylen);
            if (f && compatible(an, sc, m, f)) {
                if (join(an, sc, mi, f->ent, f->kind) != 0)
                    return -1;
                continue;
            }
            if (pass == 2 && !(nx_gaz_lookup(sc->text + m->key, m->keylen, NULL) & NX_GAZ_PLACE))
                continue;   /* nothing vouches for it: dropped */
            int e = new_entity(an, sc);
            if (e < 0 || join(an, sc, mi, e, K_EXACT) != 0 || register_forms(sc, an, m, e) != 0)
                return -1;
        }
    }
    return 0;
}

/* ------------------------------------------------------------ strings */

static size_t buf_add(nx_article_names *an, const char *s, size_t len, int collapse)
{
    if (grow((void **)&an->buf, &an->bufcap, an->buflen + len + 1, 1) != 0)
        return (size_t)-1;
    size_t off = an->buflen, o = off;
    int space = 0;
    for (size_t k = 0; k < len; k++) {
        char ch = s[k];
        if (collapse && (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r')) {
            space = o > off;
            continue;
        }
        if (space)
            an->buf[o++] = ' ';
        space = 0;
        an->buf[o++] = ch;
    }
    an->buf[o++] = '\0';
    an->buflen = o;
    return off;
}

/* Is the mention written in capitals ("PARIS" in a dateline)? */
static int shouted(const nx_article_names *an, const mref *m, const nx_toklist *const *tls)
{
    const nx_name *nm = mention(an, m);
    for (size_t t = nm->first_tok; t < nm->first_tok + nm->ntok; t++)
        if (!(tls[m->seg]->tok[t].flags & NX_TOK_ALLCAPS))
            return 0;
    return nm->end - nm->start > 3;
}

static int finish(nx_article_names *an, scratch *sc, const nx_names_input in[NX_NSEGS])
{
    const nx_toklist *tls[NX_NSEGS] = { in[0].tl, in[1].tl };
    an->buflen = 0;
    for (size_t e = 0; e < an->nent; e++) {
        /* display: the longest form, in mixed case when there is one */
        int d = sc->disp[e];
        for (size_t i = 0; i < sc->nm; i++)
            if (sc->m[i].ent == (int)e && sc->m[i].words == sc->m[d].words && shouted(an, &sc->m[d], tls) &&
                !shouted(an, &sc->m[i], tls))
                d = (int)i;
        const mref *dm = &sc->m[d];
        nx_entity *en = &an->ent[e];
        en->disp_off = buf_add(an, an->nl[dm->seg].buf + mention(an, dm)->disp_off,
                               strlen(an->nl[dm->seg].buf + mention(an, dm)->disp_off), 0);
        en->key_off = buf_add(an, sc->text + dm->key, dm->keylen, 0);
        if (en->disp_off == (size_t)-1 || en->key_off == (size_t)-1)
            return -1;
        /* type: the vote of the cues */
        double *v = &sc->votes[e * 4];
        nx_name_type best = NX_NAME_OTHER;
        double bv = 0;
        static const nx_name_type pref[] = { NX_NAME_PERSON, NX_NAME_ORG, NX_NAME_PLACE, NX_NAME_OTHER };
        for (size_t k = 0; k < 4; k++)
            if (v[pref[k]] > bv) {
                best = pref[k];
                bv = v[pref[k]];
            }
        en->type = best;
        /* aliases: the other keys, first seen first; the first role */
        size_t astart = an->buflen;
        const mref *rm = NULL;
        for (size_t i = 0; i < sc->nm; i++) {
            const mref *m = &sc->m[i];
            if (m->ent != (int)e)
                continue;
            const nx_name *nm = mention(an, m);
            if (!rm && nm->role_end > nm->role_start)
                rm = m;
            const char *k = sc->text + m->key;
            if (m->keylen == dm->keylen && memcmp(k, sc->text + dm->key, m->keylen) == 0)
                continue;
            int seen = 0;
            for (size_t p = astart; p < an->buflen && !seen;) {
                size_t l = strcspn(an->buf + p, "|");
                seen = l == m->keylen && memcmp(an->buf + p, k, l) == 0;
                p += l + 1;
            }
            if (seen)
                continue;
            if (grow((void **)&an->buf, &an->bufcap, an->buflen + m->keylen + 2, 1) != 0)
                return -1;
            memcpy(an->buf + an->buflen, k, m->keylen);
            an->buflen += m->keylen;
            an->buf[an->buflen++] = '|';
        }
        if (an->buflen > astart)
            an->buf[an->buflen - 1] = '\0';
        else if (buf_add(an, "", 0, 0) == (size_t)-1)
            return -1;
        en->alias_off = astart;
        if (rm) {
            const nx_name *nm = mention(an, rm);
            en->role_off = buf_add(an, in[rm->seg].text + nm->role_start, nm->role_end - nm->role_start, 1);
        } else {
            en->role_off = buf_add(an, "", 0, 0);
        }
        if (en->role_off == (size_t)-1)
            return -1;
    }
    return 0;
}

/* ------------------------------------------------------------ API */

void nx_article_names_init(nx_article_names *an)
{
    memset(an, 0, sizeof *an);
    for (int s = 0; s < NX_NSEGS; s++)
        nx_namelist_init(&an->nl[s]);
}

void nx_article_names_free(nx_article_names *an)
{
    if (!an)
        return;
    for (int s = 0; s < NX_NSEGS; s++) {
        nx_namelist_free(&an->nl[s]);
        free(an->ent_of[s]);
    }
    scratch *sc = an->scratch;
    if (sc) {
        free(sc->m);
        free(sc->order);
        free(sc->text);
        free(sc->forms);
        free(sc->votes);
        free(sc->disp);
        free(sc);
    }
    free(an->ent);
    free(an->buf);
    memset(an, 0, sizeof *an);
}

static int collect(nx_article_names *an, scratch *sc, const nx_names_input in[NX_NSEGS])
{
    sc->nm = 0;
    sc->tlen = 0;
    for (int s = 0; s < NX_NSEGS; s++) {
        const nx_namelist *nl = &an->nl[s];
        for (size_t i = 0; i < nl->n; i++) {
            if (grow((void **)&sc->m, &sc->mcap, sc->nm + 1, sizeof *sc->m) != 0)
                return -1;
            const char *key = nx_name_key(nl, i);
            size_t kl = strlen(key);
            const char *canon = NULL;
            if (nx_gaz_lookup(key, kl, &canon) & NX_GAZ_PLACE) {
                if (canon) {
                    key = canon;
                    kl = strlen(canon);
                }
            }
            mref *m = &sc->m[sc->nm];
            m->seg = s;
            m->idx = i;
            m->ent = -1;
            m->key = text_add(sc, key, kl);
            m->keylen = kl;
            m->nkey = m->key == (size_t)-1 ? (size_t)-1 : text_add(sc, sc->text + m->key, kl);
            if (m->key == (size_t)-1 || m->nkey == (size_t)-1)
                return -1;
            for (size_t k = 0; k < kl; k++)
                if (sc->text[m->nkey + k] == '-')
                    sc->text[m->nkey + k] = ' ';
            m->nkeylen = kl;
            m->words = count_words(sc->text + m->nkey, kl);
            const nx_name *nm = &nl->v[i];
            m->weight = s == NX_SEG_TITLE ? NX_COREF_WEIGHT_HEADLINE :
                        nm->first_tok < NX_COREF_LEAD_TOKENS ? NX_COREF_WEIGHT_LEAD : 1.0;
            sc->nm++;
        }
        (void)in;
    }
    return 0;
}

nx_status nx_article_names_find(nx_article_names *an, const nx_names_input in[NX_NSEGS],
                                const nx_namefind_opts *opts)
{
    an->nent = 0;
    an->buflen = 0;
    if (!an->scratch && !(an->scratch = calloc(1, sizeof(scratch))))
        return NX_ERR_NOMEM;
    scratch *sc = an->scratch;
    nx_namefind_opts o = { NX_NAMES_EN, 1 };
    if (opts)
        o.lang = opts->lang;
    for (int s = 0; s < NX_NSEGS; s++) {
        an->nl[s].n = 0;
        if (in[s].text && in[s].tl) {
            nx_status st = nx_find_names_ex(in[s].text, in[s].len, in[s].tl, &o, &an->nl[s]);
            if (st != NX_OK)
                return st;
        }
    }
    if (sc->fcap)
        memset(sc->forms, 0, sc->fcap * sizeof *sc->forms);
    sc->nforms = 0;
    if (collect(an, sc, in) != 0 || group(an, sc) != 0 || finish(an, sc, in) != 0) {
        an->nent = 0;
        return NX_ERR_NOMEM;
    }
    for (int s = 0; s < NX_NSEGS; s++) {
        if (grow((void **)&an->ent_of[s], &an->ent_of_cap[s], an->nl[s].n + 1, sizeof(int)) != 0) {
            an->nent = 0;
            return NX_ERR_NOMEM;
        }
    }
    for (size_t i = 0; i < sc->nm; i++)
        an->ent_of[sc->m[i].seg][sc->m[i].idx] = sc->m[i].ent;
    return NX_OK;
}

/* ------------------------------------------------------------ info strings */

char *nx_name_info_format(const nx_article_names *an, size_t i)
{
    const nx_entity *e = &an->ent[i];
    const char *al = an->buf + e->alias_off, *role = an->buf + e->role_off;
    size_t need = strlen(al) + strlen(role) + 64;
    char *s = malloc(need);
    if (!s)
        return NULL;
    snprintf(s, need, "%s\t%u\t%.2f\t%s\t", nx_name_type_name(e->type), e->mentions, e->salience, al);
    /* a role never holds a tab or a line break: they are its field ends */
    size_t o = strlen(s);
    for (const char *p = role; *p; p++)
        s[o++] = (*p == '\t' || *p == '\n' || *p == '\r') ? ' ' : *p;
    s[o] = '\0';
    return s;
}

void nx_name_info_parse(const char *s, nx_name_info *out)
{
    out->type = NX_NAME_OTHER;
    out->mentions = 1;
    out->salience = 1.0;
    out->aliases = out->role = "";
    out->aliases_len = out->role_len = 0;
    if (!s)
        return;
    const char *f[5] = { 0 };
    size_t fl[5] = { 0 };
    int nf = 0;
    for (const char *p = s; nf < 5;) {
        size_t l = strcspn(p, "\t");
        f[nf] = p;
        fl[nf++] = l;
        if (!p[l])
            break;
        p += l + 1;
    }
    if (nf >= 1) {
        char t[16];
        if (fl[0] < sizeof t) {
            memcpy(t, f[0], fl[0]);
            t[fl[0]] = '\0';
            if (nx_name_type_parse(t, &out->type) != NX_OK)
                out->type = NX_NAME_OTHER;
        }
    }
    if (nf >= 2) {
        unsigned long v = strtoul(f[1], NULL, 10);
        if (v >= 1 && v < 1000000)
            out->mentions = (unsigned)v;
    }
    if (nf >= 3) {
        double v = strtod(f[2], NULL);
        if (v > 0 && v < 1e9)
            out->salience = v;
    }
    if (nf >= 4) {
        out->aliases = f[3];
        out->aliases_len = fl[3];
    }
    if (nf >= 5) {
        out->role = f[4];
        out->role_len = fl[4];
    }
}

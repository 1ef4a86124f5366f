/*
 * names.c — proper-name recognition over nx_tokenize() output (names.h).
 *
 * The rules are applied in passes over the token list:
 *   1. per-token context in scratch flags: invalid tokens, French elided
 *      articles, "shouted" units (mostly ALL CAPS) and table lines,
 *      tickers in angle brackets, heading lines, effective sentence starts;
 *   2. a hash set of the words that open a run of capitalised words
 *      mid-sentence, the evidence that lets a sentence-initial or heading
 *      word count as a name;
 *   3. the run scan: capitalised runs (with particles, connectors, "and"
 *      inside organisation names, comma-joined firm names, hyphen parts,
 *      initials) are split at titles, trimmed of openers, demonyms, days
 *      and months, typed from their cues and emitted as nx_name records;
 *   4. keys and display strings are written into the list buffer.
 * The word tables are in names_lexicon.c, places and given names in the
 * gazetteer.  The scratch of passes 1-3 lives in nl->buf and is
 * overwritten by pass 4, so a warm list never allocates.  Every pass is
 * O(tokens + text bytes), but for the bounded look-ahead of the run scan.
 */
#include "names.h"
#include "lib/utf8.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "analysis/gazetteer.h"
#include "analysis/names_lexicon.h"

/* Per-token scratch flags (one byte per token in the list buffer). */
enum {
    F_BAD = 1,      /* span or normalised text out of bounds: never used */
    F_SHOUT = 2,    /* in a line/sentence that is mostly ALL CAPS, or a table row */
    F_HEAD = 4,     /* on a heading line */
    F_SSTART = 8,   /* effective sentence start */
    F_TICKER = 16,  /* inside "<...>" in capitals: a ticker ("<EK>", "<CPAT.L>") */
};

/* Gaps between two tokens (bytes from one's end to the next's start). */
enum { GAP_SPACE, GAP_DOT, GAP_AMP, GAP_COMMA, GAP_OPEN, GAP_CLOSE, GAP_OTHER };

typedef struct ctx {
    const char *text;
    size_t len;
    const nx_toklist *tl;
    nx_names_lang lang;
    int keep_weak;
    uint64_t m_opener;      /* the opener bit of this language */
    unsigned char *tf;      /* scratch flags (F_*), tl->n bytes */
    unsigned char *el;      /* bytes of an elided article at the token's start ("l'") */
    unsigned char *eln;     /* ... in its normalised text */
    uint32_t *fl;           /* token flags, recomputed after an elided article */
    uint64_t *wm;           /* lexicon bits (W_*) of each token, 0 for a bad one */
    size_t *set;            /* open-addressing set of token index + 1; 0 = empty */
    size_t setmask;
    size_t pending_def;     /* token of an abbreviation defined in brackets, + 1 */
    int wrapped;            /* the text is wire copy wrapped at a line width */
    nx_namelist *nl;
} ctx;

#define TOK_IS(c, i, bit) (((c)->wm[i] & (bit)) != 0)

static const char *tnorm(const ctx *c, size_t i, size_t *len)
{
    *len = c->tl->tok[i].norm_len - c->eln[i];
    return c->tl->buf + c->tl->tok[i].norm_off + c->eln[i];
}

static unsigned tflags(const ctx *c, size_t i) { return c->fl[i]; }

static size_t tok_start(const ctx *c, size_t i) { return c->tl->tok[i].start + c->el[i]; }

static int norm_is(const ctx *c, size_t i, const char *w)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    return strlen(w) == len && memcmp(s, w, len) == 0;
}

static int norm_ends(const ctx *c, size_t i, const char *suffix, size_t minlen)
{
    size_t len, sl = strlen(suffix);
    const char *s = tnorm(c, i, &len);
    return len >= sl + minlen && memcmp(s + len - sl, suffix, sl) == 0;
}

static size_t tok_cps(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    return nx_utf8_count(s, len);
}

/* German titles are compounds: "Verkehrsminister", "GDL-Chef",
 * "Fraktionschef", "Personalvorstand". */
static const char *const k_title_suffix_de[] = {
    "minister", "ministerin", "präsident", "präsidentin", "kanzler", "kanzlerin", "chef",
    "chefin", "vorsitzende", "vorsitzender", "sprecher", "sprecherin", "vorstand",
    "direktor", "direktorin", "botschafter", "botschafterin", "trainer", "trainerin",
};
/* German organisation words are compounds too: "Bundesbank", "Bundesagentur". */
static const char *const k_org_suffix_de[] = {
    "bank", "agentur", "ministerium", "verband", "gewerkschaft", "partei", "institut",
    "instituts", "stiftung", "gericht", "konzern", "kasse", "behörde", "bahn", "amt",
};

#define NTAB(t) (sizeof(t) / sizeof *(t))

static int title_class(const ctx *c, size_t i)
{
    int cls = nx_names_lex_title(c->wm[i]);
    if (cls != T_NONE)      /* "Herr", "Mme" title no English name */
        return c->lang == NX_NAMES_EN && TOK_IS(c, i, W_TITLE_FOREIGN) ? T_NONE : cls;
    if (c->lang == NX_NAMES_DE && (tflags(c, i) & NX_TOK_CAPITALISED))
        for (size_t k = 0; k < NTAB(k_title_suffix_de); k++)
            if (norm_ends(c, i, k_title_suffix_de[k], 0))
                return T_STRONG;
    if (c->lang == NX_NAMES_FR && norm_is(c, i, "m") &&
        ((tflags(c, i) & NX_TOK_ABBREV) || (c->tl->tok[i].end < c->len && c->text[c->tl->tok[i].end] == '.')))
        return T_STRONG;        /* "M. Macron" */
    return T_NONE;
}

static int org_word_de(const ctx *c, size_t i)
{
    if (c->lang != NX_NAMES_DE)
        return 0;
    for (size_t k = 0; k < NTAB(k_org_suffix_de); k++)
        if (norm_ends(c, i, k_org_suffix_de[k], 3))
            return 1;       /* "Bundesbank"; "Bank" alone is any bank */
    return 0;
}

/* Capitalised letter word (not a number). */
static int is_cap(const ctx *c, size_t i)
{
    unsigned f = tflags(c, i);
    return !(c->tf[i] & (F_BAD | F_TICKER)) && !(f & NX_TOK_NUMBER) &&
           (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS));
}

static int is_place(const ctx *c, size_t s, size_t e);

/* A short all-caps word inside mixed-case text: "NATO", "IMF", "U.S.",
 * "UKASTA"; not a place in capitals, which is a dateline ("LONDON"). */
static int is_acronym(const ctx *c, size_t i)
{
    if (!is_cap(c, i) || !(tflags(c, i) & NX_TOK_ALLCAPS))
        return 0;
    size_t n = tok_cps(c, i);
    return n >= 2 && n <= 6 && (n < 4 || !is_place(c, i, i + 1));
}

/* A capital inside the word as well: "AfD", "McCarthy", "eBay" no, "iTunes" no. */
static int inner_capital(const ctx *c, size_t i)
{
    const char *s = c->text + tok_start(c, i);
    size_t n = c->tl->tok[i].end - tok_start(c, i);
    for (size_t k = 1; k < n; k++)
        if (s[k] >= 'A' && s[k] <= 'Z')
            return 1;
    return 0;
}

static int is_initial(const ctx *c, size_t i)
{
    return is_cap(c, i) && tok_cps(c, i) == 1;
}

/* A capitalised word that may be part of a name, ignoring the heading rule.
 * Long all-caps words ("LONDON" in a dateline) are not; neither are "And"
 * and "Or" in title case, which join only as "and" does. */
static int cap_word_raw(const ctx *c, size_t i)
{
    if (!is_cap(c, i) || (c->tf[i] & F_SHOUT) || TOK_IS(c, i, W_AND) || norm_is(c, i, "or"))
        return 0;
    return !(tflags(c, i) & NX_TOK_ALLCAPS) || is_acronym(c, i);
}

static int in_set(const ctx *c, size_t i);

static int cap_word(const ctx *c, size_t i)
{
    if (!cap_word_raw(c, i))
        return 0;
    return !(c->tf[i] & F_HEAD) || in_set(c, i);
}

static int lower_word(const ctx *c, size_t i)
{
    unsigned f = tflags(c, i);
    return !(c->tf[i] & (F_BAD | F_SHOUT)) && !(f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS | NX_TOK_NUMBER));
}

static int is_particle(const ctx *c, size_t i)
{
    if (!lower_word(c, i))
        return 0;
    switch (c->lang) {
    case NX_NAMES_DE:
        if (norm_is(c, i, "von") || norm_is(c, i, "zu") || norm_is(c, i, "van") || norm_is(c, i, "de"))
            return 1;
        /* "der" only in "von der" */
        return i > 0 && (norm_is(c, i, "der") || norm_is(c, i, "den") || norm_is(c, i, "dem")) &&
               norm_is(c, i - 1, "von");
    case NX_NAMES_FR:
        return TOK_IS(c, i, W_PARTICLE) && !norm_is(c, i, "ter") && !norm_is(c, i, "ten") &&
               !norm_is(c, i, "y") && !norm_is(c, i, "zu") && !norm_is(c, i, "der") &&
               !norm_is(c, i, "den") && !norm_is(c, i, "dei");
    default:
        return TOK_IS(c, i, W_PARTICLE);
    }
}

static int is_particle_starter(const ctx *c, size_t i)
{
    if (!is_particle(c, i))
        return 0;
    switch (c->lang) {
    case NX_NAMES_DE:   /* "von" is a preposition: only "von der Leyen" */
        return (norm_is(c, i, "von") && i + 1 < c->tl->n &&
                (norm_is(c, i + 1, "der") || norm_is(c, i + 1, "dem"))) || norm_is(c, i, "van");
    case NX_NAMES_FR:   /* "la SNCF", "de la SNCF": articles; "de Gaulle" */
        return norm_is(c, i, "de") && i + 1 < c->tl->n && cap_word(c, i + 1) && !is_acronym(c, i + 1);
    default:
        return TOK_IS(c, i, W_PARTICLE_STARTER);
    }
}

/* Lower-case "of" between capitalised words: "Bank of England". */
static int is_of(const ctx *c, size_t i)
{
    return lower_word(c, i) && TOK_IS(c, i, W_OF);
}

static int is_connector(const ctx *c, size_t i)
{
    return lower_word(c, i) && TOK_IS(c, i, W_CONNECTOR);
}

/* "and" (or "And" in title case), "und", "et". */
static int is_and(const ctx *c, size_t i)
{
    return !(c->tf[i] & (F_BAD | F_SHOUT)) && TOK_IS(c, i, W_AND);
}

static int is_opener(const ctx *c, size_t i) { return TOK_IS(c, i, c->m_opener); }

static int is_space_byte(unsigned char b)
{
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
}

/* What separates tokens p and q = p + 1 (see GAP_*): white space with at
 * most one line break, and around it at most one '.', '&', ',', '(' or
 * ')' (an apostrophe may end a possessive before '(': "Unions' (ACTU)"). */
static int gap_kind(const ctx *c, size_t p, size_t q)
{
    const unsigned char *t = (const unsigned char *)c->text;
    if ((c->tf[p] | c->tf[q]) & F_BAD)
        return GAP_OTHER;
    size_t a = c->tl->tok[p].end, b = tok_start(c, q);
    if (b > c->len || a > b)
        return GAP_OTHER;
    int kind = GAP_SPACE, nl = 0, apos = 0;
    for (size_t k = a; k < b; k++) {
        unsigned char ch = t[k];
        if (ch == 0xC2 && k + 1 < b && t[k + 1] == 0xA0) {
            k++;        /* no-break space */
            continue;
        }
        if (is_space_byte(ch)) {
            if (ch == '\n' && ++nl > 1)
                return GAP_OTHER;
            continue;
        }
        int k2 = ch == '.' ? GAP_DOT : ch == '&' ? GAP_AMP : ch == ',' ? GAP_COMMA :
                 ch == '(' ? GAP_OPEN : ch == ')' ? GAP_CLOSE : GAP_OTHER;
        if (ch == '\'' && k == a && k + 1 < b) {
            apos = 1;
            continue;
        }
        if (k2 == GAP_OTHER || kind != GAP_SPACE)
            return GAP_OTHER;
        kind = k2;
    }
    return apos && kind != GAP_OPEN ? GAP_OTHER : kind;
}

/* "J. Trump", "Mr. Smith", "U.S. President", "Exxon Corp. unit": the dot
 * after p does not separate p from q. */
static int dot_excused(const ctx *c, size_t p, size_t q)
{
    if (!is_cap(c, p))
        return 0;
    if (!(tflags(c, p) & NX_TOK_ABBREV) && !is_initial(c, p) && !TOK_IS(c, p, W_DOTTED_TITLE))
        return 0;
    if (is_opener(c, q))
        return 0;
    int g = gap_kind(c, p, q);
    return g == GAP_DOT || g == GAP_SPACE;
}

/* May tokens p and q = p + 1 belong to the same name? */
static int joinable(const ctx *c, size_t p, size_t q)
{
    if ((c->tf[p] | c->tf[q]) & (F_BAD | F_TICKER))
        return 0;
    if ((c->tf[p] ^ c->tf[q]) & F_HEAD)
        return 0;
    if (tflags(c, p) & NX_TOK_POSSESSIVE)
        return 0;
    unsigned fq = tflags(c, q);
    if (fq & NX_TOK_HYPHENATED)
        return 1;
    if (c->tf[q] & F_SSTART)
        return 0;
    if (!(fq & NX_TOK_PUNCT_BEFORE) && c->el[q] == 0 && gap_kind(c, p, q) == GAP_SPACE)
        return 1;
    return c->el[q] == 0 && dot_excused(c, p, q);
}

/* ------------------------------------------------------------ pass 1: context */

/* A French elided article ("l'", "d'", "qu'") before a capital: the name
 * starts after it. */
static void mark_elision(ctx *c, size_t i)
{
    const nx_token *t = &c->tl->tok[i];
    const char *norm = c->tl->buf + t->norm_off;
    size_t p = 0;
    while (p < t->norm_len && p < 3 && norm[p] != '\'')
        p++;
    if (p == 0 || p >= 3 || p + 1 >= t->norm_len || norm[p] != '\'' ||
        (p == 2 && memcmp(norm, "qu", 2) != 0))
        return;
    /* the same apostrophe in the source: ASCII or U+2019 */
    const char *s = c->text + t->start;
    size_t sp = p, ap;
    if (s[sp] == '\'')
        ap = 1;
    else if (t->end - t->start > sp + 3 && memcmp(s + sp, "\xE2\x80\x99", 3) == 0)
        ap = 3;
    else
        return;
    size_t rs = t->start + sp + ap;
    unsigned char lead = (unsigned char)c->text[rs];
    size_t cl = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (rs + cl > t->end || p + 1 + cl > t->norm_len)
        return;
    if (memcmp(c->text + rs, norm + p + 1, cl) == 0) {
        /* lower case after the apostrophe: "L'action", "d'investissement"
         * are ordinary words, whatever the capital before it */
        c->fl[i] &= ~(unsigned)(NX_TOK_CAPITALISED | NX_TOK_ALLCAPS);
        return;
    }
    c->el[i] = (unsigned char)(sp + ap);
    c->eln[i] = (unsigned char)(p + 1);
    unsigned f = c->fl[i] & ~(unsigned)(NX_TOK_CAPITALISED | NX_TOK_ALLCAPS);
    size_t letters = 0, upper = 0;
    for (size_t k = rs; k < t->end; k++) {
        unsigned char ch = (unsigned char)c->text[k];
        letters += (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || ch >= 0x80;
        upper += ch >= 'A' && ch <= 'Z';
    }
    f |= NX_TOK_CAPITALISED;
    if (letters >= 2 && upper == letters)
        f |= NX_TOK_ALLCAPS;
    c->fl[i] = f;
}

/* Tokens must lie inside the text, in order and without overlap, with
 * their normalised text inside the buffer; others are ignored. */
static void mark_bad(ctx *c)
{
    const nx_toklist *tl = c->tl;
    size_t floor = 0;
    for (size_t i = 0; i < tl->n; i++) {
        const nx_token *t = &tl->tok[i];
        int bad = t->start >= t->end || t->end > c->len || t->start < floor || !tl->buf ||
                  t->norm_off > tl->buflen || t->norm_len >= tl->buflen - t->norm_off;
        c->tf[i] = bad ? F_BAD : 0;
        c->el[i] = c->eln[i] = 0;
        c->fl[i] = t->flags;
        c->wm[i] = 0;
        if (bad)
            continue;
        floor = t->end;
        if (c->lang == NX_NAMES_FR)
            mark_elision(c, i);
        /* "eBay", "iTunes": a capital second letter makes a name too */
        if (!(c->fl[i] & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS)) && t->end - t->start >= 3 &&
            c->text[t->start] >= 'a' && c->text[t->start] <= 'z' && c->text[t->start + 1] >= 'A' &&
            c->text[t->start + 1] <= 'Z')
            c->fl[i] |= NX_TOK_CAPITALISED;
        size_t len;
        const char *s = tnorm(c, i, &len);
        c->wm[i] = nx_names_lex_bits(s, len);
    }
}

/* A unit (tokens between sentence or line breaks) is shouted when at least
 * two words and most of its words are ALL CAPS: a wire headline.  A line
 * with at least two numbers and no more words than numbers is a table row
 * ("WHEAT  1,234  5,678"). */
static void mark_shouting(ctx *c)
{
    size_t n = c->tl->n, i = 0;
    while (i < n) {
        size_t j = i + 1, words = 0, caps = 0;
        while (j < n && !(tflags(c, j) & (NX_TOK_LINE_START | NX_TOK_SENT_START)))
            j++;
        for (size_t k = i; k < j; k++) {
            if ((c->tf[k] & F_BAD) || (tflags(c, k) & NX_TOK_NUMBER))
                continue;
            words++;
            caps += (tflags(c, k) & NX_TOK_ALLCAPS) != 0;
        }
        if (caps >= 2 && caps * 2 > words)
            for (size_t k = i; k < j; k++)
                c->tf[k] |= F_SHOUT;
        i = j;
    }
    for (i = 0; i < n;) {
        size_t j = i + 1, words = 0, nums = 0;
        while (j < n && !(tflags(c, j) & NX_TOK_LINE_START))
            j++;
        for (size_t k = i; k < j; k++) {
            if (c->tf[k] & F_BAD)
                continue;
            if (tflags(c, k) & NX_TOK_NUMBER)
                nums += !(tflags(c, k) & NX_TOK_HYPHENATED);
            else
                words++;
        }
        if (nums >= 2 && nums >= words && words <= 2)
            for (size_t k = i; k < j; k++)
                c->tf[k] |= F_SHOUT;
        i = j;
    }
}

/* "<EK>", "<CPAT.L>": tickers after a company's name, never names.  A
 * bracket holding lower case ("<Multi-Step Products Inc>") is a name. */
static void mark_tickers(ctx *c)
{
    size_t n = c->tl->n;
    for (size_t i = 0; i < n; i++) {
        size_t s = c->tl->tok[i].start;
        if ((c->tf[i] & F_BAD) || s == 0 || c->text[s - 1] != '<')
            continue;
        size_t e = s;
        while (e < c->len && e < s + 24 && c->text[e] != '>' && c->text[e] != '\n' &&
               !(c->text[e] >= 'a' && c->text[e] <= 'z'))
            e++;
        if (e >= c->len || c->text[e] != '>')
            continue;
        for (size_t k = i; k < n && c->tl->tok[k].start < e; k++)
            c->tf[k] |= F_TICKER;
    }
}

/* Does the line of tokens [ls, le) look like a heading: short, every word
 * capitalised (or a small function word), no punctuation, alone on its
 * line and ended by a line break? */
static int is_heading(const ctx *c, size_t ls, size_t le)
{
    const nx_token *tok = c->tl->tok;
    if (le - ls > 10)
        return 0;
    if (ls > 0 && !(tflags(c, ls) & (NX_TOK_SENT_START | NX_TOK_PARA_START)))
        return 0;
    size_t caps = 0;
    for (size_t k = ls; k < le; k++) {
        if (c->tf[k] & F_BAD)
            return 0;
        unsigned f = tflags(c, k);
        if (k > ls && (f & NX_TOK_PUNCT_BEFORE))
            return 0;
        if (f & (NX_TOK_CAPITALISED | NX_TOK_ALLCAPS))
            caps++;
        else if (!(f & NX_TOK_NUMBER) && !TOK_IS(c, k, W_HEADING_SMALL) && !is_particle(c, k))
            return 0;
    }
    if (!caps)
        return 0;
    /* nothing but blanks before it on its line */
    for (size_t b = tok[ls].start; b > 0; b--) {
        unsigned char ch = (unsigned char)c->text[b - 1];
        if (ch == '\n')
            break;
        if (ch != ' ' && ch != '\t' && ch != '\r')
            return 0;
    }
    /* and a line break right after it */
    for (size_t b = tok[le - 1].end; b < c->len; b++) {
        unsigned char ch = (unsigned char)c->text[b];
        if (ch == '\n')
            return 1;
        if (ch != ' ' && ch != '\t' && ch != '\r')
            return 0;
    }
    return 0;
}

/* Wire datelines: "LONDON, March 3 (Reuters) - Oil prices rose": the word
 * after the spaced dash that follows an ALL CAPS line opener starts the
 * sentence.  ls is the first token of i's line. */
static int after_dateline(const ctx *c, size_t ls, size_t i)
{
    if (i == ls || i - ls > 6 || !(tflags(c, i) & NX_TOK_PUNCT_BEFORE))
        return 0;
    if (((c->tf[ls] | c->tf[i - 1]) & F_BAD) || !(tflags(c, ls) & NX_TOK_ALLCAPS) ||
        tok_cps(c, ls) < 3)
        return 0;
    const char *x = c->text;
    size_t a = c->tl->tok[i - 1].end, b = c->tl->tok[i].start;
    for (size_t k = a; k + 3 <= b; k++) {
        if (x[k] == ' ' && x[k + 1] == '-' && x[k + 2] == ' ')
            return 1;
        if (memcmp(x + k, "\xE2\x80", 2) == 0 &&
            ((unsigned char)x[k + 2] == 0x93 || (unsigned char)x[k + 2] == 0x94))
            return 1;   /* en or em dash */
    }
    return 0;
}

/* "Rockwell International Corp <ROK> - Shelf offering of...": a spaced
 * dash (or en or em dash) opens a clause, whose first capital proves
 * nothing. */
static int after_spaced_dash(const ctx *c, size_t i)
{
    if (i == 0 || (c->tf[i - 1] & F_BAD))
        return 0;
    const char *x = c->text;
    size_t a = c->tl->tok[i - 1].end, b = c->tl->tok[i].start;
    for (size_t k = a; k + 3 <= b; k++) {
        if (x[k] == ' ' && x[k + 1] == '-' && (x[k + 2] == ' ' || (x[k + 2] == '-' && k + 3 < b && x[k + 3] == ' ')))
            return 1;
        if (k + 4 <= b && x[k] == ' ' && memcmp(x + k + 1, "\xE2\x80", 2) == 0 &&
            ((unsigned char)x[k + 3] == 0x93 || (unsigned char)x[k + 3] == 0x94))
            return 1;
    }
    return 0;
}

/* A word right after an opening quote starts a (quoted) sentence:
 * 'she said: "We will'.  A closing quote is followed by a space instead. */
static int opens_quote(const ctx *c, size_t i)
{
    size_t s = c->tl->tok[i].start;
    const char *x = c->text;
    if (s >= 1 && x[s - 1] == '"')
        return 1;
    if (s >= 2 && memcmp(x + s - 2, "\xC2\xAB", 2) == 0)
        return 1;       /* « */
    if (s >= 3 && memcmp(x + s - 3, "\xC2\xAB ", 3) == 0)
        return 1;
    return s >= 3 && (memcmp(x + s - 3, "\xE2\x80\x9C", 3) == 0 ||
                      memcmp(x + s - 3, "\xE2\x80\x98", 3) == 0);
}

/* A line opening with blanks (two or more, or a tab) starts a paragraph,
 * as in wire copy, or a table row ("    Shr 52 cts vs 49 cts"): either way
 * its first word says nothing about being a name by its capital. */
static int indented_line(const ctx *c, size_t i)
{
    size_t s = c->tl->tok[i].start, blanks = 0;
    while (s > 0) {
        unsigned char ch = (unsigned char)c->text[s - 1];
        if (ch == '\n')
            return blanks >= 2;
        if (ch == '\t')
            blanks += 2;
        else if (ch == ' ')
            blanks++;
        else if (ch != '\r')
            return 0;
        s--;
    }
    return 0;   /* the text's first line: a sentence start already */
}

/* Wire copy is wrapped at 60-80 columns: most of its lines (at least
 * three) are 40 to 90 bytes long.  Its first line can be short and all
 * capitals because the dateline was cut from it ("Federal Reserve Board
 * Vice Chairman / Manuel Johnson said"), so a heading there needs a blank
 * line after it. */
static int wrapped_text(const ctx *c)
{
    size_t lines = 0, wrapped = 0, start = 0;
    for (size_t k = 0; k <= c->len; k++) {
        if (k < c->len && c->text[k] != '\n')
            continue;
        size_t l = k - start;
        if (l > 0) {
            lines++;
            wrapped += l >= 40 && l <= 90;
        }
        start = k + 1;
    }
    return lines >= 3 && wrapped * 5 >= lines * 3;
}

static void mark_sentences_and_headings(ctx *c)
{
    size_t n = c->tl->n, ls = 0;
    c->wrapped = wrapped_text(c);
    for (size_t i = 0; i < n; i++) {
        if (tflags(c, i) & NX_TOK_LINE_START)
            ls = i;
        if (c->tf[i] & F_BAD)
            continue;
        if (i == 0 || ((tflags(c, i) & NX_TOK_SENT_START) && !dot_excused(c, i - 1, i)) ||
            after_dateline(c, ls, i) || opens_quote(c, i) || after_spaced_dash(c, i) ||
            (i == ls && (tflags(c, i) & NX_TOK_LINE_START) && indented_line(c, i)))
            c->tf[i] |= F_SSTART;
    }
    size_t i = 0;
    while (i < n) {
        size_t j = i + 1;
        while (j < n && !(tflags(c, j) & NX_TOK_LINE_START))
            j++;
        if (is_heading(c, i, j) && !(c->wrapped && j < n && !(tflags(c, j) & NX_TOK_PARA_START))) {
            for (size_t k = i; k < j; k++)
                c->tf[k] |= F_HEAD;
            if (j < n)
                c->tf[j] |= F_SSTART;   /* a heading ends without a full stop */
        }
        i = j;
    }
}

/* ------------------------------------------------------------ pass 2: mid-sentence set */

static int same_norm(const ctx *c, size_t i, size_t j)
{
    size_t li, lj;
    const char *si = tnorm(c, i, &li), *sj = tnorm(c, j, &lj);
    return li == lj && memcmp(si, sj, li) == 0;
}

/* Slot for token i's text: the slot holding an equal word, or an empty one. */
static size_t set_slot(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    size_t h = nx_names_hash(s, len) & c->setmask;
    for (size_t probes = 0; probes <= c->setmask; probes++) {
        size_t v = c->set[h];
        if (v == 0 || same_norm(c, v - 1, i))
            return h;
        h = (h + 1) & c->setmask;
    }
    return (size_t)-1;  /* full: cannot happen, the table is at most half full */
}

static int in_set(const ctx *c, size_t i)
{
    size_t h = set_slot(c, i);
    return h != (size_t)-1 && c->set[h] != 0;
}

/* A capitalised word mid-sentence that opens its run: "Digital" inside
 * "Hot Digital Sales" vouches for nothing at a sentence start. */
static int mid_sentence_cap(const ctx *c, size_t i)
{
    if (!cap_word_raw(c, i) || (c->tf[i] & (F_HEAD | F_SSTART)))
        return 0;
    return i == 0 || !joinable(c, i - 1, i) || !cap_word_raw(c, i - 1);
}

/* Fills both sets: the words that open a run mid-sentence, and (in the
 * set's upper half) the words written in lower case, which a lone
 * sentence-initial capital is then unlikely to be a name of ("Sales of
 * downloads" when the text also says "sales"). */
static void fill_set(ctx *c)
{
    for (size_t k = 0; k < 2 * (c->setmask + 1); k++)
        c->set[k] = 0;
    for (size_t i = 0; i < c->tl->n; i++) {
        int lower = lower_word(c, i) && c->tl->tok[i].norm_len >= 3;
        if (!lower && !mid_sentence_cap(c, i))
            continue;
        size_t *saved = c->set;
        if (lower)
            c->set += c->setmask + 1;
        size_t h = set_slot(c, i);
        if (h != (size_t)-1 && c->set[h] == 0)
            c->set[h] = i + 1;
        c->set = saved;
    }
}

static int in_lower_set(ctx *c, size_t i)
{
    size_t *saved = c->set;
    c->set += c->setmask + 1;
    int r = in_set(c, i);
    c->set = saved;
    return r;
}

/* ------------------------------------------------------------ pass 3: runs */

/* End (exclusive, <= b) of the word starting at token w: w plus the parts
 * hyphenated to it. */
static size_t word_end(const ctx *c, size_t w, size_t b)
{
    size_t e = w + 1;
    while (e < b && (tflags(c, e) & NX_TOK_HYPHENATED))
        e++;
    return e;
}

/* Start of the last word of [s, e). */
static size_t last_word(const ctx *c, size_t s, size_t e)
{
    size_t w = e - 1;
    while (w > s && (tflags(c, w) & NX_TOK_HYPHENATED))
        w--;
    return w;
}

/* Title class of the word [w, we): a hyphenated word is a title when all
 * its parts are ("Vice-President"). */
static int word_title(const ctx *c, size_t w, size_t we)
{
    int best = T_NONE;
    for (size_t k = w; k < we; k++) {
        int cls = title_class(c, k);
        if (cls == T_NONE)
            return T_NONE;
        if (cls > best)
            best = cls;
    }
    return best;
}

/* Byte end of token t as shown in a name: possessive 's cut, the dot of an
 * initial or abbreviation kept when the tokenizer left it out. */
static size_t disp_end(const ctx *c, size_t t, int last)
{
    const nx_token *tk = &c->tl->tok[t];
    const char *x = c->text;
    size_t e = tk->end;
    if (tflags(c, t) & NX_TOK_POSSESSIVE) {
        if (e >= tk->start + 3 && (x[e - 1] == 's' || x[e - 1] == 'S') && x[e - 2] == '\'')
            return e - 2;
        if (e >= tk->start + 5 && (x[e - 1] == 's' || x[e - 1] == 'S') &&
            memcmp(x + e - 4, "\xE2\x80\x99", 3) == 0)
            return e - 4;
        return e;
    }
    int abbrev = (tflags(c, t) & NX_TOK_ABBREV) != 0;
    if ((abbrev || is_initial(c, t)) && e < c->len && x[e] == '.' &&
        (!last || (abbrev && tok_cps(c, t) >= 2)))
        return e + 1;
    return e;
}

/* The key of tokens [s, e) (norms joined by ' ', '-' for hyphen parts)
 * into buf; 0 when it does not fit. */
static size_t build_key(const ctx *c, size_t s, size_t e, char *buf, size_t cap)
{
    size_t n = 0;
    for (size_t t = s; t < e; t++) {
        size_t len;
        const char *w = tnorm(c, t, &len);
        if (n + len + 2 > cap)
            return 0;
        if (t > s)
            buf[n++] = (tflags(c, t) & NX_TOK_HYPHENATED) ? '-' : ' ';
        memcpy(buf + n, w, len);
        n += len;
    }
    buf[n] = '\0';
    return n;
}

static unsigned gaz(const ctx *c, size_t s, size_t e)
{
    char key[256];
    size_t n = build_key(c, s, e, key, sizeof key);
    return n ? nx_gaz_lookup(key, n, NULL) : 0;
}

static int is_place(const ctx *c, size_t s, size_t e) { return (gaz(c, s, e) & NX_GAZ_PLACE) != 0; }

static int single_token_is(const ctx *c, size_t s, size_t e, uint64_t bit)
{
    return e == s + 1 && TOK_IS(c, s, bit);
}

/* A leading month is a date when a date word or a number comes before it. */
static int month_is_date_before(const ctx *c, size_t s)
{
    if (s == 0 || (c->tf[s - 1] & F_BAD))
        return 0;
    return (tflags(c, s - 1) & NX_TOK_NUMBER) || TOK_IS(c, s - 1, W_DATE_PREP);
}

static int month_is_date_after(const ctx *c, size_t e)
{
    return e < c->tl->n && !(c->tf[e] & F_BAD) && (tflags(c, e) & NX_TOK_NUMBER);
}

static int is_month(const ctx *c, size_t i)
{
    return TOK_IS(c, i, W_MONTH) || (c->lang == NX_NAMES_DE && TOK_IS(c, i, W_DATE_DE)) ||
           (c->lang == NX_NAMES_FR && TOK_IS(c, i, W_DATE_FR));
}

static int is_day(const ctx *c, size_t i)
{
    return TOK_IS(c, i, W_DAY) || (c->lang == NX_NAMES_DE && TOK_IS(c, i, W_DATE_DE)) ||
           (c->lang == NX_NAMES_FR && TOK_IS(c, i, W_DATE_FR));
}

/* Drops days, dated months, "MPs"-style words, post-nominals ("QC"),
 * stray particles and "of" from both ends of [*s, *e). */
static void trim_segment(const ctx *c, size_t *s, size_t *e)
{
    while (*s < *e) {
        size_t fw = word_end(c, *s, *e), lw = last_word(c, *s, *e);
        if ((fw == *s + 1 && is_day(c, *s) && !TOK_IS(c, *s, W_MONTH)) ||
            (fw == *s + 1 && is_month(c, *s) && (month_is_date_before(c, *s) ||
                                                  c->lang != NX_NAMES_EN)))
            *s = fw;
        else if (is_of(c, *s) || single_token_is(c, *s, fw, W_ACRONYM_STOP))
            *s = fw;
        else if (is_of(c, lw) ||
                 (*e == lw + 1 && is_day(c, lw) && !TOK_IS(c, lw, W_MONTH) &&
                  !(lw == *s + 1 && (gaz(c, *s, lw) & NX_GAZ_GIVEN))) ||
                 single_token_is(c, lw, *e, W_ACRONYM_STOP) ||
                 single_token_is(c, lw, *e, W_POSTNOMINAL) ||
                 (*e == lw + 1 && is_month(c, lw) &&
                  (month_is_date_after(c, *e) || (lw > *s && is_place(c, *s, lw)))) ||
                 (*e == lw + 1 && (is_particle(c, lw) || is_connector(c, lw) || is_and(c, lw))))
            *e = lw;
        else
            break;
    }
}

/* A lone word that is no name: an initial, "I", a day or month, a
 * demonym, "OK", a particle, a function word ("We" after a colon), a
 * title word on its own ("the President", "Trade and Industry"), a
 * corporate suffix ("Co"), a house-style capital ("Budget"). */
static int lone_word_rejected(const ctx *c, size_t s, size_t e)
{
    if (e != s + 1)
        return 0;
    return is_initial(c, s) || is_particle(c, s) || is_of(c, s) || is_day(c, s) ||
           is_month(c, s) || TOK_IS(c, s, W_ACRONYM_STOP) || is_opener(c, s) ||
           title_class(c, s) != T_NONE || TOK_IS(c, s, W_CORP_SUFFIX | W_GENERIC | W_POSTNOMINAL);
}

/* Is [s, e) one hyphenated word of days and months ("April-July")? */
static int only_dates(const ctx *c, size_t s, size_t e)
{
    for (size_t t = s; t < e; t++)
        if ((t > s && !(tflags(c, t) & NX_TOK_HYPHENATED)) || !(is_month(c, t) || is_day(c, t)))
            return 0;
    return 1;
}

/* Is every word of [s, e) a corporate suffix ("Co Inc")? */
static int only_suffixes(const ctx *c, size_t s, size_t e)
{
    for (size_t t = s; t < e; t++)
        if (!TOK_IS(c, t, W_CORP_SUFFIX))
            return 0;
    return 1;
}

/* The lower-case word right before token s, when nothing but a space
 * separates them (and it is not a sentence's last word). */
static int word_before_is(const ctx *c, size_t s, uint64_t bit, int skip_adj)
{
    if (s == 0 || !lower_word(c, s - 1) || (tflags(c, s) & NX_TOK_PUNCT_BEFORE) || (c->tf[s] & F_SSTART))
        return 0;
    if (TOK_IS(c, s - 1, bit))
        return 1;
    /* "chief economist David Berson" is covered; "chancelier allemand
     * Olaf Scholz": one adjective between */
    if (skip_adj && s >= 2 && lower_word(c, s - 2) && !(tflags(c, s - 1) & NX_TOK_PUNCT_BEFORE) &&
        TOK_IS(c, s - 2, bit)) {
        char key[64];
        size_t n = build_key(c, s - 1, s, key, sizeof key);
        return n && (nx_gaz_lookup(key, n, NULL) & NX_GAZ_DEMONYM);
    }
    return 0;
}

static int has_of_after_org(const ctx *c, size_t s, size_t e)
{
    for (size_t t = s + 1; t + 1 < e; t++)
        if ((is_of(c, t) || is_connector(c, t)) && TOK_IS(c, t - 1, W_ORG_LAST | W_ORG_FIRST))
            return 1;
    return 0;
}

static int org_cue(const ctx *c, size_t s, size_t e)
{
    size_t last = e - 1;
    if (TOK_IS(c, last, W_CORP_SUFFIX))
        return 1;
    if (e > s + 1 && (TOK_IS(c, last, W_ORG_LAST) || TOK_IS(c, s, W_ORG_FIRST)))
        return 1;
    for (size_t t = s; t < e; t++)
        if (org_word_de(c, t) || (t > s && is_and(c, t)))
            return 1;
    return has_of_after_org(c, s, e);
}

/* ", Leeds", ", West Sussex": a place after a comma says the name before
 * it is a place too (an address). */
static int place_after(const ctx *c, size_t e)
{
    size_t n = c->tl->n;
    if (e >= n || gap_kind(c, e - 1, e) != GAP_COMMA || !cap_word(c, e))
        return 0;
    size_t m = e + 1;
    while (m < n && m < e + 4 && joinable(c, m - 1, m) && cap_word(c, m))
        m++;
    for (size_t k = m; k > e; k--)
        if (is_place(c, e, k))
            return k == n || !(joinable(c, k - 1, k) && cap_word(c, k));
    return 0;
}

/* "in Kinross", "near Balado", "à Toulouse": a preposition of place
 * before a name without other cues.  A weak cue. */
static int place_before(const ctx *c, size_t s)
{
    static const char *const preps[] = { "in", "near", "outside", "à", "bei", "nahe" };
    if (s == 0 || !lower_word(c, s - 1) || (tflags(c, s) & NX_TOK_PUNCT_BEFORE))
        return 0;
    for (size_t k = 0; k < NTAB(preps); k++)
        if (norm_is(c, s - 1, preps[k]))
            return 1;
    return 0;
}

/* The type of [s, e) from its cues; *strong set when the cue rarely
 * misleads.  person: a title came before. */
static nx_name_type name_type(const ctx *c, size_t s, size_t e, int person, int *strong)
{
    *strong = 1;
    if (person)
        return NX_NAME_PERSON;
    unsigned g = gaz(c, s, e);
    if (g & NX_GAZ_PLACE)
        return NX_NAME_PLACE;
    if (g & NX_GAZ_ORG)
        return NX_NAME_ORG;
    if (TOK_IS(c, e - 1, W_OTHER_LAST) && e > s + 1)
        return NX_NAME_OTHER;           /* "Consumer Electronics Show", "Nice Treaty" */
    if (org_cue(c, s, e))
        return NX_NAME_ORG;
    if (e == s + 1 && TOK_IS(c, s, W_ORG_ACRONYM))
        return NX_NAME_ORG;
    if (word_before_is(c, s, W_ROLE_NOUN, 1))
        return NX_NAME_PERSON;
    for (size_t t = s; t + 1 < e; t++)
        if (is_initial(c, t) && !(tflags(c, t) & NX_TOK_HYPHENATED) && !is_acronym(c, t + 1) &&
            joinable(c, t, t + 1) && !norm_is(c, t, "a") && !norm_is(c, t, "i"))
            return NX_NAME_PERSON;      /* "J. K. Rowling", not "R&B" */
    size_t fw = word_end(c, s, e);
    if (fw < e && (gaz(c, s, fw) & NX_GAZ_GIVEN) && !is_place(c, fw, e))
        return NX_NAME_PERSON;
    if (word_before_is(c, s, W_ORG_NOUN, 1))
        return NX_NAME_ORG;
    if (place_after(c, e))
        return NX_NAME_PLACE;           /* "Headingley, Leeds" */
    *strong = 0;
    if (e > s + 1 && (TOK_IS(c, s, W_PLACE_FIRST) || TOK_IS(c, e - 1, W_PLACE_LAST)))
        return NX_NAME_PLACE;
    if (e == s + 1 && TOK_IS(c, s, W_PLACE_LAST))
        return NX_NAME_PLACE;           /* "the Republic" */
    if (place_before(c, s))
        return NX_NAME_PLACE;           /* "near Kinross" */
    for (size_t t = s + 1; t + 1 < e; t++)
        if (is_particle(c, t) && !is_of(c, t))
            return NX_NAME_PERSON;      /* "Ursula von der Leyen" */
    if (e == s + 1 && TOK_IS(c, s, W_ORG_LAST | W_ORG_FIRST))
        return NX_NAME_ORG;             /* "the Commission" */
    if (e == s + 1 && is_acronym(c, s) && !(tflags(c, s) & NX_TOK_ABBREV))
        return NX_NAME_ORG;             /* most abbreviations in news name bodies */
    return NX_NAME_OTHER;
}

static nx_status push_name(ctx *c, size_t s, size_t e, nx_name_type type, unsigned flags,
                           size_t role_s, size_t role_e)
{
    nx_namelist *nl = c->nl;
    if (nl->n == nl->cap) {
        size_t ncap = nl->cap ? nl->cap * 2 : 16;
        if (ncap > SIZE_MAX / sizeof *nl->v)
            return NX_ERR_NOMEM;
        nx_name *v = realloc(nl->v, ncap * sizeof *v);
        if (!v)
            return NX_ERR_NOMEM;
        nl->v = v;
        nl->cap = ncap;
    }
    if (c->pending_def == s + 1 && e == s + 1)
        flags |= NX_NAME_ABBREV_DEF;
    nx_name *nm = &nl->v[nl->n++];
    nm->first_tok = s;
    nm->ntok = e - s;
    nm->start = tok_start(c, s);
    nm->end = disp_end(c, e - 1, 1);
    /* until pass 4 writes the strings over the scratch, key_off holds the
     * bytes of an elided article to leave out of the key ("l'") */
    nm->key_off = c->eln[s];
    nm->disp_off = 0;
    nm->type = type;
    nm->flags = flags;
    nm->role_start = role_s;
    nm->role_end = role_e;
    return NX_OK;
}

/* A capitalised word (not an acronym) opening a sentence: its capital
 * proves nothing, so alone it is a name only when the mid-sentence set
 * vouches for it. */
static int sentence_opener(const ctx *c, size_t i)
{
    return (c->tf[i] & F_SSTART) && is_cap(c, i) && !is_acronym(c, i);
}

/* Units after a number say it is an amount, not part of a name. */
static int unit_word(const ctx *c, size_t i)
{
    static const char *const units[] = {
        "pct", "mln", "bln", "billion", "million", "dlrs", "dlr", "cts", "stg", "points",
        "per", "tonnes", "tons", "years", "year", "days", "km", "m", "percent",
    };
    for (size_t k = 0; k < NTAB(units); k++)
        if (norm_is(c, i, units[k]))
            return 1;
    return 0;
}

/* "Euro 2004", "Halo 2", "BBC Radio 4", "PL 480": a short number right
 * after a name (not a date, an amount or a score) is part of it. */
static size_t number_tail(const ctx *c, size_t s, size_t e)
{
    size_t n = c->tl->n;
    if (e >= n || !(tflags(c, e) & NX_TOK_NUMBER) || !joinable(c, e - 1, e) ||
        (tflags(c, e) & NX_TOK_HYPHENATED))
        return e;
    size_t len;
    const char *w = tnorm(c, e, &len);
    if (len > 4 || memchr(w, '.', len) || is_month(c, e - 1) || is_day(c, e - 1) ||
        TOK_IS(c, e - 1, W_GENERIC | W_DATE_PREP) || (e == s + 1 && !is_cap(c, s)))
        return e;
    if (e + 1 < n && ((tflags(c, e + 1) & (NX_TOK_HYPHENATED | NX_TOK_NUMBER)) || unit_word(c, e + 1)))
        return e;
    if (c->tl->tok[e].end < c->len && (c->text[c->tl->tok[e].end] == '%' || c->text[c->tl->tok[e].end] == '-'))
        return e;
    return e + 1;
}

static int emit_segment(ctx *c, size_t s, size_t e, int person, int weak, size_t role_s, size_t role_e);

/* "India-Pakistan", "U.S.-Canadian": a hyphenated word of places and
 * demonyms is its places.  Returns 1 when it was one (and emitted). */
static int split_place_compound(ctx *c, size_t s, size_t e, nx_status *st)
{
    if (word_end(c, s, e) != e || e == s + 1)
        return 0;
    int places = 0;
    for (size_t t = s; t < e; t++) {
        unsigned g = gaz(c, t, t + 1);
        if (!(g & (NX_GAZ_PLACE | NX_GAZ_DEMONYM)) || !is_cap(c, t))
            return 0;
        places += (g & NX_GAZ_PLACE) != 0 && !(g & NX_GAZ_DEMONYM);
    }
    if (!places || is_place(c, s, e))
        return 0;       /* "Guinea-Bissau" is one place */
    for (size_t t = s; t < e && *st == NX_OK; t++)
        if ((gaz(c, t, t + 1) & (NX_GAZ_PLACE | NX_GAZ_DEMONYM)) == NX_GAZ_PLACE)
            *st = push_name(c, t, t + 1, NX_NAME_PLACE, NX_NAME_CUE_STRONG, 0, 0);
    return 1;
}

/* Is the segment's first word an abbreviated country before more name
 * ("U.S. Agriculture Department", "US Federal Reserve")? */
static int leading_country_abbrev(const ctx *c, size_t s, size_t e)
{
    if (e < s + 2 || (tflags(c, s + 1) & NX_TOK_HYPHENATED) || !is_acronym(c, s) || !is_place(c, s, s + 1))
        return 0;
    return !is_place(c, s, e) && !is_of(c, s + 1) && !is_and(c, s + 1);
}

/* Does anything but capitals make [s, e) a German name: an abbreviation,
 * a given name, a particle, a place, an organisation word or an adjective
 * written as names write them ("Deutsche", "Europäische")? */
static int german_evidence(const ctx *c, size_t s, size_t e)
{
    static const char *const adj[] = { "ische", "ischen", "ischer", "isches", "ale", "alen", "aler" };
    if ((gaz(c, s, s + 1) & NX_GAZ_GIVEN) && word_end(c, s, e) < e)
        return 1;
    int several = word_end(c, s, e) < e;    /* "Deutsche Bank"; "Bank" alone is any bank */
    for (size_t t = s; t < e; t++) {
        if (is_acronym(c, t) || inner_capital(c, t) || is_particle(c, t) || is_place(c, t, t + 1) ||
            (several && TOK_IS(c, t, W_ORG_LAST | W_ORG_FIRST | W_CORP_SUFFIX)) || org_word_de(c, t))
            return 1;
        if (t + 1 < e && !(tflags(c, t + 1) & NX_TOK_HYPHENATED)) {
            size_t len;
            const char *w = tnorm(c, t, &len);
            if (len > 7 && memcmp(w, "deutsch", 7) == 0)
                return 1;
            for (size_t k = 0; k < NTAB(adj); k++)
                if (norm_ends(c, t, adj[k], 3))
                    return 1;
        }
        if ((tflags(c, t) & NX_TOK_HYPHENATED) && (gaz(c, t - 1, t) & NX_GAZ_GIVEN))
            return 1;       /* "Konrad-Adenauer-Haus" */
    }
    return 0;
}

/* Emits the name [s, e) after trimming and the checks above; returns -1
 * on allocation failure (c->nl untouched otherwise), else 0. */
static int emit_segment(ctx *c, size_t s, size_t e, int person, int weak, size_t role_s, size_t role_e)
{
    size_t e0 = e;
    trim_segment(c, &s, &e);
    if (s >= e)
        return 0;
    nx_status st = NX_OK;
    if (split_place_compound(c, s, e, &st))
        return st == NX_OK ? 0 : -1;
    if (leading_country_abbrev(c, s, e)) {
        if (push_name(c, s, s + 1, NX_NAME_PLACE, NX_NAME_CUE_STRONG, 0, 0) != NX_OK)
            return -1;
        /* what follows alone needs evidence: "U.S. Aid" */
        return emit_segment(c, s + 1, e, person, word_end(c, s + 1, e) == e && !org_cue(c, s + 1, e),
                            role_s, role_e);
    }
    /* leading demonyms: "Nicaraguan Contras", "Indian Government"; the
     * whole name when it is one ("West German", "Latin American") */
    {
        unsigned g = gaz(c, s, e);
        if (g & NX_GAZ_DEMONYM)
            return 0;
        size_t fw = word_end(c, s, e);
        if (fw < e && (gaz(c, s, fw) & NX_GAZ_DEMONYM) && !(gaz(c, s, fw) & (NX_GAZ_PLACE | NX_GAZ_GIVEN)) &&
            !org_cue(c, s, e) && !is_place(c, s, e))
            return emit_segment(c, fw, e, person, weak, role_s, role_e);
    }
    if (lone_word_rejected(c, s, e) || only_suffixes(c, s, e) || only_dates(c, s, e))
        return 0;
    /* "Senate Democratic leader": the party adjective is no part of it */
    if (e > s + 1 && !org_cue(c, s, e) &&
        (norm_is(c, e - 1, "democratic") || norm_is(c, e - 1, "republican") ||
         norm_is(c, e - 1, "federal") || norm_is(c, e - 1, "national"))) {
        e--;
        if (lone_word_rejected(c, s, e))
            return 0;
    }
    /* The sentence-start rule (process_run) again for a word that a date
     * after it had kept company: "Pay May 5" in a dividend table. */
    if (e < e0 && e == s + 1 && (is_month(c, e) || is_day(c, e)) && sentence_opener(c, s) &&
        !in_set(c, s))
        weak = 1;
    if (!cap_word(c, s) && !is_particle(c, s))
        return 0;   /* a trimmed segment left starting on a hyphen part */
    if (e == e0 && !person)
        e = number_tail(c, s, e);
    int strong;
    nx_name_type type = name_type(c, s, e, person, &strong);
    /* German: a lone noun needs more than its capital, and so do nouns
     * side by side ("beide Seiten Stillschweigen") */
    if (c->lang == NX_NAMES_DE && !person && !(strong && type != NX_NAME_OTHER) &&
        !german_evidence(c, s, e))
        weak = 1;
    if (weak && !c->keep_weak)
        return 0;
    unsigned flags = (weak ? NX_NAME_WEAK : 0) | (strong ? NX_NAME_CUE_STRONG : 0);
    if (weak && e == s + 1 && in_lower_set(c, s))
        flags |= NX_NAME_LOWER_SEEN;
    if (type != NX_NAME_PERSON)
        role_s = role_e = 0;
    if (type == NX_NAME_PERSON && role_e == 0 && word_before_is(c, s, W_ROLE_NOUN, 0)) {
        role_s = c->tl->tok[s - 1].start;
        role_e = c->tl->tok[s - 1].end;
    }
    return push_name(c, s, e, type, flags, role_s, role_e) == NX_OK ? 0 : -1;
}

/* Title class of the word [w, we) in the run [a, b): a capitalised role
 * opening the run is a title before a full name ("Model Sophie
 * Anderton", "Coach Mike Friday"; not "Star Wars"). */
static int run_title(const ctx *c, size_t w, size_t we, size_t a, size_t b)
{
    int cls = word_title(c, w, we);
    if (cls == T_NONE && w == a && we == w + 1 && TOK_IS(c, w, W_ROLE_NOUN) && b >= we + 2 &&
        word_end(c, we, b) < b)
        cls = T_STARTONLY;
    return cls;
}

/* Splits the run [a, b) at title blocks and emits the name segments:
 * "French President Emmanuel Macron" -> (French), Emmanuel Macron [person,
 * role "President"]. */
static int split_titles(ctx *c, size_t a, size_t b, int weak)
{
    size_t seg = a, w = a;
    int person = 0;
    size_t role_s = 0, role_e = 0;
    while (w < b) {
        size_t we = word_end(c, w, b);
        /* "GDL-Chef Claus Weselsky", "Bundesbank-Präsident": a name
         * hyphenated to a title */
        if (we > w + 1 && title_class(c, we - 1) >= T_AMBIG && word_title(c, w, we) == T_NONE &&
            title_class(c, w) == T_NONE) {
            size_t after = we;
            if (after < b && word_title(c, after, word_end(c, after, b)) == T_NONE) {
                if (emit_segment(c, seg, we - 1, person, 0, role_s, role_e) != 0)
                    return -1;
                role_s = c->tl->tok[we - 1].start;
                role_e = c->tl->tok[we - 1].end;
                seg = w = we;
                person = 1;
                continue;
            }
        }
        if (run_title(c, w, we, a, b) == T_NONE) {
            w = we;
            continue;
        }
        /* the maximal block of title and modifier words from w */
        size_t bend = w, nwords = 0;
        int strong = 0, head = 0;
        while (bend < b) {
            size_t e2 = word_end(c, bend, b);
            int cls = run_title(c, bend, e2, a, b);
            if (cls == T_NONE && is_of(c, bend) && e2 < b &&
                word_title(c, e2, word_end(c, e2, b)) != T_NONE) {
                bend = e2;      /* "Secretary of State" */
                continue;
            }
            if (cls == T_NONE)
                break;
            head |= cls != T_MOD;
            strong |= cls == T_STRONG || (cls == T_STARTONLY && bend == a);
            nwords++;
            bend = e2;
        }
        if (!head) {
            w = bend;
            continue;
        }
        if (!strong && nwords < 2) {
            /* ambiguous: a title only before a full name of 2+ words
             * ("General Agreement on Tariffs" is none) */
            size_t after = 0;
            for (size_t x = bend; x < b && after < 2; x = word_end(c, x, b)) {
                if (word_title(c, x, word_end(c, x, b)) >= T_AMBIG || !cap_word(c, x) ||
                    TOK_IS(c, x, W_ORG_LAST | W_ORG_FIRST | W_OTHER_LAST | W_OF_HEAD | W_CORP_SUFFIX))
                    break;
                after++;
            }
            if (after < 2) {
                w = bend;
                continue;
            }
        }
        /* a lone word before a title is mostly part of it ("Trade
         * Secretary", "Labour Leader"); places, acronyms and bodies
         * ("Commission President") stay */
        if (w > seg && (word_end(c, seg, w) < w || is_acronym(c, seg) || is_place(c, seg, w) ||
                        TOK_IS(c, seg, W_ORG_LAST))) {
            if (emit_segment(c, seg, w, person, weak && word_end(c, seg, w) == w, role_s, role_e) != 0)
                return -1;
        }
        role_s = c->tl->tok[w].start;
        role_e = disp_end(c, bend - 1, 1);
        seg = bend;
        /* "King of Spain", "PDG de la SNCF": what follows "of" is no person */
        person = !(bend < b && (is_of(c, bend) || is_particle(c, bend)));
        while (seg < b && (is_of(c, seg) || is_particle(c, seg)) && !person)
            seg++;
        w = seg;
    }
    if (seg < b)
        return emit_segment(c, seg, b, person, weak && word_end(c, seg, b) == b, role_s, role_e);
    return 0;
}

static int ends_ing_ly(const ctx *c, size_t i)
{
    size_t len;
    const char *s = tnorm(c, i, &len);
    return len >= 5 && (memcmp(s + len - 3, "ing", 3) == 0 || memcmp(s + len - 2, "ly", 2) == 0);
}

/* "ministre des Transports", "ministre de l'Économie Bruno Le Maire": the
 * capitalised portfolio after a French role is no name. */
static int french_portfolio(const ctx *c, size_t a)
{
    if (c->lang != NX_NAMES_FR || a == 0)
        return 0;
    size_t p = a;
    if (c->el[a]) {
        const char *norm = c->tl->buf + c->tl->tok[a].norm_off;
        if (norm[0] == 'l' && norm_is(c, p - 1, "de"))
            p--;        /* "de l'Économie" */
        else if (norm[0] != 'd')
            return 0;   /* "d'État" needs nothing before */
    } else {
        for (int k = 0; k < 2 && p > 0 && is_particle(c, p - 1); k++)
            p--;        /* "des", "de la" */
        if (p == a)
            return 0;
    }
    return p > 0 && lower_word(c, p - 1) && TOK_IS(c, p - 1, W_ROLE_NOUN);
}

/* Applies the sentence-start rule to the run [a, b), then splits titles. */
static int process_run(ctx *c, size_t a, size_t b)
{
    int weak = 0;
    if (french_portfolio(c, a)) {
        a = word_end(c, a, b);
        if (a >= b)
            return 0;
    }
    if (sentence_opener(c, a)) {
        size_t we = word_end(c, a, b);
        if ((is_opener(c, a) || (c->lang == NX_NAMES_EN && ends_ing_ly(c, a) && !in_set(c, a))) &&
            !(gaz(c, a, b) & (NX_GAZ_PLACE | NX_GAZ_ORG)))
            a = we;             /* "The European Commission" -> European Commission */
        else if (we == b && !in_set(c, a) && !is_place(c, a, b))
            weak = 1;           /* lone opener never seen capitalised mid-sentence */
        if (a >= b)
            return 0;
    }
    return split_titles(c, a, b, weak);
}

/* End of a particle chain starting at j (j is a particle): the index of the
 * capitalised word it leads to, or 0 when it leads nowhere. */
static size_t particle_chain(const ctx *c, size_t j)
{
    size_t n = c->tl->n, k = j + 1;
    for (int guard = 0; k < n && guard < 4; guard++) {
        if (!joinable(c, k - 1, k))
            return 0;
        if (cap_word(c, k))
            return k;
        if (!is_particle(c, k))
            return 0;
        k++;
    }
    return 0;
}

static int head_word(const ctx *c, size_t t)
{
    return TOK_IS(c, t, W_ORG_LAST | W_ORG_FIRST | W_PLACE_LAST | W_OF_HEAD) ||
           title_class(c, t) != T_NONE || org_word_de(c, t);
}

/* End of the run of capitalised words joined to each other from k (a
 * possessive before a corporate suffix stays: "Poor's Corp"). */
static size_t cap_run_end(const ctx *c, size_t k)
{
    size_t n = c->tl->n, m = k;
    if (m >= n || !cap_word(c, m))
        return k;
    m++;
    while (m < n) {
        if (joinable(c, m - 1, m) && cap_word(c, m))
            m++;
        else if ((tflags(c, m - 1) & NX_TOK_POSSESSIVE) && TOK_IS(c, m, W_CORP_SUFFIX) &&
                 gap_kind(c, m - 1, m) == GAP_SPACE && !(c->tf[m] & (F_BAD | F_SSTART)))
            m++;
        else
            break;
    }
    return m;
}

/* Does "and" at j continue the run [a, j)?  Returns the new end, or 0.
 *   - "S and P", "AT and T": short capitals both sides;
 *   - "Securities and Exchange Commission", "Wertheim and Co": what
 *     follows ends with an organisation word or a corporate suffix;
 *   - "Ministry of International Trade and Industry": inside a name
 *     already joined by "of"/"for"/"on" after a head word.
 * Never after a place ("Paris and European Commission"). */
static size_t and_joins(const ctx *c, size_t a, size_t j)
{
    size_t n = c->tl->n, k = j + 1;
    if (k >= n || !joinable(c, j, k) || !cap_word(c, k) || j == a)
        return 0;
    if (tok_cps(c, j - 1) <= 3 && tok_cps(c, k) <= 3 && (tflags(c, j - 1) & NX_TOK_ALLCAPS || is_initial(c, j - 1)) &&
        (tflags(c, k) & NX_TOK_ALLCAPS || is_initial(c, k)))
        return k + 1;
    size_t m = cap_run_end(c, k);
    if (m == k || is_place(c, a, j) || is_place(c, j - 1, j))
        return 0;
    for (size_t t = a; t < j; t++)
        if (title_class(c, t) == T_STRONG)
            return 0;
    if (TOK_IS(c, m - 1, W_CORP_SUFFIX | W_ORG_LAST) && m > k && !is_place(c, k, m))
        return m;
    for (size_t t = a + 1; t < j; t++)
        if ((is_of(c, t) || is_connector(c, t)) && head_word(c, t - 1) && !is_place(c, t + 1, j))
            return m;
    return 0;
}

/* "Kidder, Peabody and Co", "Smith Barney, Harris Upham and Co": firm
 * names joined by commas end in "and"/"&" and a corporate suffix.  j is
 * the token after the first comma; returns the end, or 0. */
static size_t comma_firm(const ctx *c, size_t j)
{
    size_t n = c->tl->n, pos = j;
    for (int parts = 0; parts < 4; parts++) {
        size_t r = cap_run_end(c, pos);
        if (r == pos || r >= n)
            return 0;
        int g = gap_kind(c, r - 1, r);
        if (g == GAP_COMMA && cap_word(c, r) && !(c->tf[r] & F_SSTART)) {
            pos = r;
            continue;
        }
        size_t k;
        if (is_and(c, r) && joinable(c, r - 1, r) && r + 1 < n && joinable(c, r, r + 1))
            k = r + 1;
        else if (g == GAP_AMP)
            k = r;
        else
            return 0;
        size_t m = cap_run_end(c, k);
        return m > k && TOK_IS(c, m - 1, W_CORP_SUFFIX) ? m : 0;
    }
    return 0;
}

/* May the particle at j continue a name?  In German "von" is mostly a
 * preposition ("Leitung von Friedrich Merz"): only after a given name or
 * as "von der". */
static int particle_inside(const ctx *c, size_t j)
{
    if (c->lang != NX_NAMES_DE || !norm_is(c, j, "von"))
        return 1;
    if (j + 1 < c->tl->n && (norm_is(c, j + 1, "der") || norm_is(c, j + 1, "dem")))
        return 1;
    return j > 0 && (gaz(c, j - 1, j) & NX_GAZ_GIVEN);
}

/* If a name run starts at i, returns its end (exclusive); else 0. */
static size_t run_at(const ctx *c, size_t i)
{
    size_t n = c->tl->n, j;
    if (cap_word(c, i)) {
        j = i + 1;
    } else if (is_particle_starter(c, i)) {
        size_t k = particle_chain(c, i);
        if (!k || TOK_IS(c, k, W_ORG_FIRST))
            return 0;   /* "de la Société Générale": the name starts after */
        j = k + 1;
    } else {
        return 0;
    }
    int fr_org = c->lang == NX_NAMES_FR && TOK_IS(c, i, W_ORG_FIRST);
    while (j < n) {
        fr_org |= c->lang == NX_NAMES_FR && TOK_IS(c, j - 1, W_ORG_FIRST);
        if (joinable(c, j - 1, j)) {
            if (cap_word(c, j)) {
                j++;
            } else if ((is_of(c, j) || is_connector(c, j)) && !(tflags(c, j) & NX_TOK_HYPHENATED) &&
                       head_word(c, j - 1) && j + 1 < n && joinable(c, j, j + 1)) {
                if (cap_word(c, j + 1) && !(tflags(c, j + 1) & NX_TOK_HYPHENATED))
                    j += 2;
                else if (norm_is(c, j + 1, "the") && lower_word(c, j + 1) && j + 2 < n &&
                         joinable(c, j + 1, j + 2) && cap_word(c, j + 2))
                    j += 3;     /* "International Federation of the Phonographic Industry" */
                else
                    break;
            } else if (is_and(c, j)) {
                size_t e = and_joins(c, i, j);
                if (!e)
                    break;
                j = e;
            } else if (fr_org && lower_word(c, j) && TOK_IS(c, j, W_ADJ_FR)) {
                j++;            /* "Banque centrale européenne" */
            } else if (is_particle(c, j) && particle_inside(c, j)) {
                size_t k = particle_chain(c, j);
                if (!k)
                    break;
                j = k + 1;
            } else if (lower_word(c, j) && j + 1 < n && joinable(c, j, j + 1) && cap_word(c, j + 1) &&
                       is_place(c, i, j + 2)) {
                j += 2;         /* "Frankfurt am Main", "Stratford-upon-Avon" */
            } else {
                break;
            }
            continue;
        }
        int g = gap_kind(c, j - 1, j);
        if ((c->tf[j] & (F_BAD | F_SSTART | F_TICKER)) || ((c->tf[j - 1] ^ c->tf[j]) & F_HEAD))
            break;
        if (g == GAP_AMP && cap_word(c, j - 1) && cap_word(c, j)) {
            j = cap_run_end(c, j);                  /* "Stone & McCarthy Research" */
        } else if ((tflags(c, j - 1) & NX_TOK_POSSESSIVE) && TOK_IS(c, j, W_CORP_SUFFIX) &&
                   g == GAP_SPACE) {
            j++;                                    /* "Standard and Poor's Corp" */
        } else if (g == GAP_COMMA && cap_word(c, j)) {
            size_t e = comma_firm(c, j);
            if (!e)
                break;
            j = e;
        } else if (g == GAP_OPEN && cap_word(c, j)) {
            /* "Youghal Carpets (Holdings) Plc" */
            size_t m = cap_run_end(c, j);
            if (m >= n || m > j + 3 || gap_kind(c, m - 1, m) != GAP_CLOSE || !TOK_IS(c, m, W_CORP_SUFFIX))
                break;
            j = m + 1;
        } else {
            break;
        }
    }
    return j;
}

/* "(SEC)" right after a name: the abbreviation the text defines for it. */
static void note_definition(ctx *c, size_t e)
{
    size_t n = c->tl->n;
    if (e >= n || gap_kind(c, e - 1, e) != GAP_OPEN || !(is_acronym(c, e) || inner_capital(c, e)))
        return;
    if (e + 1 < n && gap_kind(c, e, e + 1) != GAP_CLOSE)
        return;
    c->pending_def = e + 1;
}

static int scan_runs(ctx *c)
{
    size_t n = c->tl->n, i = 0;
    while (i < n) {
        size_t e = run_at(c, i);
        if (!e) {
            i++;
            continue;
        }
        size_t before = c->nl->n;
        if (process_run(c, i, e) != 0)
            return -1;
        if (c->nl->n > before)
            note_definition(c, e);
        i = e;
    }
    return 0;
}

/* ------------------------------------------------------------ buffers and strings */

static nx_status reserve_buf(nx_namelist *nl, size_t need)
{
    if (need <= nl->bufcap)
        return NX_OK;
    size_t ncap = nl->bufcap ? nl->bufcap : 256;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2) {
            ncap = need;
            break;
        }
        ncap *= 2;
    }
    char *b = realloc(nl->buf, ncap);
    if (!b)
        return NX_ERR_NOMEM;
    nl->buf = b;
    nl->bufcap = ncap;
    return NX_OK;
}

/* Bytes needed for name m's key and display, both NUL-terminated. */
static size_t name_bytes(const ctx *c, const nx_name *m)
{
    size_t total = m->ntok + 2 + (m->end - m->start);
    for (size_t t = m->first_tok; t < m->first_tok + m->ntok; t++)
        total += c->tl->tok[t].norm_len;
    return total;
}

static void put(nx_namelist *nl, const char *s, size_t len)
{
    memcpy(nl->buf + nl->buflen, s, len);
    nl->buflen += len;
}

/* Writes m's key and display over the scratch, which is dead by now:
 * only the token list and the text are read. */
static void write_strings(ctx *c, nx_name *m)
{
    nx_namelist *nl = c->nl;
    const nx_toklist *tl = c->tl;
    size_t end = m->first_tok + m->ntok, skip = m->key_off;
    m->key_off = nl->buflen;
    for (size_t t = m->first_tok; t < end; t++) {
        if (t > m->first_tok)
            put(nl, (tl->tok[t].flags & NX_TOK_HYPHENATED) ? "-" : " ", 1);
        size_t sk = t == m->first_tok ? skip : 0;
        put(nl, tl->buf + tl->tok[t].norm_off + sk, tl->tok[t].norm_len - sk);
    }
    put(nl, "", 1);
    /* the display is the text itself, white space runs made one space */
    m->disp_off = nl->buflen;
    int space = 0;
    for (size_t k = m->start; k < m->end; k++) {
        unsigned char ch = (unsigned char)c->text[k];
        if (is_space_byte(ch) || (ch == 0xC2 && k + 1 < m->end && (unsigned char)c->text[k + 1] == 0xA0)) {
            if (ch == 0xC2)
                k++;
            space = 1;
            continue;
        }
        if (space)
            put(nl, " ", 1);
        space = 0;
        put(nl, (const char *)&c->text[k], 1);
    }
    put(nl, "", 1);
}

static nx_status build_strings(ctx *c)
{
    nx_namelist *nl = c->nl;
    size_t total = 0;
    for (size_t i = 0; i < nl->n; i++) {
        size_t nb = name_bytes(c, &nl->v[i]);
        if (nb > SIZE_MAX - total)
            return NX_ERR_NOMEM;
        total += nb;
    }
    nx_status st = reserve_buf(nl, total);
    if (st != NX_OK)
        return st;
    nl->buflen = 0;
    for (size_t i = 0; i < nl->n; i++)
        write_strings(c, &nl->v[i]);
    return NX_OK;
}

/* Lays out the scratch in nl->buf: byte flags, then the word arrays and
 * the set (aligned). */
static nx_status setup_scratch(ctx *c)
{
    size_t n = c->tl->n;
    if (n > SIZE_MAX / 64)
        return NX_ERR_NOMEM;
    size_t slots = 16;
    while (slots < 2 * n)
        slots *= 2;
    size_t a16 = (n + 15) & ~(size_t)15;
    size_t off_fl = 3 * a16;
    size_t off_wm = off_fl + ((n * sizeof(uint32_t) + 15) & ~(size_t)15);
    size_t off_set = off_wm + ((n * sizeof(uint64_t) + 15) & ~(size_t)15);
    nx_status st = reserve_buf(c->nl, off_set + 2 * slots * sizeof(size_t));
    if (st != NX_OK)
        return st;
    char *b = c->nl->buf;
    c->tf = (unsigned char *)b;
    c->el = (unsigned char *)b + a16;
    c->eln = (unsigned char *)b + 2 * a16;
    c->fl = (uint32_t *)(void *)(b + off_fl);
    c->wm = (uint64_t *)(void *)(b + off_wm);
    c->set = (size_t *)(void *)(b + off_set);
    c->setmask = slots - 1;
    return NX_OK;
}

/* ------------------------------------------------------------ API */

nx_names_lang nx_names_lang_for(const char *language)
{
    if (!language)
        return NX_NAMES_EN;
    if (!strcmp(language, "german") || !strcmp(language, "de"))
        return NX_NAMES_DE;
    if (!strcmp(language, "french") || !strcmp(language, "fr"))
        return NX_NAMES_FR;
    return NX_NAMES_EN;
}

void nx_namelist_init(nx_namelist *nl)
{
    memset(nl, 0, sizeof *nl);
}

void nx_namelist_free(nx_namelist *nl)
{
    if (!nl)
        return;
    free(nl->v);
    free(nl->buf);
    memset(nl, 0, sizeof *nl);
}

nx_status nx_find_names_ex(const char *text, size_t len, const nx_toklist *tl,
                           const nx_namefind_opts *opts, nx_namelist *nl)
{
    nl->n = 0;
    nl->buflen = 0;
    if (!tl || tl->n == 0 || !tl->tok || (!text && len > 0))
        return NX_OK;
    ctx c;
    memset(&c, 0, sizeof c);
    c.text = text;
    c.len = text ? len : 0;
    c.tl = tl;
    c.nl = nl;
    c.lang = opts ? opts->lang : NX_NAMES_EN;
    c.keep_weak = opts ? opts->keep_weak : 0;
    c.m_opener = c.lang == NX_NAMES_DE ? W_OPENER_DE : c.lang == NX_NAMES_FR ? W_OPENER_FR : W_OPENER;
    nx_status st = setup_scratch(&c);
    if (st == NX_OK) {
        mark_bad(&c);
        mark_shouting(&c);
        mark_tickers(&c);
        mark_sentences_and_headings(&c);
        fill_set(&c);
        if (scan_runs(&c) != 0)
            st = NX_ERR_NOMEM;
    }
    if (st == NX_OK)
        st = build_strings(&c);
    if (st != NX_OK) {
        nl->n = 0;
        nl->buflen = 0;
    }
    return st;
}

nx_status nx_find_names(const char *text, size_t len, const nx_toklist *tl, nx_namelist *nl)
{
    return nx_find_names_ex(text, len, tl, NULL, nl);
}

const char *nx_name_type_name(nx_name_type t)
{
    switch (t) {
    case NX_NAME_PERSON: return "person";
    case NX_NAME_ORG: return "organisation";
    case NX_NAME_PLACE: return "place";
    default: return "other";
    }
}

nx_status nx_name_type_parse(const char *s, nx_name_type *out)
{
    static const struct { const char *w; nx_name_type t; } names[] = {
        { "person", NX_NAME_PERSON }, { "people", NX_NAME_PERSON },
        { "organisation", NX_NAME_ORG }, { "organization", NX_NAME_ORG }, { "org", NX_NAME_ORG },
        { "place", NX_NAME_PLACE }, { "other", NX_NAME_OTHER },
    };
    if (!s || !out)
        return NX_ERR_INVALID;
    for (size_t k = 0; k < NTAB(names); k++)
        if (strcasecmp(s, names[k].w) == 0) {
            *out = names[k].t;
            return NX_OK;
        }
    return NX_ERR_INVALID;
}

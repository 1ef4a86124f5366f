/*
 * tokenize.c — the newsidx tokenizer (see tokenize.h for the rules) and
 * nx_casefold().  Owns UTF-8 decoding of untrusted text, word boundaries,
 * the news-specific rules (numbers, abbreviations, possessives, hyphens),
 * sentence/paragraph/line flags and the NFKC + casefold normalisation.
 *
 * Structure: a single forward scan.  Between tokens, "gap" state remembers
 * what separated the previous token from the next one (punctuation,
 * newlines, a pending full stop); at a word character a token scanner
 * takes over and writes the normalised text straight into the list buffer.
 */
#include "analysis/tokenize.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#define NORM_OPTS (UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_STABLE)

/* NFKC + casefold shrinks text by at most 4x (a 4-byte mathematical letter
 * becomes one ASCII byte), so a raw word above this cannot normalise to
 * NX_TOK_MAX_BYTES or less: stop copying it and drop it. */
#define RAW_MAX (5 * NX_TOK_MAX_BYTES)

#define NO_POS ((size_t)-1)

/* ------------------------------------------------------------ characters */

/* Decodes one code point at text[i] (i < len).  Returns the bytes consumed
 * (>= 1); *cp is -1 for an invalid or truncated sequence, which then
 * counts as one separator byte. */
static size_t decode(const char *t, size_t len, size_t i, int32_t *cp)
{
    unsigned char c = (unsigned char)t[i];
    if (c < 0x80) {
        *cp = c;
        return 1;
    }
    utf8proc_int32_t u;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
                                          (utf8proc_ssize_t)(len - i), &u);
    if (n <= 0) {
        *cp = -1;
        return 1;
    }
    *cp = u;
    return (size_t)n;
}

/* Code point at i, or -1 when i is at/after the end or invalid. */
static int32_t peek(const char *t, size_t len, size_t i, size_t *n)
{
    int32_t cp = -1;
    size_t k = 0;
    if (i < len)
        k = decode(t, len, i, &cp);
    if (n)
        *n = k;
    return cp;
}

static int is_apostrophe(int32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC;
}

static int is_hyphen(int32_t cp)
{
    return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

static int is_word(int32_t cp)
{
    if (cp < 0x80) {
        return cp >= 0 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
                           (cp >= '0' && cp <= '9'));
    }
    if (cp == 0x02BC) /* modifier-letter apostrophe: an apostrophe for us */
        return 0;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return 1;
    default:
        return 0;
    }
}

static int is_letter(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 0 && ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'));
    if (cp == 0x02BC)
        return 0;
    utf8proc_category_t c = utf8proc_category(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

static int is_upper(int32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = utf8proc_category(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

static int is_digit(int32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

/* Format characters (soft hyphen, zero-width joiners, BOM) are invisible;
 * inside a word they are skipped rather than splitting it. */
static int is_invisible(int32_t cp)
{
    return cp == 0x00AD || cp == 0x200B || cp == 0x200C || cp == 0x200D ||
           cp == 0x2060 || cp == 0xFEFF;
}

/* What a non-word character means between tokens. */
enum gap_class {
    G_SPACE,    /* whitespace, controls, invalid bytes */
    G_NEWLINE,
    G_PARA,     /* U+2029: a paragraph break on its own */
    G_ENDER,    /* . ! ? … */
    G_CLOSER,   /* closing quotes/brackets: may follow an ender */
    G_COLON,
    G_HYPHEN,
    G_APOS,     /* apostrophes are not punctuation for NX_TOK_PUNCT_BEFORE */
    G_PUNCT
};

static enum gap_class gap_class(int32_t cp)
{
    switch (cp) {
    case '\n': case 0x0B: case 0x0C: case 0x85: case 0x2028:
        return G_NEWLINE;
    case 0x2029:
        return G_PARA;
    case '.': case '!': case '?': case 0x2026: case 0x3002: case 0xFF01: case 0xFF1F:
        return G_ENDER;
    case '"': case ')': case ']': case '}': case 0x201D: case 0x00BB: case 0x203A:
    case 0x300D: case 0x300F:
        return G_CLOSER;
    case ':':
        return G_COLON;
    case '\'': case 0x2019: case 0x02BC:
        return G_APOS;
    default:
        break;
    }
    if (is_hyphen(cp))
        return G_HYPHEN;
    if (cp < 0x20 || cp == 0x7F || is_invisible(cp)) /* incl. -1 = invalid */
        return G_SPACE;
    if (cp < 0x80)
        return cp == ' ' ? G_SPACE : G_PUNCT;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_ZS: case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CF: case UTF8PROC_CATEGORY_CS:
    case UTF8PROC_CATEGORY_CO: case UTF8PROC_CATEGORY_CN:
        return G_SPACE;
    case UTF8PROC_CATEGORY_ZL:
        return G_NEWLINE;
    case UTF8PROC_CATEGORY_ZP:
        return G_PARA;
    default:
        return G_PUNCT;
    }
}

/* ------------------------------------------------------------ list storage */

void nx_toklist_init(nx_toklist *tl)
{
    memset(tl, 0, sizeof *tl);
}

void nx_toklist_free(nx_toklist *tl)
{
    if (!tl)
        return;
    free(tl->tok);
    free(tl->buf);
    memset(tl, 0, sizeof *tl);
}

static nx_status buf_reserve(nx_toklist *tl, size_t need)
{
    if (need <= tl->bufcap)
        return NX_OK;
    size_t cap = tl->bufcap ? tl->bufcap : 256;
    while (cap < need) {
        if (cap > SIZE_MAX / 2)
            return NX_ERR_NOMEM;
        cap *= 2;
    }
    char *p = realloc(tl->buf, cap);
    if (!p)
        return NX_ERR_NOMEM;
    tl->buf = p;
    tl->bufcap = cap;
    return NX_OK;
}

static nx_status tok_push(nx_toklist *tl, const nx_token *t)
{
    if (tl->n == tl->cap) {
        size_t cap = tl->cap ? tl->cap * 2 : 64;
        if (cap > SIZE_MAX / sizeof *tl->tok)
            return NX_ERR_NOMEM;
        nx_token *p = realloc(tl->tok, cap * sizeof *p);
        if (!p)
            return NX_ERR_NOMEM;
        tl->tok = p;
        tl->cap = cap;
    }
    tl->tok[tl->n++] = *t;
    return NX_OK;
}

/* ------------------------------------------------------------ normalisation */

/* The token being built: raw (pre-normalisation) UTF-8 is appended at
 * tl->buf + off, ASCII already lower-cased, apostrophes already folded. */
typedef struct piece {
    size_t off, len;
    int ascii;      /* only ASCII so far: lower-casing is the whole job */
    int over;       /* too long: stop copying, drop at the end */
    int letters, uppers;
    int32_t first;  /* first code point of the token (for CAPITALISED) */
} piece;

static void piece_begin(piece *p, const nx_toklist *tl)
{
    memset(p, 0, sizeof *p);
    p->off = tl->buflen;
    p->ascii = 1;
    p->first = -1;
}

static nx_status piece_put(piece *p, nx_toklist *tl, int32_t cp)
{
    if (p->first < 0)
        p->first = cp;
    if (is_letter(cp)) {
        p->letters++;
        p->uppers += is_upper(cp);
    }
    if (p->over)
        return NX_OK;
    if (p->len + 4 > RAW_MAX) {
        p->over = 1;
        return NX_OK;
    }
    nx_status st = buf_reserve(tl, p->off + p->len + 5);
    if (st != NX_OK)
        return st;
    unsigned char *d = (unsigned char *)tl->buf + p->off + p->len;
    if (cp < 0x80) {
        *d = (unsigned char)((cp >= 'A' && cp <= 'Z') ? cp + 32 : cp);
        p->len++;
    } else {
        p->ascii = 0;
        p->len += (size_t)utf8proc_encode_char(cp, d);
    }
    return NX_OK;
}

/* Runs NFKC + casefold over src[0..n) (valid UTF-8).  On success *out is a
 * malloc'd or caller-provided buffer: if the result fits in `stack`
 * (nstack code points) it is written there, else malloc'd (*heap set).
 * Returns the byte length or -1 on allocation failure. */
static utf8proc_ssize_t normalise(const unsigned char *src, size_t n,
                                  utf8proc_int32_t *stack, size_t nstack,
                                  utf8proc_int32_t **out, utf8proc_int32_t **heap)
{
    *heap = NULL;
    utf8proc_ssize_t need = utf8proc_decompose(src, (utf8proc_ssize_t)n, stack,
                                               (utf8proc_ssize_t)nstack, NORM_OPTS);
    if (need < 0)
        return -1;
    utf8proc_int32_t *buf = stack;
    /* reencode writes a NUL after the UTF-8: keep one spare code point. */
    if ((size_t)need + 1 > nstack) {
        buf = malloc(((size_t)need + 1) * sizeof *buf);
        if (!buf)
            return -1;
        *heap = buf;
        need = utf8proc_decompose(src, (utf8proc_ssize_t)n, buf, need + 1, NORM_OPTS);
        if (need < 0)
            return -1;
    }
    utf8proc_ssize_t r = utf8proc_reencode(buf, need, NORM_OPTS);
    if (r < 0)
        return -1;
    *out = buf;
    return r;
}

/* Finishes the piece: normalises it in place.  *keep = 0 when the token
 * must be dropped (too long); the buffer is then rolled back. */
static nx_status piece_finish(piece *p, nx_toklist *tl, size_t *norm_len, int *keep)
{
    *keep = 0;
    size_t len = p->len;
    if (!p->over && !p->ascii) {
        utf8proc_int32_t stack[256], *out = NULL, *heap = NULL;
        utf8proc_ssize_t r = normalise((const unsigned char *)tl->buf + p->off, p->len,
                                       stack, sizeof stack / sizeof *stack, &out, &heap);
        if (r < 0) {
            free(heap);
            tl->buflen = p->off;
            return NX_ERR_NOMEM;
        }
        len = (size_t)r;
        if (len <= NX_TOK_MAX_BYTES) {
            nx_status st = buf_reserve(tl, p->off + len + 1);
            if (st != NX_OK) {
                free(heap);
                return st;
            }
            memcpy(tl->buf + p->off, out, len);
        }
        free(heap);
    }
    if (p->over || len == 0 || len > NX_TOK_MAX_BYTES) {
        tl->buflen = p->off;
        return NX_OK;
    }
    tl->buf[p->off + len] = '\0';
    tl->buflen = p->off + len + 1;
    *norm_len = len;
    *keep = 1;
    return NX_OK;
}

/* ------------------------------------------------------------ scanner */

typedef struct scanner {
    const char *t;
    size_t len;
    nx_toklist *tl;
    /* gap state: what lies between the previous token and the next */
    int first;      /* no token yet */
    int punct;      /* non-space, non-apostrophe, non-joining-hyphen seen */
    int newlines;   /* consecutive newlines with only whitespace between */
    int blank;      /* a blank line was seen */
    int line;       /* a newline was seen */
    int pend;       /* sentence ender (+ closers) seen, waiting for space */
    int sent;       /* sentence boundary confirmed */
    int colon;      /* ':' seen, a newline makes it a sentence boundary */
    int hyph;       /* joining hyphen right after the previous token */
    size_t prev_end;   /* end of the last emitted token, NO_POS if none/dropped */
    size_t title_dot;  /* offset of a dot after a title ("Mr."), NO_POS if none */
} scanner;

static void gap_reset(scanner *sc)
{
    sc->first = sc->punct = sc->newlines = sc->blank = sc->line = 0;
    sc->pend = sc->sent = sc->colon = sc->hyph = 0;
}

/* Words whose following dot is an abbreviation mark, not a full stop.
 * Case-sensitive: "No." is a title, "no." ends a sentence. */
static const char *const k_titles[] = {
    "Mr", "Mrs", "Ms", "Messrs", "Dr", "St", "Mt", "Ft", "Gen", "Sen", "Rep", "Gov",
    "Lt", "Col", "Capt", "Sgt", "Maj", "Adm", "Cmdr", "Prof", "Rev", "Hon", "Pres",
    "Jr", "Sr", "Inc", "Corp", "Co", "Ltd", "Bros", "vs", "v", "No", "Nos",
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
    NULL
};

static int is_title(const char *s, size_t n)
{
    if (n == 0 || n > 6)
        return 0;
    for (size_t i = 0; k_titles[i]; i++)
        if (strlen(k_titles[i]) == n && memcmp(k_titles[i], s, n) == 0)
            return 1;
    return 0;
}

/* Emits the finished piece as a token over [start, end). */
static nx_status emit(scanner *sc, piece *p, size_t start, size_t end, unsigned flags)
{
    size_t norm_len = 0;
    int keep = 0;
    nx_status st = piece_finish(p, sc->tl, &norm_len, &keep);
    if (st != NX_OK)
        return st;
    if (!keep) {
        /* Dropped tokens are transparent for the gap flags, but nothing may
         * be hyphen-joined to a token that is not there. */
        sc->hyph = 0;
        sc->prev_end = NO_POS;
        return NX_OK;
    }
    /* "½" and "²" are numbers too once NFKC has made digits of them. */
    char c0 = sc->tl->buf[p->off];
    if (c0 >= '0' && c0 <= '9')
        flags |= NX_TOK_NUMBER;
    if (is_upper(p->first))
        flags |= NX_TOK_CAPITALISED;
    if (p->letters >= 2 && p->letters == p->uppers)
        flags |= NX_TOK_ALLCAPS;
    if (sc->first)
        flags |= NX_TOK_SENT_START | NX_TOK_PARA_START | NX_TOK_LINE_START;
    if (sc->blank)
        flags |= NX_TOK_SENT_START | NX_TOK_PARA_START;
    if (sc->sent)
        flags |= NX_TOK_SENT_START;
    if (sc->line)
        flags |= NX_TOK_LINE_START;
    if (sc->punct)
        flags |= NX_TOK_PUNCT_BEFORE;
    if (sc->hyph)
        flags |= NX_TOK_HYPHENATED;
    nx_token tk = {
        .start = start, .end = end, .norm_off = p->off, .norm_len = norm_len,
        .pos = (unsigned)sc->tl->n, .flags = flags
    };
    st = tok_push(sc->tl, &tk);
    if (st != NX_OK)
        return st;
    gap_reset(sc);
    sc->prev_end = end;
    return NX_OK;
}

/* Length of a possessive "'s" / "’s" at i that ends the word, else 0. */
static size_t possessive_len(const char *t, size_t len, size_t i)
{
    size_t n, n2, n3;
    int32_t cp = peek(t, len, i, &n);
    if (!is_apostrophe(cp))
        return 0;
    int32_t c2 = peek(t, len, i + n, &n2);
    if (c2 != 's' && c2 != 'S')
        return 0;
    if (is_word(peek(t, len, i + n + n2, &n3)))
        return 0;
    return n + n2;
}

/* Dotted abbreviation or initial at i: "U.S." "e.g." "J.".  Returns 1 and
 * emits it when it matches, 0 when the text is an ordinary word. */
static int try_abbrev(scanner *sc, size_t i, size_t *next, nx_status *st)
{
    const char *t = sc->t;
    size_t len = sc->len, k = i, end = i, n;
    int pairs = 0;
    while (pairs < 64) {        /* bound: no abbreviation is longer */
        int32_t cp = peek(t, len, k, &n);
        if (!is_letter(cp) || k + n >= len || t[k + n] != '.')
            break;
        pairs++;
        k += n + 1;
        end = k;
    }
    if (pairs == 0)
        return 0;
    /* "U.S.A" or "U.S" without the last dot.  Whether the letters are
     * upper case does not matter here: the terms of "A.H" and "a.h",
     * "B.'s" and "b.'s" must be the same, or case would change what a
     * query matches (test_tokenize's test_case_never_changes_terms).  A
     * lone lower-case letter and its dot otherwise end a sentence
     * ("vitamin a. Then"), with the same term as an initial. */
    int tail = 0;
    {
        int32_t cp = peek(t, len, end, &n);
        size_t n2;
        int32_t after = peek(t, len, end + n, &n2);
        if (is_letter(cp) && !is_word(after) && after != '.')
            tail = 1;
    }
    if (pairs == 1 && !tail && !is_upper(peek(t, len, i, NULL)) && !possessive_len(t, len, end))
        return 0;

    piece p;
    piece_begin(&p, sc->tl);
    for (k = i; k < end;) {
        int32_t cp = peek(t, len, k, &n);
        if (cp != '.' && (*st = piece_put(&p, sc->tl, cp)) != NX_OK)
            return 1;
        k += n;
    }
    if (tail) {
        int32_t cp = peek(t, len, end, &n);
        if ((*st = piece_put(&p, sc->tl, cp)) != NX_OK)
            return 1;
        end += n;
    }
    unsigned flags = NX_TOK_ABBREV;
    size_t poss = possessive_len(t, len, end);
    if (poss) {                          /* "U.S.'s" */
        flags |= NX_TOK_POSSESSIVE;
        end += poss;
    }
    *st = emit(sc, &p, i, end, flags);
    *next = end;
    return 1;
}

/* "155,221": a comma followed by exactly three ASCII digits. */
static int thousands_comma(const char *t, size_t len, size_t i)
{
    if (i + 3 > len)
        return 0;
    for (size_t k = i; k < i + 3; k++)
        if (t[k] < '0' || t[k] > '9')
            return 0;
    return i + 3 == len || t[i + 3] < '0' || t[i + 3] > '9';
}

/* Whether the run of word characters at t[i..) has a letter. */
static int run_has_letter(const char *t, size_t len, size_t i)
{
    size_t n;
    for (int32_t cp; (cp = peek(t, len, i, &n)) >= 0 && is_word(cp); i += n)
        if (is_letter(cp))
            return 1;
    return 0;
}

/* Whether the hyphen at t[j] (of n bytes) joins the part before it (chars
 * characters since the token or the last join, letters if any) with the
 * part after it into one word: when the part before is a single character
 * and a letter is among them ("G-7", "e-mail", "F-16", "x-ray", "3-D",
 * "T-shirt"), so they normalise as "G7", "email", "F16" do, at index and
 * query time alike.  Other compounds stay parts: "ceasefire-talks",
 * "Jean-Claude", "2-1", and "Formula-1" or "Plan-B", which are searched
 * as "Formula 1" and "Plan B". */
static int hyphen_joins(const char *t, size_t len, size_t j, size_t n, size_t chars, int letters)
{
    if (chars != 1 || !is_word(peek(t, len, j + n, NULL)))
        return 0;
    return letters || run_has_letter(t, len, j + n);
}

/* An ordinary word or number starting at i. */
static nx_status scan_word(scanner *sc, size_t i, size_t *next)
{
    const char *t = sc->t;
    size_t len = sc->len, j = i, n;
    int32_t cp = peek(t, len, i, &n);
    int number = is_digit(cp);
    unsigned flags = number ? NX_TOK_NUMBER : 0;
    int32_t prev = -1;
    size_t part_chars = 0;   /* since the token's start or the last joining hyphen */
    int part_letters = 0;
    piece p;
    piece_begin(&p, sc->tl);
    nx_status st;

    while (j < len) {
        cp = peek(t, len, j, &n);
        if (is_word(cp)) {
            if ((st = piece_put(&p, sc->tl, cp)) != NX_OK)
                return st;
            prev = cp;
            part_chars++;
            part_letters |= is_letter(cp);
            j += n;
            continue;
        }
        if (is_hyphen(cp) && hyphen_joins(t, len, j, n, part_chars, part_letters)) {
            j += n;                          /* in the span, not in the term */
            part_chars = 1;                  /* the joined part joins nothing more: "G-7-led" */
            part_letters = 0;
            continue;
        }
        size_t n2, poss;
        int32_t c2 = peek(t, len, j + n, &n2);
        if (is_apostrophe(cp)) {
            if ((poss = possessive_len(t, len, j)) != 0) {
                flags |= NX_TOK_POSSESSIVE;  /* 's kept in the span only */
                j += poss;
                break;
            }
            if (is_letter(prev) && is_letter(c2)) {
                if ((st = piece_put(&p, sc->tl, '\'')) != NX_OK)
                    return st;
                j += n;
                continue;
            }
            break;                           /* "workers'": apostrophe left out */
        }
        if (number && cp == '.' && is_digit(prev) && c2 >= '0' && c2 <= '9') {
            if ((st = piece_put(&p, sc->tl, '.')) != NX_OK)
                return st;
            j += n;
            continue;
        }
        if (number && cp == ',' && is_digit(prev) && thousands_comma(t, len, j + 1)) {
            j += n;                          /* in the span, not in the term */
            continue;
        }
        if (is_invisible(cp) && is_word(c2)) {
            j += n;
            continue;
        }
        break;
    }
    if ((st = emit(sc, &p, i, j, flags)) != NX_OK)
        return st;
    if (j < len && t[j] == '.' && !(flags & NX_TOK_POSSESSIVE) && is_title(t + i, j - i))
        sc->title_dot = j;
    *next = j;
    return NX_OK;
}

/* One non-word character between tokens: updates the gap state. */
static void gap_char(scanner *sc, size_t i, size_t n, int32_t cp)
{
    enum gap_class g = gap_class(cp);
    if (cp == '\r')
        g = (i + 1 < sc->len && sc->t[i + 1] == '\n') ? G_SPACE : G_NEWLINE;
    switch (g) {
    case G_SPACE:
        if (sc->pend)
            sc->sent = 1;
        return;
    case G_NEWLINE:
    case G_PARA:
        if (sc->pend || sc->colon)
            sc->sent = 1;
        sc->line = 1;
        sc->newlines++;
        if (sc->newlines >= 2 || g == G_PARA)
            sc->blank = 1;
        return;
    case G_HYPHEN:
        if (sc->prev_end == i && is_word(peek(sc->t, sc->len, i + n, NULL))) {
            sc->hyph = 1;
            return;
        }
        break;
    case G_APOS:
        sc->newlines = 0;
        sc->colon = 0;
        return;                              /* may close a quote: pend stays */
    case G_ENDER:
        sc->punct = 1;
        sc->newlines = 0;
        sc->colon = 0;
        if (i == sc->title_dot)
            sc->pend = 0;
        else
            sc->pend = 1;
        return;
    case G_CLOSER:
        sc->punct = 1;
        sc->newlines = 0;
        sc->colon = 0;
        return;
    case G_COLON:
        sc->punct = 1;
        sc->newlines = 0;
        sc->pend = 0;
        sc->colon = 1;
        return;
    case G_PUNCT:
        break;
    }
    sc->punct = 1;
    sc->newlines = 0;
    sc->pend = 0;
    sc->colon = 0;
}

nx_status nx_tokenize(const char *text, size_t len, nx_toklist *tl)
{
    tl->n = 0;
    tl->buflen = 0;
    if (!text || len == 0)
        return NX_OK;
    scanner sc = { .t = text, .len = len, .tl = tl };
    gap_reset(&sc);
    sc.first = 1;
    sc.prev_end = NO_POS;
    sc.title_dot = NO_POS;

    size_t i = 0;
    while (i < len) {
        size_t n;
        int32_t cp = peek(text, len, i, &n);
        if (!is_word(cp)) {
            gap_char(&sc, i, n, cp);
            i += n;
            continue;
        }
        size_t next = i;
        nx_status st = NX_OK;
        if (is_letter(cp) && try_abbrev(&sc, i, &next, &st)) {
            if (st != NX_OK)
                return st;
        } else if ((st = scan_word(&sc, i, &next)) != NX_OK) {
            return st;
        }
        i = next > i ? next : i + n;     /* always progress */
    }
    return NX_OK;
}

/* ------------------------------------------------------------ casefold */

nx_status nx_casefold(const char *s, size_t len, char **out, size_t *outlen)
{
    *out = NULL;
    if (outlen)
        *outlen = 0;
    /* Pass 1: valid code points only, curly apostrophes folded. */
    unsigned char *clean = malloc(len + 1);
    if (!clean)
        return NX_ERR_NOMEM;
    size_t m = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t n = decode(s, len, i, &cp);
        if (cp >= 0) {
            if (is_apostrophe(cp))
                clean[m++] = '\'';
            else
                m += (size_t)utf8proc_encode_char(cp, clean + m);
        }
        i += n;
    }
    utf8proc_int32_t stack[256], *res = NULL, *heap = NULL;
    utf8proc_ssize_t r = normalise(clean, m, stack, sizeof stack / sizeof *stack, &res, &heap);
    free(clean);
    if (r < 0) {
        free(heap);
        return NX_ERR_NOMEM;
    }
    char *o = malloc((size_t)r + 1);
    if (!o) {
        free(heap);
        return NX_ERR_NOMEM;
    }
    memcpy(o, res, (size_t)r);
    o[r] = '\0';
    free(heap);
    *out = o;
    if (outlen)
        *outlen = (size_t)r;
    return NX_OK;
}

/*
 * snippet.c — passage selection for search hits: finds the query's match
 * units in an article body with the shared tokenizer and stemmer, picks the
 * best window(s), snaps them to sentence/clause/token boundaries and emits
 * the text with whitespace collapsed plus the byte spans of the matches.
 *
 * Lengths are counted in code points of the OUTPUT, where every run of
 * whitespace counts as one.  To make that cheap, each token gets a
 * "collapsed coordinate" (chars from the first non-blank byte of the body)
 * at its start and end, computed in one pass; the length of any range that
 * starts and ends on non-blank bytes is then a subtraction.
 *
 * Everything scales linearly with the body's tokens: one tokenizer pass,
 * one stem lookup per token (cached by the stemmer), a match scan per unit,
 * a two-pointer window scan per fragment count tried (at most
 * SN_MAX_FRAGS), and boundary scans bounded by the snippet length.
 * All scratch memory lives in the snippeter and only grows.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "searcher/snippet.h"
#include "analysis/tokenize.h"
#include "analysis/stem.h"
#include "lib/utf8.h"

#define SN_MAX_FRAGS 8
#define SN_MIN_FRAG_CHARS 40     /* below this an extra fragment is noise */
#define SN_MAX_PREFIX_CHARS 3    /* opening quote/bracket kept before a sentence */
#define SN_MAX_SUFFIX_CHARS 4    /* closing punctuation kept after a sentence */
#define SN_REPEAT_CAP 3          /* repeats beyond the first that add a bonus */

static const char ELLIPSIS[] = "\xE2\x80\xA6";       /* … */
static const char JOINER[] = " \xE2\x80\xA6 ";       /* " … " */
#define ELLIPSIS_BYTES 3
#define JOINER_BYTES 5
#define JOINER_CHARS 3

typedef struct sn_str { const char *s; size_t len; } sn_str;

typedef struct sn_tokinfo {
    const char *term;       /* borrowed from the stemmer's cache */
    size_t term_len;
    size_t cs, ce;          /* collapsed coordinates of start and end */
} sn_tokinfo;

typedef struct sn_unit {
    size_t koff, kn;        /* its keys in the flattened key array */
    long long w;            /* weight in thousandths */
    unsigned cnt;           /* occurrences in the current window */
    unsigned char exact, prefix, covered, in_title, in_body;
} sn_unit;

typedef struct sn_match { size_t first, last, unit; } sn_match;  /* token indices, inclusive */

typedef struct sn_window {
    size_t a, b;            /* matches [a, b) */
    size_t ta, te;          /* core: first token, last token */
} sn_window;

typedef struct sn_frag {
    size_t tok0, tok1;      /* tokens covered (inclusive) */
    size_t sb, eb;          /* bytes [sb, eb) of the body */
    size_t sc, ec;          /* collapsed coordinates of sb and eb */
} sn_frag;

struct nx_snippeter {
    nx_stemmer *st;
    nx_toklist tl, title_tl;
    sn_tokinfo *ti; size_t ti_cap;
    sn_str *keys; size_t keys_cap;
    sn_unit *units; size_t units_cap;
    sn_match *m; size_t m_n, m_cap;
    size_t *dq; size_t dq_cap;
    /* per-call view of the body */
    const char *body;
    size_t body_len;
    size_t first_nb, last_nb_end;  /* trimmed body [first_nb, last_nb_end) */
    size_t body_c;                 /* its collapsed length */
    size_t nunits;
    int skip_by_first_byte;        /* nx_stemmer_keeps_first_byte */
    unsigned char first[256];      /* first bytes of the stemmed units' keys */
};

/* ------------------------------------------------------------------ memory */

/* Grows an array to hold need elements; returns the (possibly moved) array
 * or NULL on failure, leaving the old one in place. */
static void *grow(void *p, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap && p)
        return p;
    size_t nc = *cap ? *cap : 16;
    while (nc < need) {
        if (nc > SIZE_MAX / 2 / elem)
            return NULL;
        nc *= 2;
    }
    void *np = realloc(p, nc * elem);
    if (!np)
        return NULL;
    *cap = nc;
    return np;
}

/* arr = grown array, or return NX_ERR_NOMEM from the calling function. */
#define GROW_OR_FAIL(arr, cap, need) do {                                  \
        void *grown_ = grow((arr), &(cap), (need), sizeof *(arr));         \
        if (!grown_)                                                       \
            return NX_ERR_NOMEM;                                           \
        (arr) = grown_;                                                    \
    } while (0)

nx_status nx_snippeter_new(nx_stemmer *st, nx_snippeter **out)
{
    if (!out)
        return NX_ERR_INVALID;
    *out = NULL;
    if (!st)
        return NX_ERR_INVALID;
    nx_snippeter *sn = calloc(1, sizeof *sn);
    if (!sn)
        return NX_ERR_NOMEM;
    sn->st = st;
    sn->skip_by_first_byte = nx_stemmer_keeps_first_byte(st);
    nx_toklist_init(&sn->tl);
    nx_toklist_init(&sn->title_tl);
    *out = sn;
    return NX_OK;
}

void nx_snippeter_free(nx_snippeter *sn)
{
    if (!sn)
        return;
    nx_toklist_free(&sn->tl);
    nx_toklist_free(&sn->title_tl);
    free(sn->ti);
    free(sn->keys);
    free(sn->units);
    free(sn->m);
    free(sn->dq);
    free(sn);
}

void nx_snippet_clear(nx_snippet *s)
{
    if (!s)
        return;
    free(s->text);
    free(s->spans);
    memset(s, 0, sizeof *s);
}

/* ------------------------------------------------------------------ UTF-8 */

/* Classifies the character at s: returns its byte length and sets *blank
 * when it collapses into a single space (ASCII blanks and controls, C1
 * controls, invalid bytes — the tokenizer treats all of them as gaps). */
static size_t char_at(const char *s, size_t avail, int *blank)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = nx_utf8_seq(u, avail);
    if (n == 0) {
        *blank = 1;
        return 1;
    }
    if (n == 1)
        *blank = u[0] <= 0x20 || u[0] == 0x7F;
    else
        *blank = n == 2 && u[0] == 0xC2 && u[1] < 0xA0;
    return n;
}

/* ------------------------------------------------------------------ body geometry */

/* Collapsed-coordinate walker over the body. */
typedef struct sn_walk { size_t p, c; int in_blank; } sn_walk;

static void walk_to(nx_snippeter *sn, sn_walk *w, size_t target)
{
    int blank;
    while (w->p < target) {
        size_t n = char_at(sn->body + w->p, sn->body_len - w->p, &blank);
        if (blank) {
            if (!w->in_blank)
                w->c++;
            w->in_blank = 1;
        } else {
            w->c++;
            w->in_blank = 0;
            sn->last_nb_end = w->p + n;
            sn->body_c = w->c;
        }
        w->p += n;
    }
}

/* Trims the body and gives every token its collapsed coordinates, in one
 * walk (token spans are increasing and lie on non-blank bytes). */
static void measure_body(nx_snippeter *sn)
{
    size_t p = 0;
    int blank;
    while (p < sn->body_len) {
        size_t n = char_at(sn->body + p, sn->body_len - p, &blank);
        if (!blank)
            break;
        p += n;
    }
    sn->first_nb = sn->last_nb_end = p;
    sn->body_c = 0;
    sn_walk w = { p, 0, 0 };
    for (size_t i = 0; i < sn->tl.n; i++) {
        walk_to(sn, &w, sn->tl.tok[i].start);
        sn->ti[i].cs = w.c;
        walk_to(sn, &w, sn->tl.tok[i].end);
        sn->ti[i].ce = w.c;
    }
    walk_to(sn, &w, sn->body_len);
}

/* Non-blank run attached before token t (an opening quote or bracket), at
 * most SN_MAX_PREFIX_CHARS chars; *bytes gets its length.  Returns chars. */
static size_t attached_prefix(const nx_snippeter *sn, size_t t, size_t *bytes)
{
    size_t from = t ? sn->tl.tok[t - 1].end : sn->first_nb;
    size_t to = sn->tl.tok[t].start, run = to, chars = 0;
    int blank;
    for (size_t p = from; p < to;) {
        size_t n = char_at(sn->body + p, to - p, &blank);
        if (blank) {
            run = p + n;
            chars = 0;
        } else {
            chars++;
        }
        p += n;
    }
    *bytes = 0;
    if (chars == 0 || chars > SN_MAX_PREFIX_CHARS)
        return 0;
    *bytes = to - run;
    return chars;
}

/* Non-blank run attached after token t (closing punctuation), bounded. */
static size_t attached_suffix(const nx_snippeter *sn, size_t t, size_t *bytes)
{
    size_t from = sn->tl.tok[t].end;
    size_t to = t + 1 < sn->tl.n ? sn->tl.tok[t + 1].start : sn->body_len;
    size_t p = from, chars = 0;
    int blank;
    while (p < to && chars <= SN_MAX_SUFFIX_CHARS) {
        size_t n = char_at(sn->body + p, to - p, &blank);
        if (blank)
            break;
        chars++;
        p += n;
    }
    *bytes = 0;
    if (chars > SN_MAX_SUFFIX_CHARS || (p < to && chars == 0))
        return 0;
    if (p == to && t + 1 < sn->tl.n)   /* glued to the next word: not a sentence end */
        return 0;
    *bytes = p - from;
    return chars;
}

static int is_sentence_end(const nx_snippeter *sn, size_t t)
{
    return t + 1 >= sn->tl.n || (sn->tl.tok[t + 1].flags & NX_TOK_SENT_START);
}

/* A window may not end between the parts of a hyphenated word. */
static int can_end_at(const nx_snippeter *sn, size_t t)
{
    return t + 1 >= sn->tl.n || !(sn->tl.tok[t + 1].flags & NX_TOK_HYPHENATED);
}

static int can_start_at(const nx_snippeter *sn, size_t t)
{
    return !(sn->tl.tok[t].flags & NX_TOK_HYPHENATED);
}

/* ------------------------------------------------------------------ units and matches */

static int is_key_sep(char c)
{
    return c == ' ' || c == '-';
}

/* Flattens the units' keys; names given as one "keir starmer" key are split
 * into words, since the tokenizer splits them too. */
static nx_status load_units(nx_snippeter *sn, const nx_match_unit *units, size_t nunits)
{
    GROW_OR_FAIL(sn->units, sn->units_cap, nunits ? nunits : 1);
    memset(sn->first, 0, sizeof sn->first);
    size_t nk = 0;
    for (size_t u = 0; u < nunits; u++) {
        sn_unit *su = &sn->units[u];
        memset(su, 0, sizeof *su);
        su->koff = nk;
        su->exact = units[u].exact != 0;
        su->prefix = units[u].prefix != 0 && !su->exact;
        double w = units[u].weight;
        su->w = (isfinite(w) && w > 0) ? llround(fmin(w, 1e6) * 1000.0) : 1000;
        if (su->w < 1)
            su->w = 1;
        if (!units[u].keys)
            continue;
        for (size_t k = 0; k < units[u].n; k++) {
            const char *key = units[u].keys[k];
            if (!key)
                continue;
            size_t kl = strlen(key);
            for (size_t p = 0; p < kl;) {
                while (p < kl && is_key_sep(key[p]))
                    p++;
                size_t q = p;
                while (q < kl && !is_key_sep(key[q]))
                    q++;
                if (q > p) {
                    if (!su->exact)
                        sn->first[(unsigned char)key[p]] = 1;
                    GROW_OR_FAIL(sn->keys, sn->keys_cap, nk + 1);
                    sn->keys[nk].s = key + p;
                    sn->keys[nk].len = q - p;
                    nk++;
                }
                p = q;
            }
        }
        su->kn = nk - su->koff;
    }
    sn->nunits = nunits;
    return NX_OK;
}

/* Terms of every token of tl into sn->ti; "" for a token no stemmed unit
 * can match.  Stemming is the largest part of a snippet's cost, and with
 * an English stemmer most tokens are ruled out by their first byte. */
static nx_status compute_terms(nx_snippeter *sn, const nx_toklist *tl)
{
    GROW_OR_FAIL(sn->ti, sn->ti_cap, tl->n ? tl->n : 1);
    for (size_t i = 0; i < tl->n; i++) {
        if (sn->skip_by_first_byte && !sn->first[(unsigned char)nx_tok_text(tl, i)[0]]) {
            sn->ti[i].term = "";
            sn->ti[i].term_len = 0;
            continue;
        }
        size_t tlen = 0;
        const char *t = nx_term_for_token(sn->st, nx_tok_text(tl, i), tl->tok[i].norm_len,
                                          tl->tok[i].flags, &tlen);
        if (!t)
            return NX_ERR_NOMEM;
        sn->ti[i].term = t;
        sn->ti[i].term_len = tlen;
    }
    return NX_OK;
}

static int unit_matches_at(const nx_snippeter *sn, const nx_toklist *tl, size_t i, const sn_unit *u)
{
    if (u->kn == 0 || u->kn > tl->n - i)
        return 0;
    for (size_t j = 0; j < u->kn; j++) {
        const sn_str *k = &sn->keys[u->koff + j];
        const char *s;
        size_t len;
        if (u->exact) {
            s = nx_tok_text(tl, i + j);
            len = tl->tok[i + j].norm_len;
        } else {
            s = sn->ti[i + j].term;
            len = sn->ti[i + j].term_len;
        }
        /* A wildcard's unit matches what the wildcard matched: every
         * term that starts with it. */
        if (u->prefix ? len < k->len || memcmp(s, k->s, k->len) != 0
                      : len != k->len || memcmp(s, k->s, len) != 0)
            return 0;
    }
    return 1;
}

/* Marks the units that occur in the title (terms must be computed). */
static void scan_title(nx_snippeter *sn)
{
    const nx_toklist *tl = &sn->title_tl;
    for (size_t u = 0; u < sn->nunits; u++) {
        sn_unit *su = &sn->units[u];
        for (size_t i = 0; i < tl->n && !su->in_title; i++)
            if (unit_matches_at(sn, tl, i, su))
                su->in_title = 1;
    }
}

static nx_status find_matches(nx_snippeter *sn)
{
    const nx_toklist *tl = &sn->tl;
    sn->m_n = 0;
    for (size_t i = 0; i < tl->n; i++) {
        for (size_t u = 0; u < sn->nunits; u++) {
            sn_unit *su = &sn->units[u];
            /* cheap first-byte test before the full comparison */
            if (su->kn == 0)
                continue;
            const char *s = su->exact ? nx_tok_text(tl, i) : sn->ti[i].term;
            if (s[0] != sn->keys[su->koff].s[0] || !unit_matches_at(sn, tl, i, su))
                continue;
            GROW_OR_FAIL(sn->m, sn->m_cap, sn->m_n + 1);
            sn->m[sn->m_n++] = (sn_match){ i, i + su->kn - 1, u };
            su->in_body = 1;
        }
    }
    GROW_OR_FAIL(sn->dq, sn->dq_cap, sn->m_n ? sn->m_n : 1);
    return NX_OK;
}

/* ------------------------------------------------------------------ window scoring */

/* Contribution of a unit with cnt occurrences: distinct units dominate,
 * repeats add 10% each (capped); units already shown in an earlier
 * fragment count a tenth. */
static long long unit_score(const sn_unit *u)
{
    if (u->cnt == 0)
        return 0;
    unsigned rep = u->cnt - 1 > SN_REPEAT_CAP ? SN_REPEAT_CAP : u->cnt - 1;
    return u->w * (10 + (long long)rep) * (u->covered ? 1 : 10);
}

typedef struct sn_scan {
    long long score;
    size_t uncovered;      /* distinct uncovered units in the window */
} sn_scan;

static void win_add(nx_snippeter *sn, sn_scan *sc, size_t mi, int add)
{
    sn_unit *u = &sn->units[sn->m[mi].unit];
    sc->score -= unit_score(u);
    if (add) {
        if (u->cnt++ == 0 && !u->covered)
            sc->uncovered++;
    } else {
        if (--u->cnt == 0 && !u->covered)
            sc->uncovered--;
    }
    sc->score += unit_score(u);
}

static int match_blocked(const nx_snippeter *sn, size_t mi, const sn_window *chosen, size_t nchosen)
{
    for (size_t w = 0; w < nchosen; w++)
        if (sn->m[mi].last >= chosen[w].ta && sn->m[mi].first <= chosen[w].te)
            return 1;
    return 0;
}

/* Best window over matches [r0, r1) whose core fits in budget chars.
 * The window end is the furthest match end, kept with a monotone deque so
 * a phrase that outlasts later single words still counts. */
static void scan_run(nx_snippeter *sn, size_t r0, size_t r1, size_t budget, int need_new,
                     long long *best, sn_window *bw)
{
    const sn_match *m = sn->m;
    size_t dh = 0, dt = 0, b = r0;
    sn_scan sc = { 0, 0 };
    for (size_t a = r0; a < r1; a++) {
        if (b < a) {
            b = a;
            dh = dt = 0;
        }
        size_t start_c = sn->ti[m[a].first].cs;
        while (b < r1) {
            size_t mx = dh < dt && m[sn->dq[dh]].last > m[b].last ? m[sn->dq[dh]].last : m[b].last;
            if (sn->ti[mx].ce - start_c > budget)
                break;
            while (dt > dh && m[sn->dq[dt - 1]].last <= m[b].last)
                dt--;
            sn->dq[dt++] = b;
            win_add(sn, &sc, b, 1);
            b++;
        }
        if (b == a)
            continue;     /* this match alone does not fit */
        if ((!need_new || sc.uncovered > 0) && sc.score > *best) {
            *best = sc.score;
            bw->a = a;
            bw->b = b;
            bw->ta = m[a].first;
            bw->te = m[sn->dq[dh]].last;
        }
        win_add(sn, &sc, a, 0);
        if (dh < dt && sn->dq[dh] == a)
            dh++;
    }
    /* every added match was removed again; reset anyway so a logic slip
     * cannot leak counts into the next run */
    for (size_t u = 0; u < sn->nunits; u++)
        sn->units[u].cnt = 0;
}

static int best_window(nx_snippeter *sn, size_t budget, int need_new,
                       const sn_window *chosen, size_t nchosen, sn_window *out)
{
    long long best = 0;
    size_t r0 = 0;
    for (size_t i = 0; i <= sn->m_n; i++) {
        if (i < sn->m_n && !match_blocked(sn, i, chosen, nchosen))
            continue;
        if (i > r0)
            scan_run(sn, r0, i, budget, need_new, &best, out);
        r0 = i + 1;
    }
    return best > 0;
}

/* Greedy choice of up to k windows of budget chars each; returns how many
 * and the summed weight of the distinct units they show. */
static size_t choose_windows(nx_snippeter *sn, size_t k, size_t budget, sn_window *win,
                             long long *coverage)
{
    size_t n = 0;
    for (size_t u = 0; u < sn->nunits; u++)
        sn->units[u].covered = 0;
    *coverage = 0;
    while (n < k) {
        if (!best_window(sn, budget, n > 0, win, n, &win[n]))
            break;
        for (size_t i = win[n].a; i < win[n].b; i++) {
            sn_unit *u = &sn->units[sn->m[i].unit];
            if (!u->covered)
                *coverage += u->w;
            u->covered = 1;
        }
        n++;
    }
    return n;
}

/* ------------------------------------------------------------------ snapping */

/* Start of the fragment around core token ta: a sentence start within a
 * third of the budget, else a clause start, else a token start. */
static void snap_start(const nx_snippeter *sn, size_t ta, size_t lo, size_t core, size_t allot,
                       sn_frag *f)
{
    size_t S = sn->ti[ta].cs;
    size_t room = allot - core;
    size_t lim = allot / 3 < room ? allot / 3 : room;
    size_t pre = allot / 4 < room ? allot / 4 : room;
    size_t sent = SIZE_MAX, clause = SIZE_MAX, far = ta;
    for (size_t t = ta;; t--) {
        if (S - sn->ti[t].cs > lim)
            break;
        unsigned fl = sn->tl.tok[t].flags;
        if (can_start_at(sn, t)) {
            if ((fl & NX_TOK_SENT_START) && sent == SIZE_MAX)
                sent = t;
            if (S - sn->ti[t].cs <= pre) {
                far = t;
                if (fl & NX_TOK_PUNCT_BEFORE)
                    clause = t;
            }
        }
        if (t == lo || sent != SIZE_MAX)
            break;
    }
    size_t t = sent != SIZE_MAX ? sent : clause != SIZE_MAX ? clause : far;
    f->tok0 = t;
    f->sb = sn->tl.tok[t].start;
    f->sc = sn->ti[t].cs;
}

/* Moves a fragment start before token t to the best boundary: the body
 * start for token 0, an opening quote before a sentence. */
static void widen_start(const nx_snippeter *sn, size_t budget_end_c, size_t allot, sn_frag *f)
{
    size_t t = f->tok0;
    if (t == 0) {
        if (budget_end_c <= allot) {
            f->sb = sn->first_nb;
            f->sc = 0;
        }
        return;
    }
    if (!(sn->tl.tok[t].flags & NX_TOK_SENT_START))
        return;
    size_t pb;
    size_t pc = attached_prefix(sn, t, &pb);
    if (pc && budget_end_c - (f->sc - pc) <= allot) {
        f->sb -= pb;
        f->sc -= pc;
    }
}

/* End of the fragment: the furthest sentence end in budget when it uses at
 * least half the room after the core, else the furthest token end. */
static void snap_end(const nx_snippeter *sn, size_t te, size_t hi, size_t allot, sn_frag *f)
{
    size_t far = te, sent = SIZE_MAX, sent_ec = 0, sent_eb = 0;
    for (size_t t = te; t <= hi; t++) {
        if (sn->ti[t].ce - f->sc > allot)
            break;
        if (!can_end_at(sn, t))
            continue;
        far = t;
        if (is_sentence_end(sn, t)) {
            size_t xb;
            size_t xc = attached_suffix(sn, t, &xb);
            if (sn->ti[t].ce + xc - f->sc <= allot) {
                sent = t;
                sent_ec = sn->ti[t].ce + xc;
                sent_eb = sn->tl.tok[t].end + xb;
            }
        }
    }
    size_t E = sn->ti[te].ce;
    if (sent != SIZE_MAX && (sent_ec - E) * 2 >= sn->ti[far].ce - E) {
        f->tok1 = sent;
        f->eb = sent_eb;
        f->ec = sent_ec;
    } else {
        f->tok1 = far;
        f->eb = sn->tl.tok[far].end;
        f->ec = sn->ti[far].ce;
    }
    if (f->tok1 + 1 == sn->tl.n && sn->body_c - f->sc <= allot) {
        f->eb = sn->last_nb_end;
        f->ec = sn->body_c;
    }
}

/* Spends what the end left over on context before the start, stopping at
 * the furthest sentence start that fits (or any token if the start was
 * mid-sentence). */
static void backfill(const nx_snippeter *sn, size_t lo, size_t allot, sn_frag *f)
{
    if (f->tok0 == 0 || f->tok0 <= lo)
        return;
    int at_sent = (sn->tl.tok[f->tok0].flags & NX_TOK_SENT_START) != 0;
    size_t left = allot - (f->ec - f->sc);
    size_t sent = SIZE_MAX, any = SIZE_MAX;
    for (size_t t = f->tok0 - 1;; t--) {
        if (f->sc - sn->ti[t].cs > left)
            break;
        if (can_start_at(sn, t)) {
            any = t;
            if (sn->tl.tok[t].flags & NX_TOK_SENT_START)
                sent = t;
        }
        if (t == lo || t == 0)
            break;
    }
    size_t t = sent != SIZE_MAX ? sent : at_sent ? SIZE_MAX : any;
    if (t == SIZE_MAX)
        return;
    f->tok0 = t;
    f->sb = sn->tl.tok[t].start;
    f->sc = sn->ti[t].cs;
}

static void expand(const nx_snippeter *sn, const sn_window *w, size_t lo, size_t hi,
                   size_t allot, sn_frag *f)
{
    size_t core = sn->ti[w->te].ce - sn->ti[w->ta].cs;
    snap_start(sn, w->ta, lo, core, allot, f);
    snap_end(sn, w->te, hi, allot, f);
    backfill(sn, lo, allot, f);
    widen_start(sn, f->ec, allot, f);
}

/* The lead of the body: from its start, snapped at the end. */
static int lead_fragment(const nx_snippeter *sn, size_t allot, sn_frag *f)
{
    if (sn->tl.n == 0 || sn->ti[0].ce > allot)
        return 0;
    f->tok0 = 0;
    f->sb = sn->first_nb;
    f->sc = 0;
    snap_end(sn, 0, sn->tl.n - 1, allot, f);
    if (f->ec > allot)
        return 0;
    return 1;
}

/* ------------------------------------------------------------------ output */

typedef struct sn_out {
    char *text;
    size_t len;
    nx_span *spans;
    size_t nspans;
} sn_out;

/* Copies body[f->sb, f->eb) collapsing blanks to one space; the spans from
 * first_span on hold body offsets and are rewritten to output offsets as
 * their boundaries are passed. */
static void emit(const nx_snippeter *sn, const sn_frag *f, sn_out *o, size_t first_span)
{
    size_t ev = first_span * 2, nev = o->nspans * 2;
    int in_blank = 0, blank;
    for (size_t p = f->sb;;) {
        while (ev < nev) {
            nx_span *sp = &o->spans[ev / 2];
            size_t *slot = (ev & 1) ? &sp->end : &sp->start;
            if (*slot > p)
                break;
            *slot = o->len;
            ev++;
        }
        if (p >= f->eb)
            break;
        size_t n = char_at(sn->body + p, f->eb - p, &blank);
        if (blank) {
            if (!in_blank)
                o->text[o->len++] = ' ';
            in_blank = 1;
        } else {
            memcpy(o->text + o->len, sn->body + p, n);
            o->len += n;
            in_blank = 0;
        }
        p += n;
    }
}

/* Byte end of a match ending in token t of text b, possessive 's left
 * outside the highlight. */
static size_t token_match_end(const nx_token *t, const char *b)
{
    size_t e = t->end;
    if (!(t->flags & NX_TOK_POSSESSIVE))
        return e;
    if (e - t->start > 2 && (b[e - 1] == 's' || b[e - 1] == 'S')) {
        if (b[e - 2] == '\'')
            return e - 2;
        if (e - t->start > 4 && memcmp(b + e - 4, "\xE2\x80\x99", 3) == 0)
            return e - 4;
    }
    return e;
}

static size_t match_end_byte(const nx_snippeter *sn, size_t last)
{
    return token_match_end(&sn->tl.tok[last], sn->body);
}

/* Appends the merged body spans of matches inside f. */
static void collect_spans(const nx_snippeter *sn, const sn_frag *f, sn_out *o)
{
    size_t first = o->nspans;
    for (size_t i = 0; i < sn->m_n; i++) {
        const sn_match *m = &sn->m[i];
        if (m->first < f->tok0 || m->last > f->tok1)
            continue;
        size_t s = sn->tl.tok[m->first].start, e = match_end_byte(sn, m->last);
        if (s < f->sb || e > f->eb || s >= e)
            continue;
        if (o->nspans > first && s < o->spans[o->nspans - 1].end) {
            if (e > o->spans[o->nspans - 1].end)
                o->spans[o->nspans - 1].end = e;
            continue;
        }
        o->spans[o->nspans++] = (nx_span){ s, e };
    }
}

static nx_status build_output(const nx_snippeter *sn, sn_frag *fr, size_t nf, size_t max_chars,
                              nx_snippet *out)
{
    size_t bytes = 2 + 2 * ELLIPSIS_BYTES, nmatch = sn->m_n;
    for (size_t i = 0; i < nf; i++)
        bytes += fr[i].eb - fr[i].sb + JOINER_BYTES;
    sn_out o = { malloc(bytes), 0, nmatch ? malloc(nmatch * sizeof(nx_span)) : NULL, 0 };
    if (!o.text || (nmatch && !o.spans)) {
        free(o.text);
        free(o.spans);
        return NX_ERR_NOMEM;
    }
    if (nf && fr[0].sb > sn->first_nb) {
        memcpy(o.text, ELLIPSIS, ELLIPSIS_BYTES);
        o.len = ELLIPSIS_BYTES;
    }
    for (size_t i = 0; i < nf; i++) {
        if (i > 0) {
            memcpy(o.text + o.len, JOINER, JOINER_BYTES);
            o.len += JOINER_BYTES;
        }
        size_t first = o.nspans;
        collect_spans(sn, &fr[i], &o);
        emit(sn, &fr[i], &o, first);
    }
    if (nf && fr[nf - 1].eb < sn->last_nb_end) {
        /* After a full stop: "said. …" when the space fits the budget,
         * else just "said." (a "said.…" reads as a typo). */
        char last = o.len ? o.text[o.len - 1] : 0;
        int stop = last == '.' || last == '!' || last == '?';
        if (!stop || nx_utf8_count(o.text, o.len) + 2 <= max_chars) {
            if (stop)
                o.text[o.len++] = ' ';
            memcpy(o.text + o.len, ELLIPSIS, ELLIPSIS_BYTES);
            o.len += ELLIPSIS_BYTES;
        }
    }
    o.text[o.len] = '\0';
    if (o.nspans == 0) {
        free(o.spans);
        o.spans = NULL;
    }
    out->text = o.text;
    out->len = o.len;
    out->spans = o.spans;
    out->nspans = o.nspans;
    return NX_OK;
}

/* A body without a single token (symbols, scripts the tokenizer skips):
 * cut at a code point, since there is no word to protect. */
static nx_status tokenless_cut(nx_snippeter *sn, size_t max_chars, nx_snippet *out)
{
    sn_frag f = { 0, 0, sn->first_nb, sn->first_nb, 0, 0 };
    int blank;
    size_t c = 0;
    for (size_t p = sn->first_nb; p < sn->last_nb_end && c + 1 < max_chars;) {
        size_t n = char_at(sn->body + p, sn->last_nb_end - p, &blank);
        p += n;
        c++;
        if (!blank)
            f.eb = p;
    }
    if (f.eb == f.sb)
        return build_output(sn, &f, 0, max_chars, out);
    return build_output(sn, &f, 1, max_chars, out);
}

/* ------------------------------------------------------------------ entry point */

static nx_status empty_snippet(nx_snippet *out)
{
    out->text = malloc(1);
    if (!out->text)
        return NX_ERR_NOMEM;
    out->text[0] = '\0';
    return NX_OK;
}

/* Windows for k = 1..fragments; the fewest fragments that show the most. */
static size_t plan(nx_snippeter *sn, size_t max_chars, size_t fragments, sn_window *best_w,
                   size_t *best_k)
{
    sn_window w[SN_MAX_FRAGS];
    long long best_cov = -1, total = 0;
    size_t best_n = 0;
    for (size_t u = 0; u < sn->nunits; u++)
        if (sn->units[u].in_body && sn->units[u].kn)
            total += sn->units[u].w;
    for (size_t k = 1; k <= fragments; k++) {
        size_t overhead = 2 + JOINER_CHARS * (k - 1);
        if (max_chars <= overhead)
            break;
        size_t per = (max_chars - overhead) / k;
        if (k > 1 && per < SN_MIN_FRAG_CHARS)
            break;
        long long cov;
        size_t n = choose_windows(sn, k, per, w, &cov);
        if (n > 0 && cov > best_cov) {
            best_cov = cov;
            best_n = n;
            *best_k = k;
            memcpy(best_w, w, n * sizeof *w);
        }
        if (n == 0 || cov >= total)
            break;
    }
    return best_n;
}

/* Joins neighbouring windows (in text order) whose combined core fits the
 * budget of both: one longer passage reads better than two cut short. */
static size_t merge_windows(const nx_snippeter *sn, sn_window *w, size_t n, size_t per,
                            size_t *parts)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (i > 0) {
            size_t te = w[i].te > w[k].te ? w[i].te : w[k].te;
            if (sn->ti[te].ce - sn->ti[w[k].ta].cs <= per * (parts[k] + 1)) {
                w[k].te = te;
                w[k].b = w[i].b;
                parts[k]++;
                continue;
            }
            k++;
        }
        w[k] = w[i];
        parts[k] = 1;
    }
    return n ? k + 1 : 0;
}

/* Fragments separated by no more text than a joiner would take are shown
 * as one: "a … b" for "a, b" would only mislead. */
static size_t merge_touching(sn_frag *fr, size_t n)
{
    size_t k = 0;
    for (size_t i = 1; i < n; i++) {
        if (fr[i].sc - fr[k].ec <= JOINER_CHARS) {
            fr[k].tok1 = fr[i].tok1;
            fr[k].eb = fr[i].eb;
            fr[k].ec = fr[i].ec;
        } else {
            fr[++k] = fr[i];
        }
    }
    return n ? k + 1 : 0;
}

static int cmp_window(const void *x, const void *y)
{
    const sn_window *a = x, *b = y;
    return a->ta < b->ta ? -1 : a->ta > b->ta;
}

nx_status nx_snippet_make(nx_snippeter *sn, const char *title, const char *body, size_t body_len,
                          const nx_match_unit *units, size_t nunits,
                          unsigned max_chars, unsigned fragments, nx_snippet *out)
{
    if (!out)
        return NX_ERR_INVALID;
    memset(out, 0, sizeof *out);
    if (!sn || (!body && body_len) || (!units && nunits))
        return NX_ERR_INVALID;
    if (max_chars == 0 || body_len == 0)
        return empty_snippet(out);
    /* A bounded window (snippet.h), cut at a character boundary. */
    if (body_len > NX_SNIPPET_SCAN_BYTES)
        for (body_len = NX_SNIPPET_SCAN_BYTES; body_len && ((unsigned char)body[body_len] & 0xC0) == 0x80;)
            body_len--;
    if (fragments == 0)
        fragments = 1;
    if (fragments > SN_MAX_FRAGS)
        fragments = SN_MAX_FRAGS;

    nx_status rc = load_units(sn, units, nunits);
    if (rc == NX_OK && title) {
        size_t tlen = strlen(title);   /* the same window as the body (snippet.h) */
        rc = nx_tokenize(title, tlen < NX_SNIPPET_SCAN_BYTES ? tlen : NX_SNIPPET_SCAN_BYTES, &sn->title_tl);
        if (rc == NX_OK)
            rc = compute_terms(sn, &sn->title_tl);
        if (rc == NX_OK)
            scan_title(sn);
    }
    if (rc == NX_OK)
        rc = nx_tokenize(body, body_len, &sn->tl);
    if (rc == NX_OK)
        rc = compute_terms(sn, &sn->tl);
    if (rc == NX_OK)
        rc = find_matches(sn);
    if (rc != NX_OK)
        return rc;
    /* A unit the headline already shows is worth a little less here. */
    for (size_t u = 0; u < nunits; u++)
        if (sn->units[u].in_title)
            sn->units[u].w = sn->units[u].w * 9 / 10 + 1;

    sn->body = body;
    sn->body_len = body_len;
    measure_body(sn);

    sn_frag whole = { 0, sn->tl.n ? sn->tl.n - 1 : 0, sn->first_nb, sn->last_nb_end, 0, sn->body_c };
    if (sn->body_c <= max_chars)
        return build_output(sn, &whole, sn->body_c > 0, max_chars, out);
    if (sn->tl.n == 0)
        return tokenless_cut(sn, max_chars, out);

    sn_window w[SN_MAX_FRAGS];
    sn_frag fr[SN_MAX_FRAGS];
    size_t k = 1;
    size_t nw = sn->m_n ? plan(sn, max_chars, fragments, w, &k) : 0;
    if (nw == 0) {
        if (!lead_fragment(sn, max_chars - 1, &fr[0]))
            return empty_snippet(out);
        return build_output(sn, fr, 1, max_chars, out);
    }
    qsort(w, nw, sizeof *w, cmp_window);
    size_t per = (max_chars - 2 - JOINER_CHARS * (k - 1)) / k;
    size_t parts[SN_MAX_FRAGS];
    nw = merge_windows(sn, w, nw, per, parts);
    /* Text budget shared in text order, in proportion to the windows each
     * fragment stands for; what one leaves unused goes to the next. */
    size_t text_budget = max_chars - 2 - JOINER_CHARS * (nw - 1), used = 0, parts_left = 0;
    for (size_t i = 0; i < nw; i++)
        parts_left += parts[i];
    for (size_t i = 0; i < nw; i++) {
        size_t allot = (text_budget - used) * parts[i] / parts_left;
        size_t lo = i ? fr[i - 1].tok1 + 1 : 0;
        size_t hi = i + 1 < nw ? w[i + 1].ta - 1 : sn->tl.n - 1;
        size_t core = sn->ti[w[i].te].ce - sn->ti[w[i].ta].cs;
        if (core > allot)
            allot = core;   /* cannot happen: allot >= per * parts >= core */
        expand(sn, &w[i], lo, hi, allot, &fr[i]);
        used += fr[i].ec - fr[i].sc;
        parts_left -= parts[i];
    }
    return build_output(sn, fr, merge_touching(fr, nw), max_chars, out);
}

nx_status nx_snippet_title_spans(nx_snippeter *sn, const char *title, const nx_match_unit *units,
                                 size_t nunits, nx_span **spans, size_t *nspans)
{
    if (!spans || !nspans)
        return NX_ERR_INVALID;
    *spans = NULL;
    *nspans = 0;
    if (!sn || (!units && nunits))
        return NX_ERR_INVALID;
    if (!title || !*title || !nunits)
        return NX_OK;
    nx_status rc = load_units(sn, units, nunits);
    if (rc == NX_OK)
        rc = nx_tokenize(title, strlen(title), &sn->title_tl);
    if (rc == NX_OK)
        rc = compute_terms(sn, &sn->title_tl);
    if (rc != NX_OK)
        return rc;
    const nx_toklist *tl = &sn->title_tl;
    nx_span *out = NULL;
    size_t n = 0, cap = 0;
    /* Token order, so overlapping matches (a name and its last word) merge
     * as the body's do in collect_spans. */
    for (size_t i = 0; i < tl->n; i++) {
        for (size_t u = 0; u < nunits; u++) {
            const sn_unit *su = &sn->units[u];
            if (!unit_matches_at(sn, tl, i, su))
                continue;
            size_t b = tl->tok[i].start, e = token_match_end(&tl->tok[i + su->kn - 1], title);
            if (n && b < out[n - 1].end) {
                if (e > out[n - 1].end)
                    out[n - 1].end = e;
                continue;
            }
            nx_span *grown = grow(out, &cap, n + 1, sizeof *out);
            if (!grown) {
                free(out);
                return NX_ERR_NOMEM;
            }
            out = grown;
            out[n++] = (nx_span){ b, e };
        }
    }
    *spans = out;
    *nspans = n;
    return NX_OK;
}

/*
 * query.c — owns the newsidx query language: a hand-written lexer, a
 * recursive-descent parser into a small tree, and the translation of that
 * tree into an xapian-c query with the shared analysis (nx_tokenize +
 * nx_term_for_token), so query terms are exactly the index terms.  Also
 * nx_date_bounds.
 *
 * Grammar (loosest first; juxtaposition binds loosest, as in Xapian):
 *   query    := seq
 *   seq      := or_expr+                 juxtaposition = default operator
 *   or_expr  := and_expr ("OR" and_expr)*
 *   and_expr := unary ("AND" unary)*
 *   unary    := ("NOT" | "-" | "+") near | near
 *   near     := primary ("NEAR" | "NEAR/n") primary ...
 *   primary  := word | "phrase" | field:primary | "(" seq ")"
 * Operators are upper case only; "and", "or", "not" are ordinary words.
 *
 * Semantics, with the weights as named constants below:
 *   - a plain word w is OR(w, NX_TITLE_WEIGHT * Sw): the unprefixed term
 *     already covers title and body, the S term is a boost for headline
 *     matches.  A word that analyses to several tokens ("U.S.-led",
 *     "ceasefire-talks") is a phrase of them; so is "a quoted phrase".
 *   - juxtaposed terms t1..tn (the default operator): OR(t1..tn), ranked
 *     by BM25, which already puts articles with more of the words (and
 *     rarer ones) first; an article missing a word is still found.  This
 *     was measured (bench/relevance, Reuters topics): adding a boost for
 *     articles with all the words (AND_MAYBE AND) and for the words close
 *     together (NEAR) lowered MAP from 0.545 to 0.519 and made two-word
 *     searches three times slower, because positional checks defeat
 *     Xapian's max-weight pruning.  +x items are required: AND(+items)
 *     AND_MAYBE (the OR over the rest), built as nx_query_and_maybe does.
 *     -x / NOT x items are excluded with AND_NOT.  A query that only
 *     excludes is refused: matching "everything except x" is never what a
 *     news search means.
 *   - a run of capitalised words (not ALL CAPS) in a plain query is a name
 *     when the index knows it (XN whole-name term for several tokens, N term
 *     for one): then it searches ONLY the unstemmed N terms (scaled by
 *     NX_NAME_WEIGHT; several words must also form the phrase of their
 *     plain terms, q_name), so "Bush" does not match "bushes".  A single
 *     capitalised word at the very start of the query may just be the
 *     capitalised first word of a sentence: it searches OR(name, word).
 *   - date:A..B and id:X are filters (no weight); date uses NX_SLOT_DATE.
 *     So are the label fields (topic/tag, place, section, source, person,
 *     org), as in Xapian's boolean prefixes: "topic:crude place:usa oil"
 *     ranks "oil" among articles with both labels.  Within one juxtaposed
 *     sequence, filters on the same field are OR-ed ("topic:crude
 *     topic:gas") and filters on different fields AND-ed.
 *   - word* is a wildcard over the unstemmed normalised prefix (it matches
 *     stems: "ceasef*" finds "ceasefir").  Expansion beyond NX_WILDCARD_LIMIT
 *     terms fails at search time with XC_ERR_WILDCARD, which search.c turns
 *     into a clear message; the parser cannot know the expansion size.
 *   - a NEAR/n b: at most n other words between them (default 10).
 * Words without any indexable character ("???") are dropped silently when
 * something else remains; otherwise they are the error.
 *
 * Memory: every parse-time allocation goes into one arena freed at the end,
 * so error paths only have to free xapian query handles.
 */
#include "searcher/query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/stem.h"
#include "analysis/tokenize.h"
#include "lib/schema.h"

#define NX_TITLE_WEIGHT 0.5       /* headline term boost next to the plain term */
#define NX_NAME_WEIGHT 1.5        /* a recognised name counts more than a word */
#define NX_NEAR_DEFAULT 10        /* "a NEAR b": at most this many words between */
#define NX_NEAR_MAX 1000
#define NX_NAME_MAX_WORDS 6       /* longest run tried as one name */
#define NX_TERM_MAX 240           /* Xapian refuses terms over 245 bytes */
#define NX_ERR_QUOTE_MAX 40       /* bytes of user text quoted in a message */

static const char known_fields[] =
    "title, headline, author, byline, by, source, section, topic, tag, place, dateline, "
    "person, org, name, id, date";

/* ------------------------------------------------------------ structures */

typedef enum { T_END, T_WORD, T_PHRASE, T_LP, T_RP, T_AND, T_OR, T_NOT, T_NEAR,
               T_PLUS, T_MINUS, T_FIELD } ttype;
typedef enum { F_PLAIN, F_PREFIX, F_NAME, F_ID, F_DATE } fkind;

typedef struct lexeme {
    ttype t;
    size_t start, end;     /* word / phrase content / field name */
    unsigned window;       /* NEAR */
    fkind fk;              /* FIELD */
    const char *prefix;    /* FIELD */
} lexeme;

typedef enum { N_LEAF, N_SEQ, N_AND, N_OR, N_NEAR, N_MOD } nkind;
typedef enum { L_WORD, L_PHRASE, L_WILD, L_DATE, L_ID } lkind;
typedef enum { M_REQ, M_EXCL } modkind;

typedef struct node {
    nkind k;
    /* leaves */
    lkind lk;
    fkind fk;
    const char *prefix;    /* term prefix; "" for plain words */
    size_t start, end;     /* span of the leaf in the query */
    unsigned ordinal;      /* 0 for the first leaf of the query */
    size_t ntok;
    char **norm;           /* casefolded token texts */
    char **key;            /* index term without prefix (stem, or norm for names) */
    unsigned *flags;
    size_t *ts, *te;       /* token spans in the query */
    char *term;            /* wildcard prefix term, id term */
    char lo[16], hi[16];   /* date bounds, "" for an open end */
    /* inner nodes */
    struct node **kids;
    size_t nkids;
    unsigned window;
    modkind m;
} node;

typedef struct fctx {
    fkind fk;
    const char *prefix;
} fctx;

typedef struct parser {
    char *q;               /* the query with control characters as spaces */
    size_t len;
    lexeme *lx;
    size_t nlx, at;
    nx_stemmer *st;
    const nx_variants *variants;   /* British/American spellings; may be NULL */
    const xc_db *db;
    nx_toklist tl;
    void **arena;
    size_t narena, caparena;
    size_t nterms;
    unsigned nleaves;
    const node *first_empty;
    nx_status status;
    char *err;
    size_t errsz;
    nx_parsed_query *out;
    size_t capunits, capwords;
} parser;

/* Compiled form of a subtree: what it adds (pos), what it excludes (neg),
 * what it restricts to without weight (filt).  All NULL: nothing searchable. */
typedef struct cres {
    xc_query *pos, *neg, *filt;
    const char *filt_group; /* filters of one field are OR-ed, fields AND-ed */
    int req;
} cres;

/* --------------------------------------------------------------- errors */

static size_t char_pos(const parser *p, size_t off)
{
    size_t n = 1;
    for (size_t i = 0; i < off && i < p->len; i++)
        if (((unsigned char)p->q[i] & 0xC0) != 0x80)
            n++;
    return n;
}

/* Length of a valid UTF-8 sequence at s (n bytes available), 0 if invalid. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t need = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3
                : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    if (need == 0 || need > n || (need == 2 && s[0] < 0xC2))
        return 0;
    for (size_t i = 1; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

/* User text for a message: valid UTF-8 only, cut at NX_ERR_QUOTE_MAX bytes. */
static void quote(const parser *p, size_t s, size_t e, char *buf, size_t bsz)
{
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)p->q;
    if (e > p->len)
        e = p->len;
    while (s < e && o + 8 < bsz) {
        size_t n = utf8_seq(u + s, e - s);
        if (o + (n ? n : 1) > NX_ERR_QUOTE_MAX) {
            memcpy(buf + o, "...", 3);
            o += 3;
            break;
        }
        if (n) {
            memcpy(buf + o, u + s, n);
            o += n;
            s += n;
        } else {
            buf[o++] = '?';
            s++;
        }
    }
    buf[o] = '\0';
}

static void fail(parser *p, nx_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(parser *p, nx_status st, const char *fmt, ...)
{
    if (p->status != NX_OK)
        return;
    p->status = st;
    if (!p->err || p->errsz == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->err, p->errsz, fmt, ap);
    va_end(ap);
}

static void nomem(parser *p) { fail(p, NX_ERR_NOMEM, "out of memory while parsing the query"); }

/* ---------------------------------------------------------------- arena */

static int arena_keep(parser *p, void *ptr)
{
    if (p->narena == p->caparena) {
        size_t cap = p->caparena ? p->caparena * 2 : 64;
        void **a = realloc(p->arena, cap * sizeof *a);
        if (!a)
            return -1;
        p->arena = a;
        p->caparena = cap;
    }
    p->arena[p->narena++] = ptr;
    return 0;
}

static void *arena_alloc(parser *p, size_t n)
{
    void *ptr = calloc(1, n ? n : 1);
    if (!ptr || arena_keep(p, ptr) != 0) {
        free(ptr);
        nomem(p);
        return NULL;
    }
    return ptr;
}

static char *arena_strndup(parser *p, const char *s, size_t n)
{
    char *c = arena_alloc(p, n + 1);
    if (c)
        memcpy(c, s, n);
    return c;
}

static void arena_free(parser *p)
{
    for (size_t i = 0; i < p->narena; i++)
        free(p->arena[i]);
    free(p->arena);
    p->arena = NULL;
    p->narena = p->caparena = 0;
}

/* ---------------------------------------------------------------- lexer */

static int is_space(char c) { return c == ' '; }   /* controls are already spaces */
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int ends_word(char c) { return is_space(c) || c == '(' || c == ')' || c == '"'; }

static void emit(parser *p, ttype t, size_t s, size_t e)
{
    lexeme *l = &p->lx[p->nlx++];
    memset(l, 0, sizeof *l);
    l->t = t;
    l->start = s;
    l->end = e;
}

/* "NEAR" or "NEAR/n": 1 and the window, 0 if the word is no NEAR, -1 if the
 * distance is malformed. */
static int lex_near(const char *w, size_t n, unsigned *window)
{
    if (n < 4 || memcmp(w, "NEAR", 4) != 0)
        return 0;
    if (n == 4) {
        *window = NX_NEAR_DEFAULT;
        return 1;
    }
    if (w[4] != '/')
        return 0;
    if (n == 5 || n > 9)
        return -1;
    unsigned v = 0;
    for (size_t i = 5; i < n; i++) {
        if (w[i] < '0' || w[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(w[i] - '0');
    }
    if (v > NX_NEAR_MAX)
        return -1;
    *window = v;
    return 1;
}

static fkind field_kind(const char *prefix)
{
    if (strcmp(prefix, NX_PFX_NAME) == 0)
        return F_NAME;
    if (strcmp(prefix, NX_PFX_ID) == 0)
        return F_ID;
    return F_PREFIX;
}

/* A word starting at i and ending before j: a field name, an operator or a
 * word.  literal: 1 after + or - (no operator), 2 after field: (plain
 * text, neither operator nor field).  "name:" is a field only for letters directly before the colon; an
 * unknown one is an error when a value follows directly, otherwise ("10:30",
 * "http://x", "Warning: storm") the colon is ordinary text. */
static int lex_word(parser *p, size_t i, size_t j, int literal)
{
    const char *q = p->q;
    size_t k = i;
    while (literal < 2 && k < j && is_alpha(q[k]))
        k++;
    if (literal < 2 && k > i && k < j && q[k] == ':') {
        const char *prefix = NULL;
        fkind fk = F_DATE;
        if (!(k - i == 4 && strncmp(q + i, "date", 4) == 0)) {
            prefix = nx_schema_prefix_for_field(q + i, k - i);
            fk = prefix ? field_kind(prefix) : F_PREFIX;
        }
        if (prefix || fk == F_DATE) {
            emit(p, T_FIELD, i, k);
            p->lx[p->nlx - 1].fk = fk;
            p->lx[p->nlx - 1].prefix = prefix;
            return (int)(k + 1 - i);
        }
        char c = k + 1 < p->len ? q[k + 1] : ' ';
        if (!is_space(c) && c != ':' && c != '/' && c != ')') {
            char b[64];
            quote(p, i, k, b, sizeof b);
            fail(p, NX_ERR_QUERY, "unknown field '%s:' (known fields: %s)", b, known_fields);
            return -1;
        }
    }
    size_t n = j - i;
    if (!literal) {
        unsigned window = 0;
        int near = lex_near(q + i, n, &window);
        if (near < 0) {
            char b[64];
            quote(p, i, j, b, sizeof b);
            fail(p, NX_ERR_QUERY, "malformed '%s': use NEAR/n with n from 0 to %d", b, NX_NEAR_MAX);
            return -1;
        }
        if (near) {
            emit(p, T_NEAR, i, j);
            p->lx[p->nlx - 1].window = window;
            return (int)n;
        }
        ttype t = T_WORD;
        if (n == 3 && memcmp(q + i, "AND", 3) == 0)
            t = T_AND;
        else if (n == 2 && memcmp(q + i, "OR", 2) == 0)
            t = T_OR;
        else if (n == 3 && memcmp(q + i, "NOT", 3) == 0)
            t = T_NOT;
        emit(p, t, i, j);
        return (int)n;
    }
    emit(p, T_WORD, i, j);
    return (int)n;
}

static int lex(parser *p)
{
    size_t open[NX_QUERY_MAX_DEPTH];
    size_t depth = 0, i = 0;
    int literal = 0;   /* see lex_word */
    const char *q = p->q;
    p->lx = arena_alloc(p, (p->len + 2) * sizeof *p->lx);
    if (!p->lx)
        return -1;
    while (i < p->len) {
        char c = q[i];
        if (is_space(c)) {
            literal = 0;
            i++;
        } else if (c == '(') {
            if (depth == NX_QUERY_MAX_DEPTH) {
                fail(p, NX_ERR_QUERY, "query is nested too deeply (more than %d levels of parentheses)",
                     NX_QUERY_MAX_DEPTH);
                return -1;
            }
            open[depth++] = i;
            emit(p, T_LP, i, i + 1);
            literal = 0;
            i++;
        } else if (c == ')') {
            if (depth == 0) {
                fail(p, NX_ERR_QUERY, "unbalanced parenthesis: ')' at position %zu has no matching '('",
                     char_pos(p, i));
                return -1;
            }
            depth--;
            emit(p, T_RP, i, i + 1);
            literal = 0;
            i++;
        } else if (c == '"') {
            const char *close = memchr(q + i + 1, '"', p->len - i - 1);
            if (!close) {
                fail(p, NX_ERR_QUERY, "unbalanced quote: missing closing \" after position %zu",
                     char_pos(p, i));
                return -1;
            }
            size_t j = (size_t)(close - q);
            emit(p, T_PHRASE, i + 1, j);
            literal = 0;
            i = j + 1;
        } else if ((c == '+' || c == '-') && !literal && i + 1 < p->len && !is_space(q[i + 1]) &&
                   q[i + 1] != ')') {
            emit(p, c == '+' ? T_PLUS : T_MINUS, i, i + 1);
            literal = 1;
            i++;
        } else {
            size_t j = i;
            while (j < p->len && !ends_word(q[j]))
                j++;
            int used = lex_word(p, i, j, literal);
            if (used < 0)
                return -1;
            literal = p->lx[p->nlx - 1].t == T_FIELD ? 2 : 0;
            i += (size_t)used;
        }
    }
    if (depth > 0) {
        fail(p, NX_ERR_QUERY, "unbalanced parenthesis: '(' at position %zu is not closed",
             char_pos(p, open[0]));
        return -1;
    }
    emit(p, T_END, p->len, p->len);
    return 0;
}

/* -------------------------------------------------------------- analysis */

static int add_terms(parser *p, size_t n)
{
    p->nterms += n;
    if (p->nterms > NX_QUERY_MAX_TERMS) {
        fail(p, NX_ERR_QUERY, "query has too many terms (the limit is %d)", NX_QUERY_MAX_TERMS);
        return -1;
    }
    return 0;
}

static node *new_node(parser *p, nkind k)
{
    node *n = arena_alloc(p, sizeof *n);
    if (n)
        n->k = k;
    return n;
}

static node *new_leaf(parser *p, lkind lk, const fctx *ctx, size_t s, size_t e)
{
    node *n = new_node(p, N_LEAF);
    if (!n)
        return NULL;
    n->lk = lk;
    n->fk = ctx->fk;
    n->prefix = ctx->prefix ? ctx->prefix : "";
    n->start = s;
    n->end = e;
    n->ordinal = p->nleaves++;
    return n;
}

/* Tokenises q[s..e) into the leaf: the same tokens and terms as the indexer. */
static int analyse(parser *p, node *n, size_t s, size_t e)
{
    if (nx_tokenize(p->q + s, e - s, &p->tl) != NX_OK) {
        nomem(p);
        return -1;
    }
    size_t cnt = p->tl.n;
    if (add_terms(p, cnt) != 0)
        return -1;
    n->ntok = cnt;
    if (cnt == 0)
        return 0;
    n->norm = arena_alloc(p, cnt * sizeof *n->norm);
    n->key = arena_alloc(p, cnt * sizeof *n->key);
    n->flags = arena_alloc(p, cnt * sizeof *n->flags);
    n->ts = arena_alloc(p, cnt * sizeof *n->ts);
    n->te = arena_alloc(p, cnt * sizeof *n->te);
    if (!n->norm || !n->key || !n->flags || !n->ts || !n->te)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        const nx_token *t = &p->tl.tok[i];
        const char *norm = nx_tok_text(&p->tl, i);
        size_t klen = t->norm_len;
        const char *key = norm;
        if (n->fk != F_NAME) {
            key = nx_term_for_token(p->st, norm, t->norm_len, t->flags, &klen);
            if (!key) {
                nomem(p);
                return -1;
            }
        }
        n->norm[i] = arena_strndup(p, norm, t->norm_len);
        n->key[i] = arena_strndup(p, key, klen);
        if (!n->norm[i] || !n->key[i])
            return -1;
        n->flags[i] = t->flags;
        n->ts[i] = s + t->start;
        n->te[i] = s + t->end;
    }
    return 0;
}

static size_t utf8_chars(const char *s)
{
    size_t n = 0;
    for (; *s; s++)
        if (((unsigned char)*s & 0xC0) != 0x80)
            n++;
    return n;
}

/* word*: the normalised (unstemmed) prefix, which matches the stems that
 * start with it. */
static node *wildcard_leaf(parser *p, const fctx *ctx, size_t s, size_t e)
{
    char b[64];
    size_t stem_end = e;
    while (stem_end > s && p->q[stem_end - 1] == '*')
        stem_end--;
    node *n = new_leaf(p, L_WILD, ctx, s, e);
    if (!n || add_terms(p, 1) != 0)
        return NULL;
    if (nx_tokenize(p->q + s, stem_end - s, &p->tl) != NX_OK) {
        nomem(p);
        return NULL;
    }
    quote(p, s, e, b, sizeof b);
    if (p->tl.n > 1) {
        fail(p, NX_ERR_QUERY, "wildcard '%s' must be a single word", b);
        return NULL;
    }
    if (p->tl.n == 0 || utf8_chars(nx_tok_text(&p->tl, 0)) < 2) {
        fail(p, NX_ERR_QUERY, "wildcard '%s' is too short (it needs at least 2 letters before '*')", b);
        return NULL;
    }
    size_t plen = strlen(n->prefix), tlen = p->tl.tok[0].norm_len;
    if (plen + tlen > NX_TERM_MAX) {
        fail(p, NX_ERR_QUERY, "wildcard '%s' is too long", b);
        return NULL;
    }
    n->term = arena_alloc(p, plen + tlen + 1);
    if (!n->term)
        return NULL;
    memcpy(n->term, n->prefix, plen);
    memcpy(n->term + plen, nx_tok_text(&p->tl, 0), tlen);
    return n;
}

static int is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int days_in_month(int y, int m)
{
    static const int d[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : d[m - 1];
}

static int digits(const char *s, size_t n, int *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* "YYYYMMDD" + time, 14 characters and a NUL (ranges checked by the caller). */
static void put_stamp(char *out, int y, int m, int d, const char *time)
{
    int v[3] = {y, m, d}, w[3] = {4, 2, 2};
    size_t o = 0;
    for (int f = 0; f < 3; f++)
        for (int k = w[f] - 1, div = f == 0 ? 1000 : 10; k >= 0; k--, div /= 10)
            out[o++] = (char)('0' + (v[f] / div) % 10);
    memcpy(out + o, time, 7);
}

int nx_date_bounds(const char *s, size_t len, char *lo, char *hi)
{
    int y, m = 0, d = 0;
    if (!s || !lo || !hi || (len != 4 && len != 7 && len != 10))
        return 0;
    if (!digits(s, 4, &y) || y < 1)
        return 0;
    if (len >= 7 && (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12))
        return 0;
    if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > days_in_month(y, m)))
        return 0;
    int m_lo = m ? m : 1, m_hi = m ? m : 12;
    int d_lo = d ? d : 1, d_hi = d ? d : days_in_month(y, m_hi);
    put_stamp(lo, y, m_lo, d_lo, "000000");
    put_stamp(hi, y, m_hi, d_hi, "235959");
    return 1;
}

/* date:A, date:A..B, date:A.., date:..B */
static node *date_leaf(parser *p, const fctx *ctx, size_t s, size_t e)
{
    char b[64], scratch[16];
    node *n = new_leaf(p, L_DATE, ctx, s, e);
    if (!n || add_terms(p, 1) != 0)
        return NULL;
    const char *v = p->q + s;
    size_t len = e - s, dots = len;
    for (size_t i = 0; i + 1 < len; i++)
        if (v[i] == '.' && v[i + 1] == '.') {
            dots = i;
            break;
        }
    quote(p, s, e, b, sizeof b);
    int ok;
    if (dots == len) {
        ok = nx_date_bounds(v, len, n->lo, n->hi);
    } else {
        size_t rs = dots + 2;
        ok = (dots > 0 || rs < len) &&
             (dots == 0 || nx_date_bounds(v, dots, n->lo, scratch)) &&
             (rs == len || nx_date_bounds(v + rs, len - rs, scratch, n->hi));
    }
    if (!ok) {
        fail(p, NX_ERR_QUERY, "malformed date 'date:%s' (use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B)", b);
        return NULL;
    }
    if (n->lo[0] && n->hi[0] && strcmp(n->lo, n->hi) > 0) {
        fail(p, NX_ERR_QUERY, "date range 'date:%s' ends before it starts", b);
        return NULL;
    }
    return n;
}

/* id:X is the unique term of one article, as typed. */
static node *id_leaf(parser *p, const fctx *ctx, size_t s, size_t e)
{
    node *n = new_leaf(p, L_ID, ctx, s, e);
    if (!n || add_terms(p, 1) != 0)
        return NULL;
    size_t plen = strlen(NX_PFX_ID);
    if (e == s || plen + e - s > NX_TERM_MAX) {
        fail(p, NX_ERR_QUERY, e == s ? "'id:' needs a value" : "the id after 'id:' is too long");
        return NULL;
    }
    n->term = arena_alloc(p, plen + e - s + 1);
    if (!n->term)
        return NULL;
    memcpy(n->term, NX_PFX_ID, plen);
    memcpy(n->term + plen, p->q + s, e - s);
    return n;
}

/* ---------------------------------------------------------------- parser */

static const lexeme *peek(const parser *p) { return &p->lx[p->at]; }

static int starts_primary(ttype t) { return t == T_WORD || t == T_PHRASE || t == T_LP || t == T_FIELD; }
static int starts_term(ttype t) { return starts_primary(t) || t == T_NOT || t == T_PLUS || t == T_MINUS; }

static const char *op_name(ttype t)
{
    switch (t) {
    case T_AND: return "AND";
    case T_OR: return "OR";
    case T_NOT: return "NOT";
    case T_NEAR: return "NEAR";
    case T_PLUS: return "+";
    case T_MINUS: return "-";
    default: return "?";
    }
}

static node *parse_seq(parser *p, const fctx *ctx, size_t open_at);

static node *parse_field(parser *p);

static node *parse_primary(parser *p, const fctx *ctx)
{
    const lexeme *l = peek(p);
    if (l->t == T_FIELD)
        return parse_field(p);
    if (l->t == T_LP) {
        size_t open_at = l->start;
        p->at++;
        node *n = parse_seq(p, ctx, open_at);
        if (!n)
            return NULL;
        if (peek(p)->t != T_RP) {   /* the lexer balanced them; be safe anyway */
            fail(p, NX_ERR_QUERY, "unbalanced parenthesis: '(' at position %zu is not closed",
                 char_pos(p, open_at));
            return NULL;
        }
        p->at++;
        return n;
    }
    if (l->t != T_WORD && l->t != T_PHRASE) {
        fail(p, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(l->t));
        return NULL;
    }
    p->at++;
    if (ctx->fk == F_DATE)
        return date_leaf(p, ctx, l->start, l->end);
    if (ctx->fk == F_ID)
        return id_leaf(p, ctx, l->start, l->end);
    if (l->t == T_WORD && l->end > l->start && p->q[l->end - 1] == '*')
        return wildcard_leaf(p, ctx, l->start, l->end);
    node *n = new_leaf(p, l->t == T_WORD ? L_WORD : L_PHRASE, ctx, l->start, l->end);
    if (!n || analyse(p, n, l->start, l->end) != 0)
        return NULL;
    return n;
}

/* field:value, field:"phrase", field:(group) */
static node *parse_field(parser *p)
{
    const lexeme *f = peek(p);
    char b[64];
    quote(p, f->start, f->end, b, sizeof b);
    p->at++;
    const lexeme *v = peek(p);
    /* The value must follow the colon directly: "title: x" is a mistake we
     * report rather than guess. */
    int direct = v->start == f->end + 1 && (v->t == T_WORD || v->t == T_PHRASE || v->t == T_LP);
    if (v->t == T_PHRASE)
        direct = v->start == f->end + 2;
    if (!direct || (f->fk == F_DATE || f->fk == F_ID ? v->t == T_LP : 0)) {
        fail(p, NX_ERR_QUERY, "'%s:' needs a value right after the colon (e.g. %s:%s)", b, b,
             f->fk == F_DATE ? "2025-03" : f->fk == F_NAME ? "\"keir starmer\"" : "word");
        return NULL;
    }
    fctx ctx = {f->fk, f->prefix};
    return parse_primary(p, &ctx);
}

static node *wrap(parser *p, nkind k, node **items, size_t n)
{
    if (n == 1)
        return items[0];
    node *w = new_node(p, k);
    if (!w)
        return NULL;
    w->kids = arena_alloc(p, n * sizeof *w->kids);
    if (!w->kids)
        return NULL;
    memcpy(w->kids, items, n * sizeof *items);
    w->nkids = n;
    return w;
}

/* A growable list of nodes while one level is parsed. */
typedef struct nlist {
    node **v;
    size_t n, cap;
} nlist;

static int nlist_push(parser *p, nlist *l, node *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        node **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            nomem(p);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
    return 0;
}

static node *parse_near(parser *p, const fctx *ctx)
{
    node *first = parse_primary(p, ctx);
    if (!first || peek(p)->t != T_NEAR)
        return first;
    nlist l = {0};
    unsigned window = 0;
    node *res = NULL;
    if (nlist_push(p, &l, first) != 0)
        goto out;
    while (peek(p)->t == T_NEAR) {
        if (peek(p)->window > window)
            window = peek(p)->window;
        p->at++;
        if (!starts_primary(peek(p)->t)) {
            fail(p, NX_ERR_QUERY, "'NEAR' needs a term on both sides");
            goto out;
        }
        node *n = parse_primary(p, ctx);
        if (!n || nlist_push(p, &l, n) != 0)
            goto out;
    }
    res = wrap(p, N_NEAR, l.v, l.n);
    if (res)
        res->window = window;
out:
    free(l.v);
    return res;
}

static node *parse_unary(parser *p, const fctx *ctx)
{
    ttype t = peek(p)->t;
    if (t != T_NOT && t != T_PLUS && t != T_MINUS)
        return parse_near(p, ctx);
    p->at++;
    if (!starts_primary(peek(p)->t)) {
        fail(p, NX_ERR_QUERY, "'%s' needs a term right after it", op_name(t));
        return NULL;
    }
    node *child = parse_near(p, ctx);
    if (!child)
        return NULL;
    node *m = new_node(p, N_MOD);
    if (!m)
        return NULL;
    m->m = t == T_PLUS ? M_REQ : M_EXCL;
    m->kids = arena_alloc(p, sizeof *m->kids);
    if (!m->kids)
        return NULL;
    m->kids[0] = child;
    m->nkids = 1;
    return m;
}

/* and_expr and or_expr share this shape: operand (OP operand)* */
static node *parse_binary(parser *p, const fctx *ctx, ttype op)
{
    node *first = op == T_AND ? parse_unary(p, ctx) : parse_binary(p, ctx, T_AND);
    if (!first || peek(p)->t != op)
        return first;
    nlist l = {0};
    node *res = NULL;
    if (nlist_push(p, &l, first) != 0)
        goto out;
    while (peek(p)->t == op) {
        p->at++;
        if (!starts_term(peek(p)->t)) {
            fail(p, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(op));
            goto out;
        }
        node *n = op == T_AND ? parse_unary(p, ctx) : parse_binary(p, ctx, T_AND);
        if (!n || nlist_push(p, &l, n) != 0)
            goto out;
    }
    res = wrap(p, op == T_AND ? N_AND : N_OR, l.v, l.n);
out:
    free(l.v);
    return res;
}

/* open_at: offset of the '(' this group started at, or (size_t)-1 at top. */
static node *parse_seq(parser *p, const fctx *ctx, size_t open_at)
{
    nlist l = {0};
    node *res = NULL;
    for (;;) {
        ttype t = peek(p)->t;
        if (t == T_END || t == T_RP)
            break;
        if (!starts_term(t)) {
            fail(p, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(t));
            goto out;
        }
        node *n = parse_binary(p, ctx, T_OR);
        if (!n || nlist_push(p, &l, n) != 0)
            goto out;
    }
    if (l.n == 0) {
        if (open_at != (size_t)-1)
            fail(p, NX_ERR_QUERY, "empty parentheses at position %zu", char_pos(p, open_at));
        else
            fail(p, NX_ERR_QUERY, "empty query");
        goto out;
    }
    /* Always a SEQ node, even for one item: names are found there. */
    res = new_node(p, N_SEQ);
    if (res) {
        res->kids = arena_alloc(p, l.n * sizeof *res->kids);
        if (!res->kids) {
            res = NULL;
            goto out;
        }
        memcpy(res->kids, l.v, l.n * sizeof *l.v);
        res->nkids = l.n;
    }
out:
    free(l.v);
    return res;
}

/* ------------------------------------------------------- xapian queries */

/* Combines the non-NULL subs (which stay owned by the caller). */
static xc_query *q_keep(parser *p, xc_query_op op, xc_query *const *subs, size_t n, unsigned param)
{
    xc_query *v[2 * NX_QUERY_MAX_TERMS + 8];
    xc_query **all = n <= sizeof v / sizeof v[0] ? v : malloc(n * sizeof *all);
    xc_query *out = NULL;
    size_t m = 0;
    if (!all) {
        nomem(p);
        return NULL;
    }
    for (size_t i = 0; i < n; i++)
        if (subs[i])
            all[m++] = subs[i];
    if (m > 0 && xc_query_combine(op, all, m, param, &out) != XC_OK) {
        fail(p, NX_ERR_NOMEM, "could not build the query: %s", xc_errmsg());
        out = NULL;
    }
    if (all != v)
        free(all);
    return out;
}

static void q_free_all(xc_query **subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xc_query_free(subs[i]);
        subs[i] = NULL;
    }
}

/* As q_keep, but consumes the subs; a single sub of an AND/OR is returned
 * as it is, to keep descriptions readable. */
static xc_query *q_take(parser *p, xc_query_op op, xc_query **subs, size_t n, unsigned param)
{
    size_t m = 0, last = 0;
    for (size_t i = 0; i < n; i++)
        if (subs[i]) {
            m++;
            last = i;
        }
    if (m == 1 && (op == XC_OP_AND || op == XC_OP_OR)) {
        xc_query *one = subs[last];
        subs[last] = NULL;
        q_free_all(subs, n);
        return one;
    }
    xc_query *out = p->status == NX_OK && m ? q_keep(p, op, subs, n, param) : NULL;
    q_free_all(subs, n);
    return out;
}

xc_status nx_query_and_maybe(const xc_query *req, const xc_query *opt, xc_query **out)
{
    xc_query *all = NULL, *none = NULL, *any = NULL;
    *out = NULL;
    /* 0 * every document: no weight and no match of its own (FILTER keeps
     * req's), but it makes the OR's estimated size the whole database, so
     * that Xapian estimates req's matches as it does for AND_MAYBE (the
     * product of the two sides' frequencies would be far too low) and
     * that req, the smaller side, is the one MultiAnd moves with next():
     * unweighted, it never changes shape, and the weighted OR only
     * follows it with skip_to.  (A req matching nearly every document
     * ties; then either may lead.) */
    xc_status st = xc_query_match_all(&all);
    if (st == XC_OK)
        st = xc_query_scale(all, 0.0, &none);
    if (st == XC_OK) {
        xc_query *const three[3] = { (xc_query *)req, (xc_query *)opt, none };
        st = xc_query_combine(XC_OP_OR, three, 3, 0, &any);
    }
    if (st == XC_OK) {
        xc_query *const pair[2] = { any, (xc_query *)req };
        st = xc_query_combine(XC_OP_FILTER, pair, 2, 0, out);
    }
    xc_query_free(all);
    xc_query_free(none);
    xc_query_free(any);
    return st;
}

/* req AND_MAYBE pos (nx_query_and_maybe); takes both. */
static xc_query *q_and_maybe(parser *p, xc_query *req, xc_query *pos)
{
    xc_query *out = NULL;
    if (req && pos && p->status == NX_OK && nx_query_and_maybe(req, pos, &out) != XC_OK)
        fail(p, NX_ERR_NOMEM, "could not build the query: %s", xc_errmsg());
    else if ((!req || !pos) && p->status == NX_OK)
        nomem(p);
    xc_query_free(req);
    xc_query_free(pos);
    return out;
}

static xc_query *q_pair(parser *p, xc_query_op op, xc_query *a, xc_query *b)
{
    xc_query *v[2] = {a, b};
    if (!a || !b) {
        q_free_all(v, 2);
        if (p->status == NX_OK)
            nomem(p);
        return NULL;
    }
    return q_take(p, op, v, 2, 0);
}

static xc_query *q_scale(parser *p, xc_query *q, double f)
{
    xc_query *out = NULL;
    if (q && f == 1.0)
        return q;
    if (q && xc_query_scale(q, f, &out) != XC_OK) {
        fail(p, NX_ERR_NOMEM, "could not build the query: %s", xc_errmsg());
        out = NULL;
    }
    xc_query_free(q);
    return out;
}

static xc_query *q_term(parser *p, const char *prefix, const char *key)
{
    char buf[NX_TERM_MAX + 16];
    xc_query *out = NULL;
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, key);
    if (n < 0 || (size_t)n >= sizeof buf) {
        fail(p, NX_ERR_QUERY, "a word in the query is too long");
        return NULL;
    }
    if (xc_query_term(buf, (size_t)n, 1, 0, &out) != XC_OK) {
        fail(p, NX_ERR_NOMEM, "could not build the query: %s", xc_errmsg());
        return NULL;
    }
    return out;
}

/* The tokens of a leaf as one term, or a phrase of them. */
static xc_query *q_tokens(parser *p, const char *prefix, char *const *keys, size_t n)
{
    xc_query *v[NX_QUERY_MAX_TERMS];
    if (n == 0 || n > NX_QUERY_MAX_TERMS)
        return NULL;
    if (n == 1)
        return q_term(p, prefix, keys[0]);
    for (size_t i = 0; i < n; i++) {
        v[i] = q_term(p, prefix, keys[i]);
        if (!v[i]) {
            q_free_all(v, i);
            return NULL;
        }
    }
    return q_take(p, XC_OP_PHRASE, v, n, 0);
}

/* A name of n words (casefolded norms, token flags).  N terms have no
 * positions (indexer/docbuild.c), so the words' order comes from the plain
 * terms at the same places: a name of several words is its N terms, which
 * give the weight, filtered by the phrase of its plain terms. */
static xc_query *q_name(parser *p, char *const *norm, const unsigned *flags, size_t n)
{
    if (n <= 1)
        return q_tokens(p, NX_PFX_NAME, norm, n);
    char *plain[NX_QUERY_MAX_TERMS];
    xc_query *v[NX_QUERY_MAX_TERMS];
    if (n > NX_QUERY_MAX_TERMS)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        plain[i] = (char *)nx_term_for_token(p->st, norm[i], strlen(norm[i]), flags[i], NULL);
        v[i] = plain[i] ? q_term(p, NX_PFX_NAME, norm[i]) : NULL;
        if (!v[i]) {
            if (!plain[i])
                nomem(p);
            q_free_all(v, i);
            return NULL;
        }
    }
    xc_query *words = q_take(p, XC_OP_AND, v, n, 0);
    return q_pair(p, XC_OP_FILTER, words, q_tokens(p, "", plain, n));
}

static xc_query *finalize(parser *p, cres *r, int *negonly)
{
    xc_query *base = r->pos;
    r->pos = NULL;
    *negonly = 0;
    if (!base && r->filt && xc_query_match_all(&base) != XC_OK) {
        nomem(p);
        base = NULL;
    }
    if (r->filt) {
        base = q_pair(p, XC_OP_FILTER, base, r->filt);
        r->filt = NULL;
    }
    if (r->neg) {
        if (!base && p->status == NX_OK) {
            *negonly = 1;
            xc_query_free(r->neg);
            r->neg = NULL;
            return NULL;
        }
        base = q_pair(p, XC_OP_AND_NOT, base, r->neg);
        r->neg = NULL;
    }
    return base;
}

static void cres_free(cres *r)
{
    xc_query_free(r->pos);
    xc_query_free(r->neg);
    xc_query_free(r->filt);
    memset(r, 0, sizeof *r);
}

static int cres_empty(const cres *r) { return !r->pos && !r->neg && !r->filt; }

/* ------------------------------------------------- units and plain words */

static int add_unit(parser *p, char *const *keys, size_t n, int exact)
{
    nx_parsed_query *o = p->out;
    if (o->nunits == p->capunits) {
        size_t cap = p->capunits ? p->capunits * 2 : 8;
        nx_match_unit *u = realloc(o->units, cap * sizeof *u);
        if (!u)
            goto oom;
        o->units = u;
        p->capunits = cap;
    }
    nx_match_unit *u = &o->units[o->nunits];
    memset(u, 0, sizeof *u);
    u->keys = calloc(n ? n : 1, sizeof *u->keys);
    if (!u->keys)
        goto oom;
    o->nunits++;   /* counted now so nx_parsed_query_free sees partial keys */
    u->exact = exact;
    u->weight = 1.0;
    for (size_t i = 0; i < n; i++) {
        u->keys[i] = strdup(keys[i]);
        if (!u->keys[i])
            goto oom;
        u->n++;
    }
    return 0;
oom:
    nomem(p);
    return -1;
}

static int add_words(parser *p, const node *n)
{
    nx_parsed_query *o = p->out;
    for (size_t i = 0; i < n->ntok; i++) {
        if (o->nwords == p->capwords) {
            size_t cap = p->capwords ? p->capwords * 2 : 8;
            nx_query_word *w = realloc(o->words, cap * sizeof *w);
            if (!w)
                goto oom;
            o->words = w;
            p->capwords = cap;
        }
        nx_query_word *w = &o->words[o->nwords];
        w->start = n->ts[i];
        w->end = n->te[i];
        w->norm = strdup(n->norm[i]);
        if (!w->norm)
            goto oom;
        o->nwords++;
    }
    return 0;
oom:
    nomem(p);
    return -1;
}

/* ------------------------------------------------------------- compiling */

static int compile(parser *p, const node *n, int neg, cres *out);
static int is_cap_word(const node *n);
static int is_known_name(const parser *p, const node *const *kids, size_t a, size_t b);
static int compile_name(parser *p, const node *const *kids, size_t a, size_t b, int neg, cres *out);

static int term_exists(const parser *p, const char *prefix, const char *key);

/* The other spelling's stem of a plain unquoted word ("labour" -> "labor"),
 * when the index has it (without an index to ask, whenever the table has
 * one).  A quoted word is meant as typed. */
static const char *variant_key(const parser *p, const node *n)
{
    if (!p->variants || n->ntok != 1 || n->lk != L_WORD || n->fk != F_PLAIN)
        return NULL;
    const char *v = nx_variant_of(p->variants, n->key[0], strlen(n->key[0]));
    if (!v || (p->db && !term_exists(p, "", v)))
        return NULL;
    return v;
}

/* The leaf's term(s); with a spelling variant, both spellings as one term
 * (OP_SYNONYM: one frequency, so a story is not ranked up for using both). */
static xc_query *leaf_terms(parser *p, const char *prefix, const node *n, const char *variant)
{
    xc_query *q = q_tokens(p, prefix, n->key, n->ntok);
    if (!q || !variant)
        return q;
    return q_pair(p, XC_OP_SYNONYM, q, q_term(p, prefix, variant));
}

/* A plain word or phrase: the term(s), plus the headline boost; v is its
 * variant_key (NULL: none). */
static xc_query *plain_query(parser *p, const node *n, const char *v)
{
    xc_query *body = leaf_terms(p, "", n, v);
    xc_query *title = q_scale(p, leaf_terms(p, NX_PFX_TITLE, n, v), NX_TITLE_WEIGHT);
    return q_pair(p, XC_OP_OR, body, title);
}

/* Label fields restrict rather than rank (see the header comment). */
static int is_filter_prefix(const char *prefix)
{
    static const char *const filters[] = { NX_PFX_TOPIC, NX_PFX_PLACE, NX_PFX_SECTION,
                                           NX_PFX_SOURCE, NX_PFX_PERSON, NX_PFX_ORG };
    for (size_t i = 0; i < sizeof filters / sizeof *filters; i++)
        if (prefix && strcmp(prefix, filters[i]) == 0)
            return 1;
    return 0;
}

static int compile_leaf(parser *p, const node *n, int neg, cres *out)
{
    switch (n->lk) {
    case L_DATE:
        out->filt_group = "date";
        if (xc_query_value_range(NX_SLOT_DATE, n->lo[0] ? n->lo : NULL, n->hi[0] ? n->hi : NULL,
                                 &out->filt) != XC_OK) {
            out->filt = NULL;
            nomem(p);
            return -1;
        }
        if (!neg)
            p->out->has_date_filter = 1;
        return 0;
    case L_ID:
        out->filt_group = "id";
        out->filt = q_term(p, "", n->term);
        return out->filt ? 0 : -1;
    case L_WILD:
        /* An expansion over NX_WILDCARD_LIMIT surfaces as XC_ERR_WILDCARD
         * from get_mset; search.c reports it.  Not a unit: the snippet code
         * cannot know what it expanded to. */
        if (xc_query_wildcard(n->term, NX_WILDCARD_LIMIT, XC_WILDCARD_LIMIT_ERROR, &out->pos) != XC_OK) {
            out->pos = NULL;
            nomem(p);
            return -1;
        }
        return 0;
    case L_WORD:
    case L_PHRASE:
        break;
    }
    if (n->ntok == 0) {
        if (!p->first_empty)
            p->first_empty = n;
        return 0;
    }
    if (p->db && is_cap_word(n) && is_known_name(p, &n, 0, 0))
        return compile_name(p, &n, 0, 0, neg, out);
    if (n->fk == F_PREFIX && is_filter_prefix(n->prefix)) {
        out->filt_group = n->prefix;
        out->filt = q_tokens(p, n->prefix, n->key, n->ntok);
        return out->filt ? 0 : -1;
    }
    /* One lookup (a term_exists in the index) serves query and unit. */
    const char *variant = variant_key(p, n);
    if (n->fk == F_PLAIN && !neg)
        out->pos = plain_query(p, n, variant);
    else if (n->fk == F_NAME)
        out->pos = q_name(p, n->key, n->flags, n->ntok);
    else   /* an excluded word needs no headline boost */
        out->pos = leaf_terms(p, n->prefix, n, variant);
    if (!out->pos)
        return -1;
    if (neg)
        return 0;
    if (add_unit(p, n->key, n->ntok, n->fk == F_NAME) != 0)
        return -1;
    /* Highlighted too: "labor" in a story found by "labour". */
    if (variant && add_unit(p, (char *const *)&variant, 1, 0) != 0)
        return -1;
    return n->fk == F_PLAIN && n->lk == L_WORD ? add_words(p, n) : 0;
}

static int compile_mod(parser *p, const node *n, int neg, cres *out)
{
    cres r = {0};
    int negonly;
    if (n->m == M_REQ) {
        if (compile(p, n->kids[0], neg, out) != 0)
            return -1;
        out->req = out->pos != NULL;
        return 0;
    }
    if (compile(p, n->kids[0], 1, &r) != 0 || cres_empty(&r)) {
        cres_free(&r);
        return p->status == NX_OK ? 0 : -1;
    }
    out->neg = finalize(p, &r, &negonly);
    if (negonly)
        fail(p, NX_ERR_QUERY, "a query cannot only exclude terms");
    return out->neg ? 0 : -1;
}

static int compile_near(parser *p, const node *n, int neg, cres *out)
{
    xc_query *v[NX_QUERY_MAX_TERMS], *names[NX_QUERY_MAX_TERMS];
    size_t m = 0, nn = 0;
    for (size_t i = 0; i < n->nkids && i < NX_QUERY_MAX_TERMS; i++) {
        const node *k = n->kids[i];
        if (k->k != N_LEAF || (k->lk != L_WORD && k->lk != L_PHRASE) || k->ntok != 1) {
            char b[64];
            q_free_all(v, m);
            if (k->k == N_LEAF) {
                quote(p, k->start, k->end, b, sizeof b);
                fail(p, NX_ERR_QUERY, "'NEAR' needs a single word on each side ('%s' is not one)", b);
            } else {
                fail(p, NX_ERR_QUERY, "'NEAR' needs a single word on each side, not a group");
            }
            q_free_all(names, nn);
            return -1;
        }
        if (k->fk == F_NAME) {
            /* N terms have no positions: the plain term at the same
             * place stands in for the distance, the N term says it is
             * a name there (q_name). */
            const char *plain = nx_term_for_token(p->st, k->key[0], strlen(k->key[0]), k->flags[0], NULL);
            if (!plain)
                nomem(p);
            names[nn] = plain ? q_term(p, NX_PFX_NAME, k->key[0]) : NULL;
            v[m] = names[nn++] ? q_term(p, "", plain) : NULL;
        } else {
            v[m] = q_term(p, k->prefix, k->key[0]);
        }
        if (!v[m]) {
            q_free_all(v, m);
            q_free_all(names, nn);
            return -1;
        }
        m++;
        if (!neg && (add_unit(p, k->key, 1, k->fk == F_NAME) != 0 ||
                     (k->fk == F_PLAIN && k->lk == L_WORD && add_words(p, k) != 0))) {
            q_free_all(v, m);
            q_free_all(names, nn);
            return -1;
        }
    }
    /* "at most window other words between them" */
    out->pos = q_take(p, XC_OP_NEAR, v, m, n->window + (unsigned)m);
    if (nn)
        out->pos = q_pair(p, XC_OP_FILTER, out->pos, q_take(p, XC_OP_AND, names, nn, 0));
    return out->pos ? 0 : -1;
}

/* Queries collected from the kids of one node, each with a grouping key
 * (filters: the field they restrict; NULL otherwise). */
typedef struct qlist {
    xc_query **v;
    const char **keys;
    size_t n;
} qlist;

static int qlist_init(parser *p, qlist *l, size_t cap)
{
    l->n = 0;
    l->v = arena_alloc(p, (cap ? cap : 1) * sizeof *l->v);
    l->keys = arena_alloc(p, (cap ? cap : 1) * sizeof *l->keys);
    return l->v && l->keys ? 0 : -1;
}

static void qlist_push(qlist *l, xc_query *q, const char *key)
{
    l->keys[l->n] = key;
    l->v[l->n++] = q;
}

static void qlist_free(qlist *l)
{
    if (l->v)
        q_free_all(l->v, l->n);
    l->n = 0;
}

/* The kids of a SEQ or AND: required and optional positives, exclusions
 * (OR-ed) and filters (AND-ed).  Under AND every positive is required. */
typedef struct merge {
    qlist req, opt, neg, filt;
} merge;

static int merge_init(parser *p, merge *m, size_t cap)
{
    memset(m, 0, sizeof *m);
    return qlist_init(p, &m->req, cap) || qlist_init(p, &m->opt, cap) ||
           qlist_init(p, &m->neg, cap) || qlist_init(p, &m->filt, cap) ? -1 : 0;
}

static void merge_free(merge *m)
{
    qlist_free(&m->req);
    qlist_free(&m->opt);
    qlist_free(&m->neg);
    qlist_free(&m->filt);
}

/* Takes r's queries into m (r is emptied). */
static void merge_add(merge *m, cres *r, int as_required)
{
    if (r->pos)
        qlist_push(as_required || r->req ? &m->req : &m->opt, r->pos, NULL);
    if (r->neg)
        qlist_push(&m->neg, r->neg, NULL);
    if (r->filt)
        qlist_push(&m->filt, r->filt, r->filt_group);
    memset(r, 0, sizeof *r);
}

/* The default operator over juxtaposed terms (see the header comment):
 * a ranked OR.  BM25 already favours articles with more of the words. */
static xc_query *default_or(parser *p, qlist *opt)
{
    size_t n = opt->n;
    if (n == 1) {
        xc_query *one = opt->v[0];
        opt->n = 0;
        return one;
    }
    xc_query *any = q_keep(p, XC_OP_OR, opt->v, n, 0);
    qlist_free(opt);
    return any;
}

/* AND over fields of (OR over the filters of each field); ungrouped filters
 * (from subtrees) are fields of their own.  Empties l. */
static xc_query *group_filters(parser *p, qlist *l)
{
    if (!l->n)
        return NULL;
    xc_query **groups = arena_alloc(p, l->n * sizeof *groups);
    xc_query **same = arena_alloc(p, l->n * sizeof *same);
    char *used = arena_alloc(p, l->n);
    if (!groups || !same || !used) {
        qlist_free(l);
        return NULL;
    }
    memset(used, 0, l->n);
    size_t ng = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (used[i])
            continue;
        size_t ns = 0;
        for (size_t j = i; j < l->n; j++) {
            if (used[j] || !(j == i || (l->keys[i] && l->keys[j] && !strcmp(l->keys[i], l->keys[j]))))
                continue;
            used[j] = 1;
            same[ns++] = l->v[j];
        }
        groups[ng++] = q_take(p, XC_OP_OR, same, ns, 0);
    }
    l->n = 0;
    return q_take(p, XC_OP_AND, groups, ng, 0);
}

static int merge_finish(parser *p, merge *m, cres *out)
{
    xc_query *pos = m->opt.n ? default_or(p, &m->opt) : NULL;
    if (m->req.n) {
        xc_query *req = q_take(p, XC_OP_AND, m->req.v, m->req.n, 0);
        m->req.n = 0;
        pos = pos ? q_and_maybe(p, req, pos) : req;
    }
    out->pos = pos;
    out->neg = q_take(p, XC_OP_OR, m->neg.v, m->neg.n, 0);
    m->neg.n = 0;
    out->filt = group_filters(p, &m->filt);
    merge_free(m);
    if (p->status != NX_OK) {
        cres_free(out);
        return -1;
    }
    return 0;
}

/* --- names ------------------------------------------------------------ */

static int is_cap_word(const node *n)
{
    if (n->k != N_LEAF || n->lk != L_WORD || n->fk != F_PLAIN || n->ntok == 0)
        return 0;
    for (size_t i = 0; i < n->ntok; i++)
        if (!(n->flags[i] & NX_TOK_CAPITALISED) || (n->flags[i] & (NX_TOK_ALLCAPS | NX_TOK_NUMBER)))
            return 0;
    return 1;
}

static int term_exists(const parser *p, const char *prefix, const char *key)
{
    char buf[NX_TERM_MAX + 16];
    int exists = 0;
    int n = snprintf(buf, sizeof buf, "%s%s", prefix, key);
    if (n < 0 || (size_t)n >= sizeof buf)
        return 0;
    return xc_db_term_exists(p->db, buf, &exists) == XC_OK && exists;
}

/* Kids [a, b] form a name the index knows: its whole-name key (as
 * names.h builds it: token norms joined by ' ', '-' inside hyphenated
 * words) as an XN term, or for one token its N term. */
static int is_known_name(const parser *p, const node *const *kids, size_t a, size_t b)
{
    char key[NX_TERM_MAX + 1];
    size_t len = 0, ntok = 0;
    for (size_t i = a; i <= b; i++)
        for (size_t t = 0; t < kids[i]->ntok; t++) {
            size_t nl = strlen(kids[i]->norm[t]);
            if (len + nl + 2 > sizeof key || ntok >= NX_NAME_MAX_WORDS * 8)
                return 0;
            if (ntok++ > 0)
                key[len++] = (t > 0 && (kids[i]->flags[t] & NX_TOK_HYPHENATED)) ? '-' : ' ';
            memcpy(key + len, kids[i]->norm[t], nl);
            len += nl;
        }
    key[len] = '\0';
    if (ntok == 1)
        return term_exists(p, NX_PFX_NAME, key);
    return term_exists(p, NX_PFX_NAMEFULL, key);
}

/* Kids [a, b] as a name: only N terms, unstemmed, as a phrase. */
static int compile_name(parser *p, const node *const *kids, size_t a, size_t b, int neg, cres *out)
{
    char *keys[NX_NAME_MAX_WORDS * 8] = {0};
    unsigned flags[NX_NAME_MAX_WORDS * 8] = {0};
    size_t n = 0;
    for (size_t i = a; i <= b; i++)
        for (size_t t = 0; t < kids[i]->ntok; t++) {
            if (n == sizeof keys / sizeof keys[0]) {
                fail(p, NX_ERR_QUERY, "name is too long");
                return -1;
            }
            flags[n] = kids[i]->flags[t];
            keys[n++] = kids[i]->norm[t];
        }
    xc_query *name = q_scale(p, q_name(p, keys, flags, n), NX_NAME_WEIGHT);
    int initial = a == b && n == 1 && kids[a]->ordinal == 0;
    if (initial)   /* may be a capitalised ordinary first word */
        name = q_pair(p, XC_OP_OR, name, plain_query(p, kids[a], variant_key(p, kids[a])));
    out->pos = name;
    if (!name)
        return -1;
    if (neg)
        return 0;
    if (initial ? add_unit(p, kids[a]->key, 1, 0) : add_unit(p, keys, n, 1))
        return -1;
    for (size_t i = a; i <= b; i++)
        if (add_words(p, kids[i]) != 0)
            return -1;
    return 0;
}

/* Longest run of two or more capitalised plain words from kids[i] that is
 * a known name; returns its last index, or (size_t)-1.  A single word is
 * tried by compile_leaf. */
static size_t find_name(const parser *p, const node *const *kids, size_t n, size_t i)
{
    if (!p->db || !is_cap_word(kids[i]))
        return (size_t)-1;
    size_t last = i;
    while (last + 1 < n && last + 1 - i < NX_NAME_MAX_WORDS && is_cap_word(kids[last + 1]))
        last++;
    for (size_t b = last; b > i; b--)
        if (is_known_name(p, kids, i, b))
            return b;
    return (size_t)-1;
}

static int compile_seq(parser *p, const node *n, int neg, cres *out)
{
    merge m;
    if (merge_init(p, &m, n->nkids) != 0)
        return -1;
    for (size_t i = 0; i < n->nkids; i++) {
        cres r = {0};
        const node *const *kids = (const node *const *)n->kids;
        size_t b = find_name(p, kids, n->nkids, i);
        int rc = b != (size_t)-1 ? compile_name(p, kids, i, b, neg, &r)
                                 : compile(p, n->kids[i], neg, &r);
        if (rc != 0) {
            cres_free(&r);
            merge_free(&m);
            return -1;
        }
        merge_add(&m, &r, 0);
        if (b != (size_t)-1)
            i = b;
    }
    return merge_finish(p, &m, out);
}

static int compile_and(parser *p, const node *n, int neg, cres *out)
{
    merge m;
    if (merge_init(p, &m, n->nkids) != 0)
        return -1;
    for (size_t i = 0; i < n->nkids; i++) {
        cres r = {0};
        if (compile(p, n->kids[i], neg, &r) != 0) {
            cres_free(&r);
            merge_free(&m);
            return -1;
        }
        merge_add(&m, &r, 1);
    }
    return merge_finish(p, &m, out);
}

static int compile_or(parser *p, const node *n, int neg, cres *out)
{
    qlist l;
    if (qlist_init(p, &l, n->nkids) != 0)
        return -1;
    for (size_t i = 0; i < n->nkids; i++) {
        cres r = {0};
        int negonly = 0;
        if (compile(p, n->kids[i], neg, &r) != 0) {
            cres_free(&r);
            qlist_free(&l);
            return -1;
        }
        if (cres_empty(&r))
            continue;
        xc_query *q = finalize(p, &r, &negonly);
        if (negonly)
            fail(p, NX_ERR_QUERY, "'OR' needs a term to include on each side, not only excluded ones");
        if (!q) {
            qlist_free(&l);
            return -1;
        }
        qlist_push(&l, q, NULL);
    }
    out->pos = q_take(p, XC_OP_OR, l.v, l.n, 0);
    return p->status == NX_OK ? 0 : -1;
}

static int compile(parser *p, const node *n, int neg, cres *out)
{
    switch (n->k) {
    case N_LEAF: return compile_leaf(p, n, neg, out);
    case N_SEQ: return compile_seq(p, n, neg, out);
    case N_AND: return compile_and(p, n, neg, out);
    case N_OR: return compile_or(p, n, neg, out);
    case N_NEAR: return compile_near(p, n, neg, out);
    case N_MOD: return compile_mod(p, n, neg, out);
    }
    return -1;
}

/* ------------------------------------------------------------- entry */

void nx_parsed_query_free(nx_parsed_query *pq)
{
    if (!pq)
        return;
    xc_query_free(pq->query);
    for (size_t i = 0; i < pq->nunits; i++) {
        for (size_t k = 0; k < pq->units[i].n; k++)
            free(pq->units[i].keys[k]);
        free(pq->units[i].keys);
    }
    free(pq->units);
    for (size_t i = 0; i < pq->nwords; i++)
        free(pq->words[i].norm);
    free(pq->words);
    memset(pq, 0, sizeof *pq);
}

static int only_spaces(const char *q, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!is_space(q[i]))
            return 0;
    return 1;
}

static void run(parser *p)
{
    cres r = {0};
    int negonly = 0;
    if (only_spaces(p->q, p->len)) {
        fail(p, NX_ERR_QUERY, "empty query");
        return;
    }
    if (lex(p) != 0)
        return;
    fctx top = {F_PLAIN, NULL};
    node *root = parse_seq(p, &top, (size_t)-1);
    if (!root)
        return;
    if (compile(p, root, 0, &r) != 0 || p->status != NX_OK) {
        cres_free(&r);
        return;
    }
    p->out->query = finalize(p, &r, &negonly);
    if (p->out->query || p->status != NX_OK)
        return;
    if (negonly) {
        fail(p, NX_ERR_QUERY, "a query cannot only exclude terms");
    } else if (p->first_empty) {
        char b[64];
        quote(p, p->first_empty->start, p->first_empty->end, b, sizeof b);
        fail(p, NX_ERR_QUERY, "'%s' contains no searchable words", b);
    } else {
        fail(p, NX_ERR_QUERY, "empty query");
    }
}

nx_status nx_query_parse(const char *text, nx_stemmer *st, const xc_db *db,
                         nx_parsed_query *out, char *err, size_t errsz)
{
    return nx_query_parse_ex(text, st, NULL, db, out, err, errsz);
}

nx_status nx_query_parse_ex(const char *text, nx_stemmer *st, const nx_variants *variants,
                            const xc_db *db, nx_parsed_query *out, char *err, size_t errsz)
{
    parser p;
    memset(&p, 0, sizeof p);
    p.variants = variants;
    p.err = err;
    p.errsz = errsz;
    if (err && errsz)
        err[0] = '\0';
    if (!out) {
        fail(&p, NX_ERR_INVALID, "no result given to the query parser");
        return p.status;
    }
    memset(out, 0, sizeof *out);
    if (!text || !st) {
        fail(&p, NX_ERR_INVALID, "no query text or stemmer given to the query parser");
        return p.status;
    }
    size_t len = strlen(text);
    if (len > NX_QUERY_MAX_BYTES) {
        fail(&p, NX_ERR_QUERY, "query is too long (%zu bytes; the limit is %d)", len, NX_QUERY_MAX_BYTES);
        return p.status;
    }
    p.q = malloc(len + 1);
    if (!p.q) {
        nomem(&p);
        return p.status;
    }
    /* Control characters (tabs, newlines, escapes) separate words like spaces
     * do; offsets stay those of the original text. */
    for (size_t i = 0; i <= len; i++) {
        unsigned char c = (unsigned char)text[i];
        p.q[i] = (i < len && (c < 0x20 || c == 0x7f)) ? ' ' : (char)c;
    }
    p.len = len;
    p.st = st;
    p.db = db;
    p.out = out;
    nx_toklist_init(&p.tl);
    run(&p);
    nx_toklist_free(&p.tl);
    arena_free(&p);
    free(p.q);
    if (p.status == NX_OK && !out->query)
        fail(&p, NX_ERR_QUERY, "empty query");
    if (p.status != NX_OK)
        nx_parsed_query_free(out);
    return p.status;
}

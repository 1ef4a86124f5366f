/*
 * query_read.c — reads the query language (query_tree.h) into a tree: a
 * hand-written lexer and a recursive-descent parser, with every word
 * analysed by the shared tokenizer and stemmer.  Needs no index.
 *
 * Why by hand: the language is small, its error messages quote the user's
 * own text with positions, and a generated parser (lemon, bison) would
 * bring a build step for fewer lines than it replaces.
 *
 * Every allocation goes into the tree's arena, so error paths free one
 * thing.  Input length, nesting depth and the number of terms are bounded,
 * so no query can be pathological.
 */
#include "searcher/query_tree.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/tokenize.h"
#include "lib/terms.h"
#include "lib/utf8.h"

#define NX_ERR_QUOTE_MAX 40       /* bytes of user text quoted in a message */

typedef enum { T_END, T_WORD, T_PHRASE, T_LP, T_RP, T_AND, T_OR, T_NOT, T_NEAR,
               T_PLUS, T_MINUS, T_FIELD } ttype;

typedef struct lexeme {
    ttype t;
    size_t start, end;          /* word / phrase content / field name */
    size_t open;                /* phrase: offset of its opening quote */
    unsigned window;            /* NEAR */
    const nx_field_def *field;  /* FIELD */
} lexeme;

typedef struct reader {
    nx_qtree *t;
    char *q;                    /* the query, controls and Unicode spaces as spaces */
    size_t len;
    lexeme *lx;
    size_t nlx, at;
    nx_stemmer *st;
    const nx_stopwords *stop;
    nx_toklist tl;
    size_t nterms;
    nx_status status;
    char *err;
    size_t errsz;
} reader;

/* --------------------------------------------------------------- errors */

static size_t char_pos(const reader *r, size_t off)
{
    return nx_utf8_count(r->q, off < r->len ? off : r->len) + 1;
}

void nx_qtree_quote(const nx_qtree *t, size_t s, size_t e, char *buf, size_t bsz)
{
    size_t o = 0;
    const unsigned char *u = (const unsigned char *)t->text;
    if (e > t->len)
        e = t->len;
    while (s < e && o + 8 < bsz) {
        size_t n = nx_utf8_seq(u + s, e - s);
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

static void quote(const reader *r, size_t s, size_t e, char *buf, size_t bsz)
{
    nx_qtree_quote(r->t, s, e, buf, bsz);
}

static void fail(reader *r, nx_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(reader *r, nx_status st, const char *fmt, ...)
{
    if (r->status != NX_OK)
        return;
    r->status = st;
    if (!r->err || r->errsz == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->err, r->errsz, fmt, ap);
    va_end(ap);
}

static void nomem(reader *r) { fail(r, NX_ERR_NOMEM, "out of memory while reading the query"); }

/* ---------------------------------------------------------------- arena */

static void *arena_alloc(reader *r, size_t n)
{
    nx_qtree *t = r->t;
    if (t->narena == t->caparena) {
        size_t cap = t->caparena ? t->caparena * 2 : 64;
        void **a = realloc(t->arena, cap * sizeof *a);
        if (!a) {
            nomem(r);
            return NULL;
        }
        t->arena = a;
        t->caparena = cap;
    }
    void *ptr = calloc(1, n ? n : 1);
    if (!ptr) {
        nomem(r);
        return NULL;
    }
    t->arena[t->narena++] = ptr;
    return ptr;
}

static char *arena_strndup(reader *r, const char *s, size_t n)
{
    char *c = arena_alloc(r, n + 1);
    if (c)
        memcpy(c, s, n);
    return c;
}

void nx_qtree_free(nx_qtree *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->narena; i++)
        free(t->arena[i]);
    free(t->arena);
    free((char *)t->text);
    free(t);
}

/* ---------------------------------------------------------------- lexer */

static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Bytes of a phrase quote at q[i], 0 if there is none: the straight one
 * and the typographic “ ” „ ‟ « », which text pasted from a word
 * processor or a web page carries. */
static size_t quote_len(const char *q, size_t len, size_t i)
{
    const unsigned char *u = (const unsigned char *)q + i;
    size_t left = len - i;
    if (u[0] == '"')
        return 1;
    if (left >= 2 && u[0] == 0xC2 && (u[1] == 0xAB || u[1] == 0xBB))
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && u[2] >= 0x9C && u[2] <= 0x9F)
        return 3;
    return 0;
}

static int ends_word(const reader *r, size_t j)
{
    char c = r->q[j];
    return c == ' ' || c == '(' || c == ')' || quote_len(r->q, r->len, j) > 0;
}

static lexeme *emit(reader *r, ttype t, size_t s, size_t e)
{
    lexeme *l = &r->lx[r->nlx++];
    memset(l, 0, sizeof *l);
    l->t = t;
    l->start = s;
    l->end = e;
    return l;
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

/* A word starting at i and ending before j: a field name, an operator or a
 * word.  literal: 1 after + or - (no operator), 2 after field: (plain
 * text, neither operator nor field).  "name:" is a field only for letters
 * directly before the colon; an unknown one is an error when a value
 * follows directly, otherwise ("10:30", "http://x", "Warning: storm") the
 * colon is ordinary text. */
static int lex_word(reader *r, size_t i, size_t j, int literal)
{
    const char *q = r->q;
    size_t k = i;
    while (literal < 2 && k < j && is_alpha(q[k]))
        k++;
    if (literal < 2 && k > i && k < j && q[k] == ':') {
        const nx_field_def *f = nx_schema_field(q + i, k - i);
        if (f) {
            emit(r, T_FIELD, i, k)->field = f;
            return (int)(k + 1 - i);
        }
        char c = k + 1 < r->len ? q[k + 1] : ' ';
        if (c != ' ' && c != ':' && c != '/' && c != ')') {
            char b[64], names[512];
            quote(r, i, k, b, sizeof b);
            fail(r, NX_ERR_QUERY, "unknown field '%s:' (known fields: %s)", b,
                 nx_schema_field_names(names, sizeof names));
            return -1;
        }
    }
    size_t n = j - i;
    if (!literal) {
        unsigned window = 0;
        int near = lex_near(q + i, n, &window);
        if (near < 0) {
            char b[64];
            quote(r, i, j, b, sizeof b);
            fail(r, NX_ERR_QUERY, "malformed '%s': use NEAR/n with n from 0 to %d", b, NX_NEAR_MAX);
            return -1;
        }
        if (near) {
            emit(r, T_NEAR, i, j)->window = window;
            return (int)n;
        }
        ttype t = T_WORD;
        if (n == 3 && memcmp(q + i, "AND", 3) == 0)
            t = T_AND;
        else if (n == 2 && memcmp(q + i, "OR", 2) == 0)
            t = T_OR;
        else if (n == 3 && memcmp(q + i, "NOT", 3) == 0)
            t = T_NOT;
        emit(r, t, i, j);
        return (int)n;
    }
    emit(r, T_WORD, i, j);
    return (int)n;
}

/* The next phrase quote at or after i, or len. */
static size_t find_quote(const reader *r, size_t i, size_t *qlen)
{
    for (; i < r->len; i++)
        if ((*qlen = quote_len(r->q, r->len, i)) > 0)
            return i;
    *qlen = 0;
    return r->len;
}

static int lex(reader *r)
{
    size_t open[NX_QUERY_MAX_DEPTH];
    size_t depth = 0, i = 0;
    int literal = 0;   /* see lex_word */
    const char *q = r->q;
    r->lx = arena_alloc(r, (r->len + 2) * sizeof *r->lx);
    if (!r->lx)
        return -1;
    while (i < r->len) {
        char c = q[i];
        size_t ql = quote_len(q, r->len, i);
        if (c == ' ') {
            literal = 0;
            i++;
        } else if (c == '(') {
            if (depth == NX_QUERY_MAX_DEPTH) {
                fail(r, NX_ERR_QUERY, "query is nested too deeply (more than %d levels of parentheses)",
                     NX_QUERY_MAX_DEPTH);
                return -1;
            }
            open[depth++] = i;
            emit(r, T_LP, i, i + 1);
            literal = 0;
            i++;
        } else if (c == ')') {
            if (depth == 0) {
                fail(r, NX_ERR_QUERY, "unbalanced parenthesis: ')' at position %zu has no matching '('",
                     char_pos(r, i));
                return -1;
            }
            depth--;
            emit(r, T_RP, i, i + 1);
            literal = 0;
            i++;
        } else if (ql) {
            size_t cl;
            size_t close = find_quote(r, i + ql, &cl);
            if (close == r->len) {
                fail(r, NX_ERR_QUERY, "unbalanced quote: missing closing quote after position %zu",
                     char_pos(r, i));
                return -1;
            }
            emit(r, T_PHRASE, i + ql, close)->open = i;
            literal = 0;
            i = close + cl;
        } else if ((c == '+' || c == '-') && !literal && i + 1 < r->len && q[i + 1] != ' ' &&
                   q[i + 1] != ')') {
            emit(r, c == '+' ? T_PLUS : T_MINUS, i, i + 1);
            literal = 1;
            i++;
        } else {
            size_t j = i;
            while (j < r->len && !ends_word(r, j))
                j++;
            int used = lex_word(r, i, j, literal);
            if (used < 0)
                return -1;
            literal = r->lx[r->nlx - 1].t == T_FIELD ? 2 : 0;
            i += (size_t)used;
        }
    }
    if (depth > 0) {
        fail(r, NX_ERR_QUERY, "unbalanced parenthesis: '(' at position %zu is not closed",
             char_pos(r, open[0]));
        return -1;
    }
    emit(r, T_END, r->len, r->len);
    return 0;
}

/* -------------------------------------------------------------- leaves */

static int add_terms(reader *r, size_t n)
{
    r->nterms += n;
    if (r->nterms > NX_QUERY_MAX_TERMS) {
        fail(r, NX_ERR_QUERY, "query has too many terms (the limit is %d)", NX_QUERY_MAX_TERMS);
        return -1;
    }
    return 0;
}

static nxq_node *new_node(reader *r, nxq_kind k)
{
    nxq_node *n = arena_alloc(r, sizeof *n);
    if (n)
        n->kind = k;
    return n;
}

static nxq_node *new_leaf(reader *r, nxq_leaf lk, const nx_field_def *f, size_t s, size_t e)
{
    nxq_node *n = new_node(r, NXQ_LEAF);
    if (!n)
        return NULL;
    n->leaf = lk;
    n->field = f;
    n->start = s;
    n->end = e;
    return n;
}

/* Tokenises q[s..e) into the leaf: the same tokens and terms as the indexer. */
static int analyse(reader *r, nxq_node *n, size_t s, size_t e)
{
    if (nx_tokenize(r->q + s, e - s, &r->tl) != NX_OK) {
        nomem(r);
        return -1;
    }
    size_t cnt = r->tl.n;
    if (add_terms(r, cnt) != 0)
        return -1;
    n->ntok = cnt;
    if (cnt == 0) {
        if (!r->t->first_empty)
            r->t->first_empty = n;
        return 0;
    }
    n->norm = arena_alloc(r, cnt * sizeof *n->norm);
    n->key = arena_alloc(r, cnt * sizeof *n->key);
    n->flags = arena_alloc(r, cnt * sizeof *n->flags);
    n->ts = arena_alloc(r, cnt * sizeof *n->ts);
    n->te = arena_alloc(r, cnt * sizeof *n->te);
    if (!n->norm || !n->key || !n->flags || !n->ts || !n->te)
        return -1;
    for (size_t i = 0; i < cnt; i++) {
        const nx_token *t = &r->tl.tok[i];
        const char *norm = nx_tok_text(&r->tl, i);
        size_t klen = 0;
        const char *key = nx_term_for_token(r->st, norm, t->norm_len, t->flags, &klen);
        if (!key) {
            nomem(r);
            return -1;
        }
        n->norm[i] = arena_strndup(r, norm, t->norm_len);
        n->key[i] = arena_strndup(r, key, klen);
        if (!n->norm[i] || !n->key[i])
            return -1;
        n->flags[i] = t->flags;
        n->ts[i] = s + t->start;
        n->te[i] = s + t->end;
    }
    /* Case never changes what matches, so "IT" is the function word too. */
    n->stopword = n->leaf == NXQ_WORD && !n->field && cnt == 1 &&
                  nx_is_stopword(r->stop, n->key[0], strlen(n->key[0]));
    return 0;
}

/* word*: the casefolded (unstemmed) prefix, which matches the stems that
 * start with it. */
static nxq_node *wildcard_leaf(reader *r, const nx_field_def *f, size_t s, size_t e)
{
    char b[64];
    size_t stem_end = e;
    while (stem_end > s && r->q[stem_end - 1] == '*')
        stem_end--;
    nxq_node *n = new_leaf(r, NXQ_WILD, f, s, e);
    if (!n || add_terms(r, 1) != 0)
        return NULL;
    if (nx_tokenize(r->q + s, stem_end - s, &r->tl) != NX_OK) {
        nomem(r);
        return NULL;
    }
    quote(r, s, e, b, sizeof b);
    if (r->tl.n > 1) {
        fail(r, NX_ERR_QUERY, "wildcard '%s' must be a single word", b);
        return NULL;
    }
    if (r->tl.n == 0 || nx_utf8_count(nx_tok_text(&r->tl, 0), r->tl.tok[0].norm_len) < 2) {
        fail(r, NX_ERR_QUERY, "wildcard '%s' is too short (it needs at least 2 letters before '*')", b);
        return NULL;
    }
    size_t plen = f && f->prefix ? strlen(f->prefix) : 0, tlen = r->tl.tok[0].norm_len;
    if (plen + tlen > NX_TERM_MAX) {
        fail(r, NX_ERR_QUERY, "wildcard '%s' is too long", b);
        return NULL;
    }
    n->value = arena_strndup(r, nx_tok_text(&r->tl, 0), tlen);
    n->ts = arena_alloc(r, sizeof *n->ts);
    n->te = arena_alloc(r, sizeof *n->te);
    if (!n->value || !n->ts || !n->te)
        return NULL;
    n->ts[0] = s;
    n->te[0] = e;
    return n;
}

/* date:A, date:A..B, date:A.., date:..B */
static nxq_node *date_leaf(reader *r, const nx_field_def *f, size_t s, size_t e)
{
    char b[64];
    nxq_node *n = new_leaf(r, NXQ_DATE, f, s, e);
    if (!n || add_terms(r, 1) != 0)
        return NULL;
    int ok = nx_date_range(r->q + s, e - s, n->lo, n->hi);
    quote(r, s, e, b, sizeof b);
    if (ok == 0) {
        fail(r, NX_ERR_QUERY, "malformed date 'date:%s' (use YYYY, YYYY-MM or YYYY-MM-DD, or a range A..B)", b);
        return NULL;
    }
    if (ok < 0) {
        fail(r, NX_ERR_QUERY, "date range 'date:%s' ends before it starts", b);
        return NULL;
    }
    return n;
}

/* id:X is one article's id, as typed (the compiler makes its term with
 * the indexer's rule, lib/terms.h, so long ids are found too). */
static nxq_node *id_leaf(reader *r, const nx_field_def *f, size_t s, size_t e)
{
    nxq_node *n = new_leaf(r, NXQ_ID, f, s, e);
    if (!n || add_terms(r, 1) != 0)
        return NULL;
    if (e == s) {
        fail(r, NX_ERR_QUERY, "'id:' needs a value");
        return NULL;
    }
    n->value = arena_strndup(r, r->q + s, e - s);
    return n->value ? n : NULL;
}

/* ---------------------------------------------------------------- parser */

static const lexeme *peek(const reader *r) { return &r->lx[r->at]; }

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

static nxq_node *parse_seq(reader *r, const nx_field_def *f, size_t open_at);
static nxq_node *parse_field(reader *r);

static nxq_node *parse_primary(reader *r, const nx_field_def *f)
{
    const lexeme *l = peek(r);
    if (l->t == T_FIELD)
        return parse_field(r);
    if (l->t == T_LP) {
        size_t open_at = l->start;
        r->at++;
        nxq_node *n = parse_seq(r, f, open_at);
        if (!n)
            return NULL;
        if (peek(r)->t != T_RP) {   /* the lexer balanced them; be safe anyway */
            fail(r, NX_ERR_QUERY, "unbalanced parenthesis: '(' at position %zu is not closed",
                 char_pos(r, open_at));
            return NULL;
        }
        r->at++;
        return n;
    }
    if (l->t != T_WORD && l->t != T_PHRASE) {
        fail(r, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(l->t));
        return NULL;
    }
    r->at++;
    if (f && f->kind == NX_FK_DATE)
        return date_leaf(r, f, l->start, l->end);
    if (f && f->kind == NX_FK_ID)
        return id_leaf(r, f, l->start, l->end);
    if (l->t == T_WORD && l->end > l->start && r->q[l->end - 1] == '*')
        return wildcard_leaf(r, f, l->start, l->end);
    nxq_node *n = new_leaf(r, l->t == T_WORD ? NXQ_WORD : NXQ_PHRASE, f, l->start, l->end);
    if (!n || analyse(r, n, l->start, l->end) != 0)
        return NULL;
    return n;
}

/* field:value, field:"phrase", field:(group) */
static nxq_node *parse_field(reader *r)
{
    const lexeme *fl = peek(r);
    const nx_field_def *f = fl->field;
    char b[64];
    quote(r, fl->start, fl->end, b, sizeof b);
    r->at++;
    const lexeme *v = peek(r);
    /* The value must follow the colon directly: "title: x" is a mistake we
     * report rather than guess. */
    size_t at = v->t == T_PHRASE ? v->open : v->start;
    int direct = at == fl->end + 1 && (v->t == T_WORD || v->t == T_PHRASE || v->t == T_LP);
    if (!direct || ((f->kind == NX_FK_DATE || f->kind == NX_FK_ID) && v->t == T_LP)) {
        fail(r, NX_ERR_QUERY, "'%s:' needs a value right after the colon (e.g. %s:%s)", b, b,
             f->kind == NX_FK_DATE ? "2025-03" : f->kind == NX_FK_NAME ? "\"keir starmer\"" : "word");
        return NULL;
    }
    return parse_primary(r, f);
}

static nxq_node *wrap(reader *r, nxq_kind k, nxq_node **items, size_t n)
{
    if (n == 1 && k != NXQ_SEQ)
        return items[0];
    nxq_node *w = new_node(r, k);
    if (!w)
        return NULL;
    w->kids = arena_alloc(r, n * sizeof *w->kids);
    if (!w->kids)
        return NULL;
    memcpy(w->kids, items, n * sizeof *items);
    w->nkids = n;
    return w;
}

/* A growable list of nodes while one level is parsed. */
typedef struct nlist {
    nxq_node **v;
    size_t n, cap;
} nlist;

static int nlist_push(reader *r, nlist *l, nxq_node *n)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        nxq_node **v = realloc(l->v, cap * sizeof *v);
        if (!v) {
            nomem(r);
            return -1;
        }
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n++] = n;
    return 0;
}

static nxq_node *parse_near(reader *r, const nx_field_def *f)
{
    nxq_node *first = parse_primary(r, f);
    if (!first || peek(r)->t != T_NEAR)
        return first;
    nlist l = {0};
    unsigned window = 0;
    nxq_node *res = NULL;
    if (nlist_push(r, &l, first) != 0)
        goto out;
    while (peek(r)->t == T_NEAR) {
        if (peek(r)->window > window)
            window = peek(r)->window;
        r->at++;
        if (!starts_primary(peek(r)->t)) {
            fail(r, NX_ERR_QUERY, "'NEAR' needs a term on both sides");
            goto out;
        }
        nxq_node *n = parse_primary(r, f);
        if (!n || nlist_push(r, &l, n) != 0)
            goto out;
    }
    res = wrap(r, NXQ_NEAR, l.v, l.n);
    if (res)
        res->window = window;
out:
    free(l.v);
    return res;
}

static nxq_node *parse_unary(reader *r, const nx_field_def *f)
{
    ttype t = peek(r)->t;
    if (t != T_NOT && t != T_PLUS && t != T_MINUS)
        return parse_near(r, f);
    r->at++;
    if (!starts_primary(peek(r)->t)) {
        fail(r, NX_ERR_QUERY, "'%s' needs a term right after it", op_name(t));
        return NULL;
    }
    nxq_node *child = parse_near(r, f);
    if (!child)
        return NULL;
    nxq_node *m = new_node(r, NXQ_MOD);
    if (!m)
        return NULL;
    m->mod = t == T_PLUS ? NXQ_REQUIRE : NXQ_EXCLUDE;
    m->kids = arena_alloc(r, sizeof *m->kids);
    if (!m->kids)
        return NULL;
    m->kids[0] = child;
    m->nkids = 1;
    return m;
}

/* and_expr and or_expr share this shape: operand (OP operand)* */
static nxq_node *parse_binary(reader *r, const nx_field_def *f, ttype op)
{
    nxq_node *first = op == T_AND ? parse_unary(r, f) : parse_binary(r, f, T_AND);
    if (!first || peek(r)->t != op)
        return first;
    nlist l = {0};
    nxq_node *res = NULL;
    if (nlist_push(r, &l, first) != 0)
        goto out;
    while (peek(r)->t == op) {
        r->at++;
        if (!starts_term(peek(r)->t)) {
            fail(r, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(op));
            goto out;
        }
        nxq_node *n = op == T_AND ? parse_unary(r, f) : parse_binary(r, f, T_AND);
        if (!n || nlist_push(r, &l, n) != 0)
            goto out;
    }
    res = wrap(r, op == T_AND ? NXQ_AND : NXQ_OR, l.v, l.n);
out:
    free(l.v);
    return res;
}

/* open_at: offset of the '(' this group started at, or (size_t)-1 at top. */
static nxq_node *parse_seq(reader *r, const nx_field_def *f, size_t open_at)
{
    nlist l = {0};
    nxq_node *res = NULL;
    for (;;) {
        ttype t = peek(r)->t;
        if (t == T_END || t == T_RP)
            break;
        if (!starts_term(t)) {
            fail(r, NX_ERR_QUERY, "'%s' needs a term on both sides", op_name(t));
            goto out;
        }
        nxq_node *n = parse_binary(r, f, T_OR);
        if (!n || nlist_push(r, &l, n) != 0)
            goto out;
    }
    if (l.n == 0) {
        if (open_at != (size_t)-1)
            fail(r, NX_ERR_QUERY, "empty parentheses at position %zu", char_pos(r, open_at));
        else
            fail(r, NX_ERR_QUERY, "empty query");
        goto out;
    }
    /* Always a SEQ node, even for one item: names are found there. */
    res = wrap(r, NXQ_SEQ, l.v, l.n);
out:
    free(l.v);
    return res;
}

/* ------------------------------------------------------------- entry */

/* Bytes of a Unicode space at q[i] that separates words as ' ' does (the
 * no-break and typographic spaces, U+0085), 0 if none. */
static size_t unicode_space(const unsigned char *u, size_t left)
{
    if (left >= 2 && u[0] == 0xC2 && (u[1] == 0xA0 || u[1] == 0x85))
        return 2;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
        return 3;
    if (left >= 3 && u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
        return 3;
    if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
        return 3;
    return 0;
}

nx_status nx_query_read(const char *text, nx_stemmer *st, const nx_stopwords *stop,
                        nx_qtree **out, char *err, size_t errsz)
{
    reader r;
    memset(&r, 0, sizeof r);
    r.err = err;
    r.errsz = errsz;
    r.st = st;
    r.stop = stop;
    if (err && errsz)
        err[0] = '\0';
    if (!out || !text || !st) {
        fail(&r, NX_ERR_INVALID, "no query text, stemmer or result given to the query reader");
        return r.status;
    }
    *out = NULL;
    size_t len = strlen(text);
    if (len > NX_QUERY_MAX_BYTES) {
        fail(&r, NX_ERR_QUERY, "query is too long (%zu bytes; the limit is %d)", len, NX_QUERY_MAX_BYTES);
        return r.status;
    }
    nx_qtree *t = calloc(1, sizeof *t);
    char *q = malloc(len + 1);
    if (!t || !q) {
        free(t);
        free(q);
        nomem(&r);
        return r.status;
    }
    /* Control characters (tabs, newlines, escapes) and Unicode spaces
     * separate words as spaces do; offsets stay those of the original. */
    int blank = 1;
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)text[i];
        size_t us = c >= 0x80 ? unicode_space((const unsigned char *)text + i, len - i) : 0;
        if (us) {
            memset(q + i, ' ', us);
            i += us;
            continue;
        }
        q[i] = (c < 0x20 || c == 0x7f) ? ' ' : (char)c;
        blank &= q[i] == ' ';
        i++;
    }
    q[len] = '\0';
    t->text = q;
    t->len = len;
    r.t = t;
    r.q = q;
    r.len = len;
    nx_toklist_init(&r.tl);
    if (blank)
        fail(&r, NX_ERR_QUERY, "empty query");
    else if (lex(&r) == 0)
        t->root = parse_seq(&r, NULL, (size_t)-1);
    nx_toklist_free(&r.tl);
    if (r.status == NX_OK && !t->root)
        fail(&r, NX_ERR_QUERY, "empty query");
    if (r.status != NX_OK) {
        nx_qtree_free(t);
        return r.status;
    }
    *out = t;
    return NX_OK;
}

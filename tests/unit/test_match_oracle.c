/*
 * test_match_oracle.c — the match-set contract (searcher/query_compile.c,
 * README "What a query matches") checked against an independent oracle on
 * generated queries, over samples/ always and over Reuters-21578 and BBC
 * when the corpora are there (NX_CORPORA; said when skipped).
 *
 * Queries are generated from each index's own vocabulary: words as they
 * are written in random articles (mixed case, "U.S.", "G-7", possessives),
 * two-word phrases, names of several words ("Bank of England"), wildcards,
 * +required and -excluded words, label and date filters at every position,
 * AND, OR, NOT and NEAR, plus bad input (function words only, filters
 * only, punctuation, a 10,000-byte query, unknown fields).  The generator
 * keeps the query's structure, so the oracle never parses the text: it
 * evaluates the structure with plain set operations over Xapian's posting
 * and position lists (a word is its index term from the shared analysis,
 * or its other spelling; a phrase is consecutive positions; a filter is
 * its label terms or the date value; a sequence is the union of its
 * words, or the intersection of its +words, restricted by its filters,
 * filters of one field being alternatives, minus its exclusions).
 *
 * For every query it checks: the compiled query matches the oracle's set
 * exactly (every match weighed); nx_search's total equals the set's size
 * and says it is exact (up to the 10,000 bound; with --exact beyond);
 * for a tenth of them, every page of the default search together is the
 * set.  And the invariants: the same set in lower case, upper case and
 * capitalised; with the items in another order (filters anywhere); and
 * adding a word to a plain sequence never removes a match.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "analysis/stopwords.h"
#include "analysis/tokenize.h"
#include "analysis/variants.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "lib/terms.h"
#include "searcher/query.h"
#include "searcher/query_tree.h"

#define BOUND 10000          /* nx_results_total_exact holds up to here */

/* ------------------------------------------------------------- random */

static uint64_t rs = 88172645463325252ULL;
static uint64_t rnd(void)
{
    rs ^= rs << 13;
    rs ^= rs >> 7;
    rs ^= rs << 17;
    return rs;
}
static size_t pick(size_t n) { return n ? (size_t)(rnd() % n) : 0; }
static int chance(int percent) { return (int)(rnd() % 100) < percent; }
static size_t g_scale = 1;

/* ------------------------------------------------------------- sets */

typedef struct set { xc_docid *v; size_t n; } set;

static set set_copy(set a)
{
    set s = { malloc((a.n ? a.n : 1) * sizeof *s.v), a.n };
    assert_non_null(s.v);
    memcpy(s.v, a.v, a.n * sizeof *s.v);
    return s;
}

static set set_op(set a, set b, int op)   /* 'u' union, 'i' intersection, 'm' a minus b */
{
    set s = { malloc((a.n + b.n + 1) * sizeof *s.v), 0 };
    assert_non_null(s.v);
    size_t i = 0, j = 0;
    while (i < a.n || j < b.n) {
        if (j == b.n || (i < a.n && a.v[i] < b.v[j])) {
            if (op != 'i')
                s.v[s.n++] = a.v[i];
            i++;
        } else if (i == a.n || b.v[j] < a.v[i]) {
            if (op == 'u')
                s.v[s.n++] = b.v[j];
            j++;
        } else {
            if (op != 'm')
                s.v[s.n++] = a.v[i];
            i++;
            j++;
        }
    }
    return s;
}

/* a = a op b (b stays) */
static void set_apply(set *a, set b, int op)
{
    set r = set_op(*a, b, op);
    free(a->v);
    *a = r;
}

static int set_eq(set a, set b)
{
    return a.n == b.n && !memcmp(a.v, b.v, a.n * sizeof *a.v);
}

static int cmp_docid(const void *a, const void *b)
{
    xc_docid x = *(const xc_docid *)a, y = *(const xc_docid *)b;
    return x < y ? -1 : x > y;
}

/* ------------------------------------------------------------- corpus */

typedef struct idmap { const char *id; xc_docid docid; } idmap;

typedef struct corpus {
    const char *name;
    char dir[256];
    xc_db *db;
    nx_index *ix;
    nx_stemmer *st;
    nx_stopwords *stop;
    nx_variants *var;
    set all;
    xc_docid last;
    char (*date)[NX_DATE_STAMP];   /* by docid; "" when undated */
    idmap *ids;                    /* sorted by id */
    size_t nids;
    char **idstr;                  /* owned id strings */
    /* vocabulary: surface forms as written */
    char **words, **names, **phrases, **prefixes;
    size_t nwords, nnames, nphrases, nprefixes;
    struct { const nx_field_def *f; char *value; } *filters;
    size_t nfilters;
    char **days;                   /* "YYYY-MM-DD" of dated articles */
    size_t ndays;
} corpus;

static void push_str(char ***v, size_t *n, const char *s, size_t len)
{
    for (size_t i = 0; i < *n; i++)
        if (strlen((*v)[i]) == len && !memcmp((*v)[i], s, len))
            return;
    *v = realloc(*v, (*n + 1) * sizeof **v);
    assert_non_null(*v);
    (*v)[*n] = strndup(s, len);
    assert_non_null((*v)[*n]);
    (*n)++;
}

static void free_strs(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

static set postings(corpus *c, const char *term)
{
    set s = { NULL, 0 };
    assert_int_equal(xc_db_postlist(c->db, term, &s.v, &s.n), XC_OK);
    if (!s.v) {
        s.v = malloc(sizeof *s.v);
        assert_non_null(s.v);
    }
    return s;
}

static unsigned long term_freq(corpus *c, const char *term)
{
    unsigned long f = 0;
    xc_db_get_termfreq(c->db, term, &f);
    return f;
}

/* A surface form the generator may type as one word: no query syntax in
 * it, and one token or a few. */
static int typable(const char *s, size_t n)
{
    if (n < 2 || n > 40 || s[0] == '+' || s[0] == '-')
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '(' || c == ')' || c == '*' || c == ':' || c <= ' ' || c >= 0x80)
            return 0;
    }
    /* operator words would change the structure */
    if ((n == 3 && (!strncasecmp(s, "and", 3) || !strncasecmp(s, "not", 3))) ||
        (n == 2 && !strncasecmp(s, "or", 2)) || (n >= 4 && !strncasecmp(s, "near", 4)))
        return 0;
    return 1;
}

static int cmp_idmap(const void *a, const void *b)
{
    return strcmp(((const idmap *)a)->id, ((const idmap *)b)->id);
}

static xc_docid docid_of(const corpus *c, const char *id)
{
    idmap key = { id, 0 };
    const idmap *m = bsearch(&key, c->ids, c->nids, sizeof key, cmp_idmap);
    return m ? m->docid : 0;
}

/* Reads every article's id and date, and the vocabulary from a sample. */
static void harvest(corpus *c)
{
    c->all = postings(c, "");
    assert_true(c->all.n > 0);
    c->last = c->all.v[c->all.n - 1];
    c->date = calloc(c->last + 1, sizeof *c->date);
    c->ids = calloc(c->all.n, sizeof *c->ids);
    c->idstr = calloc(c->all.n, sizeof *c->idstr);
    assert_true(c->date && c->ids && c->idstr);
    nx_toklist tl;
    nx_toklist_init(&tl);
    size_t every = c->all.n > 400 ? c->all.n / 400 : 1;
    for (size_t i = 0; i < c->all.n; i++) {
        xc_docid d = c->all.v[i];
        xc_doc *doc = NULL;
        char *val = NULL;
        size_t len = 0;
        assert_int_equal(xc_db_get_document(c->db, d, &doc), XC_OK);
        assert_int_equal(xc_doc_get_value(doc, NX_SLOT_DATE, &val, &len), XC_OK);
        if (len == 14)
            memcpy(c->date[d], val, 15);
        xc_free(val);
        assert_int_equal(xc_doc_get_value(doc, NX_SLOT_RECORD, &val, &len), XC_OK);
        xc_doc_free(doc);
        nx_stored s;
        assert_int_equal(nx_stored_decode(val, len, &s), NX_OK);
        c->idstr[c->nids] = strdup(s.field[NX_FIELD_ID]);
        c->ids[c->nids] = (idmap){ c->idstr[c->nids], d };
        c->nids++;
        if (s.field[NX_FIELD_DATE] && c->ndays < 2000)
            push_str(&c->days, &c->ndays, s.field[NX_FIELD_DATE], 10);
        if (i % every == 0) {
            static const nx_list lists[] = { NX_LIST_TAGS, NX_LIST_PLACES };
            static const char *const fields[] = { "topic", "place" };
            for (int l = 0; l < 2; l++)
                for (size_t k = 0; k < s.nlist[lists[l]] && c->nfilters < 300; k++) {
                    c->filters = realloc(c->filters, (c->nfilters + 1) * sizeof *c->filters);
                    c->filters[c->nfilters].f = nx_schema_field(fields[l], strlen(fields[l]));
                    c->filters[c->nfilters++].value = strdup(s.list[lists[l]][k]);
                }
            const char *sec = s.field[NX_FIELD_SECTION];
            if (sec && c->nfilters < 300 && !strchr(sec, ' ')) {
                c->filters = realloc(c->filters, (c->nfilters + 1) * sizeof *c->filters);
                c->filters[c->nfilters].f = nx_schema_field("section", 7);
                c->filters[c->nfilters++].value = strdup(sec);
            }
            for (size_t k = 0; k < s.nlist[NX_LIST_NAMES]; k++) {
                const char *nm = s.list[NX_LIST_NAMES][k];
                int ok = strchr(nm, ' ') != NULL;
                for (const char *p = nm; ok && *p;) {   /* each word typable */
                    const char *q = strchr(p, ' ');
                    size_t wl = q ? (size_t)(q - p) : strlen(p);
                    ok = wl == 0 || typable(p, wl) || (wl == 1 && isalpha((unsigned char)*p));
                    p = q ? q + 1 : p + wl;
                }
                if (ok && c->nnames < 400)
                    push_str(&c->names, &c->nnames, nm, strlen(nm));
            }
            const char *texts[2] = { s.field[NX_FIELD_TITLE], s.field[NX_FIELD_BODY] };
            for (int t = 0; t < 2; t++) {
                const char *text = texts[t];
                if (!text)
                    continue;
                size_t tlen = strlen(text);
                if (tlen > 3000)
                    tlen = 3000;
                assert_int_equal(nx_tokenize(text, tlen, &tl), NX_OK);
                for (int k = 0; k < 6 && tl.n; k++) {
                    size_t j = pick(tl.n);
                    const nx_token *tk = &tl.tok[j];
                    if (typable(text + tk->start, tk->end - tk->start))
                        push_str(&c->words, &c->nwords, text + tk->start, tk->end - tk->start);
                    if (j + 1 < tl.n && !(tl.tok[j + 1].flags & NX_TOK_PUNCT_BEFORE) &&
                        tl.tok[j + 1].end - tk->start < 40 && typable(text + tk->start, tk->end - tk->start) &&
                        typable(text + tl.tok[j + 1].start, tl.tok[j + 1].end - tl.tok[j + 1].start) &&
                        c->nphrases < 600)
                        push_str(&c->phrases, &c->nphrases, text + tk->start, tl.tok[j + 1].end - tk->start);
                    /* a wildcard prefix: 4+ letters of a lower-case word */
                    const char *nt = nx_tok_text(&tl, j);
                    if (tk->norm_len >= 6 && !(tk->flags & (NX_TOK_NUMBER | NX_TOK_ABBREV)) && c->nprefixes < 100) {
                        int letters = 1;
                        for (size_t q = 0; q < 5; q++)
                            letters &= nt[q] >= 'a' && nt[q] <= 'z';
                        if (letters)
                            push_str(&c->prefixes, &c->nprefixes, nt, 4 + pick(2));
                    }
                }
            }
        }
        nx_stored_clear(&s);
    }
    nx_toklist_free(&tl);
    qsort(c->ids, c->nids, sizeof *c->ids, cmp_idmap);
    printf("%s: %zu articles; vocabulary %zu words, %zu names, %zu phrases, %zu prefixes, %zu filters, %zu dates\n",
           c->name, c->all.n, c->nwords, c->nnames, c->nphrases, c->nprefixes, c->nfilters, c->ndays);
}

/* ------------------------------------------------------------- queries */

typedef enum { I_WORD, I_PHRASE, I_WILD, I_FILTER, I_DATE } ikind;
typedef enum { F_SEQ, F_AND, F_OR, F_NEAR } qform;

typedef struct item {
    ikind k;
    char text[160];               /* word, phrase, wildcard prefix, filter value, date text */
    const nx_field_def *field;    /* I_FILTER */
    char mod;                     /* 0, '+', '-' */
    char lo[NX_DATE_STAMP], hi[NX_DATE_STAMP];
} item;

typedef struct gquery {
    qform form;
    item it[10];
    size_t n;
    unsigned window;
} gquery;

static void render_item(const item *it, char *out, size_t sz)
{
    const char *m = it->mod == '+' ? "+" : it->mod == '-' ? "-" : "";
    switch (it->k) {
    case I_WORD: snprintf(out, sz, "%s%s", m, it->text); break;
    case I_PHRASE: snprintf(out, sz, "%s\"%s\"", m, it->text); break;
    case I_WILD: snprintf(out, sz, "%s%s*", m, it->text); break;
    case I_FILTER:
        snprintf(out, sz, strchr(it->text, ' ') ? "%s%s:\"%s\"" : "%s%s:%s", m, it->field->names[0], it->text);
        break;
    case I_DATE: snprintf(out, sz, "%sdate:%s", m, it->text); break;
    }
}

static void render(const gquery *q, char *out, size_t sz)
{
    static const char *const ops[] = { " ", " AND ", " OR ", " NEAR/%u " };
    size_t o = 0;
    out[0] = '\0';
    for (size_t i = 0; i < q->n && o < sz; i++) {
        char b[200];
        if (i) {
            if (q->form == F_NEAR)
                snprintf(b, sizeof b, " NEAR/%u ", q->window);
            else
                snprintf(b, sizeof b, "%s", ops[q->form]);
            o += (size_t)snprintf(out + o, sz - o, "%s", b);
        }
        render_item(&q->it[i], b, sizeof b);
        o += (size_t)snprintf(out + o, sz - o, "%s", b);
    }
}

typedef struct terms { char t[NX_QUERY_MAX_TERMS][NX_TERM_BUF]; size_t n; int stop; } terms;
static void analyse(corpus *c, const char *text, const char *prefix, terms *out);

/* A word of the vocabulary, mostly one in at most 3,000 articles, so most
 * queries stay below the count bound and some go past it. */
static const char *some_word(corpus *c)
{
    const char *w = c->words[pick(c->nwords)];
    for (int tries = 0; tries < 8 && chance(85); tries++) {
        terms ts;
        analyse(c, w, "", &ts);
        if (ts.n == 1 && term_freq(c, ts.t[0]) <= 3000)
            break;
        w = c->words[pick(c->nwords)];
    }
    return w;
}

static void add_word(gquery *q, const char *w, char mod)
{
    item *it = &q->it[q->n++];
    memset(it, 0, sizeof *it);
    it->k = I_WORD;
    it->mod = mod;
    snprintf(it->text, sizeof it->text, "%s", w);
}

static void add_filter(corpus *c, gquery *q)
{
    item *it = &q->it[q->n++];
    memset(it, 0, sizeof *it);
    if (c->ndays && (!c->nfilters || chance(40))) {
        it->k = I_DATE;
        const char *d1 = c->days[pick(c->ndays)], *d2 = c->days[pick(c->ndays)];
        if (strcmp(d1, d2) > 0) {
            const char *t = d1;
            d1 = d2;
            d2 = t;
        }
        switch (pick(4)) {
        case 0: snprintf(it->text, sizeof it->text, "%.10s", d1); break;
        case 1: snprintf(it->text, sizeof it->text, "%.7s", d1); break;
        case 2: snprintf(it->text, sizeof it->text, "%.10s..%.10s", d1, d2); break;
        default: snprintf(it->text, sizeof it->text, "%.7s..", d1); break;
        }
        assert_int_equal(nx_date_range(it->text, strlen(it->text), it->lo, it->hi), 1);
        return;
    }
    it->k = I_FILTER;
    size_t f = pick(c->nfilters);
    it->field = c->filters[f].f;
    snprintf(it->text, sizeof it->text, "%s", c->filters[f].value);
}

static void generate(corpus *c, gquery *q)
{
    memset(q, 0, sizeof *q);
    int r = (int)pick(100);
    if (r < 8 && c->nwords) {
        q->form = r < 3 ? F_AND : r < 6 ? F_OR : F_NEAR;
        q->window = (unsigned)pick(6);
        add_word(q, some_word(c), 0);
        add_word(q, some_word(c), 0);
        if (q->form != F_NEAR && chance(30))
            add_word(q, some_word(c), 0);
        if (q->form == F_AND && chance(40))
            add_filter(c, q);
        return;
    }
    q->form = F_SEQ;
    size_t nitems = 1 + pick(4);
    for (size_t i = 0; i < nitems && q->n < 7; i++) {
        int k = (int)pick(100);
        if (k < 12 && c->nnames) {           /* a name of several words, typed as words */
            char nm[200];
            snprintf(nm, sizeof nm, "%s", c->names[pick(c->nnames)]);
            for (char *w = strtok(nm, " "); w && q->n < 8; w = strtok(NULL, " "))
                add_word(q, w, 0);
        } else if (k < 22 && c->nphrases) {
            item *it = &q->it[q->n++];
            memset(it, 0, sizeof *it);
            it->k = I_PHRASE;
            snprintf(it->text, sizeof it->text, "%s", c->phrases[pick(c->nphrases)]);
        } else if (k < 26 && c->nprefixes) {
            item *it = &q->it[q->n++];
            memset(it, 0, sizeof *it);
            it->k = I_WILD;
            snprintf(it->text, sizeof it->text, "%s", c->prefixes[pick(c->nprefixes)]);
        } else {
            add_word(q, some_word(c), chance(8) ? '+' : chance(8) ? '-' : 0);
        }
    }
    for (int f = 0; f < 2 && q->n < 10; f++)
        if (chance(f ? 15 : 35))
            add_filter(c, q);
    /* filters (and everything) at any position */
    for (size_t i = q->n; i > 1; i--) {
        size_t j = pick(i);
        item t = q->it[i - 1];
        q->it[i - 1] = q->it[j];
        q->it[j] = t;
    }
}

/* ------------------------------------------------------------- oracle */

/* The index terms of text after the shared analysis, prefixed. */
static void analyse(corpus *c, const char *text, const char *prefix, terms *out)
{
    nx_toklist tl;
    nx_toklist_init(&tl);
    assert_int_equal(nx_tokenize(text, strlen(text), &tl), NX_OK);
    out->n = 0;
    for (size_t i = 0; i < tl.n && i < NX_QUERY_MAX_TERMS; i++) {
        size_t len;
        const char *t = nx_term_for_token(c->st, nx_tok_text(&tl, i), tl.tok[i].norm_len, tl.tok[i].flags, &len);
        assert_non_null(t);
        snprintf(out->t[out->n++], NX_TERM_BUF, "%s%.*s", prefix, (int)len, t);
    }
    out->stop = out->n == 1 && nx_is_stopword(c->stop, out->t[0] + strlen(prefix), strlen(out->t[0]) - strlen(prefix));
    nx_toklist_free(&tl);
}

static int has_pos(const unsigned *p, size_t n, unsigned want)
{
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (p[mid] < want)
            lo = mid + 1;
        else if (p[mid] > want)
            hi = mid;
        else
            return 1;
    }
    return 0;
}

/* Documents with the terms at consecutive positions. */
static set phrase_set(corpus *c, const terms *ts)
{
    set s = postings(c, ts->t[0]);
    for (size_t i = 1; i < ts->n; i++) {
        set p = postings(c, ts->t[i]);
        set_apply(&s, p, 'i');
        free(p.v);
    }
    set out = { malloc((s.n + 1) * sizeof *out.v), 0 };
    for (size_t d = 0; d < s.n; d++) {
        unsigned *pos[NX_QUERY_MAX_TERMS];
        size_t np[NX_QUERY_MAX_TERMS];
        for (size_t i = 0; i < ts->n; i++)
            assert_int_equal(xc_db_positions(c->db, s.v[d], ts->t[i], &pos[i], &np[i]), XC_OK);
        int found = 0;
        for (size_t k = 0; k < np[0] && !found; k++) {
            found = 1;
            for (size_t i = 1; i < ts->n && found; i++)
                found = has_pos(pos[i], np[i], pos[0][k] + (unsigned)i);
        }
        if (found)
            out.v[out.n++] = s.v[d];
        for (size_t i = 0; i < ts->n; i++)
            xc_free(pos[i]);
    }
    free(s.v);
    return out;
}

/* A word: its term or its other spelling; several tokens: their phrase. */
static set word_set(corpus *c, const char *w, int *stop)
{
    terms ts;
    analyse(c, w, "", &ts);
    assert_true(ts.n > 0);
    *stop = ts.stop;
    if (ts.n > 1)
        return phrase_set(c, &ts);
    set s = postings(c, ts.t[0]);
    const char *v = nx_variant_of(c->var, ts.t[0], strlen(ts.t[0]));
    if (v) {
        set p = postings(c, v);
        set_apply(&s, p, 'u');
        free(p.v);
    }
    return s;
}

static set item_set(corpus *c, const item *it, int *stop)
{
    terms ts;
    *stop = 0;
    switch (it->k) {
    case I_WORD:
        return word_set(c, it->text, stop);
    case I_PHRASE:
        analyse(c, it->text, "", &ts);
        return ts.n == 1 ? postings(c, ts.t[0]) : phrase_set(c, &ts);
    case I_WILD: {
        set s = { malloc(sizeof *s.v), 0 };
        xc_termlist *tl = NULL;
        xc_term_info ti;
        assert_int_equal(xc_db_allterms(c->db, it->text, &tl), XC_OK);
        while (xc_termlist_next(tl, &ti) == 1) {
            set p = postings(c, ti.term);
            set_apply(&s, p, 'u');
            free(p.v);
        }
        xc_termlist_free(tl);
        return s;
    }
    case I_FILTER:
        analyse(c, it->text, it->field->prefix, &ts);
        return ts.n == 1 ? postings(c, ts.t[0]) : phrase_set(c, &ts);
    case I_DATE: {
        set s = { malloc((c->all.n + 1) * sizeof *s.v), 0 };
        for (size_t i = 0; i < c->all.n; i++) {
            const char *d = c->date[c->all.v[i]];
            if (d[0] && (!it->lo[0] || strcmp(d, it->lo) >= 0) && (!it->hi[0] || strcmp(d, it->hi) <= 0))
                s.v[s.n++] = c->all.v[i];
        }
        return s;
    }
    }
    fail();
    return (set){ NULL, 0 };
}

static int is_filter(const item *it) { return it->k == I_FILTER || it->k == I_DATE; }

static const char *group_of(const item *it) { return it->k == I_DATE ? "date" : it->field->prefix; }

/* The query's match set; *error when the contract says it is refused;
 * *searched (may be NULL) when a sequence searches a word (it is not
 * filters alone). */
static set oracle(corpus *c, const gquery *q, int *error, int *searched)
{
    *error = 0;
    if (searched)
        *searched = 1;
    set sets[10];
    int stop[10];
    for (size_t i = 0; i < q->n; i++)
        sets[i] = item_set(c, &q->it[i], &stop[i]);
    set out = { malloc(sizeof *out.v), 0 };
    if (q->form == F_AND || q->form == F_OR) {
        free(out.v);
        out = set_copy(sets[0]);
        for (size_t i = 1; i < q->n; i++)
            set_apply(&out, sets[i], q->form == F_AND ? 'i' : 'u');
    } else if (q->form == F_NEAR) {
        terms a, b;
        analyse(c, q->it[0].text, "", &a);
        analyse(c, q->it[1].text, "", &b);
        set both = set_op(sets[0], sets[1], 'i');
        if (a.n != 1 || b.n != 1) {
            *error = 1;   /* NEAR takes single words */
        } else {
            /* the documents' terms, not the variants: NEAR is positional */
            set pa = postings(c, a.t[0]), pb = postings(c, b.t[0]);
            set cand = set_op(pa, pb, 'i');
            for (size_t d = 0; d < cand.n; d++) {
                unsigned *x, *y;
                size_t nx, ny;
                int near = 0;
                assert_int_equal(xc_db_positions(c->db, cand.v[d], a.t[0], &x, &nx), XC_OK);
                assert_int_equal(xc_db_positions(c->db, cand.v[d], b.t[0], &y, &ny), XC_OK);
                for (size_t i = 0; i < nx && !near; i++)
                    for (size_t j = 0; j < ny && !near; j++) {
                        unsigned dist = x[i] > y[j] ? x[i] - y[j] : y[j] - x[i];
                        near = dist > 0 && dist <= q->window + 1;
                    }
                xc_free(x);
                xc_free(y);
                if (near)
                    out.v = realloc(out.v, (out.n + 1) * sizeof *out.v), out.v[out.n++] = cand.v[d];
            }
            free(pa.v);
            free(pb.v);
            free(cand.v);
        }
        free(both.v);
    } else {
        set req = { NULL, 0 }, opt = { malloc(sizeof *opt.v), 0 }, excl = { malloc(sizeof *excl.v), 0 };
        int nreq = 0, nopt = 0, nfilt = 0;
        for (size_t i = 0; i < q->n; i++) {
            const item *it = &q->it[i];
            if (is_filter(it) && it->mod != '-') {
                nfilt++;
            } else if (it->mod == '-') {
                set_apply(&excl, sets[i], 'u');
            } else if (it->mod == '+') {
                if (nreq++)
                    set_apply(&req, sets[i], 'i');
                else
                    req = set_copy(sets[i]);
            } else if (!(it->k == I_WORD && stop[i])) {
                nopt++;
                set_apply(&opt, sets[i], 'u');
            }
        }
        free(out.v);
        if (searched)
            *searched = nreq || nopt;
        if (nreq) {
            out = req;
            free(opt.v);
        } else if (nopt) {
            out = opt;
        } else {
            free(opt.v);
            out = set_copy(c->all);
            *error = !nfilt;   /* only function words or only exclusions */
        }
        /* filters: alternatives within a field, all fields must hold */
        int done[10] = { 0 };
        for (size_t i = 0; i < q->n; i++) {
            if (done[i] || !is_filter(&q->it[i]) || q->it[i].mod == '-')
                continue;
            set g = set_copy(sets[i]);
            for (size_t j = i + 1; j < q->n; j++)
                if (!done[j] && is_filter(&q->it[j]) && q->it[j].mod != '-' &&
                    !strcmp(group_of(&q->it[i]), group_of(&q->it[j]))) {
                    set_apply(&g, sets[j], 'u');
                    done[j] = 1;
                }
            set_apply(&out, g, 'i');
            free(g.v);
        }
        set_apply(&out, excl, 'm');
        free(excl.v);
    }
    for (size_t i = 0; i < q->n; i++)
        free(sets[i].v);
    return out;
}

/* ------------------------------------------------------------- newsidx */

/* The compiled query's matches, every match weighed (NULL set on a query
 * error, with the message in err). */
static int compiled_set(corpus *c, const char *text, set *out, char *err, size_t errsz)
{
    nx_qtree *t = NULL;
    nx_parsed_query pq;
    memset(&pq, 0, sizeof pq);
    nx_status st = nx_query_read(text, c->st, c->stop, &t, err, errsz);
    if (st == NX_OK)
        st = nx_query_compile(t, c->db, c->var, &pq, err, errsz);
    nx_qtree_free(t);
    if (st != NX_OK)
        return st;
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(c->db, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(e, pq.query, 0), XC_OK);
    xc_status xs = xc_enquire_get_mset(e, 0, (unsigned)c->all.n + 1, UINT_MAX, &m);
    if (xs != XC_OK)
        fail_msg("<%s>: get_mset: %s", text, xc_errmsg());
    out->n = xc_mset_size(m);
    out->v = malloc((out->n + 1) * sizeof *out->v);
    for (size_t i = 0; i < out->n; i++) {
        xc_hit h;
        assert_int_equal(xc_mset_get(m, i, &h), XC_OK);
        out->v[i] = h.docid;
    }
    qsort(out->v, out->n, sizeof *out->v, cmp_docid);
    xc_mset_free(m);
    xc_enquire_free(e);
    nx_parsed_query_free(&pq);
    return NX_OK;
}

/* Every page of the default search (snippets off), as docids: each hit
 * and the other versions of its story it lists (a story is shown once).
 * *reached counts the hits and the versions each says it stands for, which
 * must come to the matches too. */
static set paged_set(corpus *c, const char *text, unsigned long *reached)
{
    *reached = 0;
    set s = { malloc(sizeof *s.v), 0 };
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.limit = 10000;
    o.snippet_length = 0;
    for (;;) {
        nx_results *r = NULL;
        assert_int_equal(nx_search(c->ix, text, &o, &r), NX_OK);
        size_t n = nx_results_count(r);
        for (size_t i = 0; i < n; i++) {
            const nx_hit *h = nx_results_hit(r, i);
            const char *const *vids;
            size_t nv;
            *reached += 1 + nx_hit_versions(h, &vids, &nv);
            s.v = realloc(s.v, (s.n + nv + 1) * sizeof *s.v);
            xc_docid d = docid_of(c, nx_hit_id(h));
            assert_true(d != 0);
            s.v[s.n++] = d;
            for (size_t k = 0; k < nv; k++) {
                d = docid_of(c, vids[k]);
                assert_true(d != 0);
                s.v[s.n++] = d;
            }
        }
        nx_results_free(r);
        if (n < o.limit)
            break;
        o.offset += o.limit;
    }
    size_t before = s.n;
    qsort(s.v, s.n, sizeof *s.v, cmp_docid);
    size_t u = 0;
    for (size_t i = 0; i < s.n; i++)
        if (!u || s.v[u - 1] != s.v[i])
            s.v[u++] = s.v[i];
    s.n = u;
    if (u != before)
        fail_msg("<%s>: a match was shown on two pages", text);
    return s;
}

typedef struct stats { size_t queries, errors, empty, big, paged, invariants, bad; } stats;

static void report_diff(const char *what, const char *text, set want, set got)
{
    set miss = set_op(want, got, 'm'), extra = set_op(got, want, 'm');
    fail_msg("%s <%s>: oracle %zu, newsidx %zu; missing %zu (first docid %u), extra %zu (first docid %u)", what,
             text, want.n, got.n, miss.n, miss.n ? miss.v[0] : 0, extra.n, extra.n ? extra.v[0] : 0);
}

/* Checks text against the oracle's set (or its refusal). */
static void check_query(corpus *c, const char *text, set want, int error, int full, stats *s)
{
    char err[512] = "";
    set got = { NULL, 0 };
    int st = compiled_set(c, text, &got, err, sizeof err);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.limit = 1;
    o.snippet_length = 0;
    nx_results *r = NULL;
    nx_status pst = nx_search(c->ix, text, &o, &r);
    if (error) {
        if (st != NX_ERR_QUERY || pst != NX_ERR_QUERY)
            fail_msg("<%s>: the contract refuses it, newsidx gave status %d/%d", text, st, (int)pst);
        const char *m = nx_index_errmsg(c->ix);
        assert_true(*m && !strchr(m, '\n'));
        s->errors++;
        nx_results_free(r);
        return;
    }
    if (st != NX_OK)
        fail_msg("<%s>: refused: %s", text, err);
    if (!set_eq(want, got))
        report_diff("match set", text, want, got);
    if (pst != NX_OK)
        fail_msg("<%s>: nx_search: %s", text, nx_index_errmsg(c->ix));
    unsigned long total = nx_results_total(r);
    int exact = nx_results_total_exact(r);
    nx_results_free(r);
    if (want.n <= BOUND && (!exact || total != want.n))
        fail_msg("<%s>: total %lu (exact %d), %zu match", text, total, exact, want.n);
    if (want.n > BOUND) {
        s->big++;
        if (exact && total != want.n)
            fail_msg("<%s>: total %lu said exact, %zu match", text, total, want.n);
        o.exact = 1;
        assert_int_equal(nx_search(c->ix, text, &o, &r), NX_OK);
        if (!nx_results_total_exact(r) || nx_results_total(r) != want.n)
            fail_msg("<%s>: --exact total %lu, %zu match", text, nx_results_total(r), want.n);
        nx_results_free(r);
    } else if (full) {
        unsigned long reached;
        set p = paged_set(c, text, &reached);
        if (!set_eq(want, p))
            report_diff("pages of the default search", text, want, p);
        if (reached != want.n)
            fail_msg("<%s>: the pages' hits and their versions come to %lu, %zu match", text, reached, want.n);
        free(p.v);
        s->paged++;
    }
    s->empty += want.n == 0;
    free(got.v);
}

/* The same set with the words in another case. */
static void recase(gquery *q, int how)
{
    for (size_t i = 0; i < q->n; i++) {
        item *it = &q->it[i];
        if (it->k != I_WORD && it->k != I_PHRASE)
            continue;
        for (char *p = it->text; *p; p++) {
            int first = p == it->text || p[-1] == ' ';
            if (how == 0)
                *p = (char)tolower((unsigned char)*p);
            else if (how == 1)
                *p = (char)toupper((unsigned char)*p);
            else
                *p = (char)(first ? toupper((unsigned char)*p) : tolower((unsigned char)*p));
        }
    }
}

static void check_same(corpus *c, const gquery *q, set want, const char *what, stats *s)
{
    char text[2048], err[512];
    set got;
    render(q, text, sizeof text);
    if (compiled_set(c, text, &got, err, sizeof err) != NX_OK)
        fail_msg("%s <%s>: refused: %s", what, text, err);
    if (!set_eq(want, got))
        report_diff(what, text, want, got);
    free(got.v);
    s->invariants++;
}

static void run_properties(corpus *c, size_t nq, stats *s)
{
    char text[2048];
    for (size_t k = 0; k < nq; k++) {
        gquery q;
        generate(c, &q);
        if (!q.n)
            continue;
        render(&q, text, sizeof text);
        int error, searched;
        set want = oracle(c, &q, &error, &searched);
        check_query(c, text, want, error, k % 10 == 0, s);
        s->queries++;
        if (!error && q.form == F_SEQ) {
            gquery v = q;
            recase(&v, (int)pick(3));
            check_same(c, &v, want, "another case", s);
            v = q;
            for (size_t i = v.n; i > 1; i--) {
                size_t j = pick(i);
                item t = v.it[i - 1];
                v.it[i - 1] = v.it[j];
                v.it[j] = t;
            }
            check_same(c, &v, want, "another order", s);
            int plain = 1;
            for (size_t i = 0; i < q.n; i++)
                plain &= q.it[i].mod != '+';
            /* (filters alone match every article they allow: a word
             * narrows that) */
            if (plain && searched && q.n < 10) {
                v = q;
                add_word(&v, some_word(c), 0);
                int e2;
                set more = oracle(c, &v, &e2, NULL);
                render(&v, text, sizeof text);
                set got;
                char err[512];
                if (compiled_set(c, text, &got, err, sizeof err) != NX_OK)
                    fail_msg("<%s>: refused: %s", text, err);
                set lost = set_op(want, got, 'm');
                if (lost.n)
                    fail_msg("adding a word <%s> lost %zu matches", text, lost.n);
                if (!set_eq(more, got))
                    report_diff("match set", text, more, got);
                free(lost.v);
                free(got.v);
                free(more.v);
                s->invariants++;
            }
        }
        free(want.v);
    }
}

/* Bad input: each gives results or one clear message, never a crash. */
static void run_bad_input(corpus *c, stats *s)
{
    char *big = malloc(10001);
    assert_non_null(big);
    for (int i = 0; i < 10000; i++)
        big[i] = "abc def "[i % 8];
    big[10000] = '\0';
    const char *fixed[] = { "the of and", "The Who", "a", "!!! ???", "...", "\"\"", "()", "unknownfield:x",
                            "foo:bar baz", "-oil", "NOT oil", "oil OR", "AND", "\"unclosed", "((a)", "*",
                            "ab*", "date:2025-13", "date:..", "topic:", "NEAR", "oil NEAR/2000 gas",
                            "\xff\xfe\x80 oil", "oil\tgas\nprices", "“curly” phrase", "\xc2\xa0oil\xc2\xa0" };
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed + 1; i++) {
        const char *q = i < sizeof fixed / sizeof *fixed ? fixed[i] : big;
        nx_results *r = NULL;
        nx_status st = nx_search(c->ix, q, NULL, &r);
        if (st != NX_OK && st != NX_ERR_QUERY)
            fail_msg("<%.40s>: status %s: %s", q, nx_status_name(st), nx_index_errmsg(c->ix));
        if (st == NX_ERR_QUERY) {
            const char *m = nx_index_errmsg(c->ix);
            if (!*m || strchr(m, '\n'))
                fail_msg("<%.40s>: message '%s' is not one line", q, m);
        }
        nx_results_free(r);
        s->bad++;
    }
    /* filters alone: every article they allow */
    for (int k = 0; k < 20 && c->nfilters; k++) {
        gquery q;
        memset(&q, 0, sizeof q);
        add_filter(c, &q);
        if (chance(50))
            add_filter(c, &q);
        int error;
        char text[512];
        render(&q, text, sizeof text);
        set want = oracle(c, &q, &error, NULL);
        check_query(c, text, want, error, 1, s);
        free(want.v);
        s->bad++;
    }
    /* random bytes and random syntax */
    for (int k = 0; k < 200; k++) {
        char q[64];
        size_t n = 1 + pick(sizeof q - 1);
        static const char alphabet[] = "ab AND OR NOT NEAR/3 \"():+-*date:title:\xe2\x80\x9c\xe2\x80\x9d";
        for (size_t i = 0; i < n; i++)
            q[i] = chance(90) ? alphabet[pick(sizeof alphabet - 1)] : (char)(1 + pick(255));
        q[n] = '\0';
        nx_results *r = NULL;
        nx_status st = nx_search(c->ix, q, NULL, &r);
        if (st != NX_OK && st != NX_ERR_QUERY)
            fail_msg("random <%s>: status %s: %s", q, nx_status_name(st), nx_index_errmsg(c->ix));
        nx_results_free(r);
        s->bad++;
    }
    free(big);
}

/* ------------------------------------------------------------- setup */

static void build(corpus *c, const char *src, const char *tmp)
{
    snprintf(c->dir, sizeof c->dir, "%s/%s.db", tmp, c->name);
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.jobs = 2;
    nx_writer *w = NULL;
    char *err = NULL;
    if (nx_writer_open(c->dir, &o, &w, &err) != NX_OK)
        fail_msg("%s: %s", c->dir, err);
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_index_path(w, src, NULL, NULL, &sum), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_int_equal(xc_db_open(c->dir, &c->db), XC_OK);
    assert_int_equal(nx_index_open(c->dir, &c->ix, NULL), NX_OK);
    assert_int_equal(nx_stemmer_new("english", &c->st, NULL), NX_OK);
    assert_int_equal(nx_stopwords_new(c->st, &c->stop), NX_OK);
    assert_int_equal(nx_variants_new(c->st, &c->var), NX_OK);
}

static void release(corpus *c)
{
    nx_index_close(c->ix);
    xc_db_close(c->db);
    nx_variants_free(c->var);
    nx_stopwords_free(c->stop);
    nx_stemmer_free(c->st);
    free(c->all.v);
    free(c->date);
    free(c->ids);
    free_strs(c->idstr, c->nids);
    free_strs(c->words, c->nwords);
    free_strs(c->names, c->nnames);
    free_strs(c->phrases, c->nphrases);
    free_strs(c->prefixes, c->nprefixes);
    for (size_t i = 0; i < c->nfilters; i++)
        free(c->filters[i].value);
    free(c->filters);
    free_strs(c->days, c->ndays);
}

static void run_corpus(const char *name, const char *src, size_t nq)
{
    char tmp[] = "/tmp/nx_oracle_XXXXXX";
    assert_non_null(mkdtemp(tmp));
    corpus c;
    memset(&c, 0, sizeof c);
    c.name = name;
    build(&c, src, tmp);
    harvest(&c);
    stats s;
    memset(&s, 0, sizeof s);
    run_properties(&c, nq * (g_scale ? g_scale : 1), &s);
    run_bad_input(&c, &s);
    printf("%s: %zu generated queries (%zu refused as the contract says, %zu with no match, %zu over %d matches, "
           "%zu paged in full), %zu invariance checks, %zu bad inputs: 0 violations\n",
           name, s.queries, s.errors, s.empty, s.big, BOUND, s.paged, s.invariants, s.bad);
    release(&c);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
}

static const char *corpus_dir(const char *sub, char *buf, size_t n)
{
    const char *root = getenv("NX_CORPORA");
    struct stat sb;
    snprintf(buf, n, "%s/%s", root && *root ? root : "../shared/corpora", sub);
    return stat(buf, &sb) == 0 && S_ISDIR(sb.st_mode) ? buf : NULL;
}

static void test_samples(void **state)
{
    (void)state;
    const char *s = getenv("NX_SAMPLES");
    if (!s || !*s)
        fail_msg("NX_SAMPLES is not set");
    run_corpus("samples", s, 500);
}

static void test_reuters(void **state)
{
    (void)state;
    char buf[512];
    const char *dir = corpus_dir("reuters21578", buf, sizeof buf);
    if (!dir) {
        printf("Reuters-21578 not found under NX_CORPORA (%s): skipped\n", buf);
        skip();
    }
    run_corpus("reuters", dir, 1000);
}

static void test_bbc(void **state)
{
    (void)state;
    char buf[512];
    const char *dir = corpus_dir("bbc", buf, sizeof buf);
    if (!dir) {
        printf("BBC not found under NX_CORPORA (%s): skipped\n", buf);
        skip();
    }
    run_corpus("bbc", dir, 1000);
}

int main(void)
{
    /* NX_ORACLE_SEED and NX_ORACLE_SCALE (a multiplier of the query
     * counts) let a developer run other and longer campaigns. */
    const char *seed = getenv("NX_ORACLE_SEED"), *scale = getenv("NX_ORACLE_SCALE");
    if (seed && *seed)
        rs ^= strtoull(seed, NULL, 10) * 0x9E3779B97F4A7C15ULL;
    if (scale && *scale)
        g_scale = strtoul(scale, NULL, 10);
    printf("oracle seed %s, scale %zu\n", seed && *seed ? seed : "default", g_scale);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_samples),
        cmocka_unit_test(test_reuters),
        cmocka_unit_test(test_bbc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

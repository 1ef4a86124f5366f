/*
 * query_compile.c — binds a query tree (query_tree.h) to an index: the
 * xapian-c query to run, the units the snippet highlights and the words
 * "did you mean" checks.  The only part of the query language that asks
 * the index anything (which capitalised runs are known names, which
 * spelling variants it holds).
 *
 * The match-set contract (the README states it to users, and
 * tests/unit/test_match_oracle.c checks it against Xapian directly on
 * generated queries):
 *   - A plain query (juxtaposed items) matches the union of what its
 *     words, phrases and groups match, restricted by its filters and
 *     minus its exclusions; with +items, the matches of all +items.
 *   - A word matches the documents holding its index term (the shared
 *     analysis: tokenizer, case folding, stemmer), or its other spelling
 *     ("labour"/"labor", analysis/variants.h).  A word that analyses to
 *     several tokens ("U.S.-led") is the phrase of them.  A function word
 *     (analysis/stopwords.h) standing alone in a sequence is left out
 *     (nxq_seq_drops); in quotes, under AND/OR/NEAR or with +/- it counts.
 *     A query of function words alone is refused with a message that says
 *     so: searching them would match nearly everything, and adding a word
 *     to a plain query must never remove a match.
 *   - Letter case never changes the match set.  Recognised names, the
 *     headline boost, spelling variants and feedback change the order
 *     only: a capitalised run the index knows as a name ("Tony Blair",
 *     "Bank of England") adds the name's phrase as a boost
 *     (NX_NAME_WEIGHT) beside its words, and every headline word adds its
 *     S term at NX_TITLE_WEIGHT; both match only documents the words
 *     already match.  Narrower name matching is what name: and quotes are
 *     for.
 *   - A filter (date:, id:, and the label fields: topic:, place:,
 *     section:, source:, person:, org:) restricts the sequence it stands
 *     in, wherever it stands: the same words and filters in any order give
 *     the same set.  Within one sequence, filters on one field are
 *     alternatives (topic:crude topic:gas) and different fields must all
 *     hold; under AND every filter must hold.  A group in parentheses
 *     keeps its filters and exclusions to itself, unless it holds nothing
 *     but filters: then it is a filter of the sequence around it.
 *   - a AND b: both; a OR b: either; NOT b and -b: without b; +a: must
 *     have a; "a b": the phrase; a NEAR/n b: at most n words between
 *     (default 10); word*: every term starting with word (at most
 *     NX_WILDCARD_LIMIT); title:/author: words of that field; name: the
 *     recognised name only.  A query that only excludes is refused.
 * Ranking: a plain sequence is a ranked OR (BM25 favours articles with
 * more of the words and rarer ones).  Adding a boost for articles with all
 * the words and for the words close together was measured (bench/relevance,
 * Reuters topics): MAP fell from 0.545 to 0.519 and two-word searches got
 * three times slower, because positional checks defeat Xapian's
 * max-weight pruning; so there is none.
 */
#include "searcher/query.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/tokenize.h"
#include "lib/schema.h"
#include "lib/terms.h"

#define NX_TITLE_WEIGHT 0.5       /* headline term boost next to the plain term */
#define NX_NAME_WEIGHT 1.5        /* a recognised name counts more than its words */
#define NX_NAME_MAX_WORDS 8       /* longest run of words tried as one name */
#define NX_NAME_MAX_TOKENS 24

typedef struct compiler {
    const nx_qtree *t;
    const xc_db *db;
    const nx_variants *variants;
    nx_parsed_query *out;
    size_t capunits, capwords;
    const nxq_node *dropped;      /* the first function word left out */
    nx_status status;
    char *err;
    size_t errsz;
} compiler;

/* Compiled form of a subtree: what it adds (pos), what it excludes (neg),
 * what it restricts to without weight (filt).  All NULL: nothing
 * searchable.  req: a +item. */
typedef struct cres {
    xc_query *pos, *neg, *filt;
    int req;
} cres;

static int compile(compiler *c, const nxq_node *n, int neg, cres *out);

/* --------------------------------------------------------------- errors */

static void fail(compiler *c, nx_status st, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail(compiler *c, nx_status st, const char *fmt, ...)
{
    if (c->status != NX_OK)
        return;
    c->status = st;
    if (!c->err || c->errsz == 0)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(c->err, c->errsz, fmt, ap);
    va_end(ap);
}

static void nomem(compiler *c) { fail(c, NX_ERR_NOMEM, "out of memory while compiling the query"); }

static void xfail(compiler *c) { fail(c, NX_ERR_NOMEM, "could not build the query: %s", xc_errmsg()); }

/* ------------------------------------------------------- xapian queries */

static void q_free_all(xc_query **subs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        xc_query_free(subs[i]);
        subs[i] = NULL;
    }
}

/* Combines the non-NULL subs and consumes them all; a single sub of an
 * AND/OR is returned as it is, to keep descriptions readable. */
static xc_query *q_take(compiler *c, xc_query_op op, xc_query **subs, size_t n, unsigned param)
{
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        xc_query *q = subs[i];
        subs[i] = NULL;
        if (q)
            subs[m++] = q;
    }
    xc_query *out = NULL;
    if (m == 1 && (op == XC_OP_AND || op == XC_OP_OR)) {
        out = subs[0];
        subs[0] = NULL;
    } else if (m && c->status == NX_OK && xc_query_combine(op, subs, m, param, &out) != XC_OK) {
        xfail(c);
        out = NULL;
    }
    q_free_all(subs, m);
    return out;
}

static xc_query *q_pair(compiler *c, xc_query_op op, xc_query *a, xc_query *b)
{
    xc_query *v[2] = {a, b};
    if (!a || !b) {
        q_free_all(v, 2);
        if (c->status == NX_OK)
            nomem(c);
        return NULL;
    }
    return q_take(c, op, v, 2, 0);
}

static xc_query *q_scale(compiler *c, xc_query *q, double f)
{
    xc_query *out = NULL;
    if (q && f == 1.0)
        return q;
    if (q && xc_query_scale(q, f, &out) != XC_OK) {
        xfail(c);
        out = NULL;
    }
    xc_query_free(q);
    return out;
}

static xc_query *q_all(compiler *c)
{
    xc_query *all = NULL;
    if (xc_query_match_all(&all) != XC_OK)
        xfail(c);
    return all;
}

static xc_query *q_term(compiler *c, const char *prefix, const char *key)
{
    char buf[NX_TERM_BUF];
    xc_query *out = NULL;
    size_t n = nx_term_join(prefix, key, strlen(key), buf, sizeof buf);
    if (!n) {
        fail(c, NX_ERR_QUERY, "a word in the query is too long");
        return NULL;
    }
    if (xc_query_term(buf, n, 1, 0, &out) != XC_OK) {
        xfail(c);
        return NULL;
    }
    return out;
}

/* The tokens of a leaf as one term, or a phrase of them. */
static xc_query *q_tokens(compiler *c, const char *prefix, char *const *keys, size_t n)
{
    xc_query *v[NX_QUERY_MAX_TERMS];
    if (n == 0 || n > NX_QUERY_MAX_TERMS)
        return NULL;
    if (n == 1)
        return q_term(c, prefix, keys[0]);
    for (size_t i = 0; i < n; i++) {
        if (!(v[i] = q_term(c, prefix, keys[i]))) {
            q_free_all(v, i);
            return NULL;
        }
    }
    return q_take(c, XC_OP_PHRASE, v, n, 0);
}

/* A name of n words: casefolded norms and their plain terms.  N terms have
 * no positions (indexer/docbuild.c), so a name of several words is its N
 * terms, which give the weight, filtered by the phrase of its plain terms,
 * which give the order. */
static xc_query *q_name(compiler *c, char *const *norm, char *const *plain, size_t n)
{
    if (n <= 1)
        return q_tokens(c, NX_PFX_NAME, norm, n);
    xc_query *v[NX_QUERY_MAX_TERMS];
    if (n > NX_QUERY_MAX_TERMS)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (!(v[i] = q_term(c, NX_PFX_NAME, norm[i]))) {
            q_free_all(v, i);
            return NULL;
        }
    xc_query *words = q_take(c, XC_OP_AND, v, n, 0);
    return q_pair(c, XC_OP_FILTER, words, q_tokens(c, "", plain, n));
}

/* The whole of r as one query: its positives restricted by its filters,
 * minus its exclusions (only filters: every document they allow).  *negonly
 * when it only excludes. */
static xc_query *finalize(compiler *c, cres *r, int *negonly)
{
    xc_query *base = r->pos;
    r->pos = NULL;
    *negonly = 0;
    if (!base && r->filt)
        base = q_all(c);
    if (r->filt) {
        base = q_pair(c, XC_OP_FILTER, base, r->filt);
        r->filt = NULL;
    }
    if (r->neg) {
        if (!base && c->status == NX_OK) {
            *negonly = 1;
            xc_query_free(r->neg);
            r->neg = NULL;
            return NULL;
        }
        base = q_pair(c, XC_OP_AND_NOT, base, r->neg);
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

static int add_unit(compiler *c, char *const *keys, size_t n, int exact, int prefix)
{
    nx_parsed_query *o = c->out;
    if (o->nunits == c->capunits) {
        size_t cap = c->capunits ? c->capunits * 2 : 8;
        nx_match_unit *u = realloc(o->units, cap * sizeof *u);
        if (!u)
            goto oom;
        o->units = u;
        c->capunits = cap;
    }
    nx_match_unit *u = &o->units[o->nunits];
    memset(u, 0, sizeof *u);
    u->keys = calloc(n ? n : 1, sizeof *u->keys);
    if (!u->keys)
        goto oom;
    o->nunits++;   /* counted now so nx_parsed_query_free sees partial keys */
    u->exact = exact;
    u->prefix = prefix;
    u->weight = 1.0;
    for (size_t i = 0; i < n; i++) {
        if (!(u->keys[i] = strdup(keys[i])))
            goto oom;
        u->n++;
    }
    return 0;
oom:
    nomem(c);
    return -1;
}

static int add_words(compiler *c, const nxq_node *n)
{
    nx_parsed_query *o = c->out;
    for (size_t i = 0; i < n->ntok; i++) {
        if (o->nwords == c->capwords) {
            size_t cap = c->capwords ? c->capwords * 2 : 8;
            nx_query_word *w = realloc(o->words, cap * sizeof *w);
            if (!w)
                goto oom;
            o->words = w;
            c->capwords = cap;
        }
        nx_query_word *w = &o->words[o->nwords];
        w->start = n->ts[i];
        w->end = n->te[i];
        if (!(w->norm = strdup(n->norm[i])))
            goto oom;
        o->nwords++;
    }
    return 0;
oom:
    nomem(c);
    return -1;
}

/* --------------------------------------------------------------- leaves */

static int term_exists(const compiler *c, const char *term)
{
    int exists = 0;
    return xc_db_term_exists(c->db, term, &exists) == XC_OK && exists;
}

static const char *prefix_of(const nxq_node *n)
{
    return n->field && n->field->prefix ? n->field->prefix : "";
}

/* The other spelling's stem of a plain unquoted word ("labour" -> "labor"),
 * when the index has it (without an index to ask, whenever the table has
 * one).  A quoted word is meant as typed. */
static const char *variant_key(const compiler *c, const nxq_node *n)
{
    if (!c->variants || n->ntok != 1 || n->leaf != NXQ_WORD || n->field)
        return NULL;
    const char *v = nx_variant_of(c->variants, n->key[0], strlen(n->key[0]));
    if (!v || (c->db && !term_exists(c, v)))
        return NULL;
    return v;
}

/* The leaf's term(s); with a spelling variant, both spellings as one term
 * (OP_SYNONYM: one frequency, so a story is not ranked up for using both). */
static xc_query *leaf_terms(compiler *c, const char *prefix, const nxq_node *n, const char *variant)
{
    xc_query *q = q_tokens(c, prefix, n->key, n->ntok);
    if (!q || !variant)
        return q;
    return q_pair(c, XC_OP_SYNONYM, q, q_term(c, prefix, variant));
}

/* A plain word or phrase: the term(s), plus the headline boost (S terms
 * are a subset: headline words are indexed unprefixed too). */
static xc_query *plain_query(compiler *c, const nxq_node *n, const char *v)
{
    xc_query *body = leaf_terms(c, "", n, v);
    xc_query *title = q_scale(c, leaf_terms(c, NX_PFX_TITLE, n, v), NX_TITLE_WEIGHT);
    return q_pair(c, XC_OP_OR, body, title);
}

static int compile_leaf(compiler *c, const nxq_node *n, int neg, cres *out)
{
    char term[NX_TERM_BUF];
    switch (n->leaf) {
    case NXQ_DATE:
        if (xc_query_value_range(NX_SLOT_DATE, n->lo[0] ? n->lo : NULL, n->hi[0] ? n->hi : NULL,
                                 &out->filt) != XC_OK) {
            out->filt = NULL;
            xfail(c);
            return -1;
        }
        return 0;
    case NXQ_ID:
        /* The indexer's rule, so an id too long for a term is found by
         * its hashed term. */
        nx_id_term(n->value, term, sizeof term);
        if (xc_query_term(term, strlen(term), 1, 0, &out->filt) != XC_OK) {
            out->filt = NULL;
            xfail(c);
            return -1;
        }
        return 0;
    case NXQ_WILD: {
        /* An expansion over NX_WILDCARD_LIMIT surfaces as XC_ERR_WILDCARD
         * from get_mset; search.c reports it. */
        size_t tl = nx_term_join(prefix_of(n), n->value, strlen(n->value), term, sizeof term);
        if (!tl || xc_query_wildcard(term, NX_WILDCARD_LIMIT, XC_WILDCARD_LIMIT_ERROR, &out->pos) != XC_OK) {
            out->pos = NULL;
            xfail(c);
            return -1;
        }
        /* Marked as what it matched: every word whose term starts so. */
        return neg ? 0 : add_unit(c, &n->value, 1, 0, 1);
    }
    case NXQ_WORD:
    case NXQ_PHRASE:
        break;
    }
    if (n->ntok == 0)
        return 0;
    nx_field_kind kind = n->field ? n->field->kind : NX_FK_RANKED;
    if (n->field && kind == NX_FK_FILTER) {
        out->filt = q_tokens(c, n->field->prefix, n->key, n->ntok);
        return out->filt ? 0 : -1;
    }
    if (n->field && kind == NX_FK_NAME) {
        out->pos = q_name(c, n->norm, n->key, n->ntok);
        if (!out->pos)
            return -1;
        return neg ? 0 : add_unit(c, n->norm, n->ntok, 1, 0);
    }
    /* One lookup (a term_exists in the index) serves query and unit. */
    const char *variant = variant_key(c, n);
    if (!n->field && !neg)
        out->pos = plain_query(c, n, variant);
    else   /* a field's words, or an excluded word: no headline boost */
        out->pos = leaf_terms(c, prefix_of(n), n, variant);
    if (!out->pos)
        return -1;
    if (neg)
        return 0;
    if (add_unit(c, n->key, n->ntok, 0, 0) != 0)
        return -1;
    /* Highlighted too: "labor" in a story found by "labour". */
    if (variant && add_unit(c, (char *const *)&variant, 1, 0, 0) != 0)
        return -1;
    return !n->field && n->leaf == NXQ_WORD ? add_words(c, n) : 0;
}

/* ---------------------------------------------------------------- names */

/* A plain word typed capitalised (not ALL CAPS, not a number). */
static int is_cap_word(const nxq_node *n)
{
    if (n->kind != NXQ_LEAF || n->leaf != NXQ_WORD || n->field || n->ntok == 0)
        return 0;
    for (size_t i = 0; i < n->ntok; i++)
        if (!(n->flags[i] & NX_TOK_CAPITALISED) || (n->flags[i] & (NX_TOK_ALLCAPS | NX_TOK_NUMBER)))
            return 0;
    return 1;
}

static int is_plain_word(const nxq_node *n)
{
    return n->kind == NXQ_LEAF && n->leaf == NXQ_WORD && !n->field && n->ntok > 0;
}

/* The tokens of kids [a, b] for a name: norms, plain terms. */
static size_t name_tokens(const nxq_node *const *kids, size_t a, size_t b, char **norm, char **plain)
{
    size_t n = 0;
    for (size_t i = a; i <= b; i++)
        for (size_t t = 0; t < kids[i]->ntok; t++) {
            if (n == NX_NAME_MAX_TOKENS)
                return 0;
            norm[n] = kids[i]->norm[t];
            plain[n++] = kids[i]->key[t];
        }
    return n;
}

/* Kids [a, b] form a name the index knows: its whole-name key (as names.h
 * builds it: token norms joined by ' ', '-' inside hyphenated words) as an
 * XN term, or for one token its N term. */
static int is_known_name(const compiler *c, const nxq_node *const *kids, size_t a, size_t b)
{
    char key[NX_NAME_MAX_TOKENS * (NX_TOK_MAX_BYTES + 1) + 1], term[NX_TERM_BUF];
    size_t len = 0, ntok = 0;
    for (size_t i = a; i <= b; i++)
        for (size_t t = 0; t < kids[i]->ntok; t++) {
            size_t nl = strlen(kids[i]->norm[t]);
            if (ntok == NX_NAME_MAX_TOKENS || len + nl + 2 > sizeof key)
                return 0;
            if (ntok++ > 0)
                key[len++] = (t > 0 && (kids[i]->flags[t] & NX_TOK_HYPHENATED)) ? '-' : ' ';
            memcpy(key + len, kids[i]->norm[t], nl);
            len += nl;
        }
    key[len] = '\0';
    if (ntok == 1)
        return nx_term_join(NX_PFX_NAME, key, len, term, sizeof term) && term_exists(c, term);
    nx_value_term(NX_PFX_NAMEFULL, key, term, sizeof term);
    return term_exists(c, term);
}

/* The longest run of plain words from kids[i] that starts and ends with a
 * capitalised word and is a name the index knows (inner words may be
 * lower case: "Bank of England"); returns its last index, or (size_t)-1. */
static size_t find_name(const compiler *c, const nxq_node *const *kids, size_t n, size_t i)
{
    if (!c->db || !is_cap_word(kids[i]))
        return (size_t)-1;
    size_t last = i;
    while (last + 1 < n && last + 1 - i < NX_NAME_MAX_WORDS && is_plain_word(kids[last + 1]))
        last++;
    /* The boost must match only what the words match, so a name needs a
     * word the sequence searches ("Of" alone, "The Who": none). */
    int searched = 0;
    size_t found = (size_t)-1;
    for (size_t b = i; b <= last; b++) {
        searched |= !nxq_seq_drops(kids[b]);
        if (searched && is_cap_word(kids[b]) && is_known_name(c, kids, i, b))
            found = b;
    }
    return found;
}

/* The boost for kids [a, b] as a name, and its unit (one unit: the
 * snippet marks the whole name). */
static xc_query *name_boost(compiler *c, const nxq_node *const *kids, size_t a, size_t b)
{
    char *norm[NX_NAME_MAX_TOKENS], *plain[NX_NAME_MAX_TOKENS];
    size_t n = name_tokens(kids, a, b, norm, plain);
    if (!n)
        return NULL;
    xc_query *q = q_scale(c, q_name(c, norm, plain, n), NX_NAME_WEIGHT);
    if (q && add_unit(c, norm, n, 1, 0) != 0) {
        xc_query_free(q);
        return NULL;
    }
    return q;
}

/* ------------------------------------------------------- sequences, AND */

/* The kids of a SEQ or AND: required and optional positives, exclusions
 * (OR-ed) and filters (grouped by field: OR within, AND across). */
typedef struct qlist {
    xc_query **v;
    const char **keys;
    size_t n, cap;
} qlist;

typedef struct merge {
    qlist req, opt, neg, filt;
    int failed;
} merge;

static void qlist_push(compiler *c, merge *m, qlist *l, xc_query *q, const char *key)
{
    if (!q)
        return;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        xc_query **v = realloc(l->v, cap * sizeof *v);
        const char **k = v ? realloc(l->keys, cap * sizeof *k) : NULL;
        if (v)
            l->v = v;
        if (!v || !k) {
            xc_query_free(q);
            m->failed = 1;
            nomem(c);
            return;
        }
        l->keys = k;
        l->cap = cap;
    }
    l->keys[l->n] = key;
    l->v[l->n++] = q;
}

static void qlist_free(qlist *l)
{
    q_free_all(l->v, l->n);
    free(l->v);
    free(l->keys);
    memset(l, 0, sizeof *l);
}

static void merge_free(merge *m)
{
    qlist_free(&m->req);
    qlist_free(&m->opt);
    qlist_free(&m->neg);
    qlist_free(&m->filt);
}

/* The group a filter item belongs to: its field ("date", "id", a label
 * prefix); NULL (a group of its own) for a group of filters. */
static const char *filter_group(const nxq_node *item)
{
    const nxq_node *leaf = nxq_item_leaf(item);
    if (!leaf)
        return NULL;
    if (leaf->leaf == NXQ_DATE)
        return "date";
    if (leaf->leaf == NXQ_ID)
        return "id";
    return leaf->field ? leaf->field->prefix : NULL;
}

/* Sorts one compiled item into m (r is emptied).  all_required: under
 * AND, every positive is required and every filter its own group. */
static void merge_add(compiler *c, merge *m, const nxq_node *item, cres *r, int all_required)
{
    int negonly = 0;
    if (r->pos && (r->neg || r->filt)) {
        /* A group keeps its filters and exclusions to itself. */
        int req = r->req;
        xc_query *q = finalize(c, r, &negonly);
        qlist_push(c, m, all_required || req ? &m->req : &m->opt, q, NULL);
    } else if (r->pos) {
        qlist_push(c, m, all_required || r->req ? &m->req : &m->opt, r->pos, NULL);
        r->pos = NULL;
    } else if (r->filt) {
        /* Only filters (with exclusions, "(topic:x -y)"): a filter of the
         * sequence around it. */
        const char *group = all_required || r->neg ? NULL : filter_group(item);
        xc_query *f = r->neg ? finalize(c, r, &negonly) : r->filt;
        r->filt = NULL;
        qlist_push(c, m, &m->filt, f, group);
    } else if (r->neg) {
        qlist_push(c, m, &m->neg, r->neg, NULL);
        r->neg = NULL;
    }
    cres_free(r);
}

/* AND over groups of (OR over the filters of each group); empties l. */
static xc_query *group_filters(compiler *c, qlist *l)
{
    if (!l->n)
        return NULL;
    xc_query **groups = calloc(l->n, sizeof *groups), **same = calloc(l->n, sizeof *same);
    char *used = calloc(l->n, 1);
    xc_query *out = NULL;
    if (!groups || !same || !used) {
        nomem(c);
        goto done;
    }
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
            l->v[j] = NULL;
        }
        groups[ng++] = q_take(c, XC_OP_OR, same, ns, 0);
    }
    out = q_take(c, XC_OP_AND, groups, ng, 0);
done:
    free(groups);
    free(same);
    free(used);
    return out;
}

static int merge_finish(compiler *c, merge *m, cres *out)
{
    xc_query *pos = m->opt.n ? q_take(c, XC_OP_OR, m->opt.v, m->opt.n, 0) : NULL;
    m->opt.n = 0;
    if (m->req.n) {
        xc_query *req = q_take(c, XC_OP_AND, m->req.v, m->req.n, 0);
        m->req.n = 0;
        /* The binding's AND_MAYBE is the safe form (xapian-c.h). */
        pos = pos ? q_pair(c, XC_OP_AND_MAYBE, req, pos) : req;
    }
    out->pos = pos;
    out->neg = q_take(c, XC_OP_OR, m->neg.v, m->neg.n, 0);
    m->neg.n = 0;
    out->filt = group_filters(c, &m->filt);
    merge_free(m);
    if (c->status != NX_OK || m->failed) {
        cres_free(out);
        return -1;
    }
    return 0;
}

static int compile_seq(compiler *c, const nxq_node *n, int neg, cres *out)
{
    merge m;
    memset(&m, 0, sizeof m);
    const nxq_node *const *kids = (const nxq_node *const *)n->kids;
    /* Names boost; their words are searched below like any other.  With
     * nothing else to search a boost would be the whole match set, and
     * only for the capitalised spelling: case must not change what
     * matches. */
    int searched = 0;
    for (size_t i = 0; i < n->nkids; i++)
        searched |= !nxq_seq_drops(kids[i]) && nxq_is_positive(kids[i]);
    for (size_t i = 0; searched && !neg && i < n->nkids; i++) {
        size_t b = find_name(c, kids, n->nkids, i);
        if (b == (size_t)-1)
            continue;
        xc_query *boost = name_boost(c, kids, i, b);
        if (!boost) {
            merge_free(&m);
            return -1;
        }
        qlist_push(c, &m, &m.opt, boost, NULL);
        i = b;
    }
    for (size_t i = 0; i < n->nkids; i++) {
        cres r = {0};
        if (nxq_seq_drops(kids[i])) {
            if (!c->dropped)
                c->dropped = kids[i];
            continue;
        }
        if (compile(c, kids[i], neg, &r) != 0) {
            cres_free(&r);
            merge_free(&m);
            return -1;
        }
        merge_add(c, &m, kids[i], &r, 0);
    }
    return merge_finish(c, &m, out);
}

static int compile_and(compiler *c, const nxq_node *n, int neg, cres *out)
{
    merge m;
    memset(&m, 0, sizeof m);
    for (size_t i = 0; i < n->nkids; i++) {
        cres r = {0};
        if (compile(c, n->kids[i], neg, &r) != 0) {
            cres_free(&r);
            merge_free(&m);
            return -1;
        }
        merge_add(c, &m, n->kids[i], &r, 1);
    }
    return merge_finish(c, &m, out);
}

/* Either side: a union.  When every side is a filter, so is the OR. */
static int compile_or(compiler *c, const nxq_node *n, int neg, cres *out)
{
    xc_query **pos = calloc(n->nkids ? n->nkids : 1, sizeof *pos);
    xc_query **filt = calloc(n->nkids ? n->nkids : 1, sizeof *filt);
    size_t np = 0, nf = 0;
    if (!pos || !filt) {
        free(pos);
        free(filt);
        nomem(c);
        return -1;
    }
    for (size_t i = 0; i < n->nkids && c->status == NX_OK; i++) {
        cres r = {0};
        int negonly = 0;
        if (compile(c, n->kids[i], neg, &r) != 0 || cres_empty(&r)) {
            cres_free(&r);
            continue;
        }
        if (!r.pos && !r.neg) {
            filt[nf++] = r.filt;
            continue;
        }
        xc_query *q = finalize(c, &r, &negonly);
        if (negonly)
            fail(c, NX_ERR_QUERY, "'OR' needs a term to include on each side, not only excluded ones");
        if (q)
            pos[np++] = q;
    }
    if (np && nf) {   /* a filter beside words: every document it allows */
        xc_query *f = q_take(c, XC_OP_OR, filt, nf, 0);
        pos[np++] = q_pair(c, XC_OP_FILTER, q_all(c), f);
        nf = 0;
    }
    if (np)
        out->pos = q_take(c, XC_OP_OR, pos, np, 0);
    else if (nf)
        out->filt = q_take(c, XC_OP_OR, filt, nf, 0);
    q_free_all(pos, np);
    q_free_all(filt, nf);
    free(pos);
    free(filt);
    if (c->status != NX_OK) {
        cres_free(out);
        return -1;
    }
    return 0;
}

static int compile_mod(compiler *c, const nxq_node *n, int neg, cres *out)
{
    cres r = {0};
    int negonly;
    if (n->mod == NXQ_REQUIRE) {
        if (compile(c, n->kids[0], neg, out) != 0)
            return -1;
        out->req = out->pos != NULL;
        return 0;
    }
    if (compile(c, n->kids[0], 1, &r) != 0 || cres_empty(&r)) {
        cres_free(&r);
        return c->status == NX_OK ? 0 : -1;
    }
    out->neg = finalize(c, &r, &negonly);
    if (negonly)
        fail(c, NX_ERR_QUERY, "a query cannot only exclude terms");
    return out->neg ? 0 : -1;
}

static int compile_near(compiler *c, const nxq_node *n, int neg, cres *out)
{
    xc_query *v[NX_QUERY_MAX_TERMS], *names[NX_QUERY_MAX_TERMS];
    size_t m = 0, nn = 0;
    for (size_t i = 0; i < n->nkids && i < NX_QUERY_MAX_TERMS; i++) {
        const nxq_node *k = n->kids[i];
        if (k->kind != NXQ_LEAF || (k->leaf != NXQ_WORD && k->leaf != NXQ_PHRASE) || k->ntok != 1) {
            char b[64];
            if (k->kind == NXQ_LEAF) {
                nx_qtree_quote(c->t, k->start, k->end, b, sizeof b);
                fail(c, NX_ERR_QUERY, "'NEAR' needs a single word on each side ('%s' is not one)", b);
            } else {
                fail(c, NX_ERR_QUERY, "'NEAR' needs a single word on each side, not a group");
            }
            break;
        }
        if (k->field && k->field->kind == NX_FK_NAME) {
            /* N terms have no positions: the plain term at the same
             * place stands in for the distance, the N term says it is a
             * name there (q_name). */
            if (!(names[nn] = q_term(c, NX_PFX_NAME, k->norm[0])))
                break;
            nn++;
            v[m] = q_term(c, "", k->key[0]);
        } else {
            v[m] = q_term(c, prefix_of(k), k->key[0]);
        }
        if (!v[m])
            break;
        m++;
        if (!neg && (add_unit(c, k->field && k->field->kind == NX_FK_NAME ? k->norm : k->key, 1,
                              k->field && k->field->kind == NX_FK_NAME, 0) != 0 ||
                     (!k->field && k->leaf == NXQ_WORD && add_words(c, k) != 0)))
            break;
    }
    if (c->status != NX_OK) {
        q_free_all(v, m);
        q_free_all(names, nn);
        return -1;
    }
    /* "at most window other words between them" */
    out->pos = q_take(c, XC_OP_NEAR, v, m, n->window + (unsigned)m);
    if (nn)
        out->pos = q_pair(c, XC_OP_FILTER, out->pos, q_take(c, XC_OP_AND, names, nn, 0));
    return out->pos ? 0 : -1;
}

static int compile(compiler *c, const nxq_node *n, int neg, cres *out)
{
    switch (n->kind) {
    case NXQ_LEAF: return compile_leaf(c, n, neg, out);
    case NXQ_SEQ: return compile_seq(c, n, neg, out);
    case NXQ_AND: return compile_and(c, n, neg, out);
    case NXQ_OR: return compile_or(c, n, neg, out);
    case NXQ_NEAR: return compile_near(c, n, neg, out);
    case NXQ_MOD: return compile_mod(c, n, neg, out);
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

nx_status nx_query_compile(const nx_qtree *t, const xc_db *db, const nx_variants *variants,
                           nx_parsed_query *out, char *err, size_t errsz)
{
    compiler c;
    memset(&c, 0, sizeof c);
    c.err = err;
    c.errsz = errsz;
    if (err && errsz)
        err[0] = '\0';
    if (!out || !t || !t->root) {
        fail(&c, NX_ERR_INVALID, "no query tree or result given to the query compiler");
        return c.status;
    }
    memset(out, 0, sizeof *out);
    c.t = t;
    c.db = db;
    c.variants = variants;
    c.out = out;
    cres r = {0};
    int negonly = 0;
    if (compile(&c, t->root, 0, &r) == 0 && c.status == NX_OK)
        out->query = finalize(&c, &r, &negonly);
    cres_free(&r);
    if (c.status == NX_OK && !out->query) {
        char b[64];
        if (negonly) {
            fail(&c, NX_ERR_QUERY, "a query cannot only exclude terms");
        } else if (c.dropped) {
            nx_qtree_quote(t, c.dropped->start, c.dropped->end, b, sizeof b);
            fail(&c, NX_ERR_QUERY,
                 "'%s' is a common word and is not searched on its own; add other words, "
                 "or put the words in quotes to search them as a phrase", b);
        } else if (t->first_empty) {
            nx_qtree_quote(t, t->first_empty->start, t->first_empty->end, b, sizeof b);
            fail(&c, NX_ERR_QUERY, "'%s' contains no searchable words", b);
        } else {
            fail(&c, NX_ERR_QUERY, "empty query");
        }
    }
    if (c.status != NX_OK)
        nx_parsed_query_free(out);
    return c.status;
}

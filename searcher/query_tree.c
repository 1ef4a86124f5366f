/*
 * query_tree.c — questions answered from a query tree alone, before any
 * index is chosen: how each node matches, and the dates its matches must
 * fall in (for shard pruning, shardmap.c).  The answers follow the
 * compiler's meaning of each construct (query_compile.c) and are tested
 * against it: a wrong date span would silently skip a shard, so every
 * doubt answers "unrestricted".
 */
#include "searcher/query_tree.h"

#include <string.h>

static int is_filter_leaf(const nxq_node *n)
{
    if (n->leaf == NXQ_DATE || n->leaf == NXQ_ID)
        return 1;
    return n->field && n->field->kind == NX_FK_FILTER && n->leaf != NXQ_WILD && n->ntok > 0;
}

int nxq_seq_drops(const nxq_node *item)
{
    return item->kind == NXQ_LEAF && item->stopword;
}

int nxq_is_filter(const nxq_node *n)
{
    switch (n->kind) {
    case NXQ_LEAF:
        return is_filter_leaf(n);
    case NXQ_MOD:
        return n->mod == NXQ_REQUIRE && nxq_is_filter(n->kids[0]);
    case NXQ_SEQ:
    case NXQ_AND: {
        int any = 0;
        for (size_t i = 0; i < n->nkids; i++) {
            if (n->kind == NXQ_SEQ && nxq_seq_drops(n->kids[i]))
                continue;
            if (nxq_is_positive(n->kids[i]))
                return 0;
            any |= nxq_is_filter(n->kids[i]);
        }
        return any;
    }
    case NXQ_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (!nxq_is_filter(n->kids[i]))
                return 0;
        return n->nkids > 0;
    case NXQ_NEAR:
        return 0;
    }
    return 0;
}

int nxq_is_positive(const nxq_node *n)
{
    switch (n->kind) {
    case NXQ_LEAF:
        if (n->leaf == NXQ_WILD)
            return 1;
        return (n->leaf == NXQ_WORD || n->leaf == NXQ_PHRASE) && n->ntok > 0 && !is_filter_leaf(n);
    case NXQ_MOD:
        return n->mod == NXQ_REQUIRE && nxq_is_positive(n->kids[0]);
    case NXQ_SEQ:
    case NXQ_AND:
    case NXQ_OR:
        for (size_t i = 0; i < n->nkids; i++)
            if (!(n->kind == NXQ_SEQ && nxq_seq_drops(n->kids[i])) && nxq_is_positive(n->kids[i]))
                return 1;
        return 0;
    case NXQ_NEAR:
        return 1;
    }
    return 0;
}

const nxq_node *nxq_item_leaf(const nxq_node *n)
{
    if (n->kind == NXQ_MOD && n->mod == NXQ_REQUIRE)
        n = n->kids[0];
    return n->kind == NXQ_LEAF ? n : NULL;
}

/* ---------------------------------------------------------------- dates */

typedef struct span {
    int restricted;
    char lo[NX_DATE_STAMP], hi[NX_DATE_STAMP];   /* "" = open end */
} span;

static span unrestricted(void)
{
    span s;
    memset(&s, 0, sizeof s);
    return s;
}

/* Both must hold: the later start and the earlier end. */
static span meet(span a, span b)
{
    if (!a.restricted)
        return b;
    if (!b.restricted)
        return a;
    if (b.lo[0] && (!a.lo[0] || strcmp(b.lo, a.lo) > 0))
        memcpy(a.lo, b.lo, sizeof a.lo);
    if (b.hi[0] && (!a.hi[0] || strcmp(b.hi, a.hi) < 0))
        memcpy(a.hi, b.hi, sizeof a.hi);
    return a;
}

/* Either may hold: the span covering both (a hull, so conservative). */
static span join(span a, span b)
{
    if (!a.restricted || !b.restricted)
        return unrestricted();
    if (!b.lo[0] || (a.lo[0] && strcmp(b.lo, a.lo) < 0))
        memcpy(a.lo, b.lo, sizeof a.lo);
    if (!b.hi[0] || (a.hi[0] && strcmp(b.hi, a.hi) > 0))
        memcpy(a.hi, b.hi, sizeof a.hi);
    return a;
}

static span span_of(const nxq_node *n);

/* A sequence: its filters restrict it (date: filters of the sequence are
 * alternatives, other filter items each must hold), and so do its
 * positive items, all required ones or else the union of the rest. */
static span seq_span(const nxq_node *n)
{
    span dates = unrestricted(), filters = unrestricted(), req = unrestricted(), opt = unrestricted();
    int ndates = 0, nreq = 0, nopt = 0;
    for (size_t i = 0; i < n->nkids; i++) {
        const nxq_node *k = n->kids[i];
        const nxq_node *leaf = nxq_item_leaf(k);
        if (nxq_seq_drops(k))
            continue;
        if (nxq_is_filter(k)) {
            if (leaf && leaf->leaf == NXQ_DATE) {
                dates = ndates++ ? join(dates, span_of(leaf)) : span_of(leaf);
            } else {
                filters = meet(filters, span_of(k));
            }
        } else if (nxq_is_positive(k)) {
            if (k->kind == NXQ_MOD) {
                req = nreq++ ? meet(req, span_of(k)) : span_of(k);
            } else {
                opt = nopt++ ? join(opt, span_of(k)) : span_of(k);
            }
        }
    }
    span s = meet(dates, filters);
    return meet(s, nreq ? req : nopt ? opt : unrestricted());
}

static span span_of(const nxq_node *n)
{
    span s = unrestricted();
    switch (n->kind) {
    case NXQ_LEAF:
        if (n->leaf == NXQ_DATE) {
            s.restricted = 1;
            memcpy(s.lo, n->lo, sizeof s.lo);
            memcpy(s.hi, n->hi, sizeof s.hi);
        }
        return s;
    case NXQ_MOD:
        return n->mod == NXQ_REQUIRE ? span_of(n->kids[0]) : s;
    case NXQ_SEQ:
        return seq_span(n);
    case NXQ_AND:
        for (size_t i = 0; i < n->nkids; i++)
            if (!(n->kids[i]->kind == NXQ_MOD && n->kids[i]->mod == NXQ_EXCLUDE))
                s = meet(s, span_of(n->kids[i]));
        return s;
    case NXQ_OR:
        for (size_t i = 0; i < n->nkids; i++)
            s = i ? join(s, span_of(n->kids[i])) : span_of(n->kids[i]);
        return s;
    case NXQ_NEAR:
        return s;
    }
    return s;
}

int nx_qtree_date_span(const nx_qtree *t, char lo[NX_DATE_STAMP], char hi[NX_DATE_STAMP])
{
    span s = t && t->root ? span_of(t->root) : unrestricted();
    memcpy(lo, s.lo, NX_DATE_STAMP);
    memcpy(hi, s.hi, NX_DATE_STAMP);
    if (!s.restricted)
        lo[0] = hi[0] = '\0';
    return s.restricted;
}

/*
 * query_tree.h — the newsidx query language, read into a tree without the
 * index (query_read.c), analysed on the tree (query_tree.c), then bound to
 * an index by the compiler (query_compile.c).  As in SQLite FTS5, where
 * sqlite3Fts5ExprNew parses with no index at hand and the expression is
 * bound later, one reading serves every question asked before the search:
 * which date shards a query can touch, and then what to ask Xapian.
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
 * Phrase quotes are the straight " and the typographic “ ” „ ‟ « »: text
 * pasted from a word processor or a web page means the same.
 *
 * Words are analysed by the shared tokenizer and stemmer as the indexer
 * analyses text, so each leaf carries its tokens' casefolded forms and
 * index terms.  What the leaves mean is the compiler's business
 * (query_compile.c has the match-set contract).
 *
 * Ownership: nx_qtree owns every node and string in it (one arena); free
 * with nx_qtree_free.  A tree is read-only once built: analyses and any
 * number of compilations may use it.
 */
#ifndef NX_QUERY_TREE_H
#define NX_QUERY_TREE_H

#include <stddef.h>

#include "newsidx.h"
#include "analysis/stem.h"
#include "analysis/stopwords.h"
#include "lib/date.h"
#include "lib/schema.h"

#define NX_QUERY_MAX_BYTES 8192   /* longer queries are refused with a message */
#define NX_QUERY_MAX_DEPTH 32     /* parenthesis nesting */
#define NX_QUERY_MAX_TERMS 256    /* leaf terms */
#define NX_NEAR_DEFAULT 10        /* "a NEAR b": at most this many words between */
#define NX_NEAR_MAX 1000

typedef enum nxq_kind { NXQ_LEAF, NXQ_SEQ, NXQ_AND, NXQ_OR, NXQ_NEAR, NXQ_MOD } nxq_kind;
typedef enum nxq_leaf { NXQ_WORD, NXQ_PHRASE, NXQ_WILD, NXQ_DATE, NXQ_ID } nxq_leaf;
typedef enum nxq_mod { NXQ_REQUIRE, NXQ_EXCLUDE } nxq_mod;

typedef struct nxq_node {
    nxq_kind kind;
    /* leaves */
    nxq_leaf leaf;
    const nx_field_def *field;   /* NULL: plain text (body and headline) */
    size_t start, end;           /* the leaf's bytes in the query */
    size_t ntok;                 /* tokens of a word or phrase */
    char **norm;                 /* casefolded token texts */
    char **key;                  /* index terms without prefix (stems) */
    unsigned *flags;             /* NX_TOK_* */
    size_t *ts, *te;             /* token spans in the query */
    int stopword;                /* a one-token plain word on the stop list (nxq_seq_drops) */
    char *value;                 /* wildcard: the casefolded prefix; id: as typed */
    char lo[NX_DATE_STAMP], hi[NX_DATE_STAMP];  /* date: bounds, "" for an open end */
    /* inner nodes */
    struct nxq_node **kids;
    size_t nkids;
    unsigned window;             /* NEAR */
    nxq_mod mod;                 /* MOD */
} nxq_node;

typedef struct nx_qtree {
    nxq_node *root;              /* always a SEQ */
    const char *text;            /* the query as read (controls as spaces) */
    size_t len;
    const nxq_node *first_empty; /* first leaf with no searchable word, for the message */
    void **arena;
    size_t narena, caparena;
} nx_qtree;

/* Reads text with stemmer st; stop (may be NULL) marks the function words
 * a plain query leaves out.  On failure returns NX_ERR_QUERY (or
 * NX_ERR_NOMEM, NX_ERR_INVALID) and writes one line into err (errsz
 * bytes), quoting the user's text. */
nx_status nx_query_read(const char *text, nx_stemmer *st, const nx_stopwords *stop,
                        nx_qtree **out, char *err, size_t errsz);
void nx_qtree_free(nx_qtree *t);

/* How a node matches, one answer for the compiler and every analysis:
 * a filter restricts without weight (date:, id:, label fields, and groups
 * of those only); a positive node brings ranked matches (words, phrases,
 * wildcards, NEAR, and groups with any of those); an exclusion (-x, NOT x)
 * is neither. */
int nxq_is_filter(const nxq_node *n);
int nxq_is_positive(const nxq_node *n);
/* A function word standing alone in a sequence ("of" in "Bank of
 * England", "the" in "the oil"): the sequence leaves it out.  Under AND,
 * OR, NEAR, +, - and in quotes it counts. */
int nxq_seq_drops(const nxq_node *item);
/* The leaf a SEQ item stands for when it is one (a leaf, or +leaf), else
 * NULL: filters on the same field of one sequence are alternatives. */
const nxq_node *nxq_item_leaf(const nxq_node *n);

/* The dates every match of the query must fall in, from its date:
 * filters (conservatively: anything in doubt counts as unrestricted).
 * Returns 1 and the inclusive NX_SLOT_DATE bounds ("" for an open end)
 * when the query restricts dates, 0 when it does not. */
int nx_qtree_date_span(const nx_qtree *t, char lo[NX_DATE_STAMP], char hi[NX_DATE_STAMP]);

/* Copies the user's text of [s, e) into buf for a message: valid UTF-8
 * only, cut with "..." past a few dozen bytes. */
void nx_qtree_quote(const nx_qtree *t, size_t s, size_t e, char *buf, size_t bsz);

#endif

/*
 * docbuild.c — article -> Xapian document (layout in lib/schema.h).
 */
#include "indexer/docbuild.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/coref.h"
#include "analysis/names.h"
#include "analysis/tokenize.h"
#include "indexer/dupgroup.h"
#include "indexer/reader.h"
#include "indexer/spelling.h"
#include "lib/article.h"
#include "lib/core.h"
#include "lib/date.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "lib/terms.h"

/* Labels in a list field are this many positions apart, so a phrase never
 * spans two labels. */
#define NX_LABEL_GAP 50

/* The names of the article being built, for the stored data: display,
 * key and description (analysis/coref.h) of each, most salient first. */
typedef struct name_set {
    char **disp, **key, **info;
    size_t n, cap;
} name_set;

struct nx_docbuilder {
    nx_stemmer *st;
    nx_namefind_opts names_opts; /* the name rules of the index language */
    nx_toklist tl, tl_title;    /* body (and other fields), headline */
    nx_article_names an;
    nx_buf term;
    name_set names;
    nx_spellacc *spell;     /* words waiting for the spelling dictionary */
    xc_db *spell_db;        /* where they go */
    unsigned long flushes;  /* times they went */
    nx_dupgroups *dups;     /* this run's copy groups (indexer/dupgroup.h) */
};

/* Past this many distinct words the accumulator is handed to Xapian even
 * before the writer's commit asks for it, to bound memory. */
#define NX_SPELL_FLUSH_WORDS 200000

/* Per-article cap: enough for any story, bounded for pathological input. */
#define NX_MAX_STORED_NAMES 200

static void name_set_reset(name_set *ns)
{
    for (size_t i = 0; i < ns->n; i++) {
        free(ns->disp[i]);
        free(ns->key[i]);
        free(ns->info[i]);
    }
    ns->n = 0;
}

static void name_set_free(name_set *ns)
{
    name_set_reset(ns);
    free(ns->disp);
    free(ns->key);
    free(ns->info);
}

/* Takes info (malloc'd) whatever happens. */
static int name_set_add(name_set *ns, const char *disp, const char *key, char *info)
{
    if (!info)
        return -1;
    if (ns->n == ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 16;
        char **d = realloc(ns->disp, nc * sizeof *d);
        if (d)
            ns->disp = d;
        char **k = d ? realloc(ns->key, nc * sizeof *k) : NULL;
        if (k)
            ns->key = k;
        char **in = k ? realloc(ns->info, nc * sizeof *in) : NULL;
        if (!in) {
            free(info);
            return -1;
        }
        ns->info = in;
        ns->cap = nc;
    }
    char *dd = strdup(disp), *kk = strdup(key);
    if (!dd || !kk) {
        free(dd);
        free(kk);
        free(info);
        return -1;
    }
    ns->disp[ns->n] = dd;
    ns->key[ns->n] = kk;
    ns->info[ns->n] = info;
    ns->n++;
    return 0;
}

nx_status nx_docbuilder_new(nx_stemmer *st, nx_docbuilder **out)
{
    *out = NULL;
    nx_docbuilder *b = calloc(1, sizeof *b);
    if (!b)
        return NX_ERR_NOMEM;
    b->st = st;
    b->names_opts.lang = nx_names_lang_for(nx_stemmer_language(st));
    if (nx_spellacc_new(&b->spell) != NX_OK || nx_dupgroups_new(&b->dups) != NX_OK) {
        nx_spellacc_free(b->spell);
        free(b);
        return NX_ERR_NOMEM;
    }
    nx_toklist_init(&b->tl);
    nx_toklist_init(&b->tl_title);
    nx_article_names_init(&b->an);
    *out = b;
    return NX_OK;
}

void nx_docbuilder_free(nx_docbuilder *b)
{
    if (!b)
        return;
    nx_toklist_free(&b->tl);
    nx_toklist_free(&b->tl_title);
    nx_article_names_free(&b->an);
    nx_buf_free(&b->term);
    nx_spellacc_free(b->spell);
    nx_dupgroups_unref(b->dups);
    name_set_free(&b->names);
    free(b);
}

/* Adds prefix+term for every token of text (tokenised into tl),
 * positions from base+1. Returns the number of tokens, or -1 on failure. */
static long add_text_in(nx_docbuilder *b, nx_toklist *tl, xc_doc *doc, const char *prefix,
                        const char *text, unsigned base, int also_unprefixed, int spell)
{
    tl->n = 0;
    if (!text || !*text)
        return 0;
    if (nx_tokenize(text, strlen(text), tl) != NX_OK)
        return -1;
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < tl->n; i++) {
        const nx_token *t = &tl->tok[i];
        size_t tlen;
        uint64_t *memo = NULL;
        const char *term = nx_term_for_token_memo(b->st, nx_tok_text(tl, i), t->norm_len, t->flags,
                                                  &tlen, spell ? &memo : NULL);
        if (!term)
            return -1;
        unsigned pos = base + t->pos + 1;
        if (plen) {
            if (nx_buf_set(&b->term, prefix, plen, term, tlen) != 0 ||
                xc_doc_add_posting(doc, b->term.p, b->term.len, pos, 1) != XC_OK)
                return -1;
        }
        if (also_unprefixed && xc_doc_add_posting(doc, term, tlen, pos, 1) != XC_OK)
            return -1;
        if (spell && !(t->flags & (NX_TOK_NUMBER | NX_TOK_ABBREV)) && t->norm_len >= 3 &&
            t->norm_len <= 40 && !(t->flags & NX_TOK_ALLCAPS))
            if (nx_spellacc_add_memo(b->spell, nx_tok_text(tl, i), t->norm_len, memo) != 0)
                return -1;
    }
    return (long)tl->n;
}

static long add_text(nx_docbuilder *b, xc_doc *doc, const char *prefix, const char *text,
                     unsigned base, int also_unprefixed, int spell)
{
    return add_text_in(b, &b->tl, doc, prefix, text, base, also_unprefixed, spell);
}

/* The terms of one name form: its key as an XN whole-name term and, for a
 * single word, in the spelling dictionary.  Suggestions are made word by
 * word, so a multi-word name in the dictionary could never be offered
 * (an all-caps one such as "OPEC" is not among the body words). */
static int add_name_key(nx_docbuilder *b, xc_doc *doc, const char *key, int spell)
{
    char full[256];
    nx_value_term(NX_PFX_NAMEFULL, key, full, sizeof full);
    if (xc_doc_add_term(doc, full, strlen(full), 1) != XC_OK)
        return -1;
    if (spell && !strchr(key, ' ') && strlen(key) <= 60 && nx_spellacc_add(b->spell, key, strlen(key)) != 0)
        return -1;
    return 0;
}

static int by_salience(const void *x, const void *y, const nx_article_names *an)
{
    size_t i = *(const size_t *)x, j = *(const size_t *)y;
    double a = an->ent[i].salience, c = an->ent[j].salience;
    if (a != c)
        return a > c ? -1 : 1;
    return i < j ? -1 : i > j;
}

/* Names of the headline (tokenised into b->tl_title) and body (b->tl),
 * grouped into one entry per name (analysis/coref.h): N part terms and XN
 * whole-name terms of every mention kept, XN terms of each name's full
 * key, and the stored list.  N terms carry no positions: the plain terms
 * at the same places already do, and the query side takes a name's word
 * order from them (searcher/query_compile.c, q_name).  Positions on N terms cost
 * 7% of the indexing time on Reuters. */
static int add_names(nx_docbuilder *b, xc_doc *doc, const nx_article *a, int spell)
{
    nx_names_input in[NX_NSEGS] = {
        { a->title, a->title ? strlen(a->title) : 0, &b->tl_title },
        { a->body, a->body ? strlen(a->body) : 0, &b->tl },
    };
    nx_article_names *an = &b->an;
    if (nx_article_names_find(an, in, &b->names_opts) != NX_OK)
        return -1;
    for (int sg = 0; sg < NX_NSEGS; sg++) {
        const nx_namelist *nl = &an->nl[sg];
        const nx_toklist *tl = in[sg].tl;
        for (size_t i = 0; i < nl->n; i++) {
            if (an->ent_of[sg][i] < 0)
                continue;
            const nx_name *nm = &nl->v[i];
            for (size_t k = 0; k < nm->ntok; k++) {
                size_t ti = nm->first_tok + k;
                if (nx_buf_set(&b->term, NX_PFX_NAME, strlen(NX_PFX_NAME), nx_tok_text(tl, ti),
                               tl->tok[ti].norm_len) != 0 ||
                    xc_doc_add_term(doc, b->term.p, b->term.len, 1) != XC_OK)
                    return -1;
            }
            if (add_name_key(b, doc, nx_name_key(nl, i), spell && sg == NX_SEG_BODY) != 0)
                return -1;
        }
    }
    /* the stored list, most salient first, at most NX_MAX_STORED_NAMES */
    size_t n = an->nent, *order = malloc((n ? n : 1) * sizeof *order);
    if (!order)
        return -1;
    for (size_t i = 0; i < n; i++)
        order[i] = i;
    for (size_t i = 1; i < n; i++)      /* insertion sort: a story has few names */
        for (size_t j = i; j > 0 && by_salience(&order[j], &order[j - 1], an) < 0; j--) {
            size_t t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
    int rc = 0;
    for (size_t r = 0; r < n && r < NX_MAX_STORED_NAMES && rc == 0; r++) {
        size_t i = order[r];
        const char *key = nx_entity_str(an, an->ent[i].key_off);
        rc = add_name_key(b, doc, key, 0) != 0 ||
             name_set_add(&b->names, nx_entity_str(an, an->ent[i].disp_off), key, nx_name_info_format(an, i)) != 0;
    }
    free(order);
    return rc ? -1 : 0;
}

static int add_list(nx_docbuilder *b, xc_doc *doc, const char *prefix, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && add_text(b, doc, prefix, v[i], (unsigned)(i * NX_LABEL_GAP), 0, 0) < 0)
            return -1;
    return 0;
}

/* The fields indexed under their prefix only (title and body, positional
 * and unprefixed too, are built above them), and the label lists, one
 * label every NX_LABEL_GAP positions. */
static const struct { nx_field f; const char *prefix; } field_terms[] = {
    { NX_FIELD_BYLINE, NX_PFX_AUTHOR }, { NX_FIELD_SOURCE, NX_PFX_SOURCE },
    { NX_FIELD_SECTION, NX_PFX_SECTION }, { NX_FIELD_DATELINE, NX_PFX_PLACE },
};
static const struct { nx_list l; const char *prefix; } list_terms[] = {
    { NX_LIST_TAGS, NX_PFX_TOPIC }, { NX_LIST_PLACES, NX_PFX_PLACE },
    { NX_LIST_PEOPLE, NX_PFX_PERSON }, { NX_LIST_ORGS, NX_PFX_ORG },
};

/* The date goes in values only: date: filters and sorting read
 * NX_SLOT_DATE, recency NX_SLOT_DAYS.  Day, month and year terms, which
 * nothing read, cost 3% of the indexing time. */
static int add_dates(xc_doc *doc, const char *norm)
{
    /* norm is "YYYY-MM-DDTHH:MM:SSZ" */
    char slot[NX_DATE_STAMP];
    nx_date_stamp(norm, slot);
    if (xc_doc_add_value(doc, NX_SLOT_DATE, slot, 14) != XC_OK)
        return -1;
    char ser[32];
    size_t serlen;
    if (xc_sortable_serialise((double)nx_days_from_date(norm), ser, &serlen) != XC_OK ||
        xc_doc_add_value(doc, NX_SLOT_DAYS, ser, serlen) != XC_OK)
        return -1;
    return 0;
}

nx_status nx_docbuilder_flush_spelling(nx_docbuilder *b)
{
    if (!b || !b->spell_db || !nx_spellacc_size(b->spell))
        return NX_OK;
    b->flushes++;
    xc_status xs = nx_spellacc_flush(b->spell, b->spell_db);
    return nx_status_from_xc(xs);
}

unsigned long nx_docbuilder_spelling_flushes(const nx_docbuilder *b) { return b ? b->flushes : 0; }

nx_spellacc *nx_docbuilder_spelling(nx_docbuilder *b) { return b->spell; }

void nx_docbuilder_share_dups(nx_docbuilder *b, nx_docbuilder *from)
{
    nx_dupgroups_unref(b->dups);
    b->dups = nx_dupgroups_ref(from->dups);
}

int nx_docbuilder_spelling_delta(nx_docbuilder *b, nx_buf *out)
{
    return nx_spellacc_take_delta(b->spell, out);
}

int nx_docbuilder_spelling_load(nx_docbuilder *b, xc_db *db, const char *blob, size_t len)
{
    if (!b->spell_db)
        b->spell_db = db;
    return nx_spellacc_load(b->spell, blob, len);
}

/* An id as messages show it: its first 100 bytes, so that a huge id
 * cannot push the reason off the end of a message. */
#define ID_FMT "'%.100s%s'"
#define ID_ARGS(id) (id), strlen(id) > 100 ? "…" : ""

nx_status nx_article_check_size(const nx_article *a, char *err)
{
    size_t total = nx_article_text_bytes(a);
    if (total <= NX_MAX_ARTICLE_BYTES)
        return NX_OK;
    nx_seterr(err, "article " ID_FMT " is too large: %.1f MiB of text, the limit for one article "
              "is %u MiB; skipped", ID_ARGS(a->id ? a->id : ""),
              (double)total / (1024.0 * 1024.0), NX_MAX_ARTICLE_BYTES >> 20);
    return NX_ERR_FORMAT;
}

nx_status nx_build_document(nx_docbuilder *b, const nx_article *a, xc_db *spell_db, xc_doc **out, char *err)
{
    /* Words counted for another database go there first. */
    if (b->spell_db != spell_db || nx_spellacc_size(b->spell) > NX_SPELL_FLUSH_WORDS)
        nx_docbuilder_flush_spelling(b);
    b->spell_db = spell_db;
    int spell = spell_db != NULL;
    *out = NULL;
    if (!a || !a->id || !*a->id) {
        nx_seterr(err, "article has no id");
        return NX_ERR_INVALID;
    }
    xc_doc *doc;
    if (xc_doc_new(&doc) != XC_OK) {
        nx_seterr(err, "cannot create document: %s", xc_errmsg());
        return NX_ERR_NOMEM;
    }
    char datebuf[32] = "";
    const char *date_norm = NULL;
    if (a->date && *a->date) {
        if (nx_normalise_date(a->date, datebuf, sizeof datebuf))
            date_norm = datebuf;
    }

    int fail = 0;
    long ntitle = 0;
    name_set_reset(&b->names);
    ntitle = add_text_in(b, &b->tl_title, doc, NX_PFX_TITLE, a->title, 0, 1, spell);
    fail |= ntitle < 0;
    if (!fail) {
        unsigned base = (unsigned)(ntitle > 0 ? ntitle : 0) + NX_TITLE_BODY_GAP;
        fail |= add_text(b, doc, "", a->body, base, 1, spell) < 0 || add_names(b, doc, a, spell) != 0;
    }
    for (size_t i = 0; !fail && i < sizeof field_terms / sizeof *field_terms; i++)
        fail |= add_text(b, doc, field_terms[i].prefix, nx_article_field(a, field_terms[i].f), 0, 0, 0) < 0;
    for (size_t i = 0; !fail && i < sizeof list_terms / sizeof *list_terms; i++) {
        const char *const *v;
        size_t n = nx_article_list(a, list_terms[i].l, &v);
        fail |= add_list(b, doc, list_terms[i].prefix, v, n) != 0;
    }
    char term[300];
    if (!fail) {
        nx_id_term(a->id, term, sizeof term);
        fail |= xc_doc_add_boolean_term(doc, term, strlen(term)) != XC_OK;
    }
    if (!fail && a->path && *a->path) {
        nx_file_term(a->path, term, sizeof term);
        fail |= xc_doc_add_boolean_term(doc, term, strlen(term)) != XC_OK;
    }
    if (!fail && a->source && *a->source) {
        nx_value_term(NX_PFX_SOURCE_EXACT, a->source, term, sizeof term);
        fail |= xc_doc_add_boolean_term(doc, term, strlen(term)) != XC_OK;
    }
    if (!fail && date_norm)
        fail |= add_dates(doc, date_norm) != 0;
    /* issue 22: the copy group, so a search shows one story once */
    nx_status dst = fail ? NX_OK : nx_dup_mark(b->dups, &b->tl, spell_db, a, doc, err);
    if (dst != NX_OK) {
        xc_doc_free(doc);
        return dst;
    }
    if (fail) {
        nx_seterr(err, "cannot build the document for article " ID_FMT ": %s", ID_ARGS(a->id),
                  *xc_errmsg() ? xc_errmsg() : "out of memory");
        xc_doc_free(doc);
        return NX_ERR_NOMEM;
    }
    size_t dlen;
    errno = 0;
    char *data = nx_stored_encode(a, date_norm, (const char *const *)b->names.disp,
                                  (const char *const *)b->names.key, (const char *const *)b->names.info,
                                  b->names.n, &dlen);
    if (!data) {
        /* The encoder refuses bad UTF-8 and fails on allocation: say which. */
        int nomem = errno == ENOMEM;
        if (nomem)
            nx_seterr(err, "cannot store article " ID_FMT ": out of memory", ID_ARGS(a->id));
        else
            nx_seterr(err, "article " ID_FMT " has text that is not valid UTF-8", ID_ARGS(a->id));
        xc_doc_free(doc);
        return nomem ? NX_ERR_NOMEM : NX_ERR_INVALID;
    }
    xc_status xs = xc_doc_add_value(doc, NX_SLOT_RECORD, data, dlen);
    free(data);
    if (xs != XC_OK) {
        nx_seterr(err, "cannot store article " ID_FMT ": %s", ID_ARGS(a->id), xc_errmsg());
        xc_doc_free(doc);
        return nx_status_from_xc(xs);
    }
    *out = doc;
    return NX_OK;
}

/*
 * docbuild.c — article -> Xapian document (layout in lib/schema.h).
 */
#include "indexer/docbuild.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/names.h"
#include "analysis/tokenize.h"
#include "indexer/dupgroup.h"
#include "indexer/reader.h"
#include "indexer/spelling.h"
#include "lib/core.h"
#include "lib/date.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "lib/terms.h"

/* Labels in a list field are this many positions apart, so a phrase never
 * spans two labels. */
#define NX_LABEL_GAP 50

/* Distinct names of the article being built, for the stored data. */
typedef struct name_set {
    char **disp, **key;
    size_t n, cap;
} name_set;

struct nx_docbuilder {
    nx_stemmer *st;
    nx_toklist tl;
    nx_namelist nl;
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
    }
    ns->n = 0;
}

static int name_set_add(name_set *ns, const char *disp, const char *key)
{
    for (size_t i = 0; i < ns->n; i++)
        if (!strcmp(ns->key[i], key)) {
            /* "Paris" later in the story is the better spelling of the
             * dateline's "PARIS". */
            if (nx_is_shouted(ns->disp[i]) && !nx_is_shouted(disp)) {
                char *d = strdup(disp);
                if (!d)
                    return -1;
                free(ns->disp[i]);
                ns->disp[i] = d;
            }
            return 0;
        }
    if (ns->n >= NX_MAX_STORED_NAMES)
        return 0;
    if (ns->n == ns->cap) {
        size_t nc = ns->cap ? ns->cap * 2 : 16;
        char **d = realloc(ns->disp, nc * sizeof *d);
        if (!d)
            return -1;
        ns->disp = d;
        char **k = realloc(ns->key, nc * sizeof *k);
        if (!k)
            return -1;
        ns->key = k;
        ns->cap = nc;
    }
    char *dd = strdup(disp), *kk = strdup(key);
    if (!dd || !kk) {
        free(dd);
        free(kk);
        return -1;
    }
    ns->disp[ns->n] = dd;
    ns->key[ns->n] = kk;
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
    if (nx_spellacc_new(&b->spell) != NX_OK || nx_dupgroups_new(&b->dups) != NX_OK) {
        nx_spellacc_free(b->spell);
        free(b);
        return NX_ERR_NOMEM;
    }
    nx_toklist_init(&b->tl);
    nx_namelist_init(&b->nl);
    *out = b;
    return NX_OK;
}

void nx_docbuilder_free(nx_docbuilder *b)
{
    if (!b)
        return;
    nx_toklist_free(&b->tl);
    nx_namelist_free(&b->nl);
    nx_buf_free(&b->term);
    nx_spellacc_free(b->spell);
    nx_dupgroups_unref(b->dups);
    name_set_reset(&b->names);
    free(b->names.disp);
    free(b->names.key);
    free(b);
}

/* Adds prefix+term for every token of text, positions from base+1. Returns
 * the number of tokens, or -1 on failure. */
static long add_text(nx_docbuilder *b, xc_doc *doc, const char *prefix, const char *text,
                     unsigned base, int also_unprefixed, int spell)
{
    if (!text || !*text)
        return 0;
    if (nx_tokenize(text, strlen(text), &b->tl) != NX_OK)
        return -1;
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < b->tl.n; i++) {
        const nx_token *t = &b->tl.tok[i];
        size_t tlen;
        uint64_t *memo = NULL;
        const char *term = nx_term_for_token_memo(b->st, nx_tok_text(&b->tl, i), t->norm_len, t->flags,
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
            if (nx_spellacc_add_memo(b->spell, nx_tok_text(&b->tl, i), t->norm_len, memo) != 0)
                return -1;
    }
    return (long)b->tl.n;
}

/* Names found in text (already tokenised into b->tl): N part terms and XN
 * whole-name terms.  N terms carry no positions: the plain terms at the
 * same places already do, and the query side takes a name's word order
 * from them (searcher/query.c, q_name).  Positions on N terms cost 7% of
 * the indexing time on Reuters. */
static int add_names(nx_docbuilder *b, xc_doc *doc, const char *text, int spell)
{
    if (nx_find_names(text, strlen(text), &b->tl, &b->nl) != NX_OK)
        return -1;
    for (size_t i = 0; i < b->nl.n; i++) {
        const nx_name *nm = &b->nl.v[i];
        for (size_t k = 0; k < nm->ntok; k++) {
            size_t ti = nm->first_tok + k;
            const nx_token *t = &b->tl.tok[ti];
            if (nx_buf_set(&b->term, NX_PFX_NAME, strlen(NX_PFX_NAME), nx_tok_text(&b->tl, ti), t->norm_len) != 0 ||
                xc_doc_add_term(doc, b->term.p, b->term.len, 1) != XC_OK)
                return -1;
        }
        const char *key = nx_name_key(&b->nl, i);
        if (name_set_add(&b->names, nx_name_display(&b->nl, i), key) != 0)
            return -1;
        char full[256];
        nx_value_term(NX_PFX_NAMEFULL, key, full, sizeof full);
        if (xc_doc_add_term(doc, full, strlen(full), 1) != XC_OK)
            return -1;
        /* Suggestions are made word by word, so a multi-word name in the
         * dictionary could never be offered: only single words go in (an
         * all-caps one such as "OPEC" is not among the body words). */
        if (spell && !strchr(key, ' ') && strlen(key) <= 60 &&
            nx_spellacc_add(b->spell, key, strlen(key)) != 0)
            return -1;
    }
    return 0;
}

static int add_list(nx_docbuilder *b, xc_doc *doc, const char *prefix, const char *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (v[i] && add_text(b, doc, prefix, v[i], (unsigned)(i * NX_LABEL_GAP), 0, 0) < 0)
            return -1;
    return 0;
}

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

/* A surname alone ("Starmer") after the full name ("Keir Starmer") in the
 * same article is the same person: keep only the full name in the stored
 * list, so the names view counts people once.  The N terms stay, so
 * "Starmer" alone still finds the article. */
static void fold_short_names(name_set *ns)
{
    /* Mark first, then free and compact: the comparisons need every key. */
    char folded[NX_MAX_STORED_NAMES] = { 0 };
    for (size_t i = 0; i < ns->n; i++) {
        if (strchr(ns->key[i], ' '))
            continue;
        size_t kl = strlen(ns->key[i]);
        for (size_t j = 0; j < ns->n && !folded[i]; j++) {
            size_t jl = strlen(ns->key[j]);
            folded[i] = j != i && jl > kl + 1 && ns->key[j][jl - kl - 1] == ' ' &&
                        !strcmp(ns->key[j] + jl - kl, ns->key[i]);
        }
    }
    size_t keep = 0;
    for (size_t i = 0; i < ns->n; i++) {
        if (folded[i]) {
            free(ns->disp[i]);
            free(ns->key[i]);
        } else {
            ns->disp[keep] = ns->disp[i];
            ns->key[keep] = ns->key[i];
            keep++;
        }
    }
    ns->n = keep;
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

static size_t text_bytes(const char *const *v, size_t n)
{
    size_t t = 0;
    for (size_t i = 0; v && i < n; i++)
        t += v[i] ? strlen(v[i]) : 0;
    return t;
}

nx_status nx_article_check_size(const nx_article *a, char *err)
{
    const char *f[] = { a->id, a->title, a->body, a->byline, a->dateline, a->date,
                        a->source, a->section, a->url, a->path };
    size_t total = text_bytes(f, sizeof f / sizeof *f) + text_bytes(a->tags, a->n_tags) +
                   text_bytes(a->people, a->n_people) + text_bytes(a->places, a->n_places) +
                   text_bytes(a->orgs, a->n_orgs);
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
    if (a->title) {
        ntitle = add_text(b, doc, NX_PFX_TITLE, a->title, 0, 1, spell);
        fail |= ntitle < 0 || add_names(b, doc, a->title, 0) != 0;
    }
    if (!fail && a->body) {
        unsigned base = (unsigned)(ntitle > 0 ? ntitle : 0) + NX_TITLE_BODY_GAP;
        fail |= add_text(b, doc, "", a->body, base, 1, spell) < 0 ||
                add_names(b, doc, a->body, spell) != 0;
    }
    if (!fail) {
        fail |= add_text(b, doc, NX_PFX_AUTHOR, a->byline, 0, 0, 0) < 0 ||
                add_text(b, doc, NX_PFX_SOURCE, a->source, 0, 0, 0) < 0 ||
                add_text(b, doc, NX_PFX_SECTION, a->section, 0, 0, 0) < 0 ||
                add_text(b, doc, NX_PFX_PLACE, a->dateline, 0, 0, 0) < 0 ||
                add_list(b, doc, NX_PFX_TOPIC, a->tags, a->n_tags) != 0 ||
                add_list(b, doc, NX_PFX_PLACE, a->places, a->n_places) != 0 ||
                add_list(b, doc, NX_PFX_PERSON, a->people, a->n_people) != 0 ||
                add_list(b, doc, NX_PFX_ORG, a->orgs, a->n_orgs) != 0;
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
    fold_short_names(&b->names);
    size_t dlen;
    errno = 0;
    char *data = nx_stored_encode(a, date_norm, (const char *const *)b->names.disp,
                                  (const char *const *)b->names.key, b->names.n, &dlen);
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

/*
 * dupgroup.c — copy groups at index time (dupgroup.h says what and why).
 */
#include "indexer/dupgroup.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/dupsig.h"
#include "lib/core.h"
#include "lib/date.h"
#include "lib/schema.h"
#include "lib/terms.h"

/* Candidates read from the database per band: near copies of one story
 * are a handful; a band shared by more is not worth reading further. */
#define NX_DUP_DB_CANDIDATES 32
/* Copies of one story (repeats, corrections, updates) are filed within
 * hours of each other; two dated articles further apart are different news
 * however alike their words: Reuters' daily "FED ADDS RESERVES VIA
 * CUSTOMER REPURCHASES" 24 hours apart, weekly "ELECTRIC OUTPUT UP 3.2
 * PCT" and "UP 2.4 PCT", money-market and price reports (bench/RESULTS.md).
 * Identical articles are grouped whatever their dates. */
#define NX_DUP_MAX_MINUTES (18 * 60)
/* Short texts need more agreement: one changed figure in a 15-word price
 * report ("JOLIET HOGS UP 1.00 DLR" and "ST JOSEPH HOGS OPEN UP 1.00 DLR",
 * 13 of 16 values) changes a third of its shingles, and sixteen values
 * estimate that coarsely: among 300 templated 17-word reports differing in
 * two numbers (similarity about 0.5) four reached 13-14 of 16 by chance. */
#define NX_DUP_SHORT_WORDS 50
#define NX_DUP_SHORT_MIN_EQUAL 15
#define NO_DATE INT64_MIN

typedef struct dup_entry {
    uint64_t key;
    uint64_t exact;         /* nx_dupsig.exact */
    int64_t minutes;        /* since 1970, NO_DATE when undated */
    uint32_t words;
    nx_dupshort s;
} dup_entry;

typedef struct seen_db {
    const xc_db *db;
    int empty;
} seen_db;

/* This run's articles: entries, and for each entry NX_DUP_BANDS records
 * (record r belongs to entry r / NX_DUP_BANDS, band r % NX_DUP_BANDS) in
 * a chained hash table on the band key's top 32 bits; a chance match of
 * those bits is caught by comparing the signatures. */
struct nx_dupgroups {
    pthread_mutex_t mu;
    unsigned refs;
    dup_entry *e;
    size_t n, cap;
    uint32_t *band, *next;   /* per record; next is a record index + 1 */
    uint32_t *head;          /* per bucket: a record index + 1, 0 = none */
    size_t nb;               /* buckets, a power of two */
    seen_db *seen;
    size_t nseen, capseen;
};

nx_status nx_dupgroups_new(nx_dupgroups **out)
{
    nx_dupgroups *g = calloc(1, sizeof *g);
    *out = NULL;
    if (!g)
        return NX_ERR_NOMEM;
    if (pthread_mutex_init(&g->mu, NULL) != 0) {
        free(g);
        return NX_ERR_NOMEM;
    }
    g->refs = 1;
    *out = g;
    return NX_OK;
}

nx_dupgroups *nx_dupgroups_ref(nx_dupgroups *g)
{
    if (g) {
        pthread_mutex_lock(&g->mu);
        g->refs++;
        pthread_mutex_unlock(&g->mu);
    }
    return g;
}

void nx_dupgroups_unref(nx_dupgroups *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->mu);
    unsigned left = --g->refs;
    pthread_mutex_unlock(&g->mu);
    if (left)
        return;
    pthread_mutex_destroy(&g->mu);
    free(g->e);
    free(g->band);
    free(g->next);
    free(g->head);
    free(g->seen);
    free(g);
}

static size_t bucket_of(const nx_dupgroups *g, uint32_t band, unsigned b)
{
    return (size_t)((band ^ (b * 0x9e3779b9u)) * 2654435761u) & (g->nb - 1);
}

/* Room for one more entry; rebuilds the buckets when they fill. */
static int grow(nx_dupgroups *g)
{
    if (g->n == g->cap) {
        size_t nc = g->cap ? g->cap * 2 : 1024;
        dup_entry *e = realloc(g->e, nc * sizeof *e);
        if (!e)
            return -1;
        g->e = e;
        uint32_t *band = realloc(g->band, nc * NX_DUP_BANDS * sizeof *band);
        if (!band)
            return -1;
        g->band = band;
        uint32_t *next = realloc(g->next, nc * NX_DUP_BANDS * sizeof *next);
        if (!next)
            return -1;
        g->next = next;
        g->cap = nc;
    }
    if ((g->n + 1) * NX_DUP_BANDS > g->nb) {
        size_t nb = g->nb ? g->nb * 2 : 4096;
        while (nb < (g->n + 1) * NX_DUP_BANDS)
            nb *= 2;
        uint32_t *head = calloc(nb, sizeof *head);
        if (!head)
            return -1;
        free(g->head);
        g->head = head;
        g->nb = nb;
        for (size_t r = 0; r < g->n * NX_DUP_BANDS; r++) {
            size_t k = bucket_of(g, g->band[r], (unsigned)(r % NX_DUP_BANDS));
            g->next[r] = g->head[k];
            g->head[k] = (uint32_t)(r + 1);
        }
    }
    return 0;
}

/* The closest near copy so far. */
typedef struct best { unsigned equal; uint64_t key; int found; } best;

/* What nx_dup_mark compares: one article's signature, time and length. */
typedef struct dup_view {
    const nx_dupshort *s;
    uint64_t exact;
    int64_t minutes;
    uint32_t words;
} dup_view;

static int close_in_time(int64_t a, int64_t b)
{
    return a == NO_DATE || b == NO_DATE || (a > b ? a - b : b - a) <= NX_DUP_MAX_MINUTES;
}

/* How alike two articles are for grouping: NX_DUP_VALUES + 1 for the same
 * word sequence, whenever each was filed (two identical articles on one
 * page look like a repeat whatever their dates); else the shared MinHash
 * values when they are near copies filed close in time, else 0. */
static unsigned likeness(const dup_view *a, const dup_view *b)
{
    if (a->exact == b->exact)
        return NX_DUP_VALUES + 1;
    unsigned eq = nx_dupshort_equal(a->s, b->s);
    unsigned need = a->words < NX_DUP_SHORT_WORDS || b->words < NX_DUP_SHORT_WORDS
                        ? NX_DUP_SHORT_MIN_EQUAL : NX_DUP_MIN_EQUAL;
    return eq >= need && close_in_time(a->minutes, b->minutes) ? eq : 0;
}

static void consider(best *b, unsigned equal, uint64_t key)
{
    /* Ties go to the smaller key, so the choice does not depend on the
     * order candidates come in. */
    if (!equal || (b->found && (equal < b->equal || (equal == b->equal && key >= b->key))))
        return;
    b->equal = equal;
    b->key = key;
    b->found = 1;
}

/* Under the lock: the closest copy among this run's articles, then the
 * article itself is remembered with the group chosen. */
static int lookup_and_insert(nx_dupgroups *g, const uint64_t *bands, const dup_view *me, best *b,
                             uint64_t *key)
{
    for (unsigned k = 0; k < NX_DUP_BANDS && g->nb; k++) {
        uint32_t top = (uint32_t)(bands[k] >> 32);
        for (uint32_t r = g->head[bucket_of(g, top, k)]; r; r = g->next[r - 1]) {
            size_t rec = r - 1;
            if (rec % NX_DUP_BANDS != k || g->band[rec] != top)
                continue;
            const dup_entry *e = &g->e[rec / NX_DUP_BANDS];
            dup_view other = { &e->s, e->exact, e->minutes, e->words };
            consider(b, likeness(me, &other), e->key);
        }
    }
    *key = b->found ? b->key : me->exact;
    if (grow(g) != 0)
        return -1;
    size_t i = g->n++;
    g->e[i].key = *key;
    g->e[i].exact = me->exact;
    g->e[i].minutes = me->minutes;
    g->e[i].words = me->words;
    g->e[i].s = *me->s;
    for (unsigned k = 0; k < NX_DUP_BANDS; k++) {
        size_t rec = i * NX_DUP_BANDS + k;
        g->band[rec] = (uint32_t)(bands[k] >> 32);
        size_t at = bucket_of(g, g->band[rec], k);
        g->next[rec] = g->head[at];
        g->head[at] = (uint32_t)(rec + 1);
    }
    return 0;
}

/* Whether db held no article when this run first wrote to it. */
static int was_empty(nx_dupgroups *g, const xc_db *db)
{
    for (size_t i = 0; i < g->nseen; i++)
        if (g->seen[i].db == db)
            return g->seen[i].empty;
    unsigned long docs = 1;
    xc_db_get_doccount(db, &docs);
    if (g->nseen == g->capseen) {
        size_t nc = g->capseen ? g->capseen * 2 : 8;
        seen_db *v = realloc(g->seen, nc * sizeof *v);
        if (!v)
            return 0;   /* then it is searched: slower, still right */
        g->seen = v;
        g->capseen = nc;
    }
    g->seen[g->nseen].db = db;
    g->seen[g->nseen].empty = docs == 0;
    return g->seen[g->nseen++].empty;
}

static void band_term(unsigned b, uint64_t band, char *buf, size_t bufsz)
{
    snprintf(buf, bufsz, "%s%u%016" PRIx64, NX_PFX_DUPBAND, b, band);
}

static int parse_key(const char *v, size_t len, uint64_t *key)
{
    if (len != 16)
        return 0;
    uint64_t k = 0;
    for (size_t i = 0; i < 16; i++) {
        char c = v[i];
        unsigned d = c >= '0' && c <= '9' ? (unsigned)(c - '0') : c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10) : 16;
        if (d > 15)
            return 0;
        k = k << 4 | d;
    }
    *key = k;
    return 1;
}

/* The closest near copy among the articles db already holds.  A failure
 * to read is no copy found: grouping is a help to the reader, never a
 * reason to refuse an article. */
/* NX_SLOT_DUPSIG: the short form, then the exact hash (8 bytes) and the
 * word count (4 bytes), little endian. */
#define SIG_BYTES (NX_DUPSHORT_BYTES + 12)

static void put_le(unsigned char *buf, uint64_t v, unsigned n)
{
    for (unsigned i = 0; i < n; i++)
        buf[i] = (unsigned char)(v >> (8 * i));
}

static uint64_t get_le(const unsigned char *buf, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = 0; i < n; i++)
        v |= (uint64_t)buf[i] << (8 * i);
    return v;
}

static void encode_sig(const dup_view *me, unsigned char *buf)
{
    nx_dupshort_encode(me->s, buf);
    put_le(buf + NX_DUPSHORT_BYTES, me->exact, 8);
    put_le(buf + NX_DUPSHORT_BYTES + 8, me->words, 4);
}

static int decode_sig(const char *v, size_t len, nx_dupshort *s, dup_view *out)
{
    const unsigned char *u = (const unsigned char *)v;
    if (len != SIG_BYTES || !nx_dupshort_decode(u, NX_DUPSHORT_BYTES, s))
        return 0;
    out->s = s;
    out->exact = get_le(u + NX_DUPSHORT_BYTES, 8);
    out->words = (uint32_t)get_le(u + NX_DUPSHORT_BYTES + 8, 4);
    return 1;
}

/* Minutes since 1970 of an NX_SLOT_DATE stamp "YYYYMMDDHHMMSS", NO_DATE
 * without one. */
static int64_t stamp_minutes(const char *v, size_t len)
{
    int y, mo, d, h = 0, mi = 0;
    if (len < 8 || sscanf(v, "%4d%2d%2d%2d%2d", &y, &mo, &d, &h, &mi) < 3)
        return NO_DATE;
    return (int64_t)nx_days_from_civil(y, mo, d) * 1440 + h * 60 + mi;
}

static void lookup_db(const xc_db *db, const uint64_t *bands, const dup_view *me, best *b)
{
    char term[NX_TERM_BUF];
    for (unsigned k = 0; k < NX_DUP_BANDS; k++) {
        xc_docid *ids = NULL;
        size_t n = 0;
        band_term(k, bands[k], term, sizeof term);
        if (xc_db_postlist(db, term, &ids, &n) != XC_OK)
            continue;
        for (size_t i = 0; i < n && i < NX_DUP_DB_CANDIDATES; i++) {
            xc_doc *d = NULL;
            char *sv = NULL, *kv = NULL, *dv = NULL;
            size_t slen = 0, klen = 0, dlen = 0;
            nx_dupshort os;
            dup_view other;
            uint64_t key;
            if (xc_db_get_document(db, ids[i], &d) == XC_OK &&
                xc_doc_get_value(d, NX_SLOT_DUPSIG, &sv, &slen) == XC_OK &&
                decode_sig(sv, slen, &os, &other) &&
                xc_doc_get_value(d, NX_SLOT_DUPGROUP, &kv, &klen) == XC_OK && parse_key(kv, klen, &key) &&
                xc_doc_get_value(d, NX_SLOT_DATE, &dv, &dlen) == XC_OK) {
                other.minutes = stamp_minutes(dv, dlen);
                consider(b, likeness(me, &other), key);
            }
            xc_free(sv);
            xc_free(kv);
            xc_free(dv);
            xc_doc_free(d);
        }
        xc_free(ids);
    }
}

nx_status nx_dup_mark(nx_dupgroups *g, nx_toklist *scratch, xc_db *db, const nx_article *a,
                      xc_doc *doc, char *err)
{
    nx_dupsig sig;
    nx_status st = nx_dupsig_compute(a->title, a->body, scratch, &sig);
    if (st != NX_OK) {
        nx_seterr(err, "article '%s': out of memory while comparing it with others", a->id);
        return st;
    }
    uint64_t key;
    char term[NX_TERM_BUF], hex[17];
    xc_status xs = XC_OK;
    if (!sig.words) {
        /* Nothing to compare: a group of its own. */
        key = nx_fnv1a(a->id, strlen(a->id)) ^ 0x6e6f776f72647321ULL;
    } else {
        uint64_t bands[NX_DUP_BANDS];
        nx_dupshort s;
        best b = { 0, 0, 0 };
        char iso[NX_DATE_ISO], stamp[NX_DATE_STAMP];
        dup_view me = { &s, sig.exact, NO_DATE, (uint32_t)sig.words };
        if (a->date && nx_normalise_date(a->date, iso, sizeof iso)) {
            nx_date_stamp(iso, stamp);
            me.minutes = stamp_minutes(stamp, strlen(stamp));
        }
        nx_dupsig_shorten(&sig, &s);
        for (unsigned k = 0; k < NX_DUP_BANDS; k++)
            bands[k] = nx_dupsig_band(&sig, k);
        pthread_mutex_lock(&g->mu);
        int search_db = db && !was_empty(g, db);
        pthread_mutex_unlock(&g->mu);
        if (search_db)
            lookup_db(db, bands, &me, &b);
        pthread_mutex_lock(&g->mu);
        int rc = lookup_and_insert(g, bands, &me, &b, &key);
        pthread_mutex_unlock(&g->mu);
        if (rc != 0) {
            nx_seterr(err, "out of memory");
            return NX_ERR_NOMEM;
        }
        unsigned char buf[SIG_BYTES];
        encode_sig(&me, buf);
        xs = xc_doc_add_value(doc, NX_SLOT_DUPSIG, (const char *)buf, sizeof buf);
        for (unsigned k = 0; k < NX_DUP_BANDS && xs == XC_OK; k++) {
            band_term(k, bands[k], term, sizeof term);
            xs = xc_doc_add_boolean_term(doc, term, strlen(term));
        }
    }
    snprintf(hex, sizeof hex, "%016" PRIx64, key);
    if (xs == XC_OK)
        xs = xc_doc_add_value(doc, NX_SLOT_DUPGROUP, hex, 16);
    if (xs == XC_OK) {
        snprintf(term, sizeof term, "%s%s", NX_PFX_DUPGROUP, hex);
        xs = xc_doc_add_boolean_term(doc, term, strlen(term));
    }
    if (xs != XC_OK) {
        nx_seterr(err, "article '%s': cannot store its copy group: %s", a->id, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    return NX_OK;
}

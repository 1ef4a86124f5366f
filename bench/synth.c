/*
 * synth.c — the synthetic news-like corpus: N articles whose words follow
 * the real corpus's word frequencies (Reuters is Zipfian, so sampling by its
 * counts gives a Zipf-like distribution), whose title and body lengths are
 * drawn from the real articles, with capitalised person and place names
 * from lists, dates spread over 1995-2024, and a thin tail of invented rare
 * words so the vocabulary keeps growing with N as a real archive's does.
 * Deterministic for a given seed.
 */
#include "corpus.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char *const first_names[] = {
    "James", "Maria", "Ahmed", "Yuki", "Olga", "Pierre", "Chen", "Fatima", "Carlos", "Anna",
    "Hans", "Priya", "Kwame", "Sofia", "Dmitri", "Grace", "Luis", "Ingrid", "Kenji", "Amara",
    "Robert", "Elena", "Tariq", "Mei", "Jean", "Helen", "Viktor", "Rosa", "Samuel", "Aiko",
    "Michael", "Lucia", "Omar", "Nadia", "Paul", "Keir", "Angela", "Rishi", "Emmanuel", "Jacinda",
};
static const char *const surnames[] = {
    "Smith", "Garcia", "Khan", "Tanaka", "Petrova", "Dubois", "Wang", "Haddad", "Silva", "Novak",
    "Schmidt", "Patel", "Mensah", "Rossi", "Ivanov", "Okafor", "Fernandez", "Larsen", "Sato", "Diallo",
    "Johnson", "Moreau", "Nakamura", "Kowalski", "Baker", "Starmer", "Merkel", "Sunak", "Macron", "Ardern",
    "Volcker", "Baker", "Lawson", "Yeutter", "Sumita", "Stoltenberg", "Delors", "Greenspan", "Brady", "Poehl",
};
static const char *const places[] = {
    "London", "New York", "Tokyo", "Paris", "Frankfurt", "Washington", "Brussels", "Singapore",
    "Hong Kong", "Sydney", "Toronto", "Zurich", "Moscow", "Beijing", "Sao Paulo", "Mexico City",
    "Johannesburg", "Cairo", "Mumbai", "Seoul", "Buenos Aires", "Madrid", "Rome", "Stockholm",
    "Chicago", "Houston", "Lagos", "Nairobi", "Jakarta", "Kuala Lumpur", "Wellington", "Oslo",
};
static const char *const topics[] = {
    "earn", "acq", "crude", "grain", "trade", "money-fx", "interest", "ship", "sugar", "coffee",
    "gold", "gnp", "cpi", "jobs", "cocoa", "copper", "reserves", "alum", "iron-steel", "nat-gas",
};
#define COUNT(a) (sizeof (a) / sizeof (a)[0])

/* ---- deterministic random numbers (xorshift64*) ---- */

typedef struct rng { uint64_t s; } rng;

static uint64_t rng_next(rng *r)
{
    r->s ^= r->s >> 12;
    r->s ^= r->s << 25;
    r->s ^= r->s >> 27;
    return r->s * 2685821657736338717ull;
}

static size_t rng_below(rng *r, size_t n) { return n ? (size_t)(rng_next(r) % n) : 0; }
static double rng_unit(rng *r) { return (double)(rng_next(r) >> 11) / 9007199254740992.0; }

/* ---- the word model ---- */

typedef struct word { char *w; unsigned long count; } word;

typedef struct model {
    word *words;                  /* open-addressed while counting, then compacted and sorted */
    size_t cap, n;
    unsigned long long *cum;      /* cumulative counts for sampling */
    unsigned *title_len, *body_len;
    size_t nlen, lencap;
} model;

static size_t hash_w(const char *s, size_t len)
{
    size_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ull;
    return h;
}

static int model_grow(model *m)
{
    size_t cap = m->cap ? m->cap * 2 : 65536;
    word *nw = calloc(cap, sizeof *nw);
    if (!nw)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->words[i].w)
            continue;
        size_t h = hash_w(m->words[i].w, strlen(m->words[i].w)) & (cap - 1);
        while (nw[h].w)
            h = (h + 1) & (cap - 1);
        nw[h] = m->words[i];
    }
    free(m->words);
    m->words = nw;
    m->cap = cap;
    return 0;
}

static int model_count(model *m, const char *s, size_t len)
{
    if ((m->n + 1) * 2 > m->cap && model_grow(m) != 0)
        return -1;
    size_t h = hash_w(s, len) & (m->cap - 1);
    while (m->words[h].w) {
        if (strncmp(m->words[h].w, s, len) == 0 && m->words[h].w[len] == '\0') {
            m->words[h].count++;
            return 0;
        }
        h = (h + 1) & (m->cap - 1);
    }
    char *w = malloc(len + 1);
    if (!w)
        return -1;
    for (size_t i = 0; i < len; i++)
        w[i] = (char)tolower((unsigned char)s[i]);
    w[len] = '\0';
    m->words[h].w = w;
    m->words[h].count = 1;
    m->n++;
    return 0;
}

/* Lower-case ASCII words of 2..20 letters; returns how many were seen. */
static long model_text(model *m, const char *t)
{
    long n = 0;
    const unsigned char *p = (const unsigned char *)(t ? t : "");
    while (*p) {
        while (*p && !isalpha(*p))
            p++;
        const unsigned char *w = p;
        while (*p && isalpha(*p))
            p++;
        size_t len = (size_t)(p - w);
        if (len == 0)
            continue;
        n++;
        if (len >= 2 && len <= 20 && model_count(m, (const char *)w, len) != 0)
            return -1;
    }
    return n;
}

static int cmp_word(const void *a, const void *b)
{
    const word *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->w, y->w);        /* ties by spelling keeps the order deterministic */
}

static int model_lengths(model *m, long tl, long bl)
{
    if (m->nlen == m->lencap) {
        size_t nc = m->lencap ? m->lencap * 2 : 4096;
        unsigned *a = realloc(m->title_len, nc * sizeof *a);
        if (!a)
            return -1;
        m->title_len = a;
        unsigned *b = realloc(m->body_len, nc * sizeof *b);
        if (!b)
            return -1;
        m->body_len = b;
        m->lencap = nc;
    }
    m->title_len[m->nlen] = (unsigned)(tl < 1 ? 1 : tl > 40 ? 40 : tl);
    m->body_len[m->nlen] = (unsigned)(bl > 3000 ? 3000 : bl);
    m->nlen++;
    return 0;
}

static void model_free(model *m)
{
    for (size_t i = 0; i < m->cap; i++)
        free(m->words[i].w);
    free(m->words);
    free(m->cum);
    free(m->title_len);
    free(m->body_len);
    memset(m, 0, sizeof *m);
}

static int model_build(model *m, const char *path)
{
    bench_reader rd;
    nx_article a;
    int rc;

    memset(m, 0, sizeof *m);
    if (bench_corpus_open(&rd, path) != 0)
        return -1;
    while ((rc = bench_corpus_next(&rd, &a)) == 1) {
        long tl = model_text(m, a.title), bl = model_text(m, a.body);
        if (tl < 0 || bl < 0 || (bl > 0 && model_lengths(m, tl, bl) != 0)) {
            rc = -1;
            break;
        }
    }
    bench_corpus_close(&rd);
    if (rc != 0 || m->n == 0 || m->nlen == 0)
        return -1;
    /* compact the hash table into a frequency-ranked array */
    size_t k = 0;
    for (size_t i = 0; i < m->cap; i++)
        if (m->words[i].w)
            m->words[k++] = m->words[i];
    memset(m->words + k, 0, (m->cap - k) * sizeof *m->words);
    qsort(m->words, k, sizeof *m->words, cmp_word);
    m->cum = malloc(k * sizeof *m->cum);
    if (!m->cum)
        return -1;
    unsigned long long c = 0;
    for (size_t i = 0; i < k; i++)
        m->cum[i] = (c += m->words[i].count);
    return 0;
}

static const char *model_word(const model *m, rng *r)
{
    unsigned long long x = rng_next(r) % m->cum[m->n - 1];
    size_t lo = 0, hi = m->n - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (m->cum[mid] > x)
            hi = mid;
        else
            lo = mid + 1;
    }
    return m->words[lo].w;
}

/* ---- text assembly ---- */

typedef struct sbuf { char *p; size_t len, cap; int oom; } sbuf;

static void sb_add(sbuf *b, const char *s, size_t len)
{
    if (b->oom)
        return;
    if (b->len + len + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 4096;
        while (nc < b->len + len + 1)
            nc *= 2;
        char *np = realloc(b->p, nc);
        if (!np) {
            b->oom = 1;
            return;
        }
        b->p = np;
        b->cap = nc;
    }
    memcpy(b->p + b->len, s, len);
    b->len += len;
    b->p[b->len] = '\0';
}

static void sb_str(sbuf *b, const char *s) { sb_add(b, s, strlen(s)); }

/* Appends a word, capitalised when cap is set. */
static void sb_word(sbuf *b, const char *w, int cap)
{
    size_t at = b->len;
    sb_str(b, w);
    if (cap && !b->oom)
        b->p[at] = (char)toupper((unsigned char)b->p[at]);
}

/* An invented rare word (a name of a small company, a misspelling...). */
static void sb_rare(sbuf *b, rng *r)
{
    static const char *const syl[] = { "ka", "ro", "mi", "zen", "tal", "ve", "dor", "qua",
                                       "lin", "sa", "bre", "tov", "nu", "gar", "pel", "ix" };
    int n = 2 + (int)rng_below(r, 3);
    for (int i = 0; i < n; i++)
        sb_str(b, syl[rng_below(r, COUNT(syl))]);
}

/* One token of running text: usually a corpus word, sometimes a name, a
 * place, a number or a rare word. */
static void sb_token(sbuf *b, const model *m, rng *r, int cap)
{
    double u = rng_unit(r);
    char num[32];
    if (u < 0.02) {
        sb_str(b, first_names[rng_below(r, COUNT(first_names))]);
        sb_str(b, " ");
        sb_str(b, surnames[rng_below(r, COUNT(surnames))]);
    } else if (u < 0.03) {
        sb_str(b, places[rng_below(r, COUNT(places))]);
    } else if (u < 0.05) {
        snprintf(num, sizeof num, "%u.%u", (unsigned)rng_below(r, 1000), (unsigned)rng_below(r, 10));
        sb_str(b, num);
    } else if (u < 0.055) {
        sb_rare(b, r);
    } else {
        sb_word(b, model_word(m, r), cap);
    }
}

static void make_title(sbuf *b, const model *m, rng *r, unsigned words)
{
    b->len = 0;
    for (unsigned i = 0; i < words; i++) {
        if (i)
            sb_str(b, " ");
        sb_token(b, m, r, 1);
    }
}

static void make_body(sbuf *b, const model *m, rng *r, unsigned words, const char *place)
{
    unsigned in_sentence = 0, sentence_len = 8 + (unsigned)rng_below(r, 22), sentences = 0;
    b->len = 0;
    sb_str(b, place);
    sb_str(b, " - ");
    for (unsigned i = 0; i < words; i++) {
        if (in_sentence)
            sb_str(b, " ");
        sb_token(b, m, r, in_sentence == 0);
        if (++in_sentence >= sentence_len || i + 1 == words) {
            sb_str(b, ".");
            in_sentence = 0;
            sentence_len = 8 + (unsigned)rng_below(r, 22);
            /* paragraphs of a few sentences, as wire copy has */
            sb_str(b, ++sentences % 3 == 0 ? "\n\n" : " ");
        }
    }
    if (b->p && b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n'))
        while (b->len && (b->p[b->len - 1] == ' ' || b->p[b->len - 1] == '\n'))
            b->p[--b->len] = '\0';
}

static void json_str(FILE *f, const char *s)
{
    fputc('"', f);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(f, "\\%c", *p);
        else if (*p == '\n')
            fputs("\\n", f);
        else if (*p < 0x20)
            fprintf(f, "\\u%04x", *p);
        else
            fputc(*p, f);
    }
    fputc('"', f);
}

static void json_article(FILE *f, const nx_article *a)
{
    fputs("{\"id\":", f); json_str(f, a->id);
    fputs(",\"title\":", f); json_str(f, a->title);
    fputs(",\"date\":", f); json_str(f, a->date);
    fputs(",\"dateline\":", f); json_str(f, a->dateline);
    fputs(",\"source\":", f); json_str(f, a->source);
    fputs(",\"tags\":[", f);
    for (size_t i = 0; i < a->n_tags; i++) {
        if (i)
            fputc(',', f);
        json_str(f, a->tags[i]);
    }
    fputs("],\"places\":[", f);
    json_str(f, a->places[0]);
    fputs("],\"body\":", f); json_str(f, a->body);
    fputs("}\n", f);
}

int bench_synth(const char *modelpath, unsigned long n, unsigned long long seed,
                const char *out, const char *jsonl, bench_writer *w, char *err, size_t errsz)
{
    model m;
    rng r = { seed ? seed : 88172645463325252ull };
    sbuf title = { 0 }, body = { 0 };
    FILE *jf = NULL;
    int rc = -1;

    if (model_build(&m, modelpath) != 0) {
        snprintf(err, errsz, "cannot build a word model from %s", modelpath);
        model_free(&m);
        return -1;
    }
    if (bench_corpus_create(w, out) != 0 || (jsonl && !(jf = fopen(jsonl, "w")))) {
        snprintf(err, errsz, "cannot write %s", jf || !jsonl ? out : jsonl);
        goto done;
    }
    for (unsigned long i = 0; i < n; i++) {
        size_t shape = rng_below(&r, m.nlen);
        const char *place = places[rng_below(&r, COUNT(places))];
        const char *tags[2] = { topics[rng_below(&r, COUNT(topics))], topics[rng_below(&r, COUNT(topics))] };
        char id[48], date[32], dl[64];
        unsigned day = (unsigned)rng_below(&r, 30u * 365u);
        /* civil date from a day count: months of 28 days keep every date valid */
        snprintf(date, sizeof date, "%04u-%02u-%02uT%02u:%02u:00Z", 1995 + day / 365,
                 1 + (day % 365) / 31 % 12, 1 + (day % 365) % 28,
                 (unsigned)rng_below(&r, 24), (unsigned)rng_below(&r, 60));
        snprintf(id, sizeof id, "synth-%lu", i + 1);
        snprintf(dl, sizeof dl, "%s", place);
        make_title(&title, &m, &r, m.title_len[shape]);
        make_body(&body, &m, &r, m.body_len[shape], place);
        if (title.oom || body.oom) {
            snprintf(err, errsz, "out of memory");
            goto done;
        }
        nx_article a = { .id = id, .title = title.p, .body = body.p, .date = date,
                         .dateline = dl, .source = "Synthetic Wire",
                         .tags = tags, .n_tags = 1 + rng_below(&r, 2),
                         .places = &place, .n_places = 1 };
        if (bench_corpus_put(w, &a) != 0) {
            snprintf(err, errsz, "cannot write %s", out);
            goto done;
        }
        if (jf)
            json_article(jf, &a);
    }
    rc = 0;
done:
    if (w->f && bench_corpus_finish(w) != 0 && rc == 0) {
        snprintf(err, errsz, "cannot write %s", out);
        rc = -1;
    }
    if (jf && fclose(jf) != 0 && rc == 0) {
        snprintf(err, errsz, "cannot write %s", jsonl);
        rc = -1;
    }
    free(title.p);
    free(body.p);
    model_free(&m);
    return rc;
}

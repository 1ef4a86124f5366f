/*
 * dupsig.c — MinHash signatures of articles (dupsig.h says what and why).
 */
#include "analysis/dupsig.h"

#include <string.h>

#include "lib/hash.h"

#define SHINGLE 3

/* splitmix64's finaliser: spreads a 64-bit value over all bits. */
static uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static uint64_t rotl(uint64_t x, unsigned r) { return (x << r) | (x >> (64 - r)); }

/* The hashes of the last SHINGLE words, oldest first, as one shingle. */
static uint64_t shingle_hash(const uint64_t *w, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL;
    for (size_t i = 0; i < n; i++)
        h = mix(h ^ rotl(w[i], (unsigned)(17 * i + 1)));
    return h;
}

/* Bin = the top bits of the hash, value = the next 32: each shingle
 * hashed once (one-permutation hashing). */
static void offer(nx_dupsig *s, int *full, uint64_t h)
{
    unsigned bin = (unsigned)(h >> 60);   /* NX_DUP_VALUES = 16 bins */
    uint32_t v = (uint32_t)(h >> 28);
    if (!full[bin] || v < s->v[bin]) {
        s->v[bin] = v;
        full[bin] = 1;
    }
}

static nx_status add_text(nx_dupsig *s, int *full, uint64_t *last, const char *text,
                          nx_toklist *tl)
{
    if (!text || !*text)
        return NX_OK;
    nx_status st = nx_tokenize(text, strlen(text), tl);
    if (st != NX_OK)
        return st;
    for (size_t i = 0; i < tl->n; i++) {
        uint64_t w = nx_fnv1a(nx_tok_text(tl, i), tl->tok[i].norm_len);
        s->exact = mix(s->exact ^ w);
        size_t k = s->words < SHINGLE ? s->words : SHINGLE - 1;
        if (s->words >= SHINGLE)
            memmove(last, last + 1, (SHINGLE - 1) * sizeof *last);
        last[k] = w;
        s->words++;
        if (s->words >= SHINGLE)
            offer(s, full, shingle_hash(last, SHINGLE));
    }
    return NX_OK;
}

nx_status nx_dupsig_compute(const char *title, const char *body, nx_toklist *scratch,
                            nx_dupsig *out)
{
    int full[NX_DUP_VALUES] = { 0 };
    uint64_t last[SHINGLE] = { 0 };
    memset(out, 0, sizeof *out);
    out->exact = 0x243f6a8885a308d3ULL;
    /* Headline and body are one word stream: a shingle may span them, as
     * the story reads. */
    nx_status st = add_text(out, full, last, title, scratch);
    if (st == NX_OK)
        st = add_text(out, full, last, body, scratch);
    if (st != NX_OK)
        return st;
    /* Fewer words than a shingle: the words themselves are the one. */
    if (out->words && out->words < SHINGLE)
        offer(out, full, shingle_hash(last, out->words));
    /* Densification: an empty bin takes the next full bin's value, moved
     * by how far it had to look, so two short texts still agree bin for
     * bin exactly when their shingles do.  (No word at all: every bin 0.) */
    for (unsigned b = 0; out->words && b < NX_DUP_VALUES; b++) {
        if (full[b])
            continue;
        for (unsigned d = 1; d < NX_DUP_VALUES; d++) {
            unsigned from = (b + d) % NX_DUP_VALUES;
            if (full[from]) {
                out->v[b] = (uint32_t)mix((uint64_t)out->v[from] ^ ((uint64_t)d << 40));
                break;
            }
        }
    }
    return NX_OK;
}

uint64_t nx_dupsig_band(const nx_dupsig *s, unsigned b)
{
    uint64_t h = 0x452821e638d01377ULL ^ b;
    for (unsigned r = 0; r < NX_DUP_ROWS; r++)
        h = mix(h ^ ((uint64_t)s->v[b * NX_DUP_ROWS + r] << 16) ^ r);
    return h;
}

void nx_dupsig_shorten(const nx_dupsig *s, nx_dupshort *out)
{
    for (unsigned i = 0; i < NX_DUP_VALUES; i++)
        out->v[i] = (uint16_t)(s->v[i] & 0xffffu);
}

unsigned nx_dupshort_equal(const nx_dupshort *a, const nx_dupshort *b)
{
    unsigned n = 0;
    for (unsigned i = 0; i < NX_DUP_VALUES; i++)
        n += a->v[i] == b->v[i];
    return n;
}

int nx_dupshort_near(const nx_dupshort *a, const nx_dupshort *b)
{
    return nx_dupshort_equal(a, b) >= NX_DUP_MIN_EQUAL;
}

void nx_dupshort_encode(const nx_dupshort *s, unsigned char *buf)
{
    for (unsigned i = 0; i < NX_DUP_VALUES; i++) {
        buf[2 * i] = (unsigned char)(s->v[i] & 0xff);
        buf[2 * i + 1] = (unsigned char)(s->v[i] >> 8);
    }
}

int nx_dupshort_decode(const unsigned char *buf, size_t len, nx_dupshort *out)
{
    if (len != NX_DUPSHORT_BYTES)
        return 0;
    for (unsigned i = 0; i < NX_DUP_VALUES; i++)
        out->v[i] = (uint16_t)(buf[2 * i] | (buf[2 * i + 1] << 8));
    return 1;
}

/*
 * spelling.c — word counts for Xapian's spelling dictionary, batched
 * (see spelling.h).  Open addressing over an arena of NUL-terminated words.
 */
#include "indexer/spelling.h"

#include "lib/core.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (256 * 1024)

/* saved: the part of count already written to the database as a pending
 * delta (nx_spellacc_take_delta), so a killed run loses none of it.  hash
 * is kept so probes and growth never touch the word's bytes needlessly. */
typedef struct entry { char *word; uint32_t hash; unsigned count, saved; } entry;

typedef struct chunk { struct chunk *next; size_t used; char data[]; } chunk;

struct nx_spellacc {
    entry *slots;
    size_t nslots, n;
    chunk *arena;
    uint32_t epoch;     /* slot numbers handed out as memos hold until it changes */
};

/* Epochs are unique across accumulators, so a memo made for one is never
 * taken for a slot of another. */
static _Atomic uint32_t next_epoch = 1;

static uint32_t new_epoch(void)
{
    uint32_t e;
    while ((e = atomic_fetch_add(&next_epoch, 1)) == 0)
        ;   /* 0 would match a fresh memo */
    return e;
}

nx_status nx_spellacc_new(nx_spellacc **out)
{
    nx_spellacc *a = calloc(1, sizeof *a);
    if (!a || !(a->slots = calloc(4096, sizeof *a->slots))) {
        free(a);
        return NX_ERR_NOMEM;
    }
    a->nslots = 4096;
    a->epoch = new_epoch();
    *out = a;
    return NX_OK;
}

static void arena_free(nx_spellacc *a)
{
    while (a->arena) {
        chunk *next = a->arena->next;
        free(a->arena);
        a->arena = next;
    }
}

void nx_spellacc_free(nx_spellacc *a)
{
    if (!a)
        return;
    arena_free(a);
    free(a->slots);
    free(a);
}

static char *arena_copy(nx_spellacc *a, const char *s, size_t n)
{
    if (!a->arena || a->arena->used + n + 1 > ARENA_CHUNK) {
        size_t cap = n + 1 > ARENA_CHUNK ? n + 1 : ARENA_CHUNK;
        chunk *c = malloc(sizeof *c + cap);
        if (!c)
            return NULL;
        c->next = a->arena;
        c->used = 0;
        a->arena = c;
    }
    char *p = a->arena->data + a->arena->used;
    memcpy(p, s, n);
    p[n] = '\0';
    a->arena->used += n + 1;
    return p;
}

static int grow(nx_spellacc *a)
{
    size_t nn = a->nslots * 2;
    entry *ns = calloc(nn, sizeof *ns);
    if (!ns)
        return -1;
    for (size_t i = 0; i < a->nslots; i++) {
        if (!a->slots[i].word)
            continue;
        size_t j = a->slots[i].hash & (nn - 1);
        while (ns[j].word)
            j = (j + 1) & (nn - 1);
        ns[j] = a->slots[i];
    }
    free(a->slots);
    a->slots = ns;
    a->nslots = nn;
    a->epoch = new_epoch();
    return 0;
}

static uint32_t word_hash(const char *word, size_t len)
{
    return (uint32_t)nx_fnv1a(word, len);
}

static int same(const entry *e, const char *word, size_t len, uint32_t h)
{
    return e->hash == h && !strncmp(e->word, word, len) && e->word[len] == '\0';
}

/* Adds n occurrences of word, of which saved are already saved; *slot
 * (may be NULL) receives the word's slot.  Returns -1 on allocation
 * failure. */
static int add_n(nx_spellacc *a, const char *word, size_t len, unsigned n, unsigned saved,
                 size_t *slot)
{
    if ((a->n + 1) * 10 > a->nslots * 7 && grow(a) != 0)
        return -1;
    uint32_t h = word_hash(word, len);
    size_t j = h & (a->nslots - 1);
    while (a->slots[j].word) {
        if (same(&a->slots[j], word, len, h)) {
            a->slots[j].count += n;
            a->slots[j].saved += saved;
            if (slot)
                *slot = j;
            return 0;
        }
        j = (j + 1) & (a->nslots - 1);
    }
    char *w = arena_copy(a, word, len);
    if (!w)
        return -1;
    a->slots[j].word = w;
    a->slots[j].hash = h;
    a->slots[j].count = n;
    a->slots[j].saved = saved;
    a->n++;
    if (slot)
        *slot = j;
    return 0;
}

int nx_spellacc_add(nx_spellacc *a, const char *word, size_t len)
{
    return add_n(a, word, len, 1, 0, NULL);
}

int nx_spellacc_add_memo(nx_spellacc *a, const char *word, size_t len, uint64_t *memo)
{
    if (!memo)
        return nx_spellacc_add(a, word, len);
    uint32_t slot1 = (uint32_t)*memo;
    if (slot1 && (uint32_t)(*memo >> 32) == a->epoch && slot1 <= a->nslots) {
        a->slots[slot1 - 1].count++;
        return 0;
    }
    size_t j;
    if (add_n(a, word, len, 1, 0, &j) != 0)
        return -1;
    /* Tables past 2^32 slots are not memoised: they would need 2^31 words. */
    *memo = j < UINT32_MAX ? (uint64_t)a->epoch << 32 | (uint32_t)(j + 1) : 0;
    return 0;
}

int nx_spellacc_take_delta(nx_spellacc *a, nx_buf *out)
{
    int added = 0;
    for (size_t i = 0; i < a->nslots; i++) {
        entry *e = &a->slots[i];
        if (!e->word || e->count == e->saved)
            continue;
        char num[16];
        int nl = snprintf(num, sizeof num, "\t%u\n", e->count - e->saved);
        if (nx_buf_append(out, e->word, strlen(e->word)) != 0 || nx_buf_append(out, num, (size_t)nl) != 0)
            return -1;
        e->saved = e->count;
        added++;
    }
    return added;
}

int nx_spellacc_load(nx_spellacc *a, const char *blob, size_t len)
{
    const char *p = blob, *end = blob + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *line_end = nl ? nl : end;
        const char *tab = memchr(p, '\t', (size_t)(line_end - p));
        if (tab && tab > p && tab - p <= 255) {
            unsigned long n = strtoul(tab + 1, NULL, 10);
            if (n > 0 && n < 1000000000UL && add_n(a, p, (size_t)(tab - p), (unsigned)n, (unsigned)n, NULL) != 0)
                return -1;
        }
        p = line_end + 1;
    }
    return 0;
}

size_t nx_spellacc_size(const nx_spellacc *a) { return a ? a->n : 0; }

void nx_spellacc_clear(nx_spellacc *a)
{
    memset(a->slots, 0, a->nslots * sizeof *a->slots);
    a->n = 0;
    a->epoch = new_epoch();
    arena_free(a);
}

xc_status nx_spellacc_flush(nx_spellacc *a, xc_db *db)
{
    xc_status st = XC_OK;
    for (size_t i = 0; i < a->nslots && st == XC_OK; i++)
        if (a->slots[i].word)
            st = xc_db_add_spelling(db, a->slots[i].word, a->slots[i].count);
    nx_spellacc_clear(a);
    return st;
}

static const entry *find(const nx_spellacc *a, const entry *like)
{
    size_t len = strlen(like->word);
    for (size_t j = like->hash & (a->nslots - 1); a->slots[j].word; j = (j + 1) & (a->nslots - 1))
        if (same(&a->slots[j], like->word, len, like->hash))
            return &a->slots[j];
    return NULL;
}

xc_status nx_spellacc_flush_part(nx_spellacc *const *accs, size_t n, unsigned part, unsigned nparts,
                                 xc_db *db)
{
    xc_status st = XC_OK;
    for (size_t k = 0; k < n; k++) {
        const nx_spellacc *a = accs[k];
        for (size_t i = 0; i < a->nslots && st == XC_OK; i++) {
            const entry *e = &a->slots[i];
            if (!e->word || e->hash % nparts != part)
                continue;
            /* A word is written by the first accumulator that has it,
             * with every accumulator's count. */
            int seen = 0;
            for (size_t m = 0; m < k && !seen; m++)
                seen = find(accs[m], e) != NULL;
            if (seen)
                continue;
            unsigned total = e->count;
            for (size_t m = k + 1; m < n; m++) {
                const entry *o = find(accs[m], e);
                if (o)
                    total += o->count;
            }
            st = xc_db_add_spelling(db, e->word, total);
        }
    }
    return st;
}

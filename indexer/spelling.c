/*
 * spelling.c — word counts for Xapian's spelling dictionary, batched
 * (see spelling.h).  Open addressing over an arena of NUL-terminated words.
 */
#include "indexer/spelling.h"

#include "lib/core.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define ARENA_CHUNK (256 * 1024)

typedef struct entry { char *word; unsigned count; } entry;

typedef struct chunk { struct chunk *next; size_t used; char data[]; } chunk;

struct nx_spellacc {
    entry *slots;
    size_t nslots, n;
    chunk *arena;
};

nx_status nx_spellacc_new(nx_spellacc **out)
{
    nx_spellacc *a = calloc(1, sizeof *a);
    if (!a || !(a->slots = calloc(4096, sizeof *a->slots))) {
        free(a);
        return NX_ERR_NOMEM;
    }
    a->nslots = 4096;
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
        size_t j = nx_fnv1a(a->slots[i].word, strlen(a->slots[i].word)) & (nn - 1);
        while (ns[j].word)
            j = (j + 1) & (nn - 1);
        ns[j] = a->slots[i];
    }
    free(a->slots);
    a->slots = ns;
    a->nslots = nn;
    return 0;
}

int nx_spellacc_add(nx_spellacc *a, const char *word, size_t len)
{
    if ((a->n + 1) * 10 > a->nslots * 7 && grow(a) != 0)
        return -1;
    size_t j = nx_fnv1a(word, len) & (a->nslots - 1);
    while (a->slots[j].word) {
        if (!strncmp(a->slots[j].word, word, len) && a->slots[j].word[len] == '\0') {
            a->slots[j].count++;
            return 0;
        }
        j = (j + 1) & (a->nslots - 1);
    }
    char *w = arena_copy(a, word, len);
    if (!w)
        return -1;
    a->slots[j].word = w;
    a->slots[j].count = 1;
    a->n++;
    return 0;
}

size_t nx_spellacc_size(const nx_spellacc *a) { return a ? a->n : 0; }

xc_status nx_spellacc_flush(nx_spellacc *a, xc_db *db)
{
    xc_status st = XC_OK;
    for (size_t i = 0; i < a->nslots; i++) {
        if (a->slots[i].word && st == XC_OK)
            st = xc_db_add_spelling(db, a->slots[i].word, a->slots[i].count);
        a->slots[i].word = NULL;
    }
    a->n = 0;
    arena_free(a);
    return st;
}

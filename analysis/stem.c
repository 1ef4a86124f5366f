/*
 * stem.c — libstemmer (Snowball) behind a memo table.  Owns the choice of
 * algorithm (refusing "porter"), the word -> stem cache with its string
 * arena, and the index-term rule nx_term_for_token().
 *
 * Returned strings live in an arena of chunks that never move, so pointers
 * stay valid while the hash table itself grows and rehashes.
 *
 * The cache is bounded by generations (stem.h): when NX_STEM_CACHE_MAX
 * words are cached the table is emptied and a new arena started; the
 * previous generation's arena is kept until the next flush, so a string
 * stays valid for at least NX_STEM_CACHE_MAX further distinct words.
 */
#include "analysis/stem.h"
#include "analysis/tokenize.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libstemmer.h>
#include <utf8proc.h>

/* Longer words are names, URLs or junk: stemming them buys nothing. */
#define STEM_MAX_WORD 64
#define CHUNK_SIZE (64 * 1024)

enum { KIND_STEM = 0, KIND_VERBATIM = 1 };

typedef struct entry {
    const char *word;   /* NULL = empty slot */
    const char *stem;
    uint32_t wlen, slen;
    uint32_t hash;      /* low half of hash_word(): 40-byte entries */
    unsigned kind;
    uint64_t memo;      /* the caller's, see nx_term_for_token_memo */
} entry;

typedef struct chunk {
    struct chunk *next;
    size_t used, cap;
    char data[];
} chunk;

struct nx_stemmer {
    struct sb_stemmer *sb;
    char *language;
    entry *tab;
    size_t cap, count;      /* cap is a power of two */
    chunk *arena;
    chunk *old_arena;       /* the previous generation's strings */
    size_t hits, misses;
};

/* ------------------------------------------------------------ arena */

static char *arena_dup(nx_stemmer *st, const char *s, size_t n)
{
    chunk *c = st->arena;
    if (!c || c->cap - c->used < n + 1) {
        size_t cap = n + 1 > CHUNK_SIZE ? n + 1 : CHUNK_SIZE;
        chunk *nc = malloc(sizeof *nc + cap);
        if (!nc)
            return NULL;
        nc->next = c;
        nc->used = 0;
        nc->cap = cap;
        st->arena = c = nc;
    }
    char *p = c->data + c->used;
    memcpy(p, s, n);
    p[n] = '\0';
    c->used += n + 1;
    return p;
}

/* ------------------------------------------------------------ table */

static uint32_t hash_word(const char *s, size_t n, unsigned kind)
{
    uint64_t h = 1469598103934665603ULL ^ kind;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ULL;
    }
    return (uint32_t)(h ^ (h >> 32));
}

static entry *find_slot(entry *tab, size_t cap, uint32_t h, const char *w, size_t n,
                        unsigned kind)
{
    size_t mask = cap - 1;
    for (size_t i = (size_t)h & mask;; i = (i + 1) & mask) {
        entry *e = &tab[i];
        if (!e->word)
            return e;
        if (e->hash == h && e->kind == kind && e->wlen == n && memcmp(e->word, w, n) == 0)
            return e;
    }
}

static void free_chunks(chunk *c)
{
    for (chunk *next; c; c = next) {
        next = c->next;
        free(c);
    }
}

/* Starts a generation: the table empties (keeping its size), the current
 * strings become the old ones, the old ones go. */
static void new_generation(nx_stemmer *st)
{
    free_chunks(st->old_arena);
    st->old_arena = st->arena;
    st->arena = NULL;
    memset(st->tab, 0, st->cap * sizeof *st->tab);
    st->count = 0;
}

static nx_status grow(nx_stemmer *st)
{
    size_t cap = st->cap ? st->cap * 2 : 1024;
    entry *tab = calloc(cap, sizeof *tab);
    if (!tab)
        return NX_ERR_NOMEM;
    for (size_t i = 0; i < st->cap; i++) {
        entry *e = &st->tab[i];
        if (e->word)
            *find_slot(tab, cap, e->hash, e->word, e->wlen, e->kind) = *e;
    }
    free(st->tab);
    st->tab = tab;
    st->cap = cap;
    return NX_OK;
}

/* ------------------------------------------------------------ lifecycle */

static int is_porter(const char *lang)
{
    static const char p[] = "porter";
    for (size_t i = 0; i < sizeof p; i++)
        if (tolower((unsigned char)lang[i]) != p[i])
            return 0;
    return 1;
}

static char *valid_list(void)
{
    const char **names = sb_stemmer_list();
    size_t n = 1;
    for (size_t i = 0; names[i]; i++)
        n += strlen(names[i]) + 2;
    char *s = malloc(n);
    if (!s)
        return NULL;
    s[0] = '\0';
    for (size_t i = 0; names[i]; i++) {
        if (is_porter(names[i]))
            continue;               /* valid for libstemmer, refused by us */
        if (s[0])
            strcat(s, ", ");
        strcat(s, names[i]);
    }
    return s;
}

static void set_err(char **errmsg, const char *fmt, const char *lang)
{
    if (!errmsg)
        return;
    char *list = valid_list();
    const char *l = list ? list : "(see sb_stemmer_list())";
    int n = snprintf(NULL, 0, fmt, lang, l);
    char *m = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (m)
        snprintf(m, (size_t)n + 1, fmt, lang, l);
    free(list);
    *errmsg = m;
}

nx_status nx_stemmer_new(const char *language, nx_stemmer **out, char **errmsg)
{
    *out = NULL;
    if (errmsg)
        *errmsg = NULL;
    if (!language)
        language = "english";
    if (is_porter(language)) {
        set_err(errmsg, "stemming language \"%s\" is refused: the 1980 Porter stemmer "
                "merges \"news\" with \"new\"; use \"english\" (Porter2). "
                "Valid languages (sb_stemmer_list()): %s", language);
        return NX_ERR_INVALID;
    }
    nx_stemmer *st = calloc(1, sizeof *st);
    if (!st)
        return NX_ERR_NOMEM;
    st->sb = sb_stemmer_new(language, "UTF_8");
    if (!st->sb) {
        free(st);
        set_err(errmsg, "unknown stemming language \"%s\"; valid languages "
                "(libstemmer's sb_stemmer_list()): %s", language);
        return NX_ERR_INVALID;
    }
    st->language = malloc(strlen(language) + 1);
    if (!st->language || grow(st) != NX_OK) {
        nx_stemmer_free(st);
        return NX_ERR_NOMEM;
    }
    strcpy(st->language, language);
    *out = st;
    return NX_OK;
}

void nx_stemmer_free(nx_stemmer *st)
{
    if (!st)
        return;
    if (st->sb)
        sb_stemmer_delete(st->sb);
    free_chunks(st->arena);
    free_chunks(st->old_arena);
    free(st->tab);
    free(st->language);
    free(st);
}

const char *nx_stemmer_language(const nx_stemmer *st)
{
    return st->language;
}

int nx_stemmer_keeps_first_byte(const nx_stemmer *st)
{
    const char *lang = st ? nx_stemmer_language(st) : NULL;
    return lang && !strcmp(lang, "english");
}

void nx_stemmer_stats(const nx_stemmer *st, size_t *entries, size_t *hits, size_t *misses)
{
    if (entries)
        *entries = st->count;
    if (hits)
        *hits = st->hits;
    if (misses)
        *misses = st->misses;
}

/* ------------------------------------------------------------ lookup */

/* Computes the result for a cache miss: the word itself for verbatim
 * entries, overlong words and invalid UTF-8 (Snowball expects valid
 * input), else Snowball's stem.  Returns NULL on allocation failure. */
static const char *compute(nx_stemmer *st, const char *word, size_t len, unsigned kind,
                           size_t *slen)
{
    if (kind == KIND_STEM && len <= STEM_MAX_WORD && len > 0 &&
        utf8proc_decompose((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len,
                           NULL, 0, 0) >= 0) {
        const sb_symbol *s = sb_stemmer_stem(st->sb, (const sb_symbol *)word, (int)len);
        if (!s)
            return NULL;
        *slen = (size_t)sb_stemmer_length(st->sb);
        return (const char *)s;
    }
    *slen = len;
    return word;
}

static const char *lookup(nx_stemmer *st, const char *word, size_t len, unsigned kind,
                          size_t *out_len, uint64_t **memo)
{
    if (!word && len == 0)
        word = "";
    if (!word || len > UINT32_MAX)
        return NULL;
    uint32_t h = hash_word(word, len, kind);
    entry *e = find_slot(st->tab, st->cap, h, word, len, kind);
    if (e->word) {
        st->hits++;
        if (out_len)
            *out_len = e->slen;
        if (memo)
            *memo = &e->memo;
        return e->stem;
    }
    st->misses++;
    if (st->count >= NX_STEM_CACHE_MAX) {
        new_generation(st);
        e = find_slot(st->tab, st->cap, h, word, len, kind);
    }
    if ((st->count + 1) * 10 > st->cap * 7) {
        if (grow(st) != NX_OK)
            return NULL;
        e = find_slot(st->tab, st->cap, h, word, len, kind);
    }
    size_t slen;
    const char *s = compute(st, word, len, kind, &slen);
    if (!s)
        return NULL;
    /* Snowball's buffer is reused by its next call, so both strings are
     * copied; a stem equal to its word shares the word's copy. */
    const char *wcopy = arena_dup(st, word, len);
    if (!wcopy)
        return NULL;
    const char *scopy = (slen == len && memcmp(s, word, len) == 0) ? wcopy
                                                                   : arena_dup(st, s, slen);
    if (!scopy)
        return NULL;
    e->word = wcopy;
    e->stem = scopy;
    e->wlen = (uint32_t)len;
    e->slen = (uint32_t)slen;
    e->hash = h;
    e->kind = kind;
    e->memo = 0;
    st->count++;
    if (out_len)
        *out_len = slen;
    if (memo)
        *memo = &e->memo;
    return scopy;
}

const char *nx_stem(nx_stemmer *st, const char *word, size_t len, size_t *stem_len)
{
    return lookup(st, word, len, KIND_STEM, stem_len, NULL);
}

const char *nx_term_for_token_memo(nx_stemmer *st, const char *norm, size_t len,
                                   unsigned tok_flags, size_t *term_len, uint64_t **memo)
{
    unsigned kind = (tok_flags & (NX_TOK_NUMBER | NX_TOK_ABBREV)) ? KIND_VERBATIM : KIND_STEM;
    return lookup(st, norm, len, kind, term_len, memo);
}

const char *nx_term_for_token(nx_stemmer *st, const char *norm, size_t len,
                              unsigned tok_flags, size_t *term_len)
{
    return nx_term_for_token_memo(st, norm, len, tok_flags, term_len, NULL);
}

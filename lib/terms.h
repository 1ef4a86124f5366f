/*
 * terms.h — the term rules both sides of the index must apply alike: how
 * long a term may be, and how an article id, a source file and other
 * whole values become one term.  The indexer writes these terms and the
 * searcher looks them up (id:, the names facet, per-source counts), so
 * they live here and nowhere else.
 *
 * Ownership: every function writes into a buffer the caller provides
 * (NX_TERM_BUF bytes is always enough) and allocates nothing.
 */
#ifndef NX_TERMS_H
#define NX_TERMS_H

#include <stddef.h>

/* Xapian refuses terms over 245 bytes; every term newsidx writes or looks
 * up is at most this long.  Whole values longer than that (ids, URLs,
 * names) are hashed by nx_value_term. */
#define NX_TERM_MAX 240
/* A buffer this large holds any term these functions produce. */
#define NX_TERM_BUF 256

/* prefix + value, or when that is over NX_TERM_MAX, prefix + the first
 * 180 bytes of the value + "#" + two 64-bit FNV-1a hashes (of the whole
 * value and of its first half).  The hashed form is part of the on-disk
 * format: changing it makes every long id unreachable. */
void nx_value_term(const char *prefix, const char *value, char *buf, size_t bufsz);
/* The unique (Q) term of an article id. */
void nx_id_term(const char *id, char *buf, size_t bufsz);
/* The XF term of a source file: the prefix and a hex FNV-1a hash of its
 * absolute path. */
void nx_file_term(const char *path, char *buf, size_t bufsz);
/* prefix + key into buf when it fits in NX_TERM_MAX bytes: returns its
 * length, or 0 when it is too long (a query word that long can match
 * nothing, since the indexer never writes such a term). */
size_t nx_term_join(const char *prefix, const char *key, size_t keylen, char *buf, size_t bufsz);

/* 1 for a plain word term (a stem or a number), 0 for a field, id or name
 * term: newsidx's prefixes (lib/schema.h) all start with an upper-case
 * ASCII letter and plain terms never do.  An xc_term_keep (ctx unused),
 * so the binding's term lists and ESets can keep words only. */
int nx_term_is_word(const char *term, size_t len, void *ctx);

#endif

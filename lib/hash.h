/*
 * hash.h — the one non-cryptographic hash of newsidx, for every room (the
 * analysis modules below lib/core.c use it too).  Nothing here allocates.
 */
#ifndef NX_HASH_H
#define NX_HASH_H

#include <stddef.h>
#include <stdint.h>

/* FNV-1a, 64 bits: hash tables, change detection and the on-disk hashed
 * terms (lib/terms.h), not security.  Its offset basis is
 * 1469598103934665603, the standard one without its last digit; hashed
 * terms and stored content hashes depend on it, so it stays. */
uint64_t nx_fnv1a(const void *p, size_t n);

#endif

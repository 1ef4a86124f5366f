/*
 * hash.h — the one 64-bit hash of the tree (FNV-1a), and an on-disk
 * constant: its values are written into every database.
 *
 * What depends on the exact values: hashed id and long-label terms
 * ("Q<head>#<hash><hash>", "XN...", "XW..."), the XF file terms
 * (indexer/docbuild.c), the keys of the incremental indexer's file records
 * and the content hash inside them (indexer/files.c).  Change one bit of
 * the function and existing databases stop finding their long ids, their
 * files' articles and their records: every file is indexed again and the
 * old articles stay as duplicates.
 *
 * The offset basis is 1469598103934665603, FNV's 14695981039346656037
 * with its last digit missing.  That truncation has been on disk since
 * the first database and is harmless for a hash (any odd-looking 64-bit
 * start works); it must never be "fixed".  tests/unit/test_hash.c pins
 * the values.
 *
 * In-memory tables (store_bulk.c's id set, the spelling accumulator, the names
 * facet) use it too, where only speed matters.  Not for security.
 */
#ifndef NX_HASH_H
#define NX_HASH_H

#include <stddef.h>
#include <stdint.h>

/* On disk: see above.  Never change. */
#define NX_FNV1A_BASIS 1469598103934665603ULL
#define NX_FNV1A_PRIME 1099511628211ULL

/* FNV-1a over n bytes at p (n may be 0; p may then be NULL). */
uint64_t nx_fnv1a(const void *p, size_t n);

#endif

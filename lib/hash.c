/*
 * hash.c — FNV-1a, 64 bits (an on-disk constant: see hash.h).
 */
#include "lib/hash.h"

uint64_t nx_fnv1a(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = NX_FNV1A_BASIS;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= NX_FNV1A_PRIME;
    }
    return h;
}

/*
 * hash.c — nx_fnv1a (hash.h).
 */
#include "lib/hash.h"

uint64_t nx_fnv1a(const void *p, size_t n)
{
    const unsigned char *s = p;
    uint64_t h = 1469598103934665603ULL;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/*
 * terms.c — the term rules of lib/terms.h.
 */
#include "lib/terms.h"

#include <stdio.h>
#include <string.h>

#include "lib/core.h"
#include "lib/schema.h"

void nx_value_term(const char *prefix, const char *v, char *buf, size_t bufsz)
{
    size_t plen = strlen(prefix), vlen = strlen(v);
    if (plen + vlen <= NX_TERM_MAX && plen + vlen < bufsz) {
        memcpy(buf, prefix, plen);
        memcpy(buf + plen, v, vlen + 1);
        return;
    }
    /* Keep a readable head, then two independent hashes of the whole. */
    snprintf(buf, bufsz, "%s%.180s#%016llx%016llx", prefix, v,
             (unsigned long long)nx_fnv1a(v, vlen),
             (unsigned long long)nx_fnv1a(v, vlen / 2 + 1));
}

void nx_id_term(const char *id, char *buf, size_t bufsz) { nx_value_term(NX_PFX_ID, id, buf, bufsz); }

void nx_file_term(const char *path, char *buf, size_t bufsz)
{
    snprintf(buf, bufsz, "%s%016llx", NX_PFX_FILE, (unsigned long long)nx_fnv1a(path, strlen(path)));
}

size_t nx_term_join(const char *prefix, const char *key, size_t keylen, char *buf, size_t bufsz)
{
    size_t plen = strlen(prefix);
    if (plen + keylen > NX_TERM_MAX || plen + keylen >= bufsz)
        return 0;
    memcpy(buf, prefix, plen);
    memcpy(buf + plen, key, keylen);
    buf[plen + keylen] = '\0';
    return plen + keylen;
}

int nx_term_is_word(const char *term, size_t len, void *ctx)
{
    (void)ctx;
    return len > 0 && !(term[0] >= 'A' && term[0] <= 'Z');
}

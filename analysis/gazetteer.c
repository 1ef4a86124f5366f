/*
 * gazetteer.c — lookups in the gazetteer lists (gazetteer.h).
 *
 * One open-addressing hash table over every entry, built once: an entry
 * "alias=canonical" is stored under the alias with a pointer to the
 * canonical key, which is itself entered as a place.
 */
#include "analysis/gazetteer.h"
#include "analysis/names_lexicon.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define GAZ_SLOTS 32768         /* a power of two, over twice the entries */

typedef struct gaz_entry {
    const char *key;
    size_t len;
    unsigned bits;
    const char *canonical;      /* NULL: the key is the main name */
} gaz_entry;

static gaz_entry g_gaz[GAZ_SLOTS];
static pthread_once_t g_gaz_once = PTHREAD_ONCE_INIT;
/* The canonical names of "alias=canonical" entries, copied out of the
 * entries: the lists are split at '=' without writing into them. */
static char g_canon_buf[8192];
static size_t g_canon_used;

static gaz_entry *gaz_slot(const char *s, size_t len)
{
    for (uint32_t i = nx_names_hash(s, len) & (GAZ_SLOTS - 1);; i = (i + 1) & (GAZ_SLOTS - 1))
        if (!g_gaz[i].key || (g_gaz[i].len == len && memcmp(g_gaz[i].key, s, len) == 0))
            return &g_gaz[i];
}

static void gaz_add(const char *key, size_t len, unsigned bits, const char *canonical)
{
    gaz_entry *e = gaz_slot(key, len);
    if (!e->key) {
        e->key = key;
        e->len = len;
    }
    e->bits |= bits;
    if (canonical && !e->canonical)
        e->canonical = canonical;
}

static void gaz_add_list(const char *const *list, unsigned bits)
{
    for (size_t i = 0; list[i]; i++) {
        const char *w = list[i], *eq = strchr(w, '=');
        if (!eq) {
            gaz_add(w, strlen(w), bits, NULL);
            continue;
        }
        size_t cl = strlen(eq + 1);
        if (g_canon_used + cl + 1 > sizeof g_canon_buf)
            continue;   /* cannot happen with the lists as they are */
        char *canon = g_canon_buf + g_canon_used;
        memcpy(canon, eq + 1, cl + 1);
        g_canon_used += cl + 1;
        gaz_add(canon, cl, bits, NULL);
        gaz_add(w, (size_t)(eq - w), bits, canon);
    }
}

static void gaz_build(void)
{
    gaz_add_list(nx_gaz_factbook_countries, NX_GAZ_PLACE);
    gaz_add_list(nx_gaz_factbook_capitals, NX_GAZ_PLACE);
    gaz_add_list(nx_gaz_places_extra, NX_GAZ_PLACE);
    gaz_add_list(nx_gaz_demonyms, NX_GAZ_DEMONYM);
    gaz_add_list(nx_gaz_given_names, NX_GAZ_GIVEN);
    gaz_add_list(nx_gaz_given_names_moby, NX_GAZ_GIVEN);
    gaz_add_list(nx_gaz_organisations, NX_GAZ_ORG);
}

unsigned nx_gaz_lookup(const char *key, size_t len, const char **canonical)
{
    if (canonical)
        *canonical = NULL;
    if (!key || len == 0)
        return 0;
    pthread_once(&g_gaz_once, gaz_build);
    const gaz_entry *e = gaz_slot(key, len);
    if (!e->key)
        return 0;
    if (canonical)
        *canonical = e->canonical;
    return e->bits;
}

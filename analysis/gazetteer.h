/*
 * gazetteer.h — the small gazetteer behind name types (names.c, coref.c):
 * places (countries, capitals, regions, large cities, in English with the
 * German and French names of the common ones), English demonyms, given
 * names (gazetteer_given.c), and organisations every news reader knows (parties, the largest
 * companies, broadcasters and agencies, international bodies).  The word lists and their sources and licence are in
 * gazetteer_data.c.
 *
 * Keys are name keys as names.h builds them: casefolded token norms
 * joined by ' ' ("new york", "south korea", "frankfurt am main").  The
 * table is built once, at first use, and only read afterwards, so lookups
 * are thread-safe.
 */
#ifndef NX_GAZETTEER_H
#define NX_GAZETTEER_H

#include <stddef.h>

enum {
    NX_GAZ_PLACE = 1u << 0,     /* a country, region, city... */
    NX_GAZ_DEMONYM = 1u << 1,   /* "kuwaiti", "americans", "west german" */
    NX_GAZ_GIVEN = 1u << 2,     /* a given name: "keir", "angela" */
    NX_GAZ_ORG = 1u << 3,       /* a well-known organisation: "labour", "microsoft" */
};

/* What key[0..len) is (NX_GAZ_* bits, 0 when none).  For a place,
 * *canonical (when canonical is non-NULL) is set to the key of its main
 * name ("us" -> "united states"), borrowed static storage, or NULL when
 * key is that name itself. */
unsigned nx_gaz_lookup(const char *key, size_t len, const char **canonical);

/* The lists (gazetteer_data.c), each ending with NULL. */
extern const char *const nx_gaz_factbook_countries[];
extern const char *const nx_gaz_factbook_capitals[];
extern const char *const nx_gaz_places_extra[];
extern const char *const nx_gaz_demonyms[];
extern const char *const nx_gaz_given_names[];
extern const char *const nx_gaz_given_names_moby[];  /* gazetteer_given.c */
extern const char *const nx_gaz_organisations[];

#endif

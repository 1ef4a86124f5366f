/*
 * stored.h — the stored record: an article's fields as kept in its Xapian
 * document (the value slot NX_SLOT_RECORD, lib/schema.h; schema 2 kept it
 * in the document data), so that results, snippets and the names view
 * never re-read sources.
 *
 * A compact binary record rather than JSON: decoding is pointer fix-ups
 * over the buffer Xapian returns, where parsing JSON cost a fifth of every
 * search.  Layout (all integers little-endian u32):
 *
 *   "NXD1"
 *   repeated:  u8 tag, u32 len, len bytes, NUL        (a field; tag < 64)
 *              u8 tag, u32 count, count x (u32 len, len bytes, NUL)
 *                                                     (a list; tag >= 64)
 *
 * Each field's and list's tag is written in its row of lib/article.h (the
 * article's fields, then the names found), and the record holds them in
 * the order of those rows; tag 69 (NX_STORED_TAG_NAME_KEYS) holds the
 * names' casefolded keys and tag 70 (NX_STORED_TAG_NAME_INFO) their
 * descriptions (type, mentions, aliases: analysis/coref.h), both parallel
 * to the names.  Empty fields and lists
 * are left out.  Unknown tags are skipped, so fields can be added later.
 *
 * nx_stored_encode returns a malloc'd record (caller frees).  nx_stored_decode
 * takes ownership of the buffer it is given; the nx_stored's pointers borrow
 * from it until nx_stored_clear.
 */
#ifndef NX_STORED_H
#define NX_STORED_H

#include <stddef.h>
#include "newsidx.h"
#include "xapian-c.h"
#include "lib/article.h"   /* NX_NFIELDS, NX_NLISTS and the tags */

/* On disk, never renumbered (see lib/article.h). */
#define NX_STORED_TAG_NAME_KEYS 69
#define NX_STORED_TAG_NAME_INFO 70

typedef struct nx_stored {
    char *buf;                               /* the record, owned */
    const char *field[NX_NFIELDS];           /* by nx_field; NULL when absent */
    const char **list[NX_NLISTS];            /* by nx_list; malloc'd arrays of borrowed strings */
    size_t nlist[NX_NLISTS];
    const char **name_keys;                  /* parallel to list[NX_LIST_NAMES] */
    const char **name_info;                  /* the same; NULL in older records */
} nx_stored;

/* date_norm overrides a->date when non-NULL (the normalised form).
 * names/name_keys/name_info (n_names each; name_info may be NULL) are the
 * recognised names as written, their casefolded keys and descriptions.
 * NULL when a string is not valid UTF-8 or on allocation failure. */
char *nx_stored_encode(const nx_article *a, const char *date_norm, const char *const *names,
                       const char *const *name_keys, const char *const *name_info, size_t n_names,
                       size_t *len);
/* Takes ownership of data (malloc'd, len bytes); NX_ERR_CORRUPT when it is
 * not a record (data is freed then too). */
nx_status nx_stored_decode(char *data, size_t len, nx_stored *out);
/* The article a decoded record holds: every field and list of
 * lib/article.h's rows (strings and arrays borrowed from s, valid until
 * nx_stored_clear); the found lists (names) are not article members. */
void nx_stored_article(const nx_stored *s, nx_article *a);
/* The casefolded key of names[i]; NULL when absent. */
const char *nx_stored_name_key(const nx_stored *s, size_t i);
/* The description of names[i] (analysis/coref.h); NULL when absent. */
const char *nx_stored_name_info(const nx_stored *s, size_t i);
void nx_stored_clear(nx_stored *s);

/* The record of a Xapian document: its NX_SLOT_RECORD value, or for a
 * schema 2 document its data.  *data is malloc'd (caller frees; it can be
 * given to nx_stored_decode). */
xc_status nx_stored_of_doc(const xc_doc *doc, char **data, size_t *len);

#endif

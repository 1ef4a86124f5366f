/*
 * stored.h — the document data format: an article's fields as stored in
 * its Xapian document, so that results, snippets and the names view never
 * re-read sources.
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
 * Field tags are nx_field values; list tags are 64 + nx_list, 64 +
 * NX_NLISTS for the names' casefolded keys and 65 + NX_NLISTS for their
 * descriptions (type, mentions, aliases: analysis/coref.h), both parallel
 * to NX_LIST_NAMES.
 * Unknown tags are skipped, so fields can be added later.
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

#define NX_NFIELDS (NX_FIELD_PATH + 1)
#define NX_NLISTS (NX_LIST_NAMES + 1)

typedef struct nx_stored {
    char *buf;                               /* the record, owned */
    const char *field[NX_NFIELDS];           /* NULL when absent */
    const char **list[NX_NLISTS];            /* malloc'd arrays of borrowed strings */
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

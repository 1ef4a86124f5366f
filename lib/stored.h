/*
 * stored.h — the document data format: an article as a JSON object
 * (jansson), so that search results and snippets never re-read sources.
 *
 * nx_stored_encode returns a malloc'd compact JSON string (caller frees).
 * nx_stored_decode parses one into an nx_stored, which owns the parsed
 * JSON; its field pointers borrow from it until nx_stored_clear.
 */
#ifndef NX_STORED_H
#define NX_STORED_H

#include <stddef.h>
#include "newsidx.h"

#define NX_NFIELDS (NX_FIELD_PATH + 1)
#define NX_NLISTS (NX_LIST_NAMES + 1)

typedef struct nx_stored {
    void *root;                              /* json_t *, owned */
    const char *field[NX_NFIELDS];           /* NULL when absent */
    const char **list[NX_NLISTS];            /* malloc'd arrays of borrowed strings */
    size_t nlist[NX_NLISTS];
    const char **name_keys;                  /* parallel to list[NX_LIST_NAMES] */
} nx_stored;

/* JSON key of each field and list ("title", "tags", ...). */
const char *nx_field_key(nx_field f);
const char *nx_list_key(nx_list l);

/* date_norm overrides a->date when non-NULL (the normalised form).
 * names/name_keys (n_names each) are the recognised names as written and
 * their casefolded keys, stored as "names" and "name_keys". */
char *nx_stored_encode(const nx_article *a, const char *date_norm, const char *const *names,
                       const char *const *name_keys, size_t n_names, size_t *len);
/* The casefolded key of names[i] ("name_keys"); NULL when absent. */
const char *nx_stored_name_key(const nx_stored *s, size_t i);
nx_status nx_stored_decode(const char *data, size_t len, nx_stored *out);
void nx_stored_clear(nx_stored *s);

#endif

/*
 * upgrade.h — bringing a database written by an older newsidx up to this
 * one's index layout in place: every document is built again from its
 * stored record (lib/stored.h), which holds the whole article, so no
 * source file has to be read again and articles added through the library
 * are upgraded too.
 *
 * Needed when the shared analysis changes the terms an article gives
 * (schema 4: "G-7" and "e-mail" became the words "g7" and "email"); a
 * search of an older database would otherwise miss those articles.
 */
#ifndef NX_UPGRADE_H
#define NX_UPGRADE_H

#include "newsidx.h"
#include "xapian-c.h"
#include "indexer/docbuild.h"

/* Whether a database stamped `stamp` (len bytes; 0: none) must be rebuilt
 * before this newsidx writes to it. */
int nx_upgrade_needed(const char *stamp, size_t len);

/* Rebuilds every document of the writable db with builder b (no spelling
 * counts: the words are already in the dictionary), committing every
 * batch documents (0: 1000), so a killed upgrade keeps what it did and the
 * next one (the stamp is set by the caller only after this returns NX_OK)
 * does it again from the start, which is harmless.  *done (may be NULL)
 * receives the number of documents rebuilt.  On failure err
 * (NX_ERRMSG_MAX bytes) names where (path) and which document. */
nx_status nx_upgrade_rebuild(xc_db *db, nx_docbuilder *b, const char *path, unsigned batch,
                             unsigned long *done, char *err);

#endif

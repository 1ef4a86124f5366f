/*
 * core.h — small internals every room shares: status mapping from the
 * binding, error-message helpers (messages live in a fixed NX_ERRMSG_MAX
 * buffer inside each handle; the errmsg accessors return it, borrowed),
 * path checks, the growable buffer, the clock.  The handle structs live
 * with their rooms (indexer/writer_internal.h, searcher/index_internal.h).
 * Not installed; embedders see only newsidx.h.
 */
#ifndef NX_CORE_H
#define NX_CORE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "newsidx.h"
#include "xapian-c.h"
#include "lib/utf8.h"   /* the loader, bulk build and stored record check UTF-8 */
#include "lib/hash.h"   /* nx_fnv1a: its own module now; kept reachable from here */

#define NX_ERRMSG_MAX 1024

/* Maps a binding status to the library's. */
nx_status nx_status_from_xc(xc_status st);

/* snprintf into buf; never fails. */
void nx_seterr(char *buf, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Makes a malloc'd copy of a message for an errmsg out-parameter (NULL-safe). */
void nx_errout(char **errmsg, const char *msg);

/* Recognises what lives at path, before Xapian is asked to open or create
 * anything: a missing path, an existing Xapian database, or something else
 * (a plain file, a non-empty folder that holds no database). */
typedef enum { NX_PATH_MISSING, NX_PATH_DATABASE, NX_PATH_EMPTY_DIR, NX_PATH_OTHER } nx_path_kind;
nx_path_kind nx_classify_path(const char *path);

/* Growable byte buffer used for terms and messages. */
typedef struct nx_buf { char *p; size_t len, cap; } nx_buf;
/* b = a + c (neither may point into b). */
int nx_buf_set(nx_buf *b, const char *a, size_t alen, const char *c, size_t clen);
/* b += data (n bytes); keeps a NUL after the end. */
int nx_buf_append(nx_buf *b, const void *data, size_t n);
void nx_buf_free(nx_buf *b);

/* "dir/name", malloc'd (caller frees); NULL when out of memory. */
char *nx_path_join(const char *dir, const char *name);

/* Monotonic seconds. */
double nx_now(void);

/* 1 when s has no lowercase ASCII letter: a dateline ("PARIS") or an
 * acronym; names prefer another spelling when there is one. */
int nx_is_shouted(const char *s);

#endif

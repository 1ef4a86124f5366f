/*
 * load.h — reading an input file safely before any reader sees it.
 *
 * nx_load_file reads a whole file, refuses what is not text (NUL bytes in
 * the first block, or a size over the limit) and repairs encoding: valid
 * UTF-8 passes through (a UTF-8 BOM is dropped); otherwise the file is
 * decoded as Windows-1252/Latin-1, which is what stray bytes in news
 * archives almost always are, and a warning gives the offset of the first
 * bad byte.  The caller owns *data (free()).
 */
#ifndef NX_LOAD_H
#define NX_LOAD_H

#include <stddef.h>
#include "newsidx.h"

#define NX_MAX_FILE_BYTES (256u * 1024u * 1024u)

typedef struct nx_load_result {
    char *data;           /* NUL-terminated UTF-8, caller frees */
    size_t len;
    int recoded;          /* 1 if the file was not valid UTF-8 and was decoded as Latin-1 */
    size_t bad_offset;    /* offset of the first invalid byte when recoded */
} nx_load_result;

/* NX_ERR_IO: unreadable (message in errbuf); NX_ERR_FORMAT: binary or too
 * large (message in errbuf); NX_OK otherwise.  errbuf may be NULL. */
nx_status nx_load_file(const char *path, nx_load_result *res, char *errbuf, size_t errsz);
/* The same for an open descriptor read to its end (a pipe, standard
 * input); fd stays open. */
nx_status nx_load_fd(int fd, nx_load_result *res, char *errbuf, size_t errsz);

/* 1 when an HTML page's head (its first 4 KiB) declares a single-byte
 * Western charset (charset=iso-8859-1, latin1, windows-1252, cp1252): the
 * page said what its bytes are, and the Windows-1252 decode is what
 * browsers do for all of those (the WHATWG encoding standard maps
 * ISO-8859-1 to windows-1252), so its recoding is no surprise to warn of. */
int nx_load_declares_cp1252(const char *data, size_t len);

#endif

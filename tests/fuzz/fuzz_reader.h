/*
 * fuzz_reader.h — the sink the reader harnesses share: it checks what
 * indexer/reader.h promises of every article (an id; every string valid
 * UTF-8) and of every warning (a path and a message).
 */
#ifndef NX_FUZZ_READER_H
#define NX_FUZZ_READER_H

#include "fuzz.h"
#include "indexer/reader.h"

typedef nx_status (*fz_reader_fn)(const char *path, const char *data, size_t len,
                                  const nx_reader_sink *s);

/* Runs fn over data as a reader sees it (cleaned as by nx_load_file), as
 * if read from a file named path, and checks the articles. */
void fz_run_reader(fz_reader_fn fn, const char *path, const uint8_t *data, size_t size);

/* The checking sink for a reader run by the caller itself. */
nx_reader_sink fz_reader_sink(void);

#endif

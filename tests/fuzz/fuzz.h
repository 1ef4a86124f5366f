/*
 * fuzz.h — what every harness in tests/fuzz/ shares.
 *
 * Each harness defines LLVMFuzzerTestOneInput, the one entry point both
 * builds drive: clang's libFuzzer in the NX_FUZZ build (scripts/fuzz.sh),
 * and replay.c's main() in the normal gcc build, which feeds it every file
 * of the harness's corpus folder so ctest exercises each harness on every
 * change.  A harness reports a broken invariant with fz_fail(), which
 * aborts: libFuzzer and ctest both see that as a finding.
 *
 * The helpers own nothing the caller must free unless they say so.
 */
#ifndef NX_FUZZ_H
#define NX_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "newsidx.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints "fuzz invariant: <msg>" to stderr and aborts. */
void fz_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* A malloc'd NUL-terminated copy of data[0..size) (caller frees).  With
 * clean != 0 the copy is what nx_load_file promises a reader: every NUL
 * byte and every byte that starts no valid UTF-8 sequence becomes '?',
 * so the length stays size. */
char *fz_strndup(const uint8_t *data, size_t size, int clean);

/* A folder of its own for this process (made once, removed at exit);
 * borrowed. */
const char *fz_tmpdir(void);

/* Writes data to fz_tmpdir()/name and returns that path (malloc'd,
 * caller frees); aborts on failure (the harness cannot go on). */
char *fz_write_file(const char *name, const void *data, size_t size);

/* A small database built once per process through the public API only
 * (nx_writer_*) from a few generated articles, then opened read-only.
 * Borrowed; closed at exit. */
nx_index *fz_index(void);

/* Checks a page of results against the options that asked for it: no
 * longer than the limit, within the total (true counts: an exact total
 * past the offset leaves no page empty), ranks offset+1, offset+2, ...,
 * percentages 0..100, every hit with an id. */
void fz_check_page(const nx_results *r, const nx_search_opts *o);

#endif

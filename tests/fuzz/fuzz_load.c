/*
 * fuzz_load.c — the loader and format detection (indexer/load.c,
 * detect.c) on raw bytes: the first byte picks the file's extension (or
 * none, so detection looks at the content), the rest is written to a file
 * that nx_load_file reads, repairs and hands to nx_read_any.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_reader.h"
#include "indexer/load.h"
#include "lib/core.h"

static const char *const names[] = {
    "article", "story.txt", "wire.json", "wire.jsonl", "page.html", "page.htm", "reut.sgm",
    "notes.md", "TRAILING.JSON",
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    const char *name = names[data[0] % (sizeof names / sizeof *names)];
    char *path = fz_write_file(name, data + 1, size - 1);
    nx_load_result lr = { 0 };
    char err[512] = "";
    nx_status st = nx_load_file(path, &lr, err, sizeof err);
    if (st == NX_OK) {
        if (!lr.data || lr.data[lr.len] != '\0' || memchr(lr.data, 0, lr.len) ||
            !nx_utf8_valid(lr.data, lr.len, NULL))
            fz_fail("nx_load_file gave text that is not NUL-free UTF-8");
        (void)nx_format_name(nx_detect_format(path, lr.data, lr.len));
        nx_reader_sink s = fz_reader_sink();
        st = nx_read_any(path, lr.data, lr.len, &s);
        if (st != NX_OK && st != NX_ERR_FORMAT)
            fz_fail("nx_read_any returned %s", nx_status_name(st));
    } else if (st != NX_ERR_FORMAT || !*err) {
        fz_fail("nx_load_file returned %s (%s)", nx_status_name(st), err);
    }
    free(lr.data);
    remove(path);
    free(path);
    return 0;
}

/*
 * fuzz_read_html.c — the html reader (indexer/reader_html.c) on any input, as it
 * would see it after nx_load_file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run_reader(nx_read_html, "/fuzz/news/input.html", data, size);
    return 0;
}

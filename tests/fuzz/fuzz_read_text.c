/*
 * fuzz_read_text.c — the text reader (indexer/reader_text.c) on any input, as it
 * would see it after nx_load_file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run_reader(nx_read_text, "/fuzz/news/input.txt", data, size);
    return 0;
}

/*
 * fuzz_read_sgml.c — the sgml reader (indexer/reader_sgml.c) on any input, as it
 * would see it after nx_load_file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run_reader(nx_read_sgml, "/fuzz/news/input.sgm", data, size);
    return 0;
}

/*
 * fuzz_read_json.c — the json reader (indexer/reader_json.c) on any input, as it
 * would see it after nx_load_file.
 */
#include "fuzz_reader.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fz_run_reader(nx_read_json, "/fuzz/news/input.jsonl", data, size);
    return 0;
}

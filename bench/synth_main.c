/*
 * synth_main.c — nxsynth: writes the synthetic news-like corpus as JSON
 * Lines, for feeding `newsidx index` or other tools by hand:
 *   nxsynth --reuters DIR -n N -o out.jsonl [--seed S]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common.h"
#include "corpus.h"

int main(int argc, char **argv)
{
    const char *reuters = NULL, *out = NULL;
    unsigned long n = 10000;
    unsigned long long seed = 20250314ull;
    char err[256] = "", model[64], stream[64];
    bench_writer w;

    for (int i = 1; i + 1 < argc; i += 2) {
        if (strcmp(argv[i], "--reuters") == 0) reuters = argv[i + 1];
        else if (strcmp(argv[i], "-n") == 0) n = strtoul(argv[i + 1], NULL, 10);
        else if (strcmp(argv[i], "-o") == 0) out = argv[i + 1];
        else if (strcmp(argv[i], "--seed") == 0) seed = strtoull(argv[i + 1], NULL, 10);
        else {
            out = NULL;
            break;
        }
    }
    if (!reuters || !out || n == 0) {
        fprintf(stderr, "usage: nxsynth --reuters DIR -n N -o out.jsonl [--seed S]\n");
        return 2;
    }
    snprintf(model, sizeof model, "/tmp/nxsynth-model-%ld", (long)getpid());
    snprintf(stream, sizeof stream, "/tmp/nxsynth-stream-%ld", (long)getpid());
    int rc = bench_reuters_to_corpus(reuters, model, 0, &w, err, sizeof err);
    if (rc == 0) {
        memset(&w, 0, sizeof w);
        rc = bench_synth(model, n, seed, stream, out, &w, err, sizeof err);
    }
    unlink(model);
    unlink(stream);
    if (rc != 0) {
        fprintf(stderr, "nxsynth: %s\n", err);
        return 1;
    }
    fprintf(stderr, "nxsynth: %lu articles, %.1f MB of text in %s\n", w.records,
            (double)w.text_bytes / 1e6, out);
    return 0;
}

/*
 * corpus.h — turning the inputs of a benchmark into the corpus stream of
 * common.h: Reuters-21578 parsed with newsidx's own SGML reader, and the
 * synthetic news-like generator.
 */
#ifndef NX_BENCH_CORPUS_H
#define NX_BENCH_CORPUS_H

#include "common.h"

/* Parses every reut2-*.sgm of dir (in name order) into out; limit 0 = all.
 * Returns 0 on success (fills *w's counters), -1 with a message in err. */
int bench_reuters_to_corpus(const char *dir, const char *out, unsigned long limit,
                            bench_writer *w, char *err, size_t errsz);

/* Generates n articles into out (corpus stream) and, when jsonl is not NULL,
 * the same articles as JSON Lines.  The vocabulary and the length
 * distributions come from the corpus stream model (e.g. Reuters).  The same
 * seed gives the same articles. */
int bench_synth(const char *model, unsigned long n, unsigned long long seed,
                const char *out, const char *jsonl, bench_writer *w, char *err, size_t errsz);

#endif

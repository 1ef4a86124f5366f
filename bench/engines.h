/*
 * engines.h — the three engines the benchmarks compare, behind one shape:
 * newsidx through its public API, the plain Xapian pipeline through
 * xapian-c (TermGenerator/QueryParser, STEM_SOME), and SQLite FTS5
 * (porter unicode61, bm25).
 */
#ifndef NX_BENCH_ENGINES_H
#define NX_BENCH_ENGINES_H

#include <stddef.h>
#include "common.h"

typedef enum bench_engine { ENG_NEWSIDX = 0, ENG_XAPIAN, ENG_FTS5, ENG_COUNT } bench_engine;

const char *bench_engine_name(bench_engine e);
/* newsidx searches with query expansion (nx_search_opts.expand) when set. */
extern int bench_newsidx_expand;
extern int bench_newsidx_feedback;   /* nx_search_opts.feedback: 0 default, 1 always, -1 never */
extern int bench_newsidx_exact;      /* nx_search_opts.exact, default 0 */

typedef struct bench_index_result {
    unsigned long docs;
    unsigned long long text_bytes;   /* title + body bytes given to the engine */
    double seconds;
    char err[256];
} bench_index_result;

/* Index the corpus stream into db (removed first).  labels = 0 strips the
 * labels (topics, people, places, orgs) before newsidx sees an article, so
 * relevance judged on TOPICS is not read back from the index. */
int bench_index(bench_engine e, const char *corpus, const char *db, int labels,
                bench_index_result *res);

typedef struct bench_searcher bench_searcher;

bench_searcher *bench_searcher_open(bench_engine e, const char *db, char *err, size_t errsz);
void bench_searcher_close(bench_searcher *s);

/* Top k hits for a query as a user types it.  snippets: also produce a
 * ~200-character highlighted snippet per hit.  idx (may be NULL) receives
 * the record numbers of the hits (map translates string ids; FTS5 rowids
 * are record numbers + 1).  Returns the number of hits, -1 on error. */
long bench_search(bench_searcher *s, const char *query, unsigned k, int snippets,
                  const bench_idmap *map, long *idx);

/* Issue 6: with the Xapian reference's MSet for query, time MSet::snippet
 * on the stored bodies of the articles with the given ids (the hits another
 * engine returned).  Adds to *t_fetch (document lookups) and *t_snip
 * (snippet calls) and returns how many snippets were made, -1 on error. */
long bench_xapian_snippets_for(bench_searcher *s, const char *query, const char *const *ids,
                               size_t n, double *t_fetch, double *t_snip);

/* Ids of newsidx's top k hits for query with snippets on (copies into
 * ids[i], each up to idsz bytes).  Returns the count, -1 on error. */
long bench_newsidx_hit_ids(bench_searcher *s, const char *query, unsigned k,
                           char ids[][96], size_t maxids);

/* The FTS5 MATCH expression for a user query: every word quoted, OR-ed.
 * Writes "" when the query has no word. */
void bench_fts5_query(const char *query, char *out, size_t outsz);

#define BENCH_SNIPPET_CHARS 200

#endif

/*
 * json_out.h — the JSON objects `newsidx search --json`, `names --json`
 * and `newsidx serve` print, built in one place so the CLI and the HTTP
 * API always carry the same fields.
 *
 * Every function returns a new jansson reference (the caller owns it and
 * releases it with json_decref), or NULL when out of memory.  Strings are
 * copied: nothing returned borrows from the results it was built from.
 */
#ifndef NX_JSON_OUT_H
#define NX_JSON_OUT_H

#include <jansson.h>

#include "newsidx.h"

/* One hit of `search --json`: "type": "hit", id, rank, score, percent,
 * the stored fields (null when absent), the label lists ([] when empty),
 * snippet and highlights ([[start, end], ...] byte offsets into it),
 * title_highlights (the same into the title), similar (how many other
 * versions of the story it stands for) and similar_ids (some of them).
 * partial adds "partial": true.  with_body adds the article's "body"
 * (for one whole article, nx_index_get). */
json_t *json_out_hit(const nx_hit *h, int partial, int with_body);

/* The summary line of `search --json` for results r of query on ix:
 * "type": "summary", query, total, total_exact, offset, count,
 * suggestion, partial, missing_shards, shards. */
json_t *json_out_summary(const char *query, const nx_results *r, nx_index *ix, unsigned offset);

/* One whole article, as `show --json` prints it and /api/article returns
 * it: "type": "article", the fields and lists of a hit and the body. */
json_t *json_out_article(const nx_hit *h);

/* Name i of a facet, as `names --json` prints it: name, type, docs, total,
 * mentions, score, role ("" when none). */
json_t *json_out_name(const nx_name_facet *f, size_t i);

/* Prints o compactly on one line of stdout and releases it (NULL: nothing). */
void json_out_print(json_t *o);

#endif

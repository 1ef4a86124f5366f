/*
 * json_out.c — the JSON of hits, search summaries and names, shared by
 * the CLI's --json output and the HTTP API (json_out.h).
 */
#include <stdio.h>
#include <stdlib.h>

#include "json_out.h"

static json_t *str_array(const char *const *v, size_t n)
{
    json_t *a = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(a, json_string(v[i]));
    return a;
}

json_t *json_out_hit(const nx_hit *h, int partial, int with_body)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "type", json_string("hit"));
    if (partial)
        json_object_set_new(o, "partial", json_true());
    json_object_set_new(o, "id", json_string(nx_hit_id(h)));
    json_object_set_new(o, "rank", json_integer(nx_hit_rank(h)));
    json_object_set_new(o, "score", json_real(nx_hit_score(h)));
    json_object_set_new(o, "percent", json_integer(nx_hit_percent(h)));
    /* Which fields and lists, in this order; their keys are the library's names. */
    static const nx_field fields[] = { NX_FIELD_TITLE, NX_FIELD_DATE, NX_FIELD_BYLINE, NX_FIELD_DATELINE,
                                       NX_FIELD_SOURCE, NX_FIELD_SECTION, NX_FIELD_URL, NX_FIELD_PATH };
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        const char *v = nx_hit_field(h, fields[i]);
        json_object_set_new(o, nx_field_name(fields[i]), v ? json_string(v) : json_null());
    }
    static const nx_list lists[] = { NX_LIST_TAGS, NX_LIST_PEOPLE, NX_LIST_PLACES, NX_LIST_ORGS, NX_LIST_NAMES };
    for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
        const char *const *items;
        size_t n = nx_hit_list(h, lists[i], &items);
        /* [] when empty: jq '.people[]' works on every hit */
        json_object_set_new(o, nx_list_name(lists[i]), str_array(items, n));
    }
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    json_object_set_new(o, "snippet", json_string(snip ? snip : ""));
    json_t *hl = json_array();
    for (size_t i = 0; i < nspans; i++)
        json_array_append_new(hl, json_pack("[II]", (json_int_t)spans[i].start, (json_int_t)spans[i].end));
    json_object_set_new(o, "highlights", hl);
    const nx_span *tspans;
    size_t ntspans = nx_hit_title_spans(h, &tspans);
    json_t *thl = json_array();
    for (size_t i = 0; i < ntspans; i++)
        json_array_append_new(thl, json_pack("[II]", (json_int_t)tspans[i].start, (json_int_t)tspans[i].end));
    json_object_set_new(o, "title_highlights", thl);
    /* The other versions of this story (0 and [] with --all-versions). */
    const char *const *vids;
    size_t nv;
    json_object_set_new(o, "similar", json_integer((json_int_t)nx_hit_versions(h, &vids, &nv)));
    json_object_set_new(o, "similar_ids", str_array(vids, nv));
    if (with_body) {
        const char *body = nx_hit_field(h, NX_FIELD_BODY);
        json_object_set_new(o, nx_field_name(NX_FIELD_BODY), body ? json_string(body) : json_null());
    }
    return o;
}

json_t *json_out_summary(const char *query, const nx_results *r, nx_index *ix, unsigned offset)
{
    const char *const *names;
    const char *sugg = nx_results_suggestion(r);
    json_t *o = json_object();
    if (!o)
        return NULL;
    json_object_set_new(o, "type", json_string("summary"));
    json_object_set_new(o, "query", json_string(query));
    json_object_set_new(o, "total", json_integer((json_int_t)nx_results_total(r)));
    json_object_set_new(o, "total_exact", json_boolean(nx_results_total_exact(r)));
    json_object_set_new(o, "offset", json_integer(offset));
    json_object_set_new(o, "count", json_integer((json_int_t)nx_results_count(r)));
    json_object_set_new(o, "suggestion", sugg ? json_string(sugg) : json_null());
    json_object_set_new(o, "partial", json_boolean(nx_results_partial(r)));
    size_t nm = nx_index_missing_shards(ix, &names);
    json_object_set_new(o, "missing_shards", str_array(names, nm));
    size_t ns = nx_results_shards(r, &names);
    json_object_set_new(o, "shards", str_array(names, ns));
    return o;
}

json_t *json_out_article(const nx_hit *h)
{
    json_t *o = json_out_hit(h, 0, 1);
    if (!o)
        return NULL;
    /* A search's own keys mean nothing for one article read by id. */
    static const char *const drop[] = { "rank", "score", "percent", "snippet", "highlights", "title_highlights" };
    for (size_t i = 0; i < sizeof drop / sizeof *drop; i++)
        json_object_del(o, drop[i]);
    json_object_set_new(o, "type", json_string("article"));
    return o;
}

json_t *json_out_name(const nx_name_facet *f, size_t i)
{
    return json_pack("{s:s, s:s, s:I, s:I, s:I, s:f, s:s}", "name", nx_name_facet_name(f, i), "type",
                     nx_name_type_name(nx_name_facet_type(f, i)), "docs", (json_int_t)nx_name_facet_docs(f, i),
                     "total", (json_int_t)nx_name_facet_total(f, i), "mentions",
                     (json_int_t)nx_name_facet_mentions(f, i), "score", nx_name_facet_score(f, i), "role",
                     nx_name_facet_role(f, i));
}

void json_out_print(json_t *o)
{
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    if (s)
        puts(s);
    free(s);
    json_decref(o);
}

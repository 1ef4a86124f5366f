/*
 * serve_route.c — what each URL of `newsidx serve` answers: routing, the
 * parameters of a search, the JSON API (docs/HTTP.md), and the rules
 * every answer shares (error statuses, hidden paths).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "json_out.h"
#include "serve.h"

#define JSON_TYPE "application/json; charset=utf-8"

/* ------------------------------------------------------------ shared rules */

const char *serve_arg(const serve_request *rq, const char *key)
{
    for (size_t i = 0; i < rq->nargs; i++)
        if (!strcmp(rq->keys[i], key))
            return rq->values[i];
    return NULL;
}

void serve_config_defaults(serve_config *c)
{
    memset(c, 0, sizeof *c);
    c->threads = 1;
    c->max_connections = 256;
    c->timeout_s = 15;
    c->max_url = 4096;
    c->max_query = 1024;
    c->max_limit = 100;
    c->max_offset = 10000;
}

unsigned serve_status_for(nx_status st)
{
    switch (st) {
    case NX_ERR_QUERY:
    case NX_ERR_INVALID: return 400;
    case NX_ERR_NETWORK:
    case NX_ERR_MODIFIED:
    case NX_ERR_NOT_FOUND:
    case NX_ERR_NOT_DATABASE:
    case NX_ERR_IO:
    case NX_ERR_LOCKED: return 503;
    default: return 500;
    }
}

static void replace_all(char *s, size_t cap, const char *what, const char *with)
{
    size_t wl = strlen(what), rl = strlen(with);
    if (!wl)
        return;
    for (char *at = strstr(s, what); at; at = strstr(at + rl, what)) {
        size_t tail = strlen(at + wl);
        if ((size_t)(at - s) + rl + tail + 1 > cap)
            return;
        memmove(at + rl, at + wl, tail + 1);
        memcpy(at, with, rl);
    }
}

void serve_scrub(const serve_config *cfg, const char *msg, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s", msg);
    if (cfg->show_paths)
        return;
    /* The longer spellings first, so a real path is not half replaced. */
    if (cfg->db_real)
        replace_all(out, outsz, cfg->db_real, "(database)");
    /* A bare name ("news.db") shows no folder, and a short one would be
     * found inside words. */
    if (strchr(cfg->db, '/'))
        replace_all(out, outsz, cfg->db, "(database)");
    if (cfg->root)
        replace_all(out, outsz, cfg->root, "(archive)");
}

const char *serve_show_id(const serve_config *cfg, const char *id, char *buf, size_t bufsz)
{
    if (cfg->show_paths || id[0] != '/')
        return id;
    size_t rl = cfg->root ? strlen(cfg->root) : 0;
    if (rl && !strncmp(id, cfg->root, rl) && id[rl] == '/' && id[rl + 1]) {
        snprintf(buf, bufsz, "%s", id + rl + 1);
        return buf;
    }
    return NULL;
}

/* The stored id a shown id stands for (the inverse of serve_show_id);
 * NULL when it names a server path the server does not show. */
static const char *stored_id(const serve_config *cfg, const char *shown)
{
    if (cfg->show_paths)
        return shown;
    if (shown[0] == '/')
        return NULL;
    return shown;
}

/* Candidates for a shown relative id: itself, then under the root. */
static const char *rooted_id(const serve_config *cfg, const char *shown, char *buf, size_t bufsz)
{
    if (cfg->show_paths || !cfg->root || shown[0] == '/' || strstr(shown, "..") ||
        (size_t)snprintf(buf, bufsz, "%s/%s", cfg->root, shown) >= bufsz)
        return NULL;
    return buf;
}

void serve_set_body(serve_response *rs, unsigned status, const char *type, sbuf *b)
{
    size_t len;
    char *p = sb_take(b, &len);
    if (!p) {
        rs->status = 500;
        rs->type = "text/plain; charset=utf-8";
        rs->body = (char *)"out of memory\n";
        rs->len = strlen(rs->body);
        rs->body_static = 1;
        return;
    }
    rs->status = status;
    rs->type = type;
    rs->body = p;
    rs->len = len;
    rs->body_static = 0;
}

static void set_json(serve_response *rs, unsigned status, json_t *o)
{
    sbuf b = { 0 };
    char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    if (!s) {
        b.oom = 1;
    } else {
        sb_adds(&b, s);
        sb_adds(&b, "\n");
    }
    free(s);
    serve_set_body(rs, status, JSON_TYPE, &b);
}

void serve_error_json(serve_response *rs, unsigned status, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    json_t *o = json_object();
    /* A message quoting bad input that is not UTF-8 cannot be a JSON string. */
    json_t *m = json_string(msg);
    json_object_set_new(o, "error", m ? m : json_string("the request is not valid UTF-8"));
    json_object_set_new(o, "status", json_integer(status));
    set_json(rs, status, o);
}

/* Hides what --show-paths would show in one hit object: the file path,
 * and an id that is a server path outside the root. */
static void hide_paths(const serve_config *cfg, json_t *hit)
{
    if (cfg->show_paths)
        return;
    json_object_set_new(hit, "path", json_null());
    const char *id = json_string_value(json_object_get(hit, "id"));
    char buf[4096];
    const char *shown = id ? serve_show_id(cfg, id, buf, sizeof buf) : NULL;
    json_object_set_new(hit, "id", shown ? json_string(shown) : json_null());
}

static void hide_names(const serve_config *cfg, json_t *arr)
{
    size_t i;
    json_t *v;
    json_array_foreach(arr, i, v) {
        char buf[1024];
        serve_scrub(cfg, json_string_value(v), buf, sizeof buf);
        json_array_set_new(arr, i, json_string(buf));
    }
}

/* ------------------------------------------------------------ parameters */

/* A whole number from 0 to max, as the CLI's options take them. */
static int param_uint(const char *key, const char *v, unsigned min, unsigned max, unsigned *out, char *err,
                      size_t errsz)
{
    char *end;
    unsigned long n = strtoul(v, &end, 10);
    if (!*v || *end || v[0] == '-' || v[0] == '+' || v[0] == ' ') {
        snprintf(err, errsz, "%s needs a whole number, not '%s'", key, v);
        return -1;
    }
    if (n < min || n > max) {
        snprintf(err, errsz, "%s must be from %u to %u, not %s", key, min, max, v);
        return -1;
    }
    *out = (unsigned)n;
    return 0;
}

static int param_bool(const char *key, const char *v, int *out, char *err, size_t errsz)
{
    static const char *const yes[] = { "1", "true", "yes", "on", "" }, *const no[] = { "0", "false", "no", "off" };
    for (size_t i = 0; i < sizeof yes / sizeof *yes; i++)
        if (!strcasecmp(v, yes[i]))
            return *out = 1, 0;
    for (size_t i = 0; i < sizeof no / sizeof *no; i++)
        if (!strcasecmp(v, no[i]))
            return *out = 0, 0;
    snprintf(err, errsz, "%s must be 1 or 0 (true or false), not '%s'", key, v);
    return -1;
}

/* A filter value goes into the query as field:"value". */
static int param_filter(const char *key, const char *v, const char **out, char *err, size_t errsz)
{
    if (!*v) {
        *out = NULL;
        return 0;
    }
    for (const char *s = v; *s; s++)
        if (*s == '"' || (unsigned char)*s < 0x20) {
            snprintf(err, errsz, "%s: a value may not hold a double quote or a control character", key);
            return -1;
        }
    if (strlen(v) > 200) {
        snprintf(err, errsz, "%s: at most 200 bytes", key);
        return -1;
    }
    *out = v;
    return 0;
}

/* The search parameters of the API (api) or of the page; every
 * parameter is checked, unknown ones are refused on the API.  0, or -1
 * with the message in err. */
int serve_parse_search(const serve_config *cfg, const serve_request *rq, int api, serve_search *s, char *err,
                       size_t errsz)
{
    memset(s, 0, sizeof *s);
    nx_search_opts_init(&s->so);
    s->allow_partial = !api;   /* the page shows what it has, marked partial */
    unsigned page = 1;
    for (size_t i = 0; i < rq->nargs; i++) {
        const char *k = rq->keys[i], *v = rq->values[i];
        int bad = 0;
        if (!strcmp(k, "q"))
            s->q = v;
        else if (!strcmp(k, "since"))
            s->so.since = *v ? v : NULL;
        else if (!strcmp(k, "until"))
            s->so.until = *v ? v : NULL;
        else if (!strcmp(k, "sort")) {
            if (!strcmp(v, "date"))
                s->so.sort = NX_SORT_DATE;
            else if (!strcmp(v, "relevance") || !*v)
                s->so.sort = NX_SORT_RELEVANCE;
            else
                bad = (snprintf(err, errsz, "sort must be relevance or date, not '%s'", v), 1);
        } else if (!strcmp(k, "source"))
            bad = param_filter(k, v, &s->source, err, errsz);
        else if (!strcmp(k, "section"))
            bad = param_filter(k, v, &s->section, err, errsz);
        else if (!api && !strcmp(k, "page"))
            bad = param_uint(k, v, 1, cfg->max_offset / 10 + 1, &page, err, errsz);
        else if (api && !strcmp(k, "limit"))
            bad = param_uint(k, v, 1, cfg->max_limit, &s->so.limit, err, errsz);
        else if (api && !strcmp(k, "offset"))
            bad = param_uint(k, v, 0, cfg->max_offset, &s->so.offset, err, errsz);
        else if (api && !strcmp(k, "snippet_length"))
            bad = param_uint(k, v, 0, 2000, &s->so.snippet_length, err, errsz);
        else if (api && !strcmp(k, "fragments"))
            bad = param_uint(k, v, 0, 10, &s->so.snippet_fragments, err, errsz);
        else if (api && !strcmp(k, "expand"))
            bad = param_bool(k, v, &s->so.expand, err, errsz);
        else if (api && !strcmp(k, "feedback"))
            bad = param_bool(k, v, &s->so.feedback, err, errsz);
        else if (api && !strcmp(k, "exact"))
            bad = param_bool(k, v, &s->so.exact, err, errsz);
        else if (api && !strcmp(k, "allow_partial"))
            bad = param_bool(k, v, &s->allow_partial, err, errsz);
        else if (api)
            bad = (snprintf(err, errsz, "unknown parameter '%s' (docs/HTTP.md lists them)", k), 1);
        if (bad)
            return -1;
    }
    if (!api)
        s->so.offset = (page - 1) * s->so.limit;
    if (s->q && strlen(s->q) > cfg->max_query) {
        snprintf(err, errsz, "the query is %zu bytes long; at most %u", strlen(s->q), cfg->max_query);
        return -1;
    }
    return 0;
}

/* q with the filters appended: the query language's own field:"value". */
static char *compose_query(const serve_search *s)
{
    sbuf b = { 0 };
    int filtered = (s->source || s->section) && *s->q;
    if (filtered)
        sb_adds(&b, "(");
    sb_adds(&b, s->q);
    if (filtered)
        sb_adds(&b, ")");
    if (s->source)
        sb_printf(&b, " source:\"%s\"", s->source);
    if (s->section)
        sb_printf(&b, " section:\"%s\"", s->section);
    return sb_take(&b, NULL);
}

void serve_fail(const serve_ctx *ctx, serve_response *rs, int json, unsigned status, const char *msg)
{
    char clean[1024];
    serve_scrub(ctx->cfg, msg, clean, sizeof clean);
    if (json)
        serve_error_json(rs, status, "%s", clean);
    else
        serve_page_error(rs, status, clean);
    if (status == 503)
        rs->retry_after = 5;
}

nx_status serve_call(const serve_ctx *ctx, int partial, serve_call_fn fn, void *arg, nx_index **ixp, char *err,
                     size_t errsz)
{
    nx_status st = NX_OK;
    *ixp = NULL;
    for (int attempt = 0; attempt < 2; attempt++) {
        nx_index *ix = serve_pool_take(ctx->pool, partial, &st, err, errsz);
        if (!ix)
            return st == NX_ERR_INVALID || st == NX_ERR_QUERY ? NX_ERR_BACKEND : st;
        st = fn(ix, arg);
        if (st == NX_ERR_MODIFIED)   /* the library retried already; once more on the newest revision */
            st = fn(ix, arg);
        if (st == NX_OK) {
            *ixp = ix;
            return NX_OK;
        }
        snprintf(err, errsz, "%s", nx_index_errmsg(ix));
        serve_pool_give(ctx->pool, ix, partial, st);
        if (st != NX_ERR_NETWORK)
            break;
    }
    return st;
}

typedef struct search_call {
    const char *q;
    const nx_search_opts *so;
    nx_results *r;
} search_call;

static nx_status do_search(nx_index *ix, void *arg)
{
    search_call *c = arg;
    nx_results_free(c->r);
    c->r = NULL;
    return nx_search(ix, c->q, c->so, &c->r);
}

int serve_run_search(const serve_ctx *ctx, const serve_search *s, int json, serve_response *rs,
                     nx_results **r, nx_index **ixp, char **query, char *why, size_t whysz)
{
    *r = NULL;
    *query = NULL;
    char err[1024];
    char *q = compose_query(s);
    if (!q) {
        serve_fail(ctx, rs, json, 500, "out of memory");
        return -1;
    }
    search_call c = { q, &s->so, NULL };
    nx_status st = serve_call(ctx, s->allow_partial, do_search, &c, ixp, err, sizeof err);
    if (st == NX_ERR_QUERY && strcmp(q, s->q)) {
        /* Say what is wrong with the user's words as the CLI would, not
         * with the query the filters made of them. */
        nx_search_opts one = s->so;
        one.limit = 1;
        one.snippet_length = 0;
        search_call alone = { s->q, &one, NULL };
        nx_index *ix;
        if (serve_call(ctx, s->allow_partial, do_search, &alone, &ix, err, sizeof err) == NX_OK) {
            snprintf(err, sizeof err, "the source or section filter cannot be searched for");
            serve_pool_give(ctx->pool, ix, s->allow_partial, NX_OK);
        }
        nx_results_free(alone.r);
    }
    if (st != NX_OK) {
        nx_results_free(c.r);
        free(q);
        serve_fail(ctx, rs, json, serve_status_for(st), err);
        if (why)
            serve_scrub(ctx->cfg, err, why, whysz);
        return -1;
    }
    *r = c.r;
    *query = q;
    return 0;
}

/* ------------------------------------------------------------ the API */

static void api_search(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    serve_search s;
    char err[512];
    if (serve_parse_search(ctx->cfg, rq, 1, &s, err, sizeof err)) {
        serve_error_json(rs, 400, "%s", err);
        return;
    }
    if (!s.q || !*s.q) {
        serve_error_json(rs, 400, "give a query: /api/search?q=WORDS");
        return;
    }
    nx_results *r;
    nx_index *ix;
    char *query;
    if (serve_run_search(ctx, &s, 1, rs, &r, &ix, &query, NULL, 0))
        return;
    json_t *o = json_out_summary(query, r, ix, s.so.offset);
    json_object_del(o, "type");
    hide_names(ctx->cfg, json_object_get(o, "missing_shards"));
    hide_names(ctx->cfg, json_object_get(o, "shards"));
    json_t *hits = json_array();
    int partial = nx_results_partial(r);
    for (size_t i = 0; i < nx_results_count(r); i++) {
        json_t *h = json_out_hit(nx_results_hit(r, i), partial, 0);
        hide_paths(ctx->cfg, h);
        json_array_append_new(hits, h);
    }
    json_object_set_new(o, "hits", hits);
    nx_results_free(r);
    serve_pool_give(ctx->pool, ix, s.allow_partial, NX_OK);
    free(query);
    set_json(rs, 200, o);
}

typedef struct names_call {
    const char *q;
    unsigned limit, sample;
    nx_name_facet *f;
} names_call;

static nx_status do_names(nx_index *ix, void *arg)
{
    names_call *c = arg;
    nx_name_facet_free(c->f);
    c->f = NULL;
    return nx_names(ix, c->q, c->limit, c->sample, &c->f);
}

static void api_names(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    const char *q = NULL;
    unsigned limit = 20, sample = 500;
    int partial = 0;
    char err[512];
    for (size_t i = 0; i < rq->nargs; i++) {
        const char *k = rq->keys[i], *v = rq->values[i];
        int bad = 0;
        if (!strcmp(k, "q"))
            q = v;
        else if (!strcmp(k, "limit"))
            bad = param_uint(k, v, 1, 100, &limit, err, sizeof err);
        else if (!strcmp(k, "sample"))
            bad = param_uint(k, v, 1, 10000, &sample, err, sizeof err);
        else if (!strcmp(k, "allow_partial"))
            bad = param_bool(k, v, &partial, err, sizeof err);
        else
            bad = (snprintf(err, sizeof err, "unknown parameter '%s' (docs/HTTP.md lists them)", k), 1);
        if (bad) {
            serve_error_json(rs, 400, "%s", err);
            return;
        }
    }
    if (!q || !*q) {
        serve_error_json(rs, 400, "give a query: /api/names?q=WORDS");
        return;
    }
    if (strlen(q) > ctx->cfg->max_query) {
        serve_error_json(rs, 400, "the query is %zu bytes long; at most %u", strlen(q), ctx->cfg->max_query);
        return;
    }
    names_call nc = { q, limit, sample, NULL };
    nx_index *ix;
    nx_status st = serve_call(ctx, partial, do_names, &nc, &ix, err, sizeof err);
    if (st != NX_OK) {
        nx_name_facet_free(nc.f);
        serve_fail(ctx, rs, 1, serve_status_for(st), err);
        return;
    }
    nx_name_facet *f = nc.f;
    const char *const *missing;
    size_t nm = nx_index_missing_shards(ix, &missing);
    json_t *o = json_object(), *names = json_array(), *miss = json_array();
    for (size_t i = 0; i < nm; i++)
        json_array_append_new(miss, json_string(missing[i]));
    hide_names(ctx->cfg, miss);
    json_object_set_new(o, "query", json_string(q));
    json_object_set_new(o, "sampled", json_integer((json_int_t)nx_name_facet_sampled(f)));
    json_object_set_new(o, "partial", json_boolean(nm > 0));
    json_object_set_new(o, "missing_shards", miss);
    for (size_t i = 0; i < nx_name_facet_count(f); i++)
        json_array_append_new(names, json_out_name(f, i));
    json_object_set_new(o, "names", names);
    nx_name_facet_free(f);
    serve_pool_give(ctx->pool, ix, partial, NX_OK);
    set_json(rs, 200, o);
}

nx_status serve_get_article(const serve_ctx *ctx, nx_index *ix, const char *shown, nx_results **r)
{
    char buf[4096];
    *r = NULL;
    const char *id = stored_id(ctx->cfg, shown);
    if (!id)
        return NX_OK;
    nx_status st = nx_index_get(ix, id, r);
    if (st == NX_OK && !nx_results_count(*r) && (id = rooted_id(ctx->cfg, shown, buf, sizeof buf))) {
        nx_results_free(*r);
        *r = NULL;
        st = nx_index_get(ix, id, r);
    }
    return st;
}

const char *serve_article_id(const serve_request *rq, const char *prefix)
{
    size_t pl = strlen(prefix);
    if (!strncmp(rq->path, prefix, pl) && rq->path[pl])
        return rq->path + pl;
    return serve_arg(rq, "id");
}

typedef struct article_call {
    const serve_ctx *ctx;
    const char *shown;
    nx_results *r;
} article_call;

static nx_status do_article(nx_index *ix, void *arg)
{
    article_call *c = arg;
    nx_results_free(c->r);
    c->r = NULL;
    return serve_get_article(c->ctx, ix, c->shown, &c->r);
}

int serve_load_article(const serve_ctx *ctx, const serve_request *rq, const char *prefix, int json,
                       serve_response *rs, nx_index **ixp, nx_results **r)
{
    const char *id = serve_article_id(rq, prefix);
    *r = NULL;
    if (!id || !*id) {
        serve_fail(ctx, rs, json, 400,
                   json ? "give an id: /api/article/ID" : "Which article? The address needs ?id=ID.");
        return -1;
    }
    char err[1024];
    article_call c = { ctx, id, NULL };
    nx_status st = serve_call(ctx, 0, do_article, &c, ixp, err, sizeof err);
    if (st != NX_OK) {
        nx_results_free(c.r);
        serve_fail(ctx, rs, json, serve_status_for(st) == 400 ? 500 : serve_status_for(st), err);
        return -1;
    }
    if (!nx_results_count(c.r)) {
        nx_results_free(c.r);
        serve_pool_give(ctx->pool, *ixp, 0, NX_OK);
        snprintf(err, sizeof err, "no article has the id '%s'", id);
        serve_fail(ctx, rs, json, 404, err);
        return -1;
    }
    *r = c.r;
    return 0;
}

static json_t *article_json(const serve_ctx *ctx, const nx_hit *h)
{
    json_t *o = json_out_article(h);
    if (o)
        hide_paths(ctx->cfg, o);
    return o;
}

static void api_article(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    nx_index *ix;
    nx_results *r;
    if (serve_load_article(ctx, rq, "/api/article/", 1, rs, &ix, &r))
        return;
    set_json(rs, 200, article_json(ctx, nx_results_hit(r, 0)));
    nx_results_free(r);
    serve_pool_give(ctx->pool, ix, 0, NX_OK);
}

typedef struct similar_call {
    const char *id, *filter;
    const nx_search_opts *so;
    nx_results *r;
} similar_call;

static nx_status do_similar(nx_index *ix, void *arg)
{
    similar_call *c = arg;
    nx_results_free(c->r);
    c->r = NULL;
    return nx_similar(ix, c->id, c->filter, c->so, &c->r);
}

/* GET /api/similar/ID: the related stories of an article (nx_similar),
 * shaped as /api/search answers: the summary (its "query" the id shown)
 * and "hits".  q, source and section filter; the other search parameters
 * page and shape the hits.  The id is resolved as /api/article resolves
 * it, so an unknown or hidden id is a 404 alike. */
static void api_similar(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    serve_search s;
    char err[1024];
    if (serve_parse_search(ctx->cfg, rq, 1, &s, err, sizeof err)) {
        serve_error_json(rs, 400, "%s", err);
        return;
    }
    nx_index *ix;
    nx_results *art;
    if (serve_load_article(ctx, rq, "/api/similar/", 1, rs, &ix, &art))
        return;
    char *id = strdup(nx_hit_id(nx_results_hit(art, 0)));
    nx_results_free(art);
    serve_pool_give(ctx->pool, ix, 0, NX_OK);
    if (!s.q)
        s.q = "";
    char *filter = compose_query(&s);
    if (!id || !filter) {
        free(id);
        free(filter);
        serve_fail(ctx, rs, 1, 500, "out of memory");
        return;
    }
    similar_call c = { id, filter, &s.so, NULL };
    nx_status st = serve_call(ctx, s.allow_partial, do_similar, &c, &ix, err, sizeof err);
    free(filter);
    free(id);
    if (st != NX_OK) {
        nx_results_free(c.r);
        serve_fail(ctx, rs, 1, serve_status_for(st), err);
        return;
    }
    json_t *o = json_out_summary(serve_article_id(rq, "/api/similar/"), c.r, ix, s.so.offset);
    json_object_del(o, "type");
    hide_names(ctx->cfg, json_object_get(o, "missing_shards"));
    hide_names(ctx->cfg, json_object_get(o, "shards"));
    json_t *hits = json_array();
    int partial = nx_results_partial(c.r);
    for (size_t i = 0; i < nx_results_count(c.r); i++) {
        json_t *h = json_out_hit(nx_results_hit(c.r, i), partial, 0);
        hide_paths(ctx->cfg, h);
        json_array_append_new(hits, h);
    }
    json_object_set_new(o, "hits", hits);
    nx_results_free(c.r);
    serve_pool_give(ctx->pool, ix, s.allow_partial, NX_OK);
    set_json(rs, 200, o);
}

typedef struct stats_walk {
    const serve_config *cfg;
    json_t *arr;
} stats_walk;

static void add_shard(void *ctx, const char *name, unsigned long docs, int up)
{
    stats_walk *w = ctx;
    char buf[1024];
    serve_scrub(w->cfg, name, buf, sizeof buf);
    json_array_append_new(w->arr, json_pack("{s:s, s:I, s:b}", "name", buf, "articles", (json_int_t)docs,
                                            "available", up));
}

static void add_source(void *ctx, const char *value, unsigned long count)
{
    json_array_append_new(ctx, json_pack("{s:s, s:I}", "source", value, "articles", (json_int_t)count));
}

static void count_shards(void *ctx, const char *name, unsigned long docs, int up)
{
    (void)name, (void)docs, (void)up;
    ++*(size_t *)ctx;
}

typedef struct stats_call {
    const serve_config *cfg;
    int health;
    nx_stats s;
    json_t *shards, *sources;
} stats_call;

static nx_status do_stats(nx_index *ix, void *arg)
{
    stats_call *c = arg;
    /* A search that matches nothing still reaches every shard: a remote
     * one that went down shows here, where the statistics alone would
     * count what the handle last saw. */
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 1;
    so.snippet_length = 0;
    nx_results *r = NULL;
    nx_status st = nx_search(ix, "id:newsidx-serve-probe", &so, &r);
    nx_results_free(r);
    if (st == NX_OK)
        st = nx_index_stats(ix, &c->s);
    if (st != NX_OK || c->health)
        return st;
    json_decref(c->shards);
    json_decref(c->sources);
    stats_walk w = { c->cfg, json_array() };
    c->shards = w.arr;
    c->sources = json_array();
    size_t n = 0;
    st = nx_index_shards(ix, count_shards, &n);
    /* A single database is one "shard" named by its path: only real ones are listed. */
    if (st == NX_OK && n > 1)
        st = nx_index_shards(ix, add_shard, &w);
    if (st == NX_OK)
        st = nx_index_sources(ix, add_source, c->sources);
    return st;
}

static void api_stats(const serve_ctx *ctx, serve_response *rs, int health)
{
    char err[1024];
    stats_call c = { ctx->cfg, health, { 0 }, NULL, NULL };
    nx_index *ix;
    nx_status st = serve_call(ctx, 0, do_stats, &c, &ix, err, sizeof err);
    if (st != NX_OK) {
        json_decref(c.shards);
        json_decref(c.sources);
        if (health) {
            char clean[1024];
            serve_scrub(ctx->cfg, err, clean, sizeof clean);
            set_json(rs, 503, json_pack("{s:s, s:s}", "status", "unavailable", "error", clean));
            rs->retry_after = 5;
        } else {
            serve_fail(ctx, rs, 1, serve_status_for(st) == 400 ? 500 : serve_status_for(st), err);
        }
        return;
    }
    serve_pool_give(ctx->pool, ix, 0, NX_OK);
    json_t *o;
    if (health) {
        o = json_pack("{s:s, s:I, s:s}", "status", "ok", "articles", (json_int_t)c.s.documents, "last_indexed",
                      c.s.last_indexed);
    } else {
        o = json_pack("{s:I, s:I, s:I, s:f, s:s, s:s}", "articles", (json_int_t)c.s.documents, "terms",
                      (json_int_t)c.s.terms, "size_bytes", (json_int_t)c.s.size_bytes, "avg_length",
                      c.s.avg_length, "language", c.s.language, "last_indexed", c.s.last_indexed);
        json_object_set_new(o, "database", ctx->cfg->show_paths ? json_string(ctx->cfg->db) : json_null());
        json_object_set_new(o, "shards", c.shards);
        json_object_set_new(o, "sources", c.sources);
    }
    set_json(rs, 200, o);
}

/* ------------------------------------------------------------ routing */

static int is(const char *path, const char *route)
{
    return !strcmp(path, route);
}

void serve_route(const serve_ctx *ctx, const serve_request *rq, serve_response *rs)
{
    memset(rs, 0, sizeof *rs);
    const char *p = rq->path;
    int api = !strncmp(p, "/api/", 5) || is(p, "/api") || is(p, "/healthz");
    if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD")) {
        if (api)
            serve_error_json(rs, 405, "%s is not allowed: the API is read-only (GET or HEAD)", rq->method);
        else
            serve_page_error(rs, 405, "Only GET and HEAD requests are answered here.");
        rs->allow = "GET, HEAD";
        return;
    }
    if (rq->bad_args) {
        if (api)
            serve_error_json(rs, 400, "too many parameters, or a NUL byte in one");
        else
            serve_page_error(rs, 400, "The request has too many parameters, or a NUL byte in one.");
        return;
    }
    /* Every parameter is shown or searched for: it must be text. */
    for (size_t i = 0; i < rq->nargs; i++) {
        json_t *k = json_string(rq->keys[i]), *v = json_string(rq->values[i]);
        int bad = !k || !v;
        json_decref(k);
        json_decref(v);
        if (bad) {
            if (api)
                serve_error_json(rs, 400, "a parameter is not valid UTF-8");
            else
                serve_page_error(rs, 400, "A parameter is not valid UTF-8.");
            return;
        }
    }
    if (is(p, "/healthz"))
        api_stats(ctx, rs, 1);
    else if (is(p, "/api/search"))
        api_search(ctx, rq, rs);
    else if (is(p, "/api/names"))
        api_names(ctx, rq, rs);
    else if (is(p, "/api/stats"))
        api_stats(ctx, rs, 0);
    else if (!strncmp(p, "/api/article/", 13) || is(p, "/api/article"))
        api_article(ctx, rq, rs);
    else if (!strncmp(p, "/api/similar/", 13) || is(p, "/api/similar"))
        api_similar(ctx, rq, rs);
    else if (api)
        serve_error_json(rs, 404, "no such endpoint: %s (docs/HTTP.md lists them)", p);
    else if (is(p, "/"))
        serve_page_search(ctx, rq, rs);
    else if (!strncmp(p, "/article/", 9) || is(p, "/article"))
        serve_page_article(ctx, rq, rs);
    else if (is(p, "/static/style.css")) {
        rs->status = 200;
        rs->type = "text/css; charset=utf-8";
        rs->body = (char *)serve_style_css;
        rs->len = serve_style_css_len;
        rs->body_static = 1;
        rs->cacheable = 1;
    } else
        serve_page_error(rs, 404, "There is no page here.");
}

/*
 * test_serve.c — `newsidx serve`'s request handling without a socket:
 * serve_route() (the API, the pages) on a real database, driven by
 * thousands of generated requests (random methods, paths, parameters with
 * markup, quotes, bad UTF-8, long values).  Whatever comes in, the answer
 * has a known status, a JSON body that parses (an error object for every
 * error), or an HTML page where no byte of the request appears unescaped;
 * no server path leaks.  Also the escaping primitives against their
 * inverses, and path ids round-tripping through the article endpoint.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "cli/serve.h"

static char dir[] = "/tmp/nx-serve-XXXXXX";
static char dbpath[300], archive[300];
static serve_config cfg;
static serve_pool *pool;

static uint64_t rng = 88172645463325252ULL;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static int write_file(const char *name, const char *text)
{
    char p[400];
    snprintf(p, sizeof p, "%s/%s", archive, name);
    FILE *f = fopen(p, "w");
    if (!f)
        return -1;
    fputs(text, f);
    return fclose(f);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    snprintf(archive, sizeof archive, "%s/archive", dir);
    if (mkdir(archive, 0755))
        return -1;
    write_file("harbour.txt", "Harbour reopens after storm\n\nThe harbour reopened on Monday, the council said.\n");
    write_file("budget.txt", "Council budget <b>vote</b>\n\nThe council voted on the budget; Alice Martin said \"no\".\n");
    nx_writer *w = NULL;
    if (nx_writer_open(dbpath, NULL, &w, NULL) != NX_OK)
        return -1;
    nx_article a = { .id = "xss-1", .title = "<script>alert(1)</script> harbour",
                     .body = "Harbour <img src=x onerror=alert(2)> & \"quotes\" 'single'", .source = "Wire <i>",
                     .url = "javascript:alert(3)", .date = "2025-03-01" };
    if (nx_writer_add(w, &a, NULL) != NX_OK || nx_writer_index_path(w, archive, NULL, NULL, NULL) != NX_OK ||
        nx_writer_close(w) != NX_OK)
        return -1;
    serve_config_defaults(&cfg);
    cfg.db = dbpath;
    cfg.db_real = strdup(dbpath);
    cfg.root = strdup(dir);
    return serve_pool_new(dbpath, &pool, NULL) == NX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    serve_pool_free(pool);
    free(cfg.db_real);
    free(cfg.root);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ helpers */

typedef struct req {
    serve_request rq;
    char store[SERVE_MAX_ARGS][2][600];
} req;

static void req_init(req *r, const char *method, const char *path)
{
    memset(r, 0, sizeof *r);
    r->rq.method = method;
    r->rq.path = path;
    r->rq.target_len = strlen(path);
}

static void req_arg(req *r, const char *k, const char *v)
{
    size_t i = r->rq.nargs++;
    snprintf(r->store[i][0], sizeof r->store[i][0], "%s", k);
    snprintf(r->store[i][1], sizeof r->store[i][1], "%s", v);
    r->rq.keys[i] = r->store[i][0];
    r->rq.values[i] = r->store[i][1];
}

static json_t *route_json(req *r, serve_response *rs)
{
    serve_ctx ctx = { &cfg, pool };
    serve_route(&ctx, &r->rq, rs);
    assert_non_null(rs->body);
    assert_non_null(strstr(rs->type, "application/json"));
    json_error_t e;
    json_t *o = json_loadb(rs->body, rs->len, 0, &e);
    assert_non_null(o);
    return o;
}

static void free_rs(serve_response *rs)
{
    if (!rs->body_static)
        free(rs->body);
}

/* ------------------------------------------------------------ escaping */

static char *html_unescape(const char *s)
{
    static const struct { const char *ref; char c; } refs[] = {
        { "&amp;", '&' }, { "&lt;", '<' }, { "&gt;", '>' }, { "&quot;", '"' }, { "&#39;", '\'' }
    };
    char *out = malloc(strlen(s) + 1), *o = out;
    while (*s) {
        size_t i;
        for (i = 0; i < 5; i++)
            if (!strncmp(s, refs[i].ref, strlen(refs[i].ref)))
                break;
        if (i < 5) {
            *o++ = refs[i].c;
            s += strlen(refs[i].ref);
        } else {
            *o++ = *s++;
        }
    }
    *o = '\0';
    return out;
}

static void random_text(char *buf, size_t max)
{
    static const char *const bits[] = { "<", ">", "&", "\"", "'", "<script>", "</mark>", "é", "\xff", "\xc3",
                                        " ", "harbour", "council", "%", "+", "=", "\n", "\t", "name:", "(" };
    size_t n = 0, want = rnd((unsigned)max / 8 + 1);
    buf[0] = '\0';
    for (size_t i = 0; i < want; i++) {
        const char *b = bits[rnd(sizeof bits / sizeof *bits)];
        char one[2] = { (char)(1 + rnd(255)), 0 };
        if (rnd(4) == 0)
            b = one;
        if (n + strlen(b) + 1 > max)
            break;
        strcpy(buf + n, b);
        n += strlen(b);
    }
}

static void test_escaping(void **state)
{
    (void)state;
    for (int i = 0; i < 2000; i++) {
        char s[300];
        random_text(s, sizeof s);
        sbuf b = { 0 };
        sb_html(&b, s);
        char *h = sb_take(&b, NULL);
        assert_non_null(h);
        assert_null(strpbrk(h, "<>\"'"));
        char *back = html_unescape(h);
        assert_string_equal(back, s);
        free(back);
        free(h);
        sb_url(&b, s);
        char *u = sb_take(&b, NULL);
        assert_non_null(u);
        char dec[1000], *d = dec;
        for (const char *p = u; *p; p++) {
            if (*p == '%') {
                assert_true(p[1] && p[2]);
                unsigned v;
                assert_int_equal(sscanf(p + 1, "%2X", &v), 1);
                *d++ = (char)v;
                p += 2;
            } else {
                if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~", *p))
                    fail_msg("byte %d left as it is in %s (from %zu bytes)", *p, u, strlen(s));
                *d++ = *p;
            }
        }
        *d = '\0';
        assert_string_equal(dec, s);
        free(u);
    }
}

/* ------------------------------------------------------------ the API */

static void test_bad_query_is_the_libraries_message(void **state)
{
    (void)state;
    const char *bad[] = { "\"open", "(a OR b", "AND", "nosuchfield:x", "a NEAR/x b" };
    nx_index *ix;
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        nx_results *r = NULL;
        nx_status st = nx_search(ix, bad[i], NULL, &r);
        nx_results_free(r);
        req q;
        req_init(&q, "GET", "/api/search");
        req_arg(&q, "q", bad[i]);
        serve_response rs;
        json_t *o = route_json(&q, &rs);
        if (st == NX_ERR_QUERY) {
            assert_int_equal(rs.status, 400);
            assert_string_equal(json_string_value(json_object_get(o, "error")), nx_index_errmsg(ix));
        } else {
            assert_int_equal(rs.status, 200);
        }
        json_decref(o);
        free_rs(&rs);
    }
    nx_index_close(ix);
}

static void test_paths_hidden_and_round_trip(void **state)
{
    (void)state;
    req q;
    req_init(&q, "GET", "/api/search");
    req_arg(&q, "q", "harbour OR council OR budget");
    serve_response rs;
    json_t *o = route_json(&q, &rs);
    assert_int_equal(rs.status, 200);
    json_t *hits = json_object_get(o, "hits"), *h;
    size_t i, relative = 0;
    assert_true(json_array_size(hits) >= 3);
    json_array_foreach(hits, i, h) {
        const char *id = json_string_value(json_object_get(h, "id"));
        assert_non_null(id);
        assert_true(json_is_null(json_object_get(h, "path")));
        assert_true(id[0] != '/');
        if (strncmp(id, "archive/", 8))
            continue;
        relative++;
        req a;
        req_init(&a, "GET", "/api/article");
        req_arg(&a, "id", id);
        serve_response ra;
        json_t *art = route_json(&a, &ra);
        assert_int_equal(ra.status, 200);
        assert_string_equal(json_string_value(json_object_get(art, "id")), id);
        json_decref(art);
        free_rs(&ra);
    }
    assert_int_equal(relative, 2);
    assert_null(strstr(rs.body, dir));
    json_decref(o);
    free_rs(&rs);
    /* An absolute path is never looked up. */
    char abs[400];
    snprintf(abs, sizeof abs, "%s/harbour.txt", archive);
    req a;
    req_init(&a, "GET", "/api/article");
    req_arg(&a, "id", abs);
    o = route_json(&a, &rs);
    assert_int_equal(rs.status, 404);
    json_decref(o);
    free_rs(&rs);
}

/* /api/similar/ID: the related stories, never the article itself, shaped
 * as /api/search answers; an unknown id is a 404, a bad filter a 400. */
static void test_similar(void **state)
{
    (void)state;
    req q;
    req_init(&q, "GET", "/api/similar/archive/harbour.txt");
    serve_response rs;
    json_t *o = route_json(&q, &rs);
    assert_int_equal(rs.status, 200);
    assert_string_equal(json_string_value(json_object_get(o, "query")), "archive/harbour.txt");
    json_t *hits = json_object_get(o, "hits"), *h;
    size_t i;
    assert_true(json_array_size(hits) >= 1);
    json_array_foreach(hits, i, h) {
        const char *id = json_string_value(json_object_get(h, "id"));
        assert_non_null(id);
        assert_string_not_equal(id, "archive/harbour.txt");
        assert_true(id[0] != '/');
        assert_non_null(json_object_get(h, "similar"));
    }
    assert_null(strstr(rs.body, dir));
    json_decref(o);
    free_rs(&rs);
    /* A filter that leaves nothing: 200 and no hits. */
    req_init(&q, "GET", "/api/similar/xss-1");
    req_arg(&q, "q", "section:nosuchsection");
    o = route_json(&q, &rs);
    assert_int_equal(rs.status, 200);
    assert_int_equal(json_array_size(json_object_get(o, "hits")), 0);
    json_decref(o);
    free_rs(&rs);
    static const struct { const char *path, *key, *value; unsigned status; } bad[] = {
        { "/api/similar/no-such-id", NULL, NULL, 404 },
        { "/api/similar", NULL, NULL, 400 },
        { "/api/similar/xss-1", "q", "title:(", 400 },
        { "/api/similar/xss-1", "limit", "0", 400 },
    };
    for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
        req_init(&q, "GET", bad[k].path);
        if (bad[k].key)
            req_arg(&q, bad[k].key, bad[k].value);
        o = route_json(&q, &rs);
        assert_int_equal(rs.status, bad[k].status);
        assert_true(json_is_string(json_object_get(o, "error")));
        json_decref(o);
        free_rs(&rs);
    }
}

/* ------------------------------------------------------------ anything */

static const char *const methods[] = { "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "BREW", "" };
static const char *const paths[] = { "/", "/api/search", "/api/names", "/api/stats", "/healthz", "/api/article",
                                     "/api/article/xss-1", "/api/article/archive/harbour.txt", "/article",
                                     "/article/xss-1", "/static/style.css", "/api", "/api/", "/nothing",
                                     "//", "/api/search/", "/article?id=1", "/%3Cscript%3E", "/api/similar/xss-1" };
static const char *const keys[] = { "q", "q", "q", "limit", "offset", "sort", "since", "until", "snippet_length",
                                    "fragments", "exact", "feedback", "expand", "allow_partial", "source",
                                    "section", "page", "id", "sample", "x<y", "" };

/* A value a real client might send for key. */
static void good_value(const char *key, char *out, size_t n)
{
    static const char *const words[] = { "harbour", "council budget", "\"the harbour\"", "storm OR vote",
                                         "title:harbour", "alice martin", "harb*", "xss-1" };
    if (!strcmp(key, "limit") || !strcmp(key, "offset") || !strcmp(key, "page") || !strcmp(key, "sample") ||
        !strcmp(key, "fragments") || !strcmp(key, "snippet_length"))
        snprintf(out, n, "%u", 1 + rnd(20));
    else if (!strcmp(key, "sort"))
        snprintf(out, n, "%s", rnd(2) ? "date" : "relevance");
    else if (!strcmp(key, "since") || !strcmp(key, "until"))
        snprintf(out, n, "2025-0%u", 1 + rnd(9));
    else if (!strcmp(key, "exact") || !strcmp(key, "feedback") || !strcmp(key, "expand") ||
             !strcmp(key, "allow_partial"))
        snprintf(out, n, "%s", rnd(2) ? "1" : "false");
    else
        snprintf(out, n, "%s", words[rnd(sizeof words / sizeof *words)]);
}

static void test_any_request(void **state)
{
    (void)state;
    serve_ctx ctx = { &cfg, pool };
    char pathbuf[1000], junk[600];
    unsigned seen[600] = { 0 };
    for (int n = 0; n < 3000; n++) {
        req q;
        const char *path = paths[rnd(sizeof paths / sizeof *paths)];
        if (rnd(5) == 0) {
            random_text(junk, 200);
            snprintf(pathbuf, sizeof pathbuf, "%s%s", path, junk);
            path = pathbuf;
        }
        req_init(&q, rnd(6) ? "GET" : methods[rnd(sizeof methods / sizeof *methods)], path);
        unsigned nargs = rnd(6);
        for (unsigned i = 0; i < nargs; i++) {
            random_text(junk, rnd(10) ? 120 : 590);
            if (rnd(3) == 0)
                snprintf(junk, sizeof junk, "%u", rnd(3) ? rnd(200) : (unsigned)rnd(4000000000u));
            const char *key = keys[rnd(sizeof keys / sizeof *keys)];
            if (rnd(3))
                good_value(key, junk, sizeof junk);
            req_arg(&q, key, junk);
        }
        serve_response rs;
        serve_route(&ctx, &q.rq, &rs);
        static const unsigned ok[] = { 200, 400, 404, 405, 414, 503 };
        int known = 0;
        for (size_t i = 0; i < sizeof ok / sizeof *ok; i++)
            known |= rs.status == ok[i];
        if (!known)
            fail_msg("status %u for %s %s", rs.status, q.rq.method, path);
        seen[rs.status < 600 ? rs.status : 0]++;
        assert_non_null(rs.body);
        assert_int_equal(strlen(rs.body), rs.len);
        if (strstr(rs.type, "application/json")) {
            json_error_t e;
            json_t *o = json_loadb(rs.body, rs.len, 0, &e);
            if (!o)
                fail_msg("not JSON (%s) for %s: %.200s", e.text, path, rs.body);
            if (rs.status != 200) {
                assert_true(json_is_string(json_object_get(o, "error")));
                assert_int_equal(json_integer_value(json_object_get(o, "status")), rs.status);
            }
            json_decref(o);
        } else if (strstr(rs.type, "text/html")) {
            assert_null(strstr(rs.body, "<script"));
            assert_null(strstr(rs.body, "<img"));
            assert_null(strstr(rs.body, "href=\"javascript:"));
            for (size_t i = 0; i < q.rq.nargs; i++) {
                const char *v = q.rq.values[i];
                /* A value with markup in it is never written as it came. */
                if (strpbrk(v, "<>\"") && strlen(v) > 3)
                    assert_null(strstr(rs.body, v));
            }
        } else {
            assert_int_equal(rs.status, 200);
        }
        assert_null(strstr(rs.body, dir));
        if (rs.status == 405)
            assert_non_null(rs.allow);
        free_rs(&rs);
    }
    /* The generator reaches every kind of answer. */
    print_message("answers: %u 200, %u 400, %u 404, %u 405\n", seen[200], seen[400], seen[404], seen[405]);
    assert_true(seen[200] > 300 && seen[400] > 300 && seen[404] > 100 && seen[405] > 50);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escaping),
        cmocka_unit_test(test_bad_query_is_the_libraries_message),
        cmocka_unit_test(test_paths_hidden_and_round_trip),
        cmocka_unit_test(test_similar),
        cmocka_unit_test(test_any_request),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

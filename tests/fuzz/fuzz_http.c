/*
 * fuzz_http.c — `newsidx serve`'s request handling (serve_route: the API
 * and the pages) on the small database of fz_index.  The input is one
 * raw HTTP request ("GET /api/search?q=a+b HTTP/1.1\r\nHost: x\r\n..."):
 * the harness splits it as libmicrohttpd does (request line, path,
 * '&'-separated parameters, percent- and '+'-decoding) and hands it to
 * serve_route, which knows nothing of sockets.
 *
 * Checked: the status is one the server documents; the body is as long
 * as it says; JSON parses, and an error carries its status; an HTML page
 * holds no element made of the request (no <script, <img, javascript:
 * link, and no parameter with markup written as it came); no server path
 * of the database shows (unless the request carried it: the query box
 * shows the query back, escaped).
 */
#define _GNU_SOURCE   /* memmem */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli/serve.h"
#include "fuzz.h"

static serve_config cfg;
static serve_pool *pool;
/* The home page: its own markup ("<title>") is not a request's echo. */
static char *home;

static void setup(void)
{
    if (pool)
        return;
    (void)fz_index();   /* builds fz_tmpdir()/db */
    static char db[512];
    snprintf(db, sizeof db, "%s/db", fz_tmpdir());
    serve_config_defaults(&cfg);
    cfg.db = db;
    if (serve_pool_new(db, &pool, NULL) != NX_OK)
        fz_fail("cannot open %s", db);
    serve_request rq;
    memset(&rq, 0, sizeof rq);
    rq.method = "GET";
    rq.path = "/";
    serve_ctx ctx = { &cfg, pool };
    serve_response rs;
    serve_route(&ctx, &rq, &rs);
    home = fz_strndup((const uint8_t *)rs.body, rs.len, 0);
    if (!rs.body_static)
        free(rs.body);
}

static int hexval(char c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* In place, as libmicrohttpd decodes: %XX, and '+' as a space in values. */
static size_t decode(char *s, int plus)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
            *o++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
            p += 2;
        } else {
            *o++ = plus && *p == '+' ? ' ' : *p;
        }
    }
    *o = '\0';
    return (size_t)(o - s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    setup();
    char *text = fz_strndup(data, size, 0);
    char *line_end = strstr(text, "\r\n");
    if (line_end)
        *line_end = '\0';
    char *sp1 = strchr(text, ' ');
    if (!sp1) {
        free(text);
        return 0;
    }
    *sp1 = '\0';
    char *target = sp1 + 1, *sp2 = strchr(target, ' ');
    if (sp2)
        *sp2 = '\0';
    serve_request rq;
    memset(&rq, 0, sizeof rq);
    rq.method = text;
    rq.target_len = strlen(target);
    char *query = strchr(target, '?');
    if (query)
        *query++ = '\0';
    decode(target, 0);   /* a %00 ends the path, as the C string libmicrohttpd hands over */
    rq.path = target;
    for (char *tok = query ? strtok(query, "&") : NULL; tok; tok = strtok(NULL, "&")) {
        char *eq = strchr(tok, '=');
        if (eq)
            *eq++ = '\0';
        if (rq.nargs == SERVE_MAX_ARGS) {
            rq.bad_args = 1;
            break;
        }
        size_t kl = decode(tok, 1), vl = eq ? decode(eq, 1) : 0;
        if (kl != strlen(tok) || (eq && vl != strlen(eq)))
            rq.bad_args = 1;
        rq.keys[rq.nargs] = tok;
        rq.values[rq.nargs++] = eq ? eq : "";
    }
    serve_ctx ctx = { &cfg, pool };
    serve_response rs;
    serve_route(&ctx, &rq, &rs);
    static const unsigned known[] = { 200, 400, 404, 405, 414, 500, 503 };
    int ok = 0;
    for (size_t i = 0; i < sizeof known / sizeof *known; i++)
        ok |= rs.status == known[i];
    if (!ok || !rs.body || strlen(rs.body) != rs.len)
        fz_fail("status %u, body of %zu bytes for %s %s", rs.status, rs.len, rq.method, rq.path);
    if (strstr(rs.type, "application/json")) {
        json_error_t e;
        json_t *o = json_loadb(rs.body, rs.len, 0, &e);
        if (!o)
            fz_fail("not JSON: %s", e.text);
        if (rs.status != 200 && (!json_is_string(json_object_get(o, "error")) ||
                                 json_integer_value(json_object_get(o, "status")) != rs.status))
            fz_fail("an error without its message or status");
        json_decref(o);
    } else if (strstr(rs.type, "text/html")) {
        if (strstr(rs.body, "<script") || strstr(rs.body, "<img") || strstr(rs.body, "href=\"javascript:"))
            fz_fail("an element made of the request on the page");
        for (size_t i = 0; i < rq.nargs; i++)
            if (strpbrk(rq.values[i], "<>\"") && strlen(rq.values[i]) > 3 && strstr(rs.body, rq.values[i]) &&
                !strstr(home, rq.values[i]))
                fz_fail("parameter %s written unescaped", rq.keys[i]);
    }
    /* A path the request itself carries comes back escaped in the page
     * (the query shown in its box); any other is the server's. */
    if (strstr(rs.body, fz_tmpdir()) && !memmem(data, size, fz_tmpdir(), strlen(fz_tmpdir())))
        fz_fail("a server path in the answer");
    if (!rs.body_static)
        free(rs.body);
    free(text);
    return 0;
}

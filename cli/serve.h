/*
 * serve.h — the parts of `newsidx serve` and what each owns.
 *
 *   cmd_serve.c     options, start-up checks, signals (SIGHUP reopens,
 *                   SIGTERM/SIGINT drain), the daemon's life
 *   serve_http.c    libmicrohttpd glue: per-request context, limits on
 *                   connections and URL length, the bearer token, the
 *                   security headers, the access log
 *   serve_route.c   a request (already split by libmicrohttpd) to a
 *                   response: routing, parameters, the JSON API
 *   serve_page.c    the HTML pages (search, article, errors)
 *   serve_assets.c  the stylesheet, compiled in
 *   serve_pool.c    the read handles (one request uses one at a time)
 *   serve_text.c    a growable buffer, HTML escaping, URL encoding
 *
 * serve_route() and what it calls know nothing of sockets or of
 * libmicrohttpd, so tests/fuzz can drive them with made-up requests.
 */
#ifndef NX_SERVE_H
#define NX_SERVE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "newsidx.h"

/* ------------------------------------------------------------ text */

/* A growable string: a memory stream opened at the first append.
 * Starts zeroed ({ 0 }); a failed allocation sets oom and later appends
 * do nothing.  End it with sb_take or sb_free. */
typedef struct sbuf {
    FILE *f;
    char *p;
    size_t len;
    int oom;
} sbuf;

void sb_add(sbuf *b, const char *s, size_t n);
void sb_adds(sbuf *b, const char *s);
void sb_printf(sbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* s with & < > " ' as character references: safe in element text and in
 * quoted attribute values. */
void sb_html(sbuf *b, const char *s);
/* s percent-encoded for a URL query value (all but A-Z a-z 0-9 - . _ ~). */
void sb_url(sbuf *b, const char *s);
/* Hands p over (the caller frees it with free) and resets b; NULL when
 * out of memory (b is then freed). *len may be NULL. */
char *sb_take(sbuf *b, size_t *len);
void sb_free(sbuf *b);

/* ------------------------------------------------------------ config */

typedef struct serve_config {
    const char *db;             /* the database as given (borrowed) */
    char *db_real;              /* its real path, or NULL (owned) */
    char *root;                 /* path ids under it are shown relative to it (owned; NULL: none) */
    unsigned threads;
    unsigned max_connections;   /* more at once are answered 503 */
    unsigned timeout_s;         /* a connection idle this long is closed */
    unsigned max_url;           /* bytes of the request target; longer: 414 */
    unsigned max_query;         /* bytes of q; longer: 400 */
    unsigned max_limit;         /* largest limit= */
    unsigned max_offset;        /* largest offset= (deep pages cost) */
    int show_paths;             /* show file paths (path field, path ids, database path) */
    int quiet;                  /* no access log */
    int check_host;             /* answer only requests whose Host is a loopback name or allowed */
    const char *allow_hosts;    /* more Host names, comma-separated (borrowed), or NULL */
    char *token;                /* bearer token (owned), NULL: none */
    size_t token_len;
} serve_config;

/* Fills c with the defaults (docs/HTTP.md lists them); db and the paths
 * are left NULL. */
void serve_config_defaults(serve_config *c);

/* ------------------------------------------------------------ handles */

typedef struct serve_pool serve_pool;

/* A pool of read handles on db.  Opening the first one checks the
 * database: on failure returns its status and *errmsg (caller frees with
 * nx_free).  Caller frees the pool with serve_pool_free. */
nx_status serve_pool_new(const char *db, serve_pool **out, char **errmsg);
/* A handle for one request, opened with allow_partial as asked (handles
 * of the two kinds are kept apart: a partial handle leaves a down shard
 * out for good).  NULL on failure, with the status in *st and the
 * message in err.  Give it back with serve_pool_give. */
nx_index *serve_pool_take(serve_pool *p, int partial, nx_status *st, char *err, size_t errsz);
/* st is how its last call went: a handle that met a network error is
 * closed, not kept (after a remote shard fails mid-search, Xapian's
 * connections to the others are broken too, and the handle would report
 * them as the failing ones), so the next request opens afresh. */
void serve_pool_give(serve_pool *p, nx_index *ix, int partial, nx_status st);
/* SIGHUP: every handle opened before is closed at its next use and a
 * fresh one opened in its place (a new shard map, a database swapped in). */
void serve_pool_reopen(serve_pool *p);
/* Closes every pooled handle; none may be out. */
void serve_pool_free(serve_pool *p);

/* ------------------------------------------------------------ requests */

#define SERVE_MAX_ARGS 32

typedef struct serve_request {
    const char *method;         /* "GET", "HEAD", ... */
    const char *path;           /* decoded path, without the query string */
    size_t target_len;          /* bytes of the raw request target */
    const char *keys[SERVE_MAX_ARGS];
    const char *values[SERVE_MAX_ARGS];   /* decoded; "" for a key without '=' */
    size_t nargs;
    int bad_args;               /* more than SERVE_MAX_ARGS, or a NUL byte in one */
    const char *authorization;  /* the Authorization header, or NULL */
} serve_request;

typedef struct serve_response {
    unsigned status;
    const char *type;           /* Content-Type */
    char *body;                 /* malloc'd unless body_static */
    size_t len;
    int body_static;
    const char *allow;          /* Allow header (405) */
    int bearer_challenge;       /* WWW-Authenticate: Bearer (401) */
    unsigned retry_after;       /* seconds, 0: none (503) */
    int cacheable;              /* compiled-in assets: may be cached */
} serve_response;

typedef struct serve_ctx {
    const serve_config *cfg;
    serve_pool *pool;
} serve_ctx;

/* Answers one request; never fails (out of memory is a 500 with a static
 * body).  The caller frees rs->body unless rs->body_static. */
void serve_route(const serve_ctx *ctx, const serve_request *rq, serve_response *rs);

/* Fills rs with {"error": message, "status": status} (JSON). */
void serve_error_json(serve_response *rs, unsigned status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Takes b's bytes as the body of rs with that status and type; out of
 * memory gives a 500. */
void serve_set_body(serve_response *rs, unsigned status, const char *type, sbuf *b);
/* The HTTP status for a library failure (400 bad query, 503 shard or
 * database down, 500 otherwise). */
unsigned serve_status_for(nx_status st);
/* msg with every mention of the database's location replaced unless
 * show_paths, into out. */
void serve_scrub(const serve_config *cfg, const char *msg, char *out, size_t outsz);
/* The id to show for a stored id: as stored, or relative to the root for
 * a path under it, or NULL when it is a server path to hide.  buf holds
 * the result when it is rewritten. */
const char *serve_show_id(const serve_config *cfg, const char *id, char *buf, size_t bufsz);
/* The value of query parameter key, or NULL. */
const char *serve_arg(const serve_request *rq, const char *key);

/* ------------------------------------------------------------ http */

typedef struct serve_http serve_http;

/* Starts libmicrohttpd's thread pool on the listening socket fd (bound
 * and listening; the server takes it over).  0, or -1 with a message in
 * err.  ctx must outlive the server. */
int serve_http_start(const serve_ctx *ctx, int fd, int ipv6, serve_http **out, char *err, size_t errsz);
/* Stops taking connections; every later answer says Connection: close. */
void serve_http_quiesce(serve_http *h);
/* Requests being answered, and connections open, now. */
unsigned serve_http_inflight(const serve_http *h);
unsigned serve_http_connections(const serve_http *h);
/* Stops the threads (closing any connection left) and frees h. */
void serve_http_stop(serve_http *h);

/* ------------------------------------------------------------ pages */

/* The HTML pages (serve_page.c): "/" (search form, results) and
 * "/article". */
void serve_page_search(const serve_ctx *ctx, const serve_request *rq, serve_response *rs);
void serve_page_article(const serve_ctx *ctx, const serve_request *rq, serve_response *rs);
/* An HTML page saying what went wrong, with that status. */
void serve_page_error(serve_response *rs, unsigned status, const char *message);

/* The stylesheet served at /static/style.css (serve_assets.c). */
extern const char serve_style_css[];
extern const size_t serve_style_css_len;

/* ------------------------------------------------------------ search */

/* What a search request asks, from the API's or the page's parameters. */
typedef struct serve_search {
    const char *q;              /* the user's query */
    const char *source, *section;   /* filters, or NULL */
    nx_search_opts so;
    int allow_partial;
} serve_search;

/* Runs s on a handle from the pool: on success *r and *ix are set (the
 * caller frees r with nx_results_free, then gives ix back) and *query is
 * the query run (caller frees).  On failure fills rs with an error
 * (JSON when json, else an HTML page), copies the message into why
 * (when not NULL) and returns -1. */
int serve_run_search(const serve_ctx *ctx, const serve_search *s, int json, serve_response *rs,
                     nx_results **r, nx_index **ix, char **query, char *why, size_t whysz);

/* Takes a handle from the pool and runs fn(handle, arg) on it.  A
 * handle that meets a network error is dropped and fn runs once more on a
 * fresh one (after SIGHUP, a shard's restart...).  NX_OK: *ixp is the
 * handle, to give back with serve_pool_give when its results are freed.
 * Otherwise the handle went back already, and err holds the message. */
typedef nx_status (*serve_call_fn)(nx_index *ix, void *arg);
nx_status serve_call(const serve_ctx *ctx, int partial, serve_call_fn fn, void *arg, nx_index **ixp, char *err,
                     size_t errsz);

/* The search parameters of the API (api) or of the page (page= instead
 * of limit/offset; allow_partial by default); every value is checked and
 * unknown parameters are refused on the API.  0, or -1 with the message
 * in err. */
int serve_parse_search(const serve_config *cfg, const serve_request *rq, int api, serve_search *s, char *err,
                       size_t errsz);
/* The id in the path after prefix ("/api/article/ID"), else ?id=, else NULL. */
const char *serve_article_id(const serve_request *rq, const char *prefix);
/* The article a shown id (serve_show_id) stands for, from ix: NX_OK with
 * *r of one hit, or of none (an unknown id, or a hidden server path).
 * Caller frees *r with nx_results_free. */
nx_status serve_get_article(const serve_ctx *ctx, nx_index *ix, const char *shown, nx_results **r);
/* The article of /api/article/ID (prefix "/api/article/") or of the page
 * (prefix "/article/"), ?id= else, on a pooled handle: 0 with *r holding
 * its one hit and *ixp the handle to give back after freeing *r; or -1
 * with rs filled with the error (400 no id, 404 none has it, 5xx), JSON
 * when json, else an HTML page. */
int serve_load_article(const serve_ctx *ctx, const serve_request *rq, const char *prefix, int json,
                       serve_response *rs, nx_index **ixp, nx_results **r);
/* Fills rs with an error: JSON when json, else an HTML page; the message
 * scrubbed of server paths (serve_scrub); 503 adds Retry-After. */
void serve_fail(const serve_ctx *ctx, serve_response *rs, int json, unsigned status, const char *msg);

#endif

/*
 * serve_http.c — `newsidx serve` on libmicrohttpd: its thread pool reads
 * and parses each request; this file checks the limits that are the
 * server's own (connections, target length, the bearer token), hands the
 * request to serve_route(), adds the headers every answer carries, and
 * writes the access log.
 */
#include <microhttpd.h>
#include <stdint.h>
#include <netdb.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "serve.h"

/* The connections libmicrohttpd itself accepts beyond max_connections:
 * those are answered 503 by us; past this margin it closes them unread. */
#define CONN_MARGIN 64

struct serve_http {
    struct MHD_Daemon *d;
    const serve_ctx *ctx;
    atomic_uint inflight;
    atomic_uint connections;
    atomic_int draining;
};

/* One request: made when its request line arrives (URI log callback),
 * freed when its answer is sent or the connection fails. */
typedef struct req {
    struct timespec t0;
    char *target;
    size_t target_len;
    char method[16];
    unsigned status;
    size_t bytes;
    int answered;
} req;

static double since_ms(const struct timespec *t0)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
    (void)c;
    serve_http *h = cls;
    req *r = calloc(1, sizeof *r);
    if (!r)
        return NULL;
    clock_gettime(CLOCK_MONOTONIC, &r->t0);
    r->target_len = strlen(uri);
    /* The log keeps the first 2 KB of a long target. */
    r->target = strndup(uri, 2048);
    atomic_fetch_add(&h->inflight, 1);
    return r;
}

/* Bytes outside printable ASCII as \xHH, so a request cannot write raw
 * control characters (or a fake log line) into the log. */
static void log_escaped(sbuf *b, const char *s)
{
    for (; s && *s; s++) {
        unsigned char ch = (unsigned char)*s;
        if (ch < 0x20 || ch >= 0x7f || ch == '"' || ch == '\\')
            sb_printf(b, "\\x%02X", ch);
        else
            sb_add(b, s, 1);
    }
}

static void access_log(struct MHD_Connection *c, const req *r, enum MHD_RequestTerminationCode why)
{
    char host[NI_MAXHOST] = "-";
    const union MHD_ConnectionInfo *ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci && ci->client_addr) {
        socklen_t len = ci->client_addr->sa_family == AF_INET6 ? sizeof(struct sockaddr_in6)
                                                                : sizeof(struct sockaddr_in);
        getnameinfo(ci->client_addr, len, host, sizeof host, NULL, 0, NI_NUMERICHOST);
    }
    char when[32];
    time_t now = time(NULL);
    struct tm tm;
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime_r(&now, &tm));
    sbuf b = { 0 };
    sb_printf(&b, "%s %s \"", when, host);
    log_escaped(&b, r->method[0] ? r->method : "-");
    sb_adds(&b, " ");
    log_escaped(&b, r->target);
    if (r->target_len > 2048)
        sb_adds(&b, "...");
    if (r->answered)
        sb_printf(&b, "\" %u %zu %.2fms", r->status, r->bytes, since_ms(&r->t0));
    else
        sb_printf(&b, "\" - 0 %.2fms", since_ms(&r->t0));
    if (why != MHD_REQUEST_TERMINATED_COMPLETED_OK)
        sb_printf(&b, " (%s)", why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED ? "timed out"
                               : why == MHD_REQUEST_TERMINATED_CLIENT_ABORT ? "client went away"
                               : why == MHD_REQUEST_TERMINATED_DAEMON_SHUTDOWN ? "server stopping"
                               : "connection failed");
    sb_adds(&b, "\n");
    size_t len;
    char *line = sb_take(&b, &len);
    if (line)
        fwrite(line, 1, len, stderr);   /* one write: lines of different threads do not mix */
    free(line);
}

static void on_completed(void *cls, struct MHD_Connection *c, void **req_cls, enum MHD_RequestTerminationCode why)
{
    serve_http *h = cls;
    req *r = *req_cls;
    if (!r)
        return;
    if (!h->ctx->cfg->quiet)
        access_log(c, r, why);
    free(r->target);
    free(r);
    *req_cls = NULL;
    atomic_fetch_sub(&h->inflight, 1);
}

static void on_connection(void *cls, struct MHD_Connection *c, void **socket_ctx,
                          enum MHD_ConnectionNotificationCode what)
{
    (void)c;
    (void)socket_ctx;
    serve_http *h = cls;
    if (what == MHD_CONNECTION_NOTIFY_STARTED)
        atomic_fetch_add(&h->connections, 1);
    else
        atomic_fetch_sub(&h->connections, 1);
}

/* A server on loopback without a token trusts whoever can reach it, which
 * a web page's script can too, through DNS rebinding (evil.example
 * resolving to 127.0.0.1): it then answers only requests addressed to a
 * loopback name.  Behind a reverse proxy, the proxy's Host is the one it
 * connects to (nginx's default), or the names given with --allow-host. */
static int host_ok(const serve_config *cfg, const char *host)
{
    if (!cfg->check_host)
        return 1;
    if (!host)
        return 0;
    char name[256];
    size_t n = strlen(host);
    if (n >= sizeof name)
        return 0;
    memcpy(name, host, n + 1);
    char *colon = name[0] == '[' ? strchr(name, ']') : strrchr(name, ':');
    if (name[0] == '[') {
        if (!colon)
            return 0;
        *colon = '\0';
        memmove(name, name + 1, strlen(name));
    } else if (colon) {
        *colon = '\0';
    }
    if (!strcasecmp(name, "localhost") || !strcmp(name, "::1") || !strncmp(name, "127.", 4))
        return 1;
    for (const char *h = cfg->allow_hosts; h && *h;) {
        size_t len = strcspn(h, ",");
        if (len == strlen(name) && !strncasecmp(h, name, len))
            return 1;
        h += len + (h[len] == ',');
    }
    return 0;
}

/* Compares in time that depends only on the expected token's length. */
static int token_ok(const serve_config *cfg, const char *auth)
{
    if (!auth || strncasecmp(auth, "Bearer ", 7))
        return 0;
    const char *given = auth + 7;
    while (*given == ' ')
        given++;
    size_t glen = strlen(given);
    unsigned char diff = glen != cfg->token_len;
    for (size_t i = 0; i < cfg->token_len; i++)
        diff |= (unsigned char)(i < glen ? given[i] : 0) ^ (unsigned char)cfg->token[i];
    return diff == 0;
}

static enum MHD_Result add_arg(void *cls, enum MHD_ValueKind kind, const char *key, size_t key_size,
                               const char *value, size_t value_size)
{
    (void)kind;
    serve_request *rq = cls;
    if (rq->nargs == SERVE_MAX_ARGS || strlen(key) != key_size || (value && strlen(value) != value_size)) {
        rq->bad_args = 1;
        return MHD_NO;
    }
    rq->keys[rq->nargs] = key;
    rq->values[rq->nargs] = value ? value : "";
    rq->nargs++;
    return MHD_YES;
}

static void add_headers(serve_http *h, struct MHD_Response *resp, const serve_response *rs, int close)
{
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, rs->type ? rs->type : "text/plain; charset=utf-8");
    MHD_add_response_header(resp, "Content-Security-Policy",
                            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
                            "base-uri 'none'; frame-ancestors 'none'");
    MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(resp, "X-Frame-Options", "DENY");
    MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, rs->cacheable ? "public, max-age=3600" : "no-store");
    if (rs->allow)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, rs->allow);
    if (rs->bearer_challenge)
        MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer realm=\"newsidx\"");
    if (rs->retry_after) {
        char s[16];
        snprintf(s, sizeof s, "%u", rs->retry_after);
        MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, s);
    }
    if (close || atomic_load(&h->draining))
        MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION, "close");
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                                  const char *version, const char *upload_data, size_t *upload_data_size,
                                  void **req_cls)
{
    (void)version;
    (void)upload_data;
    serve_http *h = cls;
    const serve_config *cfg = h->ctx->cfg;
    req *r = *req_cls;
    if (!r)
        return MHD_NO;   /* out of memory when the request line came */
    if (r->answered) {   /* the rest of a body nobody asked for */
        *upload_data_size = 0;
        return MHD_YES;
    }
    snprintf(r->method, sizeof r->method, "%s", method);
    serve_response rs;
    memset(&rs, 0, sizeof rs);
    int close = 0;
    int health = !strcmp(url, "/healthz");
    if (atomic_load(&h->connections) > cfg->max_connections) {
        serve_error_json(&rs, 503, "too many connections at once (at most %u): try again shortly",
                         cfg->max_connections);
        rs.retry_after = 1;
        close = 1;
    } else if (r->target_len > cfg->max_url) {
        serve_error_json(&rs, 414, "the request target is %zu bytes long; at most %u", r->target_len, cfg->max_url);
        close = 1;
    } else if (!host_ok(cfg, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST))) {
        serve_error_json(&rs, 403, "this server answers only requests addressed to localhost or 127.0.0.1 "
                                   "(a name of its own is given with --allow-host)");
    } else if (cfg->token && !health &&
               !token_ok(cfg, MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION))) {
        serve_error_json(&rs, 401, "this server needs the header 'Authorization: Bearer TOKEN'");
        rs.bearer_challenge = 1;
    } else {
        serve_request rq;
        memset(&rq, 0, sizeof rq);
        rq.method = method;
        rq.path = url;
        rq.target_len = r->target_len;
        MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, add_arg, &rq);
        serve_route(h->ctx, &rq, &rs);
    }
    struct MHD_Response *resp = MHD_create_response_from_buffer(
        rs.len, rs.body, rs.body_static ? MHD_RESPMEM_PERSISTENT : MHD_RESPMEM_MUST_FREE);
    if (!resp) {
        if (!rs.body_static)
            free(rs.body);
        return MHD_NO;
    }
    add_headers(h, resp, &rs, close);
    r->answered = 1;
    r->status = rs.status;
    r->bytes = rs.len;
    enum MHD_Result ok = MHD_queue_response(c, rs.status, resp);
    MHD_destroy_response(resp);
    return ok;
}

static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
    (void)cls;
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    size_t n = strlen(msg);
    while (n && msg[n - 1] == '\n')
        msg[--n] = '\0';
    fprintf(stderr, "newsidx serve: libmicrohttpd: %s\n", msg);
}

int serve_http_start(const serve_ctx *ctx, int fd, int ipv6, serve_http **out, char *err, size_t errsz)
{
    const serve_config *cfg = ctx->cfg;
    serve_http *h = calloc(1, sizeof *h);
    if (!h) {
        snprintf(err, errsz, "out of memory");
        return -1;
    }
    h->ctx = ctx;
    unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_USE_AUTO;
    if (ipv6)
        flags |= MHD_USE_IPv6;
    /* A request line as long as max_url must fit in a connection's
     * memory, with room for the headers. */
    size_t mem = (size_t)cfg->max_url * 2 + 16384;
    if (mem < 32768)
        mem = 32768;
    /* One thread is libmicrohttpd's own polling thread; more a pool. */
    struct MHD_OptionItem pool[] = {
        { cfg->threads > 1 ? MHD_OPTION_THREAD_POOL_SIZE : MHD_OPTION_END, (intptr_t)cfg->threads, NULL },
        { MHD_OPTION_END, 0, NULL },
    };
    h->d = MHD_start_daemon(flags, 0, NULL, NULL, on_request, h,
                            MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
                            MHD_OPTION_LISTEN_SOCKET, fd,
                            MHD_OPTION_ARRAY, pool,
                            MHD_OPTION_CONNECTION_LIMIT, (unsigned)(cfg->max_connections + CONN_MARGIN),
                            MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)cfg->timeout_s,
                            MHD_OPTION_CONNECTION_MEMORY_LIMIT, mem,
                            MHD_OPTION_URI_LOG_CALLBACK, on_uri, h,
                            MHD_OPTION_NOTIFY_COMPLETED, on_completed, h,
                            MHD_OPTION_NOTIFY_CONNECTION, on_connection, h,
                            MHD_OPTION_END);
    if (!h->d) {
        snprintf(err, errsz, "libmicrohttpd could not start its threads");
        free(h);
        return -1;
    }
    *out = h;
    return 0;
}

void serve_http_quiesce(serve_http *h)
{
    atomic_store(&h->draining, 1);
    MHD_socket fd = MHD_quiesce_daemon(h->d);
    if (fd != MHD_INVALID_SOCKET)
        close(fd);
}

unsigned serve_http_inflight(const serve_http *h)
{
    return atomic_load(&((serve_http *)h)->inflight);
}

unsigned serve_http_connections(const serve_http *h)
{
    return atomic_load(&((serve_http *)h)->connections);
}

void serve_http_stop(serve_http *h)
{
    if (!h)
        return;
    MHD_stop_daemon(h->d);
    free(h);
}

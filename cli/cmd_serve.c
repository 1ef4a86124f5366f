/*
 * cmd_serve.c — `newsidx serve`: the archive over HTTP, a JSON API and a
 * search page (docs/HTTP.md).  This file reads the options, checks what
 * must hold before listening (the database opens; a non-loopback address
 * has a token or an explicit --insecure-open), binds the socket, and then
 * waits for signals: SIGHUP reopens the read handles, SIGTERM and SIGINT
 * stop taking connections, let the requests in flight finish, and exit 0.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <libgen.h>
#include <limits.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "serve.h"

/* In-flight requests get this long to finish after SIGTERM; then idle
 * keep-alive connections this much longer to close. */
#define DRAIN_S 10.0
#define DRAIN_IDLE_S 1.0

static const char help[] =
    "usage: newsidx serve [--db PATH] [--listen ADDR:PORT] [--threads N] [options]\n"
    "\n"
    "Serves the database over HTTP, read-only: a JSON API (/api/search,\n"
    "/api/names, /api/article/ID, /api/stats, /healthz; docs/HTTP.md) and a\n"
    "search page at / that works without JavaScript.  A reindex is seen by\n"
    "the next request.  SIGHUP reopens the database; SIGTERM or SIGINT lets\n"
    "the requests in flight finish and exits 0.\n"
    "\n"
    "options:\n"
    "  --db PATH            database (default $NEWSIDX_DB, else ./newsidx.db)\n"
    "  --listen ADDR:PORT   address to listen on (default 127.0.0.1:8080; port 0\n"
    "                       picks a free one; [::1]:8080 for IPv6)\n"
    "  --threads N          worker threads (default: one per core, at most 64)\n"
    "  --token-file FILE    require 'Authorization: Bearer TOKEN' on every request\n"
    "                       but /healthz, TOKEN being the file's first line\n"
    "  --insecure-open      allow a non-loopback address without a token\n"
    "  --show-paths         show server file paths (article paths, path ids,\n"
    "                       the database) in answers\n"
    "  --path-root DIR      path ids under DIR are shown relative to it (default:\n"
    "                       the database's folder)\n"
    "  --max-connections N  connections at once; more are answered 503 (default 256)\n"
    "  --timeout SECONDS    close a connection idle or stalled this long (default 15)\n"
    "  --max-url BYTES      longest request target; longer: 414 (default 4096)\n"
    "  --max-query BYTES    longest query; longer: 400 (default 1024)\n"
    "  --max-limit N        largest limit= of /api/search (default 100)\n"
    "  --allow-host NAMES   on loopback without a token only requests addressed to\n"
    "                       localhost, 127.x or [::1] are answered (no DNS\n"
    "                       rebinding); NAMES (comma-separated) are allowed too\n"
    "  --quiet              no access log (one line per request on stderr)\n"
    "  -h, --help           this text\n"
    "\n"
    "TLS belongs to a reverse proxy in front (docs/HTTP.md).\n"
    "\n"
    "exit: 0 stopped by SIGTERM/SIGINT; 2 usage; 3 database unusable;\n"
    "      70 cannot listen\n";

static int opt_uint(const char *opt, const char *s, unsigned min, unsigned max, unsigned *out)
{
    char *end;
    unsigned long v = strtoul(s, &end, 10);
    if (!*s || *end || s[0] == '-' || v < min || v > max) {
        cli_error("%s needs a whole number from %u to %u, not '%s'", opt, min, max, s);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

/* "127.0.0.1:8080", "[::1]:8080", "localhost:8080" into an address. */
static int parse_listen(const char *spec, struct sockaddr_storage *ss, socklen_t *len)
{
    char host[256];
    const char *port;
    if (spec[0] == '[') {
        const char *close = strchr(spec, ']');
        if (!close || close[1] != ':' || (size_t)(close - spec - 1) >= sizeof host)
            goto bad;
        memcpy(host, spec + 1, (size_t)(close - spec - 1));
        host[close - spec - 1] = '\0';
        port = close + 2;
    } else {
        const char *colon = strrchr(spec, ':');
        if (!colon || strchr(spec, ':') != colon || (size_t)(colon - spec) >= sizeof host)
            goto bad;
        memcpy(host, spec, (size_t)(colon - spec));
        host[colon - spec] = '\0';
        port = colon + 1;
    }
    char *end;
    unsigned long v = strtoul(port, &end, 10);
    if (!*host || !*port || *end || v > 65535)
        goto bad;
    struct addrinfo hints = { 0 }, *ai = NULL;
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_NUMERICSERV | AI_PASSIVE;
    int rc = getaddrinfo(host, port, &hints, &ai);
    if (rc || !ai) {
        cli_error("--listen: cannot resolve '%s': %s", host, gai_strerror(rc));
        return -1;
    }
    memcpy(ss, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    return 0;
bad:
    cli_error("--listen needs ADDR:PORT (127.0.0.1:8080, [::1]:8080), not '%s'", spec);
    return -1;
}

static int is_loopback(const struct sockaddr_storage *ss)
{
    if (ss->ss_family == AF_INET)
        return (ntohl(((const struct sockaddr_in *)ss)->sin_addr.s_addr) >> 24) == 127;
    if (ss->ss_family == AF_INET6) {
        const struct in6_addr *a = &((const struct sockaddr_in6 *)ss)->sin6_addr;
        if (IN6_IS_ADDR_LOOPBACK(a))
            return 1;
        return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
    }
    return 0;
}

/* The token: the file's first line, without trailing blanks. */
static int read_token(const char *path, serve_config *cfg)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cli_error("--token-file %s: %s", path, strerror(errno));
        return -1;
    }
    char line[4096];
    struct stat st;
    if (fstat(fileno(f), &st) == 0 && (st.st_mode & 077))
        fprintf(stderr, "newsidx serve: warning: %s can be read by other users (chmod 600 it)\n", path);
    if (!fgets(line, sizeof line, f))
        line[0] = '\0';
    fclose(f);
    size_t n = strlen(line);
    while (n && (line[n - 1] == '\n' || line[n - 1] == '\r' || line[n - 1] == ' ' || line[n - 1] == '\t'))
        line[--n] = '\0';
    if (n < 16) {
        cli_error("--token-file %s: the token must be at least 16 characters long (it has %zu)", path, n);
        return -1;
    }
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)line[i] <= 0x20 || (unsigned char)line[i] >= 0x7f) {
            cli_error("--token-file %s: the token must be printable ASCII without spaces", path);
            return -1;
        }
    cfg->token = strdup(line);
    cfg->token_len = n;
    return cfg->token ? 0 : -1;
}

static int bind_socket(const struct sockaddr_storage *ss, socklen_t len, const char *spec, unsigned *port)
{
    int fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        cli_error("cannot listen on %s: %s", spec, strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (ss->ss_family == AF_INET6)
        setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
    if (bind(fd, (const struct sockaddr *)ss, len) != 0 || listen(fd, 256) != 0) {
        cli_error("cannot listen on %s: %s", spec, strerror(errno));
        close(fd);
        return -1;
    }
    struct sockaddr_storage got;
    socklen_t glen = sizeof got;
    *port = 0;
    if (getsockname(fd, (struct sockaddr *)&got, &glen) == 0)
        *port = ntohs(got.ss_family == AF_INET6 ? ((struct sockaddr_in6 *)&got)->sin6_port
                                                : ((struct sockaddr_in *)&got)->sin_port);
    return fd;
}

static void set_root(serve_config *cfg, const char *root_opt)
{
    char real[PATH_MAX];
    if (realpath(cfg->db, real))
        cfg->db_real = strdup(real);
    if (root_opt) {
        if (realpath(root_opt, real))
            cfg->root = strdup(real);
        else
            cfg->root = strdup(root_opt);
    } else if (cfg->db_real) {
        char *copy = strdup(cfg->db_real);
        if (copy) {
            char *dir = dirname(copy);
            if (strcmp(dir, "/"))
                cfg->root = strdup(dir);
            free(copy);
        }
    }
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pause_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    nanosleep(&ts, NULL);
}

static unsigned default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int cmd_serve(int argc, char **argv)
{
    enum { O_DB = 1000, O_LISTEN, O_THREADS, O_TOKEN, O_INSECURE, O_PATHS, O_ROOT, O_MAXCONN, O_TIMEOUT,
           O_MAXURL, O_MAXQUERY, O_MAXLIMIT, O_QUIET, O_HOST };
    static const struct option longopts[] = {
        { "db", required_argument, 0, O_DB },           { "listen", required_argument, 0, O_LISTEN },
        { "threads", required_argument, 0, O_THREADS }, { "token-file", required_argument, 0, O_TOKEN },
        { "insecure-open", no_argument, 0, O_INSECURE }, { "show-paths", no_argument, 0, O_PATHS },
        { "path-root", required_argument, 0, O_ROOT },  { "max-connections", required_argument, 0, O_MAXCONN },
        { "timeout", required_argument, 0, O_TIMEOUT }, { "max-url", required_argument, 0, O_MAXURL },
        { "max-query", required_argument, 0, O_MAXQUERY }, { "max-limit", required_argument, 0, O_MAXLIMIT },
        { "quiet", no_argument, 0, O_QUIET },           { "help", no_argument, 0, 'h' },
        { "allow-host", required_argument, 0, O_HOST },
        { 0, 0, 0, 0 }
    };
    serve_config cfg;
    serve_config_defaults(&cfg);
    cfg.threads = default_threads();
    const char *db = NULL, *listen_spec = "127.0.0.1:8080", *token_file = NULL, *root = NULL;
    int insecure = 0, c, bad = 0;
    optind = 1;
    while (!bad && (c = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        switch (c) {
        case O_DB: db = optarg; break;
        case O_LISTEN: listen_spec = optarg; break;
        case O_THREADS: bad = opt_uint("--threads", optarg, 1, 64, &cfg.threads); break;
        case O_TOKEN: token_file = optarg; break;
        case O_INSECURE: insecure = 1; break;
        case O_PATHS: cfg.show_paths = 1; break;
        case O_ROOT: root = optarg; break;
        case O_MAXCONN: bad = opt_uint("--max-connections", optarg, 1, 100000, &cfg.max_connections); break;
        case O_TIMEOUT: bad = opt_uint("--timeout", optarg, 1, 3600, &cfg.timeout_s); break;
        case O_MAXURL: bad = opt_uint("--max-url", optarg, 64, 1 << 20, &cfg.max_url); break;
        case O_MAXQUERY: bad = opt_uint("--max-query", optarg, 16, 1 << 20, &cfg.max_query); break;
        case O_MAXLIMIT: bad = opt_uint("--max-limit", optarg, 1, 10000, &cfg.max_limit); break;
        case O_QUIET: cfg.quiet = 1; break;
        case O_HOST: cfg.allow_hosts = optarg; break;
        case 'h': fputs(help, stdout); return NX_EXIT_OK;
        default: fputs(help, stderr); return NX_EXIT_USAGE;
        }
    }
    if (bad)
        return NX_EXIT_USAGE;
    if (optind < argc) {
        cli_error("serve: unexpected argument '%s'", argv[optind]);
        return NX_EXIT_USAGE;
    }
    struct sockaddr_storage ss;
    socklen_t sslen;
    if (parse_listen(listen_spec, &ss, &sslen))
        return NX_EXIT_USAGE;
    if (!is_loopback(&ss) && !token_file && !insecure) {
        cli_error("serve: %s is not a loopback address: give --token-file FILE (clients then send "
                  "'Authorization: Bearer TOKEN'), or --insecure-open to serve it to anyone who can reach it",
                  listen_spec);
        return NX_EXIT_USAGE;
    }
    /* Loopback and no token: anyone on this machine may ask, but no web
     * page may, through DNS rebinding (serve_http.c, host_ok). */
    cfg.check_host = is_loopback(&ss) && !token_file;
    int rc = NX_EXIT_OK;
    if (token_file && read_token(token_file, &cfg))
        return NX_EXIT_USAGE;
    cfg.db = cli_db_path(db);
    set_root(&cfg, root);

    serve_pool *pool = NULL;
    serve_http *http = NULL;
    char *errmsg = NULL;
    nx_status st = serve_pool_new(cfg.db, &pool, &errmsg);
    if (st != NX_OK) {
        cli_error("%s", errmsg ? errmsg : nx_status_name(st));
        nx_free(errmsg);
        rc = cli_exit_for(st);
        goto out;
    }
    /* Signals are taken by sigwait below: blocked before any thread starts,
     * so every libmicrohttpd thread inherits the mask. */
    sigset_t sigs;
    sigemptyset(&sigs);
    sigaddset(&sigs, SIGHUP);
    sigaddset(&sigs, SIGTERM);
    sigaddset(&sigs, SIGINT);
    pthread_sigmask(SIG_BLOCK, &sigs, NULL);
    signal(SIGPIPE, SIG_IGN);

    unsigned port;
    int fd = bind_socket(&ss, sslen, listen_spec, &port);
    if (fd < 0) {
        rc = NX_EXIT_SOFTWARE;
        goto out;
    }
    serve_ctx ctx = { &cfg, pool };
    char err[256];
    if (serve_http_start(&ctx, fd, ss.ss_family == AF_INET6, &http, err, sizeof err)) {
        cli_error("cannot serve on %s: %s", listen_spec, err);
        close(fd);
        rc = NX_EXIT_SOFTWARE;
        goto out;
    }
    char shown[INET6_ADDRSTRLEN] = "?";
    if (ss.ss_family == AF_INET6)
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&ss)->sin6_addr, shown, sizeof shown);
    else
        inet_ntop(AF_INET, &((struct sockaddr_in *)&ss)->sin_addr, shown, sizeof shown);
    fprintf(stderr, "newsidx serve: listening on http://%s%s%s:%u/ (%u thread%s, database %s%s)\n",
            ss.ss_family == AF_INET6 ? "[" : "", shown, ss.ss_family == AF_INET6 ? "]" : "", port, cfg.threads,
            cfg.threads == 1 ? "" : "s", cfg.db, cfg.token ? ", token required" : "");
    for (;;) {
        int sig = 0;
        if (sigwait(&sigs, &sig) != 0)
            continue;
        if (sig == SIGHUP) {
            serve_pool_reopen(pool);
            fprintf(stderr, "newsidx serve: SIGHUP: reopening the database\n");
            continue;
        }
        fprintf(stderr, "newsidx serve: %s: finishing %u request%s in flight, then stopping\n",
                sig == SIGTERM ? "SIGTERM" : "SIGINT", serve_http_inflight(http),
                serve_http_inflight(http) == 1 ? "" : "s");
        break;
    }
    serve_http_quiesce(http);
    double t0 = now_s();
    while (serve_http_inflight(http) && now_s() - t0 < DRAIN_S)
        pause_ms(5);
    double t1 = now_s();
    while (serve_http_connections(http) && now_s() - t1 < DRAIN_IDLE_S)
        pause_ms(5);
    if (serve_http_inflight(http))
        fprintf(stderr, "newsidx serve: %u request%s still running after %.0f s: stopping anyway\n",
                serve_http_inflight(http), serve_http_inflight(http) == 1 ? "" : "s", DRAIN_S);
    serve_http_stop(http);
    fprintf(stderr, "newsidx serve: stopped\n");
out:
    serve_pool_free(pool);
    free(cfg.token);
    free(cfg.root);
    free(cfg.db_real);
    return rc;
}

/*
 * core.c — status names and mapping, error-message plumbing, path checks:
 * the small pieces every handle needs.
 */
#include "lib/core.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

const char *nx_status_name(nx_status st)
{
    switch (st) {
    case NX_OK: return "NX_OK";
    case NX_ERR_INVALID: return "NX_ERR_INVALID";
    case NX_ERR_NOMEM: return "NX_ERR_NOMEM";
    case NX_ERR_IO: return "NX_ERR_IO";
    case NX_ERR_NOT_FOUND: return "NX_ERR_NOT_FOUND";
    case NX_ERR_NOT_DATABASE: return "NX_ERR_NOT_DATABASE";
    case NX_ERR_LOCKED: return "NX_ERR_LOCKED";
    case NX_ERR_CORRUPT: return "NX_ERR_CORRUPT";
    case NX_ERR_VERSION: return "NX_ERR_VERSION";
    case NX_ERR_MODIFIED: return "NX_ERR_MODIFIED";
    case NX_ERR_QUERY: return "NX_ERR_QUERY";
    case NX_ERR_FORMAT: return "NX_ERR_FORMAT";
    case NX_ERR_NETWORK: return "NX_ERR_NETWORK";
    case NX_ERR_BACKEND: return "NX_ERR_BACKEND";
    }
    return "NX_ERR_UNKNOWN";
}

void nx_free(void *p) { free(p); }

const char *nx_version(void) { return NX_VERSION_STRING; }

nx_status nx_status_from_xc(xc_status st)
{
    switch (st) {
    case XC_OK: return NX_OK;
    case XC_ERR_INVALID_ARGUMENT: return NX_ERR_INVALID;
    case XC_ERR_NOMEM: return NX_ERR_NOMEM;
    case XC_ERR_DATABASE_LOCK: return NX_ERR_LOCKED;
    case XC_ERR_DATABASE_NOT_FOUND: return NX_ERR_NOT_FOUND;
    case XC_ERR_DATABASE_OPENING: return NX_ERR_NOT_DATABASE;
    case XC_ERR_DATABASE_VERSION: return NX_ERR_VERSION;
    case XC_ERR_DATABASE_MODIFIED: return NX_ERR_MODIFIED;
    case XC_ERR_DATABASE_CORRUPT: return NX_ERR_CORRUPT;
    case XC_ERR_QUERY_PARSER:
    case XC_ERR_WILDCARD: return NX_ERR_QUERY;
    case XC_ERR_NETWORK_TIMEOUT:
    case XC_ERR_NETWORK: return NX_ERR_NETWORK;
    default: return NX_ERR_BACKEND;
    }
}

void nx_seterr(char *buf, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, NX_ERRMSG_MAX, fmt, ap);
    va_end(ap);
}

void nx_errout(char **errmsg, const char *msg)
{
    if (!errmsg)
        return;
    *errmsg = strdup(msg ? msg : "");
}

/* Xapian's backends leave a marker file named after the backend; a writer
 * creating a database takes "flintlock" first, so a folder holding only
 * that is a database being born, not a stranger's folder. */
static int dir_has_db_marker(const char *path)
{
    static const char *const markers[] = { "iamglass", "iamchert", "iamhoney", "flintlock" };
    char buf[4096];
    for (size_t i = 0; i < sizeof markers / sizeof *markers; i++) {
        snprintf(buf, sizeof buf, "%s/%s", path, markers[i]);
        struct stat st;
        if (stat(buf, &st) == 0)
            return 1;
    }
    return 0;
}

nx_path_kind nx_classify_path(const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return errno == ENOENT ? NX_PATH_MISSING : NX_PATH_OTHER;
    if (!S_ISDIR(st.st_mode))
        return NX_PATH_OTHER;
    if (dir_has_db_marker(path))
        return NX_PATH_DATABASE;
    DIR *d = opendir(path);
    if (!d)
        return NX_PATH_OTHER;
    struct dirent *e;
    int empty = 1;
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
            empty = 0;
            break;
        }
    }
    closedir(d);
    /* Another indexer may have created flintlock between the marker check
     * and the listing: look again before calling the folder a stranger's. */
    if (!empty && dir_has_db_marker(path))
        return NX_PATH_DATABASE;
    return empty ? NX_PATH_EMPTY_DIR : NX_PATH_OTHER;
}

/* Makes room for need bytes (the NUL included). */
static int buf_reserve(nx_buf *b, size_t need)
{
    if (need <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        return -1;
    b->p = p;
    b->cap = cap;
    return 0;
}

int nx_buf_set(nx_buf *b, const char *a, size_t alen, const char *c, size_t clen)
{
    if (buf_reserve(b, alen + clen + 1) != 0)
        return -1;
    if (alen)
        memcpy(b->p, a, alen);
    if (clen)
        memcpy(b->p + alen, c, clen);
    b->len = alen + clen;
    b->p[b->len] = '\0';
    return 0;
}

int nx_buf_append(nx_buf *b, const void *data, size_t n)
{
    if (buf_reserve(b, b->len + n + 1) != 0)
        return -1;
    if (n)
        memcpy(b->p + b->len, data, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

void nx_buf_free(nx_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
}

double nx_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int nx_is_shouted(const char *s)
{
    for (; *s; s++)
        if (*s >= 'a' && *s <= 'z')
            return 0;
    return 1;
}

char *nx_path_join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

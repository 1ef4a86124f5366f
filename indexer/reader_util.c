/*
 * reader_util.c — the helpers behind reader_util.h: string buffer, string
 * lists, warning formatting and path helpers shared by the format readers.
 */
#include "indexer/reader_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int sb_grow(nx_sbuf *b, size_t extra)
{
    if (b->oom)
        return -1;
    if (b->len + extra + 1 <= b->cap)
        return 0;
    size_t cap = b->cap ? b->cap : 64;
    while (cap < b->len + extra + 1) {
        if (cap > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        cap *= 2;
    }
    char *p = realloc(b->p, cap);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

void nx_sb_putn(nx_sbuf *b, const char *s, size_t n)
{
    if (n == 0 || sb_grow(b, n) != 0)
        return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

void nx_sb_puts(nx_sbuf *b, const char *s)
{
    nx_sb_putn(b, s, strlen(s));
}

void nx_sb_putc(nx_sbuf *b, char c)
{
    nx_sb_putn(b, &c, 1);
}

void nx_sb_putcp(nx_sbuf *b, unsigned long cp)
{
    char u[4];
    size_t n;
    if (cp < 0x80) {
        u[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        u[0] = (char)(0xC0 | (cp >> 6));
        u[1] = (char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        if (cp >= 0xD800 && cp <= 0xDFFF)
            return;  /* a lone surrogate is not text */
        u[0] = (char)(0xE0 | (cp >> 12));
        u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[2] = (char)(0x80 | (cp & 0x3F));
        n = 3;
    } else if (cp <= 0x10FFFF) {
        u[0] = (char)(0xF0 | (cp >> 18));
        u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
        u[3] = (char)(0x80 | (cp & 0x3F));
        n = 4;
    } else {
        return;
    }
    nx_sb_putn(b, u, n);
}

const char *nx_sb_str(const nx_sbuf *b)
{
    return b->p ? b->p : "";
}

void nx_sb_reset(nx_sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

void nx_sb_free(nx_sbuf *b)
{
    free(b->p);
    b->p = NULL;
    b->len = b->cap = 0;
    b->oom = 0;
}

void nx_sb_rtrim(nx_sbuf *b)
{
    while (b->len > 0 && nx_rd_isspace((unsigned char)b->p[b->len - 1]))
        b->len--;
    if (b->p)
        b->p[b->len] = '\0';
}

void nx_rd_trim(const char **s, size_t *n)
{
    const char *p = *s;
    size_t len = *n;
    while (len > 0 && nx_rd_isspace((unsigned char)*p)) {
        p++;
        len--;
    }
    while (len > 0 && nx_rd_isspace((unsigned char)p[len - 1]))
        len--;
    *s = p;
    *n = len;
}

int nx_sl_push(nx_strlist *l, const char *s, size_t n)
{
    nx_rd_trim(&s, &n);
    if (n == 0)
        return 0;
    /* Sources repeat labels ("usa" twice in PLACES); one is enough. */
    for (size_t i = 0; i < l->n; i++)
        if (strlen(l->v[i]) == n && memcmp(l->v[i], s, n) == 0)
            return 0;
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 8;
        char **v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return -1;
        l->v = v;
        l->cap = cap;
    }
    char *copy = malloc(n + 1);
    if (!copy)
        return -1;
    memcpy(copy, s, n);
    copy[n] = '\0';
    l->v[l->n++] = copy;
    return 0;
}

int nx_sl_push_split(nx_strlist *l, const char *s, size_t n)
{
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == ',' || s[i] == ';') {
            if (nx_sl_push(l, s + start, i - start) != 0)
                return -1;
            start = i + 1;
        }
    }
    return 0;
}

void nx_sl_clear(nx_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    l->n = 0;
}

void nx_sl_free(nx_strlist *l)
{
    nx_sl_clear(l);
    free(l->v);
    l->v = NULL;
    l->cap = 0;
}

static void vwarn(const nx_reader_sink *s, const char *path, long line, const char *fmt, va_list ap)
{
    char msg[512];
    vsnprintf(msg, sizeof msg, fmt, ap);
    s->warn(s->ctx, path, line, msg);
}

void nx_rd_warnf(const nx_reader_sink *s, const char *path, long line, const char *fmt, ...)
{
    if (!s || !s->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vwarn(s, path, line, fmt, ap);
    va_end(ap);
}

void nx_rd_skipf(const nx_reader_sink *s, const char *path, long line, const char *fmt, ...)
{
    if (!s)
        return;
    if (s->skip)
        s->skip(s->ctx);
    if (!s->warn)
        return;
    va_list ap;
    va_start(ap, fmt);
    vwarn(s, path, line, fmt, ap);
    va_end(ap);
}

int nx_rd_parent_name(const char *path, char *out, size_t outsz)
{
    if (!path || outsz == 0)
        return 0;
    size_t len = strlen(path);
    /* Find the last slash (the file name starts after it)... */
    size_t end = len;
    while (end > 0 && path[end - 1] != '/')
        end--;
    if (end == 0)
        return 0;
    end--;  /* ...then the folder name ends before it, ignoring "//" */
    while (end > 0 && path[end - 1] == '/')
        end--;
    size_t start = end;
    while (start > 0 && path[start - 1] != '/')
        start--;
    size_t n = end - start;
    if (n == 0 || n >= outsz || (n == 1 && path[start] == '.'))
        return 0;
    memcpy(out, path + start, n);
    out[n] = '\0';
    return 1;
}

/*
 * serve_text.c — the server's string building: a buffer growing in a
 * memory stream (open_memstream, so the C library does the growing) and
 * the two escapings every page needs (HTML text and URL query values).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "serve.h"

/* The stream, opened at the first append. */
static FILE *stream(sbuf *b)
{
    if (b->oom)
        return NULL;
    if (!b->f && !(b->f = open_memstream(&b->p, &b->len)))
        b->oom = 1;
    return b->f;
}

void sb_add(sbuf *b, const char *s, size_t n)
{
    FILE *f = stream(b);
    if (f && n && fwrite(s, 1, n, f) != n)
        b->oom = 1;
}

void sb_adds(sbuf *b, const char *s)
{
    sb_add(b, s, strlen(s));
}

void sb_printf(sbuf *b, const char *fmt, ...)
{
    FILE *f = stream(b);
    if (!f)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(f, fmt, ap) < 0)
        b->oom = 1;
    va_end(ap);
}

void sb_html(sbuf *b, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *ref;
        switch (*s) {
        case '&': ref = "&amp;"; break;
        case '<': ref = "&lt;"; break;
        case '>': ref = "&gt;"; break;
        case '"': ref = "&quot;"; break;
        case '\'': ref = "&#39;"; break;
        default: continue;
        }
        sb_add(b, run, (size_t)(s - run));
        sb_adds(b, ref);
        run = s + 1;
    }
    sb_add(b, run, (size_t)(s - run));
}

void sb_url(sbuf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
            c == '_' || c == '~') {
            sb_add(b, (const char *)&c, 1);
        } else {
            char e[3] = { '%', hex[c >> 4], hex[c & 15] };
            sb_add(b, e, 3);
        }
    }
}

char *sb_take(sbuf *b, size_t *len)
{
    stream(b);   /* nothing appended is "" */
    if (b->f && fclose(b->f) != 0)
        b->oom = 1;
    b->f = NULL;
    char *p = b->oom ? NULL : b->p;
    if (p && len)
        *len = b->len;
    if (!p)
        free(b->p);
    memset(b, 0, sizeof *b);
    return p;
}

void sb_free(sbuf *b)
{
    if (b->f)
        fclose(b->f);
    free(b->p);
    memset(b, 0, sizeof *b);
}

/*
 * reader_util.h — small helpers shared by the format readers (private to
 * indexer/; owned by the readers): a growable string buffer, a list of owned
 * strings, warning formatting, path helpers and date formatting.
 *
 * Every function that allocates reports failure (returns -1 or sets the
 * buffer's oom flag) instead of aborting, so a reader can return
 * NX_ERR_NOMEM.
 */
#ifndef NX_READER_UTIL_H
#define NX_READER_UTIL_H

#include <stddef.h>
#include "indexer/reader.h"

/* Growable NUL-terminated string.  After an allocation failure, oom is set
 * and further appends are ignored; check it once at the end. */
typedef struct nx_sbuf {
    char *p;
    size_t len, cap;
    int oom;
} nx_sbuf;

void nx_sb_putn(nx_sbuf *b, const char *s, size_t n);
void nx_sb_puts(nx_sbuf *b, const char *s);
void nx_sb_putc(nx_sbuf *b, char c);
/* Appends a code point as UTF-8 (invalid ones are dropped). */
void nx_sb_putcp(nx_sbuf *b, unsigned long cp);
/* The contents ("" when nothing was appended; never NULL). */
const char *nx_sb_str(const nx_sbuf *b);
void nx_sb_reset(nx_sbuf *b);
void nx_sb_free(nx_sbuf *b);
/* Removes trailing ASCII whitespace. */
void nx_sb_rtrim(nx_sbuf *b);

/* A list of owned strings, shaped for nx_article's const char *const *. */
typedef struct nx_strlist {
    char **v;
    size_t n, cap;
} nx_strlist;

/* Appends a trimmed copy of s[0..n) (empty strings and duplicates are
 * skipped).  Returns 0, or -1 when out of memory. */
int nx_sl_push(nx_strlist *l, const char *s, size_t n);
/* Splits on commas (and semicolons) and pushes each trimmed part. */
int nx_sl_push_split(nx_strlist *l, const char *s, size_t n);
void nx_sl_clear(nx_strlist *l);   /* empties, keeps the array */
void nx_sl_free(nx_strlist *l);

/* Formats a message and hands it to sink->warn (no-op if warn is NULL). */
void nx_rd_warnf(const nx_reader_sink *s, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* As nx_rd_warnf for a warning that drops one article (a bad line, a
 * truncated story): also tells sink->skip, so the run counts it. */
void nx_rd_skipf(const nx_reader_sink *s, const char *path, long line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Name of the folder holding path ("business" for ".../business/001.txt");
 * copied into out.  Returns 0 when there is none (path at the root or
 * without a folder part). */
int nx_rd_parent_name(const char *path, char *out, size_t outsz);

/* 1 if c is ASCII whitespace. */
static inline int nx_rd_isspace(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Trims ASCII whitespace from both ends of [*s, *s + *n). */
void nx_rd_trim(const char **s, size_t *n);

#endif

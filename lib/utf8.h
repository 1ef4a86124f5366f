/*
 * utf8.h — UTF-8 for every room: checking, stepping and counting.
 *
 * Decoding is utf8proc's (utf8proc_iterate), which is strict (RFC 3629: no
 * overlong forms, no surrogates, nothing past U+10FFFF); these helpers put
 * newsidx's few questions over it so no file grows its own decoder.
 * Nothing here allocates.
 */
#ifndef NX_UTF8_H
#define NX_UTF8_H

#include <stddef.h>

/* Length of the valid UTF-8 sequence at s[0..n) (n >= 1), or 0 if there
 * is none there. */
size_t nx_utf8_seq(const unsigned char *s, size_t n);
/* 1 if s[0..len) is valid UTF-8, else 0 with the first bad offset in *bad
 * (may be NULL). */
int nx_utf8_valid(const char *s, size_t len, size_t *bad);
/* Code points in s[0..n) (lead bytes: for text already known valid). */
size_t nx_utf8_count(const char *s, size_t n);

/* A continuation byte: a boundary there would split a character. */
static inline int nx_utf8_is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

#endif

/*
 * display.c — text from the index or the user made safe to print on a
 * terminal (cli_display in cli.h).
 *
 * Why by hand: the CLI sees only newsidx.h, and what is needed is two
 * byte-level rules, not decoding.  Control characters (C0, DEL, and C1
 * encoded in UTF-8 as C2 80..C2 9F) become spaces, as the query parser
 * does for the messages on stderr, so a query or a headline holding ESC
 * cannot drive the terminal.  A long field is cut at a character boundary
 * (never inside a UTF-8 sequence) and ends in "…".
 */
#include <string.h>

#include "cli.h"

const char *cli_display(const char *s, size_t max_chars, char *buf, size_t bufsz)
{
    static const char ellipsis[] = "\xE2\x80\xA6";
    if (!buf || bufsz < sizeof ellipsis + 1)
        return "";
    if (!s)
        s = "";
    size_t o = 0, chars = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* Bytes of this character: a lead byte and its continuations. */
        size_t n = 1;
        while (p[n] && (p[n] & 0xC0) == 0x80 && (*p & 0xC0) == 0xC0 && n < 4)
            n++;
        if (chars == max_chars || o + n + sizeof ellipsis > bufsz) {
            memcpy(buf + o, ellipsis, sizeof ellipsis);   /* with the NUL */
            return buf;
        }
        int control = *p < 0x20 || *p == 0x7F || (*p == 0xC2 && n == 2 && p[1] < 0xA0);
        if (control) {
            buf[o++] = ' ';
        } else {
            memcpy(buf + o, p, n);
            o += n;
        }
        p += n;
        chars++;
    }
    buf[o] = '\0';
    return buf;
}

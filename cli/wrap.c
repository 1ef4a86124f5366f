/*
 * wrap.c — text output fitted to the terminal: the width to wrap at and
 * greedy wrapping on blanks, never inside a word (cli.h).
 *
 * Widths are terminal columns: utf8proc's character widths (a CJK
 * character takes two, a combining mark none), ANSI escape sequences none.
 * The greedy rule (fill each line, break before the word that does not
 * fit) is what fmt(1) and less do; a word wider than the line is kept
 * whole on a line of its own, never cut.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <utf8proc.h>

#include "cli.h"

#define MAX_SGR 32   /* bytes of one colour sequence remembered across a break */

unsigned cli_wrap_width(void)
{
    const char *env = getenv("COLUMNS");
    if (env && *env) {
        char *end;
        unsigned long v = strtoul(env, &end, 10);
        if (!*end && v >= 20 && v <= 10000)
            return (unsigned)v;
    }
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
        return ws.ws_col;
    return 0;
}

/* Length of the escape sequence at s (ESC [ params final), 0 if none. */
static size_t escape_len(const char *s)
{
    if (s[0] != '\033' || s[1] != '[')
        return 0;
    size_t i = 2;
    while (s[i] && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
        i++;
    return s[i] >= '@' && s[i] <= '~' ? i + 1 : 0;
}

/* Columns of s[0..n), escape sequences left out. */
static size_t columns(const char *s, size_t n)
{
    size_t cols = 0;
    for (size_t i = 0; i < n;) {
        size_t esc = escape_len(s + i);
        if (esc) {
            i += esc;
            continue;
        }
        utf8proc_int32_t cp;
        utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
        if (k <= 0) {   /* a stray byte: one column, as a terminal shows a replacement */
            cols++;
            i++;
            continue;
        }
        int w = utf8proc_charwidth(cp);
        cols += w > 0 ? (size_t)w : 0;
        i += (size_t)k;
    }
    return cols;
}

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* Tracks the colour in effect after the sequences of s[0..n). */
static void track_sgr(const char *s, size_t n, char *sgr)
{
    for (size_t i = 0; i < n; i++) {
        size_t esc = escape_len(s + i);
        if (!esc || s[i + esc - 1] != 'm')
            continue;
        int reset = esc == 3 || (esc == 4 && s[i + 2] == '0');
        if (reset || esc >= MAX_SGR)
            sgr[0] = '\0';
        else {
            memcpy(sgr, s + i, esc);
            sgr[esc] = '\0';
        }
        i += esc - 1;
    }
}

void cli_print_wrapped(FILE *f, const char *lead, const char *text, unsigned indent, unsigned width)
{
    fputs(lead, f);
    if (!width) {
        fputs(text, f);
        fputc('\n', f);
        return;
    }
    size_t col = columns(lead, strlen(lead));
    size_t line_start_col = col;   /* nothing but the lead or indent so far */
    char sgr[MAX_SGR] = "";
    const char *p = text;
    while (*p) {
        while (is_blank(*p))
            p++;
        if (!*p)
            break;
        size_t n = 0;
        while (p[n] && !is_blank(p[n]))
            n++;
        size_t w = columns(p, n);
        if (col > line_start_col && col + 1 + w > width) {
            if (sgr[0])
                fputs("\033[0m", f);
            fprintf(f, "\n%*s%s", (int)indent, "", sgr);
            col = line_start_col = indent;
        } else if (col > line_start_col) {
            fputc(' ', f);
            col++;
        }
        fwrite(p, 1, n, f);
        track_sgr(p, n, sgr);
        col += w;
        p += n;
    }
    fputc('\n', f);
}

void cli_print_fields(FILE *f, const char *lead, const char *const *fields, size_t n, unsigned indent,
                      unsigned width)
{
    fputs(lead, f);
    size_t col = columns(lead, strlen(lead)), start_col = col;
    for (size_t i = 0; i < n; i++) {
        size_t w = columns(fields[i], strlen(fields[i]));
        if (col > start_col && width && col + 3 + w > width) {
            fprintf(f, "\n%*s", (int)indent, "");
            col = start_col = indent;
        } else if (col > start_col) {
            fputs(" | ", f);
            col += 3;
        }
        fputs(fields[i], f);
        col += w;
    }
    fputc('\n', f);
}

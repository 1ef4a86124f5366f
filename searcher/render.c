/*
 * render.c — nx_render_highlight: turns a snippet (plain UTF-8 text plus
 * byte spans) into plain text with markers, ANSI-coloured text or escaped
 * HTML with <mark> elements.
 *
 * Spans are validated before anything is written: a caller bug (unsorted,
 * overlapping, out of range, or a boundary inside a UTF-8 sequence) gives
 * NX_ERR_INVALID rather than broken markup.
 */
#include <stdlib.h>
#include <string.h>

#include "newsidx.h"
#include "lib/utf8.h"

#define ANSI_OPEN  "\033[1;33m"
#define ANSI_CLOSE "\033[0m"
#define HTML_OPEN  "<mark>"
#define HTML_CLOSE "</mark>"

static int spans_valid(const char *text, size_t len, const nx_span *spans, size_t nspans)
{
    size_t prev_end = 0;
    for (size_t i = 0; i < nspans; i++) {
        size_t s = spans[i].start, e = spans[i].end;
        if (s >= e || e > len || s < prev_end)
            return 0;
        if (nx_utf8_is_cont((unsigned char)text[s]) || (e < len && nx_utf8_is_cont((unsigned char)text[e])))
            return 0;
        prev_end = e;
    }
    return 1;
}

/* The escaped form of one byte, or NULL when it is copied as is. */
static const char *html_entity(char c)
{
    switch (c) {
    case '&': return "&amp;";
    case '<': return "&lt;";
    case '>': return "&gt;";
    case '"': return "&quot;";
    case '\'': return "&#39;";
    default: return NULL;
    }
}

/* Bytes needed for text[a..b) once escaped (or copied). */
static size_t piece_size(const char *text, size_t a, size_t b, int html)
{
    if (!html)
        return b - a;
    size_t n = 0;
    for (size_t i = a; i < b; i++) {
        const char *ent = html_entity(text[i]);
        n += ent ? strlen(ent) : 1;
    }
    return n;
}

static char *put_piece(char *w, const char *text, size_t a, size_t b, int html)
{
    if (!html) {
        memcpy(w, text + a, b - a);
        return w + (b - a);
    }
    for (size_t i = a; i < b; i++) {
        const char *ent = html_entity(text[i]);
        if (ent) {
            size_t el = strlen(ent);
            memcpy(w, ent, el);
            w += el;
        } else {
            *w++ = text[i];
        }
    }
    return w;
}

nx_status nx_render_highlight(const char *text, const nx_span *spans, size_t nspans,
                              nx_highlight how, const char *open, const char *close,
                              char **out)
{
    if (out)
        *out = NULL;
    if (!text || !out || (nspans && !spans))
        return NX_ERR_INVALID;
    if (how != NX_HL_NONE && how != NX_HL_PLAIN && how != NX_HL_ANSI && how != NX_HL_HTML)
        return NX_ERR_INVALID;
    size_t len = strlen(text);
    if (!spans_valid(text, len, spans, nspans))
        return NX_ERR_INVALID;
    if (how == NX_HL_NONE)
        nspans = 0;

    const char *mo = "", *mc = "";
    if (how == NX_HL_PLAIN) {
        mo = open ? open : "[";
        mc = close ? close : "]";
    } else if (how == NX_HL_ANSI) {
        mo = ANSI_OPEN;
        mc = ANSI_CLOSE;
    } else if (how == NX_HL_HTML) {
        mo = HTML_OPEN;
        mc = HTML_CLOSE;
    }
    int html = how == NX_HL_HTML;
    size_t mol = strlen(mo), mcl = strlen(mc);

    /* Size first, so the output is one allocation; guard the marker
     * arithmetic against overflow from absurd span counts. */
    size_t total = piece_size(text, 0, len, html) + 1;
    if (nspans && (mol + mcl) > (((size_t)-1) - total) / nspans)
        return NX_ERR_NOMEM;
    total += nspans * (mol + mcl);

    char *buf = malloc(total);
    if (!buf)
        return NX_ERR_NOMEM;
    char *w = buf;
    size_t pos = 0;
    for (size_t i = 0; i < nspans; i++) {
        w = put_piece(w, text, pos, spans[i].start, html);
        memcpy(w, mo, mol);
        w += mol;
        w = put_piece(w, text, spans[i].start, spans[i].end, html);
        memcpy(w, mc, mcl);
        w += mcl;
        pos = spans[i].end;
    }
    w = put_piece(w, text, pos, len, html);
    *w = '\0';
    *out = buf;
    return NX_OK;
}

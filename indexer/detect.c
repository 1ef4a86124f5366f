/*
 * detect.c — which reader a file goes to: by extension first (cheap and
 * what users expect), then by sniffing the first bytes; and the dispatcher.
 */
#include "indexer/reader.h"

#include <string.h>
#include <strings.h>

static nx_format by_extension(const char *path)
{
    static const struct { const char *ext; nx_format f; } table[] = {
        {"txt", NX_FORMAT_TEXT},   {"text", NX_FORMAT_TEXT},
        {"json", NX_FORMAT_JSON},  {"jsonl", NX_FORMAT_JSON}, {"ndjson", NX_FORMAT_JSON},
        {"html", NX_FORMAT_HTML},  {"htm", NX_FORMAT_HTML},   {"xhtml", NX_FORMAT_HTML},
        {"sgm", NX_FORMAT_SGML},   {"sgml", NX_FORMAT_SGML},  {"csv", NX_FORMAT_CSV}};
    if (!path)
        return NX_FORMAT_UNKNOWN;
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base)   /* ".hidden" has no extension */
        return NX_FORMAT_UNKNOWN;
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcasecmp(dot + 1, table[i].ext) == 0)
            return table[i].f;
    return NX_FORMAT_UNKNOWN;
}

static int starts_with_ci(const char *s, size_t n, const char *prefix)
{
    size_t pl = strlen(prefix);
    return n >= pl && strncasecmp(s, prefix, pl) == 0;
}

/* has_ext: the name has an extension no reader knows; then only content
 * that says what it is is recognised. */
static nx_format by_content(const char *data, size_t len, int has_ext)
{
    if (!data)
        return has_ext ? NX_FORMAT_UNKNOWN : NX_FORMAT_TEXT;
    size_t i = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        i = 3;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
        i++;
    const char *s = data + i;
    size_t n = len - i;
    if (n > 0 && (s[0] == '{' || s[0] == '['))
        return NX_FORMAT_JSON;
    if (starts_with_ci(s, n, "<!DOCTYPE lewis") || starts_with_ci(s, n, "<REUTERS"))
        return NX_FORMAT_SGML;
    if (starts_with_ci(s, n, "<!DOCTYPE html") || starts_with_ci(s, n, "<html"))
        return NX_FORMAT_HTML;
    return has_ext ? NX_FORMAT_UNKNOWN : NX_FORMAT_TEXT;
}

static int has_extension(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *base = slash ? slash + 1 : path;
    const char *dot = strrchr(base, '.');
    return dot && dot != base && dot[1];
}

nx_format nx_detect_format(const char *path, const char *data, size_t len)
{
    nx_format f = by_extension(path);
    return f != NX_FORMAT_UNKNOWN ? f : by_content(data, len, path && has_extension(path));
}

int nx_format_known_extension(const char *name)
{
    return by_extension(name) != NX_FORMAT_UNKNOWN;
}

nx_format nx_format_from_name(const char *name)
{
    static const nx_format all[] = { NX_FORMAT_TEXT, NX_FORMAT_JSON, NX_FORMAT_HTML, NX_FORMAT_SGML,
                                     NX_FORMAT_CSV };
    for (size_t i = 0; name && i < sizeof all / sizeof *all; i++)
        if (strcasecmp(name, nx_format_name(all[i])) == 0)
            return all[i];
    return NX_FORMAT_UNKNOWN;
}

const char *nx_format_name(nx_format f)
{
    switch (f) {
    case NX_FORMAT_TEXT: return "text";
    case NX_FORMAT_JSON: return "json";
    case NX_FORMAT_HTML: return "html";
    case NX_FORMAT_SGML: return "sgml";
    case NX_FORMAT_CSV: return "csv";
    default: return "unknown";
    }
}

nx_status nx_read_as(nx_format f, const char *path, const char *data, size_t len,
                     const nx_reader_sink *s)
{
    if (f == NX_FORMAT_UNKNOWN)
        f = nx_detect_format(path, data, len);
    switch (f) {
    case NX_FORMAT_TEXT: return nx_read_text(path, data, len, s);
    case NX_FORMAT_JSON: return nx_read_json(path, data, len, s);
    case NX_FORMAT_HTML: return nx_read_html(path, data, len, s);
    case NX_FORMAT_SGML: return nx_read_sgml(path, data, len, s);
    case NX_FORMAT_CSV: return nx_read_csv(path, data, len, s);
    default:
        if (s && s->warn)
            s->warn(s->ctx, path, 0,
                    "skipped: format not recognised from its name or content "
                    "(give --format text, json, html, sgml or csv)");
        return NX_ERR_FORMAT;
    }
}

nx_status nx_read_any(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    return nx_read_as(NX_FORMAT_UNKNOWN, path, data, len, s);
}

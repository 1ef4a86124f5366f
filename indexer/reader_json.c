/*
 * reader_json.c — JSON articles (jansson): JSON Lines (one object per line),
 * a whole-file array of objects, or one object.
 *
 * Fields are found by name, trying these keys in order:
 *   id        id, _id, guid
 *   title     title, headline, name
 *   body      body, text, content, article, story, description
 *   byline    byline, author, authors      (string, or array joined by ", ")
 *   date      date, published, published_at, pubDate, datePublished, timestamp
 *             (a string in any form nx_normalise_date knows, or a number of
 *             unix seconds; milliseconds when it is too large for seconds)
 *   source    source, publisher, outlet
 *   url       url, link
 *   section   section, category
 *   tags      tags, keywords, topics, topic   (array, or "a, b" string)
 *   people    people, persons
 *   places    places, locations
 *   orgs      orgs, organizations
 *   dateline  dateline
 * Other keys are ignored on purpose: the stored document keeps only these
 * schema fields, so anything else would be read and thrown away.
 *
 * The keys are reader_fields.c's table, shared with CSV.  A site's own key
 * for a field (nx_writer_opts.fields, "title=hed,body=story_text"; the CLI
 * takes it from --fields or NX_JSON_FIELDS) is tried before the others.
 *
 * A malformed line, a line that is not an object, or an object with neither
 * title nor body is reported with its line ("item N" in arrays) and
 * skipped.  Ids: the object's own, else "<path>#<line>" (JSON Lines),
 * "<path>#<index>" (arrays, 1-based) or "<path>" (a single object).
 */
#include "indexer/reader.h"
#include "indexer/reader_fields.h"

#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct json_ctx {
    const char *path;
    const nx_reader_sink *sink;
    nx_rf_map map;                  /* the site's own keys (sink->fields) */
    nx_rf_record rec;
    long emitted;
} json_ctx;

static json_t *lookup(const json_ctx *c, json_t *obj, int f)
{
    const char *keys[8];
    size_t n = nx_rf_keys(&c->map, f, keys);
    json_t *v;
    for (size_t i = 0; i < n; i++)
        if ((v = json_object_get(obj, keys[i])) && !json_is_null(v))
            return v;
    return NULL;
}

/* A string, or an object's "name" (authors: [{"name": ...}]). */
static const char *as_text(json_t *v)
{
    if (json_is_object(v))
        v = json_object_get(v, "name");
    return json_is_string(v) ? json_string_value(v) : NULL;
}

static void put_joined(nx_sbuf *b, json_t *v)
{
    if (!json_is_array(v)) {
        const char *s = as_text(v);
        if (s)
            nx_sb_puts(b, s);
        return;
    }
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        const char *s = as_text(item);
        if (!s || !*s)
            continue;
        if (b->len)
            nx_sb_puts(b, ", ");
        nx_sb_puts(b, s);
    }
}

static int put_list(nx_strlist *l, json_t *v)
{
    if (json_is_string(v))
        return nx_sl_push_split(l, json_string_value(v), json_string_length(v));
    if (!json_is_array(v))
        return 0;
    size_t i;
    json_t *item;
    json_array_foreach(v, i, item) {
        const char *s = as_text(item);
        if (s && nx_sl_push(l, s, strlen(s)) != 0)
            return -1;
    }
    return 0;
}

static void put_date(json_ctx *c, json_t *v, const char *where, long line)
{
    c->rec.date[0] = '\0';
    if (json_is_number(v)) {
        double secs = json_number_value(v);
        if (fabs(secs) > 1e11)
            secs /= 1000.0;   /* milliseconds (JavaScript Date.now()) */
        if (isfinite(secs) && fabs(secs) < 1e12 &&
            nx_format_unix_time((long long)floor(secs), c->rec.date, sizeof c->rec.date))
            return;
    } else if (json_is_string(v) &&
               nx_normalise_date(json_string_value(v), c->rec.date, sizeof c->rec.date)) {
        return;
    }
    c->rec.date[0] = '\0';
    nx_sbuf shown = {0};
    if (json_is_string(v))
        nx_sb_puts(&shown, json_string_value(v));
    nx_rd_warnf(c->sink, c->path, line, "%s: cannot understand date \"%.60s\"", where, nx_sb_str(&shown));
    nx_sb_free(&shown);
}

/* Reads one object.  line: for messages and the position id; kind: "line"
 * or "item" (0 for a single-object file). */
static nx_status one_object(json_ctx *c, json_t *obj, const char *kind, long pos, long line)
{
    /* A JSON Lines warning carries its line already: no "line N" again. */
    char where[48];
    if (kind && !strcmp(kind, "line"))
        snprintf(where, sizeof where, "object");
    else
        snprintf(where, sizeof where, "%s %ld", kind ? kind : "object", kind ? pos : 1L);
    if (!json_is_object(obj)) {
        nx_rd_skipf(c->sink, c->path, line, "%s: not a JSON object, skipped", where);
        return NX_OK;
    }
    nx_rf_record_reset(&c->rec);
    static const int scalar[] = {NX_RF_TITLE, NX_RF_BODY, NX_RF_SOURCE, NX_RF_URL, NX_RF_SECTION, NX_RF_DATELINE, NX_RF_BYLINE};
    for (size_t i = 0; i < sizeof scalar / sizeof scalar[0]; i++) {
        json_t *v = lookup(c, obj, scalar[i]);
        if (v) {
            put_joined(&c->rec.str[scalar[i]], v);
            nx_sb_rtrim(&c->rec.str[scalar[i]]);
        }
    }
    if (!c->rec.str[NX_RF_TITLE].len && !c->rec.str[NX_RF_BODY].len) {
        nx_rd_skipf(c->sink, c->path, line, "%s: no title or body, skipped", where);
        return NX_OK;
    }
    json_t *v = lookup(c, obj, NX_RF_ID);
    if (json_is_string(v) && json_string_length(v) > 0) {
        nx_sb_puts(&c->rec.str[NX_RF_ID], json_string_value(v));
    } else if (json_is_integer(v)) {
        char num[32];
        snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
        nx_sb_puts(&c->rec.str[NX_RF_ID], num);
    } else {
        char num[32];
        nx_sb_puts(&c->rec.str[NX_RF_ID], c->path);
        if (kind) {
            snprintf(num, sizeof num, "#%ld", pos);
            nx_sb_puts(&c->rec.str[NX_RF_ID], num);
        }
    }
    if (kind && !strcmp(kind, "line"))
        snprintf(where, sizeof where, "article '%.32s'", c->rec.str[NX_RF_ID].p);
    if ((v = lookup(c, obj, NX_RF_DATE)))
        put_date(c, v, where, line);
    static const int lists[NX_RF_NLISTS] = {NX_RF_TAGS, NX_RF_PEOPLE, NX_RF_PLACES, NX_RF_ORGS};
    for (int i = 0; i < NX_RF_NLISTS; i++)
        if ((v = lookup(c, obj, lists[i])) && put_list(&c->rec.list[i], v) != 0)
            return NX_ERR_NOMEM;
    if (nx_rf_record_oom(&c->rec))
        return NX_ERR_NOMEM;
    nx_article a;
    nx_rf_record_article(&c->rec, c->path, &a);
    c->emitted++;
    return c->sink->article(c->sink->ctx, &a);
}

static nx_status read_lines(json_ctx *c, const char *data, size_t len)
{
    size_t pos = 0;
    long lineno = 0;
    while (pos < len) {
        const char *s = data + pos;
        const char *nl = memchr(s, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - s) : len - pos;
        pos += n + (nl ? 1 : 0);
        lineno++;
        const char *t = s;
        size_t tn = n;
        nx_rd_trim(&t, &tn);
        if (tn == 0)
            continue;
        json_error_t err;
        json_t *obj = json_loadb(t, tn, 0, &err);
        if (!obj) {
            /* The line is the warning's own; jansson's position is within it. */
            nx_rd_skipf(c->sink, c->path, lineno, "invalid JSON at column %d: %s", err.column, err.text);
            continue;
        }
        nx_status st = one_object(c, obj, "line", lineno, lineno);
        json_decref(obj);
        if (st != NX_OK)
            return st;
    }
    return NX_OK;
}

static nx_status read_whole(json_ctx *c, json_t *root)
{
    if (json_is_object(root))
        return one_object(c, root, NULL, 1, 0);
    if (!json_is_array(root)) {
        nx_rd_warnf(c->sink, c->path, 0, "not a JSON object or array of objects");
        return NX_OK;
    }
    size_t i;
    json_t *item;
    json_array_foreach(root, i, item) {
        nx_status st = one_object(c, item, "item", (long)i + 1, 0);
        if (st != NX_OK)
            return st;
    }
    return NX_OK;
}

static int has_lines_extension(const char *path)
{
    const char *dot = strrchr(path, '.');
    return dot && (strcasecmp(dot, ".jsonl") == 0 || strcasecmp(dot, ".ndjson") == 0);
}

/* A file that does not parse as one document but has later lines starting
 * with '{' is JSON Lines with a bad line: read it line by line so one bad
 * line does not lose the others. */
static int looks_like_lines(const char *data, size_t len)
{
    const char *nl = memchr(data, '\n', len);
    while (nl && (size_t)(nl - data) + 1 < len) {
        if (nl[1] == '{')
            return 1;
        nl = memchr(nl + 1, '\n', len - (size_t)(nl + 1 - data));
    }
    return 0;
}

nx_status nx_read_json(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    if (!path || !data || !s || !s->article)
        return NX_ERR_INVALID;
    json_ctx c;
    memset(&c, 0, sizeof c);
    c.path = path;
    c.sink = s;
    nx_rf_map_parse(&c.map, s->fields, s, path);
    nx_status st = NX_OK;
    const char *t = data;
    size_t tn = len;
    nx_rd_trim(&t, &tn);
    if (tn == 0) {
        nx_rd_warnf(s, path, 0, "no articles (empty JSON file)");
        return NX_ERR_FORMAT;
    }
    /* .jsonl/.ndjson always mean lines (ids "<path>#<line>" even for one
     * line); anything else is first tried as one document. */
    int lines = s->json_lines || has_lines_extension(path);
    json_t *root = NULL;
    json_error_t err;
    if (!lines || t[0] == '[') {
        root = json_loadb(data, len, 0, &err);
        if (!root && !lines && !looks_like_lines(data, len)) {
            nx_rd_warnf(s, path, err.line, "invalid JSON at column %d: %s", err.column, err.text);
            st = NX_ERR_FORMAT;
        }
    }
    if (st == NX_OK)
        st = root ? read_whole(&c, root) : read_lines(&c, data, len);
    json_decref(root);
    nx_rf_record_free(&c.rec);
    if (st == NX_OK && c.emitted == 0) {
        nx_rd_warnf(s, path, 0, "no usable articles");
        st = NX_ERR_FORMAT;
    }
    return st;
}

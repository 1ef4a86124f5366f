/*
 * reader_fields.c — the keyed readers' field table (reader_fields.h).
 */
#include "indexer/reader_fields.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "lib/core.h"

static const char *const field_names[NX_RF_COUNT] = {
    "id", "title", "body", "byline", "date", "source", "url", "section",
    "tags", "people", "places", "orgs", "dateline"};

/* The keys news exports use for each field, most common first. */
static const char *const aliases[NX_RF_COUNT][7] = {
    {"id", "_id", "guid"},
    {"title", "headline", "name"},
    {"body", "text", "content", "article", "story", "description"},
    {"byline", "author", "authors"},
    {"date", "published", "published_at", "pubDate", "datePublished", "timestamp"},
    {"source", "publisher", "outlet"},
    {"url", "link"},
    {"section", "category"},
    {"tags", "keywords", "topics", "topic"},
    {"people", "persons"},
    {"places", "locations"},
    {"orgs", "organizations"},
    {"dateline"}};

int nx_rf_list_index(int f)
{
    switch (f) {
    case NX_RF_TAGS: return 0;
    case NX_RF_PEOPLE: return 1;
    case NX_RF_PLACES: return 2;
    case NX_RF_ORGS: return 3;
    default: return -1;
    }
}

void nx_rf_map_parse(nx_rf_map *m, const char *spec, const nx_reader_sink *s, const char *path)
{
    memset(m, 0, sizeof *m);
    const char *p = spec ? spec : "";
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *eq = memchr(p, '=', n);
        int ok = 0;
        if (eq) {
            const char *f = p, *k = eq + 1;
            size_t fl = (size_t)(eq - p), kl = n - fl - 1;
            nx_rd_trim(&f, &fl);
            nx_rd_trim(&k, &kl);
            for (int i = 0; i < NX_RF_COUNT && kl > 0 && kl < sizeof m->custom[0]; i++) {
                if (fl == strlen(field_names[i]) && strncasecmp(f, field_names[i], fl) == 0) {
                    memcpy(m->custom[i], k, kl);
                    m->custom[i][kl] = '\0';
                    ok = 1;
                }
            }
        }
        if (!ok && n > 0)
            nx_rd_warnf(s, path, 0, "field mapping: ignoring \"%.*s\" (want field=key)",
                        (int)(n > 80 ? 80 : n), p);
        p += n + (e ? 1 : 0);
    }
}

size_t nx_rf_keys(const nx_rf_map *m, int f, const char *keys[8])
{
    size_t n = 0;
    if (m && m->custom[f][0])
        keys[n++] = m->custom[f];
    for (int i = 0; i < 7 && aliases[f][i]; i++)
        keys[n++] = aliases[f][i];
    return n;
}

static int key_is(const char *key, size_t n, const char *name)
{
    return strlen(name) == n && strncasecmp(key, name, n) == 0;
}

int nx_rf_field_of(const nx_rf_map *m, const char *key, size_t n)
{
    nx_rd_trim(&key, &n);
    if (m)
        for (int f = 0; f < NX_RF_COUNT; f++)
            if (m->custom[f][0] && key_is(key, n, m->custom[f]))
                return f;
    for (int f = 0; f < NX_RF_COUNT; f++) {
        if (key_is(key, n, field_names[f]))
            return f;
        for (int i = 0; i < 7 && aliases[f][i]; i++)
            if (key_is(key, n, aliases[f][i]))
                return f;
    }
    return -1;
}

int nx_rf_check_columns(const char *fields_spec, const char *columns, char *err)
{
    nx_rf_map m;
    nx_reader_sink quiet = { 0 };
    nx_rf_map_parse(&m, fields_spec, &quiet, NULL);
    int text = 0;
    const char *p = columns;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        const char *t = p;
        nx_rd_trim(&t, &n);
        if (n && !(n == 1 && *t == '-')) {
            int f = nx_rf_field_of(&m, t, n);
            if (f < 0) {
                nx_seterr(err, "CSV column '%.*s' is no article field (id, title, body, byline, date, "
                          "source, url, section, tags or topic, people, places, orgs, dateline; "
                          "- skips a column)", (int)(n > 60 ? 60 : n), t);
                return -1;
            }
            text |= f == NX_RF_TITLE || f == NX_RF_BODY;
        }
        if (!e)
            break;
        p = e + 1;
    }
    if (!text) {
        nx_seterr(err, "CSV columns '%.80s' name no title or body column", columns);
        return -1;
    }
    return 0;
}

void nx_rf_record_reset(nx_rf_record *r)
{
    for (int i = 0; i < NX_RF_COUNT; i++)
        nx_sb_reset(&r->str[i]);
    for (int i = 0; i < NX_RF_NLISTS; i++)
        nx_sl_clear(&r->list[i]);
    r->date[0] = '\0';
}

void nx_rf_record_free(nx_rf_record *r)
{
    for (int i = 0; i < NX_RF_COUNT; i++)
        nx_sb_free(&r->str[i]);
    for (int i = 0; i < NX_RF_NLISTS; i++)
        nx_sl_free(&r->list[i]);
}

int nx_rf_record_oom(const nx_rf_record *r)
{
    for (int i = 0; i < NX_RF_COUNT; i++)
        if (r->str[i].oom)
            return 1;
    return 0;
}

int nx_rf_record_set(nx_rf_record *r, int f, const char *s, size_t n)
{
    nx_rd_trim(&s, &n);
    int li = nx_rf_list_index(f);
    if (li >= 0)
        return nx_sl_push_split(&r->list[li], s, n) == 0 ? 1 : -1;
    if (f == NX_RF_DATE) {
        char in[128];
        r->date[0] = '\0';
        if (n == 0)
            return 1;
        snprintf(in, sizeof in, "%.*s", (int)(n < sizeof in ? n : sizeof in - 1), s);
        if (n < sizeof in && nx_normalise_date(in, r->date, sizeof r->date))
            return 1;
        r->date[0] = '\0';
        return 0;
    }
    nx_sb_putn(&r->str[f], s, n);
    nx_sb_rtrim(&r->str[f]);
    return r->str[f].oom ? -1 : 1;
}

static const char *opt(const nx_sbuf *b)
{
    return b->len ? b->p : NULL;
}

void nx_rf_record_article(const nx_rf_record *r, const char *path, nx_article *a)
{
    memset(a, 0, sizeof *a);
    a->id = opt(&r->str[NX_RF_ID]);
    a->path = path;
    a->title = opt(&r->str[NX_RF_TITLE]);
    a->body = opt(&r->str[NX_RF_BODY]);
    a->byline = opt(&r->str[NX_RF_BYLINE]);
    a->source = opt(&r->str[NX_RF_SOURCE]);
    a->url = opt(&r->str[NX_RF_URL]);
    a->section = opt(&r->str[NX_RF_SECTION]);
    a->dateline = opt(&r->str[NX_RF_DATELINE]);
    a->date = r->date[0] ? r->date : NULL;
    a->tags = (const char *const *)r->list[0].v;
    a->n_tags = r->list[0].n;
    a->people = (const char *const *)r->list[1].v;
    a->n_people = r->list[1].n;
    a->places = (const char *const *)r->list[2].v;
    a->n_places = r->list[2].n;
    a->orgs = (const char *const *)r->list[3].v;
    a->n_orgs = r->list[3].n;
}

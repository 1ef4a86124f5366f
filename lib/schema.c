/*
 * schema.c — the field table (what a user may type before ':' in a query,
 * the term prefix each searches and how), and which schema stamps this
 * newsidx reads.
 */
#include <stddef.h>   /* schema.h uses size_t without including it */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/schema.h"

#define NAMES(...) (const char *const[]){ __VA_ARGS__, NULL }

/* Several spellings per field, because users type what the source calls it
 * ("headline", "byline", "dateline"). */
static const nx_field_def fields[] = {
    { NAMES("title", "headline"), NX_PFX_TITLE, NX_FK_RANKED, 1 },
    { NAMES("author", "byline", "by"), NX_PFX_AUTHOR, NX_FK_RANKED, 1 },
    { NAMES("source"), NX_PFX_SOURCE, NX_FK_FILTER, 1 },
    { NAMES("section"), NX_PFX_SECTION, NX_FK_FILTER, 1 },
    { NAMES("topic", "topics", "tag", "tags"), NX_PFX_TOPIC, NX_FK_FILTER, 1 },
    { NAMES("place", "places", "dateline"), NX_PFX_PLACE, NX_FK_FILTER, 1 },
    { NAMES("person", "people"), NX_PFX_PERSON, NX_FK_FILTER, 1 },
    { NAMES("org", "orgs", "organisation", "organization"), NX_PFX_ORG, NX_FK_FILTER, 1 },
    { NAMES("name"), NX_PFX_NAME, NX_FK_NAME, 0 },
    { NAMES("id"), NX_PFX_ID, NX_FK_ID, 0 },
    { NAMES("date"), NULL, NX_FK_DATE, 0 },
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* ASCII-only case folding: field names are ASCII, and "Title:" is as clear
 * an intent as "title:". */
static int same_name(const char *typed, size_t len, const char *name)
{
    size_t i = 0;
    for (; i < len; i++) {
        unsigned char c = (unsigned char)typed[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (name[i] == '\0' || (unsigned char)name[i] != c)
            return 0;
    }
    return name[i] == '\0';
}

const nx_field_def *nx_schema_field(const char *field, size_t len)
{
    if (!field)
        return NULL;
    for (size_t i = 0; i < NFIELDS; i++)
        for (const char *const *n = fields[i].names; *n; n++)
            if (same_name(field, len, *n))
                return &fields[i];
    return NULL;
}

const nx_field_def *nx_schema_fields(size_t *n)
{
    *n = NFIELDS;
    return fields;
}

const char *nx_schema_field_names(char *buf, size_t bufsz)
{
    size_t o = 0;
    if (!bufsz)
        return buf;
    buf[0] = '\0';
    for (size_t i = 0; i < NFIELDS; i++)
        for (const char *const *n = fields[i].names; *n; n++) {
            int w = snprintf(buf + o, bufsz - o, "%s%s", o ? ", " : "", *n);
            if (w < 0 || (size_t)w >= bufsz - o)
                return buf;
            o += (size_t)w;
        }
    return buf;
}

const char *nx_schema_prefix_for_field(const char *field, size_t len)
{
    const nx_field_def *f = nx_schema_field(field, len);
    return f ? f->prefix : NULL;
}

static int stamp_is(const char *stamp, size_t len, const char *v)
{
    return len == strlen(v) && memcmp(stamp, v, len) == 0;
}

int nx_schema_current(const char *stamp, size_t len)
{
    return stamp && stamp_is(stamp, len, NX_SCHEMA_VERSION);
}

int nx_schema_supported(const char *stamp, size_t len)
{
    /* No stamp: a database this run is creating, or one no newsidx wrote
     * to yet. */
    if (len == 0)
        return 1;
    /* Stamps are small decimal numbers; every one from the oldest read to
     * this newsidx's own is. */
    if (!stamp || len > 4)
        return 0;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (stamp[i] < '0' || stamp[i] > '9')
            return 0;
        v = v * 10 + (stamp[i] - '0');
    }
    return v >= atoi(NX_SCHEMA_OLDEST) && v <= atoi(NX_SCHEMA_VERSION);
}

/*
 * schema.c — the field names a user may type before ':' in a query, the
 * term prefix (lib/schema.h) each one searches, and which schema stamps
 * this newsidx reads.
 */
#include <stddef.h>   /* schema.h uses size_t without including it */
#include <string.h>

#include "lib/schema.h"

struct field_alias {
    const char *name;
    const char *prefix;
};

/* Several spellings per field, because users type what the source calls it
 * ("headline", "byline", "dateline").  "date" has no term prefix: the query
 * parser turns it into a value range itself. */
static const struct field_alias fields[] = {
    {"title", NX_PFX_TITLE},       {"headline", NX_PFX_TITLE},
    {"author", NX_PFX_AUTHOR},     {"byline", NX_PFX_AUTHOR},
    {"by", NX_PFX_AUTHOR},         {"source", NX_PFX_SOURCE},
    {"section", NX_PFX_SECTION},   {"topic", NX_PFX_TOPIC},
    {"topics", NX_PFX_TOPIC},      {"tag", NX_PFX_TOPIC},
    {"tags", NX_PFX_TOPIC},        {"place", NX_PFX_PLACE},
    {"places", NX_PFX_PLACE},      {"dateline", NX_PFX_PLACE},
    {"person", NX_PFX_PERSON},     {"people", NX_PFX_PERSON},
    {"org", NX_PFX_ORG},           {"orgs", NX_PFX_ORG},
    {"organisation", NX_PFX_ORG},  {"organization", NX_PFX_ORG},
    {"name", NX_PFX_NAME},         {"id", NX_PFX_ID},
};

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

const char *nx_schema_prefix_for_field(const char *field, size_t len)
{
    if (!field)
        return NULL;
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
        if (same_name(field, len, fields[i].name))
            return fields[i].prefix;
    return NULL;
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
    return nx_schema_current(stamp, len) || (stamp && stamp_is(stamp, len, NX_SCHEMA_OLDEST));
}

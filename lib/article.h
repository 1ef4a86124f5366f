/*
 * article.h — the fields of an nx_article, listed once.
 *
 * NX_ARTICLE_FIELDS and NX_ARTICLE_LISTS are X-macros with one row per
 * member of nx_article: the member, its public enum value (nx_field,
 * nx_list), its name (what nx_field_name / nx_list_name return, the keys of
 * the CLI's --json) and its tag in the stored record (lib/stored.h).
 * NX_FOUND_LISTS adds the lists the indexer finds in the text rather than
 * the article carries.  Everything that walks an article's fields expands
 * these rows instead of naming the members again: the deep copy and the
 * UTF-8 check below (the parallel build's queue), the stored record's
 * encoder and decoder, the field accessors, the names.
 *
 * A new field: the member in nx_article and its value in nx_field (or
 * nx_list) in newsidx.h, and one row here.  The build then fails until
 * both agree: nx_field_name's switch is generated from the rows, so a
 * value without a row is a -Wswitch error and a row used twice a
 * duplicate case.
 *
 * The stored tags are on disk in every database: a row keeps its tag for
 * ever, and a new row takes a tag never used before (fields below 64,
 * lists from 64 on; 69 is the names' keys, lib/stored.c).  The order of
 * the rows is the order of the record, so rows are added at the end.
 */
#ifndef NX_ARTICLE_H
#define NX_ARTICLE_H

#include <stddef.h>
#include "newsidx.h"

/* X(member, nx_field, name, stored tag) */
#define NX_ARTICLE_FIELDS(X)                          \
    X(id,       NX_FIELD_ID,       "id",       0)     \
    X(title,    NX_FIELD_TITLE,    "title",    1)     \
    X(body,     NX_FIELD_BODY,     "body",     2)     \
    X(byline,   NX_FIELD_BYLINE,   "byline",   3)     \
    X(dateline, NX_FIELD_DATELINE, "dateline", 4)     \
    X(date,     NX_FIELD_DATE,     "date",     5)     \
    X(source,   NX_FIELD_SOURCE,   "source",   6)     \
    X(section,  NX_FIELD_SECTION,  "section",  7)     \
    X(url,      NX_FIELD_URL,      "url",      8)     \
    X(path,     NX_FIELD_PATH,     "path",     9)

/* X(member, count member, nx_list, name, stored tag) */
#define NX_ARTICLE_LISTS(X)                                   \
    X(tags,   n_tags,   NX_LIST_TAGS,   "tags",   64)         \
    X(people, n_people, NX_LIST_PEOPLE, "people", 65)         \
    X(places, n_places, NX_LIST_PLACES, "places", 66)         \
    X(orgs,   n_orgs,   NX_LIST_ORGS,   "orgs",   67)

/* Lists the indexer finds and stores beside the article's own:
 * X(nx_list, name, stored tag). */
#define NX_FOUND_LISTS(X)                                     \
    X(NX_LIST_NAMES, "names", 68)

#define NX_ARTICLE_COUNT_ROW_(...) +1
/* How many nx_field and nx_list values there are (array sizes). */
#define NX_NFIELDS (0 NX_ARTICLE_FIELDS(NX_ARTICLE_COUNT_ROW_))
#define NX_NLISTS (0 NX_ARTICLE_LISTS(NX_ARTICLE_COUNT_ROW_) NX_FOUND_LISTS(NX_ARTICLE_COUNT_ROW_))

/* Field f of a (borrowed from a; NULL when absent or f is unknown). */
const char *nx_article_field(const nx_article *a, nx_field f);
/* List l of a: its count, *items set (borrowed from a; NULL and 0 when
 * absent, and for the found lists, which an nx_article does not carry). */
size_t nx_article_list(const nx_article *a, nx_list l, const char *const **items);

/* The bytes of text a holds: every field and list item, without NULs
 * (docbuild.h's per-article size limit). */
size_t nx_article_text_bytes(const nx_article *a);

/* Bytes a deep copy of a takes (nx_article_copy). */
size_t nx_article_copy_size(const nx_article *a);
/* Copies a's strings and lists into mem (nx_article_copy_size(a) bytes,
 * aligned for pointers) and points *out at them; *out borrows mem, so
 * freeing mem frees the copy.  NULL strings stay NULL, NULL lists (or
 * n_* = 0) become NULL with count 0. */
void nx_article_copy(nx_article *out, const nx_article *a, void *mem);

/* The name (nx_field_name / nx_list_name) of the first field or list of a
 * holding text that is not valid UTF-8 (lib/core.h's strict check), NULL
 * when all is valid.  Static string. */
const char *nx_article_bad_utf8(const nx_article *a);

#endif

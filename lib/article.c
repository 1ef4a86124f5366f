/*
 * article.c — what is generated from the rows of lib/article.h: names,
 * accessors, the deep copy and the UTF-8 check.
 */
#include "lib/article.h"

#include <string.h>

#include "lib/core.h"

/* Field tags sit below 64, list tags from 64 on (lib/stored.h). */
#define FIELD_TAG_OK(m, f, name, tag) _Static_assert((tag) < 64, "field tag " name " must be < 64");
#define LIST_TAG_OK(m, n, l, name, tag) _Static_assert((tag) >= 64 && (tag) < 256, "list tag " name);
#define FOUND_TAG_OK(l, name, tag) _Static_assert((tag) >= 64 && (tag) < 256, "list tag " name);
NX_ARTICLE_FIELDS(FIELD_TAG_OK)
NX_ARTICLE_LISTS(LIST_TAG_OK)
NX_FOUND_LISTS(FOUND_TAG_OK)

/* No default in these switches: a value of the enum without a row is a
 * -Wswitch error, a row given twice a duplicate case. */
const char *nx_field_name(nx_field f)
{
    switch (f) {
#define FIELD_NAME(m, f, name, tag) case f: return name;
        NX_ARTICLE_FIELDS(FIELD_NAME)
#undef FIELD_NAME
    }
    return NULL;
}

const char *nx_list_name(nx_list l)
{
    switch (l) {
#define LIST_NAME(m, n, l, name, tag) case l: return name;
#define FOUND_NAME(l, name, tag) case l: return name;
        NX_ARTICLE_LISTS(LIST_NAME)
        NX_FOUND_LISTS(FOUND_NAME)
#undef LIST_NAME
#undef FOUND_NAME
    }
    return NULL;
}

const char *nx_article_field(const nx_article *a, nx_field f)
{
    switch (f) {
#define FIELD_GET(m, f, name, tag) case f: return a->m;
        NX_ARTICLE_FIELDS(FIELD_GET)
#undef FIELD_GET
    }
    return NULL;
}

size_t nx_article_list(const nx_article *a, nx_list l, const char *const **items)
{
    *items = NULL;
    switch (l) {
#define LIST_GET(m, n, l, name, tag) \
    case l: *items = a->n ? a->m : NULL; return *items ? a->n : 0;
#define FOUND_NONE(l, name, tag) case l: return 0;
        NX_ARTICLE_LISTS(LIST_GET)
        NX_FOUND_LISTS(FOUND_NONE)
#undef LIST_GET
#undef FOUND_NONE
    }
    return 0;
}

/* ---------------------------------------------------------------- copy */

static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

static size_t list_ptrs(const char *const *v, size_t n) { return v ? n : 0; }

static size_t list_strs(const char *const *v, size_t n)
{
    size_t sz = 0;
    for (size_t i = 0; v && i < n; i++)
        sz += str_size(v[i]);
    return sz;
}

static size_t ptr_count(const nx_article *a)
{
    size_t n = 0;
#define LIST_PTRS(m, nm, l, name, tag) n += list_ptrs(a->m, a->nm);
    NX_ARTICLE_LISTS(LIST_PTRS)
#undef LIST_PTRS
    return n;
}

size_t nx_article_copy_size(const nx_article *a)
{
    size_t sz = ptr_count(a) * sizeof(char *);
#define FIELD_SIZE(m, f, name, tag) sz += str_size(a->m);
#define LIST_SIZE(m, nm, l, name, tag) sz += list_strs(a->m, a->nm);
    NX_ARTICLE_FIELDS(FIELD_SIZE)
    NX_ARTICLE_LISTS(LIST_SIZE)
#undef FIELD_SIZE
#undef LIST_SIZE
    return sz;
}

size_t nx_article_text_bytes(const nx_article *a)
{
    size_t t = 0;
#define FIELD_BYTES(m, f, name, tag) t += a->m ? strlen(a->m) : 0;
#define LIST_BYTES(m, nm, l, name, tag)              \
    for (size_t k = 0; a->m && k < a->nm; k++)       \
        t += a->m[k] ? strlen(a->m[k]) : 0;
    NX_ARTICLE_FIELDS(FIELD_BYTES)
    NX_ARTICLE_LISTS(LIST_BYTES)
#undef FIELD_BYTES
#undef LIST_BYTES
    return t;
}

static const char *put_str(char **at, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    memcpy(*at, s, n);
    const char *r = *at;
    *at += n;
    return r;
}

static const char *const *put_list(char **arr, char **strs, const char *const *v, size_t n)
{
    if (!v || !n)
        return NULL;
    const char **out = (const char **)(void *)*arr;
    *arr += n * sizeof(char *);
    for (size_t i = 0; i < n; i++)
        out[i] = put_str(strs, v[i]);
    return out;
}

void nx_article_copy(nx_article *out, const nx_article *a, void *mem)
{
    memset(out, 0, sizeof *out);
    /* Pointer arrays first keep them aligned; the strings follow. */
    char *arr = mem;
    char *str = arr + ptr_count(a) * sizeof(char *);
#define FIELD_COPY(m, f, name, tag) out->m = put_str(&str, a->m);
#define LIST_COPY(m, nm, l, name, tag)                 \
    out->m = put_list(&arr, &str, a->m, a->nm);        \
    out->nm = out->m ? a->nm : 0;
    NX_ARTICLE_FIELDS(FIELD_COPY)
    NX_ARTICLE_LISTS(LIST_COPY)
#undef FIELD_COPY
#undef LIST_COPY
}

/* ---------------------------------------------------------------- UTF-8 */

static int valid(const char *s) { return !s || nx_utf8_valid(s, strlen(s), NULL); }

const char *nx_article_bad_utf8(const nx_article *a)
{
#define FIELD_CHECK(m, f, name, tag) \
    if (!valid(a->m))                \
        return name;
#define LIST_CHECK(m, nm, l, name, tag)              \
    for (size_t k = 0; a->m && k < a->nm; k++)       \
        if (!valid(a->m[k]))                         \
            return name;
    NX_ARTICLE_FIELDS(FIELD_CHECK)
    NX_ARTICLE_LISTS(LIST_CHECK)
#undef FIELD_CHECK
#undef LIST_CHECK
    return NULL;
}

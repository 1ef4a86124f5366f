/*
 * stored.c — article <-> stored record (format in stored.h; the fields
 * and their tags are the rows of lib/article.h).
 */
#include "lib/stored.h"
#include "lib/schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core.h"

#define MAGIC "NXD1"
#define LIST_TAG0 64

/* Tag -> nx_field or nx_list, -1 for a tag this newsidx does not know. */
static int field_of_tag(unsigned tag)
{
    switch (tag) {
#define FIELD_OF(m, f, name, tag) case tag: return f;
        NX_ARTICLE_FIELDS(FIELD_OF)
#undef FIELD_OF
    }
    return -1;
}

static int list_of_tag(unsigned tag)
{
    switch (tag) {
#define LIST_OF(m, n, l, name, tag) case tag: return l;
#define FOUND_OF(l, name, tag) case tag: return l;
        NX_ARTICLE_LISTS(LIST_OF)
        NX_FOUND_LISTS(FOUND_OF)
#undef LIST_OF
#undef FOUND_OF
    }
    return -1;
}

static unsigned found_tag(nx_list l)
{
#define FOUND_TAG(fl, name, tag) if (l == fl) return tag;
    NX_FOUND_LISTS(FOUND_TAG)
#undef FOUND_TAG
    return 0;
}

static int put_u32(nx_buf *b, uint32_t v)
{
    unsigned char le[4] = { (unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                            (unsigned char)(v >> 24) };
    return nx_buf_append(b, le, 4);
}

static int put_bytes(nx_buf *b, const char *s, size_t n)
{
    if (put_u32(b, (uint32_t)n) != 0 || nx_buf_append(b, s, n) != 0)
        return -1;
    return nx_buf_append(b, "", 1);   /* the NUL */
}

static int put_field(nx_buf *b, unsigned tag, const char *v)
{
    if (!v || !*v)
        return 0;
    size_t n = strlen(v);
    if (n > UINT32_MAX / 2 || !nx_utf8_valid(v, n, NULL))
        return -1;
    char t = (char)tag;
    return nx_buf_append(b, &t, 1) != 0 ? -1 : put_bytes(b, v, n);
}

static int put_list(nx_buf *b, unsigned tag, const char *const *v, size_t n)
{
    size_t count = 0;
    for (size_t i = 0; v && i < n; i++)
        count += v[i] && *v[i];
    if (!count)
        return 0;
    char t = (char)tag;
    if (nx_buf_append(b, &t, 1) != 0 || put_u32(b, (uint32_t)count) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!v[i] || !*v[i])
            continue;
        size_t len = strlen(v[i]);
        if (!nx_utf8_valid(v[i], len, NULL) || put_bytes(b, v[i], len) != 0)
            return -1;
    }
    return 0;
}

char *nx_stored_encode(const nx_article *a, const char *date_norm, const char *const *names,
                       const char *const *name_keys, const char *const *name_info, size_t n_names,
                       size_t *len)
{
    nx_buf b = { 0 };
    int bad = nx_buf_append(&b, MAGIC, 4);
    /* The fields in the order of their rows; the date as normalised. */
#define PUT_FIELD(m, f, name, tag) \
    bad = bad || put_field(&b, tag, f == NX_FIELD_DATE && date_norm ? date_norm : a->m) != 0;
    NX_ARTICLE_FIELDS(PUT_FIELD)
#undef PUT_FIELD
    /* The lists in the order written: the article's rows, then what the
     * indexer found.  A new list is one row here. */
    const struct { unsigned tag; const char *const *v; size_t n; } lists[] = {
#define LIST_ROW(m, nm, l, name, tag) { tag, a->m, a->nm },
        NX_ARTICLE_LISTS(LIST_ROW)
#undef LIST_ROW
        { found_tag(NX_LIST_NAMES), names, n_names },
        { NX_STORED_TAG_NAME_KEYS, name_keys, n_names },
        { NX_STORED_TAG_NAME_INFO, name_info, name_info ? n_names : 0 },
    };
    for (size_t l = 0; l < sizeof lists / sizeof *lists && !bad; l++)
        bad = put_list(&b, lists[l].tag, lists[l].v, lists[l].n) != 0;
    if (bad) {
        nx_buf_free(&b);
        return NULL;
    }
    if (len)
        *len = b.len;
    return b.p;
}

static int get_u32(const char *p, const char *end, uint32_t *v)
{
    if (end - p < 4)
        return -1;
    const unsigned char *u = (const unsigned char *)p;
    *v = (uint32_t)u[0] | (uint32_t)u[1] << 8 | (uint32_t)u[2] << 16 | (uint32_t)u[3] << 24;
    return 0;
}

/* One length-prefixed, NUL-terminated string at *p; advances *p. */
static const char *get_str(const char **p, const char *end)
{
    uint32_t n;
    if (get_u32(*p, end, &n) != 0 || (size_t)(end - *p - 4) < (size_t)n + 1 || (*p)[4 + n] != '\0')
        return NULL;
    const char *s = *p + 4;
    *p += 4 + (size_t)n + 1;
    return s;
}

static nx_status decode(nx_stored *out, size_t len)
{
    const char *p = out->buf + 4, *end = out->buf + len;
    if (len < 4 || memcmp(out->buf, MAGIC, 4) != 0)
        return NX_ERR_CORRUPT;
    while (p < end) {
        unsigned tag = (unsigned char)*p++;
        if (tag < LIST_TAG0) {
            const char *s = get_str(&p, end);
            if (!s)
                return NX_ERR_CORRUPT;
            int f = field_of_tag(tag);
            if (f >= 0)
                out->field[f] = s;
            continue;
        }
        uint32_t count;
        if (get_u32(p, end, &count) != 0 || count > (size_t)(end - p) / 5)
            return NX_ERR_CORRUPT;
        p += 4;
        const char **arr = calloc(count ? count : 1, sizeof *arr);
        if (!arr)
            return NX_ERR_NOMEM;
        for (uint32_t i = 0; i < count; i++) {
            if (!(arr[i] = get_str(&p, end))) {
                free(arr);
                return NX_ERR_CORRUPT;
            }
        }
        int l = list_of_tag(tag);
        if (l >= 0 && !out->list[l]) {
            out->list[l] = arr;
            out->nlist[l] = count;
        } else if (tag == NX_STORED_TAG_NAME_KEYS && !out->name_keys) {
            out->name_keys = arr;
            /* keys are written after the names they belong to */
            if (count != out->nlist[NX_LIST_NAMES]) {
                free(arr);
                out->name_keys = NULL;
            }
        } else if (tag == NX_STORED_TAG_NAME_INFO && !out->name_info) {
            out->name_info = arr;
            if (count != out->nlist[NX_LIST_NAMES]) {
                free(arr);
                out->name_info = NULL;
            }
        } else {
            free(arr);
        }
    }
    return NX_OK;
}

nx_status nx_stored_decode(char *data, size_t len, nx_stored *out)
{
    memset(out, 0, sizeof *out);
    out->buf = data;
    nx_status st = data ? decode(out, len) : NX_ERR_CORRUPT;
    if (st != NX_OK)
        nx_stored_clear(out);
    return st;
}

void nx_stored_article(const nx_stored *s, nx_article *a)
{
    memset(a, 0, sizeof *a);
#define FIELD_SET(m, f, name, tag) a->m = s->field[f];
#define LIST_SET(m, nm, l, name, tag) \
    a->m = s->list[l];                \
    a->nm = s->nlist[l];
    NX_ARTICLE_FIELDS(FIELD_SET)
    NX_ARTICLE_LISTS(LIST_SET)
#undef FIELD_SET
#undef LIST_SET
}

const char *nx_stored_name_key(const nx_stored *s, size_t i)
{
    return s->name_keys && i < s->nlist[NX_LIST_NAMES] ? s->name_keys[i] : NULL;
}

const char *nx_stored_name_info(const nx_stored *s, size_t i)
{
    return s->name_info && i < s->nlist[NX_LIST_NAMES] ? s->name_info[i] : NULL;
}

void nx_stored_clear(nx_stored *s)
{
    free(s->name_keys);
    free(s->name_info);
    for (int l = 0; l < NX_NLISTS; l++)
        free(s->list[l]);
    free(s->buf);
    memset(s, 0, sizeof *s);
}

xc_status nx_stored_of_doc(const xc_doc *doc, char **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    xc_status xs = xc_doc_get_value(doc, NX_SLOT_RECORD, data, len);
    /* Schema 2 documents, still read, keep the record in the data. */
    if (xs == XC_OK && *len == 0) {
        xc_free(*data);
        *data = NULL;
        xs = xc_doc_get_data(doc, data, len);
    }
    if (xs != XC_OK) {
        xc_free(*data);
        *data = NULL;
        *len = 0;
    }
    return xs;
}

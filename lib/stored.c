/*
 * stored.c — article <-> stored record (format in stored.h).
 */
#include "lib/stored.h"
#include "lib/schema.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/core.h"

#define MAGIC "NXD1"
#define LIST_TAG0 64
#define KEYS_TAG (LIST_TAG0 + NX_NLISTS)
#define INFO_TAG (KEYS_TAG + 1)

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
    const char *vals[NX_NFIELDS] = {
        a->id, a->title, a->body, a->byline, a->dateline,
        date_norm ? date_norm : a->date, a->source, a->section, a->url, a->path
    };
    int bad = nx_buf_append(&b, MAGIC, 4);
    for (unsigned i = 0; i < NX_NFIELDS && !bad; i++)
        bad |= put_field(&b, i, vals[i]);
    const char *const *lists[NX_NLISTS] = { a->tags, a->people, a->places, a->orgs, names };
    size_t counts[NX_NLISTS] = { a->n_tags, a->n_people, a->n_places, a->n_orgs, n_names };
    for (unsigned l = 0; l < NX_NLISTS && !bad; l++)
        bad |= put_list(&b, LIST_TAG0 + l, lists[l], counts[l]);
    if (!bad)
        bad |= put_list(&b, KEYS_TAG, name_keys, n_names);
    if (!bad && name_info)
        bad |= put_list(&b, INFO_TAG, name_info, n_names);
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
            if (tag < NX_NFIELDS)
                out->field[tag] = s;
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
        if (tag - LIST_TAG0 < NX_NLISTS && !out->list[tag - LIST_TAG0]) {
            out->list[tag - LIST_TAG0] = arr;
            out->nlist[tag - LIST_TAG0] = count;
        } else if (tag == KEYS_TAG && !out->name_keys) {
            out->name_keys = arr;
            /* keys are written after the names they belong to */
            if (count != out->nlist[NX_LIST_NAMES]) {
                free(arr);
                out->name_keys = NULL;
            }
        } else if (tag == INFO_TAG && !out->name_info) {
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

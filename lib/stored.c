/*
 * stored.c — article <-> JSON document data (see stored.h).
 */
#include "lib/stored.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_keys[NX_NFIELDS] = {
    "id", "title", "body", "byline", "dateline", "date", "source", "section", "url", "path"
};
static const char *const list_keys[NX_NLISTS] = { "tags", "people", "places", "orgs", "names" };

const char *nx_field_key(nx_field f) { return (unsigned)f < NX_NFIELDS ? field_keys[f] : NULL; }
const char *nx_list_key(nx_list l) { return (unsigned)l < NX_NLISTS ? list_keys[l] : NULL; }

static int put_str(json_t *o, const char *k, const char *v)
{
    if (!v || !*v)
        return 0;
    json_t *s = json_string(v);
    if (!s)   /* jansson refuses invalid UTF-8: the loader guarantees valid input, API users may not */
        return -1;
    return json_object_set_new(o, k, s);
}

static int put_list(json_t *o, const char *k, const char *const *v, size_t n)
{
    if (!v || n == 0)
        return 0;
    json_t *a = json_array();
    if (!a)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!v[i] || !*v[i])
            continue;
        json_t *s = json_string(v[i]);
        if (!s || json_array_append_new(a, s) != 0) {
            json_decref(a);
            return -1;
        }
    }
    return json_object_set_new(o, k, a);
}

char *nx_stored_encode(const nx_article *a, const char *date_norm, const char *const *names,
                       const char *const *name_keys, size_t n_names, size_t *len)
{
    json_t *o = json_object();
    if (!o)
        return NULL;
    const char *vals[NX_NFIELDS] = {
        a->id, a->title, a->body, a->byline, a->dateline,
        date_norm ? date_norm : a->date, a->source, a->section, a->url, a->path
    };
    int bad = 0;
    for (int i = 0; i < NX_NFIELDS; i++)
        bad |= put_str(o, field_keys[i], vals[i]);
    bad |= put_list(o, "tags", a->tags, a->n_tags);
    bad |= put_list(o, "people", a->people, a->n_people);
    bad |= put_list(o, "places", a->places, a->n_places);
    bad |= put_list(o, "orgs", a->orgs, a->n_orgs);
    bad |= put_list(o, "names", names, n_names);
    bad |= put_list(o, "name_keys", name_keys, n_names);
    char *s = bad ? NULL : json_dumps(o, JSON_COMPACT);
    json_decref(o);
    if (s && len)
        *len = strlen(s);
    return s;
}

nx_status nx_stored_decode(const char *data, size_t len, nx_stored *out)
{
    memset(out, 0, sizeof *out);
    json_error_t err;
    json_t *root = json_loadb(data, len, 0, &err);
    if (!root || !json_is_object(root)) {
        json_decref(root);
        return NX_ERR_CORRUPT;
    }
    out->root = root;
    for (int i = 0; i < NX_NFIELDS; i++) {
        json_t *v = json_object_get(root, field_keys[i]);
        out->field[i] = json_is_string(v) ? json_string_value(v) : NULL;
    }
    for (int l = 0; l < NX_NLISTS; l++) {
        json_t *a = json_object_get(root, list_keys[l]);
        size_t n = json_is_array(a) ? json_array_size(a) : 0;
        if (n == 0)
            continue;
        out->list[l] = calloc(n, sizeof(char *));
        if (!out->list[l]) {
            nx_stored_clear(out);
            return NX_ERR_NOMEM;
        }
        for (size_t i = 0; i < n; i++) {
            json_t *s = json_array_get(a, i);
            if (json_is_string(s))
                out->list[l][out->nlist[l]++] = json_string_value(s);
        }
    }
    /* Keys parallel to names; a mismatch (hand-edited data) drops the keys. */
    json_t *keys = json_object_get(root, "name_keys");
    size_t nn = out->nlist[NX_LIST_NAMES];
    if (nn && json_is_array(keys) && json_array_size(keys) == nn) {
        out->name_keys = calloc(nn, sizeof(char *));
        if (!out->name_keys) {
            nx_stored_clear(out);
            return NX_ERR_NOMEM;
        }
        for (size_t i = 0; i < nn; i++) {
            json_t *k = json_array_get(keys, i);
            out->name_keys[i] = json_is_string(k) ? json_string_value(k) : NULL;
        }
    }
    return NX_OK;
}

const char *nx_stored_name_key(const nx_stored *s, size_t i)
{
    return s->name_keys && i < s->nlist[NX_LIST_NAMES] ? s->name_keys[i] : NULL;
}

void nx_stored_clear(nx_stored *s)
{
    free(s->name_keys);
    for (int l = 0; l < NX_NLISTS; l++)
        free(s->list[l]);
    json_decref((json_t *)s->root);
    memset(s, 0, sizeof *s);
}

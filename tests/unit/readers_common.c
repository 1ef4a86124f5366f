/*
 * readers_common.c — the copying sink and file helpers used by the reader
 * tests.
 */
#include "readers_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    if (!s)
        return NULL;
    char *d = strdup(s);
    if (!d)
        abort();   /* tests only */
    return d;
}

static char *join(const char *const *v, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(v[i]) + 1;
    char *out = calloc(1, len);
    if (!out)
        abort();
    for (size_t i = 0; i < n; i++) {
        if (i)
            strcat(out, "|");
        strcat(out, v[i]);
    }
    return out;
}

static nx_status on_article(void *ctx, const nx_article *a)
{
    rt_sink *s = ctx;
    if (s->keep) {
        if (s->n == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 16;
            s->a = realloc(s->a, s->cap * sizeof *s->a);
            if (!s->a)
                abort();
        }
        rt_article *r = &s->a[s->n];
        r->id = dup_or_null(a->id);
        r->title = dup_or_null(a->title);
        r->body = dup_or_null(a->body);
        r->byline = dup_or_null(a->byline);
        r->dateline = dup_or_null(a->dateline);
        r->date = dup_or_null(a->date);
        r->source = dup_or_null(a->source);
        r->section = dup_or_null(a->section);
        r->url = dup_or_null(a->url);
        r->path = dup_or_null(a->path);
        r->tags = join(a->tags, a->n_tags);
        r->people = join(a->people, a->n_people);
        r->places = join(a->places, a->n_places);
        r->orgs = join(a->orgs, a->n_orgs);
    }
    if (!a->id || !*a->id)
        abort();   /* every article must have an id */
    s->n++;
    if (s->stop_after && s->n >= s->stop_after)
        return NX_ERR_INVALID;
    return NX_OK;
}

static void on_warn(void *ctx, const char *path, long line, const char *msg)
{
    rt_sink *s = ctx;
    if (s->nwarn == s->capwarn) {
        s->capwarn = s->capwarn ? s->capwarn * 2 : 8;
        s->warn = realloc(s->warn, s->capwarn * sizeof *s->warn);
        if (!s->warn)
            abort();
    }
    size_t len = strlen(path) + strlen(msg) + 32;
    char *w = malloc(len);
    if (!w)
        abort();
    snprintf(w, len, "%s:%ld: %s", path, line, msg);
    s->warn[s->nwarn++] = w;
}

void rt_init(rt_sink *s, int keep)
{
    memset(s, 0, sizeof *s);
    s->keep = keep;
    s->sink.ctx = s;
    s->sink.article = on_article;
    s->sink.warn = on_warn;
}

void rt_free(rt_sink *s)
{
    for (size_t i = 0; s->keep && i < s->n; i++) {
        rt_article *r = &s->a[i];
        char *f[] = {r->id, r->title, r->body, r->byline, r->dateline, r->date, r->source,
                     r->section, r->url, r->path, r->tags, r->people, r->places, r->orgs};
        for (size_t k = 0; k < sizeof f / sizeof f[0]; k++)
            free(f[k]);
    }
    free(s->a);
    for (size_t i = 0; i < s->nwarn; i++)
        free(s->warn[i]);
    free(s->warn);
    memset(s, 0, sizeof *s);
}

const rt_article *rt_find(const rt_sink *s, const char *id)
{
    for (size_t i = 0; s->keep && i < s->n; i++)
        if (strcmp(s->a[i].id, id) == 0)
            return &s->a[i];
    return NULL;
}

int rt_warned(const rt_sink *s, const char *frag1, const char *frag2)
{
    for (size_t i = 0; i < s->nwarn; i++)
        if (strstr(s->warn[i], frag1) && (!frag2 || strstr(s->warn[i], frag2)))
            return 1;
    return 0;
}

const char *rt_path(const char *env, const char *rel)
{
    static char buf[4096];
    const char *root = getenv(env);
    if (!root || !*root)
        return NULL;
    snprintf(buf, sizeof buf, "%s/%s", root, rel);
    return buf;
}

nx_status rt_read_file(const char *path, rt_sink *s, int *recoded)
{
    nx_load_result r;
    char err[256];
    nx_status st = nx_load_file(path, &r, err, sizeof err);
    if (st != NX_OK)
        return st;
    if (recoded)
        *recoded = r.recoded;
    st = nx_read_any(path, r.data, r.len, &s->sink);
    free(r.data);
    return st;
}

/*
 * fuzz_reader.c — the checking sink of fuzz_reader.h.
 */
#include "fuzz_reader.h"

#include <stdlib.h>
#include <string.h>

#include "lib/core.h"

static void check_str(const char *what, const char *s)
{
    if (s && !nx_utf8_valid(s, strlen(s), NULL))
        fz_fail("a reader gave a %s that is not valid UTF-8", what);
}

static void check_list(const char *what, const char *const *v, size_t n)
{
    if (n && !v)
        fz_fail("a reader gave %zu %s and no array", n, what);
    for (size_t i = 0; i < n; i++) {
        if (!v[i])
            fz_fail("a reader gave a NULL in its %s", what);
        check_str(what, v[i]);
    }
}

static nx_status on_article(void *ctx, const nx_article *a)
{
    (void)ctx;
    if (!a->id || !*a->id)
        fz_fail("a reader gave an article without an id");
    check_str("id", a->id);
    check_str("title", a->title);
    check_str("body", a->body);
    check_str("byline", a->byline);
    check_str("dateline", a->dateline);
    check_str("date", a->date);
    check_str("source", a->source);
    check_str("section", a->section);
    check_str("url", a->url);
    check_str("path", a->path);
    check_list("tags", a->tags, a->n_tags);
    check_list("people", a->people, a->n_people);
    check_list("places", a->places, a->n_places);
    check_list("orgs", a->orgs, a->n_orgs);
    return NX_OK;
}

static void on_warn(void *ctx, const char *path, long line, const char *message)
{
    (void)ctx;
    if (!path || !*path || !message || !*message || line < 0)
        fz_fail("a reader gave a warning without a path or a message");
}

nx_reader_sink fz_reader_sink(void)
{
    nx_reader_sink s = { .ctx = NULL, .article = on_article, .warn = on_warn };
    return s;
}

void fz_run_reader(fz_reader_fn fn, const char *path, const uint8_t *data, size_t size)
{
    char *text = fz_strndup(data, size, 1);
    nx_reader_sink s = fz_reader_sink();
    nx_status st = fn(path, text, size, &s);
    if (st != NX_OK && st != NX_ERR_FORMAT)
        fz_fail("a reader returned %s", nx_status_name(st));
    free(text);
}

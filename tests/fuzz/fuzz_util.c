/*
 * fuzz_util.c — the helpers of fuzz.h: cleaned copies, a per-process
 * temporary folder, and the small database the search harnesses query.
 */
#define _XOPEN_SOURCE 700   /* nftw */
#include "fuzz.h"

#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/core.h"

void fz_fail(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("fuzz invariant: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    abort();
}

char *fz_strndup(const uint8_t *data, size_t size, int clean)
{
    char *s = malloc(size + 1);
    if (!s)
        fz_fail("out of memory copying %zu bytes", size);
    if (size)
        memcpy(s, data, size);
    s[size] = '\0';
    for (size_t i = 0; clean && i < size;) {
        size_t n = s[i] ? nx_utf8_seq((const unsigned char *)s + i, size - i) : 0;
        if (n) {
            i += n;
        } else {
            s[i++] = '?';
        }
    }
    return s;
}

static char tmpdir[256];
static nx_index *index_handle;

static int rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    return remove(path);
}

static void at_exit(void)
{
    nx_index_close(index_handle);
    index_handle = NULL;
    if (tmpdir[0])
        nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

const char *fz_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/nx-fuzz-XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir))
            fz_fail("cannot make a temporary folder under %s", base && *base ? base : "/tmp");
        atexit(at_exit);
    }
    return tmpdir;
}

char *fz_write_file(const char *name, const void *data, size_t size)
{
    char *path = nx_path_join(fz_tmpdir(), name);
    FILE *f = path ? fopen(path, "wb") : NULL;
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        fz_fail("cannot write %s", path ? path : name);
    return path;
}

/* Generated, not copied: enough words, names, phrases, dates and fields
 * for every construct of the query language to find something. */
static const char *const words[] = {
    "harbour", "council", "election", "minister", "wind", "farm", "market",
    "shares", "rose", "fell", "storm", "labour", "labor", "colour", "budget",
    "talks", "trade", "oil", "prices", "court", "ruling", "strike", "rail",
    "news", "new", "running", "runs", "don't", "U.S.", "5.93", "155,221",
};
static const char *const names[] = {
    "Keir Starmer", "Ursula von der Leyen", "European Commission",
    "New Zealand", "Jean-Claude Juncker", "António Costa", "Bank of England",
};

static void make_article(unsigned i, char *body, size_t bodysz, char *title, size_t titlesz)
{
    size_t nw = sizeof words / sizeof *words, nn = sizeof names / sizeof *names;
    snprintf(title, titlesz, "%s %s as %s %s", names[i % nn], words[(i * 7) % nw],
             words[(i * 3 + 1) % nw], words[(i * 5 + 2) % nw]);
    size_t len = 0;
    for (unsigned s = 0; s < 12 && len + 200 < bodysz; s++) {
        len += (size_t)snprintf(body + len, bodysz - len,
                                "%s said the %s %s %s on Monday, and %s's %s %s. ",
                                names[(i + s) % nn], words[(i + s * 11) % nw],
                                words[(i * 13 + s) % nw], words[(s * 17 + 3) % nw],
                                names[(i * 3 + s + 1) % nn], words[(i + s * 5 + 4) % nw],
                                words[(i * 2 + s * 3 + 5) % nw]);
        if (s % 4 == 3)
            len += (size_t)snprintf(body + len, bodysz - len, "\n\n");
    }
}

nx_index *fz_index(void)
{
    if (index_handle)
        return index_handle;
    char *db = nx_path_join(fz_tmpdir(), "db");
    nx_writer *w = NULL;
    char *err = NULL;
    if (!db || nx_writer_open(db, NULL, &w, &err) != NX_OK)
        fz_fail("cannot create the database: %s", err ? err : "?");
    static const char *const sources[] = { "Wire", "Gazette", "Herald" };
    static const char *const sections[] = { "politics", "business", "world", "sport" };
    for (unsigned i = 0; i < 24; i++) {
        char id[32], date[32], body[4096], title[256];
        snprintf(id, sizeof id, "fz-%u", i);
        snprintf(date, sizeof date, "20%02u-%02u-%02u", 20 + i % 6, 1 + i % 12, 1 + (i * 7) % 28);
        make_article(i, body, sizeof body, title, sizeof title);
        const char *tags[] = { sections[(i + 1) % 4], "economy" };
        const char *people[] = { names[i % 7] };
        nx_article a = {
            .id = id, .title = title, .body = body, .date = i % 5 == 4 ? NULL : date,
            .source = sources[i % 3], .section = sections[i % 4], .byline = "Staff Reporter",
            .dateline = i % 2 ? "LONDON" : "Paris", .url = "https://example.org/story",
            .tags = tags, .n_tags = 2, .people = people, .n_people = 1,
        };
        if (nx_writer_add(w, &a, NULL) != NX_OK)
            fz_fail("cannot add an article: %s", nx_writer_errmsg(w));
    }
    if (nx_writer_close_ex(w, &err) != NX_OK)
        fz_fail("cannot build the database: %s", err ? err : "?");
    if (nx_index_open(db, &index_handle, &err) != NX_OK)
        fz_fail("cannot open the database: %s", err ? err : "?");
    free(db);
    return index_handle;
}

void fz_check_page(const nx_results *r, const nx_search_opts *o)
{
    size_t n = nx_results_count(r);
    unsigned long total = nx_results_total(r);
    if (n > o->limit || (n && total < o->offset + n) ||
        (!n && nx_results_total_exact(r) && total > o->offset))
        fz_fail("%zu hits shown at offset %u, %lu in total, limit %u", n, o->offset, total, o->limit);
    for (size_t i = 0; i < n; i++) {
        const nx_hit *h = nx_results_hit(r, i);
        if (!h || nx_hit_rank(h) != o->offset + i + 1 || nx_hit_percent(h) < 0 ||
            nx_hit_percent(h) > 100 || !nx_hit_id(h))
            fz_fail("hit %zu of the page is inconsistent", i);
    }
    if (nx_results_hit(r, n))
        fz_fail("a hit past the end of the page");
}

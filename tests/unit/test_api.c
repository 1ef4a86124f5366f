/*
 * test_api.c — the public API's boundary: every function given NULL (or a
 * bad argument) either tolerates it as newsidx.h documents or returns a
 * status with a message; nothing crashes, nothing exits.  And the calls an
 * embedder reaches for first, as docs/API.md describes them: a reader
 * that sees later commits, several databases as one, the newest articles
 * without a query, the dates an index holds, headline highlights,
 * deleting a file's articles.  Uses only newsidx.h, like an embedder.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "newsidx.h"

static char dir[] = "/tmp/nx-api-XXXXXX";
static char dbpath[300];

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(dir))
        return -1;
    snprintf(dbpath, sizeof dbpath, "%s/db", dir);
    nx_writer *w = NULL;
    if (nx_writer_open(dbpath, NULL, &w, NULL) != NX_OK)
        return -1;
    nx_article a = { .id = "a1", .title = "Harbour reopens", .body = "The harbour reopened on Monday." };
    nx_status st = nx_writer_add(w, &a, NULL);
    return st == NX_OK && nx_writer_close(w) == NX_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    return system(cmd) == 0 ? 0 : -1;
}

static void test_status_names(void **state)
{
    (void)state;
    for (int st = NX_OK; st <= NX_ERR_BACKEND; st++) {
        const char *n = nx_status_name((nx_status)st);
        assert_non_null(n);
        assert_true(strncmp(n, "NX_", 3) == 0);
    }
    assert_non_null(nx_status_name((nx_status)999));
    assert_string_equal(nx_version(), NX_VERSION_STRING);
    nx_free(NULL);
}

static void test_null_tolerated(void **state)
{
    (void)state;
    /* documented as accepting NULL */
    nx_index_close(NULL);
    nx_results_free(NULL);
    nx_name_facet_free(NULL);
    assert_int_equal(nx_writer_close(NULL), NX_OK);
    char *msg = (char *)"untouched";
    assert_int_equal(nx_writer_close_ex(NULL, &msg), NX_OK);
    assert_null(msg);
    assert_int_equal(nx_writer_close_ex(NULL, NULL), NX_OK);
    assert_int_equal(nx_results_count(NULL), 0);
    assert_null(nx_results_hit(NULL, 0));
    assert_null(nx_results_suggestion(NULL));
    assert_null(nx_hit_id(NULL));
    assert_null(nx_hit_field(NULL, NX_FIELD_TITLE));
    assert_int_equal(nx_hit_list(NULL, NX_LIST_TAGS, NULL), 0);
    assert_int_equal(nx_name_facet_count(NULL), 0);
    assert_null(nx_name_facet_name(NULL, 0));
    assert_non_null(nx_index_errmsg(NULL));
    assert_non_null(nx_writer_errmsg(NULL));
    /* options may be NULL: defaults */
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open_ex(dbpath, NULL, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "harbour", NULL, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 1);
    const nx_hit *h = nx_results_hit(r, 0);
    assert_null(nx_results_hit(r, 1));
    assert_null(nx_hit_field(h, (nx_field)99));
    assert_int_equal(nx_hit_list(h, (nx_list)99, NULL), 0);
    assert_non_null(nx_hit_snippet(h, NULL, NULL));   /* spans may be NULL */
    nx_results_free(r);
    nx_index_close(ix);
}

static void test_null_rejected(void **state)
{
    (void)state;
    char *err = NULL;
    nx_index *ix = (nx_index *)(uintptr_t)1;   /* must be reset to NULL */
    assert_int_equal(nx_index_open(NULL, &ix, &err), NX_ERR_INVALID);
    assert_null(ix);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    nx_free(err);
    assert_int_equal(nx_index_open(dbpath, NULL, NULL), NX_ERR_INVALID);
    nx_writer *w = (nx_writer *)(uintptr_t)1;
    assert_int_equal(nx_writer_open(NULL, NULL, &w, NULL), NX_ERR_INVALID);
    assert_null(w);
    assert_int_equal(nx_writer_open("", NULL, &w, NULL), NX_ERR_INVALID);

    assert_int_equal(nx_search(NULL, "x", NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, NULL, NULL, &r), NX_ERR_INVALID);
    assert_true(strlen(nx_index_errmsg(ix)) > 0);
    assert_int_equal(nx_search(ix, "harbour", NULL, NULL), NX_ERR_INVALID);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.limit = 1000000;
    assert_int_equal(nx_search(ix, "harbour", &o, &r), NX_ERR_INVALID);
    assert_non_null(strstr(nx_index_errmsg(ix), "limit"));
    nx_search_opts_init(&o);
    o.since = "not-a-date";
    assert_int_equal(nx_search(ix, "harbour", &o, &r), NX_ERR_INVALID);
    assert_non_null(strstr(nx_index_errmsg(ix), "not-a-date"));
    assert_int_equal(nx_search(ix, "(", NULL, &r), NX_ERR_QUERY);
    assert_true(strlen(nx_index_errmsg(ix)) > 0);
    assert_int_equal(nx_index_stats(NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_stats(ix, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_sources(ix, NULL, NULL), NX_ERR_INVALID);
    nx_name_facet *f = NULL;
    assert_int_equal(nx_names(NULL, "x", 0, 0, &f), NX_ERR_INVALID);
    assert_int_equal(nx_names(ix, NULL, 0, 0, &f), NX_ERR_INVALID);
    nx_index_close(ix);

    assert_int_equal(nx_writer_open(dbpath, NULL, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_add(NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_add(w, NULL, NULL), NX_ERR_INVALID);
    nx_article noid = { .title = "No id" };
    assert_int_equal(nx_writer_add(w, &noid, NULL), NX_ERR_INVALID);
    assert_non_null(strstr(nx_writer_errmsg(w), "id"));
    nx_article bad = { .id = "bad", .body = "caf\xe9 not UTF-8" };
    assert_int_equal(nx_writer_add(w, &bad, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_delete(w, NULL, NULL), NX_ERR_INVALID);
    int deleted = 1;
    assert_int_equal(nx_writer_delete(w, "no-such-id", &deleted), NX_OK);
    assert_int_equal(deleted, 0);
    assert_int_equal(nx_writer_index_path(w, NULL, NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_index_path(w, "/no/such/path", NULL, NULL, NULL), NX_ERR_IO);
    assert_non_null(strstr(nx_writer_errmsg(w), "/no/such/path"));
    assert_int_equal(nx_writer_commit(NULL), NX_ERR_INVALID);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

static void test_render_rejects(void **state)
{
    (void)state;
    char *out = NULL;
    nx_span spans[2] = { { 0, 3 }, { 2, 5 } };   /* overlapping */
    assert_int_equal(nx_render_highlight(NULL, NULL, 0, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight("abc", NULL, 0, NX_HL_PLAIN, NULL, NULL, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_render_highlight("abcdef", spans, 2, NX_HL_PLAIN, NULL, NULL, &out), NX_ERR_INVALID);
    nx_span past = { 2, 99 };
    assert_int_equal(nx_render_highlight("abc", &past, 1, NX_HL_HTML, NULL, NULL, &out), NX_ERR_INVALID);
    nx_span ok = { 0, 3 };
    assert_int_equal(nx_render_highlight("a<b&c", &ok, 1, NX_HL_HTML, NULL, NULL, &out), NX_OK);
    assert_string_equal(out, "<mark>a&lt;b</mark>&amp;c");
    nx_free(out);
}

/* A new database at dir/name holding the given articles (NULL-terminated
 * by id), language lang (NULL: english). */
static void make_db(const char *name, const char *lang, const nx_article *arts, size_t n, char *path,
                    size_t pathsz)
{
    snprintf(path, pathsz, "%s/%s", dir, name);
    nx_writer_opts wo;
    nx_writer_opts_init(&wo);
    wo.language = lang;
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, &wo, &w, NULL), NX_OK);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(nx_writer_add(w, &arts[i], NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

static unsigned long total_of(nx_index *ix, const char *query)
{
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, query, NULL, &r), NX_OK);
    unsigned long t = nx_results_total(r);
    nx_results_free(r);
    return t;
}

static size_t count_of_id(nx_index *ix, const char *id)
{
    nx_results *r = NULL;
    assert_int_equal(nx_index_get(ix, id, &r), NX_OK);
    size_t n = nx_results_count(r);
    nx_results_free(r);
    return n;
}

/* docs/API.md: a handle opened before a writer's close sees what the
 * writer did at its next call, without reopening. */
static void test_reader_sees_new_commits(void **state)
{
    (void)state;
    char path[320];
    nx_article a[] = { { .id = "old-1", .title = "Yukos shares fall", .body = "Yukos shares fell again." } };
    make_db("reopen", NULL, a, 1, path, sizeof path);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_int_equal(total_of(ix, "Yukos"), 1);
    assert_int_equal(count_of_id(ix, "old-1"), 1);

    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, NULL, &w, NULL), NX_OK);
    int deleted = 0;
    assert_int_equal(nx_writer_delete(w, "old-1", &deleted), NX_OK);
    assert_int_equal(deleted, 1);
    nx_article b = { .id = "mine-1", .title = "Gazprom bids", .body = "Gazprom made a bid for the Yukos unit." };
    assert_int_equal(nx_writer_add(w, &b, NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);

    /* The same handle: the deleted article is gone, the new one found. */
    assert_int_equal(count_of_id(ix, "old-1"), 0);
    assert_int_equal(count_of_id(ix, "mine-1"), 1);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "Yukos", NULL, &r), NX_OK);
    assert_int_equal(nx_results_total(r), 1);
    assert_string_equal(nx_hit_id(nx_results_hit(r, 0)), "mine-1");
    nx_results_free(r);
    assert_int_equal(total_of(ix, "id:mine-1"), 1);
    nx_index_close(ix);
}

static void test_open_many(void **state)
{
    (void)state;
    char p1[320], p2[320], p3[320];
    nx_article a[] = { { .id = "x1", .title = "Ferry strike ends", .body = "The ferry strike ended." },
                       { .id = "x2", .title = "Council budget", .body = "The council passed its budget." } };
    nx_article b[] = { { .id = "y1", .title = "Ferry fares rise", .body = "Ferry fares rose by a tenth." } };
    nx_article g[] = { { .id = "z1", .title = "Fähre", .body = "Die Fähre fährt wieder." } };
    make_db("many1", NULL, a, 2, p1, sizeof p1);
    make_db("many2", NULL, b, 1, p2, sizeof p2);
    make_db("many3", "german", g, 1, p3, sizeof p3);
    const char *both[] = { p1, p2 };
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open_many(both, 2, NULL, &ix, NULL), NX_OK);
    /* One ranking over both, as one database; ids from either. */
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "ferry", NULL, &r), NX_OK);
    assert_int_equal(nx_results_total(r), 2);
    assert_true(nx_results_total_exact(r));
    nx_results_free(r);
    assert_int_equal(total_of(ix, ""), 3);
    assert_int_equal(count_of_id(ix, "y1"), 1);
    assert_int_equal(count_of_id(ix, "x2"), 1);
    nx_index_close(ix);
    /* A path named twice counts once. */
    const char *twice[] = { p1, p1 };
    assert_int_equal(nx_index_open_many(twice, 2, NULL, &ix, NULL), NX_OK);
    assert_int_equal(total_of(ix, ""), 2);
    nx_index_close(ix);
    /* Another language is refused, naming the database. */
    const char *mixed[] = { p1, p3 };
    char *err = NULL;
    assert_int_equal(nx_index_open_many(mixed, 2, NULL, &ix, &err), NX_ERR_INVALID);
    assert_null(ix);
    assert_non_null(err);
    assert_non_null(strstr(err, "many3"));
    nx_free(err);
    err = NULL;
    /* A missing one fails as nx_index_open does. */
    const char *gone[] = { p1, "/no/such/db" };
    assert_int_equal(nx_index_open_many(gone, 2, NULL, &ix, &err), NX_ERR_NOT_FOUND);
    assert_non_null(strstr(err, "/no/such/db"));
    nx_free(err);
    assert_int_equal(nx_index_open_many(NULL, 2, NULL, &ix, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_open_many(both, 0, NULL, &ix, NULL), NX_ERR_INVALID);
    const char *holes[] = { p1, NULL };
    assert_int_equal(nx_index_open_many(holes, 2, NULL, &ix, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_open_many(both, 2, NULL, NULL, NULL), NX_ERR_INVALID);
}

static void test_empty_query_lists_newest(void **state)
{
    (void)state;
    char path[320];
    nx_article a[] = { { .id = "d1", .title = "Oldest", .body = "First.", .date = "2024-01-02" },
                       { .id = "d2", .title = "Newest", .body = "Third.", .date = "2025-06-30" },
                       { .id = "d3", .title = "Middle", .body = "Second.", .date = "2025-01-15" },
                       { .id = "d4", .title = "Undated", .body = "No date." } };
    make_db("dated", NULL, a, 4, path, sizeof path);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.sort = NX_SORT_DATE;
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "  ", &o, &r), NX_OK);
    assert_int_equal(nx_results_total(r), 4);
    assert_string_equal(nx_hit_id(nx_results_hit(r, 0)), "d2");
    assert_string_equal(nx_hit_id(nx_results_hit(r, 1)), "d3");
    assert_string_equal(nx_hit_id(nx_results_hit(r, 2)), "d1");
    assert_string_equal(nx_hit_snippet(nx_results_hit(r, 0), NULL, NULL), "Third.");
    nx_results_free(r);
    o.since = "2025";
    assert_int_equal(nx_search(ix, "", &o, &r), NX_OK);
    assert_int_equal(nx_results_total(r), 2);
    nx_results_free(r);

    nx_dates d;
    assert_int_equal(nx_index_dates(ix, &d), NX_OK);
    assert_int_equal(d.dated, 3);
    assert_string_equal(d.first, "2024-01-02T00:00:00Z");
    assert_string_equal(d.last, "2025-06-30T00:00:00Z");
    assert_int_equal(nx_index_dates(ix, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_index_dates(NULL, &d), NX_ERR_INVALID);
    nx_index_close(ix);
    /* The setup's database has no date at all. */
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    assert_int_equal(nx_index_dates(ix, &d), NX_OK);
    assert_int_equal(d.dated, 0);
    assert_string_equal(d.first, "");
    nx_index_close(ix);
}

static void test_title_spans(void **state)
{
    (void)state;
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(dbpath, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    assert_int_equal(nx_search(ix, "reopening harbour", NULL, &r), NX_OK);
    const nx_hit *h = nx_results_hit(r, 0);
    assert_non_null(h);
    const nx_span *sp = NULL;
    /* "Harbour reopens": both words, by their stems */
    assert_int_equal(nx_hit_title_spans(h, &sp), 2);
    assert_int_equal(sp[0].start, 0);
    assert_int_equal(sp[0].end, 7);
    assert_int_equal(sp[1].start, 8);
    assert_int_equal(sp[1].end, 15);
    nx_results_free(r);
    assert_int_equal(nx_index_get(ix, "a1", &r), NX_OK);
    assert_int_equal(nx_hit_title_spans(nx_results_hit(r, 0), &sp), 0);
    nx_results_free(r);
    assert_int_equal(nx_hit_title_spans(NULL, &sp), 0);
    assert_null(sp);
    nx_index_close(ix);
}

static void test_delete_file(void **state)
{
    (void)state;
    char path[320], in[320], rel[340];
    make_db("files", NULL, NULL, 0, path, sizeof path);
    snprintf(in, sizeof in, "%s/in", dir);
    assert_int_equal(mkdir(in, 0755), 0);
    char file[360];
    snprintf(file, sizeof file, "%s/two.jsonl", in);
    FILE *f = fopen(file, "w");
    assert_non_null(f);
    fputs("{\"id\": \"j1\", \"title\": \"Pier closes\", \"body\": \"The pier closed.\"}\n"
          "{\"id\": \"j2\", \"title\": \"Pier reopens\", \"body\": \"The pier reopened.\"}\n", f);
    fclose(f);
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, NULL, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_index_path(w, in, NULL, NULL, NULL), NX_OK);
    /* Named through a path with "..": resolved as the indexer resolves it. */
    snprintf(rel, sizeof rel, "%s/../in/two.jsonl", in);
    unsigned long n = 0;
    assert_int_equal(nx_writer_delete_file(w, rel, &n), NX_OK);
    assert_int_equal(n, 2);
    assert_int_equal(nx_writer_delete_file(w, file, &n), NX_OK);
    assert_int_equal(n, 0);
    assert_int_equal(nx_writer_delete_file(w, "/no/such/file", &n), NX_OK);
    assert_int_equal(n, 0);
    assert_int_equal(nx_writer_delete_file(w, NULL, &n), NX_ERR_INVALID);
    assert_int_equal(nx_writer_delete_file(NULL, file, &n), NX_ERR_INVALID);
    assert_int_equal(nx_writer_close(w), NX_OK);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_int_equal(total_of(ix, "pier"), 0);
    nx_index_close(ix);
    /* The unchanged file is skipped by the next run: they stay deleted. */
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_open(path, NULL, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_index_path(w, in, NULL, NULL, &sum), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_int_equal(sum.indexed, 0);
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_int_equal(total_of(ix, "pier"), 0);
    nx_index_close(ix);
}


static void warn_count(void *ctx, const char *path, long line, const char *msg)
{
    (void)path;
    (void)line;
    (void)msg;
    (*(int *)ctx)++;
}

/* The field of article id in ix (copied into buf; "" when absent). */
static const char *field_of(nx_index *ix, const char *id, nx_field f, char *buf, size_t n)
{
    nx_results *r = NULL;
    assert_int_equal(nx_index_get(ix, id, &r), NX_OK);
    assert_int_equal(nx_results_count(r), 1);
    const char *v = nx_hit_field(nx_results_hit(r, 0), f);
    snprintf(buf, n, "%s", v ? v : "");
    nx_results_free(r);
    return buf;
}

/* Issue 21's writer side through newsidx.h: a date that is no date is a
 * warning and the article is kept undated; the field mapping, the format
 * and a CSV's columns are options (the environment is not read); a
 * stream is indexed from a descriptor; a missing path counts as failed;
 * a bad option or another language is refused before anything exists. */
static void test_writer_everyday(void **state)
{
    (void)state;
    char path[320], buf[256];
    snprintf(path, sizeof path, "%s/everyday", dir);
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    nx_article bad = { .id = "d-1", .title = "Undated", .body = "Kept.", .date = "2005-13-45" };
    assert_int_equal(nx_writer_add(w, &bad, NULL), NX_OK);
    assert_non_null(nx_writer_warning(w));
    assert_non_null(strstr(nx_writer_warning(w), "'d-1'"));
    assert_non_null(strstr(nx_writer_warning(w), "2005-13-45"));
    nx_article good = { .id = "d-2", .title = "Dated", .body = "Kept too.", .date = "2005-12-31" };
    assert_int_equal(nx_writer_add(w, &good, NULL), NX_OK);
    assert_null(nx_writer_warning(w));
    /* A missing path: NX_ERR_IO and one failure counted. */
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    char missing[400];
    snprintf(missing, sizeof missing, "%s/no-such-file.jsonl", dir);
    assert_int_equal(nx_writer_index_path(w, missing, NULL, NULL, &sum), NX_ERR_IO);
    assert_int_equal(sum.failed, 1);
    assert_int_equal(nx_writer_close(w), NX_OK);
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_string_equal(field_of(ix, "d-1", NX_FIELD_DATE, buf, sizeof buf), "");
    assert_string_equal(field_of(ix, "d-2", NX_FIELD_DATE, buf, sizeof buf), "2005-12-31T00:00:00Z");
    nx_index_close(ix);

    /* The field mapping as an option; the variable has no effect. */
    char in[400];
    snprintf(in, sizeof in, "%s/site.jsonl", dir);
    FILE *f = fopen(in, "w");
    assert_non_null(f);
    fputs("{\"id\": \"s-1\", \"hed\": \"Own headline\", \"title\": \"Alias\", \"story_text\": \"Body.\"}\n", f);
    fclose(f);
    setenv("NX_JSON_FIELDS", "title=story_text", 1);
    o.fields = "title=hed,body=story_text";
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_index_path(w, in, NULL, NULL, NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    unsetenv("NX_JSON_FIELDS");
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_string_equal(field_of(ix, "s-1", NX_FIELD_TITLE, buf, sizeof buf), "Own headline");
    assert_string_equal(field_of(ix, "s-1", NX_FIELD_BODY, buf, sizeof buf), "Body.");
    nx_index_close(ix);

    /* A stream from a descriptor, as CSV without a header. */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    const char csv[] = "\"3\",\"Oil up\",\"Crude rose.\"\n\"1\",\"Talks\",\"Leaders met.\"\n";
    assert_int_equal(write(fds[1], csv, sizeof csv - 1), (ssize_t)(sizeof csv - 1));
    close(fds[1]);
    nx_writer_opts_init(&o);
    o.format = "csv";
    o.csv_columns = "topic,title,body";
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    memset(&sum, 0, sizeof sum);
    int warnings = 0;
    assert_int_equal(nx_writer_index_fd(w, fds[0], "feed", warn_count, &warnings, &sum), NX_OK);
    close(fds[0]);
    assert_int_equal(sum.indexed, 2);
    assert_int_equal(warnings, 0);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    assert_string_equal(field_of(ix, "feed#2", NX_FIELD_TITLE, buf, sizeof buf), "Talks");
    assert_int_equal(total_of(ix, "topic:3"), 1);
    nx_index_close(ix);

    /* Refused before anything is created. */
    char fresh[400];
    snprintf(fresh, sizeof fresh, "%s/never", dir);
    struct stat sb;
    const char *bad_format[] = { "format", "pdf" }, *bad_cols[] = { "csv_columns", "topic,nonsense" },
               *bad_lang[] = { "language", "klingon" };
    const char *const *cases[] = { bad_format, bad_cols, bad_lang };
    for (size_t i = 0; i < 3; i++) {
        nx_writer_opts_init(&o);
        if (!strcmp(cases[i][0], "format"))
            o.format = cases[i][1];
        else if (!strcmp(cases[i][0], "csv_columns"))
            o.csv_columns = cases[i][1];
        else
            o.language = cases[i][1];
        char *err = NULL;
        w = NULL;
        assert_int_equal(nx_writer_open(fresh, &o, &w, &err), NX_ERR_INVALID);
        assert_null(w);
        assert_non_null(err);
        assert_non_null(strstr(err, strchr(cases[i][1], ',') ? "nonsense" : cases[i][1]));
        nx_free(err);
        assert_int_not_equal(stat(fresh, &sb), 0);
    }
    /* Another language on an existing database: said, not ignored. */
    nx_writer_opts_init(&o);
    o.language = "german";
    char *err = NULL;
    assert_int_equal(nx_writer_open(path, &o, &w, &err), NX_ERR_INVALID);
    assert_non_null(strstr(err, "english, not german"));
    nx_free(err);
    o.language = "english";
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_status_names),
        cmocka_unit_test(test_null_tolerated),
        cmocka_unit_test(test_null_rejected),
        cmocka_unit_test(test_render_rejects),
        cmocka_unit_test(test_reader_sees_new_commits),
        cmocka_unit_test(test_open_many),
        cmocka_unit_test(test_empty_query_lists_newest),
        cmocka_unit_test(test_title_spans),
        cmocka_unit_test(test_delete_file),
        cmocka_unit_test(test_writer_everyday),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

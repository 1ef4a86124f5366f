/*
 * test_writer.c: the writer through the public API, on real databases in a
 * temp folder.
 *
 * One thread: a run killed after some batch commits keeps those batches'
 * articles and, once a later run ends, their spelling words too (the counts
 * are saved with each batch and handed to Xapian at the end of a run,
 * writer.c).
 *
 * The parallel bulk build (nx_writer_opts.jobs, indexer/store_bulk.c):
 *  - replacements and deletions of the same id meet their earlier version,
 *    whichever worker it went to; "replaced"/"deleted" are answered at once;
 *  - nothing is visible until the close, then everything is, once;
 *  - bad UTF-8 is refused for that article only;
 *  - the result equals a serial build of the same articles (ids, texts,
 *    spelling), and the build folder is gone;
 *  - a build abandoned by a killed process leaves the database as it was and
 *    its folder is removed by the next writer;
 *  - a database that already holds articles is written serially;
 *  - a build folder that cannot be created is reported with its path;
 *  - a build whose merge fails publishes nothing, not even its file
 *    records: the next run indexes every file again;
 *  - a database reached through a symlink is replaced where the link
 *    points, and the link stays.
 *
 * Files (issue 24): an emptied file's articles go and it is reported once;
 * the lock message gives the real wait.
 *
 * Schema 2 databases (the record in the document data) are read and
 * restamped by the next write, a sharded one shard by shard as each is
 * written; an unknown schema is refused.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700       /* nftw() */
#endif
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "lib/schema.h"

static char g_root[64];

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static int setup(void **state)
{
    (void)state;
    snprintf(g_root, sizeof g_root, "/tmp/nxbulk-XXXXXX");
    return mkdtemp(g_root) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    nftw(g_root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void db_path(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", g_root, name);
}

static int exists(const char *path)
{
    struct stat sb;
    return lstat(path, &sb) == 0;
}

static nx_writer *open_writer(const char *path, unsigned jobs)
{
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.jobs = jobs;
    o.batch_size = 7;   /* many worker commits even in a small test */
    nx_writer *w = NULL;
    char *err = NULL;
    nx_status st = nx_writer_open(path, &o, &w, &err);
    if (st != NX_OK)
        fail_msg("nx_writer_open %s: %s", path, err ? err : "?");
    return w;
}

/* Article n: id "a<n>", a body with "harbour", rev in the text, and every
 * 10th has the rare word "quetzalcoatl" for the spelling dictionary. */
static void add_article(nx_writer *w, unsigned n, unsigned rev, int *replaced)
{
    char id[32], title[64], body[256];
    snprintf(id, sizeof id, "a%u", n);
    snprintf(title, sizeof title, "Harbour report number %u", n);
    snprintf(body, sizeof body, "The harbour board met on day %u. Revision rev%u of the story.%s", n, rev,
             n % 10 == 0 ? " Quetzalcoatl statues were unloaded." : "");
    nx_article a = { .id = id, .title = title, .body = body, .date = "2024-05-01" };
    assert_int_equal(nx_writer_add(w, &a, replaced), NX_OK);
}

static unsigned long count_docs(const char *path)
{
    nx_index *ix = NULL;
    char *err = NULL;
    if (nx_index_open(path, &ix, &err) != NX_OK) {
        nx_free(err);
        return (unsigned long)-1;
    }
    nx_stats st;
    assert_int_equal(nx_index_stats(ix, &st), NX_OK);
    nx_index_close(ix);
    return st.documents;
}

/* Sorted "id:revN" of every hit for query, one line each, into buf. */
static void hits_of(const char *path, const char *query, char *buf, size_t n)
{
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 1000;
    so.snippet_length = 0;
    so.sort = NX_SORT_RELEVANCE;
    so.all_versions = 1;   /* every article: the templated reports are near copies */
    nx_results *r = NULL;
    nx_status st = nx_search(ix, query, &so, &r);
    assert_true(st == NX_OK || st == NX_ERR_NOT_FOUND);
    size_t used = 0;
    buf[0] = '\0';
    char **lines = calloc(nx_results_count(r) + 1, sizeof *lines);
    size_t k = 0;
    for (size_t i = 0; r && i < nx_results_count(r); i++) {
        const nx_hit *h = nx_results_hit(r, i);
        const char *body = nx_hit_field(h, NX_FIELD_BODY);
        const char *rev = body ? strstr(body, "rev") : NULL;
        char line[64];
        snprintf(line, sizeof line, "%s:%.*s", nx_hit_id(h), rev ? 4 : 0, rev ? rev : "");
        lines[k++] = strdup(line);
    }
    for (size_t i = 0; i < k; i++)
        for (size_t j = i + 1; j < k; j++)
            if (strcmp(lines[j], lines[i]) < 0) {
                char *t = lines[i];
                lines[i] = lines[j];
                lines[j] = t;
            }
    for (size_t i = 0; i < k; i++) {
        used += (size_t)snprintf(buf + used, used < n ? n - used : 0, "%s\n", lines[i]);
        free(lines[i]);
    }
    free(lines);
    nx_results_free(r);
    nx_index_close(ix);
}

static char *suggestion_for(const char *path, const char *query)
{
    nx_index *ix = NULL;
    assert_int_equal(nx_index_open(path, &ix, NULL), NX_OK);
    nx_results *r = NULL;
    nx_search(ix, query, NULL, &r);
    const char *s = nx_results_suggestion(r);
    char *out = strdup(s ? s : "");
    nx_results_free(r);
    nx_index_close(ix);
    return out;
}

/* The same changes through any writer: 300 articles, 40 of them twice
 * (the second text wins), 5 deleted, one deleted and added again. */
static void same_changes(nx_writer *w, int check_flags)
{
    int replaced = -1, deleted = -1;
    for (unsigned n = 1; n <= 300; n++) {
        add_article(w, n, 1, &replaced);
        if (check_flags)
            assert_int_equal(replaced, 0);
    }
    for (unsigned n = 1; n <= 40; n++) {
        add_article(w, n * 7, 2, &replaced);
        if (check_flags)
            assert_int_equal(replaced, 1);
    }
    assert_int_equal(nx_writer_delete(w, "a103", &deleted), NX_OK);
    if (check_flags)
        assert_int_equal(deleted, 1);
    char id[16];
    for (unsigned n = 100; n < 105; n++) {
        snprintf(id, sizeof id, "a%u", n);
        assert_int_equal(nx_writer_delete(w, id, &deleted), NX_OK);
        if (check_flags)
            assert_int_equal(deleted, n == 103 ? 0 : 1);   /* a103 went in the loop above */
    }
    assert_int_equal(nx_writer_delete(w, "never-added", &deleted), NX_OK);
    if (check_flags)
        assert_int_equal(deleted, 0);
    add_article(w, 101, 3, &replaced);
    if (check_flags)
        assert_int_equal(replaced, 0);
}

/* The spelling dictionary as "word count" lines. */
static void spellings_of(const char *path, char *out, size_t outsz)
{
    xc_db *db = NULL;
    xc_termlist *tl = NULL;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_db_spellings(db, &tl), XC_OK);
    size_t used = 0;
    xc_term_info ti;
    out[0] = '\0';
    while (xc_termlist_next(tl, &ti) == 1) {
        int n = snprintf(out + used, outsz - used, "%s %lu\n", ti.term, ti.termfreq);
        assert_true(n > 0 && (size_t)n < outsz - used);
        used += (size_t)n;
    }
    xc_termlist_free(tl);
    xc_db_close(db);
}

static void test_bulk_equals_serial(void **state)
{
    (void)state;
    char bulk[128], serial[128], dir[160];
    db_path(bulk, sizeof bulk, "bulk.db");
    db_path(serial, sizeof serial, "serial.db");
    snprintf(dir, sizeof dir, "%s.nx-build", bulk);

    nx_writer *w = open_writer(bulk, 3);
    assert_true(exists(dir));
    same_changes(w, 1);
    /* Bad UTF-8 is refused for that article only, at once. */
    nx_article bad = { .id = "bad", .title = "ok", .body = "caf\xe9 au lait" };
    assert_int_equal(nx_writer_add(w, &bad, NULL), NX_ERR_INVALID);
    assert_non_null(strstr(nx_writer_errmsg(w), "UTF-8"));
    /* Not published before the close, whatever was committed. */
    assert_int_equal(nx_writer_commit(w), NX_OK);
    assert_int_equal(count_docs(bulk), 0);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_false(exists(dir));

    w = open_writer(serial, 1);
    same_changes(w, 0);
    assert_int_equal(nx_writer_close(w), NX_OK);

    /* a100..a104 deleted, a101 back. */
    assert_int_equal(count_docs(bulk), 300 - 5 + 1);
    assert_int_equal(count_docs(serial), count_docs(bulk));
    static char a[64 * 1024], b[64 * 1024];
    hits_of(bulk, "harbour", a, sizeof a);
    hits_of(serial, "harbour", b, sizeof b);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "a7:rev2\n"));
    assert_non_null(strstr(a, "a101:rev3\n"));
    assert_null(strstr(a, "a102:"));
    /* Spelling words from every worker reach the merged database, each
     * once, with the serial build's counts. */
    spellings_of(bulk, a, sizeof a);
    spellings_of(serial, b, sizeof b);
    assert_string_equal(a, b);
    assert_non_null(strstr(a, "\nquetzalcoatl "));
    char *s = suggestion_for(bulk, "quetzalcotl");
    assert_string_equal(s, "quetzalcoatl");
    free(s);
    if (system("command -v xapian-check >/dev/null 2>&1") == 0) {
        char cmd[256];
        snprintf(cmd, sizeof cmd, "xapian-check '%s' >/dev/null", bulk);
        assert_int_equal(system(cmd), 0);
    }
}

/* A run killed before its close: a child process opens a writer (jobs
 * threads, batches of 7), adds articles first..last and exits. */
static void killed_run(const char *path, unsigned jobs, unsigned first, unsigned last)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        nx_writer *w = open_writer(path, jobs);
        for (unsigned n = first; n <= last; n++)
            add_article(w, n, 1, NULL);
        _exit(0);   /* killed: no close */
    }
    int status = 0;
    waitpid(pid, &status, 0);
    assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A killed build publishes nothing, batch commits or not. */
static void test_killed_build_leaves_database(void **state)
{
    (void)state;
    char path[128], dir[160];
    db_path(path, sizeof path, "killed.db");
    snprintf(dir, sizeof dir, "%s.nx-build", path);
    killed_run(path, 2, 1, 50);
    assert_int_equal(count_docs(path), 0);
    assert_true(exists(dir));
    /* The next writer (here a serial one) removes the stale folder. */
    nx_writer *w = open_writer(path, 1);
    assert_false(exists(dir));
    add_article(w, 1, 1, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_int_equal(count_docs(path), 1);
}

/* With articles already there, jobs > 1 writes serially: commits show. */
static void test_nonempty_database_is_serial(void **state)
{
    (void)state;
    char path[128], dir[160];
    db_path(path, sizeof path, "grown.db");
    snprintf(dir, sizeof dir, "%s.nx-build", path);
    nx_writer *w = open_writer(path, 1);
    add_article(w, 1, 1, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);

    w = open_writer(path, 4);
    assert_false(exists(dir));
    add_article(w, 2, 1, NULL);
    assert_int_equal(nx_writer_commit(w), NX_OK);
    assert_int_equal(count_docs(path), 2);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

static char *schema_of(const char *path)
{
    xc_db *db = NULL;
    char *v = NULL;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_db_get_metadata(db, "newsidx.schema", &v, NULL), XC_OK);
    xc_db_close(db);
    return v;
}

static unsigned long count_docs_raw(const char *path)
{
    xc_db *db = NULL;
    unsigned long n = 0;
    assert_int_equal(xc_db_open(path, &db), XC_OK);
    assert_int_equal(xc_db_get_doccount(db, &n), XC_OK);
    xc_db_close(db);
    return n;
}

static void set_schema(const char *path, const char *stamp)
{
    xc_db *db = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_OPEN, &db), XC_OK);
    assert_int_equal(xc_db_set_metadata(db, "newsidx.schema", stamp, strlen(stamp)), XC_OK);
    xc_db_close(db);
}

/* Turns a database this newsidx wrote into what schema 2 wrote: the record
 * in the document data, not in value slot 2. */
static void make_schema2(const char *path)
{
    xc_db *db = NULL;
    xc_docid last = 0;
    assert_int_equal(xc_db_open_writable(path, XC_DB_OPEN, &db), XC_OK);
    assert_int_equal(xc_db_get_lastdocid(db, &last), XC_OK);
    for (xc_docid did = 1; did <= last; did++) {
        xc_doc *d = NULL;
        char *rec = NULL;
        size_t len = 0;
        if (xc_db_get_document(db, did, &d) != XC_OK)
            continue;
        assert_int_equal(xc_doc_get_value(d, 2, &rec, &len), XC_OK);
        assert_true(len > 0);
        assert_int_equal(xc_doc_set_data(d, rec, len), XC_OK);
        assert_int_equal(xc_doc_add_value(d, 2, NULL, 0), XC_OK);
        assert_int_equal(xc_db_replace_document(db, did, d), XC_OK);
        xc_free(rec);
        xc_doc_free(d);
    }
    assert_int_equal(xc_db_set_metadata(db, "newsidx.schema", "2", 1), XC_OK);
    xc_db_close(db);
}

/* Schema 2 kept the record in the document data.  Such a database is
 * searched with its records, and the next write rebuilds its documents
 * (indexer/upgrade.h) and restamps it while its old documents still show.  A stamp from elsewhere is refused by the
 * reader and the writer alike. */
static void test_schema2_database(void **state)
{
    (void)state;
    char path[128], hits[4096];
    db_path(path, sizeof path, "old.db");
    nx_writer *w = open_writer(path, 1);
    for (unsigned n = 1; n <= 5; n++)
        add_article(w, n, 1, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);
    char *v = schema_of(path);
    assert_string_equal(v, NX_SCHEMA_VERSION);
    xc_free(v);

    make_schema2(path);
    hits_of(path, "harbour", hits, sizeof hits);
    assert_string_equal(hits, "a1:rev1\na2:rev1\na3:rev1\na4:rev1\na5:rev1\n");

    w = open_writer(path, 2);
    add_article(w, 6, 1, NULL);
    add_article(w, 3, 2, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);
    v = schema_of(path);
    assert_string_equal(v, NX_SCHEMA_VERSION);
    xc_free(v);
    hits_of(path, "harbour", hits, sizeof hits);
    assert_string_equal(hits, "a1:rev1\na2:rev1\na3:rev2\na4:rev1\na5:rev1\na6:rev1\n");

    set_schema(path, "9");
    nx_index *ix = NULL;
    char *err = NULL;
    assert_int_equal(nx_index_open(path, &ix, &err), NX_ERR_VERSION);
    assert_non_null(strstr(err, "schema 9"));
    nx_free(err);
    err = NULL;
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    assert_int_equal(nx_writer_open(path, &o, &w, &err), NX_ERR_VERSION);
    assert_non_null(strstr(err, "another version of newsidx (schema 9"));
    nx_free(err);
    assert_int_equal(count_docs_raw(path), 6);
}

/* A schema 3 database tokenised "G-7" as two words.  The next writer
 * rebuilds its documents from their records, so "G7" and "G-7" find the
 * article, which keeps its fields; then it is stamped 4. */
static void test_schema3_upgrade(void **state)
{
    (void)state;
    char path[128], hits[4096];
    db_path(path, sizeof path, "schema3.db");
    nx_writer *w = open_writer(path, 1);
    nx_article a = { .id = "g7-story", .title = "Summit", .body = "The G-7 finance ministers met.",
                     .byline = "A Reporter" };
    assert_int_equal(nx_writer_add(w, &a, NULL), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    /* What schema 3 wrote: the same record, the parts as terms. */
    xc_db *db = NULL;
    xc_doc *old = NULL, *d = NULL;
    char *rec = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_open_writable(path, XC_DB_OPEN, &db), XC_OK);
    assert_int_equal(xc_db_get_document(db, 1, &old), XC_OK);
    assert_int_equal(xc_doc_get_value(old, NX_SLOT_RECORD, &rec, &len), XC_OK);
    assert_int_equal(xc_doc_new(&d), XC_OK);
    static const char *const words[] = { "summit", "the", "g", "7", "financ", "minist", "met" };
    for (unsigned i = 0; i < 7; i++)
        assert_int_equal(xc_doc_add_posting(d, words[i], strlen(words[i]), i + 1, 1), XC_OK);
    assert_int_equal(xc_doc_add_boolean_term(d, "Qg7-story", 9), XC_OK);
    assert_int_equal(xc_doc_add_value(d, NX_SLOT_RECORD, rec, len), XC_OK);
    assert_int_equal(xc_db_replace_document(db, 1, d), XC_OK);
    assert_int_equal(xc_db_set_metadata(db, "newsidx.schema", "3", 1), XC_OK);
    xc_free(rec);
    xc_doc_free(d);
    xc_doc_free(old);
    xc_db_close(db);
    hits_of(path, "G7", hits, sizeof hits);
    assert_string_equal(hits, "");

    w = open_writer(path, 1);
    assert_int_equal(nx_writer_close(w), NX_OK);
    char *v = schema_of(path);
    assert_string_equal(v, NX_SCHEMA_VERSION);
    xc_free(v);
    hits_of(path, "G7", hits, sizeof hits);
    assert_string_equal(hits, "g7-story:\n");
    hits_of(path, "G-7", hits, sizeof hits);
    assert_string_equal(hits, "g7-story:\n");
    hits_of(path, "author:reporter", hits, sizeof hits);
    assert_string_equal(hits, "g7-story:\n");
}

static void add_dated(nx_writer *w, unsigned n, const char *date)
{
    char id[32], body[128];
    snprintf(id, sizeof id, "a%u", n);
    snprintf(body, sizeof body, "The harbour board met. Revision rev1 of story %u.", n);
    nx_article a = { .id = id, .title = "Harbour report", .body = body, .date = date };
    assert_int_equal(nx_writer_add(w, &a, NULL), NX_OK);
}

/* A sharded database of schema 2: the writer rebuilds and restamps every
 * shard with meta/, touched or not (a search reads them all), and every
 * record shows through. */
static void test_schema2_shards(void **state)
{
    (void)state;
    char path[128], hits[4096], p23[160], p24[160], meta[160];
    db_path(path, sizeof path, "years.db");
    snprintf(p23, sizeof p23, "%s/2023", path);
    snprintf(p24, sizeof p24, "%s/2024", path);
    snprintf(meta, sizeof meta, "%s/meta", path);
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.shard_by = NX_SHARD_YEAR;
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    add_dated(w, 1, "2023-03-01");
    add_dated(w, 2, "2024-05-01");
    assert_int_equal(nx_writer_close(w), NX_OK);
    make_schema2(p23);
    make_schema2(p24);
    make_schema2(meta);
    hits_of(path, "harbour", hits, sizeof hits);
    assert_string_equal(hits, "a1:rev1\na2:rev1\n");

    nx_writer_opts_init(&o);
    assert_int_equal(nx_writer_open(path, &o, &w, NULL), NX_OK);
    add_dated(w, 3, "2024-06-01");
    assert_int_equal(nx_writer_close(w), NX_OK);
    const char *want[][2] = { { meta, NX_SCHEMA_VERSION }, { p24, NX_SCHEMA_VERSION }, { p23, NX_SCHEMA_VERSION } };
    for (size_t k = 0; k < 3; k++) {
        char *v = schema_of(want[k][0]);
        assert_string_equal(v, want[k][1]);
        xc_free(v);
    }
    hits_of(path, "harbour", hits, sizeof hits);
    assert_string_equal(hits, "a1:rev1\na2:rev1\na3:rev1\n");
}

/* Something that is not a folder where the build folder goes. */
static void test_build_folder_error(void **state)
{
    (void)state;
    char path[128], dir[160];
    db_path(path, sizeof path, "blocked.db");
    snprintf(dir, sizeof dir, "%s.nx-build", path);
    FILE *f = fopen(dir, "w");
    assert_non_null(f);
    fclose(f);
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.jobs = 2;
    nx_writer *w = NULL;
    char *err = NULL;
    assert_int_equal(nx_writer_open(path, &o, &w, &err), NX_ERR_IO);
    assert_null(w);
    assert_non_null(err);
    assert_non_null(strstr(err, ".nx-build"));
    nx_free(err);
    remove(dir);
}

/* The merge's destination is taken (a dangling symlink where the merged
 * database goes): the close fails with a message, the database keeps no article and
 * no file record, and the next run indexes every file. */
static void test_failed_publish_keeps_nothing(void **state)
{
    (void)state;
    char path[128], in[128], merged[200];
    db_path(path, sizeof path, "failed.db");
    db_path(in, sizeof in, "in");
    snprintf(merged, sizeof merged, "%s.nx-build/merged", path);
    assert_int_equal(mkdir(in, 0777), 0);
    for (int i = 0; i < 5; i++) {
        char f[200];
        snprintf(f, sizeof f, "%s/story%d.txt", in, i);
        FILE *fp = fopen(f, "w");
        assert_non_null(fp);
        fprintf(fp, "Harbour story %d\n\nThe harbour board met again today.\n", i);
        fclose(fp);
    }
    nx_writer *w = open_writer(path, 2);
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_index_path(w, in, NULL, NULL, &sum), NX_OK);
    assert_int_equal(sum.indexed, 5);
    assert_int_equal(symlink("/nonexistent/newsidx-test", merged), 0);
    char *err = NULL;
    assert_int_not_equal(nx_writer_close_ex(w, &err), NX_OK);
    assert_non_null(err);
    assert_non_null(strstr(err, "merge"));
    nx_free(err);
    assert_int_equal(count_docs(path), 0);

    w = open_writer(path, 1);
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_index_path(w, in, NULL, NULL, &sum), NX_OK);
    assert_int_equal(sum.files_unchanged, 0);
    assert_int_equal(sum.indexed, 5);
    assert_int_equal(nx_writer_close(w), NX_OK);
    assert_int_equal(count_docs(path), 5);
}

/* A database reached through a symlink: the build swaps in where the link
 * points, and the link stays a link. */
static void test_symlinked_database(void **state)
{
    (void)state;
    char real[128], link[128], dir[160];
    db_path(real, sizeof real, "real.db");
    db_path(link, sizeof link, "link.db");
    assert_int_equal(mkdir(real, 0777), 0);
    assert_int_equal(symlink(real, link), 0);
    nx_writer *w = open_writer(link, 2);
    for (unsigned n = 1; n <= 20; n++)
        add_article(w, n, 1, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);
    struct stat sb;
    assert_int_equal(lstat(link, &sb), 0);
    assert_true(S_ISLNK(sb.st_mode));
    assert_int_equal(count_docs(link), 20);
    assert_int_equal(count_docs(real), 20);
    snprintf(dir, sizeof dir, "%s.nx-build", real);
    assert_false(exists(dir));
    snprintf(dir, sizeof dir, "%s.nx-build", link);
    assert_false(exists(dir));
}

/* One thread, killed after two batch commits: the word of a committed
 * article is not a suggestion yet, and becomes one when the next run ends,
 * whatever that run indexes. */
static void test_killed_run_keeps_spelling(void **state)
{
    (void)state;
    char path[128];
    db_path(path, sizeof path, "spell.db");
    /* A first, finished run so the killed one is not a parallel build. */
    nx_writer *w = open_writer(path, 1);
    add_article(w, 1, 1, NULL);
    assert_int_equal(nx_writer_close(w), NX_OK);

    /* Batches 2..8 and 9..15 are committed (article 10 has the rare
     * word); 16 never is. */
    killed_run(path, 1, 2, 16);
    assert_int_equal(count_docs(path), 15);
    char *s = suggestion_for(path, "quetzalcotl");
    assert_string_equal(s, "");
    free(s);

    w = open_writer(path, 1);
    add_article(w, 21, 1, NULL);   /* not a multiple of 10: no rare word */
    assert_int_equal(nx_writer_close(w), NX_OK);
    s = suggestion_for(path, "quetzalcotl");
    assert_string_equal(s, "quetzalcoatl");
    free(s);

    /* And only once: a further run finds nothing left to take back. */
    w = open_writer(path, 1);
    assert_int_equal(nx_writer_close(w), NX_OK);
    s = suggestion_for(path, "quetzalcotl");
    assert_string_equal(s, "quetzalcoatl");
    free(s);
}

/* Writes text to path (the folder exists). */
static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static nx_index_summary index_folder(const char *db, const char *dir, int shard_by, int prune)
{
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.shard_by = shard_by;
    nx_writer *w = NULL;
    assert_int_equal(nx_writer_open(db, &o, &w, NULL), NX_OK);
    nx_index_summary sum;
    memset(&sum, 0, sizeof sum);
    assert_int_equal(nx_writer_index_path(w, dir, NULL, NULL, &sum), NX_OK);
    if (prune)
        assert_int_equal(nx_writer_prune(w, NULL, NULL, &sum), NX_OK);
    assert_int_equal(nx_writer_close(w), NX_OK);
    return sum;
}

/* Issue 24: a file emptied after indexing kept its old articles for good,
 * warned on every later run, and --prune did not remove them.  Now its
 * articles go, it is reported once, and later runs pass it by; a new
 * empty file likewise warns once.  In one database and in date shards. */
static void test_emptied_file(void **state)
{
    (void)state;
    for (int by = NX_SHARD_NONE; by <= NX_SHARD_YEAR; by++) {
        char db[128], dir[128], a[160], b[160], c[160];
        db_path(db, sizeof db, by ? "emptied-shards.db" : "emptied.db");
        db_path(dir, sizeof dir, by ? "emptied-shards-in" : "emptied-in");
        assert_int_equal(mkdir(dir, 0777), 0);
        snprintf(a, sizeof a, "%s/a.txt", dir);
        snprintf(b, sizeof b, "%s/b.txt", dir);
        snprintf(c, sizeof c, "%s/c.txt", dir);
        write_text(a, "Harbour reopens\nDate: 2024-05-01\n\nThe harbour reopened on Monday.\n");
        write_text(b, "Lighthouse keeper retires\n\nThe keeper retired after forty years.\n");
        nx_index_summary sum = index_folder(db, dir, by, 0);
        assert_int_equal(sum.indexed, 2);
        assert_int_equal(count_docs(db), 2);

        write_text(a, "");
        sum = index_folder(db, dir, by, 0);
        assert_int_equal(sum.deleted, 1);
        assert_int_equal(sum.warnings, 1);          /* "no text", once */
        assert_int_equal(count_docs(db), 1);
        sum = index_folder(db, dir, by, 1);
        assert_int_equal(sum.warnings, 0);
        assert_int_equal(sum.files_unchanged, 2);
        assert_int_equal(sum.deleted, 0);

        /* Blank is empty too; a new empty file warns once. */
        write_text(b, "  \n\n\t\n");
        write_text(c, "");
        sum = index_folder(db, dir, by, 0);
        assert_int_equal(sum.deleted, 1);
        assert_int_equal(sum.warnings, 2);
        assert_int_equal(count_docs(db), 0);
        sum = index_folder(db, dir, by, 1);
        assert_int_equal(sum.warnings, 0);
        assert_int_equal(sum.files_unchanged, 3);

        /* Written again: indexed again. */
        write_text(a, "Harbour reopens again\n\nThe harbour reopened on Tuesday.\n");
        sum = index_folder(db, dir, by, 0);
        assert_int_equal(sum.indexed, 1);
        assert_int_equal(count_docs(db), 1);
    }
}

/* Issue 24: the lock message said "(waited 0 s)" after a 0.5 s wait. */
static void test_lock_wait_message(void **state)
{
    (void)state;
    char path[128];
    db_path(path, sizeof path, "locked.db");
    nx_writer *w = open_writer(path, 1);
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    o.wait_seconds = 0.5;
    nx_writer *w2 = NULL;
    char *err = NULL;
    assert_int_equal(nx_writer_open(path, &o, &w2, &err), NX_ERR_LOCKED);
    assert_null(w2);
    assert_non_null(err);
    const char *at = strstr(err, "(waited ");
    assert_non_null(at);
    double waited = atof(at + 8);
    assert_true(waited >= 0.45);   /* it waited at least what was asked, and says so */
    assert_non_null(strstr(at, " s)"));
    nx_free(err);
    assert_int_equal(nx_writer_close(w), NX_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_killed_run_keeps_spelling, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_equals_serial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_killed_build_leaves_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_nonempty_database_is_serial, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema2_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema2_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_schema3_upgrade, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_folder_error, setup, teardown),
        cmocka_unit_test_setup_teardown(test_failed_publish_keeps_nothing, setup, teardown),
        cmocka_unit_test_setup_teardown(test_symlinked_database, setup, teardown),
        cmocka_unit_test_setup_teardown(test_emptied_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_lock_wait_message, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_store.c — each store of indexer/store.h on its own, without the
 * writer, on real Xapian databases in a temp folder.  What is checked is
 * read back through Xapian directly (doc counts, id terms, metadata, the
 * stub file), not through the store.
 *
 * Plain: put/replace/del answer "existed" truly; nothing is visible to a
 * reader before commit; del_file keeps the kept ids, stops at max and
 * says "none left" by returning fewer than max.
 * Shards: articles land in the shard of their date (undated without one);
 * a new date moves an article and counts as a replacement; del and
 * del_file reach every shard; XAPIANDB lists every shard after a commit,
 * and a dry run never writes it; the shard mode is recorded and enforced.
 * Bulk: replacements and deletions meet their earlier version; nothing
 * (articles or metadata) is visible before finish, everything after;
 * finish without publish leaves the database as it was; the build folder
 * is gone either way; bad UTF-8 is refused before it is queued.
 */
#ifndef _XOPEN_SOURCE
#define _XOPEN_SOURCE 700       /* nftw() */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>
#include <ftw.h>

#include "analysis/stem.h"
#include "indexer/docbuild.h"
#include "indexer/files.h"
#include "indexer/store.h"
#include "lib/schema.h"

static char root[64];
static nx_stemmer *st;
static nx_docbuilder *b;

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
    snprintf(root, sizeof root, "/tmp/nxstore-XXXXXX");
    if (!mkdtemp(root))
        return -1;
    if (nx_stemmer_new("english", &st, NULL) != NX_OK || nx_docbuilder_new(st, &b) != NX_OK)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    nx_docbuilder_free(b);
    nx_stemmer_free(st);
    nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
    return 0;
}

static void path_of(char *buf, size_t n, const char *name)
{
    snprintf(buf, n, "%s/%s", root, name);
}

static int exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0;
}

/* An article of file `file` with a body naming its id. */
static nx_article art(const char *id, const char *date, const char *file)
{
    static char body[8][128];
    static int k;
    char *bd = body[k++ % 8];
    snprintf(bd, 128, "The harbour story %s reopened on Monday.", id);
    nx_article a = { .id = id, .title = "Harbour news", .body = bd, .date = date, .path = file };
    return a;
}

static nx_status put(nx_store *s, const char *id, const char *date, const char *file, int *existed)
{
    char term[300];
    nx_id_term(id, term, sizeof term);
    nx_article a = art(id, date, file);
    *existed = -1;
    return s->ops->put(s, term, &a, existed);
}

static nx_status del(nx_store *s, const char *id, int *existed)
{
    char term[300];
    nx_id_term(id, term, sizeof term);
    *existed = -1;
    return s->ops->del(s, term, existed);
}

static unsigned long doccount_at(const char *path)
{
    xc_db *db;
    unsigned long n = 0;
    if (xc_db_open(path, &db) != XC_OK)
        return (unsigned long)-1;
    assert_int_equal(xc_db_get_doccount(db, &n), XC_OK);
    xc_db_close(db);
    return n;
}

static int has_id_at(const char *path, const char *id)
{
    char term[300];
    nx_id_term(id, term, sizeof term);
    xc_db *db;
    int has = 0;
    if (xc_db_open(path, &db) != XC_OK)
        return -1;
    assert_int_equal(xc_db_term_exists(db, term, &has), XC_OK);
    xc_db_close(db);
    return has;
}

/* Length of the metadata key "newsidx.test" as a reader of path sees it. */
static size_t test_key_len_at(const char *path)
{
    xc_db *r;
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_open(path, &r), XC_OK);
    assert_int_equal(xc_db_get_metadata(r, "newsidx.test", &v, &len), XC_OK);
    xc_free(v);
    xc_db_close(r);
    return len;
}

static nx_status del_file(nx_store *s, const char *file, char **keep, size_t nkeep, unsigned long max,
                          unsigned long *deleted)
{
    char fterm[64];
    nx_file_term(file, fterm, sizeof fterm);
    if (keep) {
        for (size_t i = 0; i < nkeep; i++) {
            char term[300];
            nx_id_term(keep[i], term, sizeof term);
            keep[i] = strdup(term);
        }
        nx_sort_strings(keep, nkeep);
    }
    nx_status r = s->ops->del_file(s, fterm, keep, nkeep, max, deleted);
    for (size_t i = 0; keep && i < nkeep; i++)
        free(keep[i]);
    return r;
}

/* ---------------------------------------------------------------- plain */

static nx_store *plain_at(const char *path)
{
    xc_db *db;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE_OR_OPEN, &db), XC_OK);
    nx_store *s = NULL;
    char err[NX_ERRMSG_MAX];
    assert_int_equal(nx_store_plain_new(db, path, b, &s, err), NX_OK);
    assert_ptr_equal(s->meta, db);
    assert_int_equal(s->publishes, 0);
    return s;
}

static void test_plain(void **state)
{
    (void)state;
    char p[128];
    path_of(p, sizeof p, "plain");
    nx_store *s = plain_at(p);
    int ex;
    assert_int_equal(put(s, "a1", "2025-03-01", "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 0);
    assert_int_equal(put(s, "a2", NULL, "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 0);
    assert_int_equal(put(s, "a1", "2025-03-02", "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 1);
    assert_int_equal(xc_db_set_metadata(s->meta, "newsidx.test", "x", 1), XC_OK);
    /* Uncommitted: a reader sees an empty database. */
    assert_int_equal(doccount_at(p), 0);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(doccount_at(p), 2);
    assert_int_equal(del(s, "a2", &ex), NX_OK);
    assert_int_equal(ex, 1);
    assert_int_equal(del(s, "nobody", &ex), NX_OK);
    assert_int_equal(ex, 0);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(doccount_at(p), 1);
    assert_int_equal(has_id_at(p, "a1"), 1);
    assert_int_equal(has_id_at(p, "a2"), 0);
    assert_null(s->ops->finish);           /* nothing to do at the end */
    nx_store_free(s);
    assert_int_equal(test_key_len_at(p), 1);
}

static void test_plain_del_file(void **state)
{
    (void)state;
    char p[128];
    path_of(p, sizeof p, "plainf");
    nx_store *s = plain_at(p);
    int ex;
    const char *ids[] = { "f1", "f2", "f3", "f4", "f5" };
    for (int i = 0; i < 5; i++)
        assert_int_equal(put(s, ids[i], NULL, "/in/f", &ex), NX_OK);
    assert_int_equal(put(s, "g1", NULL, "/in/g", &ex), NX_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    /* Keep f2 and f4: three go, two at a time. */
    char *keep[] = { "f4", "f2" };
    unsigned long n = 0;
    assert_int_equal(del_file(s, "/in/f", keep, 2, 2, &n), NX_OK);
    assert_int_equal(n, 2);
    char *keep2[] = { "f4", "f2" };
    assert_int_equal(del_file(s, "/in/f", keep2, 2, 2, &n), NX_OK);
    assert_int_equal(n, 1);        /* fewer than max: done */
    char *keep3[] = { "f4", "f2" };
    assert_int_equal(del_file(s, "/in/f", keep3, 2, 2, &n), NX_OK);
    assert_int_equal(n, 0);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(doccount_at(p), 3);
    assert_int_equal(has_id_at(p, "f2"), 1);
    assert_int_equal(has_id_at(p, "f4"), 1);
    assert_int_equal(has_id_at(p, "g1"), 1);
    /* Keep none: the whole file goes. */
    assert_int_equal(del_file(s, "/in/f", NULL, 0, 100, &n), NX_OK);
    assert_int_equal(n, 2);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(doccount_at(p), 1);
    nx_store_free(s);
}

/* ---------------------------------------------------------------- shards */

static nx_status shards_at(const char *dir, int by, int dry_run, nx_store **s, char *err)
{
    if (!nx_store_shards_present(dir))
        assert_int_equal(nx_store_shards_mkdir(dir, err), NX_OK);
    char *meta = nx_store_shards_meta_path(dir);
    xc_db *db;
    assert_int_equal(xc_db_open_writable(meta, XC_DB_CREATE_OR_OPEN, &db), XC_OK);
    free(meta);
    nx_status r = nx_store_shards_new(db, dir, by, dry_run, b, s, err);
    if (r != NX_OK)
        xc_db_close(db);     /* the caller's on failure */
    return r;
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    static char buf[4096];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static void test_shards(void **state)
{
    (void)state;
    char dir[128], p[192], err[NX_ERRMSG_MAX];
    path_of(dir, sizeof dir, "sharded");
    nx_store *s;
    assert_int_equal(shards_at(dir, NX_SHARD_YEAR, 0, &s, err), NX_OK);
    snprintf(p, sizeof p, "%s/XAPIANDB", dir);
    assert_true(exists(p));              /* a new index is readable at once */
    assert_true(nx_store_shards_present(dir));
    int ex;
    assert_int_equal(put(s, "d1", "2024-05-01", "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 0);
    assert_int_equal(put(s, "d2", "2025-01-09", "/in/f", &ex), NX_OK);
    assert_int_equal(put(s, "d3", NULL, "/in/g", &ex), NX_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    char *stub = slurp(p);
    assert_non_null(stub);
    assert_non_null(strstr(stub, "auto meta\nauto 2024\nauto 2025\nauto undated\n"));
    snprintf(p, sizeof p, "%s/2024", dir);
    assert_int_equal(has_id_at(p, "d1"), 1);
    assert_int_equal(doccount_at(dir), 3);      /* the stub opens them all */
    /* A new date moves the article and is a replacement. */
    assert_int_equal(put(s, "d1", "2025-06-01", "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 1);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(has_id_at(p, "d1"), 0);
    snprintf(p, sizeof p, "%s/2025", dir);
    assert_int_equal(has_id_at(p, "d1"), 1);
    assert_int_equal(doccount_at(dir), 3);
    /* del reaches whichever shard has the id. */
    assert_int_equal(del(s, "d3", &ex), NX_OK);
    assert_int_equal(ex, 1);
    assert_int_equal(del(s, "d3", &ex), NX_OK);
    assert_int_equal(ex, 0);
    /* del_file across shards, at most max at a time. */
    assert_int_equal(put(s, "d4", "2024-02-02", "/in/f", &ex), NX_OK);
    unsigned long n;
    assert_int_equal(del_file(s, "/in/f", NULL, 0, 2, &n), NX_OK);
    assert_int_equal(n, 2);
    assert_int_equal(del_file(s, "/in/f", NULL, 0, 2, &n), NX_OK);
    assert_int_equal(n, 1);
    assert_int_equal(xc_db_set_metadata(s->meta, "newsidx.test", "y", 1), XC_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(doccount_at(dir), 0);
    nx_store_free(s);
    /* Reopened: the recorded mode holds, another is refused. */
    assert_int_equal(shards_at(dir, NX_SHARD_NONE, 0, &s, err), NX_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_metadata(s->meta, "newsidx.test", &v, &len), XC_OK);
    assert_int_equal(len, 1);
    xc_free(v);
    nx_store_free(s);
    assert_int_equal(shards_at(dir, NX_SHARD_MONTH, 0, &s, err), NX_ERR_INVALID);
    assert_non_null(strstr(err, "sharded by year, not by month"));
}

/* A shard an older analysis wrote is rebuilt and restamped when the store
 * opens, though nothing is written to it: searches read every shard. */
static void test_shards_upgrade_all(void **state)
{
    (void)state;
    char dir[128], p[192], err[NX_ERRMSG_MAX];
    path_of(dir, sizeof dir, "sharded-old");
    nx_store *s;
    assert_int_equal(shards_at(dir, NX_SHARD_YEAR, 0, &s, err), NX_OK);
    int ex;
    assert_int_equal(put(s, "o1", "2019-05-01", "/in/f", &ex), NX_OK);
    assert_int_equal(put(s, "o2", "2025-01-09", "/in/f", &ex), NX_OK);
    /* The words go to their shards before these close, as the writer's
     * last commit hands them over. */
    assert_int_equal(nx_docbuilder_flush_spelling(b), NX_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    nx_store_free(s);
    /* Shard 2019 as schema 3 left it: the old stamp. */
    snprintf(p, sizeof p, "%s/2019", dir);
    xc_db *db;
    assert_int_equal(xc_db_open_writable(p, XC_DB_OPEN, &db), XC_OK);
    assert_int_equal(xc_db_set_metadata(db, NX_META_SCHEMA, "3", 1), XC_OK);
    assert_int_equal(xc_db_commit(db), XC_OK);
    xc_db_close(db);
    /* Opened again and committed without a write to 2019. */
    assert_int_equal(shards_at(dir, NX_SHARD_NONE, 0, &s, err), NX_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    nx_store_free(s);
    assert_int_equal(xc_db_open(p, &db), XC_OK);
    char *v = NULL;
    size_t len = 0;
    assert_int_equal(xc_db_get_metadata(db, NX_META_SCHEMA, &v, &len), XC_OK);
    assert_true(nx_schema_current(v, len));
    xc_free(v);
    xc_db_close(db);
    assert_int_equal(has_id_at(p, "o1"), 1);     /* the article survives its rebuild */
}

static void test_shards_dry_run(void **state)
{
    (void)state;
    char dir[128], p[192], err[NX_ERRMSG_MAX];
    path_of(dir, sizeof dir, "sharded-dry");
    nx_store *s;
    assert_int_equal(shards_at(dir, NX_SHARD_MONTH, 1, &s, err), NX_OK);
    int ex;
    assert_int_equal(put(s, "m1", "2025-03-04", "/in/f", &ex), NX_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    snprintf(p, sizeof p, "%s/XAPIANDB", dir);
    assert_false(exists(p));
    nx_store_free(s);
}

/* ---------------------------------------------------------------- bulk */

static nx_store *bulk_at(const char *path)
{
    xc_db *db;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE_OR_OPEN, &db), XC_OK);
    nx_store *s = NULL;
    char err[NX_ERRMSG_MAX];
    assert_int_equal(nx_store_bulk_new(db, path, 2, 7, "english", NULL, &s, err), NX_OK);
    assert_int_equal(s->publishes, 1);
    return s;
}

static void test_bulk_publish(void **state)
{
    (void)state;
    char p[128], build[160];
    path_of(p, sizeof p, "bulk");
    snprintf(build, sizeof build, "%s.nx-build", p);
    nx_store *s = bulk_at(p);
    assert_true(exists(build));
    int ex;
    char id[32];
    for (int i = 0; i < 60; i++) {
        snprintf(id, sizeof id, "b%d", i);
        assert_int_equal(put(s, id, NULL, "/in/f", &ex), NX_OK);
        assert_int_equal(ex, 0);
    }
    /* The same ids again, whichever worker has them: replacements. */
    for (int i = 0; i < 60; i += 3) {
        snprintf(id, sizeof id, "b%d", i);
        assert_int_equal(put(s, id, "2025-01-01", "/in/f", &ex), NX_OK);
        assert_int_equal(ex, 1);
    }
    for (int i = 0; i < 10; i++) {
        snprintf(id, sizeof id, "b%d", i);
        assert_int_equal(del(s, id, &ex), NX_OK);
        assert_int_equal(ex, 1);
    }
    assert_int_equal(del(s, "b0", &ex), NX_OK);
    assert_int_equal(ex, 0);
    /* Deleted, then added again: new, not a replacement. */
    assert_int_equal(put(s, "b0", NULL, "/in/f", &ex), NX_OK);
    assert_int_equal(ex, 0);
    unsigned long n = 99;
    assert_int_equal(del_file(s, "/in/f", NULL, 0, 10, &n), NX_OK);
    assert_int_equal(n, 0);
    assert_int_equal(xc_db_set_metadata(s->meta, "newsidx.test", "z", 1), XC_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    /* Private until finish: articles and metadata. */
    assert_int_equal(doccount_at(p), 0);
    assert_int_equal(test_key_len_at(p), 0);
    assert_int_equal(s->ops->finish(s, 1), NX_OK);
    assert_null(s->meta);                  /* the old database is closed */
    nx_store_free(s);
    assert_false(exists(build));
    assert_int_equal(doccount_at(p), 51);
    assert_int_equal(has_id_at(p, "b0"), 1);
    assert_int_equal(has_id_at(p, "b5"), 0);
    assert_int_equal(has_id_at(p, "b59"), 1);
    assert_int_equal(test_key_len_at(p), 1);
}

static void test_bulk_abandoned(void **state)
{
    (void)state;
    char p[128], build[160];
    path_of(p, sizeof p, "bulk-abandoned");
    snprintf(build, sizeof build, "%s.nx-build", p);
    nx_store *s = bulk_at(p);
    int ex;
    assert_int_equal(put(s, "x1", NULL, "/in/f", &ex), NX_OK);
    /* Bad UTF-8 is refused at once, naming the field. */
    char term[300];
    nx_id_term("x2", term, sizeof term);
    nx_article bad = art("x2", NULL, "/in/f");
    bad.byline = "caf\xe9";
    assert_int_equal(s->ops->put(s, term, &bad, &ex), NX_ERR_INVALID);
    assert_non_null(strstr(s->err, "in its byline"));
    assert_int_equal(xc_db_set_metadata(s->meta, "newsidx.test", "z", 1), XC_OK);
    assert_int_equal(s->ops->commit(s), NX_OK);
    assert_int_equal(s->ops->finish(s, 0), NX_OK);
    nx_store_free(s);
    assert_false(exists(build));
    assert_int_equal(doccount_at(p), 0);
    assert_int_equal(test_key_len_at(p), 0);
    /* Freed without finish (a writer that failed): the same. */
    s = bulk_at(p);
    assert_int_equal(put(s, "x3", NULL, "/in/f", &ex), NX_OK);
    nx_store_free(s);
    assert_false(exists(build));
    assert_int_equal(doccount_at(p), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_plain, setup, teardown),
        cmocka_unit_test_setup_teardown(test_plain_del_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shards, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shards_upgrade_all, setup, teardown),
        cmocka_unit_test_setup_teardown(test_shards_dry_run, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_publish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bulk_abandoned, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

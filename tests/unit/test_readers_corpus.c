/*
 * test_readers_corpus.c — the readers over the real corpora in NX_CORPORA
 * (Reuters-21578 and BBC): exact article counts, the one non-UTF-8 file in
 * each, titles and sections.  Skipped with a message when the corpora are
 * not there.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "indexer/load.h"
#include "indexer/reader.h"
#include "readers_common.h"

static const char *corpus_dir(const char *rel)
{
    const char *p = rt_path("NX_CORPORA", rel);
    struct stat st;
    if (!p || stat(p, &st) != 0 || !S_ISDIR(st.st_mode)) {
        print_message("corpus %s not found (NX_CORPORA=%s): skipped\n", rel,
                      getenv("NX_CORPORA") ? getenv("NX_CORPORA") : "(unset)");
        return NULL;
    }
    return p;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted names in dir ending with suffix; caller frees. */
static size_t list_dir(const char *dir, const char *suffix, char ***out)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name), sl = strlen(suffix);
        if (l < sl || strcmp(e->d_name + l - sl, suffix) != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 64;
            names = realloc(names, cap * sizeof *names);
            assert_non_null(names);
        }
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    *out = names;
    return n;
}

static void free_list(char **names, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void test_reuters(void **state)
{
    (void)state;
    const char *p = corpus_dir("reuters21578");
    if (!p)
        skip();
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", p);
    char **names;
    size_t nf = list_dir(dir, ".sgm", &names);
    assert_int_equal(nf, 22);
    rt_sink s;
    rt_init(&s, 0);
    size_t recodes = 0;
    char recoded_name[256] = "";
    double read_secs = 0;
    for (size_t i = 0; i < nf; i++) {
        char path[4400];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        nx_load_result r;
        char err[256];
        assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_OK);
        if (r.recoded) {
            recodes++;
            snprintf(recoded_name, sizeof recoded_name, "%s", names[i]);
        }
        double t0 = now();
        assert_int_equal(nx_read_sgml(path, r.data, r.len, &s.sink), NX_OK);
        read_secs += now() - t0;
        free(r.data);
    }
    print_message("Reuters-21578: %zu articles, parsed in %.3f s\n", s.n, read_secs);
    assert_int_equal(s.n, 21578);
    assert_int_equal(s.nwarn, 0);
    assert_int_equal(recodes, 1);
    assert_string_equal(recoded_name, "reut2-017.sgm");
    rt_free(&s);

    /* Fields of the first story, as documented in SOURCES.md. */
    char path[4400];
    snprintf(path, sizeof path, "%s/reut2-000.sgm", dir);
    rt_init(&s, 1);
    assert_int_equal(rt_read_file(path, &s, NULL), NX_OK);
    assert_int_equal(s.n, 1000);
    assert_string_equal(s.a[0].id, "reuters-1");
    assert_string_equal(s.a[0].title, "BAHIA COCOA REVIEW");
    assert_string_equal(s.a[0].dateline, "SALVADOR");
    assert_string_equal(s.a[0].date, "1987-02-26T15:01:01Z");
    assert_string_equal(s.a[0].tags, "cocoa");
    assert_string_equal(s.a[0].places, "el-salvador|usa|uruguay");
    assert_true(strncmp(s.a[0].body, "Showers continued throughout the week", 37) == 0);
    assert_non_null(strstr(s.a[0].body, "155,221 bags"));
    size_t dated = 0;
    for (size_t i = 0; i < s.n; i++)
        dated += s.a[i].date != NULL;
    assert_int_equal(dated, 1000);
    free_list(names, nf);
    rt_free(&s);
}

static void test_bbc(void **state)
{
    (void)state;
    const char *p = corpus_dir("bbc");
    if (!p)
        skip();
    char root[4096];
    snprintf(root, sizeof root, "%s", p);
    static const char *const sections[] = {"business", "entertainment", "politics", "sport", "tech"};
    static const size_t counts[] = {510, 386, 417, 511, 401};
    size_t total = 0, recodes = 0;
    char recoded[256] = "";
    for (size_t k = 0; k < 5; k++) {
        char dir[4200];
        snprintf(dir, sizeof dir, "%s/%s", root, sections[k]);
        char **names;
        size_t nf = list_dir(dir, ".txt", &names);
        assert_int_equal(nf, counts[k]);
        for (size_t i = 0; i < nf; i++) {
            char path[4500];
            snprintf(path, sizeof path, "%s/%s", dir, names[i]);
            rt_sink s;
            rt_init(&s, 1);
            int rec = 0;
            assert_int_equal(rt_read_file(path, &s, &rec), NX_OK);
            assert_int_equal(s.n, 1);
            assert_int_equal(s.nwarn, 0);
            if (rec) {
                recodes++;
                snprintf(recoded, sizeof recoded, "%s/%s", sections[k], names[i]);
            }
            /* The title is the file's first line, exactly. */
            FILE *f = fopen(path, "rb");
            assert_non_null(f);
            char line[4096];
            assert_non_null(fgets(line, sizeof line, f));
            fclose(f);
            line[strcspn(line, "\r\n")] = '\0';
            size_t ll = strlen(line);
            while (ll > 0 && line[ll - 1] == ' ')
                line[--ll] = '\0';
            if (!rec && strcmp(s.a[0].title, line) != 0)
                fail_msg("%s: title \"%s\" vs first line \"%s\"", path, s.a[0].title, line);
            assert_string_equal(s.a[0].section, sections[k]);
            assert_string_equal(s.a[0].id, path);
            assert_non_null(s.a[0].body);
            assert_null(s.a[0].byline);   /* no body paragraph taken as a header */
            assert_null(s.a[0].date);
            total += s.n;
            rt_free(&s);
        }
        free_list(names, nf);
    }
    assert_int_equal(total, 2225);
    assert_int_equal(recodes, 1);
    assert_string_equal(recoded, "sport/199.txt");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reuters),
        cmocka_unit_test(test_bbc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

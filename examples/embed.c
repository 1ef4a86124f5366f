/*
 * embed.c: the smallest complete program on libnewsidx.  Creates an index in
 * a fresh temporary folder, adds three articles given in memory, commits,
 * searches and prints each hit with its snippet and the byte offsets of the
 * highlighted words.  Output is deterministic so tests can compare it.
 *
 *   usage: embed [QUERY]        (default query: "interest rates")
 *
 * Build against an installed libnewsidx:
 *   cc embed.c $(pkg-config --cflags --libs newsidx) -o embed
 */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <newsidx.h>

static const char *const bank_tags[] = { "economy", "central banks" };
static const char *const bank_people[] = { "Maria Lindqvist" };
static const char *const storm_places[] = { "Galway", "Cork" };

static const nx_article articles[] = {
    { .id = "bank-0314", .title = "Central bank raises interest rates again",
      .body = "The central bank raised interest rates by a quarter point on Friday, "
              "the third rise this year. Governor Maria Lindqvist said rates would stay "
              "high until inflation falls back towards its target.",
      .byline = "Anna Berg", .dateline = "STOCKHOLM", .date = "2025-03-14",
      .source = "Example Wire", .section = "business",
      .tags = bank_tags, .n_tags = 2, .people = bank_people, .n_people = 1 },
    { .id = "storm-0302", .title = "Storm closes ports on the west coast",
      .body = "Ferries stayed in harbour and schools closed as the storm brought gusts "
              "of over 120 km/h. Forecasters expect the wind to ease by Monday.",
      .dateline = "GALWAY", .date = "2025-03-02", .source = "Example Wire", .section = "weather",
      .places = storm_places, .n_places = 2 },
    { .id = "homes-0320", .title = "Home buyers feel the squeeze",
      .body = "Mortgage costs have climbed with interest rates, and estate agents report "
              "fewer sales in every region. First-time buyers are hit hardest.",
      .byline = "Tom Reid", .date = "2025-03-20", .source = "Example Daily", .section = "money" },
};

/* Removes the index folder: a Xapian database is one flat folder of files. */
static void remove_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        char path[4096];
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) < (int)sizeof path)
                unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
}

static int build_index(const char *dir)
{
    nx_writer *w;
    char *err = NULL;
    nx_status st = nx_writer_open(dir, NULL, &w, &err);
    if (st != NX_OK) {
        fprintf(stderr, "embed: %s (%s)\n", err ? err : "cannot open", nx_status_name(st));
        nx_free(err);           /* the open functions hand out their message */
        return -1;
    }
    for (size_t i = 0; i < sizeof articles / sizeof *articles; i++) {
        st = nx_writer_add(w, &articles[i], NULL);
        if (st != NX_OK) {
            fprintf(stderr, "embed: add %s: %s\n", articles[i].id, nx_writer_errmsg(w));
            nx_writer_close(w);
            return -1;
        }
    }
    st = nx_writer_commit(w);
    if (st != NX_OK)
        fprintf(stderr, "embed: commit: %s\n", nx_writer_errmsg(w));
    /* close commits too; checked separately because it also frees w */
    nx_status cst = nx_writer_close(w);
    if (st == NX_OK && cst != NX_OK)
        fprintf(stderr, "embed: close: %s\n", nx_status_name(cst));
    return st == NX_OK && cst == NX_OK ? 0 : -1;
}

static void print_hit(const nx_hit *h)
{
    const char *title = nx_hit_field(h, NX_FIELD_TITLE);
    printf("%u. id=%s score=%.3f title=%s\n", nx_hit_rank(h), nx_hit_id(h), nx_hit_score(h),
           title ? title : "(none)");
    const nx_span *spans;
    size_t nspans;
    const char *snip = nx_hit_snippet(h, &spans, &nspans);
    size_t len = strlen(snip);
    printf("   snippet: %s\n", snip);
    for (size_t i = 0; i < nspans; i++) {
        /* spans are byte offsets into snip; never trust them blindly */
        if (spans[i].start > spans[i].end || spans[i].end > len) {
            printf("   span [%zu,%zu) out of range\n", spans[i].start, spans[i].end);
            continue;
        }
        printf("   span [%zu,%zu) \"%.*s\"\n", spans[i].start, spans[i].end,
               (int)(spans[i].end - spans[i].start), snip + spans[i].start);
    }
    char *marked = NULL;
    if (nx_render_highlight(snip, spans, nspans, NX_HL_PLAIN, "<<", ">>", &marked) == NX_OK) {
        printf("   marked: %s\n", marked);
        nx_free(marked);
    }
}

static int search_index(const char *dir, const char *query)
{
    nx_index *ix;
    char *err = NULL;
    nx_status st = nx_index_open(dir, &ix, &err);
    if (st != NX_OK) {
        fprintf(stderr, "embed: %s (%s)\n", err ? err : "cannot open", nx_status_name(st));
        nx_free(err);
        return -1;
    }
    nx_stats stats;
    if (nx_index_stats(ix, &stats) == NX_OK)
        printf("documents: %lu, language: %s\n", stats.documents, stats.language);

    nx_search_opts so;
    nx_search_opts_init(&so);
    so.limit = 5;
    so.snippet_length = 120;
    nx_results *r;
    st = nx_search(ix, query, &so, &r);
    if (st != NX_OK) {
        fprintf(stderr, "embed: search '%s': %s (%s)\n", query, nx_index_errmsg(ix), nx_status_name(st));
        nx_index_close(ix);
        return -1;
    }
    printf("query: %s\nhits: %zu\n", query, nx_results_count(r));
    for (size_t i = 0; i < nx_results_count(r); i++)
        print_hit(nx_results_hit(r, i));
    nx_results_free(r);         /* hits and their strings die here */
    nx_index_close(ix);
    return 0;
}

int main(int argc, char **argv)
{
    const char *query = argc > 1 ? argv[1] : "interest rates";
    const char *tmp = getenv("TMPDIR");
    char work[4000], dir[4096];
    if (snprintf(work, sizeof work, "%s/embed-XXXXXX", tmp && *tmp ? tmp : "/tmp") >= (int)sizeof work
        || !mkdtemp(work)) {
        perror("embed: mkdtemp");
        return 1;
    }
    /* The library creates the database folder itself inside the fresh one. */
    snprintf(dir, sizeof dir, "%s/news.db", work);
    printf("libnewsidx %s\n", nx_version());
    int rc = build_index(dir);
    if (rc == 0) {
        printf("indexed %zu articles\n", sizeof articles / sizeof *articles);
        rc = search_index(dir, query);
    }
    remove_files(dir);
    remove_files(work);
    return rc == 0 ? 0 : 1;
}

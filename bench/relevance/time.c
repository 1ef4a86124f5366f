/*
 * time.c — the TIME test collection (../shared/corpora/time, SOURCES.md) as
 * a judged_set: 423 TIME magazine articles of 1963, 83 queries, and the
 * articles judged relevant to each.
 *
 * Format, as SOURCES.md describes it: upper case, double-spaced text;
 * TIME.ALL has records headed "*TEXT 017 01/04/63 PAGE 020" (blanks vary,
 * one date is "08/30 63") and ends with "*STOP"; TIME.QUE has records
 * headed "*FIND      1"; TIME.REL has "qid d1 d2 ..." lines whose document
 * numbers are 1-based ordinal positions of the *TEXT records, not their
 * TEXT numbers (three name articles 424 and 425, which the file does not
 * hold).
 *
 * An article's id is its ordinal position; the text is the body (the
 * collection has no headlines), as it is.  Queries are lower-cased: the
 * upper case is the collection's, and in upper case AND, OR and NOT would be
 * operators to newsidx and to Xapian's QueryParser.
 */
#include "judged.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TIME_MAX_LINE 8192

typedef struct text_buf { char *p; size_t len, cap; } text_buf;

static int buf_add(text_buf *b, const char *s, size_t n, char sep)
{
    if (b->len + n + 2 > b->cap) {
        size_t nc = (b->cap ? b->cap * 2 : 4096) + n;
        char *p = realloc(b->p, nc);
        if (!p)
            return -1;
        b->p = p;
        b->cap = nc;
    }
    if (b->len && sep)
        b->p[b->len++] = sep;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
    return 0;
}

static void chomp(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r' || s[n - 1] == ' '))
        s[--n] = '\0';
}

/* "MM/DD/YY" (or "MM/DD" then "YY" as the next field) -> "19YY-MM-DD". */
static void header_date(char *line, char *out, size_t outsz)
{
    char *f[8];
    size_t nf = 0;
    out[0] = '\0';
    for (char *t = strtok(line, " \t"); t && nf < 8; t = strtok(NULL, " \t"))
        f[nf++] = t;
    for (size_t i = 0; i < nf; i++) {
        int m, d, y;
        char tail;
        if (sscanf(f[i], "%2d/%2d/%2d%c", &m, &d, &y, &tail) == 3 ||
            (sscanf(f[i], "%2d/%2d%c", &m, &d, &tail) == 2 && i + 1 < nf &&
             sscanf(f[i + 1], "%2d%c", &y, &tail) == 1)) {
            if (m >= 1 && m <= 12 && d >= 1 && d <= 31 && y >= 0 && y <= 99)
                snprintf(out, outsz, "19%02d-%02d-%02d", y, m, d);
            return;
        }
    }
}

static int put_article(bench_writer *w, judged_set *s, const char *date, text_buf *body)
{
    char id[32];
    snprintf(id, sizeof id, "%zu", s->ndocs + 1);
    nx_article a;
    memset(&a, 0, sizeof a);
    a.id = id;
    a.body = body->p ? body->p : "";
    a.date = *date ? date : NULL;
    a.source = "TIME";
    if (bench_corpus_put(w, &a) != 0 || bench_idmap_put(&s->ids, id, (long)s->ndocs) != 0)
        return -1;
    s->ndocs++;
    body->len = 0;
    return 0;
}

static int read_articles(const char *dir, judged_set *s, char *err, size_t errsz)
{
    char path[4096], line[TIME_MAX_LINE], date[16] = "";
    snprintf(path, sizeof path, "%s/TIME.ALL", dir);
    FILE *f = fopen(path, "r");
    bench_writer w;
    text_buf body = { 0 };
    int in = 0, rc = 0;
    if (!f) {
        snprintf(err, errsz, "cannot read %s", path);
        return -1;
    }
    if (bench_corpus_create(&w, s->corpus) != 0) {
        fclose(f);
        snprintf(err, errsz, "cannot write %s", s->corpus);
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof line, f)) {
        chomp(line);
        if (!strncmp(line, "*TEXT", 5) || !strncmp(line, "*STOP", 5)) {
            if (in)
                rc = put_article(&w, s, date, &body);
            in = line[1] == 'T';
            if (in)
                header_date(line, date, sizeof date);
        } else if (in && line[0]) {
            rc = buf_add(&body, line, strlen(line), '\n');
        }
    }
    if (rc == 0 && in)
        rc = put_article(&w, s, date, &body);
    free(body.p);
    fclose(f);
    if (bench_corpus_finish(&w) != 0 || rc != 0) {
        snprintf(err, errsz, "%s: out of memory or cannot write %s", path, s->corpus);
        return -1;
    }
    return 0;
}

static judged_query *add_query(judged_set *s, long number)
{
    judged_query *q = realloc(s->q, (s->nq + 1) * sizeof *q);
    if (!q)
        return NULL;
    s->q = q;
    q = &s->q[s->nq++];
    memset(q, 0, sizeof *q);
    char label[32];
    snprintf(label, sizeof label, "%ld", number);
    q->label = strdup(label);
    q->text = strdup("");
    q->half = HALF_ALL;
    return q->label && q->text ? q : NULL;
}

static int read_queries(const char *dir, judged_set *s, char *err, size_t errsz)
{
    char path[4096], line[TIME_MAX_LINE];
    snprintf(path, sizeof path, "%s/TIME.QUE", dir);
    FILE *f = fopen(path, "r");
    judged_query *q = NULL;
    int rc = 0;
    if (!f) {
        snprintf(err, errsz, "cannot read %s", path);
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof line, f)) {
        chomp(line);
        if (!strncmp(line, "*FIND", 5)) {
            q = add_query(s, strtol(line + 5, NULL, 10));
            rc = q ? 0 : -1;
            continue;
        }
        char *t = line;
        while (*t == ' ')
            t++;
        if (!q || !*t)
            continue;
        for (char *c = t; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        text_buf b = { q->text, strlen(q->text), strlen(q->text) + 1 };
        rc = buf_add(&b, t, strlen(t), ' ');
        q->text = b.p;
    }
    fclose(f);
    if (rc != 0 || s->nq == 0) {
        snprintf(err, errsz, "%s: no queries, or out of memory", path);
        return -1;
    }
    return 0;
}

static judged_query *find_query(judged_set *s, const char *label)
{
    for (size_t i = 0; i < s->nq; i++)
        if (!strcmp(s->q[i].label, label))
            return &s->q[i];
    return NULL;
}

static int read_judgements(const char *dir, judged_set *s, char *err, size_t errsz)
{
    char path[4096], line[TIME_MAX_LINE];
    snprintf(path, sizeof path, "%s/TIME.REL", dir);
    FILE *f = fopen(path, "r");
    int rc = 0;
    if (!f) {
        snprintf(err, errsz, "cannot read %s", path);
        return -1;
    }
    while (rc == 0 && fgets(line, sizeof line, f)) {
        char *t = strtok(line, " \t\r\n");
        judged_query *q = t ? find_query(s, t) : NULL;
        if (!q)
            continue;
        while (rc == 0 && (t = strtok(NULL, " \t\r\n"))) {
            long d = strtol(t, NULL, 10);
            /* Articles 424 and 425 are judged but not in TIME.ALL. */
            if (d >= 1 && (size_t)d <= s->ndocs)
                rc = judged_add(q, d - 1);
        }
    }
    fclose(f);
    /* A query with nothing to find cannot be scored. */
    size_t k = 0;
    for (size_t i = 0; i < s->nq; i++) {
        if (s->q[i].nrel)
            s->q[k++] = s->q[i];
        else {
            free(s->q[i].label);
            free(s->q[i].text);
            free(s->q[i].rel);
        }
    }
    s->nq = k;
    if (rc != 0)
        snprintf(err, errsz, "%s: out of memory", path);
    return rc;
}

int judged_time(const char *dir, const char *work, judged_set *s, char *err, size_t errsz)
{
    memset(s, 0, sizeof *s);
    s->name = "TIME";
    snprintf(s->corpus, sizeof s->corpus, "%s/time.corpus", work);
    if (read_articles(dir, s, err, errsz) != 0 || read_queries(dir, s, err, errsz) != 0 ||
        read_judgements(dir, s, err, errsz) != 0) {
        judged_free(s);
        return -1;
    }
    return 0;
}

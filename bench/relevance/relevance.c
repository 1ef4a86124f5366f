/*
 * relevance.c — nxrelevance: MAP (top 1000), P@10 and nDCG@10 of newsidx,
 * the plain Xapian pipeline and SQLite FTS5 on Reuters-21578, with the
 * editorial TOPICS labels as judgements: a story is relevant to a topic's
 * query when it carries that label.  Labels are stripped before indexing,
 * so no engine can read the judgement back from the index; every engine
 * sees the same id, title, body, date and dateline.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "corpus.h"
#include "engines.h"

#define DEPTH 1000
#define MAX_TOPICS_PER_DOC 32

typedef struct judged {
    bench_idmap ids;              /* article id -> record number */
    char ***topics;               /* per record, its TOPICS labels */
    size_t *ntopics;
    size_t n;
} judged;

typedef struct topic_query { char *topic, *query; } topic_query;

typedef struct scores { double ap, p10, ndcg10; long relevant, found; } scores;

/* Result rows: the three engines (newsidx with its defaults), then newsidx
 * again with --feedback and with --expand. */
#define ROW_FEEDBACK ENG_COUNT
#define ROW_EXPAND (ENG_COUNT + 1)
#define NROWS (ENG_COUNT + 2)

static const char *row_name(int r)
{
    return r == ROW_EXPAND     ? "newsidx --expand"
           : r == ROW_FEEDBACK ? "newsidx --feedback"
                               : bench_engine_name((bench_engine)r);
}

static int load_judgements(const char *corpus, judged *j)
{
    bench_reader rd;
    nx_article a;
    size_t cap = 0;
    int rc;

    memset(j, 0, sizeof *j);
    if (bench_corpus_open(&rd, corpus) != 0)
        return -1;
    while ((rc = bench_corpus_next(&rd, &a)) == 1) {
        if (j->n == cap) {
            size_t nc = cap ? cap * 2 : 4096;
            char ***t = realloc(j->topics, nc * sizeof *t);
            if (!t) { rc = -1; break; }
            j->topics = t;
            size_t *c = realloc(j->ntopics, nc * sizeof *c);
            if (!c) { rc = -1; break; }
            j->ntopics = c;
            cap = nc;
        }
        size_t nt = a.n_tags < MAX_TOPICS_PER_DOC ? a.n_tags : MAX_TOPICS_PER_DOC;
        j->topics[j->n] = nt ? calloc(nt, sizeof(char *)) : NULL;
        j->ntopics[j->n] = 0;
        for (size_t i = 0; i < nt && j->topics[j->n]; i++)
            if ((j->topics[j->n][i] = strdup(a.tags[i])) != NULL)
                j->ntopics[j->n]++;
        if (bench_idmap_put(&j->ids, a.id, (long)j->n) != 0) { rc = -1; j->n++; break; }
        j->n++;
    }
    bench_corpus_close(&rd);
    return rc == 0 ? 0 : -1;
}

static void free_judgements(judged *j)
{
    for (size_t i = 0; i < j->n; i++) {
        for (size_t k = 0; k < j->ntopics[i]; k++)
            free(j->topics[i][k]);
        free(j->topics[i]);
    }
    free(j->topics);
    free(j->ntopics);
    bench_idmap_free(&j->ids);
}

static int is_relevant(const judged *j, long rec, const char *topic)
{
    if (rec < 0 || (size_t)rec >= j->n)
        return 0;
    for (size_t k = 0; k < j->ntopics[rec]; k++)
        if (strcmp(j->topics[rec][k], topic) == 0)
            return 1;
    return 0;
}

static long count_relevant(const judged *j, const char *topic)
{
    long n = 0;
    for (size_t i = 0; i < j->n; i++)
        n += is_relevant(j, (long)i, topic);
    return n;
}

/* Binary-gain scores of one ranked list against R relevant documents. */
static scores score_run(const judged *j, const char *topic, const long *idx, long n, long R)
{
    scores s = { 0, 0, 0, R, n };
    double hits = 0, dcg = 0, idcg = 0;
    for (long i = 0; i < n; i++) {
        if (!is_relevant(j, idx[i], topic))
            continue;
        hits += 1;
        s.ap += hits / (double)(i + 1);
        if (i < 10) {
            s.p10 += 1;
            dcg += 1.0 / log2((double)i + 2.0);
        }
    }
    for (long i = 0; i < 10 && i < R; i++)
        idcg += 1.0 / log2((double)i + 2.0);
    s.ap = R ? s.ap / (double)R : 0;
    s.p10 /= 10.0;
    s.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    return s;
}

static topic_query *load_queries(const char *path, size_t *n)
{
    size_t nl;
    char **lines = bench_read_lines(path, &nl);
    topic_query *q = lines ? calloc(nl, sizeof *q) : NULL;
    *n = 0;
    for (size_t i = 0; q && i < nl; i++) {
        char *tab = strchr(lines[i], '\t');
        if (!tab || !tab[1])
            continue;
        *tab = '\0';
        q[*n].topic = strdup(lines[i]);
        q[*n].query = strdup(tab + 1);
        if (q[*n].topic && q[*n].query)
            (*n)++;
    }
    bench_lines_free(lines, nl);
    return q;
}

typedef struct index_job { bench_engine e; const char *corpus, *db; } index_job;

static int child_index(void *arg, void *out)
{
    index_job *jb = arg;
    return bench_index(jb->e, jb->corpus, jb->db, 0, out);
}

typedef struct reuters_job { const char *dir, *out; } reuters_job;

static int child_reuters(void *arg, void *out)
{
    reuters_job *rj = arg;
    bench_writer w;
    return bench_reuters_to_corpus(rj->dir, rj->out, 0, &w, out, 256);
}

/* Scores every query on one engine; per-query scores into s[]. */
static int evaluate(bench_engine e, int row, const char *db, const judged *j, const topic_query *q,
                    size_t nq, scores (*s)[NROWS])
{
    char err[256];
    long *idx = malloc(DEPTH * sizeof *idx);
    bench_searcher *srch = bench_searcher_open(e, db, err, sizeof err);
    int rc = 0;

    if (!srch || !idx) {
        fprintf(stderr, "nxrelevance: %s: %s\n", bench_engine_name(e), srch ? "out of memory" : err);
        bench_searcher_close(srch);
        free(idx);
        return -1;
    }
    for (size_t i = 0; i < nq; i++) {
        long n = bench_search(srch, q[i].query, DEPTH, 0, &j->ids, idx);
        if (n < 0) {
            fprintf(stderr, "nxrelevance: %s: query \"%s\" failed\n", bench_engine_name(e), q[i].query);
            rc = -1;
            break;
        }
        s[i][row] = score_run(j, q[i].topic, idx, n, count_relevant(j, q[i].topic));
    }
    bench_searcher_close(srch);
    free(idx);
    return rc;
}

static void print_tables(const topic_query *q, size_t nq, scores (*s)[NROWS], const int *ok)
{
    double sum[NROWS][3] = { { 0 } };
    printf("\n### Per query (AP / P@10)\n\n| topic | query | relevant |");
    for (int e = 0; e < NROWS; e++)
        if (ok[e])
            printf(" %s |", row_name(e));
    printf("\n|---|---|---:|");
    for (int e = 0; e < NROWS; e++)
        if (ok[e])
            printf("---:|");
    printf("\n");
    for (size_t i = 0; i < nq; i++) {
        long R = 0;
        for (int e = 0; e < NROWS; e++)
            if (ok[e])
                R = s[i][e].relevant;
        printf("| %s | %s | %ld |", q[i].topic, q[i].query, R);
        for (int e = 0; e < NROWS; e++) {
            if (!ok[e])
                continue;
            printf(" %.3f / %.1f |", s[i][e].ap, s[i][e].p10);
            sum[e][0] += s[i][e].ap;
            sum[e][1] += s[i][e].p10;
            sum[e][2] += s[i][e].ndcg10;
        }
        printf("\n");
    }
    printf("\n### Relevance on Reuters-21578, %zu topic queries\n\n", nq);
    printf("| engine | MAP (top %d) | P@10 | nDCG@10 |\n|---|---:|---:|---:|\n", DEPTH);
    for (int e = 0; e < NROWS; e++)
        if (ok[e])
            printf("| %s | %.4f | %.4f | %.4f |\n", row_name(e),
                   sum[e][0] / (double)nq, sum[e][1] / (double)nq, sum[e][2] / (double)nq);
    static const int mine[] = { ENG_NEWSIDX, ROW_FEEDBACK, ROW_EXPAND };
    for (size_t m = 0; m < sizeof mine / sizeof mine[0]; m++)
        for (int e = ENG_XAPIAN; e < ENG_COUNT; e++)
            if (ok[mine[m]] && ok[e] && sum[e][0] > 0)
                printf("\n%s vs %s: MAP %+.1f%%, P@10 %+.4f, nDCG@10 %+.4f\n", row_name(mine[m]),
                       row_name(e), (sum[mine[m]][0] / sum[e][0] - 1) * 100,
                       (sum[mine[m]][1] - sum[e][1]) / (double)nq,
                       (sum[mine[m]][2] - sum[e][2]) / (double)nq);
}

int main(int argc, char **argv)
{
    const char *reuters = NULL, *work = NULL, *qpath = NULL;
    char corpus[4096], err[256] = "";
    judged j;
    size_t nq;

    int reuse = 0;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--reuse") == 0) reuse = 1;
        else if (i + 1 == argc) qpath = NULL, reuters = NULL;
        else if (strcmp(argv[i], "--reuters") == 0) reuters = argv[++i];
        else if (strcmp(argv[i], "--work") == 0) work = argv[++i];
        else if (strcmp(argv[i], "--queries") == 0) qpath = argv[++i];
    }
    if (!reuters || !work || !qpath) {
        fprintf(stderr, "usage: nxrelevance --reuters DIR --work DIR --queries queries.tsv [--reuse]\n"
                        "  --reuse  score the indexes a previous run left in --work (ranking\n"
                        "           experiments; rebuild after any indexer change)\n");
        return 2;
    }
    struct stat st;
    if (stat(reuters, &st) != 0 || !S_ISDIR(st.st_mode)) {
        printf("Reuters-21578 not found at %s: nothing to evaluate (set NX_CORPORA).\n", reuters);
        return 0;
    }
    topic_query *q = load_queries(qpath, &nq);
    if (!q || nq == 0) {
        fprintf(stderr, "nxrelevance: no queries in %s\n", qpath);
        return 1;
    }
    if (mkdir(work, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "nxrelevance: cannot create %s\n", work);
        return 1;
    }
    snprintf(corpus, sizeof corpus, "%s/reuters.corpus", work);
    reuters_job rj = { reuters, corpus };
    if (bench_run_child(child_reuters, &rj, err, sizeof err, NULL) != 0 || load_judgements(corpus, &j) != 0) {
        fprintf(stderr, "nxrelevance: reading Reuters failed: %s\n", err);
        return 1;
    }
    scores (*s)[NROWS] = calloc(nq, sizeof *s);
    int ok[NROWS] = { 0 };
    if (!s) {
        fprintf(stderr, "nxrelevance: out of memory\n");
        return 1;
    }
    for (int e = 0; e < ENG_COUNT; e++) {
        char db[4096];
        bench_index_result res;
        snprintf(db, sizeof db, "%s/rel-%s%s", work, bench_engine_name((bench_engine)e),
                 e == ENG_FTS5 ? ".sqlite" : ".db");
        index_job jb = { (bench_engine)e, corpus, db };
        fprintf(stderr, "nxrelevance: indexing %lu articles with %s...\n", (unsigned long)j.n,
                bench_engine_name((bench_engine)e));
        if (reuse && stat(db, &st) == 0)
            fprintf(stderr, "nxrelevance: reusing %s\n", db);
        else if (bench_run_child(child_index, &jb, &res, sizeof res, NULL) != 0) {
            fprintf(stderr, "nxrelevance: %s: %s\n", bench_engine_name((bench_engine)e), res.err);
            continue;
        }
        ok[e] = evaluate((bench_engine)e, e, db, &j, q, nq, s) == 0;
        if (e == ENG_NEWSIDX && ok[e]) {
            bench_newsidx_feedback = 1;
            ok[ROW_FEEDBACK] = evaluate(ENG_NEWSIDX, ROW_FEEDBACK, db, &j, q, nq, s) == 0;
            bench_newsidx_feedback = 0;
            bench_newsidx_expand = 1;
            ok[ROW_EXPAND] = evaluate(ENG_NEWSIDX, ROW_EXPAND, db, &j, q, nq, s) == 0;
            bench_newsidx_expand = 0;
        }
    }
    print_tables(q, nq, s, ok);
    for (size_t i = 0; i < nq; i++) {
        free(q[i].topic);
        free(q[i].query);
    }
    free(q);
    free(s);
    free_judgements(&j);
    return 0;
}

/*
 * relevance.c — nxrelevance: MAP (top 1000), P@10 and nDCG@10 of newsidx
 * (its default, --feedback, --expand), the plain Xapian pipeline and SQLite
 * FTS5 on judged collections (judged.h): Reuters-21578 with its TOPICS
 * labels as judgements, split into a tuning and a held-out half, and the
 * TIME collection with its human judgements.  Per-query wins and losses
 * against the Xapian pipeline show whether a better mean hides many worse
 * queries.  The protocol is in bench/relevance/README.md.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common.h"
#include "engines.h"
#include "judged.h"

#define DEPTH 1000
/* AP differences below this are ties (the fourth decimal moves between
 * builds: tied scores are broken by document ids). */
#define AP_TIE 0.001

typedef struct scores { double ap, p10, ndcg10; } scores;

/* Result rows: the three engines (newsidx with its defaults), then newsidx
 * again with --no-feedback (the plain first pass), --feedback and
 * --expand. */
#define ROW_PLAIN ENG_COUNT
#define ROW_FEEDBACK (ENG_COUNT + 1)
#define ROW_EXPAND (ENG_COUNT + 2)
#define NROWS (ENG_COUNT + 3)

static const int row_order[NROWS] = { ENG_NEWSIDX, ROW_PLAIN, ROW_FEEDBACK, ROW_EXPAND, ENG_XAPIAN, ENG_FTS5 };

static const char *row_name(int r)
{
    return r == ROW_EXPAND     ? "newsidx --expand"
           : r == ROW_FEEDBACK ? "newsidx --feedback"
           : r == ROW_PLAIN    ? "newsidx --no-feedback"
                               : bench_engine_name((bench_engine)r);
}

/* Binary-gain scores of one ranked list. */
static scores score_run(const judged_query *q, const long *idx, long n)
{
    scores s = { 0, 0, 0 };
    double hits = 0, dcg = 0, idcg = 0;
    for (long i = 0; i < n; i++) {
        if (!judged_is_relevant(q, idx[i]))
            continue;
        hits += 1;
        s.ap += hits / (double)(i + 1);
        if (i < 10) {
            s.p10 += 1;
            dcg += 1.0 / log2((double)i + 2.0);
        }
    }
    for (size_t i = 0; i < 10 && i < q->nrel; i++)
        idcg += 1.0 / log2((double)i + 2.0);
    s.ap = q->nrel ? s.ap / (double)q->nrel : 0;
    s.p10 /= 10.0;
    s.ndcg10 = idcg > 0 ? dcg / idcg : 0;
    return s;
}

typedef struct index_job { bench_engine e; const char *corpus, *db; } index_job;

static int child_index(void *arg, void *out)
{
    index_job *jb = arg;
    return bench_index(jb->e, jb->corpus, jb->db, 0, out);
}

/* Scores every query of js on one engine into s[query][row]. */
static int evaluate(bench_engine e, int row, const char *db, const judged_set *js,
                    scores (*s)[NROWS])
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
    for (size_t i = 0; i < js->nq; i++) {
        long n = bench_search(srch, js->q[i].text, DEPTH, 0, &js->ids, idx);
        if (n < 0) {
            fprintf(stderr, "nxrelevance: %s: query \"%s\" failed\n", bench_engine_name(e), js->q[i].text);
            rc = -1;
            break;
        }
        s[i][row] = score_run(&js->q[i], idx, n);
    }
    bench_searcher_close(srch);
    free(idx);
    return rc;
}

static const char *half_name(judged_half h)
{
    return h == HALF_TUNING ? "tuning" : h == HALF_HELDOUT ? "held-out" : "all";
}

static void print_per_query(const judged_set *js, scores (*s)[NROWS], const int *ok)
{
    printf("\n### %s: per query (AP / P@10)\n\n| half | query | text | relevant |", js->name);
    for (int k = 0; k < NROWS; k++)
        if (ok[row_order[k]])
            printf(" %s |", row_name(row_order[k]));
    printf("\n|---|---|---|---:|");
    for (int k = 0; k < NROWS; k++)
        if (ok[row_order[k]])
            printf("---:|");
    printf("\n");
    for (size_t i = 0; i < js->nq; i++) {
        printf("| %s | %s | %s | %zu |", half_name(js->q[i].half), js->q[i].label, js->q[i].text,
               js->q[i].nrel);
        for (int k = 0; k < NROWS; k++)
            if (ok[row_order[k]])
                printf(" %.3f / %.1f |", s[i][row_order[k]].ap, s[i][row_order[k]].p10);
        printf("\n");
    }
}

/* The summary table of the queries of one half (HALF_ALL: every query). */
static void print_summary(const judged_set *js, judged_half half, scores (*s)[NROWS], const int *ok)
{
    double sum[NROWS][3] = { { 0 } };
    int win[NROWS][2] = { { 0 } }, loss[NROWS][2] = { { 0 } };
    size_t nq = 0;
    for (size_t i = 0; i < js->nq; i++) {
        if (half != HALF_ALL && js->q[i].half != half)
            continue;
        nq++;
        for (int r = 0; r < NROWS; r++) {
            sum[r][0] += s[i][r].ap;
            sum[r][1] += s[i][r].p10;
            sum[r][2] += s[i][r].ndcg10;
            double dap = s[i][r].ap - s[i][ENG_XAPIAN].ap, dp = s[i][r].p10 - s[i][ENG_XAPIAN].p10;
            win[r][0] += dap > AP_TIE;
            loss[r][0] += dap < -AP_TIE;
            win[r][1] += dp > 1e-9;
            loss[r][1] += dp < -1e-9;
        }
    }
    if (!nq)
        return;
    printf("\n### %s, %s queries (%zu)\n\n", js->name,
           half == HALF_ALL ? "all" : half == HALF_TUNING ? "tuning-half" : "held-out-half", nq);
    printf("| engine | MAP (top %d) | P@10 | nDCG@10 | MAP / Xapian's | AP vs Xapian: wins-ties-losses "
           "| P@10 vs Xapian: wins-ties-losses |\n|---|---:|---:|---:|---:|---|---|\n", DEPTH);
    for (int k = 0; k < NROWS; k++) {
        int r = row_order[k];
        if (!ok[r])
            continue;
        printf("| %s | %.4f | %.4f | %.4f |", row_name(r), sum[r][0] / (double)nq,
               sum[r][1] / (double)nq, sum[r][2] / (double)nq);
        if (r == ENG_XAPIAN || !ok[ENG_XAPIAN] || sum[ENG_XAPIAN][0] <= 0) {
            printf(" | | |\n");
            continue;
        }
        printf(" x%.3f | %d-%zu-%d | %d-%zu-%d |\n", sum[r][0] / sum[ENG_XAPIAN][0], win[r][0],
               nq - (size_t)win[r][0] - (size_t)loss[r][0], loss[r][0], win[r][1],
               nq - (size_t)win[r][1] - (size_t)loss[r][1], loss[r][1]);
    }
}

/* One line per query and row, for comparing variants:
 * collection half label row AP P@10 nDCG@10. */
static void write_tsv(FILE *f, const judged_set *js, scores (*s)[NROWS], const int *ok)
{
    for (size_t i = 0; i < js->nq; i++)
        for (int r = 0; r < NROWS; r++)
            if (ok[r])
                fprintf(f, "%s\t%s\t%s\t%s\t%.6f\t%.4f\t%.6f\n", js->name, half_name(js->q[i].half),
                        js->q[i].label, row_name(r), s[i][r].ap, s[i][r].p10, s[i][r].ndcg10);
}

/* Indexes js with every engine (or reuses the indexes of a previous run),
 * scores every row, prints the tables. */
static int run_collection(const judged_set *js, const char *work, const char *tag, int reuse,
                          FILE *tsv)
{
    scores (*s)[NROWS] = calloc(js->nq, sizeof *s);
    int ok[NROWS] = { 0 };
    struct stat st;
    if (!s)
        return -1;
    for (int e = 0; e < ENG_COUNT; e++) {
        char db[4096];
        bench_index_result res;
        snprintf(db, sizeof db, "%s/%s-%s%s", work, tag, bench_engine_name((bench_engine)e),
                 e == ENG_FTS5 ? ".sqlite" : ".db");
        index_job jb = { (bench_engine)e, js->corpus, db };
        if (reuse && stat(db, &st) == 0)
            fprintf(stderr, "nxrelevance: %s: reusing %s\n", js->name, db);
        else {
            fprintf(stderr, "nxrelevance: %s: indexing %zu articles with %s...\n", js->name,
                    js->ndocs, bench_engine_name((bench_engine)e));
            if (bench_run_child(child_index, &jb, &res, sizeof res, NULL) != 0) {
                fprintf(stderr, "nxrelevance: %s: %s\n", bench_engine_name((bench_engine)e), res.err);
                continue;
            }
        }
        ok[e] = evaluate((bench_engine)e, e, db, js, s) == 0;
        if (e == ENG_NEWSIDX && ok[e]) {
            bench_newsidx_feedback = -1;
            ok[ROW_PLAIN] = evaluate(ENG_NEWSIDX, ROW_PLAIN, db, js, s) == 0;
            bench_newsidx_feedback = 1;
            ok[ROW_FEEDBACK] = evaluate(ENG_NEWSIDX, ROW_FEEDBACK, db, js, s) == 0;
            bench_newsidx_feedback = 0;
            bench_newsidx_expand = 1;
            ok[ROW_EXPAND] = evaluate(ENG_NEWSIDX, ROW_EXPAND, db, js, s) == 0;
            bench_newsidx_expand = 0;
        }
    }
    print_per_query(js, s, ok);
    int split = 0;
    for (size_t i = 0; i < js->nq; i++)
        split |= js->q[i].half != HALF_ALL;
    if (split) {
        print_summary(js, HALF_TUNING, s, ok);
        print_summary(js, HALF_HELDOUT, s, ok);
    }
    print_summary(js, HALF_ALL, s, ok);
    if (tsv)
        write_tsv(tsv, js, s, ok);
    fflush(stdout);
    free(s);
    return 0;
}

static int is_dir(const char *p)
{
    struct stat st;
    return p && stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

int main(int argc, char **argv)
{
    const char *reuters = NULL, *timedir = NULL, *work = NULL, *qpath = NULL, *tsvpath = NULL;
    char err[512] = "";
    int reuse = 0, bad = 0;

    for (int i = 1; i < argc; i++) {
        const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
        if (!strcmp(a, "--reuse")) {
            reuse = 1;
            continue;
        }
        if (!v) {
            bad = 1;
            break;
        }
        i++;
        if (!strcmp(a, "--reuters")) reuters = v;
        else if (!strcmp(a, "--time")) timedir = v;
        else if (!strcmp(a, "--work")) work = v;
        else if (!strcmp(a, "--queries")) qpath = v;
        else if (!strcmp(a, "--tsv")) tsvpath = v;
        else bad = 1;
    }
    if (bad || !work || (!reuters && !timedir) || (reuters && !qpath)) {
        fprintf(stderr, "usage: nxrelevance --work DIR [--reuters DIR --queries queries.tsv] [--time DIR]\n"
                        "                   [--tsv FILE] [--reuse]\n"
                        "  --tsv    also write every query's scores, one line per query and row\n"
                        "  --reuse  score the indexes a previous run left in --work (ranking\n"
                        "           experiments; rebuild after any indexer change)\n");
        return 2;
    }
    if (mkdir(work, 0755) != 0 && errno != EEXIST) {
        fprintf(stderr, "nxrelevance: cannot create %s\n", work);
        return 1;
    }
    FILE *tsv = tsvpath ? fopen(tsvpath, "w") : NULL;
    if (tsvpath && !tsv) {
        fprintf(stderr, "nxrelevance: cannot write %s\n", tsvpath);
        return 1;
    }
    int rc = 0;
    judged_set js;
    if (reuters && !is_dir(reuters))
        printf("Reuters-21578 not found at %s: not evaluated (set NX_CORPORA).\n", reuters);
    else if (reuters) {
        if (judged_reuters(reuters, work, qpath, &js, err, sizeof err) != 0) {
            fprintf(stderr, "nxrelevance: %s\n", err);
            rc = 1;
        } else {
            rc |= run_collection(&js, work, "rel", reuse, tsv) != 0;
            judged_free(&js);
        }
    }
    if (timedir && !is_dir(timedir))
        printf("TIME not found at %s: not evaluated (set NX_CORPORA).\n", timedir);
    else if (timedir) {
        if (judged_time(timedir, work, &js, err, sizeof err) != 0) {
            fprintf(stderr, "nxrelevance: %s\n", err);
            rc = 1;
        } else {
            rc |= run_collection(&js, work, "time", reuse, tsv) != 0;
            judged_free(&js);
        }
    }
    if (tsv)
        fclose(tsv);
    return rc;
}

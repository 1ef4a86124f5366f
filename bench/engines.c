/*
 * engines.c — indexing and searching for newsidx, the plain Xapian pipeline
 * and SQLite FTS5, each done the way a user of that engine would do it.
 *
 * The Xapian reference follows Xapian's "Getting Started" indexer: the title
 * with prefix S and again unprefixed, a position gap, the body unprefixed,
 * a Q<id> unique term and replace_document by it, the body as document data
 * (for MSet::snippet), one commit at the end.  Indexing the title unprefixed
 * too is what that guide does, and without it QueryParser's default
 * settings could not find a word that is only in a headline.
 */
#include "engines.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <string.h>

#include <sqlite3.h>

#include "newsidx.h"
#include "xapian-c.h"
#include "xapian-c-reference.h"

#define STEM_SOME 1
#define XAP_SLOT_ID 0

const char *bench_engine_name(bench_engine e)
{
    static const char *names[ENG_COUNT] = { "newsidx", "xapian", "fts5" };
    return (unsigned)e < ENG_COUNT ? names[e] : "?";
}

static size_t slen(const char *s) { return s ? strlen(s) : 0; }

/* ---------------------------------------------------------------- indexing */

static int index_newsidx(bench_reader *rd, const char *db, int labels, bench_index_result *res)
{
    nx_writer *w = NULL;
    char *msg = NULL;
    nx_article a;
    int rc;

    /* As `newsidx index` builds a new database: one worker per core.
     * NXBENCH_JOBS and NXBENCH_BATCH override the worker count and the
     * commit batch for experiments; the comparison tables use the defaults. */
    nx_writer_opts o;
    nx_writer_opts_init(&o);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    o.jobs = cores > 0 ? (unsigned)cores : 1;
    const char *batch = getenv("NXBENCH_BATCH"), *jobs = getenv("NXBENCH_JOBS");
    if (batch && atoi(batch) > 0)
        o.batch_size = (unsigned)atoi(batch);
    if (jobs && atoi(jobs) > 0)
        o.jobs = (unsigned)atoi(jobs);
    if (nx_writer_open(db, &o, &w, &msg) != NX_OK) {
        snprintf(res->err, sizeof res->err, "nx_writer_open: %s", msg ? msg : "?");
        nx_free(msg);
        return -1;
    }
    while ((rc = bench_corpus_next(rd, &a)) == 1) {
        if (!labels) {
            a.tags = a.people = a.places = a.orgs = NULL;
            a.n_tags = a.n_people = a.n_places = a.n_orgs = 0;
        }
        if (nx_writer_add(w, &a, NULL) != NX_OK) {
            snprintf(res->err, sizeof res->err, "nx_writer_add %s: %s", a.id, nx_writer_errmsg(w));
            nx_writer_close(w);
            return -1;
        }
        res->docs++;
        res->text_bytes += slen(a.title) + slen(a.body);
    }
    if (nx_writer_close(w) != NX_OK) {
        snprintf(res->err, sizeof res->err, "nx_writer_close failed");
        return -1;
    }
    return rc == 0 ? 0 : -1;
}

static int xap_add_one(xc_db *db, xc_termgen *tg, const nx_article *a)
{
    xc_doc *doc = NULL;
    char qterm[512];
    int ok;

    snprintf(qterm, sizeof qterm, "Q%s", a->id);
    ok = xc_doc_new(&doc) == XC_OK &&
         xc_termgen_index(tg, doc, a->title ? a->title : "", slen(a->title), 1, "S") == XC_OK &&
         xc_termgen_index(tg, doc, a->title ? a->title : "", slen(a->title), 1, "") == XC_OK &&
         xc_termgen_increase_termpos(tg, 100) == XC_OK &&
         xc_termgen_index(tg, doc, a->body ? a->body : "", slen(a->body), 1, "") == XC_OK &&
         xc_doc_add_boolean_term(doc, qterm, strlen(qterm)) == XC_OK &&
         xc_doc_add_value(doc, XAP_SLOT_ID, a->id, strlen(a->id)) == XC_OK &&
         xc_doc_set_data(doc, a->body ? a->body : "", slen(a->body)) == XC_OK &&
         xc_db_replace_document_by_term(db, qterm, doc, NULL) == XC_OK;
    xc_doc_free(doc);
    return ok ? 0 : -1;
}

static int index_xapian(bench_reader *rd, const char *path, bench_index_result *res)
{
    xc_db *db = NULL;
    xc_termgen *tg = NULL;
    nx_article a;
    int rc;

    if (xc_db_open_writable(path, XC_DB_CREATE_OR_OVERWRITE, &db) != XC_OK ||
        xc_termgen_new("english", STEM_SOME, &tg) != XC_OK) {
        snprintf(res->err, sizeof res->err, "xapian open: %s", xc_errmsg());
        xc_db_close(db);
        return -1;
    }
    while ((rc = bench_corpus_next(rd, &a)) == 1) {
        if (xap_add_one(db, tg, &a) != 0) {
            snprintf(res->err, sizeof res->err, "xapian add %s: %s", a.id, xc_errmsg());
            rc = -1;
            break;
        }
        res->docs++;
        res->text_bytes += slen(a.title) + slen(a.body);
    }
    if (rc == 0 && xc_db_commit(db) != XC_OK) {
        snprintf(res->err, sizeof res->err, "xapian commit: %s", xc_errmsg());
        rc = -1;
    }
    xc_termgen_free(tg);
    xc_db_close(db);
    return rc == 0 ? 0 : -1;
}

static int index_fts5(bench_reader *rd, const char *path, bench_index_result *res)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *ins = NULL;
    nx_article a;
    int rc = -1;
    long rowid = 0;

    if (sqlite3_open(path, &db) != SQLITE_OK ||
        sqlite3_exec(db, "CREATE VIRTUAL TABLE docs USING fts5(title, body, "
                         "tokenize='porter unicode61')", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(db, "INSERT INTO docs(rowid, title, body) VALUES (?1, ?2, ?3)",
                           -1, &ins, NULL) != SQLITE_OK)
        goto out;
    while ((rc = bench_corpus_next(rd, &a)) == 1) {
        sqlite3_bind_int64(ins, 1, ++rowid);
        sqlite3_bind_text(ins, 2, a.title ? a.title : "", -1, SQLITE_STATIC);
        sqlite3_bind_text(ins, 3, a.body ? a.body : "", -1, SQLITE_STATIC);
        if (sqlite3_step(ins) != SQLITE_DONE) {
            rc = -1;
            break;
        }
        sqlite3_reset(ins);
        res->docs++;
        res->text_bytes += slen(a.title) + slen(a.body);
    }
    if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        rc = -1;
out:
    if (rc != 0)
        snprintf(res->err, sizeof res->err, "fts5: %s", db ? sqlite3_errmsg(db) : "open failed");
    sqlite3_finalize(ins);
    sqlite3_close(db);
    return rc == 0 ? 0 : -1;
}

int bench_index(bench_engine e, const char *corpus, const char *db, int labels,
                bench_index_result *res)
{
    bench_reader rd;
    int rc;

    memset(res, 0, sizeof *res);
    if (bench_rm_rf(db) != 0) {
        snprintf(res->err, sizeof res->err, "cannot remove %s", db);
        return -1;
    }
    if (bench_corpus_open(&rd, corpus) != 0) {
        snprintf(res->err, sizeof res->err, "cannot read corpus %s", corpus);
        return -1;
    }
    double t0 = bench_now();
    switch (e) {
    case ENG_NEWSIDX: rc = index_newsidx(&rd, db, labels, res); break;
    case ENG_XAPIAN: rc = index_xapian(&rd, db, res); break;
    case ENG_FTS5: rc = index_fts5(&rd, db, res); break;
    default: rc = -1; break;
    }
    res->seconds = bench_now() - t0;
    bench_corpus_close(&rd);
    return rc;
}

/* ---------------------------------------------------------------- searching */

struct bench_searcher {
    bench_engine e;
    nx_index *nx;
    xc_db *xdb;
    xc_enquire *enq;
    xc_qparser *qp;
    sqlite3 *sq;
    sqlite3_stmt *plain, *snip;
};

void bench_fts5_query(const char *query, char *out, size_t outsz)
{
    size_t o = 0;
    const unsigned char *p = (const unsigned char *)query;

    if (outsz == 0)
        return;
    out[0] = '\0';
    while (*p) {
        while (*p && !(isalnum(*p) || *p >= 0x80))
            p++;
        const unsigned char *w = p;
        while (*p && (isalnum(*p) || *p >= 0x80))
            p++;
        size_t len = (size_t)(p - w);
        /* a word plus quotes plus " OR " must fit, or it is left out */
        if (len == 0 || o + len + 7 >= outsz)
            continue;
        if (o)
            o += (size_t)snprintf(out + o, outsz - o, " OR ");
        o += (size_t)snprintf(out + o, outsz - o, "\"%.*s\"", (int)len, (const char *)w);
    }
}

bench_searcher *bench_searcher_open(bench_engine e, const char *db, char *err, size_t errsz)
{
    bench_searcher *s = calloc(1, sizeof *s);
    char *msg = NULL;

    if (!s) {
        snprintf(err, errsz, "out of memory");
        return NULL;
    }
    s->e = e;
    if (e == ENG_NEWSIDX) {
        if (nx_index_open(db, &s->nx, &msg) != NX_OK) {
            snprintf(err, errsz, "nx_index_open: %s", msg ? msg : "?");
            nx_free(msg);
            goto fail;
        }
    } else if (e == ENG_XAPIAN) {
        if (xc_db_open(db, &s->xdb) != XC_OK || xc_enquire_new(s->xdb, &s->enq) != XC_OK ||
            xc_qparser_new(s->xdb, "english", STEM_SOME, &s->qp) != XC_OK) {
            snprintf(err, errsz, "xapian: %s", xc_errmsg());
            goto fail;
        }
    } else if (e == ENG_FTS5) {
        if (sqlite3_open_v2(db, &s->sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->sq, "SELECT rowid FROM docs WHERE docs MATCH ?1 "
                                      "ORDER BY bm25(docs) LIMIT ?2", -1, &s->plain, NULL) != SQLITE_OK ||
            sqlite3_prepare_v2(s->sq, "SELECT rowid, snippet(docs, -1, '[', ']', '...', 32) "
                                      "FROM docs WHERE docs MATCH ?1 ORDER BY bm25(docs) LIMIT ?2",
                               -1, &s->snip, NULL) != SQLITE_OK) {
            snprintf(err, errsz, "fts5: %s", s->sq ? sqlite3_errmsg(s->sq) : "open");
            goto fail;
        }
    }
    return s;
fail:
    bench_searcher_close(s);
    return NULL;
}

void bench_searcher_close(bench_searcher *s)
{
    if (!s)
        return;
    nx_index_close(s->nx);
    xc_qparser_free(s->qp);
    xc_enquire_free(s->enq);
    xc_db_close(s->xdb);
    sqlite3_finalize(s->plain);
    sqlite3_finalize(s->snip);
    sqlite3_close(s->sq);
    free(s);
}

/* Keeps the compiler from dropping work whose result is only looked at. */
static volatile size_t bench_sink;

int bench_newsidx_expand;
int bench_newsidx_feedback;
int bench_newsidx_exact;

static long search_newsidx(bench_searcher *s, const char *query, unsigned k, int snippets,
                           const bench_idmap *map, long *idx)
{
    nx_search_opts o;
    nx_results *r = NULL;

    nx_search_opts_init(&o);
    o.limit = k;
    o.snippet_length = snippets ? BENCH_SNIPPET_CHARS : 0;
    o.expand = bench_newsidx_expand;
    o.feedback = bench_newsidx_feedback;
    o.exact = bench_newsidx_exact;
    nx_status st = nx_search(s->nx, query, &o, &r);
    if (st == NX_ERR_QUERY)
        return 0;            /* a query newsidx refuses counts as no hits */
    if (st != NX_OK)
        return -1;
    size_t n = nx_results_count(r);
    for (size_t i = 0; i < n; i++) {
        const nx_hit *h = nx_results_hit(r, i);
        const char *id = nx_hit_id(h);
        bench_sink += slen(id);
        if (snippets)
            bench_sink += slen(nx_hit_snippet(h, NULL, NULL));
        if (idx)
            idx[i] = map ? bench_idmap_get(map, id) : -1;
    }
    nx_results_free(r);
    return (long)n;
}

/* NULL with *bad = 0 when the parser refused the query (no hits), *bad = 1
 * on a real failure. */
static xc_mset *xapian_mset(bench_searcher *s, const char *query, unsigned k, int *bad)
{
    xc_query *q = NULL;
    xc_mset *m = NULL;
    xc_status st = xc_qparser_parse(s->qp, query, XC_QP_DEFAULT_OR, 0, &q);

    *bad = 0;
    if (st != XC_OK) {
        *bad = st != XC_ERR_QUERY_PARSER;
        return NULL;
    }
    if (xc_enquire_set_query(s->enq, q, 0) != XC_OK ||
        xc_enquire_get_mset(s->enq, 0, k, 0, &m) != XC_OK) {
        m = NULL;
        *bad = 1;
    }
    xc_query_free(q);
    return m;
}

static int xapian_snippet(const xc_mset *m, const char *text, size_t len)
{
    char *snip = NULL;
    if (xc_mset_snippet(m, text, len, BENCH_SNIPPET_CHARS, "english", "[", "]", "...",
                        &snip) != XC_OK)
        return -1;
    bench_sink += slen(snip);
    xc_free(snip);
    return 0;
}

/* One hit: its id (value slot) and, with snippets, its body and snippet. */
static int xapian_hit(const xc_mset *m, size_t i, int snippets, const bench_idmap *map, long *idx)
{
    xc_doc *d = NULL;
    char *v = NULL;
    size_t len = 0;
    int rc = -1;

    if (xc_mset_get_document(m, i, &d) != XC_OK ||
        xc_doc_get_value(d, XAP_SLOT_ID, &v, &len) != XC_OK)
        goto out;
    bench_sink += len;
    if (idx)
        idx[i] = map ? bench_idmap_get(map, v) : -1;
    if (snippets) {
        char *data = NULL;
        size_t dlen = 0;
        if (xc_doc_get_data(d, &data, &dlen) != XC_OK)
            goto out;
        rc = xapian_snippet(m, data, dlen);
        xc_free(data);
        goto out;
    }
    rc = 0;
out:
    xc_free(v);
    xc_doc_free(d);
    return rc;
}

static long search_xapian(bench_searcher *s, const char *query, unsigned k, int snippets,
                          const bench_idmap *map, long *idx)
{
    int bad;
    xc_mset *m = xapian_mset(s, query, k, &bad);
    if (!m)
        return bad ? -1 : 0;
    size_t n = xc_mset_size(m);
    for (size_t i = 0; i < n; i++)
        if (xapian_hit(m, i, snippets, map, idx) != 0) {
            xc_mset_free(m);
            return -1;
        }
    xc_mset_free(m);
    return (long)n;
}

static long search_fts5(bench_searcher *s, const char *query, unsigned k, int snippets, long *idx)
{
    char expr[4096];
    sqlite3_stmt *st = snippets ? s->snip : s->plain;
    long n = 0;
    int rc;

    bench_fts5_query(query, expr, sizeof expr);
    if (!expr[0])
        return 0;
    sqlite3_bind_text(st, 1, expr, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, (int)k);
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (idx)
            idx[n] = (long)sqlite3_column_int64(st, 0) - 1;
        if (snippets)
            bench_sink += slen((const char *)sqlite3_column_text(st, 1));
        n++;
    }
    sqlite3_reset(st);
    return rc == SQLITE_DONE ? n : -1;
}

long bench_search(bench_searcher *s, const char *query, unsigned k, int snippets,
                  const bench_idmap *map, long *idx)
{
    switch (s->e) {
    case ENG_NEWSIDX: return search_newsidx(s, query, k, snippets, map, idx);
    case ENG_XAPIAN: return search_xapian(s, query, k, snippets, map, idx);
    case ENG_FTS5: return search_fts5(s, query, k, snippets, idx);
    default: return -1;
    }
}

long bench_newsidx_hit_ids(bench_searcher *s, const char *query, unsigned k,
                           char ids[][96], size_t maxids)
{
    nx_search_opts o;
    nx_results *r = NULL;

    if (s->e != ENG_NEWSIDX)
        return -1;
    nx_search_opts_init(&o);
    o.limit = k;
    o.expand = bench_newsidx_expand;
    o.feedback = bench_newsidx_feedback;
    o.exact = bench_newsidx_exact;
    nx_status st = nx_search(s->nx, query, &o, &r);
    if (st == NX_ERR_QUERY)
        return 0;
    if (st != NX_OK)
        return -1;
    size_t n = nx_results_count(r);
    if (n > maxids)
        n = maxids;
    for (size_t i = 0; i < n; i++)
        snprintf(ids[i], 96, "%s", nx_hit_id(nx_results_hit(r, i)));
    nx_results_free(r);
    return (long)n;
}

long bench_xapian_snippets_for(bench_searcher *s, const char *query, const char *const *ids,
                               size_t n, double *t_fetch, double *t_snip)
{
    if (s->e != ENG_XAPIAN)
        return -1;
    int bad;
    xc_mset *m = xapian_mset(s, query, 10, &bad);
    long made = 0;
    if (!m)
        return bad ? -1 : 0;
    for (size_t i = 0; i < n; i++) {
        char qterm[512];
        xc_docid did;
        xc_doc *d = NULL;
        char *data = NULL;
        size_t dlen = 0;

        snprintf(qterm, sizeof qterm, "Q%s", ids[i]);
        double t0 = bench_now();
        int ok = xc_db_find_by_term(s->xdb, qterm, &did) == XC_OK &&
                 xc_db_get_document(s->xdb, did, &d) == XC_OK &&
                 xc_doc_get_data(d, &data, &dlen) == XC_OK;
        double t1 = bench_now();
        if (ok && xapian_snippet(m, data, dlen) == 0)
            made++;
        *t_snip += bench_now() - t1;
        *t_fetch += t1 - t0;
        xc_free(data);
        xc_doc_free(d);
    }
    xc_mset_free(m);
    return made;
}

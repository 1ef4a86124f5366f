/*
 * test_query.c — the query language (searcher/query_read.c and query_compile.c): structure of the
 * built queries (xc_query_describe), highlight units and plain words, exact
 * result sets over a small real database, every error case, and a
 * deterministic fuzz loop.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "analysis/stem.h"
#include "analysis/tokenize.h"
#include "lib/schema.h"
#include "searcher/query.h"
#include "searcher/query_tree.h"
#include "analysis/stopwords.h"
#include "lib/date.h"

static nx_stemmer *st;
static nx_stopwords *stop;
static xc_db *db;
static char dbdir[] = "/tmp/nx_test_query_XXXXXX";

/* ------------------------------------------------------- test database */

typedef struct docspec {
    const char *title, *body;
    const char *names[3];   /* casefolded keys as names.h makes them */
    const char *topic, *author, *date, *id;
} docspec;

/* docids are 1-based in this order */
static const docspec docs[] = {
    /* 1 */ {"Ceasefire talks resume in Gaza",
             "Negotiators met in Cairo on Monday to discuss a ceasefire. Progress was slow.",
             {NULL}, "middle east", NULL, "20250305", "a1"},
    /* 2 */ {"President Bush visits Texas", "George Bush spoke to farmers about the economy.",
             {"george bush", "bush"}, NULL, NULL, "20250315", "a2"},
    /* 3 */ {"Gardening tips", "Trim the bushes in spring; the garden economy is booming.",
             {NULL}, "gardening", NULL, "20250401", "a3"},
    /* 4 */ {"Economy grows", "The economy grew faster than expected, officials said.",
             {NULL}, NULL, "Jane Smith", "20241120", "a4"},
    /* 5 */ {"Markets", "Stock markets fell as investors worried about the economy and ceasefire talks.",
             {NULL}, NULL, NULL, "20250331", "a5"},
    /* 6 */ {"Near test", "alpha one two beta", {NULL}, NULL, NULL, "20230101", "a6"},
    /* 7 */ {"Many terms", "zebra", {NULL}, NULL, NULL, "20230101", "a7"},
    /* 8 */ {"Starmer speech", "Keir Starmer addressed parliament.", {"keir starmer"}, NULL, NULL,
             "20250310", "a8"},
    /* 9 */ {"Coalition", "The U.S.-led coalition advanced.", {NULL}, NULL, NULL, "20230101", "a9"},
    /* 10 */ {"Us", "Us and them were led astray.", {NULL}, NULL, NULL, "20230101", "a10"},
    /* 11 */ {"Tribute", "Keir Hardie praised Starmer.", {"keir hardie", "starmer"}, NULL, NULL,
              "20250201", "a11"},
    /* 12 */ {"Lower case", "a keir starmer quote", {NULL}, NULL, NULL, "20250201", "a12"},
};
#define NDOCS (sizeof docs / sizeof docs[0])

static void posting(xc_doc *d, const char *prefix, const char *key, unsigned pos)
{
    char term[300];
    snprintf(term, sizeof term, "%s%s", prefix, key);
    assert_int_equal(xc_doc_add_posting(d, term, strlen(term), pos, 1), XC_OK);
}

/* The indexer's layout (lib/schema.h): stems with positions, title also as
 * S terms; names as N parts (no positions) plus XN whole names. */
static unsigned add_text(xc_doc *d, nx_toklist *tl, const char *prefix, const char *text,
                         unsigned base, int also_plain, const char *const *names)
{
    assert_int_equal(nx_tokenize(text, strlen(text), tl), NX_OK);
    for (size_t i = 0; i < tl->n; i++) {
        size_t tlen;
        const char *term = nx_term_for_token(st, nx_tok_text(tl, i), tl->tok[i].norm_len,
                                             tl->tok[i].flags, &tlen);
        assert_non_null(term);
        char key[200];
        snprintf(key, sizeof key, "%.*s", (int)tlen, term);
        unsigned pos = base + tl->tok[i].pos + 1;
        if (*prefix)
            posting(d, prefix, key, pos);
        if (also_plain)
            posting(d, "", key, pos);
    }
    for (size_t k = 0; names && k < 3 && names[k]; k++) {
        /* find the name's tokens as a consecutive run */
        nx_toklist nt;
        nx_toklist_init(&nt);
        assert_int_equal(nx_tokenize(names[k], strlen(names[k]), &nt), NX_OK);
        for (size_t i = 0; i + nt.n <= tl->n; i++) {
            size_t j = 0;
            while (j < nt.n && strcmp(nx_tok_text(tl, i + j), nx_tok_text(&nt, j)) == 0)
                j++;
            if (j < nt.n)
                continue;
            for (j = 0; j < nt.n; j++) {
                char part[300];
                snprintf(part, sizeof part, "%s%s", NX_PFX_NAME, nx_tok_text(&nt, j));
                assert_int_equal(xc_doc_add_term(d, part, strlen(part), 1), XC_OK);
            }
            char full[300];
            snprintf(full, sizeof full, "%s%s", NX_PFX_NAMEFULL, names[k]);
            assert_int_equal(xc_doc_add_term(d, full, strlen(full), 1), XC_OK);
        }
        nx_toklist_free(&nt);
    }
    return (unsigned)tl->n;
}

static void build_db(void)
{
    assert_non_null(mkdtemp(dbdir));
    char path[300];
    snprintf(path, sizeof path, "%s/db", dbdir);
    xc_db *w = NULL;
    assert_int_equal(xc_db_open_writable(path, XC_DB_CREATE_OR_OVERWRITE | XC_DB_NO_SYNC, &w), XC_OK);
    nx_toklist tl;
    nx_toklist_init(&tl);
    for (size_t i = 0; i < NDOCS; i++) {
        const docspec *s = &docs[i];
        xc_doc *d = NULL;
        assert_int_equal(xc_doc_new(&d), XC_OK);
        unsigned nt = add_text(d, &tl, NX_PFX_TITLE, s->title, 0, 1, s->names);
        add_text(d, &tl, "", s->body, nt + NX_TITLE_BODY_GAP, 1, s->names);
        if (s->topic)
            add_text(d, &tl, NX_PFX_TOPIC, s->topic, 0, 0, NULL);
        if (s->author)
            add_text(d, &tl, NX_PFX_AUTHOR, s->author, 0, 0, NULL);
        char v[32];
        snprintf(v, sizeof v, "%s120000", s->date);
        assert_int_equal(xc_doc_add_value(d, NX_SLOT_DATE, v, strlen(v)), XC_OK);
        snprintf(v, sizeof v, "%s%s", NX_PFX_ID, s->id);
        assert_int_equal(xc_doc_add_boolean_term(d, v, strlen(v)), XC_OK);
        if (i == 6) {   /* more terms under "zz" than a wildcard may expand to */
            for (int k = 0; k < NX_WILDCARD_LIMIT + 100; k++) {
                snprintf(v, sizeof v, "zz%05d", k);
                assert_int_equal(xc_doc_add_term(d, v, strlen(v), 1), XC_OK);
            }
        }
        xc_docid id = 0;
        assert_int_equal(xc_db_add_document(w, d, &id), XC_OK);
        assert_int_equal(id, (xc_docid)(i + 1));
        xc_doc_free(d);
    }
    nx_toklist_free(&tl);
    assert_int_equal(xc_db_commit(w), XC_OK);
    xc_db_close(w);
    assert_int_equal(xc_db_open(path, &db), XC_OK);
}

static int setup(void **state)
{
    (void)state;
    char *msg = NULL;
    if (nx_stemmer_new("english", &st, &msg) != NX_OK || nx_stopwords_new(st, &stop) != NX_OK)
        return -1;
    build_db();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    xc_db_close(db);
    nx_stopwords_free(stop);
    nx_stemmer_free(st);
    char cmd[400];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dbdir);
    return system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------- helpers */

/* Reads and compiles q as the searcher does (nx_query_read, then
 * nx_query_compile with the spelling variants v, may be NULL). */
static nx_status nx_query_parse_ex(const char *q, nx_stemmer *s, const nx_variants *v, const xc_db *d,
                                   nx_parsed_query *pq, char *err, size_t errsz)
{
    nx_qtree *t = NULL;
    memset(pq, 0, sizeof *pq);
    nx_status rc = nx_query_read(q, s, stop, &t, err, errsz);
    if (rc == NX_OK)
        rc = nx_query_compile(t, d, v, pq, err, errsz);
    nx_qtree_free(t);
    return rc;
}

static nx_status nx_query_parse(const char *q, nx_stemmer *s, const xc_db *d, nx_parsed_query *pq,
                                char *err, size_t errsz)
{
    return nx_query_parse_ex(q, s, NULL, d, pq, err, errsz);
}

/* Parses q with the spelling variants v (may be NULL). */
static void parse_ok_v(const char *q, const nx_variants *v, const xc_db *d, nx_parsed_query *pq)
{
    char err[512] = "";
    nx_status s = nx_query_parse_ex(q, st, v, d, pq, err, sizeof err);
    if (s != NX_OK)
        fail_msg("query <%s> failed: %s", q, err);
    assert_non_null(pq->query);
}

static void parse_ok(const char *q, const xc_db *d, nx_parsed_query *pq)
{
    parse_ok_v(q, NULL, d, pq);
}

/* Description of q parsed with variants v (may be NULL; static buffer). */
static const char *describe_v(const char *q, const nx_variants *v, const xc_db *d)
{
    static char buf[8192];
    nx_parsed_query pq;
    parse_ok_v(q, v, d, &pq);
    char *s = NULL;
    assert_int_equal(xc_query_describe(pq.query, &s), XC_OK);
    snprintf(buf, sizeof buf, "%s", s);
    xc_free(s);
    nx_parsed_query_free(&pq);
    return buf;
}

static const char *describe(const char *q, const xc_db *d)
{
    return describe_v(q, NULL, d);
}

static void assert_has(const char *hay, const char *needle)
{
    if (!strstr(hay, needle))
        fail_msg("expected <%s> in <%s>", needle, hay);
}

static void assert_lacks(const char *hay, const char *needle)
{
    if (strstr(hay, needle))
        fail_msg("did not expect <%s> in <%s>", needle, hay);
}

/* The error message for a bad query (static buffer); checks it is one line. */
static const char *parse_err(const char *q)
{
    static char err[512];
    nx_parsed_query pq;
    memset(err, 'x', sizeof err);
    nx_status s = nx_query_parse(q, st, db, &pq, err, sizeof err);
    if (s != NX_ERR_QUERY)
        fail_msg("query <%.60s> gave status %d, expected NX_ERR_QUERY", q, (int)s);
    assert_null(pq.query);
    assert_int_equal(pq.nunits, 0);
    assert_true(strlen(err) > 0 && strlen(err) < sizeof err);
    assert_null(strchr(err, '\n'));
    return err;
}

static void assert_err(const char *q, const char *needle)
{
    assert_has(parse_err(q), needle);
}

/* Runs q over the test database; returns the matching docids as a bitmask
 * (bit i = docid i) and the top hit in *top. */
static unsigned search_mask(const char *q, xc_docid *top)
{
    nx_parsed_query pq;
    parse_ok(q, db, &pq);
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(db, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(e, pq.query, 0), XC_OK);
    xc_status s = xc_enquire_get_mset(e, 0, 100, 0, &m);
    if (s != XC_OK)
        fail_msg("query <%s>: get_mset failed: %s", q, xc_errmsg());
    unsigned mask = 0;
    for (size_t i = 0; i < xc_mset_size(m); i++) {
        xc_hit h;
        assert_int_equal(xc_mset_get(m, i, &h), XC_OK);
        mask |= 1u << h.docid;
        if (i == 0 && top)
            *top = h.docid;
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    nx_parsed_query_free(&pq);
    return mask;
}

/* 1-based rank of docid for q, 0 when it does not match. */
static unsigned rank_of(const char *q, xc_docid docid)
{
    nx_parsed_query pq;
    parse_ok(q, db, &pq);
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(db, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(e, pq.query, 0), XC_OK);
    assert_int_equal(xc_enquire_get_mset(e, 0, 100, 0, &m), XC_OK);
    unsigned rank = 0;
    for (size_t i = 0; i < xc_mset_size(m) && !rank; i++) {
        xc_hit h;
        assert_int_equal(xc_mset_get(m, i, &h), XC_OK);
        if (h.docid == docid)
            rank = (unsigned)i + 1;
    }
    xc_mset_free(m);
    xc_enquire_free(e);
    nx_parsed_query_free(&pq);
    return rank;
}

static unsigned D(int n, ...)
{
    unsigned m = 0;
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        m |= 1u << va_arg(ap, int);
    va_end(ap);
    return m;
}

#define assert_docs(q, mask) do { \
        unsigned got_ = search_mask((q), NULL), want_ = (mask); \
        if (got_ != want_) fail_msg("query <%s>: docs 0x%x, expected 0x%x", (q), got_, want_); \
    } while (0)

/* ------------------------------------------------------------- structure */

static void test_word_and_title_boost(void **state)
{
    (void)state;
    const char *d = describe("ceasefire", NULL);
    assert_has(d, "ceasefir");
    assert_has(d, "0.5 * Sceasefir");
    assert_has(d, " OR ");
}

static void test_phrase_structure(void **state)
{
    (void)state;
    const char *d = describe("\"ceasefire talks\"", NULL);
    assert_has(d, "(ceasefir PHRASE 2 talk)");
    assert_has(d, "(Sceasefir PHRASE 2 Stalk)");
    /* a word that analyses to several tokens is a phrase too */
    d = describe("U.S.-led", NULL);
    assert_has(d, "(us PHRASE 2 led)");
    d = describe("ceasefire-talks", NULL);
    assert_has(d, "(ceasefir PHRASE 2 talk)");
}

static void test_operators_structure(void **state)
{
    (void)state;
    assert_has(describe("economy NOT stock", NULL), "AND_NOT");
    assert_has(describe("economy -stock", NULL), "AND_NOT");
    assert_has(describe("economy AND NOT stock", NULL), "AND_NOT");
    const char *d = describe("economy AND ceasefire", NULL);
    assert_has(d, " AND ");
    assert_lacks(d, "AND_MAYBE");
    /* +x: the matches of x, weighted by all the words, as (all) FILTER x
     * rather than x AND_MAYBE (rest) (nx_query_and_maybe says why) */
    d = describe("+economy ceasefire", NULL);
    assert_has(d, "((economi OR 0.5 * Seconomi) OR (ceasefir OR 0.5 * Sceasefir) OR 0 * <alldocuments>) "
                  "FILTER (economi OR 0.5 * Seconomi)");
    assert_lacks(d, "AND_MAYBE");
    d = describe("gaza OR texas", NULL);
    assert_has(d, " OR ");
    assert_lacks(d, "AND_MAYBE");
    /* lower-case operators are words */
    d = describe("war AND and", NULL);
    assert_has(d, "and");
    /* and a function word beside other words is left out */
    d = describe("war and peace", NULL);
    assert_lacks(d, " AND ");
    assert_lacks(d, "(and ");
    d = describe("+not", NULL);
    assert_has(d, "not");
    /* function words alone are refused, whatever their case, with a hint */
    assert_err("not", "'not' is a common word");
    assert_err("The Who", "in quotes");
    assert_err("the who", "in quotes");
    assert_has(describe("\"The Who\"", NULL), "(the PHRASE 2 who)");
    assert_has(describe("IT jobs", NULL), "job");
    assert_lacks(describe("IT jobs", NULL), "(it ");
}

static void test_default_semantics_structure(void **state)
{
    (void)state;
    /* a ranked OR: no all-words or proximity boost (bench/relevance
     * measured both as worse, and proximity as slow) */
    const char *d = describe("economy ceasefire", NULL);
    assert_has(d, " OR ");
    assert_lacks(d, "AND_MAYBE");
    assert_lacks(d, "NEAR");
    assert_has(d, "econom");
    assert_has(d, "ceasefir");
    assert_lacks(describe("economy", NULL), "AND_MAYBE");
}

static void test_fields_structure(void **state)
{
    (void)state;
    assert_has(describe("title:ceasefire", NULL), "Sceasefir");
    assert_lacks(describe("title:ceasefire", NULL), " OR ");
    assert_has(describe("Title:ceasefire", NULL), "Sceasefir");
    assert_has(describe("headline:ceasefire", NULL), "Sceasefir");
    assert_has(describe("author:smith", NULL), "Asmith");
    assert_has(describe("by:smith", NULL), "Asmith");
    assert_has(describe("source:reuters", NULL), "XSreuter");
    assert_has(describe("section:sports", NULL), "XSECsport");
    assert_has(describe("topic:\"middle east\"", NULL), "(Kmiddl PHRASE 2 Keast)");
    assert_has(describe("tags:oil", NULL), "Koil");
    assert_has(describe("dateline:london", NULL), "XPlondon");
    assert_has(describe("people:obama", NULL), "XPERobama");
    assert_has(describe("organization:opec", NULL), "XORGopec");
    /* names are not stemmed */
    /* N terms give the weight, the plain phrase the word order */
    assert_has(describe("name:\"Keir Starmer\"", NULL), "((Nkeir AND Nstarmer) FILTER (keir PHRASE 2 starmer))");
    assert_has(describe("name:keir NEAR name:starmer", NULL), "((keir NEAR 12 starmer) FILTER (Nkeir AND Nstarmer))");
    assert_has(describe("name:bushes", NULL), "Nbushes");
    /* ids are taken as typed */
    assert_has(describe("id:ABC-12", NULL), "QABC-12");
    const char *d = describe("title:(economy OR gardening)", NULL);
    assert_has(d, "Seconomi");
    assert_has(d, "Sgarden");
    /* a colon that is no field prefix is text */
    assert_has(describe("10:30", NULL), "(10 PHRASE 2 30)");
    assert_has(describe("http://example", NULL), "exampl");
    assert_has(describe("Warning: storm", NULL), "storm");
}

static void test_schema_fields(void **state)
{
    (void)state;
    assert_string_equal(nx_schema_prefix_for_field("title", 5), NX_PFX_TITLE);
    assert_string_equal(nx_schema_prefix_for_field("titles", 5), NX_PFX_TITLE);
    assert_string_equal(nx_schema_prefix_for_field("ORGS", 4), NX_PFX_ORG);
    assert_string_equal(nx_schema_prefix_for_field("place", 5), NX_PFX_PLACE);
    assert_string_equal(nx_schema_prefix_for_field("name", 4), NX_PFX_NAME);
    assert_string_equal(nx_schema_prefix_for_field("id", 2), NX_PFX_ID);
    assert_null(nx_schema_prefix_for_field("tit", 3));
    assert_null(nx_schema_prefix_for_field("titlex", 6));
    assert_null(nx_schema_prefix_for_field("", 0));
    assert_null(nx_schema_prefix_for_field(NULL, 0));
}

static void test_date_structure(void **state)
{
    (void)state;
    nx_parsed_query pq;
    parse_ok("economy date:2025-03-01..2025-03-31", NULL, &pq);
    char *s = NULL;
    assert_int_equal(xc_query_describe(pq.query, &s), XC_OK);
    assert_has(s, "VALUE_RANGE 0 20250301000000 20250331235959");
    assert_has(s, "FILTER");
    xc_free(s);
    /* filters are not highlight units */
    assert_int_equal(pq.nunits, 1);
    nx_parsed_query_free(&pq);

    assert_has(describe("date:2025-03", NULL), "VALUE_RANGE 0 20250301000000 20250331235959");
    assert_has(describe("date:2024-02", NULL), "VALUE_RANGE 0 20240201000000 20240229235959");
    assert_has(describe("date:2025", NULL), "VALUE_RANGE 0 20250101000000 20251231235959");
    assert_has(describe("date:2025-03..", NULL), "VALUE_GE 0 20250301000000");
    assert_has(describe("date:..2025", NULL), "VALUE_LE 0 20251231235959");
}

/* The date span of q (nx_qtree_date_span) as "lo..hi" ("-" when q does
 * not restrict dates); static buffer. */
static const char *span(const char *q)
{
    static char buf[64];
    char err[256], lo[NX_DATE_STAMP], hi[NX_DATE_STAMP];
    nx_qtree *t = NULL;
    if (nx_query_read(q, st, stop, &t, err, sizeof err) != NX_OK)
        fail_msg("query <%s>: %s", q, err);
    if (nx_qtree_date_span(t, lo, hi))
        snprintf(buf, sizeof buf, "%.8s..%.8s", lo[0] ? lo : "", hi[0] ? hi : "");
    else
        snprintf(buf, sizeof buf, "-");
    nx_qtree_free(t);
    return buf;
}

/* Shard pruning reads the tree: every match of the query must fall in the
 * span, so anything in doubt is unrestricted. */
static void test_date_span(void **state)
{
    (void)state;
    assert_string_equal(span("economy"), "-");
    assert_string_equal(span("economy date:2025-03"), "20250301..20250331");
    assert_string_equal(span("date:2025-03 economy"), "20250301..20250331");
    assert_string_equal(span("date:2025.."), "20250101..");
    assert_string_equal(span("date:..2024-06"), "..20240630");
    /* several date: filters of one sequence are alternatives: the hull */
    assert_string_equal(span("date:2023 date:2025 oil"), "20230101..20251231");
    assert_string_equal(span("date:2023 date:2025.. oil"), "20230101..");
    /* but AND makes both hold */
    assert_string_equal(span("date:2023.. AND date:..2024-06 AND oil"), "20230101..20240630");
    /* with since/until the caller meets this span with its own */
    assert_string_equal(span("oil OR date:2025"), "-");
    assert_string_equal(span("date:2024 OR date:2025"), "20240101..20251231");
    assert_string_equal(span("-date:2025 oil"), "-");
    assert_string_equal(span("oil NOT date:2025"), "-");
    assert_string_equal(span("oil (gas date:2025)"), "-");          /* the group keeps it */
    assert_string_equal(span("oil +(gas date:2025)"), "20250101..20251231");
    assert_string_equal(span("(date:2024 OR date:2025) oil"), "20240101..20251231");
    assert_string_equal(span("(oil date:2024) (gas date:2025)"), "20240101..20251231");
    assert_string_equal(span("+date:2025 oil"), "20250101..20251231");
    assert_string_equal(span("topic:crude date:2025-03-14 oil"), "20250314..20250314");
    assert_string_equal(span("\"date:2025\" oil"), "-");              /* a phrase, not a filter */
    assert_string_equal(span("title:(date:2025) oil"), "20250101..20251231");
    assert_string_equal(span("oil NEAR gas"), "-");
    assert_string_equal(span("date:2026 date:2025..2025-02 x"), "20250101..20261231");
}

static void test_date_bounds(void **state)
{
    (void)state;
    char lo[16], hi[16];
    assert_true(nx_date_bounds("2025", 4, lo, hi));
    assert_string_equal(lo, "20250101000000");
    assert_string_equal(hi, "20251231235959");
    assert_true(nx_date_bounds("2024-02", 7, lo, hi));
    assert_string_equal(hi, "20240229235959");
    assert_true(nx_date_bounds("2023-02", 7, lo, hi));
    assert_string_equal(hi, "20230228235959");
    assert_true(nx_date_bounds("2025-03-14", 10, lo, hi));
    assert_string_equal(lo, "20250314000000");
    assert_string_equal(hi, "20250314235959");
    assert_true(nx_date_bounds("2000-02-29", 10, lo, hi));
    assert_false(nx_date_bounds("1900-02-29", 10, lo, hi));
    assert_false(nx_date_bounds("2025-13", 7, lo, hi));
    assert_false(nx_date_bounds("2025-00", 7, lo, hi));
    assert_false(nx_date_bounds("2025-04-31", 10, lo, hi));
    assert_false(nx_date_bounds("2025-1-1", 8, lo, hi));
    assert_false(nx_date_bounds("20250101", 8, lo, hi));
    assert_false(nx_date_bounds("abcd", 4, lo, hi));
    assert_false(nx_date_bounds("", 0, lo, hi));
    assert_false(nx_date_bounds("2025-03-1x", 10, lo, hi));
}

static void test_wildcard_structure(void **state)
{
    (void)state;
    const char *d = describe("ceasef*", NULL);
    assert_has(d, "WILDCARD");
    assert_has(d, "ceasef");
    assert_has(describe("title:ceasef*", NULL), "Sceasef");
    assert_err("a*", "wildcard 'a*' is too short");
    assert_err("***", "too short");
    assert_err("foo-bar*", "single word");
}

static void test_near_structure(void **state)
{
    (void)state;
    assert_has(describe("alpha NEAR beta", NULL), "(alpha NEAR 12 beta)");
    assert_has(describe("alpha NEAR/3 beta", NULL), "(alpha NEAR 5 beta)");
    assert_has(describe("title:alpha NEAR title:beta", NULL), "(Salpha NEAR 12 Sbeta)");
    assert_err("alpha NEAR \"two words\"", "single word");
    assert_err("alpha NEAR/x beta", "NEAR/n");
    assert_err("alpha NEAR", "'NEAR' needs a term on both sides");
    assert_err("NEAR beta", "'NEAR' needs a term on both sides");
    assert_err("(alpha) NEAR beta", "not a group");
    assert_err("alpha* NEAR beta", "single word");
}

static void test_units_and_words(void **state)
{
    (void)state;
    nx_parsed_query pq;
    const char *q = "Economy \"ceasefire talks\" -stock title:growing NOT (bush) date:2025 zebr*";
    parse_ok(q, NULL, &pq);
    assert_int_equal(pq.nunits, 4);
    assert_int_equal(pq.units[0].n, 1);
    assert_string_equal(pq.units[0].keys[0], "economi");
    assert_false(pq.units[0].exact);
    assert_true(pq.units[0].weight == 1.0);
    assert_int_equal(pq.units[1].n, 2);
    assert_string_equal(pq.units[1].keys[0], "ceasefir");
    assert_string_equal(pq.units[1].keys[1], "talk");
    assert_int_equal(pq.units[2].n, 1);
    assert_string_equal(pq.units[2].keys[0], "grow");
    /* a wildcard is marked as what it matched: a prefix unit */
    assert_true(pq.units[3].prefix);
    assert_string_equal(pq.units[3].keys[0], "zebr");
    /* words: only the plain unfielded positive word */
    assert_int_equal(pq.nwords, 1);
    assert_string_equal(pq.words[0].norm, "economy");
    assert_int_equal(pq.words[0].start, 0);
    assert_int_equal(pq.words[0].end, 7);
    nx_parsed_query_free(&pq);

    /* spans of words after other text, multi-token words give each token */
    parse_ok("war  Ceasefire-Talks", NULL, &pq);
    assert_int_equal(pq.nwords, 3);
    assert_string_equal(pq.words[1].norm, "ceasefire");
    assert_int_equal(pq.words[1].start, 5);
    assert_int_equal(pq.words[1].end, 14);
    assert_string_equal(pq.words[2].norm, "talks");
    assert_int_equal(pq.words[2].start, 15);
    assert_int_equal(pq.nunits, 2);
    assert_int_equal(pq.units[1].n, 2);
    nx_parsed_query_free(&pq);

    /* names: an exact unit with casefolded texts, beside the words' own
     * units; "by" is a function word and left out */
    parse_ok("speech by Keir Starmer", db, &pq);
    assert_int_equal(pq.nunits, 4);
    assert_true(pq.units[0].exact);
    assert_int_equal(pq.units[0].n, 2);
    assert_string_equal(pq.units[0].keys[0], "keir");
    assert_string_equal(pq.units[0].keys[1], "starmer");
    assert_string_equal(pq.units[1].keys[0], "speech");
    assert_false(pq.units[2].exact);
    assert_int_equal(pq.nwords, 3);
    nx_parsed_query_free(&pq);

    /* name: field unit is exact; NEAR operands are units */
    parse_ok("name:\"Keir Starmer\" alpha NEAR beta", NULL, &pq);
    assert_int_equal(pq.nunits, 3);
    assert_true(pq.units[0].exact);
    assert_string_equal(pq.units[1].keys[0], "alpha");
    assert_string_equal(pq.units[2].keys[0], "beta");
    nx_parsed_query_free(&pq);
}

static void test_names_structure(void **state)
{
    (void)state;
    /* without a database a capitalised word is an ordinary word */
    assert_lacks(describe("trim Bush", NULL), "Nbush");
    /* a known name adds its N terms as a boost beside the word, which is
     * searched as ever: case never changes what matches */
    const char *d = describe("trim Bush", db);
    assert_has(d, "1.5 * Nbush");
    assert_has(d, "Sbush");
    d = describe("Bush", db);
    assert_has(d, "Nbush");
    assert_has(d, "Sbush");
    /* a run of capitalised words that is a known name: its N terms where
     * the plain words form the phrase */
    d = describe("George Bush", db);
    assert_has(d, "1.5 * ((Ngeorge AND Nbush) FILTER (georg PHRASE 2 bush))");
    /* unknown capitalised words stay words; ALL CAPS is not a name */
    assert_lacks(describe("trim Gardening", db), "Ngarden");
    assert_lacks(describe("trim BUSH", db), "Nbush");
}

/* -------------------------------------------------------------- searching */

static void test_search_basic(void **state)
{
    (void)state;
    assert_docs("ceasefire", D(2, 1, 5));
    assert_docs("CEASEFIRE", D(2, 1, 5));
    assert_docs("\"talks resume\"", D(1, 1));
    assert_docs("\"resume talks\"", 0);
    assert_docs("economy AND ceasefire", D(1, 5));
    assert_docs("gaza OR texas", D(2, 1, 2));
    assert_docs("economy NOT stock", D(3, 2, 3, 4));
    assert_docs("economy -stock", D(3, 2, 3, 4));
    assert_docs("economy AND NOT stock", D(3, 2, 3, 4));
    assert_docs("+economy ceasefire", D(4, 2, 3, 4, 5));
    assert_docs("+economy +ceasefire", D(1, 5));
    assert_docs("(gaza OR texas) AND (ceasefire OR farmers)", D(2, 1, 2));
    assert_docs("economy -(stock OR bushes)", D(1, 4));   /* "Bush" stems to bush too */
    assert_docs("U.S.-led", D(1, 9));
    assert_docs("led", D(2, 9, 10));
}

static void test_search_fields(void **state)
{
    (void)state;
    assert_docs("title:ceasefire", D(1, 1));
    assert_docs("title:\"ceasefire talks\"", D(1, 1));
    assert_docs("-title:ceasefire ceasefire", D(1, 5));
    assert_docs("title:(economy -grows) OR title:gardening", D(1, 3));
    assert_docs("author:smith", D(1, 4));
    assert_docs("topic:\"middle east\"", D(1, 1));
    assert_docs("title:(economy OR gardening)", D(2, 3, 4));
    /* 11 has both words as names, apart; 12 the phrase, not as a name */
    assert_docs("name:\"keir starmer\"", D(1, 8));
    assert_docs("name:starmer", D(2, 8, 11));
    assert_docs("name:keir NEAR name:starmer", D(2, 8, 11));
    assert_docs("name:keir NEAR/1 name:starmer", D(1, 8));
    assert_docs("\"keir starmer\"", D(2, 8, 12));
    assert_docs("name:bush", D(1, 2));
    assert_docs("id:a1", D(1, 1));
    assert_docs("economy -id:a4", D(3, 2, 3, 5));
    /* label fields filter: they restrict the words beside them instead of
     * adding alternatives; one field's filters are OR-ed, fields AND-ed */
    assert_docs("topic:gardening", D(1, 3));
    assert_docs("topic:gardening economy", D(1, 3));
    assert_docs("economy topic:gardening", D(1, 3));
    assert_docs("topic:gardening topic:\"middle east\"", D(2, 1, 3));
    assert_docs("topic:gardening author:smith", 0);    /* the filter restricts what author: finds */
    assert_docs("topic:gardening (author:smith OR trim)", D(1, 3));
    assert_docs("ceasefire -topic:\"middle east\"", D(1, 5));
    assert_docs("topic:gardening OR topic:\"middle east\"", D(2, 1, 3));
    assert_docs("topic:gardening date:2025-04", D(1, 3));
    assert_docs("topic:gardening date:2025-03", 0);
}

static void test_search_dates(void **state)
{
    (void)state;
    assert_docs("date:2025-03-01..2025-03-31", D(4, 1, 2, 5, 8));
    assert_docs("date:2025-03", D(4, 1, 2, 5, 8));
    assert_docs("economy date:2025", D(3, 2, 3, 5));
    assert_docs("date:2025-04..", D(1, 3));
    assert_docs("date:..2024", D(5, 4, 6, 7, 9, 10));
    assert_docs("date:2025-03-31", D(1, 5));
    assert_docs("economy -date:2025", D(1, 4));
    /* filters carry no weight: the same ranking as without */
    xc_docid top = 0, top_plain = 0;
    search_mask("economy ceasefire", &top_plain);
    search_mask("economy ceasefire date:2025", &top);
    assert_int_equal(top, top_plain);
}

static void test_search_wildcard_near(void **state)
{
    (void)state;
    assert_docs("ceasef*", D(2, 1, 5));
    assert_docs("econom*", D(4, 2, 3, 4, 5));
    assert_docs("title:econom*", D(1, 4));
    /* over the expansion limit: the error comes from get_mset */
    nx_parsed_query pq;
    parse_ok("zz*", db, &pq);
    xc_enquire *e = NULL;
    xc_mset *m = NULL;
    assert_int_equal(xc_enquire_new(db, &e), XC_OK);
    assert_int_equal(xc_enquire_set_query(e, pq.query, 0), XC_OK);
    assert_int_equal(xc_enquire_get_mset(e, 0, 10, 0, &m), XC_ERR_WILDCARD);
    xc_mset_free(m);
    xc_enquire_free(e);
    nx_parsed_query_free(&pq);

    assert_docs("alpha NEAR beta", D(1, 6));
    assert_docs("alpha NEAR/2 beta", D(1, 6));
    assert_docs("beta NEAR/2 alpha", D(1, 6));
    assert_docs("alpha NEAR/1 beta", 0);
}

static void test_search_names(void **state)
{
    (void)state;
    /* lower case: the stem, which "bushes" shares */
    assert_docs("economy AND bush", D(2, 2, 3));
    /* the name Bush ranks the person first but loses nothing */
    assert_docs("economy AND Bush", D(2, 2, 3));
    assert_docs("trim Bush", D(2, 2, 3));
    assert_docs("spring Bush", D(2, 2, 3));
    assert_docs("George Bush", D(2, 2, 3));
    assert_int_equal(rank_of("George Bush", 2), 1);
    assert_int_equal(rank_of("Bush", 2), 1);
    assert_docs("Bush", D(2, 2, 3));
    assert_docs("Keir Starmer", D(3, 8, 11, 12));
    assert_docs("keir starmer", D(3, 8, 11, 12));
    assert_int_equal(rank_of("Keir Starmer", 8), 1);
    /* narrower matching is what name: and quotes are for */
    assert_docs("name:\"Keir Starmer\"", D(1, 8));
    assert_docs("\"keir starmer\"", D(2, 8, 12));
}

static void test_search_default_ranking(void **state)
{
    (void)state;
    xc_docid top = 0;
    /* a story missing a word is not lost */
    unsigned got = search_mask("economy ceasefire", &top);
    assert_int_equal(got, D(5, 1, 2, 3, 4, 5));
    /* the one with both words ranks above every one with only the common
     * word; the rarer word alone (doc 1, in its headline too) may rank
     * higher: BM25 weighs rare words more, which bench/relevance measured
     * as better than forcing all-words matches first */
    unsigned r5 = rank_of("economy ceasefire", 5);
    assert_true(r5 < rank_of("economy ceasefire", 2));
    assert_true(r5 < rank_of("economy ceasefire", 3));
    assert_true(r5 < rank_of("economy ceasefire", 4));
    got = search_mask("ceasefire talks", &top);
    assert_int_equal(got, D(2, 1, 5));
    /* dropped parts: nothing searchable in "!!!" */
    assert_docs("ceasefire !!!", D(2, 1, 5));
    assert_docs("ceasefire OR !!!", D(2, 1, 5));
}

/* ------------------------------------------------------------ bad input */

static void test_errors(void **state)
{
    (void)state;
    assert_err("", "empty query");
    assert_err("   \t\n ", "empty query");
    assert_err("AND", "'AND' needs a term on both sides");
    assert_err("OR OR", "'OR' needs a term on both sides");
    assert_err("a OR", "'OR' needs a term on both sides");
    assert_err("a AND OR b", "needs a term on both sides");
    assert_err("NOT", "'NOT' needs a term");
    assert_err("a NOT", "'NOT' needs a term");
    assert_err("(", "unbalanced parenthesis: '(' at position 1 is not closed");
    assert_err("a (b (c)", "'(' at position 3 is not closed");
    assert_err(")", "unbalanced parenthesis: ')' at position 1 has no matching '('");
    assert_err("a b)", "')' at position 4");
    assert_err("()", "empty parentheses");
    assert_err("\"", "unbalanced quote: missing closing quote after position 1");
    assert_err("a \"b c", "after position 3");
    assert_err("-foo", "a query cannot only exclude terms");
    assert_err("NOT foo", "a query cannot only exclude terms");
    assert_err("-foo -bar", "a query cannot only exclude terms");
    assert_err("a OR -b", "'OR' needs a term to include");
    assert_err("foo:bar", "unknown field 'foo:' (known fields: title");
    assert_err("Bar:bar", "unknown field 'Bar:'");
    assert_err("title:", "'title:' needs a value");
    assert_err("title: x", "'title:' needs a value");
    assert_err("date:(2025)", "'date:' needs a value");
    assert_err("date:", "'date:' needs a value");
    assert_err("a name:", "'name:' needs a value");
    assert_err(":", "':' contains no searchable words");
    assert_err("!!!", "'!!!' contains no searchable words");
    assert_err("\"...\"", "contains no searchable words");
    assert_err("title:!!!", "contains no searchable words");
    assert_err("***", "wildcard '***' is too short");
    assert_err("-", "contains no searchable words");
    assert_err("+", "contains no searchable words");
    assert_err("date:2025-13-45", "malformed date 'date:2025-13-45'");
    assert_err("date:..", "malformed date");
    assert_err("date:2025-03-31..2025-03-01", "ends before it starts");
    assert_err("date:tomorrow", "malformed date");
    assert_err("id:\"\"", "'id:' needs a value");

    /* bounds */
    char *big = malloc(10001);
    assert_non_null(big);
    memset(big, 'a', 10000);
    big[10000] = '\0';
    assert_err(big, "query is too long (10000 bytes; the limit is 8192)");
    size_t len = 0;
    for (int i = 0; i < 300; i++)
        len += (size_t)snprintf(big + len, 10001 - len, "w%d ", i);
    assert_err(big, "too many terms");
    len = 0;
    for (int i = 0; i < 100; i++)
        big[len++] = '(';
    big[len++] = 'a';
    for (int i = 0; i < 100; i++)
        big[len++] = ')';
    big[len] = '\0';
    assert_err(big, "nested too deeply");
    /* 32 levels are fine */
    len = 0;
    for (int i = 0; i < NX_QUERY_MAX_DEPTH; i++)
        big[len++] = '(';
    big[len++] = 'x';
    for (int i = 0; i < NX_QUERY_MAX_DEPTH; i++)
        big[len++] = ')';
    big[len] = '\0';
    assert_has(describe(big, db), "Sx");
    free(big);

    /* no err buffer is fine */
    nx_parsed_query pq;
    assert_int_equal(nx_query_parse("(", st, db, &pq, NULL, 0), NX_ERR_QUERY);
    assert_int_equal(nx_query_parse(NULL, st, db, &pq, NULL, 0), NX_ERR_INVALID);
    /* messages are cut to the buffer */
    char small[8];
    assert_int_equal(nx_query_parse("foo:bar", st, db, &pq, small, sizeof small), NX_ERR_QUERY);
    assert_int_equal(strlen(small), 7);
}

static void test_control_and_invalid_bytes(void **state)
{
    (void)state;
    /* control characters separate words like spaces */
    const char *d = describe("economy\x01\x1b" "ceasefire\ttalks\n", NULL);
    assert_has(d, "econom");
    assert_has(d, "ceasefir");
    assert_has(d, "talk");
    /* invalid UTF-8 is dropped by the tokenizer */
    d = describe("econ\xff\xfeomy", NULL);
    assert_has(d, "econ");
    /* and quoted safely in messages */
    const char *e = parse_err("\xff\xfe\x80");
    assert_has(e, "contains no searchable words");
    for (const char *c = e; *c; c++)
        assert_true((unsigned char)*c >= 0x20);
}

static void test_fuzz(void **state)
{
    (void)state;
    static const char alphabet[] = "aB \"()*:-+ANDORNOT\x01\xc3\xa9";
    const size_t na = sizeof alphabet - 1;
    uint32_t seed = 12345;
    char q[40], err[256];
    unsigned ok = 0, bad = 0;
    for (int it = 0; it < 20000; it++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 32;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            q[i] = alphabet[(seed >> 16) % na];
        }
        q[len] = '\0';
        nx_parsed_query pq;
        err[0] = '\0';
        nx_status s = nx_query_parse(q, st, (it & 1) ? db : NULL, &pq, err, sizeof err);
        if (s == NX_OK) {
            assert_non_null(pq.query);
            ok++;
        } else {
            if (s != NX_ERR_QUERY)
                fail_msg("query <%s>: status %d", q, (int)s);
            assert_true(err[0] != '\0');
            assert_null(strchr(err, '\n'));
            assert_null(pq.query);
            bad++;
        }
        nx_parsed_query_free(&pq);
    }
    print_message("fuzz: %u parsed, %u refused\n", ok, bad);
    /* both outcomes are exercised */
    assert_true(ok > 1000);
    assert_true(bad > 1000);

    /* any byte at all, longer strings */
    char big[201];
    for (int it = 0; it < 2000; it++) {
        seed = seed * 1103515245u + 12345u;
        size_t len = (seed >> 16) % 200;
        for (size_t i = 0; i < len; i++) {
            seed = seed * 1103515245u + 12345u;
            big[i] = (char)(1 + (seed >> 16) % 255);
        }
        big[len] = '\0';
        nx_parsed_query pq;
        nx_status s = nx_query_parse(big, st, db, &pq, err, sizeof err);
        assert_true(s == NX_OK || s == NX_ERR_QUERY);
        assert_true(s == NX_OK ? pq.query != NULL : (err[0] != '\0' && !strchr(err, '\n')));
        nx_parsed_query_free(&pq);
    }
}

/* British/American spellings: a plain word is searched as one synonym of
 * both stems and both are units; quoted, fielded or unknown-to-the-index
 * spellings are not added; other languages have no table. */
static void test_spelling_variants(void **state)
{
    (void)state;
    nx_variants *v = NULL;
    assert_int_equal(nx_variants_new(st, &v), NX_OK);
    size_t n;
    const char *lab = nx_stem(st, "labour", 6, &n);
    assert_string_equal(nx_variant_of(v, lab, n), "labor");
    const char *alu = nx_stem(st, "aluminum", 8, &n);
    assert_string_equal(nx_variant_of(v, alu, n), "aluminium");
    /* -ise/-ize pairs are left out: "privatization" stems to "privat". */
    const char *pri = nx_stem(st, "privatisation", 13, &n);
    assert_null(nx_variant_of(v, pri, n));
    assert_null(nx_variant_of(v, "harbour", 6));   /* a prefix is not a match */
    assert_null(nx_variant_of(NULL, lab, strlen(lab)));

    nx_parsed_query pq;
    parse_ok_v("labour talks", v, NULL, &pq);
    const char *d = describe_v("labour talks", v, NULL);
    assert_has(d, "SYNONYM");
    assert_has(d, "labor");
    assert_has(d, "Slabor");
    int found = 0;
    for (size_t i = 0; i < pq.nunits; i++)
        found += pq.units[i].n == 1 && !strcmp(pq.units[i].keys[0], "labor");
    assert_int_equal(found, 1);
    nx_parsed_query_free(&pq);

    const char *no_variant[] = { "\"labour\"", "title:labour", "labour*" };
    for (size_t i = 0; i < sizeof no_variant / sizeof *no_variant; i++) {
        d = describe_v(no_variant[i], v, NULL);
        assert_lacks(d, "labor ");
        assert_lacks(d, "labor)");
    }
    /* Excluding a word excludes both spellings. */
    d = describe_v("strike -labour", v, NULL);
    assert_has(d, "AND_NOT");
    assert_has(d, "labor");
    /* With an index, a spelling it does not hold is not added. */
    assert_lacks(describe_v("labour", v, db), "SYNONYM");
    nx_variants_free(v);

    nx_stemmer *fr = NULL;
    assert_int_equal(nx_stemmer_new("french", &fr, NULL), NX_OK);
    assert_int_equal(nx_variants_new(fr, &v), NX_OK);
    assert_null(nx_variant_of(v, "labour", 6));
    nx_variants_free(v);
    nx_stemmer_free(fr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_and_title_boost),
        cmocka_unit_test(test_phrase_structure),
        cmocka_unit_test(test_operators_structure),
        cmocka_unit_test(test_default_semantics_structure),
        cmocka_unit_test(test_fields_structure),
        cmocka_unit_test(test_schema_fields),
        cmocka_unit_test(test_date_structure),
        cmocka_unit_test(test_date_bounds),
        cmocka_unit_test(test_date_span),
        cmocka_unit_test(test_wildcard_structure),
        cmocka_unit_test(test_near_structure),
        cmocka_unit_test(test_units_and_words),
        cmocka_unit_test(test_names_structure),
        cmocka_unit_test(test_spelling_variants),
        cmocka_unit_test(test_search_basic),
        cmocka_unit_test(test_search_fields),
        cmocka_unit_test(test_search_dates),
        cmocka_unit_test(test_search_wildcard_near),
        cmocka_unit_test(test_search_names),
        cmocka_unit_test(test_search_default_ranking),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_control_and_invalid_bytes),
        cmocka_unit_test(test_fuzz),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}

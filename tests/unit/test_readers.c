/*
 * test_readers.c — the loader (UTF-8 validation, recoding, binary and size
 * checks), date normalisation, format detection and each reader on the
 * samples, in-memory inputs and the bad-input fixtures in tests/data.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "indexer/load.h"
#include "lib/core.h"
#include "indexer/reader.h"
#include "readers_common.h"

/* Reads env/rel into s (keeping articles); skips the test if env is unset. */
#define READ_OR_SKIP(env, rel, s, st)                                    \
    do {                                                                 \
        const char *p_ = rt_path(env, rel);                              \
        if (!p_) {                                                       \
            print_message("%s not set: skipped\n", env);                 \
            skip();                                                      \
        }                                                                \
        snprintf(path, sizeof path, "%s", p_);                           \
        rt_init(s, 1);                                                   \
        st = rt_read_file(path, s, NULL);                                \
    } while (0)

/* ------------------------------------------------------------------ load */

static void test_utf8_valid(void **state)
{
    (void)state;
    static const struct { const char *s; size_t len; int ok; size_t bad; } cases[] = {
        {"plain ascii", 11, 1, 0},
        {"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x93\xb0", 14, 1, 0},   /* é € newspaper */
        {"\xc0\x80", 2, 0, 0},              /* overlong NUL */
        {"ab\xc1\xbf", 4, 0, 2},            /* overlong */
        {"\xe0\x80\xaf", 3, 0, 0},          /* overlong 3-byte */
        {"\xf0\x80\x80\xaf", 4, 0, 0},      /* overlong 4-byte */
        {"x\xed\xa0\x80", 4, 0, 1},         /* surrogate U+D800 */
        {"\xf4\x90\x80\x80", 4, 0, 0},      /* above U+10FFFF */
        {"\xf5\x80\x80\x80", 4, 0, 0},
        {"abc\xe2\x82", 5, 0, 3},           /* truncated at the end */
        {"\xe2\x28\xa1", 3, 0, 0},          /* bad continuation */
        {"\x80", 1, 0, 0},                  /* lone continuation */
        {"\xef\xbf\xbf\xf4\x8f\xbf\xbf", 7, 1, 0},  /* U+FFFF, U+10FFFF */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t bad = 999;
        int ok = nx_utf8_valid(cases[i].s, cases[i].len, &bad);
        if (ok != cases[i].ok)
            fail_msg("case %zu: expected %d", i, cases[i].ok);
        if (!ok)
            assert_int_equal(bad, cases[i].bad);
    }
    assert_true(nx_utf8_valid("", 0, NULL));
    assert_false(nx_utf8_valid("\xff", 1, NULL));
}

static void test_load_fixtures(void **state)
{
    (void)state;
    const char *p = rt_path("NX_TESTDATA", "latin1.txt");
    if (!p)
        skip();
    char path[4096];
    nx_load_result r;
    char err[256];

    snprintf(path, sizeof path, "%s", p);
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_OK);
    assert_int_equal(r.recoded, 1);
    assert_int_equal(r.bad_offset, 3);
    assert_non_null(strstr(r.data, "Caf\xc3\xa9 owners in S\xc3\xa3o Paulo"));
    assert_non_null(strstr(r.data, "\xc2\xa3" "15"));
    assert_true(nx_utf8_valid(r.data, r.len, NULL));
    assert_int_equal(r.data[r.len], '\0');
    free(r.data);

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "cp1252.txt"));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_OK);
    assert_int_equal(r.recoded, 1);
    assert_string_equal(r.data, "Minister says \xe2\x80\x9cno comment\xe2\x80\x9d\n\n"
                                "The minister \xe2\x80\x93 asked twice \xef\xbf\xbd declined.\n");
    free(r.data);

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "bom.txt"));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_OK);
    assert_int_equal(r.recoded, 0);
    assert_string_equal(r.data, "Headline after a BOM\n\nBody text.\n");
    assert_int_equal(r.len, strlen(r.data));
    free(r.data);

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "binary.txt"));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_ERR_FORMAT);
    assert_string_equal(err, "binary file (NUL byte at offset 16)");
    assert_null(r.data);

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "empty.txt"));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_OK);
    assert_int_equal(r.len, 0);
    assert_string_equal(r.data, "");
    free(r.data);

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", ""));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_ERR_IO);
    assert_non_null(strstr(err, "directory"));

    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "no-such-file.txt"));
    assert_int_equal(nx_load_file(path, &r, err, sizeof err), NX_ERR_IO);
    assert_non_null(strstr(err, "No such file"));
    assert_int_equal(nx_load_file(path, &r, NULL, 0), NX_ERR_IO);   /* errbuf optional */
}

/* A UTF-8 file with one stray Latin-1 byte keeps its real UTF-8 characters. */
static void test_load_mixed(void **state)
{
    (void)state;
    char path[] = "/tmp/nx_test_mixed_XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    const char text[] = "\xc2\xa3" "5 and \xa3" "15.8m";
    assert_int_equal(write(fd, text, sizeof text - 1), (long)(sizeof text - 1));
    close(fd);
    nx_load_result r;
    assert_int_equal(nx_load_file(path, &r, NULL, 0), NX_OK);
    assert_int_equal(r.recoded, 1);
    assert_int_equal(r.bad_offset, 8);
    assert_string_equal(r.data, "\xc2\xa3" "5 and \xc2\xa3" "15.8m");
    free(r.data);
    unlink(path);
}

/* ------------------------------------------------------------------ dates */

static void test_dates(void **state)
{
    (void)state;
    static const char *const ok[][2] = {
        {"2025-03-14", "2025-03-14T00:00:00Z"},
        {"2025-03-14T09:30:00Z", "2025-03-14T09:30:00Z"},
        {"2025-03-14 09:30", "2025-03-14T09:30:00Z"},
        {"2025-03-14T09:30:00+01:00", "2025-03-14T08:30:00Z"},
        {"2025-03-14T09:30:00.123-0500", "2025-03-14T14:30:00Z"},
        {"2025-01-01T00:30:00+01:00", "2024-12-31T23:30:00Z"},
        {"2025/03/14", "2025-03-14T00:00:00Z"},
        {"26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01Z"},
        {"  3-MAR-1987  09:15:05.40", "1987-03-03T09:15:05Z"},
        {"27-MAR-1987 00:02:59.13RM", "1987-03-27T00:02:59Z"},
        {"Fri, 14 Mar 2025 09:30:00 GMT", "2025-03-14T09:30:00Z"},
        {"Fri, 14 Mar 2025 09:30:00 +0200", "2025-03-14T07:30:00Z"},
        {"Fri, 14 Mar 2025 09:30:00 EST", "2025-03-14T14:30:00Z"},
        {"14 March 2025", "2025-03-14T00:00:00Z"},
        {"March 14, 2025", "2025-03-14T00:00:00Z"},
        {"Mar 14th 2025", "2025-03-14T00:00:00Z"},
        {"Sept 2, 2025 4:05 pm", "2025-09-02T16:05:00Z"},
        {"Friday, 14 March 2025", "2025-03-14T00:00:00Z"},
        {"2024-02-29", "2024-02-29T00:00:00Z"},
        {"2025-06-30T23:59:60Z", "2025-06-30T23:59:59Z"},
    };
    static const char *const bad[] = {
        "", "yesterday", "2025-13-01", "2025-02-29", "2025-04-31", "14 Foo 2025",
        "1710408600", "2025-03-14T25:00", "March 2025", "31/12/2025", "abc 2025-03-14",
    };
    char out[32];
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        if (!nx_normalise_date(ok[i][0], out, sizeof out))
            fail_msg("not understood: \"%s\"", ok[i][0]);
        if (strcmp(out, ok[i][1]) != 0)
            fail_msg("\"%s\" gave %s, want %s", ok[i][0], out, ok[i][1]);
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
        if (nx_normalise_date(bad[i], out, sizeof out))
            fail_msg("\"%s\" should be refused, gave %s", bad[i], out);
    char small[10];
    assert_int_equal(nx_normalise_date("2025-03-14", small, sizeof small), 0);
    assert_int_equal(nx_normalise_date(NULL, out, sizeof out), 0);
}

/* ------------------------------------------------------------------ detection */

static void test_detect(void **state)
{
    (void)state;
    assert_int_equal(nx_detect_format("/a/b.txt", "{", 1), NX_FORMAT_TEXT);
    assert_int_equal(nx_detect_format("/a/b.TEXT", "", 0), NX_FORMAT_TEXT);
    assert_int_equal(nx_detect_format("/a/b.json", "", 0), NX_FORMAT_JSON);
    assert_int_equal(nx_detect_format("b.jsonl", "", 0), NX_FORMAT_JSON);
    assert_int_equal(nx_detect_format("b.ndjson", "", 0), NX_FORMAT_JSON);
    assert_int_equal(nx_detect_format("b.HTM", "", 0), NX_FORMAT_HTML);
    assert_int_equal(nx_detect_format("b.html", "", 0), NX_FORMAT_HTML);
    assert_int_equal(nx_detect_format("b.xhtml", "", 0), NX_FORMAT_HTML);
    assert_int_equal(nx_detect_format("reut2-000.sgm", "", 0), NX_FORMAT_SGML);
    assert_int_equal(nx_detect_format("x.sgml", "", 0), NX_FORMAT_SGML);
    const char *j = "  \n{\"title\": 1}";
    assert_int_equal(nx_detect_format("/x/noext", j, strlen(j)), NX_FORMAT_JSON);
    assert_int_equal(nx_detect_format("/x/data", "[1]", 3), NX_FORMAT_JSON);
    const char *h = "<!doctype HTML><html>";
    assert_int_equal(nx_detect_format("/x/page", h, strlen(h)), NX_FORMAT_HTML);
    assert_int_equal(nx_detect_format("/x/page", "<html>", 6), NX_FORMAT_HTML);
    const char *s = "<!DOCTYPE lewis SYSTEM \"lewis.dtd\">";
    assert_int_equal(nx_detect_format("/x/reut", s, strlen(s)), NX_FORMAT_SGML);
    assert_int_equal(nx_detect_format("/x/reut", "<REUTERS NEWID=\"1\">", 19), NX_FORMAT_SGML);
    assert_int_equal(nx_detect_format("/x/.hidden", "Hello", 5), NX_FORMAT_TEXT);
    assert_int_equal(nx_detect_format("/x.json/file", "Hello", 5), NX_FORMAT_TEXT);
    assert_int_equal(nx_detect_format("/x/file.csv", "Hello", 5), NX_FORMAT_CSV);
    /* An extension no reader knows: only content that says what it is. */
    assert_int_equal(nx_detect_format("/x/file.pdf", "Hello", 5), NX_FORMAT_UNKNOWN);
    assert_int_equal(nx_detect_format("/x/export.dat", "{\"a\": 1}", 8), NX_FORMAT_JSON);
    assert_int_equal(nx_format_from_name("CSV"), NX_FORMAT_CSV);
    assert_int_equal(nx_format_from_name("pdf"), NX_FORMAT_UNKNOWN);
    assert_string_equal(nx_format_name(NX_FORMAT_TEXT), "text");
    assert_string_equal(nx_format_name(NX_FORMAT_JSON), "json");
    assert_string_equal(nx_format_name(NX_FORMAT_HTML), "html");
    assert_string_equal(nx_format_name(NX_FORMAT_SGML), "sgml");
    assert_string_equal(nx_format_name(NX_FORMAT_UNKNOWN), "unknown");
}

/* ------------------------------------------------------------------ text */

static void test_text_samples(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_SAMPLES", "text/politics/001.txt", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 1);
    const rt_article *a = &s.a[0];
    assert_string_equal(a->id, path);
    assert_string_equal(a->path, path);
    assert_string_equal(a->title, "Starmer and von der Leyen agree timetable for defence pact");
    assert_string_equal(a->byline, "Hannah Mercer");
    assert_string_equal(a->date, "2025-03-14T00:00:00Z");
    assert_string_equal(a->source, "The Meridian Post");
    assert_string_equal(a->section, "politics");
    assert_string_equal(a->dateline, "LONDON");
    assert_string_equal(a->tags, "defence|European Union|security");
    assert_true(strncmp(a->body, "LONDON: Keir Starmer and Ursula", 31) == 0);
    assert_non_null(strstr(a->body, "Starmer's aides"));
    assert_null(strstr(a->body, "Hannah Mercer"));
    assert_int_equal(s.nwarn, 0);
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "text/politics/003.txt", &s, st);
    assert_string_equal(s.a[0].section, "europe");   /* header beats folder */
    assert_string_equal(s.a[0].date, "2025-05-09T00:00:00Z");
    assert_string_equal(s.a[0].dateline, "LISBON");
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "text/business/002.txt", &s, st);
    assert_string_equal(s.a[0].date, "2025-06-12T14:30:00Z");
    assert_string_equal(s.a[0].dateline, "BRUSSELS");
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "text/science/002.txt", &s, st);
    assert_string_equal(s.a[0].dateline, "Christchurch");
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "text/technology/002.txt", &s, st);
    a = &s.a[0];
    assert_string_equal(a->title, "Quantum chip maker opens research laboratory");
    assert_string_equal(a->section, "technology");
    assert_null(a->byline);
    assert_null(a->date);
    assert_null(a->dateline);
    assert_null(a->source);
    assert_true(strncmp(a->body, "A British quantum", 17) == 0);
    rt_free(&s);
}

static nx_status read_text_mem(const char *path, const char *text, rt_sink *s)
{
    rt_init(s, 1);
    return nx_read_text(path, text, strlen(text), &s->sink);
}

static void test_text_conventions(void **state)
{
    (void)state;
    static const char *const datelines[][2] = {
        {"WASHINGTON (Reuters) - The Senate voted.", "WASHINGTON"},
        {"Washington (Reuters) - The Senate voted.", "Washington"},
        {"LONDON, March 3 - Shares rose.", "LONDON"},
        {"NEW YORK, Sept. 12 -- Stocks fell.", "NEW YORK"},
        {"LONDON: Shares rose.", "LONDON"},
        {"PARIS \xe2\x80\x94 Talks ended.", "PARIS"},
        {"SAINT-DENIS - Talks ended.", "SAINT-DENIS"},
        {"Well-known names - and others - spoke.", NULL},
        {"However: this is not a dateline.", NULL},
        {"Note, March 3 was a Monday.", NULL},
        {"Shares in London (Reuters) - fell.", NULL},
        {"Shares rose 3% on Monday.", NULL},
    };
    for (size_t i = 0; i < sizeof datelines / sizeof datelines[0]; i++) {
        char text[256];
        rt_sink s;
        snprintf(text, sizeof text, "Headline\n\n%s\n", datelines[i][0]);
        assert_int_equal(read_text_mem("/x/a.txt", text, &s), NX_OK);
        if (datelines[i][1] == NULL) {
            if (s.a[0].dateline)
                fail_msg("\"%s\": unexpected dateline %s", datelines[i][0], s.a[0].dateline);
        } else {
            if (!s.a[0].dateline || strcmp(s.a[0].dateline, datelines[i][1]) != 0)
                fail_msg("\"%s\": dateline %s", datelines[i][0], s.a[0].dateline);
        }
        assert_string_equal(s.a[0].body, datelines[i][0]);   /* kept in the body */
        rt_free(&s);
    }

    rt_sink s;
    /* A body paragraph starting with "By" is not a byline; CRLF lines. */
    assert_int_equal(read_text_mem("/news/world/7.txt",
        "\r\n\r\n  Title line  \r\n\r\nBy contrast, the long opening paragraph of this story "
        "starts with the word By and goes on.\r\nSecond line\r\n\r\n", &s), NX_OK);
    assert_string_equal(s.a[0].title, "Title line");
    assert_null(s.a[0].byline);
    assert_string_equal(s.a[0].section, "world");
    assert_string_equal(s.a[0].body, "By contrast, the long opening paragraph of this story "
                                     "starts with the word By and goes on.\nSecond line");
    rt_free(&s);

    /* Headers; a bad date is reported with its line and left out. */
    assert_int_equal(read_text_mem("rel.txt",
        "Head\nBy Jane Doe\nDate: sometime soon\nTags: a, b ,, c\nURL: https://x.example/1\n"
        "Source: Wire\n\nBody.\nDate: not a header here\n", &s), NX_OK);
    assert_string_equal(s.a[0].byline, "Jane Doe");
    assert_null(s.a[0].date);
    assert_null(s.a[0].section);   /* no folder in the path */
    assert_string_equal(s.a[0].tags, "a|b|c");
    assert_string_equal(s.a[0].url, "https://x.example/1");
    assert_string_equal(s.a[0].source, "Wire");
    assert_string_equal(s.a[0].body, "Body.\nDate: not a header here");
    assert_true(rt_warned(&s, "rel.txt:3:", "cannot understand date"));
    rt_free(&s);

    /* Headline only. */
    assert_int_equal(read_text_mem("/x/h.txt", "Only a headline\n", &s), NX_OK);
    assert_string_equal(s.a[0].title, "Only a headline");
    assert_null(s.a[0].body);
    rt_free(&s);

    /* Sink status is passed back. */
    rt_init(&s, 1);
    s.stop_after = 1;
    assert_int_equal(nx_read_text("/x/h.txt", "a\nb", 3, &s.sink), NX_ERR_INVALID);
    rt_free(&s);
}


/* A text without a headline (issue 21): a long first line that ends with
 * a full stop is a lead; its first sentence is the headline, skipping
 * abbreviations and initials, and the whole text is the body.  A long
 * headline without a full stop stays a headline. */
static void test_text_lead(void **state)
{
    (void)state;
    rt_sink s;
    const char *lead =
        "Mr. Adeyemi said on Monday that the U.S. port authority would open the new harbour terminal in "
        "March, ahead of the schedule agreed with the unions. Dockers welcomed the news.\n"
        "\n"
        "The terminal cost 40 million pounds.\n";
    assert_int_equal(read_text_mem("/x/lead.txt", lead, &s), NX_OK);
    assert_string_equal(s.a[0].title,
                        "Mr. Adeyemi said on Monday that the U.S. port authority would open the new harbour "
                        "terminal in March, ahead of the schedule agreed with the unions.");
    assert_string_equal(s.a[0].body,
                        "Mr. Adeyemi said on Monday that the U.S. port authority would open the new harbour "
                        "terminal in March, ahead of the schedule agreed with the unions. Dockers welcomed the "
                        "news.\n\nThe terminal cost 40 million pounds.");
    rt_free(&s);
    const char *lone = "A single long paragraph with no headline at all that goes on about the harbour and the "
                       "council and the budget for far longer than any headline would ever go.\n";
    assert_int_equal(read_text_mem("/x/lone.txt", lone, &s), NX_OK);
    assert_non_null(s.a[0].body);
    assert_string_equal(s.a[0].body, "A single long paragraph with no headline at all that goes on about the "
                                     "harbour and the council and the budget for far longer than any headline "
                                     "would ever go.");
    rt_free(&s);
    const char *headline = "Council budget row deepens as ministers, unions and the mayor trade blame over the "
                           "harbour, the ferry, the bridge and the schools\n\nThe row went on.\n";
    assert_int_equal(read_text_mem("/x/h.txt", headline, &s), NX_OK);
    assert_string_equal(s.a[0].body, "The row went on.");
    rt_free(&s);
}

static void test_text_fixtures(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_TESTDATA", "empty.txt", &s, st);
    assert_int_equal(st, NX_ERR_FORMAT);
    assert_int_equal(s.n, 0);
    assert_true(rt_warned(&s, path, "no text"));
    rt_free(&s);

    READ_OR_SKIP("NX_TESTDATA", "nowords.txt", &s, st);
    assert_int_equal(st, NX_ERR_FORMAT);
    assert_true(rt_warned(&s, path, "no text"));
    rt_free(&s);

    int recoded = 0;
    snprintf(path, sizeof path, "%s", rt_path("NX_TESTDATA", "latin1.txt"));
    rt_init(&s, 1);
    assert_int_equal(rt_read_file(path, &s, &recoded), NX_OK);
    assert_int_equal(recoded, 1);
    assert_string_equal(s.a[0].title, "Caf\xc3\xa9 owners in S\xc3\xa3o Paulo raise prices");
    assert_string_equal(s.a[0].dateline, "LISBON");
    rt_free(&s);
}

/* ------------------------------------------------------------------ JSON */

static void test_json_samples(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_SAMPLES", "json/wire.jsonl", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 7);
    assert_int_equal(s.nwarn, 0);
    const rt_article *a = rt_find(&s, "wire-2025-0001");
    assert_non_null(a);
    assert_string_equal(a->title, "Storm closes Lisbon port for second day");
    assert_string_equal(a->byline, "Rita Almeida");
    assert_string_equal(a->date, "2025-01-15T07:00:00Z");
    assert_string_equal(a->source, "Meridian Wire");
    assert_string_equal(a->section, "world");
    assert_string_equal(a->url, "https://wire.example.org/2025/01/lisbon-port-storm");
    assert_string_equal(a->tags, "weather|shipping|Portugal");
    assert_string_equal(a->places, "Lisbon|Portugal");
    assert_string_equal(a->path, path);
    a = rt_find(&s, "wire-2025-0002");
    assert_string_equal(a->byline, "Louis Girard, Amélie Roux");
    assert_string_equal(a->tags, "transport|strikes|France");
    assert_string_equal(rt_find(&s, "wire-2025-0003")->date, "2025-03-10T14:30:00Z");
    assert_string_equal(rt_find(&s, "wire-2025-0003")->orgs, "Federation of the Swiss Watch Industry");
    assert_string_equal(rt_find(&s, "wire-2025-0004")->date, "2025-05-01T00:00:00Z");
    assert_string_equal(rt_find(&s, "wire-2025-0005")->date, "2025-06-18T00:00:00Z");
    assert_string_equal(rt_find(&s, "wire-2025-0006")->dateline, "BRUSSELS");
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "json/export.json", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 3);
    a = rt_find(&s, "export-001");
    assert_string_equal(a->title, "City council approves late-night bus network");
    assert_string_equal(a->byline, "Ella Morgan");
    assert_string_equal(a->date, "2025-03-04T19:00:00Z");
    assert_string_equal(a->source, "Harbour City Gazette");
    assert_string_equal(a->section, "local");
    assert_string_equal(a->tags, "transport|buses|night economy");
    assert_string_equal(a->url, "https://gazette.example.com/2025/03/night-buses");
    assert_string_equal(rt_find(&s, "export-002")->byline, "Tom Hale, Ella Morgan");
    char id3[4200];
    snprintf(id3, sizeof id3, "%s#3", path);
    a = rt_find(&s, id3);
    assert_non_null(a);
    assert_string_equal(a->date, "2025-06-01T06:30:00Z");
    rt_free(&s);
}

static void test_json_bad_lines(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_TESTDATA", "bad-line3.jsonl", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 4);
    assert_non_null(rt_find(&s, "good-1"));
    assert_non_null(rt_find(&s, "good-2"));
    assert_non_null(rt_find(&s, "good-4"));
    char id7[4200], where[4200];
    snprintf(id7, sizeof id7, "%s#7", path);
    assert_non_null(rt_find(&s, id7));
    assert_int_equal(s.nwarn, 3);
    snprintf(where, sizeof where, "%s:3:", path);
    /* The line once, as the warning's position, not again in the text. */
    assert_true(rt_warned(&s, where, "invalid JSON at column "));
    assert_false(rt_warned(&s, where, "line 3:"));
    snprintf(where, sizeof where, "%s:6:", path);
    assert_true(rt_warned(&s, where, "no title or body"));
    assert_false(rt_warned(&s, where, "line 6:"));
    snprintf(where, sizeof where, "%s:8:", path);
    assert_true(rt_warned(&s, where, "not a JSON object"));
    rt_free(&s);
}


static int csv_skips;
static void count_skip(void *ctx)
{
    (void)ctx;
    csv_skips++;
}

/* CSV (RFC 4180 through libcsv): a header row names the fields as JSON
 * keys do; quoted cells keep commas, doubled quotes and line breaks; a
 * warning names the line a row starts on; a dropped row is counted. */
static void test_csv(void **state)
{
    (void)state;
    rt_sink s;
    static const char with_header[] =
        "Headline,Story,published,keywords,ignored\r\n"
        "\"Quoted, title\",\"Body with \"\"quotes\"\"\nand a second line\",2025-03-01,\"ports, strikes\",x\r\n"
        "Second,Text two,not a date,,y\r\n"
        ",,2025-01-01,,z\r\n"
        "Fourth,\"unterminated\n";
    rt_init(&s, 1);
    csv_skips = 0;
    s.sink.skip = count_skip;
    assert_int_equal(nx_read_csv("/x/h.csv", with_header, strlen(with_header), &s.sink), NX_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.a[0].id, "/x/h.csv#1");
    assert_string_equal(s.a[0].title, "Quoted, title");
    assert_string_equal(s.a[0].body, "Body with \"quotes\"\nand a second line");
    assert_string_equal(s.a[0].date, "2025-03-01T00:00:00Z");
    assert_string_equal(s.a[0].tags, "ports|strikes");
    assert_string_equal(s.a[1].id, "/x/h.csv#2");
    assert_null(s.a[1].date);
    /* Row 2 starts on line 4 (row 1 spans lines 2-3). */
    assert_true(rt_warned(&s, "/x/h.csv:4:", "row 2: cannot understand date \"not a date\""));
    assert_true(rt_warned(&s, "/x/h.csv:5:", "row 3: no title or body, skipped"));
    assert_true(rt_warned(&s, "/x/h.csv:6:", "unterminated quoted field"));
    assert_int_equal(csv_skips, 2);
    rt_free(&s);

    /* No header: the columns given, in order; "-" skips one; a site key. */
    static const char ag[] = "\"3\",\"Oil up\",\"Crude rose.\"\n\"1\",\"Talks\",\"Leaders met.\"\n";
    rt_init(&s, 1);
    s.sink.csv_columns = "topic,title,body";
    assert_int_equal(nx_read_csv("/x/ag.csv", ag, strlen(ag), &s.sink), NX_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.a[0].tags, "3");
    assert_string_equal(s.a[1].title, "Talks");
    assert_string_equal(s.a[1].body, "Leaders met.");
    assert_string_equal(s.a[1].id, "/x/ag.csv#2");
    rt_free(&s);
    rt_init(&s, 1);
    s.sink.csv_columns = "-,hed,body";
    s.sink.fields = "title=hed";
    assert_int_equal(nx_read_csv("/x/ag.csv", ag, strlen(ag), &s.sink), NX_OK);
    assert_string_equal(s.a[0].tags, "");
    assert_string_equal(s.a[0].title, "Oil up");
    rt_free(&s);

    /* The same file read with its first row as a header: that row names no
     * title or body, so nothing is guessed; the warning says what to give. */
    rt_init(&s, 1);
    assert_int_equal(nx_read_csv("/x/ag.csv", ag, strlen(ag), &s.sink), NX_ERR_FORMAT);
    assert_int_equal(s.n, 0);
    assert_true(rt_warned(&s, "/x/ag.csv:1:", "--csv-columns"));
    rt_free(&s);
}

static nx_status read_json_mem(const char *path, const char *text, rt_sink *s)
{
    rt_init(s, 1);
    return nx_read_json(path, text, strlen(text), &s->sink);
}

static void test_json_memory(void **state)
{
    (void)state;
    rt_sink s;
    /* One object: id is the path; integer id; unix ms; keywords string. */
    assert_int_equal(read_json_mem("/x/one.json",
        "{\"headline\": \"H\", \"content\": \"B\", \"timestamp\": 1741944600000, "
        "\"persons\": [\"A\", \"B\", \"A\"], \"organizations\": \"X, Y\", \"extra\": {\"deep\": [1,2]}}",
        &s), NX_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].id, "/x/one.json");
    assert_string_equal(s.a[0].title, "H");
    assert_string_equal(s.a[0].body, "B");
    assert_string_equal(s.a[0].date, "2025-03-14T09:30:00Z");
    assert_string_equal(s.a[0].people, "A|B");
    assert_string_equal(s.a[0].orgs, "X|Y");
    rt_free(&s);

    assert_int_equal(read_json_mem("/x/n.json", "[{\"id\": 42, \"title\": \"T\", \"date\": \"soon\"}, 7]", &s),
                     NX_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].id, "42");
    assert_null(s.a[0].date);
    assert_true(rt_warned(&s, "item 1: cannot understand date", NULL));
    assert_true(rt_warned(&s, "item 2: not a JSON object", NULL));
    rt_free(&s);

    /* The sink's fields (nx_writer_opts.fields) name a site's own keys,
     * tried before the aliases; the environment is not the library's. */
    static const char m_jsonl[] =
        "{\"hed\": \"Own title\", \"title\": \"Alias title\", \"story_text\": \"Own body\"}\n";
    rt_init(&s, 1);
    s.sink.fields = "title=hed, body = story_text,bogus";
    assert_int_equal(nx_read_json("/x/m.jsonl", m_jsonl, strlen(m_jsonl), &s.sink), NX_OK);
    assert_string_equal(s.a[0].title, "Own title");
    assert_string_equal(s.a[0].body, "Own body");
    assert_string_equal(s.a[0].id, "/x/m.jsonl#1");
    assert_true(rt_warned(&s, "field mapping", "bogus"));
    rt_free(&s);
    setenv("NX_JSON_FIELDS", "title=hed,body=story_text", 1);
    assert_int_equal(read_json_mem("/x/m.jsonl", m_jsonl, &s), NX_OK);
    unsetenv("NX_JSON_FIELDS");
    assert_string_equal(s.a[0].title, "Alias title");
    assert_null(s.a[0].body);
    rt_free(&s);

    /* Broken whole-file JSON: one warning with the line, nothing read. */
    assert_int_equal(read_json_mem("/x/bad.json", "{\n  \"title\": \"x\",\n  oops\n}\n", &s), NX_ERR_FORMAT);
    assert_int_equal(s.n, 0);
    assert_true(rt_warned(&s, "/x/bad.json:3:", "invalid JSON"));
    rt_free(&s);

    /* A pretty-printed object whose nested object starts a line is still
     * one document; JSON Lines in a .json file with a bad line is lines. */
    assert_int_equal(read_json_mem("/x/pretty.json", "{\"title\": \"P\",\n\"extra\":\n{\"a\": 1}\n}\n", &s),
                     NX_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].id, "/x/pretty.json");
    rt_free(&s);
    assert_int_equal(read_json_mem("/x/lines.json", "{\"title\": \"A\"}\n{bad\n{\"title\": \"C\"}\n", &s),
                     NX_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.a[1].id, "/x/lines.json#3");
    assert_true(rt_warned(&s, "/x/lines.json:2:", "invalid JSON"));
    rt_free(&s);

    assert_int_equal(read_json_mem("/x/empty.json", "  \n", &s), NX_ERR_FORMAT);
    assert_int_equal(s.nwarn, 1);
    rt_free(&s);

    assert_int_equal(read_json_mem("/x/s.json", "\"just a string\"", &s), NX_ERR_FORMAT);
    assert_true(s.nwarn >= 1);
    rt_free(&s);

    /* Sink status stops the reader. */
    rt_init(&s, 1);
    s.stop_after = 1;
    const char *two = "{\"title\": \"a\"}\n{\"title\": \"b\"}\n";
    assert_int_equal(nx_read_json("/x/t.jsonl", two, strlen(two), &s.sink), NX_ERR_INVALID);
    assert_int_equal(s.n, 1);
    rt_free(&s);
}

/* ------------------------------------------------------------------ HTML */

static void test_html_samples(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_SAMPLES", "html/harbour-wind-farm.html", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 1);
    const rt_article *a = &s.a[0];
    assert_string_equal(a->id, path);
    assert_string_equal(a->title, "Offshore wind farm off Lisbon starts supplying the grid");
    assert_string_equal(a->date, "2025-04-11T06:00:00Z");
    assert_string_equal(a->byline, "Inês Carvalho");
    assert_string_equal(a->section, "business");
    assert_string_equal(a->source, "The Meridian Post");
    assert_string_equal(a->url, "https://meridian.example.com/2025/04/lisbon-offshore-wind");
    assert_string_equal(a->tags, "energy|wind power|Portugal");
    assert_true(strncmp(a->body, "A floating wind farm", 20) == 0);
    assert_non_null(strstr(a->body, "the first of its size in southern Europe.\n\nThe eight turbines"));
    const char *noise[] = {"Subscribe", "tracking", "font-family", "Sign up", "rights reserved",
                           "towed out", "independent since", "By Inês"};
    for (size_t i = 0; i < sizeof noise / sizeof noise[0]; i++)
        if (strstr(a->body, noise[i]))
            fail_msg("body contains \"%s\"", noise[i]);
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "html/script-injection-explainer.html", &s, st);
    a = &s.a[0];
    assert_non_null(strstr(a->body, "type <script>alert(1)</script> into a search box"));
    assert_null(strstr(a->body, "never be indexed"));
    assert_null(strstr(a->body, "enable JavaScript"));
    assert_null(strstr(a->body, "Leave a comment"));
    assert_string_equal(a->url, "https://meridian.example.com/tech/2025/05/script-injection");
    assert_string_equal(a->section, "technology");
    rt_free(&s);

    READ_OR_SKIP("NX_SAMPLES", "html/market-report.html", &s, st);
    a = &s.a[0];
    assert_string_equal(a->title, "Brussels shares end week higher on bank results");
    assert_string_equal(a->byline, "Sofie Janssens");
    assert_string_equal(a->date, "2025-10-24T15:40:00Z");
    assert_string_equal(a->url, "https://gazette.example.com/markets/2025/10/brussels-shares");
    assert_string_equal(a->tags, "markets|shares|Belgium");
    assert_null(a->source);
    assert_null(strstr(a->body, "cookies"));
    assert_non_null(strstr(a->body, "Banks led the gains\n\nUtilities were flat"));
    rt_free(&s);

    READ_OR_SKIP("NX_TESTDATA", "nobody.html", &s, st);
    assert_int_equal(st, NX_ERR_FORMAT);
    assert_int_equal(s.n, 0);
    assert_true(rt_warned(&s, path, "no article text"));
    rt_free(&s);
}

static void test_html_memory(void **state)
{
    (void)state;
    rt_sink s;
    const char *page = "<p>Loose <b>text</b>   with\n spaces<br>and a break</p><div>Next</div>";
    rt_init(&s, 1);
    assert_int_equal(nx_read_html("/x/p.html", page, strlen(page), &s.sink), NX_OK);
    assert_string_equal(s.a[0].body, "Loose text with spaces\n\nand a break\n\nNext");
    assert_null(s.a[0].title);
    rt_free(&s);

    /* Table cells are words apart; rows are paragraphs (issue 21). */
    const char *table = "<article><p>Prices:</p><table><tr><th>Item</th><th>Cost</th></tr>"
                        "<tr><td>Bread</td><td>1.20</td></tr></table></article>";
    rt_init(&s, 1);
    assert_int_equal(nx_read_html("/x/t.html", table, strlen(table), &s.sink), NX_OK);
    assert_string_equal(s.a[0].body, "Prices:\n\nItem Cost\n\nBread 1.20");
    rt_free(&s);

    /* JSON-LD: headline, datePublished and authors of the article object
     * (here inside @graph), below the metas and above the landmarks. */
    const char *ld = "<html><head><title>Site | Home</title>"
                     "<script type=\"application/ld+json\">{\"@context\": \"https://schema.org\", \"@graph\": ["
                     "{\"@type\": \"WebSite\", \"headline\": \"Not this\"},"
                     "{\"@type\": [\"NewsArticle\"], \"headline\": \"Ferry fares rise\","
                     " \"datePublished\": \"2025-02-03T08:00:00Z\","
                     " \"author\": [{\"@type\": \"Person\", \"name\": \"Ann Lee\"}, \"Bo Chen\"]}]}</script>"
                     "<script type=\"application/ld+json\">{ broken</script>"
                     "</head><body><p>Fares rose by a tenth.</p></body></html>";
    rt_init(&s, 1);
    assert_int_equal(nx_read_html("/x/ld.html", ld, strlen(ld), &s.sink), NX_OK);
    assert_string_equal(s.a[0].title, "Ferry fares rise");
    assert_string_equal(s.a[0].date, "2025-02-03T08:00:00Z");
    assert_string_equal(s.a[0].byline, "Ann Lee, Bo Chen");
    assert_string_equal(s.a[0].body, "Fares rose by a tenth.");
    assert_int_equal(s.nwarn, 0);
    rt_free(&s);
    const char *ld_meta = "<html><head><meta property=\"og:title\" content=\"Meta title\">"
                          "<script type=\"application/ld+json\">{\"@type\": \"Article\", \"headline\": \"LD\"}</script>"
                          "</head><body><p>Text.</p></body></html>";
    rt_init(&s, 1);
    assert_int_equal(nx_read_html("/x/m.html", ld_meta, strlen(ld_meta), &s.sink), NX_OK);
    assert_string_equal(s.a[0].title, "Meta title");
    rt_free(&s);

    /* A declared single-byte charset (the loader's recoding is then what
     * the page asked for). */
    assert_true(nx_load_declares_cp1252("<meta charset=\"ISO-8859-1\">", 26));
    const char *ct = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1252\">";
    assert_true(nx_load_declares_cp1252(ct, strlen(ct)));
    assert_false(nx_load_declares_cp1252("<meta charset=\"utf-8\">", 22));
    assert_false(nx_load_declares_cp1252("<meta charset=\"iso-8859-15\">", 27));

    /* Deep nesting must not recurse: the walk is iterative. */
    size_t depth = 20000;
    char *deep = malloc(depth * 11 + 64);
    assert_non_null(deep);
    char *p = deep;
    for (size_t i = 0; i < depth; i++)
        p += sprintf(p, "<span>");
    p += sprintf(p, "deep words");
    *p = '\0';
    rt_init(&s, 1);
    nx_status st = nx_read_html("/x/deep.html", deep, strlen(deep), &s.sink);
    assert_true(st == NX_OK || st == NX_ERR_FORMAT);
    free(deep);
    rt_free(&s);
}

/* ------------------------------------------------------------------ SGML */

static void test_sgml_sample(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_SAMPLES", "sgml/reut-sample.sgm", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 5);
    assert_int_equal(s.nwarn, 0);
    const rt_article *a = rt_find(&s, "reuters-30001");
    assert_non_null(a);
    assert_string_equal(a->title, "BANK OF ENGLAND HOLDS RATES, SIGNALS CUT LATER IN YEAR");
    assert_string_equal(a->date, "2025-03-14T09:30:00Z");
    assert_string_equal(a->dateline, "LONDON");
    assert_string_equal(a->source, "Reuters");
    assert_string_equal(a->tags, "interest|money-fx");
    assert_string_equal(a->places, "uk");
    assert_string_equal(a->people, "bailey");
    assert_string_equal(a->orgs, "boe");
    assert_true(strncmp(a->body, "The Bank of England left its main\ninterest rate", 47) == 0);
    size_t bl = strlen(a->body);
    assert_true(bl > 19);
    assert_string_equal(a->body + bl - 19, "after the decision.");
    assert_null(strstr(a->body, "Reuter"));
    assert_null(strchr(a->body, '\x03'));
    assert_null(a->section);

    a = rt_find(&s, "reuters-30002");
    assert_string_equal(a->title, "LUSO ENERGIA <LUSE.LS> AGREES TO BUY PARIS SOLAR FIRM");
    assert_string_equal(a->byline, "Ana Ferreira");
    assert_string_equal(a->dateline, "LISBON");
    assert_string_equal(a->date, "2025-04-02T14:05:12Z");
    assert_string_equal(a->places, "france|portugal");
    assert_string_equal(a->orgs, "pse");   /* EXCHANGES join ORGS */
    assert_non_null(strstr(a->body, "Soleil Nord <SNRD.PA>"));
    assert_non_null(strstr(a->body, "France & Spain & Italy"));
    assert_null(strstr(a->body, "REUTER"));

    a = rt_find(&s, "reuters-30003");   /* BRIEF */
    assert_string_equal(a->title, "EURO ZONE M3 MONEY SUPPLY ROSE 3.6 PCT IN APRIL - ECB");
    assert_null(a->body);
    assert_string_equal(a->date, "2025-05-14T16:41:03Z");

    a = rt_find(&s, "reuters-30004");   /* UNPROC */
    assert_null(a->title);
    assert_true(strncmp(a->body, "GENEVA GRAIN STOCKS - JUNE 20\n", 30) == 0);
    assert_non_null(strstr(a->body, "155,221"));
    assert_null(strstr(a->body, "Reuter"));
    assert_string_equal(a->tags, "");
    rt_free(&s);
}

static void test_sgml_truncated(void **state)
{
    (void)state;
    char path[4096];
    rt_sink s;
    nx_status st;
    READ_OR_SKIP("NX_TESTDATA", "truncated.sgm", &s, st);
    assert_int_equal(st, NX_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].id, "reuters-40001");
    assert_string_equal(s.a[0].body, "This story is whole.");
    char where[4200];
    snprintf(where, sizeof where, "%s:16:", path);
    assert_true(rt_warned(&s, where, "truncated"));
    assert_int_equal(s.nwarn, 1);
    rt_free(&s);
}

static nx_status read_sgml_mem(const char *text, rt_sink *s)
{
    rt_init(s, 1);
    return nx_read_sgml("/x/r.sgm", text, strlen(text), &s->sink);
}

static void test_sgml_memory(void **state)
{
    (void)state;
    rt_sink s;
    assert_int_equal(read_sgml_mem("no stories here", &s), NX_ERR_FORMAT);
    assert_int_equal(s.nwarn, 1);
    rt_free(&s);

    /* A story cut off by the next one; no NEWID; entities and noise. */
    assert_int_equal(read_sgml_mem(
        "<REUTERS NEWID=\"5\">\n<TEXT>&#2;\n<TITLE>CUT</TITLE>\n"
        "<REUTERS OLDID=\"9\">\n<DATE>bad date</DATE>\n<TEXT><TITLE>A &amp;&#65;&#x42;&#1;&#127;&#3 &unknown; &#;</TITLE>"
        "<DATELINE> NEW YORK, MAR8 - </DATELINE><BODY>Text\r\n reuter...\n</BODY></TEXT></REUTERS>", &s),
        NX_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.a[0].id, "/x/r.sgm#2");
    assert_string_equal(s.a[0].title, "A &AB &unknown; &#;");
    assert_string_equal(s.a[0].dateline, "NEW YORK");
    assert_string_equal(s.a[0].body, "Text");
    assert_null(s.a[0].date);
    assert_true(rt_warned(&s, "/x/r.sgm:1:", "truncated"));
    assert_true(rt_warned(&s, "/x/r.sgm:5:", "cannot understand date"));
    rt_free(&s);

    /* Unterminated elements stay inside the story. */
    assert_int_equal(read_sgml_mem("<REUTERS NEWID=\"7\"><TEXT><TITLE>OPEN <BODY>x</REUTERS>", &s), NX_OK);
    assert_int_equal(s.n, 1);
    rt_free(&s);

    rt_init(&s, 1);
    s.stop_after = 1;
    const char *two = "<REUTERS NEWID=\"1\"></REUTERS><REUTERS NEWID=\"2\"></REUTERS>";
    assert_int_equal(nx_read_sgml("/x/r.sgm", two, strlen(two), &s.sink), NX_ERR_INVALID);
    assert_int_equal(s.n, 1);
    rt_free(&s);
}

/* nx_read_any picks the reader by extension, then content. */
static void test_read_any(void **state)
{
    (void)state;
    rt_sink s;
    rt_init(&s, 1);
    const char *j = "{\"title\": \"From JSON\"}";
    assert_int_equal(nx_read_any("/x/noext", j, strlen(j), &s.sink), NX_OK);
    assert_string_equal(s.a[0].title, "From JSON");
    const char *t = "{not json, but a .txt file";
    assert_int_equal(nx_read_any("/x/a.txt", t, strlen(t), &s.sink), NX_OK);
    assert_string_equal(s.a[1].title, t);
    rt_free(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_valid),
        cmocka_unit_test(test_load_fixtures),
        cmocka_unit_test(test_load_mixed),
        cmocka_unit_test(test_dates),
        cmocka_unit_test(test_detect),
        cmocka_unit_test(test_text_samples),
        cmocka_unit_test(test_text_conventions),
        cmocka_unit_test(test_text_fixtures),
        cmocka_unit_test(test_json_samples),
        cmocka_unit_test(test_json_bad_lines),
        cmocka_unit_test(test_json_memory),
        cmocka_unit_test(test_csv),
        cmocka_unit_test(test_text_lead),
        cmocka_unit_test(test_html_samples),
        cmocka_unit_test(test_html_memory),
        cmocka_unit_test(test_sgml_sample),
        cmocka_unit_test(test_sgml_truncated),
        cmocka_unit_test(test_sgml_memory),
        cmocka_unit_test(test_read_any),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * test_snippet.c — passage selection and highlighting (searcher/snippet.c)
 * through the real tokenizer and stemmer, rendered with
 * nx_render_highlight.  Units are built here from query words the way the
 * query parser does (stems for words and phrases, casefolded text for
 * names), so these tests do not depend on the query code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "newsidx.h"
#include "analysis/tokenize.h"
#include "analysis/stem.h"
#include "searcher/snippet.h"

/* ------------------------------------------------------------------ fixtures */

typedef struct fixture {
    nx_stemmer *st;
    nx_snippeter *sn;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    if (nx_stemmer_new("english", &f->st, NULL) != NX_OK)
        return -1;
    if (nx_snippeter_new(f->st, &f->sn) != NX_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    nx_snippeter_free(f->sn);
    nx_stemmer_free(f->st);
    free(f);
    return 0;
}

/* ------------------------------------------------------------------ building units */

enum { U_WORDS = 0, U_PHRASE, U_NAME };

typedef struct uspec {
    const char *words;   /* NULL ends the list */
    int kind;            /* U_WORDS: one unit per word; U_PHRASE/U_NAME: one unit */
    double weight;       /* 0: 1.0 */
} uspec;

typedef struct unitset {
    nx_match_unit u[16];
    size_t n;
} unitset;

static void add_unit(unitset *us, nx_stemmer *st, const nx_toklist *tl, size_t from, size_t to,
                     int exact, double weight)
{
    assert_true(us->n < 16);
    nx_match_unit *u = &us->u[us->n++];
    u->n = to - from;
    u->keys = calloc(u->n ? u->n : 1, sizeof *u->keys);
    assert_non_null(u->keys);
    u->exact = exact;
    u->weight = weight > 0 ? weight : 1.0;
    for (size_t i = from; i < to; i++) {
        const char *k;
        size_t klen;
        if (exact) {
            k = nx_tok_text(tl, i);
            klen = tl->tok[i].norm_len;
        } else {
            k = nx_term_for_token(st, nx_tok_text(tl, i), tl->tok[i].norm_len, tl->tok[i].flags, &klen);
            assert_non_null(k);
        }
        u->keys[i - from] = strndup(k, klen);
        assert_non_null(u->keys[i - from]);
    }
}

static void build_units(nx_stemmer *st, const uspec *spec, unitset *us)
{
    memset(us, 0, sizeof *us);
    nx_toklist tl;
    nx_toklist_init(&tl);
    for (const uspec *s = spec; s && s->words; s++) {
        assert_int_equal(nx_tokenize(s->words, strlen(s->words), &tl), NX_OK);
        if (s->kind == U_WORDS) {
            for (size_t i = 0; i < tl.n; i++)
                add_unit(us, st, &tl, i, i + 1, 0, s->weight);
        } else if (tl.n) {
            add_unit(us, st, &tl, 0, tl.n, s->kind == U_NAME, s->weight);
        }
    }
    nx_toklist_free(&tl);
}

static void free_units(unitset *us)
{
    for (size_t i = 0; i < us->n; i++) {
        for (size_t k = 0; k < us->u[i].n; k++)
            free(us->u[i].keys[k]);
        free(us->u[i].keys);
    }
    us->n = 0;
}

/* ------------------------------------------------------------------ invariants */

/* Decodes one code point of valid UTF-8; returns its length or 0. */
static size_t decode(const unsigned char *s, size_t avail, unsigned *cp)
{
    unsigned c = s[0];
    size_t n;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) n = 3;
    else if (c >= 0xF0 && c <= 0xF4) n = 4;
    else return 0;
    if (n > avail)
        return 0;
    unsigned v = c & (0xFF >> (n + 1));
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if ((n == 3 && v < 0x800) || (n == 4 && v < 0x10000) || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

/* Length in code points, or (size_t)-1 when not valid UTF-8. */
static size_t u8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t p = 0; p < len;) {
        unsigned cp;
        size_t l = decode((const unsigned char *)s + p, len - p, &cp);
        if (!l)
            return (size_t)-1;
        p += l;
        n++;
    }
    return n;
}

static int is_cont(unsigned char c) { return (c & 0xC0) == 0x80; }

static void check_invariants(const nx_snippet *s, unsigned max_chars)
{
    assert_non_null(s->text);
    assert_int_equal(strlen(s->text), s->len);
    size_t chars = u8_chars(s->text, s->len);
    assert_true(chars != (size_t)-1);            /* valid UTF-8 */
    assert_true(chars <= max_chars);
    assert_null(strstr(s->text, "  "));          /* blanks collapsed */
    assert_null(strchr(s->text, '\n'));
    size_t prev = 0;
    for (size_t i = 0; i < s->nspans; i++) {
        assert_true(s->spans[i].start < s->spans[i].end);
        assert_true(s->spans[i].start >= prev);
        assert_true(s->spans[i].end <= s->len);
        assert_false(is_cont((unsigned char)s->text[s->spans[i].start]));
        if (s->spans[i].end < s->len)
            assert_false(is_cont((unsigned char)s->text[s->spans[i].end]));
        prev = s->spans[i].end;
    }
    if (s->nspans == 0)
        assert_null(s->spans);
}

static char *make_rendered(fixture *f, const char *title, const char *body, size_t body_len,
                           const uspec *spec, unsigned max_chars, unsigned fragments)
{
    unitset us;
    build_units(f->st, spec, &us);
    nx_snippet s;
    assert_int_equal(nx_snippet_make(f->sn, title, body, body_len, us.u, us.n, max_chars,
                                     fragments, &s), NX_OK);
    check_invariants(&s, max_chars);
    char *out = NULL;
    assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_PLAIN, "[", "]", &out), NX_OK);
    nx_snippet_clear(&s);
    assert_null(s.text);
    free_units(&us);
    return out;
}

/* ------------------------------------------------------------------ the table */

typedef struct snip_case {
    const char *name;
    const char *title;
    const char *body;
    uspec u[5];
    unsigned max_chars, fragments;
    const char *want;
} snip_case;

#define FAR_BODY \
    "A ceasefire between the two sides came into force at dawn on Sunday, officials said. " \
    FAR_REST

#define FAR_REST \
    "Residents of the northern districts returned to their homes to inspect the damage. " \
    "Aid convoys waited at the border crossing for permission to enter. " \
    "Local councils began clearing roads that had been blocked for weeks. " \
    "Schools remain closed and many families are still living in tents. " \
    "Western governments said new sanctions would follow any breach of the agreement."

#define REPEAT_BODY \
    "The tax debate dominated the morning. Tax, tax and more tax was all anyone discussed " \
    "in the chamber while the opposition complained about the tax on fuel. " \
    "Later in the afternoon, ministers turned to other business, including transport. " \
    "The tax changes form part of a wider budget that will be published next month."

#define WEIGHT_BODY \
    "The government announced a review of its foreign policy on Monday. " \
    "Several departments will contribute to the document over the summer months. " \
    "Analysts expect few surprises from the exercise, which happens every five years. " \
    "Separately, Zelensky is due to visit London for talks later this week."

static const snip_case CASES[] = {
    { "stem_plural_query_matches_singular", NULL,
      "The ceasefire held. Both sides said the ceasefires would last.",
      { { "ceasefires", U_WORDS, 0 } }, 200, 2,
      "The [ceasefire] held. Both sides said the [ceasefires] would last." },
    { "stem_singular_query_matches_plural", NULL,
      "The ceasefire held. Both sides said the ceasefires would last.",
      { { "ceasefire", U_WORDS, 0 } }, 200, 2,
      "The [ceasefire] held. Both sides said the [ceasefires] would last." },
    { "stem_inflections", NULL,
      "Officials said talks were continuing; the talk continued into the night.",
      { { "talks", U_WORDS, 0 } }, 200, 1,
      "Officials said [talks] were continuing; the [talk] continued into the night." },
    { "no_prefix_new_vs_news", NULL,
      "The news from New York was new to everyone in the newsroom.",
      { { "new", U_WORDS, 0 } }, 200, 1,
      "The news from [New] York was [new] to everyone in the newsroom." },
    { "no_prefix_art_vs_article", NULL,
      "The article on art and artists was written by an arts critic.",
      { { "art", U_WORDS, 0 } }, 200, 1,
      "The article on [art] and artists was written by an [arts] critic." },
    { "phrase_one_span", NULL,
      "The prime minister met the minister of prime importance.",
      { { "prime minister", U_PHRASE, 0 } }, 200, 1,
      "The [prime minister] met the minister of prime importance." },
    { "phrase_across_newline", NULL,
      "The prime\n   minister spoke.",
      { { "prime minister", U_PHRASE, 0 } }, 200, 1,
      "The [prime minister] spoke." },
    { "phrase_and_word_merge", NULL,
      "The prime minister met the minister.",
      { { "prime minister", U_PHRASE, 0 }, { "minister", U_WORDS, 0 } }, 200, 1,
      "The [prime minister] met the [minister]." },
    { "name_one_span", NULL,
      "Keir Starmer met Sir Keir in Downing Street. Starmer said little.",
      { { "Keir Starmer", U_NAME, 0 } }, 200, 1,
      "[Keir Starmer] met Sir Keir in Downing Street. Starmer said little." },
    { "name_possessive", NULL,
      "Starmer's government fell on Tuesday.",
      { { "Starmer", U_NAME, 0 } }, 200, 1,
      "[Starmer]'s government fell on Tuesday." },
    { "name_possessive_two_words", NULL,
      "Aides defended Keir Starmer's plan for the railways.",
      { { "Keir Starmer", U_NAME, 0 } }, 200, 1,
      "Aides defended [Keir Starmer]'s plan for the railways." },
    { "name_curly_possessive", NULL,
      "Aides defended Starmer\xE2\x80\x99s plan.",
      { { "Starmer", U_NAME, 0 } }, 200, 1,
      "Aides defended [Starmer]\xE2\x80\x99s plan." },
    { "name_exact_not_stemmed", NULL,
      "Joan Rivers walked along the river.",
      { { "Rivers", U_NAME, 0 } }, 200, 1,
      "Joan [Rivers] walked along the river." },
    { "word_rivers_is_stemmed", NULL,
      "Joan Rivers walked along the river.",
      { { "rivers", U_WORDS, 0 } }, 200, 1,
      "Joan [Rivers] walked along the [river]." },
    { "hyphenated_name", NULL,
      "Jean-Claude Juncker arrived in Brussels.",
      { { "Jean-Claude Juncker", U_NAME, 0 } }, 200, 1,
      "[Jean-Claude Juncker] arrived in Brussels." },
    { "abbreviation", NULL,
      "The U.S. economy grew faster than expected.",
      { { "US", U_WORDS, 0 } }, 200, 1,
      "The [U.S.] economy grew faster than expected." },
    { "number_with_separators", NULL,
      "Turnout was 155,221 votes, up 5.93 points.",
      { { "155,221 5.93", U_WORDS, 0 } }, 200, 1,
      "Turnout was [155,221] votes, up [5.93] points." },
    { "far_apart_two_fragments", NULL, FAR_BODY,
      { { "ceasefire sanctions", U_WORDS, 0 } }, 160, 2,
      "A [ceasefire] between the two sides came into force at dawn on Sunday \xE2\x80\xA6 Western governments said new [sanctions] would follow any breach of the agreement." },
    { "far_apart_one_fragment_only", NULL, FAR_BODY,
      { { "ceasefire sanctions", U_WORDS, 0 } }, 160, 1,
      "A [ceasefire] between the two sides came into force at dawn on Sunday, officials said. \xE2\x80\xA6" },
    { "far_apart_three_fragments_allowed", NULL, FAR_BODY,
      { { "ceasefire sanctions", U_WORDS, 0 } }, 160, 3,
      "A [ceasefire] between the two sides came into force at dawn on Sunday \xE2\x80\xA6 Western governments said new [sanctions] would follow any breach of the agreement." },
    { "near_windows_merge_into_one_fragment", NULL,
      "Farmers blocked roads near Lyon on Monday. The tariffs, which took effect in March, have "
      "angered growers across the region. Markets were calm in early trading on Monday morning, "
      "and traders said volumes were thin. Oil prices climbed after the announcement from the "
      "ministry of energy in the capital. Shares in airlines fell sharply as fuel costs rose "
      "again for the third month running. Fishermen in Brittany joined the blockade on Thursday.",
      { { "farmers tariffs growers fishermen", U_WORDS, 0 } }, 180, 3,
      "[Farmers] blocked roads near Lyon on Monday. The [tariffs], which took effect in March, have "
      "angered [growers] across the \xE2\x80\xA6 [Fishermen] in Brittany joined the blockade on Thursday." },
    { "close_matches_one_window", NULL, FAR_BODY,
      { { "ceasefire dawn", U_WORDS, 0 } }, 120, 2,
      "A [ceasefire] between the two sides came into force at [dawn] on Sunday, officials said. \xE2\x80\xA6" },
    { "distinct_units_beat_repeats", NULL, REPEAT_BODY,
      { { "tax budget", U_WORDS, 0 } }, 100, 1,
      "\xE2\x80\xA6The [tax] changes form part of a wider [budget] that will be published next month." },
    { "repeats_beat_single_occurrence", NULL,
      "The budget was published on Tuesday after a long delay. Ministers spent the rest of "
      "the week defending its assumptions in several interviews on radio and television. "
      "Critics said the budget would hurt the poor and that the budget rules were broken.",
      { { "budget", U_WORDS, 0 } }, 80, 1,
      "\xE2\x80\xA6" "Critics said the [budget] would hurt the poor and that the [budget] rules were\xE2\x80\xA6" },
    { "rarer_unit_preferred", NULL, WEIGHT_BODY,
      { { "government", U_WORDS, 0.2 }, { "Zelensky", U_WORDS, 3.0 } }, 90, 1,
      "\xE2\x80\xA6Separately, [Zelensky] is due to visit London for talks later this week." },
    { "equal_weights_tie_goes_to_lead", NULL, WEIGHT_BODY,
      { { "government Zelensky", U_WORDS, 0 } }, 90, 1,
      "The [government] announced a review of its foreign policy on Monday. \xE2\x80\xA6" },
    { "title_units_count_less", "Government review", WEIGHT_BODY,
      { { "government Zelensky", U_WORDS, 0 } }, 90, 1,
      "\xE2\x80\xA6Separately, [Zelensky] is due to visit London for talks later this week." },
    { "headline_only_gives_lead", "Ceasefire agreed", FAR_REST,
      { { "ceasefire", U_WORDS, 0 } }, 120, 2,
      "Residents of the northern districts returned to their homes to inspect the damage. \xE2\x80\xA6" },
    { "no_match_gives_lead", NULL, FAR_BODY,
      { { "earthquake", U_WORDS, 0 } }, 100, 2,
      "A ceasefire between the two sides came into force at dawn on Sunday, officials said. \xE2\x80\xA6" },
    { "no_units_gives_lead", NULL, FAR_BODY, { { NULL, 0, 0 } }, 100, 2,
      "A ceasefire between the two sides came into force at dawn on Sunday, officials said. \xE2\x80\xA6" },
    { "very_short_article", NULL, "Markets rose.",
      { { "markets", U_WORDS, 0 } }, 200, 2, "[Markets] rose." },
    { "whitespace_collapsed", NULL,
      "  Markets\n\n  fell\tsharply.\r\nThe  ceasefire   held.\n",
      { { "ceasefire", U_WORDS, 0 } }, 200, 1,
      "Markets fell sharply. The [ceasefire] held." },
    { "whitespace_collapsed_in_window", NULL,
      "Markets\n\nfell sharply on Monday.\n\n\nThe ceasefire\t\theld    overnight, and\n\n"
      "traders bought shares in airlines, hotels and banks across the region.",
      { { "ceasefire overnight", U_WORDS, 0 } }, 60, 1,
      "\xE2\x80\xA6The [ceasefire] held [overnight], and traders bought shares in\xE2\x80\xA6" },
    { "non_ascii_whole", NULL,
      "Le caf\xC3\xA9 co\xC3\xBBte \xC2\xA3" "3.50 \xC3\xA0 Z\xC3\xBCrich \xF0\x9F\x8E\x89 \xE6\x9D\xB1\xE4\xBA\xAC",
      { { "caf\xC3\xA9 zurich Z\xC3\xBCRICH", U_WORDS, 0 } }, 200, 1,
      "Le [caf\xC3\xA9] co\xC3\xBBte \xC2\xA3" "3.50 \xC3\xA0 [Z\xC3\xBCrich] \xF0\x9F\x8E\x89 \xE6\x9D\xB1\xE4\xBA\xAC" },
    { "accents_kept_distinct", NULL,
      "The r\xC3\xA9sum\xC3\xA9 and the resume were both filed.",
      { { "r\xC3\xA9sum\xC3\xA9", U_WORDS, 0 } }, 200, 1,
      "The [r\xC3\xA9sum\xC3\xA9] and the resume were both filed." },
    { "non_ascii_cut", NULL,
      "\xC2\xAB" "Bient\xC3\xB4t\xC2\xBB, dit le pr\xC3\xA9sident. Les \xC3\xA9lecteurs de "
      "Montr\xC3\xA9" "al ont vot\xC3\xA9 pour le na\xC3\xAF" "f candidat \xE2\x80\x94 "
      "un caf\xC3\xA9 co\xC3\xBBte \xE2\x82\xAC" "4 \xF0\x9F\x98\x80 et les march\xC3\xA9s "
      "ont r\xC3\xA9" "agi tr\xC3\xA8s vite \xC3\xA0 la nouvelle du scrutin.",
      { { "caf\xC3\xA9", U_WORDS, 0 } }, 50, 1,
      "\xE2\x80\xA6un [caf\xC3\xA9] co\xC3\xBBte \xE2\x82\xAC" "4 \xF0\x9F\x98\x80 et les march\xC3\xA9s ont r\xC3\xA9" "agi tr\xC3\xA8s\xE2\x80\xA6" },
    { "cjk_next_to_latin", NULL,
      "\xE6\x9D\xB1\xE4\xBA\xAC (Tokyo) reported strong exports to Japan's neighbours.",
      { { "Tokyo Japan", U_WORDS, 0 } }, 200, 1,
      "\xE6\x9D\xB1\xE4\xBA\xAC ([Tokyo]) reported strong exports to [Japan]'s neighbours." },
    { "html_in_article_plain_render", NULL,
      "Police said <script>alert(1)</script> appeared on the site.",
      { { "police", U_WORDS, 0 } }, 200, 1,
      "[Police] said <script>alert(1)</script> appeared on the site." },
    { "max_chars_zero", NULL, "Markets rose.", { { "markets", U_WORDS, 0 } }, 0, 1, "" },
    { "empty_body", NULL, "", { { "markets", U_WORDS, 0 } }, 200, 1, "" },
    { "blank_body", NULL, " \n\t ", { { "markets", U_WORDS, 0 } }, 200, 1, "" },
    { "tiny_budget_no_word_fits", NULL,
      "Extraordinarily long words dominate this sentence.",
      { { "sentence", U_WORDS, 0 } }, 4, 1, "" },
    { "sentence_start_snap", NULL,
      "Markets were calm in early trading on Monday morning. Oil prices climbed after the "
      "ceasefire collapsed overnight. Shares in airlines fell sharply as a result of that.",
      { { "ceasefire", U_WORDS, 0 } }, 70, 1,
      "\xE2\x80\xA6" "after the [ceasefire] collapsed overnight. Shares in airlines fell\xE2\x80\xA6" },
};

static void test_table(void **state)
{
    fixture *f = *state;
    size_t failed = 0, n = sizeof CASES / sizeof CASES[0];
    assert_true(n >= 30);
    for (size_t i = 0; i < n; i++) {
        const char *body = CASES[i].body;
        char *got = make_rendered(f, CASES[i].title, body, strlen(body), CASES[i].u,
                                  CASES[i].max_chars, CASES[i].fragments);
        if (!CASES[i].want || strcmp(got, CASES[i].want) != 0) {
            fprintf(stderr, "case %s:\n  got  \"%s\"\n  want \"%s\"\n", CASES[i].name, got,
                    CASES[i].want ? CASES[i].want : "(none)");
            failed++;
        }
        free(got);
    }
    assert_int_equal(failed, 0);
}

/* ------------------------------------------------------------------ special cases */

static const char *FILLER[] = {
    "Markets were calm in early trading on Monday morning. ",
    "Oil prices climbed after the announcement from the ministry. ",
    "Shares in airlines fell sharply as fuel costs rose again. ",
    "Analysts said the outlook for the rest of the year was uncertain. ",
    "The central bank left interest rates unchanged at its meeting. ",
};

/* ~100 KB of filler followed by tail; caller frees. */
static char *long_body(const char *tail, size_t *len)
{
    size_t cap = 110 * 1024, n = 0;
    char *b = malloc(cap);
    assert_non_null(b);
    for (size_t i = 0; n < 100 * 1024; i++) {
        const char *s = FILLER[i % 5];
        size_t l = strlen(s);
        memcpy(b + n, s, l);
        n += l;
    }
    size_t tl = strlen(tail);
    assert_true(n + tl + 1 <= cap);
    memcpy(b + n, tail, tl + 1);
    *len = n + tl;
    return b;
}

static void test_long_article_window_near_end(void **state)
{
    fixture *f = *state;
    size_t len;
    char *body = long_body("Officials confirmed the referendum will be held in May.", &len);
    uspec q[] = { { "referendum", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, "Vote", body, len, q, 80, 2);
    assert_string_equal(got, "\xE2\x80\xA6" "Officials confirmed the [referendum] will be held in May.");
    free(got);
    /* the same search again on the warm snippeter gives the same answer */
    got = make_rendered(f, "Vote", body, len, q, 80, 2);
    assert_string_equal(got, "\xE2\x80\xA6" "Officials confirmed the [referendum] will be held in May.");
    free(got);
    /* then a short body: nothing from the long one leaks in */
    uspec q2[] = { { "markets", U_WORDS, 0 }, { NULL, 0, 0 } };
    got = make_rendered(f, NULL, "Markets rose.", 13, q2, 80, 2);
    assert_string_equal(got, "[Markets] rose.");
    free(got);
    free(body);
}

static void test_long_article_no_match_lead(void **state)
{
    fixture *f = *state;
    size_t len;
    char *body = long_body("The end.", &len);
    uspec q[] = { { "referendum", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, NULL, body, len, q, 120, 2);
    assert_string_equal(got, "Markets were calm in early trading on Monday morning. "
                             "Oil prices climbed after the announcement from the ministry. \xE2\x80\xA6");
    free(got);
    free(body);
}

#define THREE_BODY \
    "Farmers protested in Paris against the new tariffs on grain imports from abroad. " \
    "Markets were calm in early trading on Monday morning, and traders said volumes were thin. " \
    "Oil prices climbed after the announcement from the ministry of energy in the capital. " \
    "A drought in the south has cut the harvest by a third, the agriculture ministry said. " \
    "Shares in airlines fell sharply as fuel costs rose again for the third month running. " \
    "Analysts said the outlook for the rest of the year was uncertain at best for exporters. " \
    "Fishermen in Brittany joined the blockade on Thursday."

static size_t count_str(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_three_fragments(void **state)
{
    fixture *f = *state;
    uspec q[] = { { "tariffs drought fishermen", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, NULL, THREE_BODY, strlen(THREE_BODY), q, 210, 3);
    assert_int_equal(count_str(got, " \xE2\x80\xA6 "), 2);
    assert_non_null(strstr(got, "[tariffs]"));
    assert_non_null(strstr(got, "[drought]"));
    assert_non_null(strstr(got, "[Fishermen]"));
    /* text order */
    assert_true(strstr(got, "[tariffs]") < strstr(got, "[drought]"));
    assert_true(strstr(got, "[drought]") < strstr(got, "[Fishermen]"));
    free(got);
    /* two fragments allowed: two of the three units, still in text order */
    got = make_rendered(f, NULL, THREE_BODY, strlen(THREE_BODY), q, 210, 2);
    assert_int_equal(count_str(got, " \xE2\x80\xA6 "), 1);
    assert_int_equal(count_str(got, "["), 2);
    free(got);
}

/* ------------------------------------------------------------------ property test */

static int is_word_cp(unsigned cp)
{
    if (cp < 0x80)
        return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
        return 0;
    if (cp >= 0x2000 && cp <= 0x2BFF)
        return 0;      /* punctuation, currency, arrows, symbols */
    return cp < 0x1F000;
}

/* Code point before s+off (0 at the start) and at s+off (0 at the end). */
static unsigned cp_before(const char *s, size_t off)
{
    if (off == 0)
        return 0;
    size_t p = off - 1;
    while (p > 0 && is_cont((unsigned char)s[p]))
        p--;
    unsigned cp = 0;
    decode((const unsigned char *)s + p, off - p, &cp);
    return cp;
}

static unsigned cp_at(const char *s, size_t len, size_t off)
{
    unsigned cp = 0;
    if (off < len)
        decode((const unsigned char *)s + off, len - off, &cp);
    return cp;
}

/* A fragment is fine when some occurrence of it in the (collapsed) body
 * does not begin or end inside a word. */
static int fragment_on_word_edges(const char *body, const char *frag, size_t flen)
{
    size_t blen = strlen(body);
    for (size_t off = 0; off + flen <= blen; off++) {
        if (memcmp(body + off, frag, flen) != 0)
            continue;
        int bad_start = is_word_cp(cp_before(body, off)) && is_word_cp(cp_at(body, blen, off));
        int bad_end = is_word_cp(cp_before(body, off + flen)) && is_word_cp(cp_at(body, blen, off + flen));
        if (!bad_start && !bad_end)
            return 1;
    }
    return 0;
}

static void check_fragments(const char *collapsed_body, const char *text)
{
    static const char ELL[] = "\xE2\x80\xA6", JOIN[] = " \xE2\x80\xA6 ";
    const char *p = text, *end = text + strlen(text);
    if ((size_t)(end - p) >= 3 && memcmp(p, ELL, 3) == 0)
        p += 3;
    if ((size_t)(end - p) >= 3 && memcmp(end - 3, ELL, 3) == 0)
        end -= 3;
    while (p < end) {
        const char *j = strstr(p, JOIN);
        const char *fe = j && j < end ? j : end;
        if (!fragment_on_word_edges(collapsed_body, p, (size_t)(fe - p))) {
            fprintf(stderr, "fragment not on word edges: \"%.*s\"\n", (int)(fe - p), p);
            fail();
        }
        p = fe == end ? end : fe + 5;
    }
}

static void check_span_edges(const nx_snippet *s)
{
    for (size_t i = 0; i < s->nspans; i++) {
        unsigned before = cp_before(s->text, s->spans[i].start);
        unsigned after = cp_at(s->text, s->len, s->spans[i].end);
        assert_false(is_word_cp(before));
        assert_false(is_word_cp(after));
    }
}

static const char PROP_BODY[] =
    "\xC2\xAB" "Bient\xC3\xB4t\xC2\xBB, dit le pr\xC3\xA9sident.\n\nLes \xC3\xA9lecteurs de "
    "Montr\xC3\xA9" "al ont vot\xC3\xA9 \xE2\x80\x94 un caf\xC3\xA9 co\xC3\xBBte \xE2\x82\xAC" "4 "
    "\xF0\x9F\x98\x80 et les march\xC3\xA9s ont r\xC3\xA9" "agi.  Prime Minister Keir Starmer's "
    "plan for \xE6\x9D\xB1\xE4\xBA\xAC and \xE5\x8C\x97\xE4\xBA\xAC exports: \xC2\xA3" "3.50 per\tunit, "
    "U.S. tariffs on 155,221 tonnes. The ceasefire held! Jean-Claude Juncker's caf\xC3\xA9s "
    "stayed open \xF0\x9F\x8E\x89\xF0\x9F\x8E\x89 while the ceasefires of 2024 faltered; "
    "\xE2\x80\x9CNo comment,\xE2\x80\x9D said the \xC3\xA9lecteur from Z\xC3\xBCrich.";

static void collapse(const char *in, char *out)
{
    size_t o = 0;
    int blank = 0;
    for (const char *p = in; *p; p++) {
        if (*p == ' ' || *p == '\n' || *p == '\t') {
            if (!blank)
                out[o++] = ' ';
            blank = 1;
        } else {
            out[o++] = *p;
            blank = 0;
        }
    }
    out[o] = '\0';
}

static void test_property_random_cuts(void **state)
{
    fixture *f = *state;
    char collapsed[sizeof PROP_BODY];
    collapse(PROP_BODY, collapsed);
    uspec q[] = { { "caf\xC3\xA9 ceasefire tariffs", U_WORDS, 0 }, { "Keir Starmer", U_NAME, 0 },
                  { "Jean-Claude Juncker", U_NAME, 0 }, { NULL, 0, 0 } };
    unitset us;
    build_units(f->st, q, &us);
    unsigned seed = 12345;
    size_t nonempty = 0;
    for (unsigned iter = 0; iter < 600; iter++) {
        seed = seed * 1103515245u + 12345u;
        unsigned max_chars = iter < 300 ? iter : (seed >> 8) % 420;
        unsigned frags = 1 + (seed >> 20) % 3;
        nx_snippet s;
        assert_int_equal(nx_snippet_make(f->sn, NULL, PROP_BODY, strlen(PROP_BODY), us.u, us.n,
                                         max_chars, frags, &s), NX_OK);
        check_invariants(&s, max_chars);
        check_fragments(collapsed, s.text);
        check_span_edges(&s);
        if (s.len)
            nonempty++;
        char *html = NULL;
        assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_HTML, NULL, NULL, &html), NX_OK);
        assert_true(u8_chars(html, strlen(html)) != (size_t)-1);
        free(html);
        nx_snippet_clear(&s);
    }
    assert_true(nonempty > 500);
    /* the body fits whole at 300 chars: every unit highlighted once or more */
    nx_snippet s;
    assert_int_equal(nx_snippet_make(f->sn, NULL, PROP_BODY, strlen(PROP_BODY), us.u, us.n, 1000, 2, &s), NX_OK);
    char *out = NULL;
    assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_PLAIN, NULL, NULL, &out), NX_OK);
    assert_string_equal(s.text, collapsed);
    assert_non_null(strstr(out, "[Keir Starmer]'s"));
    assert_non_null(strstr(out, "[Jean-Claude Juncker]'s"));
    assert_non_null(strstr(out, "un [caf\xC3\xA9]"));
    assert_non_null(strstr(out, "[caf\xC3\xA9s]"));
    assert_non_null(strstr(out, "the [ceasefires] of"));
    free(out);
    nx_snippet_clear(&s);
    free_units(&us);
}

/* ------------------------------------------------------------------ rendering snippets */

static void test_html_render_is_inert(void **state)
{
    fixture *f = *state;
    const char *body = "Police said <script>alert(1)</script> appeared on the site & \"vanished\".";
    uspec q[] = { { "script police", U_WORDS, 0 }, { NULL, 0, 0 } };
    unitset us;
    build_units(f->st, q, &us);
    nx_snippet s;
    assert_int_equal(nx_snippet_make(f->sn, NULL, body, strlen(body), us.u, us.n, 200, 1, &s), NX_OK);
    char *html = NULL;
    assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_HTML, "[", "]", &html), NX_OK);
    assert_string_equal(html, "<mark>Police</mark> said &lt;<mark>script</mark>&gt;alert(1)&lt;/"
                              "<mark>script</mark>&gt; appeared on the site &amp; &quot;vanished&quot;.");
    free(html);
    char *ansi = NULL;
    assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_ANSI, NULL, NULL, &ansi), NX_OK);
    assert_string_equal(ansi, "\033[1;33mPolice\033[0m said <\033[1;33mscript\033[0m>alert(1)</"
                              "\033[1;33mscript\033[0m> appeared on the site & \"vanished\".");
    free(ansi);
    char *plain = NULL;
    assert_int_equal(nx_render_highlight(s.text, s.spans, s.nspans, NX_HL_PLAIN, "<<", ">>", &plain), NX_OK);
    assert_string_equal(plain, "<<Police>> said <<<script>>>alert(1)</<<script>>> appeared on the site & \"vanished\".");
    free(plain);
    nx_snippet_clear(&s);
    free_units(&us);
}

/* ------------------------------------------------------------------ odd input */

static void test_invalid_arguments(void **state)
{
    fixture *f = *state;
    nx_snippet s;
    nx_match_unit u = { .n = 0, .keys = NULL, .weight = 1.0 };
    assert_int_equal(nx_snippet_make(f->sn, NULL, "x", 1, NULL, 0, 10, 1, NULL), NX_ERR_INVALID);
    assert_int_equal(nx_snippet_make(NULL, NULL, "x", 1, NULL, 0, 10, 1, &s), NX_ERR_INVALID);
    assert_null(s.text);
    assert_int_equal(nx_snippet_make(f->sn, NULL, NULL, 5, NULL, 0, 10, 1, &s), NX_ERR_INVALID);
    assert_int_equal(nx_snippet_make(f->sn, NULL, "x", 1, NULL, 3, 10, 1, &s), NX_ERR_INVALID);
    /* a unit without keys is ignored, not a crash */
    assert_int_equal(nx_snippet_make(f->sn, NULL, "Markets rose.", 13, &u, 1, 10, 1, &s), NX_OK);
    assert_string_equal(s.text, "Markets\xE2\x80\xA6");
    nx_snippet_clear(&s);
    nx_snippet_clear(NULL);
    nx_snippeter *sn = (nx_snippeter *)1;
    assert_int_equal(nx_snippeter_new(NULL, &sn), NX_ERR_INVALID);
    assert_null(sn);
    assert_int_equal(nx_snippeter_new(f->st, NULL), NX_ERR_INVALID);
    nx_snippeter_free(NULL);
}

static void test_body_length_respected(void **state)
{
    fixture *f = *state;
    /* exact-size buffer without a NUL: ASan catches any read past it */
    const char *src = "Markets rose. The ceasefire held.";
    char *body = malloc(13);
    assert_non_null(body);
    memcpy(body, src, 13);
    uspec q[] = { { "ceasefire markets", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, NULL, body, 13, q, 200, 1);
    assert_string_equal(got, "[Markets] rose.");
    free(got);
    got = make_rendered(f, NULL, body, 13, q, 10, 1);
    assert_string_equal(got, "[Markets]\xE2\x80\xA6");
    free(got);
    free(body);
}

static void test_invalid_utf8_body(void **state)
{
    fixture *f = *state;
    const char *body = "\xFF\xFEThe \xC3 ceasefire\x01held \xE2\x82 overnight \xED\xA0\x80 end";
    uspec q[] = { { "ceasefire overnight", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, NULL, body, strlen(body), q, 200, 1);
    assert_string_equal(got, "The [ceasefire] held [overnight] end");
    free(got);
    got = make_rendered(f, NULL, body, strlen(body), q, 22, 1);
    assert_true(u8_chars(got, strlen(got)) != (size_t)-1);
    assert_non_null(strstr(got, "[ceasefire]"));
    free(got);
}

static void test_tokenless_body(void **state)
{
    fixture *f = *state;
    char body[4 * 40 + 1];
    for (int i = 0; i < 40; i++)
        memcpy(body + 4 * i, "\xF0\x9F\x8E\x89", 4);
    body[160] = '\0';
    uspec q[] = { { "party", U_WORDS, 0 }, { NULL, 0, 0 } };
    char *got = make_rendered(f, NULL, body, 160, q, 5, 1);
    assert_string_equal(got, "\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89\xF0\x9F\x8E\x89\xE2\x80\xA6");
    free(got);
    got = make_rendered(f, NULL, body, 160, q, 40, 1);
    assert_string_equal(got, body);
    free(got);
}

/* Arbitrary bytes (biased towards UTF-8 fragments, blanks and words that
 * match): never a crash, always valid UTF-8 within the budget. */
static void test_random_bytes(void **state)
{
    fixture *f = *state;
    static const char *pieces[] = { "tax ", "Tax's ", "\xC3\xA9", "\xC3", "\xE2\x80", "\xF0\x9F\x8E\x89",
                                    "\n\n", "\t", ". ", "-", "'", "\xFF", "\x00", "U.S. ", "prime minister ",
                                    "\xE6\x9D\xB1", "<b>", "155,221 " };
    static const size_t plen[] = { 4, 6, 2, 1, 2, 4, 2, 1, 2, 1, 1, 1, 1, 5, 15, 3, 3, 8 };
    uspec q[] = { { "tax", U_WORDS, 0 }, { "prime minister", U_PHRASE, 2.0 }, { NULL, 0, 0 } };
    unitset us;
    build_units(f->st, q, &us);
    unsigned seed = 777;
    char *body = malloc(2048);
    assert_non_null(body);
    for (unsigned iter = 0; iter < 400; iter++) {
        size_t len = 0;
        seed = seed * 1103515245u + 12345u;
        size_t npieces = (seed >> 16) % 120;
        for (size_t i = 0; i < npieces; i++) {
            seed = seed * 1103515245u + 12345u;
            size_t k = (seed >> 16) % (sizeof pieces / sizeof pieces[0]);
            memcpy(body + len, pieces[k], plen[k]);
            len += plen[k];
        }
        seed = seed * 1103515245u + 12345u;
        unsigned max_chars = (seed >> 16) % 160;
        nx_snippet s;
        assert_int_equal(nx_snippet_make(f->sn, iter % 2 ? "Tax" : NULL, body, len, us.u, us.n,
                                         max_chars, 1 + iter % 3, &s), NX_OK);
        check_invariants(&s, max_chars);
        nx_snippet_clear(&s);
    }
    free(body);
    free_units(&us);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_table, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_article_window_near_end, setup, teardown),
        cmocka_unit_test_setup_teardown(test_long_article_no_match_lead, setup, teardown),
        cmocka_unit_test_setup_teardown(test_three_fragments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_property_random_cuts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_html_render_is_inert, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_arguments, setup, teardown),
        cmocka_unit_test_setup_teardown(test_body_length_respected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_invalid_utf8_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tokenless_body, setup, teardown),
        cmocka_unit_test_setup_teardown(test_random_bytes, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * fuzz_snippet.c — snippets (searcher/snippet.c) on any body and any
 * match units.  The input is "units\ntitle\nbody": units are separated by
 * '|', each is one or more words (a phrase when several); a unit written
 * "=Some Name" is exact (a name: casefolded tokens, unstemmed).  Two bytes
 * of the first line also pick the length and the fragment count.
 *
 * Checked: the snippet is valid UTF-8 of the length it says, no longer
 * than asked for (the ellipses included), and its spans lie inside it, in
 * order, without overlap.
 *
 * The units are nx_match_unit values (searcher/query.h) built here in a
 * few lines, so a change of that struct is one place to follow.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "analysis/stem.h"
#include "analysis/tokenize.h"
#include "lib/core.h"
#include "searcher/snippet.h"

#define FZ_MAX_UNITS 16
#define FZ_MAX_KEYS 8

static nx_stemmer *stemmer;
static nx_snippeter *snippeter;

static void free_all(void)
{
    nx_snippeter_free(snippeter);
    nx_stemmer_free(stemmer);
}

/* Appends one unit made of the words of s[0..len). */
static void add_unit(const char *s, size_t len, nx_match_unit *u, size_t *nu, nx_toklist *tl)
{
    int exact = len && s[0] == '=';
    if (exact)
        s++, len--;
    if (nx_tokenize(s, len, tl) != NX_OK)
        fz_fail("nx_tokenize failed");
    if (!tl->n || *nu == FZ_MAX_UNITS)
        return;
    nx_match_unit *m = &u[(*nu)++];
    m->n = tl->n < FZ_MAX_KEYS ? tl->n : FZ_MAX_KEYS;
    m->keys = calloc(m->n, sizeof *m->keys);
    m->exact = exact;
    m->weight = 1.0 + (double)(*nu % 3);
    for (size_t i = 0; i < m->n; i++) {
        const char *norm = nx_tok_text(tl, i);
        const char *key = exact ? norm : nx_term_for_token(stemmer, norm, tl->tok[i].norm_len,
                                                          tl->tok[i].flags, NULL);
        if (!m->keys || !key || !(m->keys[i] = strdup(key)))
            fz_fail("out of memory building a unit");
    }
}

static size_t utf8_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!stemmer) {
        if (nx_stemmer_new("english", &stemmer, NULL) != NX_OK ||
            nx_snippeter_new(stemmer, &snippeter) != NX_OK)
            fz_fail("cannot make a stemmer and a snippeter");
        atexit(free_all);
    }
    /* A stored body is valid UTF-8 without NUL (the record is built from
     * what the loader gave), so the snippet sees that too. */
    char *in = fz_strndup(data, size, 1);
    char *nl1 = strchr(in, '\n');
    char *nl2 = nl1 ? strchr(nl1 + 1, '\n') : NULL;
    const char *units_s = in, *title = NULL, *body = "";
    size_t units_len = strlen(in);
    if (nl1) {
        units_len = (size_t)(nl1 - in);
        *nl1 = '\0';
        body = nl1 + 1;
        if (nl2) {
            *nl2 = '\0';
            title = nl1 + 1;
            body = nl2 + 1;
        }
    }
    unsigned max_chars = units_len > 0 ? (unsigned char)units_s[0] * 2u : 200u;
    unsigned frags = units_len > 1 ? (unsigned char)units_s[1] % 10u : 2u;

    nx_match_unit units[FZ_MAX_UNITS] = { 0 };
    size_t nunits = 0;
    nx_toklist tl;
    nx_toklist_init(&tl);
    for (const char *p = units_s, *end = units_s + units_len; p < end;) {
        const char *bar = memchr(p, '|', (size_t)(end - p));
        size_t n = bar ? (size_t)(bar - p) : (size_t)(end - p);
        add_unit(p, n, units, &nunits, &tl);
        p += n + 1;
    }
    nx_toklist_free(&tl);

    nx_snippet sn;
    size_t body_len = strlen(body);
    nx_status st = nx_snippet_make(snippeter, title, body, body_len, units, nunits, max_chars,
                                   frags, &sn);
    if (st != NX_OK)
        fz_fail("nx_snippet_make returned %s", nx_status_name(st));
    if (!sn.text || strlen(sn.text) != sn.len || !nx_utf8_valid(sn.text, sn.len, NULL))
        fz_fail("the snippet is not a valid string of its length");
    if (utf8_chars(sn.text, sn.len) > max_chars)
        fz_fail("a snippet of %zu characters for a limit of %u", utf8_chars(sn.text, sn.len),
                max_chars);
    for (size_t i = 0; i < sn.nspans; i++) {
        const nx_span *s = &sn.spans[i];
        if (s->start >= s->end || s->end > sn.len || (i && s->start < sn.spans[i - 1].end))
            fz_fail("span %zu [%zu,%zu) in a snippet of %zu bytes", i, s->start, s->end, sn.len);
    }
    nx_snippet_clear(&sn);
    for (size_t u = 0; u < nunits; u++) {
        for (size_t k = 0; k < units[u].n; k++)
            free(units[u].keys[k]);
        free(units[u].keys);
    }
    free(in);
    return 0;
}

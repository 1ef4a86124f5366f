/*
 * fuzz_tokenize.c — the tokenizer and name recognition
 * (analysis/tokenize.c, names.c) and case folding on any bytes: spans
 * stay inside the input, in order, positions consecutive, normalised
 * forms valid UTF-8 within the length limit; names cover whole tokens.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "analysis/names.h"
#include "analysis/tokenize.h"
#include "lib/core.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* Raw bytes on purpose: the tokenizer takes UTF-8 "of any quality". */
    const char *text = (const char *)data;
    nx_toklist tl;
    nx_toklist_init(&tl);
    if (nx_tokenize(text, size, &tl) != NX_OK)
        fz_fail("nx_tokenize failed");
    size_t prev_end = 0;
    for (size_t i = 0; i < tl.n; i++) {
        const nx_token *t = &tl.tok[i];
        if (t->start >= t->end || t->end > size || t->start < prev_end)
            fz_fail("token %zu spans [%zu,%zu) after %zu in %zu bytes", i, t->start, t->end,
                    prev_end, size);
        if (t->pos != i)
            fz_fail("token %zu has position %u", i, t->pos);
        const char *norm = nx_tok_text(&tl, i);
        if (t->norm_len == 0 || t->norm_len > NX_TOK_MAX_BYTES || strlen(norm) != t->norm_len ||
            !nx_utf8_valid(norm, t->norm_len, NULL))
            fz_fail("token %zu has a bad normalised form", i);
        prev_end = t->end;
    }
    nx_namelist nl;
    nx_namelist_init(&nl);
    if (nx_find_names(text, size, &tl, &nl) != NX_OK)
        fz_fail("nx_find_names failed");
    for (size_t i = 0; i < nl.n; i++) {
        const nx_name *n = &nl.v[i];
        if (!n->ntok || n->first_tok + n->ntok > tl.n || n->start >= n->end || n->end > size)
            fz_fail("name %zu is out of its text", i);
        if (!*nx_name_key(&nl, i) || !*nx_name_display(&nl, i))
            fz_fail("name %zu has an empty key or display form", i);
    }
    char *folded = NULL;
    size_t flen = 0;
    if (nx_casefold(text, size, &folded, &flen) != NX_OK)
        fz_fail("nx_casefold failed");
    /* A NUL is a valid code point and is kept, so only the length is sure. */
    if ((!memchr(text, 0, size) && strlen(folded) != flen) || !nx_utf8_valid(folded, flen, NULL))
        fz_fail("nx_casefold gave a bad string");
    free(folded);
    nx_namelist_free(&nl);
    nx_toklist_free(&tl);
    return 0;
}

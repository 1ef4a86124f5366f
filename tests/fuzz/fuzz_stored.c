/*
 * fuzz_stored.c — the stored-record decoder (lib/stored.c) on any bytes,
 * and the encoder against it: fields cut from the input at 0x1E bytes
 * (lists split further at 0x1F) are encoded, decoded, and must come back
 * as they went in.  A record that is not valid UTF-8 is refused by the
 * encoder (NULL), which is fine.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "lib/stored.h"

#define FZ_PIECES (NX_NFIELDS + 5)
#define FZ_MAX_ITEMS 8

static void decode_raw(const uint8_t *data, size_t size)
{
    char *copy = malloc(size ? size : 1);
    if (!copy)
        fz_fail("out of memory");
    if (size)
        memcpy(copy, data, size);
    nx_stored s;
    nx_status st = nx_stored_decode(copy, size, &s);   /* takes copy */
    if (st == NX_OK) {
        for (int f = 0; f < NX_NFIELDS; f++)
            if (s.field[f])
                (void)strlen(s.field[f]);
        for (int l = 0; l < NX_NLISTS; l++)
            for (size_t i = 0; i < s.nlist[l]; i++)
                (void)strlen(s.list[l][i]);
        for (size_t i = 0; i < s.nlist[NX_LIST_NAMES]; i++) {
            const char *k = nx_stored_name_key(&s, i);
            if (k)
                (void)strlen(k);
        }
        nx_stored_clear(&s);
    } else if (st != NX_ERR_CORRUPT) {
        fz_fail("nx_stored_decode returned %s", nx_status_name(st));
    }
}

static size_t split(char *s, char sep, char **out, size_t max)
{
    size_t n = 0;
    for (char *p = s; n < max;) {
        out[n++] = p;
        char *q = strchr(p, sep);
        if (!q)
            break;
        *q = '\0';
        p = q + 1;
    }
    return n;
}

static int same(const char *a, const char *b)
{
    return (!a || !*a) ? (!b || !*b) : (b && !strcmp(a, b));
}

static void round_trip(const uint8_t *data, size_t size)
{
    char *in = fz_strndup(data, size, 0);
    char *piece[FZ_PIECES] = { 0 };
    split(in, '\x1e', piece, FZ_PIECES);
    const char *f[NX_NFIELDS];
    for (int i = 0; i < NX_NFIELDS; i++)
        f[i] = piece[i];
    char *items[5][FZ_MAX_ITEMS];
    size_t nitems[5] = { 0 };
    for (int l = 0; l < 5; l++)
        if (piece[NX_NFIELDS + l])
            nitems[l] = split(piece[NX_NFIELDS + l], '\x1f', items[l], FZ_MAX_ITEMS);
    /* names and their keys: the keys are the names reversed in order. */
    const char *keys[FZ_MAX_ITEMS];
    for (size_t i = 0; i < nitems[4]; i++)
        keys[i] = items[4][nitems[4] - 1 - i];
    nx_article a = {
        .id = f[NX_FIELD_ID], .title = f[NX_FIELD_TITLE], .body = f[NX_FIELD_BODY],
        .byline = f[NX_FIELD_BYLINE], .dateline = f[NX_FIELD_DATELINE], .date = f[NX_FIELD_DATE],
        .source = f[NX_FIELD_SOURCE], .section = f[NX_FIELD_SECTION], .url = f[NX_FIELD_URL],
        .path = f[NX_FIELD_PATH],
        .tags = (const char *const *)items[0], .n_tags = nitems[0],
        .people = (const char *const *)items[1], .n_people = nitems[1],
        .places = (const char *const *)items[2], .n_places = nitems[2],
        .orgs = (const char *const *)items[3], .n_orgs = nitems[3],
    };
    size_t len = 0;
    char *rec = nx_stored_encode(&a, NULL, (const char *const *)items[4], keys, NULL, nitems[4], &len);
    if (rec) {
        nx_stored s;
        if (nx_stored_decode(rec, len, &s) != NX_OK)
            fz_fail("a record just encoded does not decode");
        for (int i = 0; i < NX_NFIELDS; i++)
            if (!same(f[i], s.field[i]))
                fz_fail("field %d changed in a round trip", i);
        for (int l = 0; l < 5; l++) {
            if (s.nlist[l] > nitems[l])
                fz_fail("list %d grew in a round trip", l);
            for (size_t i = 0, j = 0; i < nitems[l]; i++) {
                if (!*items[l][i])
                    continue;   /* empty items are not stored */
                if (j >= s.nlist[l] || strcmp(items[l][i], s.list[l][j++]))
                    fz_fail("item %zu of list %d changed in a round trip", i, l);
            }
        }
        nx_stored_clear(&s);
    }
    free(in);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    decode_raw(data, size);
    round_trip(data, size);
    return 0;
}

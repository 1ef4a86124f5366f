/*
 * dupcheck.c — nxdupcheck DB [SAMPLES]: how many copy groups (issue 22,
 * indexer/dupgroup.h) a newsidx database holds, checked against an
 * independent grouping: articles whose headline and body are
 * byte-identical must share one group.  Prints the counts and SAMPLES
 * (default 12) groups that hold near copies (not all byte-identical), each
 * member with its id, headline, length and how many MinHash values it
 * shares with the group's first member, for checking by hand.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/dupsig.h"
#include "lib/core.h"
#include "lib/schema.h"
#include "lib/stored.h"
#include "xapian-c.h"

typedef struct art {
    char key[17];          /* NX_SLOT_DUPGROUP */
    uint64_t bytes;        /* hash of headline + body as stored */
    nx_dupshort sig;
    int has_sig;
    char *id, *title;
    size_t len;
} art;

static int by_key(const void *a, const void *b)
{
    const art *x = *(const art *const *)a, *y = *(const art *const *)b;
    int c = strcmp(x->key, y->key);
    return c ? c : strcmp(x->id, y->id);
}

static int by_bytes(const void *a, const void *b)
{
    const art *x = *(const art *const *)a, *y = *(const art *const *)b;
    return x->bytes < y->bytes ? -1 : x->bytes > y->bytes;
}

static char *value(xc_doc *d, unsigned slot, size_t *len)
{
    char *v = NULL;
    *len = 0;
    if (xc_doc_get_value(d, slot, &v, len) != XC_OK)
        return NULL;
    return v;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: nxdupcheck DB [SAMPLES]\n");
        return 2;
    }
    int samples = argc > 2 ? atoi(argv[2]) : 12;
    xc_db *db = NULL;
    xc_docid last = 0;
    if (xc_db_open(argv[1], &db) != XC_OK || xc_db_get_lastdocid(db, &last) != XC_OK) {
        fprintf(stderr, "nxdupcheck: %s: %s\n", argv[1], xc_errmsg());
        return 1;
    }
    art *v = calloc(last ? last : 1, sizeof *v);
    art **p = calloc(last ? last : 1, sizeof *p);
    size_t n = 0, nokey = 0;
    for (xc_docid id = 1; id <= last; id++) {
        xc_doc *d = NULL;
        if (xc_db_get_document(db, id, &d) != XC_OK)
            continue;
        size_t klen, slen, rlen;
        char *k = value(d, NX_SLOT_DUPGROUP, &klen), *s = value(d, NX_SLOT_DUPSIG, &slen);
        char *r = value(d, NX_SLOT_RECORD, &rlen);
        nx_stored st;
        memset(&st, 0, sizeof st);
        if (r && rlen && nx_stored_decode(r, rlen, &st) == NX_OK) {
            art *a = &v[n++];
            const char *t = st.field[NX_FIELD_TITLE], *b = st.field[NX_FIELD_BODY];
            snprintf(a->key, sizeof a->key, "%.*s", (int)(klen < 16 ? klen : 16), k ? k : "");
            nokey += klen == 0;
            uint64_t h1 = nx_fnv1a(t ? t : "", t ? strlen(t) : 0), h2 = nx_fnv1a(b ? b : "", b ? strlen(b) : 0);
            a->bytes = h1 * 1099511628211ULL ^ h2;
            a->has_sig = s && slen >= NX_DUPSHORT_BYTES &&
                         nx_dupshort_decode((const unsigned char *)s, NX_DUPSHORT_BYTES, &a->sig);
            a->id = strdup(st.field[NX_FIELD_ID] ? st.field[NX_FIELD_ID] : "?");
            a->title = strdup(t ? t : "");
            a->len = b ? strlen(b) : 0;
            nx_stored_clear(&st);
        } else
            xc_free(r);
        xc_free(k);
        xc_free(s);
        xc_doc_free(d);
    }
    for (size_t i = 0; i < n; i++)
        p[i] = &v[i];

    /* Byte-identical sets, and whether each is in one group. */
    qsort(p, n, sizeof *p, by_bytes);
    size_t ident_sets = 0, ident_arts = 0, split = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && p[j]->bytes == p[i]->bytes)
            j++;
        if (j - i > 1) {
            ident_sets++;
            ident_arts += j - i;
            for (size_t k = i + 1; k < j; k++)
                if (strcmp(p[k]->key, p[i]->key)) {
                    split++;
                    printf("SPLIT: byte-identical %s and %s are in groups %s and %s\n", p[i]->id,
                           p[k]->id, p[i]->key, p[k]->key);
                    break;
                }
        }
        i = j;
    }

    /* Copy groups. */
    qsort(p, n, sizeof *p, by_key);
    size_t groups = 0, grouped = 0, near_groups = 0, near_arts = 0, biggest = 0;
    int shown = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && !strcmp(p[j]->key, p[i]->key))
            j++;
        if (j - i > 1 && p[i]->key[0]) {
            groups++;
            grouped += j - i;
            if (j - i > biggest)
                biggest = j - i;
            int all_same = 1;
            for (size_t k = i + 1; k < j; k++)
                all_same &= p[k]->bytes == p[i]->bytes;
            if (!all_same) {
                near_groups++;
                near_arts += j - i;
                if (shown < samples) {
                    shown++;
                    printf("\nnear-copy group %s (%zu articles):\n", p[i]->key, j - i);
                    for (size_t k = i; k < j && k < i + 6; k++)
                        printf("  %-14s %5zu bytes  %2u/16  %s\n", p[k]->id, p[k]->len,
                               p[k]->has_sig && p[i]->has_sig ? nx_dupshort_equal(&p[k]->sig, &p[i]->sig) : 0,
                               p[k]->title);
                }
            }
        }
        i = j;
    }
    printf("\narticles: %zu (without a group key: %zu)\n", n, nokey);
    printf("byte-identical sets: %zu (%zu articles); split across groups: %zu\n", ident_sets, ident_arts, split);
    printf("groups of two or more: %zu (%zu articles, largest %zu); with near copies: %zu (%zu articles)\n",
           groups, grouped, biggest, near_groups, near_arts);
    printf("a search shows each group once: %zu fewer results over the whole archive\n", grouped - groups);
    for (size_t i = 0; i < n; i++) {
        free(v[i].id);
        free(v[i].title);
    }
    free(v);
    free(p);
    xc_db_close(db);
    return split ? 1 : 0;
}

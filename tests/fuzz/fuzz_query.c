/*
 * fuzz_query.c — the query language on any string, through the public
 * API only (nx_search on the small database of fz_index), so the parser's
 * internals can change freely underneath.
 *
 * Checked: a query either runs (NX_OK) or is refused as not understood
 * (NX_ERR_QUERY with a message); the counts are consistent (a page no
 * longer than asked, a total no smaller than what is shown, ranks
 * 1, 2, ..., percentages 0..100).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    nx_index *ix = fz_index();
    /* Raw bytes: a user can type anything; a C string ends at a NUL. */
    char *q = fz_strndup(data, size, 0);
    nx_search_opts o;
    nx_search_opts_init(&o);
    o.snippet_length = 0;
    o.limit = 5;
    nx_results *r = NULL;
    nx_status st = nx_search(ix, q, &o, &r);
    if (st == NX_OK) {
        fz_check_page(r, &o);
    } else if (st != NX_ERR_QUERY || !*nx_index_errmsg(ix)) {
        fz_fail("nx_search returned %s: %s", nx_status_name(st), nx_index_errmsg(ix));
    }
    nx_results_free(r);
    free(q);
    return 0;
}

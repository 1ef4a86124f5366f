/*
 * dates.c — nx_index_dates: how many articles carry a date and the span
 * of those dates, from Xapian's value statistics on NX_SLOT_DATE (kept by
 * the backend per slot, so this reads no document).  The CLI uses it to
 * say why a date filter found nothing.
 */
#include <stdio.h>
#include <string.h>

#include "lib/date.h"
#include "lib/schema.h"
#include "searcher/index_internal.h"

/* "YYYYMMDDHHMMSS" (a NX_SLOT_DATE stamp) as "YYYY-MM-DDTHH:MM:SSZ"; ""
 * when it is no stamp (a bound Xapian could not give). */
static void stamp_to_iso(const char *s, size_t len, char *out, size_t outsz)
{
    out[0] = '\0';
    if (len != NX_DATE_STAMP - 1)
        return;
    for (size_t i = 0; i < len; i++)
        if (s[i] < '0' || s[i] > '9')
            return;
    snprintf(out, outsz, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", s, s + 4, s + 6, s + 8, s + 10, s + 12);
}

nx_status nx_index_dates(nx_index *ix, nx_dates *out)
{
    if (!ix)
        return NX_ERR_INVALID;
    ix->err[0] = '\0';
    if (!out) {
        nx_seterr(ix->err, "nx_index_dates: out is required");
        return NX_ERR_INVALID;
    }
    memset(out, 0, sizeof *out);
    nx_status st = nx_index_prepare(ix, NULL, NULL, NULL);
    if (st != NX_OK)
        return st;
    char *lo = NULL, *hi = NULL;
    size_t lolen = 0, hilen = 0;
    xc_status xs;
    for (int attempt = 0;; attempt++) {
        xs = xc_db_get_value_stats(ix->db, NX_SLOT_DATE, &out->dated, &lo, &lolen, &hi, &hilen);
        if (xs != XC_ERR_DATABASE_MODIFIED || attempt == NX_MODIFIED_RETRIES || nx_index_reopen(ix) != 0)
            break;
    }
    if (xs != XC_OK) {
        nx_seterr(ix->err, "%s: cannot read the dates: %s", ix->path, xc_errmsg());
        return nx_status_from_xc(xs);
    }
    if (out->dated) {
        stamp_to_iso(lo, lolen, out->first, sizeof out->first);
        stamp_to_iso(hi, hilen, out->last, sizeof out->last);
    }
    xc_free(lo);
    xc_free(hi);
    return NX_OK;
}

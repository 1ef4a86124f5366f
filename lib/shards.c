/*
 * shards.c — the names of lib/shards.h.
 */
#include "lib/shards.h"

#include <stdio.h>
#include <string.h>

#include "newsidx.h"
#include "lib/date.h"

void nx_shard_name_for(int by, const char *date, char out[NX_SHARD_NAME_MAX])
{
    char norm[32];
    if (date && *date && nx_normalise_date(date, norm, sizeof norm))
        snprintf(out, NX_SHARD_NAME_MAX, "%.*s", by == NX_SHARD_YEAR ? 4 : 7, norm);
    else
        snprintf(out, NX_SHARD_NAME_MAX, "%s", NX_SHARD_UNDATED);
}

int nx_shard_name_is(int by, const char *s)
{
    if (!strcmp(s, NX_SHARD_UNDATED))
        return 1;
    size_t want = by == NX_SHARD_YEAR ? 4 : 7;
    if (strlen(s) != want)
        return 0;
    for (size_t i = 0; i < want; i++)
        if (i == 4 ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
            return 0;
    return 1;
}

nx_shard_dates nx_shard_dates_of(const char *path, char *lo, char *hi)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t n = strlen(base);
    if (!strcmp(base, NX_SHARD_UNDATED))
        return NX_SHARD_NO_DATE;
    if ((n == 4 || n == 7) && nx_date_bounds(base, n, lo, hi))
        return NX_SHARD_SPAN;
    return NX_SHARD_ANY_DATE;
}

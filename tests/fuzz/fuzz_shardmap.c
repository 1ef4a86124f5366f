/*
 * fuzz_shardmap.c — the shard-map parser (searcher/shardmap.c,
 * nx_shardmap_load) on any file: the first byte picks whether the map is
 * a sharded database's own (dated names) and whether paths are relative
 * to a folder; the rest is the map.  Parsing opens nothing.
 *
 * Checked: a map that loads lists at least one shard, each either local
 * (a path) or remote (a host and a port in 1..65535), with a name; a map
 * that does not load says why.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "searcher/index_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    int dated = data[0] & 1;
    const char *basedir = data[0] & 2 ? "/srv/news" : "";
    char *path = fz_write_file("XAPIANDB", data + 1, size - 1);
    nx_index ix;
    memset(&ix, 0, sizeof ix);
    char *err = NULL;
    nx_status st = nx_shardmap_load(&ix, path, basedir, dated, &err);
    if (st == NX_OK) {
        if (!ix.nshards)
            fz_fail("a map loaded with no shard");
        for (size_t i = 0; i < ix.nshards; i++) {
            const nx_rshard *sh = &ix.shards[i];
            if (!sh->name || !*sh->name || !sh->path == !sh->host ||
                (sh->host && (!*sh->host || sh->port == 0 || sh->port > 65535)))
                fz_fail("shard %zu of a loaded map is malformed", i);
        }
    } else if (!err || !*err) {
        fz_fail("nx_shardmap_load returned %s without a message", nx_status_name(st));
    }
    free(err);
    nx_shardmap_free(&ix);
    remove(path);
    free(path);
    return 0;
}

/*
 * folders.c — the writer's scratch folders: removing a tree (a killed bulk
 * build's folder, a finished one) and the scratch database of a dry run.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "indexer/folders.h"

static int rm_entry(const char *p, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(p) == 0 || errno == ENOENT ? 0 : -1;
}

void nx_rm_tree(const char *dir)
{
    /* FTW_PHYS: a symlink inside is removed, never followed. */
    nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

char *nx_scratch_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    if (!tmp || !*tmp)
        tmp = "/tmp";
    size_t n = strlen(tmp) + sizeof "/newsidx-dry-XXXXXX";
    char *d = malloc(n);
    if (!d)
        return NULL;
    snprintf(d, n, "%s/newsidx-dry-XXXXXX", tmp);
    if (!mkdtemp(d)) {
        free(d);
        return NULL;
    }
    return d;
}

void nx_scratch_remove(char *dir)
{
    if (!dir)
        return;
    nx_rm_tree(dir);
    free(dir);
}

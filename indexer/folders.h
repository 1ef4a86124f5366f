/*
 * folders.h — the writer's scratch folders (folders.c): removing a tree
 * (a killed or finished bulk build's folder) and the scratch database of a
 * dry run.  Plain file-system work; knows nothing of databases.
 */
#ifndef NX_FOLDERS_H
#define NX_FOLDERS_H

/* Removes dir and everything below it; symlinks inside are removed, never
 * followed; a missing dir is fine. */
void nx_rm_tree(const char *dir);
/* A new empty folder under $TMPDIR (or /tmp) for a scratch database
 * (caller frees the name with nx_scratch_remove), NULL on failure. */
char *nx_scratch_dir(void);
/* Removes the folder and everything in it, then frees dir.  NULL is fine. */
void nx_scratch_remove(char *dir);

#endif

/*
 * holdlock.c — test helper: opens a newsidx database for writing through
 * the public API, prints "locked" and holds the lock until killed or until
 * the given number of seconds has passed.  Lets the end-to-end tests check
 * what a second writer sees.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "newsidx.h"

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: holdlock DB SECONDS\n");
        return 2;
    }
    nx_writer *w;
    char *err = NULL;
    nx_status st = nx_writer_open(argv[1], NULL, &w, &err);
    if (st != NX_OK) {
        fprintf(stderr, "holdlock: %s\n", err ? err : nx_status_name(st));
        nx_free(err);
        return 1;
    }
    printf("locked\n");
    fflush(stdout);
    sleep((unsigned)atoi(argv[2]));
    nx_writer_close(w);
    return 0;
}

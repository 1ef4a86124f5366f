/*
 * dupgroup.h — which story an article is a copy of, decided as it is
 * indexed, so that a search can show each story once (Xapian's collapse on
 * NX_SLOT_DUPGROUP) and list its other versions (the NX_PFX_DUPGROUP term).
 *
 * An article's signature (analysis/dupsig.h) is looked up by its band keys
 * among the articles already written: those of this run, kept in memory
 * (nx_dupgroups), and those of earlier runs, through the NX_PFX_DUPBAND
 * terms of the database the article goes to.  A near copy found there
 * (nx_dupshort_near) gives its group; the closest one wins.  Otherwise the
 * article starts a group named after its exact word-sequence hash, so two
 * byte-identical articles name the same group even when neither sees the
 * other (the workers of a bulk build share one nx_dupgroups, but shards of
 * different dates are looked up one at a time).
 *
 * What is not grouped: an article with no words (its group is its own, from
 * its id), and two dated articles more than NX_DUP_MAX_DAYS (3) apart,
 * which are different news however alike their words (recurring reports:
 * "WEEKLY ELECTRIC OUTPUT UP 3.2 PCT").  A database that was empty when this run first wrote to it is
 * not searched for bands: everything in it came through this run's
 * memory, which is faster to ask (a bulk build asks it for 21,578 Reuters
 * articles in about 0.1 s).
 *
 * Thread safety: one nx_dupgroups may be shared by threads (the bulk
 * build's workers); each call takes its lock around the memory lookup and
 * the insertion, so of two copies written at once the second finds the
 * first.  The database handle passed to nx_dup_mark is the caller's own.
 *
 * Memory: about 90 bytes per article of the run, freed with the last
 * reference.
 */
#ifndef NX_DUPGROUP_H
#define NX_DUPGROUP_H

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/tokenize.h"

typedef struct nx_dupgroups nx_dupgroups;

/* A new, empty set of this run's groups, with one reference. */
nx_status nx_dupgroups_new(nx_dupgroups **out);
/* One more reference (the caller shares g); returns g. */
nx_dupgroups *nx_dupgroups_ref(nx_dupgroups *g);
/* Drops a reference; the last one frees (NULL is fine). */
void nx_dupgroups_unref(nx_dupgroups *g);

/* Computes the signature of article a (its title and body, tokenised into
 * scratch), finds its group in g and in db (the database doc is going to,
 * may be NULL), adds the band and group terms and the two values to doc,
 * and remembers the article in g.  On failure returns the status and
 * writes a message into err (NX_ERRMSG_MAX bytes). */
nx_status nx_dup_mark(nx_dupgroups *g, nx_toklist *scratch, xc_db *db, const nx_article *a,
                      xc_doc *doc, char *err);

#endif

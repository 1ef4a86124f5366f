/*
 * weighting.h — the weighting of every ranked search, one home for the
 * BM25 parameters: search.c, the copy groups' re-ranking (versions.c) and
 * feedback's samples (feedback.c) all rank with it, so a story's versions
 * and the matches feedback learns from are weighed as the page is.
 */
#ifndef NX_WEIGHTING_H
#define NX_WEIGHTING_H

#include "xapian-c.h"

/* Sets the weighting on e, an enquire that ranks by relevance. */
xc_status nx_rank_weighting(xc_enquire *e);

#endif

/*
 * feedback.h — relevance feedback:
 * the words of a query's best matches used to rank (nx_feedback_rerank,
 * --feedback) or to widen (nx_feedback_expand, --expand) the query.
 *
 * Both take the parsed query and return a new xapian-c query that the
 * caller frees, or NULL to keep the original one: too few matches to learn
 * from, or any failure.  Feedback improves a search and is never a reason
 * to fail one; a real problem with the database shows again in the search
 * that follows.  exact is nx_search_opts.exact: the best matches learnt
 * from are then found by weighing every match (nx_check_at_least).
 */
#ifndef NX_FEEDBACK_H
#define NX_FEEDBACK_H

#include "searcher/index_internal.h"
#include "searcher/query.h"

/* Whether a relevance-ordered search re-ranks pq: when feedback
 * (nx_search_opts.feedback) is > 0; not by default, feedback.c says why.
 * Never for a query of filters alone. */
int nx_feedback_wanted(nx_index *ix, const nx_parsed_query *pq, int feedback);

/* Re-ranking: the query's own matches, re-ordered by the words most of its
 * best few matches share (searched as AND_MAYBE: the set of matches and
 * its estimated size are the query's own). */
xc_query *nx_feedback_rerank(nx_index *ix, const nx_parsed_query *pq, int exact);

/* Expansion: the query OR the words that best characterise its best
 * matches (Xapian's ESet): articles with none of the query's words can be
 * found too. */
xc_query *nx_feedback_expand(nx_index *ix, const nx_parsed_query *pq, int exact);

#endif

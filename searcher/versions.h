/*
 * versions.h — one story shown once: a page of results shows the articles
 * of one copy group (indexer/dupgroup.h, NX_SLOT_DUPGROUP) as one hit, the
 * best of them, which carries the other versions that match the same
 * search.  The total stays the number of matching articles.
 *
 * Ownership: nx_versions owns its ids; nx_versions_clear frees them.
 */
#ifndef NX_VERSIONS_H
#define NX_VERSIONS_H

#include "searcher/index_internal.h"

/* Other versions listed per hit at most; the count goes on past it. */
#define NX_VERSIONS_MAX 100

typedef struct nx_versions {
    char **ids;             /* article ids, the better-ranked first */
    size_t n;               /* ids listed */
    unsigned long count;    /* other versions matching the search */
    xc_mset *group;         /* the group's matches, which the shown version
                               may come from (nx_versions_find) */
} nx_versions;

/* The copy-group key of item k of m into key (NX_VERSIONS_KEY bytes with
 * its NUL); "" when the article has none (a database written before copy
 * groups).  Returns the status of the read. */
#define NX_VERSIONS_KEY 17
nx_status nx_versions_key(nx_index *ix, const xc_mset *m, size_t k, char *key);

/* A page of stories: the indexes, in an MSet of results from rank 0, of
 * the articles that stand for the stories of the page. */
typedef struct nx_vpage {
    size_t *idx;
    size_t n;
} nx_vpage;
void nx_vpage_clear(nx_vpage *p);

/* How search.c runs its query: o's sort, offset, limit and exactness. */
typedef nx_status (*nx_run_fn)(nx_index *ix, const xc_query *q, const nx_search_opts *o, xc_mset **m);

/* Runs q with run and picks the page o asks for (o->offset, o->limit),
 * counted in stories: the results are read from rank 0, and an article
 * whose story already had a better-ranked article is passed over (its
 * story lists it, nx_versions_find).  Reading a few more results than the
 * page needs, and more again when copies took their place, costs a value
 * read each; Xapian's own collapse (Enquire::set_collapse_key) instead
 * reads the key of every match it weighs, at least NX_COUNT_BOUND of them,
 * which on Reuters took search p50 from 1.1 to 2.7 ms (RESULTS.md).  With
 * all_versions: the page as Xapian ranks it.  *m is the MSet the page
 * indexes (caller frees); its totals are the query's matching articles. */
nx_status nx_versions_page(nx_index *ix, const xc_query *q, const nx_search_opts *o, nx_run_fn run,
                           xc_mset **m, nx_vpage *page);

/* The versions of the story of hit i of m that match q (the search's
 * query with its filters), ranked by q, and which one to show.  Xapian
 * keeps the first of a group's best-weighted articles in document-id
 * order, and ids differ between a database and shards of the same
 * articles; identical copies always tie.  So the version shown is the one
 * with the smallest article id among those tied for the best weight
 * (with by_date, results in date order: the one m ranked, its newest, and
 * the others newest first):
 * *show_m and *show_i (set to m and i, or to out->group and an index in
 * it) say where to read it from; out lists the others.  Nothing (count 0)
 * for an article alone in its group or in a database without copy groups.
 * A database that moved gives NX_ERR_MODIFIED (retry); other failures set
 * ix->err. */
nx_status nx_versions_find(nx_index *ix, xc_mset *m, size_t i, const xc_query *q, int by_date,
                           nx_versions *out, xc_mset **show_m, size_t *show_i);

void nx_versions_clear(nx_versions *v);


#endif

/*
 * xapian-c.h — a thin C binding over libxapian 1.4 (the only C++ in newsidx).
 *
 * Shape
 *   - Every handle is opaque and owned by whoever created it; each has one
 *     *_free/close function that accepts NULL.
 *   - Every call that can fail returns an xc_status.  No C++ exception ever
 *     crosses this boundary: each entry point catches everything.
 *   - The message of the most recent failure on the calling thread is kept by
 *     the binding and read with xc_errmsg().  It stays valid until the next
 *     failing xc_* call on the same thread.  Successful calls do not clear it.
 *   - Strings passed in are copied (or only read during the call); strings
 *     handed out are either malloc'd copies the caller frees with xc_free()
 *     (functions say "caller frees") or borrowed pointers valid until the
 *     stated event (functions say "borrowed").
 *   - Queries are values: combining queries copies the sub-queries, so the
 *     caller still owns and frees each handle it made.
 *   - Handles are not thread-safe; use one per thread (Xapian's own rule).
 *
 * Exception classes map to distinct statuses so callers can react to a lock,
 * a modified database or a network timeout without parsing messages.
 */
#ifndef XAPIAN_C_H
#define XAPIAN_C_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum xc_status {
    XC_OK = 0,
    XC_ERR_INVALID_ARGUMENT,   /* NULL handle or bad argument (ours or Xapian's InvalidArgumentError) */
    XC_ERR_NOMEM,              /* std::bad_alloc */
    XC_ERR_DATABASE_LOCK,      /* DatabaseLockError: another writer holds the lock */
    XC_ERR_DATABASE_NOT_FOUND, /* DatabaseNotFoundError: nothing at that path */
    XC_ERR_DATABASE_OPENING,   /* DatabaseOpeningError: exists but is not a database */
    XC_ERR_DATABASE_VERSION,   /* DatabaseVersionError */
    XC_ERR_DATABASE_CREATE,    /* DatabaseCreateError */
    XC_ERR_DATABASE_MODIFIED,  /* DatabaseModifiedError: reopen() and retry */
    XC_ERR_DATABASE_CORRUPT,   /* DatabaseCorruptError */
    XC_ERR_DATABASE_CLOSED,    /* DatabaseClosedError */
    XC_ERR_DATABASE,           /* any other DatabaseError */
    XC_ERR_DOC_NOT_FOUND,      /* DocNotFoundError, or no document has that unique term */
    XC_ERR_QUERY_PARSER,       /* QueryParserError */
    XC_ERR_WILDCARD,           /* WildcardError: expansion limit exceeded */
    XC_ERR_NETWORK_TIMEOUT,    /* NetworkTimeoutError */
    XC_ERR_NETWORK,            /* NetworkError */
    XC_ERR_INVALID_OPERATION,  /* InvalidOperationError (e.g. write on a read-only handle) */
    XC_ERR_UNIMPLEMENTED,      /* UnimplementedError / FeatureUnavailableError */
    XC_ERR_RANGE,              /* RangeError */
    XC_ERR_SERIALISATION,      /* SerialisationError */
    XC_ERR_OTHER               /* any other Xapian::Error or std::exception */
} xc_status;

/* Message of the last failure on this thread (borrowed; "" if none). */
const char *xc_errmsg(void);
/* A stable name for a status, e.g. "XC_ERR_DATABASE_LOCK" (static string). */
const char *xc_status_name(xc_status st);
/* Xapian's version string (static). */
const char *xc_version(void);
/* Frees memory the binding handed out ("caller frees"). NULL is fine. */
void xc_free(void *p);

typedef unsigned int xc_docid;   /* Xapian::docid; 0 is never a document */

typedef struct xc_db xc_db;
typedef struct xc_doc xc_doc;
typedef struct xc_query xc_query;
typedef struct xc_enquire xc_enquire;
typedef struct xc_mset xc_mset;
typedef struct xc_termlist xc_termlist;

/* ---------------------------------------------------------------- databases */

/* Open modes for xc_db_open_writable (Xapian's DB_* actions). */
enum {
    XC_DB_CREATE_OR_OPEN = 1,
    XC_DB_CREATE_OR_OVERWRITE = 2,
    XC_DB_CREATE = 3,   /* fails if one exists */
    XC_DB_OPEN = 4      /* fails if none exists */
};
/* Flags OR-ed into the mode. */
enum {
    XC_DB_NO_SYNC = 0x10,        /* skip fsync (benchmarks, scratch shards) */
    XC_DB_DANGEROUS = 0x20,      /* update in place (bulk loads into a new db) */
    XC_DB_NO_TERMLIST = 0x40,    /* do not store per-document termlists */
    XC_DB_RETRY_LOCK = 0x80      /* block until the lock is free (no deadline) */
};

/* Read-only open of one database directory or stub file. *out is owned by the
 * caller (xc_db_close). On failure *out is NULL. */
xc_status xc_db_open(const char *path, xc_db **out);
/* An empty read-only database to which shards are added. */
xc_status xc_db_new_empty(xc_db **out);
/* Remote read-only database served by xapian-tcpsrv. Timeouts in ms (0 = Xapian's default). */
xc_status xc_db_open_remote(const char *host, unsigned port, unsigned timeout_ms,
                            unsigned connect_timeout_ms, xc_db **out);
/* Adds sub's shards to db (read-only db). sub stays owned by the caller. */
xc_status xc_db_add_database(xc_db *db, const xc_db *sub);
/* Writable open: mode | flags as above. Lock contention gives XC_ERR_DATABASE_LOCK. */
xc_status xc_db_open_writable(const char *path, int mode_and_flags, xc_db **out);
/* The same, with the B-tree block size (bytes: a power of two from 2048 to
 * 65536, else XC_ERR_INVALID_ARGUMENT; 0 for Xapian's default, 8192) of a
 * database this call creates.  An existing database keeps its own. */
xc_status xc_db_open_writable_ex(const char *path, int mode_and_flags, unsigned block_size,
                                 xc_db **out);
/* Closes and frees. A writable db commits pending changes on close (Xapian's
 * behaviour): to drop them instead, begin a transaction before the changes
 * and xc_db_cancel_transaction before closing. NULL is fine.
 * Without room on the disk for that commit (see xc_db_commit) the pending
 * changes are dropped instead, and xc_errmsg() says "disk full". */
void xc_db_close(xc_db *db);
int xc_db_is_writable(const xc_db *db);

/* Reopen to the latest revision; *changed (may be NULL) set to 1 if it moved. */
xc_status xc_db_reopen(xc_db *db, int *changed);
/* Commits.  First checks that the file system has room for the commit
 * (twice the most this database grew in one commit, at least 2 MiB, beside
 * other commits under way in the process), else fails with XC_ERR_DATABASE
 * and a message starting "disk full": Xapian 1.4.22 aborts the process when
 * the disk fills at one point of a commit (xapian-c.cc, CommitSpace).  The
 * same check guards a flushed transaction and the document change that
 * reaches Xapian's flush threshold (XAPIAN_FLUSH_THRESHOLD).  Any message
 * of a failed write ends with the system's reason ("No space left on
 * device"). */
xc_status xc_db_commit(xc_db *db);
xc_status xc_db_begin_transaction(xc_db *db, int flushed);
xc_status xc_db_commit_transaction(xc_db *db);
xc_status xc_db_cancel_transaction(xc_db *db);

/* Adds a document; *docid (may be NULL) receives its id. */
xc_status xc_db_add_document(xc_db *db, const xc_doc *doc, xc_docid *docid);
/* Replaces every document indexed by unique_term with doc (adds if none).
 * Xapian does not add unique_term to doc: the caller must have added it. */
xc_status xc_db_replace_document_by_term(xc_db *db, const char *unique_term,
                                         const xc_doc *doc, xc_docid *docid);
xc_status xc_db_replace_document(xc_db *db, xc_docid docid, const xc_doc *doc);
/* Deletes every document indexed by unique_term (none is not an error). */
xc_status xc_db_delete_document_by_term(xc_db *db, const char *unique_term);
xc_status xc_db_delete_document(xc_db *db, xc_docid docid);

/* First docid indexed by term; XC_ERR_DOC_NOT_FOUND if none. */
xc_status xc_db_find_by_term(const xc_db *db, const char *term, xc_docid *docid);
/* Caller owns *out (xc_doc_free). */
xc_status xc_db_get_document(const xc_db *db, xc_docid docid, xc_doc **out);

/* Statistics. */
xc_status xc_db_get_doccount(const xc_db *db, unsigned long *count);
xc_status xc_db_get_lastdocid(const xc_db *db, xc_docid *docid);
xc_status xc_db_get_avlength(const xc_db *db, double *avlen);
xc_status xc_db_get_total_length(const xc_db *db, unsigned long long *len);
xc_status xc_db_get_termfreq(const xc_db *db, const char *term, unsigned long *freq);
xc_status xc_db_get_collection_freq(const xc_db *db, const char *term, unsigned long long *freq);
xc_status xc_db_term_exists(const xc_db *db, const char *term, int *exists);
xc_status xc_db_get_uuid(const xc_db *db, char **uuid);   /* caller frees */
/* Value slot statistics (Xapian's, kept by the backend: no scan): *freq
 * documents with a value in slot; *lo and *hi (each may be NULL; caller
 * frees) a lower and an upper bound of those values, "" when there is none.
 * After deletions the bounds may be wider than the values left. */
xc_status xc_db_get_value_stats(const xc_db *db, unsigned slot, unsigned long *freq,
                                char **lo, size_t *lolen, char **hi, size_t *hilen);

/* User metadata (read from the first shard only, as Xapian does). */
xc_status xc_db_get_metadata(const xc_db *db, const char *key, char **value, size_t *len); /* caller frees; "" if unset */
xc_status xc_db_set_metadata(xc_db *db, const char *key, const char *value, size_t len);

/* Spelling dictionary (Xapian's). */
xc_status xc_db_add_spelling(xc_db *db, const char *word, unsigned freqinc);
/* *out is NULL-or-"" when there is no suggestion; caller frees. */
xc_status xc_db_get_spelling_suggestion(const xc_db *db, const char *word,
                                        unsigned max_edit_distance, char **out);

/* ---------------------------------------------------------------- term lists */

typedef struct xc_term_info {
    const char *term;       /* borrowed: valid until the next xc_termlist_next or free */
    size_t len;
    unsigned long termfreq; /* documents containing the term (all-terms lists) */
    unsigned wdf;           /* within-document frequency (document term lists) */
} xc_term_info;

/* All terms of the database starting with prefix ("" = all). Caller frees. */
xc_status xc_db_allterms(const xc_db *db, const char *prefix, xc_termlist **out);
/* The spelling dictionary's words, termfreq = the word's frequency. Caller frees. */
xc_status xc_db_spellings(const xc_db *db, xc_termlist **out);
/* User-metadata keys starting with prefix (termfreq and wdf are 0). Caller frees. */
xc_status xc_db_metadata_keys(const xc_db *db, const char *prefix, xc_termlist **out);
/* Every document indexed by term, ascending: *docids malloc'd (caller frees,
 * NULL when *n is 0). */
xc_status xc_db_postlist(const xc_db *db, const char *term, xc_docid **docids, size_t *n);
/* Terms of one document (wdf filled, termfreq too). Caller frees. */
xc_status xc_db_termlist(const xc_db *db, xc_docid docid, xc_termlist **out);
/* Which terms a caller wants (xc_db_doc_words, xc_enquire_get_eset): 1 to
 * keep term (len bytes, NUL-terminated), 0 to pass over it.  The binding
 * knows no term conventions: the caller's rule decides. */
typedef int (*xc_term_keep)(const char *term, size_t len, void *ctx);
/* The terms of one document that keep (NULL: all) keeps, with their wdf,
 * in term order, in one call and without per-term frequency lookups;
 * termfreq is 0.  *out is one malloc'd block (the terms live in it too):
 * free it with xc_free.  *doclen (may be NULL) receives the document's
 * length (the wdf of all its terms, kept or not). */
xc_status xc_db_doc_words(const xc_db *db, xc_docid docid, xc_term_keep keep, void *ctx, xc_term_info **out,
                          size_t *n, unsigned long long *doclen);
/* Returns 1 and fills *info, 0 at the end, -1 on error (see xc_errmsg). */
int xc_termlist_next(xc_termlist *tl, xc_term_info *info);
/* Positions of term in docid: *positions malloc'd (caller frees), may be NULL when n=0. */
xc_status xc_db_positions(const xc_db *db, xc_docid docid, const char *term,
                          unsigned **positions, size_t *n);
void xc_termlist_free(xc_termlist *tl);

/* ---------------------------------------------------------------- documents */

xc_status xc_doc_new(xc_doc **out);
void xc_doc_free(xc_doc *doc);
/* Positional term (pos >= 1) with wdf increment. */
xc_status xc_doc_add_posting(xc_doc *doc, const char *term, size_t len, unsigned pos, unsigned wdfinc);
/* Non-positional term. */
xc_status xc_doc_add_term(xc_doc *doc, const char *term, size_t len, unsigned wdfinc);
/* Term with wdf 0, for filtering only (does not change document length). */
xc_status xc_doc_add_boolean_term(xc_doc *doc, const char *term, size_t len);
xc_status xc_doc_add_value(xc_doc *doc, unsigned slot, const char *value, size_t len);
xc_status xc_doc_set_data(xc_doc *doc, const char *data, size_t len);
/* *data malloc'd and NUL-terminated (len excludes the NUL); caller frees. */
xc_status xc_doc_get_data(const xc_doc *doc, char **data, size_t *len);
/* "" when unset; caller frees. */
xc_status xc_doc_get_value(const xc_doc *doc, unsigned slot, char **value, size_t *len);
xc_status xc_doc_get_docid(const xc_doc *doc, xc_docid *docid);
/* Number of distinct terms. */
xc_status xc_doc_termcount(const xc_doc *doc, unsigned *count);

/* Xapian::sortable_serialise: buf must hold 18 bytes; *len receives the length. */
xc_status xc_sortable_serialise(double v, char *buf, size_t *len);
double xc_sortable_unserialise(const char *buf, size_t len);

/* ---------------------------------------------------------------- queries */

typedef enum xc_query_op {
    XC_OP_AND = 0,
    XC_OP_OR,
    XC_OP_AND_NOT,     /* first minus the rest */
    XC_OP_XOR,
    XC_OP_AND_MAYBE,   /* the matches of first, weighted also by the rest.  Built as
                          (first OR rest OR 0 * all) FILTER first: the same matches,
                          weights and estimated total, but Xapian 1.4.22 (Debian 12)
                          loses a match now and then from a real OP_AND_MAYBE: when
                          AndMaybePostList::next() turns it into an AND while its
                          right side is ahead of its left, it calls
                          skip_to(max(lhead, rhead) + 1) and skips the right side's
                          document.  Under FILTER the weighted side only ever moves
                          with skip_to, which makes that turn correctly.  The raw
                          operator is not offered. */
    XC_OP_FILTER,      /* first, restricted by the rest without weight */
    XC_OP_NEAR,        /* param = window (0: number of subqueries) */
    XC_OP_PHRASE,      /* param = window (0: number of subqueries) */
    XC_OP_ELITE_SET,   /* param = set size */
    XC_OP_SYNONYM,
    XC_OP_MAX
} xc_query_op;

/* A term; wqf 1 is usual; pos 0 = no position. */
xc_status xc_query_term(const char *term, size_t len, unsigned wqf, unsigned pos, xc_query **out);
/* Combines n >= 1 subqueries (copied). */
xc_status xc_query_combine(xc_query_op op, xc_query *const *subs, size_t n,
                           unsigned param, xc_query **out);
xc_status xc_query_scale(const xc_query *q, double factor, xc_query **out);
/* Value range on slot: lo or hi may be NULL for an open end (VALUE_LE/VALUE_GE). */
xc_status xc_query_value_range(unsigned slot, const char *lo, const char *hi, xc_query **out);
enum { XC_WILDCARD_LIMIT_ERROR = 0, XC_WILDCARD_LIMIT_FIRST = 1, XC_WILDCARD_LIMIT_MOST_FREQUENT = 2 };
/* Every term starting with prefix; more than max_expansion terms (0 = no limit)
 * triggers limit_mode; LIMIT_ERROR surfaces as XC_ERR_WILDCARD at get_mset time. */
xc_status xc_query_wildcard(const char *prefix, unsigned max_expansion, int limit_mode, xc_query **out);
xc_status xc_query_match_all(xc_query **out);
xc_status xc_query_match_nothing(xc_query **out);
/* Documents weighted by a sortable_serialise'd value in slot (ValueWeightPostingSource). */
xc_status xc_query_value_weight(unsigned slot, xc_query **out);
int xc_query_is_empty(const xc_query *q);
/* Query::get_description(); caller frees. */
xc_status xc_query_describe(const xc_query *q, char **out);
void xc_query_free(xc_query *q);

/* ---------------------------------------------------------------- enquire */

/* db is borrowed and must outlive the enquire. */
xc_status xc_enquire_new(const xc_db *db, xc_enquire **out);
void xc_enquire_free(xc_enquire *e);
/* q copied; qlen 0 = number of terms in the query. */
xc_status xc_enquire_set_query(xc_enquire *e, const xc_query *q, unsigned qlen);
xc_status xc_enquire_set_bm25(xc_enquire *e, double k1, double k2, double k3, double b, double min_normlen);
xc_status xc_enquire_set_boolean_weight(xc_enquire *e);
enum { XC_SORT_RELEVANCE = 0, XC_SORT_VALUE = 1, XC_SORT_VALUE_THEN_RELEVANCE = 2, XC_SORT_RELEVANCE_THEN_VALUE = 3 };
/* Sort order; slot/reverse ignored for XC_SORT_RELEVANCE. reverse=1 gives descending values. */
xc_status xc_enquire_set_sort(xc_enquire *e, int how, unsigned slot, int reverse);
xc_status xc_enquire_set_collapse_key(xc_enquire *e, unsigned slot);
/* Runs the search. check_at_least: see Xapian (0 usual). Caller frees *out. */
xc_status xc_enquire_get_mset(xc_enquire *e, unsigned first, unsigned maxitems,
                              unsigned check_at_least, xc_mset **out);

/* Relevance feedback: the terms that best characterise the given relevant
 * documents (Xapian's ESet, TradWeight/Robertson selection), best first.
 * keep (NULL: every term) chooses the candidate terms.  *out malloc'd
 * array of n entries; free with xc_eterms_free. */
typedef struct xc_eterm { char *term; double weight; } xc_eterm;
xc_status xc_enquire_get_eset(xc_enquire *e, const xc_docid *relevant, size_t nrel, unsigned maxitems,
                              xc_term_keep keep, void *ctx, xc_eterm **out, size_t *n);
void xc_eterms_free(xc_eterm *v, size_t n);

typedef struct xc_hit {
    xc_docid docid;
    double weight;
    int percent;
    unsigned rank;     /* 0-based over the whole result list */
} xc_hit;

size_t xc_mset_size(const xc_mset *m);
xc_status xc_mset_get(const xc_mset *m, size_t i, xc_hit *hit);
/* Caller frees *out (xc_doc_free). */
xc_status xc_mset_get_document(const xc_mset *m, size_t i, xc_doc **out);
unsigned long xc_mset_matches_estimated(const xc_mset *m);
unsigned long xc_mset_matches_lower_bound(const xc_mset *m);
unsigned long xc_mset_matches_upper_bound(const xc_mset *m);
void xc_mset_free(xc_mset *m);

/* ---------------------------------------------------------------- maintenance */

/* Xapian::Database::compact of src (a directory or stub) into dest. */
xc_status xc_db_compact(const char *src, const char *dest, int multipass);
/* Compacts n databases (paths) into one new database at dest.  Documents
 * are renumbered source after source; user metadata present in several
 * sources keeps the first source's value; spelling tables are merged. */
xc_status xc_db_compact_many(const char *const *srcs, size_t n, const char *dest);

#ifdef __cplusplus
}
#endif
#endif /* XAPIAN_C_H */

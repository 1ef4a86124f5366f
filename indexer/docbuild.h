/*
 * docbuild.h — turns an nx_article into a Xapian document following
 * lib/schema.h: positional stemmed terms for headline and body, field
 * terms, names, id/date/file terms, values and the stored record
 * (lib/stored.h).
 *
 * A builder owns reusable token and name buffers (one per writer/thread);
 * the stemmer is borrowed.  The document returned is owned by the caller
 * (xc_doc_free).
 */
#ifndef NX_DOCBUILD_H
#define NX_DOCBUILD_H

#include "newsidx.h"
#include "xapian-c.h"
#include "analysis/stem.h"
#include "indexer/spelling.h"
#include "lib/core.h"
#include "lib/terms.h"   /* nx_id_term, nx_file_term: callers of the builder need them too */

typedef struct nx_docbuilder nx_docbuilder;

nx_status nx_docbuilder_new(nx_stemmer *st, nx_docbuilder **out);
void nx_docbuilder_free(nx_docbuilder *b);

/* The most text one article may hold (all its fields together): 8 MiB.
 * Why: building a document takes about 20 times the article's size in
 * memory (tokens, positions, Xapian's term lists: a 9.4 MB article took
 * 183 MB and 0.8 s), so this bounds one article at ~170 MB.  8 MiB is
 * ~1.3 million words, 300 times the longest BBC article. */
#define NX_MAX_ARTICLE_BYTES (8u * 1024u * 1024u)

/* NX_ERR_FORMAT with a message in err (naming the article and both sizes)
 * when a holds more than NX_MAX_ARTICLE_BYTES of text; NX_OK otherwise. */
nx_status nx_article_check_size(const nx_article *a, char *err);

/* Builds the document.  When spelling_db is non-NULL its words are counted
 * for that database's spelling dictionary; the counts reach Xapian at
 * nx_docbuilder_flush_spelling or when many have piled up.  Flushing at
 * every batch commit costs as much as the indexing itself (Xapian rewrites
 * each trigram list touched), so the writer flushes at the end of a run.
 * spelling_db is also the database the document goes to, where copies of
 * it written by earlier runs are looked for (indexer/dupgroup.h).
 * On failure writes a message into err (NX_ERRMSG_MAX bytes). */
nx_status nx_build_document(nx_docbuilder *b, const nx_article *a, xc_db *spelling_db,
                            xc_doc **out, char *err);

/* b uses from's copy groups (indexer/dupgroup.h) from now on: the
 * builders of one bulk build share them, so copies that different workers
 * index find each other. */
void nx_docbuilder_share_dups(nx_docbuilder *b, nx_docbuilder *from);

/* Hands the counted words to the spelling database (then commit it). */
nx_status nx_docbuilder_flush_spelling(nx_docbuilder *b);
/* How many times counted words were handed over (by the call above or when
 * many piled up): the writer's saved deltas are obsolete once it moves. */
unsigned long nx_docbuilder_spelling_flushes(const nx_docbuilder *b);
/* The builder's word counts, still owned by it: the parallel build flushes
 * all its builders' counts together (nx_spellacc_flush_part). */
nx_spellacc *nx_docbuilder_spelling(nx_docbuilder *b);
/* The counts since the last call as "word\tcount\n" lines (spelling.h). */
int nx_docbuilder_spelling_delta(nx_docbuilder *b, nx_buf *out);
/* Counts saved by a killed run, to hand over with this run's; db is where
 * they go if no article of this run names another. */
int nx_docbuilder_spelling_load(nx_docbuilder *b, xc_db *db, const char *blob, size_t len);

#endif

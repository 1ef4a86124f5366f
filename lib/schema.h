/*
 * schema.h — how an article is laid out in a Xapian document.  The one table
 * the indexer, the query parser, the names facet and the stats share.
 *
 * Terms (all lower case after the prefix, analysed with tokenize.h + stem.h):
 *   (none) stem   positional, title and body (title first, then a gap)
 *   S      stem   positional, title/headline only (field weighting, title:)
 *   A      stem   byline/author
 *   XS     stem   source
 *   XSEC   stem   section
 *   K      stem   topics and tags (positional per label, so phrases work)
 *   XP     stem   places: dateline place and place labels
 *   XPER   stem   people labels given by the source (Reuters PEOPLE)
 *   XORG   stem   organisation labels given by the source (Reuters ORGS)
 *   N      key    recognised names, unstemmed casefolded token text, one
 *                 per name word, not positional: name:"keir starmer" is
 *                 N terms AND the plain phrase at the same positions
 *                 (databases of 2026-11-24 and before also have positions
 *                 on N terms, which nothing reads now); also the whole name
 *                 (XN + "keir starmer") non-positional, for the names facet
 *   Q      id     unique article id (boolean)
 *   XF     hash   source file (boolean; hex digest of the absolute path)
 *   XW     source the source as written, whole (boolean; per-source counts)
 *   XDB    band   one per MinHash band of the article's words, "XDB" + band
 *                 digit + 16 hex (boolean): near copies share one
 *                 (analysis/dupsig.h, indexer/dupgroup.h)
 *   XDG    group  the article's copy group, "XDG" + the NX_SLOT_DUPGROUP
 *                 key (boolean): lists the versions of a story
 *   (databases of 2026-11-24 and before also have D/M/Y day, month and
 *   year terms; nothing reads them: dates are values, below)
 *
 * Values:
 *   NX_SLOT_DATE     "YYYYMMDDHHMMSS" (string order = time order)
 *   NX_SLOT_DAYS     sortable_serialise(days since 1970-01-01), for recency
 *   NX_SLOT_RECORD   the stored article (lib/stored.h): id, title, body,
 *                    byline, dateline, date, source, section, url, path,
 *                    labels and the names found, for snippets and display
 *   NX_SLOT_DUPGROUP 16 hex digits naming the article's copy group: the same
 *                    for byte-identical articles and near copies, the
 *                    collapse key that shows one story once
 *   NX_SLOT_DUPSIG   the article's MinHash short form (dupsig.h,
 *                    NX_DUPSHORT_BYTES), its 8-byte exact hash and word count,
 *                    compared when a later article shares a band
 * (Databases written before the copy groups have neither: their articles
 * are never collapsed, since Xapian collapses no empty key.)
 *
 * The record is a value and not the document data because Xapian deflates
 * document data (zlib, level 6) on every add, and that deflate was a tenth
 * of bulk-indexing time; values are stored as they are.  Schema 2
 * databases keep the record in the document data; they are still read
 * (nx_index_fetch_data looks in both places) and a writer restamps them 3,
 * so an older newsidx refuses them instead of showing empty records.
 *
 * Database metadata keys: "newsidx.schema" = NX_SCHEMA_VERSION,
 * "newsidx.language" = stemmer language.
 */
#ifndef NX_SCHEMA_H
#define NX_SCHEMA_H

#include <stddef.h>

/* 2: stored data became a binary record (lib/stored.h) instead of JSON.
 * 3: the record moved from the document data to NX_SLOT_RECORD.
 * 4: the tokenizer joins a one-character part to the word after its
 *    hyphen ("G-7" is "g7", "e-mail" "email").  The first writer on an
 *    older database rebuilds its documents from their records
 *    (indexer/upgrade.h), then restamps it. */
#define NX_SCHEMA_VERSION "4"
/* The oldest schema this newsidx reads and writes to. */
#define NX_SCHEMA_OLDEST "2"

#define NX_PFX_TITLE    "S"
#define NX_PFX_AUTHOR   "A"
#define NX_PFX_SOURCE   "XS"
#define NX_PFX_SECTION  "XSEC"
#define NX_PFX_TOPIC    "K"
#define NX_PFX_PLACE    "XP"
#define NX_PFX_PERSON   "XPER"
#define NX_PFX_ORG      "XORG"
#define NX_PFX_NAME     "N"
#define NX_PFX_NAMEFULL "XN"
#define NX_PFX_ID       "Q"
#define NX_PFX_FILE     "XF"
#define NX_PFX_SOURCE_EXACT "XW"
#define NX_PFX_DUPBAND  "XDB"
#define NX_PFX_DUPGROUP "XDG"

#define NX_SLOT_DATE 0
#define NX_SLOT_DAYS 1
#define NX_SLOT_RECORD 2
#define NX_SLOT_DUPGROUP 3
#define NX_SLOT_DUPSIG 4

/* Body positions start this far after the last title position, so a phrase
 * never spans headline and body. */
#define NX_TITLE_BODY_GAP 100

#define NX_META_SCHEMA   "newsidx.schema"
#define NX_META_LANGUAGE "newsidx.language"
/* Per input file: "newsidx.file:<hex hash of path>" = "<size> <mtime ns>
 * <content hash hex> <articles>\t<path>"; the incremental indexer's memory. */
#define NX_META_FILE_PREFIX "newsidx.file:"
/* The time of the last commit that changed something (stats' "last
 * change"), and of the last run that ended, changed or not ("last
 * indexed": cron's heartbeat). */
/* Per input file that could not be used: "newsidx.failed:<hex hash of
 * path>" = "<size> <mtime ns> <content hash hex> <options hash hex>\t<path>\t<reason>".  While
 * the file stays as it was, later runs count it as unchanged and bad
 * instead of reporting it again (a cron mail every five minutes). */
#define NX_META_FAILED_PREFIX "newsidx.failed:"
#define NX_META_LAST_COMMIT "newsidx.last_commit"
#define NX_META_LAST_RUN "newsidx.last_run"
/* A first build's private databases sit beside the database, in
 * "<real path>.nx-build", until the close merges them in. */
#define NX_BULK_DIR_SUFFIX ".nx-build"
/* Spelling counts of this run not yet in the spelling table, one key per
 * batch ("newsidx.spell:00000007"), deleted once they are handed over. */
#define NX_META_SPELL_PREFIX "newsidx.spell:"

/* Whether a database stamped with this schema (len bytes, not
 * NUL-terminated; len 0 for no stamp) can be read and written here. */
int nx_schema_supported(const char *stamp, size_t len);
/* Whether the stamp is this newsidx's own schema (no stamp is not). */
int nx_schema_current(const char *stamp, size_t len);

/* The fields a user can type before ':' in a query, one row each: the
 * names (the first is the one messages use), the term prefix, and how the
 * query language treats the field.  The indexer writes the prefixes above;
 * the query parser, its error messages and the names facet read this
 * table, so a field is added here once. */
typedef enum nx_field_kind {
    NX_FK_RANKED = 0,   /* words of one field, weighted like body words (title:, author:) */
    NX_FK_FILTER,       /* labels: restrict the query without weight (topic:, place:) */
    NX_FK_NAME,         /* recognised names: unstemmed N terms (name:) */
    NX_FK_ID,           /* the article's unique id: its Q term (id:) */
    NX_FK_DATE          /* a range of NX_SLOT_DATE values (date:) */
} nx_field_kind;

typedef struct nx_field_def {
    const char *const *names;  /* NULL-terminated; names[0] is the field's own name */
    const char *prefix;        /* term prefix; NULL for date */
    nx_field_kind kind;
    int positional;            /* terms carry positions: phrases work */
} nx_field_def;

/* The row whose name or alias is field[0..len) (ASCII, any case), or NULL. */
const nx_field_def *nx_schema_field(const char *field, size_t len);
/* The table, *n rows. */
const nx_field_def *nx_schema_fields(size_t *n);
/* Every name a user can type, ", "-separated, into buf (for messages);
 * returns buf. */
const char *nx_schema_field_names(char *buf, size_t bufsz);
/* The prefix of the field called field[0..len), or NULL (also for date). */
const char *nx_schema_prefix_for_field(const char *field, size_t len);

#endif

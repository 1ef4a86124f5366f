/*
 * newsidx.h — libnewsidx, full-text search for news archives.
 *
 * The only header an embedder (and the newsidx CLI) needs.
 *
 * Conventions
 *   - Handles are opaque.  nx_index is a read handle, nx_writer a write
 *     handle; both are created by an *_open function and released by the
 *     matching close/free, which accept NULL.
 *   - Every function that can fail returns an nx_status.  A handle keeps the
 *     message of its last failure (nx_index_errmsg, nx_writer_errmsg); open
 *     functions, which have no handle yet, hand the message out through
 *     their errmsg argument.
 *   - Ownership is written next to each function: "caller frees with
 *     nx_free" or "borrowed: valid until ...".
 *   - Thread safety: a handle and what it returned are used by one thread
 *     at a time.  Different handles on the same database may be used from
 *     different threads at once (one writer, any number of readers).
 *   - The library never aborts and never exits.
 */
#ifndef NEWSIDX_H
#define NEWSIDX_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* libnewsidx is built with hidden visibility: what this header declares is
 * all it exports (tests/e2e/exports.sh checks both directions). */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

#define NX_VERSION_MAJOR 0
#define NX_VERSION_MINOR 1
#define NX_VERSION_PATCH 0
#define NX_VERSION_STRING "0.1.0"

typedef enum nx_status {
    NX_OK = 0,
    NX_ERR_INVALID,       /* a bad argument (NULL where not allowed, bad option) */
    NX_ERR_NOMEM,         /* out of memory */
    NX_ERR_IO,            /* a file or folder could not be read */
    NX_ERR_NOT_FOUND,     /* no database at that path; no article with that id (nx_similar) */
    NX_ERR_NOT_DATABASE,  /* the path exists but holds no newsidx database */
    NX_ERR_LOCKED,        /* another writer holds the database lock */
    NX_ERR_CORRUPT,       /* the database is damaged */
    NX_ERR_VERSION,       /* written by an incompatible version */
    NX_ERR_MODIFIED,      /* changed under a reader beyond recovery: retry */
    NX_ERR_QUERY,         /* the query could not be understood (message says why) */
    NX_ERR_FORMAT,        /* an input was malformed */
    NX_ERR_NETWORK,       /* a remote shard failed */
    NX_ERR_BACKEND        /* any other failure inside Xapian */
} nx_status;

/* A stable name for a status ("NX_ERR_LOCKED"); static string. */
const char *nx_status_name(nx_status st);
/* Frees memory the library handed out with "caller frees with nx_free". */
void nx_free(void *p);
/* Library version (static string). */
const char *nx_version(void);

/* ------------------------------------------------------------------ articles */

/* An article given in memory.  Every pointer is borrowed for the duration of
 * the call that takes it; NULL (or n_* = 0) means absent.  id is required. */
typedef struct nx_article {
    const char *id;        /* stable unique id; re-adding the same id replaces */
    const char *title;     /* headline */
    const char *body;      /* text */
    const char *byline;    /* author(s) */
    const char *dateline;  /* place the story was filed from ("LONDON") */
    const char *date;      /* ISO 8601: "2025-03-14", "2025-03-14T09:30:00Z" */
    const char *source;    /* publication or agency */
    const char *section;
    const char *url;
    const char *path;      /* file it came from, if any */
    const char *const *tags;   size_t n_tags;    /* topics/tags */
    const char *const *people; size_t n_people;  /* people labelled by the source */
    const char *const *places; size_t n_places;
    const char *const *orgs;   size_t n_orgs;
} nx_article;

/* ------------------------------------------------------------------ writing */

typedef struct nx_writer nx_writer;

typedef struct nx_writer_opts {
    const char *language;   /* stemmer language for a new index (NULL: "english").  An
                               existing index keeps the language it was built with:
                               another one named here is NX_ERR_INVALID, as is a
                               language no stemmer knows, before anything is created */
    double wait_seconds;    /* wait this long for another writer's lock, then
                               fail with NX_ERR_LOCKED (0: fail at once) */
    unsigned batch_size;    /* commit every N changed articles (0: 1000) */
    int create;             /* create the database when missing (default 1) */
    int dry_run;            /* report what would change (file callback), write nothing */
    int shard_by;           /* NX_SHARD_NONE (0): as the database already is; NX_SHARD_YEAR
                               or NX_SHARD_MONTH: a new database is made of date shards
                               (docs/SHARDING.md); an existing one must already be sharded
                               that way */
    unsigned jobs;          /* bulk build: with jobs > 1 and a database that holds no
                               article yet (and is not sharded, not a dry run), that
                               many threads index into private databases which
                               nx_writer_close merges (Xapian compaction) and swaps
                               in at once.  Until then readers see the database as it
                               was; nx_writer_commit publishes nothing, and a run
                               killed before the close leaves the database as it was.
                               0 or 1: one thread, commits visible as they happen */
    const char *format;     /* "text", "json", "html", "sgml" or "csv": read every input
                               file (and nx_writer_index_fd's stream) as that.  NULL: by
                               extension, then content; a file whose format neither
                               shows is skipped with a warning */
    const char *fields;     /* a site's own keys for JSON and CSV fields,
                               "title=hed,body=story_text" (field=key, comma-separated),
                               tried before the usual keys; NULL: none */
    const char *csv_columns;/* the columns of CSV files that have no header row, in
                               order: "topic,title,body" (field names or keys, "-" skips a
                               column).  NULL: a CSV file's first row names its columns */
} nx_writer_opts;

/* Values of nx_writer_opts.shard_by. */
enum { NX_SHARD_NONE = 0, NX_SHARD_YEAR = 1, NX_SHARD_MONTH = 2 };

/* Fills o with the defaults (create 1, everything else 0); set fields after. */
void nx_writer_opts_init(nx_writer_opts *o);

/* Opens (and, with opts->create, creates) a database for writing.  Options
 * that cannot work (a language, format or CSV column no reader knows) are
 * NX_ERR_INVALID before anything is created.
 * opts may be NULL for defaults.  On failure *out is NULL and, if errmsg is
 * non-NULL, *errmsg is a message naming the path (caller frees with nx_free).
 * A database from a newsidx whose layout this one does not know gives
 * NX_ERR_VERSION; one in the previous layout is upgraded by the first
 * commit (older newsidx versions then refuse it with NX_ERR_VERSION). */
nx_status nx_writer_open(const char *path, const nx_writer_opts *opts,
                         nx_writer **out, char **errmsg);

/* Adds or replaces (same id) one article.  *replaced (may be NULL) is set to
 * 1 when an article with that id existed. */
nx_status nx_writer_add(nx_writer *w, const nx_article *a, int *replaced);
/* What the last nx_writer_add kept back without failing (borrowed, until
 * the next call on w): a date that is no date ("2005-13-45") is dropped
 * and the article added without one, and this names the article and the
 * date.  NULL when the last add had nothing to say. */
const char *nx_writer_warning(const nx_writer *w);
/* Deletes the article with that id; *deleted (may be NULL) set to 0 if none. */
nx_status nx_writer_delete(nx_writer *w, const char *id, int *deleted);
/* Deletes every article that came from the file at path (named as
 * nx_writer_index_path was given it or its folder: resolved to an
 * absolute path, through its folder when the file itself is gone).  As
 * with nx_writer_delete, they stay deleted while the file is unchanged
 * (an incremental run skips it) and come back when it changes and is
 * read again.  *deleted (may be NULL) receives the number removed; a file
 * never indexed removes none (NX_OK).  Not in a bulk build
 * (nx_writer_opts.jobs > 1): NX_ERR_INVALID. */
nx_status nx_writer_delete_file(nx_writer *w, const char *path, unsigned long *deleted);

/* Warning callback: path of the input, line (0 when not meaningful), message. */
typedef void (*nx_warn_fn)(void *ctx, const char *path, long line, const char *message);

typedef struct nx_index_summary {
    unsigned long files;      /* input files looked at */
    unsigned long files_unchanged; /* of those, skipped as unchanged since the last run */
    unsigned long indexed;    /* articles new to the index */
    unsigned long updated;    /* articles that replaced an existing one */
    unsigned long unchanged;  /* articles skipped as unchanged */
    unsigned long deleted;    /* articles removed */
    unsigned long skipped;    /* articles or files skipped with a warning (not UTF-8 salvageable, empty, binary...) */
    unsigned long failed;     /* files that could not be read at all */
    unsigned long warnings;   /* warnings reported */
    double seconds;
    unsigned long failed_unchanged; /* of files_unchanged, files that failed before and have
                                       not changed since: passed by without a warning (their
                                       reasons: nx_index_failed_files) */
} nx_index_summary;

/* What happened to one input file (file callback below). */
typedef enum nx_file_event {
    NX_FILE_NEW = 0,      /* not indexed before: its articles are added */
    NX_FILE_CHANGED,      /* changed since the last run: its articles replaced, vanished ones removed */
    NX_FILE_UNCHANGED,    /* same size and time (or same content): skipped without parsing */
    NX_FILE_GONE,         /* pruned: the file no longer exists, its articles are removed */
    NX_FILE_FAILED        /* could not be read; its earlier articles are kept */
} nx_file_event;

typedef void (*nx_file_fn)(void *ctx, const char *path, nx_file_event ev);
/* Progress: files done out of files found so far in this call, articles written. */
typedef void (*nx_progress_fn)(void *ctx, unsigned long files_done, unsigned long files_total,
                               unsigned long articles);

/* Optional callbacks for nx_writer_index_path / nx_writer_prune (NULL: none). */
void nx_writer_set_callbacks(nx_writer *w, nx_file_fn file, nx_progress_fn progress, void *ctx);

/* Indexes a file or, recursively, a folder (format by extension or content:
 * .txt, .json/.jsonl, .html/.htm, .sgm, .csv; nx_writer_opts.format forces
 * one).  Incremental: each file's size,
 * modification time and content hash are kept in the database; a file
 * unchanged since the last run is skipped without parsing, a changed one has
 * its articles replaced and the articles that vanished from it removed.  Problems with single inputs are
 * reported through warn (may be NULL) and counted in *sum; they do not make
 * the call fail.  The call fails only when the database itself fails, or
 * path does not exist (NX_ERR_IO, also counted in sum->failed).  sum may be NULL; it is added to, not
 * reset, so one summary can span several calls. */
nx_status nx_writer_index_path(nx_writer *w, const char *path, nx_warn_fn warn,
                               void *ctx, nx_index_summary *sum);

/* Indexes the articles read from fd to its end (standard input is 0), in
 * nx_writer_opts.format or, without one, as JSON Lines.  name stands for
 * the stream in messages and in the ids of articles without their own
 * ("<name>#<line>"; NULL: "stdin").  A stream has no file record: giving
 * it again replaces the articles with the same ids and deletes nothing.
 * Problems are counted and reported as for nx_writer_index_path; the call
 * fails only when fd cannot be read (NX_ERR_IO) or the database fails. */
nx_status nx_writer_index_fd(nx_writer *w, int fd, const char *name, nx_warn_fn warn,
                             void *ctx, nx_index_summary *sum);

/* Removes the articles of every indexed file that no longer exists. */
nx_status nx_writer_prune(nx_writer *w, nx_warn_fn warn, void *ctx, nx_index_summary *sum);

/* Makes everything written so far durable and visible to readers.  In a
 * bulk build (nx_writer_opts.jobs) it only reports a failed worker. */
nx_status nx_writer_commit(nx_writer *w);
/* Commits (a bulk build: merges the workers' databases and swaps the
 * result in), closes and frees (also on failure).  NULL is fine. */
nx_status nx_writer_close(nx_writer *w);
/* As nx_writer_close; on failure, if errmsg is non-NULL, *errmsg receives
 * the message (caller frees with nx_free), else it is set to NULL. */
nx_status nx_writer_close_ex(nx_writer *w, char **errmsg);
/* Last failure on this writer (borrowed; "" if none). */
const char *nx_writer_errmsg(const nx_writer *w);

/* ------------------------------------------------------------------ reading */

typedef struct nx_index nx_index;

/* Opens a database read-only.  Errors as for nx_writer_open: a missing path
 * gives NX_ERR_NOT_FOUND, a folder that is not a database
 * NX_ERR_NOT_DATABASE. */
nx_status nx_index_open(const char *path, nx_index **out, char **errmsg);
/* Closes and frees the handle (NULL is fine); results and name facets
 * obtained from it must have been freed first. */
void nx_index_close(nx_index *ix);
/* Last failure on this handle (borrowed; "" if none). */
const char *nx_index_errmsg(const nx_index *ix);

/* Options for opening a sharded database or a shard map (docs/SHARDING.md).
 * A shard that cannot be opened (a remote server down, a local shard
 * unreadable) is named in a warning through warn (path = the shard as the
 * map names it, line 0).  Without allow_partial the search then fails
 * (NX_ERR_NETWORK for a remote shard); with it the shard is left out and
 * results are marked partial (nx_results_partial). */
typedef struct nx_open_opts {
    int allow_partial;
    unsigned connect_timeout_ms;   /* remote shards: connecting (0: 5000) */
    unsigned timeout_ms;           /* remote shards: each exchange (0: 10000) */
    nx_warn_fn warn;               /* may be NULL */
    void *warn_ctx;
} nx_open_opts;

/* Fills o with the defaults (no partial results, default timeouts, no warn). */
void nx_open_opts_init(nx_open_opts *o);
/* nx_index_open with options (opts may be NULL: as nx_index_open). */
nx_status nx_index_open_ex(const char *path, const nx_open_opts *opts, nx_index **out, char **errmsg);
/* Several databases searched as one: paths[0..n) may each be a database,
 * a sharded database or a shard map, and their shards are combined the
 * way a shard map's are (Xapian's add_database: one ranking, one count,
 * as if the articles were in one database; a path given twice counts
 * once).  The first path's language and settings are the index's; a
 * local database of another language gives NX_ERR_INVALID.  Errors,
 * opts and shard warnings as for nx_index_open_ex, whose result n == 1
 * gives. */
nx_status nx_index_open_many(const char *const *paths, size_t n, const nx_open_opts *opts,
                             nx_index **out, char **errmsg);

/* Calls fn once per shard of a sharded database or map, in map order:
 * its name as the map gives it, its article count, and whether it is
 * available (0: down or unreadable, count 0).  A single database is one
 * shard named by its path. */
typedef void (*nx_shard_fn)(void *ctx, const char *name, unsigned long documents, int available);
nx_status nx_index_shards(nx_index *ix, nx_shard_fn fn, void *ctx);
/* Shards left out so far (allow_partial), "name: reason" each; *names
 * borrowed until the next call on ix.  Returns the count. */
size_t nx_index_missing_shards(const nx_index *ix, const char *const **names);

typedef struct nx_stats {
    unsigned long documents;
    unsigned long long terms;     /* distinct terms */
    unsigned long long size_bytes;/* on disk */
    double avg_length;            /* mean document length in terms */
    char language[32];
    char last_indexed[32];        /* ISO 8601 time the last index run ended (also one that
                                     changed nothing), "" if unknown */
    char last_change[32];         /* ISO 8601 time of the last commit that changed articles */
    int building;                 /* 1: no article yet and a first build's private databases
                                     are beside the database: a parallel first build is
                                     running (or was killed; the next run starts again) */
} nx_stats;

/* Fills *st (over every shard of a sharded database or map). */
nx_status nx_index_stats(nx_index *ix, nx_stats *st);

/* The input files the indexer could not use (binary, too large, nothing
 * readable in them) and has not seen change since: fn(ctx, path, reason)
 * for each, in no set order.  Such a file is reported once, when it
 * fails; later runs count it in nx_index_summary.failed_unchanged until it
 * changes. */
typedef void (*nx_failed_fn)(void *ctx, const char *path, const char *reason);
nx_status nx_index_failed_files(nx_index *ix, nx_failed_fn fn, void *ctx);

/* The dates an index holds, from Xapian's value statistics (no article
 * is read).  first and last are "YYYY-MM-DDTHH:MM:SSZ", "" when no
 * article has a date; after deletions they may lie outside the dates
 * that are left. */
typedef struct nx_dates {
    unsigned long dated;   /* articles with a date */
    char first[24];
    char last[24];
} nx_dates;
nx_status nx_index_dates(nx_index *ix, nx_dates *out);

/* Calls fn once per source (publication/agency, as written) with its number
 * of articles, in byte order of the names. */
typedef void (*nx_count_fn)(void *ctx, const char *value, unsigned long count);
nx_status nx_index_sources(nx_index *ix, nx_count_fn fn, void *ctx);

/* ------------------------------------------------------------------ searching */

typedef enum nx_sort {
    NX_SORT_RELEVANCE = 0,
    NX_SORT_DATE = 1            /* newest first, relevance breaks ties */
} nx_sort;

typedef struct nx_search_opts {
    unsigned offset;            /* hits to skip (pagination) */
    unsigned limit;             /* hits to return (default 10) */
    nx_sort sort;
    const char *since;          /* "YYYY-MM-DD" (inclusive) or NULL */
    const char *until;          /* "YYYY-MM-DD" (inclusive) or NULL */
    unsigned snippet_length;    /* characters (default 200); 0: no snippets */
    unsigned snippet_fragments; /* at most this many fragments (default 2) */
    int expand;                 /* query expansion from the best matches
                                   (pseudo-relevance feedback): also finds
                                   articles with none of the query's words;
                                   better recall for topic searches, about 7x
                                   the search time; default 0 */
    int feedback;               /* re-ranking by relevance feedback: the
                                   matches re-ordered by the words their best
                                   ten share (see the README); never adds or
                                   drops a match.  > 0: re-rank; 0
                                   (default) or < 0: the plain BM25 order.
                                   About 3x the search time on Reuters */
    int exact;                  /* weigh every match instead of letting Xapian
                                   skip those that cannot reach the page:
                                   the total is then exact, and no match is
                                   lost to the Xapian 1.4.22 bug described in
                                   the README ("Exact searches"); about 2x
                                   the search time; default 0 */
    int all_versions;           /* every version of a story: by default the
                                   copies of one story (byte-identical
                                   articles, repeats, corrections and updates
                                   filed within 18 hours, found at index
                                   time) are shown once, as their best-ranked
                                   version, with the others listed by
                                   nx_hit_versions; 1 shows each as a hit of
                                   its own; default 0 */
} nx_search_opts;

/* Fills o with the defaults: limit 10, relevance order, 200-character
 * snippets in at most 2 fragments, no date bounds, no feedback, no
 * expansion, not exact, one story shown once. */
void nx_search_opts_init(nx_search_opts *o);

typedef struct nx_results nx_results;
typedef struct nx_hit nx_hit;

/* Runs a query (see the README for the query language and what each
 * construct matches).  opts may be NULL.  A query of nothing but spaces
 * matches every article (within since/until): with NX_SORT_DATE, the
 * newest; its hits have the lead of the body as snippet.  A query that cannot be
 * understood gives NX_ERR_QUERY with the reason in nx_index_errmsg.
 * Every search, nx_names and nx_index_get call reads the latest revision a
 * writer has committed (a local database's revision check costs about a
 * microsecond; remote shards are reread when a search fails), so a
 * long-lived handle sees new and deleted articles without reopening.
 * Caller frees *out with nx_results_free. */
nx_status nx_search(nx_index *ix, const char *query, const nx_search_opts *opts,
                    nx_results **out);
/* The article with that id, as results of one hit (none when no article
 * has it: NX_OK with a count of 0).  The hit has no snippet; its fields
 * and lists are the whole stored article.  Caller frees *out with
 * nx_results_free. */
nx_status nx_index_get(nx_index *ix, const char *id, nx_results **out);

size_t nx_results_count(const nx_results *r);          /* hits in this page */
/* The number of articles the query matches, whatever the page, every
 * version of a story counted (the hits of all pages and the versions
 * nx_hit_versions counts for each add up to it).  Exact
 * when nx_results_total_exact is 1, which it is up to at least 10,000
 * matches (and always with nx_search_opts.exact); past that Xapian's
 * estimate, which a display should say is one ("about N"). */
unsigned long nx_results_total(const nx_results *r);
int nx_results_total_exact(const nx_results *r);
/* The same as nx_results_total (its older name). */
unsigned long nx_results_estimated(const nx_results *r);
/* The shards the search read (a sharded database or shard map: those its
 * dates can touch, in map order); *names borrowed until nx_results_free.
 * Returns the count, 0 for a single database. */
size_t nx_results_shards(const nx_results *r, const char *const **names);
/* Borrowed: valid until nx_results_free.  NULL if i is out of range. */
const nx_hit *nx_results_hit(const nx_results *r, size_t i);
/* "Did you mean" (borrowed, NULL when there is none). */
const char *nx_results_suggestion(const nx_results *r);
/* 1 when some shards were left out (nx_open_opts.allow_partial): the hits
 * come from the others only (nx_index_missing_shards names them). */
int nx_results_partial(const nx_results *r);
/* Frees the results and every hit and string borrowed from them (NULL is fine). */
void nx_results_free(nx_results *r);

typedef enum nx_field {
    NX_FIELD_ID = 0, NX_FIELD_TITLE, NX_FIELD_BODY, NX_FIELD_BYLINE,
    NX_FIELD_DATELINE, NX_FIELD_DATE, NX_FIELD_SOURCE, NX_FIELD_SECTION,
    NX_FIELD_URL, NX_FIELD_PATH
} nx_field;

typedef enum nx_list {
    NX_LIST_TAGS = 0, NX_LIST_PEOPLE, NX_LIST_PLACES, NX_LIST_ORGS,
    NX_LIST_NAMES              /* names recognised in the text, as written ("Keir Starmer") */
} nx_list;

/* The name of a field or list, as the CLI's --json writes it ("title",
 * "date", "tags", "people", "names"...): the member names of nx_article.
 * Static strings (never free them); NULL for a value outside the enum. */
const char *nx_field_name(nx_field f);
const char *nx_list_name(nx_list l);

/* A highlighted range of a snippet: bytes [start, end). */
typedef struct nx_span { size_t start, end; } nx_span;

/* Hit accessors; strings borrowed until nx_results_free. */
const char *nx_hit_id(const nx_hit *h);
unsigned nx_hit_rank(const nx_hit *h);        /* 1-based over the whole result list */
double nx_hit_score(const nx_hit *h);
/* Score as a percentage of the best possible for the query (Xapian's). */
int nx_hit_percent(const nx_hit *h);
/* Stored field, NULL when the article has none. */
const char *nx_hit_field(const nx_hit *h, nx_field f);
/* Labels; returns the count and sets *items (borrowed) */
size_t nx_hit_list(const nx_hit *h, nx_list l, const char *const **items);
/* The other versions of the hit's story that match the same search (0
 * with all_versions): returns how many; *ids (borrowed, may be NULL) lists
 * the first *nids of them by id, the better-ranked first (at most 100). */
unsigned long nx_hit_versions(const nx_hit *h, const char *const **ids, size_t *nids);
/* Plain-text snippet ("" if none) and the byte ranges to highlight in it.
 * spans/nspans may be NULL. */
const char *nx_hit_snippet(const nx_hit *h, const nx_span **spans, size_t *nspans);
/* The byte ranges of the query's matches in the headline,
 * nx_hit_field(h, NX_FIELD_TITLE), found as the snippet's are (same
 * words, stems, phrases and names); borrowed until nx_results_free.
 * Returns the count (0 for nx_index_get's hit and a query of no words). */
size_t nx_hit_title_spans(const nx_hit *h, const nx_span **spans);

typedef enum nx_highlight {
    NX_HL_NONE = 0,    /* text as is */
    NX_HL_PLAIN,       /* open/close markers around each span (default "[" "]") */
    NX_HL_ANSI,        /* bold + colour escape codes */
    NX_HL_HTML         /* text HTML-escaped, spans in <mark></mark> (markers ignored) */
} nx_highlight;

/* Renders text with spans highlighted.  open/close are used by NX_HL_PLAIN
 * (NULL: "[" and "]").  Caller frees *out with nx_free. */
nx_status nx_render_highlight(const char *text, const nx_span *spans, size_t nspans,
                              nx_highlight how, const char *open, const char *close,
                              char **out);

/* ------------------------------------------------------------------ related stories */

/* The articles most like the one with this id, best first: ranked by the
 * words that best tell it apart from the archive (Xapian's relevance
 * feedback, its ESet) and the names it mentions.  The article itself and
 * its own copies (repeats, corrections: see nx_search_opts.all_versions)
 * are left out; every other story is shown once, its copies listed by
 * nx_hit_versions.  filter (NULL or "": none) is a query the related
 * articles must also match: filters such as "topic:crude place:usa", or
 * words, which then restrict without ranking.  opts as for nx_search
 * (NULL: defaults): limit (at most 1000), offset, since and until, sort,
 * snippets (the shared words highlighted), exact, all_versions; feedback
 * and expand do not apply.  No article with that id gives NX_ERR_NOT_FOUND
 * ("no article has the id ...", nx_index_errmsg); a filter that cannot be
 * understood NX_ERR_QUERY.  Caller frees *out with nx_results_free. */
nx_status nx_similar(nx_index *ix, const char *id, const char *filter, const nx_search_opts *opts,
                     nx_results **out);


/* ------------------------------------------------------------------ names */

/* What a recognised name names, from the cues in the text (titles and
 * roles, corporate suffixes, words such as Bank or Ministry, a gazetteer
 * of places): docs/newsidx.1 and the README say how. */
typedef enum nx_name_type {
    NX_NAME_OTHER = 0,      /* an event, work, product, law... or no cue at all */
    NX_NAME_PERSON = 1,
    NX_NAME_ORG = 2,
    NX_NAME_PLACE = 3
} nx_name_type;

/* "person", "organisation", "place", "other" (static strings). */
const char *nx_name_type_name(nx_name_type t);
/* The type a name ("person", "org", "organisation", "place", "other",
 * any case) stands for; NX_ERR_INVALID for anything else. */
nx_status nx_name_type_parse(const char *s, nx_name_type *out);

/* "Who is in this story": the names that matter most to the articles
 * matching a query.  Each name has a type, the number of matching
 * articles that mention it (among the best `sample` matches), their
 * mentions of it, the number of articles in the whole index that mention
 * it, and a score:
 *     score = log(1 + idf) x sum over the sampled matches d of s_d / S_d
 * where s_d is the name's weighted mentions in d (after coreference: a
 * surname counts toward the full name; 3 in the headline, 2 in the lead,
 * 1 elsewhere), S_d the weight of d's most mentioned name, and idf =
 * log((N + 1) / (df + 0.5)) for a name in df of the index's N articles.
 * So a single article lists its principal names first, and over many
 * articles a name central to many of them beats one everywhere in the
 * index ("Reuters"). */
typedef struct nx_name_facet nx_name_facet;

typedef struct nx_names_opts {
    unsigned limit;             /* names to return (0: 20) */
    unsigned sample;            /* best matching articles to look at (0: 500, at most 10000) */
    const char *since;          /* "YYYY-MM-DD" (or YYYY, YYYY-MM), inclusive, or NULL */
    const char *until;          /* the same, or NULL */
    unsigned types;             /* names of these types only: a set of NX_NAME_TYPE_BIT(t); 0: all */
} nx_names_opts;

#define NX_NAME_TYPE_BIT(t) (1u << (unsigned)(t))

/* Fills o with the defaults (20 names from the best 500 matches, no date
 * bounds, every type). */
void nx_names_opts_init(nx_names_opts *o);

/* opts may be NULL (the defaults).  A query that cannot be understood
 * gives NX_ERR_QUERY, a bad date NX_ERR_INVALID, with the reason in
 * nx_index_errmsg.  Caller frees *out with nx_name_facet_free. */
nx_status nx_names_ex(nx_index *ix, const char *query, const nx_names_opts *opts,
                      nx_name_facet **out);
/* nx_names_ex with only limit (0: 20) and sample (0: 500) set. */
nx_status nx_names(nx_index *ix, const char *query, unsigned limit, unsigned sample,
                   nx_name_facet **out);
/* Names in the facet, best first; the accessors below take 0..count-1. */
size_t nx_name_facet_count(const nx_name_facet *f);
/* Borrowed until nx_name_facet_free; NULL if i is out of range. */
const char *nx_name_facet_name(const nx_name_facet *f, size_t i);
unsigned long nx_name_facet_docs(const nx_name_facet *f, size_t i);   /* matching articles naming it */
unsigned long nx_name_facet_total(const nx_name_facet *f, size_t i);  /* articles in the index naming it */
double nx_name_facet_score(const nx_name_facet *f, size_t i);
/* Its type, as most of the matching articles that name it type it
 * (NX_NAME_OTHER if i is out of range, and for databases indexed before
 * types were stored). */
nx_name_type nx_name_facet_type(const nx_name_facet *f, size_t i);
/* Its mentions in the matching articles looked at, after coreference. */
unsigned long nx_name_facet_mentions(const nx_name_facet *f, size_t i);
/* The title or role written before it, first seen ("Prime Minister"); ""
 * when none.  Borrowed until nx_name_facet_free. */
const char *nx_name_facet_role(const nx_name_facet *f, size_t i);
/* Matching articles looked at. */
unsigned long nx_name_facet_sampled(const nx_name_facet *f);
/* Frees the facet and its strings (NULL is fine). */
void nx_name_facet_free(nx_name_facet *f);

#if defined(__GNUC__)
#pragma GCC visibility pop
#endif

#ifdef __cplusplus
}
#endif
#endif /* NEWSIDX_H */

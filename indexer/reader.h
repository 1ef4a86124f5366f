/*
 * reader.h — format readers: bytes of one input file in, articles out.
 *
 * A reader never touches the database: it calls sink->article once per
 * article (the nx_article and every string in it are borrowed for the
 * duration of that call only) and sink->warn for each problem, with the file
 * name and a line number where one helps.  A malformed article is reported
 * and skipped; the reader goes on with the next one.
 *
 * Input has already been through nx_load_file (load.h): valid UTF-8, no NUL
 * bytes.  path is the absolute path, used in messages and to derive ids.
 *
 * Ids: an article's own id when the format has one (JSON "id", Reuters
 * NEWID, prefixed "reuters-"); otherwise "<path>" for one-article files and
 * "<path>#<n>" (1-based position) for multi-article files.
 */
#ifndef NX_READER_H
#define NX_READER_H

#include <stddef.h>
#include "newsidx.h"
#include "lib/date.h"   /* nx_normalise_date and the calendar */

typedef struct nx_reader_sink {
    void *ctx;
    /* Return NX_OK to go on; any other status stops the reader, which then
     * returns that status. */
    nx_status (*article)(void *ctx, const nx_article *a);
    void (*warn)(void *ctx, const char *path, long line, const char *message);
    /* 1: the file was named on its own, not found in a folder the user
     * gave, so its folder ("/tmp", "Downloads") is no section. */
    int no_folder_section;
    /* A site's own keys for the keyed formats (JSON, CSV):
     * "title=hed,body=story_text" (nx_writer_opts.fields); NULL: none. */
    const char *fields;
    /* A CSV file's columns in order, "topic,title,body" (field names or
     * keys; "-" or "" skips a column): the file has no header row.  NULL:
     * its first row is the header. */
    const char *csv_columns;
    /* 1: JSON is read as JSON Lines whatever the name (standard input). */
    int json_lines;
    /* Told once for each article the reader drops with a warning (a bad
     * line, a truncated story); NULL: not counted. */
    void (*skip)(void *ctx);
} nx_reader_sink;

typedef enum nx_format {
    NX_FORMAT_UNKNOWN = 0,
    NX_FORMAT_TEXT,
    NX_FORMAT_JSON,    /* JSON Lines, or one JSON array / object */
    NX_FORMAT_HTML,
    NX_FORMAT_SGML,    /* Reuters-21578 */
    NX_FORMAT_CSV      /* RFC 4180, a header row or nx_reader_sink.csv_columns */
} nx_format;

/* By extension, then by a look at the content: JSON, SGML and HTML are
 * recognised by their first bytes whatever the name; a name without an
 * extension is otherwise text, and one with an extension no reader knows
 * (".pdf", ".dat") is NX_FORMAT_UNKNOWN: guessing would index a binary
 * or a spreadsheet as one article. */
nx_format nx_detect_format(const char *path, const char *data, size_t len);
const char *nx_format_name(nx_format f);
/* The format called name ("text", "json", "html", "sgml", "csv"), or
 * NX_FORMAT_UNKNOWN. */
nx_format nx_format_from_name(const char *name);
/* 1 when a file called name goes to a reader by its extension alone (what
 * a folder walk reads). */
int nx_format_known_extension(const char *name);

/* Per-format readers.  Return NX_OK when the file was read (even if some
 * articles were skipped with warnings), NX_ERR_FORMAT when nothing usable was
 * in it (a warning has then been given), or the sink's status. */
nx_status nx_read_text(const char *path, const char *data, size_t len, const nx_reader_sink *s);
nx_status nx_read_json(const char *path, const char *data, size_t len, const nx_reader_sink *s);
nx_status nx_read_html(const char *path, const char *data, size_t len, const nx_reader_sink *s);
nx_status nx_read_sgml(const char *path, const char *data, size_t len, const nx_reader_sink *s);
nx_status nx_read_csv(const char *path, const char *data, size_t len, const nx_reader_sink *s);

/* Reads data as format f (NX_FORMAT_UNKNOWN: detected).  A format that
 * cannot be recognised is one warning and NX_ERR_FORMAT. */
nx_status nx_read_as(nx_format f, const char *path, const char *data, size_t len,
                     const nx_reader_sink *s);
/* Detects and dispatches. */
nx_status nx_read_any(const char *path, const char *data, size_t len, const nx_reader_sink *s);



#endif

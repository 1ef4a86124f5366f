/*
 * reader_fields.h — the article fields that keyed formats (JSON, CSV) fill
 * by name: the field names, the keys each is known under, a site's own
 * keys (nx_writer_opts.fields, "title=hed,body=story_text"), and the
 * record a reader fills and hands on as an nx_article.
 *
 * One table for every keyed reader, so a JSON key and a CSV header name
 * mean the same field.  Private to indexer/; the record owns its strings
 * until nx_rf_record_free.
 */
#ifndef NX_READER_FIELDS_H
#define NX_READER_FIELDS_H

#include "indexer/reader_util.h"

enum { NX_RF_ID, NX_RF_TITLE, NX_RF_BODY, NX_RF_BYLINE, NX_RF_DATE, NX_RF_SOURCE, NX_RF_URL,
       NX_RF_SECTION, NX_RF_TAGS, NX_RF_PEOPLE, NX_RF_PLACES, NX_RF_ORGS, NX_RF_DATELINE,
       NX_RF_COUNT };

/* The four list fields, in nx_rf_record.list order. */
#define NX_RF_NLISTS 4
/* Index of field f in nx_rf_record.list, or -1 when f is a scalar. */
int nx_rf_list_index(int f);

/* A site's own key for each field ("" when none). */
typedef struct nx_rf_map {
    char custom[NX_RF_COUNT][64];
} nx_rf_map;

/* Fills m from spec ("field=key,field=key"; NULL or "" for none).  Bad
 * entries are reported through s (naming path) and ignored. */
void nx_rf_map_parse(nx_rf_map *m, const char *spec, const nx_reader_sink *s, const char *path);

/* The keys field f is looked up under, site key first: keys[0..return). */
size_t nx_rf_keys(const nx_rf_map *m, int f, const char *keys[8]);

/* The field a key (a JSON key, a CSV header cell, a --csv-columns name)
 * stands for: a site key, else a field name or one of its usual keys;
 * case-insensitive.  -1 when none. */
int nx_rf_field_of(const nx_rf_map *m, const char *key, size_t n);

/* Checks a CSV column list (nx_writer_opts.csv_columns) against the
 * fields and the site keys of fields_spec: 0, or -1 with a message naming
 * the column in err (NX_ERRMSG_MAX bytes). */
int nx_rf_check_columns(const char *fields_spec, const char *columns, char *err);

/* One article's fields as a reader collects them. */
typedef struct nx_rf_record {
    nx_sbuf str[NX_RF_COUNT];          /* scalar fields (id, title, ...) */
    nx_strlist list[NX_RF_NLISTS];     /* tags, people, places, orgs */
    char date[32];                     /* normalised, "" when none */
} nx_rf_record;

void nx_rf_record_reset(nx_rf_record *r);
void nx_rf_record_free(nx_rf_record *r);
/* 1 when an allocation failed while filling r. */
int nx_rf_record_oom(const nx_rf_record *r);
/* Sets field f from text s[0..n): scalars are appended (trimmed), lists
 * split on commas, a date normalised (0 returned when it cannot be read,
 * r->date left empty).  Returns 1, 0 for a bad date, -1 out of memory. */
int nx_rf_record_set(nx_rf_record *r, int f, const char *s, size_t n);
/* Points a at r's fields (a borrows r); path is the article's file. */
void nx_rf_record_article(const nx_rf_record *r, const char *path, nx_article *a);

#endif

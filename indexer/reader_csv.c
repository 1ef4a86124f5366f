/*
 * reader_csv.c — CSV articles (RFC 4180, through libcsv): one article per
 * row.
 *
 * The columns are fields as in JSON (reader_fields.c: "title",
 * "headline", a site's own key from nx_writer_opts.fields...).  They are
 * named by the file's first row, or, for a file without a header (the AG
 * News set), by nx_reader_sink.csv_columns in column order.  A header that
 * names neither a title nor a body column is no header: the file is
 * skipped with a warning that says to give the columns.  Columns no field
 * takes are ignored; a list field ("topic", "tags") is split on commas.
 *
 * libcsv is fed one line at a time so that each warning can name the line
 * a row starts on (a quoted field may span lines).  A row with neither
 * title nor body is reported and skipped; an unreadable date is reported
 * and the row kept without it; an unterminated quote at the end of the
 * file loses only that last row.  Ids: the row's own id column, else
 * "<path>#<n>", n the row's 1-based position after the header.
 */
#include "indexer/reader.h"
#include "indexer/reader_fields.h"

#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NX_CSV_MAX_COLUMNS 256

typedef struct csv_ctx {
    const char *path;
    const nx_reader_sink *sink;
    nx_rf_map map;
    nx_rf_record rec;
    int col_field[NX_CSV_MAX_COLUMNS];   /* the field of each column, -1: none */
    size_t ncols;                        /* columns named (header or csv_columns) */
    int have_columns;                    /* 0 until the header row is read */
    size_t cell;                         /* cell index within the current row */
    int bad_date;                        /* the row's date could not be read */
    long line;                           /* line being fed */
    long row_line;                       /* line the current row started on */
    long rows;                           /* data rows seen */
    long emitted;
    int row_open;
    nx_status st;                        /* a sink or memory failure: stop */
    nx_strlist header;                   /* the header's cells, for messages */
} csv_ctx;

static int column_field(const csv_ctx *c, const char *name, size_t n)
{
    nx_rd_trim(&name, &n);
    if (n == 0 || (n == 1 && name[0] == '-'))
        return -1;
    return nx_rf_field_of(&c->map, name, n);
}

static int names_text(const csv_ctx *c)
{
    for (size_t i = 0; i < c->ncols; i++)
        if (c->col_field[i] == NX_RF_TITLE || c->col_field[i] == NX_RF_BODY)
            return 1;
    return 0;
}

/* Names the columns from csv_columns; 0 when one names no field. */
static int columns_from_spec(csv_ctx *c, const char *spec)
{
    const char *p = spec;
    for (;;) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (c->ncols == NX_CSV_MAX_COLUMNS)
            break;
        int f = column_field(c, p, n);
        const char *t = p;
        size_t tn = n;
        nx_rd_trim(&t, &tn);
        if (f < 0 && tn > 0 && !(tn == 1 && *t == '-')) {
            nx_rd_warnf(c->sink, c->path, 0, "CSV columns: \"%.*s\" is no article field", (int)tn, t);
            return 0;
        }
        c->col_field[c->ncols++] = f;
        if (!e)
            break;
        p = e + 1;
    }
    c->have_columns = 1;
    if (!names_text(c)) {
        nx_rd_warnf(c->sink, c->path, 0, "CSV columns \"%.80s\" name no title or body column", spec);
        return 0;
    }
    return 1;
}

static void on_cell(void *s, size_t n, void *ctx)
{
    csv_ctx *c = ctx;
    if (c->st != NX_OK)
        return;
    if (!c->row_open) {
        c->row_open = 1;
        c->row_line = c->line;
        c->cell = 0;
        c->bad_date = 0;
        nx_rf_record_reset(&c->rec);
    }
    size_t i = c->cell++;
    if (!c->have_columns) {
        if (nx_sl_push(&c->header, s ? s : "", s ? n : 0) != 0)
            c->st = NX_ERR_NOMEM;
        if (i < NX_CSV_MAX_COLUMNS)
            c->col_field[c->ncols++] = s ? column_field(c, s, n) : -1;
        return;
    }
    if (i >= c->ncols || c->col_field[i] < 0 || !s)
        return;
    int f = c->col_field[i];
    if (f != NX_RF_DATE && nx_rf_list_index(f) < 0 && c->rec.str[f].len)
        nx_sb_puts(&c->rec.str[f], f == NX_RF_BODY ? "\n\n" : " ");
    int r = nx_rf_record_set(&c->rec, f, s, n);
    if (r < 0)
        c->st = NX_ERR_NOMEM;
    else if (r == 0) {
        c->bad_date = 1;
        nx_rd_warnf(c->sink, c->path, c->row_line, "row %ld: cannot understand date \"%.60s\"",
                    c->rows + 1, (const char *)s);
    }
}

static void on_row(int term, void *ctx)
{
    (void)term;
    csv_ctx *c = ctx;
    if (c->st != NX_OK || !c->row_open)
        return;
    c->row_open = 0;
    if (!c->have_columns) {
        c->have_columns = 1;
        if (!names_text(c))
            c->st = NX_ERR_FORMAT;   /* reported by nx_read_csv */
        return;
    }
    long row = ++c->rows;
    if (c->cell != c->ncols)
        nx_rd_warnf(c->sink, c->path, c->row_line, "row %ld: %zu cells where the columns are %zu", row,
                    c->cell, c->ncols);
    if (!c->rec.str[NX_RF_TITLE].len && !c->rec.str[NX_RF_BODY].len) {
        nx_rd_skipf(c->sink, c->path, c->row_line, "row %ld: no title or body, skipped", row);
        return;
    }
    if (!c->rec.str[NX_RF_ID].len) {
        char num[32];
        snprintf(num, sizeof num, "#%ld", row);
        nx_sb_puts(&c->rec.str[NX_RF_ID], c->path);
        nx_sb_puts(&c->rec.str[NX_RF_ID], num);
    }
    if (nx_rf_record_oom(&c->rec)) {
        c->st = NX_ERR_NOMEM;
        return;
    }
    nx_article a;
    nx_rf_record_article(&c->rec, c->path, &a);
    c->emitted++;
    c->st = c->sink->article(c->sink->ctx, &a);
}

nx_status nx_read_csv(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    if (!path || !data || !s || !s->article)
        return NX_ERR_INVALID;
    csv_ctx *c = calloc(1, sizeof *c);
    if (!c)
        return NX_ERR_NOMEM;
    c->path = path;
    c->sink = s;
    c->st = NX_OK;
    nx_rf_map_parse(&c->map, s->fields, s, path);
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(c);
        return NX_ERR_NOMEM;
    }
    nx_status st = NX_OK;
    if (s->csv_columns && *s->csv_columns && !columns_from_spec(c, s->csv_columns))
        st = NX_ERR_FORMAT;
    size_t pos = 0;
    while (st == NX_OK && pos < len && c->st == NX_OK) {
        const char *nl = memchr(data + pos, '\n', len - pos);
        size_t n = nl ? (size_t)(nl - (data + pos)) + 1 : len - pos;
        c->line++;
        if (csv_parse(&p, data + pos, n, on_cell, on_row, c) != n) {
            nx_rd_warnf(s, path, c->line, "CSV: %s", csv_strerror(csv_error(&p)));
            c->st = csv_error(&p) == CSV_ENOMEM ? NX_ERR_NOMEM : NX_ERR_FORMAT;
        }
        pos += n;
    }
    /* libcsv's csv_fini hands an unterminated quoted field on as if it
     * were closed (CSV_STRICT_FINI acts only in strict mode, which stops
     * at the first stray quote); its public state says so: still inside a
     * quoted field (pstate FIELD_BEGUN, 2) at the end.  That last row is
     * a truncated one: dropped, not indexed half. */
    if (st == NX_OK && c->st == NX_OK) {
        if (p.quoted && p.pstate == 2)
            nx_rd_skipf(s, path, c->row_open ? c->row_line : c->line,
                        "unterminated quoted field; the row starting here is skipped");
        else
            csv_fini(&p, on_cell, on_row, c);
    }
    csv_free(&p);
    if (st == NX_OK)
        st = c->st;
    if (st == NX_ERR_FORMAT && c->header.n && !names_text(c)) {
        nx_sbuf shown = {0};
        for (size_t i = 0; i < c->header.n && i < 8; i++) {
            if (i)
                nx_sb_puts(&shown, ",");
            nx_sb_puts(&shown, c->header.v[i]);
        }
        nx_rd_warnf(s, path, 1,
                    "the first row (%.120s) names no title or body column: a file without a header "
                    "needs its columns given (--csv-columns topic,title,body)",
                    nx_sb_str(&shown));
        nx_sb_free(&shown);
    } else if (st == NX_OK && c->emitted == 0) {
        nx_rd_warnf(s, path, 0, "no usable articles");
        st = NX_ERR_FORMAT;
    }
    nx_rf_record_free(&c->rec);
    nx_sl_free(&c->header);
    free(c);
    return st;
}

/*
 * reader_text.c — plain-text articles, one per file (the BBC corpus shape,
 * and the project's samples/text).
 *
 * Convention:
 *   line 1 (first non-empty)  the headline; but a long first line that
 *                             ends with a full stop is a lead paragraph,
 *                             not a headline: its first sentence is the
 *                             headline and the lead opens the body
 *   optional header lines right after it (blank lines between are fine):
 *       By Jane Doe              byline (a short line starting "By ")
 *       Date: 2025-03-14         any form nx_normalise_date understands
 *       Source: The Courier      publication
 *       Section: politics        otherwise the name of the file's folder
 *       Tags: budget, tax        comma-separated
 *       URL: https://...
 *   the body: everything after, leading blank lines skipped.
 * A dateline opening the body ("LONDON:", "LONDON, March 3 -",
 * "Washington (Reuters) -") is copied to the article's dateline as written
 * and stays in the body.  The id is the path.
 */
#include "indexer/reader.h"
#include "indexer/reader_util.h"

#include <string.h>
#include <strings.h>

typedef struct text_fields {
    nx_sbuf title, body, byline, source, section, url;
    nx_strlist tags;
    char date[32];
    char dateline[64];
    int oom;
} text_fields;

/* Next line of data from *pos, without its "\n" or "\r\n". */
static int next_line(const char *data, size_t len, size_t *pos, const char **ls, size_t *ll)
{
    if (*pos >= len)
        return 0;
    const char *s = data + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    size_t n = nl ? (size_t)(nl - s) : len - *pos;
    *pos += n + (nl ? 1 : 0);
    if (n > 0 && s[n - 1] == '\r')
        n--;
    *ls = s;
    *ll = n;
    return 1;
}

static int is_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!nx_rd_isspace((unsigned char)s[i]))
            return 0;
    return 1;
}

static int has_words(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80)
            return 1;
    }
    return 0;
}

/* "By Jane Doe": short, few words, not a sentence (a body paragraph that
 * happens to start with "By contrast, ..." is long and ends in a stop). */
static int byline_value(const char *s, size_t n, const char **v, size_t *vn)
{
    nx_rd_trim(&s, &n);
    if (n < 4 || n > 80 || strncasecmp(s, "by ", 3) != 0 || s[n - 1] == '.')
        return 0;
    size_t words = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] == ' ')
            words++;
    if (words > 9)
        return 0;
    *v = s + 3;
    *vn = n - 3;
    nx_rd_trim(v, vn);
    return *vn > 0;
}

/* Applies one header line; returns 0 if the line is not a header. */
static int apply_header(text_fields *f, const char *s, size_t n, const char *path, long lineno,
                        const nx_reader_sink *sink)
{
    static const char *const keys[] = {"date", "source", "section", "tags", "url", "byline"};
    const char *v;
    size_t vn;
    if (byline_value(s, n, &v, &vn)) {
        nx_sb_reset(&f->byline);
        nx_sb_putn(&f->byline, v, vn);
        return 1;
    }
    const char *colon = memchr(s, ':', n < 16 ? n : 16);
    if (!colon)
        return 0;
    size_t kl = (size_t)(colon - s);
    size_t k;
    for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
        if (kl == strlen(keys[k]) && strncasecmp(s, keys[k], kl) == 0)
            break;
    if (k == sizeof keys / sizeof keys[0])
        return 0;
    v = colon + 1;
    vn = n - kl - 1;
    nx_rd_trim(&v, &vn);
    nx_sbuf tmp = {0};
    switch (k) {
    case 0:
        nx_sb_putn(&tmp, v, vn);
        if (!nx_normalise_date(nx_sb_str(&tmp), f->date, sizeof f->date)) {
            f->date[0] = '\0';
            nx_rd_warnf(sink, path, lineno, "cannot understand date \"%.60s\"",
                        nx_sb_str(&tmp));
        }
        nx_sb_free(&tmp);
        break;
    case 1: nx_sb_reset(&f->source); nx_sb_putn(&f->source, v, vn); break;
    case 2: nx_sb_reset(&f->section); nx_sb_putn(&f->section, v, vn); break;
    case 3:
        if (nx_sl_push_split(&f->tags, v, vn) != 0)
            f->oom = 1;
        break;
    case 4: nx_sb_reset(&f->url); nx_sb_putn(&f->url, v, vn); break;
    default: nx_sb_reset(&f->byline); nx_sb_putn(&f->byline, v, vn); break;
    }
    return 1;
}

static int is_upper_start(unsigned char c)
{
    return (c >= 'A' && c <= 'Z') || c >= 0x80;
}

/* Length of a dash ("-", "--", en or em dash) at s, 0 if none. */
static size_t dash_len(const char *s, size_t n)
{
    if (n >= 2 && s[0] == '-' && s[1] == '-')
        return 2;
    if (n >= 1 && s[0] == '-')
        return 1;
    if (n >= 3 && (unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94))
        return 3;
    return 0;
}

/* Every word starts with a capital (or is all capitals when caps is set). */
static int place_ok(const char *s, size_t n, int caps)
{
    int letters = 0, at_word = 1;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ') {
            at_word = 1;
            continue;
        }
        if (at_word && !is_upper_start(c))
            return 0;
        if (caps && c >= 'a' && c <= 'z')
            return 0;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80)
            letters++;
        at_word = 0;
    }
    return letters >= 2;
}

/* Finds a dateline at the start of the body's first line. */
static int find_dateline(const char *s, size_t n, char *out, size_t outsz)
{
    size_t i = 0;
    while (i < n && i < 40) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80 && dash_len(s + i, n - i))
            break;   /* an en or em dash ends the place name */
        if (c == '-' && i > 0 && s[i - 1] == ' ' && i + 1 < n && (s[i + 1] == ' ' || s[i + 1] == '-'))
            break;   /* so does a spaced hyphen ("LONDON - "); "Saint-Denis" does not */
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c >= 0x80 ||
            c == ' ' || c == '.' || c == '-' || c == '\'')
            i++;
        else
            break;
    }
    if (i == 0 || i >= n || !is_upper_start((unsigned char)s[0]))
        return 0;
    const char *place = s;
    size_t pl = i;
    nx_rd_trim(&place, &pl);
    while (pl > 0 && place[pl - 1] == '-')  /* "LONDON -" scanned the dash */
        pl--;
    nx_rd_trim(&place, &pl);
    const char *r = s + i;
    size_t rn = n - i;
    int ok = 0;
    if (r[0] == ':') {
        ok = place_ok(place, pl, 1);
    } else if (r[0] == ',') {
        /* ", March 3 -" */
        const char *q = r + 1;
        while (q < s + n && *q == ' ')
            q++;
        size_t wl = 0;
        while (q + wl < s + n && ((q[wl] >= 'a' && q[wl] <= 'z') || (q[wl] >= 'A' && q[wl] <= 'Z')))
            wl++;
        if (nx_month_from_name(q, wl)) {
            q += wl;
            if (q < s + n && *q == '.')
                q++;
            while (q < s + n && *q == ' ')
                q++;
            size_t dl = 0;
            while (q + dl < s + n && dl < 3 && q[dl] >= '0' && q[dl] <= '9')
                dl++;
            q += dl;
            while (q < s + n && *q == ' ')
                q++;
            ok = dl > 0 && dash_len(q, (size_t)(s + n - q)) && place_ok(place, pl, 0);
        }
    } else if (r[0] == '(') {
        /* " (Reuters) -" */
        const char *close = memchr(r, ')', rn < 32 ? rn : 32);
        if (close) {
            const char *q = close + 1;
            while (q < s + n && *q == ' ')
                q++;
            ok = dash_len(q, (size_t)(s + n - q)) && place_ok(place, pl, 0);
        }
    } else if (dash_len(r, rn)) {
        ok = place_ok(place, pl, 1);   /* "LONDON - " */
    }
    if (!ok || pl == 0 || pl >= outsz)
        return 0;
    memcpy(out, place, pl);
    out[pl] = '\0';
    return 1;
}

static void fields_free(text_fields *f)
{
    nx_sb_free(&f->title);
    nx_sb_free(&f->body);
    nx_sb_free(&f->byline);
    nx_sb_free(&f->source);
    nx_sb_free(&f->section);
    nx_sb_free(&f->url);
    nx_sl_free(&f->tags);
}

static const char *opt(const nx_sbuf *b)
{
    return b->len ? b->p : NULL;
}

static nx_status emit(const char *path, text_fields *f, const nx_reader_sink *s)
{
    char folder[256];
    nx_article a;
    memset(&a, 0, sizeof a);
    a.id = path;
    a.path = path;
    a.title = opt(&f->title);
    a.body = opt(&f->body);
    a.byline = opt(&f->byline);
    a.source = opt(&f->source);
    a.url = opt(&f->url);
    a.date = f->date[0] ? f->date : NULL;
    a.dateline = f->dateline[0] ? f->dateline : NULL;
    a.section = opt(&f->section);
    if (!a.section && !s->no_folder_section && nx_rd_parent_name(path, folder, sizeof folder))
        a.section = folder;
    a.tags = (const char *const *)f->tags.v;
    a.n_tags = f->tags.n;
    return s->article(s->ctx, &a);
}

/* Longer than any headline we have seen (the BBC's run to 70 bytes,
 * Reuters' to 110) and ending as a sentence ends: the file has no
 * headline and starts with its lead paragraph. */
#define NX_LEAD_MIN_BYTES 140

static int ends_sentence(const char *s, size_t n)
{
    while (n && (s[n - 1] == '"' || s[n - 1] == '\'' || s[n - 1] == ')' ||
                 (n >= 3 && (unsigned char)s[n - 3] == 0xE2 && (unsigned char)s[n - 2] == 0x80 &&
                  ((unsigned char)s[n - 1] == 0x9D || (unsigned char)s[n - 1] == 0x99))))
        n -= (unsigned char)s[n - 1] >= 0x80 ? 3 : 1;   /* closing quotes: ” ’ */
    return n && (s[n - 1] == '.' || s[n - 1] == '!' || s[n - 1] == '?');
}

static int is_lead(const char *s, size_t n)
{
    return n >= NX_LEAD_MIN_BYTES && ends_sentence(s, n);
}

/* The word before s[i] (a full stop) is an abbreviation or an initial
 * ("Mr.", "U.S.", "J. Smith"), so the sentence goes on. */
static int abbreviation_before(const char *s, size_t i)
{
    static const char *const abbr[] = { "Mr", "Mrs", "Ms", "Dr", "St", "Jr", "Sr", "Prof", "Gen", "Sen",
                                        "Rep", "Gov", "Lt", "Col", "Capt", "No", "Inc", "Ltd", "Co",
                                        "Corp", "vs", "etc", NULL };
    size_t b = i;
    while (b > 0 && !nx_rd_isspace((unsigned char)s[b - 1]) && s[b - 1] != '(')
        b--;
    size_t w = i - b;
    if (w == 1 || memchr(s + b, '.', w))
        return 1;   /* an initial, or dotted letters */
    for (const char *const *a = abbr; *a; a++)
        if (strlen(*a) == w && strncmp(s + b, *a, w) == 0)
            return 1;
    return 0;
}

/* The length of the first sentence of s[0..n): through the first . ! ?
 * that is followed by a space and a capital letter or a quote. */
static size_t first_sentence(const char *s, size_t n)
{
    for (size_t i = 1; i + 2 < n; i++) {
        if (s[i] != '.' && s[i] != '!' && s[i] != '?')
            continue;
        unsigned char next = (unsigned char)s[i + 2];
        if (s[i + 1] != ' ' || !((next >= 'A' && next <= 'Z') || next == '"' || next == 0xE2))
            continue;
        if (s[i] == '.' && abbreviation_before(s, i))
            continue;
        return i + 1;
    }
    return n;
}

nx_status nx_read_text(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    if (!path || !data || !s || !s->article)
        return NX_ERR_INVALID;
    if (!has_words(data, len)) {
        nx_rd_warnf(s, path, 0, "no text");
        return NX_ERR_FORMAT;
    }
    text_fields f;
    memset(&f, 0, sizeof f);
    size_t pos = 0;
    const char *ls;
    size_t ll;
    long lineno = 0;
    while (next_line(data, len, &pos, &ls, &ll)) {   /* headline */
        lineno++;
        if (!is_blank(ls, ll)) {
            nx_rd_trim(&ls, &ll);
            break;
        }
    }
    int in_headers = 1, body_started = 0;
    if (ll && is_lead(ls, ll)) {
        /* No headline: the first sentence stands for one, and the lead
         * stays the body's first paragraph, so snippets have it. */
        size_t hl = first_sentence(ls, ll);
        nx_sb_putn(&f.title, ls, hl);
        nx_sb_rtrim(&f.title);
        in_headers = 0;
        body_started = 1;
        find_dateline(ls, ll, f.dateline, sizeof f.dateline);
        nx_sb_putn(&f.body, ls, ll);
        nx_sb_puts(&f.body, "\n");
    } else {
        nx_sb_putn(&f.title, ls, ll);
    }
    while (next_line(data, len, &pos, &ls, &ll)) {
        lineno++;
        if (!body_started && is_blank(ls, ll))
            continue;
        if (in_headers && apply_header(&f, ls, ll, path, lineno, s))
            continue;
        in_headers = 0;
        if (!body_started) {
            body_started = 1;
            find_dateline(ls, ll, f.dateline, sizeof f.dateline);
        }
        nx_sb_putn(&f.body, ls, ll);
        nx_sb_putc(&f.body, '\n');
    }
    nx_sb_rtrim(&f.body);
    nx_status st;
    if (f.title.oom || f.body.oom || f.byline.oom || f.source.oom || f.section.oom ||
        f.url.oom || f.oom) {
        st = NX_ERR_NOMEM;
    } else {
        st = emit(path, &f, s);
    }
    fields_free(&f);
    return st;
}

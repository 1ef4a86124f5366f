/*
 * reader_sgml.c — Reuters-21578 SGML (reut2-*.sgm), parsed by hand in one
 * forward pass (memmem/memchr, no regex, no DOM): the files are SGML, not
 * XML — no root element, raw '>' in text, control-code character
 * references — so an XML parser would reject them.
 *
 * Per <REUTERS NEWID="n"> story:
 *   id        "reuters-<NEWID>" ("<path>#<n>" if a story has no NEWID)
 *   date      <DATE>, normalised ("26-FEB-1987 15:01:01.79", wire noise after it ignored)
 *   tags      <TOPICS><D>..</D></TOPICS>; places, people from PLACES, PEOPLE
 *   orgs      <ORGS> and <EXCHANGES> together: an exchange (nyse, lse) is an
 *             organisation, and a separate list would have no field to go to
 *   title     <TITLE> (BRIEF stories have only this; their "Blah blah blah."
 *             filler is not a body)
 *   dateline  <DATELINE> without the trailing date: "SALVADOR, Feb 26 - " -> "SALVADOR"
 *   byline    <AUTHOR> without "By " and ", Reuters" (the source says that)
 *   body      <BODY>, or for TYPE="UNPROC" the whole TEXT; the " Reuter"
 *             sign-off is removed
 *   source    "Reuters"
 * Character references: &lt; &gt; &amp; &quot; &apos; and numeric ones are
 * decoded; control codes (&#2; &#3; &#5; &#22; ... &#127;) are dropped.
 * A story cut off before </REUTERS> is reported with its line and skipped.
 */
#include "indexer/reader.h"
#include "indexer/reader_util.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct story {
    nx_sbuf title, body, byline, dateline, tmp, id;
    nx_strlist tags, places, people, orgs;
    char date[32];
    int oom;
} story;

typedef struct scan {
    const char *path;
    const char *data;
    size_t len;
    const nx_reader_sink *sink;
    const char *line_pos;  /* line counting is incremental: stories come in order */
    long line;
} scan;

/* First needle in [s, end) (memmem is a GNU extension; this is portable). */
static const char *find(const char *s, const char *end, const char *needle)
{
    size_t nl = strlen(needle);
    while (s && s < end && (size_t)(end - s) >= nl) {
        const char *c = memchr(s, needle[0], (size_t)(end - s) - nl + 1);
        if (!c)
            return NULL;
        if (memcmp(c, needle, nl) == 0)
            return c;
        s = c + 1;
    }
    return NULL;
}

static long line_at(scan *sc, const char *p)
{
    while (sc->line_pos < p) {
        const char *nl = memchr(sc->line_pos, '\n', (size_t)(p - sc->line_pos));
        if (!nl) {
            sc->line_pos = p;
            break;
        }
        sc->line++;
        sc->line_pos = nl + 1;
    }
    return sc->line;
}

/* Content of <open>...</close> inside [s, end): sets *cs, *ce. */
static int element(const char *s, const char *end, const char *open, const char *close,
                   const char **cs, const char **ce)
{
    const char *o = find(s, end, open);
    if (!o)
        return 0;
    o += strlen(open);
    const char *c = find(o, end, close);
    *cs = o;
    *ce = c ? c : end;
    return 1;
}

/* Decodes one reference at s (s[0] == '&'); returns bytes consumed, 0 if
 * it is not a reference (the '&' is then literal). */
static size_t decode_ref(nx_sbuf *b, const char *s, const char *end)
{
    static const struct { const char *name; char c; } named[] = {
        {"&lt;", '<'}, {"&gt;", '>'}, {"&amp;", '&'}, {"&quot;", '"'}, {"&apos;", '\''}};
    size_t avail = (size_t)(end - s);
    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++) {
        size_t nl = strlen(named[i].name);
        if (avail >= nl && memcmp(s, named[i].name, nl) == 0) {
            nx_sb_putc(b, named[i].c);
            return nl;
        }
    }
    if (avail < 3 || s[1] != '#')
        return 0;
    size_t i = 2;
    int hex = (s[2] == 'x' || s[2] == 'X');
    if (hex)
        i++;
    unsigned long cp = 0;
    size_t digits = 0;
    for (; i < avail && digits < 8; i++, digits++) {
        char c = s[i];
        int v;
        if (c >= '0' && c <= '9')
            v = c - '0';
        else if (hex && c >= 'a' && c <= 'f')
            v = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F')
            v = c - 'A' + 10;
        else
            break;
        cp = cp * (hex ? 16 : 10) + (unsigned long)v;
    }
    if (digits == 0)
        return 0;
    if (i < avail && s[i] == ';')
        i++;   /* SGML lets the ';' be left out */
    /* Wire control codes mark record structure, not text. */
    int control = (cp < 32 && cp != '\n' && cp != '\t') || (cp >= 127 && cp < 160);
    if (!control)
        nx_sb_putcp(b, cp);
    return i;
}

/* Appends [s, end) decoded.  collapse: whitespace runs become one space and
 * the ends are trimmed (titles, labels); otherwise line structure is kept and
 * only carriage returns go. */
static void decode(nx_sbuf *b, const char *s, const char *end, int collapse)
{
    int pending_space = 0;
    size_t start_len = b->len;
    while (s < end) {
        unsigned char c = (unsigned char)*s;
        if (collapse && nx_rd_isspace(c)) {
            pending_space = b->len > start_len;
            s++;
            continue;
        }
        if (pending_space) {
            nx_sb_putc(b, ' ');
            pending_space = 0;
        }
        if (c == '&') {
            size_t k = decode_ref(b, s, end);
            if (k) {
                s += k;
                continue;
            }
        }
        if (c == '\r') {
            s++;
            continue;
        }
        /* Copy a run of ordinary bytes at once. */
        const char *r = s + 1;
        while (r < end && *r != '&' && *r != '\r' && !(collapse && nx_rd_isspace((unsigned char)*r)))
            r++;
        nx_sb_putn(b, s, (size_t)(r - s));
        s = r;
    }
}

static int push_list(nx_strlist *l, const char *s, const char *end, nx_sbuf *tmp)
{
    const char *cs, *ce;
    while (element(s, end, "<D>", "</D>", &cs, &ce)) {
        nx_sb_reset(tmp);
        decode(tmp, cs, ce, 1);
        if (nx_sl_push(l, nx_sb_str(tmp), tmp->len) != 0)
            return -1;
        s = ce;
    }
    return 0;
}

static int lists(story *st, const char *hs, const char *he)
{
    static const char *const names[5][2] = {
        {"<TOPICS>", "</TOPICS>"}, {"<PLACES>", "</PLACES>"}, {"<PEOPLE>", "</PEOPLE>"},
        {"<ORGS>", "</ORGS>"}, {"<EXCHANGES>", "</EXCHANGES>"}};
    nx_strlist *dest[5] = {&st->tags, &st->places, &st->people, &st->orgs, &st->orgs};
    for (int i = 0; i < 5; i++) {
        const char *cs, *ce;
        if (element(hs, he, names[i][0], names[i][1], &cs, &ce) &&
            push_list(dest[i], cs, ce, &st->tmp) != 0)
            return -1;
    }
    return 0;
}

/* "SALVADOR, Feb 26 -" -> "SALVADOR": the date is a month name and digits
 * at the end, usually after the last comma ("JOHANNESBURG March 13" and a
 * bare "APRIL 7" or "MAR8" occur too; the latter leave no place at all). */
static void clean_dateline(nx_sbuf *d)
{
    while (d->len > 0 && (d->p[d->len - 1] == '-' || d->p[d->len - 1] == ' '))
        d->len--;
    if (d->p)
        d->p[d->len] = '\0';
    for (size_t i = 0; i < d->len; i++) {
        if (i > 0 && d->p[i - 1] != ' ' && d->p[i - 1] != ',')
            continue;
        size_t wl = 0;
        while ((d->p[i + wl] >= 'a' && d->p[i + wl] <= 'z') ||
               (d->p[i + wl] >= 'A' && d->p[i + wl] <= 'Z'))
            wl++;
        if (wl == 0 || !nx_month_from_name(d->p + i, wl))
            continue;
        size_t k = i + wl, digits = 0;
        if (d->p[k] == '.')
            k++;
        for (; k < d->len && (d->p[k] == ' ' || (d->p[k] >= '0' && d->p[k] <= '9')); k++)
            digits += d->p[k] != ' ';
        if (k == d->len && digits > 0) {
            d->len = i;
            while (d->len > 0 && (d->p[d->len - 1] == ' ' || d->p[d->len - 1] == ','))
                d->len--;
            d->p[d->len] = '\0';
            return;
        }
    }
    /* Text run into the dateline ("LONDON, April 1 - Enquiries..."): cut at
     * the last comma when a month and a day follow it. */
    char *comma = d->len ? strrchr(d->p, ',') : NULL;
    if (comma) {
        const char *w = comma + 1;
        while (*w == ' ')
            w++;
        size_t wl = 0;
        while ((w[wl] >= 'a' && w[wl] <= 'z') || (w[wl] >= 'A' && w[wl] <= 'Z'))
            wl++;
        if (nx_month_from_name(w, wl) && w[wl] == ' ' && w[wl + 1] >= '0' && w[wl + 1] <= '9') {
            d->len = (size_t)(comma - d->p);
            d->p[d->len] = '\0';
        }
    }
}

/* Drops the " Reuter" (REUTER, reuter, REUTER...) sign-off. */
static void strip_signoff(nx_sbuf *b)
{
    nx_sb_rtrim(b);
    size_t n = b->len;
    while (n > 0 && b->p[n - 1] == '.')
        n--;
    if (n >= 6 && strncasecmp(b->p + n - 6, "reuter", 6) == 0 &&
        (n == 6 || nx_rd_isspace((unsigned char)b->p[n - 7]))) {
        b->len = n - 6;
        b->p[b->len] = '\0';
        nx_sb_rtrim(b);
    }
}

static void clean_byline(nx_sbuf *b)
{
    const char *s = nx_sb_str(b);
    size_t n = b->len;
    if (n > 3 && strncasecmp(s, "by ", 3) == 0) {
        memmove(b->p, b->p + 3, n - 3 + 1);
        b->len -= 3;
    }
    if (b->len > 9 && strcasecmp(b->p + b->len - 9, ", reuters") == 0) {
        b->len -= 9;
        b->p[b->len] = '\0';
    }
    nx_sb_rtrim(b);
}

/* TEXT: its type decides where title and body are. */
static void text_part(story *st, const char *ts, const char *te)
{
    const char *tag_end = memchr(ts, '>', (size_t)(te - ts));
    if (!tag_end)
        return;
    int unproc = find(ts, tag_end, "UNPROC") != NULL;
    const char *cs, *ce;
    const char *s = tag_end + 1;
    const char *end = find(s, te, "</TEXT>");
    if (!end)
        end = te;
    if (unproc) {
        decode(&st->body, s, end, 0);
        strip_signoff(&st->body);
        size_t lead = 0;   /* "&#2;" then a newline open the raw text */
        while (lead < st->body.len && nx_rd_isspace((unsigned char)st->body.p[lead]))
            lead++;
        if (lead) {
            memmove(st->body.p, st->body.p + lead, st->body.len - lead + 1);
            st->body.len -= lead;
        }
        return;
    }
    if (element(s, end, "<TITLE>", "</TITLE>", &cs, &ce))
        decode(&st->title, cs, ce, 1);
    if (element(s, end, "<AUTHOR>", "</AUTHOR>", &cs, &ce)) {
        decode(&st->byline, cs, ce, 1);
        clean_byline(&st->byline);
    }
    if (element(s, end, "<DATELINE>", "</DATELINE>", &cs, &ce)) {
        decode(&st->dateline, cs, ce, 1);
        clean_dateline(&st->dateline);
    }
    if (element(s, end, "<BODY>", "</BODY>", &cs, &ce)) {
        while (cs < ce && nx_rd_isspace((unsigned char)*cs))
            cs++;
        decode(&st->body, cs, ce, 0);
        strip_signoff(&st->body);
    }
}

static void story_reset(story *st)
{
    nx_sb_reset(&st->title);
    nx_sb_reset(&st->body);
    nx_sb_reset(&st->byline);
    nx_sb_reset(&st->dateline);
    nx_sb_reset(&st->id);
    nx_sl_clear(&st->tags);
    nx_sl_clear(&st->places);
    nx_sl_clear(&st->people);
    nx_sl_clear(&st->orgs);
    st->date[0] = '\0';
}

static void story_free(story *st)
{
    nx_sb_free(&st->title);
    nx_sb_free(&st->body);
    nx_sb_free(&st->byline);
    nx_sb_free(&st->dateline);
    nx_sb_free(&st->tmp);
    nx_sb_free(&st->id);
    nx_sl_free(&st->tags);
    nx_sl_free(&st->places);
    nx_sl_free(&st->people);
    nx_sl_free(&st->orgs);
}

static void story_id(story *st, const char *tag, const char *tag_end, const char *path, long n)
{
    const char *a = find(tag, tag_end, "NEWID=");
    if (a) {
        a += 6;
        if (*a == '"')
            a++;
        const char *e = a;
        while (e < tag_end && *e >= '0' && *e <= '9')
            e++;
        if (e > a) {
            nx_sb_puts(&st->id, "reuters-");
            nx_sb_putn(&st->id, a, (size_t)(e - a));
            return;
        }
    }
    char num[32];
    snprintf(num, sizeof num, "#%ld", n);
    nx_sb_puts(&st->id, path);
    nx_sb_puts(&st->id, num);
}

static const char *opt(const nx_sbuf *b)
{
    return b->len ? b->p : NULL;
}

static nx_status parse_story(scan *sc, story *st, const char *s, const char *end, long n)
{
    story_reset(st);
    const char *tag_end = memchr(s, '>', (size_t)(end - s));
    if (!tag_end)
        tag_end = end;
    story_id(st, s, tag_end, sc->path, n);
    const char *text = find(tag_end, end, "<TEXT");
    const char *hend = text ? text : end;
    const char *cs, *ce;
    if (element(tag_end, hend, "<DATE>", "</DATE>", &cs, &ce)) {
        nx_sb_reset(&st->tmp);
        decode(&st->tmp, cs, ce, 1);
        if (!nx_normalise_date(nx_sb_str(&st->tmp), st->date, sizeof st->date)) {
            long line = line_at(sc, cs);
            nx_rd_warnf(sc->sink, sc->path, line, "cannot understand date \"%.60s\"",
                        nx_sb_str(&st->tmp));
        }
    }
    if (lists(st, tag_end, hend) != 0)
        return NX_ERR_NOMEM;
    if (text)
        text_part(st, text, end);
    if (st->title.oom || st->body.oom || st->byline.oom || st->dateline.oom ||
        st->tmp.oom || st->id.oom)
        return NX_ERR_NOMEM;
    nx_article a;
    memset(&a, 0, sizeof a);
    a.id = st->id.p;
    a.path = sc->path;
    a.source = "Reuters";
    a.title = opt(&st->title);
    a.body = opt(&st->body);
    a.byline = opt(&st->byline);
    a.dateline = opt(&st->dateline);
    a.date = st->date[0] ? st->date : NULL;
    a.tags = (const char *const *)st->tags.v;
    a.n_tags = st->tags.n;
    a.places = (const char *const *)st->places.v;
    a.n_places = st->places.n;
    a.people = (const char *const *)st->people.v;
    a.n_people = st->people.n;
    a.orgs = (const char *const *)st->orgs.v;
    a.n_orgs = st->orgs.n;
    return sc->sink->article(sc->sink->ctx, &a);
}

/* Next "<REUTERS" open tag at or after s (not "</REUTERS>"). */
static const char *next_open(const char *s, const char *end)
{
    while ((s = find(s, end, "<REUTERS")) != NULL) {
        char c = s + 8 < end ? s[8] : '\0';
        if (c == ' ' || c == '>' || c == '\n' || c == '\t' || c == '\r')
            return s;
        s += 8;
    }
    return NULL;
}

nx_status nx_read_sgml(const char *path, const char *data, size_t len, const nx_reader_sink *s)
{
    if (!path || !data || !s || !s->article)
        return NX_ERR_INVALID;
    scan sc = {path, data, len, s, data, 1};
    const char *end = data + len;
    story st;
    memset(&st, 0, sizeof st);
    nx_status rc = NX_OK;
    long n = 0, emitted = 0;
    const char *p = next_open(data, end);
    if (!p) {
        nx_rd_warnf(s, path, 0, "no Reuters stories (no <REUTERS> element)");
        return NX_ERR_FORMAT;
    }
    while (p) {
        n++;
        const char *close = find(p, end, "</REUTERS>");
        const char *next = next_open(p + 8, end);
        if (!close || (next && next < close)) {
            long line = line_at(&sc, p);
            nx_rd_skipf(s, path, line, "story %ld truncated (no </REUTERS>), skipped",
                        n);
            p = next;
            continue;
        }
        rc = parse_story(&sc, &st, p, close, n);
        if (rc != NX_OK)
            break;
        emitted++;
        p = next;
    }
    story_free(&st);
    if (rc == NX_OK && emitted == 0)
        rc = NX_ERR_FORMAT;
    return rc;
}

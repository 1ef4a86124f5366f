/*
 * date.c — the calendar of lib/date.h.  nx_normalise_date turns the date
 * forms found in news archives into one ISO 8601 UTC form,
 * "YYYY-MM-DDTHH:MM:SSZ":
 *
 * Accepted (case-insensitive, leading whitespace ignored):
 *   ISO 8601   2025-03-14, 2025-03-14T09:30, 2025-03-14 09:30:00,
 *              2025-03-14T09:30:00.25+01:00, ...Z, ...+0100 (also '/' as separator)
 *   Reuters    26-FEB-1987 15:01:01.79 (extra blanks and trailing wire noise)
 *   RFC 2822   Fri, 14 Mar 2025 09:30:00 GMT / +0000 / EST
 *   prose      14 March 2025, March 14, 2025, Mar 14th 2025 (optionally a time)
 * A zone offset is applied (the result is UTC); no zone means UTC.  Text after
 * a complete date and time is ignored: wire dates carry noise there.  Unix
 * seconds are not dates here (the JSON reader formats numbers itself).
 */
#include "lib/date.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

typedef struct dt {
    int y, mo, d, h, mi, s;
    long off;  /* seconds east of UTC */
} dt;

static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

/* Reads up to maxd digits; returns the digit count (0: none). */
static int read_num(const char **pp, int maxd, int *val)
{
    const char *p = *pp;
    int n = 0, v = 0;
    while (n < maxd && is_digit(p[n])) {
        v = v * 10 + (p[n] - '0');
        n++;
    }
    if (n == 0 || is_digit(p[n]))
        return 0;  /* none, or longer than allowed */
    *val = v;
    *pp = p + n;
    return n;
}

static size_t word_len(const char *p)
{
    size_t n = 0;
    while (n < 32 && is_alpha(p[n]))
        n++;
    return n;
}

static void skip_ws(const char **pp)
{
    while (is_space((unsigned char)**pp))
        (*pp)++;
}

int nx_month_from_name(const char *s, size_t n)
{
    static const char *const full[12] = {
        "january", "february", "march", "april", "may", "june", "july",
        "august", "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++) {
        if ((n == 3 || n == strlen(full[m])) && strncasecmp(s, full[m], n) == 0)
            return m + 1;
    }
    if (n == 4 && strncasecmp(s, "sept", 4) == 0)
        return 9;
    return 0;
}

static int is_weekday(const char *s, size_t n)
{
    static const char *const days[7] = {
        "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    for (int i = 0; i < 7; i++)
        if ((n == 3 || n == strlen(days[i])) && strncasecmp(s, days[i], n) == 0)
            return 1;
    return 0;
}

/* HH:MM[:SS[.fraction]] [am|pm] */
static int parse_time(const char **pp, dt *t)
{
    const char *p = *pp;
    if (!read_num(&p, 2, &t->h) || *p != ':')
        return 0;
    p++;
    if (read_num(&p, 2, &t->mi) != 2)
        return 0;
    t->s = 0;
    if (*p == ':' && is_digit(p[1])) {
        p++;
        if (read_num(&p, 2, &t->s) != 2)
            return 0;
        if ((*p == '.' || *p == ',') && is_digit(p[1])) {
            p++;
            while (is_digit(*p))
                p++;
        }
    }
    const char *q = p;
    skip_ws(&q);
    size_t wl = word_len(q);
    if (wl == 2 && (strncasecmp(q, "am", 2) == 0 || strncasecmp(q, "pm", 2) == 0)) {
        if (t->h < 1 || t->h > 12)
            return 0;
        int pm = (q[0] == 'p' || q[0] == 'P');
        t->h = (t->h % 12) + (pm ? 12 : 0);
        p = q + 2;
    }
    *pp = p;
    return 1;
}

/* Z, UTC, GMT, UT, +HH, +HHMM, +HH:MM, or a few common abbreviations.
 * Anything else leaves the offset at 0 (the time is taken as UTC). */
static void parse_zone(const char **pp, dt *t)
{
    static const struct { const char *name; int hours; } names[] = {
        {"Z", 0}, {"UTC", 0}, {"GMT", 0}, {"UT", 0}, {"BST", 1}, {"CET", 1},
        {"CEST", 2}, {"EST", -5}, {"EDT", -4}, {"CST", -6}, {"CDT", -5},
        {"MST", -7}, {"MDT", -6}, {"PST", -8}, {"PDT", -7}};
    const char *p = *pp;
    skip_ws(&p);
    if (*p == '+' || *p == '-') {
        int sign = *p == '-' ? -1 : 1;
        const char *q = p + 1;
        int hh, mm = 0;
        if (read_num(&q, 2, &hh) == 2 || (is_digit(q[0]) && is_digit(q[1]) && is_digit(q[2]))) {
            if (q == p + 1) {  /* +HHMM */
                hh = (q[0] - '0') * 10 + (q[1] - '0');
                q += 2;
            }
            if (*q == ':')
                q++;
            if (!read_num(&q, 2, &mm))
                mm = 0;
            if (hh <= 14 && mm < 60) {
                t->off = sign * (hh * 3600L + mm * 60L);
                *pp = q;
            }
        }
        return;
    }
    size_t wl = word_len(p);
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        if (wl == strlen(names[i].name) && strncasecmp(p, names[i].name, wl) == 0) {
            t->off = names[i].hours * 3600L;
            *pp = p + wl;
            return;
        }
    }
}

/* Optional time and zone after a date, separated by 'T', blanks or ", at". */
static void parse_clock(const char *p, dt *t)
{
    if (*p == 'T' || *p == 't') {
        p++;
    } else {
        while (is_space((unsigned char)*p) || *p == ',')
            p++;
        if (strncasecmp(p, "at ", 3) == 0)
            p += 3;
    }
    dt save = *t;
    if (!parse_time(&p, t)) {
        *t = save;
        return;
    }
    parse_zone(&p, t);
}

/* YYYY-MM-DD or YYYY/MM/DD */
static int parse_iso(const char *p, dt *t)
{
    if (read_num(&p, 4, &t->y) != 4 || (*p != '-' && *p != '/'))
        return 0;
    char sep = *p++;
    if (!read_num(&p, 2, &t->mo) || *p != sep)
        return 0;
    p++;
    if (!read_num(&p, 2, &t->d))
        return 0;
    parse_clock(p, t);
    return 1;
}

/* Month name and year after a leading day: "26-FEB-1987", "14 March 2025". */
static int parse_day_first(const char *p, dt *t)
{
    if (!read_num(&p, 2, &t->d))
        return 0;
    size_t sl = word_len(p);
    if (sl == 2 && (strncasecmp(p, "st", 2) == 0 || strncasecmp(p, "nd", 2) == 0 ||
                    strncasecmp(p, "rd", 2) == 0 || strncasecmp(p, "th", 2) == 0))
        p += 2;
    while (*p == '-' || *p == ' ' || *p == '/' || *p == '\t')
        p++;
    size_t wl = word_len(p);
    if (!(t->mo = nx_month_from_name(p, wl)))
        return 0;
    p += wl;
    if (*p == '.')
        p++;
    while (*p == '-' || *p == ' ' || *p == '/' || *p == ',' || *p == '\t')
        p++;
    if (read_num(&p, 4, &t->y) != 4)
        return 0;
    parse_clock(p, t);
    return 1;
}

/* "March 14, 2025", "Mar 14th 2025". */
static int parse_month_first(const char *p, dt *t)
{
    size_t wl = word_len(p);
    if (!(t->mo = nx_month_from_name(p, wl)))
        return 0;
    p += wl;
    if (*p == '.')
        p++;
    skip_ws(&p);
    if (!read_num(&p, 2, &t->d))
        return 0;
    size_t sl = word_len(p);
    if (sl == 2)
        p += 2;  /* st, nd, rd, th */
    while (*p == ',' || is_space((unsigned char)*p))
        p++;
    if (read_num(&p, 4, &t->y) != 4)
        return 0;
    parse_clock(p, t);
    return 1;
}

long long nx_days_from_civil(long long y, int m, int d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

int nx_format_unix_time(long long secs, char *out, size_t outsz)
{
    if (!out || outsz < 21)
        return 0;
    /* 0001-01-01 .. 9999-12-31 */
    if (secs < -62135596800LL || secs > 253402300799LL)
        return 0;
    long long z = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    long long rem = secs - z * 86400;
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long y = yoe + era * 400;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    int d = (int)(doy - (153 * mp + 2) / 5 + 1);
    int m = (int)(mp < 10 ? mp + 3 : mp - 9);
    y += m <= 2;
    snprintf(out, outsz, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    return 1;
}

int nx_is_leap_year(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int nx_days_in_month(int y, int m)
{
    static const int dm[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m < 1 || m > 12)
        return 0;
    return m == 2 && nx_is_leap_year(y) ? 29 : dm[m - 1];
}

int nx_normalise_date(const char *in, char *out, size_t outsz)
{
    if (!in || !out || outsz < 21)
        return 0;
    dt t = {0, 0, 0, 0, 0, 0, 0};
    const char *p = in;
    skip_ws(&p);
    size_t wl = word_len(p);
    if (wl > 0 && is_weekday(p, wl)) {  /* RFC 2822 "Fri, " */
        p += wl;
        while (*p == ',' || *p == '.' || is_space((unsigned char)*p))
            p++;
    }
    int ok = parse_iso(p, &t);
    if (!ok) {
        t = (dt){0, 0, 0, 0, 0, 0, 0};
        ok = parse_day_first(p, &t);
    }
    if (!ok) {
        t = (dt){0, 0, 0, 0, 0, 0, 0};
        ok = parse_month_first(p, &t);
    }
    if (!ok || t.y < 1 || t.mo < 1 || t.mo > 12 || t.d < 1 ||
        t.d > nx_days_in_month(t.y, t.mo) || t.h > 23 || t.mi > 59 || t.s > 60)
        return 0;
    if (t.s == 60)
        t.s = 59;  /* a leap second: close enough, and still a valid time */
    long long secs = nx_days_from_civil(t.y, t.mo, t.d) * 86400LL + t.h * 3600LL +
                     t.mi * 60LL + t.s - t.off;
    return nx_format_unix_time(secs, out, outsz);
}

/* ------------------------------------------------------------ index layouts */

void nx_date_stamp(const char *iso, char *out)
{
    snprintf(out, NX_DATE_STAMP, "%.4s%.2s%.2s%.2s%.2s%.2s", iso, iso + 5, iso + 8, iso + 11,
             iso + 14, iso + 17);
}

long nx_days_from_date(const char *iso)
{
    int y, m, d;
    if (!iso || sscanf(iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
        return 0;
    return (long)nx_days_from_civil(y, m, d);
}

static int digits(const char *s, size_t n, int *v)
{
    *v = 0;
    for (size_t i = 0; i < n; i++) {
        if (!is_digit(s[i]))
            return 0;
        *v = *v * 10 + (s[i] - '0');
    }
    return 1;
}

/* "YYYYMMDD" + time into out (NX_DATE_STAMP bytes); y < 10000 (4 digits
 * read), m and d checked by the caller.  By hand so the compiler sees the
 * stamp's size. */
static void put_stamp(char *out, int y, int m, int d, const char *time)
{
    int v[3] = {y, m, d}, w[3] = {4, 2, 2};
    size_t o = 0;
    for (int f = 0; f < 3; f++)
        for (int k = w[f] - 1, div = f == 0 ? 1000 : 10; k >= 0; k--, div /= 10)
            out[o++] = (char)('0' + (v[f] / div) % 10);
    memcpy(out + o, time, 7);
}

int nx_date_bounds(const char *s, size_t len, char *lo, char *hi)
{
    int y, m = 0, d = 0;
    if (!s || !lo || !hi || (len != 4 && len != 7 && len != 10))
        return 0;
    if (!digits(s, 4, &y) || y < 1)
        return 0;
    if (len >= 7 && (s[4] != '-' || !digits(s + 5, 2, &m) || m < 1 || m > 12))
        return 0;
    if (len == 10 && (s[7] != '-' || !digits(s + 8, 2, &d) || d < 1 || d > nx_days_in_month(y, m)))
        return 0;
    int m_lo = m ? m : 1, m_hi = m ? m : 12;
    int d_lo = d ? d : 1, d_hi = d ? d : nx_days_in_month(y, m_hi);
    put_stamp(lo, y, m_lo, d_lo, "000000");
    put_stamp(hi, y, m_hi, d_hi, "235959");
    return 1;
}

int nx_date_range(const char *s, size_t len, char *lo, char *hi)
{
    char scratch[NX_DATE_STAMP];
    size_t dots = len;
    lo[0] = hi[0] = '\0';
    for (size_t i = 0; i + 1 < len; i++)
        if (s[i] == '.' && s[i + 1] == '.') {
            dots = i;
            break;
        }
    if (dots == len)
        return nx_date_bounds(s, len, lo, hi);
    size_t rs = dots + 2;
    if (dots == 0 && rs == len)
        return 0;
    if ((dots > 0 && !nx_date_bounds(s, dots, lo, scratch)) ||
        (rs < len && !nx_date_bounds(s + rs, len - rs, scratch, hi)))
        return 0;
    if (lo[0] && hi[0] && strcmp(lo, hi) > 0)
        return -1;
    return 1;
}

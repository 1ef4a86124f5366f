/*
 * date.h — the one calendar of newsidx: reading the date forms found in
 * news archives, the civil-date arithmetic, and the layouts dates take in
 * the index (the NX_SLOT_DATE stamp, the day count for recency, the
 * inclusive bounds a query's or a shard's date covers).
 *
 * Everything here is pure computation on caller buffers: nothing is
 * allocated, nothing fails except by returning 0.
 */
#ifndef NX_DATE_H
#define NX_DATE_H

#include <stddef.h>

/* Bytes of a NX_SLOT_DATE stamp, "YYYYMMDDHHMMSS", with its NUL. */
#define NX_DATE_STAMP 15
/* Bytes of a normalised date, "YYYY-MM-DDTHH:MM:SSZ", with its NUL. */
#define NX_DATE_ISO 21

int nx_is_leap_year(int y);
/* Days in month m (1..12) of year y. */
int nx_days_in_month(int y, int m);
/* Days since 1970-01-01 of a proleptic Gregorian date (any year met). */
long long nx_days_from_civil(long long y, int m, int d);

/* Normalises a date in the usual news forms (ISO 8601, "26-FEB-1987
 * 15:01:01.79", RFC 2822 "Fri, 14 Mar 2025 09:30:00 GMT", "14 March 2025",
 * "March 14, 2025") to "YYYY-MM-DDTHH:MM:SSZ" UTC in out (at least
 * NX_DATE_ISO bytes).  Returns 0 if the date cannot be understood or does
 * not exist ("2005-13-45"). */
int nx_normalise_date(const char *in, char *out, size_t outsz);
/* Formats unix seconds as "YYYY-MM-DDTHH:MM:SSZ" (out >= NX_DATE_ISO).
 * Returns 0 when out of the years 0001..9999. */
int nx_format_unix_time(long long secs, char *out, size_t outsz);
/* Month number 1..12 from an English month name or its 3-letter (or
 * "Sept") abbreviation, case-insensitive; 0 if s[0..n) is none. */
int nx_month_from_name(const char *s, size_t n);

/* A normalised date as its NX_SLOT_DATE stamp (out >= NX_DATE_STAMP). */
void nx_date_stamp(const char *iso, char *out);
/* Days since 1970-01-01 of a normalised date "YYYY-MM-DD..." (0 if none). */
long nx_days_from_date(const char *iso);

/* A user date ("2025", "2025-03", "2025-03-14") as the inclusive bounds of
 * the NX_SLOT_DATE stamps it covers: lo "20250301000000", hi
 * "20250331235959".  Each buffer >= NX_DATE_STAMP bytes.  Returns 0 if
 * malformed. */
int nx_date_bounds(const char *s, size_t len, char *lo, char *hi);
/* A date or a range "A", "A..B", "A..", "..B" (A and B as above) as
 * bounds; an open end gives "".  Returns 1, 0 when malformed, -1 when the
 * range ends before it starts. */
int nx_date_range(const char *s, size_t len, char *lo, char *hi);

#endif

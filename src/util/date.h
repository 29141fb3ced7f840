/*
 * Dates (src/util/date.c): the one parser for every date epubpack reads or checks.
 *
 * - dc:date is W3CDTF (www.w3.org/TR/NOTE-datetime, the profile of ISO 8601 that EPUB 3.3
 *   §5.5.3.4 names): YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDThh:mm[:ss[.s…]]TZD, where TZD is
 *   Z or ±hh:mm. The metadata reader accepts exactly that; the checker reports OPF-053 for
 *   what epubcheck's date parser refuses, which is a little looser (EPI_DATE_LOOSE).
 * - dcterms:modified is exactly CCYY-MM-DDThh:mm:ssZ (EPUB 3.3 §5.5.6).
 * Every field must exist in the proleptic Gregorian calendar: month 1-12, the day within its
 * month (29 February only in leap years), hh 00-23, mm and ss 00-59.
 *
 * This file depends on nothing else of epubpack's.
 */
#ifndef EPI_DATE_H
#define EPI_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

typedef struct epi_date {
    int year;                 /* 1-9999 */
    int month, day;           /* 0 when not given */
    bool has_time;            /* hour, minute, second and tz_minutes are set */
    int hour, minute, second; /* as written (local to the zone) */
    int tz_minutes;           /* the zone's offset east of UTC */
} epi_date;

typedef enum epi_date_syntax {
    EPI_DATE_W3CDTF, /* exactly the W3CDTF forms above */
    /* What epubcheck (com.adobe.epubcheck.util.DateParser) accepts for dc:date: fields of any
     * number of digits ("2020-5-1", "99"), a time with only the hour, and a time without zone.
     * Values must still exist. */
    EPI_DATE_LOOSE
} epi_date_syntax;

/* Parses `s`. On failure returns false and writes to `why` (when non-NULL, `whylen` bytes) what
 * is wrong: "" when the text does not have the shape of a date at all, else a short reason
 * ("there is no month 13", "February 2021 has 28 days"). */
bool epi_date_parse(const char *s, epi_date_syntax syntax, epi_date *d, char *why, size_t whylen);

/* The common Russian and European form DD.MM.YYYY (also D.M.YYYY), as epi_date_parse: false
 * with `why` "" when `s` does not have that shape, or a reason when the date does not exist. */
bool epi_date_parse_dmy(const char *s, epi_date *d, char *why, size_t whylen);

/* YYYY[-MM[-DD]] of a parsed date into out (at least 11 bytes). */
void epi_date_format_ymd(const epi_date *d, char *out, size_t outlen);

/* dcterms:modified: does `s` have the shape CCYY-MM-DDThh:mm:ssZ? (The checker asks only this,
 * as epubcheck does.) */
bool epi_date_modified_syntax(const char *s);

/* dcterms:modified as the reader needs it: the shape above with values that exist; *t is the
 * instant. On failure `why` as for epi_date_parse. */
bool epi_date_modified(const char *s, time_t *t, char *why, size_t whylen);

/* The instant of a parsed date that has a time (its zone applied); false without a time. */
bool epi_date_instant(const epi_date *d, time_t *t);

/* SOURCE_DATE_EPOCH (reproducible-builds.org: an integer number of seconds since the Unix
 * epoch, at most 9999-12-31): 0 when it is unset or empty, 1 with *t set, -1 when it is not
 * such a number. */
int epi_date_source_epoch(time_t *t);

#endif /* EPI_DATE_H */

/* Dates: W3CDTF for dc:date, CCYY-MM-DDThh:mm:ssZ for dcterms:modified (date.h). */
#include "util/date.h"

#include <stdarg.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {"January",   "February", "March",    "April",
                                            "May",       "June",     "July",     "August",
                                            "September", "October",  "November", "December"};

static void say(char *why, size_t whylen, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;
    if (!why || !whylen)
        return;
    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
}

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int days_in(int y, int m)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

/* A run of digits at *p: exactly `width` of them, or (width 0) one to nine. */
static bool number(const char **p, size_t width, int *v)
{
    const char *s = *p;
    size_t n = 0;
    int x = 0;
    while (s[n] >= '0' && s[n] <= '9' && n < 9)
        x = x * 10 + (s[n++] - '0');
    if (n == 0 || (width && n != width) || (s[n] >= '0' && s[n] <= '9'))
        return false;
    *v = x;
    *p = s + n;
    return true;
}

/* Do the fields exist? d->month and d->day are -1 when not given; on success they become 0. */
static bool exists(epi_date *d, int tzh, int tzm, char *why, size_t whylen)
{
    if (d->year < 1 || d->year > 9999) {
        say(why, whylen, "there is no year %d", d->year);
        return false;
    }
    if (d->month == 0 || d->month > 12) {
        say(why, whylen, "there is no month %d", d->month);
        return false;
    }
    if (d->day == 0 || d->day > 31) {
        say(why, whylen, "there is no day %d", d->day);
        return false;
    }
    if (d->day > 0 && d->day > days_in(d->year, d->month)) {
        say(why, whylen, "%s %d has %d days", month_names[d->month - 1], d->year,
            days_in(d->year, d->month));
        return false;
    }
    if (d->has_time && (d->hour > 23 || d->minute > 59 || d->second > 59)) {
        say(why, whylen, "there is no time %02d:%02d:%02d", d->hour, d->minute, d->second);
        return false;
    }
    if (tzh > 23 || tzm > 59) {
        say(why, whylen, "there is no time zone offset %02d:%02d", tzh, tzm);
        return false;
    }
    d->month = d->month < 0 ? 0 : d->month;
    d->day = d->day < 0 ? 0 : d->day;
    return true;
}

bool epi_date_parse(const char *s, epi_date_syntax syntax, epi_date *out, char *why, size_t whylen)
{
    const bool loose = syntax == EPI_DATE_LOOSE;
    const size_t w4 = loose ? 0 : 4, w2 = loose ? 0 : 2;
    epi_date d = {.month = -1, .day = -1};
    int tzh = 0, tzm = 0;
    const char *p = s;

    say(why, whylen, "%s", "");
    if (!s || !number(&p, w4, &d.year))
        return false;
    if (*p == '-') {
        p++;
        if (!number(&p, w2, &d.month))
            return false;
        if (*p == '-') {
            p++;
            if (!number(&p, w2, &d.day))
                return false;
        }
    }
    if (d.day >= 0 && *p == 'T') {
        p++;
        d.has_time = true;
        if (!number(&p, w2, &d.hour))
            return false;
        /* epubcheck takes a lone hour at the very end; W3CDTF wants minutes and a zone. */
        if (*p == ':') {
            p++;
            if (!number(&p, w2, &d.minute))
                return false;
            if (*p == ':') {
                p++;
                if (!number(&p, w2, &d.second))
                    return false;
                if (*p == '.') {
                    const char *f = ++p;
                    while (*p >= '0' && *p <= '9')
                        p++;
                    if (p == f)
                        return false;
                }
            }
            if (*p == 'Z') {
                p++;
            } else if (*p == '+' || *p == '-') {
                bool minus = *p++ == '-';
                if (!number(&p, w2, &tzh) || *p++ != ':' || !number(&p, w2, &tzm))
                    return false;
                d.tz_minutes = (minus ? -1 : 1) * (tzh * 60 + tzm);
            } else if (!loose) {
                return false;
            }
        } else if (!loose || *p) {
            return false;
        }
    }
    if (*p != '\0' || !exists(&d, tzh, tzm, why, whylen))
        return false;
    if (out)
        *out = d;
    return true;
}

bool epi_date_parse_dmy(const char *s, epi_date *out, char *why, size_t whylen)
{
    int v[3] = {0, 0, 0};
    const char *p = s;

    say(why, whylen, "%s", "");
    if (!s)
        return false;
    for (int part = 0; part < 3; part++) {
        const char *start = p;
        while (*p >= '0' && *p <= '9' && p - start < 5)
            v[part] = v[part] * 10 + (*p++ - '0');
        size_t n = (size_t)(p - start);
        if (part < 2 ? (n < 1 || n > 2 || *p++ != '.') : (n != 4 || *p != '\0'))
            return false;
    }
    epi_date d = {.year = v[2], .month = v[1], .day = v[0]};
    if (!exists(&d, 0, 0, why, whylen))
        return false;
    if (out)
        *out = d;
    return true;
}

void epi_date_format_ymd(const epi_date *d, char *out, size_t outlen)
{
    if (d->day)
        snprintf(out, outlen, "%04d-%02d-%02d", d->year, d->month, d->day);
    else if (d->month)
        snprintf(out, outlen, "%04d-%02d", d->year, d->month);
    else
        snprintf(out, outlen, "%04d", d->year);
}

bool epi_date_modified_syntax(const char *s)
{
    static const char shape[] = "dddd-dd-ddTdd:dd:ddZ";
    if (!s || strlen(s) != sizeof shape - 1)
        return false;
    for (size_t i = 0; shape[i]; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i])
            return false;
    return true;
}

/* Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's
 * days_from_civil). */
static long long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long long era = (y >= 0 ? y : y - 399) / 400;
    const long long yoe = y - era * 400;
    const long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

bool epi_date_instant(const epi_date *d, time_t *t)
{
    if (!d->has_time)
        return false;
    *t = (time_t)(days_from_civil(d->year, d->month, d->day) * 86400LL + d->hour * 3600LL +
                  d->minute * 60LL + d->second - d->tz_minutes * 60LL);
    return true;
}

bool epi_date_modified(const char *s, time_t *t, char *why, size_t whylen)
{
    epi_date d;
    say(why, whylen, "%s", "");
    if (!epi_date_modified_syntax(s) || !epi_date_parse(s, EPI_DATE_W3CDTF, &d, why, whylen))
        return false;
    if (t)
        epi_date_instant(&d, t);
    return true;
}

int epi_date_source_epoch(time_t *t)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    unsigned long long v = 0;
    if (!sde || !*sde)
        return 0;
    for (const char *p = sde; *p; p++) {
        if (*p < '0' || *p > '9' || v > 253402300799ULL) /* beyond 9999-12-31 */
            return -1;
        v = v * 10 + (unsigned long long)(*p - '0');
    }
    if (v > 253402300799ULL)
        return -1;
    *t = (time_t)v;
    return 1;
}

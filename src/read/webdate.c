/*
 * The dates of a web page as publishers write them (web_private.h): ISO 8601 and its variants
 * in <meta> and JSON-LD, RFC 822, a day with dots, and a day written out with its month's
 * name in a byline or a dateline. webmeta.c decides which of the page's dates is the book's.
 */
#include "web_private.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unicase.h>

/* A date as publishers write it (ISO 8601: "2024-03-05T14:30:00+03:00", "…+0300",
 * "2024-03-05 14:30:00Z", "2016-11-28 16:23:00 -0500") read by util/date.c; false when it is
 * none. */
bool epi_web_date(const char *s, epi_date *d)
{
    char buf[64];
    size_t n = strlen(s);
    if (n >= sizeof buf - 1)
        return false;
    memcpy(buf, s, n + 1);
    /* a zone named after the time: "2022-05-04T03:00:00 UTC" */
    if (n > 19 && (!strcmp(buf + n - 4, " UTC") || !strcmp(buf + n - 4, " GMT"))) {
        n -= 3;
        buf[n - 1] = 'Z';
        buf[n] = '\0';
    }
    if (n > 10 && buf[10] == ' ')
        buf[10] = 'T';
    /* a zone after a space: "2016-11-28 16:23:00 -0500" (Sailthru's, huffingtonpost.com) */
    for (size_t z = 5; z <= 6 && n > 17; z++)
        if (buf[n - z - 1] == ' ' && (buf[n - z] == '+' || buf[n - z] == '-') &&
            strspn(buf + n - z + 1, "0123456789:") == z - 1 && strchr(buf, 'T')) {
            memmove(buf + n - z - 1, buf + n - z, z + 1);
            n--;
            break;
        }
    /* a zone without its colon: ±hhmm */
    if (n > 16 && (buf[n - 5] == '+' || buf[n - 5] == '-') && strchr(buf, 'T') &&
        strspn(buf + n - 4, "0123456789") == 4) {
        memmove(buf + n - 1, buf + n - 2, 3);
        buf[n - 2] = ':';
    }
    return epi_date_parse(buf, EPI_DATE_W3CDTF, d, NULL, 0) ||
           epi_date_parse(buf, EPI_DATE_LOOSE, d, NULL, 0);
}

/* An RFC 822 / RFC 2822 date as feeds and some <meta> write it ("Mon, 18 Nov 2019 10:00:00
 * GMT", "18 Nov 2019 10:00 +0100"), written as ISO 8601 into out; false when it is none. A
 * zone that is a name other than GMT/UTC/Z is dropped with the time (the day is kept). */
static bool rfc822_date(const char *s, char *out, size_t size)
{
    static const char *const months[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                         "jul", "aug", "sep", "oct", "nov", "dec"};
    int day, year, hh = -1, mm = -1, ss = 0, used = 0;
    char mon[4] = {0}, zone[8] = {0};
    const char *c = strchr(s, ',');
    s = c ? c + 1 : s;
    if (sscanf(s, " %2d %3s %4d%n", &day, mon, &year, &used) != 3 || day < 1 || day > 31 ||
        year < 1000)
        return false;
    int m = 0;
    while (m < 12 && strcasecmp(mon, months[m]))
        m++;
    if (m == 12)
        return false;
    s += used;
    if (sscanf(s, " %2d:%2d:%2d %7s", &hh, &mm, &ss, zone) < 3) {
        ss = 0;
        zone[0] = '\0';
        if (sscanf(s, " %2d:%2d %7s", &hh, &mm, zone) < 2)
            hh = -1;
    }
    char z[8] = "";
    if (!strcasecmp(zone, "GMT") || !strcasecmp(zone, "UTC") || !strcmp(zone, "Z"))
        snprintf(z, sizeof z, "+00:00");
    else if ((zone[0] == '+' || zone[0] == '-') && strlen(zone) == 5 &&
             strspn(zone + 1, "0123456789") == 4)
        snprintf(z, sizeof z, "%c%.2s:%.2s", zone[0], zone + 1, zone + 3);
    int n = hh >= 0 && *z ? snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", year, m + 1, day,
                                     hh, mm, ss, z)
                          : snprintf(out, size, "%04d-%02d-%02d", year, m + 1, day);
    return n > 0 && (size_t)n < size;
}

/* A day written with dots, day first, as German, Russian or Polish write it (CLDR's short
 * date "dd.MM.y"), alone or with a weekday and a time: "10.12.2022, 07:00", "Di., 25.01.2022 -
 * 14:45"; written as ISO 8601 into out. */
static bool dotted_date(const char *s, char *out, size_t size)
{
    for (const char *c = s; *c; c++) {
        int day, mon, year, used = 0;
        if ((c > s && isdigit((unsigned char)c[-1])) || !isdigit((unsigned char)*c) ||
            sscanf(c, "%2d.%2d.%4d%n", &day, &mon, &year, &used) != 3)
            continue;
        if (used < 8 || c[used - 5] != '.' || isdigit((unsigned char)c[used]) || day < 1 ||
            day > 31 || mon < 1 || mon > 12 || year < 1000)
            return false;
        int n = snprintf(out, size, "%04d-%02d-%02d", year, mon, day);
        return n > 0 && (size_t)n < size;
    }
    return false;
}

/* The month a word names (1–12), lower case, in the languages of the sets (en de fr es pt it
 * pl ru: full names, their genitive and abbreviations, each a prefix no other month's word
 * starts with); 0 for none. */
static int month_word(const char *w, size_t n)
{
    static const struct {
        const char *prefix;
        int month;
    } names[] = {
        {"jan", 1},  {"ene", 1},     {"gen", 1},   {"stycz", 1},     {"январ", 1},  {"feb", 2},
        {"fév", 2},  {"fev", 2},     {"lut", 2},   {"феврал", 2},    {"mar", 3},    {"mär", 3},
        {"март", 3}, {"apr", 4},     {"avr", 4},   {"abr", 4},       {"kwie", 4},   {"апрел", 4},
        {"may", 5},  {"mai", 5},     {"mag", 5},   {"maj", 5},       {"мая", 5},    {"май", 5},
        {"jun", 6},  {"juin", 6},    {"giu", 6},   {"czerw", 6},     {"июн", 6},    {"jul", 7},
        {"juil", 7}, {"lug", 7},     {"lip", 7},   {"июл", 7},       {"aug", 8},    {"août", 8},
        {"aout", 8}, {"ago", 8},     {"sierp", 8}, {"август", 8},    {"sep", 9},    {"set", 9},
        {"wrze", 9}, {"сентябр", 9}, {"oct", 10},  {"okt", 10},      {"ott", 10},   {"out", 10},
        {"paź", 10}, {"октябр", 10}, {"nov", 11},  {"listopad", 11}, {"ноябр", 11}, {"dec", 12},
        {"dez", 12}, {"déc", 12},    {"dic", 12},  {"grud", 12},     {"декабр", 12}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t l = strlen(names[i].prefix);
        if (n >= l && !memcmp(w, names[i].prefix, l))
            return names[i].month;
    }
    return 0;
}

/* The length of an English ordinal's ending at s ("19th"), or 0. */
static size_t ordinal(const char *s)
{
    static const char *const ends[] = {"st", "nd", "rd", "th"};
    for (size_t i = 0; i < 4; i++)
        if (!strncmp(s, ends[i], 2) && !isalpha((unsigned char)s[2]))
            return 2;
    return 0;
}

/* A day written out with its month's name, in lower case: "7. oktober 2020", "5 de mayo de
 * 2021", "15 августа 2016", "march 13, 2015", "21. jan. 2015"; written as ISO 8601 into out.
 * Numbers alone with slashes are no date here: "3/09/15" is March or September. */
static bool named_date(const char *s, char *out, size_t size)
{
    for (const char *c = s; *c; c++) {
        if (c > s && (isalnum((unsigned char)c[-1]) || (unsigned char)c[-1] >= 0x80))
            continue;
        int day = 0, month = 0, year = 0;
        const char *q = c;
        if (isdigit((unsigned char)*q)) { /* day first */
            day = (int)strtol(q, (char **)&q, 10);
            q += ordinal(q);
            q += *q == '.';
            q += strspn(q, " \xc2\xa0");
            if (!strncmp(q, "de ", 3))
                q += 3;
        }
        size_t wl = 0;
        while (q[wl] && (isalpha((unsigned char)q[wl]) || (unsigned char)q[wl] >= 0x80) &&
               strncmp(q + wl, "\xc2\xa0", 2))
            wl++;
        if (!wl || !(month = month_word(q, wl)))
            continue;
        q += wl;
        q += *q == '.';
        q += strspn(q, " \xc2\xa0");
        if (!day) { /* month first: "march 13, 2015" */
            if (!isdigit((unsigned char)*q))
                continue;
            day = (int)strtol(q, (char **)&q, 10);
            q += ordinal(q);
            q += *q == ',';
            q += strspn(q, " \xc2\xa0");
        } else if (!strncmp(q, "de ", 3)) {
            q += 3;
        }
        const char *y = q;
        year = (int)strtol(y, (char **)&q, 10);
        if (q - y != 4 || isdigit((unsigned char)*q) || day < 1 || day > 31 || year < 1900)
            continue;
        int n = snprintf(out, size, "%04d-%02d-%02d", year, month, day);
        return n > 0 && (size_t)n < size;
    }
    return false;
}

/* A day written year first, as Japanese, Chinese and Korean write it: CLDR's long date
 * "y年M月d日" (ja, zh) and "y년 M월 d일" (ko), and the numeric "y/MM/dd" (ja), "y/M/d" (zh)
 * or with dots ("2019.03.05"); the year of four digits first, so never a day or a month.
 * Written as ISO 8601 into out. */
static bool year_first_date(const char *s, char *out, size_t size)
{
    static const char *const marks[][3] = {{"\u5e74", "\u6708", "\u65e5"}, /* 年 月 日 */
                                           {"\ub144", "\uc6d4", "\uc77c"}, /* 년 월 일 */
                                           {"/", "/", ""},
                                           {".", ".", ""}};
    for (const char *c = s; *c; c++) {
        if ((c > s && isdigit((unsigned char)c[-1])) || !isdigit((unsigned char)*c))
            continue;
        for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            const char *q = c;
            int v[3];
            size_t i = 0;
            for (; i < 3; i++) {
                char *e;
                if (i && *marks[k][0] & 0x80)
                    q += strspn(q, " "); /* "2019년 3월 5일" */
                if (!isdigit((unsigned char)*q))
                    break;
                v[i] = (int)strtol(q, &e, 10);
                if (i == 0 ? e - q != 4 : e - q > 2)
                    break;
                q = e;
                size_t ml = strlen(marks[k][i]);
                if (strncmp(q, marks[k][i], ml))
                    break;
                q += ml;
            }
            if (i < 3 || (!*marks[k][2] && isdigit((unsigned char)*q)) || v[0] < 1900 || v[1] < 1 ||
                v[1] > 12 || v[2] < 1 || v[2] > 31)
                continue;
            int n = snprintf(out, size, "%04d-%02d-%02d", v[0], v[1], v[2]);
            return n > 0 && (size_t)n < size;
        }
    }
    return false;
}

/* A date in a text (a byline, a dateline): a day with its month's name, a dotted day, a day
 * written year first, or an ISO 8601 day, written as ISO 8601 into out. */
bool epi_web_text_date(const char *s, char *out, size_t size, bool *oom)
{
    size_t len = 0;
    uint8_t *low = u8_tolower((const uint8_t *)s, strlen(s) + 1, NULL, NULL, NULL, &len);
    bool ok = false;
    if (!low) {
        *oom = true;
        return false;
    }
    const char *t = (const char *)low;
    ok = named_date(t, out, size) || dotted_date(t, out, size) || year_first_date(t, out, size);
    for (const char *c = t; !ok && *c; c++) {
        int y, m, d, used = 0;
        if ((c == t || !isdigit((unsigned char)c[-1])) &&
            sscanf(c, "%4d-%2d-%2d%n", &y, &m, &d, &used) == 3 && used == 10 &&
            !isdigit((unsigned char)c[10]) && y >= 1900 && m >= 1 && m <= 12 && d >= 1 && d <= 31) {
            int n = snprintf(out, size, "%04d-%02d-%02d", y, m, d);
            ok = n > 0 && (size_t)n < size;
        }
    }
    free(low);
    return ok;
}

/* epi_web_date, or an RFC 822 date, or a dotted day. */
bool epi_web_any_date(const char *s, epi_date *d)
{
    char iso[40];
    return epi_web_date(s, d) || (rfc822_date(s, iso, sizeof iso) && epi_web_date(iso, d)) ||
           (dotted_date(s, iso, sizeof iso) && epi_web_date(iso, d));
}

/* The date module (src/util/date.c): W3CDTF for dc:date, epubcheck's looser dc:date rule,
 * DD.MM.YYYY and dcterms:modified, each with calendar values that must exist. */
#include "harness.h"
#include "util/date.h"

static void w3cdtf(void)
{
    static const struct {
        const char *s;
        bool strict, loose; /* accepted by EPI_DATE_W3CDTF / EPI_DATE_LOOSE */
        const char *why;    /* the reason given by the strict parse when refused */
    } cases[] = {
        {"2020", true, true, ""},
        {"2020-05", true, true, ""},
        {"2020-05-21", true, true, ""},
        {"2020-02-29", true, true, ""},
        {"2000-02-29", true, true, ""},
        {"2020-05-21T10:00Z", true, true, ""},
        {"2020-05-21T10:00:30+03:00", true, true, ""},
        {"2020-05-21T10:00:30.25-05:30", true, true, ""},
        {"2020-12-31T23:59:59Z", true, true, ""},
        /* epubcheck's leniencies: any number of digits, a time without zone, a lone hour */
        {"2020-5-1", false, true, ""},
        {"99", false, true, ""},
        {"2020-05-21T10:00", false, true, ""},
        {"2020-05-21T10:00:00", false, true, ""},
        {"2020-05-21T10", false, true, ""},
        /* refused by both */
        {"", false, false, ""},
        {"21.05.2020", false, false, ""},
        {"May 21, 2020", false, false, ""},
        {"20200521", false, false, ""},
        {"2020-", false, false, ""},
        {"2020-05-", false, false, ""},
        {"2020-05-21T", false, false, ""},
        {"2020-05-21T10Z", false, false, ""},
        {"2020-05-21T10:00:", false, false, ""},
        {"2020-05-21T10:00:00.", false, false, ""},
        {"2020-05-21T10:00+03", false, false, ""},
        {"2020-05-21Z", false, false, ""},
        {"2020-05-21 ", false, false, ""},
        {"+2020", false, false, ""},
        {"2020-13-45", false, false, "there is no month 13"},
        {"2020-00", false, false, "there is no month 0"},
        {"2020-05-00", false, false, "there is no day 0"},
        {"2020-05-32", false, false, "there is no day 32"},
        {"2020-04-31", false, false, "April 2020 has 30 days"},
        {"2021-02-29", false, false, "February 2021 has 28 days"},
        {"1900-02-29", false, false, "February 1900 has 28 days"},
        {"0000", false, false, "there is no year 0"},
        {"2020-05-21T24:00Z", false, false, "there is no time 24:00:00"},
        {"2020-05-21T10:60Z", false, false, "there is no time 10:60:00"},
        {"2020-05-21T10:00+24:00", false, false, "there is no time zone offset 24:00"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char why[64] = "unset";
        epi_date d;
        bool strict = epi_date_parse(cases[i].s, EPI_DATE_W3CDTF, &d, why, sizeof why);
        bool loose = epi_date_parse(cases[i].s, EPI_DATE_LOOSE, NULL, NULL, 0);
        if (strict != cases[i].strict || loose != cases[i].loose)
            fprintf(stderr, "case \"%s\": strict %d loose %d\n", cases[i].s, strict, loose);
        CHECK(strict == cases[i].strict);
        CHECK(loose == cases[i].loose);
        CHECK_STR(why, cases[i].why);
    }

    epi_date d;
    CHECK(epi_date_parse("2020-05-21T10:20:30-05:30", EPI_DATE_W3CDTF, &d, NULL, 0));
    CHECK(d.year == 2020 && d.month == 5 && d.day == 21 && d.has_time && d.hour == 10 &&
          d.minute == 20 && d.second == 30 && d.tz_minutes == -330);
    CHECK(epi_date_parse("2020-05", EPI_DATE_W3CDTF, &d, NULL, 0));
    CHECK(d.year == 2020 && d.month == 5 && d.day == 0 && !d.has_time);
    CHECK(!epi_date_parse(NULL, EPI_DATE_LOOSE, &d, NULL, 0));
}

static void dmy(void)
{
    char why[64], out[16];
    epi_date d;
    CHECK(epi_date_parse_dmy("21.05.2020", &d, why, sizeof why));
    epi_date_format_ymd(&d, out, sizeof out);
    CHECK_STR(out, "2020-05-21");
    CHECK(epi_date_parse_dmy("1.2.2024", &d, why, sizeof why));
    epi_date_format_ymd(&d, out, sizeof out);
    CHECK_STR(out, "2024-02-01");
    CHECK(epi_date_parse_dmy("29.02.2024", &d, NULL, 0));
    CHECK(!epi_date_parse_dmy("29.02.2023", &d, why, sizeof why));
    CHECK_STR(why, "February 2023 has 28 days");
    CHECK(!epi_date_parse_dmy("45.13.2020", &d, why, sizeof why));
    CHECK_STR(why, "there is no month 13");
    CHECK(!epi_date_parse_dmy("00.05.2020", &d, why, sizeof why));
    CHECK_STR(why, "there is no day 0");
    static const char *const not_dmy[] = {"21.05.20",    "21.05.02020", "121.05.2020", "21/05/2020",
                                          "21.05.2020.", ".05.2020",    "2020-05-21",  ""};
    for (size_t i = 0; i < sizeof not_dmy / sizeof not_dmy[0]; i++) {
        CHECK(!epi_date_parse_dmy(not_dmy[i], &d, why, sizeof why));
        CHECK_STR(why, "");
    }
    epi_date y = {.year = 987};
    epi_date_format_ymd(&y, out, sizeof out);
    CHECK_STR(out, "0987");
    epi_date ym = {.year = 2020, .month = 3};
    epi_date_format_ymd(&ym, out, sizeof out);
    CHECK_STR(out, "2020-03");
}

static void modified(void)
{
    time_t t = 0;
    char why[64];
    CHECK(epi_date_modified_syntax("2020-05-21T00:00:00Z"));
    CHECK(epi_date_modified_syntax("2020-13-45T99:99:99Z")); /* the shape only, as epubcheck */
    CHECK(!epi_date_modified_syntax("2020-05-21T00:00Z"));
    CHECK(!epi_date_modified_syntax("2020-05-21T00:00:00+00:00"));
    CHECK(!epi_date_modified_syntax(NULL));
    CHECK(epi_date_modified("2020-05-21T00:00:00Z", &t, why, sizeof why));
    CHECK(t == 1590019200);
    CHECK(epi_date_modified("1970-01-01T00:00:00Z", &t, NULL, 0) && t == 0);
    CHECK(epi_date_modified("2024-02-29T23:59:59Z", &t, NULL, 0) && t == 1709251199);
    CHECK(!epi_date_modified("2023-02-29T00:00:00Z", &t, why, sizeof why));
    CHECK_STR(why, "February 2023 has 28 days");
    CHECK(!epi_date_modified("2020-05-21T00:00Z", &t, why, sizeof why));
    CHECK_STR(why, "");
}

int main(void)
{
    w3cdtf();
    dmy();
    modified();
    return ep_test_done();
}

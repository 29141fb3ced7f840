/* epi_slugify: ICAO Doc 9303 transliteration, ASCII ids that are valid NCNames. */
#include "typeset/typeset.h"
#include "harness.h"

#include <stdlib.h>
#include <string.h>

static void check_slug(const char *in, const char *want, int line)
{
    char *got = epi_slugify(in);
    ep_test_count++;
    if (!got || strcmp(got, want) != 0) {
        ep_test_failures++;
        fprintf(stderr, "%s:%d: slug(\"%s\") = \"%s\", want \"%s\"\n", __FILE__, line, in,
                got ? got : "(null)", want);
    }
    free(got);
}
#define SLUG(in, want) check_slug(in, want, __LINE__)

int main(void)
{
    /* the brief's examples */
    SLUG("Суперкомпьютеры", "superkompiutery");
    SLUG("Microsoft сделала шаг", "microsoft-sdelala-shag");

    /* the whole ICAO table */
    SLUG("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia");
    SLUG("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ", "abvgdeezhziiklmnoprstufkhtschshshchieyeiuia");
    SLUG("Объём подъезда", "obieem-podieezda");
    SLUG("Щука и ёж", "shchuka-i-ezh");
    /* Ukrainian and Belarusian letters */
    SLUG("Київ, Ґанок, Європа", "kiiv-ganok-ievropa");
    SLUG("Беларуская мова: ў", "belaruskaia-mova-u");

    /* punctuation runs collapse to one '-', trimmed at both ends */
    SLUG("  «Привет», — сказал он!  ", "privet-skazal-on");
    SLUG("a -- b __ c...d", "a-b-c-d");
    SLUG("Version 1.2", "version-1-2");
    /* apostrophes and soft hyphens vanish inside a word */
    SLUG("Don't panic", "dont-panic");
    SLUG("д’Артаньян", "dartanian");
    SLUG("пере\xC2\xADнос", "perenos");

    /* digits: an NCName must not start with one */
    SLUG("2024", "h-2024");
    SLUG("1. Введение", "h-1-vvedenie");
    SLUG("Глава 2", "glava-2");

    /* nothing usable → "section", never empty */
    SLUG("", "section");
    SLUG("!!! ???", "section");
    SLUG("中文", "section");
    char *n = epi_slugify(NULL);
    CHECK_STR(n, "section");
    free(n);

    /* Latin diacritics folded to ASCII */
    SLUG("Crème Brûlée", "creme-brulee");
    SLUG("Straße Øresund Łódź", "strasse-oresund-lodz");
    SLUG("Ærøskøbing œuvre", "aeroskobing-oeuvre");
    SLUG("ÀÉÎÕÜ ñ ç", "aeiou-n-c");

    /* invalid UTF-8 bytes are separators, not a failure */
    SLUG("ab\xFF\xFE"
         "cd",
         "ab-cd");

    /* length cap: at most 64 bytes, cut at a '-' boundary */
    const char *long_text = "Очень длинный заголовок который никак не помещается в разумные "
                            "пределы идентификатора";
    char *s = epi_slugify(long_text);
    CHECK(s && strlen(s) <= 64);
    CHECK(s && s[strlen(s) - 1] != '-');
    CHECK_STR(s, "ochen-dlinnyi-zagolovok-kotoryi-nikak-ne-pomeshchaetsia-v");
    free(s);
    /* one endless word: hard cut at 64 */
    char word[201];
    memset(word, 'x', 200);
    word[200] = '\0';
    s = epi_slugify(word);
    CHECK(s && strlen(s) == 64);
    free(s);

    /* every slug is an NCName made of [a-z0-9-] */
    const char *samples[] = {"Ёлки-палки", "5%", "—", "C++ и C#", "Привет,\tмир\n"};
    for (size_t i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        s = epi_slugify(samples[i]);
        bool ok = s && *s && s[0] >= 'a' && s[0] <= 'z';
        for (const char *p = s; ok && *p; p++)
            ok = (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-';
        CHECK(ok);
        free(s);
    }
    return ep_test_done();
}

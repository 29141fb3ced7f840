/* src/util/lang.c and src/util/url.c: BCP 47 tags and URLs, ASCII-only and locale-free. */
#include "harness.h"
#include "util/lang.h"
#include "util/url.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

static char *resolve(const char *base, const char *rel, bool decode, bool *escapes)
{
    epi_buf b = {0};
    *escapes = false;
    if (!epi_url_resolve_path(base, rel, strlen(rel), decode, &b, escapes) ||
        !epi_buf_append(&b, "", 0)) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

static void check_resolve(const char *base, const char *rel, bool decode, const char *want,
                          bool want_escapes)
{
    bool escapes;
    char *got = resolve(base, rel, decode, &escapes);
    CHECK_STR(got, want);
    CHECK(escapes == want_escapes);
    free(got);
}

int main(void)
{
    /* A locale whose ctype is not ASCII must change nothing (the helpers never ask it). */
    setlocale(LC_ALL, "");

    /* ---- one BCP 47 parser ---- */
    CHECK(epi_lang_wellformed("ru"));
    CHECK(epi_lang_wellformed("zh-Hant-TW"));
    CHECK(epi_lang_wellformed("x-private"));
    CHECK(epi_lang_wellformed("i-klingon"));
    CHECK(epi_lang_wellformed("de-CH-1901"));
    CHECK(epi_lang_wellformed("en-a-bbb-x-ccc"));
    CHECK(!epi_lang_wellformed("egv-n"));
    CHECK(!epi_lang_wellformed("en_US"));
    CHECK(!epi_lang_wellformed("ру")); /* Cyrillic letters are not ALPHA */
    CHECK(!epi_lang_wellformed(""));
    CHECK(!epi_lang_wellformed(NULL));
    CHECK(epi_lang_valid("sr-Latn"));
    CHECK(!epi_lang_valid("x-private")); /* well-formed, but no language to typeset */
    CHECK(!epi_lang_valid("C.UTF-8"));
    /* ISO 639: a language that exists (Kindle's converter refuses others) */
    CHECK(epi_lang_valid("ru") && epi_lang_valid("RU-ru") && epi_lang_valid("rus"));
    CHECK(epi_lang_valid("en-GB") && epi_lang_valid("tt") && epi_lang_valid("sah"));
    CHECK(epi_lang_valid("sla")); /* ISO 639-5: Slavic languages */
    CHECK(!epi_lang_valid("zz") && !epi_lang_valid("zz-RU") && !epi_lang_valid("qqq"));
    CHECK(!epi_lang_valid("und") && !epi_lang_valid("mul") && !epi_lang_valid("zxx"));
    CHECK(!epi_lang_valid("qaa")); /* reserved for local use */
    CHECK(epi_iso639_code("Ru", 2) && epi_iso639_code("zxy", 3) == false);
    CHECK(!epi_iso639_code("r1", 2) && !epi_iso639_code("ru", 1) && !epi_iso639_code("russ", 4));

    /* ---- one primary-subtag match: ASCII case-insensitive, '-' ends the subtag ---- */
    CHECK(epi_lang_is("ru", "ru"));
    CHECK(epi_lang_is("RU", "ru"));
    CHECK(epi_lang_is("Ru-ru", "ru"));
    CHECK(!epi_lang_is("rus", "ru"));
    CHECK(!epi_lang_is("ru_RU", "ru")); /* a locale name, not a tag */
    CHECK(!epi_lang_is("r", "r"));
    CHECK(!epi_lang_is(NULL, "ru"));
    CHECK(epi_lang_primary_len("deu-DE") == 3);
    CHECK(epi_lang_primary_len("POSIX") == 0);

    /* ---- schemes ---- */
    CHECK(epi_url_scheme_len("http://x", 8) == 4);
    CHECK(epi_url_scheme_len("a+b-c.d:x", 9) == 7);
    CHECK(epi_url_scheme_len("1http:x", 7) == 0);
    CHECK(epi_url_scheme_len("глава.md", strlen("глава.md")) == 0);
    CHECK(epi_url_scheme_len("д:x", strlen("д:x")) == 0); /* bytes >= 0x80 are never ALPHA */
    CHECK(epi_url_scheme_len("http", 4) == 0);
    CHECK(epi_url_is_external("mailto:a@b"));
    CHECK(epi_url_is_external("//host/x"));
    CHECK(!epi_url_is_external("глава.md#раздел"));
    CHECK(!epi_url_is_external("a/b:c")); /* a ':' after a '/' is in the path */
    CHECK(!epi_url_is_external(NULL));
    char s[16];
    CHECK(epi_url_scheme(" java\tScript:alert(1)", s, sizeof s) == 10);
    CHECK_STR(s, "javascript");
    CHECK(epi_url_scheme("./x:y", s, sizeof s) == 0);
    CHECK(epi_url_scheme("глава:x", s, sizeof s) == 0);
    CHECK(epi_url_scheme("averyveryverylongscheme:x", s, sizeof s) == sizeof s);

    /* ---- percent-decoding: one rule for %00 ---- */
    char *d = epi_url_decode("%D0%B3%D0%BB%D0%B0%D0%B2%D0%B0", 30);
    CHECK_STR(d, "глава");
    free(d);
    d = epi_url_decode("a%00b%2", 7);
    CHECK_STR(d, "a%00b%2");
    free(d);
    d = epi_url_decode("%zz%41%", 7);
    CHECK_STR(d, "%zzA%");
    free(d);

    /* ---- escaping what a URL may not hold; what it may is left as it is ---- */
    {
        const char *in = "https://x.org/a`b c%zz%41\"глава";
        epi_buf e = {0};
        CHECK(epi_url_escape_append(&e, in, strlen(in)));
        CHECK_STR(e.data, "https://x.org/a%60b%20c%25zz%41%22глава");
        CHECK(epi_url_bad_byte("a%2", 3, 1) && !epi_url_bad_byte("%41", 3, 0));
        epi_buf_free(&e);
    }
    {
        /* a second '#' (a page's "&amp;#x27;" in a text fragment) and the bytes of a no-break
         * or ideographic space, which epubcheck 4.2.6 refuses; "глава" and "é" stay */
        const char *in = "https://x.org/#:~:text=a&#x27;s\xc2\xa0"
                         "b\xe3\x80\x80"
                         "é";
        epi_buf e = {0};
        CHECK(epi_url_escape_append(&e, in, strlen(in)));
        CHECK_STR(e.data, "https://x.org/#:~:text=a&%23x27;s%C2%A0b%E3%80%80é");
        CHECK(epi_url_invalid(e.data) == NULL);
        CHECK(epi_url_invalid("https://x.org/#a#b") != NULL);
        epi_buf_free(&e);
    }
    /* a web URL's host, percent-decoded, may not hold a space (epubcheck 5.3: RSC-020) */
    CHECK(epi_url_invalid("http://Two%20words:%20more") != NULL);
    CHECK(epi_url_invalid("https://a%2Fb.org/") != NULL);
    /* no host after "//" (epubcheck 5.3: "Unexpected slash or backslash") */
    CHECK(epi_url_invalid("http:///h") != NULL);
    CHECK(epi_url_invalid("https://") != NULL);
    CHECK(epi_url_invalid("https://x.org//a") == NULL);
    CHECK(epi_url_invalid("https://user:pa%20ss@x.org:8080/a%20b") == NULL);
    CHECK(epi_url_invalid("https://st%C3%A9phane.example/") == NULL);
    CHECK(epi_url_invalid("https://[::1]:80/") == NULL);
    CHECK(epi_url_invalid("mailto:two%20words@x.org") == NULL);
    /* an IPv6 host not closed, an ASCII label over 63 bytes (epubcheck 5.3: RSC-020) */
    CHECK(epi_url_invalid("http://[::1") != NULL);
    CHECK(epi_url_invalid("http://[::1/a]") != NULL);
    CHECK(epi_url_invalid(
              "http://a.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.org/") !=
          NULL);
    CHECK(epi_url_invalid(
              "http://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb.org/") ==
          NULL);

    /* ---- dot segments (RFC 3986 §5.2.4), segments decoded after splitting ---- */
    check_resolve("text/ch1.xhtml", "../images/a.png", true, "images/a.png", false);
    check_resolve("text/ch1.xhtml", "./ch2.xhtml", true, "text/ch2.xhtml", false);
    check_resolve("a/b/c.md", "../../x.md", true, "x.md", false);
    check_resolve("a.md", "../x.md", true, "x.md", true);
    check_resolve(NULL, "глава%201.md", true, "глава 1.md", false);
    check_resolve(NULL, "a%2Fb.md", true, "a/b.md", false);
    /* "%2E%2E" is a name, not "..": decoding comes after the dot segments are found; the
     * result is a container path, where a decoded '/' separates like any other */
    check_resolve(NULL, "%2E%2E/x.md", true, "../x.md", false);
    check_resolve(NULL, "a%2Fb/../c.md", true, "a/c.md", false);
    check_resolve(NULL, "a%20b.md", false, "a%20b.md", false);
    check_resolve(NULL, "dir/", true, "dir/", false);
    check_resolve("a/b.md", "", true, "a/", false);
    return ep_test_done();
}

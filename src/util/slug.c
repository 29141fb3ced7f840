/*
 * ASCII-safe fragment identifiers from heading text (typeset), and the same spelling of image
 * file names (read/images.c).
 *
 * Why ASCII: Adobe Digital Editions mishandles non-ASCII fragments (calibre strips NCX fragments
 * outside [-A-Za-z0-9_:.], docs/ARCHITECTURE.md "Fragment ids"), and an XML id must be an NCName,
 * so it may not start with a digit (XML Namespaces 1.0 §3, NCName = Name minus ':').
 *
 * Cyrillic is transliterated by ICAO Doc 9303 Part 3 (the scheme of Russian passports since
 * 2014): ж zh, х kh, ц ts, щ shch, ъ ie, ю iu, я ia, ь dropped. Latin diacritics are folded by
 * canonical decomposition (libunistring NFD) and dropping the combining marks; ё and й decompose
 * to е and и the same way, which is exactly what ICAO wants for them.
 */
#include "slug.h"

#include <stdbool.h>
#include <stdint.h>

#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <unictype.h>
#include <uninorm.h>
#include <unistr.h>

/* Slugs longer than this are cut at a '-' boundary: ids stay readable in links and the toc. */
#define SLUG_MAX 64

/* ICAO Doc 9303 Part 3, Table "Transliteration of Cyrillic characters", lowercase letters only
 * (the input is lowercased first). Index = code point - U+0430. Letters with a combining mark
 * (ё й ї ў ѓ ќ) never reach this table: NFD has split them into base + mark. */
static const char *const cyr_basic[32] = {"a",  "b",    "v",  "g", "d", "e",  "zh", "z",
                                          "i",  "i",    "k",  "l", "m", "n",  "o",  "p", /* а–п */
                                          "r",  "s",    "t",  "u", "f", "kh", "ts", "ch",
                                          "sh", "shch", "ie", "y", "",  "e",  "iu", "ia"};

/* U+0450..U+045F: ѐ ё ђ ѓ є ѕ і ї ј љ њ ћ ќ ѝ ў џ (Ukrainian, Belarusian, Serbian, Macedonian). */
static const char *const cyr_ext[16] = {"e", "e",  "d",  "g", "ie", "dz", "i", "i",
                                        "j", "lj", "nj", "c", "k",  "i",  "u", "dz"};

/* Latin letters that NFD does not decompose, folded the usual way. */
static const char *latin_fold(ucs4_t c)
{
    switch (c) {
    case 0x00DF:
        return "ss"; /* ß */
    case 0x00E6:
        return "ae"; /* æ */
    case 0x00F0:
        return "d"; /* ð */
    case 0x00F8:
        return "o"; /* ø */
    case 0x00FE:
        return "th"; /* þ */
    case 0x0111:
        return "d"; /* đ */
    case 0x0127:
        return "h"; /* ħ */
    case 0x0131:
        return "i"; /* dotless ı */
    case 0x0142:
        return "l"; /* ł */
    case 0x0153:
        return "oe"; /* œ */
    case 0x0491:
        return "g"; /* ґ (Ukrainian), ICAO: G */
    default:
        return NULL;
    }
}

/* Characters that vanish without splitting the word: combining marks (left over by NFD),
 * format characters (soft hyphen, ZWJ, word joiner) and apostrophes, so "don't" → "dont" and
 * «д'Артаньян» → "dartanian", as pandoc and GitHub ids do. */
static bool ignorable(ucs4_t c)
{
    return c == '\'' || c == 0x2019 || c == 0x02BC || uc_is_general_category(c, UC_CATEGORY_M) ||
           uc_is_general_category(c, UC_CATEGORY_Cf);
}

/* Returns the ASCII spelling of a lowercased code point, "" for a letter written as nothing
 * (ь), or NULL for a separator. */
static const char *spell(ucs4_t c, char ascii[2])
{
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        ascii[0] = (char)c;
        ascii[1] = '\0';
        return ascii;
    }
    if (c >= 0x0430 && c <= 0x044F)
        return cyr_basic[c - 0x0430];
    if (c >= 0x0450 && c <= 0x045F)
        return cyr_ext[c - 0x0450];
    return latin_fold(c);
}

/* Invalid UTF-8 cannot be normalised; such bytes become spaces (separators). */
static uint8_t *sanitize(const char *text, size_t len)
{
    uint8_t *copy = malloc(len + 1);
    if (!copy)
        return NULL;
    const uint8_t *s = (const uint8_t *)text;
    size_t i = 0;
    while (i < len) {
        ucs4_t c;
        int n = u8_mbtoucr(&c, s + i, len - i);
        if (n <= 0) {
            copy[i++] = ' ';
            continue;
        }
        memcpy(copy + i, s + i, (size_t)n);
        i += (size_t)n;
    }
    copy[len] = '\0';
    return copy;
}

char *epi_ascii_spell(const char *text)
{
    if (!text)
        text = "";
    size_t len = strlen(text);
    uint8_t *clean = NULL;
    uint8_t *nfd = NULL;
    char *out = NULL;
    size_t nfd_len = 0;

    const uint8_t *src = (const uint8_t *)text;
    if (u8_check(src, len) != NULL) {
        clean = sanitize(text, len);
        if (!clean)
            goto out;
        src = clean;
    }
    nfd = u8_normalize(UNINORM_NFD, src, len, NULL, &nfd_len);
    if (!nfd && len > 0)
        goto out;

    /* Each code point spells at most 4 ASCII bytes ("shch") plus one '-'; and "h-". */
    out = malloc(nfd_len * 5 + sizeof "section");
    if (!out)
        goto out;
    size_t o = 0;
    bool pending_dash = false;
    size_t i = 0;
    while (i < nfd_len) {
        ucs4_t c;
        int n = u8_mbtouc(&c, nfd + i, nfd_len - i);
        i += (size_t)(n > 0 ? n : 1);
        if (ignorable(c))
            continue;
        char ascii[2];
        const char *sp = spell(uc_tolower(c), ascii);
        if (!sp) {
            pending_dash = o > 0;
            continue;
        }
        if (!*sp)
            continue; /* ь: no letters, but still inside the word */
        if (pending_dash) {
            out[o++] = '-';
            pending_dash = false;
        }
        size_t sl = strlen(sp);
        memcpy(out + o, sp, sl);
        o += sl;
    }
    out[o] = '\0';
out:
    free(clean);
    free(nfd);
    return out;
}

char *epi_slugify(const char *text)
{
    char *out = epi_ascii_spell(text);
    if (!out)
        return NULL;
    size_t o = strlen(out);
    if (o == 0) { /* no letters or digits at all (slug.h: never empty); room was made */
        strcpy(out, "section");
        return out;
    }
    if (out[0] >= '0' && out[0] <= '9') {
        memmove(out + 2, out, o + 1);
        memcpy(out, "h-", 2);
        o += 2;
    }
    if (o > SLUG_MAX) {
        /* Cut at the last '-' within the limit when it leaves a reasonable stem, else hard. */
        size_t cut = SLUG_MAX;
        while (cut > SLUG_MAX / 2 && out[cut] != '-')
            cut--;
        if (out[cut] != '-')
            cut = SLUG_MAX;
        while (cut > 0 && out[cut - 1] == '-')
            cut--;
        out[cut] = '\0';
    }
    return out;
}

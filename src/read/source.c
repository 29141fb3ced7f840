/*
 * Source text hygiene for the read stage: validation (UTF-8, NUL, control characters),
 * NFC normalisation, and a safe way to put text into the XHTML tree.
 */
#include "read_private.h"
#include "util/parallel.h"

#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <uninorm.h>

/* 1-based line and the byte offset of `off` within its line. */
static void locate(const char *s, size_t off, int *line, size_t *col)
{
    int l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++) {
        if (s[i] == '\n') {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = off - start;
}

/* Eight bytes at a time: whether any of them is below n (n <= 128; "Bit Twiddling Hacks",
 * hasless). The read stage scans all the text several times; a byte at a time was most of it. */
static bool any_below(const unsigned char *u, unsigned n)
{
    uint64_t w;
    memcpy(&w, u, sizeof w);
    return ((w - UINT64_C(0x0101010101010101) * n) & ~w & UINT64_C(0x8080808080808080)) != 0;
}

/* The offset of the first C0 control other than TAB, LF, CR, FF and VT (form feed and vertical
 * tab, page breaks in old text files, become line ends), or len when there is none. */
static size_t first_control(const unsigned char *u, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        if (i + 8 <= len && !any_below(u + i, 0x20)) {
            i += 7;
            continue;
        }
        unsigned char c = u[i];
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v')
            return i;
    }
    return len;
}

ep_status epi_text_check(const char *path, const char *data, size_t len, bool utf8_known,
                         ep_error *err)
{
    const unsigned char *u = (const unsigned char *)data;
    int line;
    size_t col, bad = len;

    /* Control characters first (the more telling error), then the first byte that is not
     * UTF-8: the bytes of a UTF-8 sequence are all >= 0x80, so neither hides the other. */
    size_t i = first_control(u, len);
    if (i < len) {
        locate(data, i, &line, &col);
        if (u[i] == 0)
            return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                            "NUL byte at byte offset %zu (line %d): not a text file?", i, line);
        /* XML 1.0 §2.2 (Char) excludes C0 controls other than TAB, LF, CR. */
        return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                        "control character U+%04X at byte offset %zu (line %d)", u[i], i, line);
    }
    if (!utf8_known && !epi_utf8_valid(data, len, &bad)) {
        locate(data, bad, &line, &col);
        return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                        "invalid UTF-8 at line %d, byte offset %zu (byte %zu of the line): the "
                        "text must be UTF-8",
                        line, bad, col + 1);
    }
    return EP_OK;
}

/* ---------- charsets: web pages (web_charset.c) and text files (read_text) ---------- */

/* Two-byte UTF-8 Cyrillic sequences (D0/D1 then a continuation byte), and the bytes >= 0x80. */
void epi_utf8_cyrillic_count(const unsigned char *s, size_t n, size_t *pairs, size_t *high,
                             size_t *first)
{
    *pairs = *high = 0;
    *first = n;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < 0x80)
            continue;
        (*high)++;
        if ((s[i] == 0xD0 || s[i] == 0xD1) && i + 1 < n && s[i + 1] >= 0x80 && s[i + 1] < 0xC0) {
            if (*first == n)
                *first = i;
            (*pairs)++;
            (*high)++;
            i++;
        }
    }
}

/* Without a declaration or BOM: UTF-8 when the bytes are valid UTF-8; else the Cyrillic code
 * page whose lower-case letters (most of a text) the high bytes fall on: windows-1251 has them
 * at E0–FF, KOI8-R at C0–DF; else windows-1252, as browsers assume. */
const char *epi_charset_detect(const unsigned char *s, size_t n)
{
    size_t c0 = 0, e0 = 0, high = 0, bad;
    if (epi_utf8_valid((const char *)s, n, &bad))
        return "UTF-8";
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 0x80)
            high++;
        if (s[i] >= 0xC0 && s[i] < 0xE0)
            c0++;
        else if (s[i] >= 0xE0)
            e0++;
    }
    if ((c0 + e0) * 2 < high)
        return "CP1252";
    return e0 >= c0 ? "CP1251" : "KOI8-R";
}

const char *epi_charset_label(const char *name)
{
    if (!strcmp(name, "CP1251"))
        return "windows-1251";
    if (!strcmp(name, "CP1252"))
        return "windows-1252";
    return name;
}

/* docs/ARCHITECTURE.md "Input": a text file that is not UTF-8 but whose bytes are the letters of
 * windows-1251 or KOI8-R words (detected as web_charset.c detects a page's charset) is converted,
 * with a warning naming the encoding. Anything else stays for epi_text_check to refuse: a UTF-8
 * file with a broken byte must not turn into mojibake. */
ep_status epi_text_decode(epi_ctx *ctx, const char *path, char **data, size_t *len, bool *utf8)
{
    const unsigned char *u = (const unsigned char *)*data;
    size_t n = *len, bad, pairs, high, first, joined = 0;
    *utf8 = epi_utf8_valid(*data, n, &bad);
    if (*utf8)
        return EP_OK;
    epi_utf8_cyrillic_count(u, n, &pairs, &high, &first);
    if (pairs * 2 * 4 >= high) /* mostly UTF-8 Cyrillic: a broken UTF-8 file */
        return EP_OK;
    /* Letters make words: nearly every high byte of Russian text has a high-byte neighbour. */
    for (size_t i = 0; i < n; i++)
        if (u[i] >= 0x80 && ((i > 0 && u[i - 1] >= 0x80) || (i + 1 < n && u[i + 1] >= 0x80)))
            joined++;
    const char *from = epi_charset_detect(u, n);
    if (high < 4 || joined * 10 < high * 8 || (strcmp(from, "CP1251") && strcmp(from, "KOI8-R")))
        return EP_OK;
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return EP_OK;
    char *out = malloc(n * 3 + 1), *in = *data, *o = out;
    size_t inleft = n, oleft = n * 3;
    if (!out) {
        iconv_close(cd);
        return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    size_t r = iconv(cd, &in, &inleft, &o, &oleft);
    iconv_close(cd);
    if (r == (size_t)-1) { /* a byte the code page lacks: not such a text after all */
        free(out);
        return EP_OK;
    }
    *o = '\0';
    *utf8 = true; /* iconv wrote it */
    epi_warn(ctx, EPI_DIAG_CHARSET, path, 0,
             "the text is not UTF-8; reading it as %s (detected from its bytes): save it as "
             "UTF-8, e.g. iconv -f %s -t UTF-8",
             epi_charset_label(from), epi_charset_label(from));
    free(*data);
    *data = out;
    *len = (size_t)(o - out);
    return EP_OK;
}

/* A character NFC cannot change nor combine with what precedes it: canonical combining class
 * 0, its own NFC form, never the second half of a canonical composition (NFC_Quick_Check Yes).
 * The ranges hold Latin, Cyrillic, general punctuation, currency, letterlike symbols (№),
 * arrows and math operators: Russian prose seldom leaves them. */
static bool nfc_inert(uint32_t c)
{
    return c <= 0x02FF || (c >= 0x0400 && c <= 0x0482) || (c >= 0x048A && c <= 0x052F) ||
           (c >= 0x2002 && c <= 0x20CF) || (c >= 0x20F1 && c <= 0x2125) ||
           (c >= 0x212C && c <= 0x2328);
}

/* The offset of the first character at or after `i` that is not nfc_inert (len: none);
 * *starter: the offset of the last inert character before it (kept when there is none). The
 * text is valid UTF-8 (epi_text_check). */
static size_t next_unstable(const char *data, size_t len, size_t i, size_t *starter)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t st = *starter; /* in a register: a store through `starter` per character was most
                             of this scan (it may alias the text, so each was kept) */
    while (i < len) {
        uint32_t c;
        size_t m;
        unsigned char b = u[i];
        if (b < 0x80) {
            st = i++;
            continue;
        }
        if (((b >= 0xC2 && b <= 0xCB) || b == 0xD0 || b == 0xD1) && i + 1 < len) {
            /* U+0080–U+02FF and U+0400–U+047F: inert, whatever the second byte */
            st = i;
            i += 2;
            continue;
        }
        if ((b & 0xE0) == 0xC0 && i + 1 < len) {
            c = ((uint32_t)(b & 0x1F) << 6) | (u[i + 1] & 0x3F);
            m = 2;
        } else if ((b & 0xF0) == 0xE0 && i + 2 < len) {
            c = ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
                (u[i + 2] & 0x3F);
            m = 3;
        } else {
            break;
        }
        if (!nfc_inert(c))
            break;
        st = i;
        i += m;
    }
    *starter = st;
    return i < len ? i : len;
}

/* NFC of valid UTF-8 text into *out (malloc'd, *out_len bytes; NULL: the text is NFC already).
 * Only the stretches around characters that are not inert go through u8_normalize(), each from
 * the last inert character before them to the next inert one after: an inert character is a
 * starter nothing composes with, so NFC of the whole is NFC of the stretches between such
 * boundaries (UAX #15 §9), and u8_normalize() over all of War and Peace, which has a few
 * combining accents, was a ninth of building it (tests/bench/PROFILE.md). */
static bool nfc(const char *data, size_t len, uint8_t **out, size_t *out_len)
{
    epi_buf b = {0};
    size_t done = 0, starter = 0;
    *out = NULL;
    *out_len = 0;
    for (size_t i = next_unstable(data, len, 0, &starter); i < len;
         i = next_unstable(data, len, i, &starter)) {
        size_t from = starter >= done ? starter : done, to = i;
        if (from > i)
            from = i;
        /* to: past the characters that are not inert */
        while (to < len) {
            size_t next_starter = to;
            /* Only the character at `to` matters (a character has at most four bytes): scanning
             * on to the next unstable one, possibly far, was done again by the outer loop. */
            size_t at = next_unstable(data, len - to > 4 ? to + 4 : len, to, &next_starter);
            if (at != to)
                break;
            uint32_t cp;
            size_t m = epi_utf8_decode(data + to, len - to, &cp);
            to += m ? m : 1;
        }
        size_t seg_len = 0;
        uint8_t *seg =
            u8_normalize(UNINORM_NFC, (const uint8_t *)data + from, to - from, NULL, &seg_len);
        bool ok = seg && epi_buf_append(&b, data + done, from - done) &&
                  epi_buf_append(&b, (const char *)seg, seg_len);
        free(seg);
        if (!ok) {
            epi_buf_free(&b);
            return false;
        }
        done = i = to;
        starter = to;
    }
    if (b.data || done) {
        if (!epi_buf_append(&b, data + done, len - done)) {
            epi_buf_free(&b);
            return false;
        }
        *out_len = b.len;
        *out = (uint8_t *)epi_buf_detach(&b);
    }
    return true;
}

/* The text without a leading UTF-8 byte order mark, which is not text (Unicode §23.8); editors on
 * Windows add it. */
static void skip_bom(const char **data, size_t *len)
{
    if (*len >= 3 && !memcmp(*data, "\xEF\xBB\xBF", 3)) {
        *data += 3;
        *len -= 3;
    }
}

/* epi_text_normalize after the byte order mark. */
static ep_status normalize(const char *path, const char *data, size_t len, char **out,
                           size_t *out_len, ep_error *err)
{
    uint8_t *nfc_text = NULL;
    size_t nfc_len = len;
    char *res = NULL;

    const uint8_t *src = (const uint8_t *)data;
    /* Canonical composition (UAX #15): "й" typed as и + U+0306 becomes U+0439, so the
     * typography, hyphenation, search and the font subset see one character. */
    if (!nfc(data, len, &nfc_text, &nfc_len))
        return epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "cannot normalise the text (NFC)");
    if (nfc_text)
        src = nfc_text;
    else
        nfc_len = len;
    res = malloc(nfc_len + 1);
    if (!res) {
        free(nfc_text);
        return epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < nfc_len;) {
        /* The run up to the next CR, FF or VT as it is. */
        size_t run = 0;
        while (i + run < nfc_len && src[i + run] != '\r' && src[i + run] != '\f' &&
               src[i + run] != '\v') {
            if (i + run + 8 <= nfc_len && !any_below(src + i + run, 0x0E))
                run += 8; /* none of the eight is a control character up to CR */
            else
                run++;
        }
        memcpy(res + n, src + i, run);
        n += run;
        i += run;
        if (i == nfc_len)
            break;
        res[n++] = '\n';
        if (src[i] == '\r' && i + 1 < nfc_len && src[i + 1] == '\n')
            i++;
        i++;
    }
    res[n] = '\0';
    free(nfc_text);
    *out = res;
    *out_len = n;
    return EP_OK;
}

ep_status epi_text_normalize(const char *path, const char *data, size_t len, char **out,
                             size_t *out_len, ep_error *err)
{
    skip_bom(&data, &len);
    return normalize(path, data, len, out, out_len, err);
}

/* ---------- a long text on the CPUs ---------- */

/* A text of at least two TEXT_PIECE bytes is checked and normalised in up to TEXT_PIECES_MAX
 * pieces at once: War and Peace's 5 MB took a tenth of its build on one CPU. */
enum { TEXT_PIECE = 256 * 1024, TEXT_PIECES_MAX = 16 };

typedef struct text_piece {
    const char *data;
    size_t len;
    char *out;
    size_t out_len;
    bool ok;
} text_piece;

/* Whether valid UTF-8 text is its own normal form in one pass: every character printable or
 * TAB or LF (no other control character, no CR, FF or VT to turn into LF) and nfc_inert. Nearly
 * every piece of a Russian or English book is; the checks one after another (UTF-8, controls,
 * NFC, line ends) and a copy of each piece and then of the whole were most of reading War and
 * Peace. False says nothing: the piece goes the long way, which finds what to change or refuse. */
static bool own_normal_form(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    for (size_t i = 0; i < len;) {
        unsigned char b = u[i];
        if ((b >= 0x20 && b < 0x80) || b == '\n' || b == '\t') {
            i++;
        } else if (((b >= 0xC2 && b <= 0xCB) || b == 0xD0 || b == 0xD1) && i + 1 < len &&
                   (u[i + 1] & 0xC0) == 0x80) {
            i += 2; /* U+0080-U+02FF and U+0400-U+047F, as in next_unstable */
        } else {
            uint32_t c;
            size_t n = b >= 0x80 ? epi_utf8_decode(data + i, len - i, &c) : 0;
            if (!n || !nfc_inert(c))
                return false;
            i += n;
        }
    }
    return true;
}

static void piece_work(void *ud, size_t i, size_t worker)
{
    text_piece *p = (text_piece *)ud + i;
    (void)worker;
    if (own_normal_form(p->data, p->len)) {
        p->out = NULL; /* the piece as it is */
        p->out_len = p->len;
        p->ok = true;
        return;
    }
    p->ok = epi_utf8_valid(p->data, p->len, NULL) &&
            first_control((const unsigned char *)p->data, p->len) == p->len &&
            normalize(NULL, p->data, p->len, &p->out, &p->out_len, NULL) == EP_OK;
}

bool epi_text_normalize_parallel(char **text, size_t *text_len)
{
    text_piece v[TEXT_PIECES_MAX];
    const char *data = *text;
    size_t len = *text_len, n = 0, want, total = 0;
    bool ok = true, same = true, fits = true;
    char *out = NULL;

    skip_bom(&data, &len);
    want = len / TEXT_PIECE < TEXT_PIECES_MAX ? len / TEXT_PIECE : TEXT_PIECES_MAX;
    if (want < 2)
        return false;
    /* Cut after a line end followed by an ASCII character: both sides of the cut are then
     * characters NFC neither changes nor combines (see nfc), and no CR LF is parted, so the
     * pieces' normal forms, one after another, are the whole text's. */
    for (size_t start = 0; start < len; n++) {
        size_t end = n + 1 < want ? len / want * (n + 1) : len;
        if (end <= start)
            end = start + 1;
        while (end < len && !(data[end - 1] == '\n' && (unsigned char)data[end] < 0x80))
            end++;
        v[n] = (text_piece){.data = data + start, .len = end - start};
        start = end;
    }
    epi_parallel_for(n, 2, piece_work, v);
    for (size_t i = 0; i < n; i++) {
        ok = ok && v[i].ok;
        same = same && !v[i].out;
        total += v[i].out_len;
    }
    if (ok && same && data == *text) /* no byte order mark either: the text stays */
        return true;
    /* The pieces one after another: in the text's own buffer when none grew (NFC seldom
     * lengthens, line ends only shorten), each piece then moving only to where it was or before,
     * never over a piece still to be moved; else in a new one. */
    for (size_t i = 0; i < n && fits; i++)
        fits = v[i].out_len <= v[i].len;
    if (ok && (fits || (out = malloc(total + 1)))) {
        char *to = fits ? *text : out;
        size_t at = 0;
        for (size_t i = 0; i < n; i++) {
            if (v[i].out)
                memcpy(to + at, v[i].out, v[i].out_len);
            else if (to + at != v[i].data)
                memmove(to + at, v[i].data, v[i].out_len);
            at += v[i].out_len;
        }
        to[total] = '\0';
        if (!fits) {
            free(*text);
            *text = out;
        }
        *text_len = total;
    } else {
        ok = false;
    }
    for (size_t i = 0; i < n; i++)
        free(v[i].out);
    return ok;
}

static size_t pow2_at_least(size_t n)
{
    size_t p = 16;
    while (p < n)
        p *= 2;
    return p;
}

bool epi_xml_add_text(xmlNodePtr parent, const char *s, size_t len)
{
    epi_buf b = {0};
    size_t start = 0;
    bool ok = true;

    /* Characters outside XML 1.0 Char (C0 controls, U+FFFE, U+FFFF) can still arrive through
     * numeric references in Markdown (&#1;), and cmark-gfm 0.29 can cut a multi-byte character
     * in two (an unclosed "[^" spanning lines loses bytes: a fuzzer find, seed
     * regress-cmark-cut-utf8); replace them with U+FFFD rather than write a document no reader
     * can parse. */
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        size_t skip = 0;
        /* Printable ASCII and two-byte characters (Latin, Cyrillic) first, without a call. */
        if (c >= 0x20 && c < 0x80)
            continue;
        if (c >= 0xC2 && c <= 0xDF && i + 1 < len && ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
            i++;
            continue;
        }
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
            skip = 1;
        } else if (c == 0xEF && i + 2 < len && (unsigned char)s[i + 1] == 0xBF &&
                   ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            skip = 3;
        } else if (c >= 0x80) {
            uint32_t cp;
            size_t n = epi_utf8_decode(s + i, len - i, &cp);
            if (n == 0)
                skip = 1;
            else
                i += n - 1;
        }
        if (!skip)
            continue;
        ok = ok && epi_buf_append(&b, s + start, i - start) && epi_buf_puts(&b, "\xEF\xBF\xBD");
        i += skip - 1;
        start = i + 1;
    }
    if (b.data || !ok) {
        ok = ok && epi_buf_append(&b, s + start, len - start);
        s = b.data;
        len = b.len;
    }
    xmlNodePtr last = parent->last;
    if (ok && len > 0 && last && last->type == XML_TEXT_NODE && last->content &&
        last->content != (xmlChar *)&last->properties &&
        !(parent->doc && parent->doc->dict && xmlDictOwns(parent->doc->dict, last->content))) {
        /* Appended to the text before it, as xmlAddChild would merge it, but in linear time:
         * libxml2's merge measures the whole text again for each piece (xmlStrncat), so a
         * paragraph of 200 000 lines took minutes. The length is kept in the node's psvi
         * (schema validation's field, never used on a book's trees), trusted only while the
         * text still ends there: the read stage changes text only through this function. */
        size_t have = (size_t)(uintptr_t)last->psvi; /* the length + 1, 0 when unknown */
        bool ours =
            have && last->content[have - 1] == '\0' && (have == 1 || last->content[have - 2]);
        have = ours ? have - 1 : strlen((const char *)last->content);
        /* Our buffers are a power of two long, so the capacity follows from the length: a
         * realloc for each piece would copy the whole text each time where realloc moves it
         * (sanitizers' always does). */
        size_t cap = ours ? pow2_at_least(have + 1) : have + 1, need = have + len + 1;
        xmlChar *grown = last->content;
        if (need > cap && !(grown = xmlRealloc(last->content, pow2_at_least(need)))) {
            ok = false;
        } else {
            memcpy(grown + have, s, len);
            grown[have + len] = '\0';
            last->content = grown;
            last->psvi = (void *)(uintptr_t)need;
        }
    } else if (ok && len > 0) {
        xmlNodePtr t = xmlNewDocTextLen(parent->doc, BAD_CAST s, (int)len);
        if (!t)
            ok = false;
        else if (!xmlAddChild(parent, t)) {
            xmlFreeNode(t);
            ok = false;
        }
    }
    epi_buf_free(&b);
    return ok;
}

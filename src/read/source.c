/*
 * Source text hygiene for the read stage: validation (UTF-8, NUL, control characters),
 * NFC normalisation, and a safe way to put text into the XHTML tree.
 */
#include "read.h"

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

ep_status epi_text_check(const char *path, const char *data, size_t len, ep_error *err)
{
    int line;
    size_t col, bad;

    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)data[i];
        /* Form feed and vertical tab (page breaks in old text files) become line ends. */
        if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v')
            continue;
        locate(data, i, &line, &col);
        if (c == 0)
            return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                            "NUL byte at byte offset %zu (line %d): not a text file?", i, line);
        /* XML 1.0 §2.2 (Char) excludes C0 controls other than TAB, LF, CR. */
        return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                        "control character U+%04X at byte offset %zu (line %d)", c, i, line);
    }
    if (!epi_utf8_valid(data, len, &bad)) {
        locate(data, bad, &line, &col);
        return epi_fail(err, EP_ERR_INPUT, path, line, (int)col + 1,
                        "invalid UTF-8 at line %d, byte offset %zu (byte %zu of the line): the "
                        "text must be UTF-8",
                        line, bad, col + 1);
    }
    return EP_OK;
}

/* True when NFC cannot change the (valid UTF-8) text: every character has canonical combining
 * class 0, is its own NFC form and never the second half of a canonical composition (its
 * NFC_Quick_Check is Yes). The ranges hold Latin, Cyrillic, general punctuation, currency,
 * letterlike symbols (№), arrows and math operators — Russian prose never leaves them, and
 * u8_normalize() was a sixth of a build's time (tests/bench/RESULTS.md). */
static bool nfc_stable(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    size_t i = 0;
    while (i < len) {
        uint32_t c;
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        if ((u[i] & 0xE0) == 0xC0 && i + 1 < len) {
            c = ((uint32_t)(u[i] & 0x1F) << 6) | (u[i + 1] & 0x3F);
            i += 2;
        } else if ((u[i] & 0xF0) == 0xE0 && i + 2 < len) {
            c = ((uint32_t)(u[i] & 0x0F) << 12) | ((uint32_t)(u[i + 1] & 0x3F) << 6) |
                (u[i + 2] & 0x3F);
            i += 3;
        } else {
            return false;
        }
        if (!(c <= 0x02FF || (c >= 0x0400 && c <= 0x0482) || (c >= 0x048A && c <= 0x052F) ||
              (c >= 0x2002 && c <= 0x20CF) || (c >= 0x20F1 && c <= 0x2125) ||
              (c >= 0x212C && c <= 0x2328)))
            return false;
    }
    return true;
}

ep_status epi_text_normalize(const char *path, const char *data, size_t len, char **out,
                             size_t *out_len, ep_error *err)
{
    uint8_t *nfc = NULL;
    size_t nfc_len = 0;
    char *res = NULL;

    /* A UTF-8 byte order mark is not text (Unicode §23.8); editors on Windows add it. */
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
        data += 3;
        len -= 3;
    }
    const uint8_t *src = (const uint8_t *)data;
    if (len > 0 && nfc_stable(data, len)) {
        nfc_len = len; /* already NFC: read it in place */
    } else if (len > 0) {
        /* Canonical composition (UAX #15): "й" typed as и + U+0306 becomes U+0439, so the
         * typography, hyphenation, search and the font subset see one character. */
        nfc = u8_normalize(UNINORM_NFC, (const uint8_t *)data, len, NULL, &nfc_len);
        if (!nfc)
            return epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "cannot normalise the text (NFC)");
        src = nfc;
    }
    res = malloc(nfc_len + 1);
    if (!res) {
        free(nfc);
        return epi_fail(err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < nfc_len; i++) {
        char c = (char)src[i];
        if (c == '\f' || c == '\v') {
            res[n++] = '\n';
        } else if (c == '\r') {
            res[n++] = '\n';
            if (i + 1 < nfc_len && src[i + 1] == '\n')
                i++;
        } else {
            res[n++] = c;
        }
    }
    res[n] = '\0';
    free(nfc);
    *out = res;
    *out_len = n;
    return EP_OK;
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

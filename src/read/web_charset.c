/*
 * A saved web page's bytes → NFC UTF-8 (docs/ARCHITECTURE.md "Web pages": which charset wins):
 * a BOM, else the charset the page declares (<meta charset>, <meta http-equiv>, found by a
 * Gumbo parse of the page's first bytes), else detection among UTF-8, windows-1251, KOI8-R and
 * windows-1252; iconv converts. A byte sequence that is not text in the charset is read as
 * U+FFFD with a warning, as browsers read it, unless there are so many the page is not text;
 * a single-byte page with lines of UTF-8 is read line by line.
 */
#include "read_private.h"
#include "util/utf8.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    WEB_PRESCAN = 64 * 1024, /* bytes searched for <meta charset> */
    /* A page whose byte sequences that are not text in its charset are at least BAD_MIN and
     * more than 1 in BAD_SHARE of its characters beyond ASCII is not text: refused, where a
     * few stray ones are read as U+FFFD. */
    BAD_MIN = 16,
    BAD_SHARE = 4
};

/* WHATWG Encoding labels we meet on Russian and Western pages → glibc iconv names. */
static const char *iconv_name(const char *label)
{
    static const struct {
        const char *label, *name;
    } map[] = {
        {"utf-8", "UTF-8"},
        {"utf8", "UTF-8"},
        {"unicode-1-1-utf-8", "UTF-8"},
        {"utf-16", "UTF-8"},
        {"utf-16le", "UTF-8"},
        {"utf-16be", "UTF-8"},
        {"windows-1251", "CP1251"},
        {"cp1251", "CP1251"},
        {"x-cp1251", "CP1251"},
        {"koi8-r", "KOI8-R"},
        {"koi8", "KOI8-R"},
        {"koi", "KOI8-R"},
        {"cskoi8r", "KOI8-R"},
        {"koi8_r", "KOI8-R"},
        {"koi8-u", "KOI8-U"},
        {"koi8-ru", "KOI8-U"},
        {"ibm866", "CP866"},
        {"cp866", "CP866"},
        {"866", "CP866"},
        {"iso-8859-5", "ISO-8859-5"},
        {"windows-1252", "CP1252"},
        {"cp1252", "CP1252"},
        {"iso-8859-1", "CP1252"},
        {"iso8859-1", "CP1252"},
        {"latin1", "CP1252"},
        {"l1", "CP1252"},
        {"us-ascii", "CP1252"},
        {"ascii", "CP1252"},
        {"x-mac-cyrillic", "MAC-CYRILLIC"},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (!strcasecmp(label, map[i].label))
            return map[i].name;
    return NULL;
}

/* The charset named by <meta charset> or <meta http-equiv=content-type content="…charset=…">
 * in the page's head, copied into out[size]; false when none. */
static bool declared_charset(const GumboNode *root, char *out, size_t size, int *line)
{
    const GumboNode *head = NULL;
    if (!root || root->type != GUMBO_NODE_ELEMENT)
        return false;
    for (unsigned i = 0; i < root->v.element.children.length && !head; i++) {
        const GumboNode *c = root->v.element.children.data[i];
        if (c->type == GUMBO_NODE_ELEMENT && c->v.element.tag == GUMBO_TAG_HEAD)
            head = c;
    }
    for (unsigned i = 0; head && i < head->v.element.children.length; i++) {
        const GumboNode *m = head->v.element.children.data[i];
        if (m->type != GUMBO_NODE_ELEMENT || m->v.element.tag != GUMBO_TAG_META)
            continue;
        const GumboAttribute *cs = gumbo_get_attribute(&m->v.element.attributes, "charset");
        const GumboAttribute *he = gumbo_get_attribute(&m->v.element.attributes, "http-equiv");
        const GumboAttribute *ct = gumbo_get_attribute(&m->v.element.attributes, "content");
        const char *v = NULL;
        if (cs)
            v = cs->value;
        else if (he && ct && !strcasecmp(he->value, "content-type")) {
            const char *p = epi_ci_find(ct->value, "charset");
            if (p) {
                p += 7;
                p += strspn(p, " \t");
                if (*p == '=')
                    v = p + 1 + strspn(p + 1, " \t\"'");
            }
        }
        if (!v)
            continue;
        v += strspn(v, " \t\n");
        size_t n = strcspn(v, " \t\n;\"'");
        if (n == 0 || n >= size)
            continue;
        memcpy(out, v, n);
        out[n] = '\0';
        *line = (int)m->v.element.start_pos.line;
        return true;
    }
    return false;
}

/* What decoding found: the UTF-8 text, the byte sequences that are not text in the charset
 * (each read as U+FFFD) with the first one's offset, and the non-ASCII characters read. */
typedef struct decoded {
    epi_buf out;
    size_t bad, first, good;
} decoded;

static bool put_replacement(decoded *d, size_t off)
{
    if (!d->bad++)
        d->first = off;
    return epi_buf_append(&d->out, "\xEF\xBF\xBD", 3);
}

/* The length of the ill-formed UTF-8 sequence at u (len > 0): its lead byte and the
 * continuation bytes that could still have begun a character, which a browser reads as one
 * U+FFFD (WHATWG Encoding §8.1.1, the UTF-8 decoder). */
static size_t ill_formed_length(const unsigned char *u, size_t len)
{
    unsigned lo = 0x80, hi = 0xBF;
    size_t need;
    if (u[0] >= 0xC2 && u[0] <= 0xDF)
        need = 1;
    else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
        need = 2;
        lo = u[0] == 0xE0 ? 0xA0 : lo;
        hi = u[0] == 0xED ? 0x9F : hi;
    } else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
        need = 3;
        lo = u[0] == 0xF0 ? 0x90 : lo;
        hi = u[0] == 0xF4 ? 0x8F : hi;
    } else
        return 1;
    size_t i = 1;
    for (; i <= need && i < len && u[i] >= lo && u[i] <= hi; i++)
        lo = 0x80, hi = 0xBF;
    return i;
}

/* Appends the UTF-8 bytes raw[from, to) to d, each ill-formed sequence as U+FFFD. */
static bool utf8_in(decoded *d, const char *raw, size_t from, size_t to)
{
    size_t i = from, run = from;
    while (i < to) {
        uint32_t cp;
        size_t n = (unsigned char)raw[i] < 0x80 ? 1 : epi_utf8_decode(raw + i, to - i, &cp);
        if (n) {
            d->good += n > 1;
            i += n;
            continue;
        }
        if (!epi_buf_append(&d->out, raw + run, i - run) || !put_replacement(d, i))
            return false;
        i += ill_formed_length((const unsigned char *)raw + i, to - i);
        run = i;
    }
    return epi_buf_append(&d->out, raw + run, to - run);
}

/* Appends raw[from, to) converted by cd to d, each byte the charset does not have as U+FFFD. */
static bool iconv_in(decoded *d, iconv_t cd, const char *raw, size_t from, size_t to)
{
    char *in = (char *)raw + from;
    size_t inleft = to - from;
    for (size_t i = from; i < to; i++)
        d->good += (unsigned char)raw[i] >= 0x80;
    while (inleft) {
        if (!epi_buf_append(&d->out, "", 0) || d->out.len + inleft * 4 + 16 > d->out.cap) {
            size_t need = d->out.len + inleft * 4 + 16;
            char *nd = realloc(d->out.data, need);
            if (!nd)
                return false;
            d->out.data = nd;
            d->out.cap = need;
        }
        char *o = d->out.data + d->out.len;
        size_t oleft = d->out.cap - d->out.len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        d->out.len = (size_t)(o - d->out.data);
        d->out.data[d->out.len] = '\0';
        if (r == (size_t)-1 && errno != E2BIG) {
            iconv(cd, NULL, NULL, NULL, NULL);
            if (!put_replacement(d, (size_t)(in - raw)))
                return false;
            d->good -= (unsigned char)*in >= 0x80;
            in++;
            inleft--;
        }
    }
    return true;
}

/* A page in a single-byte charset with lines of UTF-8 pasted in: each line is read in the
 * encoding its bytes are, UTF-8 when they are valid UTF-8 with a character beyond ASCII. */
static bool mixed_in(decoded *d, iconv_t cd, const char *raw, size_t len)
{
    for (size_t at = 0; at < len;) {
        const char *nl = memchr(raw + at, '\n', len - at);
        size_t end = nl ? (size_t)(nl - raw) + 1 : len, high = 0, bad;
        for (size_t i = at; i < end && !high; i++)
            high = (unsigned char)raw[i] >= 0x80;
        bool ok = high && epi_utf8_valid(raw + at, end - at, &bad) ? utf8_in(d, raw, at, end)
                                                                   : iconv_in(d, cd, raw, at, end);
        if (!ok)
            return false;
        at = end;
    }
    return true;
}

ep_status epi_web_decode(epi_ctx *ctx, const char *path, const char *raw, size_t len,
                         const GumboOptions *opt, char **out, size_t *out_len)
{
    decoded d = {0};
    char label[48];
    int dline = 0;
    size_t bad = 0;
    const char *from = NULL, *says = "the page declares";
    bool declared = false, mixed = false;
    iconv_t cd = (iconv_t)-1;
    ep_status st = EP_OK;

    if (len >= 2 && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE) &&
        (unsigned char)raw[1] == ((unsigned char)raw[0] ^ 1)) {
        from = (unsigned char)raw[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
        says = "its byte order mark says";
    } else if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
        from = "UTF-8";
        says = "its byte order mark says";
    } else {
        GumboOutput *pre =
            gumbo_parse_with_options(opt, raw, len < WEB_PRESCAN ? len : WEB_PRESCAN);
        if (!pre)
            return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        if (declared_charset(pre->root, label, sizeof label, &dline)) {
            from = iconv_name(label);
            if (!from) {
                iconv_t c = iconv_open("UTF-8", label);
                if (c != (iconv_t)-1) {
                    iconv_close(c);
                    from = label;
                } else {
                    epi_warn(ctx, EPI_DIAG_CHARSET, path, dline,
                             "the page declares the unknown charset '%s'; detecting it", label);
                }
            }
            declared = from != NULL;
        }
        gumbo_destroy_output(opt, pre);
    }
    const unsigned char *u = (const unsigned char *)raw;
    if (!from) {
        from = epi_charset_detect(u, len);
        says = "detected from its bytes";
        if (strcmp(from, "UTF-8"))
            epi_warn(ctx, EPI_DIAG_CHARSET, path, 0,
                     "the page declares no charset; reading it as %s (detected from its bytes): "
                     "add <meta charset=\"%s\"> to say so",
                     epi_charset_label(from), epi_charset_label(from));
    } else if (declared && strcmp(from, "UTF-8") && strncmp(from, "UTF-16", 6)) {
        /* A single-byte charset declared: the bytes may still be UTF-8 (a page re-saved by an
         * editor), or a mixture (a UTF-8 block pasted into a windows-1251 page). */
        size_t pairs, high, first;
        epi_utf8_cyrillic_count(u, len, &pairs, &high, &first);
        bool valid = epi_utf8_valid(raw, len, &bad);
        if (valid && high) {
            epi_warn(ctx, EPI_DIAG_CHARSET, path, dline,
                     "the page declares %s but its text is UTF-8; reading it as UTF-8",
                     epi_charset_label(from));
            from = "UTF-8";
        } else if (!valid && pairs >= 16 && pairs * 2 * 4 >= high) {
            epi_warn(ctx, EPI_DIAG_CHARSET, path, epi_line_at(raw, first),
                     "the page mixes encodings: it declares %s (line %d) but this line is "
                     "UTF-8; each line is read in the encoding of its bytes",
                     epi_charset_label(from), dline);
            mixed = true;
        }
    }
    bool ok;
    if (!strcmp(from, "UTF-8")) {
        ok = utf8_in(&d, raw, 0, len);
    } else {
        if ((cd = iconv_open("UTF-8", from)) == (iconv_t)-1) {
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, 0, 0,
                          "the page's charset '%s' is not known to iconv", from);
            goto out;
        }
        ok = mixed ? mixed_in(&d, cd, raw, len) : iconv_in(&d, cd, raw, 0, len);
    }
    if (!ok) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        goto out;
    }
    /* A few stray bytes (a Latin-1 word in a UTF-8 page, often in an ad's script or an image's
     * alt text) are read as a browser reads them; a page where a quarter of what is not ASCII
     * is not text in its charset cannot be read. */
    if (d.bad >= BAD_MIN && d.bad * BAD_SHARE > d.bad + d.good) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(raw, d.first), 0,
                      "the page is not %s text, which %s: %zu of its %zu characters beyond "
                      "ASCII are not (the first: byte 0x%02X, offset %zu); save it in one "
                      "encoding",
                      epi_charset_label(from), says, d.bad, d.bad + d.good, u[d.first], d.first);
        goto out;
    }
    if (d.bad) {
        char more[48] = "";
        if (d.bad > 1)
            snprintf(more, sizeof more, " (and %zu more in the page)", d.bad - 1);
        epi_warn(ctx, EPI_DIAG_BYTES, path, epi_line_at(raw, d.first),
                 "byte 0x%02X (offset %zu) is not %s, which %s: read as U+FFFD, as browsers "
                 "do%s",
                 u[d.first], d.first, epi_charset_label(from), says, more);
    }
    st = epi_text_normalize(path, d.out.data ? d.out.data : "", d.out.len, out, out_len, ctx->err);
out:
    if (cd != (iconv_t)-1)
        iconv_close(cd);
    epi_buf_free(&d.out);
    return st;
}

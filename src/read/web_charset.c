/*
 * A saved web page's bytes → NFC UTF-8 (docs/ARCHITECTURE.md "Web pages": which charset wins):
 * a BOM, else the charset the page declares (<meta charset>, <meta http-equiv>, found by a
 * Gumbo parse of the page's first bytes), else detection among UTF-8, windows-1251, KOI8-R and
 * windows-1252; iconv converts, and a byte the charset does not have is refused by its line.
 */
#include "read_private.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { WEB_PRESCAN = 64 * 1024 /* bytes searched for <meta charset> */ };

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

/* iconv from `from` to UTF-8. An unmappable byte is an error naming its line. */
static ep_status convert(epi_ctx *ctx, const char *path, const char *from, const char *raw,
                         size_t len, epi_buf *out)
{
    iconv_t cd = iconv_open("UTF-8", from);
    if (cd == (iconv_t)-1)
        return epi_fail(ctx->err, EP_ERR_INPUT, path, 0, 0,
                        "the page's charset '%s' is not known to iconv", from);
    ep_status st = EP_OK;
    char *in = (char *)raw;
    size_t inleft = len;
    while (inleft) {
        if (!epi_buf_append(out, "", 0) || out->len + inleft * 3 + 16 > out->cap) {
            size_t need = out->len + inleft * 3 + 16;
            char *d = realloc(out->data, need);
            if (!d) {
                st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
                break;
            }
            out->data = d;
            out->cap = need;
        }
        char *o = out->data + out->len;
        size_t oleft = out->cap - out->len - 1;
        size_t r = iconv(cd, &in, &inleft, &o, &oleft);
        out->len = (size_t)(o - out->data);
        out->data[out->len] = '\0';
        if (r == (size_t)-1 && errno != E2BIG) {
            size_t off = (size_t)(in - raw);
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(raw, off), 0,
                          "byte 0x%02X (offset %zu) is not %s text: the page's encoding is "
                          "broken",
                          (unsigned char)raw[off], off, epi_charset_label(from));
            break;
        }
    }
    iconv_close(cd);
    return st;
}

ep_status epi_web_decode(epi_ctx *ctx, const char *path, const char *raw, size_t len,
                         const GumboOptions *opt, char **out, size_t *out_len)
{
    epi_buf utf8 = {0};
    char label[48];
    int dline = 0;
    size_t bad = 0;
    const char *from = NULL;
    bool declared = false;
    ep_status st = EP_OK;

    if (len >= 2 && ((unsigned char)raw[0] == 0xFF || (unsigned char)raw[0] == 0xFE) &&
        (unsigned char)raw[1] == ((unsigned char)raw[0] ^ 1)) {
        from = (unsigned char)raw[0] == 0xFF ? "UTF-16LE" : "UTF-16BE";
    } else if (len >= 3 && !memcmp(raw, "\xEF\xBB\xBF", 3)) {
        from = "UTF-8";
    } else {
        GumboOutput *pre =
            gumbo_parse_with_options(opt, raw, len < WEB_PRESCAN ? len : WEB_PRESCAN);
        if (!pre)
            return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
        if (declared_charset(pre->root, label, sizeof label, &dline)) {
            from = iconv_name(label);
            if (!from) {
                iconv_t cd = iconv_open("UTF-8", label);
                if (cd != (iconv_t)-1) {
                    iconv_close(cd);
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
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(raw, first), 0,
                          "the page mixes encodings: it declares %s (line %d) but this line is "
                          "UTF-8; save it in one encoding",
                          epi_charset_label(from), dline);
            goto out;
        }
    }
    if (!strcmp(from, "UTF-8")) {
        if (!epi_utf8_valid(raw, len, &bad)) {
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, epi_line_at(raw, bad), 0,
                          "byte 0x%02X (offset %zu) is not UTF-8, which the page declares: "
                          "the page mixes encodings or is broken",
                          u[bad], bad);
            goto out;
        }
        st = epi_text_normalize(path, raw, len, out, out_len, ctx->err);
        goto out;
    }
    if ((st = convert(ctx, path, from, raw, len, &utf8)))
        goto out;
    st = epi_text_normalize(path, utf8.data ? utf8.data : "", utf8.len, out, out_len, ctx->err);
out:
    epi_buf_free(&utf8);
    return st;
}

/*
 * Plain text → XHTML: paragraphs are separated by blank lines; the line breaks inside a
 * paragraph are the typist's wrapping, not the author's, so they become spaces. A first
 * paragraph that looks like a title (below) is the text's heading, an <h1>.
 */
#include "read_private.h"

#include <string.h>
#include <unictype.h>

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

/* A title: one line of at most EPI_TITLE_MAX characters with a letter in it, not ending in
 * punctuation that ends or continues a sentence (. , ; : …), not opening with a dash (a line
 * of dialogue), with more text after it. */
enum { EPI_TITLE_MAX = 150 };

static bool looks_like_title(const char *s, size_t n, size_t lines, const char *rest,
                             size_t rest_len)
{
    static const char *const ends[] = {".", ",", ";", ":", "\u2026"};
    size_t chars = 0, letters = 0;

    if (lines != 1 || strspn(rest, " \t\r\n") >= rest_len)
        return false;
    for (size_t i = 0; i < sizeof ends / sizeof ends[0]; i++) {
        size_t e = strlen(ends[i]);
        if (n >= e && !memcmp(s + n - e, ends[i], e))
            return false;
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t k = epi_utf8_decode(s + i, n - i, &cp);
        if (!i && (cp == '-' || cp == 0x2013 || cp == 0x2014))
            return false;
        i += k ? k : 1;
        chars++;
        letters += uc_is_alpha(cp);
    }
    return chars <= EPI_TITLE_MAX && letters > 0;
}

ep_status epi_text_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                              epi_chapter *ch)
{
    epi_buf para = {0};
    ep_status st = EP_OK;
    int line = first_line > 0 ? first_line : 1, para_line = 0;
    size_t pos = 0, lines = 0, paras = 0;
    xmlNodePtr body;

    if (!ch->doc && !(ch->doc = epi_xhtml_new()))
        return epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory");
    if (!(body = epi_xhtml_body(ch->doc)))
        return epi_fail(ctx->err, EP_ERR_XML, ch->src_path, 0, 0, "chapter has no <body>");

    while (pos <= len) {
        const char *nl = pos < len ? memchr(text + pos, '\n', len - pos) : NULL;
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *s = text + pos;
        size_t n = end - pos;
        bool is_blank = blank(s, n);

        if (!is_blank) {
            /* Trim the line; join it to the paragraph with one space. */
            while (n && (*s == ' ' || *s == '\t')) {
                s++;
                n--;
            }
            while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
                n--;
            if (!para.len) {
                para_line = line;
                lines = 0;
            }
            if ((para.len && !epi_buf_puts(&para, " ")) || !epi_buf_append(&para, s, n))
                goto nomem;
            lines++;
        }
        if ((is_blank || !nl) && para.len) {
            bool title =
                !paras++ && looks_like_title(para.data, para.len, lines, text + end, len - end);
            xmlNodePtr p = xmlNewChild(body, NULL, BAD_CAST(title ? "h1" : "p"), NULL);
            if (!p || !epi_xml_add_text(p, para.data, para.len))
                goto nomem;
            p->line = para_line < 65535 ? (unsigned short)para_line : 65535;
            para.len = 0;
        }
        if (!nl)
            break;
        pos = end + 1;
        line++;
    }
    goto out;
nomem:
    st = epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory");
out:
    epi_buf_free(&para);
    return st;
}

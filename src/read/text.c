/*
 * Plain text → XHTML: paragraphs are separated by blank lines; the line breaks inside a
 * paragraph are the typist's wrapping, not the author's, so they become spaces.
 */
#include "read.h"

#include <string.h>

static bool blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            return false;
    return true;
}

ep_status epi_text_to_chapter(epi_ctx *ctx, const char *text, size_t len, int first_line,
                              epi_chapter *ch)
{
    epi_buf para = {0};
    ep_status st = EP_OK;
    int line = first_line > 0 ? first_line : 1, para_line = 0;
    size_t pos = 0;
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
            if (!para.len)
                para_line = line;
            if ((para.len && !epi_buf_puts(&para, " ")) || !epi_buf_append(&para, s, n))
                goto nomem;
        }
        if ((is_blank || !nl) && para.len) {
            xmlNodePtr p = xmlNewChild(body, NULL, BAD_CAST "p", NULL);
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

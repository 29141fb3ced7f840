/* EPUB/css/epubpack.css: our stylesheet (compiled in from styles/epubpack.css), the Kobo
 * target's rule, then the
 * @font-face rules of the embedded fonts, then the user's stylesheets, so the user's rules
 * win by source order (CSS 2.1 §6.4.1). */
#include "pkg_private.h"

#include <string.h>

ep_status epi_pkg_css(const epi_book *book, unsigned char **data, size_t *len, ep_error *err)
{
    epi_buf b = {0};

    *data = NULL;
    *len = 0;
    if (!epi_buf_append(&b, epi_default_css, epi_default_css_len))
        goto nomem;
    /* docs/ARCHITECTURE.md "Hyphenation": `auto` only where the reader hyphenates (css); with
     * soft hyphens, and with hyphenation off, `manual`, so that a reader's own patterns (WebKit
     * reads Debian's KOI8-R Russian file as UTF-8 and breaks words wrongly) stay off and only
     * U+00AD breaks a word. RMSDK's name for manual is `explicit`. */
    const char *hy = book->hyphenation == EP_HYPHEN_CSS ? "auto" : "manual";
    if (!epi_buf_printf(
            &b,
            "\n/* Hyphenation: %s */\nbody {\n    hyphens: %s;\n    -webkit-hyphens: %s;\n"
            "    -epub-hyphens: %s;\n    adobe-hyphenate: %s;\n}\n",
            book->hyphenation == EP_HYPHEN_CSS    ? "by the reader (css)"
            : book->hyphenation == EP_HYPHEN_SOFT ? "soft hyphens in the text (soft)"
                                                  : "none (off)",
            hy, hy, hy, book->hyphenation == EP_HYPHEN_CSS ? "auto" : "explicit"))
        goto nomem;
    /* A chapter whose own front matter asks for the other value has a class on <body>
     * (typeset.c, hyphenate). */
    bool other = false;
    for (size_t i = 0; i < book->nchapters && !other; i++) {
        ep_hyphenation m = book->chapters[i].hyphenation;
        other = m && (m == EP_HYPHEN_CSS) != (book->hyphenation == EP_HYPHEN_CSS);
    }
    if (other) {
        const char *o = book->hyphenation == EP_HYPHEN_CSS ? "manual" : "auto";
        if (!epi_buf_printf(&b,
                            "body.epubpack-hyphens-%s {\n    hyphens: %s;\n    -webkit-hyphens: "
                            "%s;\n    -epub-hyphens: %s;\n    adobe-hyphenate: %s;\n}\n",
                            o, o, o, o, book->hyphenation == EP_HYPHEN_CSS ? "explicit" : "auto"))
            goto nomem;
    }
    /* kepubify's "kobostylehacks" rule, in the stylesheet rather than a <style> in each
     * document. */
    if (book->target == EP_TARGET_KOBO &&
        !epi_buf_puts(&b, "\n/* Kobo target */\ndiv#" EPI_KOBO_INNER_ID
                          " { margin-top: 0; margin-bottom: 0; }\n"))
        goto nomem;
    if (book->font_css && *book->font_css &&
        (!epi_buf_puts(&b, "\n") || !epi_buf_puts(&b, book->font_css)))
        goto nomem;
    if (book->user_css && *book->user_css &&
        (!epi_buf_puts(&b, "\n") || !epi_buf_puts(&b, book->user_css)))
        goto nomem;
    *len = b.len;
    *data = (unsigned char *)epi_buf_detach(&b);
    if (!*data)
        goto nomem;
    return EP_OK;
nomem:
    epi_buf_free(&b);
    *len = 0;
    return epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory building the stylesheet");
}

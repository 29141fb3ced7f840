/* EPUB/css/epubpack.css: our stylesheet (compiled in from styles/epubpack.css), the Kobo
 * target's rule, then the
 * @font-face rules of the embedded fonts, then the user's stylesheets, so the user's rules
 * win by source order (CSS 2.1 §6.4.1). */
#include "pkg.h"

#include <string.h>

ep_status epi_pkg_css(const epi_book *book, unsigned char **data, size_t *len, ep_error *err)
{
    epi_buf b = {0};

    *data = NULL;
    *len = 0;
    if (!epi_buf_append(&b, epi_default_css, epi_default_css_len))
        goto nomem;
    /* kepubify's "kobostylehacks" rule, in the stylesheet rather than a <style> in each
     * document. */
    if (book->target == EP_TARGET_KOBO &&
        !epi_buf_puts(&b,
                      "\n/* Kobo target */\ndiv#book-inner { margin-top: 0; margin-bottom: 0; }\n"))
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

/* The list of epubpack's own diagnostic IDs (util/diag.h). Each row is one line of the table in
 * man/man1/epubpack.1 "DIAGNOSTICS" (scripts/gen-diag-table.py): keep `what` one sentence. */
#include "util/diag.h"

const epi_diag_info epi_diags[EPI_DIAG_COUNT] = {
    [EPI_DIAG_ALT] = {"EPK-ALT", EP_SEV_WARNING,
                      "an image has no alt text, so the book does not claim alternativeText"},
    [EPI_DIAG_BYTES] = {"EPK-BYTES", EP_SEV_WARNING,
                        "a web page holds bytes that are not text in its charset: each is read "
                        "as U+FFFD, as browsers read it"},
    [EPI_DIAG_CHARSET] = {"EPK-CHARSET", EP_SEV_WARNING,
                          "a text or web page is not UTF-8, or says another charset than it has; "
                          "read as the charset named"},
    [EPI_DIAG_COVER] = {"EPK-COVER", EP_SEV_WARNING,
                        "the cover image is small, shrunk by the image size, or over 4 MB"},
    [EPI_DIAG_DEPTH] = {"EPK-DEPTH", EP_SEV_WARNING,
                        "Markdown nested deeper than the reader keeps is flattened"},
    [EPI_DIAG_FONT] = {"EPK-FONT", EP_SEV_WARNING,
                       "the font lacks a face (bold, italic) or characters the text uses"},
    [EPI_DIAG_HYPHEN] = {"EPK-HYPHEN", EP_SEV_WARNING,
                         "no hyphenation dictionary for the language: the reader hyphenates"},
    [EPI_DIAG_IMAGE] = {"EPK-IMAGE", EP_SEV_WARNING,
                        "a CMYK or 16-bit image is converted to 8-bit sRGB"},
    [EPI_DIAG_LANG] = {"EPK-LANG", EP_SEV_WARNING,
                       "no lang key: the language is taken from the text's letters"},
    [EPI_DIAG_LINK] = {"EPK-LINK", EP_SEV_WARNING,
                       "a link is not a valid URL or leads to no chapter or anchor of the book: "
                       "removed, or pointed at the chapter"},
    [EPI_DIAG_MARKDOWN] = {"EPK-MARKDOWN", EP_SEV_WARNING,
                           "Markdown pandoc reads that epubpack does not (fenced divs) stays text"},
    [EPI_DIAG_META] = {"EPK-META", EP_SEV_WARNING,
                       "metadata: an unknown key, a key given twice or where it does not apply, "
                       "a date converted, a chapter listed twice"},
    [EPI_DIAG_SIZE] = {"EPK-SIZE", EP_SEV_WARNING,
                       "the EPUB is over 50 MB, the limit of Send to Kindle by e-mail"},
    [EPI_DIAG_TITLE] = {"EPK-TITLE", EP_SEV_WARNING,
                        "no title key: the title is the first heading, first line or file name"},
    [EPI_DIAG_WEB] = {"EPK-WEB", EP_SEV_WARNING,
                      "a web page's metadata is unusable (JSON-LD not JSON or too large, a date "
                      "or language tag not valid) and is skipped"},
    [EPI_DIAG_WEB_IMAGE] = {"EPK-WEB-IMAGE", EP_SEV_WARNING,
                            "an image of a web page cannot be kept in the article"},
    [EPI_DIAG_WEB_LINK] = {"EPK-WEB-LINK", EP_SEV_WARNING,
                           "a web page's relative links cannot be resolved (the page gives no "
                           "address of its own): they are kept as text"},
    [EPI_DIAG_OPF_085] = {"OPF-085", EP_SEV_WARNING,
                          "the identifier is a urn:uuid: that is not a valid UUID (as epubcheck)"},
    [EPI_DIAG_RSC_006] = {"RSC-006", EP_SEV_WARNING,
                          "a remote image cannot be in an EPUB: its alt text is kept (as "
                          "epubcheck's RSC-006)"},
    [EPI_DIAG_DIR_DEPTH] = {"EPK-DIR-DEPTH", EP_SEV_ERROR,
                            "check: folders of an unpacked EPUB nested too deep are not read"},
    [EPI_DIAG_DIR_LINK] = {"EPK-DIR-LINK", EP_SEV_ERROR,
                           "check: a symbolic link in an unpacked EPUB leads outside it or nowhere "
                           "(a link to a folder inside is a warning); not read"},
    [EPI_DIAG_DIR_SPECIAL] = {"EPK-DIR-SPECIAL", EP_SEV_ERROR,
                              "check: a device, FIFO or socket in an unpacked EPUB is not read"},
    [EPI_DIAG_ZIP_BOMB] = {"EPK-ZIP-BOMB", EP_SEV_FATAL,
                           "check: the container expands beyond the limits (size, compression "
                           "ratio); not checked"},
    [EPI_DIAG_ZIP_ENTRIES] = {"EPK-ZIP-ENTRIES", EP_SEV_FATAL,
                              "check: the container has more files than the limit; not checked"},
    [EPI_DIAG_ZIP_PATH] = {"EPK-ZIP-PATH", EP_SEV_ERROR,
                           "check: an entry's name is absolute or has . or .. segments"},
    [EPI_DIAG_ZIP_SIZE] = {"EPK-ZIP-SIZE", EP_SEV_ERROR,
                           "check: a file, or all files together, too large to check"},
    [EPI_DIAG_CATALOG] = {"EPK-CATALOG", EP_SEV_WARNING,
                          "an EPUB under the catalog's folder cannot be read whole: it is listed "
                          "with what could be read (its file name as the title at the least)"},
};

const char *epi_diag_id(epi_diag d)
{
    return epi_diags[d].id;
}

ep_severity epi_diag_severity(epi_diag d)
{
    return epi_diags[d].severity;
}

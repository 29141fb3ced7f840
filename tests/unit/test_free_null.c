/* docs/ARCHITECTURE.md "Memory and ownership": every _free accepts NULL (as free() does) and a
 * zeroed struct. Three of them dereferenced NULL (issue 20's review); each is called both ways
 * here, so a new one that does not is caught under the sanitizers. */
#include "book.h"
#include "check/check_int.h"
#include "ocf/ocf.h"
#include "package/pkg_private.h"
#include "read/read_private.h"
#include "typeset/fonts_int.h"
#include "typeset/typeset.h"
#include "util/buf.h"
#include "util/parallel.h"
#include "harness.h"

int main(void)
{
    epi_chapter ch = {0};
    epi_book book = {0};
    epi_meta meta = {0};
    epi_entries entries = {0};
    epi_buf buf = {0};
    epi_diag_log log = {0};
    epi_chk_url url = {0};
    epi_toc toc = {0};
    epi_meta_lines lines = {0};
    epi_webmeta web = {0};
    epi_font_files fonts = {0};
    epi_output out = {.fd = -1, .dirfd = -1};

    epi_chapter_free(NULL);
    epi_chapter_free(&ch);
    epi_book_free(NULL);
    epi_book_free(&book);
    epi_meta_free(NULL);
    epi_meta_free(&meta);
    epi_entries_free(NULL);
    epi_entries_free(&entries);
    epi_buf_free(NULL);
    epi_buf_free(&buf);
    epi_diag_log_free(NULL);
    epi_diag_log_free(&log);
    epi_chk_url_free(NULL);
    epi_chk_url_free(&url);
    epi_toc_free(NULL);
    epi_toc_free(&toc);
    epi_meta_lines_free(NULL);
    epi_meta_lines_free(&lines);
    epi_webmeta_free(NULL);
    epi_webmeta_free(&web);
    epi_font_files_free(NULL);
    epi_font_files_free(&fonts);
    epi_hyphenator_free(NULL);
    epi_output_discard(NULL);
    epi_output_discard(&out);
    ep_options_free(NULL);
    CHECK(out.fd == -1 && out.dirfd == -1);
    return ep_test_done();
}

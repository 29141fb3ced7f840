/*
 * Paths named by the book (css, cover-image, chapters, images, a font file) must stay inside
 * the book folder (docs/ARCHITECTURE.md "Input"): a book from somewhere else must not be able to
 * pull ~/.ssh/id_rsa into an EPUB through "../../" or a symlink. One function for the read and
 * typeset stages, which each had their own until they diverged.
 */
/* realpath() is an XSI function (POSIX.1-2008 XSI option), not in plain _POSIX_C_SOURCE. */
#define _XOPEN_SOURCE 700
#include "util/path.h"
#include "util/str.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

ep_status epi_path_inside(const char *root, const char *base, const char *rel, const char *src_path,
                          int line, char **out, ep_error *err)
{
    char *joined = NULL, *real = NULL, *real_root = NULL;
    ep_status st = EP_OK;

    *out = NULL;
    if (!rel || !*rel) {
        st = epi_fail(err, EP_ERR_INPUT, src_path, line, 0, "empty file name");
        goto out;
    }
    if (rel[0] == '/') {
        st = epi_fail(err, EP_ERR_INPUT, src_path, line, 0,
                      "'%s': absolute paths are not allowed; name files relative to the book "
                      "folder",
                      rel);
        goto out;
    }
    joined = epi_path_join(base, rel);
    real_root = realpath(root, NULL);
    if (!joined || (!real_root && errno == ENOMEM)) {
        st = epi_fail(err, EP_ERR_NOMEM, src_path, line, 0, "out of memory");
        goto out;
    }
    if (!real_root) {
        st = epi_fail_sys(err, EP_ERR_IO, errno, root, "%s", strerror(errno));
        goto out;
    }
    /* realpath() resolves "..", "." and every symlink, so the prefix test below sees where
     * the file really is. */
    real = realpath(joined, NULL);
    if (!real) {
        int e = errno;
        st = epi_fail(err, e == ENOMEM ? EP_ERR_NOMEM : EP_ERR_INPUT, src_path, line, 0, "'%s': %s",
                      rel, e == ENOENT ? "no such file" : strerror(e));
        if (err)
            err->sys_errno = e;
        goto out;
    }
    size_t rl = strlen(real_root);
    bool root_is_slash = rl == 1 && real_root[0] == '/';
    if (!(strncmp(real, real_root, rl) == 0 && (root_is_slash || real[rl] == '/'))) {
        st =
            epi_fail(err, EP_ERR_INPUT, src_path, line, 0,
                     "'%s' is outside the book folder %s (via '..' or a symbolic link)", rel, root);
        goto out;
    }
    *out = real;
    real = NULL;
out:
    free(joined);
    free(real);
    free(real_root);
    return st;
}

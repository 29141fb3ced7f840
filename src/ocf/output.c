/*
 * The output file while it is made (docs/ARCHITECTURE.md "Output"): nothing half-made is ever
 * visible under any name, and an existing output is replaced only by a complete, checked and
 * flushed EPUB.
 *
 * Linux: the file is opened with O_TMPFILE in the output's folder, so it has no name while it is
 * written and checked; a process killed then (SIGKILL, a power cut) leaves nothing behind. At
 * commit it is linked to the output's name when that is free; else to a temporary name, renamed
 * over the output at once (linkat(2) cannot replace a file): the window in which a temporary name
 * exists is two system calls long.
 * Where the file system has no O_TMPFILE (EOPNOTSUPP: some network and FUSE file systems), the
 * file is created under a temporary name (O_EXCL, mode 0666 less the umask) and kept open, as
 * before; an interrupted run can then leave `.epubpack-tmp.*` in the folder.
 *
 * The file is written and read back through the same descriptor (the check reads
 * /proc/self/fd/N), never reopened by a name someone else could have replaced.
 */
#define _GNU_SOURCE /* O_TMPFILE, AT_EMPTY_PATH, sync_file_range */
#include "ocf.h"
#include "util/buf.h"
#include "util/str.h"

#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* A fresh temporary name in the output's folder: .epubpack-tmp.PID.N.NSEC. */
static bool temp_name(epi_buf *b)
{
    static atomic_uint counter;
    struct timespec ts;

    clock_gettime(CLOCK_REALTIME, &ts);
    b->len = 0;
    return epi_buf_printf(b, ".epubpack-tmp.%ld.%u.%09ld", (long)getpid(),
                          atomic_fetch_add(&counter, 1), (long)ts.tv_nsec);
}

static ep_status not_writable(const char *output, int errnum, ep_error *err)
{
    return epi_fail_sys(err, EP_ERR_IO, errnum, output,
                        "the output folder is not writable: cannot create a file in it: %s",
                        strerror(errnum));
}

ep_status epi_output_open(epi_output *o, const char *output, ep_error *err)
{
    epi_buf b = {0};
    ep_status st = EP_OK;
    const char *slash = strrchr(output, '/');

    *o = (epi_output){.fd = -1, .dirfd = -1};
    o->name = epi_strdup(output);
    o->base = epi_strdup(slash ? slash + 1 : output);
    o->dir =
        slash ? epi_strndup(output, (size_t)(slash - output) + (slash == output)) : epi_strdup(".");
    if (!o->name || !o->base || !o->dir)
        goto oom;
    /* The folder, for linkat, renameat and the fsync after the rename; opened now so that
     * nothing after the rename can fail for want of memory. A folder that can be written but
     * not read (mode -wx) is opened with O_PATH and then not flushed, as SQLite does. */
    o->dirfd = open(o->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    o->dir_sync = o->dirfd >= 0;
    if (o->dirfd < 0)
        o->dirfd = open(o->dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
    if (o->dirfd < 0) {
        st = not_writable(output, errno, err);
        goto out;
    }
    o->fd = openat(o->dirfd, ".", O_TMPFILE | O_RDWR | O_CLOEXEC, 0666);
    if (o->fd >= 0)
        goto out;
    if (errno != EOPNOTSUPP && errno != EISDIR && errno != EINVAL) {
        st = not_writable(output, errno, err);
        goto out;
    }
    /* No O_TMPFILE here: a temporary name, kept open. */
    for (int attempt = 0; attempt < 100; attempt++) {
        if (!temp_name(&b))
            goto oom;
        o->fd = openat(o->dirfd, b.data, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (o->fd >= 0) {
            o->tmp = epi_buf_detach(&b); /* not NULL: the buffer holds the name */
            goto out;
        }
        if (errno != EEXIST)
            break;
    }
    st = not_writable(output, errno, err);
    goto out;
oom:
    st = epi_fail(err, EP_ERR_NOMEM, output, 0, 0, "out of memory");
out:
    epi_buf_free(&b);
    if (st != EP_OK)
        epi_output_discard(o);
    return st;
}

/* Links the unnamed file to `name` in the folder: 0, or -1 with errno (EEXIST: the name is
 * taken). */
static int link_name(const epi_output *o, const char *name)
{
    char self[64];

    snprintf(self, sizeof self, "/proc/self/fd/%d", o->fd);
    /* Through /proc without privileges; AT_EMPTY_PATH needs CAP_DAC_READ_SEARCH. */
    int rc = linkat(AT_FDCWD, self, o->dirfd, name, AT_SYMLINK_FOLLOW);
    if (rc != 0 && errno != EEXIST)
        rc = linkat(o->fd, "", o->dirfd, name, AT_EMPTY_PATH);
    return rc;
}

/* Gives the unnamed file a temporary name in the folder. */
static ep_status link_temp(epi_output *o, ep_error *err)
{
    epi_buf b = {0};
    ep_status st = EP_OK;

    for (int attempt = 0; attempt < 100; attempt++) {
        if (!temp_name(&b)) {
            st = epi_fail(err, EP_ERR_NOMEM, o->name, 0, 0, "out of memory");
            goto out;
        }
        if (link_name(o, b.data) == 0) {
            o->tmp = epi_buf_detach(&b); /* not NULL: the buffer holds the name */
            goto out;
        }
        if (errno != EEXIST)
            break;
    }
    st = epi_fail_sys(err, EP_ERR_IO, errno, o->name, "cannot write: %s", strerror(errno));
out:
    epi_buf_free(&b);
    return st;
}

ep_status epi_output_read_path(epi_output *o, char *path, size_t size, ep_error *err)
{
    ep_status st;

    if (!o->tmp) {
        snprintf(path, size, "/proc/self/fd/%d", o->fd);
        if (access(path, R_OK) == 0)
            return EP_OK;
        /* No /proc: the check needs a name. */
        if ((st = link_temp(o, err)) != EP_OK)
            return st;
    }
    if (snprintf(path, size, "%s/%s", o->dir, o->tmp) >= (int)size)
        return epi_fail(err, EP_ERR_IO, o->name, 0, 0, "the output path is too long");
    return EP_OK;
}

/* Whether an earlier output among v[0..i) has a file (folder: dir) on the same device (and
 * inode, for a folder) as v[i]: what was flushed for it is flushed for v[i]. */
static bool flushed_before(epi_output *const *v, size_t i, const ep_status *st, bool dir)
{
    struct stat a, b;

    if (fstat(dir ? v[i]->dirfd : v[i]->fd, &a) != 0)
        return false;
    for (size_t k = 0; k < i; k++)
        if ((dir ? v[k]->committed && v[k]->dir_sync : st[k] == EP_OK) &&
            fstat(dir ? v[k]->dirfd : v[k]->fd, &b) == 0 && a.st_dev == b.st_dev &&
            (!dir || a.st_ino == b.st_ino))
            return true;
    return false;
}

void epi_output_start_writeback(const epi_output *o)
{
#ifdef SYNC_FILE_RANGE_WRITE
    if (o->fd >= 0)
        (void)sync_file_range(o->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
#else
    (void)o;
#endif
}

void epi_output_commit(epi_output *const *v, size_t n, ep_status *st, ep_error *err)
{
    for (size_t i = 0; i < n; i++)
        st[i] = EP_OK;
    /* 1. The data, before any name: one file's fsync, or one syncfs per file system for a
     * batch (a sync per file, one after another, was half a batch's time). */
    for (size_t i = 0; i < n; i++) {
        if (st[i] != EP_OK || (n > 1 && flushed_before(v, i, st, false)))
            continue;
        if ((n == 1 ? fsync(v[i]->fd) : syncfs(v[i]->fd)) != 0) {
            int e = errno;
            struct stat a, b;
            bool any = fstat(v[i]->fd, &a) == 0;
            for (size_t k = i; k < n; k++)
                if (k == i || (any && fstat(v[k]->fd, &b) == 0 && a.st_dev == b.st_dev))
                    st[k] = epi_fail_sys(err ? &err[k] : NULL, EP_ERR_IO, e, v[k]->name,
                                         "cannot flush the EPUB to the disk: %s", strerror(e));
        }
    }
    /* 2. Each name, at once: an unnamed file linked straight to an output that does not exist
     * yet (a batch into a new folder leaves no temporary name for a kill to find), else to a
     * temporary name renamed over the output right after. */
    for (size_t i = 0; i < n; i++) {
        epi_output *o = v[i];
        if (st[i] != EP_OK)
            continue;
        if (!o->tmp && link_name(o, o->base) == 0) {
            o->committed = true;
            continue;
        }
        if (!o->tmp && (st[i] = link_temp(o, err ? &err[i] : NULL)) != EP_OK)
            continue;
        if (renameat(o->dirfd, o->tmp, o->dirfd, o->base) != 0) {
            st[i] = epi_fail_sys(err ? &err[i] : NULL, EP_ERR_IO, errno, o->name,
                                 "cannot write: %s", strerror(errno));
            continue;
        }
        free(o->tmp);
        o->tmp = NULL;
        o->committed = true;
    }
    /* 3. Each folder once, so that the new names survive a crash as the data does, as git and
     * SQLite do. EINVAL: this file system cannot sync a folder; there is nothing to flush. */
    for (size_t i = 0; i < n; i++) {
        epi_output *o = v[i];
        if (!o->committed || !o->dir_sync || flushed_before(v, i, st, true))
            continue;
        if (fsync(o->dirfd) != 0 && errno != EINVAL) {
            int e = errno;
            struct stat a, b;
            bool any = fstat(o->dirfd, &a) == 0;
            for (size_t k = i; k < n; k++)
                if (v[k]->committed && (k == i || (any && fstat(v[k]->dirfd, &b) == 0 &&
                                                   a.st_dev == b.st_dev && a.st_ino == b.st_ino)))
                    st[k] =
                        epi_fail_sys(err ? &err[k] : NULL, EP_ERR_IO, e, v[k]->name,
                                     "the EPUB was written, but its folder could not be flushed "
                                     "to the disk: %s",
                                     strerror(e));
        }
    }
}

void epi_output_discard(epi_output *o)
{
    if (!o)
        return;
    if (o->tmp && o->dirfd >= 0)
        unlinkat(o->dirfd, o->tmp, 0);
    if (o->fd >= 0)
        close(o->fd);
    if (o->dirfd >= 0)
        close(o->dirfd);
    free(o->tmp);
    free(o->name);
    free(o->base);
    free(o->dir);
    *o = (epi_output){.fd = -1, .dirfd = -1};
}

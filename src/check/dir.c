/*
 * Folder mode: checks an unpacked EPUB (epubcheck's "expanded" mode). The folder's files become
 * container entries exactly as a ZIP's would, so every later stage is shared. The folder is
 * hostile input like an archive: symbolic links that leave it (or dangle) are findings and are
 * never read, links to folders are not followed (no loops), special files (FIFOs, devices) are
 * never opened (reading a FIFO would block), and the entry-count, depth and size limits of the
 * ZIP path apply. Names are relative paths, so ".." cannot occur; a name that is not UTF-8 is
 * PKG-027 as in a ZIP.
 */
#define _XOPEN_SOURCE 700 /* realpath() (XSI) */
#include "check_int.h"
#include "util/diag.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define MIMETYPE "application/epub+zip"
#define MAX_DEPTH EPI_LIMIT_DIR_DEPTH

typedef struct walk_st {
    epi_chk *c;
    const char *root; /* as given, for paths on disk */
    char *real;       /* realpath of root, for the "inside the folder" test */
    epi_chk_entry *list;
    size_t n, cap;
    uint64_t total;
    bool stop; /* a fatal limit was hit */
} walk_st;

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *join(const char *a, const char *sep, const char *b)
{
    size_t la = strlen(a), ls = strlen(sep), lb = strlen(b);
    char *r = malloc(la + ls + lb + 1);
    if (!r)
        return NULL;
    memcpy(r, a, la);
    memcpy(r + la, sep, ls);
    memcpy(r + la + ls, b, lb + 1);
    return r;
}

/* Appends an entry; takes ownership of name and disk. */
static bool push(walk_st *w, char *name, char *disk, uint64_t size, bool is_dir)
{
    epi_chk *c = w->c;
    if (w->n >= EPI_CHK_MAX_ENTRIES) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_ENTRIES),
                       epi_diag_id(EPI_DIAG_ZIP_ENTRIES), c->file, 0,
                       "the folder has more than %u files; not checked", EPI_CHK_MAX_ENTRIES);
        w->stop = true;
        free(name);
        free(disk);
        return false;
    }
    epi_chk_entry *l = epi_grow(w->list, &w->cap, w->n, sizeof *l, 64);
    if (!l) {
        free(name);
        free(disk);
        return epi_chk_oom(c);
    }
    w->list = l;
    epi_chk_entry *e = &w->list[w->n++];
    memset(e, 0, sizeof *e);
    e->name = name;
    e->disk = disk;
    e->size = size;
    e->comp_size = size;
    e->is_dir = is_dir;
    w->total += size;
    if (w->total > EPI_CHK_MAX_TOTAL) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_BOMB), epi_diag_id(EPI_DIAG_ZIP_BOMB),
                       c->file, 0, "the folder holds more than %llu bytes; not checked",
                       (unsigned long long)EPI_CHK_MAX_TOTAL);
        w->stop = true;
        return false;
    }
    return true;
}

/* True when `real` (a realpath) is the folder itself or inside it. */
static bool inside(const walk_st *w, const char *real)
{
    size_t l = strlen(w->real);
    return strncmp(real, w->real, l) == 0 &&
           (real[l] == '/' || real[l] == '\0' || (l == 1 && w->real[0] == '/'));
}

static bool walk(walk_st *w, const char *rel, int depth);

/* One directory entry `nm` found in folder `rel` ("" or "a/b/"). */
static bool visit(walk_st *w, const char *rel, const char *nm, int depth)
{
    epi_chk *c = w->c;
    char *name = join(rel, "", nm);
    char *disk = name ? join(w->root, "/", name) : NULL;
    struct stat st;

    if (!name || !disk) {
        free(name);
        free(disk);
        return epi_chk_oom(c);
    }
    if (lstat(disk, &st) != 0) {
        epi_chk_report(c, EP_SEV_ERROR, "PKG-008", name, 0, "cannot read this file");
        goto skip;
    }
    if (S_ISLNK(st.st_mode)) {
        /* A link is followed only when it stays inside the folder: an EPUB is
         * self-contained and a checker must not read /etc/passwd on a hostile folder. */
        char *real = realpath(disk, NULL);
        if (!real || !inside(w, real)) {
            epi_chk_report(c, epi_diag_severity(EPI_DIAG_DIR_LINK), epi_diag_id(EPI_DIAG_DIR_LINK),
                           name, 0,
                           real ? "symbolic link leads outside the checked folder; not read"
                                : "dangling symbolic link; not read");
            free(real);
            goto skip;
        }
        if (stat(real, &st) != 0 || S_ISDIR(st.st_mode)) {
            epi_chk_report(c, EP_SEV_WARNING, epi_diag_id(EPI_DIAG_DIR_LINK), name, 0,
                           "symbolic link to a folder is not followed");
            free(real);
            goto skip;
        }
        free(disk);
        disk = real;
    }
    if (S_ISDIR(st.st_mode)) {
        char *sub = join(name, "/", "");
        free(name);
        if (!sub) {
            free(disk);
            return epi_chk_oom(c);
        }
        if (depth >= MAX_DEPTH) {
            epi_chk_report(c, epi_diag_severity(EPI_DIAG_DIR_DEPTH),
                           epi_diag_id(EPI_DIAG_DIR_DEPTH), sub, 0,
                           "folders nested deeper than %d levels; not read", MAX_DEPTH);
            free(sub);
            free(disk);
            return true;
        }
        free(disk);
        disk = join(w->root, "/", sub);
        if (!disk) {
            free(sub);
            return epi_chk_oom(c);
        }
        if (!push(w, epi_strdup(sub), disk, 0, true)) {
            free(sub);
            return false;
        }
        if (!w->list[w->n - 1].name) {
            free(sub);
            return epi_chk_oom(c);
        }
        bool ok = walk(w, sub, depth + 1);
        free(sub);
        return ok;
    }
    if (!S_ISREG(st.st_mode)) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_DIR_SPECIAL),
                       epi_diag_id(EPI_DIAG_DIR_SPECIAL), name, 0,
                       "not a regular file (device, FIFO or socket); not read");
        goto skip;
    }
    return push(w, name, disk, (uint64_t)st.st_size, false);
skip:
    free(name);
    free(disk);
    return true;
}

static bool walk(walk_st *w, const char *rel, int depth)
{
    char *dir = *rel ? join(w->root, "/", rel) : epi_strdup(w->root);
    char **names = NULL;
    size_t n = 0, cap = 0;
    bool ok = false;
    DIR *d = dir ? opendir(dir) : NULL;

    if (!dir)
        return epi_chk_oom(w->c);
    if (!d) {
        epi_chk_report(w->c, EP_SEV_ERROR, "PKG-008", *rel ? rel : w->c->file, 0,
                       "cannot read this folder");
        free(dir);
        return true;
    }
    /* Sorted, so findings come in the same order on every file system. */
    for (struct dirent *de; (de = readdir(d));) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        /* The entry limit is checked when the list is full (as often as it grows). */
        bool limit = n == cap && n >= EPI_CHK_MAX_ENTRIES;
        char **nn = limit ? NULL : epi_grow(names, &cap, n, sizeof *nn, 32);
        if (!nn) {
            if (!limit)
                epi_chk_oom(w->c);
            else
                push(w, NULL, NULL, 0, false); /* reports the entry limit */
            goto out;
        }
        names = nn;
        if (!(names[n] = epi_strdup(de->d_name))) {
            epi_chk_oom(w->c);
            goto out;
        }
        n++;
    }
    if (n) /* qsort(NULL, 0, …) is undefined (UBSan, tests/bad/check_unreadable.sh) */
        qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++)
        if (!visit(w, rel, names[i], depth) || w->stop || w->c->nomem)
            goto out;
    ok = true;
out:
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    closedir(d);
    free(dir);
    return ok;
}

/* OCF §6.2.3 for an unpacked EPUB: a file "mimetype" with exactly the media type. */
static void check_mimetype(epi_chk *c)
{
    epi_chk_entry *e = epi_chk_entry_find(c, "mimetype");
    char buf[32];
    size_t got = 0;

    if (!e || e->is_dir) {
        epi_chk_report(c, EP_SEV_ERROR, "PKG-006", "mimetype", 0,
                       "the file \"mimetype\" is missing");
        return;
    }
    if (e->size != 20 || !epi_chk_read_head(c, e, (unsigned char *)buf, sizeof buf, &got) ||
        got != 20 || memcmp(buf, MIMETYPE, 20) != 0)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-007", "mimetype", 0,
                       "the file \"mimetype\" must contain exactly \"" MIMETYPE "\"");
}

bool epi_chk_dir_entries(epi_chk *c, const char *root)
{
    walk_st w = {.c = c, .root = root};
    bool ok = false, bad_name = false;

    c->dir_mode = true;
    w.real = realpath(root, NULL);
    c->entry_by_key = xmlHashCreate(64);
    c->folded = xmlHashCreate(64);
    if (!w.real || !c->entry_by_key || !c->folded) {
        if (!w.real)
            epi_chk_report(c, EP_SEV_FATAL, "PKG-008", root, 0, "cannot read this folder");
        else
            epi_chk_oom(c);
        goto out;
    }
    if (!walk(&w, "", 0) || w.stop || c->nomem)
        goto out;
    /* The list is final: entries may now be pointed to by the lookup tables. */
    c->entries = w.list;
    c->nentries = w.n;
    w.list = NULL;
    for (size_t i = 0; i < c->nentries; i++) {
        epi_chk_entry *e = &c->entries[i];
        if (!epi_utf8_valid(e->name, strlen(e->name), NULL)) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-027", e->name, 0,
                           "file name is not encoded in UTF-8");
            e->unsafe = true;
            bad_name = true;
            continue;
        }
        if (!epi_chk_ocf_add_entry(c, e))
            goto out;
    }
    check_mimetype(c);
    ok = !c->nomem && !bad_name; /* as in a ZIP: PKG-027 ends the check */
out:
    for (size_t i = 0; w.list && i < w.n; i++) {
        free(w.list[i].name);
        free(w.list[i].disk);
    }
    free(w.list);
    free(w.real);
    return ok;
}

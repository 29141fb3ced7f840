#define _GNU_SOURCE /* syncfs */
/*
 * ep_catalog (epubpack.h "Catalogs", docs/ARCHITECTURE.md "Catalog"): the run.
 *
 * 1. list the EPUBs under the folder (sorted by path; hidden entries, symbolic links to
 *    folders and the output's own files skipped);
 * 2. take each unchanged book's facts from the last run's state (same size and modification
 *    time); read the others through ep_read_publication on the library's threads, with the
 *    thumbnail of their cover;
 * 3. make every feed page in memory (feeds.c) in three formats, and write each file only
 *    when its bytes differ from what is there (a new name, then rename over the old one);
 * 4. remove what the last run wrote and this one did not, then save the state.
 * Nothing under the folder is written to, except the catalog's files when the output is the
 * folder itself.
 */
#include "catalog.h"
#include "util/date.h"
#include "util/diag.h"
#include "util/error.h"
#include "util/init.h"
#include "util/parallel.h"
#include "util/sniff.h"
#include "util/str.h"
#include "util/url.h"
#include "util/utf8.h"

#include <dirent.h>
#include <libxml/hash.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE "catalog/.state"
/* Folders nested under the catalog's folder that are searched for books. */
#define MAX_DEPTH 32

typedef struct run {
    const char *dir, *out;
    bool same;     /* out is dir */
    dev_t out_dev; /* to skip the output when it is inside dir */
    ino_t out_ino;
    epi_cat cat;
    ep_diag_fn diag;
    void *userdata;
    ep_catalog_result *res;
    ep_error *err;
    char **files;   /* paths (from the top of out) written or kept in this run */
    char **digests; /* parallel: the page's digest for a feed's file, else NULL */
    size_t nfiles, fcap, dcap;
    xmlHashTablePtr old_digests; /* the last run's: path → digest */
    size_t cap;
} run_t;

static ep_status nomem(run_t *r)
{
    return epi_fail(r->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
}

/* EPI_DIAG_CATALOG: a book listed with less than its package says, and why. */
static void warn(run_t *r, const char *path, const char *why)
{
    char msg[1024];
    snprintf(msg, sizeof msg, "listed with what could be read: %s", why);
    ep_diag d = {
        epi_diag_severity(EPI_DIAG_CATALOG), epi_diag_id(EPI_DIAG_CATALOG), path, 0, 0, msg};
    r->res->warnings++;
    if (r->diag)
        r->diag(r->userdata, &d);
}

/* ---------- 1. the books under the folder ---------- */

static bool is_epub(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && !strcasecmp(name + n - 5, ".epub");
}

static ep_status scan(run_t *r, int dfd, const char *rel, int depth)
{
    DIR *d = fdopendir(dfd);
    struct dirent *e;
    ep_status st = EP_OK;
    if (!d) {
        close(dfd);
        return epi_fail(r->err, EP_ERR_IO, r->dir, 0, 0, "cannot list %s: %s", rel ? rel : ".",
                        strerror(errno));
    }
    while (st == EP_OK && (e = readdir(d))) {
        struct stat sb;
        if (e->d_name[0] == '.' || fstatat(dirfd(d), e->d_name, &sb, AT_SYMLINK_NOFOLLOW) != 0)
            continue;
        char *path = rel ? epi_path_join(rel, e->d_name) : epi_strdup(e->d_name);
        if (!path)
            st = nomem(r);
        else if (S_ISDIR(sb.st_mode)) {
            /* the catalog's own folder, and the output when it lies inside the folder */
            bool own = (r->same && !rel && !strcmp(e->d_name, "catalog")) ||
                       (sb.st_dev == r->out_dev && sb.st_ino == r->out_ino);
            int sub = own || depth >= MAX_DEPTH
                          ? -1
                          : openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
            if (sub >= 0)
                st = scan(r, sub, path, depth + 1);
        } else if (is_epub(e->d_name) &&
                   (S_ISREG(sb.st_mode) ||
                    (S_ISLNK(sb.st_mode) && fstatat(dirfd(d), e->d_name, &sb, 0) == 0 &&
                     S_ISREG(sb.st_mode)))) {
            epi_cat_book *v = epi_grow(r->cat.books, &r->cap, r->cat.nbooks, sizeof *v, 64);
            if (!v) {
                st = nomem(r);
            } else {
                r->cat.books = v;
                epi_cat_book *b = &v[r->cat.nbooks++];
                memset(b, 0, sizeof *b);
                b->path = path;
                path = NULL;
                b->size = (int64_t)sb.st_size;
                b->mtime_ns = (int64_t)sb.st_mtim.tv_sec * 1000000000 + sb.st_mtim.tv_nsec;
                size_t n = strlen(e->d_name);
                b->kepub = n > 11 && !strcasecmp(e->d_name + n - 11, ".kepub.epub");
            }
        }
        free(path);
    }
    closedir(d);
    return st;
}

static int cmp_path(const void *a, const void *b)
{
    return strcmp(((const epi_cat_book *)a)->path, ((const epi_cat_book *)b)->path);
}

/* ---------- 2. facts ---------- */

typedef struct reading {
    epi_cat_book *book;
    const char *file; /* the EPUB's path as opened */
    bool got;         /* the package document was read */
    char first[512];  /* the first fatal or error finding, for the warning */
} reading;

static void on_finding(void *ud, const ep_diag *d)
{
    reading *rd = ud;
    if (!rd->first[0] && (d->severity == EP_SEV_FATAL || d->severity == EP_SEV_ERROR)) {
        /* a finding on a file inside the EPUB names it; one on the EPUB itself does not */
        bool inner = d->path && rd->file && strcmp(d->path, rd->file) != 0;
        snprintf(rd->first, sizeof rd->first, "%s%s%.400s", inner ? d->path : "", inner ? ": " : "",
                 d->message);
    }
}

static char *dup_nonempty(const char *s)
{
    return s && *s ? epi_strdup(s) : NULL;
}

static bool dup_list(const char *const *v, size_t n, char ***out)
{
    *out = calloc(n ? n : 1, sizeof **out);
    for (size_t i = 0; *out && i < n; i++)
        if (v[i] && !((*out)[i] = epi_strdup(v[i])))
            return false;
    return *out != NULL;
}

static void on_publication(void *ud, const ep_check_publication *p)
{
    reading *rd = ud;
    epi_cat_book *b = rd->book;
    epi_date d;
    time_t t;
    rd->got = true;
    b->title = dup_nonempty(p->title);
    b->identifier = dup_nonempty(p->identifier);
    b->language = dup_nonempty(p->language);
    if (p->date && epi_date_parse(p->date, EPI_DATE_W3CDTF, &d, NULL, 0)) {
        char ymd[16];
        epi_date_format_ymd(&d, ymd, sizeof ymd);
        b->date = epi_strdup(ymd);
    }
    if (p->modified && epi_date_modified(p->modified, &t, NULL, 0))
        b->modified = epi_strdup(p->modified);
    b->description = dup_nonempty(p->description);
    b->publisher = dup_nonempty(p->publisher);
    b->series = dup_nonempty(p->series);
    if (b->series && p->series_position) {
        char *end;
        double pos = strtod(p->series_position, &end);
        if (end != p->series_position && !*end && pos >= 0 && pos < 1e9)
            b->position = epi_strdup(p->series_position);
    }
    /* authors with a name; file-as beside each */
    b->authors = calloc(p->ncreators ? p->ncreators : 1, sizeof *b->authors);
    b->file_as = calloc(p->ncreators ? p->ncreators : 1, sizeof *b->file_as);
    for (size_t i = 0; b->authors && b->file_as && i < p->ncreators; i++) {
        if (!p->creators[i] || !*p->creators[i])
            continue;
        b->authors[b->nauthors] = epi_strdup(p->creators[i]);
        b->file_as[b->nauthors] = dup_nonempty(p->creators_file_as[i]);
        b->nauthors++;
    }
    if (dup_list(p->subjects, p->nsubjects, &b->subjects))
        b->nsubjects = p->nsubjects;
    if (epi_image_ext(p->cover_media_type) && p->cover_data && p->cover_size) {
        b->cover = malloc(p->cover_size);
        if (b->cover) {
            memcpy(b->cover, p->cover_data, p->cover_size);
            b->cover_len = p->cover_size;
            b->cover_type = epi_strdup(p->cover_media_type);
        }
    }
}

/* The file's name without .epub / .kepub.epub, with bytes that are not UTF-8 as '?'. */
static char *title_from_path(const epi_cat_book *b)
{
    const char *slash = strrchr(b->path, '/');
    char *t = epi_strdup(slash ? slash + 1 : b->path);
    if (!t)
        return NULL;
    size_t n = strlen(t);
    t[n - (b->kepub ? 11 : 5)] = '\0';
    if (!epi_utf8_valid(t, strlen(t), NULL))
        for (char *p = t; *p; p++)
            if ((unsigned char)*p >= 0x80)
                *p = '?';
    return t;
}

typedef struct read_job {
    run_t *r;
    epi_cat_book **fresh;
    bool *nomem;
} read_job;

static void read_one(void *ud, size_t i, size_t worker)
{
    (void)worker;
    read_job *job = ud;
    epi_cat_book *b = job->fresh[i];
    char *full = epi_path_join(job->r->dir, b->path);
    reading rd = {b, full, false, ""};
    ep_check_result res;
    ep_error err = {0};
    const char *why = NULL;

    if (full && ep_read_publication(full, on_finding, on_publication, &rd, &res, &err) != EP_OK &&
        !rd.first[0])
        snprintf(rd.first, sizeof rd.first, "%.400s", err.message);
    free(full);
    if (!rd.got) {
        b->problem = epi_strdup(rd.first[0] ? rd.first : "no package document");
    } else if (!b->title) {
        b->problem = epi_strdup("the package has no title");
    }
    if (!b->title)
        b->title = title_from_path(b);
    /* a thumbnail of a raster cover; an SVG cover is linked as it is */
    if (b->cover && strcmp(b->cover_type, "image/svg+xml") != 0 &&
        !epi_cat_thumb(b->cover, b->cover_len, &b->thumb, &b->thumb_len, &b->thumb_w, &b->thumb_h,
                       &why)) {
        b->thumb_w = b->thumb_h = 0;
        if (!b->problem && why)
            b->problem = epi_strdup(why);
    }
    if (!b->title || (!rd.got && !b->problem))
        job->nomem[i] = true;
}

/* FNV-1a, 64 bits, of the path: the name of the book's cover and thumbnail. */
static void book_key(epi_cat_book *b)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (const unsigned char *p = (const unsigned char *)b->path; *p; p++)
        h = (h ^ *p) * 0x100000001b3ULL;
    snprintf(b->key, sizeof b->key, "%016llx", (unsigned long long)h);
}

static bool file_exists(run_t *r, const char *rel)
{
    char *full = epi_path_join(r->out, rel);
    struct stat sb;
    bool ok = full && stat(full, &sb) == 0;
    free(full);
    return ok;
}

/* Takes the facts of the books the last run saw unchanged, and says which are to be read. */
static void reuse(run_t *r, epi_cat_state *st)
{
    char rel[64];
    for (size_t i = 0; i < r->cat.nbooks; i++) {
        epi_cat_book *b = &r->cat.books[i];
        book_key(b);
        epi_cat_book key = {.path = b->path};
        epi_cat_book *old =
            st->nbooks ? bsearch(&key, st->books, st->nbooks, sizeof key, cmp_path) : NULL;
        b->fresh = true;
        if (!old || old->size != b->size || old->mtime_ns != b->mtime_ns)
            continue;
        /* its cover and thumbnail must still be there */
        if (old->cover_type) {
            memcpy(old->key, b->key, sizeof b->key);
            epi_cat_cover_path(old, rel);
            if (!file_exists(r, rel))
                continue;
        }
        snprintf(rel, sizeof rel, "catalog/thumbs/%s.jpg", b->key);
        if (old->thumb_w && !file_exists(r, rel))
            continue;
        char *path = b->path;
        bool kepub = b->kepub;
        char k[17];
        memcpy(k, b->key, sizeof k);
        *b = *old;
        memset(old, 0, sizeof *old);
        old->path = b->path; /* the state stays sorted for the next bsearch */
        b->path = path;
        b->kepub = kepub;
        memcpy(b->key, k, sizeof k);
        b->fresh = false;
    }
}

/* ---------- 3. files ---------- */

static ep_status mkdirs(run_t *r, const char *full)
{
    char *p = epi_strdup(full);
    ep_status st = EP_OK;
    if (!p)
        return nomem(r);
    for (char *s = strchr(p + 1, '/'); s && st == EP_OK; s = strchr(s + 1, '/')) {
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            st =
                epi_fail(r->err, EP_ERR_IO, p, 0, 0, "cannot make the folder: %s", strerror(errno));
        *s = '/';
    }
    free(p);
    return st;
}

static ep_status keep_name(run_t *r, const char *rel, const char *digest)
{
    char **v = epi_grow(r->files, &r->fcap, r->nfiles, sizeof *v, 256);
    if (v)
        r->files = v;
    char **d = v ? epi_grow(r->digests, &r->dcap, r->nfiles, sizeof *d, 256) : NULL;
    if (!d)
        return nomem(r);
    r->digests = d;
    v[r->nfiles] = epi_strdup(rel);
    d[r->nfiles] = digest ? epi_strdup(digest) : NULL;
    r->nfiles++;
    return v[r->nfiles - 1] && (!digest || d[r->nfiles - 1]) ? EP_OK : nomem(r);
}

/* Does the file `full` hold exactly data[0..len)? */
static bool same_bytes(const char *full, const void *data, size_t len)
{
    int fd = open(full, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    bool same = false;
    if (fd < 0)
        return false;
    if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode) && (size_t)sb.st_size == len) {
        char *buf = malloc(len ? len : 1);
        size_t got = 0;
        ssize_t k = 1;
        while (buf && got < len && (k = read(fd, buf + got, len - got)) > 0)
            got += (size_t)k;
        same = buf && got == len && memcmp(buf, data, len) == 0;
        free(buf);
    }
    close(fd);
    return same;
}

/* out/rel becomes data[0..len) unless it already is: written under a new name in its folder,
 * then renamed over it. */
static ep_status put_file(run_t *r, const char *rel, const char *digest, const void *data,
                          size_t len)
{
    ep_status st = keep_name(r, rel, digest);
    char *full = st == EP_OK ? epi_path_join(r->out, rel) : NULL;
    char *tmp = NULL;
    int fd = -1;
    if (st != EP_OK)
        return st;
    if (!full)
        return nomem(r);
    if (same_bytes(full, data, len))
        goto out;
    if ((st = mkdirs(r, full)) != EP_OK)
        goto out;
    epi_buf t = {0};
    if (!epi_buf_printf(&t, "%s.tmp-%ld", full, (long)getpid())) {
        st = nomem(r);
        goto out;
    }
    tmp = t.data;
    fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    size_t done = 0;
    ssize_t k = 1;
    while (fd >= 0 && done < len && (k = write(fd, (const char *)data + done, len - done)) > 0)
        done += (size_t)k;
    if (fd < 0 || done < len || close(fd) != 0 || rename(tmp, full) != 0) {
        st = epi_fail(r->err, EP_ERR_IO, full, 0, 0, "cannot write: %s", strerror(errno));
        if (fd >= 0)
            unlink(tmp);
        goto out;
    }
    r->res->written++;
out:
    free(tmp);
    free(full);
    return st;
}

/* The three files of one feed page; a file whose page has the last run's digest, and is
 * there, is not made again (catalog.h, epi_cat_feed_digest). */
static ep_status put_feed(run_t *r, const epi_cat_feed *f, epi_buf *b)
{
    static const char *const exts[] = {"atom", "json", "html"};
    char digest[17];
    ep_status st = EP_OK;
    epi_cat_feed_digest(&r->cat, f, digest);
    for (size_t i = 0; i < 3 && st == EP_OK; i++) {
        epi_buf path = {0};
        b->len = 0;
        if (!epi_cat_feed_file(f->root ? NULL : f->name, f->navigation, exts[i], &path)) {
            st = nomem(r);
            break;
        }
        const char *old = xmlHashLookup(r->old_digests, (const xmlChar *)path.data);
        if (old && !strcmp(old, digest) && file_exists(r, path.data)) {
            st = keep_name(r, path.data, digest);
        } else {
            bool ok = i == 0   ? epi_cat_atom(&r->cat, f, b)
                      : i == 1 ? epi_cat_json(&r->cat, f, b)
                               : epi_cat_html(&r->cat, f, b);
            st = ok ? put_file(r, path.data, digest, b->data, b->len) : nomem(r);
        }
        epi_buf_free(&path);
    }
    return st;
}

/* When the output is another folder, the book itself goes there too: a hard link, else a copy
 * (another file system), unless the same file is there already. */
static ep_status put_book(run_t *r, const epi_cat_book *b)
{
    char *src = epi_path_join(r->dir, b->path), *dst = epi_path_join(r->out, b->path);
    char *data = NULL;
    size_t len = 0;
    struct stat s1, s2;
    ep_status st = keep_name(r, b->path, NULL);
    if (st != EP_OK || !src || !dst) {
        st = st != EP_OK ? st : nomem(r);
        goto out;
    }
    if (stat(src, &s1) == 0 && stat(dst, &s2) == 0 &&
        ((s1.st_dev == s2.st_dev && s1.st_ino == s2.st_ino) ||
         (s1.st_size == s2.st_size && s1.st_mtim.tv_sec == s2.st_mtim.tv_sec &&
          s1.st_mtim.tv_nsec == s2.st_mtim.tv_nsec)))
        goto out;
    if ((st = mkdirs(r, dst)) != EP_OK)
        goto out;
    unlink(dst);
    if (link(src, dst) == 0) {
        r->res->written++;
        goto out;
    }
    r->nfiles--; /* put_file names it again */
    free(r->files[r->nfiles]);
    if ((st = epi_file_read(src, &data, &len, r->err)) == EP_OK &&
        (st = put_file(r, b->path, NULL, data, len)) == EP_OK) {
        struct timespec times[2] = {s1.st_mtim, s1.st_mtim};
        utimensat(AT_FDCWD, dst, times, 0); /* so that the next run sees it unchanged */
    }
out:
    free(data);
    free(src);
    free(dst);
    return st;
}

static int cmp_id(const void *pa, const void *pb)
{
    const epi_cat_book *a = *(epi_cat_book *const *)pa, *b = *(epi_cat_book *const *)pb;
    int c = strcmp(a->identifier ? a->identifier : "", b->identifier ? b->identifier : "");
    return c ? c : strcmp(a->path, b->path);
}

/* Marks each book whose identifier an earlier one (by path) has (epi_cat_book.id_taken). */
static ep_status mark_shared_ids(run_t *r)
{
    epi_cat_book **v = calloc(r->cat.nbooks ? r->cat.nbooks : 1, sizeof *v);
    if (!v)
        return nomem(r);
    for (size_t i = 0; i < r->cat.nbooks; i++)
        v[i] = &r->cat.books[i];
    qsort(v, r->cat.nbooks, sizeof *v, cmp_id);
    for (size_t i = 1; i < r->cat.nbooks; i++)
        v[i]->id_taken = v[i]->identifier && v[i - 1]->identifier &&
                         !strcmp(v[i]->identifier, v[i - 1]->identifier);
    free(v);
    return EP_OK;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* ---------- the run ---------- */

/* 2. Each book's facts: the last run's (st) where the file is unchanged, else read now, on the
 * CPUs. *nfresh: how many were read. */
static ep_status read_facts(run_t *r, epi_cat_state *st, size_t *nfresh)
{
    epi_cat_book **fresh = NULL;
    bool *failed = NULL;
    ep_status rc = EP_OK;
    size_t n = 0;

    *nfresh = 0;
    reuse(r, st);
    if (!(r->old_digests = xmlHashCreate(256)))
        return nomem(r);
    for (size_t i = 0; st->digests && i < st->nfiles; i++)
        if (st->files[i] && st->digests[i])
            xmlHashUpdateEntry(r->old_digests, (const xmlChar *)st->files[i], st->digests[i], NULL);
    fresh = calloc(r->cat.nbooks ? r->cat.nbooks : 1, sizeof *fresh);
    failed = calloc(r->cat.nbooks ? r->cat.nbooks : 1, sizeof *failed);
    if (!fresh || !failed) {
        rc = nomem(r);
        goto out;
    }
    for (size_t i = 0; i < r->cat.nbooks; i++)
        if (r->cat.books[i].fresh)
            fresh[n++] = &r->cat.books[i];
    read_job job = {r, fresh, failed};
    epi_parallel_for(n, 2, read_one, &job);
    r->res->read = *nfresh = n;
    for (size_t i = 0; i < n; i++)
        if (failed[i]) {
            rc = nomem(r);
            goto out;
        }
    for (size_t i = 0; i < r->cat.nbooks; i++) {
        epi_cat_book *bk = &r->cat.books[i];
        time_t t;
        bk->updated = bk->modified && epi_date_modified(bk->modified, &t, NULL, 0)
                          ? t
                          : (time_t)(bk->mtime_ns / 1000000000);
        if (bk->problem) {
            char *full = epi_path_join(r->dir, bk->path);
            warn(r, full ? full : bk->path, bk->problem);
            free(full);
        }
    }
    rc = mark_shared_ids(r);
out:
    free(fresh);
    free(failed);
    return rc;
}

/* 3. The files: the feeds, then each book's cover and thumbnail (and the book itself). */
static ep_status write_files(run_t *r, epi_buf *b)
{
    epi_cat_feeds feeds = {0};
    ep_status rc = EP_OK;

    if (!epi_cat_feeds_make(&r->cat, &feeds)) {
        epi_cat_feeds_free(&feeds);
        return nomem(r);
    }
    for (size_t i = 0; i < feeds.n && rc == EP_OK; i++)
        rc = put_feed(r, &feeds.v[i], b);
    epi_cat_feeds_free(&feeds);
    for (size_t i = 0; i < r->cat.nbooks && rc == EP_OK; i++) {
        epi_cat_book *bk = &r->cat.books[i];
        char rel[64];
        if (bk->cover_type) {
            epi_cat_cover_path(bk, rel);
            rc = bk->fresh ? put_file(r, rel, NULL, bk->cover, bk->cover_len)
                           : keep_name(r, rel, NULL);
        }
        if (rc == EP_OK && bk->thumb_w) {
            snprintf(rel, sizeof rel, "catalog/thumbs/%s.jpg", bk->key);
            rc = bk->fresh ? put_file(r, rel, NULL, bk->thumb, bk->thumb_len)
                           : keep_name(r, rel, NULL);
        }
        if (rc == EP_OK && !r->same)
            rc = put_book(r, bk);
    }
    return rc;
}

/* 4. What the last run wrote and this one did not is removed; then the state is saved, unless
 * nothing was read, written or removed (the state on the disk is this run's already). */
static ep_status sweep_and_save(run_t *r, const epi_cat_state *st, size_t nfresh, epi_buf *b)
{
    char **sorted = calloc(r->nfiles ? r->nfiles : 1, sizeof *sorted);
    ep_status rc = EP_OK;

    if (!sorted)
        return nomem(r);
    if (r->nfiles) {
        memcpy(sorted, r->files, r->nfiles * sizeof *sorted);
        qsort(sorted, r->nfiles, sizeof *sorted, cmp_strp);
    }
    for (size_t i = 0; i < st->nfiles; i++) {
        if (!st->files[i] || strstr(st->files[i], "..") || st->files[i][0] == '/' ||
            bsearch(&st->files[i], sorted, r->nfiles, sizeof *sorted, cmp_strp))
            continue;
        char *full = epi_path_join(r->out, st->files[i]);
        if (full && unlink(full) == 0)
            r->res->removed++;
        free(full);
    }
    free(sorted);
    if (!nfresh && !r->res->written && !r->res->removed)
        return EP_OK;
    b->len = 0;
    if (!epi_cat_state_dump(r->cat.books, r->cat.nbooks, r->files, r->digests, r->nfiles, b))
        return nomem(r);
    size_t written = r->res->written;
    rc = put_file(r, STATE_FILE, NULL, b->data, b->len);
    r->res->written = written; /* the state is not the catalog's */
    if (rc == EP_OK && (r->res->written || r->res->removed)) {
        /* the new files on the disk before the command says they are there */
        int fd = open(r->out, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
        if (fd >= 0) {
            syncfs(fd);
            close(fd);
        }
    }
    return rc;
}

/* The arguments and the output folder; *base: the escaped base URL the run owns. */
static ep_status settle(run_t *r, const char *title, const char *base_url, char **base)
{
    struct stat sd, so;
    ep_error *err = r->err;

    if (!r->dir)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0, "no folder of books");
    if (stat(r->dir, &sd) != 0 || !S_ISDIR(sd.st_mode))
        return epi_fail(err, EP_ERR_IO, r->dir, 0, 0, "%s",
                        errno == ENOENT || !S_ISDIR(sd.st_mode) ? "not a folder" : strerror(errno));
    if (base_url && epi_url_scheme_len(base_url, strlen(base_url)) == 0)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0,
                        "--base-url \"%s\" is not an absolute URL (http://host/path/)", base_url);
    int sde = epi_date_source_epoch(&r->cat.epoch);
    if (sde < 0)
        return epi_fail(err, EP_ERR_USAGE, NULL, 0, 0,
                        "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds up to 9999-12-31",
                        getenv("SOURCE_DATE_EPOCH"));
    r->cat.sde = sde > 0;
    r->cat.title = title && *title ? title : "Library";
    if (base_url) {
        epi_buf u = {0};
        if (!epi_url_escape_append(&u, base_url, strlen(base_url)) ||
            (u.data[u.len - 1] != '/' && !epi_buf_puts(&u, "/"))) {
            epi_buf_free(&u);
            return nomem(r);
        }
        r->cat.base_url = *base = u.data;
    }
    if (mkdir(r->out, 0777) != 0 && errno != EEXIST)
        return epi_fail(err, EP_ERR_IO, r->out, 0, 0, "cannot make the folder: %s",
                        strerror(errno));
    if (stat(r->out, &so) != 0 || !S_ISDIR(so.st_mode))
        return epi_fail(err, EP_ERR_IO, r->out, 0, 0, "not a folder");
    r->same = so.st_dev == sd.st_dev && so.st_ino == sd.st_ino;
    r->out_dev = so.st_dev;
    r->out_ino = so.st_ino;
    return EP_OK;
}

ep_status ep_catalog(const char *dir, const char *out, const char *title, const char *base_url,
                     ep_diag_fn diag, void *userdata, ep_catalog_result *result, ep_error *err)
{
    ep_catalog_result local = {0};
    run_t r = {.dir = dir,
               .out = out ? out : dir,
               .diag = diag,
               .userdata = userdata,
               .res = result ? result : &local,
               .err = err};
    epi_cat_state st = {0};
    char *state_path = NULL, *base = NULL;
    epi_buf b = {0};
    ep_status rc;
    size_t nfresh = 0;

    epi_init();
    memset(r.res, 0, sizeof *r.res);
    if ((rc = settle(&r, title, base_url, &base)) != EP_OK)
        goto out;

    /* 1. the books */
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd < 0) {
        rc = epi_fail(err, EP_ERR_IO, dir, 0, 0, "cannot open: %s", strerror(errno));
        goto out;
    }
    if ((rc = scan(&r, dfd, NULL, 0)) != EP_OK)
        goto out;
    if (r.cat.nbooks)
        qsort(r.cat.books, r.cat.nbooks, sizeof *r.cat.books, cmp_path);
    r.res->books = r.cat.nbooks;

    if (!(state_path = epi_path_join(r.out, STATE_FILE)) || !epi_cat_state_load(state_path, &st)) {
        rc = nomem(&r);
        goto out;
    }
    if ((rc = read_facts(&r, &st, &nfresh)) == EP_OK && (rc = write_files(&r, &b)) == EP_OK)
        rc = sweep_and_save(&r, &st, nfresh, &b);
out:
    epi_buf_free(&b);
    epi_cat_state_free(&st);
    for (size_t i = 0; i < r.cat.nbooks; i++)
        epi_cat_book_free(&r.cat.books[i]);
    free(r.cat.books);
    for (size_t i = 0; i < r.nfiles; i++) {
        free(r.files[i]);
        free(r.digests[i]);
    }
    free(r.files);
    free(r.digests);
    xmlHashFree(r.old_digests, NULL);
    free(state_path);
    free(base);
    return rc;
}

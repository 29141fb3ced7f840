/*
 * The read stage's entry point: a book folder or one file → the book model (docs/ARCHITECTURE.md
 * "Input").
 */
#include "read_private.h"

#include "util/langid.h"
#include "util/parallel.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

/* Reads a text file: checked (UTF-8, no NUL), NFC, LF line ends. `newest`: the newest mtime
 * seen, updated. */
static ep_status read_text(epi_ctx *ctx, time_t *newest, const char *path, char **out,
                           size_t *out_len)
{
    char *raw = NULL;
    size_t len = 0;
    bool utf8 = false;
    ep_status st = epi_input_read(ctx, path, &raw, &len, newest);
    if (!st && epi_text_normalize_parallel(&raw, &len)) {
        *out = raw;
        *out_len = len;
        return EP_OK;
    }
    if (!st)
        st = epi_text_decode(ctx, path, &raw, &len, &utf8);
    if (!st)
        st = epi_text_check(path, raw, len, utf8, ctx->err);
    if (!st)
        st = epi_text_normalize(path, raw, len, out, out_len, ctx->err);
    free(raw);
    return st;
}

static bool is_blank_line(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t')
            return false;
    return true;
}

/* A line equal to `mark` apart from trailing blanks. */
static bool is_mark(const char *s, size_t n, const char *mark)
{
    size_t m = strlen(mark);
    return n >= m && !memcmp(s, mark, m) && is_blank_line(s + m, n - m);
}

typedef struct front_matter {
    const char *yaml;
    size_t yaml_len;
    int yaml_line; /* 0: there is no front matter */
    const char *body;
    size_t body_len;
    int body_line;
} front_matter;

/* Pandoc's rule (yaml_metadata_block): the file starts with a "---" line not followed by a
 * blank line, and the block ends with a "---" or "..." line. */
static ep_status split_front_matter(epi_ctx *ctx, const char *path, const char *text, size_t len,
                                    front_matter *fm)
{
    const char *nl = memchr(text, '\n', len);
    size_t first_len = nl ? (size_t)(nl - text) : len;

    fm->yaml = NULL;
    fm->yaml_len = 0;
    fm->yaml_line = 0;
    fm->body = text;
    fm->body_len = len;
    fm->body_line = 1;
    if (!nl || !is_mark(text, first_len, "---"))
        return EP_OK;
    size_t pos = first_len + 1;
    const char *nl2 = memchr(text + pos, '\n', len - pos);
    size_t second_len = nl2 ? (size_t)(nl2 - text) - pos : len - pos;
    if (is_blank_line(text + pos, second_len))
        return EP_OK; /* "---" then a blank line: a thematic break, not metadata */

    int line = 2;
    size_t start = pos;
    while (pos < len) {
        const char *e = memchr(text + pos, '\n', len - pos);
        size_t n = e ? (size_t)(e - text) - pos : len - pos;
        if (is_mark(text + pos, n, "---") || is_mark(text + pos, n, "...")) {
            fm->yaml = text + start;
            fm->yaml_len = pos - start;
            fm->yaml_line = 2;
            size_t after = e ? (size_t)(e - text) + 1 : len;
            fm->body = text + after;
            fm->body_len = len - after;
            fm->body_line = line + 1;
            return EP_OK;
        }
        if (!e)
            break;
        pos += n + 1;
        line++;
    }
    return epi_fail(ctx->err, EP_ERR_INPUT, path, 1, 1,
                    "the front matter opened by '---' on line 1 is not closed by a '---' or "
                    "'...' line");
}

static bool has_ext(const char *name, const char *ext)
{
    size_t n = strlen(name), e = strlen(ext);
    return n > e && !strcasecmp(name + n - e, ext);
}

static bool is_text_name(const char *name)
{
    return has_ext(name, ".txt");
}

static bool is_chapter_name(const char *name)
{
    return name[0] != '.' && (has_ext(name, ".md") || has_ext(name, ".markdown") ||
                              has_ext(name, ".txt") || epi_is_web_name(name));
}

/* Counts the letters of a chapter for the book's language, unless the book already has one
 * (--lang, or `lang` in book.yaml or this file's front matter, read before): most books do, and
 * counting is a twentieth of the read stage. The book's metadata is complete before chapters
 * are read in parallel, so reading it here races with nothing. */
static void count_letters(const epi_ctx *ctx, const epi_book *book, epi_langid *id,
                          const char *text, size_t len)
{
    if (!book->meta.lang && !(ctx->opt && ctx->opt->lang))
        epi_langid_add(id, text, len);
}

/* A web page: its metadata fills the book's keys that book.yaml left unset when the page is the
 * whole book (`book_meta`), else the chapter's own, like Markdown front matter. Its image
 * (JSON-LD, og:image) is then the cover when the book names none (epi_cover_from_page). */
static ep_status read_web_chapter(epi_ctx *ctx, epi_book *book, epi_chapter *ch, bool book_meta,
                                  epi_langid *sc, time_t *newest)
{
    char *text = NULL, *image = NULL;
    size_t len = 0;
    int image_line = 0;
    epi_meta *meta = &book->meta;
    if (!book_meta) {
        if (!(ch->meta = calloc(1, sizeof *ch->meta)))
            return epi_fail(ctx->err, EP_ERR_NOMEM, ch->src_path, 0, 0, "out of memory");
        ch->meta->title_page = -1;
        meta = ch->meta;
    }
    ep_status st = epi_web_to_chapter(ctx, ch, meta, &text, &len, newest, book_meta ? &image : NULL,
                                      &image_line);
    if (!st) {
        if (!(book->meta.title && *book->meta.title))
            epi_text_digest(text, len, ch->text_digest);
        count_letters(ctx, book, sc, text, len);
    }
    if (!st && image && !book->meta.cover_image)
        st = epi_cover_from_page(ctx, book, ch->src_path, image, image_line);
    free(text);
    free(image);
    return st;
}

/* A chapter's own front matter sets its title, subtitle, authors, date, lang, typography and
 * hyphenation; the keys below are the book's, and a chapter that sets them is told where they
 * belong (issue 21: they were ignored without a word). */
static void warn_book_keys(epi_ctx *ctx, const char *path, int line, const epi_meta *m)
{
    const struct {
        bool set;
        const char *key;
    } keys[] = {{m->identifier != NULL, "identifier"},
                {m->publisher != NULL, "publisher"},
                {m->rights != NULL, "rights"},
                {m->description != NULL, "description"},
                {m->nsubjects > 0, "subject"},
                {m->source != NULL, "source"},
                {m->cover_image != NULL, "cover-image"},
                {m->ncss > 0, "css"},
                {m->collection != NULL, "belongs-to-collection"},
                {m->group_position != NULL, "group-position"},
                {m->modified != NULL, "modified"},
                {m->font != NULL, "font"},
                {m->image_size_set, "image-size"},
                {m->grayscale == 1, "grayscale"},
                {m->title_page != -1, "title-page"},
                {m->notes != 0, "notes"},
                {m->split_level != 0, "split-level"},
                {m->target != EP_TARGET_DEFAULT, "target"},
                {m->nchapters > 0, "chapters"}};
    char list[512] = "";
    size_t n = 0, len = 0;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
        if (keys[i].set && len < sizeof list - 64)
            len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s'", n++ ? ", " : "",
                                    keys[i].key);
    if (n)
        epi_warn(ctx, EPI_DIAG_META, path, line,
                 "metadata key%s %s in a chapter's front matter %s for the whole book: set %s "
                 "in the book's metadata file (ignored here)",
                 n > 1 ? "s" : "", list, n > 1 ? "are" : "is", n > 1 ? "them" : "it");
}

/* Reads one chapter file into book->chapters[i]. `book_meta`: its front matter is the
 * book's metadata (single file, or the first chapter of a folder without book.yaml). */
/* A text run (adjacent text nodes, one text node once serialised and parsed again) or an
 * attribute value over EPI_LIMIT_XML_TEXT: libxml2 refuses it in every XML file without
 * XML_PARSE_HUGE (`AttValue length too long`), and so do the checker and reading systems built
 * on it. Refused here, with its line, before typesetting and packaging spend time and memory on
 * it (a 17 MB paragraph took 831 MB and ended as EPK-ZIP-BOMB in the final check). The walk
 * does not recurse: web pages nest deep. */
static ep_status text_sizes(epi_ctx *ctx, const epi_chapter *ch)
{
    xmlNodePtr root = ch->doc ? xmlDocGetRootElement(ch->doc) : NULL;
    for (xmlNodePtr n = root; n;) {
        if (n->type == XML_ELEMENT_NODE) {
            size_t run = 0;
            for (xmlAttrPtr a = n->properties; a; a = a->next) {
                size_t alen = 0;
                for (xmlNodePtr t = a->children; t; t = t->next)
                    alen += t->content ? strlen((const char *)t->content) : 0;
                if (alen > EPI_LIMIT_XML_TEXT)
                    return epi_fail(ctx->err, EP_ERR_INPUT, ch->src_path, (int)xmlGetLineNo(n), 0,
                                    "an attribute '%s' of %zu bytes; values over %d bytes are "
                                    "refused (libxml2's limit, which readers share)",
                                    (const char *)a->name, alen, EPI_LIMIT_XML_TEXT);
            }
            for (xmlNodePtr t = n->children; t; t = t->next) {
                if (t->type != XML_TEXT_NODE) {
                    run = 0;
                    continue;
                }
                run += t->content ? strlen((const char *)t->content) : 0;
                if (run > EPI_LIMIT_XML_TEXT) {
                    long line = xmlGetLineNo(n);
                    return epi_fail(ctx->err, EP_ERR_INPUT, ch->src_path, line > 0 ? (int)line : 0,
                                    0,
                                    "a text of over %d bytes without markup in one <%s>; texts "
                                    "over %d bytes are refused (libxml2's limit, which readers "
                                    "share): break it into paragraphs",
                                    EPI_LIMIT_XML_TEXT, (const char *)n->name, EPI_LIMIT_XML_TEXT);
                }
            }
        }
        if (n->type == XML_ELEMENT_NODE && n->children) {
            n = n->children;
            continue;
        }
        while (n && n != root && !n->next)
            n = n->parent;
        n = n && n != root ? n->next : NULL;
    }
    return EP_OK;
}

static ep_status read_chapter_as(epi_ctx *ctx, epi_book *book, size_t i, const char *path,
                                 const char *name, bool book_meta, epi_meta_lines *lines,
                                 epi_langid *sc, time_t *newest);

static ep_status read_chapter(epi_ctx *ctx, epi_book *book, size_t i, const char *path,
                              const char *name, bool book_meta, epi_meta_lines *lines,
                              epi_langid *sc, time_t *newest)
{
    ep_status st = read_chapter_as(ctx, book, i, path, name, book_meta, lines, sc, newest);
    return st ? st : text_sizes(ctx, &book->chapters[i]);
}

static ep_status read_chapter_as(epi_ctx *ctx, epi_book *book, size_t i, const char *path,
                                 const char *name, bool book_meta, epi_meta_lines *lines,
                                 epi_langid *sc, time_t *newest)
{
    epi_chapter *ch = &book->chapters[i];
    char *text = NULL;
    size_t len = 0;
    char out_name[32];
    front_matter fm;
    ep_status st;

    snprintf(out_name, sizeof out_name, "ch%03zu.xhtml", i + 1);
    while (!strncmp(name, "./", 2))
        name += 2;
    if (!epi_chapter_init(ch, path, name, out_name))
        return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    if (epi_is_web_name(name))
        return read_web_chapter(ctx, book, ch, book_meta, sc, newest);
    if ((st = read_text(ctx, newest, path, &text, &len)))
        return st;
    if ((st = split_front_matter(ctx, path, text, len, &fm)))
        goto out;
    if (fm.yaml_line && book_meta) {
        free(book->main_path);
        if (!(book->main_path = epi_strdup(path))) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
            goto out;
        }
        st =
            epi_meta_parse_lines(ctx, path, fm.yaml_line, fm.yaml, fm.yaml_len, &book->meta, lines);
    } else if (fm.yaml_line) {
        if (!(ch->meta = calloc(1, sizeof *ch->meta))) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
            goto out;
        }
        ch->meta->title_page = -1;
        st = epi_meta_parse(ctx, path, fm.yaml_line, fm.yaml, fm.yaml_len, ch->meta);
        if (!st)
            warn_book_keys(ctx, path, fm.yaml_line, ch->meta);
        if (!st && ch->meta->title && !(ch->title = epi_strdup(ch->meta->title)))
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    if (st)
        goto out;
    /* Only an untitled book is named by its text (identity.c); a title is never taken back. */
    if (!(book->meta.title && *book->meta.title))
        epi_text_digest(text, len, ch->text_digest);
    if (fm.body_len == strspn(fm.body, " \t\n")) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, path, fm.body_line, 0, "the file has no text");
        goto out;
    }
    count_letters(ctx, book, sc, fm.body, fm.body_len);
    ch->plain_text = is_text_name(path);
    if (ch->plain_text)
        st = epi_text_to_chapter(ctx, fm.body, fm.body_len, fm.body_line, ch);
    else
        st = epi_markdown_to_chapter(ctx, fm.body, fm.body_len, fm.body_line, ch, &text);
out:
    free(text);
    return st;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The chapter files of a folder without `chapters:`: *.md / *.txt in byte order of names
 * (stable across locales, unlike strcoll). */
static ep_status list_chapters(epi_ctx *ctx, const char *dir, char ***names, size_t *count)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    ep_status st = EP_OK;

    size_t cap = 0;

    *names = NULL;
    *count = 0;
    if (!d)
        return epi_fail_sys(ctx->err, EP_ERR_IO, errno, dir, "cannot read the folder: %s",
                            strerror(errno));
    while ((e = readdir(d))) {
        if (!is_chapter_name(e->d_name))
            continue;
        char *full = epi_path_join(dir, e->d_name);
        struct stat sb;
        if (!full) { /* not "no chapters": that would blame the book for a lack of memory */
            st = epi_fail(ctx->err, EP_ERR_NOMEM, dir, 0, 0, "out of memory");
            break;
        }
        bool regular = stat(full, &sb) == 0 && S_ISREG(sb.st_mode);
        free(full);
        if (!regular)
            continue;
        char **v = epi_grow(*names, &cap, *count, sizeof *v, 16);
        if (!v || !(v[*count] = epi_strdup(e->d_name))) {
            if (v)
                *names = v;
            st = epi_fail(ctx->err, EP_ERR_NOMEM, dir, 0, 0, "out of memory");
            break;
        }
        *names = v;
        (*count)++;
    }
    closedir(d);
    if (!st && *count)
        qsort(*names, *count, sizeof **names, cmp_names);
    return st;
}

static void free_names(char **v, size_t n)
{
    if (!v) /* the array's own allocation failed (n is already set) */
        return;
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* ---------- the other chapters, on threads ---------- */

/* Chapters [first, n) of a folder are independent documents: each is read, normalised and
 * converted on its own (cmark-gfm and libxml2 keep no shared state once initialised). A chapter's
 * warnings are kept and replayed in chapter order, and the first failing chapter in that order
 * is the one reported, so messages and the book are those of a sequential read. It was a fifth
 * of a War and Peace build (tests/bench/PROFILE.md). */
typedef struct chapter_slot {
    ep_options opt; /* a shallow copy of the caller's, with warnings going to log */
    epi_ctx ctx;
    ep_error err;
    ep_status st;
    epi_diag_log log;
    time_t newest;
} chapter_slot;

typedef struct chapter_job {
    epi_ctx *ctx;
    epi_book *book;
    const char *input;
    char **names;
    size_t first;
    chapter_slot *slots;
    epi_langid *ids; /* one per worker: sums, so the total does not depend on scheduling */
} chapter_job;

static void chapter_work(void *ud, size_t k, size_t worker)
{
    chapter_job *job = ud;
    size_t i = job->first + k;
    chapter_slot *s = &job->slots[k];
    char *path = epi_path_join(job->input, job->names[i]);

    if (job->ctx->opt) {
        s->opt = *job->ctx->opt;
        s->opt.diag = ep_diag_log_add;
        s->opt.diag_userdata = &s->log;
    }
    s->ctx = (epi_ctx){
        .opt = job->ctx->opt ? &s->opt : NULL, .err = &s->err, .output = job->ctx->output};
    if (!path)
        s->st = epi_fail(&s->err, EP_ERR_NOMEM, job->input, 0, 0, "out of memory");
    else
        s->st = read_chapter(&s->ctx, job->book, i, path, job->names[i], false, NULL,
                             &job->ids[worker], &s->newest);
    free(path);
}

static ep_status read_chapters(epi_ctx *ctx, epi_book *book, const char *input, char **names,
                               size_t first, size_t n, epi_langid *sc)
{
    chapter_job job = {ctx, book, input, names, first, NULL, NULL};
    ep_status st = EP_OK;
    size_t count = n - first;

    if (!count)
        return EP_OK;
    if (!(job.slots = calloc(count, sizeof *job.slots)) ||
        !(job.ids = calloc(EPI_PARALLEL_MAX, sizeof *job.ids))) {
        free(job.slots);
        return epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
    }
    epi_parallel_for(count, 4, chapter_work, &job);
    for (size_t k = 0; k < count; k++) {
        chapter_slot *s = &job.slots[k];
        if (st) {
            epi_diag_log_free(&s->log);
            continue;
        }
        ctx->warnings += s->ctx.warnings;
        bool oom = s->log.oom;
        epi_diag_log_replay(&s->log, ctx->opt ? ctx->opt->diag : NULL,
                            ctx->opt ? ctx->opt->diag_userdata : NULL);
        if (s->newest > book->newest_mtime)
            book->newest_mtime = s->newest;
        if (s->st) {
            st = s->st;
            if (ctx->err)
                *ctx->err = s->err;
        } else if (oom) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
        }
    }
    for (size_t w = 0; w < EPI_PARALLEL_MAX; w++)
        epi_langid_merge(sc, &job.ids[w]);
    free(job.slots);
    free(job.ids);
    return st;
}

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The book folder's metadata file: book.yaml, else a name pandoc users bring (book.yml, or
 * metadata.yaml / metadata.yml as passed to pandoc's --metadata-file). The first that exists is
 * read; with `warn`, each later one is a warning that it is ignored. Sets *path (NULL: none). */
static ep_status find_meta_file(epi_ctx *ctx, const char *input, bool warn, char **path)
{
    static const char *const names[] = {"book.yaml", "book.yml", "metadata.yaml", "metadata.yml"};
    *path = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        struct stat sb;
        char *p = epi_path_join(input, names[i]);
        if (!p) {
            free(*path);
            *path = NULL;
            return epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
        }
        if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode)) {
            free(p);
        } else if (!*path) {
            *path = p;
        } else {
            if (warn)
                epi_warn(ctx, EPI_DIAG_META, p, 0, "ignored: the book's metadata is read from %s",
                         base_name(*path));
            free(p);
        }
    }
    return EP_OK;
}

static ep_status read_folder(epi_ctx *ctx, const char *input, epi_book *book, epi_meta_lines *lines,
                             epi_langid *sc)
{
    char *yaml_path = NULL, *yaml = NULL, *path = NULL, *real = NULL;
    char **names = NULL, **reals = NULL;
    size_t nnames = 0, ylen = 0, nreals = 0;
    ep_status st = EP_OK;
    struct stat sb;
    bool have_yaml;

    if (!(book->root = epi_strdup(input))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
        goto out;
    }
    if ((st = find_meta_file(ctx, input, true, &yaml_path)))
        goto out;
    have_yaml = yaml_path != NULL;
    if (have_yaml) {
        if ((st = read_text(ctx, &book->newest_mtime, yaml_path, &yaml, &ylen)))
            goto out;
        if (!(book->main_path = epi_strdup(yaml_path))) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
            goto out;
        }
        if ((st = epi_meta_parse_lines(ctx, yaml_path, 1, yaml, ylen, &book->meta, lines)))
            goto out;
    }
    if (have_yaml && book->meta.nchapters) {
        if (!(names = calloc(book->meta.nchapters, sizeof *names)) ||
            !(reals = calloc(book->meta.nchapters, sizeof *reals))) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
            goto out;
        }
        for (size_t i = 0; i < book->meta.nchapters; i++) {
            free(real);
            real = NULL;
            int line = lines->chapters ? lines->chapters[i] : 0;
            st = epi_path_inside(input, input, book->meta.chapters[i], yaml_path, line, &real,
                                 ctx->err);
            if (!st && (stat(real, &sb) != 0 || !S_ISREG(sb.st_mode)))
                st = epi_fail(ctx->err, EP_ERR_INPUT, yaml_path, line, 0,
                              "chapter '%s' is not a file", book->meta.chapters[i]);
            if (st)
                goto out;
            /* A file listed twice is read once, where it is first listed. */
            size_t k = 0;
            while (k < nreals && strcmp(reals[k], real) != 0)
                k++;
            if (k < nreals) {
                epi_warn(ctx, EPI_DIAG_META, yaml_path, line,
                         "chapter '%s' is listed twice (first as '%s'); it is read once",
                         book->meta.chapters[i], names[k]);
                continue;
            }
            reals[nreals++] = real;
            real = NULL;
            if (!(names[nnames++] = epi_strdup(book->meta.chapters[i]))) {
                st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
                goto out;
            }
        }
    } else if ((st = list_chapters(ctx, input, &names, &nnames))) {
        goto out;
    }
    if (!nnames) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, input, 0, 0,
                      "no chapters: the folder has no .md, .txt or .html files%s%s%s",
                      have_yaml ? " and " : "", have_yaml ? base_name(yaml_path) : "",
                      have_yaml ? " lists none" : "");
        goto out;
    }
    if (!(book->chapters = calloc(nnames, sizeof *book->chapters))) {
        st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
        goto out;
    }
    book->nchapters = nnames;
    size_t first = 0;
    /* The first chapter's front matter is the book's metadata; a page alone is the book. */
    if (!have_yaml || (nnames == 1 && epi_is_web_name(names[0]))) {
        if (!(path = epi_path_join(input, names[0]))) {
            st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
            goto out;
        }
        if ((st = read_chapter(ctx, book, 0, path, names[0], !have_yaml || nnames == 1, lines, sc,
                               &book->newest_mtime)))
            goto out;
        first = 1;
    }
    if ((st = read_chapters(ctx, book, input, names, first, nnames, sc)))
        goto out;
    if (!book->main_path && !(book->main_path = epi_strdup(book->chapters[0].src_path)))
        st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
out:
    free(yaml_path);
    free(yaml);
    free(path);
    free(real);
    free_names(names, nnames);
    free_names(reals, nreals);
    return st;
}

static ep_status read_file(epi_ctx *ctx, const char *input, epi_book *book, epi_meta_lines *lines,
                           epi_langid *sc)
{
    const char *slash = strrchr(input, '/');
    const char *name = slash ? slash + 1 : input;

    if (!is_chapter_name(name))
        return epi_fail(ctx->err, EP_ERR_INPUT, input, 0, 0,
                        "expected a book folder, a .md, .txt or .html file");
    book->root =
        slash ? epi_strndup(input, slash == input ? 1 : (size_t)(slash - input)) : epi_strdup(".");
    book->main_path = epi_strdup(input);
    book->chapters = calloc(1, sizeof *book->chapters);
    if (!book->root || !book->main_path || !book->chapters)
        return epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
    book->nchapters = 1;
    return read_chapter(ctx, book, 0, input, name, true, lines, sc, &book->newest_mtime);
}

/* Appends one stylesheet to `css`. */
static ep_status append_css(epi_ctx *ctx, epi_book *book, const char *path, epi_buf *css)
{
    char *data = NULL;
    size_t len = 0;
    ep_status st = epi_input_read(ctx, path, &data, &len, &book->newest_mtime);
    if (!st)
        st = epi_text_check(path, data, len, false, ctx->err);
    if (!st) {
        /* CSS Syntax §3.2: a BOM is dropped; a leading @charset is harmless. */
        size_t skip = len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3) ? 3 : 0;
        if ((css->len && !epi_buf_puts(css, "\n")) ||
            !epi_buf_append(css, data + skip, len - skip) ||
            (len && data[len - 1] != '\n' && !epi_buf_puts(css, "\n")))
            st = epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory");
    }
    free(data);
    return st;
}

static ep_status read_css(epi_ctx *ctx, epi_book *book, const epi_meta_lines *lines)
{
    epi_buf css = {0};
    char *real = NULL;
    ep_status st = EP_OK;

    for (size_t i = 0; i < book->meta.ncss && !st; i++) {
        free(real);
        real = NULL;
        st = epi_path_inside(book->root, book->root, book->meta.css[i], book->main_path,
                             lines->css ? lines->css[i] : 0, &real, ctx->err);
        if (!st)
            st = append_css(ctx, book, real, &css);
    }
    /* --css is the user's own file named on the command line: no book-folder restriction. */
    if (!st && ctx->opt && ctx->opt->css)
        st = append_css(ctx, book, ctx->opt->css, &css);
    if (!st && css.len && !(book->user_css = epi_buf_detach(&css)))
        st = epi_fail(ctx->err, EP_ERR_NOMEM, book->main_path, 0, 0, "out of memory");
    epi_buf_free(&css);
    free(real);
    return st;
}

/* `lang` is required; without it the script decides (docs/ARCHITECTURE.md "Input"). Never the
 * process locale: in CI containers that is "C", which is not a language (pandoc writes it anyway).
 */
/* The metadata of the file at path: all of it (whole) or its front matter. */
static ep_status meta_of_file(epi_ctx *ctx, const char *path, bool whole, epi_meta *meta)
{
    char *text = NULL;
    size_t len = 0;
    time_t newest = 0;
    front_matter fm = {0};
    ep_status st = read_text(ctx, &newest, path, &text, &len);
    if (!st && whole)
        st = epi_meta_parse(ctx, path, 1, text, len, meta);
    else if (!st && !(st = split_front_matter(ctx, path, text, len, &fm)) && fm.yaml_line)
        st = epi_meta_parse(ctx, path, fm.yaml_line, fm.yaml, fm.yaml_len, meta);
    free(text);
    return st;
}

ep_status epi_book_read_meta(epi_ctx *ctx, const char *input, epi_meta *meta)
{
    char *path = NULL, **names = NULL;
    size_t nnames = 0;
    struct stat sb;
    ep_status st;

    meta->title_page = -1;
    if (!input || stat(input, &sb) != 0)
        return epi_fail(ctx->err, EP_ERR_INPUT, input, 0, 0, "no such file or folder");
    if (!S_ISDIR(sb.st_mode))
        return meta_of_file(ctx, input, false, meta);
    if ((st = find_meta_file(ctx, input, false, &path)))
        return st;
    if (path) {
        st = meta_of_file(ctx, path, true, meta);
    } else if (!(st = list_chapters(ctx, input, &names, &nnames)) && nnames) {
        free(path);
        if (!(path = epi_path_join(input, names[0])))
            st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
        else
            st = meta_of_file(ctx, path, false, meta);
    }
    free(path);
    free_names(names, nnames);
    return st;
}

/* The book's language: --lang, else the `lang` key, else detected from the text
 * (docs/ARCHITECTURE.md "Language detection"). */
static ep_status resolve_lang(epi_ctx *ctx, epi_book *book, const epi_langid *id)
{
    const char *forced = ctx->opt ? ctx->opt->lang : NULL;
    if (!forced && book->meta.lang)
        return EP_OK;
    epi_langid_result r = {0};
    if (!forced)
        r = epi_langid_guess(id);
    const char *lang = forced ? forced : r.lang ? r.lang : "und";
    char *copy = epi_strdup(lang);
    if (!copy)
        return epi_fail(ctx->err, EP_ERR_NOMEM, book->main_path, 0, 0, "out of memory");
    free(book->meta.lang);
    book->meta.lang = copy;
    if (forced)
        return EP_OK;
    epi_warn(ctx, EPI_DIAG_LANG, book->main_path, 0,
             "no 'lang' in the metadata; using '%s', the language the text's letters are most "
             "like (%zu Cyrillic, %zu Latin; next best '%s'): add 'lang: %s' (or the right "
             "language) to the metadata, or pass --lang %s",
             lang, r.cyrillic, r.latin, r.runner_up ? r.runner_up : "none", lang, lang);
    return EP_OK;
}

ep_status epi_book_read(epi_ctx *ctx, const char *input, epi_book *book)
{
    epi_meta_lines lines = {0};
    epi_langid *sc = NULL; /* the letters of the text, for its language */
    struct stat sb;
    ep_status st;

    book->meta.title_page = -1;
    if (!input || !*input)
        return epi_fail(ctx->err, EP_ERR_INPUT, "", 0, 0, "no input named");
    if (stat(input, &sb) != 0)
        return epi_fail(ctx->err, EP_ERR_INPUT, input, 0, 0, "no such file or folder");
    if (!(sc = calloc(1, sizeof *sc)))
        st = epi_fail(ctx->err, EP_ERR_NOMEM, input, 0, 0, "out of memory");
    else if (S_ISDIR(sb.st_mode))
        st = read_folder(ctx, input, book, &lines, sc);
    else if (S_ISREG(sb.st_mode))
        st = read_file(ctx, input, book, &lines, sc);
    else
        st = epi_fail(ctx->err, EP_ERR_INPUT, input, 0, 0, "not a file or folder");
    if (st)
        goto out;
    if ((st = resolve_lang(ctx, book, sc)))
        goto out;
    if ((st = epi_cover_collect(ctx, book, lines.cover_image)))
        goto out;
    for (size_t i = 0; i < book->nchapters; i++)
        if ((st = epi_images_collect(ctx, book, &book->chapters[i])))
            goto out;
    if ((st = read_css(ctx, book, &lines)))
        goto out;
    st = epi_book_identify(ctx, book);
out:
    free(sc);
    epi_meta_lines_free(&lines);
    return st;
}

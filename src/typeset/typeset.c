/*
 * The typeset stage: everything between reading the book and packaging it, done in place on
 * the chapters' XHTML trees (typeset.h, epi_typeset):
 *
 *   modes → typography → book title → per chapter: lang, a title heading if none, heading ids,
 *   headings list, titles → links → soft hyphens → split into parts → word counts (fonts
 *   follow in build.c).
 *
 * Typography runs before the headings are collected so that the toc labels and <title> show
 * the same «» and dashes as the text; it never touches attributes, and quotes and dashes are
 * separators for ids either way, so ids do not depend on it. Soft hyphens come after the
 * labels were taken; words are counted once, in the parts, where a soft hyphen is part of its
 * word.
 */
#include "typeset_private.h"
#include "util/parallel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static ep_status nomem(epi_ctx *ctx, const char *path)
{
    return epi_fail(ctx->err, EP_ERR_NOMEM, path, 0, 0, "out of memory while typesetting");
}

/* ---------- modes ---------- */

/* docs/ARCHITECTURE.md "Hyphenation": soft hyphens where libhyphen has a dictionary for the
 * language (MuPDF and Calibre's viewer hyphenate nothing themselves, WebKitGTK breaks Russian
 * wrongly); the Kobo target leaves it to Kobo's own dictionaries, as kepubs are read there.
 * `ctx` NULL: no warning (a chapter's language; the book's was warned about). */
static ep_hyphenation default_hyphenation(epi_ctx *ctx, const epi_book *book, const char *lang)
{
    if (book->target == EP_TARGET_KOBO)
        return EP_HYPHEN_CSS;
    if (epi_hyphen_dict_exists(lang))
        return EP_HYPHEN_SOFT;
    /* The languages Debian packages patterns for (scripts/deps.sh installs them): without its
     * package such a book loses its hyphenation on MuPDF and Calibre, so say so. */
    static const struct {
        const char *code, *name;
    } packaged[] = {{"ru", "Russian"},   {"uk", "Ukrainian"}, {"be", "Belarusian"},
                    {"bg", "Bulgarian"}, {"sr", "Serbian"},   {"mn", "Mongolian"}};
    for (size_t k = 0; ctx && k < sizeof packaged / sizeof *packaged; k++)
        if (epi_lang_is(lang, packaged[k].code))
            epi_warn(ctx, EPI_DIAG_HYPHEN, NULL, 0,
                     "no %s hyphenation dictionary in /usr/share/hyphen (install the hyphen-%s "
                     "package): hyphenation is left to the reader, which MuPDF and Calibre do not "
                     "do",
                     packaged[k].name, packaged[k].code);
    return EP_HYPHEN_CSS;
}

static void resolve_modes(epi_ctx *ctx, epi_book *book)
{
    book->target = epi_target_resolve(ctx->opt, &book->meta);
    ep_hyphenation h = ctx->opt ? ctx->opt->hyphenation : EP_HYPHEN_DEFAULT;
    if (h == EP_HYPHEN_DEFAULT)
        h = book->meta.hyphenation;
    if (h == EP_HYPHEN_DEFAULT)
        h = default_hyphenation(ctx, book, book->meta.lang);
    book->hyphenation = h;
    book->typography = epi_ts_chapter_typography(ctx, book, NULL);

    /* A chapter's own front matter (a folder book) may set lang, typography and hyphenation. */
    for (size_t i = 0; i < book->nchapters; i++) {
        epi_chapter *ch = &book->chapters[i];
        const epi_meta *m = ch->meta;
        h = ctx->opt ? ctx->opt->hyphenation : EP_HYPHEN_DEFAULT;
        if (h == EP_HYPHEN_DEFAULT && m)
            h = m->hyphenation;
        if (h == EP_HYPHEN_DEFAULT && book->meta.hyphenation == EP_HYPHEN_DEFAULT && m && m->lang &&
            *m->lang)
            h = default_hyphenation(NULL, book, m->lang);
        ch->hyphenation = h == EP_HYPHEN_DEFAULT ? book->hyphenation : h;
    }
}

const char *epi_ts_chapter_lang(const epi_book *book, const epi_chapter *ch)
{
    return ch && ch->meta && ch->meta->lang && *ch->meta->lang ? ch->meta->lang : book->meta.lang;
}

ep_typography epi_ts_chapter_typography(const epi_ctx *ctx, const epi_book *book,
                                        const epi_chapter *ch)
{
    ep_typography t = ctx->opt ? ctx->opt->typography : EP_TYPO_DEFAULT;
    if (t == EP_TYPO_DEFAULT && ch && ch->meta)
        t = ch->meta->typography;
    if (t == EP_TYPO_DEFAULT)
        t = book->meta.typography;
    const char *lang = epi_ts_chapter_lang(book, ch);
    if (t == EP_TYPO_DEFAULT)
        t = epi_typography_of_lang(lang);
    return t;
}

/* ---------- tree helpers ---------- */

static xmlNodePtr child_element(xmlNodePtr parent, const char *name)
{
    for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
        if (epi_ts_is(n, name))
            return n;
    return NULL;
}

int epi_ts_heading_level(const xmlNode *n)
{
    if (!n || n->type != XML_ELEMENT_NODE ||
        (n->ns && !xmlStrEqual(n->ns->href, BAD_CAST EPI_NS_XHTML)))
        return 0;
    const xmlChar *s = n->name;
    if ((s[0] == 'h' || s[0] == 'H') && s[1] >= '1' && s[1] <= '6' && s[2] == '\0')
        return s[1] - '0';
    return 0;
}

static xmlNodePtr first_heading(xmlNodePtr body)
{
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false))
        if (epi_ts_heading_level(n))
            return n;
    return NULL;
}

/* A footnote reference inside a heading is not part of its label (pandoc drops footnotes from
 * identifiers too): cmark-gfm marks it data-footnote-ref / class footnote-ref, EPUB as noteref. */
static bool is_noteref(xmlNodePtr n)
{
    if (xmlHasProp(n, BAD_CAST "data-footnote-ref"))
        return true;
    xmlChar *v = xmlGetProp(n, BAD_CAST "role");
    bool yes = v && xmlStrEqual(v, BAD_CAST "doc-noteref");
    xmlFree(v);
    if (!yes) {
        v = xmlGetProp(n, BAD_CAST "class");
        yes = v && xmlStrstr(v, BAD_CAST "footnote-ref");
        xmlFree(v);
    }
    if (!yes) {
        v = xmlGetNsProp(n, BAD_CAST "type", BAD_CAST EPI_NS_EPUB);
        yes = v && xmlStrstr(v, BAD_CAST "noteref");
        xmlFree(v);
    }
    return yes;
}

static bool is_inline(const xmlNode *n)
{
    static const char *const names[] = {"a",    "abbr", "b",    "bdi",  "bdo",   "cite", "code",
                                        "data", "del",  "dfn",  "em",   "i",     "ins",  "kbd",
                                        "mark", "q",    "s",    "samp", "small", "span", "strong",
                                        "sub",  "sup",  "time", "u",    "var",   "wbr"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (xmlStrEqual(n->name, BAD_CAST names[i]))
            return true;
    return false;
}

/* Appends what node `n` itself adds to `b` (a text node's text; a space where a block element
 * or <br> starts, so "<p>a</p><p>b</p>" is two words; an image's alt text); *skip: leave out
 * what is under it (a noteref). */
static bool append_node(epi_buf *b, xmlNodePtr n, bool *skip)
{
    *skip = false;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return !n->content || epi_buf_puts(b, (const char *)n->content);
    if (n->type != XML_ELEMENT_NODE)
        return true;
    if (is_noteref(n)) {
        *skip = true;
    } else if (!is_inline(n)) {
        if (!epi_buf_puts(b, " "))
            return false;
        if (epi_ts_is(n, "img")) {
            xmlChar *alt = xmlGetProp(n, BAD_CAST "alt");
            bool ok = !alt || epi_buf_puts(b, (const char *)alt);
            xmlFree(alt);
            if (!ok)
                return false;
        }
    }
    return true;
}

/* Appends the text under `root` to `b` (append_node for each node under it, no noterefs). */
static bool append_text(epi_buf *b, xmlNodePtr root)
{
    xmlNodePtr n = root->type == XML_ELEMENT_NODE ? root->children : NULL;
    while (n) {
        bool skip;
        if (!append_node(b, n, &skip))
            return false;
        n = epi_ts_next(n, root, skip);
    }
    return true;
}

char *epi_ts_heading_text(xmlNodePtr h)
{
    epi_buf raw = {0};
    if (!append_text(&raw, h) || !epi_buf_puts(&raw, "")) {
        epi_buf_free(&raw);
        return NULL;
    }
    char *s = raw.data;
    size_t o = 0;
    bool space = false;
    for (size_t i = 0; i < raw.len; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            space = o > 0;
            continue;
        }
        if (space)
            s[o++] = ' ';
        space = false;
        s[o++] = c;
    }
    s[o] = '\0';
    raw.len = o;
    return epi_buf_detach(&raw);
}

/* "dir/intro.md" → "intro": a readable title when there is nothing better. */
static char *file_stem(const epi_chapter *ch)
{
    const char *name = ch->src_name ? ch->src_name : ch->out_name ? ch->out_name : "";
    const char *slash = strrchr(name, '/');
    if (slash)
        name = slash + 1;
    const char *dot = strrchr(name, '.');
    size_t n = dot && dot != name ? (size_t)(dot - name) : strlen(name);
    return epi_strndup(name, n);
}

static bool set_text(xmlNodePtr el, const char *text)
{
    xmlNodeSetContent(el, NULL); /* drops the children */
    xmlNodePtr t = xmlNewDocText(el->doc, BAD_CAST text);
    return t && xmlAddChild(el, t);
}

/* ---------- per-chapter steps ---------- */

static ep_status set_lang(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr html)
{
    const char *lang = epi_ts_chapter_lang(book, ch);
    if (!lang || !*lang)
        return EP_OK;
    /* EPUB 3.3 §6.1.4 / HTML: both lang and xml:lang, with the same value, on <html>. */
    xmlNsPtr xml = xmlSearchNsByHref(ch->doc, html, BAD_CAST EPI_NS_XML);
    if (!xmlSetProp(html, BAD_CAST "lang", BAD_CAST lang) || !xml ||
        !xmlSetNsProp(html, xml, BAD_CAST "lang", BAD_CAST lang))
        return nomem(ctx, ch->src_path);
    return EP_OK;
}

/* A chapter without any heading gets an <h1> so readers show a title and the toc has an
 * entry (EPUB 3.3 §5.4.2.2: every nav li a must have text). */
static ep_status ensure_heading(epi_ctx *ctx, epi_book *book, epi_chapter *ch, xmlNodePtr body)
{
    if (first_heading(body))
        return EP_OK;
    ep_status rc = EP_OK;
    char *stem = NULL;
    const char *title = book->nchapters == 1 ? book->meta.title : ch->title;
    if (!title || !*title) {
        stem = file_stem(ch);
        if (!stem)
            return nomem(ctx, ch->src_path);
        title = stem;
    }
    xmlNodePtr h1 = xmlNewDocNode(ch->doc, body->ns, BAD_CAST "h1", NULL);
    if (!h1 || !set_text(h1, title) ||
        (body->children ? !xmlAddPrevSibling(body->children, h1) : !xmlAddChild(body, h1))) {
        xmlFreeNode(h1);
        rc = nomem(ctx, ch->src_path);
    }
    free(stem);
    return rc;
}

static char marker[] = "id"; /* non-NULL payload for the id sets */

static ep_status collect_ids(epi_ctx *ctx, epi_chapter *ch, xmlNodePtr html, epi_ts_chapter *st)
{
    st->ids = xmlHashCreate(64);
    if (!st->ids)
        return nomem(ctx, ch->src_path);
    /* The Kobo target's wrappers (book.h): no heading takes their ids, whatever the target, so
     * that ids and links are the same in both. */
    if (xmlHashAddEntry(st->ids, BAD_CAST EPI_KOBO_COLUMNS_ID, marker) != 0 ||
        xmlHashAddEntry(st->ids, BAD_CAST EPI_KOBO_INNER_ID, marker) != 0)
        return nomem(ctx, ch->src_path);
    for (xmlNodePtr n = html; n; n = epi_ts_next(n, html, false)) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, BAD_CAST "id");
        if (id)
            (void)xmlHashAddEntry(st->ids, id, marker); /* a duplicate is the reader's bug */
        xmlFree(id);
    }
    return EP_OK;
}

/* Gives every heading a unique id (keeping one it already has) and records ch->headings. */
static ep_status number_headings(epi_ctx *ctx, epi_chapter *ch, xmlNodePtr body, epi_ts_chapter *st)
{
    ep_status rc = EP_OK;
    size_t cap = 0;
    char *text = NULL, *slug = NULL;
    epi_buf cand = {0};
    xmlHashTablePtr next = xmlHashCreate(16);
    if (!next)
        return nomem(ctx, ch->src_path);
    for (xmlNodePtr n = body; n; n = epi_ts_next(n, body, false)) {
        int level = epi_ts_heading_level(n);
        if (!level)
            continue;
        text = epi_ts_heading_text(n);
        if (!text)
            goto oom;
        xmlChar *have = xmlGetProp(n, BAD_CAST "id");
        if (have) {
            slug = epi_strdup((const char *)have);
            xmlFree(have);
            if (!slug)
                goto oom;
        } else {
            slug = epi_slugify(text);
            if (!slug)
                goto oom;
            cand.len = 0;
            if (!epi_buf_puts(&cand, slug))
                goto oom;
            /* HTML: ids are unique in the document; repeats become -2, -3… `next` remembers
             * the next suffix per slug, so many equal headings stay linear. */
            uintptr_t k = (uintptr_t)xmlHashLookup(next, BAD_CAST slug);
            if (k == 0)
                k = 2;
            bool numbered = false;
            while (xmlHashLookup(st->ids, BAD_CAST cand.data)) {
                cand.len = 0;
                if (!epi_buf_printf(&cand, "%s-%lu", slug, (unsigned long)k++))
                    goto oom;
                numbered = true;
            }
            if (numbered && xmlHashUpdateEntry(next, BAD_CAST slug, (void *)k, NULL) != 0)
                goto oom;
            free(slug);
            slug = epi_strdup(cand.data);
            if (!slug || xmlHashAddEntry(st->ids, BAD_CAST slug, marker) != 0 ||
                !xmlSetProp(n, BAD_CAST "id", BAD_CAST slug))
                goto oom;
        }
        if (!*text) {
            /* An empty label (e.g. "##" alone) would be an empty toc entry. */
            free(text);
            text = file_stem(ch);
            if (!text)
                goto oom;
        }
        epi_heading *v = epi_grow(ch->headings, &cap, ch->nheadings, sizeof *v, 8);
        if (!v)
            goto oom;
        ch->headings = v;
        ch->headings[ch->nheadings++] = (epi_heading){.level = level, .id = slug, .text = text};
        slug = text = NULL;
    }
    goto out;
oom:
    rc = nomem(ctx, ch->src_path);
out:
    free(text);
    free(slug);
    epi_buf_free(&cand);
    xmlHashFree(next, NULL);
    return rc;
}

static ep_status set_titles(epi_ctx *ctx, epi_chapter *ch, xmlNodePtr html)
{
    if (!ch->title || !*ch->title) {
        free(ch->title);
        ch->title = ch->nheadings ? epi_strdup(ch->headings[0].text) : file_stem(ch);
        if (!ch->title)
            return nomem(ctx, ch->src_path);
    }
    xmlNodePtr head = child_element(html, "head");
    if (!head) {
        head = xmlNewDocNode(ch->doc, html->ns, BAD_CAST "head", NULL);
        if (!head)
            return nomem(ctx, ch->src_path);
        if (html->children ? !xmlAddPrevSibling(html->children, head) : !xmlAddChild(html, head)) {
            xmlFreeNode(head);
            return nomem(ctx, ch->src_path);
        }
    }
    xmlNodePtr title = child_element(head, "title");
    if (!title) {
        title = xmlNewDocNode(ch->doc, head->ns, BAD_CAST "title", NULL);
        if (!title)
            return nomem(ctx, ch->src_path);
        if (head->children ? !xmlAddPrevSibling(head->children, title)
                           : !xmlAddChild(head, title)) {
            xmlFreeNode(title);
            return nomem(ctx, ch->src_path);
        }
    }
    return set_text(title, ch->title) ? EP_OK : nomem(ctx, ch->src_path);
}

static ep_status chapter_body(epi_ctx *ctx, epi_chapter *ch, xmlNodePtr *html, xmlNodePtr *body)
{
    *html = ch->doc ? xmlDocGetRootElement(ch->doc) : NULL;
    *body = child_element(*html, "body");
    if (!*body)
        return epi_fail(ctx->err, EP_ERR_XML, ch->src_path, 0, 0,
                        "internal: the chapter has no XHTML <body>");
    return EP_OK;
}

static ep_status book_title(epi_ctx *ctx, epi_book *book)
{
    if ((book->meta.title && *book->meta.title) || book->nchapters == 0)
        return EP_OK;
    epi_chapter *ch = &book->chapters[0];
    xmlNodePtr html, body;
    ep_status rc = chapter_body(ctx, ch, &html, &body);
    if (rc != EP_OK)
        return rc;
    xmlNodePtr h = first_heading(body);
    char *t = h ? epi_ts_heading_text(h) : NULL;
    if (h && !t)
        return nomem(ctx, ch->src_path);
    if (t && *t) {
        epi_warn(ctx, EPI_DIAG_TITLE, book->main_path, 0,
                 "no 'title' in the metadata; using the %s \"%s\" as the title",
                 ch->plain_text ? "first line" : "first heading", t);
    } else {
        free(t);
        t = file_stem(ch);
        if (!t)
            return nomem(ctx, ch->src_path);
        epi_warn(ctx, EPI_DIAG_TITLE, book->main_path, 0,
                 "no 'title' in the metadata and %s; using the file name \"%s\" as the title",
                 ch->plain_text ? "the first line is not a title" : "no heading in the text", t);
    }
    free(book->meta.title);
    book->meta.title = t;
    return EP_OK;
}

/* ---------- passes over slices of the chapters, on threads ---------- */

/* Children per slice: a few dozen paragraphs, enough to make a thread's start worth it. */
#define SLICE_CHILDREN 64

typedef struct slices_job {
    epi_ctx *ctx;
    epi_book *book;
    epi_ts_slice_step step;
    void *arg;
    epi_ts_slice *v;
    size_t *words;
} slices_job;

static ep_status slices_work(void *ud, size_t i, size_t worker, ep_error *err)
{
    slices_job *job = ud;
    epi_ctx local = *job->ctx;
    local.err = err;
    return job->step(&local, job->book, &job->book->chapters[job->v[i].ch], &job->v[i], worker,
                     job->arg, &job->words[i]);
}

/* Runs `step` on every slice of every chapter (typeset_private.h), on the CPUs when there are
 * at least 8. The first failure in book order is reported, as a sequential pass would; words[]
 * of each chapter are summed into *sums (when not NULL: one per chapter). */
ep_status epi_ts_for_each_slice(epi_ctx *ctx, epi_book *book, epi_ts_slice_step step, void *arg,
                                size_t *sums)
{
    slices_job job = {ctx, book, step, arg, NULL, NULL};
    size_t n = 0, cap = 0;
    ep_status rc = EP_OK;
    for (size_t c = 0; c < book->nchapters && rc == EP_OK; c++) {
        xmlNodePtr html, body;
        if ((rc = chapter_body(ctx, &book->chapters[c], &html, &body)) != EP_OK)
            break;
        size_t count = 0, index = 0;
        for (xmlNodePtr k = body->children; k || count == 0; k = k ? k->next : NULL, index++) {
            if (count == 0 || (k && count >= SLICE_CHILDREN && epi_typography_block(k))) {
                epi_ts_slice *v = epi_grow(job.v, &cap, n, sizeof *v, 16);
                if (!v) {
                    rc = nomem(ctx, NULL);
                    break;
                }
                job.v = v;
                if (n && job.v[n - 1].ch == c)
                    job.v[n - 1].end = k;
                job.v[n++] = (epi_ts_slice){c, k, NULL, index};
                count = 0;
            }
            count++;
            if (!k)
                break;
        }
    }
    if (rc != EP_OK)
        goto out;
    if (!(job.words = calloc(n ? n : 1, sizeof *job.words))) {
        rc = nomem(ctx, NULL);
        goto out;
    }
    rc = epi_parallel_try(n, 8, slices_work, &job, ctx->err);
    if (rc == EP_OK && sums) {
        for (size_t c = 0; c < book->nchapters; c++)
            sums[c] = 0;
        for (size_t i = 0; i < n; i++)
            sums[job.v[i].ch] += job.words[i];
    }
out:
    free(job.v);
    free(job.words);
    return rc;
}

static ep_status count_words_step(epi_ctx *ctx, const epi_book *book, epi_chapter *ch,
                                  const epi_ts_slice *sl, size_t worker, void *arg, size_t *words)
{
    epi_buf b = {0};
    bool ok = true;
    (void)book;
    (void)worker;
    (void)arg;
    for (xmlNodePtr n = sl->first; n != sl->end && ok; n = n->next) {
        bool skip;
        ok = append_node(&b, n, &skip) &&
             (skip || n->type != XML_ELEMENT_NODE || append_text(&b, n));
    }
    if (ok)
        ok = epi_buf_puts(&b, "");
    if (ok)
        *words = epi_utf8_count_words(b.data, b.len);
    epi_buf_free(&b);
    return ok ? EP_OK : nomem(ctx, ch->src_path);
}

/* Sets ch->words of every chapter from the text of its body (noterefs not counted). */
static ep_status count_words(epi_ctx *ctx, epi_book *book)
{
    size_t *words = calloc(book->nchapters ? book->nchapters : 1, sizeof *words);
    if (!words)
        return nomem(ctx, NULL);
    ep_status rc = epi_ts_for_each_slice(ctx, book, count_words_step, NULL, words);
    for (size_t c = 0; c < book->nchapters && rc == EP_OK; c++)
        book->chapters[c].words = words[c];
    free(words);
    return rc;
}

/* Soft hyphens in every chapter whose mode is soft, with one dictionary per language (a
 * chapter's front matter may name its own): the book's own, cut to its words, or the process's
 * (epi_hyphenator_for_book), shared by the chapters hyphenated on the CPUs (a hyphenator's
 * dictionary is read-only, its memo of the words done is shared). A chapter whose CSS value (auto
 * for css, manual otherwise) differs from the book's gets a class on <body> for package/css.c. */
typedef struct hyph_lang {
    const char *lang;
    epi_hyphenator *h;
    bool own; /* freed after the pass */
} hyph_lang;

typedef struct hyph_job {
    hyph_lang *langs;
    size_t n;
} hyph_job;

static ep_hyphenation chapter_hyphenation(const epi_book *book, const epi_chapter *ch)
{
    /* The notes file and parts made later take the book's mode. */
    return ch->hyphenation ? ch->hyphenation : book->hyphenation;
}

static const char *hyph_lang_of(const epi_book *book, const epi_chapter *ch)
{
    const char *lang = epi_ts_chapter_lang(book, ch);
    return lang ? lang : "";
}

static ep_status hyph_step(epi_ctx *ctx, const epi_book *book, epi_chapter *ch,
                           const epi_ts_slice *sl, size_t worker, void *arg, size_t *words)
{
    hyph_job *job = arg;
    (void)words;
    if (chapter_hyphenation(book, ch) != EP_HYPHEN_SOFT)
        return EP_OK;
    const char *lang = hyph_lang_of(book, ch);
    size_t k = 0;
    while (k < job->n && strcmp(job->langs[k].lang, lang) != 0)
        k++;
    (void)worker;
    return k == job->n ? EP_OK : epi_hyphenate_range(job->langs[k].h, sl->first, sl->end, ctx->err);
}

/* The bodies of the soft chapters in `lang`, from chapter `from` on, into bodies[0..*n) (room for
 * every chapter's). */
static ep_status lang_bodies(epi_ctx *ctx, epi_book *book, size_t from, const char *lang,
                             xmlNodePtr *bodies, size_t *n)
{
    ep_status rc = EP_OK;
    *n = 0;
    for (size_t i = from; i < book->nchapters && rc == EP_OK; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr html;
        if (chapter_hyphenation(book, ch) == EP_HYPHEN_SOFT &&
            strcmp(hyph_lang_of(book, ch), lang) == 0)
            rc = chapter_body(ctx, ch, &html, &bodies[(*n)++]);
    }
    return rc;
}

/* The hyphenator of `lang` for the soft chapters in that language, from chapter `from` on
 * (`bodies`: room for every chapter's body). */
static ep_status lang_hyphenator(epi_ctx *ctx, epi_book *book, size_t from, const char *lang,
                                 xmlNodePtr *bodies, hyph_lang *out)
{
    size_t n;
    ep_status rc = lang_bodies(ctx, book, from, lang, bodies, &n);
    out->lang = lang;
    return rc == EP_OK ? epi_hyphenator_for_book(lang, bodies, n, &out->h, &out->own, ctx->err)
                       : rc;
}

/* A long book's dictionary (the first soft chapter's language) is loaded on another CPU while
 * the steps between typography and hyphenation run on this one: War and Peace's took 15.5 M
 * instructions there, and nesting, the longest of those steps, 24 M. */
static void hyph_prefetch(epi_ctx *ctx, epi_book *book, epi_hyph_prefetch *pf)
{
    for (size_t i = 0; i < book->nchapters; i++) {
        if (chapter_hyphenation(book, &book->chapters[i]) != EP_HYPHEN_SOFT)
            continue;
        const char *lang = hyph_lang_of(book, &book->chapters[i]);
        xmlNodePtr *bodies = calloc(book->nchapters, sizeof *bodies);
        size_t n;
        if (bodies && lang_bodies(ctx, book, i, lang, bodies, &n) == EP_OK)
            epi_hyph_prefetch_start(pf, lang, bodies, n);
        free(bodies);
        return;
    }
}

static ep_status hyphenate(epi_ctx *ctx, epi_book *book)
{
    size_t nch = book->nchapters, cap = 0;
    hyph_job job = {NULL, 0};
    xmlNodePtr *bodies = calloc(nch ? nch : 1, sizeof *bodies);
    ep_status rc = bodies ? EP_OK : nomem(ctx, NULL);
    for (size_t i = 0; i < nch && rc == EP_OK; i++) {
        epi_chapter *ch = &book->chapters[i];
        xmlNodePtr html, body;
        rc = chapter_body(ctx, ch, &html, &body);
        bool autoh = chapter_hyphenation(book, ch) == EP_HYPHEN_CSS;
        if (rc == EP_OK && autoh != (book->hyphenation == EP_HYPHEN_CSS) &&
            !xmlSetProp(body, BAD_CAST "class",
                        BAD_CAST(autoh ? "epubpack-hyphens-auto" : "epubpack-hyphens-manual")))
            rc = nomem(ctx, ch->src_path);
        if (rc != EP_OK || chapter_hyphenation(book, ch) != EP_HYPHEN_SOFT)
            continue;
        const char *lang = hyph_lang_of(book, ch);
        size_t k = 0;
        while (k < job.n && strcmp(job.langs[k].lang, lang) != 0)
            k++;
        if (k < job.n)
            continue;
        hyph_lang *l = epi_grow(job.langs, &cap, job.n, sizeof *l, 4);
        if (!l) {
            rc = nomem(ctx, ch->src_path);
            break;
        }
        job.langs = l;
        if ((rc = lang_hyphenator(ctx, book, i, lang, bodies, &job.langs[job.n])) != EP_OK)
            break;
        job.n++;
    }
    if (rc == EP_OK && job.n)
        rc = epi_ts_for_each_slice(ctx, book, hyph_step, &job, NULL);
    for (size_t k = 0; k < job.n; k++)
        if (job.langs[k].own)
            epi_hyphenator_free(job.langs[k].h);
    free(job.langs);
    free(bodies);
    return rc;
}

/* The typography pass was a third of a War and Peace build (tests/bench/RESULTS.md). */
static ep_status typography_step(epi_ctx *ctx, const epi_book *book, epi_chapter *ch,
                                 const epi_ts_slice *sl, size_t worker, void *arg, size_t *words)
{
    (void)worker;
    (void)arg;
    (void)words;
    return epi_typography_range(ctx, sl->first, sl->end, epi_ts_chapter_typography(ctx, book, ch));
}

ep_status epi_typeset(epi_ctx *ctx, epi_book *book)
{
    ep_status rc = EP_OK;
    /* epi_ts_notes() may append the notes file: st covers the chapters read from sources. */
    size_t nst = book->nchapters;
    epi_ts_chapter *st = calloc(nst ? nst : 1, sizeof *st);
    if (!st)
        return nomem(ctx, NULL);

    resolve_modes(ctx, book);
    rc = epi_ts_dates(ctx, book);

    if (rc == EP_OK)
        rc = epi_ts_for_each_slice(ctx, book, typography_step, NULL, NULL);
    epi_hyph_prefetch pf = {.running = false};
    if (rc == EP_OK)
        hyph_prefetch(ctx, book, &pf);
    /* A book of one article shows the book's metadata as that article's front matter; its title
     * only when the metadata gives one (else book_title() takes it from the text). */
    const char *given_title = book->meta.title && *book->meta.title ? book->meta.title : NULL;
    if (rc == EP_OK)
        rc = book_title(ctx, book);

    for (size_t i = 0; i < book->nchapters && rc == EP_OK; i++) {
        epi_chapter *ch = &book->chapters[i];
        const epi_meta *m = ch->meta ? ch->meta : book->nchapters == 1 ? &book->meta : NULL;
        xmlNodePtr html, body;
        rc = chapter_body(ctx, ch, &html, &body);
        if (rc == EP_OK)
            rc = set_lang(ctx, book, ch, html);
        if (rc == EP_OK)
            rc = epi_ts_byline(ctx, book, ch, body, m, ch->meta ? m->title : given_title);
        if (rc == EP_OK)
            rc = ensure_heading(ctx, book, ch, body);
        if (rc == EP_OK)
            rc = collect_ids(ctx, ch, html, &st[i]);
        if (rc == EP_OK)
            rc = number_headings(ctx, ch, body, &st[i]);
        if (rc == EP_OK)
            rc = set_titles(ctx, ch, html);
        if (rc == EP_OK)
            rc = epi_ts_loose_keys(ch, &st[i], ctx->err);
    }
    if (rc == EP_OK)
        rc = epi_ts_links(ctx, book, st);
    if (rc == EP_OK)
        rc = epi_ts_notes(ctx, book);
    if (rc == EP_OK)
        rc = epi_ts_nesting(ctx, book);

    if (rc == EP_OK)
        rc = hyphenate(ctx, book);
    epi_hyph_prefetch_join(&pf);
    /* Last: the parts' sizes are those of the final text. */
    if (rc == EP_OK)
        rc = epi_ts_split(ctx, book);
    /* Once, of the parts (a soft hyphen is part of its word). */
    if (rc == EP_OK)
        rc = count_words(ctx, book);

    for (size_t i = 0; i < nst; i++) {
        xmlHashFree(st[i].ids, NULL);
        xmlHashFree(st[i].loose, NULL);
    }
    free(st);
    return rc;
}

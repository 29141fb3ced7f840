/* Which faces of the embedded family a book uses, and the characters each face must draw. */
#include "fonts_int.h"
#include "util/parallel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const epi_face_info epi_face_infos[EPI_FACE_COUNT] = {
    {"regular", "Regular", "Regular", "normal", "normal", 0, 0},
    {"italic", "Italic", "Italic", "italic", "normal", 1, 0},
    {"bold", "Bold", "Bold", "normal", "bold", 0, 1},
    {"bold-italic", "Bold Italic", "BoldItalic", "italic", "bold", 1, 1},
};

/* The style an element gives its text (HTML Living Standard §15.3 "Rendering": em, i, cite,
 * dfn, var are italic; strong, b, th, h1–h6 bold; code, kbd, pre, samp, tt monospace, and
 * styles/epubpack.css keeps them on the generic monospace family, so they need no face). */
enum { STYLE_ITALIC = 1, STYLE_BOLD = 2, STYLE_MONO = 4 };

static int element_style(const xmlNode *n)
{
    static const char *const italic[] = {"em", "i", "cite", "dfn", "var", NULL};
    static const char *const bold[] = {"strong", "b",  "th", "h1", "h2",
                                       "h3",     "h4", "h5", "h6", NULL};
    static const char *const mono[] = {"code", "pre", "kbd", "samp", "tt", NULL};
    const char *name = (const char *)n->name;

    for (size_t i = 0; italic[i]; i++)
        if (strcmp(name, italic[i]) == 0)
            return STYLE_ITALIC;
    for (size_t i = 0; bold[i]; i++)
        if (strcmp(name, bold[i]) == 0)
            return STYLE_BOLD;
    for (size_t i = 0; mono[i]; i++)
        if (strcmp(name, mono[i]) == 0)
            return STYLE_MONO;
    return 0;
}

/* The characters seen for one face: those below U+0800 (Latin, Greek, Cyrillic: nearly all of
 * a European book's) in a bitmap, set without a branch or a call for each character; the others
 * in the face's set. hb_set_add for each character was a twentieth of a War and Peace build,
 * and looking each up in a bitmap kept per text node still a third of the fonts stage
 * (tests/bench/PROFILE.md). */
enum { LOW_WORDS = 0x800 / 64 };

typedef struct face_chars {
    uint64_t low[LOW_WORDS];
    bool high; /* a character was added to the set */
    hb_set_t *set;
} face_chars;

static void add_text(face_chars *f, const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t len = s ? strlen(s) : 0;

    for (size_t i = 0; i < len;) {
        uint32_t cp = u[i];
        size_t n = 1;
        /* ASCII and two-byte characters in line; u[i + 1] is at worst the terminating NUL */
        if (cp >= 0xC2 && cp <= 0xDF && (u[i + 1] & 0xC0) == 0x80) {
            cp = ((cp & 0x1F) << 6) | (u[i + 1] & 0x3F);
            n = 2;
        } else if (cp >= 0x80 && !(n = epi_utf8_decode_any(s + i, len - i, &cp))) {
            i++; /* the reader validated the text; skip a stray byte rather than stop */
            continue;
        }
        i += n;
        if (cp < 0x800) {
            f->low[cp >> 6] |= UINT64_C(1) << (cp & 63);
        } else {
            hb_set_add(f->set, cp);
            f->high = true;
        }
    }
}

/* Moves the bitmap's characters into the set; controls are never drawn. */
static void flush_low(face_chars *f)
{
    for (size_t w = 0; w < LOW_WORDS; w++)
        for (uint64_t bits = f->low[w]; bits; bits &= bits - 1) {
            uint32_t cp = (uint32_t)(w * 64 + (size_t)__builtin_ctzll(bits));
            if (cp >= 0x20 && cp != 0x7F)
                hb_set_add(f->set, cp);
        }
    memset(f->low, 0, sizeof f->low);
}

static void walk(const xmlNode *n, int style, face_chars faces[EPI_FACE_COUNT])
{
    for (; n; n = n->next) {
        if (n->type == XML_ELEMENT_NODE) {
            walk(n->children, style | element_style(n), faces);
        } else if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
            epi_face_kind k;
            if (style & STYLE_MONO)
                continue;
            if ((style & STYLE_ITALIC) && (style & STYLE_BOLD))
                k = EPI_FACE_BOLD_ITALIC;
            else if (style & STYLE_ITALIC)
                k = EPI_FACE_ITALIC;
            else if (style & STYLE_BOLD)
                k = EPI_FACE_BOLD;
            else
                k = EPI_FACE_REGULAR;
            add_text(&faces[k], (const char *)n->content);
        }
    }
}

/* Text the package stage generates (title page, nav, landmarks): shown in the regular face
 * and, as headings, in the bold one. */
static void add_generated(const epi_book *book, face_chars *f)
{
    const epi_meta *m = &book->meta;
    const epi_labels *l = epi_labels_for(m->lang);

    add_text(f, m->title);
    add_text(f, m->subtitle);
    add_text(f, m->publisher);
    add_text(f, m->date);
    add_text(f, m->date_text); /* the title page shows this one */
    for (size_t i = 0; i < m->ncreators; i++)
        add_text(f, m->creators[i].name);
    for (size_t i = 0; i < m->ncontributors; i++)
        add_text(f, m->contributors[i].name);
    for (size_t i = 0; i < book->nchapters; i++) {
        add_text(f, book->chapters[i].title);
        for (size_t h = 0; h < book->chapters[i].nheadings; h++)
            add_text(f, book->chapters[i].headings[h].text);
    }
    if (l) {
        add_text(f, l->toc);
        add_text(f, l->landmarks);
        add_text(f, l->start);
        add_text(f, l->cover);
        add_text(f, l->title_page);
        add_text(f, l->notes);
    }
}

/* The chapters are walked on the CPUs, each thread into its own bitmaps and sets, which are
 * then joined: a union does not depend on the order, so neither do the subsets. */
typedef struct collect_job {
    const epi_book *book;
    epi_chapter_chars *chapters;
    face_chars faces[EPI_PARALLEL_MAX][EPI_FACE_COUNT];
} collect_job;

static void collect_work(void *ud, size_t i, size_t worker)
{
    collect_job *job = ud;
    xmlDocPtr doc = job->book->chapters[i].doc;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlNodePtr body = NULL;
    face_chars local[EPI_FACE_COUNT], *faces = job->faces[worker];
    epi_chapter_chars *ch = &job->chapters[i];

    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "body") == 0)
            body = c;
    if (!body)
        return;
    /* The chapter's own characters, then the thread's */
    for (int k = 0; k < EPI_FACE_COUNT; k++)
        local[k] = (face_chars){.set = faces[k].set};
    walk(body->children, 0, local);
    for (int k = 0; k < EPI_FACE_COUNT; k++) {
        for (size_t w = 0; w < LOW_WORDS; w++) {
            faces[k].low[w] |= local[k].low[w];
            ch->low[w] |= local[k].low[w];
        }
        ch->high = ch->high || local[k].high;
    }
}

bool epi_fonts_collect(const epi_book *book, hb_set_t *sets[EPI_FACE_COUNT],
                       epi_chapter_chars *chapters)
{
    collect_job *job = calloc(1, sizeof *job);
    bool ok = job != NULL;

    for (size_t w = 0; ok && w < EPI_PARALLEL_MAX; w++)
        for (int k = 0; k < EPI_FACE_COUNT; k++)
            job->faces[w][k].set = w == 0 ? sets[k] : hb_set_create();
    if (ok) {
        job->book = book;
        job->chapters = chapters;
        epi_parallel_for(book->nchapters, 2, collect_work, job);
        add_generated(book, &job->faces[0][EPI_FACE_REGULAR]);
        add_generated(book, &job->faces[0][EPI_FACE_BOLD]);
    }
    for (size_t w = 0; job && w < EPI_PARALLEL_MAX; w++)
        for (int k = 0; k < EPI_FACE_COUNT; k++) {
            face_chars *f = &job->faces[w][k];
            flush_low(f);
            ok = ok && hb_set_allocation_successful(f->set);
            if (w > 0) {
                hb_set_union(sets[k], f->set);
                hb_set_destroy(f->set);
            }
        }
    free(job);
    for (int k = 0; k < EPI_FACE_COUNT; k++)
        if (!hb_set_allocation_successful(sets[k]))
            return false;
    return ok;
}

static bool is_blank(hb_codepoint_t c)
{
    return c <= 0x20 || c == 0xA0 || c == 0xAD || (c >= 0x2000 && c <= 0x200F) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x2060 || c == 0x3000 || c == 0xFEFF;
}

bool epi_fonts_set_has_text(const hb_set_t *set)
{
    hb_codepoint_t c = HB_SET_VALUE_INVALID;

    while (hb_set_next(set, &c))
        if (!is_blank(c))
            return true;
    return false;
}

void epi_fonts_add_safety(hb_set_t *set)
{
    /* Space and ASCII punctuation, digits; then NBSP, soft hyphen, «», hyphen U+2010,
     * en and em dash, quotes ‘’‚“”„, ellipsis, № (docs/ARCHITECTURE.md "Fonts":
     * what typography and hyphenation can introduce). */
    static const hb_codepoint_t extra[] = {0x00A0, 0x00AB, 0x00AD, 0x00BB, 0x2010, 0x2011,
                                           0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201C,
                                           0x201D, 0x201E, 0x2026, 0x2116};

    hb_set_add_range(set, 0x20, 0x2F);
    hb_set_add_range(set, '0', '9');
    hb_set_add_range(set, 0x3A, 0x40);
    hb_set_add_range(set, 0x5B, 0x60);
    hb_set_add_range(set, 0x7B, 0x7E);
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++)
        hb_set_add(set, extra[i]);
}

/* Links `n` into the tree right after `cur` and returns it (NULL when n is: out of memory). Not
 * xmlAddNextSibling: it merges a text node into a neighbouring one, and here each piece must
 * stay where it is put. */
static xmlNodePtr link_after(xmlNodePtr cur, xmlNodePtr n)
{
    if (!n)
        return NULL;
    n->parent = cur->parent;
    n->prev = cur;
    n->next = cur->next;
    if (cur->next)
        cur->next->prev = n;
    else if (cur->parent)
        cur->parent->last = n;
    cur->next = n;
    return n;
}

static bool is_mark(uint32_t c)
{
    return c >= 0x300 && c <= 0x36F; /* Combining Diacritical Marks */
}

/* The fallback's characters, looked up without a call for nearly every character of a book
 * (hb_set_has for each character of War and Peace was a tenth of its build's instructions on
 * one thread): `lead` says of a UTF-8 sequence's first byte whether its character may be in the
 * set (continuation bytes never: they are skipped with their lead), `low` holds the set below
 * U+0800 (Latin, Greek, Cyrillic), `high` the rest in order. Read-only once made, so the
 * chapters are marked on the CPUs (an hb_set_t is not: a lookup writes its page cache). */
typedef struct fallback_chars {
    uint32_t *high;
    size_t nhigh;
    uint64_t low[LOW_WORDS];
    bool lead[256];
} fallback_chars;

static bool fallback_init(fallback_chars *fc, const hb_set_t *set)
{
    size_t cap = 0;
    *fc = (fallback_chars){.high = NULL};
    for (int b = 0xE0; b < 0x100; b++) /* three and four bytes, and bytes no UTF-8 starts with */
        fc->lead[b] = true;
    fc->lead[0xC0] = fc->lead[0xC1] = true;
    for (hb_codepoint_t c = HB_SET_VALUE_INVALID; hb_set_next(set, &c);) {
        if (c >= 0x800) {
            uint32_t *v = epi_grow(fc->high, &cap, fc->nhigh, sizeof *v, 16);
            if (!v)
                return false;
            fc->high = v;
            fc->high[fc->nhigh++] = c;
            continue;
        }
        fc->low[c >> 6] |= UINT64_C(1) << (c & 63);
        fc->lead[c < 0x80 ? c : 0xC0 | (c >> 6)] = true;
    }
    return true;
}

static bool fallback_has(const fallback_chars *fc, uint32_t c)
{
    if (c < 0x800)
        return (fc->low[c >> 6] >> (c & 63)) & 1;
    for (size_t lo = 0, hi = fc->nhigh; lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if (fc->high[mid] == c)
            return true;
        if (fc->high[mid] < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return false;
}

/* Splits text node t at each run of `chars` and puts the run in a span of class
 * EPI_FALLBACK_CLASS. A run takes the combining marks after it, and a run that starts with a
 * mark takes the letter before it: a base and its marks come from one font. */
static bool wrap_runs(xmlNodePtr t, const fallback_chars *chars)
{
    const char *s = (const char *)t->content;
    size_t len = s ? strlen(s) : 0, i = 0, done = 0, prev = 0, first = SIZE_MAX;
    xmlNodePtr last = t;
    char *copy = NULL;

    while (i < len) {
        uint32_t c = 0, d;
        if (!chars->lead[(unsigned char)s[i]]) {
            i++;
            continue;
        }
        size_t n = epi_utf8_decode(s + i, len - i, &c), m, start, end;
        if (!n)
            n = 1;
        if (!fallback_has(chars, c)) {
            i += n;
            continue;
        }
        if (!copy && !(copy = epi_strdup(s)))
            return false;
        /* the character before a mark starts after the continuation bytes before it */
        for (prev = i > done ? i - 1 : done; prev > done && ((unsigned char)s[prev] & 0xC0) == 0x80;
             prev--)
            ;
        start = is_mark(c) && i > done ? prev : i;
        for (end = i + n; end < len && (m = epi_utf8_decode(copy + end, len - end, &d)) &&
                          (fallback_has(chars, d) || is_mark(d));
             end += m)
            ;
        if (first == SIZE_MAX)
            first = start;
        else if (start > done &&
                 !(last = link_after(
                       last, xmlNewDocTextLen(t->doc, BAD_CAST copy + done, (int)(start - done)))))
            goto oom;
        xmlNodePtr span = xmlNewDocNode(t->doc, t->parent->ns, BAD_CAST "span", NULL);
        if (!span || !xmlNewProp(span, BAD_CAST "class", BAD_CAST EPI_FALLBACK_CLASS) ||
            !xmlAddChild(span,
                         xmlNewDocTextLen(t->doc, BAD_CAST copy + start, (int)(end - start)))) {
            xmlFreeNode(span);
            goto oom;
        }
        last = link_after(last, span);
        done = i = end;
    }
    if (!copy)
        return true;
    if (done < len &&
        !link_after(last, xmlNewDocTextLen(t->doc, BAD_CAST copy + done, (int)(len - done))))
        goto oom;
    if (first) {
        xmlNodeSetContentLen(t, BAD_CAST copy, (int)first);
    } else {
        xmlUnlinkNode(t);
        xmlFreeNode(t);
    }
    free(copy);
    return true;
oom:
    free(copy);
    return false;
}

static bool mark_walk(xmlNodePtr n, bool mono, const fallback_chars *chars)
{
    for (xmlNodePtr next; n; n = next) {
        next = n->next;
        if (n->type == XML_ELEMENT_NODE) {
            if (!mark_walk(n->children, mono || (element_style(n) & STYLE_MONO), chars))
                return false;
        } else if (n->type == XML_TEXT_NODE && !mono && !wrap_runs(n, chars)) {
            return false;
        }
    }
    return true;
}

typedef struct mark_job {
    epi_book *book;
    const epi_chapter_chars *chapters;
    fallback_chars fc;
} mark_job;

/* Whether a chapter with the characters `ch` may hold one of the fallback's. */
static bool may_hold(const fallback_chars *fc, const epi_chapter_chars *ch)
{
    if (ch->high && fc->nhigh)
        return true;
    for (size_t w = 0; w < LOW_WORDS; w++)
        if (ch->low[w] & fc->low[w])
            return true;
    return false;
}

static ep_status mark_work(void *ud, size_t i, size_t worker, ep_error *err)
{
    mark_job *job = ud;
    xmlDocPtr doc = job->book->chapters[i].doc;
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    (void)worker;
    (void)err;
    if (!may_hold(&job->fc, &job->chapters[i]))
        return EP_OK;
    for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE && strcmp((const char *)c->name, "body") == 0 &&
            !mark_walk(c->children, false, &job->fc))
            return EP_ERR_NOMEM;
    return EP_OK;
}

bool epi_fonts_mark_fallback(epi_book *book, const hb_set_t *chars,
                             const epi_chapter_chars *chapters)
{
    mark_job job = {.book = book, .chapters = chapters};
    bool ok = fallback_init(&job.fc, chars) &&
              epi_parallel_try(book->nchapters, 2, mark_work, &job, NULL) == EP_OK;
    free(job.fc.high);
    return ok;
}

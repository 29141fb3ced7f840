/*
 * The nesting guard of a web page, run on its bytes before Gumbo (docs/ARCHITECTURE.md "Web
 * pages"): the HTML5 tree builder searches the stack of open elements for most tokens, so a page
 * of n nested elements costs n² (200 000 <div>s: minutes in Gumbo 0.10.1, which has no depth
 * option). The guard must never count fewer open elements than Gumbo will have; counting more
 * is allowed (a page is then refused that Gumbo could have parsed, at a depth no real page
 * reaches).
 *
 * So it tokenises as HTML5 does, where that decides what is a tag: comments (`<!-->` and
 * `<!--->` are whole comments, `--!>` ends one), bogus comments (`<!x`, `<?`, `</1`), quoted
 * attribute values (a `</i>` or `>` inside one is text), raw text up to the exact end tag,
 * script data's escaped states. And it keeps a small model of the stack of open elements, in
 * which an end tag closes only what the tree builder would close: a stray `</x>` closes
 * nothing; `</span>` closes only when no special element (div, li, p, …) is above the span;
 * `</div>` pops to the div unless a scope boundary (table, object, …) is in between; a
 * formatting element closed implicitly stays counted (the tree builder reopens it), as does
 * anything whose fate the model does not know. Once an <svg> or <math> has started, elements
 * that nest there (foreign content) are modelled with their namespace, and raw-text elements
 * are read both ways: their start tags count, their end tags do not.
 *
 * It also counts each tag's attributes: Gumbo compares every attribute's name with all those
 * before it in the tag, so one tag of n attributes costs n² (700 000: minutes).
 */
#include "read_private.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef struct {
    size_t at, len; /* the name in the page */
    unsigned char flags;
} open_el;

/* How far down the stack an end tag looks for what it closes. Not finding it there, the guard
 * assumes it closes nothing, which can only over-count, and keeps the scan linear (a page of
 * 1999 open <span>s and a million stray end tags). */
enum { WALK_MAX = 256 };

enum { F_FOREIGN = 1, F_INTEGRATION = 2, F_FORMATTING = 4, F_SPECIAL = 8, F_BOUNDARY = 16 };

typedef struct {
    const char *s;
    size_t n;
    open_el *stack;
    size_t depth, cap; /* cap = limit + 1 */
    size_t dormant;    /* formatting elements closed implicitly: the tree builder reopens them */
    bool foreign_seen;
} model;

static bool is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static bool is_alpha(char c)
{
    return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static bool in_list(const char *name, size_t len, const char *list)
{
    /* list: space-separated lower-case names */
    for (const char *p = list; *p;) {
        const char *e = strchr(p, ' ');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (l == len && !strncasecmp(p, name, len))
            return true;
        p += l + (e != NULL);
    }
    return false;
}

/* Void, and elements the builder never nests in HTML (merged, or only in tables). */
static const char NEVER_OPEN[] =
    "area base basefont bgsound br col embed hr img image input keygen link meta param source "
    "track wbr frame html head body tr td th tbody thead tfoot caption colgroup option optgroup";
static const char FORMATTING[] = "a b big code em font i nobr s small strike strong tt u";
static const char SPECIAL[] =
    "address applet article aside blockquote button center dd details dialog dir div dl dt "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hgroup iframe li listing "
    "main marquee menu nav noembed noframes noscript object ol p plaintext pre script search "
    "section select style summary table template textarea title ul xmp frameset";
static const char BOUNDARY[] = "applet table marquee object template";
static const char FOREIGN_BOUNDARY[] = "mi mo mn ms mtext annotation-xml foreignobject desc title";
static const char CLOSES_P[] =
    "address article aside blockquote center details dialog dir div dl fieldset figcaption "
    "figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6 "
    "pre listing form table hr xmp plaintext li dd dt";
static const char HEADINGS[] = "h1 h2 h3 h4 h5 h6";
static const char BREAKOUT[] =
    "b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i img "
    "li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul var";
static const char RAW[] = "script style textarea title xmp iframe noembed noframes plaintext";

static bool el_named(const model *m, const open_el *e, const char *name, size_t len)
{
    return e->len == len && !strncasecmp(m->s + e->at, name, len);
}

static bool el_in(const model *m, const open_el *e, const char *list)
{
    return in_list(m->s + e->at, e->len, list);
}

/* Pops the entries from `index` up; formatting elements among them stay counted (dormant),
 * except the one at `index` when `last_goes` (its own end tag closed it). */
static void pop_to(model *m, size_t index, bool last_goes)
{
    while (m->depth > index) {
        open_el *e = &m->stack[--m->depth];
        if ((e->flags & F_FORMATTING) && !(last_goes && m->depth == index))
            m->dormant++;
    }
}

/* The index of the nearest HTML `name` from the top, or SIZE_MAX when an entry with one of
 * `stop_flags` or named in `also_stop` comes first. */
static size_t find_open(const model *m, const char *name, size_t len, unsigned char stop_flags,
                        const char *also_stop)
{
    for (size_t i = m->depth; i-- > 0 && m->depth - i <= WALK_MAX;) {
        const open_el *e = &m->stack[i];
        if (el_named(m, e, name, len) && !(e->flags & F_FOREIGN))
            return i;
        if ((e->flags & stop_flags) || (also_stop && el_in(m, e, also_stop)))
            return SIZE_MAX;
    }
    return SIZE_MAX;
}

static void close_p(model *m)
{
    size_t i = find_open(m, "p", 1, F_BOUNDARY, "button");
    if (i != SIZE_MAX)
        pop_to(m, i, true);
}

static bool top_foreign(const model *m)
{
    return m->depth && (m->stack[m->depth - 1].flags & F_FOREIGN) &&
           !(m->stack[m->depth - 1].flags & F_INTEGRATION);
}

/* An end tag in HTML content. */
static void end_html(model *m, const char *name, size_t len)
{
    size_t i;
    if (in_list(name, len, NEVER_OPEN))
        return;
    if (in_list(name, len, "p")) {
        close_p(m);
        return;
    }
    if (in_list(name, len, "form")) { /* removes the form alone */
        i = find_open(m, name, len, F_BOUNDARY, NULL);
        if (i != SIZE_MAX) {
            memmove(&m->stack[i], &m->stack[i + 1], (m->depth - i - 1) * sizeof *m->stack);
            m->depth--;
        }
        return;
    }
    if (in_list(name, len, HEADINGS)) {
        for (i = m->depth; i-- > 0 && m->depth - i <= WALK_MAX;) {
            if (el_in(m, &m->stack[i], HEADINGS) && !(m->stack[i].flags & F_FOREIGN)) {
                pop_to(m, i, true);
                return;
            }
            if (m->stack[i].flags & F_BOUNDARY)
                return;
        }
        return;
    }
    if (in_list(name, len, SPECIAL)) {
        i = find_open(m, name, len, F_BOUNDARY, in_list(name, len, "li") ? "ol ul" : NULL);
        if (i != SIZE_MAX)
            pop_to(m, i, true);
        return;
    }
    /* Formatting and any other end tag: the nearest one, unless a special element is above it
     * (then the adoption agency moves elements without lowering the depth, or the tag is
     * ignored). */
    i = find_open(m, name, len, F_SPECIAL, NULL);
    if (i != SIZE_MAX) {
        pop_to(m, i, true);
        return;
    }
    if (in_list(name, len, FORMATTING) && m->dormant && m->depth <= WALK_MAX) {
        bool open = false;
        for (size_t k = 0; k < m->depth && !open; k++)
            open = el_named(m, &m->stack[k], name, len);
        if (!open)
            m->dormant--; /* removed from the active formatting elements */
    }
}

static void end_tag(model *m, const char *name, size_t len)
{
    if (m->depth && (m->stack[m->depth - 1].flags & F_FOREIGN)) {
        /* foreign content: the nearest foreign element of that name, or HTML rules from the
         * first HTML element down */
        for (size_t i = m->depth; i-- > 0;) {
            const open_el *e = &m->stack[i];
            if (!(e->flags & F_FOREIGN))
                break;
            if (m->depth - i > WALK_MAX)
                return;
            if (el_named(m, e, name, len)) {
                pop_to(m, i, true);
                return;
            }
        }
    }
    end_html(m, name, len);
}

/* A start tag; false when the depth goes over the limit. */
static bool start_tag(model *m, size_t at, size_t len, bool self_closing, bool font_attr)
{
    const char *name = m->s + at;
    unsigned char flags = 0;

    if (top_foreign(m) && (in_list(name, len, BREAKOUT) || (font_attr && len == 4))) {
        while (top_foreign(m))
            m->depth--;
    }
    bool parent_foreign = top_foreign(m);
    if (parent_foreign || in_list(name, len, "svg math")) {
        m->foreign_seen = true;
        if (self_closing)
            return true;
        flags = F_FOREIGN;
        if (in_list(name, len, FOREIGN_BOUNDARY))
            flags |= F_INTEGRATION | F_BOUNDARY | F_SPECIAL;
    } else {
        if (in_list(name, len, NEVER_OPEN))
            return true;
        if (in_list(name, len, CLOSES_P))
            close_p(m);
        if (in_list(name, len, HEADINGS) && m->depth && el_in(m, &m->stack[m->depth - 1], HEADINGS))
            m->depth--;
        if (in_list(name, len, "li dd dt")) {
            const char *same = in_list(name, len, "li") ? "li" : "dd dt";
            for (size_t i = m->depth; i-- > 0 && m->depth - i <= WALK_MAX;) {
                const open_el *e = &m->stack[i];
                if (el_in(m, e, same) && !(e->flags & F_FOREIGN)) {
                    pop_to(m, i, true);
                    break;
                }
                if ((e->flags & F_SPECIAL) && !el_in(m, e, "address div p"))
                    break;
            }
        }
        if (in_list(name, len, FORMATTING))
            flags |= F_FORMATTING;
        if (in_list(name, len, SPECIAL))
            flags |= F_SPECIAL;
        if (in_list(name, len, BOUNDARY))
            flags |= F_BOUNDARY | F_SPECIAL;
    }
    if (m->depth + m->dormant + 1 >= m->cap)
        return false;
    m->stack[m->depth++] = (open_el){at, len, flags};
    return true;
}

/* The end of a comment opened at s[i] == '<', "<!--": the index after it. */
static size_t comment_end(const char *s, size_t n, size_t i)
{
    size_t j = i + 4;
    if (j < n && s[j] == '>')
        return j + 1; /* <!--> */
    if (j + 1 < n && s[j] == '-' && s[j + 1] == '>')
        return j + 2; /* <!---> */
    for (; j + 2 < n; j++)
        if (s[j] == '-' && s[j + 1] == '-') {
            if (s[j + 2] == '>')
                return j + 3;
            if (j + 3 < n && s[j + 2] == '!' && s[j + 3] == '>')
                return j + 4;
        }
    return n;
}

static size_t to_gt(const char *s, size_t n, size_t j)
{
    const char *g = memchr(s + j, '>', n - j);
    return g ? (size_t)(g - s) + 1 : n;
}

/* At s[j] == '<': is this "</name" followed by whitespace, '/' or '>'? */
static bool end_tag_of(const char *s, size_t n, size_t j, const char *name, size_t len)
{
    return j + 2 + len < n && s[j + 1] == '/' && !strncasecmp(s + j + 2, name, len) &&
           (is_ws(s[j + 2 + len]) || s[j + 2 + len] == '/' || s[j + 2 + len] == '>');
}

/* Where the raw text of `name` opened before s[j] ends: the '<' of its end tag, or n. Script
 * data follows HTML5's escaped and double-escaped states (`<!--<script>` hides a `</script>`). */
static size_t raw_end(const char *s, size_t n, size_t j, const char *name, size_t len)
{
    if (len == 9 && !strncasecmp(name, "plaintext", 9))
        return n;
    bool script = len == 6 && !strncasecmp(name, "script", 6);
    int state = 0; /* 0 data, 1 escaped, 2 double escaped */
    for (; j < n; j++) {
        if (s[j] == '<') {
            if (state != 2 && end_tag_of(s, n, j, name, len))
                return j;
            if (!script)
                continue;
            if (state == 0 && j + 3 < n && !strncmp(s + j, "<!--", 4)) {
                state = 1;
                j += 3;
            } else if (state == 1 && j + 7 < n && !strncasecmp(s + j + 1, "script", 6) &&
                       (is_ws(s[j + 7]) || s[j + 7] == '/' || s[j + 7] == '>')) {
                state = 2;
            } else if (state == 2 && end_tag_of(s, n, j, "script", 6)) {
                state = 1;
            }
        } else if (state && s[j] == '-' && j + 2 < n && s[j + 1] == '-' && s[j + 2] == '>') {
            state = 0;
            j += 2;
        }
    }
    return n;
}

/* Reads the tag whose name starts at s[a]; sets the name's end, whether it self-closes and has
 * a font-breakout attribute, and how many attributes it has; returns the index after its '>', or
 * SIZE_MAX when the file ends inside it (the tokenizer then drops it). */
static size_t read_tag(const char *s, size_t n, size_t a, size_t *name_end, bool *self_closing,
                       bool *font_attr, size_t *attrs)
{
    size_t j = a;
    while (j < n && !is_ws(s[j]) && s[j] != '/' && s[j] != '>')
        j++;
    *name_end = j;
    *self_closing = false;
    *font_attr = false;
    *attrs = 0;
    while (j < n) {
        if (is_ws(s[j])) {
            j++;
            continue;
        }
        if (s[j] == '>')
            return j + 1;
        if (s[j] == '/') {
            if (j + 1 < n && s[j + 1] == '>') {
                *self_closing = true;
                return j + 2;
            }
            j++;
            continue;
        }
        size_t an = j++; /* an attribute name (its first character may be '=') */
        ++*attrs;
        while (j < n && !is_ws(s[j]) && s[j] != '/' && s[j] != '>' && s[j] != '=')
            j++;
        if (in_list(s + an, j - an, "color face size"))
            *font_attr = true;
        while (j < n && is_ws(s[j]))
            j++;
        if (j >= n || s[j] != '=')
            continue;
        j++;
        while (j < n && is_ws(s[j]))
            j++;
        if (j < n && (s[j] == '"' || s[j] == '\'')) {
            const char *q = memchr(s + j + 1, s[j], n - j - 1);
            if (!q)
                return SIZE_MAX;
            j = (size_t)(q - s) + 1;
        } else {
            while (j < n && !is_ws(s[j]) && s[j] != '>')
                j++;
        }
    }
    return SIZE_MAX;
}

size_t epi_html_depth_over(const char *s, size_t n, size_t limit, size_t max_attrs,
                           bool *attrs_over)
{
    model m = {s, n, NULL, 0, limit + 1, 0, false};
    size_t amb_end = 0; /* before this, end tags are ignored (text read both ways) */
    size_t over = 0;

    *attrs_over = false;
    if (!(m.stack = malloc((limit + 1) * sizeof *m.stack)))
        return SIZE_MAX;
    for (size_t i = 0; i < n;) {
        const char *lt = memchr(s + i, '<', n - i);
        if (!lt)
            break;
        i = (size_t)(lt - s);
        if (i + 1 >= n)
            break;
        char c = s[i + 1];
        if (c == '!') {
            if (m.foreign_seen && n - i >= 9 && !strncmp(s + i, "<![CDATA[", 9)) {
                /* a CDATA section in foreign content, a bogus comment in HTML */
                const char *e = NULL;
                for (size_t k = i + 9; k + 2 < n && !e; k++)
                    if (s[k] == ']' && s[k + 1] == ']' && s[k + 2] == '>')
                        e = s + k;
                size_t to = e ? (size_t)(e - s) + 3 : n;
                if (to > amb_end)
                    amb_end = to;
            }
            i = i + 3 < n && s[i + 2] == '-' && s[i + 3] == '-' ? comment_end(s, n, i)
                                                                : to_gt(s, n, i + 2);
            continue;
        }
        if (c == '?') {
            i = to_gt(s, n, i + 2);
            continue;
        }
        bool end = c == '/';
        size_t a = i + 1 + end;
        if (a >= n || !is_alpha(s[a])) {
            /* "</>" is dropped, "</1" is a bogus comment, "<1" is text */
            i = end ? to_gt(s, n, a) : i + 1;
            continue;
        }
        size_t name_end;
        bool self_closing, font_attr;
        size_t attrs;
        size_t next = read_tag(s, n, a, &name_end, &self_closing, &font_attr, &attrs);
        size_t len = name_end - a;
        if (next == SIZE_MAX)
            break; /* the file ends inside the tag */
        if (attrs > max_attrs) {
            *attrs_over = true;
            over = i + 1;
            break;
        }
        if (end) {
            if (i >= amb_end)
                end_tag(&m, s + a, len);
            i = next;
            continue;
        }
        bool raw = in_list(s + a, len, RAW);
        if (!start_tag(&m, a, len, self_closing, font_attr)) {
            over = i + 1;
            break;
        }
        i = next;
        if (raw) {
            size_t e = raw_end(s, n, i, s + a, len);
            if (!m.foreign_seen)
                i = e; /* text for certain: its end tag pops the element */
            else if (e > amb_end)
                amb_end = e; /* text or markup: count its start tags, not its end tags */
        }
    }
    free(m.stack);
    return over;
}

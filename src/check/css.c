/*
 * Stylesheets (EPUB 3.3 §7.3 CSS, docs/ARCHITECTURE.md "Checker"), in the way epubcheck's
 * CSSChecker reports them: a small tokenizer (CSS Syntax 3 §4: comments, strings, url(),
 * at-keywords, blocks) finds url()/@import references (RSC-007/008, RSC-006 for remote
 * non-fonts, CSS-002 empty), empty @font-face rules (CSS-019), the forbidden properties
 * direction / unicode-bidi (CSS-001), unbalanced blocks and unterminated tokens (CSS-008),
 * and the encoding (CSS-003 UTF-16, CSS-004 other charsets).
 */
#include "check_int.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum pending { AT_NONE, AT_IMPORT, AT_FONTFACE, AT_NAMESPACE, AT_OTHER };

typedef struct css_scan {
    epi_chk *c;
    epi_chk_item *it;
    const char *s;
    size_t n, i;
    int line;
    bool syntax_reported;
} css_scan;

static void syntax_error(css_scan *sc, const char *what)
{
    if (sc->syntax_reported)
        return;
    sc->syntax_reported = true;
    epi_chk_report(sc->c, EP_SEV_ERROR, "CSS-008", sc->it->path, sc->line, "CSS syntax error: %s",
                   what);
}

static bool ident_char(unsigned char ch)
{
    return isalnum(ch) || ch == '-' || ch == '_' || ch >= 0x80 || ch == '\\';
}

/* Reads a quoted string starting at the quote; returns a copy of its content. */
static char *read_string(css_scan *sc)
{
    char q = sc->s[sc->i++];
    size_t start = sc->i;
    while (sc->i < sc->n && sc->s[sc->i] != q) {
        if (sc->s[sc->i] == '\\' && sc->i + 1 < sc->n) {
            if (sc->s[sc->i + 1] == '\n')
                sc->line++;
            sc->i += 2;
            continue;
        }
        if (sc->s[sc->i] == '\n') {
            syntax_error(sc, "unterminated string");
            return epi_strndup(sc->s + start, sc->i - start);
        }
        sc->i++;
    }
    if (sc->i >= sc->n) {
        syntax_error(sc, "unterminated string");
        return epi_strndup(sc->s + start, sc->n - start);
    }
    char *r = epi_strndup(sc->s + start, sc->i - start);
    sc->i++;
    return r;
}

static void skip_ws(css_scan *sc)
{
    while (sc->i < sc->n && isspace((unsigned char)sc->s[sc->i])) {
        if (sc->s[sc->i] == '\n')
            sc->line++;
        sc->i++;
    }
}

/* After "url(": the URL, quoted or not, up to ")". NULL on OOM. */
static char *read_url(css_scan *sc)
{
    char *r;
    skip_ws(sc);
    if (sc->i < sc->n && (sc->s[sc->i] == '"' || sc->s[sc->i] == '\'')) {
        r = read_string(sc);
    } else {
        size_t start = sc->i;
        while (sc->i < sc->n && sc->s[sc->i] != ')' && !isspace((unsigned char)sc->s[sc->i]))
            sc->i++;
        r = epi_strndup(sc->s + start, sc->i - start);
    }
    skip_ws(sc);
    if (sc->i < sc->n && sc->s[sc->i] == ')')
        sc->i++;
    else
        syntax_error(sc, "unterminated url()");
    return r;
}

static void reference(css_scan *sc, const char *url, enum pending at, bool in_fontface)
{
    const char *p = url;
    while (isspace((unsigned char)*p))
        p++;
    if (!*p) {
        epi_chk_report(sc->c, EP_SEV_ERROR, "CSS-002", sc->it->path, sc->line,
                       "empty url() reference");
        return;
    }
    if (at == AT_NAMESPACE || *p == '#')
        return; /* a namespace name, or a fragment of this document (SVG paint servers) */
    epi_chk_ref(sc->c, sc->it, sc->it->path, sc->line, url,
                at == AT_IMPORT ? EPI_REF_STYLESHEET
                : in_fontface   ? EPI_REF_FONT
                                : EPI_REF_CSS_URL);
}

/* The column of css[i] in a style sheet file (0, unknown, in a style element or attribute,
 * whose text does not start a line). */
static int column(const css_scan *sc, size_t i)
{
    if (!sc->it->media_type || strcmp(sc->it->media_type, EPI_MT_CSS) != 0)
        return 0;
    size_t start = i;
    while (start > 0 && sc->s[start - 1] != '\n')
        start--;
    return (int)(i - start + 1);
}

void epi_chk_css_text(epi_chk *c, epi_chk_item *it, int line, const char *css, size_t len)
{
    css_scan sc = {c, it, css, len, 0, line, false};
    enum pending at = AT_NONE;
    int depth = 0, ff_depth = 0, ff_line = 0;
    bool decl_start = true, ff_empty = false;

    while (sc.i < sc.n && !c->nomem) {
        unsigned char ch = (unsigned char)css[sc.i];
        if (isspace(ch)) {
            skip_ws(&sc);
            continue;
        }
        if (ch == '/' && sc.i + 1 < sc.n && css[sc.i + 1] == '*') {
            const char *end = NULL;
            for (size_t k = sc.i + 2; k + 1 < sc.n; k++)
                if (css[k] == '*' && css[k + 1] == '/') {
                    end = css + k;
                    break;
                }
            for (const char *p = css + sc.i; p < (end ? end : css + sc.n); p++)
                sc.line += *p == '\n';
            if (!end) {
                syntax_error(&sc, "unterminated comment");
                break;
            }
            sc.i = (size_t)(end - css) + 2;
            continue;
        }
        if (ch == '}') {
            if (depth == 0) {
                syntax_error(&sc, "unexpected \"}\"");
            } else {
                if (depth == ff_depth) {
                    if (ff_empty)
                        epi_chk_report(c, EP_SEV_WARNING, "CSS-019", it->path, ff_line,
                                       "@font-face declaration has no attributes");
                    ff_depth = 0;
                }
                depth--;
            }
            decl_start = true;
            at = AT_NONE;
            sc.i++;
            continue;
        }
        if (ff_depth && depth >= ff_depth)
            ff_empty = false;
        if (ch == '{') {
            depth++;
            if (at == AT_FONTFACE) {
                ff_depth = depth;
                ff_empty = true;
                ff_line = sc.line;
            }
            at = AT_NONE;
            decl_start = true;
            sc.i++;
            continue;
        }
        if (ch == ';') {
            at = AT_NONE;
            decl_start = true;
            sc.i++;
            continue;
        }
        if (ch == '"' || ch == '\'') {
            char *str = read_string(&sc);
            if (!str) {
                epi_chk_oom(c);
                break;
            }
            if (at == AT_IMPORT) {
                reference(&sc, str, at, false);
                at = AT_OTHER;
            }
            free(str);
            decl_start = false;
            continue;
        }
        if (ch == '@') {
            size_t s = ++sc.i;
            while (sc.i < sc.n && ident_char((unsigned char)css[sc.i]))
                sc.i++;
            size_t l = sc.i - s;
            at = (l == 6 && strncasecmp(css + s, "import", 6) == 0)      ? AT_IMPORT
                 : (l == 9 && strncasecmp(css + s, "font-face", 9) == 0) ? AT_FONTFACE
                 : (l == 9 && strncasecmp(css + s, "namespace", 9) == 0) ? AT_NAMESPACE
                                                                         : AT_OTHER;
            decl_start = false;
            continue;
        }
        if (ident_char(ch)) {
            size_t s = sc.i;
            while (sc.i < sc.n && ident_char((unsigned char)css[sc.i]))
                sc.i += css[sc.i] == '\\' && sc.i + 1 < sc.n ? 2 : 1;
            size_t l = sc.i - s;
            if (l == 3 && strncasecmp(css + s, "url", 3) == 0 && sc.i < sc.n && css[sc.i] == '(') {
                sc.i++;
                char *url = read_url(&sc);
                if (!url) {
                    epi_chk_oom(c);
                    break;
                }
                reference(&sc, url, at, ff_depth && depth >= ff_depth);
                free(url);
            } else if (decl_start && ff_depth && depth == ff_depth) {
                /* epubcheck's CSSHandler notes each declaration of a @font-face (CSS-028) */
                size_t k = sc.i;
                while (k < sc.n && isspace((unsigned char)css[k]))
                    k++;
                if (k < sc.n && css[k] == ':')
                    epi_chk_report_col(c, EP_SEV_USAGE, "CSS-028", it->path, sc.line,
                                       column(&sc, s), "Use of Font-face declaration");
            } else if (decl_start && c->epub3 && /* CSS-001 is EPUB 3's (CSSHandler) */
                       ((l == 9 && strncasecmp(css + s, "direction", 9) == 0) ||
                        (l == 12 && strncasecmp(css + s, "unicode-bidi", 12) == 0))) {
                size_t k = sc.i;
                while (k < sc.n && isspace((unsigned char)css[k]))
                    k++;
                if (k < sc.n && css[k] == ':')
                    epi_chk_report(c, EP_SEV_ERROR, "CSS-001", it->path, sc.line,
                                   "the \"%.*s\" property must not be used in EPUB (use the "
                                   "dir attribute)",
                                   (int)l, css + s);
            }
            decl_start = false;
            continue;
        }
        decl_start = false;
        sc.i++;
    }
    if (depth > 0 && !c->nomem)
        syntax_error(&sc, "unexpected end of stylesheet (unclosed block)");
}

void epi_chk_css_item(epi_chk *c, epi_chk_item *it)
{
    char *data = NULL;
    size_t len = 0;

    if (!it->entry || it->encrypted || !it->media_type || strcmp(it->media_type, EPI_MT_CSS) != 0)
        return;
    it->checked = true;
    if (!epi_chk_read(c, it->entry, &data, &len))
        return;
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 2 && ((u[0] == 0xFE && u[1] == 0xFF) || (u[0] == 0xFF && u[1] == 0xFE))) {
        epi_chk_report(c, EP_SEV_WARNING, "CSS-003", it->path, 1,
                       "CSS documents should be encoded in UTF-8, not UTF-16");
        goto out; /* not ASCII-compatible: the tokenizer cannot read it */
    }
    const char *body = data;
    size_t blen = len;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF) {
        body += 3;
        blen -= 3;
    }
    /* CSS Syntax 3 §3.2: @charset "x"; exactly, at the very start. */
    if (blen > 10 && strncmp(body, "@charset \"", 10) == 0) {
        const char *q = memchr(body + 10, '"', blen - 10);
        if (q) {
            size_t el = (size_t)(q - body - 10);
            if (el >= 6 && strncasecmp(body + 10, "utf-16", 6) == 0)
                epi_chk_report(c, EP_SEV_WARNING, "CSS-003", it->path, 1,
                               "CSS documents should be encoded in UTF-8, not %.*s", (int)el,
                               body + 10);
            else if (!(el == 5 && strncasecmp(body + 10, "utf-8", 5) == 0))
                epi_chk_report(c, EP_SEV_ERROR, "CSS-004", it->path, 1,
                               "CSS documents must be encoded in UTF-8, not %.*s", (int)el,
                               body + 10);
        }
    }
    epi_chk_css_text(c, it, 1, body, blen);
out:
    free(data);
}

/* URL schemes, percent-decoding and dot segments (url.h), with ASCII-only character classes. */
#include "util/url.h"
#include "util/str.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static bool is_alpha(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* A scheme character after the first (RFC 3986 §3.1). */
static bool is_scheme_char(char c)
{
    return is_alpha(c) || (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

size_t epi_url_scheme_len(const char *s, size_t n)
{
    if (n == 0 || !is_alpha(s[0]))
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] == ':')
            return i;
        if (!is_scheme_char(s[i]))
            return 0;
    }
    return 0;
}

bool epi_url_is_external(const char *url)
{
    return url && (epi_url_scheme_len(url, strlen(url)) > 0 || (url[0] == '/' && url[1] == '/'));
}

size_t epi_url_scheme(const char *url, char *out, size_t size)
{
    size_t n = 0;
    const char *s = url;

    while (*s && (unsigned char)*s <= 0x20)
        s++;
    for (; *s; s++) {
        char c = *s;
        if (c == '\t' || c == '\n' || c == '\r')
            continue;
        if (c == ':')
            break;
        if (n == 0 ? !is_alpha(c) : !is_scheme_char(c))
            return 0; /* '/', '?', '#' or another character before any ':': relative */
        if (n + 1 >= size)
            return size;
        out[n++] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    if (!*s || n == 0)
        return 0;
    out[n] = '\0';
    return n;
}

/* [start, end) of the URL's authority (host and port), both 0 when it has none. */
static void authority(const char *s, size_t n, size_t *start, size_t *end)
{
    size_t sl = epi_url_scheme_len(s, n), a = sl ? sl + 1 : 0;
    *start = *end = 0;
    if (a + 2 > n || s[a] != '/' || s[a + 1] != '/')
        return;
    size_t e = a + 2;
    while (e < n && s[e] != '/' && s[e] != '?' && s[e] != '#')
        e++;
    *start = a + 2;
    *end = e;
}

bool epi_url_bad_byte(const char *s, size_t n, size_t i)
{
    unsigned char ch = (unsigned char)s[i];
    switch (ch) { /* checked on every byte of every URL: no strchr */
    case '"':
    case '<':
    case '>':
    case '\\':
    case '^':
    case '`':
    case '{':
    case '|':
    case '}':
    case 0x7f:
        return true;
    case '#': /* a second '#' is in the fragment, where epubcheck refuses it (RSC-020) */
        return memchr(s, '#', i) != NULL;
    default:
        break;
    }
    if (ch <= 0x20)
        return true;
    /* "[" and "]" only delimit an IPv6 host: in a path, query or fragment (an EPUB CFI,
     * #epubcfi(/6/4[ch1]!/4)) epubcheck's URL parser refuses them (RSC-020) */
    if (ch == '[' || ch == ']') {
        size_t a, e;
        authority(s, n, &a, &e);
        return i < a || i >= e;
    }
    return ch == '%' && !(i + 2 < n && hexval(s[i + 1]) >= 0 && hexval(s[i + 2]) >= 0);
}

/* What is wrong with the host of the special-scheme URL s[0..n) (WHATWG URL §3.5: http, https,
 * ftp, ws, wss), NULL when nothing: percent-decoded, it holds a forbidden domain code point
 * ("http://Two%20words" is refused by epubcheck 5.3: RSC-020, "Illegal character in domain"), an
 * ASCII label of over 63 bytes ("A domain name label is longer than 63 bytes"), or an IPv6
 * address opens its '[' without closing it ("Unmatched '['"). */
static const char *bad_host(const char *s, size_t n, size_t sl)
{
    static const char *const special[] = {"http", "https", "ftp", "ws", "wss"};
    bool sp = false;
    for (size_t k = 0; k < sizeof special / sizeof special[0]; k++)
        sp = sp || (strlen(special[k]) == sl && strncasecmp(s, special[k], sl) == 0);
    size_t a, e;
    authority(s, n, &a, &e);
    if (!sp || a == e)
        return NULL;
    for (size_t i = e; i > a; i--)
        if (s[i - 1] == '@') { /* the user's name and password are not the host */
            a = i;
            break;
        }
    if (s[a] == '[') /* an IPv6 address: its bytes are checked one by one */
        return memchr(s + a, ']', e - a) ? NULL : "an IPv6 host without its closing ']'";
    for (size_t i = a; i < e; i++)
        if (s[i] == ':') /* the port */
            e = i;
    size_t label = 0;
    bool ascii = true;
    for (size_t i = a; i < e; i++) {
        int c = (unsigned char)s[i], hi, lo;
        if (c == '%' && i + 2 < e && (hi = hexval(s[i + 1])) >= 0 && (lo = hexval(s[i + 2])) >= 0) {
            c = hi * 16 + lo;
            i += 2;
        }
        if (c <= 0x20 || c == 0x7f || (c < 0x80 && strchr("#%/:<>?@[\\]^|", c)))
            return "a space or another character a host name may not hold";
        /* a label of other letters is measured in Punycode, which is not done here */
        ascii = ascii && c < 0x80;
        label = c == '.' ? 0 : label + 1;
        if (c == '.')
            ascii = true;
        else if (ascii && label > 63)
            return "a host name label over 63 bytes";
    }
    return NULL;
}

const char *epi_url_invalid(const char *href)
{
    while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r' || *href == '\f')
        href++;
    size_t n = strlen(href);
    while (n > 0 && strchr(" \t\n\r\f", href[n - 1]))
        n--;
    size_t sl = epi_url_scheme_len(href, n);
    if ((sl == 4 && strncasecmp(href, "http", 4) == 0) ||
        (sl == 5 && strncasecmp(href, "https", 5) == 0)) {
        if (n < sl + 3 || href[sl + 1] != '/' || href[sl + 2] != '/')
            return "a web URL needs \"//\" after its scheme";
        /* "http:///h", "http://": no host (epubcheck 5.3: "Unexpected slash or backslash") */
        if (n == sl + 3 || href[sl + 3] == '/' || href[sl + 3] == '\\')
            return "a web URL needs a host after \"//\"";
    }
    const char *host = bad_host(href, n, sl);
    if (host)
        return host;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)href[i];
        if (!epi_url_bad_byte(href, n, i))
            continue;
        if (ch <= 0x20 || ch == 0x7f)
            return ch == ' ' ? "space" : "control character";
        return ch == '%' ? "\"%\" not followed by two hexadecimal digits"
                         : "character not allowed in a URL";
    }
    return NULL;
}

/* Length of the UTF-8 sequence at s[i] when it is a C1 control or a space other than ASCII's
 * (U+0080-U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F, U+3000: Java's
 * isISOControl and isSpaceChar), which epubcheck 4.2.6 refuses in a URL (RSC-020); else 0. */
static size_t unicode_space_len(const unsigned char *s, size_t n, size_t i)
{
    if (i + 1 < n && s[i] == 0xc2 && s[i + 1] >= 0x80 && s[i + 1] <= 0xa0)
        return 2;
    if (i + 2 >= n || s[i + 1] < 0x80)
        return 0;
    unsigned cp = ((s[i] & 0x0fu) << 12) | ((s[i + 1] & 0x3fu) << 6) | (s[i + 2] & 0x3fu);
    if ((s[i] & 0xf0) != 0xe0 || (s[i + 2] & 0xc0) != 0x80)
        return 0;
    return cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 || cp == 0x2029 ||
                   cp == 0x202f || cp == 0x205f || cp == 0x3000
               ? 3
               : 0;
}

bool epi_url_escape_append(epi_buf *b, const char *url, size_t n)
{
    size_t from = 0; /* url[from..i) is copied as it is */
    for (size_t i = 0; i < n; i++) {
        size_t u = (unsigned char)url[i] >= 0x80
                       ? unicode_space_len((const unsigned char *)url, n, i)
                       : (size_t)epi_url_bad_byte(url, n, i);
        if (!u)
            continue;
        if (!epi_buf_append(b, url + from, i - from))
            return false;
        for (size_t k = 0; k < u; k++)
            if (!epi_buf_printf(b, "%%%02X", (unsigned)(unsigned char)url[i + k]))
                return false;
        i += u - 1;
        from = i + 1;
    }
    return epi_buf_append(b, url + from, n - from);
}

bool epi_url_path_encode_append(epi_buf *b, const char *path)
{
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        bool keep = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                    (*p >= '0' && *p <= '9') || strchr("-._~/", *p);
        if (!(keep ? epi_buf_append(b, p, 1) : epi_buf_printf(b, "%%%02X", (unsigned)*p)))
            return false;
    }
    return true;
}

bool epi_url_decode_append(epi_buf *b, const char *s, size_t n)
{
    size_t from = 0; /* s[from..i) is copied as it is */
    for (size_t i = 0; i + 2 < n; i++) {
        int hi, lo;
        if (s[i] != '%' || (hi = hexval(s[i + 1])) < 0 || (lo = hexval(s[i + 2])) < 0 ||
            (hi == 0 && lo == 0))
            continue;
        char c = (char)(hi * 16 + lo);
        if (!epi_buf_append(b, s + from, i - from) || !epi_buf_append(b, &c, 1))
            return false;
        i += 2;
        from = i + 1;
    }
    return epi_buf_append(b, s + from, n - from);
}

char *epi_url_decode(const char *s, size_t n)
{
    epi_buf b = {0};
    if (!epi_url_decode_append(&b, s, n)) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

bool epi_url_resolve_path(const char *base, const char *rel, size_t n, bool decode, epi_buf *out,
                          bool *escapes)
{
    size_t root = out->len; /* what was in `out` before stays */
    const char *slash = base ? strrchr(base, '/') : NULL;

    if (slash && !epi_buf_append(out, base, (size_t)(slash - base + 1)))
        return false;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && rel[j] != '/')
            j++;
        size_t len = j - i;
        bool last = j >= n;
        if (len == 1 && rel[i] == '.') {
            /* nothing */
        } else if (len == 2 && rel[i] == '.' && rel[i + 1] == '.') {
            if (out->len == root) {
                if (escapes)
                    *escapes = true;
            } else {
                size_t k = out->len - 1; /* the path ends with '/' */
                while (k > root && out->data[k - 1] != '/')
                    k--;
                out->len = k;
                out->data[k] = '\0';
            }
        } else if (len > 0 || !last) {
            if (!(decode ? epi_url_decode_append(out, rel + i, len)
                         : epi_buf_append(out, rel + i, len)))
                return false;
            if (!last && !epi_buf_append(out, "/", 1))
                return false;
        }
        i = j + 1;
    }
    return true;
}

bool epi_url_absolute(const char *base, const char *rel, epi_buf *out)
{
    size_t sl = base ? epi_url_scheme_len(base, strlen(base)) : 0;
    if (epi_url_scheme_len(rel, strlen(rel)))
        return epi_buf_puts(out, rel);
    if (!sl || strncmp(base + sl, "://", 3) != 0)
        return true;
    const char *auth = base + sl + 3;
    const char *path = auth + strcspn(auth, "/?#");
    const char *path_end = path + strcspn(path, "?#");
    if (!strncmp(rel, "//", 2))
        return epi_buf_append(out, base, sl + 1) && epi_buf_puts(out, rel);
    if (!epi_buf_append(out, base, (size_t)(path - base)))
        return false;
    if (rel[0] == '?' || rel[0] == '#') {
        size_t keep = rel[0] == '#' ? strcspn(path, "#") : (size_t)(path_end - path);
        return epi_buf_append(out, path, keep) && epi_buf_puts(out, rel);
    }
    size_t rlen = strcspn(rel, "?#");
    char *dir = NULL;
    if (rel[0] != '/' && path < path_end &&
        !(dir = epi_strndup(path + 1, (size_t)(path_end - path - 1))))
        return false;
    bool ok = epi_buf_puts(out, "/") &&
              epi_url_resolve_path(dir, rel + (rel[0] == '/'), rlen - (rel[0] == '/'), false, out,
                                   NULL) &&
              epi_buf_puts(out, rel + rlen);
    free(dir);
    return ok;
}

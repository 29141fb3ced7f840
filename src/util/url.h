/*
 * URLs in the book's text and in an EPUB's documents (util/url.c), read by read, typeset and
 * check alike: the scheme, percent-decoding and dot-segment removal of RFC 3986. ASCII only,
 * whatever the locale; bytes >= 0x80 (IRIs: Cyrillic file names and fragments) pass through as
 * they are and are never part of a scheme.
 */
#ifndef EPI_UTIL_URL_H
#define EPI_UTIL_URL_H

#include "util/buf.h"

#include <stdbool.h>
#include <stddef.h>

/* Length of the scheme that starts s[0..n) (RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" /
 * "-" / "." ) followed by ':'), without the ':'; 0 when there is none. */
size_t epi_url_scheme_len(const char *s, size_t n);

/* Whether s[i] (of s[0..n)) may not be written as it is in a URL (WHATWG URL §4.3): spaces,
 * controls, DEL, the characters "<>\^`{|}, "[" and "]" outside the host, a '#' after the first
 * and a '%' not followed by two hexadecimal digits.
 * Bytes >= 0x80 may (IRIs). */
bool epi_url_bad_byte(const char *s, size_t n, size_t i);

/* Why `href` (leading and trailing white space aside) is not a valid URL, as epubcheck 5.3
 * reports it (RSC-020): a byte epi_url_bad_byte names (a second '#' among them), http(s)
 * without "//" or without a host after it ("http:///h"), or a web URL's host holding,
 * percent-decoded, a space or another forbidden domain code point; NULL when it is valid. */
const char *epi_url_invalid(const char *href);

/* Appends url[0..n) to b with each byte epi_url_bad_byte names written as %XX, and the bytes
 * of each C1 control and non-ASCII space (U+00A0, U+2000-U+200A, ...), which epubcheck 4.2.6
 * refuses. False on out of memory. */
bool epi_url_escape_append(epi_buf *b, const char *url, size_t n);

/* Appends the path `path` (UTF-8, '/'-separated) as a URI path (RFC 3986 §3.3): every byte
 * but the unreserved characters (ALPHA, DIGIT, "-", ".", "_", "~") and '/' written as %XX, so
 * a Cyrillic or spaced file name makes a valid URI, not only an IRI. False on out of memory. */
bool epi_url_path_encode_append(epi_buf *b, const char *path);

/* Does `url` point outside the book: has it a scheme, or is it a network-path reference
 * ("//host/…")? False for NULL. */
bool epi_url_is_external(const char *url);

/* The scheme of `url` as a browser reads it (WHATWG URL §4.4: leading spaces and C0 controls
 * skipped, TAB/LF/CR ignored anywhere, so "java\tscript:" is javascript:), lowercased into
 * out[size]. Returns its length; 0 when there is none (a relative reference); `size` when it
 * does not fit in out (then out holds no scheme). */
size_t epi_url_scheme(const char *url, char *out, size_t size);

/* RFC 3986 §2.1 percent-decoding of s[0..n), appended to b. Malformed escapes and %00 stay as
 * written (a NUL would silently cut a path). False on out of memory. */
bool epi_url_decode_append(epi_buf *b, const char *s, size_t n);
/* The same into a new string; caller frees; NULL on out of memory. */
char *epi_url_decode(const char *s, size_t n);

/* RFC 3986 §5.2.3-5.2.4: the path rel[0..n) (of a relative reference without scheme, query or
 * fragment) taken from the folder of `base` (a '/'-separated path, or NULL for the root), with
 * "." and ".." segments removed, appended to `out`. With `decode`, each segment is
 * percent-decoded after the path is split, so "%2F" never makes a segment. A ".." above the
 * root stays at the root and sets *escapes (may be NULL). False on out of memory. */
bool epi_url_resolve_path(const char *base, const char *rel, size_t n, bool decode, epi_buf *out,
                          bool *escapes);

/* RFC 3986 §5.2: `rel` made absolute against the absolute hierarchical URL `base`
 * ("https://host/a/b"), appended to `out`. Appends nothing when `base` is not such a URL. False on
 * out of memory. */
bool epi_url_absolute(const char *base, const char *rel, epi_buf *out);

#endif /* EPI_UTIL_URL_H */

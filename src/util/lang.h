/*
 * BCP 47 language tags (util/lang.c): the one parser and the one primary-subtag match that
 * read, typeset, package and check use. ASCII only: tags compare case-insensitively by the
 * ASCII rules of RFC 5646 §2.1.1, whatever the process's locale.
 */
#ifndef EPI_UTIL_LANG_H
#define EPI_UTIL_LANG_H

#include <stdbool.h>
#include <stddef.h>

/* RFC 5646 §2.1 well-formedness (syntax only, no registry lookup). */
bool epi_lang_wellformed(const char *tag);

/* Length of the tag's primary language subtag when it is 2-3 ASCII letters followed by '-' or
 * the end (`ru`, `ru-RU`, `deu`); 0 otherwise (NULL, private use `x-…`, grandfathered `i-…`,
 * locale names such as `C`, `POSIX` or `en_US.UTF-8`). */
size_t epi_lang_primary_len(const char *tag);

/* A tag epubpack takes from its input: well-formed, with a primary subtag of 2-3 letters (so
 * locale names like "C" or "c.utf-8" and private-use tags are refused) that is a language of
 * ISO 639 (so "zz", "und" and "qaa" are refused: Kindle's converter rejects them). */
bool epi_lang_valid(const char *tag);

/* Is the n (2 or 3) ASCII letters at `code` a language code of ISO 639-1, 639-3 or 639-5,
 * in any case? (util/iso639.c, generated from Debian's iso-codes by scripts/gen-iso639.py) */
bool epi_iso639_code(const char *code, size_t n);

/* Is the primary language subtag of `tag` the lowercase `code`? ("RU", "ru-RU" → ru). */
bool epi_lang_is(const char *tag, const char *code);

#endif /* EPI_UTIL_LANG_H */

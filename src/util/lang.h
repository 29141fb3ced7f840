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
 * locale names like "C" or "c.utf-8" and private-use tags are refused). */
bool epi_lang_valid(const char *tag);

/* Is the primary language subtag of `tag` the lowercase `code`? ("RU", "ru-RU" → ru). */
bool epi_lang_is(const char *tag, const char *code);

#endif /* EPI_UTIL_LANG_H */

/*
 * The library's one-time set-up of the libraries under it (src/util/init.c). Each public entry
 * point calls epi_init() first, so that no caller has to initialise anything, and many threads
 * may enter the library at once (include/epubpack.h, "Threads").
 */
#ifndef EPI_INIT_H
#define EPI_INIT_H

#include <stdbool.h>

/* Once per process (pthread_once), before any libxml2 or cmark-gfm call: libxml2's parser
 * globals and cmark-gfm's extension registry. Internals assume it has run; a test calling an
 * internal directly calls it first. */
void epi_init(void);

/* Once per process, before the first font lookup: fontconfig's configuration. Separate from
 * epi_init() because loading it costs milliseconds that checking an EPUB never needs. */
void epi_init_fontconfig(void);

#endif

/*
 * Every limit on input, in one table, used by the build (src/read, src/typeset, src/build.c) and
 * the checker (src/check) alike, so that the build refuses, before its expensive step and with
 * a message naming the key or option, what its own final check would refuse after it. README
 * "Limits" lists the same table for users; a change here changes it there.
 */
#ifndef EPI_LIMITS_H
#define EPI_LIMITS_H

#include <stdint.h>

/* Nesting, refused before the parser that would be slow on it runs. */
#define EPI_LIMIT_YAML_DEPTH 64   /* YAML collections ([ { and indented blocks) in metadata */
#define EPI_LIMIT_HTML_DEPTH 2000 /* open elements of a web page, before Gumbo (n² in depth) */
#define EPI_LIMIT_HTML_ATTRS 256  /* attributes of one tag of a web page, before Gumbo (n²) */
#define EPI_LIMIT_XML_DEPTH 256   /* XML elements: libxml2's own limit without XML_PARSE_HUGE */
#define EPI_LIMIT_DIR_DEPTH 32    /* folders of an unpacked EPUB that `check` reads */

/* Sizes inside documents: libxml2's own (XML_MAX_TEXT_LENGTH), which it enforces on every XML
 * file the checker, epubcheck and reading systems parse. */
#define EPI_LIMIT_XML_TEXT 10000000 /* bytes of one text node or attribute value */
#define EPI_LIMIT_META_VALUE 65536  /* bytes of one metadata value (title, identifier, …) */
#define EPI_LIMIT_PERSONS 1000      /* authors plus contributors */

/* The book. */
#define EPI_LIMIT_WEB_BYTES (16 * 1024 * 1024)     /* one web page */
#define EPI_LIMIT_IMAGE_PIXELS UINT64_C(178956970) /* Pillow's decompression-bomb limit */

/* The container (the checker's, so also the build's). */
#define EPI_LIMIT_ENTRIES 20000u                   /* files in one EPUB */
#define EPI_LIMIT_ENTRY_READ ((uint64_t)64 << 20)  /* bytes of one file parsed */
#define EPI_LIMIT_TOTAL ((uint64_t)2 << 30)        /* declared uncompressed total */
#define EPI_LIMIT_RATIO 100u                       /* compression ratio of one entry … */
#define EPI_LIMIT_RATIO_FLOOR ((uint64_t)16 << 20) /* … checked above this size */
#define EPI_LIMIT_READ_TOTAL ((uint64_t)512 << 20) /* bytes decompressed in total */

#endif

/**
 * epubpack — package article text and metadata into a valid EPUB 3.
 *
 * ## NAME
 * epubpack.h — the one public header of libepubpack.
 *
 * ## DESCRIPTION
 * The library reads a book (a folder with `book.yaml` and chapters, one Markdown / text file
 * with YAML front matter, or a saved web page, .html/.htm, whose article it extracts), typesets
 * it, writes an EPUB 3 container and validates what it wrote; it also checks any EPUB.
 * It never prints and never exits: every fallible call returns an `ep_status` and fills an
 * `ep_error` with the detail (file, line, column, message). Warnings go to a callback.
 *
 * Ownership passes only on success; every `_free` accepts NULL.
 *
 * ## Threads
 * Nothing needs setting up or tearing down: `ep_build` and `ep_check_file` initialise, once
 * per process (`pthread_once`), what the libraries under them need before threads use them —
 * libxml2's parser (`xmlInitParser`), cmark-gfm's extension registry, and, at the first font
 * lookup, fontconfig's configuration. Then:
 *
 * - `ep_build` and `ep_check_file` may run on many threads at once, as long as the calls do
 *   not share an output path (two builds writing the same file race for it; each still leaves
 *   a whole EPUB). Between calls the library keeps only what it loaded and never changes: the
 *   hyphenation dictionaries and the font files fontconfig named for a family, each loaded
 *   once per process under a lock and kept until it ends (memory checkers list them as
 *   "still reachable"), so that a batch loads them once. An options
 *   object is only read during a build, so one may be shared by concurrent builds while no
 *   thread changes it; distinct objects may be set up on distinct threads.
 * - The diagnostic callback (`ep_diag_fn`) is always called on the thread that called
 *   `ep_build` or `ep_check_file`, before that call returns, one diagnostic at a time and in
 *   the same order whatever the number of CPUs (the library's own worker threads record
 *   diagnostics and replay them). It is never called after the call returns, and no lock of
 *   the library is held while it runs.
 * - `ep_status_string`, `ep_severity_string` and `ep_version_string` return static strings
 *   and may be called from any thread at any time.
 * - A build may use a few threads of its own (at most one per CPU, at most 8, and one that
 *   looks up its font while it typesets), all joined before it returns.
 *
 * Process-wide state of the libraries below is theirs and the program's: the library never
 * tears it down. In particular it never calls fontconfig's `FcFini()`, since the program (or
 * another library in it, such as a toolkit) may be using the same configuration; a program
 * that wants it released for a leak checker calls `FcFini()` itself after its last build has
 * returned (without it, memory checkers list fontconfig's caches as "still reachable", not as
 * leaks). A program that also calls libxml2 from threads of its own must, as libxml2 asks of
 * every program, call `xmlInitParser()` before starting them.
 */
#ifndef EPUBPACK_H
#define EPUBPACK_H

/* ## Versions
 * EP_VERSION_MAJOR, EP_VERSION_MINOR, EP_VERSION_PATCH, EP_VERSION and EP_VERSION_STRING: the
 * version of this header, for `#if` at compile time; ep_version_string() (below) is the
 * library's, at run time. While the major version is 0 each minor version may change the ABI,
 * and libepubpack's SOVERSION is 0.MINOR (libepubpack.so.0.1): a program runs with the
 * library of the minor version it was compiled against. */
#include "epubpack_version.h"

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Marks the library's interface. libepubpack is compiled with hidden visibility
 *  (-fvisibility=hidden) and EP_BUILDING_LIBRARY, so only what carries EP_EXPORT is exported
 *  from libepubpack.so: the `ep_*` functions below, nothing of its internals or its
 *  dependencies. For a program including this header it expands to nothing. */
#if defined(EP_BUILDING_LIBRARY) && defined(__GNUC__)
#define EP_EXPORT __attribute__((visibility("default")))
#else
#define EP_EXPORT
#endif

/** ## Status codes */
typedef enum ep_status {
    EP_OK = 0,
    EP_ERR_NOMEM, /**< an allocation failed */
    EP_ERR_IO,    /**< a file could not be read or written */
    EP_ERR_INPUT, /**< the book's text or metadata is wrong (path and line say where) */
    EP_ERR_XML,   /**< libxml2 failed to build or serialise a document */
    EP_ERR_ZIP,   /**< libzip failed */
    EP_ERR_FONT,  /**< the font could not be found or subset */
    EP_ERR_CHECK, /**< the written EPUB did not pass the built-in checker */
    EP_ERR_USAGE  /**< the caller passed wrong arguments */
} ep_status;

/** Error detail. `path` and `line` are empty / 0 when they do not apply. */
typedef struct ep_error {
    ep_status status;
    char path[1024];
    int line;   /**< 1-based, 0 when unknown */
    int column; /**< 1-based, 0 when unknown */
    char message[1024];
    int sys_errno; /**< the errno of the system call that failed (ENOENT, EACCES, ENOSPC…), 0
                      when the failure was not one */
} ep_error;

/** Human-readable name of a status code (static string). */
EP_EXPORT const char *ep_status_string(ep_status st);

/** ## Diagnostics (warnings and checker findings) */
typedef enum ep_severity {
    EP_SEV_FATAL = 0,
    EP_SEV_ERROR,
    EP_SEV_WARNING,
    EP_SEV_USAGE,
    EP_SEV_INFO
} ep_severity;

typedef struct ep_diag {
    ep_severity severity;
    const char *id;   /**< epubcheck's message ID (e.g. "RSC-007"), or an epubpack ID */
    const char *path; /**< file (input file for build warnings, container path for checks) */
    int line;         /**< 0 when unknown */
    int column;       /**< 0 when unknown */
    const char *message;
} ep_diag;

/** Receives warnings and findings; the pointers live only for the duration of the call. */
typedef void (*ep_diag_fn)(void *userdata, const ep_diag *diag);

EP_EXPORT const char *ep_severity_string(ep_severity sev);

/** A list that keeps copies of diagnostics, in the order they came, for a program that runs
 *  checks or builds on several threads and reports each one's diagnostics together and in
 *  input order (as `epubpack check -j` does). Not locked: one list per call. */
typedef struct ep_diag_log ep_diag_log;
/** A new empty list; NULL when out of memory. */
EP_EXPORT ep_diag_log *ep_diag_log_new(void);
/** An ep_diag_fn: keeps a copy of `diag` in `log` (an ep_diag_log *). Out of memory, the
 *  diagnostic is not kept and ep_diag_log_lost() says so. */
EP_EXPORT void ep_diag_log_add(void *log, const ep_diag *diag);
/** How many diagnostics the list keeps (0 for NULL). */
EP_EXPORT size_t ep_diag_log_count(const ep_diag_log *log);
/** The i-th diagnostic kept (0-based, i < ep_diag_log_count), valid until ep_diag_log_free. */
EP_EXPORT const ep_diag *ep_diag_log_get(const ep_diag_log *log, size_t i);
/** Non-zero when a diagnostic could not be kept for want of memory. */
EP_EXPORT int ep_diag_log_lost(const ep_diag_log *log);
EP_EXPORT void ep_diag_log_free(ep_diag_log *log);

/** ## Building */
typedef enum ep_hyphenation {
    EP_HYPHEN_DEFAULT = 0, /**< the book's (or a chapter's) `hyphenation:` key, else SOFT where
                              libhyphen has a dictionary for the language, else CSS (and CSS
                              for the Kobo target) */
    EP_HYPHEN_CSS,         /**< `lang` plus CSS `hyphens: auto`: the reader hyphenates */
    EP_HYPHEN_SOFT,        /**< soft hyphens (U+00AD) inserted with libhyphen, `hyphens: manual` */
    EP_HYPHEN_OFF          /**< no soft hyphens, `hyphens: manual` */
} ep_hyphenation;

typedef enum ep_typography {
    EP_TYPO_DEFAULT = 0, /**< take the book's `typography:` key, else by language (ru → RU,
                              en → EN, uk → UK, … each language below; any other → OFF) */
    EP_TYPO_RU,          /**< Russian: «…» „…“, spaced em dashes, no-break spaces, … */
    EP_TYPO_OFF,
    EP_TYPO_EN, /**< English: “…” ‘…’ and apostrophes, em and en dashes from -- and ---, … */
    /* The other Cyrillic languages: Russian's rules with each language's quotes, apostrophe,
     * short words, units and months (README "Typography"). */
    EP_TYPO_UK, /**< Ukrainian: «…» „…“, the apostrophe ʼ (U+02BC) */
    EP_TYPO_BE, /**< Belarusian: «…» „…“, the apostrophe ʼ (U+02BC) */
    EP_TYPO_BG, /**< Bulgarian: „…“ ‚…‘ */
    EP_TYPO_SR, /**< Serbian (Cyrillic): „…“ ’…’ */
    EP_TYPO_MK, /**< Macedonian: „…“ ‚…‘ */
    EP_TYPO_KK, /**< Kazakh: «…» “…” */
    EP_TYPO_MN  /**< Mongolian (Cyrillic): “…” ‘…’ */
} ep_typography;

typedef enum ep_target {
    EP_TARGET_DEFAULT = 0, /**< take the book's `target:` key, else EPUB */
    EP_TARGET_EPUB,        /**< an EPUB 3 for every reading system */
    EP_TARGET_KOBO         /**< a Kobo kepub: kepubify's koboSpan markup; named NAME.kepub.epub */
} ep_target;

/**
 * The options of a build, in an opaque object: made by `ep_options_new` with every default,
 * changed by the setters, read (never changed) by `ep_build`, released by `ep_options_free`.
 *
 * An object rather than a struct the program fills in, as libzip (`zip_t`, `zip_source_t`) and
 * cmark (`cmark_parser`) keep theirs: its size and layout are the library's alone, so a later
 * libepubpack can add an option (a new setter), and change how it keeps the others, without
 * breaking a program compiled against this header. A struct with a leading `size` field set by
 * an init function also allows appending fields, but fixes the layout of every existing one in
 * callers forever and fails silently when a caller forgets the init. The setters also check
 * each value when it is set and copy strings, so nothing needs to outlive the call.
 *
 * Setters return EP_OK, EP_ERR_NOMEM, or EP_ERR_USAGE for a NULL object or a value out of
 * range (which leaves the option unchanged). An object is not locked: set it up on one
 * thread, then share it read-only among concurrent builds ("Threads" above).
 */
typedef struct ep_options ep_options;

/** A new options object with every default; NULL when out of memory. */
EP_EXPORT ep_options *ep_options_new(void);
EP_EXPORT void ep_options_free(ep_options *opts);

/** Font family name, font file, or "none"; NULL (the default) for the book's `font:` key,
 *  else PT Serif. */
EP_EXPORT ep_status ep_options_set_font(ep_options *opts, const char *font);
/** A stylesheet appended after the built-in one; NULL (the default) for none. */
EP_EXPORT ep_status ep_options_set_css(ep_options *opts, const char *path);
/** The book's language, a BCP 47 tag whose primary subtag is in ISO 639 ("uk", "sr-Cyrl"),
 *  over the book's `lang` key; NULL (the default) for the key, else the language detected from
 *  the text (with the warning EPK-LANG). EP_ERR_USAGE for a tag that is not such a tag. */
EP_EXPORT ep_status ep_options_set_lang(ep_options *opts, const char *lang);
/** Default: EP_HYPHEN_DEFAULT (the book's `hyphenation:` key, else by language and target). */
EP_EXPORT ep_status ep_options_set_hyphenation(ep_options *opts, ep_hyphenation mode);
/** Default: EP_TYPO_DEFAULT (the book's `typography:` key, else by language). */
EP_EXPORT ep_status ep_options_set_typography(ep_options *opts, ep_typography mode);
/** The names the `typography:` key and `--typography` take, NULL-terminated: each language's
 *  ISO 639-1 code (the mode a book in that language gets by default), then "off". */
EP_EXPORT const char *const *ep_typography_names(void);
/** ep_options_set_typography by one of those names; EP_ERR_USAGE for any other text. */
EP_EXPORT ep_status ep_options_set_typography_text(ep_options *opts, const char *name);
/** The heading level (1 to 6) at which chapters are split into several content documents, as
 *  pandoc's --split-level; parts still over 256 KB are split further at the next level down,
 *  then between blocks. 0 (the default): the book's `split-level:` key, else 1. */
EP_EXPORT ep_status ep_options_set_split_level(ep_options *opts, int level);
/** The largest side ep_options_set_image_size takes: JPEG's own limit (ITU T.81 §B.2.2 allows
 *  65535; libjpeg stops at 65500). */
#define EP_IMAGE_SIDE_MAX 65500
/** JPEG and PNG images larger than width × height px are shrunk to fit (never enlarged), have
 *  their EXIF orientation applied, CMYK or 16-bit data converted to 8-bit sRGB and their
 *  metadata stripped; GIF and SVG are stored as they are. 0, 0 turns this off (images are stored
 *  as they are); -1, -1 (the default) takes the book's `image-size:` key, else 1600 × 2560.
 *  Otherwise each side is 1 to 65500. */
EP_EXPORT ep_status ep_options_set_image_size(ep_options *opts, int width, int height);
/** The same from text, as the `image-size:` key and `--image-size` write it: "WxH" (e.g.
 *  "1600x2560") or "off". EP_ERR_USAGE for anything else. */
EP_EXPORT ep_status ep_options_set_image_size_text(ep_options *opts, const char *size);
/** 1: JPEG and PNG images are converted to 8-bit grey, for e-ink screens; 0: they keep their
 *  colour, whatever the book's `grayscale:` key says; -1 (the default): the book's key, else
 *  colour. Any other value is EP_ERR_USAGE. */
EP_EXPORT ep_status ep_options_set_grayscale(ep_options *opts, int grayscale);
/** Default: EP_TARGET_DEFAULT (the book's `target:` key, else EPUB). */
EP_EXPORT ep_status ep_options_set_target(ep_options *opts, ep_target target);
/** Non-zero (the default): validate the written EPUB before renaming it into place, and fail
 *  with EP_ERR_CHECK if it has errors. Zero skips that (not recommended). */
EP_EXPORT ep_status ep_options_set_check(ep_options *opts, int check);
/** Receives the build's warnings, and the checker's findings on the written EPUB; NULL (the
 *  default) for none. */
EP_EXPORT ep_status ep_options_set_diag(ep_options *opts, ep_diag_fn diag, void *userdata);

/** What a successful build produced. This struct, ep_error and ep_check_result are the ones
 *  a program allocates; a change to any of them comes with a new minor version and SOVERSION
 * ("Versions"). */
typedef struct ep_build_result {
    size_t bytes;      /**< size of the written EPUB */
    size_t chapters;   /**< chapter files */
    size_t words;      /**< words of body text */
    size_t warnings;   /**< warnings reported through the callback */
    double seconds[6]; /**< time per stage: read, typeset, fonts, package, zip, check */
} ep_build_result;

/**
 * Builds `input` (a book folder, a .md/.txt file or a saved web page, .html/.htm) into the EPUB
 * `output`, with `opts`
 * (NULL: every default). The EPUB is made in the output's folder without a name, checked,
 * flushed to the disk, then renamed over the output: on failure nothing is left behind and an
 * existing output file is untouched. `result` may be NULL.
 */
EP_EXPORT ep_status ep_build(const ep_options *opts, const char *input, const char *output,
                             ep_build_result *result, ep_error *err);

/**
 * ## Batches: outputs made durable together
 *
 * `ep_build` flushes each EPUB to the disk on its own (the file, then its folder). A program
 * building many books can have that done once for all: `ep_build_begin` does all of `ep_build`
 * but the last step, leaving a complete, checked EPUB that has no name yet and is not yet
 * flushed; `ep_build_commit` flushes the data of all of them (one `syncfs` per file system),
 * then renames each over its output, then flushes each folder once. An EPUB is never named
 * before its data is on the disk, so a crash still leaves the old file or the new one.
 * `ep_build` is `ep_build_begin`, then `ep_build_commit` of one, then `ep_pending_free`.
 *
 * A pending build holds two open file descriptors (the file and its folder) until it is
 * freed: commit in groups (`epubpack build -O` commits 128 at a time).
 */
typedef struct ep_pending ep_pending;

/** As ep_build, up to the EPUB's name: on EP_OK, *pending receives it (free with
 *  ep_pending_free, committed or not; an uncommitted one leaves nothing behind). */
EP_EXPORT ep_status ep_build_begin(const ep_options *opts, const char *input, const char *output,
                                   ep_pending **pending, ep_build_result *result, ep_error *err);
/** Puts n pending EPUBs in place, durably (above). status[i] receives each one's outcome and
 *  err[i] (err may be NULL) its detail; returns EP_OK when all succeeded, else the first
 *  failure's status. A pending build is committed at most once. */
EP_EXPORT ep_status ep_build_commit(ep_pending *const *pending, size_t n, ep_status *status,
                                    ep_error *err);
/** Closes a pending build: removes its EPUB if it was not committed. NULL is accepted. */
EP_EXPORT void ep_pending_free(ep_pending *pending);

/**
 * The target a build of `input` with `opts` (NULL: every default) makes: the option, else the
 * book's `target:` key, else EP_TARGET_EPUB. Reads only the metadata (book.yaml, or the front
 * matter that carries it), so a program can name the output before building, as `epubpack
 * build` names a Kobo book NAME.kepub.epub. Metadata that cannot be read counts as EPUB here;
 * ep_build reports what is wrong with it.
 */
EP_EXPORT ep_target ep_target_of(const ep_options *opts, const char *input);

/** ## Checking */
typedef struct ep_check_result {
    size_t fatals, errors, warnings, usages, infos;
} ep_check_result;

/**
 * Validates the EPUB at `path` and reports every finding through `diag`. `path` is a packaged
 * EPUB (ZIP), an unpacked EPUB folder (its files are read from disk under the same limits;
 * symbolic links leaving the folder and special files are findings, never read), or, chosen by
 * extension as epubcheck does, a single package document (.opf) or content document (.xhtml,
 * .svg) checked alone (checks that need the rest of the publication are skipped).
 * Returns EP_OK when the input could be examined (look at `result` for the verdict), or an
 * error when it could not be opened at all.
 */
EP_EXPORT ep_status ep_check_file(const char *path, ep_diag_fn diag, void *userdata,
                                  ep_check_result *result, ep_error *err);

/** One file of a checked publication: a manifest item, or a file of the container the manifest
 *  does not list (`id` and `media_type` NULL), as epubcheck's JSON report lists `items`. */
typedef struct ep_check_item {
    const char *id;         /**< manifest id; NULL for a file the manifest does not list */
    const char *path;       /**< container path ("EPUB/text/ch1.xhtml"), or the href when remote */
    const char *media_type; /**< as declared; NULL when not in the manifest */
    uint64_t size;          /**< uncompressed bytes; 0 when the file is missing */
    uint64_t compressed_size; /**< bytes in the ZIP; 0 when missing or in a folder */
    int stored;               /**< 1 when not compressed (a folder's files are) */
    long spine_index;         /**< 0-based position in the spine; -1 when not in it */
    int linear;               /**< in the spine and not linear="no" */
    int scripted;             /**< "scripted" in its manifest properties */
} ep_check_item;

/** What a checked package document declares, as epubcheck's JSON report lists it
 *  (`publication`, `items`). Strings are NULL when absent; everything lives only for the
 *  duration of the callback. */
typedef struct ep_check_publication {
    const char *version; /**< the package's version attribute ("3.0", "2.0") */
    const char *title, *publisher, *date, *description, *rights, *language;
    const char *identifier; /**< the unique identifier's value */
    const char *const *creators;
    size_t ncreators;
    const char *const *contributors;
    size_t ncontributors;
    const char *const *subjects;
    size_t nsubjects;
    /** rendition:layout, rendition:orientation and rendition:spread; NULL when not set */
    const char *layout, *orientation, *spread;
    size_t spine_items;
    int has_ncx, has_encryption, has_signatures;
    const ep_check_item *items; /**< manifest order, then the unlisted files in ZIP order */
    size_t nitems;
    /* What a catalog needs (`epubpack catalog`), added after the fields above. */
    /** Parallel to `creators`: each one's file-as, the sort name ("Tolstoy, Leo"): EPUB 3's
     *  `<meta refines="#id" property="file-as">`, EPUB 2's `opf:file-as`; NULL when none. */
    const char *const *creators_file_as;
    /** The series: EPUB 3's `belongs-to-collection` whose `collection-type` is "series" (else
     *  an untyped one), else Calibre's `calibre:series`; NULL when none. */
    const char *series;
    /** Its position as written (`group-position`, else `calibre:series_index`); NULL when none. */
    const char *series_position;
    const char *modified; /**< dcterms:modified as written; NULL when absent */
    /** The cover image: the manifest item with the `cover-image` property, else the one EPUB 2's
     *  `<meta name="cover">` names, when its media type is an image: its container path, its
     *  declared media type, and its bytes (read within the checker's limits; NULL when they
     *  could not be read). NULL when the package names no cover. */
    const char *cover;
    const char *cover_media_type;
    const unsigned char *cover_data;
    size_t cover_size;
} ep_check_publication;

typedef void (*ep_check_publication_fn)(void *userdata, const ep_check_publication *pub);

/**
 * ep_check_file, and when a package document could be read, `pub` (may be NULL) receives what
 * it declares: once, after the findings, on the calling thread, before the call returns.
 * `userdata` goes to both callbacks. For programs that write epubcheck's JSON report.
 */
EP_EXPORT ep_status ep_check_file_report(const char *path, ep_diag_fn diag,
                                         ep_check_publication_fn pub, void *userdata,
                                         ep_check_result *result, ep_error *err);

/**
 * ep_check_file_report, with the EPUB version (2 or 3; 0 = 3) whose rules a single document
 * (.opf, .xhtml, .svg) is checked by, as epubcheck's `-v 2.0` / `-v 3.0`. A publication is
 * always checked by the version its package document declares.
 */
EP_EXPORT ep_status ep_check_file_version(const char *path, int epub_version, ep_diag_fn diag,
                                          ep_check_publication_fn pub, void *userdata,
                                          ep_check_result *result, ep_error *err);

/**
 * What the package document of the EPUB at `path` declares, for programs that list books (a
 * catalog): reads the container and the package document as ep_check_file_report does, with
 * the same limits on hostile input, but validates nothing beyond them (no content document is
 * read, only the cover's bytes). `diag` (may be NULL) receives the findings of what was read;
 * `pub` the facts, when a package document could be read. Returns as ep_check_file.
 */
EP_EXPORT ep_status ep_read_publication(const char *path, ep_diag_fn diag,
                                        ep_check_publication_fn pub, void *userdata,
                                        ep_check_result *result, ep_error *err);

/**
 * ## Catalogs
 *
 * `ep_catalog` lists every EPUB under the folder `dir` (`.epub`, `.kepub.epub`, in
 * subfolders too) in a static catalog written to `out` (NULL: `dir` itself): OPDS 1.2 feeds
 * (`opds.xml`, Atom), OPDS 2.0 feeds (`opds.json`), an HTML page per feed (`index.html`), and
 * cover thumbnails, all but the root files in `out/catalog/`. When `out` is another folder,
 * each EPUB is also put there under its path in `dir` (a hard link, else a copy), so that `out`
 * is complete on its own. Nothing under `dir` is changed (but the catalog's own files when
 * `out` is `dir`).
 *
 * Incremental: the facts of each EPUB are kept in `out/catalog/.state`; an EPUB whose size and
 * modification time are unchanged is not read again, and a file whose bytes would not change
 * is not written again, so a run over unchanged books writes nothing. Feed dates are
 * SOURCE_DATE_EPOCH when set, else the newest of the books' own.
 *
 * `title` (NULL: "Library") names the catalog; `base_url` (NULL: relative links) makes every
 * link absolute under that URL, where `out` is served. An EPUB that cannot be read, or has no
 * title, is listed with what is known and reported to `diag` (a warning naming it).
 */
typedef struct ep_catalog_result {
    size_t books;    /**< EPUBs listed */
    size_t read;     /**< EPUBs read in this run (new or changed) */
    size_t written;  /**< files written because they were new or changed */
    size_t removed;  /**< files of the previous run removed (their book or feed is gone) */
    size_t warnings; /**< warnings reported through `diag` */
} ep_catalog_result;

EP_EXPORT ep_status ep_catalog(const char *dir, const char *out, const char *title,
                               const char *base_url, ep_diag_fn diag, void *userdata,
                               ep_catalog_result *result, ep_error *err);

/** ## Version */
EP_EXPORT const char *ep_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* EPUBPACK_H */

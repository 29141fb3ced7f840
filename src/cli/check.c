/*
 * `epubpack check FILE...`: epubcheck's options, its text lines and its JSON report
 * (docs/check-json.md), so that a CI written for epubcheck 5.3 keeps working; several files
 * on --jobs threads, reported in the order given; GitHub Actions workflow commands.
 */
#include "cli.h"
#include "util/buf.h"
#include "util/utf8.h"

#include <json-c/json.h>

#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <strings.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FMT_TEXT, FMT_GITHUB };

typedef struct check_opts {
    const char *json; /* --json FILE, "-" for stdout; NULL for none */
    unsigned shown;   /* bit (1 << severity) for each severity reported */
    int level;        /* epubcheck's reporting level: 1 -f, 2 -e, 3 -w, 4 (default) -i, 5 -u */
    int epub_version; /* -v: 2 or 3, for single documents; 0 = 3 */
    bool quiet, failonwarnings, exp;
    const char *single; /* --mode opf|xhtml|svg: the extension each FILE must have */
    int format, jobs;
} check_opts;

typedef struct checked {
    ep_diag_log *log; /* the findings, in the checker's order (check_one to emit) */
    bool oom;         /* a finding or the JSON report's parts could not be kept */
    const char *file; /* as given */
    size_t file_len;  /* without trailing slashes, for "FILE/PATH" */
    const char *base; /* its last component: the path single documents report */
    bool dir;         /* an unpacked EPUB folder */
    bool json;        /* make epubcheck's `publication` and `items` */
    json_object *publication, *items;
    char version[8];       /* the rules applied, as epubcheck names them ("3.3", "2.0.1") */
    ep_check_result shown; /* the findings the reporting level lets through */
    ep_check_result res;
    ep_error err;
    ep_status st;
    double ms;
    time_t when;
    bool done;
} checked;

typedef struct run {
    const check_opts *o;
    checked *files;
    size_t n, printed; /* files[0..printed) are reported; under `lock` */
    json_object *reports;
    bool nomem;
    pthread_mutex_t lock;
} run;

/* ---- strings ---- */

enum { CLEAN_JSON, CLEAN_LINE };

/* Appends s as valid UTF-8: a byte that starts no valid sequence becomes U+FFFD (RFC 8259 §8.1
 * wants UTF-8; a hostile ZIP entry name need not be). CLEAN_LINE also makes one line of it,
 * as epubcheck prints messages: runs of white space become one space, other control
 * characters (C0, DEL, C1) and the Unicode line and paragraph separators are written \xNN or
 * \uNNNN, so no finding can forge another line or move a terminal's cursor. */
static bool clean(epi_buf *b, const char *s, int mode)
{
    size_t len = strlen(s ? s : ""), i = 0;
    bool space = false;
    while (i < len) {
        uint32_t cp;
        size_t n = epi_utf8_decode(s + i, len - i, &cp);
        bool bad = n == 0;
        if (bad) {
            cp = 0xFFFD;
            n = 1;
        }
        if (mode == CLEAN_LINE && (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r')) {
            space = true;
            i += n;
            continue;
        }
        if (space && !epi_buf_puts(b, " "))
            return false;
        space = false;
        bool ok;
        if (mode == CLEAN_LINE && (cp < 0x20 || cp == 0x7F))
            ok = epi_buf_printf(b, "\\x%02X", (unsigned)cp);
        else if (mode == CLEAN_LINE && ((cp >= 0x80 && cp < 0xA0) || cp == 0x2028 || cp == 0x2029))
            ok = epi_buf_printf(b, "\\u%04X", (unsigned)cp);
        else if (bad)
            ok = epi_utf8_put(b, cp);
        else
            ok = epi_buf_append(b, s + i, n);
        if (!ok)
            return false;
        i += n;
    }
    return true;
}

/* GitHub's workflow-command escapes: % CR LF in the message; also : and , in a property. */
static bool gh_escape(epi_buf *b, const char *s, bool property)
{
    for (; *s; s++) {
        const char *e = *s == '%'               ? "%25"
                        : *s == '\r'            ? "%0D"
                        : *s == '\n'            ? "%0A"
                        : property && *s == ':' ? "%3A"
                        : property && *s == ',' ? "%2C"
                                                : NULL;
        if (!(e ? epi_buf_puts(b, e) : epi_buf_append(b, s, 1)))
            return false;
    }
    return true;
}

/* The finding is about the checked file as a whole (its path is the file, or the name of a
 * single document checked alone), not about a file inside it. */
static bool about_whole(const checked *f, const ep_diag *d)
{
    return !d->path[0] || !strcmp(d->path, f->file) || !strcmp(d->path, f->base);
}

/* epubcheck's location: "book.epub/EPUB/text/ch1.xhtml(12,7)", -1 when unknown. */
static bool location(epi_buf *b, const checked *f, const ep_diag *d)
{
    epi_buf file = {0};
    bool ok = epi_buf_append(&file, f->file, f->file_len) && clean(b, file.data, CLEAN_LINE);
    epi_buf_free(&file);
    if (ok && !about_whole(f, d))
        ok = epi_buf_puts(b, "/") && clean(b, d->path, CLEAN_LINE);
    return ok &&
           epi_buf_printf(b, "(%d,%d)", d->line > 0 ? d->line : -1, d->column > 0 ? d->column : -1);
}

/* ---- text and GitHub lines ---- */

static bool text_line(epi_buf *b, const checked *f, const ep_diag *d)
{
    return epi_buf_printf(b, "%s(", ep_severity_string(d->severity)) &&
           clean(b, d->id, CLEAN_LINE) && epi_buf_puts(b, "): ") && location(b, f, d) &&
           epi_buf_puts(b, ": ") && clean(b, d->message, CLEAN_LINE) && epi_buf_puts(b, "\n");
}

/* "::error file=F,line=L,col=C,title=ID::message". A file of the repository is named when
 * there is one (a folder's file, a single document); inside a packaged EPUB the annotation
 * goes on the .epub and the message starts with the location inside it. */
static bool github_line(epi_buf *b, const checked *f, const ep_diag *d)
{
    const char *level = d->severity <= EP_SEV_ERROR     ? "error"
                        : d->severity == EP_SEV_WARNING ? "warning"
                                                        : "notice";
    epi_buf file = {0}, msg = {0};
    bool whole = about_whole(f, d), ok;

    ok = epi_buf_append(&file, f->file, f->file_len);
    if (ok && f->dir && !whole)
        ok = epi_buf_puts(&file, "/") && epi_buf_puts(&file, d->path);
    if (ok && !f->dir && !whole)
        ok = clean(&msg, d->path, CLEAN_LINE) &&
             epi_buf_printf(&msg, "(%d,%d): ", d->line > 0 ? d->line : -1,
                            d->column > 0 ? d->column : -1);
    ok = ok && clean(&msg, d->message, CLEAN_LINE);
    if (ok) {
        epi_buf name = {0};
        ok = epi_buf_printf(b, "::%s file=", level) && clean(&name, file.data, CLEAN_LINE) &&
             gh_escape(b, name.data ? name.data : "", true);
        epi_buf_free(&name);
    }
    if (ok && (f->dir || whole) && d->line > 0)
        ok = epi_buf_printf(b, ",line=%d", d->line);
    if (ok && (f->dir || whole) && d->line > 0 && d->column > 0)
        ok = epi_buf_printf(b, ",col=%d", d->column);
    if (ok) {
        epi_buf id = {0};
        ok = epi_buf_puts(b, ",title=") && clean(&id, d->id, CLEAN_LINE) &&
             gh_escape(b, id.data ? id.data : "", true) && epi_buf_puts(b, "::") &&
             gh_escape(b, msg.data ? msg.data : "", false) && epi_buf_puts(b, "\n");
        epi_buf_free(&id);
    }
    epi_buf_free(&file);
    epi_buf_free(&msg);
    return ok;
}

/* ---- epubcheck's JSON report (docs/check-json.md) ---- */

static json_object *jstr(const char *s)
{
    epi_buf b = {0};
    json_object *o = NULL;
    if (clean(&b, s, CLEAN_JSON))
        o = json_object_new_string_len(b.data ? b.data : "", (int)b.len);
    epi_buf_free(&b);
    return o;
}

/* Adds `val` under `key`; false (and `val` released) when out of memory. NULL values are
 * written as JSON null only where `may_be_null`. */
static bool put(json_object *obj, const char *key, json_object *val, bool may_be_null)
{
    if ((!val && !may_be_null) || json_object_object_add(obj, key, val) != 0) {
        json_object_put(val);
        return false;
    }
    return true;
}

static bool add_location(json_object *msg, const char *path, int line, int col)
{
    json_object *loc = json_object_new_object(), *url = json_object_new_object();
    json_object *locs = NULL;
    /* epubcheck 5.3.0 writes its Java URL object; kept so that the keys match */
    bool ok = url && put(url, "opaque", json_object_new_boolean(0), false) &&
              put(url, "hierarchical", json_object_new_boolean(1), false);
    if (!ok || !loc || !json_object_object_get_ex(msg, "locations", &locs)) {
        json_object_put(url);
        json_object_put(loc);
        return false;
    }
    ok = put(loc, "url", url, false) && put(loc, "path", jstr(path), false) &&
         put(loc, "line", json_object_new_int(line > 0 ? line : -1), false) &&
         put(loc, "column", json_object_new_int(col > 0 ? col : -1), false) &&
         put(loc, "context", NULL, true);
    if (!ok || json_object_array_add(locs, loc) != 0) {
        json_object_put(loc);
        return false;
    }
    return true;
}

/* One finding: as epubcheck does, findings with the same severity, ID and text are one
 * message with several locations. `seen` maps that triple to the message. */
static bool add_message(json_object *messages, json_object *seen, size_t counts[5],
                        const ep_diag *d, const char *path)
{
    epi_buf key = {0};
    json_object *msg = NULL;
    bool ok = epi_buf_printf(&key, "%d\x1f%s\x1f%s", (int)d->severity, d->id, d->message);
    if (ok && !json_object_object_get_ex(seen, key.data, &msg)) {
        msg = json_object_new_object();
        ok = msg && put(msg, "ID", jstr(d->id), false) &&
             put(msg, "severity", jstr(ep_severity_string(d->severity)), false) &&
             put(msg, "message", jstr(d->message), false) &&
             put(msg, "additionalLocations", json_object_new_int(0), false) &&
             put(msg, "locations", json_object_new_array(), false) &&
             put(msg, "suggestion", NULL, true);
        if (ok && json_object_array_add(messages, msg) != 0)
            ok = false;
        if (!ok) {
            json_object_put(msg);
            msg = NULL;
        } else {
            ok = put(seen, key.data, json_object_get(msg), false);
            counts[d->severity]++;
        }
    }
    ok = ok && msg && add_location(msg, path, d->line, d->column);
    epi_buf_free(&key);
    return ok;
}

static json_object *jstr_or_null(const char *s)
{
    return s ? jstr(s) : NULL;
}

static json_object *jlist(const char *const *v, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++) {
        json_object *e = jstr(v[i]);
        if (!e || json_object_array_add(a, e) != 0) {
            json_object_put(e);
            json_object_put(a);
            return NULL;
        }
    }
    return a;
}

/* epubcheck's `publication`: the values it writes when a package declares nothing, replaced by
 * what `pub` says when the package was read. */
static json_object *publication(const ep_check_publication *pub)
{
    static const ep_check_publication none = {0};
    const ep_check_publication *p = pub ? pub : &none;
    bool scripted = false, audio = false, video = false;
    for (size_t i = 0; i < p->nitems; i++) {
        const char *mt = p->items[i].media_type ? p->items[i].media_type : "";
        scripted |= p->items[i].scripted != 0;
        audio |= !strncmp(mt, "audio/", 6);
        video |= !strncmp(mt, "video/", 6);
    }
    /* the rules applied, as epubcheck 5.3 writes them: EPUB 3.3 for any 3.x package */
    const char *version = !p->version ? NULL : p->version[0] == '3' ? "3.3" : p->version;
    json_object *o = json_object_new_object();
    bool ok =
        o && put(o, "publisher", jstr_or_null(p->publisher), !p->publisher) &&
        put(o, "title", jstr_or_null(p->title), !p->title) &&
        put(o, "creator", jlist(p->creators, p->ncreators), false) &&
        put(o, "date", jstr_or_null(p->date), !p->date) &&
        put(o, "subject", jlist(p->subjects, p->nsubjects), false) &&
        put(o, "description", jstr_or_null(p->description), !p->description) &&
        put(o, "rights", jstr_or_null(p->rights), !p->rights) &&
        put(o, "identifier", jstr_or_null(p->identifier), !p->identifier) &&
        put(o, "language", jstr_or_null(p->language), !p->language) &&
        put(o, "nSpines", json_object_new_int64((int64_t)p->spine_items), false) &&
        put(o, "checkSum", json_object_new_int(0), false) &&
        put(o, "renditionLayout", pub ? jstr(p->layout ? p->layout : "reflowable") : NULL, !pub) &&
        put(o, "renditionOrientation", pub ? jstr(p->orientation ? p->orientation : "auto") : NULL,
            !pub) &&
        put(o, "renditionSpread", pub ? jstr(p->spread ? p->spread : "auto") : NULL, !pub) &&
        put(o, "ePubVersion", jstr_or_null(version), !version) &&
        put(o, "isScripted", json_object_new_boolean(scripted), false) &&
        put(o, "hasFixedFormat",
            json_object_new_boolean(p->layout && !strcmp(p->layout, "pre-paginated")), false) &&
        put(o, "isBackwardCompatible", json_object_new_boolean(p->has_ncx), false) &&
        put(o, "hasAudio", json_object_new_boolean(audio), false) &&
        put(o, "hasVideo", json_object_new_boolean(video), false) &&
        put(o, "charsCount", json_object_new_int(0), false) &&
        put(o, "embeddedFonts", json_object_new_array(), false) &&
        put(o, "refFonts", json_object_new_array(), false) &&
        put(o, "hasEncryption", json_object_new_boolean(p->has_encryption), false) &&
        put(o, "hasSignatures", json_object_new_boolean(p->has_signatures), false) &&
        put(o, "contributors", jlist(p->contributors, p->ncontributors), false);
    if (!ok) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* One of epubcheck's `items`: a manifest item, or a file the manifest does not list, which
 * epubcheck names "ePubCheck.NoManifestRef:PATH". */
static json_object *item(const ep_check_publication *p, const ep_check_item *it)
{
    json_object *o = json_object_new_object();
    epi_buf id = {0};
    bool spine = it->spine_index >= 0, fixed = p->layout && !strcmp(p->layout, "pre-paginated");
    bool ok =
        o &&
        (it->id ? epi_buf_puts(&id, it->id)
                : epi_buf_printf(&id, "ePubCheck.NoManifestRef:%s", it->path)) &&
        put(o, "id", jstr(id.data), false) && put(o, "fileName", jstr(it->path), false) &&
        put(o, "media_type", jstr_or_null(it->media_type), !it->media_type) &&
        put(o, "compressedSize", json_object_new_int64((int64_t)it->compressed_size), false) &&
        put(o, "uncompressedSize", json_object_new_int64((int64_t)it->size), false) &&
        put(o, "compressionMethod", jstr(it->stored ? "Stored" : "Deflated"), false) &&
        put(o, "checkSum", NULL, true) &&
        put(o, "isSpineItem", json_object_new_boolean(spine), false) &&
        put(o, "spineIndex", spine ? json_object_new_int64(it->spine_index) : NULL, !spine) &&
        put(o, "isLinear", json_object_new_boolean(it->linear), false) &&
        put(o, "isFixedFormat", spine ? json_object_new_boolean(fixed) : NULL, !spine) &&
        put(o, "isScripted", json_object_new_boolean(it->scripted), false) &&
        put(o, "renditionLayout", spine ? jstr(p->layout ? p->layout : "reflowable") : NULL,
            !spine) &&
        put(o, "renditionOrientation",
            spine ? jstr(p->orientation ? p->orientation : "auto") : NULL, !spine) &&
        put(o, "renditionSpread", spine ? jstr(p->spread ? p->spread : "auto") : NULL, !spine) &&
        put(o, "referencedItems", json_object_new_array(), false);
    epi_buf_free(&id);
    if (!ok) {
        json_object_put(o);
        return NULL;
    }
    return o;
}

/* ep_check_file_report's publication callback (on the checking thread). */
static void on_publication(void *ud, const ep_check_publication *pub)
{
    checked *f = ud;
    if (pub->version)
        snprintf(f->version, sizeof f->version, "%s",
                 pub->version[0] == '2'   ? "2.0.1"
                 : pub->version[0] == '3' ? "3.3"
                                          : "");
    if (!f->json)
        return;
    f->publication = publication(pub);
    f->items = json_object_new_array();
    for (size_t i = 0; f->items && i < pub->nitems; i++) {
        json_object *it = item(pub, &pub->items[i]);
        if (!it || json_object_array_add(f->items, it) != 0) {
            json_object_put(it);
            json_object_put(f->items);
            f->items = NULL;
        }
    }
    if (!f->publication || !f->items)
        f->oom = true; /* reported as out of memory */
}

static json_object *report(const checked *f, const check_opts *o)
{
    json_object *r = json_object_new_object(), *messages = json_object_new_array();
    json_object *seen = json_object_new_object(), *checker = json_object_new_object();
    size_t counts[5] = {0};
    bool ok = r && messages && seen && checker;
    char date[32] = "";

    for (size_t i = 0; ok && i < ep_diag_log_count(f->log); i++) {
        const ep_diag *d = ep_diag_log_get(f->log, i);
        if (o->shown & (1u << d->severity))
            ok = add_message(messages, seen, counts, d, d->path[0] ? d->path : f->file);
    }
    if (ok && f->st != EP_OK) {
        /* epubcheck's "Unable to read file" */
        ep_diag d = {EP_SEV_FATAL, "PKG-008", f->file, 0, 0, f->err.message};
        ok = add_message(messages, seen, counts, &d, f->file);
    }
    strftime(date, sizeof date, "%m-%d-%Y %H:%M:%S", localtime(&f->when));
    if (ok) {
        ok = put(r, "messages", messages, false);
        messages = NULL;
    }
    ok = ok && put(r, "customMessageFileName", NULL, true) &&
         put(checker, "path", jstr(f->file), false) &&
         put(checker, "filename", jstr(f->base), false) &&
         put(checker, "checkerVersion", jstr(ep_version_string()), false) &&
         put(checker, "checkDate", jstr(date), false) &&
         put(checker, "elapsedTime", json_object_new_int64((int64_t)f->ms), false) &&
         put(checker, "nFatal", json_object_new_int64((int64_t)counts[EP_SEV_FATAL]), false) &&
         put(checker, "nError", json_object_new_int64((int64_t)counts[EP_SEV_ERROR]), false) &&
         put(checker, "nWarning", json_object_new_int64((int64_t)counts[EP_SEV_WARNING]), false) &&
         put(checker, "nUsage", json_object_new_int64((int64_t)counts[EP_SEV_USAGE]), false);
    if (ok) {
        ok = put(r, "checker", checker, false);
        checker = NULL;
    }
    ok = ok &&
         put(r, "publication", f->publication ? json_object_get(f->publication) : publication(NULL),
             false) &&
         put(r, "items", f->items ? json_object_get(f->items) : json_object_new_array(), false);
    json_object_put(seen);
    json_object_put(messages);
    json_object_put(checker);
    if (!ok) {
        json_object_put(r);
        return NULL;
    }
    return r;
}

/* ---- running ---- */

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static bool has_extension(const char *file, const char *mode);

/* Prints one file's findings (under the run's lock, in the order the files were given). */
static void emit(run *r, checked *f)
{
    const check_opts *o = r->o;
    epi_buf out = {0};
    f->oom |= !f->log || ep_diag_log_lost(f->log);
    bool ok = !f->oom;

    if (f->st != EP_OK)
        print_error(&f->err);
    /* As epubcheck: with a JSON report the findings are in it only; the rules applied are
     * named at the info level and below. -q keeps the findings (epubcheck writes them to
     * stderr, which -q does not silence) and drops the rest. */
    bool lines = !o->json || (o->format == FMT_GITHUB && strcmp(o->json, "-") != 0);
    /* (--format github is epubpack's: its annotations stay beside a JSON report file) */
    /* (not for a single document, of which epubcheck does not say it) */
    bool single = !f->dir && (has_extension(f->file, "opf") || has_extension(f->file, "xhtml") ||
                              has_extension(f->file, "svg"));
    if (ok && lines && !o->quiet && o->level >= 4 && f->version[0] && !single &&
        o->format == FMT_TEXT)
        ok = epi_buf_printf(&out, "Validating using EPUB version %s rules.\n", f->version);
    for (size_t i = 0; ok && i < ep_diag_log_count(f->log); i++) {
        const ep_diag *d = ep_diag_log_get(f->log, i);
        if (!(o->shown & (1u << d->severity)))
            continue;
        size_t *n[5] = {&f->shown.fatals, &f->shown.errors, &f->shown.warnings, &f->shown.usages,
                        &f->shown.infos};
        (*n[d->severity])++;
        if (lines)
            ok = o->format == FMT_GITHUB ? github_line(&out, f, d) : text_line(&out, f, d);
    }
    if (ok && out.len)
        fwrite(out.data, 1, out.len, stdout);
    if (ok && o->json) {
        json_object *rep = report(f, o);
        ok = rep && json_object_array_add(r->reports, rep) == 0;
        if (!ok)
            json_object_put(rep);
    }
    if (!ok)
        r->nomem = true;
    epi_buf_free(&out);
    fflush(stdout);
    ep_diag_log_free(f->log);
    f->log = NULL;
    json_object_put(f->publication);
    json_object_put(f->items);
    f->publication = f->items = NULL;
}

/* The checker's findings callback: keeps them in the file's log (printed by emit, in order). */
static void keep(void *ud, const ep_diag *d)
{
    ep_diag_log_add(((checked *)ud)->log, d);
}

static void check_one(void *ud, size_t i)
{
    run *r = ud;
    checked *f = &r->files[i];
    double t0 = now_ms();
    f->when = time(NULL);
    f->log = ep_diag_log_new();
    f->st = f->log ? ep_check_file_version(f->file, r->o->epub_version, keep, on_publication, f,
                                           &f->res, &f->err)
                   : EP_ERR_NOMEM;
    f->ms = now_ms() - t0;
    pthread_mutex_lock(&r->lock);
    f->done = true;
    while (r->printed < r->n && r->files[r->printed].done)
        emit(r, &r->files[r->printed++]);
    pthread_mutex_unlock(&r->lock);
}

/* Writes the JSON to a temporary file beside `path`, then renames it over `path`: a reader
 * never sees half a report. */
static bool write_json(const char *path, const char *text)
{
    if (!strcmp(path, "-"))
        return fputs(text, stdout) >= 0 && fputc('\n', stdout) != EOF && fflush(stdout) == 0;
    size_t n = strlen(path);
    char *tmp = malloc(n + 16);
    bool ok = false;
    if (!tmp)
        return false;
    snprintf(tmp, n + 16, "%s.tmp.XXXXXX", path);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        fprintf(stderr, "%s: %s: cannot write the JSON report: %s\n", progname, path,
                strerror(errno));
        free(tmp);
        return false;
    }
    FILE *fp = fdopen(fd, "w");
    ok = fp && fputs(text, fp) >= 0 && fputc('\n', fp) != EOF && fflush(fp) == 0 && fsync(fd) == 0;
    int e = errno;
    if (fp ? fclose(fp) != 0 : close(fd) != 0)
        ok = false;
    /* mkstemp makes it 0600; a report is as readable as any file the user writes */
    mode_t mask = umask(0);
    umask(mask);
    if (ok && (chmod(tmp, 0666 & ~mask) != 0 || rename(tmp, path) != 0)) {
        e = errno;
        ok = false;
    }
    if (!ok) {
        fprintf(stderr, "%s: %s: cannot write the JSON report: %s\n", progname, path, strerror(e));
        unlink(tmp);
    }
    free(tmp);
    return ok;
}

/* "0 fatals / 1 error / 2 warnings / 0 infos", worded as epubcheck words it: the severities
 * up to the reporting level (-f: fatals only; -u: usages too), counting what is reported. */
static void counts_line(const ep_check_result *t, int level)
{
    const size_t n[5] = {t->fatals, t->errors, t->warnings, t->infos, t->usages};
    static const char *const word[5] = {"fatal", "error", "warning", "info", "usage"};
    printf("Messages:");
    for (int k = 0; k < level && k < 5; k++)
        printf("%s %zu %s%s", k ? " /" : "", n[k], word[k], n[k] == 1 ? "" : "s");
    printf("\n");
}

/* ---- options ---- */

void help_check(FILE *f)
{
    fprintf(f, "Usage: epubpack check FILE... [options]\n"
               "\n"
               "Validate each FILE: a packaged EPUB, an unpacked EPUB folder, or a single package\n"
               "(.opf) or content document (.xhtml, .svg). Each finding is one line as epubcheck\n"
               "prints it, SEVERITY(ID): FILE/PATH(LINE,COL): message (-1 when unknown), then\n"
               "\"No errors or warnings detected.\" when there are none, and one summary line of\n"
               "what was reported. The options are epubcheck's, so a CI can switch. A package of\n"
               "version 2.0 is checked by EPUB 2.0.1's rules.\n"
               "\n"
               "Options:\n"
               "  -j, --json FILE        epubcheck's JSON report to FILE, where the findings then\n"
               "                         are ('-': stdout, then the only output); several FILEs\n"
               "                         give a JSON array of reports\n"
               "  -e, --error            report fatal errors and errors only\n"
               "  -w, --warn             report warnings too (fatal, error, warning)\n"
               "  -f, --fatal            report fatal errors only\n"
               "  -i, --info             report infos too (the default)\n"
               "  -u, --usage            report usage messages too\n"
               "                         (what a level hides is neither counted nor fails)\n"
               "  -q, --quiet            print the findings only, no summary lines\n"
               "      --failonwarnings   exit 1 on (reported) warnings too\n"
               "  -m, --mode exp         each FILE is an unpacked EPUB folder (epubcheck's\n"
               "                         expanded mode; a folder is checked as one anyway)\n"
               "  -m, --mode opf|xhtml|svg\n"
               "                         each FILE is one package or content document, checked\n"
               "                         alone (as without --mode, by its extension)\n"
               "  -v 2.0|3.0             the EPUB version a single document is checked by\n"
               "                         (default 3.0; a publication's package says its own)\n"
               "      --version          print epubpack's version, then check any FILE\n"
               "      --format text|github\n"
               "                         github: GitHub Actions workflow commands (::error\n"
               "                         file=...), annotations on the pull request\n"
               "      --jobs N           check N files at a time (default: the CPUs)\n"
               "  -h, --help             this help\n"
               "\n"
               "Not supported (refused by name): epubcheck's --out/-o, --xmp/-x, --save,\n"
               "--profile/-p, --locale, --listChecks/-l, --customMessages/-c, and --mode\n"
               "nav|mo. Unlike epubcheck, the findings go to stdout, not stderr.\n"
               "\n"
               "Exit status: 0 no errors, 1 errors found (or warnings, with --failonwarnings)\n"
               "in any FILE or a FILE cannot be read (as epubcheck), 2 a usage error.\n"
               "\n"
               "Examples:\n"
               "  epubpack check book.epub\n"
               "  epubpack check book.epub --json report.json\n"
               "  epubpack check out/*.epub --format github --jobs 2\n"
               "  epubpack check --mode exp book-folder/\n"
               "  epubpack check -q book.epub && echo valid\n");
}

static const char *const formats[] = {"text", "github"};
/* epubcheck's modes for single documents (opf, xhtml, svg): the library takes a lone document's
 * kind from its extension, as epubcheck does without --mode; the mode is accepted when the
 * extension agrees. Navigation documents alone and media overlays are not checked. */
static bool has_extension(const char *file, const char *mode)
{
    const char *dot = strrchr(file, '.');
    if (!dot || strchr(dot, '/'))
        return false;
    if (!strcmp(mode, "xhtml"))
        return !strcasecmp(dot, ".xhtml") || !strcasecmp(dot, ".html") || !strcasecmp(dot, ".htm");
    return dot[1] && !strcasecmp(dot + 1, mode);
}

static int unsupported(const char *name)
{
    fprintf(stderr,
            "%s: check: epubcheck's option '%s' is not supported (supported: --json, -e, -w, "
            "-f, -i, -u, -q, -v, --failonwarnings, --version, --mode exp|opf|xhtml|svg; see "
            "'epubpack help check')\n",
            progname, name);
    return EXIT_USAGE;
}

/* The file named by --json must not be one to check, nor look like one: `check --json
 * book.epub` (the old spelling, with no report file) would otherwise overwrite the book. */
static bool json_target_ok(const char *json, char **files, size_t n)
{
    struct stat sb;
    size_t len = strlen(json);
    if (!strcmp(json, "-"))
        return true;
    bool clash = !*json || (len >= 5 && !strcmp(json + len - 5, ".epub")) ||
                 (stat(json, &sb) == 0 && S_ISDIR(sb.st_mode));
    for (size_t i = 0; !clash && i < n; i++)
        clash = !strcmp(json, files[i]);
    if (clash)
        fprintf(stderr,
                "%s: check: --json '%s': the report would overwrite an EPUB or folder; name "
                "the report's file after --json ('--json report.json', or '--json -' for "
                "stdout)\n",
                progname, json);
    return !clash;
}

/* The reporting levels, as the severities each lets through (bit 1 << severity). */
enum {
    SHOW_FATAL = 1u << EP_SEV_FATAL,
    SHOW_ERROR = SHOW_FATAL | 1u << EP_SEV_ERROR,
    SHOW_WARN = SHOW_ERROR | 1u << EP_SEV_WARNING,
    SHOW_INFO = SHOW_WARN | 1u << EP_SEV_INFO,
    SHOW_USAGE = SHOW_INFO | 1u << EP_SEV_USAGE
};

/* Parses the options into *o (and --version into *version); optind is then the first FILE.
 * Returns -1 to go on, else the exit status (help printed, or a usage error said). */
static int parse_check(int argc, char **argv, check_opts *o, bool *version)
{
    enum { O_FAILWARN = 256, O_MODE, O_FORMAT, O_JOBS, O_SAVE, O_LOCALE, O_VERSION };
    static const struct option longopts[] = {{"json", required_argument, NULL, 'j'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"error", no_argument, NULL, 'e'},
                                             {"warn", no_argument, NULL, 'w'},
                                             {"fatal", no_argument, NULL, 'f'},
                                             {"usage", no_argument, NULL, 'u'},
                                             {"info", no_argument, NULL, 'i'},
                                             {"version", no_argument, NULL, O_VERSION},
                                             {"failonwarnings", no_argument, NULL, O_FAILWARN},
                                             {"mode", required_argument, NULL, O_MODE},
                                             {"format", required_argument, NULL, O_FORMAT},
                                             {"jobs", required_argument, NULL, O_JOBS},
                                             {"help", no_argument, NULL, 'h'},
                                             {"out", required_argument, NULL, 'o'},
                                             {"xmp", required_argument, NULL, 'x'},
                                             {"save", no_argument, NULL, O_SAVE},
                                             {"profile", required_argument, NULL, 'p'},
                                             {"locale", required_argument, NULL, O_LOCALE},
                                             {"listChecks", optional_argument, NULL, 'l'},
                                             {"customMessages", optional_argument, NULL, 'c'},
                                             {NULL, 0, NULL, 0}};
    int c, li;

    *o = (check_opts){.shown = SHOW_INFO, .level = 4};
    optind = 1;
    opterr = 0;
    while ((li = -1, c = getopt_long(argc, argv, ":j:qewfiuho:x:p:l::c::v:m:", longopts, &li)) !=
           -1) {
        switch (c) {
        case 'j':
            o->json = optarg;
            break;
        case 'q':
            o->quiet = true;
            break;
        case 'e':
            o->shown = SHOW_ERROR;
            o->level = 2;
            break;
        case 'w':
            o->shown = SHOW_WARN;
            o->level = 3;
            break;
        case 'f':
            o->shown = SHOW_FATAL;
            o->level = 1;
            break;
        case 'i':
            o->shown = SHOW_INFO;
            o->level = 4;
            break;
        case 'u':
            o->shown = SHOW_USAGE;
            o->level = 5;
            break;
        case 'v':
            /* epubcheck's -v: the rules a single document is checked by */
            if (!strcmp(optarg, "2") || !strcmp(optarg, "2.0"))
                o->epub_version = 2;
            else if (!strcmp(optarg, "3") || !strcmp(optarg, "3.0"))
                o->epub_version = 3;
            else {
                fprintf(stderr, "%s: check: -v %s: the EPUB version is 2.0 or 3.0\n", progname,
                        optarg);
                return EXIT_USAGE;
            }
            break;
        case O_VERSION:
            *version = true;
            break;
        case O_FAILWARN:
            o->failonwarnings = true;
            break;
        case 'm':
        case O_MODE: {
            static const char *const modes[] = {"exp", "opf", "xhtml", "svg"};
            if (!strcmp(optarg, "nav") || !strcmp(optarg, "mo")) {
                fprintf(stderr,
                        "%s: check: --mode %s is not supported (a navigation document or media "
                        "overlay alone is not checked; check the EPUB)\n",
                        progname, optarg);
                return EXIT_USAGE;
            }
            int m = parse_mode("mode", optarg, modes, COUNT(modes));
            if (m < 0)
                return EXIT_USAGE;
            o->exp = m == 0;
            o->single = m > 0 ? modes[m] : NULL;
            break;
        }
        case O_FORMAT: {
            int m = parse_mode("format", optarg, formats, COUNT(formats));
            if (m < 0)
                return EXIT_USAGE;
            o->format = m;
            break;
        }
        case O_JOBS:
            if ((o->jobs = parse_jobs(optarg)) < 0)
                return EXIT_USAGE;
            break;
        case 'h':
            help_check(stdout);
            return EXIT_OKAY;
        case 'o':
        case 'x':
        case 'p':
        case 'l':
        case 'c':
        case O_SAVE:
        case O_LOCALE: {
            /* getopt_long sets li for a long option only */
            char name[64];
            if (li >= 0)
                snprintf(name, sizeof name, "--%s", longopts[li].name);
            else
                snprintf(name, sizeof name, "-%c", c);
            return unsupported(name);
        }
        default:
            return bad_option("check", c, argv, longopts);
        }
    }
    return -1;
}

/* Fills r->files from the FILE arguments and refuses the ones --mode cannot check. Returns -1
 * to go on, else the exit status. */
static int prepare_files(run *r, char **names)
{
    const check_opts *o = r->o;
    bool ignored_said = false;

    for (size_t i = 0; i < r->n; i++) {
        checked *f = &r->files[i];
        struct stat sb;
        f->file = names[i];
        f->file_len = strlen(f->file);
        while (f->file_len > 1 && f->file[f->file_len - 1] == '/')
            f->file_len--;
        f->base = f->file;
        for (size_t k = 0; k + 1 < f->file_len; k++)
            if (f->file[k] == '/')
                f->base = f->file + k + 1;
        f->dir = stat(f->file, &sb) == 0 && S_ISDIR(sb.st_mode);
        f->json = o->json != NULL;
        /* as epubcheck: for a .epub, --mode and -v are ignored (a note says so) */
        if ((o->exp || o->single || o->epub_version) && !f->dir && f->file_len > 5 &&
            !strcasecmp(f->file + f->file_len - 5, ".epub")) {
            if (!ignored_said)
                fprintf(stderr,
                        "%s: check: the mode and version arguments are ignored for .epub files; "
                        "they are retrieved from the files\n",
                        progname);
            ignored_said = true;
            continue;
        }
        if (o->exp && !f->dir && stat(f->file, &sb) == 0) {
            fprintf(stderr, "%s: check: --mode exp: %s is not a folder\n", progname, f->file);
            return EXIT_USAGE;
        }
        if (o->single && (f->dir || !has_extension(f->file, o->single))) {
            fprintf(stderr,
                    "%s: check: --mode %s: %s is not a .%s file (a single document is checked "
                    "by its extension)\n",
                    progname, o->single, f->file, o->single);
            return EXIT_USAGE;
        }
    }
    return -1;
}

/* After every file was checked (and its findings printed by emit): the summary epubcheck
 * prints, and the JSON report. Returns the exit status. */
static int report_check(const run *r)
{
    const check_opts *o = r->o;
    ep_check_result total = {0};
    size_t unreadable = 0, invalid = 0, nomem = 0;

    for (size_t i = 0; i < r->n; i++) {
        const checked *f = &r->files[i];
        if (f->st == EP_ERR_NOMEM || f->oom)
            nomem++;
        else if (f->st != EP_OK)
            unreadable++;
        /* as epubcheck, what the reporting level hides does not count (-e hides warnings
         * from --failonwarnings, -f errors) */
        else if (f->shown.fatals + f->shown.errors || (o->failonwarnings && f->shown.warnings))
            invalid++;
        total.fatals += f->shown.fatals;
        total.errors += f->shown.errors;
        total.warnings += f->shown.warnings;
        total.usages += f->shown.usages;
        total.infos += f->shown.infos;
    }
    if (!o->quiet && !(o->json && !strcmp(o->json, "-"))) {
        if (!total.fatals && !total.errors && !total.warnings && !unreadable)
            printf("No errors or warnings detected.\n");
        if (r->n > 1)
            printf("Checked %zu files: %zu valid, %zu with errors, %zu unreadable; ", r->n,
                   r->n - invalid - unreadable - nomem, invalid + nomem, unreadable);
        counts_line(&total, o->level);
    }
    /* epubcheck exits 1 for a file it cannot find or read, as for errors */
    int rc = unreadable || invalid || nomem || r->nomem ? EXIT_FAIL : EXIT_OKAY;
    if (o->json) {
        json_object *root = r->n == 1 ? json_object_array_get_idx(r->reports, 0) : r->reports;
        const char *text = root ? json_object_to_json_string_ext(
                                      root, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_SPACED |
                                                JSON_C_TO_STRING_NOSLASHESCAPE)
                                : NULL;
        if (!text || r->nomem) {
            fprintf(stderr, "%s: out of memory while writing the JSON report\n", progname);
            rc = EXIT_FAIL;
        } else if (!write_json(o->json, text)) {
            rc = EXIT_FAIL;
        }
    }
    return rc;
}

/* epubpack check: parse, check every FILE (on -j threads, each file's findings printed in
 * order as they are ready), report. */
int cmd_check(int argc, char **argv)
{
    check_opts o;
    run r = {.o = &o};
    bool version = false;
    int rc = parse_check(argc, argv, &o, &version);

    if (rc >= 0)
        return rc;
    r.n = (size_t)(argc - optind);
    if (version) { /* as epubcheck --version: the version, then the check of any FILE */
        printf("epubpack check %s (epubcheck 5.3.0's command line)\n", ep_version_string());
        fflush(stdout);
    }
    if (version && r.n == 0)
        return EXIT_OKAY;
    if (o.json && !json_target_ok(o.json, argv + optind, r.n))
        return EXIT_USAGE;
    if (r.n == 0) {
        fprintf(stderr, "%s: check needs a FILE (see 'epubpack help check')\n", progname);
        return EXIT_USAGE;
    }
    r.files = calloc(r.n, sizeof *r.files);
    r.reports = o.json ? json_object_new_array() : NULL;
    if (!r.files || (o.json && !r.reports) || pthread_mutex_init(&r.lock, NULL) != 0) {
        fprintf(stderr, "%s: out of memory\n", progname);
        free(r.files);
        json_object_put(r.reports);
        return EXIT_FAIL;
    }
    rc = prepare_files(&r, argv + optind);
    if (rc < 0) {
        run_jobs(r.n, o.jobs, check_one, &r);
        rc = report_check(&r);
    }
    pthread_mutex_destroy(&r.lock);
    json_object_put(r.reports);
    free(r.files);
    return rc;
}

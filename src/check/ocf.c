/*
 * OCF container checks (EPUB 3.3 §6, docs/ARCHITECTURE.md "Container"): the raw bytes of the first
 * local header (mimetype), every entry's method, encryption and name, the zip-bomb limits,
 * META-INF/container.xml and META-INF/encryption.xml.
 */
#include "check_int.h"
#include "util/html.h"
#include "util/pkg_schema.h"
#include "util/diag.h"

#include <libxml/parser.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicase.h>
#include <uninorm.h>

#define MIMETYPE "application/epub+zip"
#define CONTAINER_PATH "META-INF/container.xml"
#define ENCRYPTION_PATH "META-INF/encryption.xml"
#define OBFUSCATION_ALGO "http://www.idpf.org/2008/embedding"
/* Adobe's font mangling, which epubcheck also decrypts (AdobeFontManglingFilter) */
#define ADOBE_OBFUSCATION_ALGO "http://ns.adobe.com/pdf/enc#RC"

static unsigned le16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long le32(const unsigned char *p)
{
    return (unsigned long)le16(p) | (unsigned long)le16(p + 2) << 16;
}

bool epi_chk_ocf_raw(epi_chk *c, const char *file)
{
    unsigned char h[128];
    size_t got = 0;
    long size = 0;
    int zerr = 0;
    FILE *f = fopen(file, "rb");

    if (f) {
        got = fread(h, 1, sizeof h, f);
        if (fseek(f, 0, SEEK_END) == 0)
            size = ftell(f);
        fclose(f);
    }
    /* OCF: the mimetype entry fills the first 58 bytes (30 header + 8 name + 20 data). */
    if (size < 58)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-003", file, 0,
                       "file is too short to be an EPUB (%ld bytes)", size);
    if (got >= 2 && (h[0] != 'P' || h[1] != 'K'))
        epi_chk_report(c, EP_SEV_FATAL, "PKG-004", file, 0,
                       "file does not start with the ZIP signature \"PK\"");

    c->zip = zip_open(file, ZIP_RDONLY, &zerr);
    if (!c->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, zerr);
        epi_chk_report(c, EP_SEV_FATAL, "PKG-008", file, 0, "unreadable ZIP archive: %s",
                       zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return false;
    }

    /* EPUB 3.3 §6.2.3: mimetype first, stored, no extra field, exact bytes. The raw check is
     * how a compressed mimetype is caught (epubcheck 4.2.6 compares bytes 38-57). */
    if (got < 58 || memcmp(h, "PK\3\4", 4) != 0 || le16(h + 26) != 8 ||
        memcmp(h + 30, "mimetype", 8) != 0) {
        epi_chk_report(c, EP_SEV_ERROR, "PKG-006", "mimetype", 0,
                       "the first entry of the archive must be the file \"mimetype\"");
        return true;
    }
    if (le16(h + 28) != 0)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-005", "mimetype", 0,
                       "the mimetype entry has an extra field of length %u; it must have none",
                       le16(h + 28));
    zip_stat_t st;
    zip_stat_init(&st);
    bool stored = le16(h + 8) == 0;
    /* the content follows the extra field (reported above as PKG-005 if present) */
    size_t at = 38 + le16(h + 28);
    bool exact = at + 20 <= got && memcmp(h + at, MIMETYPE, 20) == 0;
    if (zip_stat_index(c->zip, 0, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size != 20)
        exact = false;
    else if (!(le16(h + 6) & 8) && le32(h + 22) != 20)
        exact = false;
    if (!stored || !exact)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-007", "mimetype", 0,
                       "the mimetype entry must be stored uncompressed and contain exactly "
                       "\"" MIMETYPE "\"");
    return true;
}

/* EPUB 3.3 §6.1.3 (core#sec-container-filenames): code points not allowed in file names. */
static bool forbidden_cp(uint32_t u)
{
    return u < 0x20 || u == '"' || u == '*' || u == ':' || u == '<' || u == '>' || u == '?' ||
           u == '\\' || u == '|' || (u >= 0x7F && u <= 0x9F) || (u >= 0xE000 && u <= 0xF8FF) ||
           (u >= 0xFDD0 && u <= 0xFDEF) || (u & 0xFFFE) == 0xFFFE || (u >= 0xFFF0 && u <= 0xFFFF) ||
           u == 0xE0001 || u >= 0xF0000;
}

static bool space_cp(uint32_t u)
{
    return u == 0x20 || (u >= 0x09 && u <= 0x0D) || u == 0x85 || u == 0xA0 || u == 0x1680 ||
           (u >= 0x2000 && u <= 0x200A) || u == 0x2028 || u == 0x2029 || u == 0x202F ||
           u == 0x205F || u == 0x3000;
}

bool epi_chk_name_forbidden(const char *name)
{
    size_t n = strlen(name);
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t l = epi_utf8_decode(name + i, n - i, &cp);
        if (l == 0 || forbidden_cp(cp))
            return true;
        i += l;
    }
    return false;
}

/* Name rules; returns false when the name must never be used as a path (absolute, ".."). */
static bool check_name(epi_chk *c, const char *name, size_t n)
{
    bool forbidden = false, space = false, dot = false, unsafe = false;
    size_t seg = 0;

    if (n == 0 || name[0] == '/')
        unsafe = true;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || name[i] == '/') {
            size_t sl = i - seg;
            if ((sl == 2 && name[seg] == '.' && name[seg + 1] == '.') || (sl == 0 && i < n))
                unsafe = true;
            else if (sl > 0 && name[i - 1] == '.' && !(sl == 1))
                dot = true;
            else if (sl == 1 && name[seg] == '.')
                unsafe = true;
            seg = i + 1;
            continue;
        }
        uint32_t cp = 0;
        size_t l = epi_utf8_decode(name + i, n - i, &cp);
        if (l == 0)
            return false;
        if (forbidden_cp(cp))
            forbidden = true;
        if (space_cp(cp))
            space = true;
        i += l - 1;
    }
    if (unsafe)
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_PATH), epi_diag_id(EPI_DIAG_ZIP_PATH),
                       name, 0,
                       "entry name is absolute or contains \"..\" or \".\" segments; it is "
                       "not a valid container path");
    /* epubcheck's OCFFilenameChecker locates these at the container and names the file */
    if (forbidden)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-009", "", 0,
                       "File name \"%s\" contains characters not allowed in OCF file names", name);
    if (dot)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-011", "", 0,
                       "File name \"%s\" must not end with a full stop", name);
    if (space)
        epi_chk_report(c, EP_SEV_WARNING, "PKG-010", "", 0,
                       "The file name \"%s\" contains spaces, which may create interoperability "
                       "issues with older reading systems",
                       name);
    return !unsafe;
}

/* Key for the duplicate test: NFC plus full case folding (EPUB 3.3 §6.1.3.2). */
static char *fold_key(const char *s)
{
    size_t outlen = 0, n = 0;
    while (s[n] && (unsigned char)s[n] < 0x80)
        n++;
    if (!s[n]) { /* ASCII: its NFC is itself, its folding lower case (most names) */
        char *r = epi_strndup(s, n);
        for (size_t i = 0; r && i < n; i++)
            if (r[i] >= 'A' && r[i] <= 'Z')
                r[i] = (char)(r[i] - 'A' + 'a');
        return r;
    }
    uint8_t *u = u8_casefold((const uint8_t *)s, strlen(s), NULL, UNINORM_NFC, NULL, &outlen);
    if (!u)
        return NULL;
    char *r = epi_strndup((const char *)u, outlen);
    free(u);
    return r;
}

bool epi_chk_ocf_add_entry(epi_chk *c, epi_chk_entry *e)
{
    size_t nl = strlen(e->name);
    if (!c->folded && !(c->folded = xmlHashCreate(64)))
        return epi_chk_oom(c);
    if (!check_name(c, e->name, e->is_dir ? nl - 1 : nl))
        e->unsafe = true;
    e->key = epi_chk_nfc(e->name);
    char *fk = fold_key(e->name);
    if (!e->key || !fk) {
        free(fk);
        return epi_chk_oom(c);
    }
    if (xmlHashLookup(c->folded, (xmlChar *)fk)) {
        if (!e->is_dir)
            epi_chk_report(c, EP_SEV_ERROR, "OPF-060", e->name, 0,
                           "duplicate entry in the archive (names equal after case "
                           "folding and normalisation)");
    } else if (xmlHashAddEntry(c->folded, (xmlChar *)fk, e) != 0) {
        epi_chk_oom(c);
    }
    free(fk);
    if (!e->unsafe && !xmlHashLookup(c->entry_by_key, (xmlChar *)e->key) &&
        xmlHashAddEntry(c->entry_by_key, (xmlChar *)e->key, e) != 0)
        return epi_chk_oom(c);
    return !c->nomem;
}

/* A folder entry of the ZIP under which no file is stored (PKG-014, a warning, as epubcheck's
 * OCFChecker reports it). Every folder a file is in is noted first. */
static void report_empty_dirs(epi_chk *c)
{
    xmlHashTablePtr used = xmlHashCreate((int)c->nentries + 1);
    if (!used) {
        epi_chk_oom(c);
        return;
    }
    for (size_t i = 0; i < c->nentries; i++) {
        const epi_chk_entry *e = &c->entries[i];
        if (e->is_dir || !e->name)
            continue;
        for (const char *p = strchr(e->name, '/'); p; p = strchr(p + 1, '/')) {
            xmlChar *d = xmlStrndup((const xmlChar *)e->name, (int)(p - e->name + 1));
            if (!d) {
                epi_chk_oom(c);
                goto out;
            }
            bool failed = !xmlHashLookup(used, d) && xmlHashAddEntry(used, d, (void *)1) != 0;
            xmlFree(d);
            if (failed) {
                epi_chk_oom(c);
                goto out;
            }
        }
    }
    for (size_t i = 0; i < c->nentries; i++) {
        const epi_chk_entry *e = &c->entries[i];
        if (e->is_dir && e->name && !xmlHashLookup(used, (const xmlChar *)e->name))
            epi_chk_report(c, EP_SEV_WARNING, "PKG-014", c->file, 0,
                           "The EPUB contains empty directory \"%s\"", e->name);
    }
out:
    xmlHashFree(used, NULL);
}

bool epi_chk_ocf_entries(epi_chk *c)
{
    zip_int64_t n = zip_get_num_entries(c->zip, 0);
    uint64_t total = 0;
    bool ok = false, bad_name = false;

    if (n < 0 || (uint64_t)n > EPI_CHK_MAX_ENTRIES) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_ENTRIES),
                       epi_diag_id(EPI_DIAG_ZIP_ENTRIES), c->file, 0,
                       "the archive has %lld entries (limit %u); not checked", (long long)n,
                       EPI_CHK_MAX_ENTRIES);
        return false;
    }
    c->entries = calloc((size_t)n + 1, sizeof *c->entries);
    c->entry_by_key = xmlHashCreate((int)n + 1);
    c->folded = xmlHashCreate((int)n + 1);
    if (!c->entries || !c->entry_by_key || !c->folded) {
        epi_chk_oom(c);
        goto out;
    }
    for (zip_int64_t i = 0; i < n; i++) {
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(c->zip, (zip_uint64_t)i, ZIP_FL_ENC_RAW, &st) != 0 || !st.name)
            continue;
        epi_chk_entry *e = &c->entries[c->nentries++];
        size_t nl = strlen(st.name);
        e->index = (zip_uint64_t)i;
        e->size = (st.valid & ZIP_STAT_SIZE) ? st.size : 0;
        e->comp_size = (st.valid & ZIP_STAT_COMP_SIZE) ? st.comp_size : 0;
        e->deflated = (st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method == ZIP_CM_DEFLATE &&
                      (st.valid & ZIP_STAT_CRC) && (st.valid & ZIP_STAT_COMP_SIZE) &&
                      (st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
                      st.encryption_method == ZIP_EM_NONE;
        e->crc = (uint32_t)st.crc;
        e->name = epi_strdup(st.name);
        if (!e->name) {
            epi_chk_oom(c);
            goto out;
        }
        e->is_dir = nl > 0 && st.name[nl - 1] == '/';
        if (!epi_utf8_valid(st.name, nl, NULL)) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-027", st.name, 0,
                           "file name is not encoded in UTF-8");
            e->unsafe = true;
            bad_name = true;
            continue;
        }
        if ((st.valid & ZIP_STAT_COMP_METHOD) && st.comp_method != ZIP_CM_STORE &&
            st.comp_method != ZIP_CM_DEFLATE) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-008", st.name, 0,
                           "compression method %d is not allowed (only stored or deflated)",
                           (int)st.comp_method);
            e->unsafe = true;
        }
        if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
            epi_chk_report(c, EP_SEV_FATAL, "PKG-008", st.name, 0,
                           "ZIP encryption is not allowed (use META-INF/encryption.xml)");
            e->unsafe = true;
        }
        total += e->size;
        if (e->size > EPI_CHK_RATIO_FLOOR &&
            (e->comp_size == 0 || e->size / e->comp_size > EPI_CHK_MAX_RATIO)) {
            epi_chk_report(
                c, epi_diag_severity(EPI_DIAG_ZIP_BOMB), epi_diag_id(EPI_DIAG_ZIP_BOMB), st.name, 0,
                "compression ratio above %u:1 (%llu bytes from %llu); not checked",
                EPI_CHK_MAX_RATIO, (unsigned long long)e->size, (unsigned long long)e->comp_size);
            goto out;
        }
        if (!epi_chk_ocf_add_entry(c, e))
            goto out;
    }
    report_empty_dirs(c);
    if (total > EPI_CHK_MAX_TOTAL) {
        epi_chk_report(c, epi_diag_severity(EPI_DIAG_ZIP_BOMB), epi_diag_id(EPI_DIAG_ZIP_BOMB),
                       c->file, 0,
                       "uncompressed size %llu bytes exceeds the limit of %llu; not checked",
                       (unsigned long long)total, (unsigned long long)EPI_CHK_MAX_TOTAL);
        goto out;
    }
    /* epubcheck 5.3 stops at a name it cannot decode (PKG-027 is fatal) */
    ok = !c->nomem && !bad_name;
out:
    return ok;
}

/* Whether a rootfile has one of the rendition selection attributes (rendition:media, :layout,
 * :language, :accessMode, in the namespace http://www.idpf.org/2013/rendition). */
static bool has_rendition_selection(xmlNodePtr r)
{
    static const char *const attrs[] = {"media", "layout", "language", "accessMode"};
    for (size_t i = 0; i < sizeof attrs / sizeof attrs[0]; i++)
        if (xmlHasNsProp(r, (const xmlChar *)attrs[i],
                         (const xmlChar *)"http://www.idpf.org/2013/rendition"))
            return true;
    return false;
}

/* Whether the first rootfile's package says version="2.0" (only asked when there are several
 * rootfiles; the package is read again by opf.c). Findings of this read are not reported. */
static bool first_is_epub2(epi_chk *c)
{
    epi_chk_entry *e = c->opf_path ? epi_chk_entry_find(c, c->opf_path) : NULL;
    char *data = NULL;
    size_t len = 0;
    bool r = false;
    if (!e || e->unsafe || e->is_dir || e->size > EPI_CHK_MAX_ENTRY_READ)
        return false;
    epi_chk quiet = *c;
    ep_check_result none = {0};
    quiet.diag = NULL;
    quiet.res = &none;
    if (!epi_chk_read(&quiet, e, &data, &len))
        return false;
    xmlDocPtr doc = xmlReadMemory(data, (int)len, NULL, NULL,
                                  XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
    xmlNodePtr root = doc ? xmlDocGetRootElement(doc) : NULL;
    xmlChar *v = root ? xmlGetNoNsProp(root, (const xmlChar *)"version") : NULL;
    r = v && strcmp((const char *)v, "2.0") == 0;
    xmlFree(v);
    xmlFreeDoc(doc);
    free(data);
    c->read_total = quiet.read_total;
    return r;
}

static void count_finding(void *ud, const epi_html_finding *f)
{
    (void)f;
    ++*(size_t *)ud;
}

bool epi_chk_ocf_container(epi_chk *c)
{
    epi_chk_entry *e = epi_chk_entry_find(c, CONTAINER_PATH);
    xmlDocPtr doc = NULL;
    bool ok = false;
    bool seen_rootfile = false;
    size_t npackages = 0;

    if (!e) {
        /* about the container as a whole, as epubcheck locates it */
        epi_chk_report(c, EP_SEV_FATAL, "RSC-002", "", 0,
                       "required file META-INF/container.xml was not found");
        return false;
    }
    doc = epi_chk_load_xml(c, e);
    if (!doc)
        return false;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!epi_chk_is(root, EPI_NS_CONTAINER, "container")) {
        epi_chk_validate(c, &epi_hs_container, CONTAINER_PATH, root, true); /* RSC-005 */
        goto out;
    }
    /* The rootfiles; what else the container holds, and the attributes: the schema's tables,
     * below */
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (!epi_chk_is(n, EPI_NS_CONTAINER, "rootfiles"))
            continue;
        for (xmlNodePtr r = n->children; r; r = r->next) {
            if (!epi_chk_is(r, EPI_NS_CONTAINER, "rootfile"))
                continue;
            seen_rootfile = true;
            epi_chk_at(c, CONTAINER_PATH, r);
            xmlChar *fp = xmlGetProp(r, (const xmlChar *)"full-path");
            xmlChar *mt = xmlGetProp(r, (const xmlChar *)"media-type");
            if (!fp)
                epi_chk_report(c, EP_SEV_ERROR, "OPF-016", CONTAINER_PATH, r->line,
                               "rootfile element is missing the full-path attribute");
            else if (!*fp)
                epi_chk_report(c, EP_SEV_ERROR, "OPF-017", CONTAINER_PATH, r->line,
                               "rootfile full-path attribute is empty");
            else if (mt && strcmp((const char *)mt, EPI_MT_OPF) == 0) {
                char *p = epi_chk_nfc((const char *)fp);
                char **v = p ? realloc(c->renditions, (c->nrenditions + 1) * sizeof *v) : NULL;
                if (!v) {
                    free(p);
                    epi_chk_oom(c);
                } else {
                    c->renditions = v;
                    c->renditions[c->nrenditions++] = p;
                    if (!c->opf_path && !(c->opf_path = epi_strdup(p)))
                        epi_chk_oom(c);
                }
            }
            /* Multiple renditions (EPUB 3 Multiple-Rendition Publications 1.0 §3.4): each
             * package after the first should say when to choose it. Only the first is checked,
             * as epubcheck 5.3 does. */
            if (mt && strcmp((const char *)mt, EPI_MT_OPF) == 0 && npackages++ > 0 &&
                !has_rendition_selection(r) && !first_is_epub2(c))
                epi_chk_report(c, EP_SEV_WARNING, "RSC-017", CONTAINER_PATH, r->line,
                               "at least one rendition selection attribute should be specified "
                               "for each non-first rootfile element, which represents a "
                               "non-default rendition");
            xmlFree(fp);
            xmlFree(mt);
        }
    }
    /* EPUB 2 has no multiple renditions (epubcheck's OCFChecker, PKG-013) */
    if (npackages > 1 && first_is_epub2(c))
        epi_chk_report(c, EP_SEV_ERROR, "PKG-013", CONTAINER_PATH, 0,
                       "The EPUB file includes multiple OPS renditions");
    else if (npackages > 1 && !epi_chk_entry_find(c, "META-INF/metadata.xml"))
        epi_chk_report(c, EP_SEV_WARNING, "RSC-019", "", 0, /* at the container */
                       "EPUBs with multiple renditions should contain a META-INF/metadata.xml "
                       "file");
    if (!c->opf_path) {
        if (seen_rootfile || !c->nomem)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-003", CONTAINER_PATH, 0,
                           "no rootfile with media type " EPI_MT_OPF " was found");
        goto out;
    }
    if (!epi_chk_entry_find(c, c->opf_path)) {
        epi_chk_report(c, EP_SEV_FATAL, "OPF-002", c->opf_path, 0,
                       "the package document \"%s\" was not found in the container", c->opf_path);
        goto out;
    }
    /* epubcheck validates container.xml by the schema of the package's version, once it has
     * found the package: EPUB 3's unless the package says 2.0, which is read only when EPUB
     * 3's schema finds a fault */
    size_t faults = 0;
    epi_html_validate(&epi_hs_container, root, count_finding, &faults);
    if (faults)
        epi_chk_validate(c, first_is_epub2(c) ? &epi_hs_container20 : &epi_hs_container,
                         CONTAINER_PATH, root, true);
    ok = true;
out:
    xmlFreeDoc(doc);
    return ok;
}

static void walk_encryption(epi_chk *c, xmlNodePtr n, xmlHashTablePtr ids, const char *algo)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *id = xmlGetProp(n, (const xmlChar *)"Id");
        if (id && xmlHashAddEntry(ids, id, n) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", ENCRYPTION_PATH, n->line,
                           "duplicate ID \"%s\"", (const char *)id);
        xmlFree(id);
        const char *my_algo = algo;
        xmlChar *a = NULL;
        if (strcmp((const char *)n->name, "EncryptedData") == 0) {
            /* the algorithm is on the EncryptionMethod child; look ahead */
            for (xmlNodePtr m = n->children; m; m = m->next)
                if (m->type == XML_ELEMENT_NODE &&
                    strcmp((const char *)m->name, "EncryptionMethod") == 0)
                    a = xmlGetProp(m, (const xmlChar *)"Algorithm");
            my_algo = a && (strcmp((const char *)a, OBFUSCATION_ALGO) == 0 ||
                            strcmp((const char *)a, ADOBE_OBFUSCATION_ALGO) == 0)
                          ? "obfuscated"
                          : "encrypted";
        }
        if (strcmp((const char *)n->name, "CipherReference") == 0 && algo) {
            xmlChar *uri = xmlGetProp(n, (const xmlChar *)"URI");
            epi_chk_url u;
            /* URIs in encryption.xml are relative to the container root (OCF §6.2.6). */
            if (uri && epi_chk_url_resolve("", (const char *)uri, &u)) {
                /* the encrypted file must be there (epubcheck's EncryptionHandler: RSC-007) */
                if (u.path && !epi_chk_entry_find(c, u.path))
                    epi_chk_report(c, EP_SEV_ERROR, "RSC-007", ENCRYPTION_PATH, n->line,
                                   "referenced resource \"%s\" could not be found", u.path);
                if (u.path && !xmlHashLookup(c->encrypted, (xmlChar *)u.path))
                    xmlHashAddEntry(c->encrypted, (xmlChar *)u.path, (void *)algo);
                epi_chk_url_free(&u);
            }
            xmlFree(uri);
        }
        walk_encryption(c, n->children, ids, my_algo);
        xmlFree(a);
    }
}

/* OCF §6.2.7: META-INF/signatures.xml has a "signatures" root in the container namespace. */
void epi_chk_ocf_signatures(epi_chk *c)
{
    epi_chk_entry *e = epi_chk_entry_find(c, "META-INF/signatures.xml");
    xmlDocPtr doc = e ? epi_chk_load_xml(c, e) : NULL;
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    if (!epi_chk_is(root, EPI_NS_CONTAINER, "signatures"))
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", "META-INF/signatures.xml", root ? root->line : 0,
                       "the root element must be \"signatures\" in the OCF namespace");
    xmlFreeDoc(doc);
}

void epi_chk_ocf_encryption(epi_chk *c)
{
    epi_chk_entry *e = epi_chk_entry_find(c, ENCRYPTION_PATH);
    if (!e)
        return;
    xmlDocPtr doc = epi_chk_load_xml(c, e);
    if (!doc)
        return;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlHashTablePtr ids = xmlHashCreate(16);
    c->encrypted = xmlHashCreate(16);
    if (!ids || !c->encrypted) {
        epi_chk_oom(c);
    } else if (!epi_chk_is(root, EPI_NS_CONTAINER, "encryption")) {
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", ENCRYPTION_PATH, root ? root->line : 0,
                       "the root element must be \"encryption\" in the OCF namespace");
    } else {
        for (xmlNodePtr n = root->children; n; n = n->next)
            if (n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, "EncryptedData") &&
                strcmp((const char *)n->name, "EncryptedKey") &&
                strcmp((const char *)n->name, "Signature"))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", ENCRYPTION_PATH, n->line,
                               "element \"%s\" not allowed in encryption.xml",
                               (const char *)n->name);
        walk_encryption(c, root->children, ids, NULL);
    }
    xmlHashFree(ids, NULL);
    xmlFreeDoc(doc);
}

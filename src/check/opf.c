/*
 * Package document checks (EPUB 3.3 §5, docs/ARCHITECTURE.md "Package document"): package
 * attributes, required metadata, manifest items (hrefs, media types against magic bytes,
 * properties, fallbacks), the spine, files the manifest does not declare, and the manifest
 * properties that depend on what the content documents turned out to contain.
 */
#include "check_int.h"
#include "util/date.h"
#include "util/pkg_schema.h"
#include "util/url.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---------- syntax helpers ---------- */

static char *text_of(epi_chk *c, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *r = epi_chk_trim(t ? (const char *)t : "");
    xmlFree(t);
    if (!r)
        epi_chk_oom(c);
    return r;
}

/* A failed copy is out of memory, never a missing attribute: it would be reported as an error
 * of the book (tests/fuzz/failmalloc_driver.c). */
static char *prop(epi_chk *c, xmlNodePtr n, const char *name)
{
    xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
    char *r = v ? epi_strdup((const char *)v) : NULL;
    if (v && !r)
        epi_chk_oom(c);
    xmlFree(v);
    return r;
}

/* ID and IDREF values are whitespace-normalised (XML 1.0 §3.3.3). */
static char *trimmed_prop(epi_chk *c, xmlNodePtr n, const char *name)
{
    char *v = prop(c, n, name);
    char *t = v ? epi_chk_trim(v) : NULL;
    if (v && !t)
        epi_chk_oom(c);
    free(v);
    return t;
}

/* ---------- metadata ---------- */

static const char *const meta_props[] = {"alternate-script",
                                         "authority",
                                         "belongs-to-collection",
                                         "collection-type",
                                         "display-seq",
                                         "file-as",
                                         "group-position",
                                         "identifier-type",
                                         "meta-auth",
                                         "role",
                                         "source-of",
                                         "term",
                                         "title-type",
                                         "source-language",
                                         "target-language",
                                         "dictionary-type",
                                         "pageBreakSource"};
static const char *const a11y_props[] = {"certifiedBy", "certifierCredential", "certifierReport",
                                         "exemption"};

static bool in_list(const char *s, size_t n, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (strlen(list[i]) == n && strncmp(s, list[i], n) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Property vocabularies as epubcheck 5.3 has them (OPFHandler30, EPUB 3.3 §D.3): for one kind
 * of attribute, its terms without a prefix, the reserved prefixes, and those of them that
 * define no term for it. */
typedef struct vocab {
    const char *const *terms;
    size_t nterms;
    const char *reserved; /* space-separated */
    const char *empty;
} vocab;

static const vocab meta_vocab = {meta_props, COUNT(meta_props),
                                 "a11y dcterms marc media onix rendition schema xsd", ""};

/* The default vocabularies, and Dublin Core's elements, must not be declared (OPF-007b/c);
 * reserved prefixes should keep their URI (OPF-007). */
static const char *const default_vocabs[] = {
    "http://idpf.org/epub/vocab/package/item/#", "http://idpf.org/epub/vocab/package/itemref/#",
    "http://idpf.org/epub/vocab/package/meta/#", "http://idpf.org/epub/vocab/package/link/#"};
static const char dc_elements[] = "http://purl.org/dc/elements/1.1/";
static const struct {
    const char *prefix, *uri;
} reserved_uris[] = {{"a11y", "http://www.idpf.org/epub/vocab/package/a11y/#"},
                     {"dcterms", "http://purl.org/dc/terms/"},
                     {"marc", "http://id.loc.gov/vocabulary/"},
                     {"media", "http://www.idpf.org/epub/vocab/overlays/#"},
                     {"onix", "http://www.editeur.org/ONIX/book/codelists/current.html#"},
                     {"rendition", "http://www.idpf.org/vocab/rendition/#"},
                     {"schema", "http://schema.org/"},
                     {"xsd", "http://www.w3.org/2001/XMLSchema#"}};

/* The next "prefix: URI" pair of package@prefix (EPUB 3.3 §D.1.4) from p; NULL at the end. */
static const char *next_mapping(const char *p, const char **pfx, size_t *pl, const char **uri,
                                size_t *ul)
{
    while (isspace((unsigned char)*p))
        p++;
    if (!*p)
        return NULL;
    *pfx = p;
    while (*p && *p != ':' && !isspace((unsigned char)*p))
        p++;
    *pl = (size_t)(p - *pfx);
    while (*p && !isspace((unsigned char)*p))
        p++; /* the ':' */
    while (isspace((unsigned char)*p))
        p++;
    *uri = p;
    while (*p && !isspace((unsigned char)*p))
        p++;
    *ul = (size_t)(p - *uri);
    return p;
}

/* Why a mapping must not be declared (its message ID), or NULL. */
static const char *forbidden_mapping(const char *pfx, size_t pl, const char *uri, size_t ul)
{
    if (pl == 1 && pfx[0] == '_')
        return "OPF-007a";
    for (size_t k = 0; k < COUNT(default_vocabs); k++)
        if (strlen(default_vocabs[k]) == ul && strncmp(uri, default_vocabs[k], ul) == 0)
            return "OPF-007b";
    if (ul == strlen(dc_elements) && strncmp(uri, dc_elements, ul) == 0)
        return "OPF-007c";
    return NULL;
}

static void check_prefix_decl(epi_chk *c, const char *decl, int line)
{
    const char *pfx, *uri;
    size_t pl, ul;
    for (const char *p = decl; p && (p = next_mapping(p, &pfx, &pl, &uri, &ul));) {
        const char *bad = forbidden_mapping(pfx, pl, uri, ul);
        if (bad) {
            epi_chk_report(c, EP_SEV_ERROR, bad, c->opf_path, line,
                           "invalid prefix mapping \"%.*s: %.*s\"", (int)pl, pfx, (int)ul, uri);
            continue;
        }
        for (size_t k = 0; k < COUNT(reserved_uris); k++)
            if (strlen(reserved_uris[k].prefix) == pl &&
                strncmp(pfx, reserved_uris[k].prefix, pl) == 0 &&
                (strlen(reserved_uris[k].uri) != ul || strncmp(uri, reserved_uris[k].uri, ul) != 0))
                epi_chk_report(c, EP_SEV_WARNING, "OPF-007", c->opf_path, line,
                               "re-declaration of reserved prefix \"%.*s\"", (int)pl, pfx);
    }
}

/* Whether package@prefix maps pfx (a mapping that must not be declared does not count); *uri
 * and *ul are then the URI it maps to. */
static bool prefix_declared(const char *decl, const char *pfx, size_t n, const char **uri,
                            size_t *ul)
{
    const char *p;
    size_t pl;
    for (const char *q = decl; q && (q = next_mapping(q, &p, &pl, uri, ul));)
        if (pl == n && strncmp(p, pfx, n) == 0 && !forbidden_mapping(p, pl, *uri, *ul))
            return true;
    return false;
}

/* Whether a declared prefix maps to the URI of a reserved vocabulary that has no term for this
 * kind of attribute: epubcheck's VocabUtil.parsePrefixDeclaration takes a declared prefix's
 * vocabulary from its URI (OPFHandler30's KNOWN_*_VOCAB_URIS), whatever the prefix is named,
 * so `rendition:` declared on a manifest item's property is still the empty vocabulary. */
static bool declared_empty(const vocab *v, const char *uri, size_t ul)
{
    for (size_t k = 0; k < COUNT(reserved_uris); k++)
        if (strlen(reserved_uris[k].uri) == ul && strncmp(uri, reserved_uris[k].uri, ul) == 0)
            return epi_chk_has_token(v->empty, reserved_uris[k].prefix);
    return false;
}

/* One property value (a token) of vocabulary v: OPF-027 unknown term, OPF-028 undeclared prefix.
 * Terms of declared prefixes and of most reserved ones are not checked. */
static void check_property(epi_chk *c, const char *value, size_t len, const char *decl, int line,
                           const vocab *v)
{
    const char *colon = memchr(value, ':', len);
    if (!colon) {
        if (!in_list(value, len, v->terms, v->nterms))
            epi_chk_report(c, EP_SEV_ERROR, "OPF-027", c->opf_path, line,
                           "undefined property \"%.*s\"", (int)len, value);
        return;
    }
    size_t pl = (size_t)(colon - value);
    const char *term = colon + 1;
    size_t tl = len - pl - 1;
    const char *uri;
    size_t ul;
    if (prefix_declared(decl, value, pl, &uri, &ul)) {
        if (declared_empty(v, uri, ul))
            epi_chk_report(c, EP_SEV_ERROR, "OPF-027", c->opf_path, line,
                           "undefined property \"%.*s\"", (int)len, value);
        return;
    }
    char pfx[16];
    if (pl == 0 || pl >= sizeof pfx) {
        epi_chk_report(c, EP_SEV_ERROR, "OPF-028", c->opf_path, line, "undeclared prefix \"%.*s\"",
                       (int)pl, value);
        return;
    }
    memcpy(pfx, value, pl);
    pfx[pl] = '\0';
    if (!epi_chk_has_token(v->reserved, pfx))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-028", c->opf_path, line, "undeclared prefix \"%s\"",
                       pfx);
    else if (epi_chk_has_token(v->empty, pfx) ||
             (strcmp(pfx, "a11y") == 0 && !in_list(term, tl, a11y_props, COUNT(a11y_props))))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-027", c->opf_path, line, "undefined property \"%.*s\"",
                       (int)len, value);
}

/* Each property of a space-separated list (NULL: none), as check_property. */
static void check_properties(epi_chk *c, const char *list, const char *decl, int line,
                             const vocab *v)
{
    for (const char *p = list; p && *p;) {
        while (isspace((unsigned char)*p))
            p++;
        const char *s = p;
        while (*p && !isspace((unsigned char)*p))
            p++;
        if (p > s)
            check_property(c, s, (size_t)(p - s), decl, line, v);
    }
}

/* dc:date: epubcheck's date parser (OPFHandler, DateParser) decides, with its message;
 * OPF-053 is a warning in EPUB 3, OPF-054 an error in EPUB 2. */
static void check_date(epi_chk *c, xmlNodePtr n, const char *v)
{
    char why[64];
    if (epi_date_parse(v, EPI_DATE_LOOSE, NULL, why, sizeof why))
        return;
    if (!*v)
        snprintf(why, sizeof why, "zero-length string");
    else if (!*why)
        snprintf(why, sizeof why, "not YYYY[-MM[-DD[Thh:mm[:ss]TZD]]]");
    if (c->epub3)
        epi_chk_report(c, EP_SEV_WARNING, "OPF-053", c->opf_path, n->line,
                       "Date value \"%s\" does not follow recommended syntax as per "
                       "http://www.w3.org/TR/NOTE-datetime: %s.",
                       v, why);
    else
        epi_chk_report(
            c, EP_SEV_ERROR, "OPF-054", c->opf_path, n->line,
            "Date value \"%s\" is not valid as per http://www.w3.org/TR/NOTE-datetime: %s.", v,
            why);
}

/* A URL scheme anywhere in the value: epubcheck's package-30.sch tests the unanchored pattern
 * [a-zA-Z][a-zA-Z0-9+.-]*: (opf.refines.relative). */
static bool has_scheme(const char *v)
{
    for (const char *p = strchr(v, ':'); p; p = strchr(p + 1, ':')) {
        for (const char *q = p; q > v && (isalnum((unsigned char)q[-1]) || q[-1] == '+' ||
                                          q[-1] == '-' || q[-1] == '.');
             q--)
            if (isalpha((unsigned char)q[-1]))
                return true;
    }
    return false;
}

/* meta/link@refines (EPUB 3.3 §5.5.6: a relative URL; usually "#id" of an element of the
 * package document, but it may point at any resource or fragment), as epubcheck 5.3's
 * package-30.sch: a scheme is an error and "#id" must exist here. */
static void check_refines(epi_chk *c, xmlNodePtr n, const char *refines, xmlHashTablePtr ids)
{
    if (has_scheme(refines))
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line,
                       "@refines must be a relative URL: \"%s\"", refines);
    else if (refines[0] == '#' && !xmlHashLookup(ids, (const xmlChar *)refines + 1))
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line,
                       /* package-30.sch opf.refines.fragment-exists */
                       "@refines missing target id: \"%s\"", refines + 1);
}

/* After the manifest: @refines naming a whole manifest item should be "#item-id" instead
 * (package-30.sch opf.refines.by-fragment, a warning). */
static void check_refines_items(epi_chk *c, xmlNodePtr md)
{
    for (xmlNodePtr n = md->children; n && !c->nomem; n = n->next) {
        if (!epi_chk_is(n, EPI_NS_OPF, "meta") && !epi_chk_is(n, EPI_NS_OPF, "link"))
            continue;
        char *refines = trimmed_prop(c, n, "refines");
        epi_chk_url u;
        if (refines && refines[0] != '#' && !has_scheme(refines)) {
            if (!epi_chk_url_resolve(c->opf_path, refines, &u)) {
                epi_chk_oom(c);
            } else {
                if (u.path && !u.fragment && !u.query &&
                    xmlHashLookup(c->item_by_path, (xmlChar *)u.path))
                    epi_chk_report(c, EP_SEV_WARNING, "RSC-017", c->opf_path, n->line,
                                   "@refines should instead refer to \"%s\" using a fragment "
                                   "identifier pointing to its manifest item",
                                   refines);
                epi_chk_url_free(&u);
            }
        }
        free(refines);
    }
}

/* The global rendition properties (EPUB 3.3 §8.2; epubcheck's package-30.sch
 * opf.rendition.globals): allowed values, no refines, at most once each. */
static const struct {
    const char *name;
    const char *values; /* space-separated; NULL: rendition:viewport's "width=x, height=y" */
} rendition_globals[] = {
    {"rendition:flow", "paginated scrolled-continuous scrolled-doc auto"},
    {"rendition:layout", "reflowable pre-paginated"},
    {"rendition:orientation", "landscape portrait auto"},
    {"rendition:spread", "none landscape portrait both auto"},
    {"rendition:viewport", NULL},
};

/* ^((width=\d+,\s*height=\d+)|(height=\d+,\s*width=\d+))$ */
static bool viewport_syntax(const char *v)
{
    bool width = strncmp(v, "width=", 6) == 0;
    if (!width && strncmp(v, "height=", 7) != 0)
        return false;
    const char *first = width ? "height=" : "width="; /* the other one, second */
    const char *p = v + (width ? 6 : 7);
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    if (*p++ != ',')
        return false;
    while (isspace((unsigned char)*p))
        p++;
    if (strncmp(p, first, strlen(first)) != 0)
        return false;
    p += strlen(first);
    if (!isdigit((unsigned char)*p))
        return false;
    while (isdigit((unsigned char)*p))
        p++;
    return *p == '\0';
}

static void check_rendition_meta(epi_chk *c, xmlNodePtr n, const char *property, const char *v,
                                 bool refines, int counts[])
{
    for (size_t k = 0; k < COUNT(rendition_globals); k++) {
        if (strcmp(property, rendition_globals[k].name) != 0)
            continue;
        const char *values = rendition_globals[k].values;
        if (values || !refines)
            counts[k]++;
        if (k == 1 && !refines && strcmp(v, "pre-paginated") == 0)
            c->fxl = true;
        if (values && refines)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line,
                           "The \"%s\" property must not be set on elements with a \"refines\" "
                           "attribute",
                           property);
        bool ok = values ? epi_chk_has_token(values, v) && !strchr(v, ' ') : viewport_syntax(v);
        if (!ok)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line,
                           "the value \"%s\" of the \"%s\" property is not allowed", v, property);
        if (counts[k] == 2)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line,
                           "The \"%s\" property must not occur more than one time in the package "
                           "metadata.",
                           property);
    }
}

/* OPFHandler (#853): a unique identifier marked as a UUID (urn:uuid:, opf:scheme="uuid")
 * should be one: 8-4-4-4-12 hexadecimal digits (OPF-085, a warning). Java's UUID.fromString
 * accepts 1 to 8, 4, 4, 4 and 12 digits per group. */
static void check_uuid(epi_chk *c, xmlNodePtr n, const char *v)
{
    xmlChar *scheme = xmlGetNsProp(n, (const xmlChar *)"scheme", (const xmlChar *)EPI_NS_OPF);
    bool urn = strncmp(v, "urn:uuid:", 9) == 0;
    bool marked = urn || (scheme && strcasecmp((const char *)scheme, "uuid") == 0);
    xmlFree(scheme);
    if (!marked)
        return;
    const char *p = urn ? v + 9 : v;
    static const int max[5] = {8, 4, 4, 4, 12};
    bool ok = true;
    for (int g = 0; g < 5 && ok; g++) {
        int n2 = 0;
        while (isxdigit((unsigned char)*p)) {
            p++;
            n2++;
        }
        ok = n2 >= 1 && n2 <= max[g] && (g == 4 ? *p == '\0' : *p++ == '-');
    }
    if (!ok)
        epi_chk_report(c, EP_SEV_WARNING, "OPF-085", c->opf_path, n->line,
                       "\"dc:identifier\" value \"%s\" is marked as a UUID, but is an invalid "
                       "UUID",
                       v);
}

static void check_metadata(epi_chk *c, xmlNodePtr md, const char *uid, xmlHashTablePtr ids,
                           const char *decl)
{
    int nmodified = 0;
    int rendition_counts[COUNT(rendition_globals)] = {0};
    const char *path = c->opf_path;

    for (xmlNodePtr n = md->children; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        epi_chk_at(c, path, n);
        if (n->ns && strcmp((const char *)n->ns->href, EPI_NS_DC) == 0) {
            char *v = text_of(c, n);
            if (!v)
                return;
            const char *name = (const char *)n->name;
            if (strcmp(name, "identifier") == 0) {
                char *id = prop(c, n, "id");
                if (uid && id && strcmp(id, uid) == 0 && !c->unique_id) {
                    if (!(c->unique_id = epi_strdup(v)))
                        epi_chk_oom(c);
                    else if (!c->epub3)
                        check_uuid(c, n, v);
                }
                free(id);
            } else if (strcmp(name, "language") == 0) {
                /* OPFHandler30's rule: EPUB 2's grammar takes any text (pandoc writes "C"
                 * when no locale is set) */
                if (*v && c->epub3 && !epi_lang_wellformed(v))
                    epi_chk_report(c, EP_SEV_ERROR, "OPF-092", path, n->line,
                                   "language tag \"%s\" is not well-formed (BCP 47)", v);
            } else if (strcmp(name, "date") == 0) {
                check_date(c, n, v); /* how many: the schema's tables */
            }
            /* EPUB 2: opf2.c (an empty title or language is OPF-055, a date OPF-054) */
            if (!*v && c->epub3 &&
                (strcmp(name, "identifier") == 0 || strcmp(name, "title") == 0 ||
                 strcmp(name, "language") == 0 || strcmp(name, "date") == 0))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, n->line,
                               "element dc:%s must not be empty", name);
            free(v);
            continue;
        }
        /* EPUB 2's meta (name, content) is checked by opf2.c */
        if (c->epub3 && (epi_chk_is(n, EPI_NS_OPF, "meta") || epi_chk_is(n, EPI_NS_OPF, "link"))) {
            char *refines = trimmed_prop(c, n, "refines");
            if (refines)
                check_refines(c, n, refines, ids);
            if (epi_chk_is(n, EPI_NS_OPF, "meta")) {
                char *property = prop(c, n, "property");
                if (property) {
                    char *v = text_of(c, n);
                    if (v && !*v)
                        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, n->line,
                                       "the meta element must not be empty");
                    check_property(c, property, strlen(property), decl, n->line, &meta_vocab);
                    if (v && c->epub3)
                        check_rendition_meta(c, n, property, v, refines != NULL, rendition_counts);
                    /* opf.dcterms.modified.syntax */
                    if (v && strcmp(property, "dcterms:modified") == 0 && !refines) {
                        nmodified++;
                        if (!epi_date_modified_syntax(v))
                            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, n->line,
                                           "dcterms:modified illegal syntax (expecting: "
                                           "CCYY-MM-DDThh:mm:ssZ): \"%s\"",
                                           v);
                    }
                    free(v);
                }
                free(property);
            } else {
                char *href = prop(c, n, "href");
                if (href) {
                    epi_chk_url u;
                    if (!epi_chk_url_resolve(path, href, &u)) {
                        epi_chk_oom(c);
                    } else {
                        if (u.query)
                            epi_chk_report(c, EP_SEV_ERROR, "RSC-033", path, n->line,
                                           "relative URL \"%s\" must not have a query", href);
                        if (u.escapes && !c->single)
                            epi_chk_report(c, EP_SEV_ERROR, "RSC-026", path, n->line,
                                           "URL \"%s\" leaks outside the container", href);
                        epi_chk_entry *le =
                            u.path && !c->single ? epi_chk_entry_find(c, u.path) : NULL;
                        if (le)
                            le->declared = true;
                        else if (u.path && !c->single)
                            epi_chk_report(c, EP_SEV_WARNING, "RSC-007w", path, n->line,
                                           "linked resource \"%s\" could not be found", u.path);
                        epi_chk_url_free(&u);
                    }
                }
                free(href);
            }
            free(refines);
        }
    }
    if (!uid)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-048", path, 0,
                       "the package element is missing its unique-identifier attribute");
    else if (!c->unique_id) {
        if (!c->single) /* OPFChecker.checkPackage: publications only */
            epi_chk_report(c, EP_SEV_ERROR, "OPF-030", path, 0,
                           "the unique-identifier \"%s\" was not found among the dc:identifier "
                           "elements",
                           uid);
        if (c->epub3 && md->parent) /* package-30.sch opf.uid */
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, md->parent->line,
                           "package element unique-identifier attribute does not resolve to a "
                           "dc:identifier element (given reference was \"%s\")",
                           uid);
    }
    if (c->epub3 && nmodified != 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, md->line,
                       /* package-30.sch opf.dcterms.modified */
                       "package dcterms:modified meta element must occur exactly once (found "
                       "%d)",
                       nmodified);
}

/* ---------- manifest ---------- */

static const char *const item_props[] = {"cover-image", "mathml",   "nav",    "remote-resources",
                                         "scripted",    "svg",      "switch", "data-nav",
                                         "dictionary",  "glossary", "index",  "search-key-map"};
static const vocab item_vocab = {item_props, COUNT(item_props),
                                 "dcterms marc media onix rendition schema xsd", "media rendition"};

bool epi_chk_is_font_type(const char *mt)
{
    return strncmp(mt, "font/", 5) == 0 || strcmp(mt, "application/font-sfnt") == 0 ||
           strcmp(mt, "application/vnd.ms-opentype") == 0 ||
           strcmp(mt, "application/font-woff") == 0 || strcmp(mt, "application/x-font-ttf") == 0;
}

static const char *ext_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    const char *dot = strrchr(slash ? slash : path, '.');
    return dot ? dot + 1 : "";
}

/* As epubcheck 5.3's BitmapChecker: only GIF, JPEG and PNG are checked, by their first bytes
 * (OPF-029), then the file extension (PKG-022, a warning). Fonts and other images are not. */
static void check_magic(epi_chk *c, epi_chk_item *it)
{
    static const struct {
        const char *type, *ext, *magic;
        size_t n;
    } sig[] = {{"image/jpeg", "jpeg", "\xff\xd8", 2},
               {"image/gif", "gif", "GIF8", 4},
               {"image/png", "png", "\x89PNG", 4}};
    unsigned char head[16];
    size_t got = 0, k = 0;

    while (k < COUNT(sig) && strcmp(it->media_type, sig[k].type) != 0)
        k++;
    if (k == COUNT(sig) || !epi_chk_read_head(c, it->entry, head, sizeof head, &got))
        return;
    /* epubcheck's BitmapChecker: a header shorter than 4 bytes may be corrupted (MED-004), and
     * then the image cannot be decoded (PKG-021) */
    if (got < 4) {
        epi_chk_report(c, EP_SEV_ERROR, "MED-004", it->path, 0,
                       "Image file header may be corrupted");
        epi_chk_report(c, EP_SEV_ERROR, "PKG-021", it->path, 0, "Corrupted image file encountered");
        return;
    }
    if (got < sig[k].n || memcmp(head, sig[k].magic, sig[k].n) != 0) {
        const char *real = epi_sniff(head, got);
        epi_chk_report(c, EP_SEV_ERROR, "OPF-029", it->path, 0,
                       "the file does not appear to match its declared media type %s%s%s%s",
                       it->media_type, real ? " (it is " : "", real ? real : "", real ? ")" : "");
        return;
    }
    const char *ext = ext_of(it->path);
    if (strcasecmp(ext, sig[k].ext) != 0 &&
        !(k == 0 && (strcasecmp(ext, "jpg") == 0 || strcasecmp(ext, "jpe") == 0)))
        epi_chk_report(c, EP_SEV_WARNING, "PKG-022", it->path, 0,
                       "wrong file extension for an image of type %s", it->media_type);
}

static void check_item_href(epi_chk *c, epi_chk_item *it)
{
    epi_chk_url u;
    const char *path = c->opf_path;

    if (!epi_chk_url_resolve(path, it->href, &u)) {
        epi_chk_oom(c);
        return;
    }
    const char *bad = u.data ? NULL : epi_url_invalid(it->href);
    if (bad)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-020", path, it->line, "\"%s\" is not a valid URL (%s)",
                       it->href, bad);
    if (u.remote) {
        it->remote = true;
        it->path = epi_chk_trim(it->href);
    } else if (u.data || u.file || u.empty) {
        epi_chk_report(c, EP_SEV_ERROR,
                       u.file   ? "RSC-030"
                       : u.data ? "RSC-029"
                                : "RSC-005",
                       path, it->line, "item href \"%s\" is not a valid container URL", it->href);
    } else {
        /* reported, then resolved as epubcheck does (clamped at the root, no query) */
        if (u.escapes && !c->single)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-026", path, it->line,
                           "URL \"%s\" leaks outside the container", it->href);
        if (u.query)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-033", path, it->line,
                           "relative URL \"%s\" must not have a query", it->href);
        if (u.fragment)
            epi_chk_report(c, EP_SEV_ERROR, "OPF-091", path, it->line,
                           "manifest item href \"%s\" must not have a fragment", it->href);
        it->path = u.path;
        u.path = NULL;
    }
    epi_chk_url_free(&u);
    if (!it->path)
        return;
    if (xmlHashAddEntry(c->item_by_path, (xmlChar *)it->path, it) != 0) {
        epi_chk_report(c, EP_SEV_ERROR, "OPF-074", path, it->line,
                       "resource \"%s\" is declared in several manifest items", it->path);
        return;
    }
    if (it->remote)
        return; /* EPUB 3.3 §3.6 (remote resources): checked once references are known */
    if (strcmp(it->path, c->opf_path) == 0)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-099", path, it->line,
                       "the manifest must not list the package document");
    else if (strncmp(it->path, "META-INF/", 9) == 0)
        epi_chk_report(c, EP_SEV_ERROR, "PKG-025", path, it->line,
                       "publication resource \"%s\" must not be in META-INF", it->path);
    if (c->single) {
        /* alone, the manifest's hrefs are all there is to check file names on */
        if (epi_chk_name_forbidden(it->path))
            epi_chk_report(c, EP_SEV_ERROR, "PKG-009", path, it->line,
                           "file name \"%s\" contains characters not allowed in OCF file names",
                           it->path);
        if (strchr(it->path, ' '))
            epi_chk_report(c, EP_SEV_WARNING, "PKG-010", path, it->line,
                           "The file name \"%s\" contains spaces", it->path);
        return;
    }
    it->entry = epi_chk_entry_find(c, it->path);
    if (!it->entry || it->entry->is_dir) {
        it->entry = NULL;
        epi_chk_report(c, EP_SEV_ERROR, "RSC-001", path, it->line,
                       "referenced resource \"%s\" could not be found in the container", it->path);
        return;
    }
    it->entry->declared = true;
    /* epubcheck's PublicationResourceChecker: a resource it cannot decrypt is noted (RSC-004,
     * INFO) and not checked; 5.3.0 decrypts nothing, not even obfuscated fonts */
    if (c->encrypted && xmlHashLookup(c->encrypted, (xmlChar *)it->path)) {
        it->encrypted = true;
        epi_chk_report(c, EP_SEV_INFO, "RSC-004", it->path, 0,
                       "File \"%s\" is encrypted, its content will not be checked", it->path);
        return;
    }
    check_magic(c, it);
}

static void check_manifest(epi_chk *c, xmlNodePtr mf, const char *decl)
{
    size_t n = 0, nnav = 0, ncover = 0;
    const char *path = c->opf_path;

    for (xmlNodePtr i = mf->children; i; i = i->next)
        n += epi_chk_is(i, EPI_NS_OPF, "item");
    c->items = calloc(n + 1, sizeof *c->items);
    c->item_by_id = xmlHashCreate((int)n + 1);
    c->item_by_path = xmlHashCreate((int)n + 1);
    if (!c->items || !c->item_by_id || !c->item_by_path) {
        epi_chk_oom(c);
        return;
    }
    for (xmlNodePtr i = mf->children; i && !c->nomem; i = i->next) {
        if (!epi_chk_is(i, EPI_NS_OPF, "item"))
            continue;
        epi_chk_item *it = &c->items[c->nitems];
        it->id = trimmed_prop(c, i, "id");
        it->href = prop(c, i, "href");
        it->media_type = prop(c, i, "media-type");
        it->properties = prop(c, i, "properties");
        it->fallback = prop(c, i, "fallback");
        it->line = i->line;
        it->col = (int)(intptr_t)i->psvi; /* epi_chk_at's column */
        epi_chk_at(c, path, i);
        it->linear = true;
        c->nitems++;
        if (!it->id || !it->href || !it->media_type)
            continue; /* RSC-005 from the schema's tables */
        if (!xmlHashLookup(c->item_by_id, (xmlChar *)it->id) &&
            xmlHashAddEntry(c->item_by_id, (xmlChar *)it->id, it) != 0) {
            epi_chk_oom(c);
            return;
        }
        check_item_href(c, it);
        if (!c->epub3) {
            epi_chk_opf2_item(c, it); /* EPUB 2 has no item properties (opf2.c) */
            continue;
        }
        check_properties(c, it->properties, decl, it->line, &item_vocab);
        if (epi_chk_has_token(it->properties, "nav")) {
            nnav++;
            if (strcmp(it->media_type, EPI_MT_XHTML) != 0) {
                epi_chk_report(c, EP_SEV_ERROR, "OPF-012", path, it->line,
                               "the nav property is only allowed on XHTML documents");
                /* package-30.sch opf.nav.type */
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, it->line,
                               "The manifest item representing the Navigation Document must be "
                               "of the \"application/xhtml+xml\" type (given type was \"%s\")",
                               it->media_type);
            } else if (!c->nav)
                c->nav = it;
        }
        if (epi_chk_has_token(it->properties, "cover-image")) {
            ncover++;
            if (strncmp(it->media_type, "image/", 6) != 0)
                epi_chk_report(c, EP_SEV_ERROR, "OPF-012", path, it->line,
                               "the cover-image property is only allowed on images");
        }
    }
    for (size_t k = 0; k < c->nitems; k++)
        if (c->items[k].media_type && strcmp(c->items[k].media_type, EPI_MT_NCX) == 0 && !c->ncx)
            c->ncx = &c->items[k];
    if (!c->epub3)
        epi_chk_opf2_fallbacks(c, mf);
    /* package-30.sch opf.nav.prop */
    if (c->epub3 && nnav != 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, mf->line,
                       "exactly one manifest item must declare the nav property (found %zu)", nnav);
    /* package-30.sch opf.cover-image */
    if (ncover > 1)
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, mf->line,
                       "at most one manifest item may declare the cover-image property");
    /* Fallback chains: targets exist (OPF-040) and never loop (OPF-045). */
    for (size_t k = 0; k < c->nitems; k++) {
        epi_chk_item *it = &c->items[k];
        if (!it->fallback)
            continue;
        epi_chk_item *f = xmlHashLookup(c->item_by_id, (xmlChar *)it->fallback);
        if (!f) {
            epi_chk_report(c, EP_SEV_ERROR, "OPF-040", path, it->line,
                           "fallback item \"%s\" could not be found", it->fallback);
            continue;
        }
        for (size_t steps = 0; f && f->fallback; steps++) {
            if (f == it || steps > c->nitems) {
                epi_chk_report(c, EP_SEV_ERROR, "OPF-045", path, it->line,
                               "circular reference in the fallback chain of \"%s\"", it->id);
                break;
            }
            f = xmlHashLookup(c->item_by_id, (xmlChar *)f->fallback);
        }
    }
}

bool epi_chk_content_fallback(epi_chk *c, const epi_chk_item *it)
{
    for (size_t steps = 0; it && steps <= c->nitems; steps++) {
        if (!c->epub3 && epi_chk_opf2_content_type(it->media_type))
            return true;
        if (c->epub3 && it->media_type &&
            (strcmp(it->media_type, EPI_MT_XHTML) == 0 || strcmp(it->media_type, EPI_MT_SVG) == 0))
            return true;
        it = it->fallback ? xmlHashLookup(c->item_by_id, (xmlChar *)it->fallback) : NULL;
    }
    return false;
}

/* itemref@properties (EPUB 3.3 §D.3.3): page-spread-* without a prefix; rendition's terms
 * are not listed here (not checked), like those of declared prefixes. */
static const char *const itemref_props[] = {"page-spread-left", "page-spread-right"};
static const vocab itemref_vocab = {itemref_props, COUNT(itemref_props),
                                    "dcterms marc media onix rendition schema xsd", "media"};

/* itemref@properties: each a known property (OPF-027, OPF-028); the spine overrides of each
 * group exclude each other (epubcheck's package-30.sch opf.rendition.overrides, RSC-005);
 * whether the item is fixed-layout. */
static void check_itemref_props(epi_chk *c, xmlNodePtr r, epi_chk_item *it, const char *decl)
{
    static const char *const groups[][2] = {
        {"rendition:flow-paginated rendition:flow-scrolled-continuous rendition:flow-scrolled-doc "
         "rendition:flow-auto",
         "rendition:flow-*"},
        {"rendition:layout-reflowable rendition:layout-pre-paginated", "rendition:layout-*"},
        {"rendition:orientation-landscape rendition:orientation-portrait "
         "rendition:orientation-auto",
         "rendition:orientation-*"},
        {"page-spread-right page-spread-left rendition:page-spread-center", "page-spread-*"},
        {"rendition:spread-portrait rendition:spread-landscape rendition:spread-both "
         "rendition:spread-none rendition:spread-auto",
         "rendition:spread-*"}};
    char *props = prop(c, r, "properties");
    if (c->epub3)
        check_properties(c, props, decl, r->line, &itemref_vocab);
    for (size_t g = 0; props && g < COUNT(groups); g++) {
        size_t n = 0;
        for (const char *p = props; *p;) {
            while (isspace((unsigned char)*p))
                p++;
            const char *s = p;
            while (*p && !isspace((unsigned char)*p))
                p++;
            char tok[64];
            if (p > s && (size_t)(p - s) < sizeof tok) {
                memcpy(tok, s, (size_t)(p - s));
                tok[p - s] = '\0';
                n += epi_chk_has_token(groups[g][0], tok);
            }
        }
        if (n > 1)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, r->line,
                           "properties %s of one itemref are mutually exclusive", groups[g][1]);
    }
    it->fxl = epi_chk_has_token(props, "rendition:layout-pre-paginated") ||
              (c->fxl && !epi_chk_has_token(props, "rendition:layout-reflowable"));
    free(props);
}

static void check_spine(epi_chk *c, xmlNodePtr sp, const char *decl)
{
    const char *path = c->opf_path;
    size_t nref = 0, nfound = 0, nlinear = 0;
    char *toc = trimmed_prop(c, sp, "toc");

    if (toc) {
        epi_chk_item *t = xmlHashLookup(c->item_by_id, (xmlChar *)toc);
        if (!t) {
            epi_chk_report(c, EP_SEV_ERROR, "OPF-049", path, sp->line,
                           "spine toc \"%s\" was not found in the manifest", toc);
            if (c->epub3) /* package-30.sch opf.toc.ncx */
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, sp->line,
                               "spine element toc attribute must reference the NCX manifest item "
                               "(referenced media type was \"\")");
        } else if (!t->media_type || strcmp(t->media_type, EPI_MT_NCX) != 0) {
            epi_chk_report(c, EP_SEV_ERROR, "OPF-050", path, sp->line,
                           "spine toc attribute must reference the NCX");
            if (c->epub3) /* package-30.sch opf.toc.ncx */
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, sp->line,
                               "spine element toc attribute must reference the NCX manifest item "
                               "(referenced media type was \"%s\")",
                               t->media_type ? t->media_type : "");
            /* epubcheck then reads the XML document as the NCX, which fails inside it (its
             * internal CHK-008, at the package): XHTML, text/xml */
            size_t ml = t->media_type ? strlen(t->media_type) : 0;
            const char *tail = ml >= 4 ? t->media_type + ml - 4 : "";
            if (!c->single && (strcmp(tail, "/xml") == 0 || strcmp(tail, "+xml") == 0))
                epi_chk_report(c, EP_SEV_ERROR, "CHK-008", path, 0,
                               "Error encountered while processing an item \"%s\"; skip other "
                               "checks for the item",
                               t->path ? t->path : t->href);
        }
    } else if (c->ncx && c->epub3) { /* EPUB 2 requires toc in any case (opf2.c) */
        epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, sp->line,
                       /* package-30.sch opf.toc.ncx.2 */
                       "spine element toc attribute must be set when an NCX is included");
    }
    free(toc);
    for (xmlNodePtr r = sp->children; r; r = r->next) {
        if (!epi_chk_is(r, EPI_NS_OPF, "itemref"))
            continue;
        epi_chk_at(c, path, r);
        nref++;
        char *idref = trimmed_prop(c, r, "idref");
        char *linear = prop(c, r, "linear");
        epi_chk_item *it = idref ? xmlHashLookup(c->item_by_id, (xmlChar *)idref) : NULL;
        nfound += it != NULL;
        if (!it) {
            /* OPFChecker's OPF-049, and in EPUB 3 package-30.sch opf.itemref */
            epi_chk_report(c, EP_SEV_ERROR, "OPF-049", path, r->line,
                           "spine itemref \"%s\" was not found in the manifest",
                           idref ? idref : "");
            if (c->epub3)
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, r->line,
                               "itemref element idref attribute does not resolve to a manifest "
                               "item element");
        } else if (it->in_spine) {
            /* EPUB 3: epubcheck 5.3's package-30.sch (opf.spine.duplicate.refs), RSC-005 */
            if (c->epub3)
                epi_chk_report(c, EP_SEV_ERROR, "RSC-005", path, r->line,
                               "Itemref refers to the same manifest entry as a previous itemref "
                               "(\"%s\")",
                               idref);
            else
                epi_chk_report(c, EP_SEV_ERROR, "OPF-034", path, r->line,
                               "the spine refers to manifest item \"%s\" twice", idref);
        } else {
            check_itemref_props(c, r, it, decl);
            it->in_spine = true;
            it->spine_pos = nref - 1;
            it->linear = !(linear && strcmp(linear, "no") == 0);
            nlinear += it->linear;
            if (!c->epub3)
                epi_chk_opf2_spine_item(c, it, r->line);
            else if (!it->remote && !epi_chk_content_fallback(c, it))
                epi_chk_report(c, EP_SEV_ERROR, "OPF-043", path, r->line,
                               "spine item \"%s\" (%s) is not a content document and has no "
                               "fallback to one",
                               idref, it->media_type);
        }
        free(idref);
        free(linear);
    }
    /* OPFChecker: among the itemrefs that name an item (none at all: RSC-005 from the schema's
     * tables; none found: OPF-049 alone) */
    if (nfound > 0 && nlinear == 0)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-033", path, sp->line,
                       "the spine contains no linear resources");
}

static void check_guide(epi_chk *c, xmlNodePtr g)
{
    /* (type, resource) pairs seen: OPF 2.0.1 §2.6 one reference per type and resource; a
     * repeat is RSC-017 (a warning in epubcheck) */
    xmlHashTablePtr seen = xmlHashCreate(16);
    if (!seen) {
        epi_chk_oom(c);
        return;
    }
    for (xmlNodePtr r = g->children; r; r = r->next) {
        if (!epi_chk_is(r, EPI_NS_OPF, "reference"))
            continue;
        epi_chk_at(c, c->opf_path, r);
        char *href = prop(c, r, "href");
        char *type = prop(c, r, "type");
        epi_chk_url u;
        if (href && epi_chk_url_resolve(c->opf_path, href, &u)) {
            epi_chk_item *it = u.path ? xmlHashLookup(c->item_by_path, (xmlChar *)u.path) : NULL;
            if (u.path && !it)
                epi_chk_report(c, EP_SEV_ERROR, "OPF-031", c->opf_path, r->line,
                               "guide reference \"%s\" is not declared in the manifest", href);
            /* OPFChecker.checkGuide: a content document (of the version's blessed types) */
            else if (it && it->media_type &&
                     !(c->epub3 ? strcmp(it->media_type, EPI_MT_XHTML) == 0 ||
                                      strcmp(it->media_type, EPI_MT_SVG) == 0 ||
                                      strcmp(it->media_type, "text/x-oeb1-document") == 0 ||
                                      strcmp(it->media_type, "text/html") == 0
                                : epi_chk_opf2_content_type(it->media_type)))
                epi_chk_report(c, EP_SEV_ERROR, "OPF-032", c->opf_path, r->line,
                               "guide references \"%s\" which is not a valid content document",
                               u.path);
            /* the reference itself is a link to a resource that must exist (RSC-007) */
            if (u.path && !c->single && !epi_chk_entry_find(c, u.path))
                epi_chk_report(c, EP_SEV_ERROR, "RSC-007", c->opf_path, r->line,
                               "referenced resource \"%s\" could not be found", u.path);
            if (u.path && type &&
                xmlHashAddEntry2(seen, (xmlChar *)type, (xmlChar *)u.path, r) != 0)
                epi_chk_report(c, EP_SEV_WARNING, "RSC-017", c->opf_path, r->line,
                               /* opf.sch and package-30.sch opf_guideReferenceUnique */
                               "duplicate guide reference of type \"%s\" to \"%s\"", type, u.path);
            epi_chk_url_free(&u);
        }
        free(href);
        free(type);
    }
    xmlHashFree(seen, NULL);
}

/* Unique ids: package-30.sch id-unique, opf.sch opf_idAttrUnique. */
static void collect_ids(epi_chk *c, xmlNodePtr n, xmlHashTablePtr ids)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        char *id = trimmed_prop(c, n, "id");
        if (id && xmlHashAddEntry(ids, (xmlChar *)id, n) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, n->line, "duplicate ID \"%s\"",
                           id);
        free(id);
        collect_ids(c, n->children, ids);
    }
}

/* The package document's DOCTYPE (epubcheck's DeclarationHandler): EPUB 3 allows none with an
 * external identifier (OPF-073); EPUB 2 only OEB 1.2's package DOCTYPE (HTM-009). */
static void check_doctype(epi_chk *c, const xmlDtd *dtd)
{
    if (!dtd || (!dtd->ExternalID && !dtd->SystemID))
        return;
    const char *pub = (const char *)dtd->ExternalID, *sys = (const char *)dtd->SystemID;
    if (c->epub3)
        epi_chk_report_col(c, EP_SEV_ERROR, "OPF-073", c->opf_path, c->doctype_line, c->doctype_col,
                           "DOCTYPE with an external identifier \"%s\" is not allowed",
                           pub ? pub : sys);
    else if (!(strcmp((const char *)dtd->name, "package") == 0 &&
               (!pub || strcmp(pub, "+//ISBN 0-9673008-1-9//DTD OEB 1.2 Package//EN") == 0) &&
               (!sys || strcmp(sys, "http://openebook.org/dtds/oeb-1.2/oebpkg12.dtd") == 0)))
        epi_chk_report_col(c, EP_SEV_ERROR, "HTM-009", c->opf_path, c->doctype_line, c->doctype_col,
                           "The DOCTYPE provided is obsolete or irregular and can be removed");
}

bool epi_chk_opf(epi_chk *c)
{
    const char *path = c->opf_path;
    epi_chk_entry *e = epi_chk_entry_find(c, path);
    xmlHashTablePtr ids = NULL;
    xmlNodePtr md = NULL, mf = NULL, sp = NULL, guide = NULL;
    char *uid = NULL, *decl = NULL;

    c->opf = epi_chk_load_xml(c, e);
    if (!c->opf)
        return false;
    xmlNodePtr root = xmlDocGetRootElement(c->opf);
    /* epubcheck reads the version first (OPFPeeker), whatever the namespace: an OEBPS 1.2
     * package has none (OPF-001) */
    if (!c->single && root && strcmp((const char *)root->name, "package") == 0 &&
        !xmlHasNsProp(root, (const xmlChar *)"version", NULL)) {
        epi_chk_report(c, EP_SEV_ERROR, "OPF-001", path, root->line,
                       "There was an error when parsing the EPUB version: Version attribute not "
                       "found");
        return false;
    }
    if (!c->single && epi_chk_is(root, EPI_NS_OEB12, "package")) {
        c->epub3 = false; /* with a version (above): EPUB 2 to epubcheck */
        epi_chk_opf12(c, root);
        return false;
    }
    if (!epi_chk_is(root, EPI_NS_OPF, "package")) {
        epi_chk_validate(c, &epi_hs_opf30, path, root, true); /* RSC-005: no such root element */
        return false;
    }
    epi_chk_at(c, path, root); /* findings on the package element's line get its column */
    char *version = prop(c, root, "version");
    /* Alone, the document is checked by the rules asked for (epubcheck's -v); in a
     * publication, by its version: without one epubcheck cannot go on (OPF-001). */
    if (c->single && c->want_version)
        c->epub3 = c->want_version != 2;
    else
        c->epub3 = !version || strcmp(version, "2.0") != 0;
    if (!version && !c->single) {
        epi_chk_report(c, EP_SEV_ERROR, "OPF-001", path, root->line,
                       "There was an error when parsing the EPUB version: Version attribute not "
                       "found");
        return false;
    }
    /* alone, checked by the other version's grammar (-v), the version is invalid there: RSC-005
     * from the schema's tables */
    bool other_grammar = c->single && c->want_version && version &&
                         strcmp(version, c->want_version == 2 ? "2.0" : "3.0") != 0;
    bool unsupported =
        version ? strcmp(version, "3.0") != 0 && strcmp(version, "2.0") != 0 : c->want_version != 2;
    if (!other_grammar && unsupported)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-001", path, root->line,
                       "package version \"%s\" is not supported (EPUB 3 requires \"3.0\")",
                       version ? version : "");
    free(version);
    /* in a publication, epubcheck checks nothing more (its OPFPeeker fails: "Version not
     * supported") */
    if (!other_grammar && unsupported && !c->single)
        return false;
    check_doctype(c, c->opf->intSubset);
    xmlChar *lang = xmlNodeGetLang(root);
    if (lang && *lang && c->epub3 && !epi_lang_wellformed((const char *)lang))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-092", path, root->line,
                       "language tag \"%s\" is not well-formed (BCP 47)", (const char *)lang);
    xmlFree(lang);

    ids = xmlHashCreate(64);
    if (!ids)
        return epi_chk_oom(c);
    collect_ids(c, root, ids);

    /* The elements, their attributes and their order: the schema's tables (package-30.rnc;
     * OPF 2.0's opf.rng). Here the first of each, for what the tables cannot say. */
    epi_chk_validate(c, c->epub3 ? &epi_hs_opf30 : &epi_hs_opf20, path, root, true);
    for (xmlNodePtr n = root->children; n; n = n->next) {
        if (epi_chk_is(n, EPI_NS_OPF, "metadata") && !md)
            md = n;
        else if (epi_chk_is(n, EPI_NS_OPF, "manifest") && !mf)
            mf = n;
        else if (epi_chk_is(n, EPI_NS_OPF, "spine") && !sp)
            sp = n;
        else if (epi_chk_is(n, EPI_NS_OPF, "guide") && !guide)
            guide = n;
        else if (epi_chk_is(n, EPI_NS_OPF, "bindings") && c->epub3) /* opf.bindings.deprecated */
            epi_chk_report_col(c, EP_SEV_WARNING, "RSC-017", path, n->line, (int)(intptr_t)n->psvi,
                               "Use of the bindings element is deprecated");
    }
    uid = prop(c, root, "unique-identifier");
    decl = prop(c, root, "prefix");
    if (c->epub3)
        check_prefix_decl(c, decl, root->line);
    if (md)
        check_metadata(c, md, uid, ids, decl);
    if (mf)
        check_manifest(c, mf, decl);
    if (md && c->item_by_path)
        check_refines_items(c, md);
    if (c->epub3)
        epi_chk_opf_schematron(c, md, mf);
    c->has_spine = sp != NULL;
    if (sp && c->items)
        check_spine(c, sp, decl);
    if (guide && c->items)
        check_guide(c, guide);
    if (!c->epub3)
        epi_chk_opf2(c, root);
    epi_chk_at(c, NULL, NULL);
    free(uid);
    free(decl);
    xmlHashFree(ids, NULL);
    return !c->nomem && mf && c->items;
}

void epi_chk_opf_undeclared(epi_chk *c)
{
    /* EPUB 3.3 §3.1: every publication resource is listed in the manifest (OPF-003: a
     * WARNING in epubcheck 4.2.6, a USAGE note in 5.3; files a metadata link names count as
     * declared). */
    for (size_t i = 0; i < c->nentries; i++) {
        epi_chk_entry *e = &c->entries[i];
        if (e->is_dir || e->unsafe || e->declared || !e->key || strcmp(e->key, "mimetype") == 0 ||
            strncmp(e->key, "META-INF/", 9) == 0 || strcmp(e->key, c->opf_path) == 0)
            continue;
        bool package = false; /* another rendition's package document */
        for (size_t r = 0; r < c->nrenditions && !package; r++)
            package = strcmp(e->key, c->renditions[r]) == 0;
        if (package)
            continue;
        if (xmlHashLookup(c->item_by_path, (xmlChar *)e->key))
            continue;
        epi_chk_report(c, EP_SEV_USAGE, "OPF-003", "", 0, /* at the container, as epubcheck */
                       "item \"%s\" exists in the EPUB, but is not declared in the manifest",
                       e->name);
    }
}

static void property_match(epi_chk *c, epi_chk_item *it, const char *p, bool found)
{
    bool declared = epi_chk_has_token(it->properties, p);
    if (found && !declared)
        /* at the document, as epubcheck's OPSHandler30 reports it */
        epi_chk_report(c, EP_SEV_ERROR, "OPF-014", it->path, 0,
                       "the property \"%s\" should be declared on \"%s\"", p, it->href);
    else if (!found && declared && strcmp(p, "remote-resources") == 0)
        /* a script may load remote resources: then only a note (OPF-018b) */
        epi_chk_report(c, it->has_script ? EP_SEV_USAGE : EP_SEV_WARNING,
                       it->has_script ? "OPF-018b" : "OPF-018", c->opf_path, it->line,
                       "the remote-resources property is declared on \"%s\" but no remote "
                       "resource was found",
                       it->href);
    else if (!found && declared)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-015", it->path, 0,
                       "the property \"%s\" should not be declared on \"%s\"", p, it->href);
}

/* Whether a media overlay (SMIL) refers to a remote resource: an audio or text src with a
 * scheme (http:, https:) or a network path. */
static bool smil_remote(const xmlNode *n)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        xmlChar *src = xmlGetNoNsProp(n, (const xmlChar *)"src");
        bool remote = src && epi_url_is_external((const char *)src) &&
                      strncasecmp((const char *)src, "data:", 5) != 0;
        xmlFree(src);
        if (remote || smil_remote(n->children))
            return true;
    }
    return false;
}

void epi_chk_opf_after_content(epi_chk *c)
{
    /* Media overlays are not checked otherwise; one with a remote audio file needs the
     * remote-resources property as a content document does (EPUB 3.3 §D.3.2; OPF-014). */
    for (size_t i = 0; c->epub3 && !c->single && i < c->nitems && !c->nomem; i++) {
        epi_chk_item *it = &c->items[i];
        if (!it->entry || !it->media_type || strcmp(it->media_type, "application/smil+xml") != 0)
            continue;
        xmlDocPtr smil = epi_chk_load_xml(c, it->entry);
        if (smil)
            property_match(c, it, "remote-resources", smil_remote(xmlDocGetRootElement(smil)));
        xmlFreeDoc(smil);
    }

    bool scripted = false;
    for (size_t i = 0; i < c->nitems; i++)
        scripted = scripted || c->items[i].has_script;
    for (size_t i = 0; i < c->nitems; i++) {
        epi_chk_item *it = &c->items[i];
        /* findings on the item's line of the package get its column */
        c->at_path = c->opf_path;
        c->at_line = it->line;
        c->at_col = it->col;
        if (it->checked) {
            bool css = it->media_type && strcmp(it->media_type, EPI_MT_CSS) == 0;
            /* manifest properties are EPUB 3's */
            if (!c->epub3) {
            } else if (!css) {
                property_match(c, it, "scripted", it->has_script);
                bool svg = it->has_svg && strcmp(it->media_type, EPI_MT_XHTML) == 0;
                /* required with inline SVG; allowed, not required, when the document only
                 * references an SVG image (Standard Ebooks' title pages) */
                if (svg || !it->svg_ref)
                    property_match(c, it, "svg", svg);
                property_match(c, it, "mathml", it->has_math);
                property_match(c, it, "switch", it->has_switch);
            }
            if (c->epub3)
                property_match(c, it, "remote-resources", it->has_remote);
            else if (it->css_remote) /* epubcheck's CSSHandler, whatever the version */
                epi_chk_report(c, EP_SEV_ERROR, "OPF-014", it->path, 0,
                               "the property \"remote-resources\" should be declared on \"%s\"",
                               it->href);
        }
        /* EPUB 3.3 §3.6: only audio, video and fonts may be remote; anything referenced as a
         * font counts as one (e.g. an SVG font). Content documents are reported when declared,
         * other types when linked to (a reference from an embedding element reported it
         * already; <object><param> values are not references, as in epubcheck). */
        if (it->remote && !it->remote_reported && it->media_type && !c->single &&
            strncmp(it->media_type, "audio/", 6) != 0 &&
            strncmp(it->media_type, "video/", 6) != 0 && !epi_chk_is_font_type(it->media_type) &&
            !it->font_use &&
            (it->linked || strcmp(it->media_type, EPI_MT_XHTML) == 0 ||
             strcmp(it->media_type, EPI_MT_SVG) == 0))
            epi_chk_report(c, EP_SEV_ERROR, "RSC-006", c->opf_path, it->line,
                           "remote resource \"%s\" (%s) is not allowed; only audio, video and "
                           "fonts may be remote",
                           it->href, it->media_type);
        /* EPUB 3.3 §5.7.4 (5.x OPF-096): non-linear content must be reachable; scripts may
         * link to it, so with scripted content epubcheck only notes it (OPF-096b). */
        if (c->epub3 && it->in_spine && !it->linear && !it->linked && it->entry)
            epi_chk_report(c, scripted ? EP_SEV_USAGE : EP_SEV_ERROR,
                           scripted ? "OPF-096b" : "OPF-096", c->opf_path, it->line,
                           "non-linear content \"%s\" is not reachable by any hyperlink", it->href);
        /* OPFChecker30: a manifest item that nothing but links refers to (USAGE OPF-097) */
        if (c->epub3 && !c->single && !it->in_spine && it != c->nav && it != c->ncx && !it->used &&
            it->path)
            epi_chk_report(c, EP_SEV_USAGE, "OPF-097", c->opf_path, it->line,
                           "resource \"%s\" is listed in the manifest, but no reference to it was "
                           "found in content documents",
                           it->path);
        /* Only fonts may be obfuscated (EPUB 3.3 §4.3.2; PKG-026). */
        if (it->path && c->encrypted && it->media_type &&
            xmlHashLookup(c->encrypted, (xmlChar *)it->path) &&
            strcmp(xmlHashLookup(c->encrypted, (xmlChar *)it->path), "obfuscated") == 0) {
            static const char *const cmt[] = {"font/ttf",
                                              "font/otf",
                                              "font/woff",
                                              "font/woff2",
                                              "application/font-sfnt",
                                              "application/vnd.ms-opentype",
                                              "application/font-woff"};
            if (!in_list(it->media_type, strlen(it->media_type), cmt, COUNT(cmt)))
                epi_chk_report(c, EP_SEV_ERROR, "PKG-026", it->path, 0,
                               "obfuscated resource must be a font core media type, not %s",
                               it->media_type);
        }
    }
    epi_chk_at(c, NULL, NULL);
}

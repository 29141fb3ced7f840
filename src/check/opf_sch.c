/*
 * The rules of epubcheck 5.3.0's package-30.sch (EPUB 3 package documents) that opf.c does not
 * run on its way, ported one pattern at a time (each names its pattern, as
 * tests/check/schematron.tsv maps them): what links and refining meta elements may refine,
 * how often a property may refine one expression, the data navigation and media overlay
 * items. Assertions are RSC-005 errors, "WARNING:" reports RSC-017 warnings, as epubcheck
 * reports Schematron.
 *
 * XPath's normalize-space() is epi_chk_trim here; the interior white space of ids, refines
 * and properties (never valid there) is not collapsed.
 */
#include "check_int.h"

#include <stdlib.h>
#include <string.h>

typedef struct sch_ctx {
    epi_chk *c;
    xmlNodePtr md;
} sch_ctx;

/* normalize-space(@name) ("" when absent); NULL only when out of memory. */
static char *attr(epi_chk *c, const xmlNode *n, const char *name)
{
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    char *t = epi_chk_trim(v ? (const char *)v : "");
    xmlFree(v);
    if (!t)
        epi_chk_oom(c);
    return t;
}

static bool attr_is(epi_chk *c, const xmlNode *n, const char *name, const char *value)
{
    char *v = attr(c, n, name);
    bool r = v && strcmp(v, value) == 0;
    free(v);
    return r;
}

static bool is_meta(const xmlNode *n)
{
    return epi_chk_is((xmlNodePtr)n, EPI_NS_OPF, "meta");
}

static bool is_dc(const xmlNode *n, const char *names)
{
    return n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, EPI_NS_DC) == 0 &&
           epi_chk_has_token(names, (const char *)n->name);
}

static void error(epi_chk *c, const xmlNode *n, const char *msg)
{
    epi_chk_at(c, c->opf_path, n);
    epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, (int)xmlGetLineNo((xmlNodePtr)n), "%s",
                   msg);
}

/* A sibling of meta n (in the metadata) that is a dc:NAMES element with
 * concat('#', normalize-space(@id)) = normalize-space(n/@refines) (by_hash), or a meta of
 * property `prop` (NULL: a dc element) with normalize-space(@id) =
 * substring(normalize-space(n/@refines), 2). */
static bool refines_sibling(sch_ctx *x, const xmlNode *n, const char *names, const char *prop,
                            bool by_hash)
{
    char *refines = attr(x->c, n, "refines");
    bool found = false;
    if (!refines)
        return false;
    const char *want = by_hash ? refines : (refines[0] ? refines + 1 : refines);
    for (xmlNodePtr s = x->md->children; s && !found && !x->c->nomem; s = s->next) {
        if (!(prop ? is_meta(s) && attr_is(x->c, s, "property", prop) : is_dc(s, names)))
            continue;
        char *id = attr(x->c, s, "id");
        found =
            id && (by_hash ? want[0] == '#' && strcmp(want + 1, id) == 0 : strcmp(want, id) == 0);
        free(id);
    }
    free(refines);
    return found;
}

/* A preceding sibling meta of n with the same property and refines (both normalized). */
static bool repeated(sch_ctx *x, const xmlNode *n, const char *prop)
{
    char *refines = attr(x->c, n, "refines");
    bool found = false;
    for (xmlNodePtr s = n->prev; refines && s && !found && !x->c->nomem; s = s->prev) {
        if (!is_meta(s) || !attr_is(x->c, s, "property", prop))
            continue;
        char *r = attr(x->c, s, "refines");
        found = r && strcmp(r, refines) == 0;
        free(r);
    }
    free(refines);
    return found;
}

/* The opf.meta.* patterns: what a property must refine, and that it refines one expression
 * once. */
static const struct {
    const char *property;
    const char *dc;     /* it must refine one of these dc elements ("#id"), or NULL */
    const char *meta;   /* or a meta of this property (by id), or NULL */
    bool meta_optional; /* no refines at all is fine (belongs-to-collection) */
    bool once;          /* at most once per refined expression */
    const char *must, *once_msg;
} meta_rules[] = {
    /* opf.meta.authority */
    {"authority", "subject", NULL, false, false,
     "Property \"authority\" must refine a \"subject\" property.", NULL},
    /* opf.meta.belongs-to-collection */
    {"belongs-to-collection", NULL, "belongs-to-collection", true, false,
     "Property \"belongs-to-collection\" can only refine other \"belongs-to-collection\" "
     "properties.",
     NULL},
    /* opf.meta.collection-type */
    {"collection-type", NULL, "belongs-to-collection", false, true,
     "Property \"collection-type\" must refine a \"belongs-to-collection\" property.",
     "Property \"collection-type\" cannot be declared more than once to refine the same "
     "\"belongs-to-collection\" expression."},
    /* opf.meta.display-seq */
    {"display-seq", NULL, NULL, false, true, NULL,
     "Property \"display-seq\" cannot be declared more than once to refine the same "
     "expression."},
    /* opf.meta.file-as */
    {"file-as", NULL, NULL, false, true, NULL,
     "Property \"file-as\" cannot be declared more than once to refine the same expression."},
    /* opf.meta.group-position */
    {"group-position", NULL, NULL, false, true, NULL,
     "Property \"group-position\" cannot be declared more than once to refine the same "
     "expression."},
    /* opf.meta.identifier-type */
    {"identifier-type", "identifier source", NULL, false, true,
     "Property \"identifier-type\" must refine an \"identifier\" or \"source\" property.",
     "Property \"identifier-type\" cannot be declared more than once to refine the same "
     "expression."},
    /* opf.meta.role */
    {"role", "creator contributor publisher", NULL, false, false,
     "Property \"role\" must refine a \"creator\", \"contributor\", or \"publisher\" property.",
     NULL},
    /* opf.meta.source-of (and its value, below) */
    {"source-of", NULL, NULL, false, true, NULL,
     "Property \"source-of\" cannot be declared more than once to refine the same \"source\" "
     "expression."},
    /* opf.meta.term */
    {"term", "subject", NULL, false, false, "Property \"term\" must refine a \"subject\" property.",
     NULL},
    /* opf.meta.title-type */
    {"title-type", "title", NULL, false, true,
     "Property \"title-type\" must refine a \"title\" property.",
     "Property \"title-type\" cannot be declared more than once to refine the same \"title\" "
     "expression."},
};

static void check_meta(sch_ctx *x, xmlNodePtr n)
{
    epi_chk *c = x->c;
    char *prop = attr(c, n, "property");
    if (!prop)
        return;
    for (size_t k = 0; k < sizeof meta_rules / sizeof meta_rules[0]; k++) {
        if (strcmp(prop, meta_rules[k].property) != 0)
            continue;
        bool has_refines = xmlHasNsProp(n, (const xmlChar *)"refines", NULL) != NULL;
        if (meta_rules[k].dc && !refines_sibling(x, n, meta_rules[k].dc, NULL, true))
            error(c, n, meta_rules[k].must);
        else if (meta_rules[k].meta && !(meta_rules[k].meta_optional && !has_refines) &&
                 !refines_sibling(x, n, NULL, meta_rules[k].meta, false))
            error(c, n, meta_rules[k].must);
        if (meta_rules[k].once && repeated(x, n, prop))
            error(c, n, meta_rules[k].once_msg);
    }
    if (strcmp(prop, "source-of") == 0) { /* opf.meta.source-of */
        xmlChar *t = xmlNodeGetContent(n);
        char *v = epi_chk_trim(t ? (const char *)t : "");
        if (v && strcmp(v, "pagination") != 0)
            error(c, n, "The \"source-of\" property must have the value \"pagination\"");
        free(v);
        xmlFree(t);
        if (!xmlHasNsProp(n, (const xmlChar *)"refines", NULL) ||
            !refines_sibling(x, n, "source", NULL, false))
            error(c, n, "The \"source-of\" property must refine a \"source\" property.");
    }
    if (strcmp(prop, "meta-auth") == 0) { /* opf.meta.meta-auth.deprecated */
        epi_chk_at(c, c->opf_path, n);
        epi_chk_report(c, EP_SEV_WARNING, "RSC-017", c->opf_path, (int)xmlGetLineNo(n),
                       "Use of the meta-auth property is deprecated");
    }
    free(prop);
}

/* refines_sibling for dc elements by id, for opf.dc.subject.authority-term: the metas of
 * property `prop` with substring(normalize-space(@refines), 2) = id. */
static size_t refining(sch_ctx *x, const char *id, const char *prop)
{
    size_t n = 0;
    for (xmlNodePtr s = x->md->children; s && !x->c->nomem; s = s->next) {
        if (!is_meta(s) || !attr_is(x->c, s, "property", prop))
            continue;
        char *r = attr(x->c, s, "refines");
        n += r && strcmp(r[0] ? r + 1 : r, id) == 0;
        free(r);
    }
    return n;
}

static void check_subject(sch_ctx *x, xmlNodePtr n)
{
    char *id = attr(x->c, n, "id");
    if (!id)
        return;
    size_t authority = refining(x, id, "authority"), term = refining(x, id, "term");
    if (authority == 1 && term == 0)
        error(x->c, n,
              "A term property must be associated with a dc:subject when an authority is "
              "specified");
    if (authority == 0 && term == 1)
        error(x->c, n,
              "An authority property must be associated with a dc:subject when a term is "
              "specified");
    if (authority > 1 || term > 1)
        error(x->c, n,
              "Only one pair of authority and term properties can be associated with a "
              "dc:subject");
    free(id);
}

static void check_link(sch_ctx *x, xmlNodePtr n)
{
    char *rel = attr(x->c, n, "rel");
    bool refines = xmlHasNsProp(n, (const xmlChar *)"refines", NULL) != NULL;
    if (rel && epi_chk_has_token(rel, "record") && refines) /* opf.link.record */
        error(x->c, n,
              "\"record\" links only applies to the Publication (must not have a \"refines\" "
              "attribute).");
    if (rel && epi_chk_has_token(rel, "voicing") && !refines) /* opf.link.voicing */
        error(x->c, n, "\"voicing\" links must have a \"refines\" attribute.");
    free(rel);
}

/* opf.duration.metadata.item: a SMIL 3 clock value ("1:02:03.5", "02:03", "5.2min"). */
static bool clock_value(const char *v)
{
    const char *p = v;
    size_t digits[3] = {0};
    int parts = 0;
    for (;;) {
        size_t d = strspn(p, "0123456789");
        if (!d || parts == 3)
            break;
        digits[parts++] = d;
        p += d;
        if (*p != ':')
            break;
        p++;
    }
    if (parts >= 2) { /* full or partial clock value: the last two are 00-59 */
        const char *q = v;
        for (int i = 0; i < parts; i++) {
            if (i > 0 && (digits[i] != 2 || q[0] > '5'))
                return false;
            q += digits[i] + 1;
        }
        if (*p == '.' && strspn(p + 1, "0123456789") > 0)
            p += 1 + strspn(p + 1, "0123456789");
        return *p == '\0';
    }
    if (parts != 1)
        return false;
    if (*p == '.') {
        size_t d = strspn(p + 1, "0123456789");
        if (!d)
            return false;
        p += 1 + d;
    }
    return !*p || !strcmp(p, "h") || !strcmp(p, "min") || !strcmp(p, "s") || !strcmp(p, "ms");
}

static void check_media(sch_ctx *x, xmlNodePtr mf)
{
    epi_chk *c = x->c;
    size_t active = 0, playback = 0, datanav = 0;
    bool global_duration = false;
    for (xmlNodePtr n = x->md->children; n && !c->nomem; n = n->next) {
        if (!is_meta(n))
            continue;
        char *prop = attr(c, n, "property");
        bool refines = xmlHasNsProp(n, (const xmlChar *)"refines", NULL) != NULL;
        xmlChar *t = xmlNodeGetContent(n);
        char *v = epi_chk_trim(t ? (const char *)t : "");
        xmlFree(t);
        if (prop && v && strcmp(prop, "media:duration") == 0) {
            global_duration |= !refines;
            if (!clock_value(v)) /* opf.duration.metadata.item */
                error(c, n,
                      "The value of the media:duration property must be a valid SMIL3 "
                      "clock value");
        }
        /* opf.media.overlay.metadata.active-class, opf.media.overlay.metadata.playback-active-class
         */
        bool ac = prop && strcmp(prop, "media:active-class") == 0;
        bool pac = prop && strcmp(prop, "media:playback-active-class") == 0;
        if ((ac || pac) && refines)
            error(c, n,
                  ac ? "@refines must not be used with the media:active-class property"
                     : "@refines must not be used with the media:playback-active-class "
                       "property");
        if ((ac || pac) && v && strchr(v, ' '))
            error(c, n,
                  ac ? "the 'active-class' property must define a single class name"
                     : "the 'playback-active-class' property must define a single class "
                       "name");
        active += ac;
        playback += pac;
        free(v);
        free(prop);
    }
    if (active > 1)
        error(c, x->md,
              "The 'active-class' property must not occur more than one time in the "
              "package metadata.");
    if (playback > 1)
        error(c, x->md,
              "The 'playback-active-class' property must not occur more than one time in "
              "the package metadata.");
    bool overlays = false;
    for (xmlNodePtr n = mf ? mf->children : NULL; n && !c->nomem; n = n->next) {
        if (!epi_chk_is(n, EPI_NS_OPF, "item"))
            continue;
        char *props = attr(c, n, "properties");
        datanav += props && epi_chk_has_token(props, "data-nav");
        free(props);
        char *mo = attr(c, n, "media-overlay");
        if (mo && xmlHasNsProp(n, (const xmlChar *)"media-overlay", NULL)) {
            overlays = true;
            /* opf.media.overlay */
            epi_chk_item *it = c->item_by_id ? xmlHashLookup(c->item_by_id, (xmlChar *)mo) : NULL;
            if (!it || !it->media_type || strcmp(it->media_type, "application/smil+xml") != 0)
                error(c, n, "media overlay items must be of the \"application/smil+xml\" type");
            char *mt = attr(c, n, "media-type");
            if (mt && strcmp(mt, EPI_MT_XHTML) != 0 && strcmp(mt, EPI_MT_SVG) != 0)
                error(c, n,
                      "The media-overlay attribute is only allowed on XHTML and SVG content "
                      "documents.");
            free(mt);
            /* opf.media.overlay.metadata.item */
            bool found = false;
            for (xmlNodePtr m = x->md->children; it && m && !found && !c->nomem; m = m->next) {
                if (!is_meta(m) || !attr_is(c, m, "property", "media:duration"))
                    continue;
                char *r = attr(c, m, "refines");
                found = r && r[0] == '#' && strcmp(r + 1, mo) == 0;
                free(r);
            }
            if (!found)
                error(c, n, "item media:duration meta element not set");
        }
        free(mo);
    }
    /* opf.media.overlay.metadata.global */
    if (overlays && !global_duration)
        error(c, mf, "global media:duration meta element not set");
    /* opf.datanav.prop */
    if (datanav > 1)
        error(c, mf, "The manifest must not include more than one Data Navigation Document.");
}

void epi_chk_opf_schematron(epi_chk *c, xmlNodePtr md, xmlNodePtr mf)
{
    sch_ctx x = {c, md};
    if (!md)
        return;
    for (xmlNodePtr n = md->children; n && !c->nomem; n = n->next) {
        if (is_meta(n))
            check_meta(&x, n);
        else if (epi_chk_is(n, EPI_NS_OPF, "link"))
            check_link(&x, n);
        else if (is_dc(n, "subject")) /* opf.dc.subject.authority-term */
            check_subject(&x, n);
    }
    check_media(&x, mf);
    epi_chk_at(c, NULL, NULL);
}

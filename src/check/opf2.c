/*
 * EPUB 2.0.1 package documents (OPF 2.0.1), as epubcheck 5.3.0 checks a package whose version
 * is "2.0" (docs/ARCHITECTURE.md "EPUB 2"): the structure its OPF 2.0 RelaxNG grammar
 * (schema/20/rng/opf20.rng) allows is checked with the tables generated from it (opf.c,
 * util/pkg_schema.h); here the rules of its OPFHandler, OPFChecker
 * and FallbackChainResolver that apply to EPUB 2 only (OPF-035/037/041/042/043/044/052/055/
 * 063/072). opf.c runs the rules both versions share and calls these where EPUB 2 differs.
 */
#include "check_int.h"
#include "util/pkg_schema.h"
#include "util/tree.h"

#include <stdlib.h>
#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* MARC relator codes, OPFHandler's validRoles (opf:role on dc:creator; "oth." also passes). */
static const char *const roles[] = {
    "abr", "acp", "act", "adi", "adp", "aft", "anl", "anm", "ann", "ant", "ape", "apl", "app",
    "aqt", "arc", "ard", "arr", "art", "asg", "asn", "ato", "att", "auc", "aud", "aui", "aus",
    "aut", "bdd", "bjd", "bkd", "bkp", "blw", "bnd", "bpd", "brd", "brl", "bsl", "cas", "ccp",
    "chr", "cli", "cll", "clr", "clt", "cmm", "cmp", "cmt", "cnd", "cng", "cns", "coe", "col",
    "com", "con", "cor", "cos", "cot", "cou", "cov", "cpc", "cpe", "cph", "cpl", "cpt", "cre",
    "crp", "crr", "crt", "csl", "csp", "cst", "ctb", "cte", "ctg", "ctr", "cts", "ctt", "cur",
    "cwt", "dbp", "dfd", "dfe", "dft", "dgg", "dgs", "dis", "dln", "dnc", "dnr", "dpc", "dpt",
    "drm", "drt", "dsr", "dst", "dtc", "dte", "dtm", "dto", "dub", "edc", "edm", "edt", "egr",
    "elg", "elt", "eng", "enj", "etr", "evp", "exp", "fac", "fds", "fld", "flm", "fmd", "fmk",
    "fmo", "fmp", "fnd", "fpy", "frg", "gis", "his", "hnr", "hst", "ill", "ilu", "ins", "inv",
    "isb", "itr", "ive", "ivr", "jud", "jug", "lbr", "lbt", "ldr", "led", "lee", "lel", "len",
    "let", "lgd", "lie", "lil", "lit", "lsa", "lse", "lso", "ltg", "lyr", "mcp", "mdc", "med",
    "mfp", "mfr", "mod", "mon", "mrb", "mrk", "msd", "mte", "mtk", "mus", "nrt", "opn", "org",
    "orm", "osp", "oth", "own", "pan", "pat", "pbd", "pbl", "pdr", "pfr", "pht", "plt", "pma",
    "pmn", "pop", "ppm", "ppt", "pra", "prc", "prd", "pre", "prf", "prg", "prm", "prn", "pro",
    "prp", "prs", "prt", "prv", "pta", "pte", "ptf", "pth", "ptt", "pup", "rbr", "rcd", "rce",
    "rcp", "rdd", "red", "ren", "res", "rev", "rpc", "rps", "rpt", "rpy", "rse", "rsg", "rsp",
    "rsr", "rst", "rth", "rtm", "sad", "sce", "scl", "scr", "sds", "sec", "sgd", "sgn", "sht",
    "sll", "sng", "spk", "spn", "spy", "srv", "std", "stg", "stl", "stm", "stn", "str", "tcd",
    "tch", "ths", "tld", "tlp", "trc", "trl", "tyd", "tyg", "uvp", "vac", "vdg", "voc", "wac",
    "wal", "wam", "wat", "wdc", "wde", "win", "wit", "wpr", "wst"};

static bool one_of(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return true;
    return false;
}

bool epi_chk_opf2_content_type(const char *mt)
{
    /* OPFChecker.isBlessedItemType (EPUB 2) and isDeprecatedBlessedItemType */
    static const char *const types[] = {EPI_MT_XHTML, "application/x-dtbook+xml",
                                        "text/x-oeb1-document", "text/html"};
    return one_of(mt, types, COUNT(types));
}

static bool style_type(const char *mt)
{
    return mt && (strcmp(mt, EPI_MT_CSS) == 0 || strcmp(mt, "text/x-oeb1-css") == 0);
}

static bool image_type(const char *mt)
{
    static const char *const types[] = {"image/gif", "image/png", "image/jpeg", EPI_MT_SVG};
    return one_of(mt, types, COUNT(types));
}

static bool blank(epi_chk *c, xmlNodePtr n)
{
    xmlChar *t = xmlNodeGetContent(n);
    char *v = epi_chk_trim(t ? (const char *)t : "");
    bool r = v && !*v;
    if (t && !v)
        epi_chk_oom(c);
    free(v);
    xmlFree(t);
    return r;
}

/* dc:* in the metadata: OPFHandler's EPUB 2 rules, and the data type of dc:identifier (a
 * non-empty string in opf20.rng), which the schema's tables do not check. */
static void check_dc(epi_chk *c, xmlNodePtr n)
{
    const char *name = (const char *)n->name;
    epi_chk_at(c, c->opf_path, n);
    bool empty = blank(c, n);
    if (strcmp(name, "title") == 0 || strcmp(name, "language") == 0) {
        if (empty)
            epi_chk_report(c, EP_SEV_WARNING, "OPF-055", c->opf_path, (int)xmlGetLineNo(n),
                           "%s tag is empty", name);
    } else if (strcmp(name, "identifier") == 0) {
        if (empty)
            epi_chk_report(c, EP_SEV_ERROR, "RSC-005", c->opf_path, (int)xmlGetLineNo(n),
                           "character content of element \"dc:identifier\" invalid; must be a "
                           "string with length at least 1");
    } else if (strcmp(name, "date") != 0 && empty) {
        /* dc:date has its own rule (OPF-054, opf.c) */
        epi_chk_report(c, EP_SEV_USAGE, "OPF-072", c->opf_path, (int)xmlGetLineNo(n),
                       "metadata element \"dc:%s\" is empty", name);
    }
    if (strcmp(name, "creator") == 0) {
        xmlChar *role = xmlGetNsProp(n, (const xmlChar *)"role", (const xmlChar *)EPI_NS_OPF);
        if (role && *role && !one_of((const char *)role, roles, COUNT(roles)) &&
            strncmp((const char *)role, "oth.", 4) != 0)
            epi_chk_report(c, EP_SEV_ERROR, "OPF-052", c->opf_path, (int)xmlGetLineNo(n),
                           "role value \"%s\" is not valid", (const char *)role);
        xmlFree(role);
    }
}

/* The dc:* children of metadata, or of its dc-metadata / x-metadata. */
static void check_metadata_children(epi_chk *c, xmlNodePtr md)
{
    for (xmlNodePtr n = md->children; n && !c->nomem; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (n->ns && n->ns->href && strcmp((const char *)n->ns->href, EPI_NS_DC) == 0)
            check_dc(c, n);
        else if (epi_chk_is(md, EPI_NS_OPF, "metadata") &&
                 (epi_chk_is(n, EPI_NS_OPF, "dc-metadata") ||
                  epi_chk_is(n, EPI_NS_OPF, "x-metadata")))
            check_metadata_children(c, n);
    }
}

/* What OPF 2.0's grammar cannot say (its elements and attributes: opf.c, with the schema's
 * tables). */
void epi_chk_opf2(epi_chk *c, xmlNodePtr root)
{
    const char *path = c->opf_path;
    for (xmlNodePtr n = root->children; n && !c->nomem; n = n->next) {
        if (epi_chk_is(n, EPI_NS_OPF, "metadata")) {
            check_metadata_children(c, n);
        } else if (epi_chk_is(n, EPI_NS_OPF, "spine")) {
            /* Adobe's page-map (not in OPF 2.0.1) */
            xmlChar *pm = xmlGetNoNsProp(n, (const xmlChar *)"page-map");
            if (pm && c->item_by_id && !xmlHashLookup(c->item_by_id, pm))
                epi_chk_report(c, EP_SEV_WARNING, "OPF-063", path, n->line,
                               "referenced Adobe page-map item \"%s\" was not found in the "
                               "manifest",
                               (const char *)pm);
            xmlFree(pm);
        }
    }
}

void epi_chk_opf2_item(epi_chk *c, epi_chk_item *it)
{
    /* OPFChecker.checkItem: deprecated OEB 1 types in an OPF 2.0 package */
    if (strcmp(it->media_type, "text/html") == 0)
        epi_chk_report(c, EP_SEV_WARNING, "OPF-035", c->opf_path, it->line,
                       "media type \"text/html\" is not appropriate for XHTML/OPS");
    else if (strcmp(it->media_type, "text/x-oeb1-document") == 0 ||
             strcmp(it->media_type, "text/x-oeb1-css") == 0)
        epi_chk_report(c, EP_SEV_WARNING, "OPF-037", c->opf_path, it->line,
                       "found deprecated media-type \"%s\"", it->media_type);
}

/* FallbackChainResolver for EPUB 2: fallback and fallback-style both lead to a content
 * document (or a style sheet, for fallback-style). */
static bool has_content_fallback(epi_chk *c, const epi_chk_item *it)
{
    for (size_t steps = 0; it && steps <= c->nitems; steps++) {
        if (epi_chk_opf2_content_type(it->media_type))
            return true;
        it = it->fallback ? xmlHashLookup(c->item_by_id, (xmlChar *)it->fallback) : NULL;
    }
    return false;
}

void epi_chk_opf2_fallbacks(epi_chk *c, xmlNodePtr mf)
{
    for (xmlNodePtr i = mf->children; i; i = i->next) {
        if (!epi_chk_is(i, EPI_NS_OPF, "item"))
            continue;
        xmlChar *fs = xmlGetNoNsProp(i, (const xmlChar *)"fallback-style");
        xmlChar *id = xmlGetNoNsProp(i, (const xmlChar *)"id");
        if (fs && !xmlHashLookup(c->item_by_id, fs))
            epi_chk_report(c, EP_SEV_ERROR, "OPF-041", c->opf_path, i->line,
                           "fallback-style item \"%s\" could not be found", (const char *)fs);
        else if (fs && id) {
            epi_chk_item *it = xmlHashLookup(c->item_by_id, id);
            epi_chk_item *st = xmlHashLookup(c->item_by_id, fs);
            if (it && st && style_type(st->media_type))
                it->style_fallback = true;
        }
        xmlFree(fs);
        xmlFree(id);
    }
}

void epi_chk_opf2_spine_item(epi_chk *c, epi_chk_item *it, int line)
{
    /* OPFChecker.checkSpineItem */
    const char *mt = it->media_type;
    if (style_type(mt) || image_type(mt))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-042", c->opf_path, line,
                       "\"%s\" is not a permissible spine media-type", mt);
    else if (!epi_chk_opf2_content_type(mt) && !it->fallback && !it->style_fallback)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-043", c->opf_path, line,
                       "spine item with non-standard media-type \"%s\" has no fallback", mt);
    else if (!epi_chk_opf2_content_type(mt) && !it->style_fallback && !has_content_fallback(c, it))
        epi_chk_report(c, EP_SEV_ERROR, "OPF-044", c->opf_path, line,
                       "spine item with non-standard media-type \"%s\" has a fallback to a "
                       "non-standard media-type",
                       mt);
}

/* An OEBPS 1.2 package (its namespace, with a version attribute: epubcheck reads it as EPUB 2
 * and validates it with OPF 1.2's grammar in opf.rng, then OPFChecker's OPF 1.2 rules). The
 * rest of the publication is not looked into: a reduced check, as epubcheck itself says
 * OEBPS 1.2 is not fully supported. */
void epi_chk_opf12(epi_chk *c, xmlNodePtr root)
{
    const char *path = c->opf_path;
    epi_chk_validate(c, &epi_hs_opf20, path, root, true);
    for (xmlNodePtr mf = root->children; mf; mf = mf->next) {
        if (!epi_chk_is(mf, EPI_NS_OEB12, "manifest"))
            continue;
        for (xmlNodePtr i = mf->children; i; i = i->next) {
            if (!epi_chk_is(i, EPI_NS_OEB12, "item"))
                continue;
            xmlChar *mt = xmlGetNoNsProp(i, (const xmlChar *)"media-type");
            bool fallback = xmlHasNsProp(i, (const xmlChar *)"fallback", NULL) != NULL;
            const char *m = mt ? (const char *)mt : "";
            epi_chk_at(c, path, i);
            /* OPFChecker.checkItem: text/html, and without a fallback the blessed types */
            if (!strcmp(m, "text/html") ||
                (!fallback && (!strcmp(m, EPI_MT_XHTML) || !strcmp(m, "application/x-dtbook+xml"))))
                epi_chk_report(c, EP_SEV_WARNING, "OPF-038", path, i->line,
                               "media type \"%s\" is not appropriate for an OEBPS 1.2 context; use "
                               "\"text/x-oeb1-document\" instead",
                               m);
            else if (!fallback && !strcmp(m, EPI_MT_CSS))
                epi_chk_report(c, EP_SEV_WARNING, "OPF-039", path, i->line,
                               "media type \"%s\" is not appropriate in an OEBPS 1.2 context; use "
                               "\"text/x-oeb1-css\" instead",
                               m);
            xmlFree(mt);
        }
    }
    /* OPFChecker.checkPackage: the unique identifier is a dc:identifier (OPF 1.2 spells it
     * dc:Identifier, which is not one) */
    xmlChar *uid = xmlGetNoNsProp(root, (const xmlChar *)"unique-identifier");
    bool found = false;
    for (xmlNodePtr n = root; uid && n && !found; n = epi_xml_next(n, root, false)) {
        if (n->type != XML_ELEMENT_NODE || !n->ns || !n->ns->href ||
            strcmp((const char *)n->ns->href, EPI_NS_DC) != 0 ||
            strcmp((const char *)n->name, "identifier") != 0)
            continue;
        xmlChar *id = xmlGetNoNsProp(n, (const xmlChar *)"id");
        found = id && xmlStrEqual(id, uid);
        xmlFree(id);
    }
    if (uid && !found)
        epi_chk_report(c, EP_SEV_ERROR, "OPF-030", path, 0,
                       "the unique-identifier \"%s\" was not found", (const char *)uid);
    xmlFree(uid);
    epi_chk_at(c, NULL, NULL);
}

/* HTML's content model and nesting rules (html.h). */
#include "util/html.h"
#include "util/html_schema.h"
#include "util/xml.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NS_CUSTOM "http://n.validator.nu/custom-elements/"
#define TEXT_ATOM(s) ((s)->natoms - 1)  /* text that is not white space */
#define OTHER_ATOM(s) ((s)->natoms - 2) /* an element of a namespace no table names */
#define MAX_CANDS 32
#define MAX_DEPTH                                                                                  \
    1024 /* deeper elements are not looked into (the walk is recursive) */ /* definitions one      \
                                                                              element can be at    \
                                                                              once (the schema     \
                                                                              needs a few) */

/* --- the nesting rules of the Schematron (html_schema.c's epi_hs_nesting) ---------------- */

static bool xhtml(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           (!n->ns || (n->ns->href && !strcmp((const char *)n->ns->href, EPI_NS_XHTML)));
}

static bool cond_holds(const epi_hs_cond *c, const xmlNode *n)
{
    if (c->kind == 0)
        return true;
    xmlAttr *a = xmlHasNsProp(n, (const xmlChar *)c->attr, NULL);
    if (c->kind == 1)
        return a != NULL;
    if (!a)
        return true;
    xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
    bool r = !v || strcmp((const char *)v, c->value) != 0;
    xmlFree(v);
    return r;
}

static bool has_ancestor(const xmlNode *n, const char *name, const epi_hs_cond *c)
{
    for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
        if (xhtml(a) && !strcmp((const char *)a->name, name) && cond_holds(c, a))
            return true;
    return false;
}

const epi_hs_nest *epi_html_broken_rule(const epi_hs_schema *s, const xmlNode *n)
{
    if (!xhtml(n))
        return NULL;
    const char *name = (const char *)n->name;
    for (unsigned i = 0; i < s->nnesting; i++) {
        const epi_hs_nest *r = &s->nesting[i];
        if (r->name[0] != name[0] || strcmp(name, r->name) != 0 || !cond_holds(&r->cond, n))
            continue;
        if (has_ancestor(n, r->outer, &r->outer_cond) != r->must)
            return r;
    }
    return NULL;
}

const char *epi_html_misplaced(const epi_hs_schema *s, const xmlNode *n, bool *missing)
{
    const epi_hs_nest *r = epi_html_broken_rule(s, n);
    *missing = r && r->must;
    return r ? r->outer : NULL;
}

/* --- the RELAX NG content model (html_schema.c) -------------------------------------------- */

typedef struct walker {
    const epi_hs_schema *s;
    epi_html_fn fn;
    void *ud;
    const xmlNs *last_ns; /* cache of the last namespace looked up */
    unsigned last_id;
    unsigned xhtml_id, custom_id, none_id;
    unsigned depth;
    /* the atoms of the names met: libxml2 interns a document's names, so one name is one
     * pointer, and a lookup is a pointer compare instead of a binary search of strcmp */
    struct {
        const xmlChar *name;
        const xmlNs *ns;
        unsigned atom;
    } seen[64];
} walker;

static unsigned ns_lookup(const epi_hs_schema *s, const char *uri)
{
    for (unsigned i = 0; i < s->nns; i++)
        if (!strcmp(s->ns[i], uri))
            return i;
    return EPI_HS_NONE;
}

static unsigned ns_of(walker *w, const xmlNode *n)
{
    if (!n->ns || !n->ns->href) /* a chapter built without a namespace is XHTML */
        return w->xhtml_id != EPI_HS_NONE ? w->xhtml_id : w->none_id;
    if (n->ns != w->last_ns) {
        w->last_ns = n->ns;
        w->last_id = ns_lookup(w->s, (const char *)n->ns->href);
    }
    return w->last_id;
}

static int name_cmp(unsigned ns, const char *local, const epi_hs_name *b)
{
    if (ns != b->ns)
        return ns < b->ns ? -1 : 1;
    return strcmp(local, b->local);
}

/* HTML §4.13.2: a valid custom element name (validator.nu moves these to its own namespace). */
static bool custom_name(const char *s)
{
    static const char *const reserved[] = {"annotation-xml", "color-profile", "font-face",
                                           "font-face-src",  "font-face-uri", "font-face-format",
                                           "font-face-name", "missing-glyph"};
    if (!(*s >= 'a' && *s <= 'z') || !strchr(s, '-'))
        return false;
    for (const char *p = s; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            return false;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (!strcmp(s, reserved[i]))
            return false;
    return true;
}

static unsigned atom_lookup(const epi_hs_schema *s, unsigned ns, const char *local)
{
    unsigned lo = 0, hi = s->natoms;
    while (lo < hi) { /* the named atoms come first, sorted */
        unsigned mid = (lo + hi) / 2;
        const epi_hs_name *a = &s->atoms[mid];
        int c = a->local ? name_cmp(ns, local, a) : -1;
        if (c == 0)
            return mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    for (unsigned i = 0; i < s->natoms; i++)
        if (!s->atoms[i].local && (s->atoms[i].ns == ns || s->atoms[i].ns == EPI_HS_NONE))
            return i;
    return OTHER_ATOM(s);
}

static unsigned atom_of_name(walker *w, const xmlNode *n);

static unsigned atom_of(walker *w, const xmlNode *n)
{
    /* the pointer's bits mixed (Fibonacci hashing): its top 6 for 64 slots */
    unsigned k = (unsigned)(((uint64_t)(uintptr_t)n->name * 0x9E3779B97F4A7C15u) >> 58);
    if (w->seen[k].name != n->name || w->seen[k].ns != n->ns) {
        w->seen[k].name = n->name;
        w->seen[k].ns = n->ns;
        w->seen[k].atom = atom_of_name(w, n);
    }
    return w->seen[k].atom;
}

static unsigned atom_of_name(walker *w, const xmlNode *n)
{
    unsigned ns = ns_of(w, n);
    const char *local = (const char *)n->name;
    unsigned a = ns == EPI_HS_NONE ? EPI_HS_NONE : atom_lookup(w->s, ns, local);
    if (ns == w->xhtml_id && w->custom_id != EPI_HS_NONE &&
        (a == EPI_HS_NONE || !w->s->atoms[a].local) && custom_name(local))
        a = atom_lookup(w->s, w->custom_id, local);
    return a == EPI_HS_NONE ? OTHER_ATOM(w->s) : a;
}

static const epi_hs_trans *step(const epi_hs_schema *s, const epi_hs_def *d, unsigned state,
                                unsigned atom)
{
    const epi_hs_state *st = &s->states[d->states + state];
    const epi_hs_trans *t = s->trans + st->first;
    unsigned lo = 0, hi = st->count;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (t[mid].atom == atom)
            return &t[mid];
        if (t[mid].atom < atom)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

static bool blank(const xmlChar *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return false;
    return true;
}

static bool element_child(const xmlNode *c)
{
    return c->type == XML_ELEMENT_NODE;
}

static bool text_child(const xmlNode *c)
{
    return (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && !blank(c->content);
}

static int attr_find(const epi_hs_schema *s, unsigned ns, const char *name)
{
    unsigned lo = 0, hi = s->nattrs;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        int c = name_cmp(ns, name, &s->attrs[mid]);
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return -1;
}

static const epi_hs_attr *def_attr(const epi_hs_schema *s, const epi_hs_def *d, int attr)
{
    const epi_hs_attr *t = s->attr_pool + d->attrs;
    unsigned lo = 0, hi = d->nattrs;
    while (lo < hi) {
        unsigned mid = (lo + hi) / 2;
        if (t[mid].attr == attr)
            return &t[mid];
        if (t[mid].attr < attr)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

/* Whether value v (white space collapsed, as RELAX NG's token type compares) is in the list. */
static bool value_ok(const epi_hs_schema *s, uint32_t list, const char *v)
{
    char buf[256];
    size_t k = 0;
    bool space = false;
    for (const char *p = v; *p; p++) {
        bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
        if (ws) {
            space = k > 0;
            continue;
        }
        if (space && k + 1 < sizeof buf)
            buf[k++] = ' ';
        space = false;
        if (k + 1 >= sizeof buf)
            return false; /* no listed value is that long */
        buf[k++] = *p;
    }
    buf[k] = '\0';
    for (const char *const *v2 = s->values + list; *v2; v2++)
        if ((*v2)[0] == '\001' ? !strcasecmp(*v2 + 1, buf) : !strcmp(*v2, buf))
            return true;
    return false;
}

/* Which attribute finding says most when no definition fits: a bad value of an attribute the
 * element has, then a missing one, then one it does not have (as Jing chooses). */
static int rank(epi_html_kind k)
{
    return k == EPI_HTML_ATTR_VALUE ? 2 : k == EPI_HTML_ATTR_MISSING ? 1 : 0;
}

static void fault(walker *w, xmlNode *n, epi_html_kind kind, const xmlAttr *a, const char *missing,
                  bool report, size_t *faults, int *worst)
{
    ++*faults;
    if (rank(kind) > *worst)
        *worst = rank(kind);
    if (report) {
        epi_html_finding f = {
            .kind = kind, .node = n, .parent = n->parent, .attr = a, .missing = missing};
        w->fn(w->ud, &f);
    }
}

/* Checks n's attributes against definition d: how many faults (an attribute d does not have,
 * a value outside its list, a required one missing); with report, calls the walker's callback
 * for each; *worst is the kind of the one that says most (rank). */
static size_t attrs_faults(walker *w, const epi_hs_def *d, xmlNode *n, bool report, int *worst)
{
    size_t faults = 0;
    *worst = -1;
    for (const xmlAttr *a = n->properties; a; a = a->next) {
        const char *uri = a->ns && a->ns->href ? (const char *)a->ns->href : "";
        const char *name = (const char *)a->name;
        if (!*uri && w->xhtml_id != EPI_HS_NONE && !strncmp(name, "data-", 5))
            continue; /* custom data attributes: not the schema's (HTML §3.2.6.6) */
        unsigned ns = *uri ? ns_lookup(w->s, uri) : w->none_id;
        /* A namespace the schema does not know: EPUB 3's NVDL leaves it to others; EPUB 2's
         * XHTML 1.1 grammar, run alone, has no room for it (RSC-005 in epubcheck). */
        if (ns == EPI_HS_NONE && w->s->foreign_attrs)
            continue;
        int id = ns == EPI_HS_NONE ? -1 : attr_find(w->s, ns, name);
        const epi_hs_attr *da = id < 0 ? NULL : def_attr(w->s, d, id);
        if (!da) {
            if (!d->open)
                fault(w, n, EPI_HTML_ATTR, a, NULL, report, &faults, worst);
            continue;
        }
        if (da->values) {
            xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
            bool ok = value_ok(w->s, da->values, v ? (const char *)v : "");
            xmlFree(v);
            if (!ok)
                fault(w, n, EPI_HTML_ATTR_VALUE, a, NULL, report, &faults, worst);
        }
    }
    for (const uint16_t *r = w->s->required + d->required; *r != EPI_HS_NONE; r++) {
        const epi_hs_name *an = &w->s->attrs[*r];
        const char *uri = w->s->ns[an->ns];
        bool has = *uri ? xmlHasNsProp(n, (const xmlChar *)an->local, (const xmlChar *)uri) != NULL
                        : xmlHasNsProp(n, (const xmlChar *)an->local, NULL) != NULL;
        if (!has)
            fault(w, n, EPI_HTML_ATTR_MISSING, NULL, an->local, report, &faults, worst);
    }
    return faults;
}

static void child_fault(walker *w, epi_html_kind kind, xmlNode *c, xmlNode *n, const char *missing,
                        bool report, size_t *faults)
{
    ++*faults;
    if (report) {
        epi_html_finding f = {.kind = kind, .node = c, .parent = n, .missing = missing};
        w->fn(w->ud, &f);
    }
}

/* The count entries of d for element name atom (sorted by atom): *n of them. */
static const epi_hs_count *counts_of(const epi_hs_schema *s, const epi_hs_def *d, unsigned atom,
                                     size_t *n)
{
    const epi_hs_count *t = s->counts + d->counts;
    size_t lo = 0, hi = d->ncounts;
    while (lo < hi) { /* the first entry of atom */
        size_t mid = (lo + hi) / 2;
        if (t[mid].atom < atom)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t e = lo;
    while (e < d->ncounts && t[e].atom == atom)
        e++;
    *n = e - lo;
    return t + lo;
}

/* Runs d's automaton over n's children, skipping (as Jing recovers) each child it has no
 * transition for, and counts the branches of a loose interleave (one more than a branch allows
 * is misplaced; one that does not occur as often as it must, a missing element). Returns how
 * many faults it met (misplaced children, text, an end too early, a missing element); with
 * report, calls the walker's callback for each. */
static size_t children_faults(walker *w, const epi_hs_def *d, xmlNode *n, bool report)
{
    unsigned state = 0;
    size_t faults = 0;
    uint8_t seen[EPI_HS_MAX_BRANCHES] = {0};
    for (xmlNode *c = n->children; c; c = c->next) {
        bool text = text_child(c);
        if (!text && !element_child(c))
            continue;
        unsigned atom = text ? TEXT_ATOM(w->s) : atom_of(w, c);
        const epi_hs_trans *t = step(w->s, d, state, atom);
        if (!t) {
            child_fault(w, text ? EPI_HTML_TEXT : EPI_HTML_ELEMENT, c, n, NULL, report, &faults);
            continue;
        }
        state = t->next;
        size_t nc = 0;
        const epi_hs_count *cn = d->ncounts && !text ? counts_of(w->s, d, atom, &nc) : NULL;
        for (size_t k = 0; k < nc; k++)
            if (cn[k].branch < EPI_HS_MAX_BRANCHES && seen[cn[k].branch] < 255 &&
                ++seen[cn[k].branch] > cn[k].max)
                child_fault(w, EPI_HTML_ELEMENT, c, n, NULL, report, &faults);
    }
    if (!w->s->states[d->states + state].accept)
        child_fault(w, EPI_HTML_INCOMPLETE, n, n->parent, NULL, report, &faults);
    uint64_t told = 0;
    for (const epi_hs_count *cn = w->s->counts + d->counts, *end = cn + d->ncounts; cn < end; cn++)
        if (cn->branch < EPI_HS_MAX_BRANCHES && seen[cn->branch] < cn->min &&
            !(told & (UINT64_C(1) << cn->branch))) {
            told |= UINT64_C(1) << cn->branch;
            child_fault(w, EPI_HTML_INCOMPLETE, n, n->parent, w->s->atoms[cn->atom].local, report,
                        &faults);
        }
    return faults;
}

static size_t add_list(const epi_hs_schema *s, uint16_t *cands, size_t n, uint32_t list)
{
    for (const uint16_t *p = s->deflists + list; *p != EPI_HS_NONE; p++) {
        size_t i = 0;
        while (i < n && cands[i] != *p)
            i++;
        if (i == n && n < MAX_CANDS)
            cands[n++] = *p;
    }
    return n;
}

static void walk(walker *w, xmlNode *n, const uint16_t *cands, size_t ncands);

/* The children of n when its own definition is unknown: each by its name alone; one that no
 * definition has is reported (Jing's "not allowed anywhere"). */
static void walk_children_free(walker *w, xmlNode *n)
{
    for (xmlNode *c = n->children, *next; c; c = next) {
        next = c->next;
        if (!element_child(c))
            continue;
        uint16_t cc[MAX_CANDS];
        size_t nc = add_list(w->s, cc, 0, w->s->by_atom[atom_of(w, c)]);
        if (nc == 0) {
            epi_html_finding f = {
                .kind = EPI_HTML_ELEMENT, .node = c, .parent = n, .anywhere = true};
            w->fn(w->ud, &f);
        }
        walk(w, c, cc, nc);
    }
}

static void walk1(walker *w, xmlNode *n, const uint16_t *cands, size_t ncands);

static void walk(walker *w, xmlNode *n, const uint16_t *cands, size_t ncands)
{
    if (w->depth >= MAX_DEPTH)
        return;
    w->depth++;
    walk1(w, n, cands, ncands);
    w->depth--;
}

static void walk1(walker *w, xmlNode *n, const uint16_t *cands, size_t ncands)
{
    uint16_t ok[MAX_CANDS];
    size_t nok = 0;

    if (ncands == 0) {
        if (!w->s->partial)
            walk_children_free(w, n); /* not allowed where it is: reported by the parent */
        return;
    }
    for (size_t i = 0; i < ncands; i++)
        if (w->s->defs[cands[i]].opaque)
            return; /* SVG, MathML: not checked (the generator's notes) */
    /* attributes: keep the definitions they fit; when none does, the one with the fewest
     * faults (then the most telling) says what they are */
    size_t least = (size_t)-1, best = 0;
    int best_rank = -1;
    for (size_t i = 0; i < ncands; i++) {
        int worst;
        size_t faults = attrs_faults(w, &w->s->defs[cands[i]], n, false, &worst);
        if (faults == 0)
            ok[nok++] = cands[i];
        else if (faults < least || (faults == least && worst > best_rank)) {
            least = faults;
            best = i;
            best_rank = worst;
        }
    }
    if (nok == 0) {
        int worst;
        attrs_faults(w, &w->s->defs[cands[best]], n, true, &worst);
        memcpy(ok, cands, ncands * sizeof *ok); /* go on with every definition */
        nok = ncands;
    }
    /* children: keep the definitions whose automaton accepts them; when none does, the one
     * with the fewest faults says what they are */
    uint16_t fit[MAX_CANDS];
    size_t nfit = 0;
    least = (size_t)-1;
    best = 0;
    for (size_t i = 0; i < nok; i++) {
        size_t faults = children_faults(w, &w->s->defs[ok[i]], n, false);
        if (faults == 0)
            fit[nfit++] = ok[i];
        else if (faults < least) {
            least = faults;
            best = i;
        }
    }
    if (nfit == 0) {
        children_faults(w, &w->s->defs[ok[best]], n, true);
        fit[nfit++] = ok[best];
    }
    /* each child in the context its parent's definitions give it; one they have no place for
     * by its name alone */
    unsigned state[MAX_CANDS] = {0};
    for (xmlNode *c = n->children, *next; c; c = next) {
        next = c->next;
        bool text = text_child(c);
        if (!text && !element_child(c))
            continue;
        unsigned atom = text ? TEXT_ATOM(w->s) : atom_of(w, c);
        uint16_t cc[MAX_CANDS];
        size_t nc = 0;
        bool placed = false;
        for (size_t i = 0; i < nfit; i++) {
            const epi_hs_trans *t = step(w->s, &w->s->defs[fit[i]], state[i], atom);
            if (!t)
                continue; /* the fault reported above: the state stays */
            placed = true;
            state[i] = t->next;
            nc = add_list(w->s, cc, nc, t->defs);
        }
        if (text)
            continue;
        if (!placed)
            nc = add_list(w->s, cc, 0, w->s->by_atom[atom]);
        walk(w, c, cc, nc);
    }
}

void epi_html_validate(const epi_hs_schema *s, xmlNode *root, epi_html_fn fn, void *ud)
{
    walker w = {.s = s, .fn = fn, .ud = ud, .last_ns = NULL, .last_id = EPI_HS_NONE};
    w.xhtml_id = ns_lookup(s, EPI_NS_XHTML);
    w.custom_id = ns_lookup(s, NS_CUSTOM);
    w.none_id = ns_lookup(s, "");
    if (!root || root->type != XML_ELEMENT_NODE)
        return;
    uint16_t cands[MAX_CANDS];
    size_t n = 0;
    for (const uint16_t *p = s->start; *p != EPI_HS_NONE; p++)
        if (n < MAX_CANDS && name_cmp(ns_of(&w, root), (const char *)root->name,
                                      &(epi_hs_name){s->defs[*p].ns, s->defs[*p].local}) == 0)
            cands[n++] = *p;
    if (n == 0) {
        epi_html_finding f = {.kind = EPI_HTML_ELEMENT, .node = root, .parent = NULL};
        fn(ud, &f);
        return;
    }
    walk(&w, root, cands, n);
}

const char *epi_html_finding_text(const epi_html_finding *f, char *buf, size_t size)
{
    const char *el = f->node ? (const char *)f->node->name : "";
    switch (f->kind) {
    case EPI_HTML_ELEMENT:
        snprintf(buf, size, "element \"%s\" not allowed %s", el, f->anywhere ? "anywhere" : "here");
        break;
    case EPI_HTML_INCOMPLETE:
        if (f->missing)
            snprintf(buf, size, "element \"%s\" incomplete; missing required element \"%s\"", el,
                     f->missing);
        else
            snprintf(buf, size, "element \"%s\" incomplete", el);
        break;
    case EPI_HTML_TEXT:
        snprintf(buf, size, "text not allowed here");
        break;
    case EPI_HTML_ATTR:
        snprintf(buf, size, "attribute \"%s\" not allowed here", (const char *)f->attr->name);
        break;
    case EPI_HTML_ATTR_VALUE: {
        xmlChar *v = xmlNodeGetContent((const xmlNode *)f->attr);
        snprintf(buf, size, "value of attribute \"%s\" is invalid (\"%s\")",
                 (const char *)f->attr->name, v ? (const char *)v : "");
        xmlFree(v);
        break;
    }
    case EPI_HTML_ATTR_MISSING:
        snprintf(buf, size, "element \"%s\" missing required attribute \"%s\"", el, f->missing);
        break;
    }
    return buf;
}

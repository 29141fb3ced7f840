/*
 * The checker's two XML readers (src/check/xmltree.c, check.c): a document expat reads must give
 * the tree libxml2's parser gives, node for node (names, namespaces, attributes, text, lines,
 * the columns of start tags); a document expat must leave to libxml2 gives NULL.
 *
 *   test_check_xmltree            the documents below
 *   test_check_xmltree FILE...    also each file (how the corpora were compared)
 */
#include "check/check_int.h"
#include "harness.h"

#include <stdint.h>
#include <stdlib.h>

static char where_[256];

static bool same_str(const xmlChar *a, const xmlChar *b)
{
    return (!a && !b) || (a && b && strcmp((const char *)a, (const char *)b) == 0);
}

static bool same_ns(const xmlNs *a, const xmlNs *b)
{
    return (!a && !b) || (a && b && same_str(a->href, b->href) && same_str(a->prefix, b->prefix));
}

static bool differ(const char *what, const xmlNode *a, const xmlNode *b)
{
    if (where_[0])
        return false; /* the innermost difference is the one said */
    snprintf(where_, sizeof where_, "%s at <%s>: expat line %d col %d, libxml2 line %d col %d",
             what, a && a->name ? (const char *)a->name : "?", a ? a->line : -1,
             a && a->type == XML_ELEMENT_NODE ? (int)(intptr_t)a->psvi : 0, b ? b->line : -1,
             b && b->type == XML_ELEMENT_NODE ? (int)(intptr_t)b->psvi : 0);
    return false;
}

static bool same_nodes(const xmlNode *a, const xmlNode *b);

static bool same_node(const xmlNode *a, const xmlNode *b)
{
    if (a->type != b->type)
        return differ("type", a, b);
    if (a->type == XML_DTD_NODE) {
        const xmlDtd *x = (const xmlDtd *)a, *y = (const xmlDtd *)b;
        return same_str(x->name, y->name) && same_str(x->ExternalID, y->ExternalID) &&
                       same_str(x->SystemID, y->SystemID)
                   ? true
                   : differ("doctype", a, b);
    }
    if (!same_str(a->name, b->name))
        return differ("name", a, b);
    /* the line of an attribute's text node, which nothing reads, is left out */
    if (a->line != b->line && !(a->parent && a->parent->type == XML_ATTRIBUTE_NODE))
        return differ("line", a, b);
    if (a->type != XML_ELEMENT_NODE)
        return same_str(a->content, b->content) ? true : differ("content", a, b);
    if (a->psvi != b->psvi)
        return differ("column", a, b);
    if (!same_ns(a->ns, b->ns))
        return differ("namespace", a, b);
    const xmlNs *p = a->nsDef, *q = b->nsDef;
    for (; p && q; p = p->next, q = q->next)
        if (!same_ns(p, q))
            return differ("namespace declaration", a, b);
    if (p || q)
        return differ("namespace declarations", a, b);
    const xmlAttr *x = a->properties, *y = b->properties;
    for (; x && y; x = x->next, y = y->next) {
        if (!same_str(x->name, y->name) || !same_ns(x->ns, y->ns))
            return differ("attribute", a, b);
        if (!same_nodes(x->children, y->children))
            return differ(!x->children   ? "attribute value (expat: none)"
                          : !y->children ? "attribute value (libxml2: none)"
                                         : "attribute value",
                          a, b);
    }
    if (x || y)
        return differ("attributes", a, b);
    return same_nodes(a->children, b->children);
}

static bool same_nodes(const xmlNode *a, const xmlNode *b)
{
    for (; a && b; a = a->next, b = b->next)
        if (!same_node(a, b))
            return false;
    return !a && !b ? true : differ("children", a, b);
}

/* 1: expat read it as libxml2 does; 0: expat left it to libxml2; -1: they differ. */
static int compare(const char *data, size_t len)
{
    ep_check_result res = {0};
    epi_chk c = {0};
    c.res = &res;
    xmlDocPtr e = epi_chk_expat_doc(data, len);
    xmlDocPtr l = epi_chk_libxml2_doc(&c, "x", data, len);
    int r = 0;
    where_[0] = '\0';
    if (e && !l)
        snprintf(where_, sizeof where_, "libxml2 finds it malformed");
    else if (e && !(same_str(e->version, l->version) && same_str(e->encoding, l->encoding) &&
                    e->standalone == l->standalone))
        snprintf(where_, sizeof where_, "declaration: %s/%s %s/%s %d/%d", e->version, l->version,
                 e->encoding, l->encoding, e->standalone, l->standalone);
    else if (e)
        r = same_str(e->version, l->version) && same_str(e->encoding, l->encoding) &&
                    e->standalone == l->standalone && same_nodes(e->children, l->children)
                ? 1
                : -1;
    if (e && !l)
        r = -1;
    xmlFreeDoc(e);
    xmlFreeDoc(l);
    return r;
}

static void expect(const char *doc, int want)
{
    int got = compare(doc, strlen(doc));
    if (!EPI_CHK_EXPAT)
        want = 0; /* another libxml2: every document is libxml2's */
    ep_test_count++;
    if (got != want) {
        ep_test_failures++;
        fprintf(stderr, "%s:%d: want %d, got %d (%s) for:\n%s\n", __FILE__, __LINE__, want, got,
                where_, doc);
    }
}

static int files(int argc, char **argv)
{
    int same = 0, left = 0, bad = 0;
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f)
            continue;
        char *buf = malloc(16u << 20);
        size_t n = buf ? fread(buf, 1, (16u << 20) - 1, f) : 0;
        fclose(f);
        if (!buf)
            return 1;
        buf[n] = '\0';
        int r = compare(buf, n);
        free(buf);
        if (r < 0)
            printf("DIFFER %s: %s\n", argv[i], where_);
        same += r == 1;
        left += r == 0;
        bad += r < 0;
    }
    printf("%d read alike by expat, %d left to libxml2, %d differ\n", same, left, bad);
    return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
    if (argc > 1)
        return files(argc, argv);
    const char *xh = "<html xmlns=\"http://www.w3.org/1999/xhtml\"";
    char d[4096];
    /* read alike */
    snprintf(d, sizeof d,
             "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<!DOCTYPE html>\n%s "
             "xmlns:epub=\"http://www.idpf.org/2007/ops\" xml:lang=\"ru\">\n<head><title>Т</title>"
             "</head>\n<body>\n<p\n  class=\"a\"   epub:type=\"x\">Война и мир &amp; «мир»&#x41;"
             "<!-- комментарий -->хвост\n\n</p><?pi data?><br/>\t<svg "
             "xmlns=\"http://www.w3.org/2000/svg\"><a xlink:href=\"#a\" "
             "xmlns:xlink=\"http://www.w3.org/1999/xlink\"/></svg>\n<p title='я \"x\" &lt;'>"
             "a&lt;b c</p></body></html>\n",
             xh);
    expect(d, 1);
    expect("<a>я<b>я</b></a>", 1);
    expect("<a>я\n<b>я</b>x\n\nя</a>", 1);
    expect("<!-- до -->\n<a xmlns=\"urn:x\"><b xmlns=\"\" c=\"\"/></a>\n<!-- после -->", 1);
    /* a text node has the line where libxml2 first hands text over */
    expect("<a>\n\nя\n<b/>\n</a>", 1);
    expect("<a>x\n&amp;\n  я<b\n/> я\n<c/>\n</a>", 1);
    expect("<a>&amp;\nx<b/>\n&#x44F;\n</a>", 1);
    {
        char big[1200] = "<a>";
        for (int i = 0; i < 40; i++)
            strcat(big, "ёжик в\nтумане ");
        strcat(big, "</a>");
        expect(big, 1);
    }
    /* left to libxml2 */
    expect("<a>\r\n</a>", 0);
    expect("\xEF\xBB\xBF<a>я<b>я</b></a>", 0);
    expect("<a><![CDATA[x]]></a>", 0);
    expect("<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>", 0);
    expect("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.1//EN\" \"x.dtd\"><html/>", 0);
    expect("<?xml version=\"1.1\"?><a/>", 0);
    expect("<?xml version=\"1.0\" encoding=\"iso-8859-1\"?><a/>", 0);
    expect("<a>&nbsp;</a>", 0);
    expect("<a xmlns:p=\"urn:x\"><p:b:c/></a>", 0);
    expect("<a xmlns:p=\"a b\"/>", 0);
    expect("<a><b></a>", 0);
    expect("<a/><b/>", 0);
    expect("<a>\xC3</a>", 0);
    return ep_test_done();
}

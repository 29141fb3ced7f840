/* HTML's nesting rules (html.h). */
#include "util/html.h"
#include "util/xml.h"

#include <stdbool.h>
#include <string.h>

static const struct {
    const char *name, *outer;
} rules[] = {{"a", "a"},
             {"dfn", "dfn"},
             {"form", "form"},
             {"label", "label"},
             {"meter", "meter"},
             {"progress", "progress"},
             {"noscript", "noscript"},
             {"address", "address"},
             {"header", "address"},
             {"footer", "address"},
             {"header", "header"},
             {"footer", "footer"},
             {"header", "footer"},
             {"footer", "header"}};

static bool xhtml(const xmlNode *n)
{
    return n->type == XML_ELEMENT_NODE &&
           (!n->ns || (n->ns->href && !strcmp((const char *)n->ns->href, EPI_NS_XHTML)));
}

const char *epi_html_misplaced(const xmlNode *n)
{
    if (!xhtml(n))
        return NULL;
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
        if (strcmp((const char *)n->name, rules[i].name) != 0)
            continue;
        for (const xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE; a = a->parent)
            if (xhtml(a) && !strcmp((const char *)a->name, rules[i].outer))
                return rules[i].outer;
    }
    return NULL;
}

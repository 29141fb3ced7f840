/* HTML's nesting rules (html.h). */
#include "util/html.h"

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

bool epi_html_nesting_limited(const char *name)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(name, rules[i].name))
            return true;
    return false;
}

bool epi_html_nesting_forbidden(const char *name, const char *outer)
{
    for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++)
        if (!strcmp(name, rules[i].name) && !strcmp(outer, rules[i].outer))
            return true;
    return false;
}

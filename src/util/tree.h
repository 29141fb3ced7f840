/* A walk over a libxml2 tree, for the stages that change chapter trees in place. */
#ifndef EPI_UTIL_TREE_H
#define EPI_UTIL_TREE_H

#include <libxml/tree.h>
#include <stdbool.h>

/* Next node after `cur` in document order within `root` (pre-order, no recursion, so deep
 * nesting cannot overflow the stack); NULL at the end. `skip_children` skips cur's subtree. */
static inline xmlNodePtr epi_xml_next(xmlNodePtr cur, const xmlNode *root, bool skip_children)
{
    if (!skip_children && cur->type == XML_ELEMENT_NODE && cur->children)
        return cur->children;
    while (cur && cur != root) {
        if (cur->next)
            return cur->next;
        cur = cur->parent;
    }
    return NULL;
}

#endif /* EPI_UTIL_TREE_H */

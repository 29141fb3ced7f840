/* META-INF files: the OCF container document and Apple Books' display options. */
#include "pkg_private.h"

xmlDocPtr epi_pkg_container(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root, rootfiles, rf;
    xmlNsPtr ns;

    if (!doc)
        return NULL;
    /* OCF 3.3 §4.2.6.3.1: <container version="1.0"><rootfiles><rootfile full-path media-type>;
     * full-path is relative to the container root. */
    root = xmlNewNode(NULL, BAD_CAST "container");
    if (!root)
        goto fail;
    xmlDocSetRootElement(doc, root);
    ns = xmlNewNs(root, BAD_CAST EPI_NS_CONTAINER, NULL);
    if (!ns)
        goto fail;
    xmlSetNs(root, ns);
    rootfiles = epi_pkg_child(root, ns, "rootfiles", NULL);
    rf = rootfiles ? epi_pkg_child(rootfiles, ns, "rootfile", NULL) : NULL;
    if (!epi_pkg_attr(root, "version", "1.0") || !epi_pkg_attr(rf, "full-path", EPI_OPF_PATH) ||
        !epi_pkg_attr(rf, "media-type", "application/oebps-package+xml"))
        goto fail;
    return doc;
fail:
    xmlFreeDoc(doc);
    return NULL;
}

xmlDocPtr epi_pkg_display_options(void)
{
    xmlDocPtr doc = xmlNewDoc(BAD_CAST "1.0");
    xmlNodePtr root, platform, option;

    if (!doc)
        return NULL;
    /* Older Apple Books versions use embedded fonts only when this file says so
     * (docs/ARCHITECTURE.md "Reader quirks"); META-INF files are not publication resources, so no
     * manifest item. */
    root = xmlNewNode(NULL, BAD_CAST "display_options");
    if (!root)
        goto fail;
    xmlDocSetRootElement(doc, root);
    platform = epi_pkg_child(root, NULL, "platform", NULL);
    option = platform ? epi_pkg_child(platform, NULL, "option", "true") : NULL;
    if (!epi_pkg_attr(platform, "name", "*") || !epi_pkg_attr(option, "name", "specified-fonts"))
        goto fail;
    return doc;
fail:
    xmlFreeDoc(doc);
    return NULL;
}

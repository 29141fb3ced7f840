/* libxml2 helpers for the generated documents, and their serialisation. */
#include "pkg_private.h"

#include <libxml/xmlerror.h>
#include <libxml/xmlsave.h>
#include <stdlib.h>
#include <string.h>

xmlNodePtr epi_pkg_child(xmlNodePtr parent, xmlNsPtr ns, const char *name, const char *text)
{
    /* xmlNewTextChild escapes &, < and > in text; xmlNewChild would treat it as markup. */
    return xmlNewTextChild(parent, ns, BAD_CAST name, text ? BAD_CAST text : NULL);
}

bool epi_pkg_attr(xmlNodePtr node, const char *name, const char *value)
{
    return node && xmlSetProp(node, BAD_CAST name, BAD_CAST value) != NULL;
}

bool epi_pkg_xml_lang(xmlNodePtr node, const char *lang)
{
    xmlNsPtr ns = xmlSearchNs(node->doc, node, BAD_CAST "xml");
    return ns && xmlSetNsProp(node, ns, BAD_CAST "lang", BAD_CAST lang) != NULL;
}

void epi_pkg_w3c_time(time_t t, char out[21])
{
    struct tm tm;
    /* EPUB 3.3 §5.5.6.3 / B.3: dcterms:modified is CCYY-MM-DDThh:mm:ssZ, UTC, no fraction. */
    if (!gmtime_r(&t, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
        memcpy(out, "1980-01-01T00:00:00Z", 21);
}

ep_status epi_pkg_serialize(xmlDocPtr doc, bool format, unsigned char **data, size_t *len,
                            ep_error *err)
{
    xmlChar *mem = NULL;
    int n = 0;
    ep_status st = EP_OK;

    *data = NULL;
    *len = 0;
    /* With the "UTF-8" encoding libxml2 writes non-ASCII text as raw UTF-8 (no character
     * references) and always writes the XML declaration, which Send-to-Kindle needs to not
     * assume ISO-8859-1 (docs/ARCHITECTURE.md "Reader quirks"). The five predefined entities are
     * the only named ones libxml2 emits, as XHTML5 requires (docs/ARCHITECTURE.md "Package
     * document"). */
    xmlDocDumpFormatMemoryEnc(doc, &mem, &n, "UTF-8", format ? 1 : 0);
    if (!mem || n <= 0) {
        st = epi_fail(err, EP_ERR_XML, NULL, 0, 0, "could not serialise an XML document");
        goto out;
    }
    /* One byte more for a terminating NUL (not counted in len), so callers may treat the
     * text as a C string. */
    *data = malloc((size_t)n + 1);
    if (!*data) {
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    memcpy(*data, mem, (size_t)n);
    (*data)[n] = '\0';
    *len = (size_t)n;
out:
    xmlFree(mem);
    return st;
}

ep_status epi_xml_serialize(xmlDocPtr doc, unsigned char **data, size_t *len, ep_error *err)
{
    /* No indentation: in mixed content it would add visible spaces between inline elements. */
    return epi_pkg_serialize(doc, false, data, len, err);
}

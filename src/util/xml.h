/* XML namespace names used by every stage. */
#ifndef EPI_UTIL_XML_H
#define EPI_UTIL_XML_H

#define EPI_NS_XHTML "http://www.w3.org/1999/xhtml"
#define EPI_NS_EPUB "http://www.idpf.org/2007/ops"
#define EPI_NS_OPF "http://www.idpf.org/2007/opf"
#define EPI_NS_DC "http://purl.org/dc/elements/1.1/"
#define EPI_NS_OEB12 "http://openebook.org/namespaces/oeb-package/1.0/" /* OEBPS 1.2 packages */
#define EPI_NS_NCX "http://www.daisy.org/z3986/2005/ncx/"
#define EPI_NS_CONTAINER "urn:oasis:names:tc:opendocument:xmlns:container"
#define EPI_NS_XML "http://www.w3.org/XML/1998/namespace"

#endif /* EPI_UTIL_XML_H */

/* The text writer atom.c and html.c share (catalog.h). */
#include "catalog.h"

#include <libxml/xmlwriter.h>

#define X(s) ((const xmlChar *)(s))

void epi_cat_xw_start(epi_cat_xw *x, const char *name)
{
    if (x->ok && xmlTextWriterStartElement(x->w, X(name)) < 0)
        x->ok = false;
}

void epi_cat_xw_end(epi_cat_xw *x)
{
    if (x->ok && xmlTextWriterEndElement(x->w) < 0)
        x->ok = false;
}

void epi_cat_xw_end_full(epi_cat_xw *x)
{
    if (x->ok && xmlTextWriterFullEndElement(x->w) < 0)
        x->ok = false;
}

void epi_cat_xw_attr(epi_cat_xw *x, const char *name, const char *value)
{
    if (x->ok && value && xmlTextWriterWriteAttribute(x->w, X(name), X(value)) < 0)
        x->ok = false;
}

void epi_cat_xw_text(epi_cat_xw *x, const char *text)
{
    if (x->ok && text && xmlTextWriterWriteString(x->w, X(text)) < 0)
        x->ok = false;
}

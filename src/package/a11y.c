/*
 * Accessibility discovery metadata (EPUB Accessibility 1.1 §5.1, schema.org vocabulary; the
 * `schema:` prefix is reserved in the package document). Every value is derived from what the
 * book actually contains. No dcterms:conformsTo / a11y:certifiedBy: a conformance claim needs
 * an evaluation that epubpack does not perform (docs/ARCHITECTURE.md "Package document"). DAISY Ace
 * reports the absence of accessMode, accessibilityFeature and accessibilityHazard as serious, and
 * of accessModeSufficient and accessibilitySummary as moderate (docs/ARCHITECTURE.md "Package
 * document").
 */
#include "pkg_private.h"

static bool meta(xmlNodePtr metadata, const char *property, const char *value)
{
    xmlNodePtr m = epi_pkg_child(metadata, metadata->ns, "meta", value);
    return epi_pkg_attr(m, "property", property);
}

bool epi_pkg_a11y_meta(const epi_book *book, xmlNodePtr metadata)
{
    bool images = false, all_alt = true, headings = false;
    const char *summary;

    for (size_t i = 0; i < book->nchapters; i++) {
        const epi_chapter *ch = &book->chapters[i];
        if (ch->has_images) {
            images = true;
            all_alt = all_alt && ch->images_all_alt;
        }
        headings = headings || ch->nheadings > 0;
    }

    /* accessMode: every mode needed to take in the whole content. */
    if (!meta(metadata, "schema:accessMode", "textual"))
        return false;
    if (images && !meta(metadata, "schema:accessMode", "visual"))
        return false;
    /* accessModeSufficient: one set per way of reading everything. Text alone suffices only
     * when every image has a text alternative. */
    if ((!images || all_alt) && !meta(metadata, "schema:accessModeSufficient", "textual"))
        return false;
    if (images && !meta(metadata, "schema:accessModeSufficient", "textual,visual"))
        return false;
    /* accessibilityFeature: the nav toc and the spine always exist; headings only if used. */
    if (!meta(metadata, "schema:accessibilityFeature", "tableOfContents") ||
        !meta(metadata, "schema:accessibilityFeature", "readingOrder"))
        return false;
    if (headings && !meta(metadata, "schema:accessibilityFeature", "structuralNavigation"))
        return false;
    if (images && all_alt && !meta(metadata, "schema:accessibilityFeature", "alternativeText"))
        return false;
    /* Text and still images cannot flash, move or make sound. */
    if (!meta(metadata, "schema:accessibilityHazard", "none"))
        return false;
    summary = images ? epi_labels_images_summary(book->meta.lang, all_alt)
                     : epi_labels_for(book->meta.lang)->a11y_summary;
    return meta(metadata, "schema:accessibilitySummary", summary);
}

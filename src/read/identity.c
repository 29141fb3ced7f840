/*
 * The book's unique identifier and its build instant, the last step of reading the book. Both
 * are derived from the input only, so rebuilding the same article gives the same EPUB byte for
 * byte (docs/ARCHITECTURE.md "Reproducibility"): readers de-duplicate books on the identifier, and
 * reproducible builds need a fixed time.
 */
#include "read_private.h"
#include "util/date.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uuid/uuid.h>

/* 1980-01-01T00:00:00Z: ZIP (DOS) timestamps cannot express anything earlier. */
#define EPI_EPOCH_1980 ((time_t)315532800)

/* UUIDv5 (RFC 4122 §4.3: SHA-1 in the URL namespace) of name[0..len). */
static bool uuid5(const char *name, size_t len, uuid_t out)
{
    const uuid_t *ns = uuid_get_template("url");
    if (!ns)
        return false;
    uuid_generate_sha1(out, *ns, name, len);
    return true;
}

void epi_text_digest(const char *text, size_t len, unsigned char digest[16])
{
    uuid_t u;
    memset(digest, 0, 16);
    if (uuid5(text, len, u))
        memcpy(digest, u, 16);
}

/* "urn:uuid:" + UUIDv5 of name. */
static char *uuid5_urn(const char *name, size_t len)
{
    uuid_t u;
    char text[UUID_STR_LEN];
    char *urn;

    if (!uuid5(name, len, u))
        return NULL;
    uuid_unparse_lower(u, text);
    urn = malloc(sizeof "urn:uuid:" - 1 + sizeof text);
    if (urn)
        snprintf(urn, sizeof "urn:uuid:" - 1 + sizeof text, "urn:uuid:%s", text);
    return urn;
}

/* What names the book when the metadata gives neither `identifier` nor `source`: one line each
 * for the title, the authors (creators, in order, joined by "; "), the date and the language.
 * A book whose metadata has no title is named by its text as well, one line of chapter digests
 * (epi_chapter.text_digest, in reading order): its title comes from the text, so the metadata
 * alone would give every untitled book of a day and language the same identifier (issue 15). */
static bool identity_name(const epi_book *book, epi_buf *name)
{
    const epi_meta *m = &book->meta;
    bool titled = m->title && *m->title;

    if (!epi_buf_printf(name, "title: %s\nauthors: ", titled ? m->title : ""))
        return false;
    for (size_t i = 0; i < m->ncreators; i++)
        if (!epi_buf_printf(name, "%s%s", i ? "; " : "",
                            m->creators[i].name ? m->creators[i].name : ""))
            return false;
    if (!epi_buf_printf(name, "\ndate: %s\nlang: %s", m->date ? m->date : "",
                        m->lang ? m->lang : ""))
        return false;
    if (titled)
        return true;
    if (!epi_buf_puts(name, "\ntext:"))
        return false;
    for (size_t i = 0; i < book->nchapters; i++) {
        char hex[UUID_STR_LEN];
        uuid_unparse_lower(book->chapters[i].text_digest, hex);
        if (!epi_buf_printf(name, " %s", hex))
            return false;
    }
    return true;
}

static ep_status resolve_identifier(epi_ctx *ctx, epi_book *book)
{
    const epi_meta *m = &book->meta;
    epi_buf name = {0};
    ep_status st = EP_OK;

    free(book->identifier);
    book->identifier = NULL;
    if (m->identifier && *m->identifier) {
        book->identifier = epi_strdup(m->identifier);
        if (!book->identifier)
            return epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        /* EPUB 3.3 §5.5.3.1: a urn:uuid: identifier must be a valid UUID (epubcheck OPF-085). */
        if (strncmp(m->identifier, "urn:uuid:", 9) == 0) {
            uuid_t u;
            if (strlen(m->identifier + 9) != 36 || uuid_parse(m->identifier + 9, u) != 0)
                epi_warn(ctx, EPI_DIAG_OPF_085, book->main_path, 0,
                         "identifier \"%s\" is not a valid UUID", m->identifier);
        }
        return EP_OK;
    }
    /* The canonical URL names the article best; otherwise its metadata (and text). */
    if (m->source && *m->source ? !epi_buf_puts(&name, m->source) : !identity_name(book, &name))
        goto nomem;
    book->identifier = uuid5_urn(name.data ? name.data : "", name.len);
    if (!book->identifier)
        goto nomem;
    goto out;
nomem:
    st = epi_fail(ctx->err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    epi_buf_free(&name);
    return st;
}

static ep_status resolve_modified(epi_ctx *ctx, epi_book *book)
{
    int sde_set = 0;
    time_t t;

    if (book->meta.modified) {
        /* The reader has checked it (src/read/metadata.c); a caller's own model may not. */
        if (!epi_date_modified(book->meta.modified, &t, NULL, 0))
            return epi_fail(ctx->err, EP_ERR_INPUT, book->main_path, 0, 0,
                            "modified: \"%s\" is not a UTC time of the form "
                            "YYYY-MM-DDThh:mm:ssZ",
                            book->meta.modified);
    } else if ((sde_set = epi_date_source_epoch(&t)) < 0) {
        return epi_fail(ctx->err, EP_ERR_INPUT, NULL, 0, 0,
                        "SOURCE_DATE_EPOCH=\"%s\" is not a number of seconds up to 9999-12-31",
                        getenv("SOURCE_DATE_EPOCH"));
    } else if (!sde_set) {
        t = book->newest_mtime;
    }
    if (t < EPI_EPOCH_1980)
        t = EPI_EPOCH_1980;
    book->modified = t;
    return EP_OK;
}

ep_status epi_book_identify(epi_ctx *ctx, epi_book *book)
{
    ep_status st = resolve_identifier(ctx, book);
    if (st != EP_OK)
        return st;
    return resolve_modified(ctx, book);
}

/*
 * Renaming a subset font: rebuilds its `name` table and reassembles the sfnt.
 *
 * Why: the ParaType Free Font License forbids distributing a modified font "under the Original
 * name or a combination of Original name with any other words", and the OFL forbids Reserved
 * Font Names on a Modified Version; a glyph subset is a modified version (docs/ARCHITECTURE.md
 * "Fonts"). HarfBuzz 6.0 has no stable name-table setter (hb_subset_input_override_name_table is
 * HB_EXPERIMENTAL_API), so the table is rewritten here; HarfBuzz's face builder then
 * reassembles the sfnt (table directory, padding, checksums, head.checkSumAdjustment).
 *
 * The name table follows the OpenType 1.9 specification, "name — Naming table" (format 0/1
 * records, sorted by platform, encoding, language and name ID; strings UTF-16BE on platforms 0
 * and 3, Mac Roman on platform 1).
 */
#include "fonts_int.h"

#include <stdlib.h>
#include <string.h>

#define TAG(a, b, c, d) (((uint32_t)(a) << 24) | ((uint32_t)(b) << 16) | ((uint32_t)(c) << 8) | (d))

typedef struct table {
    uint32_t tag;
    const unsigned char *data;
    size_t len;
} table;

typedef struct name_rec {
    uint16_t platform, encoding, language, name_id;
    unsigned char *str; /* owned */
    size_t len;
} name_rec;

typedef struct name_list {
    name_rec *v;
    size_t n, cap;
} name_list;

static uint16_t get16(const unsigned char *p)
{
    return (uint16_t)((p[0] << 8) | p[1]);
}

static bool put16(epi_buf *b, unsigned v)
{
    unsigned char t[2] = {(unsigned char)(v >> 8), (unsigned char)v};
    return epi_buf_append(b, t, 2);
}

char *epi_fonts_ps_name(const char *family, epi_face_kind kind)
{
    epi_buf b = {0};
    bool ok = true;

    /* PostScript names: printable ASCII 33–126 except [](){}<>/%, at most 63 bytes (name ID 6). */
    for (const char *s = family; *s && ok; s++)
        if ((*s >= 'A' && *s <= 'Z') || (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9'))
            ok = epi_buf_append(&b, s, 1);
    if (ok && b.len == 0)
        ok = epi_buf_puts(&b, "Font");
    if (ok && b.len > 40) { /* leaves room for "-BoldItalic" within 63 bytes */
        b.len = 40;
        b.data[40] = '\0';
    }
    ok = ok && epi_buf_printf(&b, "-%s", epi_face_infos[kind].ps_style);
    if (!ok) {
        epi_buf_free(&b);
        return NULL;
    }
    return epi_buf_detach(&b);
}

/* Encodes `s` (UTF-8) for a name record of `platform`: UTF-16BE for Unicode (0) and Windows
 * (3), Mac Roman for Macintosh (1) where only ASCII is written and anything else becomes '?'. */
static bool encode(const char *s, uint16_t platform, unsigned char **out, size_t *out_len)
{
    epi_buf b = {0};
    size_t len = strlen(s);
    bool ok = true;

    for (size_t i = 0; i < len && ok;) {
        uint32_t cp;
        size_t n = epi_utf8_decode(s + i, len - i, &cp);
        if (n == 0) {
            cp = '?';
            n = 1;
        }
        i += n;
        if (platform == 1) {
            unsigned char c = cp < 0x80 ? (unsigned char)cp : '?';
            ok = epi_buf_append(&b, &c, 1);
        } else if (cp >= 0x10000) {
            cp -= 0x10000;
            ok = put16(&b, 0xD800 | (cp >> 10)) && put16(&b, 0xDC00 | (cp & 0x3FF));
        } else {
            ok = put16(&b, cp);
        }
    }
    if (ok && b.len == 0)
        ok = epi_buf_append(&b, "", 0);
    if (!ok) {
        epi_buf_free(&b);
        return false;
    }
    *out_len = b.len;
    *out = (unsigned char *)b.data; /* epi_buf keeps a NUL after the data; harmless */
    return true;
}

static bool list_add(name_list *l, uint16_t platform, uint16_t encoding, uint16_t language,
                     uint16_t name_id, unsigned char *str, size_t len)
{
    name_rec *v = epi_grow(l->v, &l->cap, l->n, sizeof *v, 32);
    if (!v)
        return false;
    l->v = v;
    l->v[l->n++] = (name_rec){platform, encoding, language, name_id, str, len};
    return true;
}

static void list_free(name_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].str);
    free(l->v);
}

static int rec_cmp(const void *a, const void *b)
{
    const name_rec *x = a, *y = b;
    if (x->platform != y->platform)
        return x->platform < y->platform ? -1 : 1;
    if (x->encoding != y->encoding)
        return x->encoding < y->encoding ? -1 : 1;
    if (x->language != y->language)
        return x->language < y->language ? -1 : 1;
    if (x->name_id != y->name_id)
        return x->name_id < y->name_id ? -1 : 1;
    return 0;
}

/* The new text of a renamed name ID, or NULL when the ID is kept as it is. */
static const char *new_value(uint16_t id, const char *family, const char *full, const char *unique,
                             const char *ps, epi_face_kind kind)
{
    switch (id) {
    case 1:  /* family (the four faces form one RIBBI family) */
    case 16: /* typographic family */
    case 21: /* WWS family */
        return family;
    case 2:  /* subfamily */
    case 17: /* typographic subfamily */
    case 22: /* WWS subfamily */
        return epi_face_infos[kind].style;
    case 3:
        return unique;
    case 4:
        return full;
    case 6:
        return ps;
    default:
        return NULL;
    }
}

/* Builds the new `name` table (format 0) into `b`. */
static ep_status build_name(const unsigned char *old, size_t old_len, const char *family,
                            epi_face_kind kind, epi_buf *b, ep_error *err)
{
    static const uint16_t required[] = {1, 2, 3, 4, 6};
    ep_status st = EP_OK;
    name_list l = {0};
    epi_buf full = {0}, unique = {0};
    char *ps = epi_fonts_ps_name(family, kind);
    size_t count = 0, str_off = 0, storage;

    if (!ps || !epi_buf_printf(&full, "%s %s", family, epi_face_infos[kind].style) ||
        !epi_buf_printf(&unique, "%s;epubpack subset", ps)) {
        st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }

    if (old) {
        if (old_len < 6 || (count = get16(old + 2), (str_off = get16(old + 4)) > old_len) ||
            6 + count * 12 > old_len) {
            st = epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "malformed name table in the subset");
            goto out;
        }
    }
    for (size_t i = 0; i < count; i++) {
        const unsigned char *r = old + 6 + i * 12;
        uint16_t platform = get16(r), encoding = get16(r + 2), language = get16(r + 4);
        uint16_t id = get16(r + 6);
        size_t len = get16(r + 8), off = str_off + get16(r + 10);
        const char *value = new_value(id, family, full.data, unique.data, ps, kind);
        unsigned char *str = NULL;
        size_t slen = 0;

        /* Format 1 language-tag records (languageID ≥ 0x8000) are dropped with the tags. */
        if (language >= 0x8000)
            continue;
        if (value) {
            if (platform > 3 || platform == 2)
                continue; /* ISO and custom encodings: no way to write the new name */
            if (!encode(value, platform, &str, &slen))
                goto oom;
        } else {
            if (off + len > old_len) {
                st = epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "malformed name record");
                goto out;
            }
            str = malloc(len ? len : 1);
            if (!str)
                goto oom;
            memcpy(str, old + off, len);
            slen = len;
        }
        if (!list_add(&l, platform, encoding, language, id, str, slen)) {
            free(str);
            goto oom;
        }
    }
    /* Every font needs Windows English records for IDs 1–4 and 6 (OpenType `name`: "fonts
     * for Windows"); add any the subset lacks. */
    for (size_t r = 0; r < sizeof required / sizeof required[0]; r++) {
        bool found = false;
        unsigned char *str;
        size_t slen;
        for (size_t i = 0; i < l.n && !found; i++)
            found = l.v[i].platform == 3 && l.v[i].name_id == required[r];
        if (found)
            continue;
        if (!encode(new_value(required[r], family, full.data, unique.data, ps, kind), 3, &str,
                    &slen))
            goto oom;
        if (!list_add(&l, 3, 1, 0x0409, required[r], str, slen)) {
            free(str);
            goto oom;
        }
    }
    qsort(l.v, l.n, sizeof *l.v, rec_cmp);

    storage = 6 + 12 * l.n;
    if (!put16(b, 0) || !put16(b, (unsigned)l.n) || !put16(b, (unsigned)storage))
        goto oom;
    {
        size_t off = 0;
        for (size_t i = 0; i < l.n; i++) {
            if (l.v[i].len > 0xFFFF || off > 0xFFFF) {
                st = epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "name table too large");
                goto out;
            }
            if (!put16(b, l.v[i].platform) || !put16(b, l.v[i].encoding) ||
                !put16(b, l.v[i].language) || !put16(b, l.v[i].name_id) ||
                !put16(b, (unsigned)l.v[i].len) || !put16(b, (unsigned)off))
                goto oom;
            off += l.v[i].len;
        }
    }
    for (size_t i = 0; i < l.n; i++)
        if (!epi_buf_append(b, l.v[i].str, l.v[i].len))
            goto oom;
    goto out;

oom:
    st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    list_free(&l);
    epi_buf_free(&full);
    epi_buf_free(&unique);
    free(ps);
    return st;
}

static int table_cmp(const void *a, const void *b)
{
    const table *x = a, *y = b;
    return x->tag < y->tag ? -1 : x->tag > y->tag;
}

ep_status epi_sfnt_rename(hb_face_t *sub, hb_face_t *source, const char *family, epi_face_kind kind,
                          unsigned char **out, size_t *out_len, ep_error *err)
{
    ep_status st = EP_OK;
    table *tables = NULL;
    hb_blob_t **blobs = NULL;
    epi_buf name = {0};
    hb_face_t *builder = NULL;
    hb_tag_t *tags = NULL;
    hb_blob_t *font = NULL;
    size_t ntables = 0, nout, nsource;
    const unsigned char *old_name = NULL;
    size_t old_name_len = 0;
    bool have_name = false, have_head = false;

    *out = NULL;
    *out_len = 0;
    /* The subset's tables are among the source's: each is taken from the subset as hb-subset
     * made it, without the sfnt HarfBuzz would assemble of them first. */
    nsource = hb_face_get_table_tags(source, 0, NULL, NULL);
    if (nsource == 0)
        return epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "malformed font: bad table directory");
    tags = calloc(nsource + 2, sizeof *tags); /* the tables, a name table, HB_TAG_NONE */
    tables = calloc(nsource + 1, sizeof *tables);
    blobs = calloc(nsource, sizeof *blobs);
    if (!tags || !tables || !blobs)
        goto oom;
    unsigned count = (unsigned)nsource;
    hb_face_get_table_tags(source, 0, &count, tags);
    for (size_t i = 0; i < count; i++) {
        unsigned tlen = 0;
        hb_blob_t *blob = hb_face_reference_table(sub, tags[i]);
        const char *data = hb_blob_get_data(blob, &tlen);
        if (!tlen) { /* not in the subset */
            hb_blob_destroy(blob);
            continue;
        }
        blobs[ntables] = blob;
        tables[ntables] = (table){tags[i], (const unsigned char *)data, tlen};
        if (tags[i] == TAG('n', 'a', 'm', 'e')) {
            old_name = tables[ntables].data;
            old_name_len = tlen;
        }
        if (tags[i] == TAG('h', 'e', 'a', 'd'))
            have_head = tlen >= 54; /* head is 54 bytes (OpenType `head`) */
        ntables++;
    }
    if (!have_head) {
        st = epi_fail(err, EP_ERR_FONT, NULL, 0, 0, "malformed font: no head table");
        goto out;
    }
    st = build_name(old_name, old_name_len, family, kind, &name, err);
    if (st != EP_OK)
        goto out;
    nout = ntables;
    for (size_t i = 0; i < ntables; i++)
        if (tables[i].tag == TAG('n', 'a', 'm', 'e')) {
            tables[i].data = (const unsigned char *)name.data;
            tables[i].len = name.len;
            have_name = true;
        }
    if (!have_name)
        tables[nout++] =
            (table){TAG('n', 'a', 'm', 'e'), (const unsigned char *)name.data, name.len};
    /* HarfBuzz's face builder writes the sfnt: the table directory sorted by tag, 4-byte
     * padding, the table checksums and head.checkSumAdjustment. The tables' data go in the
     * order of `tags` (by tag, as the directory) rather than its default (by size). */
    qsort(tables, nout, sizeof *tables, table_cmp);
    if (!(builder = hb_face_builder_create()))
        goto oom;
    for (size_t i = 0; i < nout; i++) {
        hb_blob_t *blob = hb_blob_create((const char *)tables[i].data, (unsigned)tables[i].len,
                                         HB_MEMORY_MODE_READONLY, NULL, NULL);
        bool added = hb_face_builder_add_table(builder, tables[i].tag, blob);
        hb_blob_destroy(blob);
        if (!added)
            goto oom;
        tags[i] = tables[i].tag;
    }
    tags[nout] = HB_TAG_NONE; /* ends the list */
    hb_face_builder_sort_tables(builder, tags);
    font = hb_face_reference_blob(builder);
    unsigned font_len = 0;
    const char *font_data = hb_blob_get_data(font, &font_len);
    if (!font_len || !(*out = malloc(font_len)))
        goto oom;
    memcpy(*out, font_data, font_len);
    *out_len = font_len;
    goto out;

oom:
    st = epi_fail(err, EP_ERR_NOMEM, NULL, 0, 0, "out of memory");
out:
    hb_blob_destroy(font);
    hb_face_destroy(builder);
    free(tags);
    epi_buf_free(&name);
    free(tables);
    for (size_t i = 0; blobs && i < ntables; i++)
        hb_blob_destroy(blobs[i]);
    free(blobs);
    return st;
}

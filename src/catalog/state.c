/*
 * What the last run saw (catalog/.state, JSON): each book's size, modification time and facts,
 * and every file the run wrote, so that the next run reads only new or changed books and
 * removes only its own files. A state that cannot be read is an empty one: the run then reads
 * every book again and writes what differs, nothing worse.
 */
#include "catalog.h"
#include "util/str.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#define STATE_VERSION 2

void epi_cat_book_free(epi_cat_book *b)
{
    char **strs[] = {&b->path,   &b->title,    &b->identifier,  &b->language,
                     &b->date,   &b->modified, &b->description, &b->publisher,
                     &b->series, &b->position, &b->cover_type,  &b->problem};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        free(*strs[i]);
    for (size_t i = 0; i < b->nauthors; i++) {
        free(b->authors[i]);
        free(b->file_as[i]);
    }
    free(b->authors);
    free(b->file_as);
    for (size_t i = 0; i < b->nsubjects; i++)
        free(b->subjects[i]);
    free(b->subjects);
    free(b->cover);
    free(b->thumb);
    memset(b, 0, sizeof *b);
}

/* The string fields, by name, in the order they are written. */
#define BOOK_STRINGS(X)                                                                            \
    X(path)                                                                                        \
    X(title)                                                                                       \
    X(identifier)                                                                                  \
    X(language)                                                                                    \
    X(date) X(modified) X(description) X(publisher) X(series) X(position) X(cover_type) X(problem)

static const char *get_str(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
               ? json_object_get_string(v)
               : NULL;
}

static int64_t get_int(json_object *o, const char *key)
{
    json_object *v;
    return json_object_object_get_ex(o, key, &v) ? json_object_get_int64(v) : 0;
}

/* A list of strings (NULL items allowed) into *v, *n. */
static bool get_list(json_object *o, const char *key, char ***v, size_t *n)
{
    json_object *a;
    *v = NULL;
    *n = 0;
    if (!json_object_object_get_ex(o, key, &a) || !json_object_is_type(a, json_type_array))
        return true;
    size_t len = json_object_array_length(a);
    if (!len)
        return true;
    if (!(*v = calloc(len, sizeof **v)))
        return false;
    for (size_t i = 0; i < len; i++) {
        json_object *s = json_object_array_get_idx(a, i);
        if (json_object_is_type(s, json_type_string) &&
            !((*v)[i] = epi_strdup(json_object_get_string(s))))
            return false;
    }
    *n = len;
    return true;
}

static bool load_book(json_object *o, epi_cat_book *b)
{
    size_t nfa = 0;
#define LOAD(f)                                                                                    \
    if (get_str(o, #f) && !(b->f = epi_strdup(get_str(o, #f))))                                    \
        return false;
    BOOK_STRINGS(LOAD)
#undef LOAD
    b->size = get_int(o, "size");
    b->mtime_ns = get_int(o, "mtime_ns");
    b->thumb_w = (int)get_int(o, "thumb_w");
    b->thumb_h = (int)get_int(o, "thumb_h");
    if (!get_list(o, "authors", &b->authors, &b->nauthors) ||
        !get_list(o, "file_as", &b->file_as, &nfa) ||
        !get_list(o, "subjects", &b->subjects, &b->nsubjects))
        return false;
    return b->path && b->title && nfa == b->nauthors;
}

bool epi_cat_state_load(const char *path, epi_cat_state *st)
{
    json_object *root = json_object_from_file(path), *books, *files;
    memset(st, 0, sizeof *st);
    if (!root)
        return true;
    bool ok = true;
    if (get_int(root, "version") != STATE_VERSION ||
        !json_object_object_get_ex(root, "books", &books) ||
        !json_object_is_type(books, json_type_array))
        goto out;
    size_t n = json_object_array_length(books);
    st->books = calloc(n ? n : 1, sizeof *st->books);
    if (!st->books) {
        ok = false;
        goto out;
    }
    for (size_t i = 0; i < n; i++) {
        epi_cat_book *b = &st->books[st->nbooks];
        if (load_book(json_object_array_get_idx(books, i), b))
            st->nbooks++;
        else
            epi_cat_book_free(b);
    }
    size_t nd = 0;
    if (json_object_object_get_ex(root, "files", &files) &&
        (!get_list(root, "files", &st->files, &st->nfiles) ||
         !get_list(root, "digests", &st->digests, &nd)))
        ok = false;
    if (ok && nd != st->nfiles) { /* no digests: every page is made again */
        for (size_t i = 0; i < nd; i++)
            free(st->digests[i]);
        free(st->digests);
        st->digests = NULL;
    }
out:
    json_object_put(root);
    return ok;
}

static bool put_list(json_object *o, const char *key, char *const *v, size_t n)
{
    json_object *a = json_object_new_array();
    for (size_t i = 0; a && i < n; i++)
        if (json_object_array_add(a, v[i] ? json_object_new_string(v[i]) : NULL) != 0) {
            json_object_put(a);
            return false;
        }
    return a && json_object_object_add(o, key, a) == 0;
}

bool epi_cat_state_dump(const epi_cat_book *books, size_t nbooks, char *const *files,
                        char *const *digests, size_t nfiles, epi_buf *out)
{
    json_object *root = json_object_new_object(), *arr = json_object_new_array();
    bool ok = root && arr &&
              json_object_object_add(root, "version", json_object_new_int(STATE_VERSION)) == 0;
    for (size_t i = 0; ok && i < nbooks; i++) {
        const epi_cat_book *b = &books[i];
        json_object *o = json_object_new_object();
        ok = o && json_object_array_add(arr, o) == 0;
#define DUMP(f)                                                                                    \
    if (ok && b->f)                                                                                \
        ok = json_object_object_add(o, #f, json_object_new_string(b->f)) == 0;
        BOOK_STRINGS(DUMP)
#undef DUMP
        ok = ok && json_object_object_add(o, "size", json_object_new_int64(b->size)) == 0 &&
             json_object_object_add(o, "mtime_ns", json_object_new_int64(b->mtime_ns)) == 0 &&
             json_object_object_add(o, "thumb_w", json_object_new_int(b->thumb_w)) == 0 &&
             json_object_object_add(o, "thumb_h", json_object_new_int(b->thumb_h)) == 0 &&
             put_list(o, "authors", b->authors, b->nauthors) &&
             put_list(o, "file_as", b->file_as, b->nauthors) &&
             put_list(o, "subjects", b->subjects, b->nsubjects);
    }
    if (ok) {
        if (json_object_object_add(root, "books", arr) != 0)
            ok = false;
        else
            arr = NULL; /* root owns it */
    }
    ok = ok && put_list(root, "files", files, nfiles) && put_list(root, "digests", digests, nfiles);
    const char *text = ok ? json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
                                                                     JSON_C_TO_STRING_NOSLASHESCAPE)
                          : NULL;
    ok = text && epi_buf_puts(out, text) && epi_buf_puts(out, "\n");
    json_object_put(arr);
    json_object_put(root);
    return ok;
}

void epi_cat_state_free(epi_cat_state *st)
{
    for (size_t i = 0; i < st->nbooks; i++)
        epi_cat_book_free(&st->books[i]);
    free(st->books);
    for (size_t i = 0; i < st->nfiles; i++) {
        free(st->files[i]);
        free(st->digests ? st->digests[i] : NULL);
    }
    free(st->files);
    free(st->digests);
    memset(st, 0, sizeof *st);
}

/*
 * Book metadata from YAML (book.yaml or a file's front matter) with libyaml.
 *
 * Keys follow pandoc's EPUB metadata where pandoc has one (pandoc manual, "EPUB Metadata"),
 * plus epubpack's own (docs/ARCHITECTURE.md "Input"). Values are read as strings exactly as
 * written: a date stays "2020-05-21", never a timestamp. Unknown keys are warnings, wrong types
 * errors.
 */
#include "read_private.h"
#include "util/date.h"
#include "util/suggest.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

typedef struct meta_parser {
    epi_ctx *ctx;
    const char *path;
    int first_line;
    yaml_document_t *doc;
    epi_meta *m;
    epi_meta_lines *lines;
    int group_line; /* the line of group-position, 0 when not given */
} meta_parser;

static int line_of(const meta_parser *p, const yaml_node_t *n)
{
    return p->first_line + (int)n->start_mark.line;
}

static int col_of(const yaml_node_t *n)
{
    return (int)n->start_mark.column + 1;
}

static const char *kind_name(const yaml_node_t *n)
{
    switch (n->type) {
    case YAML_SCALAR_NODE:
        return "a string";
    case YAML_SEQUENCE_NODE:
        return "a list";
    case YAML_MAPPING_NODE:
        return "a map";
    default:
        return "empty";
    }
}

static ep_status type_error(meta_parser *p, const char *key, const yaml_node_t *n, const char *want)
{
    return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                    "metadata key '%s' must be %s, not %s", key, want, kind_name(n));
}

static ep_status nomem(meta_parser *p)
{
    return epi_fail(p->ctx->err, EP_ERR_NOMEM, p->path, 0, 0, "out of memory");
}

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

/* YAML 1.1 null: an empty plain scalar, "~" or "null" (YAML 1.1 §10.3 / null type). */
static bool is_null(const yaml_node_t *n)
{
    if (!n || n->type == YAML_NO_NODE)
        return true;
    if (n->type != YAML_SCALAR_NODE || n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
        return false;
    const char *s = scalar(n);
    return !*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") || !strcmp(s, "NULL");
}

/* " (allowed: a|b|c)", and "; did you mean 'b'?" when `word` is near one of them. */
static void choices_hint(char *buf, size_t size, const char *word, const char *const *names,
                         size_t n)
{
    char list[200], near[128];
    snprintf(buf, size, " (allowed: %s)%s", epi_join_choices(list, sizeof list, names, n),
             epi_did_you_mean(near, sizeof near, "", word, names, n));
}

/* The warning for a key the reader does not know (`in`: the map it is in, NULL at the top),
 * with the nearest known key. */
static void unknown_key(meta_parser *p, const yaml_node_t *k, const char *in,
                        const char *const *known, size_t n)
{
    char what[256], near[128];
    if (in)
        snprintf(what, sizeof what, "key '%s' in '%s'", scalar(k), in);
    else
        snprintf(what, sizeof what, "metadata key '%s'", scalar(k));
    epi_warn(p->ctx, EPI_DIAG_META, p->path, line_of(p, k), "unknown %s (ignored)%s", what,
             epi_did_you_mean(near, sizeof near, "", scalar(k), known, n));
}

static ep_status get_string(meta_parser *p, const char *key, const yaml_node_t *n, char **dst)
{
    if (is_null(n))
        return EP_OK;
    if (n->type != YAML_SCALAR_NODE)
        return type_error(p, key, n, "a string");
    if (*dst)
        epi_warn(p->ctx, EPI_DIAG_META, p->path, line_of(p, n),
                 "metadata key '%s' given twice; the last value wins", key);
    char *s = epi_strdup(scalar(n));
    if (!s)
        return nomem(p);
    free(*dst);
    *dst = s;
    return EP_OK;
}

/* Capacities of the arrays one key fills: the arrays hold exactly their count when the key
 * starts (they may have been filled by the same key given before), so that is where the
 * capacities start. */
typedef struct list_caps {
    size_t v, lines;
} list_caps;

/* Appends a string (and its line, when `line_arr` is given) to a growable array. */
static bool push_str(char ***arr, size_t *n, int **line_arr, list_caps *cap, const char *s,
                     int line)
{
    char **v = epi_grow(*arr, &cap->v, *n, sizeof *v, 4);
    if (!v)
        return false;
    *arr = v;
    if (line_arr) {
        int *l = epi_grow(*line_arr, &cap->lines, *n, sizeof *l, 4);
        if (!l)
            return false;
        *line_arr = l;
        l[*n] = line;
    }
    if (!(v[*n] = epi_strdup(s)))
        return false;
    (*n)++;
    return true;
}

/* A string or a list of strings (subject, css, chapters). */
static ep_status get_string_list(meta_parser *p, const char *key, yaml_node_t *n, char ***arr,
                                 size_t *count, int **line_arr)
{
    list_caps cap = {*count, *count};
    if (is_null(n))
        return EP_OK;
    if (n->type == YAML_SCALAR_NODE)
        return push_str(arr, count, line_arr, &cap, scalar(n), line_of(p, n)) ? EP_OK : nomem(p);
    if (n->type != YAML_SEQUENCE_NODE)
        return type_error(p, key, n, "a string or a list of strings");
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(p->doc, *it);
        if (is_null(item))
            continue;
        if (item->type != YAML_SCALAR_NODE)
            return type_error(p, key, item, "a list of strings");
        if (!push_str(arr, count, line_arr, &cap, scalar(item), line_of(p, item)))
            return nomem(p);
    }
    return EP_OK;
}

/* Role names as pandoc users write them → MARC relator codes (EPUB 3.3 §D.3 refines role
 * uses the MARC relators scheme). Three-letter codes pass through. */
static const char *const role_words[][2] = {
    {"author", "aut"},      {"editor", "edt"},      {"translator", "trl"},
    {"illustrator", "ill"}, {"contributor", "ctb"}, {"photographer", "pht"},
    {"narrator", "nrt"},    {"compiler", "com"},    {"publisher", "pbl"},
};

static const char *role_code(const char *s)
{
    size_t n = strlen(s);
    if (n == 3 && s[0] >= 'a' && s[0] <= 'z' && s[1] >= 'a' && s[1] <= 'z' && s[2] >= 'a' &&
        s[2] <= 'z')
        return s;
    for (size_t i = 0; i < sizeof role_words / sizeof role_words[0]; i++)
        if (!strcmp(s, role_words[i][0]))
            return role_words[i][1];
    return NULL;
}

static ep_status push_person(meta_parser *p, const char *key, yaml_node_t *n, epi_person **arr,
                             size_t *count, size_t *cap, const char *def_role)
{
    const yaml_node_t *name = NULL, *role = NULL, *file_as = NULL;
    ep_status st = EP_OK;

    if (n->type == YAML_SCALAR_NODE) {
        name = n;
    } else if (n->type == YAML_MAPPING_NODE) {
        for (yaml_node_pair_t *pr = n->data.mapping.pairs.start; pr < n->data.mapping.pairs.top;
             pr++) {
            yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
            yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
            if (!k || k->type != YAML_SCALAR_NODE)
                return type_error(p, key, k ? k : n, "a map with string keys");
            const char *ks = scalar(k);
            if (!is_null(v) && v->type != YAML_SCALAR_NODE)
                return type_error(p, ks, v, "a string");
            /* pandoc writes the name as `text` in its EPUB examples, `name` elsewhere. */
            static const char *const person_keys[] = {"name", "text", "role", "file-as"};
            if (!strcmp(ks, "name") || !strcmp(ks, "text"))
                name = v;
            else if (!strcmp(ks, "role"))
                role = v;
            else if (!strcmp(ks, "file-as"))
                file_as = v;
            else
                unknown_key(p, k, key, person_keys, 4);
        }
        if (is_null(name))
            return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                            "metadata key '%s': an entry without a name", key);
    } else {
        return type_error(p, key, n, "a name, a map {name, role, file-as} or a list of them");
    }
    if (is_null(name))
        return EP_OK;

    const char *code = def_role;
    if (!is_null(role) && !(code = role_code(scalar(role)))) {
        const char *words[sizeof role_words / sizeof role_words[0]];
        char hint[256];
        for (size_t i = 0; i < sizeof role_words / sizeof role_words[0]; i++)
            words[i] = role_words[i][0];
        choices_hint(hint, sizeof hint, scalar(role), words, sizeof words / sizeof words[0]);
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, role), col_of(role),
                        "metadata key '%s': role '%s' is not a MARC relator code (three "
                        "letters: aut, trl, edt, ...) or a role name%s",
                        key, scalar(role), hint);
    }

    if (*count >= EPI_LIMIT_PERSONS)
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                        "metadata key '%s': more than %d names; the limit is %d", key,
                        EPI_LIMIT_PERSONS, EPI_LIMIT_PERSONS);
    epi_person *v = epi_grow(*arr, cap, *count, sizeof *v, 4);
    if (!v)
        return nomem(p);
    *arr = v;
    epi_person *person = &v[*count];
    memset(person, 0, sizeof *person);
    person->name = epi_strdup(scalar(name));
    person->role = epi_strdup(code);
    if (!is_null(file_as))
        person->file_as = epi_strdup(scalar(file_as));
    (*count)++; /* counted before the check so epi_meta_free releases a partial entry */
    if (!person->name || !person->role || (!is_null(file_as) && !person->file_as))
        st = nomem(p);
    return st;
}

static ep_status get_persons(meta_parser *p, const char *key, yaml_node_t *n, epi_person **arr,
                             size_t *count, const char *def_role)
{
    size_t cap = *count; /* as in list_caps */
    if (is_null(n))
        return EP_OK;
    if (n->type != YAML_SEQUENCE_NODE)
        return push_person(p, key, n, arr, count, &cap, def_role);
    for (yaml_node_item_t *it = n->data.sequence.items.start; it < n->data.sequence.items.top;
         it++) {
        yaml_node_t *item = yaml_document_get_node(p->doc, *it);
        if (is_null(item))
            continue;
        ep_status st = push_person(p, key, item, arr, count, &cap, def_role);
        if (st)
            return st;
    }
    return EP_OK;
}

/* dc:date is W3CDTF (util/date.h). DD.MM.YYYY, the common Russian form, is converted with a
 * warning; anything else, or a date that does not exist, is an error. */
static ep_status get_date(meta_parser *p, const char *key, const yaml_node_t *n)
{
    char why[64], ymd[16];
    epi_date d;
    ep_status st = get_string(p, key, n, &p->m->date);
    const char *s = p->m->date;

    if (st || !s || !*s || epi_date_parse(s, EPI_DATE_W3CDTF, NULL, why, sizeof why))
        return st;
    if (!*why && epi_date_parse_dmy(s, &d, why, sizeof why)) {
        epi_date_format_ymd(&d, ymd, sizeof ymd);
        epi_warn(p->ctx, EPI_DIAG_META, p->path, line_of(p, n),
                 "metadata key '%s': '%s' read as day.month.year and written as %s", key, s, ymd);
        char *copy = epi_strdup(ymd);
        if (!copy)
            return nomem(p);
        free(p->m->date);
        p->m->date = copy;
        return EP_OK;
    }
    if (*why)
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                        "metadata key '%s': '%s' is not a real date: %s", key, s, why);
    return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                    "metadata key '%s': '%s' is not a date of the form YYYY, YYYY-MM or "
                    "YYYY-MM-DD (W3CDTF; DD.MM.YYYY is also read)",
                    key, s);
}

/* group-position numbers the book within its belongs-to-collection (the EPUB 3 meta property
 * and calibre:series_index, which readers sort by): a number such as 3 or 2.5. */
static ep_status get_group_position(meta_parser *p, const char *key, const yaml_node_t *n)
{
    static const char digits[] = "0123456789";
    ep_status st = get_string(p, key, n, &p->m->group_position);
    const char *s = p->m->group_position;

    if (st || !s)
        return st;
    p->group_line = line_of(p, n);
    size_t i = strspn(s, digits);
    if (i > 0 && s[i] == '.' && strspn(s + i + 1, digits) > 0)
        i += 1 + strspn(s + i + 1, digits);
    if (i == 0 || s[i] != '\0')
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                        "metadata key '%s': '%s' is not a number (e.g. 3 or 2.5)", key, s);
    return EP_OK;
}

/* dcterms:modified: exactly CCYY-MM-DDThh:mm:ssZ (EPUB 3.3 §5.5.6), a time that exists. */
static ep_status get_modified(meta_parser *p, const char *key, const yaml_node_t *n)
{
    char why[64];
    ep_status st = get_string(p, key, n, &p->m->modified);
    const char *s = p->m->modified;

    if (st || !s || epi_date_modified(s, NULL, why, sizeof why))
        return st;
    if (*why)
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                        "metadata key '%s': '%s' is not a real time: %s", key, s, why);
    return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                    "metadata key '%s': '%s' is not YYYY-MM-DDThh:mm:ssZ (EPUB 3.3 "
                    "dcterms:modified)",
                    key, s);
}

static ep_status get_bool(meta_parser *p, const char *key, const yaml_node_t *n, int *dst)
{
    if (is_null(n))
        return EP_OK;
    if (n->type == YAML_SCALAR_NODE) {
        /* YAML 1.1 bool (yaml.org/type/bool): the common spellings. */
        static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On"};
        static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off"};
        for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
            if (!strcmp(scalar(n), yes[i])) {
                *dst = 1;
                return EP_OK;
            }
            if (!strcmp(scalar(n), no[i])) {
                *dst = 0;
                return EP_OK;
            }
        }
    }
    return type_error(p, key, n, "true or false");
}

static ep_status get_choice(meta_parser *p, const char *key, const yaml_node_t *n,
                            const char *const *names, const int *values, size_t count, int *dst)
{
    if (is_null(n))
        return EP_OK;
    if (n->type != YAML_SCALAR_NODE)
        return type_error(p, key, n, "a string");
    for (size_t i = 0; i < count; i++) {
        if (!strcmp(scalar(n), names[i])) {
            *dst = values[i];
            return EP_OK;
        }
    }
    char hint[256];
    choices_hint(hint, sizeof hint, scalar(n), names, count);
    return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, n), col_of(n),
                    "metadata key '%s': unknown value '%s'%s", key, scalar(n), hint);
}

/* ---------- the keys: one table for the parser and for "did you mean" ---------- */

typedef struct meta_key meta_key;
/* Reads the value `v` of key `mk` into p->m (mk->name is the key as written). */
typedef ep_status (*meta_setter)(meta_parser *p, const meta_key *mk, yaml_node_t *v);

struct meta_key {
    const char *name;
    const char *type; /* what the value is, as README "Metadata" and the errors say */
    meta_setter set;
    size_t off;                 /* the epi_meta field of set_string and set_bool */
    const char *const *choices; /* the values allowed (set_choice setters), NULL-terminated */
    const int *values;          /* what each choice stores */
};

#define FIELD(f) offsetof(epi_meta, f)

static ep_status set_string(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_string(p, mk->name, v, (char **)((char *)p->m + mk->off));
}

static ep_status set_bool(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_bool(p, mk->name, v, (int *)((char *)p->m + mk->off));
}

static size_t count_of(const char *const *names)
{
    size_t n = 0;
    while (names[n])
        n++;
    return n;
}

/* One of mk->choices into *val (left as it is for a null value). */
static ep_status choose(meta_parser *p, const meta_key *mk, yaml_node_t *v, int *val)
{
    return get_choice(p, mk->name, v, mk->choices, mk->values, count_of(mk->choices), val);
}

/* The setter of a choice stored in an epi_meta field of type `type`. */
#define CHOICE_SETTER(fn, field, type)                                                             \
    static ep_status fn(meta_parser *p, const meta_key *mk, yaml_node_t *v)                        \
    {                                                                                              \
        int val = (int)p->m->field;                                                                \
        ep_status st = choose(p, mk, v, &val);                                                     \
        p->m->field = (type)val;                                                                   \
        return st;                                                                                 \
    }
CHOICE_SETTER(set_hyphenation, hyphenation, ep_hyphenation)
CHOICE_SETTER(set_typography, typography, ep_typography)
CHOICE_SETTER(set_target, target, ep_target)
CHOICE_SETTER(set_notes, notes, int)

static ep_status set_lang(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    epi_meta *m = p->m;
    ep_status st = get_string(p, mk->name, v, &m->lang);
    if (st)
        return st;
    if (m->lang && !epi_lang_valid(m->lang))
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, v), col_of(v),
                        epi_lang_primary_len(m->lang) && epi_lang_wellformed(m->lang)
                            ? "metadata key '%s': '%s' does not start with a language code "
                              "of ISO 639 (e.g. ru, en-GB)"
                            : "metadata key '%s': '%s' is not a BCP 47 language tag (e.g. "
                              "ru, en-GB)",
                        mk->name, m->lang);
    if (p->lines && m->lang)
        p->lines->lang = line_of(p, v);
    return EP_OK;
}

static ep_status set_date(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_date(p, mk->name, v);
}

static ep_status set_group_position(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_group_position(p, mk->name, v);
}

static ep_status set_modified(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_modified(p, mk->name, v);
}

static ep_status set_cover(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    ep_status st = get_string(p, mk->name, v, &p->m->cover_image);
    if (!st && p->lines && p->m->cover_image)
        p->lines->cover_image = line_of(p, v);
    return st;
}

static ep_status set_creators(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_persons(p, mk->name, v, &p->m->creators, &p->m->ncreators, "aut");
}

static ep_status set_contributors(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_persons(p, mk->name, v, &p->m->contributors, &p->m->ncontributors, "ctb");
}

static ep_status set_subjects(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_string_list(p, mk->name, v, &p->m->subjects, &p->m->nsubjects, NULL);
}

static ep_status set_css(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    return get_string_list(p, mk->name, v, &p->m->css, &p->m->ncss,
                           p->lines ? &p->lines->css : NULL);
}

static ep_status set_chapters(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    if (!is_null(v) && v->type != YAML_SEQUENCE_NODE && v->type != YAML_SCALAR_NODE)
        return type_error(p, mk->name, v, "a file name or a list of file names");
    return get_string_list(p, mk->name, v, &p->m->chapters, &p->m->nchapters,
                           p->lines ? &p->lines->chapters : NULL);
}

/* The heading level chapters are split at (typeset/split.c), pandoc's --split-level. */
static ep_status set_split_level(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    if (is_null(v))
        return EP_OK;
    const char *s = v->type == YAML_SCALAR_NODE ? scalar(v) : "";
    if (v->type != YAML_SCALAR_NODE || s[0] < '1' || s[0] > '6' || s[1])
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, v), col_of(v),
                        "metadata key '%s': expected a heading level from 1 to 6, got '%s'",
                        mk->name, s);
    p->m->split_level = s[0] - '0';
    return EP_OK;
}

static ep_status set_image_size(meta_parser *p, const meta_key *mk, yaml_node_t *v)
{
    epi_meta *m = p->m;
    if (is_null(v))
        return EP_OK;
    if (v->type != YAML_SCALAR_NODE)
        return type_error(p, mk->name, v, "a string");
    if (!epi_image_size_parse(scalar(v), &m->image_width, &m->image_height))
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line_of(p, v), col_of(v),
                        "metadata key '%s': '%s' is not WIDTHxHEIGHT in px (each 1 to %d, "
                        "e.g. 1600x2560) or off",
                        mk->name, scalar(v), EP_IMAGE_SIDE_MAX);
    m->image_size_set = true;
    return EP_OK;
}

static const char *const hyphenation_names[] = {"css", "soft", "off", NULL};
static const int hyphenation_values[] = {EP_HYPHEN_CSS, EP_HYPHEN_SOFT, EP_HYPHEN_OFF};
static const char *const target_names[] = {"epub", "kobo", NULL};
static const int target_values[] = {EP_TARGET_EPUB, EP_TARGET_KOBO};
/* Where footnotes go: at the end of each chapter, or all in one notes file. */
static const char *const notes_names[] = {"footnotes", "endnotes", NULL};
static const int notes_values[] = {0, 1};

/* Every key the reader knows (docs/ARCHITECTURE.md "Input"; README "Metadata"). */
static const meta_key keys[] = {
    {"title", "string", set_string, FIELD(title), NULL, NULL},
    {"subtitle", "string", set_string, FIELD(subtitle), NULL, NULL},
    {"publisher", "string", set_string, FIELD(publisher), NULL, NULL},
    {"rights", "string", set_string, FIELD(rights), NULL, NULL},
    {"description", "string", set_string, FIELD(description), NULL, NULL},
    {"identifier", "string", set_string, FIELD(identifier), NULL, NULL},
    {"source", "string", set_string, FIELD(source), NULL, NULL},
    {"belongs-to-collection", "string", set_string, FIELD(collection), NULL, NULL},
    {"font", "string", set_string, FIELD(font), NULL, NULL},
    {"date", "W3CDTF date", set_date, 0, NULL, NULL},
    {"group-position", "number", set_group_position, 0, NULL, NULL},
    {"lang", "BCP 47 tag", set_lang, 0, NULL, NULL},
    {"language", "BCP 47 tag", set_lang, 0, NULL, NULL},
    {"modified", "YYYY-MM-DDThh:mm:ssZ", set_modified, 0, NULL, NULL},
    {"cover-image", "file", set_cover, 0, NULL, NULL},
    {"author", "names", set_creators, 0, NULL, NULL},
    {"creator", "names", set_creators, 0, NULL, NULL},
    {"contributor", "names", set_contributors, 0, NULL, NULL},
    {"subject", "strings", set_subjects, 0, NULL, NULL},
    {"css", "files", set_css, 0, NULL, NULL},
    {"chapters", "files", set_chapters, 0, NULL, NULL},
    {"hyphenation", "choice", set_hyphenation, 0, hyphenation_names, hyphenation_values},
    {"typography", "choice", set_typography, 0, epi_typo_names, epi_typo_values},
    {"title-page", "bool", set_bool, FIELD(title_page), NULL, NULL},
    {"notes", "choice", set_notes, 0, notes_names, notes_values},
    {"split-level", "1 to 6", set_split_level, 0, NULL, NULL},
    {"image-size", "WxH or off", set_image_size, 0, NULL, NULL},
    {"grayscale", "bool", set_bool, FIELD(grayscale), NULL, NULL},
    {"target", "choice", set_target, 0, target_names, target_values},
};
#define NKEYS (sizeof keys / sizeof keys[0])

static ep_status handle_key(meta_parser *p, const char *k, yaml_node_t *key, yaml_node_t *v)
{
    const char *known[NKEYS];
    for (size_t i = 0; i < NKEYS; i++) {
        if (!strcmp(k, keys[i].name))
            return keys[i].set(p, &keys[i], v);
        known[i] = keys[i].name;
    }
    unknown_key(p, key, NULL, known, NKEYS);
    return EP_OK;
}

static ep_status yaml_error(meta_parser *p, const yaml_parser_t *parser)
{
    int line = p->first_line + (int)parser->problem_mark.line;
    int col = (int)parser->problem_mark.column + 1;
    if (parser->error == YAML_MEMORY_ERROR)
        return nomem(p);
    if (parser->context)
        return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line, col, "YAML syntax error: %s %s",
                        parser->problem ? parser->problem : "error", parser->context);
    return epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line, col, "YAML syntax error: %s",
                    parser->problem ? parser->problem : "error");
}

/* Where a value goes in the document being built: its parent collection, and for a mapping
 * the key waiting for its value. */
typedef struct {
    int node, key;
} level;

static ep_status add_node(meta_parser *p, yaml_document_t *doc, level *stack, size_t depth, int id)
{
    if (!id)
        return nomem(p);
    if (!depth)
        return EP_OK; /* the root: the document's first node */
    level *top = &stack[depth - 1];
    yaml_node_t *parent = yaml_document_get_node(doc, top->node);
    int ok = 1;
    if (parent->type == YAML_SEQUENCE_NODE) {
        ok = yaml_document_append_sequence_item(doc, top->node, id);
    } else if (!top->key) {
        top->key = id;
    } else {
        ok = yaml_document_append_mapping_pair(doc, top->node, top->key, id);
        top->key = 0;
    }
    return ok ? EP_OK : nomem(p);
}

/* The one pass over the YAML: libyaml's events build the document (yaml_parser_load would be a
 * second parse), with the limits checked as each event arrives, before the scanner goes
 * deeper:
 * - nesting over EPI_LIMIT_YAML_DEPTH: libyaml's scanner keeps a simple key per flow level and
 *   walks them all for each token, so `[[[…]]]` 100 000 deep took a minute;
 * - aliases are refused: the document expands an alias into a shared node, so a few lines of
 *   "billion laughs" make a tree walk exponential, and metadata never needs them;
 * - a value over EPI_LIMIT_META_VALUE bytes.
 * Syntax errors anywhere in the stream are reported with their position; only the first
 * document is kept, as yaml_parser_load keeps it. */
static ep_status load(meta_parser *p, const char *yaml, size_t len, yaml_document_t *doc)
{
    yaml_parser_t parser;
    yaml_event_t ev;
    level stack[EPI_LIMIT_YAML_DEPTH];
    size_t depth = 0;
    ep_status st = EP_OK;
    bool done = false, building = false, built = false;
    const char *key = NULL; /* the top-level key being read, for messages */

    if (!yaml_document_initialize(doc, NULL, NULL, NULL, 1, 1))
        return nomem(p);
    if (!yaml_parser_initialize(&parser))
        return nomem(p);
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    while (!done && !st) {
        if (!yaml_parser_parse(&parser, &ev)) {
            st = yaml_error(p, &parser);
            break;
        }
        int line = p->first_line + (int)ev.start_mark.line, col = (int)ev.start_mark.column + 1;
        int id = 0;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            building = !built;
            break;
        case YAML_DOCUMENT_END_EVENT:
            built = true;
            building = false;
            break;
        case YAML_ALIAS_EVENT:
            st = epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line, col,
                          "YAML aliases (*name) are not allowed in metadata");
            break;
        case YAML_SCALAR_EVENT:
            if (ev.data.scalar.length > EPI_LIMIT_META_VALUE) {
                st = epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line, col,
                              "metadata%s%s%s: a value of %zu bytes; values over %d bytes are "
                              "refused (no reader shows them; put long text in a chapter)",
                              key ? " key '" : "", key ? key : "", key ? "'" : "",
                              ev.data.scalar.length, EPI_LIMIT_META_VALUE);
                break;
            }
            if (!building)
                break;
            id = yaml_document_add_scalar(doc, ev.data.scalar.tag, ev.data.scalar.value,
                                          (int)ev.data.scalar.length, ev.data.scalar.style);
            if (id) {
                yaml_node_t *n = yaml_document_get_node(doc, id);
                n->start_mark = ev.start_mark;
                n->end_mark = ev.end_mark;
                if (depth == 1 && !stack[0].key)
                    key = (const char *)n->data.scalar.value;
            }
            st = add_node(p, doc, stack, depth, id);
            break;
        case YAML_SEQUENCE_START_EVENT:
        case YAML_MAPPING_START_EVENT:
            if (depth == EPI_LIMIT_YAML_DEPTH) {
                st = epi_fail(p->ctx->err, EP_ERR_INPUT, p->path, line, col,
                              "metadata nested more than %d deep here (lists and maps, [ { or "
                              "indented); the metadata is refused",
                              EPI_LIMIT_YAML_DEPTH);
                break;
            }
            if (!building)
                break;
            id = ev.type == YAML_SEQUENCE_START_EVENT
                     ? yaml_document_add_sequence(doc, ev.data.sequence_start.tag,
                                                  ev.data.sequence_start.style)
                     : yaml_document_add_mapping(doc, ev.data.mapping_start.tag,
                                                 ev.data.mapping_start.style);
            if (id)
                yaml_document_get_node(doc, id)->start_mark = ev.start_mark;
            if (!(st = add_node(p, doc, stack, depth, id)))
                stack[depth++] = (level){id, 0};
            break;
        case YAML_SEQUENCE_END_EVENT:
        case YAML_MAPPING_END_EVENT:
            if (building && depth)
                yaml_document_get_node(doc, stack[--depth].node)->end_mark = ev.end_mark;
            break;
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    yaml_parser_delete(&parser);
    return st;
}

void epi_meta_lines_free(epi_meta_lines *l)
{
    if (!l)
        return;
    free(l->css);
    free(l->chapters);
    memset(l, 0, sizeof *l);
}

ep_status epi_meta_parse_lines(epi_ctx *ctx, const char *path, int first_line, const char *yaml,
                               size_t len, epi_meta *meta, epi_meta_lines *lines)
{
    meta_parser p = {ctx, path, first_line, NULL, meta, lines, 0};
    yaml_document_t doc = {0};
    ep_status st;

    if ((st = load(&p, yaml, len, &doc)))
        goto out;
    p.doc = &doc;

    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (is_null(root))
        goto out; /* empty metadata */
    if (root->type != YAML_MAPPING_NODE) {
        st = epi_fail(ctx->err, EP_ERR_INPUT, path, line_of(&p, root), col_of(root),
                      "metadata must be a map of keys (key: value), not %s", kind_name(root));
        goto out;
    }
    for (yaml_node_pair_t *pr = root->data.mapping.pairs.start; pr < root->data.mapping.pairs.top;
         pr++) {
        yaml_node_t *k = yaml_document_get_node(&doc, pr->key);
        yaml_node_t *v = yaml_document_get_node(&doc, pr->value);
        if (!k || k->type != YAML_SCALAR_NODE) {
            st = epi_fail(ctx->err, EP_ERR_INPUT, path, k ? line_of(&p, k) : first_line,
                          k ? col_of(k) : 0, "metadata keys must be strings");
            goto out;
        }
        if ((st = handle_key(&p, scalar(k), k, v)))
            goto out;
    }
    if (p.group_line && !(meta->collection && *meta->collection))
        epi_warn(ctx, EPI_DIAG_META, path, p.group_line,
                 "metadata key 'group-position' is ignored: there is no "
                 "'belongs-to-collection' for it to number");
out:
    yaml_document_delete(&doc);
    return st;
}

ep_status epi_meta_parse(epi_ctx *ctx, const char *path, int first_line, const char *yaml,
                         size_t len, epi_meta *meta)
{
    return epi_meta_parse_lines(ctx, path, first_line, yaml, len, meta, NULL);
}

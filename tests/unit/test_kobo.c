/* src/package/kobo.c: the Kobo target's markup against kepubify's own test vectors and our
 * Russian sentences (tests/golden/kobo/README.md says where they come from). */
#include "package/pkg_private.h"
#include "harness.h"

#include <libxml/parser.h>
#include <stdlib.h>
#include <string.h>

#ifndef EP_SOURCE_DIR
#define EP_SOURCE_DIR "."
#endif
#define KOBO_DIR EP_SOURCE_DIR "/tests/golden/kobo/"

/* Undoes the fixtures' escapes (\n \t \f \r \\ \xHH) in place; returns the new length. */
static size_t unescape(char *s)
{
    char *o = s;
    for (const char *p = s; *p; p++) {
        if (*p != '\\' || !p[1]) {
            *o++ = *p;
            continue;
        }
        p++;
        switch (*p) {
        case 'n':
            *o++ = '\n';
            break;
        case 't':
            *o++ = '\t';
            break;
        case 'f':
            *o++ = '\f';
            break;
        case 'r':
            *o++ = '\r';
            break;
        case 'x': {
            char hex[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hex, NULL, 16);
            p += 2;
            break;
        }
        default:
            *o++ = *p;
        }
    }
    *o = '\0';
    return (size_t)(o - s);
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f)
        return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1))) {
        buf[fread(buf, 1, (size_t)n, f)] = '\0';
    }
    fclose(f);
    return buf;
}

/* Each TAB-separated line: an input, then the sentences it splits into. */
static void sentences(const char *file)
{
    char *text = read_all(file), *save = NULL;
    int cases = 0;
    CHECK(text != NULL);
    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        if (line[0] == '#')
            continue;
        char *field[128], *tab;
        size_t nf = 0;
        for (char *p = line; p && nf < 128; p = tab) {
            tab = strchr(p, '\t');
            if (tab)
                *tab++ = '\0';
            field[nf++] = p;
        }
        size_t len = unescape(field[0]), off = 0, k = 1;
        while (off < len && k < nf) {
            size_t n = epi_kobo_sentence_end(field[0] + off, len - off);
            size_t want = unescape(field[k]);
            ep_test_count++;
            if (n != want || memcmp(field[0] + off, field[k], n) != 0) {
                ep_test_failures++;
                fprintf(stderr, "%s: sentence %zu of \"%s\": got \"%.*s\", want \"%s\"\n", file, k,
                        field[0], (int)n, field[0] + off, field[k]);
                break;
            }
            off += n;
            k++;
        }
        ep_test_count++;
        if (off != len || k != nf) {
            ep_test_failures++;
            fprintf(stderr, "%s: \"%s\": %zu sentences, want %zu\n", file, field[0], k - 1, nf - 1);
        }
        cases++;
    }
    CHECK(cases > 5);
    free(text);
}

/* The body's content, serialised. */
static char *dump_body(xmlDocPtr doc)
{
    xmlNodePtr body = xmlDocGetRootElement(doc)->last;
    xmlBufferPtr buf = xmlBufferCreate();
    for (xmlNodePtr n = body->children; n; n = n->next)
        xmlNodeDump(buf, doc, n, 0, 0);
    char *s = strdup((const char *)xmlBufferContent(buf));
    xmlBufferFree(buf);
    return s;
}

static xmlDocPtr parse_body(const char *content)
{
    size_t n = strlen(content) + 128;
    char *xml = malloc(n);
    snprintf(xml, n, "<html xmlns=\"http://www.w3.org/1999/xhtml\"><body>%s</body></html>",
             content);
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "case.xhtml", "UTF-8", XML_PARSE_NONET);
    free(xml);
    return doc;
}

static void run_case(const char *name, const char *func, char *in, char *out)
{
    unescape(in);
    unescape(out);
    xmlDocPtr doc = parse_body(in), want = parse_body(out);
    CHECK(doc && want);
    if (!doc || !want)
        goto done;
    xmlNodePtr body = xmlDocGetRootElement(doc)->children;
    CHECK(!strcmp(func, "divs") ? epi_kobo_wrap(body) : epi_kobo_spans(body));
    char *got = dump_body(doc), *expected = dump_body(want);
    ep_test_count++;
    if (strcmp(got, expected) != 0) {
        ep_test_failures++;
        fprintf(stderr, "spans.txt: case \"%s\" (%s):\n got: %s\nwant: %s\n", name, func, got,
                expected);
    }
    free(got);
    free(expected);
done:
    xmlFreeDoc(doc);
    xmlFreeDoc(want);
}

/* Blank-line separated cases of "case:", "func:", "in:" and "out:" lines. */
static void spans(void)
{
    char *text = read_all(KOBO_DIR "spans.txt"), *save = NULL;
    char *name = NULL, *func = NULL, *in = NULL;
    int cases = 0;
    CHECK(text != NULL);
    for (char *line = text ? strtok_r(text, "\n", &save) : NULL; line;
         line = strtok_r(NULL, "\n", &save)) {
        char *value = strchr(line, ':');
        if (line[0] == '#' || !value)
            continue;
        *value++ = '\0';
        value += *value == ' ';
        if (!strcmp(line, "case"))
            name = value;
        else if (!strcmp(line, "func"))
            func = value;
        else if (!strcmp(line, "in"))
            in = value;
        else if (!strcmp(line, "out") && name && func && in) {
            run_case(name, func, in, value);
            cases++;
            name = func = in = NULL;
        }
    }
    CHECK(cases >= 17);
    free(text);
}

/* A whole document: the wrapper, spans numbered per document, and the text unchanged. */
static void document(void)
{
    static const char xml[] =
        "<html xmlns=\"http://www.w3.org/1999/xhtml\"><head><title>T</title></head><body>"
        "<h1>Глава</h1><p>Раз. Два<a href=\"#fn-1\">1</a>.</p><aside id=\"fn-1\"><p>Сно\xc2\xad"
        "ска.</p></aside></body></html>";
    xmlDocPtr doc = xmlReadMemory(xml, (int)strlen(xml), "d.xhtml", "UTF-8", XML_PARSE_NONET);
    CHECK(doc && epi_pkg_kobo(doc));
    char *got = doc ? dump_body(doc) : NULL;
    CHECK_STR(got, "<div id=\"book-columns\"><div id=\"book-inner\"><h1><span class=\"koboSpan\" "
                   "id=\"kobo.1.1\">Глава</span></h1><p><span class=\"koboSpan\" "
                   "id=\"kobo.2.1\">Раз. </span><span class=\"koboSpan\" "
                   "id=\"kobo.2.2\">Два</span><a href=\"#fn-1\"><span class=\"koboSpan\" "
                   "id=\"kobo.2.3\">1</span></a><span class=\"koboSpan\" "
                   "id=\"kobo.2.4\">.</span></p><aside id=\"fn-1\"><p><span class=\"koboSpan\" "
                   "id=\"kobo.3.1\">Сно\xc2\xadска.</span></p></aside></div></div>");
    free(got);
    xmlFreeDoc(doc);
}

int main(void)
{
    sentences(KOBO_DIR "sentences.tsv");
    sentences(KOBO_DIR "sentences_ru.tsv");
    spans();
    document();
    return ep_test_done();
}

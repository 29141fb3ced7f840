/*
 * Gumbo (WHATWG HTML5) against libxml2's HTML parser on Mozilla Readability's test pages: how
 * many of the article's paragraphs (each <p> of expected.html, as Readability's jsdom, an HTML5
 * parser, saw them) each parser gives back as one <p> with the same text, and the parse time.
 * Build and run: tests/bench/html_parsers.sh (docs: README "Web pages").
 */
#define _POSIX_C_SOURCE 200809L
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct strs {
    char **v;
    size_t n, cap;
} strs;

static void push(strs *s, char *t)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->v = realloc(s->v, s->cap * sizeof *s->v);
    }
    s->v[s->n++] = t;
}

/* Collapses white space; returns a new string. */
static char *norm(const char *t, size_t len)
{
    char *o = malloc(len + 1);
    size_t k = 0;
    int sp = 1;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f') {
            if (!sp)
                o[k++] = ' ';
            sp = 1;
        } else {
            o[k++] = (char)c;
            sp = 0;
        }
    }
    while (k && o[k - 1] == ' ')
        k--;
    o[k] = 0;
    return o;
}

typedef struct buf {
    char *d;
    size_t n, cap;
} buf;

static void bput(buf *b, const char *s, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->d = realloc(b->d, b->cap);
    }
    memcpy(b->d + b->n, s, n);
    b->n += n;
    b->d[b->n] = 0;
}

static void g_text(const GumboNode *n, buf *b)
{
    if (n->type == GUMBO_NODE_TEXT || n->type == GUMBO_NODE_WHITESPACE ||
        n->type == GUMBO_NODE_CDATA) {
        bput(b, n->v.text.text, strlen(n->v.text.text));
        return;
    }
    if (n->type != GUMBO_NODE_ELEMENT)
        return;
    for (unsigned i = 0; i < n->v.element.children.length; i++)
        g_text(n->v.element.children.data[i], b);
}

static void g_paras(const GumboNode *n, strs *out, int depth)
{
    if (n->type != GUMBO_NODE_ELEMENT || depth > 400)
        return;
    if (n->v.element.tag == GUMBO_TAG_P) {
        buf b = {0};
        g_text(n, &b);
        char *t = norm(b.d ? b.d : "", b.n);
        free(b.d);
        if (strlen(t) >= 20)
            push(out, t);
        else
            free(t);
    }
    for (unsigned i = 0; i < n->v.element.children.length; i++)
        g_paras(n->v.element.children.data[i], out, depth + 1);
}

static void x_paras(xmlNodePtr n, strs *out)
{
    for (; n; n = n->next) {
        if (n->type != XML_ELEMENT_NODE)
            continue;
        if (!strcmp((const char *)n->name, "p")) {
            xmlChar *c = xmlNodeGetContent(n);
            char *t = norm(c ? (const char *)c : "", c ? strlen((const char *)c) : 0);
            xmlFree(c);
            if (strlen(t) >= 20)
                push(out, t);
            else
                free(t);
        }
        x_paras(n->children, out);
    }
}

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *d = malloc((size_t)n + 1);
    *len = fread(d, 1, (size_t)n, f);
    d[*len] = 0;
    fclose(f);
    return d;
}

static void free_strs(strs *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Paragraphs of `want` found in `have` (sorted). */
static size_t found(const strs *want, strs *have)
{
    size_t k = 0;
    qsort(have->v, have->n, sizeof *have->v, cmp);
    for (size_t i = 0; i < want->n; i++)
        if (bsearch(&want->v[i], have->v, have->n, sizeof *have->v, cmp))
            k++;
    return k;
}

int main(int argc, char **argv)
{
    size_t total = 0, fg = 0, fx = 0, pages = 0, g_better = 0, x_better = 0;
    double tg = 0, tx = 0;
    GumboOptions opt = kGumboDefaultOptions;
    opt.max_errors = 0;
    for (int a = 1; a < argc; a++) {
        char path[4096];
        size_t slen = 0, elen = 0;
        snprintf(path, sizeof path, "%s/source.html", argv[a]);
        char *src = slurp(path, &slen);
        snprintf(path, sizeof path, "%s/expected.html", argv[a]);
        char *exp = slurp(path, &elen);
        if (!src || !exp) {
            free(src);
            free(exp);
            continue;
        }
        strs want = {0}, hg = {0}, hx = {0};
        GumboOutput *eo = gumbo_parse_with_options(&opt, exp, elen);
        g_paras(eo->root, &want, 0);
        gumbo_destroy_output(&opt, eo);

        double t0 = now();
        GumboOutput *go = gumbo_parse_with_options(&opt, src, slen);
        tg += now() - t0;
        g_paras(go->root, &hg, 0);
        gumbo_destroy_output(&opt, go);

        t0 = now();
        htmlDocPtr xd = htmlReadMemory(src, (int)slen, NULL, "UTF-8",
                                       HTML_PARSE_NONET | HTML_PARSE_NOERROR |
                                           HTML_PARSE_NOWARNING | HTML_PARSE_NOBLANKS);
        tx += now() - t0;
        if (xd)
            x_paras(xmlDocGetRootElement(xd), &hx);
        xmlFreeDoc(xd);

        size_t a1 = found(&want, &hg), a2 = found(&want, &hx);
        total += want.n;
        fg += a1;
        fx += a2;
        pages++;
        if (a1 > a2)
            g_better++;
        if (a2 > a1)
            x_better++;
        if (a1 != a2 && getenv("VERBOSE"))
            printf("%-40s paragraphs %3zu  gumbo %3zu  libxml2 %3zu\n", argv[a], want.n, a1, a2);
        free_strs(&want);
        free_strs(&hg);
        free_strs(&hx);
        free(src);
        free(exp);
    }
    printf("pages %zu, expected paragraphs %zu\n", pages, total);
    printf("gumbo   %zu found (%.1f%%), better on %zu pages, parse %.3f s\n", fg,
           100.0 * (double)fg / (double)(total ? total : 1), g_better, tg);
    printf("libxml2 %zu found (%.1f%%), better on %zu pages, parse %.3f s\n", fx,
           100.0 * (double)fx / (double)(total ? total : 1), x_better, tx);
    return 0;
}

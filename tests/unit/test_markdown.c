/* Unit tests for src/read/markdown.c, rawhtml.c and text.c: Markdown → XHTML elements. */
#include "harness.h"
#include "read/read_private.h"
#include "util/init.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

static ep_error err;
static epi_ctx ctx;
static epi_chapter ch;
static char out[65536];

/* The serialised <body> (UTF-8, no formatting) of the chapter built from `md`. */
static const char *convert(const char *md, bool text)
{
    xmlChar *mem = NULL;
    int size = 0;

    memset(&err, 0, sizeof err);
    ctx.err = &err;
    if (ch.doc)
        xmlFreeDoc(ch.doc);
    memset(&ch, 0, sizeof ch);
    ch.src_path = "test.md";
    ep_status st = text ? epi_text_to_chapter(&ctx, md, strlen(md), 1, &ch)
                        : epi_markdown_to_chapter(&ctx, md, strlen(md), 1, &ch, NULL);
    if (st != EP_OK) {
        snprintf(out, sizeof out, "ERROR %d: %s", (int)st, err.message);
        return out;
    }
    xmlDocDumpMemoryEnc(ch.doc, &mem, &size, "UTF-8");
    if (mem && strstr((const char *)mem, "<body/>")) {
        xmlFree(mem);
        return "";
    }
    const char *b = mem ? strstr((const char *)mem, "<body>") : NULL;
    const char *e = b ? strstr(b, "</body>") : NULL;
    if (!b || !e)
        snprintf(out, sizeof out, "NO BODY: %s", mem ? (const char *)mem : "");
    else
        snprintf(out, sizeof out, "%.*s", (int)(e - b - 6), b + 6);
    xmlFree(mem);
    return out;
}

#define MD(in, want) CHECK_STR(convert(in, false), want)

static void test_document(void)
{
    xmlChar *mem = NULL;
    int size = 0;
    convert("x", false);
    xmlDocDumpMemoryEnc(ch.doc, &mem, &size, "UTF-8");
    CHECK(mem && strstr((const char *)mem,
                        "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
                        "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title/></head>"
                        "<body><p>x</p></body></html>") != NULL);
    xmlFree(mem);
    CHECK(epi_xhtml_head(ch.doc) != NULL);
    CHECK(epi_xhtml_body(ch.doc) != NULL);
}

static void test_blocks(void)
{
    MD("# One\n\n## Two\n\n### Three\n", "<h1>One</h1><h2>Two</h2><h3>Three</h3>");
    MD("Title\n=====\n\ntext *em* **strong** `code`\n",
       "<h1>Title</h1><p>text <em>em</em> <strong>strong</strong> <code>code</code></p>");
    MD("- a\n  - b\n  - c\n- d\n", "<ul><li>a<ul><li>b</li><li>c</li></ul></li><li>d</li></ul>");
    MD("- a\n\n- b\n", "<ul><li><p>a</p></li><li><p>b</p></li></ul>");
    MD("3. x\n4. y\n", "<ol start=\"3\"><li>x</li><li>y</li></ol>");
    MD("1. x\n", "<ol><li>x</li></ol>");
    MD("> quote\n> more\n\n> > deep\n",
       "<blockquote><p>quote\nmore</p></blockquote><blockquote><blockquote><p>deep</p>"
       "</blockquote></blockquote>");
    MD("```c\nint x < 1;\n```\n", "<pre><code class=\"language-c\">int x &lt; 1;\n</code></pre>");
    MD("    indented\n", "<pre><code>indented\n</code></pre>");
    MD("a\n\n---\n\nb\n", "<p>a</p><hr/><p>b</p>");
    MD("a  \nb\nc\n", "<p>a<br/>b\nc</p>");
    MD("~~gone~~ kept\n", "<p><del>gone</del> kept</p>");
    /* pandoc's subscript, superscript and heading attributes (issue 21). */
    MD("H~2~O, 2^10^, ~5 km ~, a^b, ~~x~~\n",
       "<p>H<sub>2</sub>O, 2<sup>10</sup>, ~5 km ~, a^b, <del>x</del></p>");
    MD("## Part {#part-one .a .b}\n", "<h2 id=\"part-one\" class=\"a b\">Part</h2>");
    MD("## Part {#x key=v}\n", "<h2 id=\"x\">Part</h2>");
    MD("## Set {x}\n", "<h2>Set {x}</h2>");
    MD("## Two {#a #b}\n", "<h2>Two {#a #b}</h2>");
    MD("[link](http://example.org \"T\") and https://auto.example\n",
       "<p><a href=\"http://example.org\" title=\"T\">link</a> and "
       "<a href=\"https://auto.example\">https://auto.example</a></p>");
    MD("[x](javascript:alert(1))\n", "<p><a>x</a></p>");
    /* entities become characters, never named entities in the output */
    MD("a&nbsp;b &copy; &amp;\n", "<p>a\xC2\xA0"
                                  "b \xC2\xA9 &amp;</p>");
    /* no smart punctuation: typography is src/typeset's job */
    MD("\"q\" -- a...\n", "<p>\"q\" -- a...</p>");
}

static void test_table(void)
{
    MD("| a | b | c |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n",
       "<table><thead><tr><th style=\"text-align: left\">a</th>"
       "<th style=\"text-align: center\">b</th><th style=\"text-align: right\">c</th></tr>"
       "</thead><tbody><tr><td style=\"text-align: left\">1</td>"
       "<td style=\"text-align: center\">2</td><td style=\"text-align: right\">3</td></tr>"
       "</tbody></table>");
    MD("| h |\n|---|\n", "<table><thead><tr><th>h</th></tr></thead></table>");
}

static void test_footnotes(void)
{
    MD("Text[^x] and[^y] again[^x].\n\n[^y]: Second.\n[^x]: First.\n",
       "<p>Text<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a>"
       " and<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-2\" id=\"fnref-2\">2</a>"
       " again<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1-2\">1</a>"
       ".</p>"
       "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\"><p>"
       "<a href=\"#fnref-1\" role=\"doc-backlink\">1.</a> First.</p></aside>"
       "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-2\"><p>"
       "<a href=\"#fnref-2\" role=\"doc-backlink\">2.</a> Second.</p></aside>");
    /* a note that starts with a list still gets its back-link first */
    MD("A[^n]\n\n[^n]:\n    - item\n",
       "<p>A<a epub:type=\"noteref\" role=\"doc-noteref\" href=\"#fn-1\" id=\"fnref-1\">1</a></p>"
       "<aside epub:type=\"footnote\" role=\"doc-footnote\" id=\"fn-1\"><p>"
       "<a href=\"#fnref-1\" role=\"doc-backlink\">1.</a> </p><ul><li>item</li></ul></aside>");
}

static void test_raw_html(void)
{
    MD("<script>alert(1)</script>\n\nafter\n", "<p>after</p>");
    MD("<div class=\"box\" onclick=\"evil()\" style=\"x\">hi <b>there</b>"
       "<script>bad()</script></div>\n",
       "<div class=\"box\">hi <b>there</b></div>");
    MD("<div><iframe src=\"x\"></iframe><blink>kept</blink></div>\n", "<div>kept</div>");
    MD("<p><a href=\"javascript:x()\">j</a> <a href=\"https://e.org\">e</a></p>\n",
       "<p><a>j</a> <a href=\"https://e.org\">e</a></p>");
    MD("<p>non&nbsp;breaking</p>\n", "<p>non\xC2\xA0"
                                     "breaking</p>");
    MD("a<br>b<wbr>c\n", "<p>a<br/>b<wbr/>c</p>");
    MD("x <em>e</em> <span class=\"s\">s</span> H<sub>2</sub>O\n",
       "<p>x <em>e</em> <span class=\"s\">s</span> H<sub>2</sub>O</p>");
    MD("a <script>alert(1)</script> b\n", "<p>a  b</p>");
    MD("a <foo>b</foo> c\n", "<p>a &lt;foo&gt;b&lt;/foo&gt; c</p>");
    MD("a <!-- comment --> b\n", "<p>a  b</p>");
    MD("a <em>open\n\nnext\n", "<p>a <em>open</em></p><p>next</p>");
    MD("a </em> b\n", "<p>a  b</p>");
    MD("<span onmouseover=\"x\" lang=\"ru\">r</span>\n",
       "<p><span lang=\"ru\" xml:lang=\"ru\">r</span></p>");
}

static void test_images(void)
{
    /* alone in its paragraph with a title: a figure captioned by the title (issue 7) */
    MD("![Alt *text*](pic.png \"T\")\n",
       "<figure><img src=\"pic.png\" alt=\"Alt text\"/><figcaption>T</figcaption></figure>");
    MD("![Alt](pic.png \"T\") and text\n",
       "<p><img src=\"pic.png\" alt=\"Alt\" title=\"T\"/> and text</p>");
    CHECK(ch.has_images);
    CHECK(ch.images_all_alt);
    MD("![](pic.png)\n", "<p><img src=\"pic.png\" alt=\"\"/></p>");
    CHECK(ch.has_images);
    CHECK(!ch.images_all_alt);
    MD("plain\n", "<p>plain</p>");
    CHECK(!ch.has_images);
}

static void test_lines(void)
{
    convert("a\n\nb\n", false);
    xmlNodePtr body = epi_xhtml_body(ch.doc);
    xmlNodePtr p2 = body && body->children ? body->children->next : NULL;
    CHECK(p2 && p2->line == 3);
}

static void test_text(void)
{
    CHECK_STR(convert("One line\nwrapped here.\n\n  Second <para>.  \n\n\n\nThird", true),
              "<p>One line wrapped here.</p><p>Second &lt;para&gt;.</p><p>Third</p>");
    CHECK_STR(convert("\n\n", true), "");
}

/* cmark-gfm 0.29 drops bytes from an unclosed "[^" spanning lines and can cut a Cyrillic
 * letter in two: the XHTML must still be valid UTF-8 (U+FFFD in place of the broken byte). */
static void test_cut_utf8(void)
{
    convert("[^xy\n\xd0\xbc\xd0\xbd\xd0\xbe\xd0\xb3 "
            "\xd0\xbc\xd0\xbe\xd0\xb4](ch04.md?x\xd0\xb5=1\n",
            false);
    /* the tree's own text, not a serialisation (which may escape bad bytes as references) */
    xmlChar *text = xmlNodeGetContent(epi_xhtml_body(ch.doc));
    CHECK(text && epi_utf8_valid((const char *)text, strlen((const char *)text), NULL));
    xmlFree(text);
}

/* Warnings of a conversion, as "ID:line" lines. */
static char diags[4096];

static void keep_diag(void *ud, const ep_diag *d)
{
    (void)ud;
    size_t n = strlen(diags);
    snprintf(diags + n, sizeof diags - n, "%s:%d\n", d->id, d->line);
}

/* Whether the elements of two trees have the same lines, in document order. */
static bool same_lines(xmlNodePtr a, xmlNodePtr b)
{
    for (; a && b; a = a->next, b = b->next)
        if (a->type != b->type || (a->type == XML_ELEMENT_NODE && a->line != b->line) ||
            !same_lines(a->children, b->children))
            return false;
    return !a && !b;
}

/* A long text is read in pieces cut at headings (markdown.c read_pieces): the same tree, lines,
 * warnings (those given once per file, once) and image facts as one parse of the whole, which
 * a fenced code block at its end forces. */
static void test_pieces(void)
{
    static const char *const extra[] = {
        "- a\n- b\n\n  c\n",
        "> q\n> > r\n",
        "| a | b |\n|---|:-:|\n| 1 | 2 |\n",
        "![alt](p.png) *e* <em>i</em> ~~s~~ H~2~O\n",
        "<div>\nraw\n</div>\n",
        "::: note\n",
        "![](q.png)\n\n#tag\n",
        "1. x\n\n   # not a cut\n",
    };
    epi_buf md = {0}, deep = {0};
    ep_options opt = {.diag = keep_diag};
    for (int i = 0; i < 120; i++)
        CHECK(epi_buf_puts(&deep, "> "));
    CHECK(epi_buf_puts(&deep, "deep\n"));
    for (int part = 0; part < 24; part++) {
        char head[64];
        snprintf(head, sizeof head, "%s Part %d\n\n", part % 3 ? "##" : "#", part);
        CHECK(epi_buf_puts(&md, head));
        for (int k = 0; k < 300; k++)
            CHECK(epi_buf_puts(&md, "Text of a paragraph, long enough to fill pieces.\n\n"));
        CHECK(epi_buf_puts(&md, extra[part % 8]) && epi_buf_puts(&md, "\n"));
        if (part == 5 || part == 17)
            CHECK(epi_buf_puts(&md, deep.data) && epi_buf_puts(&md, "\n"));
    }
    size_t len = md.len;
    CHECK(epi_buf_puts(&md, "```\nend\n```\n"));
    if (ch.doc)
        xmlFreeDoc(ch.doc); /* the previous test's */
    char *got[2] = {NULL, NULL}, *warned[2] = {NULL, NULL};
    size_t warnings[2];
    bool images[2], all_alt[2];
    xmlDocPtr docs[2];
    for (int whole = 0; whole < 2; whole++) {
        xmlBufferPtr buf = xmlBufferCreate();
        diags[0] = '\0';
        ctx = (epi_ctx){.opt = &opt, .err = &err};
        memset(&ch, 0, sizeof ch);
        ch.src_path = "test.md";
        CHECK(epi_markdown_to_chapter(&ctx, md.data, whole ? md.len : len, 1, &ch, NULL) == EP_OK);
        CHECK(buf && xmlNodeDump(buf, ch.doc, epi_xhtml_body(ch.doc), 0, 0) > 0);
        got[whole] = buf ? strdup((const char *)xmlBufferContent(buf)) : NULL;
        warned[whole] = strdup(diags);
        warnings[whole] = ctx.warnings;
        images[whole] = ch.has_images;
        all_alt[whole] = ch.images_all_alt;
        docs[whole] = ch.doc;
        xmlBufferFree(buf);
    }
    ch.doc = NULL;
    ctx = (epi_ctx){0};
    const char *pre = "<pre><code>end\n</code></pre></body>";
    size_t n = got[0] ? strlen(got[0]) : 0;
    CHECK(n > 7 && got[1] && strlen(got[1]) == n - 7 + strlen(pre));
    CHECK(n > 7 && got[1] && !strncmp(got[0], got[1], n - 7) && !strcmp(got[1] + n - 7, pre));
    CHECK_STR(warned[0], warned[1]);
    const char *d = strstr(warned[0], "EPK-DEPTH"), *m = strstr(warned[0], "EPK-MARKDOWN");
    CHECK(d && !strstr(d + 1, "EPK-DEPTH") && m && !strstr(m + 1, "EPK-MARKDOWN"));
    CHECK(warnings[0] == warnings[1] && warnings[0] == 2);
    CHECK(images[0] && images[1] && !all_alt[0] && !all_alt[1]);
    xmlNodePtr b0 = epi_xhtml_body(docs[0]), b1 = epi_xhtml_body(docs[1]);
    CHECK(b0 && b1 && b1->last && b1->last->prev && b0->last);
    if (b0 && b1 && b1->last) {
        xmlNodePtr pre1 = b1->last; /* compare without the fenced block */
        xmlUnlinkNode(pre1);
        CHECK(same_lines(b0->children, b1->children));
        xmlFreeNode(pre1);
    }
    for (int i = 0; i < 2; i++) {
        xmlFreeDoc(docs[i]);
        free(got[i]);
        free(warned[i]);
    }
    epi_buf_free(&md);
    epi_buf_free(&deep);
}

int main(void)
{
    epi_init(); /* what ep_build does first; the tests call internals */
    test_document();
    test_blocks();
    test_table();
    test_footnotes();
    test_raw_html();
    test_images();
    test_lines();
    test_text();
    test_cut_utf8();
    test_pieces();
    if (ch.doc)
        xmlFreeDoc(ch.doc);
    return ep_test_done();
}

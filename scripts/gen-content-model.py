#!/usr/bin/env python3
"""Writes the content models epubcheck 5.3.0 validates EPUB's XML files with, from the RELAX NG
schemas inside its jar (docs/ARCHITECTURE.md "Checker"), as C tables. Python 3 stdlib only.

    scripts/gen-content-model.py JAR > src/util/html_schema.c
    scripts/gen-content-model.py --package JAR > src/util/pkg_schema.c

src/util/html_schema.c: content documents, each with the nesting rules of its Schematron:
EPUB 3's XHTML 5 (schema/30/epub-xhtml-30.rnc, compact syntax) and EPUB 2's XHTML 1.1 of OPS
2.0.1 (schema/20/rng/content-xhtml.rng, XML syntax).
src/util/pkg_schema.c: the package document (EPUB 3's schema/30/package-30.rnc; EPUB 2's
schema/20/rng/opf.rng, which holds OPF 2.0 and OEBPS 1.2's grammars), the NCX (ncx.rng) and
META-INF/container.xml (schema/30/ocf-container-30.rnc; EPUB 2's container.rng), EPUB 3's SVG
content documents (schema/30/epub-svg-30.rnc), and the typed
nav elements of EPUB 3's navigation document (schema/30/epub-nav-30.rnc's epub.nav: heading?,
then ol; the rest of the document is XHTML 5's).
tests/e2e/content_model_gen.sh re-runs both and diffs the output against the committed files.

What it derives, for every `element` pattern reachable from a schema's start (a "definition":
HTML has several per name, such as <a> in phrasing and in flow content, or <time> with and
without datetime):
  - its name (or name class: custom elements, "any element but ...");
  - its attributes: the names it allows, which of them every alternative requires, and for
    an attribute whose value is a choice of literals (or xsd:string patterns that spell a word
    ASCII case-insensitively) the list of values;
  - its children (elements, and text that is not white space) as a minimised deterministic
    automaton (Glushkov automaton of the content pattern, made deterministic), each transition
    naming the definitions the child can then be, which carry the context down the tree;
  - for an interleave that is the element's whole content (the package's metadata:
    dc:identifier+ & dc:title+ & dc:language+ & dc:date? & ...), how often each branch that is
    one element repeated may occur;
  - the Schematron's nesting rules: patterns whose test is ancestor::STEP (must not, or must,
    have such an ancestor) or descendant::STEP on simple location steps.
What it does not model (so these are accepted where epubcheck may not be; the hand-written
checks of src/check/ keep what matters of them):
  - interleave of two patterns that both contain elements is read as "any order" (head's
    title?/base? & metadata*); their counts are checked only as said above;
  - data types other than literal choices (numbers, URLs, dates, ids, non-empty strings,
    language tags, media types, property lists): any value is accepted by the tables; opf.c,
    opf2.c, ncx.c, ocf.c and xhtml.c check those that matter;
  - `list` patterns (token lists such as rel): any value;
  - references between elements and files (idref, refines, href, unique-identifier, fallback
    chains, the NCX's and nav's links): src/check/;
  - the content of elements outside the namespaces a schema checks (MathML, epub:switch in
    content documents), and of elements matched by a wildcard name class (SVG's "any other
    element"): their definitions are marked opaque; the XHTML inside them is checked by name
    alone;
  - the other Schematron rules: ported by hand (src/check/xhtml_sch.c, opf_sch.c, opf.c, nav.c,
    ncx.c), each listed in tests/check/schematron.tsv.
"""

import os
import re
import sys
import textwrap
import xml.etree.ElementTree as ET
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import rnc  # noqa: E402

BASE = "com/adobe/epubcheck/schema/30/"
SCHEMA = "epub-xhtml-30.rnc"
XHTML = "http://www.w3.org/1999/xhtml"
CUSTOM = "http://n.validator.nu/custom-elements/"
SVG = "http://www.w3.org/2000/svg"
CHECKED_NS = (XHTML, CUSTOM)  # per schema: OUTPUTS
FOREIGN_ATTRS = True
OPAQUE = ()  # per schema: element names whose definitions are not looked into
PARTIAL = False  # per schema: a part of a grammar (its start is not the grammar's)
OTHER = "\0other"  # a name (or namespace) no definition spells
TEXT = -1  # the position of text (not white space) in a content model
MAX_CANDS = 32  # src/util/html.c's: definitions one element can be at once


class Grammar:
    def __init__(self, defines):
        self.defines = defines
        self.resolved = {}
        self.defs = []  # [nc, raw content, define name]
        self.def_index = {}

    def element(self, pat, where):
        key = id(pat)
        if key not in self.def_index:
            self.def_index[key] = len(self.defs)
            self.defs.append([pat[1], pat[2], where, None])
        return ("el", self.def_index[key])

    def ref(self, name):
        if name not in self.resolved:
            self.resolved[name] = None  # a cycle not through an element: not RELAX NG
            self.resolved[name] = self.simplify(self.defines[name], name)
        r = self.resolved[name]
        if r is None:
            raise ValueError("recursive define %s" % name)
        return r

    def content(self, i):
        d = self.defs[i]
        if d[3] is None:
            d[3] = self.simplify(d[1], d[2])
        return d[3]

    def simplify(self, p, where):
        """p with refs resolved, notAllowed propagated, elements replaced by ('el', index)."""
        k = p[0]
        if k == "ref":
            return self.ref(p[1])
        if k == "element":
            return self.element(p, where)
        if k in ("group", "interleave"):
            items = []
            for q in p[1]:
                s = self.simplify(q, where)
                if s[0] == "notAllowed":
                    return s
                if s[0] != "empty":
                    items.append(s)
            if not items:
                return ("empty",)
            return items[0] if len(items) == 1 else (k, items)
        if k == "choice":
            items = []
            for q in p[1]:
                s = self.simplify(q, where)
                if s[0] == "notAllowed":
                    continue
                items.extend(s[1] if s[0] == "choice" else [s])
            if not items:
                return ("notAllowed",)
            return items[0] if len(items) == 1 else ("choice", items)
        if k == "oneOrMore":
            s = self.simplify(p[1], where)
            return s if s[0] in ("notAllowed", "empty") else ("oneOrMore", s)
        if k == "attribute":
            return ("attribute", p[1], self.simplify(p[2], where))
        if k == "list":
            return ("list", self.simplify(p[1], where))
        return p


# --- name classes ----------------------------------------------------------------------------
def nc_contains(nc, ns, local):
    k = nc[0]
    if k == "name":
        return nc[1] == ns and nc[2] == local
    if k == "nsName":
        return nc[1] == ns and not (nc[2] and nc_contains(nc[2], ns, local))
    if k == "anyName":
        return not (nc[1] and nc_contains(nc[1], ns, local))
    if k == "ncchoice":
        return any(nc_contains(c, ns, local) for c in nc[1])
    raise ValueError(nc)


def nc_names(nc):
    """The (ns, local) names an element name class spells out, and the namespaces it opens."""
    k = nc[0]
    if k == "name":
        return {(nc[1], nc[2])}, set(), False
    if k == "nsName":
        return set(), {nc[1]}, False
    if k == "anyName":
        return set(), set(), True
    names, nss, anyn = set(), set(), False
    for c in nc[1]:
        a, b, c2 = nc_names(c)
        names |= a
        nss |= b
        anyn = anyn or c2
    return names, nss, anyn


def nc_text(nc):
    k = nc[0]
    if k == "name":
        return nc[2]
    if k == "nsName":
        return "{%s}*" % nc[1]
    if k == "anyName":
        return "*"
    return "|".join(nc_text(c) for c in nc[1])


# --- attributes ------------------------------------------------------------------------------
ALL = object()  # the required set of notAllowed (identity of intersection)


def values_of(p):
    """The literal values an attribute's value pattern allows ((text, ascii_ci) pairs), or
    None when it allows more than literals can say."""
    k = p[0]
    if k == "value":
        s = p[2]
        if p[1][1] != "string":
            s = " ".join(s.split())
        return {(s, False)}
    if k == "choice":
        out = set()
        for q in p[1]:
            v = values_of(q)
            if v is None:
                return None
            out |= v
        return out
    if k == "empty":
        return {("", False)}
    if k == "notAllowed":
        return set()
    if k == "data" and p[1][1] == "string" and len(p[2]) == 1 and p[2][0][0] == "pattern":
        word = ci_word(p[2][0][1])
        if word is not None:
            return {(word, True)}
    return None


def ci_word(pattern):
    """'[cC][oO]-x' -> 'co-x' when the pattern only spells one word case-insensitively."""
    out, i = "", 0
    while i < len(pattern):
        c = pattern[i]
        if c == "[":
            j = pattern.index("]", i)
            cls = pattern[i + 1:j]
            if len(cls) != 2 or cls[0].lower() != cls[1].lower() or not cls[0].isalpha():
                return None
            out += cls[0].lower()
            i = j + 1
        elif c.isalnum() or c == "-":
            out += c.lower()
            i += 1
        else:
            return None
    return out


def attrs_of(p, acc):
    """Collects the attribute patterns of content p (not inside child elements)."""
    k = p[0]
    if k == "attribute":
        acc.append((p[1], p[2]))
    elif k in ("group", "interleave", "choice"):
        for q in p[1]:
            attrs_of(q, acc)
    elif k == "oneOrMore":
        attrs_of(p[1], acc)


def required_of(p):
    k = p[0]
    if k == "attribute":
        return {(p[1][1], p[1][2])} if p[1][0] == "name" else set()
    if k in ("group", "interleave"):
        out = set()
        for q in p[1]:
            r = required_of(q)
            if r is ALL:
                return ALL
            out |= r
        return out
    if k == "choice":
        out = ALL
        for q in p[1]:
            r = required_of(q)
            if r is ALL:
                continue
            out = r if out is ALL else out & r
        return out
    if k == "oneOrMore":
        return required_of(p[1])
    if k == "notAllowed":
        return ALL
    return set()


# --- children: Glushkov automaton ------------------------------------------------------------
class Glushkov:
    def __init__(self):
        self.pos = []  # position -> def index
        self.follow = []
        self.text = False
        self.loose = False  # an interleave was approximated
        self.counts = []  # [(definition, min, max)]: an approximated interleave's branches

    def build(self, p, top=False):
        """Glushkov sets (nullable, first, last) of p; top: p is the whole content of the
        element (only there can an interleave's branches be counted over all children)."""
        k = p[0]
        if k == "el":
            i = len(self.pos)
            self.pos.append(p[1])
            self.follow.append(set())
            return False, {i}, {i}
        if k in ("empty", "attribute"):
            return True, set(), set()
        if k == "notAllowed":
            return False, set(), set()
        if k in ("text", "value", "data", "list"):
            # text is a position of its own, repeatable (adjacent text is one text node)
            self.text = True
            i = len(self.pos)
            self.pos.append(TEXT)
            self.follow.append({i})
            return True, {i}, {i}
        if k == "choice":
            n, f, l = False, set(), set()
            for q in p[1]:
                a, b, c = self.build(q)
                n, f, l = n or a, f | b, l | c
            return n, f, l
        if k == "group":
            n, f, l = True, set(), set()
            for q in p[1]:
                a, b, c = self.build(q)
                for x in l:
                    self.follow[x] |= b
                f = f | b if n else f
                l = l | c if a else c
                n = n and a
            return n, f, l
        if k == "oneOrMore":
            n, f, l = self.build(p[1])
            for x in l:
                self.follow[x] |= f
            return n, f, l
        if k == "interleave":
            start = len(self.pos)
            branches = flat_interleave(p)
            parts = [self.build(q) for q in branches]
            with_el = [x for x in parts if x[1]]
            if len(with_el) <= 1:
                n = all(x[0] for x in parts)
                if not with_el:
                    return n, set(), set()
                return n, with_el[0][1], with_el[0][2]
            # several branches with elements: any order; the count of each branch that is one
            # element (x, x?, x+, x*) is checked apart (documented above)
            self.loose = True
            for q, part in zip(branches, parts if top else []):
                c = branch_count(q)
                if c is not None and (c[1], c[2]) != (0, INF):
                    self.counts.append(c)
            n = all(x[0] for x in parts)
            f = set().union(*(x[1] for x in parts))
            every = set(range(start, len(self.pos)))
            for x in every:
                self.follow[x] |= f
            return n, f, every
        raise ValueError(k)


def flat_interleave(p):
    out = []
    for q in p[1]:
        out.extend(flat_interleave(q) if q[0] == "interleave" else [q])
    return out


INF = 255


def branch_count(q):
    """(definition, min, max) when interleave branch q is one element pattern repeated (x, x?,
    x+, x*); None otherwise."""
    opt = False
    if q[0] == "choice" and len(q[1]) == 2 and ("empty",) in q[1]:
        opt = True
        q = [x for x in q[1] if x != ("empty",)][0]
    many = q[0] == "oneOrMore"
    if many:
        q = q[1]
    if q[0] != "el":
        return None
    return (q[1], 0 if opt else 1, INF if many else 1)


def analyse(defines, start_define="start"):
    g = Grammar(defines)
    start = g.ref(start_define)
    # every definition reachable from start
    todo = []
    seen = set()

    def reach(p):
        k = p[0]
        if k == "el":
            if p[1] not in seen:
                seen.add(p[1])
                todo.append(p[1])
        elif k in ("group", "interleave", "choice"):
            for q in p[1]:
                reach(q)
        elif k in ("oneOrMore",):
            reach(p[1])

    reach(start)
    while todo:
        i = todo.pop()
        if is_checked(g.defs[i][0]):
            reach(g.content(i))

    # the element names (atoms) of the children automata
    names, nss = set(), set()
    for i in seen:
        a, b, _ = nc_names(g.defs[i][0])
        names |= a
        nss |= b
    names = sorted(names)
    atoms = [(ns, l) for ns, l in names] + [(ns, OTHER) for ns in sorted(nss)] + [(OTHER, OTHER)]
    atoms.append(("#text", "#text"))  # last: text
    atom_id = {a: k for k, a in enumerate(atoms)}

    def def_atoms(i):
        return [k for k, (ns, l) in enumerate(atoms[:-1]) if nc_contains(g.defs[i][0], ns, l)]

    atoms_of = {i: set(def_atoms(i)) for i in seen}
    atoms_of[TEXT] = {len(atoms) - 1}

    # attribute names
    attr_names = set()
    order = sorted(seen, key=lambda i: (def_sort_key(g.defs[i]), i))
    info = {}
    for i in order:
        nc = g.defs[i][0]
        if not is_checked(nc):
            info[i] = None
            continue
        content = g.content(i)
        acc = []
        attrs_of(content, acc)
        allowed, open_ = {}, False
        for anc, vp in acc:
            if anc[0] != "name":
                open_ = True
                continue
            key = (anc[1], anc[2])
            v = values_of(vp)
            if key in allowed and (allowed[key] is None or v is None):
                allowed[key] = None
            elif key in allowed:
                allowed[key] = allowed[key] | v
            else:
                allowed[key] = v
            attr_names.add(key)
        req = required_of(content)
        req = set() if req is ALL else req
        gl = Glushkov()
        nullable, first, last = gl.build(content, top=True)
        info[i] = (allowed, open_, req, gl, nullable, first, last)
    attr_list = sorted(attr_names)
    attr_id = {a: k for k, a in enumerate(attr_list)}

    # determinize each checked definition's children automaton
    rank = {d: k for k, d in enumerate(order)}
    dfas = {}
    for i in order:
        if info[i] is None:
            continue
        _, _, _, gl, nullable, first, last = info[i]
        states = {None: 0}
        accept = [nullable]
        trans = [[]]
        queue = [None]
        while queue:
            st = queue.pop(0)
            src = first if st is None else set().union(*(gl.follow[q] for q in st))
            by_atom = {}
            for q in src:
                for a in atoms_of[gl.pos[q]]:
                    by_atom.setdefault(a, set()).add(q)
            row = []
            for a in sorted(by_atom):
                tgt = frozenset(by_atom[a])
                if tgt not in states:
                    states[tgt] = len(accept)
                    accept.append(bool(tgt & last))
                    trans.append([])
                    queue.append(tgt)
                kids = {gl.pos[q] for q in tgt} - {TEXT}
                row.append((a, states[tgt], tuple(sorted(kids, key=rank.get))))
            trans[states[st]] = row
        accept, trans = minimize(accept, trans)
        dfas[i] = (accept, trans, gl.text, gl.loose, gl.counts)
    roots = []
    reach_top = start[1] if start[0] == "choice" else [start]
    for p in reach_top:
        if p[0] == "el":
            roots.append(p[1])
    return g, order, info, dfas, atoms, atoms_of, attr_list, attr_id, roots


OPF = "http://www.idpf.org/2007/opf"
DC = "http://purl.org/dc/elements/1.1/"
OEB12 = "http://openebook.org/namespaces/oeb-package/1.0/"
NCX = "http://www.daisy.org/z3986/2005/ncx/"
OCF = "urn:oasis:names:tc:opendocument:xmlns:container"
S30 = "com/adobe/epubcheck/schema/30/"
S20 = "com/adobe/epubcheck/schema/20/rng/"

# Output sets: the file each writes, its header's first lines, and its schemas as (name, folder
# in the jar, schema, reader, Schematron whose nesting rules to add or None, what it is for,
# namespaces whose elements are checked, whether attributes of other namespaces are let
# through as epubcheck's NVDL script does for EPUB 3 content documents).
OUTPUTS = {
    "content": ("util/html_schema.h", "XHTML content documents", [
        ("xhtml5", S30, "epub-xhtml-30.rnc", "load", "epub-xhtml-30.sch",
         "EPUB 3 XHTML content documents (and the SVG in them)", (XHTML, CUSTOM, SVG), True),
        ("xhtml11", S20, "content-xhtml.rng", "load_rng", "../sch/xhtml.sch",
         "EPUB 2 (OPS 2.0.1) XHTML 1.1 content documents", (XHTML, CUSTOM), False),
    ]),
    "package": ("util/pkg_schema.h", "package documents, NCX, container.xml, SVG documents and nav", [
        ("opf30", S30, "package-30.rnc", "load", None, "EPUB 3 package documents", (OPF, DC),
         False),
        ("opf20", S20, "opf.rng", "load_rng", None, "EPUB 2 (OPF 2.0.1) package documents, and "
         "OEBPS 1.2 ones (opf12.rng)", (OPF, DC, OEB12), False),
        ("ncx", S20, "ncx.rng", "load_rng", None, "NCX documents (EPUB 2, and EPUB 3's legacy "
         "NCX)", (NCX,), False),
        ("container", S30, "ocf-container-30.rnc", "load", None, "EPUB 3 META-INF/container.xml",
         (OCF,), False),
        ("container20", S20, "container.rng", "load_rng", None, "EPUB 2 META-INF/container.xml",
         (OCF,), False),
        # EPUB 3 SVG content documents: its NVDL script lets attributes of other namespaces
        # through, and elements of other namespaces are the forgiving grammar's "any other"
        ("svg", S30, "epub-svg-30.rnc", "load", None, "EPUB 3 SVG content documents", (SVG,),
         True),
        # the nav elements with an epub:type of navigation documents (epub-nav-30.rnc's
        # epub.nav: heading?, ol of li of a, or a/span then ol); the headings, a and span are
        # left to the XHTML table, which checks the whole document
        ("nav", S30, "epub-nav-30.rnc", "load", None, "EPUB 3 navigation documents' typed nav "
         "elements", (XHTML,), True, "epub.nav", ("a", "span", "h1", "h2", "h3", "h4", "h5", "h6",
                                                "hgroup")),
    ]),
}


def main():
    args = sys.argv[1:]
    which = "content"
    if args and args[0] == "--package":
        which = "package"
        args = args[1:]
    jar = args[0]
    header, what_for, schemas = OUTPUTS[which]
    z = zipfile.ZipFile(jar)
    out = []
    w = out.append
    w("/* clang-format off */")
    head = ("GENERATED by scripts/gen-content-model.py%s from epubcheck 5.3.0's RELAX NG schemas "
            "for %s, in its jar (com/adobe/epubcheck/schema/), and the nesting rules of its "
            "Schematron for them. Do not edit: change the generator."
            % (" --package" if which == "package" else "", what_for))
    for k, line in enumerate(textwrap.wrap(head, 93, break_on_hyphens=False)):
        w(("/* " if k == 0 else " * ") + line)
    w(" * tests/e2e/content_model_gen.sh diffs this file with the generator's output.")
    w(" *")
    w(" * The schema files are by the IDPF/W3C (BSD-style licence, schema/30/LICENSE in the jar);")
    if which == "content":
        w(" * the HTML 5 modules by Elika J. Etemad, Henri Sivonen and the Mozilla Foundation for the")
        w(" * Nu Html Checker (MIT licence, schema/30/mod/html5/LICENSE); the XHTML 1.1 modules by")
        w(" * James Clark (XHTML Modularization in RELAX NG); the SVG and MathML modules under the W3C")
        w(" * Software Notice and License. These tables are derived data, not their text.")
    else:
        w(" * OPF 2.0 by Peter Sorotokin (Adobe); the NCX grammar of ANSI/NISO Z39.86-2005 (DAISY);")
        w(" * the HTML 5 modules (MIT licence) and the SVG modules (W3C Software Notice and License)")
        w(" * that epub-svg-30.rnc and epub-nav-30.rnc include. These tables are derived data, not")
        w(" * their text.")
    w(" */")
    w('#include "%s"' % header)
    w("")
    global CHECKED_NS, FOREIGN_ATTRS, OPAQUE, PARTIAL
    for name, base, schema, reader, sch, what, checked, foreign, *more in schemas:
        CHECKED_NS, FOREIGN_ATTRS = checked, foreign
        start_define, OPAQUE = more if more else ("start", ())
        PARTIAL = start_define != "start"

        def opener(path, base=base):
            return z.read(base + path).decode("utf-8")
        defines, files = getattr(rnc, reader)(opener, schema)
        data = analyse(defines, start_define)
        read = ", ".join(f for f in files if "svg" not in f and "mathml/" not in f)
        w("/* ==== %s: %s, from %s%s" % (name, what, base[len("com/adobe/epubcheck/"):] + schema,
                                        "" if start_define == "start" else " (" + start_define + ")"))
        tail = " (and the SVG and MathML modules they include)." if which == "content" else "."
        for line in textwrap.wrap("Files read: " + read + tail, 92, break_on_hyphens=False):
            w(" * " + line)
        w(" */")
        emit(w, name, *data, nesting=sch_nesting(z, base + sch) if sch else [])
    sys.stdout.write("\n".join(out) + "\n")


STEP = re.compile(r"^h:([a-z0-9]+)(?:\[(@[a-z]+|not\(@([a-z]+)='([a-z]+)'\))\])?$")


def sch_nesting(z, path):
    """The nesting rules of a Schematron file: patterns whose rule context is a list of simple
    location steps and whose test is `ancestor::STEP` (an element that must not have, with a
    report, or must have, with an assert, such an ancestor; epub-xhtml-30.sch's descendant-* and
    ancestor-*) or `descendant::STEP` (reported on the descendant: schema/20's nested links).
    Returns [(pattern, element step, ancestor step, must)], a step being (name, condition) with
    condition None, ('has', attr) or ('not-eq', attr, value)."""
    root = ET.fromstring(z.read(os.path.normpath(path)))
    out = []
    for pat in root.iter():
        if not pat.tag.endswith("}pattern"):
            continue
        pid = pat.get("id") or pat.get("name", "")
        for rule in pat:
            if not rule.tag.endswith("}rule"):
                continue
            for a in rule:
                kind = a.tag.rsplit("}", 1)[-1]
                test = a.get("test", "")
                axis = test.split("::", 1)[0]
                nesting = axis == "ancestor" or (axis == "descendant" and kind == "report")
                if kind not in ("assert", "report") or not nesting:
                    break  # not a nesting rule: ported by hand (src/check/xhtml_sch.c)
                steps = [test.split("::", 1)[1]] + [c.strip() for c in rule.get("context").split("|")]
                if not all(STEP.match(x) for x in steps):
                    break  # not on simple steps (ssml-ph): ported by hand
                other = step(steps[0])
                for alt in steps[1:]:
                    this = step(alt)
                    if axis == "ancestor":
                        out.append((pid, this, other, kind == "assert"))
                    elif kind == "report":
                        out.append((pid, other, this, False))
    return out


def step(s):
    m = STEP.match(s)
    if not m:
        raise ValueError("unexpected location step %r" % s)
    name, cond, attr, value = m.groups()
    if cond is None:
        return (name, None)
    if attr:
        return (name, ("not-eq", attr, value))
    return (name, ("has", cond[1:]))


def emit_nesting(w, P, rules):
    w("/* The Schematron's nesting rules: {pattern, element, its condition, ancestor, its")
    w(" * condition, must (1: must have it)}; a condition is {kind (0 none, 1 has attribute, 2")
    w(" * attribute absent or not equal), attribute, value}. */")
    w("static const epi_hs_nest %s_nesting[] = {" % P)

    def cond(c):
        if c is None:
            return "{0, NULL, NULL}"
        if c[0] == "has":
            return "{1, %s, NULL}" % c_str(c[1])
        return "{2, %s, %s}" % (c_str(c[1]), c_str(c[2]))

    for pid, (name, c), (outer, oc), must in rules:
        w("    {%s, %s, %s, %s, %s, %d}," % (c_str(pid), c_str(name), cond(c), c_str(outer),
                                           cond(oc), 1 if must else 0))
    if not rules:
        w("    {NULL, NULL, {0, NULL, NULL}, NULL, {0, NULL, NULL}, 0}, /* none (nnesting 0) */")
    w("};")
    w("")


def minimize(accept, trans):
    """Moore's algorithm: merges states with the same future (state 0 stays the start)."""
    cls = [1 if a else 0 for a in accept]
    while True:
        sig = [(cls[s], tuple((a, cls[t], d) for a, t, d in trans[s])) for s in range(len(trans))]
        ids = {}
        new = []
        for s in range(len(trans)):
            new.append(ids.setdefault(sig[s], len(ids)))
        if len(ids) == len(set(cls)):
            break
        cls = new
    # renumber so that the start state is 0 and the order is that of first appearance
    order, seen = [], {}
    for s in range(len(trans)):
        if cls[s] not in seen:
            seen[cls[s]] = len(order)
            order.append(s)
    acc = [accept[s] for s in order]
    tr = [[(a, seen[cls[t]], d) for a, t, d in trans[s]] for s in order]
    return acc, tr


def is_checked(nc):
    a, b, anyn = nc_names(nc)
    if any(local in OPAQUE for _, local in a):
        return False
    return not anyn and all(ns in CHECKED_NS for ns, _ in a) and all(ns in CHECKED_NS for ns in b)


def def_sort_key(d):
    a, b, anyn = nc_names(d[0])
    return (sorted(a), sorted(b), anyn, d[2])


def c_str(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def emit(w, P, g, order, info, dfas, atoms, atoms_of, attr_list, attr_id, roots, nesting):
    """Writes one schema's tables, static and named P_*, and the epi_hs_P structure."""
    nss = sorted({ns for ns, _ in atoms if ns != OTHER} | {ns for ns, _ in attr_list})
    ns_id = {ns: k for k, ns in enumerate(nss)}
    w("static const char *const %s_ns[] = {" % P)
    for ns in nss:
        w("    %s," % c_str(ns))
    w("};")
    w("")
    w("/* Element names, sorted by (namespace, name); EPI_HS_OTHER: a name not listed. */")
    w("static const epi_hs_name %s_atoms[] = {" % P)
    for ns, l in atoms:
        if ns == "#text":
            w("    {0xFFFF, \"#text\"}, /* EPI_HS_TEXT_ATOM: text that is not white space */")
            continue
        nsv = 0xFFFF if ns == OTHER else ns_id[ns]
        w("    {%d, %s}," % (nsv, "NULL" if l == OTHER else c_str(l)))
    w("};")
    w("")
    w("/* Attribute names, sorted by (namespace, name). */")
    w("static const epi_hs_name %s_attrs[] = {" % P)
    for ns, l in attr_list:
        w("    {%d, %s}," % (ns_id[ns], c_str(l)))
    w("};")
    w("")
    # value lists
    value_lists, vl_index = [], {}
    defidx = {d: k for k, d in enumerate(order)}
    # definitions' attribute tables
    pool_attr, pool_index = [], {}
    req_pool, req_index = [], {}
    def_rows = []
    for i in order:
        if info[i] is None:
            def_rows.append(None)
            continue
        allowed, open_, req, *_ = info[i]
        entries = []
        for key in sorted(allowed, key=lambda k: attr_id[k]):
            v = allowed[key]
            vl = 0
            if v is not None:
                vt = tuple(sorted(v))
                if vt not in vl_index:
                    vl_index[vt] = len(value_lists) + 1
                    value_lists.append(vt)
                vl = vl_index[vt]
            entries.append((attr_id[key], vl, 1 if key in req else 0))
        et = tuple(entries)
        if et not in pool_index:
            pool_index[et] = len(pool_attr)
            pool_attr.append(et)
        rq = tuple(sorted(attr_id[k] for k in req))
        if rq not in req_index:
            req_index[rq] = len(req_pool)
            req_pool.append(rq)
        def_rows.append((pool_index[et], open_, req_index[rq]))
    w("/* Literal values of enumerated attributes: lists ended by NULL; a value starting with")
    w(" * \\001 compares ASCII case-insensitively. */")
    w("static const char *const %s_values[] = {" % P)
    w("    NULL,")
    vl_off = [0]
    off = 1
    for vt in value_lists:
        vl_off.append(off)
        w("    " + " ".join(c_str(("\\001" if ci else "") + s).replace("\\\\001", "\\001") + ","
                             for s, ci in vt) + " NULL,")
        off += len(vt) + 1
    w("};")
    w("")
    w("/* Required attributes of each definition: lists ended by 0xFFFF. */")
    w("static const uint16_t %s_required[] = {" % P)
    rq_off = []
    off = 0
    for rq in req_pool:
        rq_off.append(off)
        w("    " + " ".join("%d," % a for a in rq) + " 0xFFFF,")
        off += len(rq) + 1
    w("};")
    w("")
    w("/* Attribute sets: {attribute, values (0: any), required}. */")
    w("static const epi_hs_attr %s_attr_pool[] = {" % P)
    a_off = []
    off = 0
    for et in pool_attr:
        a_off.append(off)
        w("    " + " ".join("{%d, %d, %d}," % (a, vl_off[v] if v else 0, r) for a, v, r in et))
        off += len(et)
    w("};")
    w("")
    # automata: rows deduplicated
    rows, row_index = [], {}
    deflists, dl_index = [], {}
    dfa_rows = {}
    for i in order:
        if i not in dfas:
            continue
        accept, trans, text, loose, _ = dfas[i]
        st_rows = []
        for row in trans:
            ent = []
            for a, tgt, defs in row:
                dt = tuple(defidx[d] for d in defs)
                if dt not in dl_index:
                    dl_index[dt] = len(deflists)
                    deflists.append(dt)
                ent.append((a, tgt, dl_index[dt]))
            et = tuple(ent)
            if et not in row_index:
                row_index[et] = len(rows)
                rows.append(et)
            st_rows.append(row_index[et])
        dfa_rows[i] = st_rows
    # every definition an element name can be (when its parent's context is unknown)
    by_atom = []
    for a in range(len(atoms)):
        dt = tuple(defidx[i] for i in order if a in atoms_of[i] and i != TEXT)
        if dt not in dl_index:
            dl_index[dt] = len(deflists)
            deflists.append(dt)
        by_atom.append(dl_index[dt])
    if max(len(dt) for dt in deflists) > MAX_CANDS:
        raise ValueError("a name has more than %d definitions: raise MAX_CANDS here and in "
                         "src/util/html.c" % MAX_CANDS)
    w("/* Definitions a child can be: lists ended by 0xFFFF. */")
    w("static const uint16_t %s_deflists[] = {" % P)
    dl_off = []
    off = 0
    for dt in deflists:
        dl_off.append(off)
        w("    " + " ".join("%d," % d for d in dt) + " 0xFFFF,")
        off += len(dt) + 1
    w("};")
    w("")
    w("/* Transitions {element name, next state, definitions}, sorted by name. */")
    w("static const epi_hs_trans %s_trans[] = {" % P)
    r_off = []
    off = 0
    for et in rows:
        r_off.append((off, len(et)))
        if et:
            w("    " + " ".join("{%d, %d, %d}," % (a, t, dl_off[d]) for a, t, d in et))
        off += len(et)
    if off == 0:
        w("    {0, 0, 0},")
    w("};")
    w("")
    w("/* For each element name, every definition it can be (lists in deflists). */")
    w("static const uint32_t %s_by_atom[] = {" % P)
    for k in range(0, len(by_atom), 16):
        w("    " + " ".join("%d," % dl_off[d] for d in by_atom[k:k + 16]))
    w("};")
    w("")
    w("/* States {first transition, count, accepting}. */")
    w("static const epi_hs_state %s_states[] = {" % P)
    s_off = {}
    off = 0
    for i in order:
        if i not in dfa_rows:
            continue
        s_off[i] = off
        accept = dfas[i][0]
        w("    " + " ".join("{%d, %d, %d}," % (r_off[r][0], r_off[r][1], 1 if acc else 0)
                            for r, acc in zip(dfa_rows[i], accept)))
        off += len(dfa_rows[i])
    w("};")
    w("")
    w("/* Counts of an interleave's branches {element name, branch, min, max (255: any)}. */")
    w("static const epi_hs_count %s_counts[] = {" % P)
    c_off = {}
    off = 0
    for i in order:
        if i not in dfas or not dfas[i][4]:
            continue
        ent = []
        for group, (d, lo, hi) in enumerate(dfas[i][4]):
            for a in sorted(atoms_of[d]):
                ent.append((a, group, lo, hi))
        ent.sort()
        c_off[i] = (off, len(ent))
        w("    " + " ".join("{%d, %d, %d, %d}," % e for e in ent))
        off += len(ent)
    if off == 0:
        w("    {0, 0, 0, 0},")
    w("};")
    w("")
    w("/* Definitions, by (namespace, name): one per `element` pattern of the schema. */")
    w("static const epi_hs_def %s_defs[] = {" % P)
    for k, i in enumerate(order):
        nc = g.defs[i][0]
        names, nss_, _ = nc_names(nc)
        if len(names) == 1 and not nss_:
            ns, l = next(iter(names))
            nm = "%d, %s" % (ns_id.get(ns, 0xFFFF), c_str(l))
        elif not names and len(nss_) == 1:
            nm = "%d, NULL" % ns_id.get(next(iter(nss_)), 0xFFFF)
        else:
            nm = "0xFFFF, NULL"
        if info[i] is None:
            w("    {%s, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0}, /* %d %s (%s): not checked */" % (
                nm, k, g.defs[i][2], nc_text(nc)))
            continue
        pool, open_, rq = def_rows[k]
        accept, trans_, text, loose, _ = dfas[i]
        co, cn = c_off.get(i, (0, 0))
        w("    {%s, %d, %d, %d, %d, %d, %d, %d, 0, %d, %d, %d}, /* %d %s */" % (
            nm, a_off[pool], len(pool_attr[pool]), rq_off[rq], s_off[i], 1 if text else 0,
            1 if open_ else 0, 1 if loose else 0, len(accept), co, cn, k, g.defs[i][2]))
    w("};")
    w("")
    emit_nesting(w, P, nesting)
    w("/* The document element (start). */")
    w("static const uint16_t %s_start[] = {%s0xFFFF};" % (P, "".join("%d, " % defidx[r] for r in roots)))
    w("")
    w("const epi_hs_schema epi_hs_%s = {" % P)
    for field, value in (("ns", P + "_ns"), ("nns", len(nss)), ("atoms", P + "_atoms"),
                         ("natoms", len(atoms)), ("attrs", P + "_attrs"), ("nattrs", len(attr_list)),
                         ("defs", P + "_defs"), ("ndefs", len(order)), ("start", P + "_start"),
                         ("attr_pool", P + "_attr_pool"), ("values", P + "_values"),
                         ("deflists", P + "_deflists"), ("by_atom", P + "_by_atom"),
                         ("required", P + "_required"), ("trans", P + "_trans"),
                         ("states", P + "_states"), ("counts", P + "_counts"),
                         ("nesting", P + "_nesting"), ("nnesting", len(nesting)),
                         ("foreign_attrs", 1 if FOREIGN_ATTRS else 0),
                         ("partial", 1 if PARTIAL else 0)):
        w("    .%s = %s," % (field, value))
    w("};")
    w("")


if __name__ == "__main__":
    main()

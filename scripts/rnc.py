"""A RELAX NG compact syntax reader (ISO/IEC 19757-2 Annex C), Python 3 stdlib only.

Reads a schema and everything it includes into one flat grammar: a dict from define names to
patterns, `include` overrides and `|=`/`&=` combinations applied. Patterns are tuples:
  ('choice', [p...]) ('group', [p...]) ('interleave', [p...]) ('oneOrMore', p)
  ('empty',) ('notAllowed',) ('text',) ('ref', name) ('list', p)
  ('element', nc, p) ('attribute', nc, p)
  ('value', datatype, string) ('data', datatype, params, except-pattern-or-None)
Name classes: ('name', ns, local) ('nsName', ns, except) ('anyName', except) ('ncchoice', [nc...])
Annotations and documentation are dropped. `grammar`/`parent`/`external` are not supported (the
epubcheck schemas this is used on do not use them) and raise an error.
Used by scripts/gen-content-model.py.
"""

import re

XSD = "http://www.w3.org/2001/XMLSchema-datatypes"
XML_NS = "http://www.w3.org/XML/1998/namespace"

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<str>\"\"\"[\s\S]*?\"\"\"|'''[\s\S]*?'''|"[^"\n]*"|'[^'\n]*')
  | (?P<op>\|=|&=|>>|[=|&,?*+(){}\[\]~-])
  | (?P<nsname>\\?[A-Za-z_][\w.\-]*:\*)
  | (?P<cname>\\?[A-Za-z_][\w.\-]*:[A-Za-z_][\w.\-]*)
  | (?P<id>\\?[A-Za-z_][\w.\-]*)
  | (?P<star>\*)
""",
    re.X,
)

KEYWORDS = {
    "attribute", "default", "datatypes", "div", "element", "empty", "external", "grammar",
    "include", "inherit", "list", "mixed", "namespace", "notAllowed", "parent", "start",
    "string", "text", "token",
}


def _unescape(s):
    return re.sub(r"\\x\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), s)


def tokenize(text, where):
    out, pos = [], 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m:
            raise SyntaxError("%s: cannot read at %r" % (where, text[pos:pos + 40]))
        pos = m.end()
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        val = m.group(kind)
        if kind == "str":
            q = 3 if val[:3] in ('"""', "'''") else 1
            val = _unescape(val[q:-q])
        elif kind == "id" and val.startswith("\\"):
            kind, val = "qid", val[1:]  # an escaped keyword is an identifier
        out.append((kind, val))
    out.append(("eof", None))
    return out


class Parser:
    def __init__(self, toks, where, inherited_default):
        self.t, self.i, self.where = toks, 0, where
        self.ns = {"xml": XML_NS, "local": ""}
        self.dt = {"xsd": XSD}
        self.default = inherited_default

    def peek(self, k=0):
        return self.t[self.i + k]

    def next(self):
        tok = self.t[self.i]
        self.i += 1
        return tok

    def expect(self, kind, val=None):
        tok = self.next()
        if tok[0] != kind or (val is not None and tok[1] != val):
            raise SyntaxError("%s: expected %s %s, got %r" % (self.where, kind, val, tok))
        return tok[1]

    def at(self, kind, val=None):
        tok = self.peek()
        return tok[0] == kind and (val is None or tok[1] == val)

    def skip_annotations(self):
        while self.at("op", "["):
            self.skip_brackets()

    def skip_brackets(self):
        depth = 0
        while True:
            tok = self.next()
            if tok == ("op", "["):
                depth += 1
            elif tok == ("op", "]"):
                depth -= 1
                if depth == 0:
                    return
            elif tok[0] == "eof":
                raise SyntaxError("%s: unterminated annotation" % self.where)

    def literal(self):
        s = self.expect("str")
        while self.at("op", "~"):
            self.next()
            s += self.expect("str")
        return s

    # --- declarations -------------------------------------------------------------------
    def preamble(self):
        while True:
            self.skip_annotations()
            if self.at("id", "namespace"):
                self.next()
                name = self.next()[1]
                self.expect("op", "=")
                self.ns[name] = self.literal() if self.at("str") else self.next()[1]
            elif self.at("id", "default") and self.peek(1) == ("id", "namespace"):
                self.next()
                self.next()
                name = None
                if not self.at("op", "="):
                    name = self.next()[1]
                self.expect("op", "=")
                uri = self.literal() if self.at("str") else self.next()[1]
                self.default = uri
                if name:
                    self.ns[name] = uri
            elif self.at("id", "datatypes"):
                self.next()
                name = self.next()[1]
                self.expect("op", "=")
                self.dt[name] = self.literal()
            else:
                return

    # --- grammar content: a list of ('define', name, combine, pattern) / ('include', ...)
    def grammar_content(self, end):
        items = []
        while True:
            self.skip_annotations()
            tok = self.peek()
            if tok[0] == end[0] and (end[1] is None or tok[1] == end[1]):
                return items
            if tok == ("id", "div"):
                self.next()
                self.expect("op", "{")
                items += self.grammar_content(("op", "}"))
                self.expect("op", "}")
            elif tok == ("id", "include"):
                self.next()
                href = self.literal()
                default = self.default
                if self.at("id", "inherit"):
                    self.next()
                    self.expect("op", "=")
                    default = self.ns[self.next()[1]]
                over = []
                if self.at("op", "{"):
                    self.next()
                    over = self.grammar_content(("op", "}"))
                    self.expect("op", "}")
                items.append(("include", href, over, default))
            elif tok[0] in ("id", "qid") and self.peek(1)[0] == "op" and self.peek(1)[1] in (
                "=", "|=", "&="
            ):
                name = self.next()[1]
                op = self.next()[1]
                items.append(("define", name, op, self.pattern()))
            elif tok[0] == "cname" and self.peek(1) == ("op", "["):
                self.next()  # a grammar-level annotation element
                self.skip_brackets()
            else:
                raise SyntaxError("%s: unexpected %r" % (self.where, tok))

    # --- patterns -----------------------------------------------------------------------
    def pattern(self):
        first = self.particle()
        if self.peek()[0] == "op" and self.peek()[1] in (",", "|", "&"):
            op = self.peek()[1]
            items = [first]
            while self.at("op", op):
                self.next()
                items.append(self.particle())
            kind = {",": "group", "|": "choice", "&": "interleave"}[op]
            return (kind, items)
        return first

    def particle(self):
        p = self.primary()
        while self.at("op", ">>"):
            self.next()
            self.next()
            self.skip_brackets()
        if self.at("op", "?"):
            self.next()
            return ("choice", [p, ("empty",)])
        if self.at("op", "*"):
            self.next()
            return ("choice", [("oneOrMore", p), ("empty",)])
        if self.at("op", "+"):
            self.next()
            return ("oneOrMore", p)
        return p

    def primary(self):
        self.skip_annotations()
        tok = self.next()
        kind, val = tok
        if kind == "op" and val == "(":
            p = self.pattern()
            self.expect("op", ")")
            return p
        if kind == "id":
            if val in ("element", "attribute"):
                nc = self.name_class(attribute=val == "attribute")
                self.expect("op", "{")
                p = self.pattern()
                self.expect("op", "}")
                return (val, nc, p)
            if val in ("list", "mixed"):
                self.expect("op", "{")
                p = self.pattern()
                self.expect("op", "}")
                return ("list", p) if val == "list" else ("interleave", [("text",), p])
            if val in ("empty", "text", "notAllowed"):
                return (val,)
            if val in ("string", "token"):
                if self.at("str"):
                    return ("value", (XSD, val), self.literal())
                return self.data((XSD, val))
            if val in ("grammar", "parent", "external"):
                raise SyntaxError("%s: %s not supported" % (self.where, val))
            return ("ref", val)
        if kind == "qid":
            return ("ref", val)
        if kind == "str":
            self.i -= 1
            return ("value", (XSD, "token"), self.literal())
        if kind == "cname":
            prefix, local = val.split(":", 1)
            dt = (self.dt[prefix], local)
            if self.at("str"):
                return ("value", dt, self.literal())
            return self.data(dt)
        raise SyntaxError("%s: unexpected %r in a pattern" % (self.where, tok))

    def data(self, dt):
        params = []
        if self.at("op", "{"):
            self.next()
            while not self.at("op", "}"):
                self.skip_annotations()
                name = self.next()[1]
                self.expect("op", "=")
                params.append((name, self.literal()))
            self.next()
        exc = None
        if self.at("op", "-"):
            self.next()
            exc = self.primary()
        return ("data", dt, tuple(params), exc)

    def name_class(self, attribute):
        first = self.nc_primary(attribute)
        if self.at("op", "|"):
            items = [first]
            while self.at("op", "|"):
                self.next()
                items.append(self.nc_primary(attribute))
            return ("ncchoice", items)
        return first

    def nc_primary(self, attribute):
        self.skip_annotations()
        kind, val = self.next()
        if kind == "op" and val == "(":
            nc = self.name_class(attribute)
            self.expect("op", ")")
            return nc
        if kind == "star" or (kind == "op" and val == "*"):
            exc = self.nc_except(attribute)
            return ("anyName", exc)
        if kind == "nsname":
            ns = self.ns[val[:-2].lstrip("\\")]
            return ("nsName", ns, self.nc_except(attribute))
        if kind == "cname":
            prefix, local = val.split(":", 1)
            return ("name", self.ns[prefix], local)
        if kind in ("id", "qid"):
            return ("name", "" if attribute else (self.default or ""), val)
        raise SyntaxError("%s: unexpected %r in a name class" % (self.where, (kind, val)))

    def nc_except(self, attribute):
        if self.at("op", "-"):
            self.next()
            return self.nc_primary(attribute)
        return None


def _read(opener, path, inherited_default):
    text = opener(path)
    p = Parser(tokenize(text, path), path, inherited_default)
    p.preamble()
    items = p.grammar_content(("eof", None))
    return items


def _join(base, href):
    parts = base.split("/")[:-1] + href.split("/")
    out = []
    for part in parts:
        if part in ("", "."):
            continue
        if part == "..":
            out.pop()
        else:
            out.append(part)
    return "/".join(out)


def _flatten(opener, path, items, dst, files):
    """Appends the defines of items (with the includes of `path` resolved) to dst."""
    for it in items:
        if it[0] == "define":
            dst.append(it[1:])
            continue
        _, href, over, default = it
        target = _join(path, href)
        files.append(target)
        inner = []
        _flatten(opener, target, _read(opener, target, default), inner, files)
        overridden = {d[1] for d in over if d[0] == "define"}
        inner = [d for d in inner if d[0] not in overridden]
        dst.extend(inner)
        ovr = []
        _flatten(opener, path, over, ovr, files)
        dst.extend(ovr)


def load(opener, path):
    """Reads the schema at `path` (opener(path) returns its text). Returns (defines, files):
    defines maps each name (and 'start') to its combined pattern; files lists what was read."""
    files = [path]
    flat = []
    _flatten(opener, path, _read(opener, path, None), flat, files)
    plain, combined = {}, {}
    for name, op, pat in flat:
        if op == "=":
            if name in plain:
                raise SyntaxError("%s defined twice" % name)
            plain[name] = pat
        else:
            kind = "choice" if op == "|=" else "interleave"
            combined.setdefault(name, (kind, []))[1].append(pat)
    defines = dict(plain)
    for name, (kind, pats) in combined.items():
        if name in plain:
            pats = [plain[name]] + pats
        defines[name] = pats[0] if len(pats) == 1 else (kind, pats)
    return defines, files


# --- the XML syntax (schema/20 of epubcheck's jar) ------------------------------------------
RNG = "{http://relaxng.org/ns/structure/1.0}"


def _rng_parse(text):
    import io
    import xml.etree.ElementTree as ET

    prefixes = {"xml": XML_NS}
    root = None
    for ev, obj in ET.iterparse(io.BytesIO(text.encode("utf-8")), events=("start-ns", "start")):
        if ev == "start-ns":
            prefixes.setdefault(obj[0], obj[1])
        elif root is None:
            root = obj
    return root, prefixes


class _RngReader:
    def __init__(self, prefixes, where):
        self.prefixes, self.where = prefixes, where

    def kids(self, e):
        return [k for k in e if isinstance(k.tag, str) and k.tag.startswith(RNG)]

    def group(self, e, ns, dt):
        pats = [self.pattern(k, ns, dt) for k in self.kids(e)]
        if not pats:
            return ("empty",)
        return pats[0] if len(pats) == 1 else ("group", pats)

    def qname(self, text, ns, attribute):
        text = text.strip()
        if ":" in text:
            prefix, local = text.split(":", 1)
            return ("name", self.prefixes[prefix], local)
        return ("name", ns if not attribute else "", text)

    def name_class(self, e, ns):
        tag = e.tag[len(RNG):]
        ns = e.get("ns", ns)
        if tag == "name":
            return self.qname(e.text or "", ns, False) if ":" in (e.text or "") else (
                "name", ns, (e.text or "").strip())
        exc = None
        for k in self.kids(e):
            if k.tag == RNG + "except":
                items = [self.name_class(x, ns) for x in self.kids(k)]
                exc = items[0] if len(items) == 1 else ("ncchoice", items)
        if tag == "anyName":
            return ("anyName", exc)
        if tag == "nsName":
            return ("nsName", ns, exc)
        if tag == "choice":
            return ("ncchoice", [self.name_class(x, ns) for x in self.kids(e)])
        raise SyntaxError("%s: name class %s" % (self.where, tag))

    def pattern(self, e, ns, dt):
        tag = e.tag[len(RNG):]
        dt = e.get("datatypeLibrary", dt)
        if tag in ("element", "attribute"):
            own_ns = e.get("ns")
            kids = self.kids(e)
            if e.get("name") is not None:
                name = e.get("name")
                if ":" in name:
                    nc = self.qname(name, ns, tag == "attribute")
                else:
                    nc = ("name", own_ns if own_ns is not None else (ns if tag == "element" else ""),
                          name)
            else:
                nc, kids = self.name_class(kids[0], own_ns if own_ns is not None else ns), kids[1:]
            inner_ns = e.get("ns", ns)
            pats = [self.pattern(k, inner_ns, dt) for k in kids]
            body = ("empty",) if not pats else pats[0] if len(pats) == 1 else ("group", pats)
            if tag == "attribute" and not pats:
                body = ("text",)
            return (tag, nc, body)
        ns = e.get("ns", ns)
        if tag in ("group", "interleave", "choice"):
            pats = [self.pattern(k, ns, dt) for k in self.kids(e)]
            return pats[0] if len(pats) == 1 else (tag, pats)
        if tag == "optional":
            return ("choice", [self.group(e, ns, dt), ("empty",)])
        if tag == "zeroOrMore":
            return ("choice", [("oneOrMore", self.group(e, ns, dt)), ("empty",)])
        if tag == "oneOrMore":
            return ("oneOrMore", self.group(e, ns, dt))
        if tag == "mixed":
            return ("interleave", [("text",), self.group(e, ns, dt)])
        if tag == "list":
            return ("list", self.group(e, ns, dt))
        if tag == "ref":
            return ("ref", e.get("name"))
        if tag in ("empty", "text", "notAllowed"):
            return (tag,)
        if tag == "value":
            return ("value", (dt if e.get("type") else XSD, e.get("type", "token")), e.text or "")
        if tag == "data":
            params = tuple((p.get("name"), p.text or "") for p in self.kids(e)
                           if p.tag == RNG + "param")
            exc = None
            for k in self.kids(e):
                if k.tag == RNG + "except":
                    exc = self.group(k, ns, dt)
            return ("data", (dt, e.get("type")), params, exc)
        raise SyntaxError("%s: pattern %s not supported" % (self.where, tag))

    def grammar(self, e, ns, dt):
        """The grammar content of e as rnc's items: ('define', name, op, pattern), includes."""
        items = []
        ns = e.get("ns", ns)
        dt = e.get("datatypeLibrary", dt)
        for k in self.kids(e):
            tag = k.tag[len(RNG):]
            if tag in ("define", "start"):
                name = k.get("name") if tag == "define" else "start"
                op = {"choice": "|=", "interleave": "&="}.get(k.get("combine"), "=")
                items.append(("define", name, op, self.group(k, k.get("ns", ns),
                                                             k.get("datatypeLibrary", dt))))
            elif tag == "div":
                items += self.grammar(k, ns, dt)
            elif tag == "include":
                items.append(("include", k.get("href"), self.grammar(k, ns, dt), (ns, dt)))
            else:
                raise SyntaxError("%s: grammar content %s" % (self.where, tag))
        return items


def _read_rng(opener, path, inherited):
    root, prefixes = _rng_parse(opener(path))
    ns, dt = inherited if inherited else ("", "")
    if root.tag != RNG + "grammar":
        raise SyntaxError("%s: not a grammar" % path)
    return _RngReader(prefixes, path).grammar(root, ns, dt)


def load_rng(opener, path):
    """As load, for a schema in RELAX NG's XML syntax."""
    global _read
    saved = _read
    _read = _read_rng
    try:
        return load(opener, path)
    finally:
        _read = saved

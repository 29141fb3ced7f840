#!/usr/bin/env python3
"""Writes src/util/langid_table.c: the letter-bigram model of util/langid.c (docs/ARCHITECTURE.md
"Language detection"), counted from Universal Dependencies treebanks' sentences.

  python3 scripts/gen-langid.py UD > src/util/langid_table.c && clang-format -i src/util/langid_table.c
  python3 scripts/gen-langid.py UD --test OUT   # the held-out sentences, OUT/<lang>.txt
  python3 scripts/gen-langid.py UD --sample tests/data/langid   # the suite's sample of them

UD is a folder holding the repositories below (github.com/UniversalDependencies/<repo>, at the
commits named) side by side. Each language learns from one part of its treebank and is measured
on another (`--test`, tests/bench/langid.sh): the dev file, or the first half of a treebank
that has only a test file, trains; the test file, or its second half, is held out. The table is
counts of letter pairs, not the text; the sentences themselves are not committed here (the
suite's sample, tests/data/langid/, has its own attribution file).
"""
import math
import os
import re
import struct
import sys
import unicodedata

# Debian 12 packages libgtk2.0-common, libglib2.0-data, libgdk-pixbuf2.0-common, libgtk-3-common,
# at-spi2-core (LGPL 2.1 or later): their translations, /usr/share/locale/LANG/LC_MESSAGES.
MO_TRAIN = ["mo:gtk20-properties", "mo:gtk20", "mo:glib20", "mo:gdk-pixbuf"]
MO_TEST = ["mo:gtk30", "mo:at-spi2-core"]


def mo_strings(lang, name):
    """The translations (msgstr) of a gettext catalogue."""
    with open("/usr/share/locale/%s/LC_MESSAGES/%s.mo" % (lang, name), "rb") as f:
        d = f.read()
    e = "<" if struct.unpack("<I", d[:4])[0] == 0x950412DE else ">"
    n, orig, trans = struct.unpack(e + "III", d[8:20])
    out = []
    for i in range(n):
        if struct.unpack(e + "I", d[orig + 8 * i:orig + 8 * i + 4])[0] == 0:
            continue  # the header
        length, off = struct.unpack(e + "II", d[trans + 8 * i:trans + 8 * i + 8])
        out += [s for s in d[off:off + length].decode("utf-8").split("\0") if s.strip()]
    return out


# lang, repository, commit, licence, training files, held-out files ("half:F" = that file's
# first half trains, its second half is held out).
CORPORA = [
    ("ru", "UD_Russian-GSD", "5400f2fd7264b7699727bb61b09f53841899df26", "CC BY-SA 4.0",
     ["ru_gsd-ud-dev.conllu"], ["ru_gsd-ud-test.conllu"]),
    ("uk", "UD_Ukrainian-ParlaMint", "db32b178704bb0f9cbcc83dfaddb5cab80147ea8", "CC BY-SA 4.0",
     ["uk_parlamint-ud-dev.conllu"], ["uk_parlamint-ud-test.conllu"]),
    ("be", "UD_Belarusian-HSE", "1233cdd9e512a426e31cdcf95dcb0bd3a4752e54", "CC BY-SA 4.0",
     ["be_hse-ud-dev.conllu"], ["be_hse-ud-test.conllu"]),
    ("bg", "UD_Bulgarian-BTB", "b5cd6324b2015dbf3cd328ddebefc54dceddd202", "CC BY-NC-SA 3.0",
     ["bg_btb-ud-dev.conllu"], ["bg_btb-ud-test.conllu"]),
    ("sr", "UD_Serbian-SET", "c88193deceecd1c5332f927c1aa0f888085f63f7", "CC BY-SA 4.0",
     ["sr_set-ud-dev.conllu"], ["sr_set-ud-test.conllu"]),
    # Macedonian's treebank is 155 sentences: all of it is held out, and the model learns from
    # the Macedonian translations of GTK 2, GLib and gdk-pixbuf as Debian 12 installs them.
    ("mk", "UD_Macedonian-MTB", "bd8a5c0d467d6abbb6c5c7d9031d63dc66d836ef", "CC BY-SA 4.0",
     MO_TRAIN, ["mk_mtb-ud-test.conllu"]),
    # Mongolian has no treebank here: the translations again, GTK 3's own messages and
    # at-spi2-core's held out (strings also in the training files dropped).
    ("mn", None, None, "LGPL 2.1+", MO_TRAIN, MO_TEST),
    ("kk", "UD_Kazakh-KTB", "e9f3b87a5faa95cf0b4cd97d62f2de8c90ee8153", "CC BY-SA 4.0",
     ["kk_ktb-ud-train.conllu", "half:kk_ktb-ud-test.conllu"], ["half:kk_ktb-ud-test.conllu"]),
    ("en", "UD_English-EWT", "15d613d8447b3478787d4c278730a1e48a945efb", "CC BY-SA 4.0",
     ["en_ewt-ud-dev.conllu"], ["en_ewt-ud-test.conllu"]),
    ("de", "UD_German-GSD", "297fcf350481058d0737a27f0f8fd03b2eadd67a", "CC BY-SA 4.0",
     ["de_gsd-ud-dev.conllu"], ["de_gsd-ud-test.conllu"]),
    ("fr", "UD_French-GSD", "830e2782304af08b3cc1c9250475343e04274d81", "CC BY-SA 4.0",
     ["fr_gsd-ud-dev.conllu"], ["fr_gsd-ud-test.conllu"]),
    ("es", "UD_Spanish-GSD", "57c045644664e5c1e169263cc4e3b95e40c078ba", "CC BY-SA 4.0",
     ["es_gsd-ud-dev.conllu"], ["es_gsd-ud-test.conllu"]),
    ("it", "UD_Italian-PUD", "71d932aa096368331ba2fd9bc906ec8dd853da8e", "CC BY-SA 3.0",
     ["half:it_pud-ud-test.conllu"], ["half:it_pud-ud-test.conllu"]),
    ("pt", "UD_Portuguese-PUD", "be08a756d76bd79bf5d4a492dfdc28b46b33e76e", "CC BY-SA 3.0",
     ["half:pt_pud-ud-test.conllu"], ["half:pt_pud-ud-test.conllu"]),
    ("pl", "UD_Polish-PUD", "a726e5866e7f134763d734e6d915b8faf10f552f", "CC BY-SA 4.0",
     ["half:pl_pud-ud-test.conllu"], ["half:pl_pud-ud-test.conllu"]),
    ("cs", "UD_Czech-PUD", "f68c66ccd8ab08fa343783a806fed446b905c07e", "CC BY-SA 4.0",
     ["half:cs_pud-ud-test.conllu"], ["half:cs_pud-ud-test.conllu"]),
    # Serbian in Latin script as the treebank writes it, and Croatian. Letter pairs hardly
    # tell the two apart (the same news agency's text, mostly the same words): a Serbian Latin
    # text is often called hr (tests/bench/LANGID.md), but without them both were called cs.
    ("sr-Latn", "UD_Serbian-SET", "c88193deceecd1c5332f927c1aa0f888085f63f7", "CC BY-SA 4.0",
     ["sr_set-ud-dev.conllu"], ["sr_set-ud-test.conllu"]),
    ("hr", "UD_Croatian-SET", "54322513ea2a96eae0b974d1702d327d5785078f", "CC BY-SA 4.0",
     ["hr_set-ud-dev.conllu"], ["hr_set-ud-test.conllu"]),
]

# Serbian's treebank is in Latin script (gaj's alphabet); Serbian books are mostly Cyrillic
# (Vuk's alphabet): one letter for one letter, the digraphs first.
SR_DIGRAPHS = {"lj": "љ", "nj": "њ", "dž": "џ", "Lj": "Љ", "LJ": "Љ", "Nj": "Њ", "NJ": "Њ",
               "Dž": "Џ", "DŽ": "Џ"}
SR_LETTERS = dict(zip("abcčćdđefghijklmnoprsštuvzž", "абцчћдђефгхијклмнопрсштувзж"))


def sr_cyrillic(s):
    out, i = [], 0
    while i < len(s):
        two = s[i:i + 2]
        if two in SR_DIGRAPHS:
            out.append(SR_DIGRAPHS[two])
            i += 2
            continue
        c = s[i]
        low = SR_LETTERS.get(c.lower())
        out.append(low if low and c.islower() else low.upper() if low else c)
        i += 1
    return "".join(out)


def sentences(ud, repo, spec, held_out):
    half = spec.startswith("half:")
    path = os.path.join(ud, repo, spec[5:] if half else spec)
    with open(path, encoding="utf-8") as f:
        out = [unicodedata.normalize("NFC", line[len("# text = "):].rstrip("\n"))
               for line in f if line.startswith("# text = ")]
    if half:
        out = out[len(out) // 2:] if held_out else out[:len(out) // 2]
    return out


def corpus(ud, lang, repo, files, held_out):
    out = []
    for spec in files:
        if spec.startswith("mo:"):
            out += [unicodedata.normalize("NFC", s) for s in mo_strings(lang, spec[3:])]
        else:
            out += sentences(ud, repo, spec, held_out)
    if held_out and files == MO_TEST:
        seen = set(corpus(ud, lang, repo, MO_TRAIN, False))
        out = [s for s in dict.fromkeys(out) if s not in seen]
    return [sr_cyrillic(s) for s in out] if lang == "sr" else out


# The alphabet. Symbol 0 is a word boundary (anything not a letter); each script has its letters,
# one symbol for its other letters, and one for an apostrophe after one of its letters (the
# Ukrainian and Belarusian apostrophe, English and French elision). Upper and lower case are one
# symbol. Cyrillic letters: U+0400-U+04FF except the signs U+0482-U+0489.
APOSTROPHES = "'\u2019\u02bc"


def is_cyrillic_letter(cp):
    return 0x400 <= cp <= 0x4FF and not 0x482 <= cp <= 0x489


def is_latin_letter(cp):
    return (ord("a") <= (cp | 0x20) <= ord("z")) or (0xC0 <= cp <= 0x24F and cp not in (0xD7, 0xF7))


def script(cp):
    return 1 if is_cyrillic_letter(cp) else 2 if is_latin_letter(cp) else 0


def alphabet(texts):
    """The letters each script keeps as their own symbol: every letter seen 20 times or more in
    the training text of the languages of that script, plus the letters unique to a language
    that the issue names (ѐ ѝ are rare in treebanks, frequent in books)."""
    seen = {}
    for t in texts:
        for c in t.lower():
            if script(ord(c)):
                seen[c] = seen.get(c, 0) + 1
    keep = {c for c, n in seen.items() if n >= 20} | set("ѐѝіїєґўђћљњџјѓќѕәғқңөұүһ")
    cyr = sorted(c for c in keep if script(ord(c)) == 1)
    lat = sorted(c for c in keep if script(ord(c)) == 2)
    return cyr, lat


def make_symbols(cyr, lat):
    """codepoint -> symbol for U+0000-U+04FF, and the symbols' names."""
    names = ["_"]
    sym = {}
    for letters, tag in ((cyr, "cyr"), (lat, "lat")):
        base = len(names)
        names += letters
        other, apos = len(names), len(names) + 1
        names += ["<%s other>" % tag, "<%s '>" % tag]
        for cp in range(0x500):
            c = chr(cp)
            if script(cp) != (1 if tag == "cyr" else 2):
                continue
            low = c.lower() if len(c.lower()) == 1 else c
            sym[cp] = base + letters.index(low) if low in letters else other
        if tag == "cyr":
            cyr_range = (base, apos + 1)
        else:
            lat_range = (base, apos + 1)
    return sym, names, cyr_range, lat_range


def pairs(text, sym, cyr_range, lat_range):
    """The letter pairs of a text, as util/langid.c counts them (epi_langid_add)."""
    prev = 0
    # Web addresses are no language's (epi_langid_add skips them).
    text = URL.sub(lambda m: " " * len(m.group(0)), text)
    for c in text:
        cp = ord(c)
        if c in APOSTROPHES and prev:
            s = (cyr_range[1] - 1) if prev < cyr_range[1] else (lat_range[1] - 1)
            if prev in (cyr_range[1] - 1, lat_range[1] - 1):
                s = 0
        else:
            s = sym.get(cp, 0)
        if s == 0 and prev == 0:
            continue
        if not (prev and s and (prev < cyr_range[1]) != (s < cyr_range[1])):
            yield prev, s
        prev = s
    if prev:
        yield prev, 0


URL = re.compile(r"(?<![^\W\d_])(?:https?://|www\.)[^\s\"'<>()\[\]]*")
SCALE = 16  # costs are -ln P in 1/16ths


def main():
    ud = sys.argv[1]
    if len(sys.argv) > 3 and sys.argv[2] == "--sample":
        # The suite's sample (tests/data/langid/): the first 40 held-out sentences of each
        # language. Bulgarian's treebank forbids commercial use, so its sample is GTK 3's and
        # at-spi2-core's Bulgarian messages instead (LGPL).
        os.makedirs(sys.argv[3], exist_ok=True)
        for lang, repo, _, _, _, test in CORPORA:
            held = corpus(ud, lang, None, MO_TEST, True) if lang == "bg" else \
                corpus(ud, lang, repo, test, True)
            held = [t for t in held if len(t) >= 20 and not t.isascii()] if lang in ("bg", "mn") else held
            with open(os.path.join(sys.argv[3], lang + ".txt"), "w", encoding="utf-8") as f:
                for t in held[:40]:
                    f.write(" ".join(t.split()) + "\n")
        return
    if len(sys.argv) > 3 and sys.argv[2] == "--test":
        os.makedirs(sys.argv[3], exist_ok=True)
        for lang, repo, _, _, _, test in CORPORA:
            with open(os.path.join(sys.argv[3], lang + ".txt"), "w", encoding="utf-8") as f:
                for s in corpus(ud, lang, repo, test, True):
                    f.write(s + "\n")
        return
    train = {lang: corpus(ud, lang, repo, files, False)
             for lang, repo, _, _, files, _ in CORPORA}
    cyr, lat = alphabet(t for texts in train.values() for t in texts)
    sym, names, cyr_range, lat_range = make_symbols(cyr, lat)
    nsym = len(names)
    assert nsym <= 144, "more symbols than EPI_LANGID_SYMBOLS (util/langid.h)"
    models = []
    for lang, repo, commit, licence, files, _ in CORPORA:
        counts = {}
        for t in train[lang]:
            for p in pairs(t, sym, cyr_range, lat_range):
                counts[p] = counts.get(p, 0) + 1
        # The language's script: where most of its pairs are.
        ncyr = sum(n for (a, b), n in counts.items() if (a or b) < cyr_range[1])
        is_cyr = ncyr * 2 > sum(counts.values())
        lo, hi = cyr_range if is_cyr else lat_range
        own = {p: n for p, n in counts.items() if lo <= (p[0] or p[1]) < hi}
        total = sum(own.values())
        vocab = (hi - lo + 1) ** 2
        # Add-half smoothing; a pair seen fewer than 3 times costs what an unseen one does, so
        # the table keeps only what was seen often enough to be a property of the language.
        floor = -math.log(0.5 / (total + 0.5 * vocab))
        entries = sorted((a * nsym + b, round(-math.log((n + 0.5) / (total + 0.5 * vocab)) * SCALE))
                         for (a, b), n in own.items() if n >= 3)
        models.append((lang, repo, commit, licence, is_cyr, round(floor * SCALE), entries,
                       sum(len(t) for t in train[lang]), len(train[lang])))

    w = sys.stdout.write
    w("/* Generated by scripts/gen-langid.py: do not edit. The letter-pair model of util/langid.c\n"
      " * (docs/ARCHITECTURE.md \"Language detection\"), counted from the sentences of Universal\n"
      " * Dependencies treebanks (github.com/UniversalDependencies; the training part only):\n")
    for lang, repo, commit, licence, _, _, _, nchars, nsent in models:
        source = ("%s %s" % (repo, commit[:12]) if repo else
                  "translations of GTK 2, GLib, gdk-pixbuf (Debian 12)")
        w(" *   %s: %s (%s), %d sentences\n" % (lang, source, licence, nsent))
    w(" */\n#include \"langid_int.h\"\n\n")
    w("/* Symbol of each code point U+0000-U+04FF (0: not a letter). */\n")
    w("const uint8_t epi_langid_symbol[0x500] = {%s};\n\n" %
      ",".join(str(sym.get(cp, 0)) for cp in range(0x500)))
    for lang, _, _, _, _, _, entries, _, _ in models:
        w("static const epi_langid_cost %s_pairs[] = {%s};\n" %
          (lang.replace("-", "_"), ",".join("{%d,%d}" % e for e in entries)))
    w("\nconst epi_langid_model epi_langid_models[] = {\n")
    for lang, _, _, _, is_cyr, floor, entries, _, _ in models:
        w('    {"%s", %s, %d, %s_pairs, %d},\n' % (lang, "true" if is_cyr else "false", floor,
                                                lang.replace("-", "_"), len(entries)))
    w("};\n")
    w("const size_t epi_langid_nmodels = %d;\n" % len(models))
    w("const unsigned epi_langid_nsymbols = %d, epi_langid_cyr_end = %d;\n" % (nsym, cyr_range[1]))


if __name__ == "__main__":
    main()

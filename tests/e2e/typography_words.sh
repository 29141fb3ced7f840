#!/usr/bin/env bash
# The word lists of each Cyrillic language's typography (src/typeset/typography.c: the short
# words a no-break space binds to the next word, the particles bound to the word before) are
# words of that language: each is a word of Debian's hunspell dictionary of it (hunspell-ru,
# -uk, -be, -bg, -sr, -kk, -mn; Debian has none for Macedonian, whose list is not checked here).
# A misspelt or foreign word would bind nothing in real text, or the wrong thing.
. "$(dirname "$0")/lib.bash"
require_tool python3 "apt-get install python3"
python3 - "$EP_SOURCE_DIR/src/typeset/typography.c" <<'PY' || fail "a typography word list has a word its language's dictionary lacks"
import re, sys
src = open(sys.argv[1], encoding="utf-8").read()
dics = {"ru": "ru_RU", "uk": "uk_UA", "be": "be_BY", "bg": "bg_BG", "sr": "sr_RS", "kk": "kk_KZ",
        "mn": "mn_MN"}
bad = checked = 0
for ll, d in dics.items():
    path = "/usr/share/hunspell/%s.dic" % d
    try:
        words = {line.split("/")[0].strip().lower()
                 for line in open(path, encoding="utf-8", errors="replace")}
    except OSError:
        print("  %s missing: apt-get install hunspell-%s (scripts/deps.sh test)" % (path, ll),
              file=sys.stderr)
        bad += 1
        continue
    for kind in ("short", "particles"):
        m = re.search(r"static const char \*const %s_%s\[\] = \{(.*?)\};" % (kind, ll), src, re.S)
        if not m:
            print("  %s: no list %s_%s in typography.c" % (ll, kind, ll), file=sys.stderr)
            bad += 1
            continue
        for w in re.findall(r'"([^"]*)"', m.group(1)):
            checked += 1
            if w not in words:
                print("  %s: '%s' (%s_%s) is not in %s" % (ll, w, kind, ll, path), file=sys.stderr)
                bad += 1
print("  %d words of 7 languages checked" % checked)
sys.exit(1 if bad or checked < 80 else 0)
PY
note "ok"

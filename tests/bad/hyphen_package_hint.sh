#!/usr/bin/env bash
# Issue 21, point 10: soft hyphens for a language without a libhyphen dictionary name the
# Debian package that has one. English and Portuguese come in one package per region (there is
# no hyphen-en, which the message used to name). Where a dictionary is installed, the build
# succeeds with soft hyphens instead: that is checked too, so the test asserts on any machine.
. "$(dirname "$0")/bad.bash"
check_hint() { # LANG PACKAGE-TEXT DICT-FILES...
    local lang=$1 pkg=$2 have=0
    shift 2
    for d in "$@"; do [[ -e /usr/share/hyphen/$d ]] && have=1; done
    printf -- '---\ntitle: T\nlang: %s\n---\nHyphenation everywhere.\n' "$lang" >"$BOOK/$lang.md"
    if [[ $have -eq 1 ]]; then
        expect_ok '' "$BOOK/$lang.md" --hyphenate=soft
        unzip -p "$OUT/ok.epub" 'EPUB/text/*.xhtml' | grep -q $'\xc2\xad' || fail "$lang: no soft hyphen"
        rm -f "$OUT/ok.epub"
        note "$lang: a dictionary is installed, and used"
    else
        expect_fail 1 "^epubpack: no hyphenation dictionary for '$lang' in /usr/share/hyphen \(install the $pkg package\)$" \
            "$BOOK/$lang.md" --hyphenate=soft
    fi
}
check_hint en "hyphen-en-us or hyphen-en-gb" hyph_en_US.dic hyph_en_GB.dic hyph_en.dic
check_hint en-GB "hyphen-en-gb" hyph_en_GB.dic hyph_en_US.dic hyph_en.dic
check_hint pt-BR "hyphen-pt-br" hyph_pt_BR.dic hyph_pt_PT.dic hyph_pt.dic
check_hint de "hyphen-de" hyph_de_DE.dic hyph_de.dic

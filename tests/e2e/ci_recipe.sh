#!/usr/bin/env bash
# The CI recipes of docs/ci/ work (issue 12.5): the shell commands of the GitHub Actions
# workflow (its `run:` steps) and of the GitLab CI job (`before_script`, `script`) are taken
# from the YAML files and run with sh -e, as the runners do, in a book repository holding a
# fixture: epubpack is cloned from a git snapshot of these sources, built with the README's
# commands and installed into a prefix; the book is built and checked. The two files install
# with the same commands (asserted), which run once. Then the check step must fail, with a
# GitHub annotation, on a broken EPUB.
. "$(dirname "$0")/lib.bash"
require_tool git
require_tool python3
require_tool cmake
require_tool zip
make_workdir

# extract FILE — the shell commands of a workflow file, one per NUL-terminated record, as
# "install" or "book" followed by a tab and the command (book: after the install step).
extract() {
    python3 - "$1" <<'PY'
import re, sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")

def scalar(v):
    v = v.strip()
    if v.startswith("'") and v.endswith("'"):
        return v[1:-1].replace("''", "'")
    if v.startswith('"') or v.startswith("|") or v.startswith(">"):
        raise SystemExit(f"unsupported scalar in the recipe: {v}")
    return re.sub(r"\s+#.*$", "", v)

cmds = []  # (phase, command)
i = 0
section = None
while i < len(lines):
    line = lines[i]
    m = re.match(r"^(\s*)(- )?(run|script|before_script):\s*(.*)$", line)
    if m:
        indent = len(m.group(1)) + (2 if m.group(2) else 0)
        key, rest = m.group(3), m.group(4)
        phase = "install" if key == "before_script" else "book"
        if key == "run" and rest == "|":
            block = []
            i += 1
            while i < len(lines) and (not lines[i].strip() or len(lines[i]) - len(lines[i].lstrip()) > indent):
                block.append(lines[i].strip())
                i += 1
            cmds.append(("install" if any("git clone" in b for b in block) else "book",
                         "\n".join(b for b in block if b)))
            continue
        if key == "run":
            cmds.append(("book", scalar(rest)))
        else:  # a list of commands
            i += 1
            while i < len(lines) and re.match(r"^\s+- ", lines[i]):
                cmds.append((phase, scalar(lines[i].strip()[2:])))
                i += 1
            continue
    i += 1
for phase, c in cmds:
    sys.stdout.write(f"{phase}\t{c}\0")
PY
}

# A git snapshot of these sources (tracked and new files, as they are now).
mkdir "$WORK/src"
(cd "$EP_SOURCE_DIR" && git -c safe.directory='*' ls-files -z -co --exclude-standard | xargs -0 cp -P --parents -t "$WORK/src") ||
    fail "could not copy the sources (is $EP_SOURCE_DIR a git checkout?)"
git -C "$WORK/src" init -q && git -C "$WORK/src" add -A &&
    git -C "$WORK/src" -c user.name=t -c user.email=t@t commit -qm snapshot || fail "git snapshot"

export EPUBPACK_REPO=$WORK/src
export EPUBPACK_REF
EPUBPACK_REF=$(git -C "$WORK/src" rev-parse HEAD)
export EPUBPACK_PREFIX=$WORK/prefix
export EPUBPACK_SRC=$WORK/epubpack

declare -A install book
for recipe in github-actions gitlab-ci; do
    file=$EP_SOURCE_DIR/docs/ci/$recipe.yml
    [[ -f "$file" ]] || fail "no $file"
    grep -q 'debian:12' "$file" || fail "$recipe.yml does not run on Debian 12"
    install[$recipe]="" book[$recipe]=""
    while IFS=$'\t' read -r -d '' phase cmd; do
        if [[ $phase == install ]]; then
            install[$recipe]+="$cmd"$'\n'
        else
            book[$recipe]+="$cmd"$'\n'
        fi
    done < <(extract "$file")
    [[ -n "${install[$recipe]}" && -n "${book[$recipe]}" ]] ||
        fail "$recipe.yml: no install or book commands found"
done
# GitHub's workflow also prints the version after installing; otherwise the same commands.
[[ "$(grep -v -- '--version' <<<"${install[github-actions]}")" == "$(grep -v -- '--version' <<<"${install[gitlab-ci]}")" ]] ||
    fail "the recipes install differently: ${install[github-actions]} vs ${install[gitlab-ci]}"

# Install, as the GitHub workflow's step does (sh -e, in the book's repository).
mkdir "$WORK/repo"
cp -r "$EP_SOURCE_DIR/tests/fixtures/markdown-book" "$WORK/repo/book"
note "installing epubpack with the recipe's commands (a fresh build)"
(cd "$WORK/repo" && sh -e -c "${install[github-actions]}") >"$WORK/install.log" 2>&1 ||
    { tail -n 30 "$WORK/install.log"; fail "the install commands failed"; }
[[ -x "$EPUBPACK_PREFIX/bin/epubpack" ]] || fail "nothing installed at $EPUBPACK_PREFIX/bin/epubpack"

for recipe in github-actions gitlab-ci; do
    rm -rf "$WORK/$recipe"
    cp -r "$WORK/repo" "$WORK/$recipe"
    rc=0
    (cd "$WORK/$recipe" && sh -e -c "${book[$recipe]}") >"$WORK/$recipe.log" 2>&1 || rc=$?
    [[ $rc -eq 0 ]] || { cat "$WORK/$recipe.log"; fail "$recipe: the book's commands exited $rc"; }
    [[ -s "$WORK/$recipe/book.epub" ]] || fail "$recipe: no book.epub"
    python3 - "$WORK/$recipe/epubcheck-report.json" <<'PY' || fail "$recipe: the JSON report is not a clean epubcheck report"
import json, sys
r = json.load(open(sys.argv[1], encoding="utf-8"))
assert r["checker"]["nFatal"] == r["checker"]["nError"] == r["checker"]["nWarning"] == 0, r["checker"]
PY
    grep -q '^::' "$WORK/$recipe.log" && fail "$recipe: annotations on a valid book: $(cat "$WORK/$recipe.log")"
    note "$recipe: built and checked the fixture"
done

# A broken book fails the GitHub check step, with an annotation.
cd "$WORK/github-actions"
zip -q -d book.epub 'EPUB/css/*' >/dev/null || fail "zip -d"
check_cmd=$(grep -F ' check ' <<<"${book[github-actions]}")
rc=0
sh -e -c "$check_cmd" >"$WORK/broken.log" 2>&1 || rc=$?
[[ $rc -eq 1 ]] || { cat "$WORK/broken.log"; fail "check step on a broken book: exit $rc, want 1"; }
grep -qF "::error file=book.epub,title=RSC-001::EPUB/package.opf(" "$WORK/broken.log" ||
    fail "no ::error annotation for the broken book: $(cat "$WORK/broken.log")"
note "ok"

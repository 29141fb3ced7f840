#!/usr/bin/env python3
"""Takes the EPUBs out of git snapshots of public repositories (bare git directories).

    from-mirrors.py OUTDIR REPO_TAG=GIT_DIR...

For each snapshot, at its HEAD commit:
  - every *.epub blob that is a ZIP file (not a Git LFS pointer) is copied as it is;
  - every folder holding META-INF/container.xml (an unpacked EPUB) is packed per OCF: the
    `mimetype` entry first and stored, then every other file of the folder, deflated (dot
    files and *.epub files inside the folder are left out). A folder without a `mimetype`
    file gets one written ("application/epub+zip") and is marked `mimetype-added`.
Writes OUTDIR/<tag>__<name>.epub and prints one TSV line per EPUB:
    file  source(repo@commit:path)  how(copied|packed|packed,mimetype-added)
A folder with a file the snapshot lacks is not packed (it would be broken by us, not by its
authors); nor is a META-INF/container.xml that names no OPF package (MuseScore uses the name).
Folders whose path says they are a checker's test case (epubcheck, epub-tests) are skipped:
the project has those already.
"""
import os
import re
import subprocess
import sys
import zipfile

SKIP = re.compile(r"epubcheck|epub-tests|/test/resources/", re.I)


def git(gd, *args):
    return subprocess.run(["git", "--git-dir=" + gd, *args], check=True,
                          capture_output=True).stdout


def safe(s):
    return re.sub(r"[^A-Za-z0-9._-]+", "-", s).strip("-")[:80] or "root"


used = set()


def unique(name):
    """NAME, or NAME with -2, -3... before .epub if an earlier EPUB took it."""
    stem, n, cand = name[:-5], 1, name
    while cand in used:
        n += 1
        cand = "%s-%d.epub" % (stem, n)
    used.add(cand)
    return cand


def main():
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for arg in sys.argv[2:]:
        tag, gd = arg.split("=", 1)
        repo = tag.replace("+", "/", 1)
        commit = git(gd, "rev-parse", "HEAD").decode().strip()
        listing = git(gd, "ls-tree", "-r", "-z", "HEAD").decode("utf-8", "surrogateescape")
        files = {}
        for row in listing.split("\0"):
            if not row:
                continue
            meta, path = row.split("\t", 1)
            mode, kind, oid = meta.split()
            if kind == "blob":
                files[path] = oid
        # Snapshots lack files of 4 MiB and more: such a blob is "missing".
        check = subprocess.run(["git", "--git-dir=" + gd, "cat-file", "--batch-check"],
                               input="\n".join(files.values()).encode(), capture_output=True,
                               check=True).stdout.decode().splitlines()
        missing = {line.split()[0] for line in check if line.endswith(" missing")}
        short = tag.split("+", 1)[1]
        for path, oid in sorted(files.items()):
            if SKIP.search(path):
                continue
            if path.lower().endswith(".epub"):
                if oid in missing:
                    print("%s: %s: not in the snapshot (4 MiB or more)" % (repo, path), file=sys.stderr)
                    continue
                data = git(gd, "cat-file", "blob", oid)
                if not data.startswith(b"PK"):
                    continue  # an LFS pointer or an empty placeholder
                name = unique("%s__%s.epub" % (safe(short), safe(os.path.basename(path)[:-5])))
                with open(os.path.join(out, name), "wb") as f:
                    f.write(data)
                print("%s\t%s@%s:%s\tcopied" % (name, repo, commit[:12], path))
        for path in sorted(files):
            if not path.endswith("META-INF/container.xml") or SKIP.search(path):
                continue
            root = path[: -len("META-INF/container.xml")]
            if files[path] in missing or b"oebps-package" not in git(gd, "cat-file", "blob", files[path]):
                print("%s: %s: not an EPUB's container (MuseScore, ...)" % (repo, path), file=sys.stderr)
                continue
            how = "packed"
            base = safe(root.rstrip("/").split("/")[-1]) if root else "root"
            name = unique("%s__%s.epub" % (safe(short), base))
            members = [p for p in sorted(files) if p.startswith(root) and p != root + "mimetype"
                       and not any(part.startswith(".") for part in p[len(root):].split("/"))
                       and not p.lower().endswith(".epub")]
            gone = [p for p in members if files[p] in missing]
            if gone:
                print("%s: %s: %d files not in the snapshot, not packed" % (repo, root or "/", len(gone)),
                      file=sys.stderr)
                continue
            mt = root + "mimetype"
            with zipfile.ZipFile(os.path.join(out, name), "w") as z:
                if mt in files:
                    z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)),
                               git(gd, "cat-file", "blob", files[mt]), zipfile.ZIP_STORED)
                else:
                    how += ",mimetype-added"
                    z.writestr(zipfile.ZipInfo("mimetype", (1980, 1, 1, 0, 0, 0)),
                               b"application/epub+zip", zipfile.ZIP_STORED)
                for p in members:
                    z.writestr(zipfile.ZipInfo(p[len(root):], (1980, 1, 1, 0, 0, 0)),
                               git(gd, "cat-file", "blob", files[p]), zipfile.ZIP_DEFLATED)
            print("%s\t%s@%s:%s\t%s" % (name, repo, commit[:12], root or "/", how))


if __name__ == "__main__":
    main()

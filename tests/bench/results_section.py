"""Rewrites one generated section of tests/bench/RESULTS.md (run.sh writes the rest): the text
between `<!-- NAME:begin` and `<!-- NAME:end -->`, or appended when the file has none yet.
Used by images.sh and table.sh."""
import os
import re


def replace_section(results, name, sec):
    text = open(results).read() if os.path.exists(results) else ""
    if "<!-- %s:begin" % name in text:
        pat = r"<!-- %s:begin.*?<!-- %s:end -->\n" % (re.escape(name), re.escape(name))
        text = re.sub(pat, lambda m: sec, text, flags=re.S)
    else:
        text = text.rstrip("\n") + "\n\n" + sec
    with open(results, "w") as f:
        f.write(text)

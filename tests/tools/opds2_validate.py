#!/usr/bin/env python3
"""Validates OPDS 2.0 feeds against the OPDS 2.0 JSON Schemas (tests/schemas/opds2/).

    opds2_validate.py SCHEMA_DIR FEED.json...

Every $ref (https://drafts.opds.io/schema/…, https://readium.org/webpub-manifest/schema/…) is
resolved from the copies under SCHEMA_DIR, never from the network. Prints each error with the
file and the JSON path; exits 1 when any feed is invalid, 2 when a schema is missing.

The schemas' "pattern"s are ECMA-262 regular expressions (JSON Schema draft 7 §4.3); the
BCP 47 pattern of link.schema.json and metadata.schema.json names its groups as ECMA-262 does,
"(?<name>…)", which Python's re spells "(?P<name>…)": that spelling alone is translated.
Run with Debian's python3 (python3-jsonschema 4.10 on Debian 12).
"""
import re
import json
import os
import sys
import warnings

import jsonschema

warnings.simplefilter("ignore", DeprecationWarning)  # RefResolver, kept for Debian 12's 4.10


def main():
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    root, feeds = sys.argv[1], sys.argv[2:]
    store = {}
    for folder, _, names in os.walk(root):
        for name in names:
            if name.endswith(".schema.json"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    schema = json.loads(re.sub(r"\(\?<([A-Za-z]\w*)>", r"(?P<\1>", f.read()))
                store[schema["$id"]] = schema
    feed_id = "https://drafts.opds.io/schema/feed.schema.json"
    if feed_id not in store:
        print("no %s under %s" % (feed_id, root), file=sys.stderr)
        return 2
    schema = store[feed_id]
    resolver = jsonschema.RefResolver(feed_id, schema, store=store)

    def no_network(uri):
        raise RuntimeError("schema %s is not under %s" % (uri, root))

    resolver.resolve_remote = no_network
    validator = jsonschema.Draft7Validator(
        schema, resolver=resolver, format_checker=jsonschema.FormatChecker()
    )
    bad = 0
    for path in feeds:
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        for err in sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path)):
            where = "/".join(str(p) for p in err.absolute_path)
            print("%s: /%s: %s" % (path, where, err.message))
            bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

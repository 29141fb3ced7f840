#!/usr/bin/env python3
"""python3 -m http.server with the media types README "Catalog" says a server should send.

    catalog_serve.py README.md DIR PORT_FILE

Reads the table of README's "Serving the catalog" section (rows "| `SUFFIX` | `TYPE` |"),
serves DIR on 127.0.0.1 on a free port, and writes the port to PORT_FILE once it listens.
The longest suffix wins (".kepub.epub" before ".epub").
"""
import functools
import http.server
import re
import sys


def types_from(readme):
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    section = text.split("### Serving the catalog", 1)[1].split("\n#", 1)[0]
    return dict(re.findall(r"^\| `(\.[a-z.]+)` \| `([^`]+)` \|", section, re.M))


def main():
    readme, root, port_file = sys.argv[1:4]
    types = types_from(readme)
    if not types:
        sys.exit("no media types in %s" % readme)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def guess_type(self, path):
            for suffix in sorted(types, key=len, reverse=True):
                if path.endswith(suffix):
                    return types[suffix]
            return "application/octet-stream"

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Handler, directory=root)
    )
    with open(port_file, "w") as f:
        f.write(str(server.server_address[1]))
    server.serve_forever()


if __name__ == "__main__":
    main()

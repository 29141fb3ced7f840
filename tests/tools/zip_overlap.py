#!/usr/bin/env python3
"""zip_overlap.py OUT N: a ~80 KB EPUB whose N chapter entries all point at one local header
and its ~2 MB deflate stream (issue 20, item 4). Each entry is under every cap of the checker
(size, ratio floor, total), but reading them all decompresses N times 2 MB. Python's zipfile
cannot share a stream between entries, so the headers are written by hand (APPNOTE 4.3.7,
4.3.12, 4.3.16). Prints the file's size, the document's size and the stream's size."""
import struct, sys, zlib
out, n = sys.argv[1], int(sys.argv[2])
para = '<p>' + 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. ' * 30 + '</p>\n'
body = para * (2000000 // len(para))
xhtml = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
         'xml:lang="en" lang="en"><head><title>T</title></head><body>\n' + body + '</body></html>\n').encode()
def deflate(b):
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(b) + c.flush()
items = ''.join('<item id="c%d" href="text/c%04d.xhtml" media-type="application/xhtml+xml"/>' % (i, i) for i in range(n))
spine = ''.join('<itemref idref="c%d"/>' % i for i in range(n))
opf = ('<?xml version="1.0" encoding="UTF-8"?>\n<package xmlns="http://www.idpf.org/2007/opf" version="3.0" '
       'unique-identifier="id" xml:lang="en"><metadata xmlns:dc="http://purl.org/dc/elements/1.1/">'
       '<dc:identifier id="id">urn:uuid:12345678-1234-5678-1234-567812345678</dc:identifier><dc:title>T</dc:title>'
       '<dc:language>en</dc:language><meta property="dcterms:modified">2020-01-01T00:00:00Z</meta></metadata>'
       '<manifest><item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>' + items +
       '</manifest><spine><itemref idref="nav"/>' + spine + '</spine></package>\n').encode()
nav = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml" '
       'xmlns:epub="http://www.idpf.org/2007/ops" xml:lang="en" lang="en"><head><title>T</title></head><body>'
       '<nav epub:type="toc"><ol><li><a href="text/c0000.xhtml">One</a></li></ol></nav></body></html>\n').encode()
container = (b'<?xml version="1.0" encoding="UTF-8"?>\n<container version="1.0" '
             b'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles><rootfile '
             b'full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles></container>\n')
data, central = bytearray(), bytearray()
def local(name, raw, method):
    comp = raw if method == 0 else deflate(raw)
    off = len(data)
    data.extend(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0, method, 0, 0x21, zlib.crc32(raw),
                            len(comp), len(raw), len(name), 0) + name + comp)
    return off, zlib.crc32(raw), len(comp), len(raw), method
def cent(name, info):
    off, crc, clen, ulen, method = info
    central.extend(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0, method, 0, 0x21, crc, clen,
                               ulen, len(name), 0, 0, 0, 0, 0, off) + name)
for name, raw, m in ((b'mimetype', b'application/epub+zip', 0), (b'META-INF/container.xml', container, 8),
                     (b'EPUB/package.opf', opf, 8), (b'EPUB/nav.xhtml', nav, 8)):
    cent(name, local(name, raw, m))
shared = local(b'EPUB/text/c.xhtml', xhtml, 8)  # one stream, every chapter's entry points at it
for i in range(n):
    cent(b'EPUB/text/c%04d.xhtml' % i, shared)
cd_off = len(data)
data.extend(central)
data.extend(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, n + 4, n + 4, len(central), cd_off, 0))
open(out, 'wb').write(data)
print(len(data), len(xhtml), shared[2])

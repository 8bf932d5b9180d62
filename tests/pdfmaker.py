"""Small PDFs written byte by byte for the tests: pages of text lines, or no text at all."""

from __future__ import annotations

import zlib


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(
    pages: list[list[str]],
    *,
    info: dict[str, str] | None = None,
    columns: list[list[list[str]]] | None = None,
    flate_layers: int = 0,
    padding: int = 0,
    packed: bytes | None = None,
) -> bytes:
    """A PDF whose pages show ``pages`` (lines of Latin-1 text, Helvetica 11 pt, top down).

    A line ``""`` leaves an empty line (a paragraph gap). ``columns`` instead gives each
    page as columns of lines, drawn side by side. ``info`` fills the document information
    dictionary (``Title``, ``Author``, ``CreationDate`` …). A page with no lines draws a
    filled rectangle instead: a page without a text layer, as a scan is. ``flate_layers``
    compresses each page's content that many times over (``/FlateDecode`` repeated), after
    ``padding`` spaces are added to it: a small file whose content unpacks to a huge one.
    ``packed`` is every page's content already compressed ``flate_layers`` times.
    """
    layouts = columns if columns is not None else [[lines] for lines in pages]
    objects: list[bytes] = []

    def add(body: bytes) -> int:
        objects.append(body)
        return len(objects)

    catalog = add(b"")  # filled in below
    pages_obj = add(b"")
    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for page_columns in layouts:
        ops = []
        if not any(page_columns):
            ops.append("0.5 g 72 400 300 300 re f")
        for c, lines in enumerate(page_columns):
            x, y = 72 + c * 250, 740
            for line in lines:
                if line:
                    ops.append(f"BT /F1 11 Tf {x} {y} Td ({_escape(line)}) Tj ET")
                y -= 14
        stream = "\n".join(ops).encode("cp1252") + b" " * padding
        for _ in range(flate_layers if packed is None else 0):
            stream = zlib.compress(stream, 9)
        stream = stream if packed is None else packed
        filters = b" /Filter [%s]" % b" ".join([b"/FlateDecode"] * flate_layers)
        content = add(
            b"<< /Length %d%s >>\nstream\n" % (len(stream), filters if flate_layers else b"")
            + stream
            + b"\nendstream"
        )
        kids.append(
            add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] "
                b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                % (pages_obj, font, content)
            )
        )
    objects[catalog - 1] = b"<< /Type /Catalog /Pages %d 0 R >>" % pages_obj
    objects[pages_obj - 1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids),
        len(kids),
    )
    info_ref = None
    if info:
        entries = " ".join(f"/{k} ({_escape(v)})" for k, v in info.items())
        info_ref = add(f"<< {entries} >>".encode("cp1252"))
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % n + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    trailer = b"<< /Size %d /Root %d 0 R" % (len(objects) + 1, catalog)
    if info_ref:
        trailer += b" /Info %d 0 R" % info_ref
    out += b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref
    return bytes(out)

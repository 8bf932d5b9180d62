"""Limits a PDF must keep before PDFium is asked to read it.

PDFium unpacks a page's whole content stream in memory before it reads a glyph, so a
kilobyte that inflates to a gigabyte (a "zip bomb" in a PDF) would cost gigabytes before
any limit on the text could act. The file's compressed streams are therefore unpacked here
first, piece by piece, counting bytes without keeping them, and the file is refused as
soon as one stream or all of them together pass a limit no document of text reaches.
Images are skipped (reading text never unpacks them), as are streams that do not inflate
(encrypted ones, or other filters).

The number of pages and the length of the text are bounded while reading (see
:mod:`.pdf`).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator

from citeline.core.errors import ImportFailedError

MAX_STREAM_BYTES = 64 * 1024 * 1024  # one page's drawing, a font: megabytes at most
MAX_INFLATED_BYTES = 512 * 1024 * 1024  # all of a document's unpacked parts together
_CHUNK = 64 * 1024
_STREAM = re.compile(rb"(?<!end)stream(?:\r\n|\n|\r)")
_OBJ = re.compile(rb"\d+\s+\d+\s+obj\b")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")


def check_inflated_size(data: bytes, name: str) -> None:
    """Refuse ``data`` if its compressed streams unpack to more than the limits."""
    total = 0
    for found in _STREAM.finditer(data):
        head = data[max(0, found.start() - 4096) : found.start()]
        starts = [m.end() for m in _OBJ.finditer(head)]
        dictionary = head[starts[-1] :] if starts else head
        if b"/Image" in dictionary or b"/Width" in dictionary:
            continue
        layers = len(_FLATE.findall(dictionary))
        if not layers:
            continue
        size = 0
        for piece in _inflate(data, found.end(), layers):
            size += piece
            if size > MAX_STREAM_BYTES:
                raise ImportFailedError(
                    f"{name} holds a compressed part that unpacks to more than "
                    f"{MAX_STREAM_BYTES // (1024 * 1024)} MB, far more than text needs "
                    "(it may be built to exhaust memory); print the pages you need to a "
                    "new PDF and import that."
                )
        total += size
        if total > MAX_INFLATED_BYTES:
            raise ImportFailedError(
                f"{name} unpacks to more than {MAX_INFLATED_BYTES // (1024 * 1024)} MB; "
                "split it or print the pages you need to a new PDF and import that."
            )


def _inflate(data: bytes, start: int, layers: int) -> Iterator[int]:
    """The sizes of the pieces a stream at ``start`` unpacks to through ``layers`` inflates,
    never holding more than a piece at once; nothing for a stream that does not inflate."""
    inflaters = [zlib.decompressobj() for _ in range(layers)]

    def through(level: int, piece: bytes) -> Iterator[int]:
        inflater = inflaters[level]
        while piece and not inflater.eof:
            out = inflater.decompress(piece, _CHUNK)
            piece = inflater.unconsumed_tail
            if level + 1 == layers:
                yield len(out)
            elif out:
                yield from through(level + 1, out)
            if not out and not piece:
                break

    position = start
    try:
        while position < len(data) and not inflaters[0].eof:
            yield from through(0, data[position : position + _CHUNK])
            position += _CHUNK
    except zlib.error:
        return

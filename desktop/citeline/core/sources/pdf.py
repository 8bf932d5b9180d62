"""PDF: the text layer in reading order, page by page, with the offset where each page starts.

pypdfium2 (PDFium, the PDF engine of Chromium) gives each page's text as runs in the
order they are laid out, with their boxes. Runs on one baseline make a line; a gap between
lines well over the page's usual line spacing, or a jump back up the page (the next
column), starts a new paragraph; the lines of a paragraph are joined with a space, and a
word hyphenated at a line end (``negotia-`` / ``tors``) is joined whole. Pages are
separated by a blank line, and ``pages`` records the offset in the text where each page
starts (the first is 0), so a passage can be cited with its page.

A PDF without a text layer (a scan) is refused with a message saying so: Citeline does
no OCR. The document information dictionary gives the title, author and date.
"""

from __future__ import annotations

import itertools
import re
import statistics
from typing import Any

from citeline.core.anchoring import normalize_text
from citeline.core.errors import ImportFailedError
from citeline.core.sources.metadata import _Meta

_HYPHENS = "-\x02\ufffe\u00ad\u2010"  # PDFium marks a line-end hyphen as U+0002 / U+FFFE
_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def read_pdf(data: bytes, name: str) -> tuple[_Meta, str, list[int]]:
    """The metadata, the text and the page starts of a PDF file's bytes."""
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ImportFailedError(f"{name} is protected by a password.") from e
        raise ImportFailedError(f"{name} is not a readable PDF ({e}).") from e
    try:
        meta = _pdf_meta(document)
        parts: list[str] = []
        for index in range(len(document)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                try:
                    parts.append(normalize_text("\n\n".join(_paragraphs(textpage))))
                finally:
                    textpage.close()
            finally:
                page.close()
    finally:
        document.close()
    if not any(p.strip() for p in parts):
        raise ImportFailedError(
            f"{name} has no text layer (it is probably scanned pages); "
            "Citeline cannot read it without text recognition."
        )
    text = ""
    starts: list[int | None] = []
    for part in parts:
        if not part:
            starts.append(None)  # an empty page starts where the next page does
            continue
        if text:
            text += "\n\n"
        starts.append(len(text))
        text += part
    following = len(text)
    for n in range(len(starts) - 1, -1, -1):
        if starts[n] is None:
            starts[n] = following
        following = starts[n]  # type: ignore[assignment]
    starts[0] = 0
    return meta, text, [s for s in starts if s is not None]


def _pdf_meta(document: Any) -> _Meta:
    info = document.get_metadata_dict(skip_empty=True)
    meta = _Meta()
    meta.offer("title", info.get("Title"))
    meta.offer("author", info.get("Author"))
    for key in ("CreationDate", "ModDate"):
        found = _PDF_DATE.match(info.get(key, "").strip())
        if found:
            year, month, day = found.groups()
            meta.offer("published", "-".join(p for p in (year, month, day) if p))
    return meta


def _lines(textpage: Any) -> list[tuple[float, float, str]]:
    """The page's lines as (top, bottom, text), in the order PDFium reads them."""
    lines: list[tuple[float, float, str]] = []
    previous_right = 0.0
    for index in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(index)
        text = textpage.get_text_bounded(left, bottom, right, top)
        if not text.strip():
            continue
        text = text.replace("\r", " ").replace("\n", " ")
        if lines:
            last_top, last_bottom, last_text = lines[-1]
            same_line = bottom < last_top and top > last_bottom and left >= previous_right - 1
            if same_line:
                joiner = "" if last_text.endswith(" ") or left - previous_right < 1 else " "
                lines[-1] = (
                    max(top, last_top),
                    min(bottom, last_bottom),
                    last_text + joiner + text,
                )
                previous_right = right
                continue
        lines.append((top, bottom, text))
        previous_right = right
    return lines


def _paragraphs(textpage: Any) -> list[str]:
    """The page's text as paragraphs."""
    lines = _lines(textpage)
    if not lines:
        return []
    steps = [a[0] - b[0] for a, b in itertools.pairwise(lines) if a[0] - b[0] > 0]
    usual = statistics.median(steps) if steps else 0.0
    paragraphs: list[list[str]] = [[]]
    for n, (top, _bottom, text) in enumerate(lines):
        if n:
            step = lines[n - 1][0] - top
            if step <= 0 or (usual and step > 1.5 * usual):
                paragraphs.append([])
        paragraphs[-1].append(" ".join(text.split()) if text.strip() else "")
    return [_join(p) for p in paragraphs if any(p)]


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one line, hyphenated words joined."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1] in _HYPHENS and out[-2:-1].isalpha():
            # "negotia-" + "tors" is one word; "Seoul-" + "Washington" keeps its hyphen
            out = out[:-1] + ("" if line[:1].islower() else "-") + line
        elif out:
            out += " " + line
        else:
            out = line
    return out.replace("\x02", "-").replace("\ufffe", "-")

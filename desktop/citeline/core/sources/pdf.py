"""PDF: the text layer in reading order, page by page, with the offset where each page starts.

pypdfium2 (PDFium, the PDF engine of Chromium) gives each page's text in reading order;
:mod:`.pdflines` splits it into lines placed on the page, removes the running heads and
feet (a browser's date, title, address and "2/3"; a report's running title and page
numbers) and joins the lines into paragraphs, hyphenated words whole. Paragraphs are
separated by a blank line, pages too, and ``pages`` records the offset in the text where
each page starts (the first is 0), so a passage can be cited with its page.

A PDF without a text layer (a scan) is refused with a message saying so: Citeline does
no OCR. A PDF that unpacks to more than any text needs, has more pages than
:data:`MAX_PAGES` or more text than :data:`MAX_TEXT_CHARS` is refused before or while it is
read (see :mod:`.pdfbounds`), one page in memory at a time. The document information
dictionary gives the title, author and date, except the date of a page printed from a
browser (its creator or producer says so), which is the day it was printed, not published;
such a print gives the page's address from its footer instead, when it is there whole.
"""

from __future__ import annotations

import re
from typing import Any

from citeline.core.anchoring import normalize_text
from citeline.core.errors import ImportFailedError
from citeline.core.sources.metadata import _Meta
from citeline.core.sources.pdfbounds import check_inflated_size
from citeline.core.sources.pdflines import (
    BREAK,
    Line,
    drop_heads_and_feet,
    page_lines,
    paragraphs,
    resolve_breaks,
)

_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")
_BROWSER = re.compile(r"Mozilla/|Chrome|Chromium|Firefox|Safari|Skia/PDF|cairo", re.IGNORECASE)
_FOOTER_ADDRESS = re.compile(r"^(https?://\S+)\s+\d+\s*/\s*\d+$")
MAX_PAGES = 5000  # a long report is hundreds of pages
MAX_TEXT_CHARS = 20_000_000  # about 10,000 pages of dense text


def read_pdf(data: bytes, name: str) -> tuple[_Meta, str, list[int]]:
    """The metadata, the text and the page starts of a PDF file's bytes."""
    import pypdfium2 as pdfium

    check_inflated_size(data, name)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if "password" in str(e).lower():
            raise ImportFailedError(f"{name} is protected by a password.") from e
        raise ImportFailedError(f"{name} is not a readable PDF ({e}).") from e
    try:
        meta, printed = _pdf_meta(document)
        if len(document) > MAX_PAGES:
            raise ImportFailedError(
                f"{name} has {len(document):,} pages, more than the {MAX_PAGES:,} Citeline "
                "reads from one PDF; split it and import the parts you need."
            )
        pages = _read_pages(document, name)
    finally:
        document.close()
    kept = drop_heads_and_feet(pages)
    if printed:
        meta.offer("url", _printed_address(pages, kept))
    parts = [normalize_text("\n\n".join(paragraphs(lines))) for lines in kept]
    full = [_ends_full(lines) for lines in kept]
    if not any(p.strip() for p in parts):
        raise ImportFailedError(
            f"{name} has no text layer (it is probably scanned pages); "
            "Citeline cannot read it without text recognition."
        )
    text = ""
    starts: list[int | None] = []
    running_on = False
    for part, ends_full in zip(parts, full, strict=True):
        if not part:
            starts.append(None)  # an empty page starts where the next page does
            continue
        if text:
            joint = _page_joint(text, part, running_on)
            text = text[:-1] + BREAK if joint is None else text + joint
        starts.append(len(text))
        text += part
        running_on = ends_full
    following = len(text)
    for n in range(len(starts) - 1, -1, -1):
        if starts[n] is None:
            starts[n] = following
        following = starts[n]  # type: ignore[assignment]
    starts[0] = 0
    text, pages_at = resolve_breaks(text, [s for s in starts if s is not None], keep=printed)
    return meta, text, pages_at


def _read_pages(document: Any, name: str) -> list[list[Line]]:
    """Each page's lines, one page loaded at a time, stopping at the text limit."""
    pages: list[list[Line]] = []
    length = 0
    for index in range(len(document)):
        page = document[index]
        try:
            textpage = page.get_textpage()
            try:
                lines = page_lines(textpage)
            finally:
                textpage.close()
        finally:
            page.close()
        pages.append(lines)
        length += sum(len(line.text) + 1 for line in lines)
        if length > MAX_TEXT_CHARS:
            raise ImportFailedError(
                f"{name} has more than {MAX_TEXT_CHARS:,} characters of text by page "
                f"{index + 1}, more than Citeline reads from one source; split it and "
                "import the parts you need."
            )
    return pages


def _ends_full(lines: list[Line]) -> bool:
    """Whether a page's last line runs to the right edge of its text, as a line inside a
    paragraph does (a paragraph's last line, or a heading, usually stops short)."""
    if len(lines) < 2:
        return False
    right = max(line.right for line in lines)
    return lines[-1].right >= right - 0.05 * (right - min(line.left for line in lines))


def _page_joint(before: str, after: str, running_on: bool) -> str | None:
    """What goes between two pages' text: a blank line, or, where a paragraph runs on to
    the next page (it ends without a full stop on a full line, or goes on in lower case,
    or ends with a comma), the space between two of its lines; None for a word hyphenated
    across the break (marked as broken, like one broken at a line end)."""
    last, first = before[-1:], after[:1]
    if last in "-\u2010" and before[-2:-1].isalpha() and first.islower():
        return None
    if last in ",;" or (last not in '.!?:\u201d"' and (first.islower() or running_on)):
        return " "
    return "\n\n"


def _printed_address(pages: list[list[Line]], kept: list[list[Line]]) -> str | None:
    """The web address a browser printed in a page's footer ("https://… 1/3"), unless it
    was shortened to fit."""
    for lines, left in zip(pages, kept, strict=True):
        for line in lines:
            found = _FOOTER_ADDRESS.match(line.text.strip())
            if found and all(line is not k for k in left) and "\u2026" not in found[1]:
                return found[1]
    return None


def _pdf_meta(document: Any) -> tuple[_Meta, bool]:
    """The title, author and date of the document information, and whether a browser
    printed it."""
    info = document.get_metadata_dict(skip_empty=True)
    meta = _Meta()
    meta.offer("title", info.get("Title"))
    meta.offer("author", info.get("Author"))
    made_by = f"{info.get('Creator', '')} {info.get('Producer', '')}"
    if _BROWSER.search(made_by):
        return meta, True  # a page printed from a browser: its date is the day it was printed
    for key in ("CreationDate", "ModDate"):
        found = _PDF_DATE.match(info.get(key, "").strip())
        if found:
            year, month, day = found.groups()
            meta.offer("published", "-".join(p for p in (year, month, day) if p))
    return meta, False

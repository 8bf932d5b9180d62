"""Word documents (.docx): paragraphs and headings in order, tables by rows, core properties.

python-docx reads the document body; each non-empty paragraph or heading becomes one
paragraph of the source (a line break inside it stays a line break), each table row one
line with its cells separated by `` | ``. The title, author and date come from the
document's core properties (the date it was created), the title falling back to the
first heading.

A .docx is a zip of XML parts, so it is checked before python-docx opens it: at most
:data:`MAX_PARTS` parts, each XML part at most :data:`MAX_PART_BYTES` and all of them
together at most :data:`MAX_XML_BYTES` once inflated (the sizes the zip declares, which
are also where reading stops), and at most :data:`MAX_ELEMENTS` XML elements. Pictures
and other binary parts are never inflated: python-docx is handed the package with them
emptied, since only the text is read. XML entities are never resolved (a document that
declares its own is not something Word writes); text after an unresolved entity is kept.
Whatever python-docx or the XML parser make of a damaged document becomes one line that
names the file and what to do.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from typing import Any

from citeline.core.errors import ImportFailedError
from citeline.core.sources.metadata import _Meta

#: The most parts (files inside the zip) a document may have.
MAX_PARTS = 5_000
#: The most one XML part may inflate to (a 1,000-page report's text is a few megabytes).
MAX_PART_BYTES = 48 * 1024 * 1024
#: The most all XML parts together may inflate to.
MAX_XML_BYTES = 96 * 1024 * 1024
#: The most XML elements in all parts together: each costs memory once parsed.
MAX_ELEMENTS = 1_500_000


def read_docx(data: bytes, name: str) -> tuple[_Meta, str]:
    """The metadata and text of a .docx file's bytes."""
    package = _bounded_package(data, name)
    try:
        return _read(package)
    except ImportFailedError:
        raise
    except MemoryError as e:
        raise ImportFailedError(f"{name} is too large to read as a Word document.") from e
    except Exception as e:  # python-docx and lxml raise many kinds on damage
        raise ImportFailedError(
            f"{name} is a damaged Word document ({_why(e)}); open it in a word processor "
            "and save it again, then import the saved copy"
        ) from e


def _why(error: Exception) -> str:
    text = " ".join(str(error).split()) or type(error).__name__
    text = re.sub(r"\s*\(<string>, line \d+\)$", "", text)  # lxml names its input "<string>"
    return text if len(text) <= 90 else text[:89] + "\u2026"


def _bounded_package(data: bytes, name: str) -> bytes:
    """The package rewritten with its XML parts only (binary parts emptied), after
    checking every limit above on the sizes the zip declares; a one-line refusal else."""
    not_docx = f"{name} is not a readable Word document (.docx)"
    # Counted before the zip's directory is read: a small file can list millions of
    # parts, each costing memory to hold. (The signature may also occur by chance inside
    # compressed data, which only counts a part too many.)
    listed = data.count(b"PK\x01\x02")
    if listed > MAX_PARTS:
        raise ImportFailedError(
            f"{not_docx}: it holds {listed:,} parts, over the limit of {MAX_PARTS:,}; "
            "save its text as a new document and import that"
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as e:
        raise ImportFailedError(f"{not_docx}: it is not a complete zip package.") from e
    if len(entries) > MAX_PARTS:
        raise ImportFailedError(
            f"{not_docx}: it holds {len(entries):,} parts, over the limit of {MAX_PARTS:,}; "
            "save its text as a new document and import that"
        )
    limit_note = "save its text as a new, smaller document and import that"
    total = 0
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as rewritten:
        for entry in entries:
            if entry.is_dir():
                continue
            if not _is_xml(entry.filename):
                rewritten.writestr(entry.filename, b"")
                continue
            if entry.file_size > MAX_PART_BYTES:
                raise ImportFailedError(
                    f"{name}: its part {entry.filename} inflates to {_mb(entry.file_size)}, over "
                    f"the {_mb(MAX_PART_BYTES)} limit for one part; {limit_note}"
                )
            total += entry.file_size
            if total > MAX_XML_BYTES:
                raise ImportFailedError(
                    f"{name} inflates to over {_mb(MAX_XML_BYTES)} of text and markup, the "
                    f"limit for a Word document; {limit_note}"
                )
            try:
                part = archive.read(entry)  # stops at the declared size; the CRC catches lies
            except (
                zipfile.BadZipFile,
                zlib.error,
                NotImplementedError,
                RuntimeError,
                ValueError,
            ) as e:
                raise ImportFailedError(f"{not_docx}: {entry.filename} is damaged ({e}).") from e
            except (EOFError, OSError) as e:
                raise ImportFailedError(f"{not_docx}: {entry.filename} is cut short.") from e
            rewritten.writestr(entry.filename, part)
    elements = _count_elements(out.getvalue())
    if elements > MAX_ELEMENTS:
        raise ImportFailedError(
            f"{name} holds over {MAX_ELEMENTS:,} XML elements, the limit for a Word "
            f"document; {limit_note}"
        )
    return out.getvalue()


def _is_xml(part: str) -> bool:
    return part.lower().endswith((".xml", ".rels"))


def _count_elements(package: bytes) -> int:
    """About how many XML elements the parts hold (every ``<`` not starting ``</``)."""
    return package.count(b"<") - package.count(b"</")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:,.0f} MB"


def _read(package: bytes) -> tuple[_Meta, str]:
    import docx

    document = docx.Document(io.BytesIO(package))
    _keep_text_after_entities(document.element)
    meta = _Meta()
    props = document.core_properties
    meta.offer("title", props.title)
    meta.offer("author", props.author)
    if props.created is not None:
        meta.offer("published", props.created.date().isoformat())
    meta.offer("language", props.language)
    blocks: list[str] = []
    first_heading: str | None = None
    for block in _body_blocks(document):
        if isinstance(block, str):
            blocks.append(block)
            continue
        text = "\n".join(line.strip() for line in block.text.split("\n") if line.strip())
        if not text:
            continue
        style = (block.style.name if block.style is not None else "") or ""
        if first_heading is None and (style == "Title" or style.startswith("Heading")):
            first_heading = " ".join(text.split())
        blocks.append(text)
    meta.offer("title", first_heading)
    return meta, "\n\n".join(blocks)


def _keep_text_after_entities(root: Any) -> None:
    """Entities are never resolved, and python-docx reads a run's text only up to the
    first one: join the text after each (its tail) to the text before it."""
    from lxml import etree

    for entity in list(root.iter(etree.Entity)):
        parent = entity.getparent()
        if parent is None:
            continue
        tail = entity.tail or ""
        previous = entity.getprevious()
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(entity)


def _body_blocks(document: Any) -> list[Any]:
    """The body's paragraphs (as python-docx objects) and table rows (as text), in order."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    out: list[Any] = []
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(child, document))
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    words = " ".join(cell.text.split())
                    if words and (not cells or cells[-1] != words):  # merged cells repeat
                        cells.append(words)
                if cells:
                    out.append(" | ".join(cells))
    return out

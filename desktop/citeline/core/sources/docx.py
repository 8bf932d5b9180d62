"""Word documents (.docx): paragraphs and headings in order, tables by rows, core properties.

python-docx reads the document body; each non-empty paragraph or heading becomes one
paragraph of the source (a line break inside it stays a line break), each table row one
line with its cells separated by `` | ``. The title, author and date come from the
document's core properties (the date it was created), the title falling back to the
first heading.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from citeline.core.errors import ImportFailedError
from citeline.core.sources.metadata import _Meta


def read_docx(data: bytes, name: str) -> tuple[_Meta, str]:
    """The metadata and text of a .docx file's bytes."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as e:
        raise ImportFailedError(f"{name} is not a readable Word document (.docx).") from e
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

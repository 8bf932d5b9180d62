"""Small .docx packages built by hand, for tests of hostile Word documents."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/'
    'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def body(paragraphs: str, prolog: str = "") -> str:
    """A document.xml whose body is ``paragraphs`` (raw WordprocessingML)."""
    return (
        f'<?xml version="1.0"?>{prolog}<w:document {W}><w:body>{paragraphs}</w:body></w:document>'
    )


def paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def package(document: str | Callable[[zipfile.ZipFile], None]) -> bytes:
    """A .docx with ``document`` as word/document.xml (or written by the callable)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", TYPES)
        z.writestr("_rels/.rels", RELS)
        if callable(document):
            document(z)
        else:
            z.writestr("word/document.xml", document)
    return out.getvalue()


def inflating(megabytes: int) -> Callable[[zipfile.ZipFile], None]:
    """A document.xml that inflates to ``megabytes`` of spaces inside one run."""

    def write(z: zipfile.ZipFile) -> None:
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><w:document {W}><w:body><w:p><w:r><w:t>'.encode())
            block = b" " * (1 << 20)
            for _ in range(megabytes):
                f.write(block)
            f.write(b"</w:t></w:r></w:p></w:body></w:document>")

    return write


def laughs(levels: int = 9) -> str:
    """The billion-laughs document: entities each ten times the one before."""
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1)
    )
    return body(paragraph(f"Before &lol{levels}; after"), f"<!DOCTYPE d [{entities}]>")

"""Hostile Word documents: limits checked before parsing, parser errors as one line."""

from __future__ import annotations

import subprocess
import sys

import pytest
from tests import docxmaker as dm

from citeline.core.errors import ImportFailedError
from citeline.core.sources import docx as docx_reader
from citeline.core.sources import read_source_bytes


def test_a_part_that_inflates_past_its_limit_is_refused_before_parsing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 2 * 1024 * 1024)
    data = dm.package(dm.inflating(4))  # 4 MB of spaces in a few kilobytes
    assert len(data) < 20_000
    with pytest.raises(ImportFailedError, match=r"word/document\.xml inflates to 4 MB, over the"):
        read_source_bytes(data, "bomb.docx")


def test_the_whole_package_and_its_elements_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(docx_reader, "MAX_XML_BYTES", 1024)
    with pytest.raises(ImportFailedError, match=r"inflates to over 0 MB of text and markup"):
        read_source_bytes(dm.package(dm.body(dm.paragraph("x" * 2000))), "big.docx")
    monkeypatch.undo()
    monkeypatch.setattr(docx_reader, "MAX_ELEMENTS", 1000)
    many = dm.body("".join(dm.paragraph(f"p{i}") for i in range(400)))
    with pytest.raises(ImportFailedError, match=r"holds over 1,000 XML elements"):
        read_source_bytes(dm.package(many), "many.docx")


def test_billion_laughs_and_malformed_xml_are_one_line_refusals() -> None:
    with pytest.raises(ImportFailedError, match=r"laughs\.docx is a damaged Word document \("):
        read_source_bytes(dm.package(dm.laughs()), "laughs.docx")
    broken = dm.body(dm.paragraph("Fine")).removesuffix("</w:body></w:document>")
    with pytest.raises(ImportFailedError, match=r"broken\.docx is a damaged Word document \("):
        read_source_bytes(dm.package(broken), "broken.docx")
    with pytest.raises(ImportFailedError, match=r"cut\.docx is not a readable Word document"):
        read_source_bytes(dm.package(dm.body(dm.paragraph("Fine")))[:300], "cut.docx")


def test_text_after_an_unresolved_entity_is_kept() -> None:
    prolog = '<!DOCTYPE d [<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
    document = dm.body(dm.paragraph("Before the entity &ext; and after it."), prolog)
    draft = read_source_bytes(dm.package(document), "entity.docx")
    assert "Before the entity" in draft.text and "and after it." in draft.text
    assert "root:" not in draft.text  # never resolved


def test_pictures_are_not_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    def with_picture(z: object) -> None:
        import zipfile

        assert isinstance(z, zipfile.ZipFile)
        z.writestr("word/document.xml", dm.body(dm.paragraph("A caption.")))
        z.writestr("word/media/image1.png", b"\0" * (3 * 1024 * 1024))

    monkeypatch.setattr(docx_reader, "MAX_XML_BYTES", 1024 * 1024)
    assert read_source_bytes(dm.package(with_picture), "photo.docx").text == "A caption."


FULL_SCALE = """
import resource, sys
from tests import docxmaker as dm
from citeline.core.errors import ImportFailedError
from citeline.core.sources import read_source_bytes
data = dm.package(dm.inflating(1024))
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for name, blob in (("bomb.docx", data), ("laughs.docx", dm.package(dm.laughs()))):
    try:
        read_source_bytes(blob, name)
    except ImportFailedError as e:
        print(e, file=sys.stderr)
    else:
        raise SystemExit(name + " was accepted")
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base)
"""


@pytest.mark.slow
def test_a_gigabyte_document_is_refused_in_little_memory() -> None:
    done = subprocess.run(
        [sys.executable, "-c", FULL_SCALE], capture_output=True, text=True, check=True
    )
    assert "inflates to 1,024 MB" in done.stderr and "damaged Word document" in done.stderr
    assert int(done.stdout.split()[-1]) / 1024 < 100


def test_a_package_listing_too_many_parts_is_refused_before_its_directory_is_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def many(z: object) -> None:
        import zipfile

        assert isinstance(z, zipfile.ZipFile)
        z.writestr("word/document.xml", dm.body(dm.paragraph("Text.")))
        for i in range(30):
            z.writestr(f"word/media/p{i}.bin", b"")

    monkeypatch.setattr(docx_reader, "MAX_PARTS", 10)
    with pytest.raises(ImportFailedError, match=r"it holds 33 parts, over the limit of 10"):
        read_source_bytes(dm.package(many), "parts.docx")

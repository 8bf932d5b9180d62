"""The reader marks a PDF's page breaks without changing its text."""

from __future__ import annotations

from pathlib import Path

from tests.pdfmaker import make_pdf

from citeline.core import items, queries
from citeline.core.sources import read_source_bytes
from citeline.ui.reader import SourceReader


def test_page_breaks_are_drawn_between_pages(qtbot, document, tmp_path: Path) -> None:
    pages = [[f"Line {n} of page {p}." for n in range(3)] for p in (1, 2, 3)]
    draft = read_source_bytes(make_pdf(pages), "three.pdf")
    edit, sid = items.add_source(document.store, draft)
    document.push(edit)
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.resize(700, 900)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_source(sid)
    assert reader.text.toPlainText() == queries.source_text(document.store, sid)
    overlay = reader.page_breaks
    assert overlay.isVisible()
    breaks = overlay.breaks()
    assert [page for page, _ in breaks] == [2, 3]
    # each rule lies between the last line of one page and the first line of the next
    doc = reader.text.document()
    offset = reader.text.contentOffset()
    for (_page, y), start in zip(breaks, draft.pages[1:], strict=True):
        first = doc.findBlock(start)
        above = first.previous().previous()
        assert reader.text.blockBoundingGeometry(above).translated(offset).bottom() <= y
        assert y <= reader.text.blockBoundingGeometry(first).translated(offset).top()
    image = overlay.grab().toImage()
    ys = [round(y) for _, y in breaks]
    assert any(image.pixelColor(x, ys[0]).alpha() > 0 for x in range(10, 200))
    # a source without pages shows none
    article = next(s for s in queries.sources(document.store) if s.pages is None)
    reader.show_source(article.id)
    assert not reader.page_breaks.isVisible()

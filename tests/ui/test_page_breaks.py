"""The reader marks a PDF's page breaks without changing its text."""

from __future__ import annotations

from pathlib import Path

from tests.pdfmaker import make_pdf

from citeline.core import items, queries
from citeline.core.sources import read_source_bytes
from citeline.ui.reader import SourceReader


def _line_at(reader: SourceReader, offset: int):
    """Where the character at ``offset`` is drawn in the reader's viewport."""
    cursor = reader.text.textCursor()
    cursor.setPosition(offset)
    return reader.text.cursorRect(cursor)


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
    for (_page, y), start in zip(breaks, draft.pages[1:], strict=True):
        assert _line_at(reader, start - 3).bottom() <= y <= _line_at(reader, start).top()
    image = overlay.grab().toImage()
    ys = [round(y) for _, y in breaks]
    assert any(image.pixelColor(x, ys[0]).alpha() > 0 for x in range(10, 200))
    # a source without pages shows none
    article = next(s for s in queries.sources(document.store) if s.pages is None)
    reader.show_source(article.id)
    assert not reader.page_breaks.isVisible()


def test_page_breaks_follow_the_text_down_a_long_source(qtbot, document) -> None:
    """Rules sit where the pages meet even far down a source, after scrolling: not all at
    the top of the view (a plain text view places only its first visible block)."""
    # 25 one-line paragraphs a page
    pages = [
        [f"Line {n} of page {p}." if n % 2 == 0 else "" for n in range(50)] for p in range(1, 5)
    ]
    draft = read_source_bytes(make_pdf(pages), "long.pdf")
    edit, sid = items.add_source(document.store, draft)
    document.push(edit)
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.resize(700, 500)
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_source(sid)
    assert draft.pages is not None and len(draft.pages) == 4
    assert reader.page_breaks.breaks() == []  # page 1 fills the view
    for page, start in enumerate(draft.pages[1:], start=2):
        reader.select_span(start, start + 4)  # scrolls the page start into view
        qtbot.waitUntil(lambda start=start: 0 < _line_at(reader, start).top() < 480)
        shown = dict(reader.page_breaks.breaks())
        assert page in shown
        y = shown[page]
        assert _line_at(reader, start - 3).bottom() <= y <= _line_at(reader, start).top()
        assert all(-40 < other < 540 for other in shown.values())
        # and the rule is drawn there: the overlay stays over the view while it scrolls
        assert reader.page_breaks.pos().y() == 0
        image = reader.text.viewport().grab().toImage()
        base = reader.text.viewport().palette().base().color()
        ink = [image.pixelColor(x, round(y)) for x in range(10, 300)]
        assert sum(c.rgb() != base.rgb() for c in ink) > 50, page


def test_a_page_break_inside_a_paragraph_is_drawn_between_its_lines(qtbot, document) -> None:
    pages = [
        [f"Paragraph {n} ends here." if n % 2 == 0 else "" for n in range(6)]
        + ["The last paragraph of page one runs on"],
        ["to the second page, where it ends.", "", "Another paragraph follows."],
    ]
    draft = read_source_bytes(make_pdf(pages), "run-on.pdf")
    assert draft.pages is not None
    start = draft.pages[1]
    assert draft.text[start - 8 : start + 6] == "runs on to the"
    edit, sid = items.add_source(document.store, draft)
    document.push(edit)
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.resize(200, 600)  # narrow: the paragraph wraps over several lines
    reader.show()
    qtbot.waitExposed(reader)
    reader.show_source(sid)
    breaks = dict(reader.page_breaks.breaks())
    paragraph = draft.text.rindex("\n\n", 0, start) + 2
    first, here = _line_at(reader, paragraph), _line_at(reader, start)
    assert here.top() > first.top()  # the page starts on a later line of the paragraph
    assert first.top() < breaks[2] and abs(breaks[2] - here.top()) <= 2  # above that line

"""The source reader: highlights, selection sync, and making items from selected text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.core import queries
from citeline.ui import theme
from citeline.ui.reader import SourceReader

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def spans(reader: SourceReader) -> dict[tuple[int, int], str]:
    out = {}
    for sel in reader.text.extraSelections():
        fmt = sel.format
        color = (
            fmt.background().color() if fmt.background().style() != Qt.BrushStyle.NoBrush else None
        )
        out[(sel.cursor.selectionStart(), sel.cursor.selectionEnd())] = (
            color.name(color.NameFormat.HexArgb) if color is not None else "underline"
        )
    return out


def test_selecting_an_event_opens_its_passage_highlighted(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.resize(800, 500)
    deal = event_id(document.store, DEAL)
    document.select("event", deal)
    passage = queries.evidence(document.store, deal)[0].passage
    assert reader.source_id == passage.source_id
    marks = spans(reader)
    selected = theme.SELECTED_HIGHLIGHT.name(theme.SELECTED_HIGHLIGHT.NameFormat.HexArgb)
    assert marks[(passage.start, passage.end)] == selected
    # the other passages are highlighted too, as events or quotes
    assert len([c for c in marks.values() if c != "underline"]) >= 20
    cursor = reader.text.textCursor()
    assert passage.start <= cursor.position() <= passage.end
    assert "four months later" in reader.text.toPlainText()[passage.start : passage.end]


def test_clicking_a_highlight_selects_its_item(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.resize(900, 600)
    reader.show()
    qtbot.waitExposed(reader)
    quote_row = document.store.rows("quotes")[0]
    p = queries.passage(document.store, quote_row["passage_id"])
    reader.show_source(p.source_id, (p.start, p.end))
    cursor = reader.text.textCursor()
    cursor.setPosition(p.start + 5)
    rect = reader.text.cursorRect(cursor)
    qtbot.mouseClick(reader.text.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert document.selected is not None
    assert (document.selected.kind, document.selected.id) == ("quote", quote_row["id"])


def test_event_from_selection_with_date_from_the_text(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    source = queries.sources(document.store)[0]
    reader.show_source(source.id)
    text = reader.text.toPlainText()
    sentence = "Trump has used similar tactics in negotiations with Japan"
    start = text.index(sentence)
    reader.select_span(start, start + len(sentence))
    assert reader.new_event_action.isEnabled()
    created = []
    reader.eventCreated.connect(created.append)
    reader.new_event_action.trigger()
    assert len(created) == 1
    ev = queries.event(document.store, created[0])
    assert ev.title.startswith("Trump has used similar tactics")
    # no date in the selection: the source's date, recorded as such
    assert ev.date_edtf == "2024-03-14"
    assert "source" in (ev.date_provenance or "")
    assert document.selected.kind == "event" and document.selected.id == created[0]
    # one undo step removes the event and its passage link
    document.undo_stack.undo()
    assert document.store.row("events", created[0]) is None


def test_event_from_a_selection_with_a_date_uses_it(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    source = queries.sources(document.store)[0]
    reader.show_source(source.id)
    text = reader.text.toPlainText()
    sentence = "until Trump was defeated in the November 2020 presidential election"
    start = text.index(sentence)
    reader.select_span(start, start + len(sentence))
    new_id = reader.event_from_selection()
    assert new_id is not None
    assert queries.event(document.store, new_id).date_edtf == "2020-11"


def test_quote_and_evidence_from_selection(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    source = queries.sources(document.store)[0]
    reader.show_source(source.id)
    text = reader.text.toPlainText()
    words = "No date has been set for the first meeting"
    start = text.index(words)
    reader.select_span(start, start + len(words))
    quote_id = reader.quote_from_selection()
    assert queries.quote(document.store, quote_id).text == words
    deal = event_id(document.store, DEAL)
    document.select("event", deal)
    reader.select_span(start, start + len(words))
    assert reader.evidence_action.isEnabled()
    before = len(queries.evidence(document.store, deal))
    assert reader.evidence_from_selection()
    assert len(queries.evidence(document.store, deal)) == before + 1


def test_suggestions_are_underlined_and_become_events(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    source = queries.sources(document.store)[0]
    reader.show_source(source.id)
    found = {s.text: s for s in reader._suggestions}
    later = next(s for t, s in found.items() if "four months later" in t)
    assert later.edtf == "2021-03"
    assert "November 2020" in later.explanation
    assert "underline" in spans(reader).values()
    new_id = reader.suggestion_to_event(later)
    ev = queries.event(document.store, new_id)
    assert ev.date_edtf == "2021-03"
    assert "four months later" in ev.date_provenance
    passage = queries.evidence(document.store, new_id)[0].passage
    assert passage.exact.startswith("The South Korean government, however,")
    reader.dismiss(later)
    assert all(s.start != later.start for s in reader._suggestions)


def test_user_text_is_shown_literally(qtbot, document) -> None:
    from citeline.core import items

    reader = SourceReader(document)
    qtbot.addWidget(reader)
    source = queries.sources(document.store)[0]
    document.push(items.update_source(document.store, source.id, title="<b>bold</b> & 한국어"))
    reader.show_source(source.id)
    assert reader.title.text() == "<b>bold</b> & 한국어"
    assert reader.title.textFormat() == Qt.TextFormat.PlainText


def test_suggestions_are_drawn_over_highlights(qtbot, document) -> None:
    reader = SourceReader(document)
    qtbot.addWidget(reader)
    reader.show_source(queries.sources(document.store)[0].id)
    kinds = [
        "underline" if sel.format.background().style() == Qt.BrushStyle.NoBrush else "highlight"
        for sel in reader.text.extraSelections()
    ]
    # a later range paints over an earlier one: every underline comes after every highlight
    assert "underline" in kinds and "highlight" in kinds
    assert kinds.index("underline") > max(i for i, k in enumerate(kinds) if k == "highlight")

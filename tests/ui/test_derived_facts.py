"""One truth everywhere: an event's flag and first report are the same in the timeline,
the table, the inspector, Receipts and search after every kind of evidence edit, undo and
redo included, and the timeline draws a new flag at once (no further edit, no idle work)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import event_id
from tests.ui.test_many_sources import DEAL, SIGNED, import_second

from citeline.core import conflicts, items, queries
from citeline.ui.receipts import shown_date
from citeline.ui.status import FLAG
from citeline.ui.table import FLAG_COLUMN

TRUMP = "Trump loses the US presidential election"


def drawn_flag(window, kind: str, item_id: int) -> bool:
    """Whether the timeline's current frame draws the item with its flag."""
    view = window.timeline.view
    view.refresh()
    drawn = view.frame().find(kind, item_id)
    assert drawn is not None, "the item is drawn"
    return drawn.item.flagged


def every_view(window, event: int) -> dict[str, object]:
    """What each view shows of an event's derived facts."""
    doc = window.document
    doc.select("event", event)
    model = window.table.model_
    cell = model.index(model.row_of("event", event), FLAG_COLUMN)
    window.results.search(queries.event(doc.store, event).title.split()[-1])
    results = [
        window.results.list.item(i).text()
        for i in range(window.results.list.count())
        if window.results.list.item(i).data(Qt.ItemDataRole.UserRole) == ("event", event)
    ]
    page = window.inspector.pages["event"]
    return {
        "timeline": drawn_flag(window, "event", event),
        "table": model.data(cell) == FLAG,
        "inspector": not page.flag.isHidden(),
        "receipts": not window.receipts.flag.isHidden(),
        "search": bool(results) and results[0].startswith(FLAG),
        "reported": page.reported.text(),
    }


def truth(store, event: int) -> dict[str, object]:
    """The facts found afresh from the file, as ``citeline check`` finds them."""
    flagged = event in {c.event_id for c in conflicts.date_conflicts(store)}
    reported = queries.first_reported(store, event)
    return {
        **{v: flagged for v in ("timeline", "table", "inspector", "receipts", "search")},
        "reported": shown_date(reported) if reported else "unknown (no dated source cites it yet)",
    }


def agree(window, event: int) -> bool:
    shown = every_view(window, event)
    expected = truth(window.document.store, event)
    assert shown == expected
    return bool(expected["timeline"])


def test_the_timeline_draws_a_new_flag_at_once(qtbot, window) -> None:
    """The issue's case: Ctrl+Shift+E with a disagreeing passage flags the deal on the
    timeline with no further edit, deselecting or zooming."""
    doc = window.document
    second = import_second(qtbot, window)
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    assert not drawn_flag(window, "event", deal)
    sources = window.sources.list
    row = next(
        i
        for i in range(sources.count())
        if sources.item(i).data(Qt.ItemDataRole.UserRole) == second
    )
    rect = sources.visualItemRect(sources.item(row))
    qtbot.mouseClick(sources.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.source_id == second
    text = window.reader.text.toPlainText()
    start = text.index(SIGNED)
    window.reader.select_span(start, start + len(SIGNED))
    window.reader.text.setFocus()
    qtbot.waitUntil(window.reader.text.hasFocus)
    qtbot.keyClick(
        window.reader.text,
        Qt.Key.Key_E,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert {e.passage.source_id for e in queries.evidence(doc.store, deal)} == {1, second}
    view = window.timeline.view
    drawn = view.frame().find("event", deal)  # the frame painted next, as it is
    assert drawn is not None and drawn.item.flagged


def test_every_evidence_edit_leaves_every_view_agreeing(qtbot, window) -> None:
    doc = window.document
    store = doc.store
    deal = event_id(store, DEAL)
    assert not agree(window, deal)
    second = import_second(qtbot, window)
    assert not agree(window, deal)

    text = queries.source_text(store, second)
    start = text.index(SIGNED)
    ref = items.PassageRef(second, start, start + len(SIGNED))
    assert doc.push(items.add_evidence(store, deal, ref))  # add
    assert agree(window, deal)
    passage = next(e.passage.id for e in queries.evidence(store, deal) if e.passage.source_id == 2)

    # change the stance of the first article's passage: still flagged, for two reasons now
    first = next(e.passage.id for e in queries.evidence(store, deal) if e.passage.source_id == 1)
    assert doc.push(items.set_stance(store, deal, first, "contradicts"))
    assert agree(window, deal)
    assert "contradicts" in window.receipts.flag.text()
    assert doc.push(items.set_stance(store, deal, first, "supports"))
    assert agree(window, deal)
    assert "contradicts" not in window.receipts.flag.text()

    assert doc.push(items.remove_evidence(store, deal, passage))  # remove
    assert not agree(window, deal)
    doc.undo()
    assert agree(window, deal)
    doc.redo()
    assert not agree(window, deal)
    doc.undo()
    assert agree(window, deal)

    # the event's own date moved to the second source's: the readings now disagree
    # with each other; moved back, as before
    assert doc.push(items.update_event(store, deal, date="2021-04-08"))
    assert agree(window, deal)
    doc.undo()
    assert agree(window, deal)

    # the source's publication date decides when the event was first reported
    assert doc.push(items.update_source(store, second, published="2019-01-02"))
    assert agree(window, deal)
    assert window.inspector.pages["event"].reported.text() == "2 Jan 2019"
    doc.undo()
    assert agree(window, deal)

    # delete the source (its passage and evidence go with it), undo, redo
    doc.select("source", second)
    window.delete_selected()
    assert store.count("sources") == 1
    assert not agree(window, deal)
    doc.undo()
    assert agree(window, deal)
    doc.redo()
    assert not agree(window, deal)

    # a passage that contradicts another event, from the first article
    trump = event_id(store, TRUMP)
    assert not agree(window, trump)
    words = "Biden"
    at = queries.source_text(store, 1).index(words)
    assert doc.push(
        items.add_evidence(store, trump, items.PassageRef(1, at, at + len(words), "contradicts"))
    )
    assert agree(window, trump)
    doc.undo()
    assert not agree(window, trump)


def test_a_change_made_elsewhere_reaches_every_view(qtbot, window) -> None:
    """A change that did not come through this window's undo stack (as a server would
    push another person's edit) needs only the ids whose facts changed."""
    doc = window.document
    store = doc.store
    deal = event_id(store, DEAL)
    second = import_second(qtbot, window)
    assert not agree(window, deal)
    text = queries.source_text(store, second)
    start = text.index(SIGNED)
    store.apply(
        items.add_evidence(store, deal, items.PassageRef(second, start, start + len(SIGNED)))
    )
    doc.facts_changed({deal})
    assert agree(window, deal)


def test_affected_events_follow_passages_and_sources(document) -> None:
    from citeline.core.derived import LOOKUP_LIMIT, affected_events

    store = document.store
    deal = event_id(store, DEAL)
    (passage,) = [e.passage for e in queries.evidence(store, deal)][:1]
    assert deal in affected_events(store, {"passages": {(passage.id,)}})
    assert deal in affected_events(store, {"sources": {(passage.source_id,)}})
    assert deal in affected_events(store, {"dismissed_suggestions": {(1, 0, 4)}})
    assert affected_events(store, {"lanes": {(1,)}}) == set()
    # a large import's passages: every event, rather than thousands of look-ups
    many = {(i,) for i in range(LOOKUP_LIMIT + 1)}
    assert affected_events(store, {"passages": many}) is None

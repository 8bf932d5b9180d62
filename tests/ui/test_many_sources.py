"""Many sources, one chronology: evidence from a second article, receipts side by side,
the disagreement flagged and checked, a status that survives undo, redo and a restart."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.cli import main
from citeline.core import queries
from citeline.ui.app import build_window

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = (
    "South Korea and the United States formally signed the new cost-sharing agreement "
    "on April 8, 2021, ending a dispute that had strained the alliance under the previous "
    "US administration."
)
SECOND = "Allies sign six-year troop cost deal"


def click_row(qtbot, window, kind: str, item_id: int) -> None:
    window.tabs.setCurrentWidget(window.table)
    model = window.table.model_
    index = model.index(model.row_of(kind, item_id), 2)
    window.table.scrollTo(index)
    rect = window.table.visualRect(index)
    qtbot.mouseClick(window.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def import_second(qtbot, window) -> int:
    doc = window.document
    window.files.import_paths([FIXTURE])
    # the import is done once it is on the undo stack (the worker commits a moment before)
    qtbot.waitUntil(lambda: not doc.busy and doc.store.count("sources") == 2, timeout=5000)
    return int(doc.store.rows("sources", "title = ?", [SECOND])[0]["id"])


def test_evidence_from_a_second_source_is_compared_flagged_and_kept(
    qtbot, window, sample_path: Path, capsys
) -> None:
    doc = window.document
    # import a second article: it opens in the reader, the status bar says what came in
    second = import_second(qtbot, window)
    assert window.reader.source_id == second
    assert f"Imported \u201c{SECOND}\u201d" in window.statusBar().currentMessage()

    # select the 2021 deal: the reader jumps to its passage in the sample article
    deal = event_id(doc.store, DEAL)
    click_row(qtbot, window, "event", deal)
    assert doc.selected.kind == "event" and doc.selected.id == deal
    assert window.reader.source_id == 1

    # open the second article from the Sources list: the deal stays selected
    sources = window.sources.list
    row = next(
        i
        for i in range(sources.count())
        if sources.item(i).data(Qt.ItemDataRole.UserRole) == second
    )
    rect = sources.visualItemRect(sources.item(row))
    qtbot.mouseClick(sources.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.source_id == second
    assert doc.selected.kind == "event" and doc.selected.id == deal
    assert window.reader.target.isVisible()
    assert window.reader.target.text().startswith(f"Adding evidence to: \u201c{DEAL}\u201d")

    # select its sentence with another date and press Ctrl+Shift+E
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
    cited = {e.passage.source_id for e in queries.evidence(doc.store, deal)}
    assert cited == {1, second}

    # the receipts panel lists passages from both sources, side by side
    receipts = window.receipts
    assert receipts.event_id == deal
    rows = [receipts.list.item(i).text() for i in range(receipts.list.count())]
    assert any(r.startswith(SECOND) and "gives 8 Apr 2021" in r for r in rows)
    assert any(r.startswith(queries.source(doc.store, 1).title) and "Mar 2021" in r for r in rows)
    assert "3 passages from 2 sources" in receipts.heading.text()

    # the event is flagged: receipts, inspector, table and timeline
    assert receipts.flag.isVisible() and "Sources disagree" in receipts.flag.text()
    page = window.inspector.pages["event"]
    assert page.flag.isVisible() and "8 Apr 2021" in page.flag.text()
    model = window.table.model_
    flag_cell = model.index(model.row_of("event", deal), 4)
    assert model.data(flag_cell) == "\u2691"
    data = window.timeline.view.data
    lane = queries.event(doc.store, deal).lane_id
    data.items(lane, 0, 2**40)
    window.flag_reader.finish()  # what the app does when idle: read the sources waited on
    drawn = [i for i in data.items(lane, 0, 2**40) if i.kind == "event" and i.id == deal]
    assert drawn and drawn[0].flagged

    # citeline check --format json lists it with both readings
    assert main(["check", str(sample_path), "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    (conflict,) = report["date_conflicts"]
    assert conflict["event_id"] == deal and conflict["date"] == "2021-03"
    dates = {(r["source_title"], r["date"]) for r in conflict["readings"] if r["date"]}
    assert (SECOND, "2021-04-08") in dates
    assert (queries.source(doc.store, 1).title, "2021-03") in dates

    # set the status to disputed in the inspector, undo, redo
    index = page.status.findData("disputed")
    page.status.setCurrentIndex(index)
    page.status.activated.emit(index)
    assert queries.event(doc.store, deal).status == "disputed"
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert queries.event(doc.store, deal).status == "unverified"
    assert page.status.currentData() == "unverified"
    qtbot.keyClick(
        window,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert queries.event(doc.store, deal).status == "disputed"
    assert doc.selected.kind == "event" and doc.selected.id == deal
    assert page.status.currentData() == "disputed"

    # close, reopen: all still there
    window.close()
    again = build_window(sample_path)
    qtbot.addWidget(again)
    try:
        store = again.document.store
        assert queries.event(store, deal).status == "disputed"
        cited = {e.passage.source_id for e in queries.evidence(store, deal)}
        assert cited == {1, second}
        again.document.select("event", deal)
        assert not again.receipts.flag.isHidden()
        assert "3 passages from 2 sources" in again.receipts.heading.text()
    finally:
        again.close()


def test_escape_stops_adding_evidence(qtbot, window) -> None:
    doc = window.document
    doc.select("event", event_id(doc.store, DEAL))
    assert window.reader.target.isVisible()
    window.tabs.setCurrentWidget(window.reader)
    window.reader.text.setFocus()
    qtbot.waitUntil(window.reader.text.hasFocus)
    qtbot.keyClick(window.reader.text, Qt.Key.Key_Escape)
    assert doc.selected is None
    assert not window.reader.target.isVisible()
    assert not window.reader.evidence_action.isEnabled()


def test_status_from_the_table_menu_and_the_filter(qtbot, window) -> None:
    from citeline.ui.status import status_menu

    doc = window.document
    deal = event_id(doc.store, DEAL)
    menu = status_menu(window, doc, "event", deal)
    checked = [a.data() for a in menu.actions() if a.isChecked()]
    assert checked == ["unverified"]
    next(a for a in menu.actions() if a.data() == "confirmed").trigger()
    assert queries.event(doc.store, deal).status == "confirmed"
    assert doc.undo_stack.undoText() == "Mark as confirmed"
    # the Status filter keeps only confirmed items in the table and on the timeline
    window.tabs.setCurrentWidget(window.table)
    actions = window.filters.menus["status"].actions()
    next(a for a in actions if a.data() == "confirmed").setChecked(True)
    model = window.table.model_
    assert [model.key(r) for r in range(model.rowCount())] == [("event", deal)]
    status_cell = model.index(0, 3)
    assert model.data(status_cell) == "Confirmed"


def test_table_has_speaker_source_status_and_first_reported(window) -> None:
    model = window.table.model_
    headers = [model.headerData(c, Qt.Orientation.Horizontal, 0) for c in range(11)]
    for name in ("Status", "First reported", "Speaker", "Source"):
        assert name in headers
    doc = window.document
    quote = next(
        q for q in doc.store.rows("quotes") if queries.speaker_name(doc.store, q["speaker_id"])
    )
    row = model.row_of("quote", quote["id"])
    cells = [model.data(model.index(row, c)) for c in range(11)]
    assert queries.speaker_name(doc.store, quote["speaker_id"]) in cells
    assert queries.source(doc.store, 1).title in cells
    assert "14 Mar 2024" in cells
    # sorting by first reported is done by the store, and keeps every row
    model.sort(headers.index("First reported"), Qt.SortOrder.DescendingOrder)
    assert model.rowCount() == doc.store.count("events") + doc.store.count("quotes")


def test_the_inspector_suggests_a_status_and_never_sets_it(qtbot, window) -> None:
    from citeline.core import items

    doc = window.document
    second = import_second(qtbot, window)
    edit, eid = items.add_event(doc.store, title="Seoul pays more", date="2021")
    doc.push(edit)
    for source_id, words in (
        (1, "signed a replacement deal with the new Biden administration four months later"),
        (second, "Under the six-year deal, Seoul raises its contribution by 13.9 percent"),
    ):
        text = queries.source_text(doc.store, source_id)
        start = text.index(words)
        ref = items.PassageRef(source_id, start, start + len(words))
        doc.push(items.add_evidence(doc.store, eid, ref))
    doc.select("event", eid)
    page = window.inspector.pages["event"]
    assert not page.flag.isVisible()
    assert "2 different outlets" in page.advice.text() and "confirmed" in page.advice.text()
    assert queries.event(doc.store, eid).status == "unverified"
    passage = queries.evidence(doc.store, eid)[0].passage
    doc.push(items.set_stance(doc.store, eid, passage.id, "contradicts"))
    assert "disputed" in page.advice.text() and page.flag.isVisible()
    assert queries.event(doc.store, eid).status == "unverified"
    doc.push(items.set_status(doc.store, "event", eid, "disputed"))
    assert page.advice.text() == ""


def test_status_from_the_timeline_right_click_menu(qtbot, window) -> None:
    from PySide6.QtCore import QPoint

    doc = window.document
    deal = event_id(doc.store, DEAL)
    frame = window.timeline.view.frame()
    drawn = next(
        d for lane in frame.lanes for d in lane.items if (d.item.kind, d.item.id) == ("event", deal)
    )
    x, y, w, h = drawn.marker_rect(frame.metrics)
    menu = window.timeline_menu_at(QPoint(int(x + w / 2), int(y + h / 2)))
    assert menu is not None and doc.selected.id == deal
    (status,) = [a.menu() for a in menu.actions() if a.menu() is not None]
    next(a for a in status.actions() if a.data() == "disputed").trigger()
    assert queries.event(doc.store, deal).status == "disputed"
    assert window.timeline_menu_at(QPoint(1, 1)) is None


@pytest.mark.parametrize(
    ("status", "flagged", "color"),
    [("confirmed", False, "#2e8b57"), ("disputed", False, "#c8372d"), ("unverified", True, None)],
)
def test_the_painter_marks_status_and_flags(window, status: str, flagged: bool, color) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    from citeline.core.queries import TimelineItem
    from citeline.ui.theme import FLAG_COLOR
    from citeline.ui.timeline.frame import DrawnItem, Metrics

    painter = window.timeline.view._painter

    def colors(item_status: str, item_flagged: bool) -> set[str]:
        image = QImage(80, 50, QImage.Format.Format_RGB32)
        image.fill(QColor("white"))
        p = QPainter(image)
        item = TimelineItem(
            "event", 1, "x", "2024-03-14", "day", 0, 1, None, 0, item_status, item_flagged
        )
        d = DrawnItem(item, 0, 40, 40, True, y=25)
        painter.draw_item(p, 0, 80, Metrics(), d, QColor("#3a7bd5"))
        p.end()
        return {image.pixelColor(x, y).name() for x in range(80) for y in range(50)}

    plain = colors("unverified", False)
    marked = colors(status, flagged)
    wanted = color or FLAG_COLOR.name()
    assert wanted in marked and wanted not in plain

"""The inspector: typed dates with feedback, one undo step per field, evidence shown."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.core import queries
from citeline.ui.inspector import Inspector

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def shown(qtbot, document) -> Inspector:
    inspector = Inspector(document)
    qtbot.addWidget(inspector)
    inspector.resize(420, 800)
    inspector.show()
    qtbot.waitExposed(inspector)
    return inspector


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def test_typing_a_date_gives_feedback_and_saves_one_step(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    eid = event_id(document.store, "No date yet for the first round of talks")
    document.select("event", eid)
    page = inspector.pages["event"]
    assert page.date.edit.text() == "14 March 2024"
    steps = document.undo_stack.count()
    page.date.edit.setFocus()
    qtbot.waitUntil(page.date.edit.hasFocus)
    page.date.edit.selectAll()
    qtbot.keyClicks(page.date.edit, "March 2021")
    assert "month" in page.date.feedback.text() and "2021-03" in page.date.feedback.text()
    qtbot.keyClick(page.date.edit, Qt.Key.Key_Return)
    ev = queries.event(document.store, eid)
    assert (ev.date_edtf, ev.date_precision) == ("2021-03", "month")
    assert document.undo_stack.count() == steps + 1
    document.undo_stack.undo()
    assert queries.event(document.store, eid).date_edtf == "2024-03-14"
    assert page.date.edit.text() == "14 March 2024"
    document.undo_stack.redo()
    assert queries.event(document.store, eid).date_edtf == "2021-03"


def test_a_date_not_understood_saves_nothing(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    eid = event_id(document.store, DEAL)
    document.select("event", eid)
    page = inspector.pages["event"]
    steps = document.undo_stack.count()
    type_into(qtbot, page.date.edit, "Marhc 2021")
    assert "could not understand" in page.date.feedback.text()
    assert queries.event(document.store, eid).date_edtf == "2021-03"
    assert document.undo_stack.count() == steps


def test_fields_edit_the_event(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    eid = event_id(document.store, DEAL)
    document.select("event", eid)
    page = inspector.pages["event"]
    type_into(qtbot, page.title, "Deal signed <script>x</script>")
    type_into(qtbot, page.tags, "SMA, money")
    type_into(qtbot, page.people, "Joe Biden, Yoon Suk-yeol")
    ev = queries.event(document.store, eid)
    assert ev.title == "Deal signed <script>x</script>"
    assert set(ev.tags) == {"SMA", "money"}
    names = {
        queries.speaker_name(document.store, p) for p in queries.people_of(document.store, eid)
    }
    assert names == {"Joe Biden", "Yoon Suk-yeol"}
    lane_index = page.lane.findText("US politics")
    page.lane.setCurrentIndex(lane_index)
    page.lane.activated.emit(lane_index)
    lanes = {lane.name: lane.id for lane in queries.lanes(document.store)}
    assert queries.event(document.store, eid).lane_id == lanes["US politics"]
    page.notes.edit.setFocus()
    qtbot.waitUntil(page.notes.edit.hasFocus)
    page.notes.edit.setPlainText("Figure **unconfirmed** <script>x</script>")
    page.title.setFocus()  # focus leaving the notes saves them
    qtbot.waitUntil(page.title.hasFocus)
    body = "Figure **unconfirmed** <script>x</script>"
    assert queries.notes(document.store, "event", eid)[0].body == body
    page.notes.toggle.setChecked(True)  # the preview renders Markdown, shows HTML as text
    rendered = page.notes.preview.toPlainText()
    assert "Figure unconfirmed" in rendered and "<script>x</script>" in rendered
    assert page.notes.preview.document().toHtml().count("font-weight") >= 1


def test_evidence_lists_passages_with_stance_and_orphans(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    eid = event_id(document.store, DEAL)
    document.select("event", eid)
    page = inspector.pages["event"]
    rows = [page.evidence.itemAt(i).widget() for i in range(page.evidence.count())]
    assert len(rows) == 2
    assert {r.stance.currentText() for r in rows} == {"supports", "mentions"}
    assert (
        "four months later" in rows[0].label.text() or "four months later" in rows[1].label.text()
    )
    index = rows[0].stance.findText("contradicts")
    rows[0].stance.setCurrentIndex(index)
    rows[0].stance.activated.emit(index)
    stances = {e.stance for e in queries.evidence(document.store, eid)}
    assert "contradicts" in stances
    # an orphaned passage stays listed, marked
    document.store.db.execute(
        "UPDATE sources SET text = replace(text, 'four months later', 'later on')"
    )
    document.store.db.conn.commit()
    document.select(None)
    document.select("event", eid)
    labels = [page.evidence.itemAt(i).widget().label.text() for i in range(page.evidence.count())]
    assert any("ORPHANED" in t or "text changed" in t for t in labels)


def test_quote_page_sets_speaker(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    qid = document.store.rows("quotes")[0]["id"]
    document.select("quote", qid)
    page = inspector.pages["quote"]
    assert page.speaker.currentText() == "Dan Pinkston"
    page.speaker.setFocus()
    qtbot.waitUntil(page.speaker.hasFocus)
    page.speaker.lineEdit().selectAll()
    qtbot.keyClicks(page.speaker.lineEdit(), "A New Analyst")
    qtbot.keyClick(page.speaker.lineEdit(), Qt.Key.Key_Return)
    q = queries.quote(document.store, qid)
    assert queries.speaker_name(document.store, q.speaker_id) == "A New Analyst"

"""People, lanes and eras from the window."""

from __future__ import annotations

from PySide6.QtCore import Qt

from citeline.core import queries


def test_people_panel_and_person_page(qtbot, window) -> None:
    doc = window.document
    panel = window.people
    names = [panel.list.item(i).text().split("\n")[0] for i in range(panel.list.count())]
    assert "Ahn Yinhay" in names
    panel.list.setCurrentRow(names.index("Ahn Yinhay"))
    assert doc.selected.kind == "person"
    page = window.inspector.pages["person"]
    assert page.aliases.text() == "안인해"
    assert "Speaks in 6 quote(s)" in page.appears.text()
    page.role.setFocus()
    qtbot.waitUntil(page.role.hasFocus)
    page.role.selectAll()
    qtbot.keyClicks(page.role, "Professor")
    qtbot.keyClick(page.role, Qt.Key.Key_Return)
    assert doc.store.row("people", doc.selected.id)["role"] == "Professor"
    person = doc.selected.id
    window.delete_action.trigger()
    assert doc.store.row("people", person) is None
    assert doc.store.count("quotes") == 11  # her quotes stay, without a speaker
    doc.undo_stack.undo()
    assert {queries.speaker_name(doc.store, q["speaker_id"]) for q in doc.store.rows("quotes")} == {
        "Dan Pinkston",
        "Ahn Yinhay",
    }


def test_lanes_and_eras_through_dialogs(qtbot, window, monkeypatch) -> None:
    doc = window.document
    answers = iter(["Courts", "Legal era", "2019 to 2020"])
    monkeypatch.setattr(
        "citeline.ui.organize.QInputDialog.getText",
        lambda *a, **k: (next(answers), True),
    )
    window.organize.new_lane()
    assert "Courts" in [lane.name for lane in queries.lanes(doc.store)]
    window.organize.new_era()
    era = next(e for e in queries.eras(doc.store) if e.name == "Legal era")
    assert era.date_edtf == "2019/2020"
    lanes = {lane.name: lane.id for lane in queries.lanes(doc.store)}
    monkeypatch.setattr(
        "citeline.ui.organize.QInputDialog.getItem",
        lambda parent, title, label, names, *a: (names[list(lanes).index("Analysis")], True),
    )
    window.organize.delete_lane()
    assert "Analysis" not in [lane.name for lane in queries.lanes(doc.store)]
    assert doc.store.count("quotes") == 11
    doc.undo_stack.undo()
    assert "Analysis" in [lane.name for lane in queries.lanes(doc.store)]
    # a date not understood is reported, nothing is added
    answers = iter(["Bad era", "Marhc 2021"])
    window.organize.new_era()
    assert "could not understand" in window.banner.text()
    assert "Bad era" not in [e.name for e in queries.eras(doc.store)]

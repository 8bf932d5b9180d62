"""History in the app: each action one entry with the author, undo and redo recorded as
such, the inspector's History section, Use This Value, Edit › History paging and filters,
and the author asked once."""

from __future__ import annotations

from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.core import items, queries
from citeline.core.history import chain
from citeline.ui.inspector import Inspector

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def entries(document) -> list[chain.Entry]:
    return list(chain.entries(document.store.db.conn))


def type_into(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    widget.selectAll()
    qtbot.keyClicks(widget, text)
    qtbot.keyClick(widget, Qt.Key.Key_Return)


def shown(qtbot, document) -> Inspector:
    inspector = Inspector(document)
    qtbot.addWidget(inspector)
    inspector.resize(420, 900)
    inspector.show()
    qtbot.waitExposed(inspector)
    return inspector


def test_inspector_edits_each_leave_one_entry_by_the_author(qtbot, document) -> None:
    document.set_author("A. Reporter")
    inspector = shown(qtbot, document)
    eid = event_id(document.store, DEAL)
    document.select("event", eid)
    page = inspector.pages["event"]
    n = len(entries(document))
    type_into(qtbot, page.date.edit, "8 April 2021")
    type_into(qtbot, page.title, "Deal signed")
    type_into(qtbot, page.tags, "SMA, money")
    new = entries(document)[n:]
    assert [e.action for e in new] == ["Change date", "Edit event", "Edit event"]
    assert {e.author for e in new} == {"A. Reporter"}
    assert [c[2] for c in new[0].changes] == ["date", "date_provenance"]
    assert new[1].changes == [("event", eid, "title", DEAL, "Deal signed")]
    assert new[2].changes == [("event", eid, "tags", ["SMA", "cost-sharing"], ["SMA", "money"])]
    assert document.store.version("event", eid) >= 4


def test_undo_and_redo_are_entries_naming_what_they_take_back(qtbot, document) -> None:
    document.set_author("B. Editor")
    eid = event_id(document.store, DEAL)
    document.push(items.set_status(document.store, "event", eid, "confirmed"))
    done = entries(document)[-1]
    document.undo()
    undo = entries(document)[-1]
    assert (undo.kind, undo.undoes, undo.action) == ("undo", done.id, "Undo Mark as confirmed")
    assert undo.changes == [("event", eid, "status", "confirmed", "unverified")]
    document.redo()
    redo = entries(document)[-1]
    assert (redo.kind, redo.undoes, redo.action) == ("redo", undo.id, "Redo Mark as confirmed")
    document.undo()
    assert entries(document)[-1].undoes == redo.id  # the latest doing of the step
    assert queries.event(document.store, eid).status == "unverified"
    assert document.store.verify_history() == "ok"


def test_the_history_section_shows_the_item_then_and_uses_an_old_value(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    eid = event_id(document.store, DEAL)
    document.set_author("A. Reporter")
    document.push(items.update_event(document.store, eid, date="2021-04-08"))
    document.set_author("B. Editor")
    document.push(items.update_event(document.store, eid, title="Deal signed"))
    document.select("event", eid)
    section = inspector.history
    assert section.isVisible()
    first = section.list.item(0).text()
    assert "B. Editor \u00b7 Edit event" in first and "Deal signed" in first
    second = section.list.item(1).text()
    assert "date: March 2021 \u2192 8 April 2021 (set by hand)" in second
    assert "A. Reporter" in second
    section.list.setCurrentRow(2)  # before either: the sample's note on the deal
    rows = [section.fields.topLevelItem(i) for i in range(section.fields.topLevelItemCount())]
    fields = {row.data(0, Qt.ItemDataRole.UserRole): row for row in rows}
    assert fields["title"].text(1).startswith("\u201cSeoul and the Biden")
    assert "now: \u201cDeal signed\u201d" in fields["title"].text(1)
    assert fields["date"].text(1).startswith("March 2021")
    section.fields.setCurrentItem(fields["date"])
    assert section.use.isEnabled()
    n = len(entries(document))
    section.use.click()
    ev = queries.event(document.store, eid)
    assert ev.date_edtf == "2021-03" and ev.title == "Deal signed"
    assert "four months later" in (ev.date_provenance or "")  # how it was found, back too
    last = entries(document)[-1]
    assert len(entries(document)) == n + 1 and last.action == "Use earlier date"
    document.undo()
    assert queries.event(document.store, eid).date_edtf == "2021-04-08"


def test_the_section_is_hidden_without_an_item(qtbot, document) -> None:
    inspector = shown(qtbot, document)
    document.select(None)
    assert not inspector.history.isVisible()
    document.select("source", 1)
    assert inspector.history.isVisible()
    assert "created" in inspector.history.list.item(inspector.history.list.count() - 1).text()


def _many_entries(document, n: int) -> None:
    conn = document.store.db.conn
    with document.store.db.atomic():
        for i in range(n):
            author = "A. Reporter" if i % 2 else "B. Editor"
            chain.append(
                conn,
                chain.Entry(0, f"2026-01-01T00:{i // 60 % 60:02d}:{i % 60:02d}Z", author,
                            "Change date", "edit", None, None,
                            [("event", 1 + i % 14, "importance", i % 5, (i + 1) % 5)]),
            )  # fmt: skip


def test_edit_history_reads_a_page_at_a_time_and_filters(qtbot, document) -> None:
    from citeline.ui.history_dialog import PAGE, HistoryDialog

    _many_entries(document, 3 * PAGE)
    dialog = HistoryDialog(document)
    qtbot.addWidget(dialog)
    model = dialog.model
    assert model.rowCount() == PAGE
    ids = [e.id for e in model.entries]
    assert ids == sorted(ids, reverse=True)  # newest first
    assert model.canFetchMore(model.index(-1, -1))
    model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == 2 * PAGE
    total = len(entries(document))
    assert dialog.count.text() == f"{total:,} entries"
    dialog.author.setCurrentIndex(dialog.author.findData("A. Reporter"))
    assert {e.author for e in model.entries} == {"A. Reporter"}
    assert dialog.count.text() == f"{3 * PAGE // 2:,} entries"
    dialog.kind.setCurrentText("Quotes")
    assert model.rowCount() == 0  # A. Reporter changed no quote
    dialog.author.setCurrentIndex(0)
    assert model.rowCount() == 11 and all(  # the sample's quotes
        any(c[0] == "quote" for c in e.changes) for e in model.entries
    )
    dialog.kind.setCurrentText("All changes")
    dialog.use_to.setChecked(True)
    dialog.date_to.setDate(dialog.date_to.date().fromString("2026-01-02", "yyyy-MM-dd"))
    assert {e.at[:10] for e in model.entries} <= {"2026-01-01", "2025-12-31"}
    dialog.table.selectRow(0)
    assert "Change date" in dialog.detail.toPlainText()
    assert "importance" in dialog.detail.toPlainText()


def test_the_author_is_asked_once_and_changed_in_preferences(qtbot, monkeypatch) -> None:
    from PySide6.QtWidgets import QDialog

    from citeline.ui import authors

    asked: list[str] = []

    def fake_exec(dialog) -> int:
        asked.append(dialog.name.text())
        dialog.name.setText("C. Checker")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(authors.AuthorDialog, "exec", fake_exec)
    monkeypatch.setenv("CITELINE_AUTHOR", "prefilled name")
    assert authors.ask_once(None) == "C. Checker"
    assert asked == ["prefilled name"]  # prefilled
    assert authors.ask_once(None) == "C. Checker" and len(asked) == 1  # asked once
    assert authors.current_author() == "C. Checker"

    def rename(dialog) -> int:
        dialog.name.setText("D. Desk")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(authors.AuthorDialog, "exec", rename)
    assert authors.preferences(None) == "D. Desk"
    assert authors.current_author() == "D. Desk"


def test_a_window_records_its_authors_edits(qtbot, window, monkeypatch) -> None:
    from citeline.ui import authors

    monkeypatch.setattr(authors, "preferences", lambda _parent: "E. Editor")
    window.preferences()
    eid = event_id(window.document.store, DEAL)
    window.document.push(items.set_status(window.document.store, "event", eid, "disputed"))
    assert entries(window.document)[-1].author == "E. Editor"
    window.show_history()
    dialog = window.history_dialog
    assert dialog.model.entries[0].author == "E. Editor"
    window.document.set_author("G. Later")
    window.document.push(items.set_status(window.document.store, "event", eid, "confirmed"))
    assert (dialog.model.entries[0].author, dialog.model.entries[0].action) == (
        "G. Later",
        "Mark as confirmed",
    )  # the open dialog follows new changes
    assert dialog.author.findData("G. Later") >= 0
    dialog.close()


def test_a_large_import_undone_and_redone_off_the_gui_thread_is_recorded(
    qtbot, window, tmp_path, monkeypatch
) -> None:
    from tests.ui.test_background_import import write_csv

    from citeline.ui import document as document_module

    monkeypatch.setattr(document_module, "LARGE", 400)  # undo and redo go to a worker
    doc = window.document
    doc.set_author("F. Importer")
    csv = write_csv(tmp_path / "big.csv", 600)
    window.files.import_paths([csv])
    qtbot.waitUntil(lambda: doc.undo_stack.count() == 1, timeout=20000)
    imported = entries(doc)[-1]
    assert (imported.author, imported.summary["origin"]) == ("F. Importer", "big.csv")
    doc.undo()
    assert doc.undo_stack.index() == 1  # written in the background
    qtbot.waitUntil(lambda: doc.undo_stack.index() == 0, timeout=20000)
    undo = entries(doc)[-1]
    assert (undo.kind, undo.undoes, undo.author) == ("undo", imported.id, "F. Importer")
    assert undo.summary["tables"]["events"]["removed"]["rows"] == 600
    doc.redo()
    qtbot.waitUntil(lambda: doc.undo_stack.index() == 1, timeout=20000)
    redo = entries(doc)[-1]
    assert (redo.kind, redo.undoes) == ("redo", undo.id)
    assert doc.store.verify_history() == "ok"

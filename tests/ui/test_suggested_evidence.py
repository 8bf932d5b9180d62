"""Suggested evidence in the app: import a second article, the 2021 deal shows its
proposed passage in Receipts, Accept (and undo), Dismiss (and it stays dismissed after
reopening); the reader marks proposed sentences; the status bar counts them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from tests.ui.conftest import event_id

from citeline.core import queries

FIXTURE = Path(__file__).parent.parent / "fixtures" / "second-article.txt"
SECOND = "Allies sign six-year troop cost deal"
DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"
SIGNED = "South Korea and the United States formally signed the new cost-sharing agreement"


def import_second(qtbot, window) -> int:
    doc = window.document
    window.files.import_paths([FIXTURE])
    qtbot.waitUntil(lambda: not doc.busy and doc.store.count("sources") == 2, timeout=5000)
    return int(doc.store.rows("sources", "title = ?", [SECOND])[0]["id"])


def cards(window) -> list:
    return window.receipts.suggested.cards


def test_import_propose_accept_undo_dismiss_and_reopen(qtbot, window, sample_path: Path) -> None:
    doc = window.document
    second = import_second(qtbot, window)

    # the status bar counts the new source's proposals; a click lists them
    notice = window.evidence_notice
    assert notice.isVisible()
    assert "of this source may report events on the timeline" in notice.text()
    titles = [a.text() for a in notice.menu().actions()]
    assert any(t.startswith(DEAL[:40]) and SIGNED[:20] in t for t in titles)

    # the reader marks the proposed sentences; hovering names the event
    assert window.reader.source_id == second
    marks = window.reader.evidence_marks
    signed_at = queries.source_text(doc.store, second).index(SIGNED)
    assert any(p.start == signed_at for p in marks.proposals)
    assert marks.selections()
    assert any(DEAL in line for line in marks.tooltip_lines(signed_at + 5))
    menu_texts = [a.text() for a in marks.menu(marks.at(signed_at + 5)).actions()]
    assert any(t.startswith("Accept as evidence for") and DEAL[:30] in t for t in menu_texts)

    # the 2021 deal: Receipts shows the signing sentence, with the date it gives
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    panel = window.receipts.suggested
    assert panel.isVisibleTo(window.receipts)
    top = cards(window)[0]
    assert top.proposal.source_id == second and top.proposal.text.startswith(SIGNED)
    assert SECOND in top.where.text()
    assert "8 Apr 2021" in top.why.text() and "outside the event's" in top.why.text()
    assert SIGNED in top.text.text()

    # Accept: one undo step adds it as evidence, and it is no longer proposed
    before = len(queries.evidence(doc.store, deal))
    qtbot.mouseClick(top.accept, Qt.MouseButton.LeftButton)
    cited = queries.evidence(doc.store, deal)
    assert len(cited) == before + 1
    assert any(e.passage.source_id == second and e.stance == "supports" for e in cited)
    assert all(c.proposal.start != signed_at for c in cards(window))
    assert doc.undo_stack.undoText() == "Accept suggested evidence"
    doc.undo()
    assert len(queries.evidence(doc.store, deal)) == before
    assert cards(window)[0].proposal.start == signed_at

    # Dismiss: gone, and remembered in the project
    qtbot.mouseClick(cards(window)[0].dismiss, Qt.MouseButton.LeftButton)
    assert all(c.proposal.start != signed_at for c in cards(window))
    window.close()

    from citeline.ui.app import build_window

    again = build_window(sample_path)
    qtbot.addWidget(again)
    again.document.select("event", deal)
    assert all(c.proposal.start != signed_at for c in again.receipts.suggested.cards)
    again.close()


def test_a_new_event_gets_its_proposals_without_a_rebuild(qtbot, window) -> None:
    doc = window.document
    import_second(qtbot, window)
    suggestions = window.receipts.suggested.suggestions
    suggester = suggestions.suggester
    index = suggester.index
    from citeline.core import items

    edit, new = items.add_event(doc.store, title="Seoul raises its contribution", date="2021")
    assert doc.push(edit)
    doc.select("event", new)
    found = [c.proposal.text for c in cards(window)]
    assert any("raises its contribution by 13.9 percent" in t for t in found)
    assert suggestions.suggester is suggester and suggester.index is index  # incremental


def test_a_large_project_reads_its_sources_in_the_background(qtbot, window, monkeypatch) -> None:
    from citeline.ui import evidence_suggestions

    monkeypatch.setattr(evidence_suggestions, "BUILD_IN_BACKGROUND", 0)
    doc = window.document
    import_second(qtbot, window)  # the index is not built yet: it is built off-thread
    panel = window.receipts.suggested
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    qtbot.waitUntil(lambda: bool(cards(window)), timeout=10000)
    assert cards(window)[0].proposal.text.startswith(SIGNED)
    assert panel.suggestions.ready
    # the import that came in while it was being read is counted once it is ready
    qtbot.waitUntil(window.evidence_notice.isVisible, timeout=10000)

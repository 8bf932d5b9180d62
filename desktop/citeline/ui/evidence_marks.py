"""Quiet marks in the reader on sentences proposed as evidence for some event: hovering
says which event, clicking offers Accept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint
from PySide6.QtGui import QColor, QTextCharFormat
from PySide6.QtWidgets import QMenu, QTextEdit

from citeline.core.evidence_finder import Proposal
from citeline.ui.evidence_suggestions import suggestions_of

if TYPE_CHECKING:
    from citeline.ui.reader import SourceReader

#: The mark: a dotted teal underline on a faint teal wash, quieter than a highlight.
MARK_COLOR = QColor(40, 130, 115)
MARK_WASH = QColor(40, 150, 130, 34)


class EvidenceMarks:
    """The proposals lying in the source a reader shows, as marks, tooltips and a menu."""

    def __init__(self, reader: SourceReader) -> None:
        self.reader = reader
        self.suggestions = suggestions_of(reader.document)
        self.proposals: list[Proposal] = []
        self.suggestions.updated.connect(self.refresh)

    def refresh(self) -> None:
        """Re-read the proposals of the shown source and repaint."""
        source_id = self.reader.source_id
        self.proposals = [] if source_id is None else self.suggestions.for_source(source_id)
        self.reader._paint_marks()

    def selections(self) -> list[QTextEdit.ExtraSelection]:
        """A dotted underline under every proposed sentence."""
        fmt = QTextCharFormat()
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
        fmt.setUnderlineColor(MARK_COLOR)
        fmt.setBackground(MARK_WASH)
        seen = set()
        out = []
        for p in self.proposals:
            if (p.start, p.end) not in seen:
                seen.add((p.start, p.end))
                out.append(self.reader._selection(p.start, p.end, fmt))
        return out

    def at(self, offset: int) -> list[Proposal]:
        return [p for p in self.proposals if p.start <= offset < p.end]

    def tooltip_lines(self, offset: int) -> list[str]:
        """What a hover says: the events this sentence may report."""
        store = self.reader.document.store
        lines = []
        for p in self.at(offset):
            row = store.row("events", p.event_id)
            if row is not None:
                lines.append(f"May report: {row['title']} (click to accept)")
        return lines

    def click(self, offset: int, pos: QPoint) -> bool:
        """Offer Accept for the proposals under a click; False when there are none."""
        here = self.at(offset)
        if not here:
            return False
        menu = self.menu(here)
        menu.exec(self.reader.text.viewport().mapToGlobal(pos))
        return True

    def menu(self, here: list[Proposal]) -> QMenu:
        store = self.reader.document.store
        menu = QMenu(self.reader)
        for p in here:
            row = store.row("events", p.event_id)
            if row is None:
                continue
            verb = "Accept as contradicting" if p.stance == "contradicts" else "Accept as evidence"
            title = row["title"] if len(row["title"]) <= 60 else row["title"][:59] + "\u2026"
            title = title.replace("&", "&&")  # a menu would take "&" for a shortcut mark
            menu.addAction(
                f"{verb} for \u201c{title}\u201d",
                lambda q=p: self.suggestions.accept(q),
            )
            menu.addAction(
                f"Dismiss for \u201c{title}\u201d", lambda q=p: self.suggestions.dismiss(q)
            )
        menu.setEnabled(self.reader.document.editable)  # nothing is saved while away
        return menu

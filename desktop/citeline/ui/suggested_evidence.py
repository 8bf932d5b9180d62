"""Receipts' "Suggested evidence": sentences of other sources that may report the
selected event, each with its source, its context, why it was proposed, and Accept /
Dismiss. A proposal whose date disagrees with the event's is shown with that date: that
is how a disagreement between sources is found."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from citeline.core.dates import shown_date
from citeline.core.evidence_finder import Proposal
from citeline.ui.document import Document, Selected
from citeline.ui.evidence_suggestions import suggestions_of
from citeline.ui.theme import FLAG_COLOR

#: How many proposals are shown at once (the rest are counted).
SHOWN = 8
#: Characters of context shown on each side of a proposed sentence.
CONTEXT = 70


def _plain(text: str = "", *, style: str = "") -> QLabel:
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if style:
        label.setStyleSheet(style)
    return label


def in_context(text: str, start: int, end: int, reach: int = CONTEXT) -> str:
    """The sentence in quotation marks with a few words either side ("…before “it” after…")."""
    before = text[max(0, start - reach) : start]
    after = text[end : end + reach]
    if start - reach > 0 and " " in before:
        before = "\u2026" + before.split(" ", 1)[1]
    if end + reach < len(text) and " " in after:
        after = after.rsplit(" ", 1)[0] + "\u2026"
    sentence = " ".join(text[start:end].split())
    return (
        " ".join(before.split())
        + (" " if before.strip() else "")
        + f"\u201c{sentence}\u201d"
        + (" " if after.strip() else "")
        + " ".join(after.split())
    )


def why(p: Proposal, event_date: str | None) -> str:
    """Why a proposal was made, in words ("names: Seoul · gives 8 Apr 2021, …")."""
    parts = []
    for reason in p.reasons:
        if reason.startswith("gives ") and p.date:
            said = f"gives {shown_date(p.date)}"
            if p.date_agrees is False:
                said += f", outside the event's {shown_date(event_date)}"
            parts.append(said)
        else:
            parts.append(reason)
    if p.stance == "contradicts":
        parts.append("reads as a denial")
    return " \u00b7 ".join(parts) or "shared words"


class ProposalCard(QFrame):
    """One proposed passage: where, what, why, and what to do with it."""

    def __init__(
        self, p: Proposal, source: dict[str, object], text: str, event_date: str | None
    ) -> None:
        super().__init__()
        self.proposal = p
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Suggested passage")
        where = " \u00b7 ".join(
            str(b)
            for b in (
                source.get("title"),
                source.get("outlet"),
                shown_date(source.get("published")),
            )  # type: ignore[arg-type]
            if b
        )
        self.where = _plain(where, style="font-weight: bold;")
        self.text = _plain(in_context(text, p.start, p.end))
        self.text.setAccessibleName("Passage in context")
        colour = f"color: {FLAG_COLOR.name()};" if p.date_agrees is False else "color: gray;"
        self.why = _plain(f"Why: {why(p, event_date)}", style=colour)
        self.why.setAccessibleName("Why it was proposed")
        self.accept = QPushButton(
            "Accept as contradicting" if p.stance == "contradicts" else "Accept"
        )
        self.accept.setToolTip("Add this passage as evidence for the event (Ctrl+Z undoes it)")
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setToolTip("Never propose this passage for this event again")
        self.read = QPushButton("Read")
        self.read.setToolTip("Open the source at this passage")
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.accept)
        buttons.addWidget(self.dismiss)
        buttons.addStretch(1)
        buttons.addWidget(self.read)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.setSpacing(2)
        layout.addWidget(self.where)
        layout.addWidget(self.text)
        layout.addWidget(self.why)
        layout.addLayout(buttons)


class SuggestedEvidencePanel(QWidget):
    """The selected event's suggested evidence, under its receipts."""

    readSource = Signal(int, int, int)  # source id, start, end

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.suggestions = suggestions_of(document)
        self.event_id: int | None = None
        self.cards: list[ProposalCard] = []
        self.setAccessibleName("Suggested evidence")
        self.heading = _plain("Suggested evidence", style="font-weight: bold;")
        self.note = _plain(style="color: gray;")
        self.body = QWidget()
        self.rows = QVBoxLayout(self.body)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.setSpacing(4)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.note)
        layout.addWidget(self.scroll, 1)
        document.selectionChanged.connect(self._on_selection)
        document.editableChanged.connect(self._editable)
        self.suggestions.updated.connect(lambda: self.show_event(self.event_id))
        self.hide()

    def show_event(self, event_id: int | None) -> None:
        """Show the proposals for an event (None: hide)."""
        self.event_id = event_id
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        while self.rows.count():
            self.rows.takeAt(0)
        store = self.document.store
        row = store.row("events", event_id) if event_id is not None else None
        if row is None:
            self.event_id = None
            self.hide()
            return
        if not self.suggestions.ready:
            self.heading.setText("Suggested evidence")
            self.note.setText("Reading the project's sources\u2026")
            self.show()
            return
        found = self.suggestions.for_event(row["id"])
        self.heading.setText(
            f"Suggested evidence ({len(found)})" if found else "Suggested evidence"
        )
        if not found:
            self.note.setText("No passage of another source reads like this event.")
        elif len(found) > SHOWN:
            self.note.setText(f"The best {SHOWN} of {len(found)}; accept or dismiss to see more.")
        else:
            self.note.setText("Passages of other sources that may report this event.")
        texts: dict[int, tuple[dict[str, object], str]] = {}
        for p in found[:SHOWN]:
            if p.source_id not in texts:
                source = store.row("sources", p.source_id) or {}
                texts[p.source_id] = (source, str(source.get("text", "")))
            source, text = texts[p.source_id]
            card = ProposalCard(p, source, text, row["date_edtf"])
            card.accept.clicked.connect(lambda _c=False, q=p: self.suggestions.accept(q))
            card.dismiss.clicked.connect(lambda _c=False, q=p: self.suggestions.dismiss(q))
            card.read.clicked.connect(
                lambda _c=False, q=p: self.readSource.emit(q.source_id, q.start, q.end)
            )
            card.accept.setEnabled(self.document.editable)
            card.dismiss.setEnabled(self.document.editable)
            self.cards.append(card)
            self.rows.addWidget(card)
        self.rows.addStretch(1)
        self.show()

    def _editable(self, on: bool) -> None:
        """Accept and Dismiss only while the project may be edited (Read stays)."""
        for card in self.cards:
            card.accept.setEnabled(on)
            card.dismiss.setEnabled(on)

    def _on_selection(self, selected: Selected | None) -> None:
        if selected is not None and selected.kind == "event":
            self.show_event(selected.id)
        elif selected is None or selected.kind in ("quote", "person"):
            self.show_event(None)

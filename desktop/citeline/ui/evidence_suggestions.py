"""Suggested evidence in the app: one suggester per open project, kept in step with edits.

:func:`suggestions_of` gives the document's :class:`EvidenceSuggestions`, shared by
Receipts, the reader and the status bar. Its index of sentences is built the first time
something asks, then follows every edit incrementally (an imported source is indexed on
its own, an edited event is one query): an in-memory index rather than a cache table,
because it is cheap to rebuild, never goes stale in the file, and keeps the project file
free of derived rows that every edit would have to rewrite.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from citeline.core import evidence
from citeline.core.errors import CitelineError
from citeline.core.evidence_finder import Proposal
from citeline.ui.document import Changes, Document

_ATTRIBUTE = "_evidence_suggestions"


def suggestions_of(document: Document) -> EvidenceSuggestions:
    """The document's suggested evidence (made on first use)."""
    found = getattr(document, _ATTRIBUTE, None)
    if found is None:
        found = EvidenceSuggestions(document)
        setattr(document, _ATTRIBUTE, found)
    return found


class EvidenceSuggestions(QObject):
    """Proposals for events and sources of the open project, and Accept / Dismiss."""

    updated = Signal()  # proposals may have changed

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.document = document
        self._suggester: evidence.EvidenceSuggester | None = None
        self._by_event: dict[int, list[Proposal]] = {}
        self._by_source: dict[int, list[Proposal]] = {}
        document.changed.connect(self._on_changed)

    @property
    def suggester(self) -> evidence.EvidenceSuggester:
        if self._suggester is None or self._suggester.store is not self.document.store:
            self._suggester = evidence.EvidenceSuggester(self.document.store)
            self._by_event.clear()
            self._by_source.clear()
        return self._suggester

    def for_event(self, event_id: int) -> list[Proposal]:
        """The event's proposals, best first ([] for an event no longer there)."""
        if event_id not in self._by_event:
            try:
                self._by_event[event_id] = self.suggester.for_event(event_id)
            except CitelineError:
                return []
        return self._by_event[event_id]

    def for_source(self, source_id: int) -> list[Proposal]:
        """The proposals lying in a source, for any event, best first."""
        if source_id not in self._by_source:
            self._by_source[source_id] = self.suggester.for_source(source_id)
        return self._by_source[source_id]

    def accept(self, proposal: Proposal) -> bool:
        """Cite the proposal as evidence for its event: one undo step."""
        try:
            edit = evidence.accept(self.document.store, proposal)
        except CitelineError as exc:
            self.document.failed.emit(str(exc)[0].upper() + str(exc)[1:])
            return False
        return self.document.push(edit)

    def dismiss(self, proposal: Proposal) -> bool:
        """Never propose this sentence for this event again (kept in the project)."""
        return self.document.push(evidence.dismiss(self.document.store, proposal))

    def _on_changed(self, changes: Changes) -> None:
        if changes.reset:
            self._suggester = None
            self._by_event.clear()
            self._by_source.clear()
            self.updated.emit()
            return
        watched = (
            "sources", "events", "evidence", "passages", "dismissed_evidence",
            "dismissed_suggestions",
        )  # fmt: skip
        if not changes.touches(*watched):
            return
        if self._suggester is not None:
            if changes.touches("sources"):
                self._suggester.refresh(changes.ids("sources"))
            if changes.touches("dismissed_suggestions"):  # a source's dates changed
                self._suggester.forget_dates({k[0] for k in changes.keys["dismissed_suggestions"]})
            events = changes.ids("events") | {k[0] for k in changes.keys.get("evidence", ())}
            if events:
                self._suggester.refresh_events(events)
        self._by_event.clear()
        self._by_source.clear()
        self.updated.emit()

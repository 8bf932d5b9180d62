"""Suggested evidence in the app: one suggester per open project, kept in step with edits.

:func:`suggestions_of` gives the document's :class:`EvidenceSuggestions`, shared by
Receipts, the reader and the status bar. Its index of sentences is built the first time
something asks — at once for a small project, in a background thread for a large one
(the panels say "Reading sources…" meanwhile, then fill in) — and then follows every
edit incrementally: an imported source is indexed on its own, an edited event is one
query. It is an in-memory index rather than a cache table because it is cheap to
rebuild, never goes stale in the file, and keeps derived rows out of a project that
every edit would otherwise have to rewrite.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Signal

from citeline.core import evidence
from citeline.core.errors import CitelineError
from citeline.core.evidence_finder import Proposal
from citeline.core.evidence_index import SentenceIndex
from citeline.ui.document import Changes, Document

_ATTRIBUTE = "_evidence_suggestions"
#: A project with more sources than this has its index built off the GUI thread.
BUILD_IN_BACKGROUND = 40


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
    _built = Signal(object, object)  # (store it was built for, SentenceIndex)

    def __init__(self, document: Document) -> None:
        super().__init__(document)
        self.document = document
        self._suggester: evidence.EvidenceSuggester | None = None
        self._building: object | None = None  # the store an index is being built for
        self._pending_sources: set[int] = set()
        self._pending_events: set[int] = set()
        self._by_event: dict[int, list[Proposal]] = {}
        self._by_source: dict[int, list[Proposal]] = {}
        document.changed.connect(self._on_changed)
        self._built.connect(self._on_built)

    @property
    def ready(self) -> bool:
        """Whether proposals can be given now (else the index is being built)."""
        return self._get() is not None

    @property
    def suggester(self) -> evidence.EvidenceSuggester:
        """The suggester, built now (on this thread) if it is not there yet."""
        found = self._get(wait=True)
        assert found is not None
        return found

    def _get(self, *, wait: bool = False) -> evidence.EvidenceSuggester | None:
        store = self.document.store
        if self._suggester is not None and self._suggester.store is store:
            return self._suggester
        count = store.count("sources")
        if wait or count <= BUILD_IN_BACKGROUND:
            self._adopt(evidence.EvidenceSuggester(store))
            return self._suggester
        if self._building is not store:
            self._building = store
            self._pending_sources.clear()
            self._pending_events.clear()
            rows = evidence.source_rows(store)
            threading.Thread(
                target=lambda: self._built.emit(store, evidence.build_index(rows)),
                name="evidence-index",
                daemon=True,
            ).start()
        return None

    def _on_built(self, store: object, index: SentenceIndex) -> None:
        if store is not self.document.store or self._building is not store:
            return  # another project was opened meanwhile
        self._building = None
        suggester = evidence.EvidenceSuggester(self.document.store, index=index)
        suggester.refresh(self._pending_sources)  # edits made while it was being built
        self._adopt(suggester)
        self.updated.emit()

    def _adopt(self, suggester: evidence.EvidenceSuggester) -> None:
        self._suggester = suggester
        self._building = None
        self._pending_sources.clear()
        self._pending_events.clear()
        self._by_event.clear()
        self._by_source.clear()

    def for_event(self, event_id: int) -> list[Proposal]:
        """The event's proposals, best first ([] for an event no longer there, or while
        the index is being built)."""
        if event_id not in self._by_event:
            suggester = self._get()
            if suggester is None:
                return []
            try:
                self._by_event[event_id] = suggester.for_event(event_id)
            except CitelineError:
                return []
        return self._by_event[event_id]

    def for_source(self, source_id: int) -> list[Proposal]:
        """The proposals lying in a source, for any event, best first."""
        if source_id not in self._by_source:
            suggester = self._get()
            if suggester is None:
                return []
            self._by_source[source_id] = suggester.for_source(source_id)
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
            self._building = None
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
        events = changes.ids("events") | {k[0] for k in changes.keys.get("evidence", ())}
        if self._building is not None:
            self._pending_sources |= changes.ids("sources")
            self._pending_events |= events
        elif self._suggester is not None:
            if changes.touches("sources"):
                self._suggester.refresh(changes.ids("sources"))
            if changes.touches("dismissed_suggestions"):  # a source's dates changed
                self._suggester.forget_dates({k[0] for k in changes.keys["dismissed_suggestions"]})
            if events:
                self._suggester.refresh_events(events)
        self._by_event.clear()
        self._by_source.clear()
        self.updated.emit()

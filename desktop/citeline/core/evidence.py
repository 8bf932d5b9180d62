"""Suggested evidence for a project: the finder over a Store, and the edits it offers.

:class:`EvidenceSuggester` keeps a :class:`SentenceIndex` of the project's sources in
memory and answers "what may report this event?" and "what in this source may report
events on the timeline?". It follows edits (:meth:`refresh`): a new source is indexed
on its own, a new event is one query; nothing re-reads the whole project on an ordinary
edit. Proposals already cited, or dismissed by the user (kept in the project, table
``dismissed_evidence``), are never returned.
"""

from __future__ import annotations

from collections.abc import Iterable

from citeline.core.conflicts import source_dates
from citeline.core.edits import Edit, insert
from citeline.core.edtf import parse_edtf
from citeline.core.errors import DateError, NotFoundError
from citeline.core.evidence_finder import (
    DEFAULT,
    EventQuery,
    Finder,
    Proposal,
    SourceDates,
    Weights,
)
from citeline.core.evidence_index import SentenceIndex
from citeline.core.evidence_text import terms
from citeline.core.items import PassageRef, add_evidence
from citeline.core.store import Store

#: How many events are read per query when the whole project is asked for.
CHUNK = 500


class EvidenceSuggester:
    """The project's sentences indexed once, and proposals for its events."""

    def __init__(self, store: Store, weights: Weights = DEFAULT, *, dates: bool = True) -> None:
        self.store = store
        self.index = SentenceIndex()
        self.finder = Finder(self.index, weights)
        self.use_dates = dates
        for r in store.db.execute("SELECT id, text, published FROM sources ORDER BY id"):
            self.index.add(int(r[0]), r[1], r[2])
        self._event_terms: dict[int, frozenset[str]] = {}
        self.refresh_events(None)

    # ------------------------------------------------------------ following edits

    def refresh(self, touched_sources: Iterable[int]) -> None:
        """Re-index the sources an edit added, changed or removed."""
        for source_id in set(touched_sources):
            row = self.store.db.execute(
                "SELECT text, published FROM sources WHERE id = ?", [source_id]
            ).fetchone()
            if row is None:
                self.index.remove(source_id)
            else:
                entry = self.index.sources.get(source_id)
                if entry is None or entry.text != row[0] or entry.published != row[1]:
                    self.index.add(source_id, row[0], row[1])
        self._new_finder()

    def refresh_events(self, event_ids: Iterable[int] | None) -> None:
        """Re-read what the given events (None: all) are compared by: their words count
        against each other, so a word every event shares tells none of them apart."""
        if event_ids is None:
            ids = [int(r[0]) for r in self.store.db.execute("SELECT id FROM events")]
            self._event_terms = {}
        else:
            ids = list(set(event_ids))
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            queries = self.queries(chunk)
            for event_id in chunk:
                query = queries.get(event_id)
                if query is None:
                    self._event_terms.pop(event_id, None)
                else:
                    self._event_terms[event_id] = frozenset(terms(query.text))
        self._new_finder()

    def _new_finder(self) -> None:
        finder = Finder(self.index, self.finder.weights)
        for held in self._event_terms.values():
            finder.event_df.update(held)
        finder.n_events = len(self._event_terms)
        self.finder = finder

    def set_weights(self, weights: Weights) -> None:
        """Score with other weights from now on (used to measure what each signal adds)."""
        self.finder = Finder(self.index, weights)
        self._new_finder()

    # ------------------------------------------------------------ asking

    def for_event(self, event_id: int, *, compete: bool = False) -> list[Proposal]:
        """Proposals for one event, best first. With ``compete``, a sentence that reads as
        closer to another event is left to that one (costs one query per such event)."""
        queries = self.queries([event_id])
        if event_id not in queries:
            raise NotFoundError(f"there is no event {event_id} in this project")
        found = self._propose(queries[event_id])
        if compete and found:
            others = self._rivals(found, exclude={event_id})
            found = [p for p in self.finder.compete([*found, *others]) if p.event_id == event_id]
        return self._unseen(found)

    def for_all(self, event_ids: Iterable[int] | None = None) -> list[Proposal]:
        """Proposals for every event (or those given), best first per event, after
        sentences went to the events they read closest to."""
        if event_ids is None:
            ids = [int(r[0]) for r in self.store.db.execute("SELECT id FROM events ORDER BY id")]
        else:
            ids = list(event_ids)
        found: list[Proposal] = []
        for start in range(0, len(ids), CHUNK):
            for query in self.queries(ids[start : start + CHUNK]).values():
                found.extend(self._propose(query))
        return self._unseen(self.finder.compete(found))

    def for_source(self, source_id: int) -> list[Proposal]:
        """Proposals lying in one source, for any event, best first."""
        return sorted(
            (p for p in self.for_all() if p.source_id == source_id),
            key=lambda p: (-p.score, p.start),
        )

    def queries(self, event_ids: list[int]) -> dict[int, EventQuery]:
        """What each event is compared by, read from the project."""
        if not event_ids:
            return {}
        marks = ",".join("?" * len(event_ids))
        events = self.store.query(
            f"SELECT id, title, description, date_edtf FROM events WHERE id IN ({marks})",
            event_ids,
        )
        cited: dict[int, list[tuple[int, int, int]]] = {}
        for r in self.store.db.execute(
            'SELECT v.event_id, p.source_id, p.start, p."end" FROM evidence v '
            f"JOIN passages p ON p.id = v.passage_id WHERE v.event_id IN ({marks})",
            event_ids,
        ):
            cited.setdefault(int(r[0]), []).append((int(r[1]), int(r[2]), int(r[3])))
        out = {}
        for e in events:
            spans = cited.get(e["id"], [])
            parts = [e["title"], e["description"] or ""]
            for source_id, start, end in spans:
                around = self.index.sentence_at(source_id, start, end)
                entry = self.index.sources.get(source_id)
                if around is not None and entry is not None:
                    parts.append(entry.text[around[0] : around[1]])
            try:
                date = parse_edtf(e["date_edtf"])
            except DateError:
                date = None
            out[e["id"]] = EventQuery(
                e["id"],
                "\n".join(p for p in parts if p),
                date,
                frozenset(s for s, _, _ in spans),
                frozenset(spans),
                e["title"],
            )
        return out

    # ------------------------------------------------------------ helpers

    def _propose(self, query: EventQuery) -> list[Proposal]:
        return self.finder.propose(query, self._dates(query) if self.use_dates else None)

    def _dates(self, query: EventQuery) -> dict[int, SourceDates]:
        """The dates found in the sources the event's candidates lie in (cached per source
        by the date finder's own cache)."""
        out: dict[int, SourceDates] = {}
        for n, _ in self.finder.candidates(query):
            source_id = self.index.s_source[n]
            if source_id not in out:
                out[source_id] = source_dates(self.store, source_id) or ()
        return out

    def _rivals(self, found: list[Proposal], exclude: set[int]) -> list[Proposal]:
        """Proposals of other events citing nothing in the same places (for competition)."""
        spans = {(p.source_id, p.start, p.end) for p in found}
        rivals: list[Proposal] = []
        ids = [int(r[0]) for r in self.store.db.execute("SELECT id FROM events")]
        for start in range(0, len(ids), CHUNK):
            chunk = [i for i in ids[start : start + CHUNK] if i not in exclude]
            for query in self.queries(chunk).values():
                rivals.extend(
                    p for p in self._propose(query) if (p.source_id, p.start, p.end) in spans
                )
        return rivals

    def _unseen(self, found: list[Proposal]) -> list[Proposal]:
        """Proposals less those the user dismissed."""
        dismissed = {
            (int(r[0]), int(r[1]), int(r[2]), int(r[3]))
            for r in self.store.db.execute(
                'SELECT event_id, source_id, start, "end" FROM dismissed_evidence'
            )
        }
        return [p for p in found if (p.event_id, p.source_id, p.start, p.end) not in dismissed]


def accept(store: Store, proposal: Proposal) -> Edit:
    """The edit citing a proposal as evidence for its event, with its stance."""
    ref = PassageRef(proposal.source_id, proposal.start, proposal.end, proposal.stance)
    edit = add_evidence(store, proposal.event_id, ref)
    return Edit("Accept suggested evidence", edit.changes)


def dismiss(store: Store, proposal: Proposal) -> Edit:
    """The edit remembering that a proposal is not evidence for its event."""
    row = {
        "event_id": proposal.event_id,
        "source_id": proposal.source_id,
        "start": proposal.start,
        "end": proposal.end,
    }
    if store.row("dismissed_evidence", tuple(row.values())) is not None:
        return Edit("Dismiss suggested evidence")
    return Edit("Dismiss suggested evidence", (insert("dismissed_evidence", row),))

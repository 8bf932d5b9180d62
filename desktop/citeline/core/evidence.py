"""Suggested evidence for a project: the finder over a Store, and the edits it offers.

:class:`EvidenceSuggester` keeps a :class:`SentenceIndex` of the project's sources in
memory and answers "what may report this event?" and "what in this source may report
events on the timeline?". It follows edits (:meth:`refresh`): a new source is indexed
on its own, a new event is one query; nothing re-reads the whole project on an ordinary
edit. Proposals already cited, or dismissed by the user (kept in the project, table
``dismissed_evidence``), are never returned.
"""

from __future__ import annotations

import bisect
import heapq
from collections.abc import Iterable, Iterator

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
from citeline.core.items import PassageRef, add_evidence
from citeline.core.store import Store

#: How many events are read per query when the whole project is asked for.
CHUNK = 500
#: At most this many sentences of one source are scored in full for one event...
IN_ONE_SOURCE = 3
#: ...and none whose word score is under this.
WEAK = 0.06


def _second(pair: tuple[int, float]) -> float:
    return pair[1]


class EvidenceSuggester:
    """The project's sentences and events indexed once, and proposals for its events."""

    def __init__(
        self,
        store: Store,
        weights: Weights = DEFAULT,
        *,
        dates: bool = True,
        index: SentenceIndex | None = None,
    ) -> None:
        """Index the project's sources (or take an index built elsewhere, for instance
        off the GUI thread by :func:`build_index`) and read its events."""
        self.store = store
        self.index = build_index(source_rows(store)) if index is None else index
        self.finder = Finder(self.index, weights)
        self.use_dates = dates
        self._queries: dict[int, EventQuery] = {}
        self._source_dates: dict[int, SourceDates] = {}
        self._event_terms: dict[int, frozenset[str]] = {}
        self._events_with: dict[str, set[int]] = {}  # title stem -> events
        self.refresh_events(None)

    # ------------------------------------------------------------ following edits

    def refresh(self, touched_sources: Iterable[int]) -> None:
        """Re-index the sources an edit added, changed or removed."""
        changed = False
        touched = set(touched_sources)
        self.forget_dates(touched)
        for source_id in touched:
            row = self.store.db.execute(
                "SELECT text, published FROM sources WHERE id = ?", [source_id]
            ).fetchone()
            entry = self.index.sources.get(source_id)
            if row is None:
                changed |= entry is not None
                self.index.remove(source_id)
            elif entry is None or entry.text != row[0] or entry.published != row[1]:
                self.index.add(source_id, row[0], row[1])
                changed = True
        if changed:
            self.finder.forget()

    def refresh_events(self, event_ids: Iterable[int] | None) -> None:
        """Re-read what the given events (None: all) are compared by. Their words count
        against each other, so a word every event shares tells none of them apart."""
        if event_ids is None:
            ids = [int(r[0]) for r in self.store.db.execute("SELECT id FROM events")]
            self._queries.clear()
            self._event_terms.clear()
            self._events_with.clear()
            self.finder.event_df.clear()
            self.finder.claimed.clear()
        else:
            ids = list(set(event_ids))
        df = self.finder.event_df
        for start in range(0, len(ids), CHUNK):
            chunk = ids[start : start + CHUNK]
            read = self.queries(chunk)
            for event_id in chunk:
                for t in self._event_terms.pop(event_id, frozenset()):
                    df[t] -= 1
                    if df[t] <= 0:
                        del df[t]
                old_query = self._queries.get(event_id)
                for t in self.finder.query_terms(old_query)[0] if old_query else ():
                    self._events_with.get(t, set()).discard(event_id)
                old = self._queries.pop(event_id, None)
                if old is not None:
                    self._claim(event_id, old, release=True)
                query = read.get(event_id)
                if query is None:
                    continue
                self._queries[event_id] = query
                self._claim(event_id, query)
                title, context = self.finder.query_terms(query)  # kept for its queries
                held = frozenset(title | context)
                self._event_terms[event_id] = held
                df.update(held)
                for t in title:
                    self._events_with.setdefault(t, set()).add(event_id)
        self.finder.n_events = len(self._queries)
        self.finder.forget()

    def _claim(self, event_id: int, query: EventQuery, *, release: bool = False) -> None:
        """Mark (or unmark) the sentences holding an event's own passages as its own."""
        for source_id, start, end in query.cited_spans:
            around = self.index.sentence_at(source_id, start, end)
            if around is None:
                continue
            key = (source_id, around[0])
            holders = self.finder.claimed.setdefault(key, set())
            if release:
                holders.discard(event_id)
                if not holders:
                    del self.finder.claimed[key]
            else:
                holders.add(event_id)

    def set_weights(self, weights: Weights) -> None:
        """Score with other weights from now on (used to measure what each signal adds)."""
        finder = Finder(self.index, weights)
        finder.event_df = self.finder.event_df
        finder.n_events = self.finder.n_events
        finder.claimed = self.finder.claimed
        self.finder = finder

    # ------------------------------------------------------------ asking

    def for_all(self) -> list[Proposal]:
        """Proposals for every event, best first per event (after each sentence went to
        the events it reads closest to, when events compete)."""
        return list(self.iter_all())

    def iter_all(self) -> Iterator[Proposal]:
        """:meth:`for_all` one event at a time, so a whole project's proposals need not
        all be held at once (they are when events compete for sentences)."""
        if self.finder.weights.compete:
            found: list[Proposal] = []
            for event_id in sorted(self._queries):
                found.extend(self._propose(self._queries[event_id]))
            yield from self._unseen(self.finder.compete(found))
            return
        dismissed = self._dismissed()
        for event_id in sorted(self._queries):
            for p in self._propose(self._queries[event_id]):
                if (p.event_id, p.source_id, p.start, p.end) not in dismissed:
                    yield p

    def for_event(self, event_id: int) -> list[Proposal]:
        """Proposals for one event, best first; a sentence reading closer to another
        event is left to that one."""
        query = self._queries.get(event_id)
        if query is None:
            raise NotFoundError(f"there is no event {event_id} in this project")
        found = self._propose(query)
        if not self.finder.weights.compete:
            return self._unseen(found)
        rivals: list[Proposal] = []
        for p in found:
            n = self._sentence_number(p)
            for other in self._events_sharing(n, exclude=event_id):
                rivals.extend(self._score_among(other, [n]))
        kept = self.finder.compete([*found, *rivals])
        return self._unseen([p for p in kept if p.event_id == event_id])

    def for_source(self, source_id: int) -> list[Proposal]:
        """Proposals lying in one source, for any event, best first: each event is scored
        against this source's sentences only, so a new source costs what it holds."""
        entry = self.index.sources.get(source_id)
        if entry is None:
            return []
        pairs: dict[int, list[int]] = {}
        for n in range(entry.first, entry.first + entry.count):
            for event_id in self._events_sharing(n):
                pairs.setdefault(event_id, []).append(n)
        found: list[Proposal] = []
        for event_id, numbers_ in pairs.items():
            found.extend(self._score_among(event_id, numbers_))
        kept = self._unseen(self.finder.compete(found))
        return sorted(kept, key=lambda p: (-p.score, p.start, p.event_id))

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
        sources = {self.index.s_source[n] for n, _ in self.finder.candidates(query)}
        return self.finder.propose(query, self._dates(sources))

    def _score_among(self, event_id: int, numbers_: list[int]) -> list[Proposal]:
        """An event's proposals among the given sentences only."""
        query = self._queries[event_id]
        among = self.finder.lexical_for(query, numbers_)
        # Only the few best-worded sentences are scored in full: the other signals never
        # lift a sentence sharing a word or two with an event's title to a proposal.
        among = heapq.nlargest(IN_ONE_SOURCE, (x for x in among if x[1] >= WEAK), key=_second)
        sources = {self.index.s_source[n] for n, _ in among}
        return self.finder.propose(query, self._dates(sources), among)

    def _events_sharing(self, n: int, exclude: int | None = None) -> set[int]:
        """Events whose title shares a telling stem with sentence ``n``."""
        out: set[int] = set()
        cap = max(50, len(self._queries) // 50)
        for t in self.finder.sentence(n)[0]:
            holders = self._events_with.get(t)
            if holders and len(holders) <= cap and self.finder.idf(t):
                out |= holders
        out.discard(exclude)  # type: ignore[arg-type]
        return out

    def _sentence_number(self, p: Proposal) -> int:
        entry = self.index.sources[p.source_id]
        last = entry.first + entry.count
        return bisect.bisect_left(self.index.s_start, p.start, entry.first, last)

    def _dates(self, sources: Iterable[int]) -> dict[int, SourceDates] | None:
        """The dates found in the given sources (cached per source by the date finder)."""
        if not self.use_dates:
            return None
        out = {}
        for s in sources:
            found = self._source_dates.get(s)
            if found is None:
                found = self._source_dates[s] = source_dates(self.store, s) or ()
            out[s] = found
        return out

    def forget_dates(self, source_ids: Iterable[int] | None = None) -> None:
        """Read the dates of these sources (None: all) again: their text, publication
        date or dismissed date suggestions changed."""
        if source_ids is None:
            self._source_dates.clear()
        for s in source_ids or ():
            self._source_dates.pop(s, None)

    def _unseen(self, found: list[Proposal]) -> list[Proposal]:
        """Proposals less those the user dismissed."""
        dismissed = self._dismissed()
        return [p for p in found if (p.event_id, p.source_id, p.start, p.end) not in dismissed]

    def _dismissed(self) -> set[tuple[int, int, int, int]]:
        return {
            (int(r[0]), int(r[1]), int(r[2]), int(r[3]))
            for r in self.store.db.execute(
                'SELECT event_id, source_id, start, "end" FROM dismissed_evidence'
            )
        }


def source_rows(store: Store) -> list[tuple[int, str, str | None]]:
    """(id, text, published) of every source: what the index is built from."""
    return [
        (int(r[0]), r[1], r[2])
        for r in store.db.execute("SELECT id, text, published FROM sources ORDER BY id")
    ]


def build_index(rows: Iterable[tuple[int, str, str | None]]) -> SentenceIndex:
    """The sentence index of the given sources (needs no project: runs on any thread)."""
    index = SentenceIndex()
    for source_id, text, published in rows:
        index.add(source_id, text, published)
    return index


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

"""What the app derives from the evidence, kept in one place: flags, first reported, counts.

An event's *derived facts* are never stored by hand: whether its sources disagree (see
:mod:`citeline.core.conflicts`), when it was first reported (the earliest publication
date among the sources of its evidence), and how many passages and sources back it.
Every view and every export reads them from here, so no view keeps a copy that an edit
can leave stale.

:class:`Facts` keeps the flags found so far for one open project. Whoever changes the
project tells it which events' facts may have changed (:func:`affected_events` maps an
edit's touched rows to them, evidence, passages, sources and dismissed dates included)
and it forgets those; readers then ask again. The same entry point,
:meth:`Facts.forget`, serves a change that arrives from elsewhere (another person's
edit pushed by a server): it needs only the event ids.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from citeline.core import conflicts, queries
from citeline.core.conflicts import Conflict, Reading
from citeline.core.store import Store

#: Beyond this many passages and sources touched, an edit changes every event's facts.
LOOKUP_LIMIT = 5000


@dataclass(frozen=True)
class EventFacts:
    """An event's derived facts, as every view and export shows them."""

    event_id: int
    conflict: Conflict | None  # None: its sources agree (or it has no evidence)
    first_reported: str | None  # EDTF, None when no dated source cites it
    passages: int
    sources: int

    @property
    def flagged(self) -> bool:
        return self.conflict is not None


class Facts:
    """The derived facts of one project's events, found when first asked and forgotten
    when an edit (or a change from elsewhere) may have changed them."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._known: set[int] = set()
        self._flagged: dict[int, Conflict] = {}

    # ------------------------------------------------------------------ flags

    def conflicts(
        self, event_ids: Iterable[int], pending: set[int] | None = None
    ) -> dict[int, Conflict]:
        """The flagged events among ``event_ids``, by id, finding the ones not known yet.

        With a ``pending`` set, sources the date finder has not read are not read now:
        their ids go into it and the events citing them stay unknown (ask again later).
        """
        ids = list(dict.fromkeys(event_ids))
        unknown = [i for i in ids if i not in self._known]
        if unknown:
            waiting: set[int] = set()
            found = conflicts.conflicts_for(
                self.store, unknown, waiting if pending is not None else None
            )
            self._flagged.update(found)
            if waiting and pending is not None:
                pending |= waiting
                # the events left out were not judged: only the flagged ones are known
                left = [i for i in unknown if i not in found]
                unjudged = self._citing_any(left, waiting)
                self._known.update(i for i in unknown if i not in unjudged)
            else:
                self._known.update(unknown)
        return {i: self._flagged[i] for i in ids if i in self._flagged}

    def conflict(self, event_id: int) -> Conflict | None:
        """The conflict of one event (None when its sources agree)."""
        return self.conflicts([event_id]).get(event_id)

    def described(self, event_id: int, show: Callable[[str], str]) -> Conflict | None:
        """The conflict of one event with its reasons' dates written by ``show`` ("8 Apr
        2021" in the app), or None when its sources agree."""
        found = self.conflict(event_id)
        if found is None:
            return None
        row = self.store.row("events", event_id)
        return found if row is None else conflicts.judge(row, list(found.readings), show) or found

    def is_known(self, event_id: int) -> bool:
        """Whether the flag of an event is known without asking the store."""
        return event_id in self._known

    @property
    def flagged(self) -> Mapping[int, Conflict]:
        """The flagged events known so far (read-only)."""
        return self._flagged

    def _citing_any(self, event_ids: list[int], source_ids: set[int]) -> set[int]:
        """Which of ``event_ids`` cite a passage of one of ``source_ids``."""
        out: set[int] = set()
        sources = sorted(source_ids)
        for start in range(0, len(event_ids), 500):
            chunk = event_ids[start : start + 500]
            out.update(
                int(r[0])
                for r in self.store.db.execute(
                    "SELECT DISTINCT v.event_id FROM evidence v "
                    "JOIN passages p ON p.id = v.passage_id "
                    f"WHERE v.event_id IN ({','.join('?' * len(chunk))}) "
                    f"AND p.source_id IN ({','.join('?' * len(sources))})",
                    [*chunk, *sources],
                )
            )
        return out

    # ------------------------------------------------------------------ one event

    def readings(self, event_id: int) -> list[Reading]:
        """What each evidence passage of an event says (source, stance, date)."""
        return conflicts.readings(self.store, event_id)

    def first_reported(self, event_id: int) -> str | None:
        """When an event was first reported (EDTF), from its evidence's sources."""
        return queries.first_reported(self.store, event_id)

    def of(self, event_id: int) -> EventFacts:
        """All the derived facts of one event."""
        found = self.readings(event_id)
        return EventFacts(
            event_id,
            self.conflict(event_id),
            self.first_reported(event_id),
            len(found),
            len({r.source_id for r in found}),
        )

    # ------------------------------------------------------------------ changes

    def forget(self, event_ids: Iterable[int] | None) -> None:
        """Forget what is known of ``event_ids`` (None: of every event)."""
        if event_ids is None:
            self._known.clear()
            self._flagged.clear()
            return
        for i in event_ids:
            self._known.discard(i)
            self._flagged.pop(i, None)


def affected_events(
    store: Store, touched: Mapping[str, Iterable[tuple[Any, ...]]]
) -> set[int] | None:
    """The events whose derived facts an edit may have changed, from the keys it touched.

    Read after the edit is in the file (undo and redo included): an event touched itself
    (its date decides its flag), the events of evidence rows added, removed or restanced,
    and the events citing a touched passage or source (a source's publication date, its
    text, its dismissed dates). A deleted passage or source takes its evidence rows with
    it in the same edit, so their events come from those rows. None (every event) for an
    edit of more than LOOKUP_LIMIT passages and sources, such as a large import: asking
    which events cite them would cost more than finding the flags again as needed.
    """
    out = {int(k[0]) for k in touched.get("events", ())}
    out |= {int(k[0]) for k in touched.get("evidence", ())}
    passages = sorted({int(k[0]) for k in touched.get("passages", ())})
    sources = sorted(
        {int(k[0]) for t in ("sources", "dismissed_suggestions") for k in touched.get(t, ())}
    )
    if len(passages) + len(sources) > LOOKUP_LIMIT:
        return None
    out |= _citing(store, "v.passage_id", passages)
    out |= _citing(store, "p.source_id", sources)
    return out


def _citing(store: Store, column: str, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        found.update(
            int(r[0])
            for r in store.db.execute(
                "SELECT DISTINCT v.event_id FROM evidence v "
                f"JOIN passages p ON p.id = v.passage_id WHERE {column} IN ({marks})",
                chunk,
            )
        )
    return found

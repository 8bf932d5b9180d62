"""Filters over events and quotes: text search, lanes, tags, people and a date range."""

from __future__ import annotations

from dataclasses import dataclass

from citeline.core import conflicts
from citeline.core.queries import FIRST_REPORTED_SQL, QUOTE_REPORTED_SQL
from citeline.core.store import Store


@dataclass(frozen=True)
class ItemFilter:
    """What the user asked to see; an empty filter shows everything."""

    text: str = ""
    lane_ids: frozenset[int] = frozenset()
    tags: frozenset[str] = frozenset()
    person_ids: frozenset[int] = frozenset()
    start: int | None = None
    end: int | None = None
    statuses: frozenset[str] = frozenset()
    #: only events whose sources disagree (see core.conflicts); quotes never are
    flagged: bool = False
    #: EDTF bounds on when an item was first reported (its sources' publication dates)
    reported_from: str | None = None
    reported_to: str | None = None

    @property
    def empty(self) -> bool:
        return not (
            self.text.strip()
            or self.lane_ids
            or self.tags
            or self.person_ids
            or self.start is not None
            or self.end is not None
            or self.statuses
            or self.flagged
            or self.reported_from
            or self.reported_to
        )


def matching(store: Store, f: ItemFilter) -> tuple[set[int], set[int]] | None:
    """The ids of the events and of the quotes that pass ``f`` (None: everything passes)."""
    if f.empty:
        return None
    results = []
    for kind, table in (("event", "events"), ("quote", "quotes")):
        where: list[str] = []
        params: list[object] = []
        if f.lane_ids:
            where.append(f"lane_id IN ({','.join('?' * len(f.lane_ids))})")
            params.extend(sorted(f.lane_ids))
        if f.start is not None:
            where.append("date_latest > ?")
            params.append(f.start)
        if f.end is not None:
            where.append("date_earliest < ?")
            params.append(f.end)
        if f.tags:
            link, col = (
                ("event_tags", "event_id") if kind == "event" else ("quote_tags", "quote_id")
            )
            where.append(
                f"id IN (SELECT x.{col} FROM {link} x JOIN tags t ON t.id = x.tag_id "
                f"WHERE t.name IN ({','.join('?' * len(f.tags))}))"
            )
            params.extend(sorted(f.tags))
        if f.person_ids:
            marks = ",".join("?" * len(f.person_ids))
            if kind == "event":
                where.append(
                    f"id IN (SELECT event_id FROM event_people WHERE person_id IN ({marks}))"
                )
            else:
                where.append(f"speaker_id IN ({marks})")
            params.extend(sorted(f.person_ids))
        if f.statuses:
            where.append(f"status IN ({','.join('?' * len(f.statuses))})")
            params.extend(sorted(f.statuses))
        if f.reported_from or f.reported_to:
            reported = FIRST_REPORTED_SQL if kind == "event" else QUOTE_REPORTED_SQL
            alias = "e" if kind == "event" else "q"
            where.append(f"id IN (SELECT {alias}.id FROM {table} {alias} WHERE {reported} >= ?")
            params.append(f.reported_from or "")
            where[-1] += " AND " + reported + " < ?)"
            params.append(_after(f.reported_to) if f.reported_to else "\uffff")
        if f.flagged and kind == "quote":
            where.append("0")
        sql = f"SELECT id FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
        ids = {r[0] for r in store.db.execute(sql, params)}
        if f.text.strip():
            hits = {r["item_id"] for r in store.search(f.text, limit=100_000) if r["kind"] == kind}
            if kind == "event":
                # an event also matches when a note on it or a passage it cites does
                hits |= _events_matching_notes(store, f.text)
            ids &= hits
        if f.flagged and kind == "event":
            ids &= set(conflicts.conflicts_for(store, sorted(ids)))
        results.append(ids)
    return results[0], results[1]


def _after(edtf: str) -> str:
    """A text bound just past every EDTF date that starts with ``edtf`` ("2021-04" keeps
    "2021-04-30" in): publication dates compare as text."""
    return edtf.rstrip("~?%") + "\uffff"


def _events_matching_notes(store: Store, text: str) -> set[int]:
    note_ids = [r["item_id"] for r in store.search(text, limit=100_000) if r["kind"] == "note"]
    if not note_ids:
        return set()
    marks = ",".join("?" * len(note_ids))
    rows = store.db.execute(
        f"SELECT item_id FROM notes WHERE item_type = 'event' AND id IN ({marks})", note_ids
    )
    return {r[0] for r in rows}

"""Filters over events and quotes: text search, lanes, tags, people and a date range."""

from __future__ import annotations

import math
from dataclasses import dataclass

from citeline.core import conflicts, summaries
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


#: (id, earliest, latest, lane key) of an item that passes a filter.
Row = tuple[int, int, int, int]


def matching(store: Store, f: ItemFilter) -> tuple[set[int], set[int]] | None:
    """The ids of the events and of the quotes that pass ``f`` (None: everything passes)."""
    return matching_ids(store, f)


def restriction(f: ItemFilter) -> tuple[frozenset[int] | None, int | None, int | None] | None:
    """(lanes or None for all, start, end) when ``f`` filters by lanes and dates alone
    (None otherwise): what passes is then a restriction of the timeline's own index."""
    if f.empty or not _lanes_and_dates_only(f):
        return None
    return (f.lane_ids or None), f.start, f.end


def _lanes_and_dates_only(f: ItemFilter) -> bool:
    return not (
        f.text.strip()
        or f.tags
        or f.person_ids
        or f.statuses
        or f.flagged
        or f.reported_from
        or f.reported_to
    )


def matching_ids(
    store: Store, f: ItemFilter, kinds: tuple[str, ...] = ("event", "quote")
) -> tuple[set[int], set[int]] | None:
    """The ids of the events and of the quotes that pass ``f`` (None: everything passes;
    a kind not in ``kinds`` gets none); reads no times when it does not have to."""
    if f.empty:
        return None
    if not _lanes_and_dates_only(f):
        rows = matching_rows(store, f, kinds)
        assert rows is not None
        return {r[0] for r in rows[0]}, {r[0] for r in rows[1]}
    found = [
        {r[0] for r in _spans_in(store, kind, f, "id")} if kind in kinds else set()
        for kind in ("event", "quote")
    ]
    return found[0], found[1]


def matching_rows(
    store: Store, f: ItemFilter, kinds: tuple[str, ...] = ("event", "quote")
) -> tuple[list[Row], list[Row]] | None:
    """(id, earliest, latest, lane key) of the events and of the quotes that pass ``f``
    (None: everything passes; a kind not in ``kinds`` gets no rows).

    A filter by lanes and dates alone is answered from the timeline's span table (one
    short index range per lane and duration class), never by reading every item; the
    others by one statement per kind that gives the times with the ids.
    """
    if f.empty:
        return None
    only_where = _lanes_and_dates_only(f)
    results: list[list[Row]] = []
    for kind, table in (("event", "events"), ("quote", "quotes")):
        if kind not in kinds:
            results.append([])
        elif only_where:
            results.append(_spans_in(store, kind, f))
        else:
            results.append(_rows_passing(store, kind, table, f))
    return results[0], results[1]


#: Bounds wider than any instant an item can have.
_FAR = 1 << 60


def span_bounds(f: ItemFilter) -> tuple[int, int]:
    """The filter's dates as whole seconds (lo, hi): an item with latest >= lo and
    earliest <= hi passes them (the filter keeps latest > start and earliest < end, and
    instants are whole seconds)."""
    lo = -_FAR if f.start is None else math.floor(f.start) + 1
    hi = _FAR if f.end is None else math.ceil(f.end) - 1
    return lo, hi


def _spans_in(store: Store, kind: str, f: ItemFilter, columns: str = "") -> list[Row]:
    """The items of one kind in the filter's lanes overlapping its date range."""
    conn = store.db.conn
    lanes = sorted(f.lane_ids) if f.lane_ids else summaries.lane_keys(conn, kind)
    lo, hi = span_bounds(f)
    out: list[Row] = []
    for lane in lanes:
        classes = summaries.span_classes(conn, kind, lane)
        rows = summaries.overlapping(
            conn,
            kind,
            lane,
            lo,
            hi,
            classes,
            columns=columns or f"id, earliest, latest, {int(lane)}",
        )
        out.extend(rows)  # type: ignore[arg-type]
    return out


def _rows_passing(store: Store, kind: str, table: str, f: ItemFilter) -> list[Row]:
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
        link, col = ("event_tags", "event_id") if kind == "event" else ("quote_tags", "quote_id")
        where.append(
            f"id IN (SELECT x.{col} FROM {link} x JOIN tags t ON t.id = x.tag_id "
            f"WHERE t.name IN ({','.join('?' * len(f.tags))}))"
        )
        params.extend(sorted(f.tags))
    if f.person_ids:
        marks = ",".join("?" * len(f.person_ids))
        if kind == "event":
            where.append(f"id IN (SELECT event_id FROM event_people WHERE person_id IN ({marks}))")
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
    sql = (
        f"SELECT id, date_earliest, date_latest, COALESCE(lane_id, {summaries.NO_LANE}) "
        f"FROM {table}" + (" WHERE " + " AND ".join(where) if where else "")
    )
    rows: list[Row] = store.db.execute(sql, params).fetchall()
    if f.text.strip():
        hits = {r["item_id"] for r in store.search(f.text, limit=100_000) if r["kind"] == kind}
        if kind == "event":
            # an event also matches when a note on it or a passage it cites does
            hits |= _events_matching_notes(store, f.text)
        rows = [r for r in rows if r[0] in hits]
    if f.flagged and kind == "event":
        flagged = set(conflicts.conflicts_for(store, sorted(r[0] for r in rows)))
        rows = [r for r in rows if r[0] in flagged]
    return rows


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

"""Read-side questions about a project, answered from the store.

The timeline asks only for what lies in its visible window (``items_in``); the reader
asks for a source's passages and the items that cite them.
"""

from __future__ import annotations

import math
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from citeline.core import errors, summaries
from citeline.core.anchoring import Resolution, Selector, resolve
from citeline.core.layout.ranks import Found, best_of, take_ranked
from citeline.core.model import Era, Event, Evidence, Lane, Note, Passage, Person, Quote, Source
from citeline.core.store import Store


@dataclass(frozen=True)
class TimelineItem:
    """What the timeline needs to draw one event or quote."""

    kind: str  # "event" | "quote"
    id: int
    title: str
    date_edtf: str
    precision: str
    earliest: int
    latest: int
    lane_id: int | None
    importance: int
    status: str = "unverified"
    #: whether its evidence disagrees (see core.conflicts); the timeline fills it in
    flagged: bool = False

    @property
    def approximate(self) -> bool:
        return "~" in self.date_edtf or "%" in self.date_edtf

    @property
    def uncertain(self) -> bool:
        return "?" in self.date_edtf or "%" in self.date_edtf


@dataclass(frozen=True)
class Highlight:
    """A passage of a source with the items that cite it."""

    passage: Passage
    resolution: Resolution
    events: tuple[int, ...]
    quotes: tuple[int, ...]


def lanes(store: Store) -> list[Lane]:
    """The project's lanes, top to bottom."""
    return [Lane(**r) for r in store.rows("lanes", order="position, id")]


def eras(store: Store) -> list[Era]:
    """The project's eras, in time order."""
    return [Era(**r) for r in store.rows("eras", order="date_earliest, id")]


def people(store: Store) -> list[Person]:
    """Everyone in the project, by name."""
    return [Person.from_row(r) for r in store.rows("people", order="name COLLATE NOCASE")]


def sources(store: Store) -> list[Source]:
    """The project's sources (without their text), by publication date then title."""
    cols = ", ".join(f'"{c}"' for c in Source.__dataclass_fields__)
    rows = store.query(f"SELECT {cols} FROM sources ORDER BY published, title")
    return [Source.from_row(r) for r in rows]


def source(store: Store, source_id: int) -> Source:
    """One source's metadata."""
    row = store.row("sources", source_id)
    if row is None:
        raise errors.NotFoundError(f"there is no source {source_id}")
    return Source.from_row(row)


def event(store: Store, event_id: int) -> Event:
    """One event with its tags."""
    row = store.row("events", event_id)
    if row is None:
        raise errors.NotFoundError(f"there is no event {event_id}")
    return Event.from_row(row, tuple(tags_of(store, "event", event_id)))


def quote(store: Store, quote_id: int) -> Quote:
    """One quote."""
    row = store.row("quotes", quote_id)
    if row is None:
        raise errors.NotFoundError(f"there is no quote {quote_id}")
    return Quote.from_row(row)


def tags_of(store: Store, kind: str, item_id: int) -> list[str]:
    """The tag names of an event or quote."""
    table, col = ("event_tags", "event_id") if kind == "event" else ("quote_tags", "quote_id")
    rows = store.query(
        f"SELECT t.name FROM tags t JOIN {table} x ON x.tag_id = t.id WHERE x.{col} = ? "
        "ORDER BY t.name",
        [item_id],
    )
    return [r["name"] for r in rows]


def speaker_name(store: Store, person_id: int | None) -> str:
    """A person's name, or "" when unknown."""
    if person_id is None:
        return ""
    row = store.db.execute("SELECT name FROM people WHERE id = ?", [person_id]).fetchone()
    return str(row[0]) if row else ""


def people_of(store: Store, event_id: int) -> list[int]:
    """The ids of the people linked to an event."""
    rows = store.query("SELECT person_id FROM event_people WHERE event_id = ?", [event_id])
    return [r["person_id"] for r in rows]


def evidence(store: Store, event_id: int) -> list[Evidence]:
    """The passages an event cites, with their stance, in source order."""
    rows = store.query(
        "SELECT p.*, e.stance FROM evidence e JOIN passages p ON p.id = e.passage_id "
        "WHERE e.event_id = ? ORDER BY p.source_id, p.start",
        [event_id],
    )
    return [Evidence(event_id, Passage.from_row(r), r["stance"]) for r in rows]


def passage(store: Store, passage_id: int) -> Passage:
    """One passage."""
    row = store.row("passages", passage_id)
    if row is None:
        raise errors.NotFoundError(f"there is no passage {passage_id}")
    return Passage.from_row(row)


def resolve_passage(store: Store, p: Passage, text: str | None = None) -> Resolution:
    """Where a passage lies in its source's current text (or that it is orphaned)."""
    if text is None:
        text = source_text(store, p.source_id)
    return resolve(text, Selector(p.start, p.end, p.exact, p.prefix, p.suffix))


def source_text(store: Store, source_id: int) -> str:
    """The normalized full text of a source."""
    row = store.db.execute("SELECT text FROM sources WHERE id = ?", [source_id]).fetchone()
    if row is None:
        raise errors.NotFoundError(f"there is no source {source_id}")
    return str(row[0])


def highlights(store: Store, source_id: int) -> list[Highlight]:
    """Every passage of a source that an item cites, resolved in its text."""
    text = source_text(store, source_id)
    rows = store.rows("passages", "source_id = ?", [source_id], order="start")
    # Who cites which passage, read for the whole source at once: a source of a large
    # project can hold thousands of passages.
    events: dict[int, list[int]] = {}
    quotes: dict[int, list[int]] = {}
    for pid, eid in store.db.execute(
        "SELECT v.passage_id, v.event_id FROM evidence v JOIN passages p ON p.id = v.passage_id "
        "WHERE p.source_id = ? ORDER BY v.passage_id, v.event_id",
        [source_id],
    ):
        events.setdefault(pid, []).append(eid)
    for pid, qid in store.db.execute(
        "SELECT q.passage_id, q.id FROM quotes q JOIN passages p ON p.id = q.passage_id "
        "WHERE p.source_id = ? ORDER BY q.passage_id, q.id",
        [source_id],
    ):
        quotes.setdefault(pid, []).append(qid)
    out = []
    for r in rows:
        ev, qs = events.get(r["id"], []), quotes.get(r["id"], [])
        if not ev and not qs:
            continue
        p = Passage.from_row(r)
        out.append(Highlight(p, resolve_passage(store, p, text), tuple(ev), tuple(qs)))
    return out


def notes(store: Store, item_type: str, item_id: int) -> list[Note]:
    """The notes on an item, oldest first."""
    rows = store.rows("notes", "item_type = ? AND item_id = ?", [item_type, item_id], order="id")
    return [Note(**r) for r in rows]


_ITEM_COLS = {
    "event": "'event' AS kind, id, title, date_edtf, date_precision, date_earliest, "
    "date_latest, lane_id, importance, status FROM events",
    "quote": "'quote' AS kind, id, text AS title, date_edtf, date_precision, date_earliest, "
    "date_latest, lane_id, 0 AS importance, status FROM quotes",
}

#: SQL giving the first publication date among the sources an event ``e`` cites.
#: Publication dates are EDTF, whose calendar forms sort as text.
FIRST_REPORTED_SQL = (
    "(SELECT MIN(s.published) FROM evidence v JOIN passages p ON p.id = v.passage_id "
    "JOIN sources s ON s.id = p.source_id WHERE v.event_id = e.id)"
)
#: SQL giving the publication date of the source a quote ``q`` comes from.
QUOTE_REPORTED_SQL = (
    "(SELECT s.published FROM passages p JOIN sources s ON s.id = p.source_id "
    "WHERE p.id = q.passage_id)"
)


def first_reported(store: Store, event_id: int) -> str | None:
    """When an event was first reported: the earliest publication date (EDTF) among the
    sources of its evidence, or None when none of them has one.

    Computed on every call, never stored, so it follows the evidence and the sources'
    dates as they change.
    """
    row = store.db.execute(
        f"SELECT {FIRST_REPORTED_SQL} FROM events e WHERE e.id = ?", [event_id]
    ).fetchone()
    return None if row is None else row[0]


def first_reported_all(store: Store) -> dict[int, str]:
    """``first_reported`` of every event that has one, by event id (one query)."""
    rows = store.db.execute(
        "SELECT v.event_id, MIN(s.published) FROM evidence v "
        "JOIN passages p ON p.id = v.passage_id JOIN sources s ON s.id = p.source_id "
        "WHERE s.published IS NOT NULL GROUP BY v.event_id"
    )
    return {int(r[0]): str(r[1]) for r in rows}


def items_in(
    store: Store,
    t0: float,
    t1: float,
    *,
    kinds: tuple[str, ...] = ("event", "quote"),
    lane_id: int | str | None = "all",
    limit: int | None = None,
    plans: dict[tuple[str, int], RankPlan] | None = None,
) -> list[TimelineItem]:
    """Events and quotes overlapping [t0, t1), earliest first (then kind, then id).

    The items are found in the file's span summary, one short index range per
    duration class of the lane, then read by id; ``lane_id`` "all" means every lane,
    None the items with no lane. ``plans`` is as for :func:`ranked_items`: with it only
    the duration classes a lane has are looked at.
    """
    conn = store.db.conn
    lo, hi = math.floor(t0), math.floor(t1)
    out: list[TimelineItem] = []
    for kind in kinds:
        if lane_id == "all":
            keys = summaries.lane_keys(conn, kind)
        else:
            keys = [summaries.NO_LANE if lane_id is None else int(lane_id)]
        ids: list[int] = []
        for key in keys:
            # One statement, a seek for each class.
            classes = (
                summaries.ALL_CLASSES if plans is None else _plan(conn, kind, key, plans).classes
            )
            # [t0, t1): items ending after t0 (latest > t0) and starting by t1's second.
            found = summaries.overlapping(conn, kind, key, lo, hi, classes)
            ids.extend(i for _, i, late in found if late > t0)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_ITEM_COLS[kind]} WHERE id IN ({marks})"
            out.extend(TimelineItem(*r) for r in conn.execute(sql, chunk))
    out.sort(key=lambda i: (i.earliest, i.kind, i.id))
    return out[:limit] if limit is not None else out


#: How an item's evidence is counted for ranking: an event's cited passages; a quote's
#: own passage (one, or none when it was cut loose).
_EVIDENCE_COUNT = {
    "event": "(SELECT COUNT(*) FROM evidence v WHERE v.event_id = events.id)",
    "quote": "(passage_id IS NOT NULL)",
}


def rank_key(item: TimelineItem, evidence: int) -> tuple[int, int, int, str, int]:
    """The sort key of an item by importance: importance, then evidence, then date order."""
    return (-item.importance, -evidence, item.earliest, item.kind, item.id)


class RankPlan(NamedTuple):
    """What a rank query needs to know of a lane's items of one kind: their ranks
    (importance, evidence), highest first, and their duration classes."""

    tiers: list[tuple[int, int]]
    classes: tuple[int, ...]


def _plan(
    conn: sqlite3.Connection, kind: str, lane: int, plans: dict[tuple[str, int], RankPlan] | None
) -> RankPlan:
    """A lane's rank plan, from ``plans`` when kept there (and then kept there)."""
    plan = plans.get((kind, lane)) if plans is not None else None
    if plan is None:
        plan = RankPlan(
            summaries.rank_tiers(conn, kind, lane),
            tuple(summaries.span_classes(conn, kind, lane)),
        )
        if plans is not None:
            plans[(kind, lane)] = plan
    return plan


def ranked_items(
    store: Store,
    t0: float,
    t1: float,
    *,
    limit: int,
    kinds: tuple[str, ...] = ("event", "quote"),
    lane_id: int | str | None = "all",
    plans: dict[tuple[str, int], RankPlan] | None = None,
) -> list[tuple[TimelineItem, int]]:
    """The ``limit`` most important items overlapping [t0, t1), with their evidence counts.

    Most important first: importance, then the number of evidence passages, then date
    order (earliest, kind, id), the order of :func:`rank_key`. ``lane_id`` means what
    it means for :func:`items_in`.

    Read from the span summary's rank index one rank (importance and evidence count) at
    a time, highest first, and within it by duration class: a handful of seeks whether
    the window holds three items or three hundred thousand. A caller asking often keeps
    ``plans`` (each lane's ranks and duration classes, read once) until the project
    changes, so each call is only those seeks.
    """
    keys = ranked_keys(store, t0, t1, limit=limit, kinds=kinds, lane_id=lane_id, plans=plans)
    return with_rows(store, keys)


def ranked_keys(
    store: Store,
    t0: float,
    t1: float,
    *,
    limit: int,
    kinds: tuple[str, ...] = ("event", "quote"),
    lane_id: int | str | None = "all",
    plans: dict[tuple[str, int], RankPlan] | None = None,
) -> list[tuple[str, int, int]]:
    """(kind, id, evidence count) of what :func:`ranked_items` finds, without reading the
    items' rows: a caller asking for many windows reads them all at once
    (:func:`with_rows`)."""
    if limit <= 0:
        return []
    conn = store.db.conn
    # latest > t0 is latest >= floor(t0) + 1: whole seconds.
    lo, hi = math.floor(t0) + 1, math.floor(t1)
    found: list[Found] = []
    for kind in kinds:
        if lane_id == "all":
            keys = summaries.lane_keys(conn, kind)
        else:
            keys = [summaries.NO_LANE if lane_id is None else int(lane_id)]
        for key in keys:
            plan = _plan(conn, kind, key, plans)

            def first(
                tier: tuple[int, int],
                n: int,
                kind: str = kind,
                key: int = key,
                plan: RankPlan = plan,
            ) -> list[tuple[int, int]]:
                return summaries.first_of_tier(conn, kind, key, tier, lo, hi, n, plan.classes)

            take_ranked(found, kind, ((imp, n, (imp, n)) for imp, n in plan.tiers), first, limit)
    return best_of(found, limit)


def span_rows(
    store: Store, kinds: tuple[str, ...] = ("event", "quote")
) -> Iterator[tuple[str, int, int, int, int, int, int, int]]:
    """Every item of ``kinds`` as the rank index of the span summary files it: (kind,
    lane key, importance, evidence, duration class, earliest, id, latest), in that
    index's order (one scan of the index, no sort), for
    :class:`~citeline.core.layout.ranks.RankIndex`."""
    marks = ",".join("?" * len(kinds))
    yield from store.db.conn.execute(
        "SELECT kind, lane_key, importance, evidence, span_class, earliest, id, latest "
        "FROM timeline_spans INDEXED BY timeline_spans_rank "
        f"WHERE kind IN ({marks}) "
        "ORDER BY kind, lane_key, importance DESC, evidence DESC, span_class, earliest, id",
        list(kinds),
    )


#: Items per row of the packed reads below: each row is one step of SQLite, and a
#: worker thread waits for Python's lock after each step while the GUI thread draws.
PACK = 4096


def _packed(
    store: Store,
    source: str,
    params: list[object],
    group: str,
    order: str,
    columns: tuple[str, ...],
    group_order: str | None = None,
) -> Iterator[tuple[Any, ...]]:
    """The rows of ``source`` (a query giving ``group``'s and ``columns``' columns) by
    group, in ``order`` within a group, up to PACK of them a row: (the group's columns,
    then each of ``columns`` as its values joined by commas, in that order). Groups come
    in ``group_order`` (``group`` by default)."""
    outer = group_order or group
    joined = ", ".join(f"group_concat({c})" for c in columns)
    yield from store.db.conn.execute(
        f"SELECT {group}, {joined} FROM (SELECT {group}, {', '.join(columns)}, "
        f"(ROW_NUMBER() OVER (PARTITION BY {group} ORDER BY {order}) - 1) / {PACK} AS part "
        f"FROM ({source}) ORDER BY {outer}, {order}) "
        f"GROUP BY {group}, part ORDER BY {outer}, part",
        params,
    )


def _spans_of(kinds: tuple[str, ...], columns: str) -> str:
    """A query of ``columns`` of the span summary's items of ``kinds`` (one ? a kind)."""
    return f"SELECT {columns} FROM timeline_spans WHERE kind IN ({','.join('?' * len(kinds))})"


def span_times_packed(
    store: Store, kinds: tuple[str, ...] = ("event", "quote")
) -> Iterator[tuple[int, str, str, str]]:
    """Every item of ``kinds`` by lane, then earliest, then index key (``id * 2`` for an
    event, ``id * 2 + 1`` for a quote), up to PACK items a row: (lane key, and their
    earliest, latest and keys, each as comma-separated integers)."""
    source = _spans_of(kinds, "lane_key, earliest, latest, id * 2 + (kind = 'quote') AS k")
    return _packed(
        store, source, list(kinds), "lane_key", "earliest, k", ("earliest", "latest", "k")
    )


def span_ends_packed(
    store: Store, kinds: tuple[str, ...] = ("event", "quote")
) -> Iterator[tuple[int, str]]:
    """Every item's latest instant by lane, in order, up to PACK a row: (lane key,
    comma-separated integers)."""
    source = _spans_of(kinds, "lane_key, latest")
    return _packed(store, source, list(kinds), "lane_key", "latest", ("latest",))


def finest_counts_packed(
    store: Store, level: int, kinds: tuple[str, ...] = ("event", "quote")
) -> Iterator[tuple[int, str, str, str]]:
    """The count pyramid's buckets of one level by lane and bucket, kinds summed, up to
    PACK buckets a row: (lane key, and their buckets, starts and ends, each as
    comma-separated integers)."""
    marks = ",".join("?" * len(kinds))
    source = (
        "SELECT lane_key, bucket, SUM(starts) AS s, SUM(ends) AS e "
        f"FROM timeline_counts WHERE kind IN ({marks}) AND level = ? GROUP BY lane_key, bucket"
    )
    return _packed(store, source, [*kinds, level], "lane_key", "bucket", ("bucket", "s", "e"))


def span_runs_packed(
    store: Store, kinds: tuple[str, ...] = ("event", "quote")
) -> Iterator[tuple[str, int, int, int, int, str, str, str]]:
    """The rank index of the span summary in runs of up to PACK items of one kind,
    lane, rank (importance, evidence) and duration class, in the index's order: (kind,
    lane key, importance, evidence, class, and their earliest, ids and latest, each as
    comma-separated integers by (earliest, id))."""
    run = "kind, lane_key, importance, evidence, span_class"
    source = _spans_of(kinds, f"{run}, earliest, id, latest")
    return _packed(
        store,
        source,
        list(kinds),
        run,
        "earliest, id",
        ("earliest", "id", "latest"),
        group_order="kind, lane_key, importance DESC, evidence DESC, span_class",
    )


def with_rows(store: Store, keys: list[tuple[str, int, int]]) -> list[tuple[TimelineItem, int]]:
    """The items of (kind, id, evidence count) keys with their counts, most important
    first (the order of :func:`rank_key`); one statement per kind and 500 items."""
    out: list[tuple[TimelineItem, int]] = []
    for kind in ("event", "quote"):
        wanted = {i: n for k, i, n in keys if k == kind}
        ids = list(wanted)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            sql = f"SELECT {_ITEM_COLS[kind]} WHERE id IN ({marks})"
            rows = store.db.conn.execute(sql, chunk)
            out.extend((TimelineItem(*r), wanted[r[1]]) for r in rows)
    out.sort(key=lambda pair: rank_key(*pair))
    return out


def evidence_counts(store: Store, event_ids: list[int]) -> dict[int, int]:
    """How many passages each of ``event_ids`` cites (events citing none are left out)."""
    out: dict[int, int] = {}
    for start in range(0, len(event_ids), 500):
        chunk = event_ids[start : start + 500]
        marks = ",".join("?" * len(chunk))
        sql = (
            f"SELECT event_id, COUNT(*) FROM evidence WHERE event_id IN ({marks}) GROUP BY event_id"
        )
        out.update((int(a), int(b)) for a, b in store.db.execute(sql, chunk))
    return out


def timeline_item(store: Store, kind: str, item_id: int) -> TimelineItem | None:
    """One event or quote as the timeline draws it (None when it is gone)."""
    row = store.db.execute(f"SELECT {_ITEM_COLS[kind]} WHERE id = ?", [item_id]).fetchone()
    return None if row is None else TimelineItem(*row)


def timeline_rows(store: Store, kind: str = "event") -> list[tuple[int, int, int, int | None]]:
    """(id, earliest, latest, lane_id) of every event or quote, unsorted, for the view."""
    table = "events" if kind == "event" else "quotes"
    # No ORDER BY: the view's index sorts what it is given, and a 100,000-row sort here
    # would only add to the time before the first paint.
    sql = f"SELECT id, date_earliest, date_latest, lane_id FROM {table}"
    return list(store.db.execute(sql))


def extent(store: Store) -> tuple[int, int] | None:
    """The earliest and latest instants any event, quote or era covers.

    Each part is an index seek: the latest end per lane, since date_latest is indexed
    by lane.
    """
    parts = ["SELECT CAST(NULL AS INTEGER) AS a, CAST(NULL AS INTEGER) AS b"]
    for table in ("events", "quotes"):
        parts.append(f"SELECT MIN(date_earliest), NULL FROM {table}")
        parts.append(f"SELECT NULL, MAX(date_latest) FROM {table} WHERE lane_id IS NULL")
        parts.append(
            f"SELECT NULL, (SELECT MAX(date_latest) FROM {table} WHERE lane_id = lanes.id) "
            "FROM lanes"
        )
    parts.append("SELECT MIN(date_earliest), MAX(date_latest) FROM eras")
    row = store.db.execute(
        "SELECT MIN(a), MAX(b) FROM (" + " UNION ALL ".join(parts) + ")"
    ).fetchone()
    if row is None or row[0] is None:
        return None
    return int(row[0]), int(row[1])


def items_citing(store: Store, passage_id: int) -> tuple[list[int], list[int]]:
    """The ids of the events and quotes that cite a passage."""
    ev = store.query("SELECT event_id FROM evidence WHERE passage_id = ?", [passage_id])
    qs = store.query("SELECT id FROM quotes WHERE passage_id = ?", [passage_id])
    return [r["event_id"] for r in ev], [r["id"] for r in qs]


@dataclass(frozen=True)
class CheckReport:
    """What ``citeline check`` finds."""

    integrity: str
    passages: int
    orphaned: list[tuple[Passage, str]]
    moved: list[tuple[Passage, Resolution]]
    not_verbatim: list[int]

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not self.orphaned


def check(store: Store) -> CheckReport:
    """The project's integrity and the state of every passage and quote."""
    integrity = store.integrity()
    orphaned: list[tuple[Passage, str]] = []
    moved: list[tuple[Passage, Resolution]] = []
    texts: dict[int, str] = {}
    titles = {r["id"]: r["title"] for r in store.query("SELECT id, title FROM sources")}
    rows = store.rows("passages", order="source_id, start")
    for r in rows:
        p = Passage.from_row(r)
        if p.source_id not in texts:
            texts[p.source_id] = source_text(store, p.source_id)
        res = resolve_passage(store, p, texts[p.source_id])
        if res.status == "orphaned":
            orphaned.append((p, titles.get(p.source_id, "?")))
        elif res.status != "exact":
            moved.append((p, res))
    not_verbatim = []
    for q in store.query(
        "SELECT q.id, q.text, p.exact FROM quotes q LEFT JOIN passages p ON p.id = q.passage_id"
    ):
        if q["exact"] is None or q["text"] not in q["exact"]:
            not_verbatim.append(q["id"])
    return CheckReport(integrity, len(rows), orphaned, moved, not_verbatim)

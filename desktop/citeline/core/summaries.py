"""Timeline summaries kept in the project file, so a large project opens without reading it.

Two derived tables, written only by the :class:`~citeline.core.store.Store` inside the
transaction of each edit (imports and undo included), like the full-text ``search``:

``timeline_counts``
    A count pyramid: per kind (event, quote), lane and level k, how many items start
    (``starts``) and end (``ends``) in each bucket of ``2**k`` seconds
    (``bucket = instant >> k``), for k from ``MIN_LEVEL`` to ``MAX_LEVEL``. How many
    items overlap a window is "started before its end" minus "ended before its start",
    and each of those is a sum of at most one bucket per level plus the top level, so a
    count or a density strip costs a few rows whatever the size of the project.
``timeline_spans``
    Every item's (kind, id, lane, earliest, latest) filed by ``span_class``, the bit
    length of its duration (durations in ``[2**(k-1), 2**k)`` are class k). An item of
    class k that overlaps a window starts at most ``2**k`` seconds before it, so the
    items of a window are found by one short index range per class, and a century-long
    item never forces a scan of a century of short ones. Each span also carries what
    ranks an item for the level of detail (``importance``, and ``evidence``: an event's
    cited passages, a quote's own passage), indexed in that order per lane, so "the
    most important items of this stretch" reads a few rows even at a million items.

Lanes are keyed by ``lane_key``: the lane's id, or ``NO_LANE`` for items without one.
Times are the items' ``date_earliest`` and ``date_latest`` columns.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import NamedTuple

#: The lane key of items without a lane.
NO_LANE = -1
#: Bucket widths are 2**k seconds for k in MIN_LEVEL..MAX_LEVEL (4.6 hours to 8,700 years).
MIN_LEVEL, MAX_LEVEL = 14, 38
#: The rank index since migration 0005: by rank, then duration class and start, so the
#: most important items of a stretch are found by seeks, one per class and rank.
RANK_INDEX = """CREATE INDEX timeline_spans_rank ON timeline_spans(
    kind, lane_key, importance DESC, evidence DESC, span_class, earliest, id, latest
)"""
#: Every duration class an item can have: dates run from year -9999 to 9999, so no span
#: reaches 2**40 seconds (34,000 years).
ALL_CLASSES = tuple(range(1, 41))
#: Item tables by kind.
ITEM_TABLES = {"event": "events", "quote": "quotes"}
#: An edit touching more items than this rebuilds the summaries with a few statements
#: instead of adjusting them item by item (an import of a million rows).
REBUILD_OVER = 50_000

#: The tables and indexes as migration 0004 made them (0005 replaced the rank index).
SCHEMA = """
CREATE TABLE timeline_counts (
    kind TEXT NOT NULL,
    lane_key INTEGER NOT NULL,
    level INTEGER NOT NULL,
    bucket INTEGER NOT NULL,
    starts INTEGER NOT NULL,
    ends INTEGER NOT NULL,
    PRIMARY KEY (kind, lane_key, level, bucket)
) WITHOUT ROWID;
CREATE TABLE timeline_spans (
    kind TEXT NOT NULL,
    lane_key INTEGER NOT NULL,
    span_class INTEGER NOT NULL,
    earliest INTEGER NOT NULL,
    id INTEGER NOT NULL,
    latest INTEGER NOT NULL,
    importance INTEGER NOT NULL,
    evidence INTEGER NOT NULL,
    PRIMARY KEY (kind, lane_key, span_class, earliest, id)
) WITHOUT ROWID;
CREATE INDEX timeline_spans_rank ON timeline_spans(
    kind, lane_key, importance DESC, evidence DESC, earliest, id, latest
);
CREATE INDEX events_lane_latest ON events(lane_id, date_latest);
CREATE INDEX quotes_lane_earliest ON quotes(lane_id, date_earliest);
CREATE INDEX quotes_lane_latest ON quotes(lane_id, date_latest)
"""


class Span(NamedTuple):
    """One item as the summaries file it."""

    kind: str
    id: int
    lane: int
    earliest: int
    latest: int
    importance: int
    evidence: int


#: SQL for the rank columns of an item row ``x`` by kind: (importance, evidence).
RANK_SQL = {
    "event": ("x.importance", "(SELECT COUNT(*) FROM evidence v WHERE v.event_id = x.id)"),
    "quote": ("0", "(x.passage_id IS NOT NULL)"),
}


def span_class(earliest: int, latest: int) -> int:
    """The duration class of an item: k with 2**(k-1) <= duration < 2**k (0 for none)."""
    return max(0, latest - earliest).bit_length()


def _class_sql(column: str) -> str:
    """SQL for the bit length of a non-negative ``column`` (SQLite has no such function)."""
    return "(" + " + ".join(f"({column} >= {1 << b})" for b in range(63)) + ")"


def read_spans(conn: sqlite3.Connection, kind: str, ids: Iterable[int]) -> dict[int, Span]:
    """The current spans of items ``ids`` of one kind (those that exist)."""
    return send_spans(conn, kind, ids)()


def send_spans(
    conn: sqlite3.Connection, kind: str, ids: Iterable[int]
) -> Callable[[], dict[int, Span]]:
    """As :func:`read_spans`, in two steps: the statements are sent now, their answers
    read when the returned function is called (on a server in pipeline mode, together
    with whatever else was sent meanwhile: one round trip for all)."""
    table = ITEM_TABLES[kind]
    importance, evidence = RANK_SQL[kind]
    wanted = list(ids)
    cursors = []
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        marks = ",".join("?" * len(chunk))
        cursors.append(
            conn.execute(
                f"SELECT x.id, COALESCE(x.lane_id, {NO_LANE}), x.date_earliest, x.date_latest, "
                f"{importance}, {evidence} FROM {table} x WHERE x.id IN ({marks})",
                chunk,
            )
        )
    if not getattr(conn, "pipelining", False):  # a file: read now, before any write
        rows = [row for cur in cursors for row in cur]
        cursors = [rows]  # type: ignore[list-item]

    def read() -> dict[int, Span]:
        out: dict[int, Span] = {}
        for cur in cursors:
            for item_id, lane, e, late, imp, n in cur:
                out[item_id] = Span(kind, item_id, lane, e, late, imp, n)
        return out

    return read


def update(conn: sqlite3.Connection, before: Iterable[Span], after: Iterable[Span]) -> None:
    """Move the summaries from items as they were (``before``) to as they are."""
    old, new = set(before), set(after)
    gone, came = old - new, new - old
    if not gone and not came:
        return
    deltas: dict[tuple[str, int, int, int], list[int]] = defaultdict(lambda: [0, 0])
    for spans, sign in ((gone, -1), (came, 1)):
        for s in spans:  # a change of rank alone adds and takes the same buckets
            for level in range(MIN_LEVEL, MAX_LEVEL + 1):
                deltas[(s.kind, s.lane, level, s.earliest >> level)][0] += sign
                deltas[(s.kind, s.lane, level, s.latest >> level)][1] += sign
    conn.executemany(
        "INSERT INTO timeline_counts (kind, lane_key, level, bucket, starts, ends) "
        "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET "
        "starts = starts + excluded.starts, ends = ends + excluded.ends",
        [(*key, ds, de) for key, (ds, de) in deltas.items() if ds or de],
    )
    conn.executemany(
        "DELETE FROM timeline_counts WHERE kind = ? AND lane_key = ? AND level = ? "
        "AND bucket = ? AND starts = 0 AND ends = 0",
        [key for key, (ds, de) in deltas.items() if ds < 0 or de < 0],
    )
    conn.executemany(
        "DELETE FROM timeline_spans WHERE kind = ? AND lane_key = ? AND span_class = ? "
        "AND earliest = ? AND id = ?",
        [(s.kind, s.lane, span_class(s.earliest, s.latest), s.earliest, s.id) for s in gone],
    )
    conn.executemany(
        "INSERT INTO timeline_spans "
        "(kind, lane_key, span_class, earliest, id, latest, importance, evidence) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(s.kind, s.lane, span_class(s.earliest, s.latest), s.earliest, s.id, s.latest,
          s.importance, s.evidence)
         for s in came],
    )  # fmt: skip


def span_classes(conn: sqlite3.Connection, kind: str, lane: int) -> list[int]:
    """The duration classes present among a lane's items of one kind (one seek each)."""
    out: list[int] = []
    sql = (
        "SELECT MIN(span_class) FROM timeline_spans "
        "WHERE kind = ? AND lane_key = ? AND span_class > ?"
    )
    last = -1
    while True:
        found = conn.execute(sql, [kind, lane, last]).fetchone()[0]
        if found is None:
            return out
        last = int(found)
        out.append(last)


def lane_keys(conn: sqlite3.Connection, kind: str) -> list[int]:
    """The lanes holding items of one kind (one seek each)."""
    out: list[int] = []
    sql = "SELECT MIN(lane_key) FROM timeline_counts WHERE kind = ? AND lane_key > ?"
    last = -(1 << 62)
    while True:
        found = conn.execute(sql, [kind, last]).fetchone()[0]
        if found is None:
            return out
        last = int(found)
        out.append(last)


def overlapping(
    conn: sqlite3.Connection,
    kind: str,
    lane: int,
    lo: int,
    hi: int,
    classes: Iterable[int],
    *,
    columns: str = "earliest, id, latest",
    order: str | None = None,
    limit: int | None = None,
) -> list[tuple[int, ...]]:
    """``columns`` of a lane's items of one kind with earliest <= hi and latest >= lo
    (by default (earliest, id, latest)): one short index range per duration class in
    ``classes``, sorted by ``order`` if given, at most ``limit`` rows."""
    sql = _overlapping_sql(columns, tuple(classes), order, limit)
    if not sql:
        return []
    return conn.execute(sql, [kind, lane, lo, hi]).fetchall()


@functools.lru_cache(maxsize=256)
def _overlapping_sql(
    columns: str, classes: tuple[int, ...], order: str | None, limit: int | None
) -> str:
    """The statement of :func:`overlapping` (built once per shape)."""
    part = (
        f"SELECT {columns} FROM timeline_spans WHERE kind = ?1 AND lane_key = ?2 "
        "AND span_class = {c} AND earliest > ?3 - {width} AND earliest <= ?4 AND latest >= ?3"
    )
    sql = " UNION ALL ".join(part.format(c=c, width=1 << c) for c in classes)
    if not sql:
        return ""
    if order is not None:
        sql = f"SELECT * FROM ({sql}) ORDER BY {order}"
    if limit is not None:
        sql += f" LIMIT {int(limit)}"
    return sql


def rank_tiers(conn: sqlite3.Connection, kind: str, lane: int) -> list[tuple[int, int]]:
    """The (importance, evidence) pairs a lane's items of one kind have, highest first."""
    where = "FROM timeline_spans WHERE kind = ? AND lane_key = ?"
    tiers: list[tuple[int, int]] = []
    imp = conn.execute(f"SELECT MAX(importance) {where}", [kind, lane]).fetchone()[0]
    while imp is not None:
        ev = conn.execute(
            f"SELECT MAX(evidence) {where} AND importance = ?", [kind, lane, imp]
        ).fetchone()[0]
        while ev is not None:
            tiers.append((int(imp), int(ev)))
            ev = conn.execute(
                f"SELECT MAX(evidence) {where} AND importance = ? AND evidence < ?",
                [kind, lane, imp, ev],
            ).fetchone()[0]
        imp = conn.execute(
            f"SELECT MAX(importance) {where} AND importance < ?", [kind, lane, imp]
        ).fetchone()[0]
    return tiers


def first_of_tier(
    conn: sqlite3.Connection,
    kind: str,
    lane: int,
    tier: tuple[int, int],
    lo: int,
    hi: int,
    limit: int,
    classes: Sequence[int] | None = None,
) -> list[tuple[int, int]]:
    """(earliest, id) of the first ``limit`` items, by (earliest, id), of one rank of a
    lane with earliest <= hi and latest >= lo: at most ``limit`` rows a duration class.

    ``classes`` (from :func:`span_classes`) lets the query skip the duration classes the
    lane has none of, a seek each.
    """
    wanted = ALL_CLASSES if classes is None else tuple(c for c in classes if c in ALL_CLASSES)
    if not wanted:
        return []
    return conn.execute(_tier_sql(wanted), [kind, lane, tier[0], tier[1], lo, hi, limit]).fetchall()


@functools.lru_cache(maxsize=256)
def _tier_sql(classes: tuple[int, ...]) -> str:
    return (
        " UNION ALL ".join(
            "SELECT * FROM (SELECT earliest, id FROM timeline_spans INDEXED BY timeline_spans_rank "
            "WHERE kind = ?1 AND lane_key = ?2 AND importance = ?3 AND evidence = ?4 "
            f"AND span_class = {c} AND earliest > ?5 - {1 << c} AND earliest <= ?6 "
            "AND latest >= ?5 ORDER BY earliest, id LIMIT ?7)"
            for c in classes
        )
        + " ORDER BY 1, 2 LIMIT ?7"
    )


def rebuild(conn: sqlite3.Connection) -> None:
    """Recompute both summaries from the events and quotes, a few statements in all."""
    conn.execute("DELETE FROM timeline_counts")
    conn.execute("DELETE FROM timeline_spans")
    for kind, table in ITEM_TABLES.items():
        lane = f"COALESCE(lane_id, {NO_LANE})"
        importance, evidence = RANK_SQL[kind]
        conn.execute(
            "INSERT INTO timeline_spans "
            "(kind, lane_key, span_class, earliest, id, latest, importance, evidence) "
            f"SELECT '{kind}', {lane}, {_class_sql('date_latest - date_earliest')}, "
            f"date_earliest, id, date_latest, {importance}, {evidence} FROM {table} x "
            "ORDER BY 2, 3, 4, 5"
        )
        conn.execute(
            "INSERT INTO timeline_counts (kind, lane_key, level, bucket, starts, ends) "
            f"SELECT '{kind}', lane, {MIN_LEVEL}, bucket, SUM(s), SUM(e) FROM ("
            f"SELECT {lane} AS lane, date_earliest >> {MIN_LEVEL} AS bucket, 1 AS s, 0 AS e "
            f"FROM {table} UNION ALL "
            f"SELECT {lane}, date_latest >> {MIN_LEVEL}, 0, 1 FROM {table}"
            ") GROUP BY lane, bucket ORDER BY lane, bucket"
        )
    for level in range(MIN_LEVEL + 1, MAX_LEVEL + 1):
        conn.execute(
            "INSERT INTO timeline_counts (kind, lane_key, level, bucket, starts, ends) "
            f"SELECT kind, lane_key, {level}, bucket >> 1, SUM(starts), SUM(ends) "
            f"FROM timeline_counts WHERE level = {level - 1} "
            "GROUP BY kind, lane_key, bucket >> 1"
        )
    analyze(conn)


#: An edit of more items than this refreshes the query planner's statistics.
ANALYZE_AFTER = 10_000


def analyze(conn: sqlite3.Connection) -> None:
    """Refresh SQLite's statistics of the items and summaries, sampled to stay cheap.

    A freshly filled file has none, and without them SQLite picks poor plans for the
    timeline's count queries (frames of 100 ms instead of 10 at 100,000 items).
    """
    conn.execute("PRAGMA analysis_limit = 2000")
    for table in ("timeline_counts", "timeline_spans", *ITEM_TABLES.values()):
        conn.execute(f"ANALYZE {table}")


def recount(conn: sqlite3.Connection) -> tuple[dict[tuple, tuple[int, int]], set[tuple]]:
    """The summaries as a recount from the items would give them (for checks and tests)."""
    counts: dict[tuple, list[int]] = defaultdict(lambda: [0, 0])
    spans: set[tuple] = set()
    for kind, table in ITEM_TABLES.items():
        importance, evidence = RANK_SQL[kind]
        rows = conn.execute(
            f"SELECT x.id, COALESCE(x.lane_id, {NO_LANE}), x.date_earliest, x.date_latest, "
            f"{importance}, {evidence} FROM {table} x"
        )
        for item_id, lane, e, late, imp, n in rows:
            spans.add((kind, lane, span_class(e, late), e, item_id, late, imp, n))
            for level in range(MIN_LEVEL, MAX_LEVEL + 1):
                counts[(kind, lane, level, e >> level)][0] += 1
                counts[(kind, lane, level, late >> level)][1] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}, spans


def stored(conn: sqlite3.Connection) -> tuple[dict[tuple, tuple[int, int]], set[tuple]]:
    """The summaries as the file holds them, in the shape :func:`recount` gives."""
    counts = {
        (k, la, lv, b): (s, e)
        for k, la, lv, b, s, e in conn.execute("SELECT * FROM timeline_counts")
    }
    spans = set(
        conn.execute(
            "SELECT kind, lane_key, span_class, earliest, id, latest, importance, evidence "
            "FROM timeline_spans"
        )
    )
    return counts, spans


def touched_items(touched: Mapping[str, set[tuple]]) -> dict[str, set[int]]:
    """The ids of the events and quotes an edit touches (or whose evidence), by kind."""
    out = {
        kind: {key[0] for key in touched.get(table, ())}
        for kind, table in ITEM_TABLES.items()
        if touched.get(table)
    }
    if touched.get("evidence"):
        out.setdefault("event", set()).update(key[0] for key in touched["evidence"])
    return out

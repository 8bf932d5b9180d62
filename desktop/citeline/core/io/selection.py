"""What an export covers, and the items it covers read in bulk from the store.

A :class:`Selection` is the project plus optional filters (a date window, lanes, kinds).
:func:`gather` reads every selected event and quote with its lane, tags, people, notes
and cited passages in a handful of queries, so that exporting 100,000 events costs a
few table scans rather than 100,000 round trips.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from citeline.core import conflicts, errors, queries
from citeline.core.conflicts import Conflict
from citeline.core.dates import format_date, parse_date
from citeline.core.derived import Facts
from citeline.core.edtf import DateValue
from citeline.core.model import Era, Lane, Passage, Source
from citeline.core.pages import page_label
from citeline.core.store import Store

KINDS = ("event", "quote")
#: The mark of an event whose sources disagree, in every export as in the app.
FLAG = "\u2691"


@dataclass(frozen=True)
class Selection:
    """The items an export covers: a project and optional filters.

    ``start`` and ``end`` bound a window in seconds since 1970 UTC (``end`` exclusive);
    an item is in it when its span overlaps the window. ``lanes`` keeps only items in the
    lanes so named (None: every item, with or without a lane).
    """

    store: Store
    start: int | None = None
    end: int | None = None
    lanes: tuple[str, ...] | None = None
    kinds: tuple[str, ...] = KINDS

    @property
    def whole(self) -> bool:
        """Whether the selection is the whole project (no filter at all)."""
        return (
            self.start is None
            and self.end is None
            and self.lanes is None
            and set(self.kinds) >= set(KINDS)
        )

    def lane_ids(self) -> set[int] | None:
        """The ids of the selected lanes (None: no lane filter); unknown names are errors."""
        if self.lanes is None:
            return None
        by_name = {r["name"]: r["id"] for r in self.store.query("SELECT id, name FROM lanes")}
        unknown = [n for n in self.lanes if n not in by_name]
        if unknown:
            known = ", ".join(sorted(by_name)) or "none"
            raise errors.ExportError(
                f"there is no lane named \u201c{unknown[0]}\u201d (lanes: {known})"
            )
        return {by_name[n] for n in self.lanes}


def select(
    store: Store,
    *,
    date_from: str | None = None,
    date_to: str | None = None,
    lanes: str | Sequence[str] | None = None,
    kinds: Iterable[str] = KINDS,
) -> Selection:
    """A checked Selection from what a user typed: dates as text, lanes as names.

    ``date_from`` starts the window at the start of that date and ``date_to`` ends it at
    the end of that date, so ``--to 2021`` includes all of 2021.
    """
    start = end = None
    try:
        if date_from:
            start = parse_date(date_from).earliest
        if date_to:
            end = parse_date(date_to).latest
    except errors.DateError as exc:
        raise errors.ExportError(str(exc)) from None
    if start is not None and end is not None and start >= end:
        raise errors.ExportError(f"the window from {date_from} to {date_to} is empty")
    names: tuple[str, ...] | None = None
    if lanes is not None:
        parts = lanes.split(",") if isinstance(lanes, str) else list(lanes)
        names = tuple(dict.fromkeys(n.strip() for n in parts if n.strip()))
        if not names:
            raise errors.ExportError("--lanes needs at least one lane name")
    kinds = tuple(kinds)
    bad = [k for k in kinds if k not in KINDS]
    if bad or not kinds:
        raise errors.ExportError(f"unknown kind of item {bad[0] if bad else ''!r}")
    selection = Selection(store, start, end, names, kinds)
    selection.lane_ids()
    return selection


# ------------------------------------------------------------------ gathered items


@dataclass(frozen=True)
class Citation:
    """A passage an item cites, with its source and (for events) its stance."""

    passage: Passage
    source: Source
    stance: str | None

    @property
    def page(self) -> str:
        """The page the passage is on ("p. 4", "pp. 4–5"), or "" for a source without pages."""
        return page_label(self.source, self.passage.start, self.passage.end)


@dataclass(frozen=True)
class Item:
    """One event or quote with everything an export shows about it."""

    kind: str
    id: int
    title: str
    """An event's title; a quote's words."""
    description: str
    date: DateValue
    lane: str | None
    lane_id: int | None
    importance: int
    tags: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    speaker: str | None = None
    provenance: dict[str, Any] | None = None
    citations: tuple[Citation, ...] = ()
    notes: tuple[str, ...] = ()
    verbatim: bool = True
    status: str = "unverified"
    first_reported: str | None = None
    """EDTF: for an event the earliest publication date of its sources, for a quote its
    source's; None when unknown."""
    conflict: Conflict | None = None
    """Why an event's sources disagree (as ``citeline check`` says); None when they agree."""
    disagreement: tuple[str, ...] = ()
    """The conflict's reasons with dates written for reading ("8 Apr 2021")."""

    @property
    def flagged(self) -> bool:
        """Whether its sources disagree."""
        return self.conflict is not None

    @property
    def disagreement_line(self) -> str:
        """ "⚑ Sources disagree: …" for a flagged event, else ""."""
        if not self.disagreement:
            return ""
        return f"{FLAG} Sources disagree: " + "; ".join(self.disagreement)

    @property
    def status_line(self) -> str:
        """The verification status and first report in words, for text exports."""
        line = self.status.replace("-", " ")
        if self.first_reported:
            line += f" · first reported {display_date(self.first_reported)}"
        return line


@dataclass
class Chronology:
    """The selected items of a project in time order, with what they refer to."""

    title: str
    description: str
    info: dict[str, str]
    items: list[Item]
    eras: list[Era]
    lanes: list[Lane]
    sources: dict[int, Source] = field(default_factory=dict)


def stored_date(edtf: str, precision: str, earliest: int, latest: int) -> DateValue:
    """The DateValue of an item's stored date columns (without re-parsing the EDTF)."""
    return DateValue(
        edtf,
        precision,
        earliest,
        latest,
        approximate="~" in edtf or "%" in edtf,
        uncertain="?" in edtf or "%" in edtf,
        interval="/" in edtf,
    )


@lru_cache(maxsize=65536)
def display_date(edtf: str) -> str:
    """A stored EDTF date as Citeline shows it ("c. Mar 2021", "Apr 2024?")."""
    try:
        return format_date(edtf)
    except errors.DateError:
        return edtf


def source_line(source: Source) -> list[str]:
    """The parts of a source's citation: title, outlet, author, publication date."""
    parts = [source.title]
    parts += [p for p in (source.outlet, source.author) if p]
    if source.published:
        parts.append(display_date(source.published))
    return parts


def citation_parts(c: Citation) -> list[str]:
    """The parts of a passage's citation: its source's :func:`source_line`, then its page."""
    return source_line(c.source) + ([c.page] if c.page else [])


def window_sql(selection: Selection, lane_ids: set[int] | None) -> tuple[str, list[Any]]:
    """An SQL condition on an item table's date and lane columns, with its parameters."""
    where: list[str] = ["1"]
    params: list[Any] = []
    if selection.start is not None:
        where.append("date_latest > ?")
        params.append(selection.start)
    if selection.end is not None:
        where.append("date_earliest < ?")
        params.append(selection.end)
    if lane_ids is not None:
        where.append(f"lane_id IN ({', '.join('?' for _ in lane_ids)})")
        params.extend(sorted(lane_ids))
    return " AND ".join(where), params


def gather(selection: Selection) -> Chronology:
    """The selected events and quotes, earliest first, with their related data."""
    store = selection.store
    lane_ids = selection.lane_ids()
    where, params = window_sql(selection, lane_ids)
    lanes = queries.lanes(store)
    lane_names = {lane.id: lane.name for lane in lanes}
    # Metadata only: a source's text is read where an export needs it.
    sources = {s.id: s for s in queries.sources(store)}
    people = {r["id"]: r["name"] for r in store.query("SELECT id, name FROM people")}
    passages = {
        r[0]: Passage(*r)
        for r in store.db.execute(
            'SELECT id, source_id, start, "end", exact, prefix, suffix FROM passages'
        )
    }
    notes: dict[tuple[str, int], list[str]] = {}
    for kind, item_id, body in store.db.execute(
        "SELECT item_type, item_id, body FROM notes ORDER BY id"
    ):
        notes.setdefault((kind, item_id), []).append(body)

    def cite(passage_id: int, stance: str | None) -> Citation:
        p = passages[passage_id]
        return Citation(p, sources[p.source_id], stance)

    items: list[Item] = []
    if "event" in selection.kinds:
        tags = _links(
            store,
            "SELECT x.event_id, t.name FROM event_tags x "
            "JOIN tags t ON t.id = x.tag_id ORDER BY t.name",
        )
        who = _links(
            store,
            "SELECT x.event_id, p.name FROM event_people x "
            "JOIN people p ON p.id = x.person_id ORDER BY p.name COLLATE NOCASE",
        )
        evidence: dict[int, list[Citation]] = {}
        for event_id, passage_id, stance in store.db.execute(
            "SELECT e.event_id, e.passage_id, e.stance FROM evidence e "
            "JOIN passages p ON p.id = e.passage_id ORDER BY p.source_id, p.start, p.id"
        ):
            evidence.setdefault(event_id, []).append(cite(passage_id, stance))
        reported = queries.first_reported_all(store)
        flagged = Facts(store).conflicts(
            r[0]
            for r in store.db.execute(f"SELECT id FROM events WHERE {where}", params)
            if r[0] in evidence
        )
        for r in store.db.execute(
            "SELECT id, title, description, date_edtf, date_precision, date_earliest, "
            f"date_latest, date_provenance, lane_id, importance, status FROM events WHERE {where}",
            params,
        ):
            eid = r[0]
            items.append(
                Item(
                    "event",
                    eid,
                    r[1],
                    r[2],
                    stored_date(r[3], r[4], r[5], r[6]),
                    lane_names.get(r[8]),
                    r[8],
                    r[9] or 0,
                    tags=tuple(tags.get(eid, ())),
                    people=tuple(who.get(eid, ())),
                    provenance=_provenance(r[7]),
                    citations=tuple(evidence.get(eid, ())),
                    notes=tuple(notes.get(("event", eid), ())),
                    status=r[10],
                    first_reported=reported.get(eid),
                    conflict=flagged.get(eid),
                    disagreement=_readable_reasons(flagged.get(eid), r),
                )
            )
    if "quote" in selection.kinds:
        qtags = _links(
            store,
            "SELECT x.quote_id, t.name FROM quote_tags x "
            "JOIN tags t ON t.id = x.tag_id ORDER BY t.name",
        )
        for r in store.db.execute(
            "SELECT id, text, speaker_id, date_edtf, date_precision, date_earliest, "
            f"date_latest, passage_id, lane_id, verbatim, status FROM quotes WHERE {where}",
            params,
        ):
            qid = r[0]
            speaker = people.get(r[2]) if r[2] is not None else None
            items.append(
                Item(
                    "quote",
                    qid,
                    r[1],
                    "",
                    stored_date(r[3], r[4], r[5], r[6]),
                    lane_names.get(r[8]),
                    r[8],
                    0,
                    tags=tuple(qtags.get(qid, ())),
                    people=(speaker,) if speaker else (),
                    speaker=speaker,
                    citations=(cite(r[7], None),) if r[7] in passages else (),
                    notes=tuple(notes.get(("quote", qid), ())),
                    verbatim=bool(r[9]),
                    status=r[10],
                    first_reported=(
                        sources[passages[r[7]].source_id].published if r[7] in passages else None
                    ),
                )
            )
    items.sort(key=lambda i: (i.date.earliest, i.date.latest, i.kind, i.id))
    eras = [Era(**r) for r in store.rows("eras", order="date_earliest, id")]
    if selection.start is not None:
        eras = [e for e in eras if e.date_latest > selection.start]
    if selection.end is not None:
        eras = [e for e in eras if e.date_earliest < selection.end]
    info = store.project_info()
    return Chronology(
        title=info.get("title") or "Untitled project",
        description=info.get("description") or "",
        info=info,
        items=items,
        eras=eras,
        lanes=lanes if lane_ids is None else [lane for lane in lanes if lane.id in lane_ids],
        sources=sources,
    )


def _readable_reasons(conflict: Conflict | None, r: Sequence[Any]) -> tuple[str, ...]:
    """A conflict's reasons with its dates as people read them (the event row ``r``)."""
    if conflict is None:
        return ()
    row = {"id": r[0], "title": r[1], "date_edtf": r[3], "date_earliest": r[5], "date_latest": r[6]}
    again = conflicts.judge(row, list(conflict.readings), display_date)
    return (again or conflict).reasons


def _links(store: Store, sql: str) -> dict[int, list[str]]:
    out: dict[int, list[str]] = {}
    for item_id, name in store.db.execute(sql):
        out.setdefault(item_id, []).append(name)
    return out


def _provenance(text: str | None) -> dict[str, Any] | None:
    if not text:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return {"expression": text}
    return value if isinstance(value, dict) else {"expression": str(value)}

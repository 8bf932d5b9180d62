"""Where sources disagree: the date each evidence passage gives, and flagged events.

A passage's *reading* is the date the date finder finds in it (resolved against its
source's publication date, with the whole article as context, so "four months later"
knows what it follows), or, when the passage names none, in the sentence around it.
Several dates in one passage read as the span from the first to the last.

An event is *flagged* when its readings do not overlap each other or the event's own
date, or when one of its passages has the stance "contradicts". Dates are compared as
spans (earliest, latest), so a month, an approximate date or an interval such as
``2017-01-20/2021-01-20`` all compare by overlap.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from citeline.core.edtf import DateValue, parse_edtf
from citeline.core.errors import DateError
from citeline.core.store import Store
from citeline.core.suggestions import suggestions_for

#: How many events are looked at per query when the whole project is checked.
CHUNK = 500
#: How far before and after a passage its sentence is looked for, in characters.
SENTENCE_REACH = 600

#: The dates found in each source, by what they depend on: the text (its sha256), the
#: publication date they are resolved against, and the suggestions the user dismissed.
_Dates = tuple[tuple[int, int, str], ...]
_CACHE: OrderedDict[tuple[str, str | None, tuple[tuple[int, int], ...]], _Dates] = OrderedDict()
_CACHE_SIZE = 8192


def _cache_key(
    store: Store, source_id: int
) -> tuple[str, str | None, tuple[tuple[int, int], ...]] | None:
    row = store.db.execute(
        "SELECT sha256, published FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    if row is None:
        return None
    dismissed = tuple(
        (int(r[0]), int(r[1]))
        for r in store.db.execute(
            'SELECT start, "end" FROM dismissed_suggestions WHERE source_id = ? '
            'ORDER BY start, "end"',
            [source_id],
        )
    )
    return str(row[0]), row[1], dismissed


def source_dates(store: Store, source_id: int, *, compute: bool = True) -> _Dates | None:
    """(start, end, EDTF) of every date the date finder finds in a source, less the
    dismissed ones; None when not known yet and ``compute`` is false (or no such source).

    Kept per text and publication date, so each source is read by the date finder once.
    """
    key = _cache_key(store, source_id)
    if key is None:
        return None
    found = _CACHE.get(key)
    if found is not None:
        _CACHE.move_to_end(key)
        return found
    if not compute:
        return None
    text = store.db.execute("SELECT text FROM sources WHERE id = ?", [source_id]).fetchone()[0]
    # In text order, so a passage's dates are found by bisection (see _dates_in).
    found = tuple(
        sorted((s.start, s.end, s.edtf) for s in suggestions_for(store, source_id, text) if s.edtf)
    )
    _CACHE[key] = found
    while len(_CACHE) > _CACHE_SIZE:
        _CACHE.popitem(last=False)
    return found


@dataclass(frozen=True)
class Reading:
    """What one evidence passage says: its source, its words, its stance and its date."""

    passage_id: int
    source_id: int
    source_title: str
    outlet: str | None
    published: str | None
    text: str
    stance: str
    date: str | None  # EDTF, None when neither the passage nor its sentence gives one
    earliest: int | None = None
    latest: int | None = None
    from_sentence: bool = False  # the date came from the sentence around the passage

    def overlaps(self, earliest: int, latest: int) -> bool:
        """Whether this reading's date overlaps the span [earliest, latest)."""
        if self.earliest is None or self.latest is None:
            return True
        return self.earliest < latest and earliest < self.latest

    def to_json(self) -> dict[str, Any]:
        """The reading as ``citeline check --format json`` prints it."""
        return {
            "source_title": self.source_title,
            "passage_id": self.passage_id,
            "text": self.text,
            "date": self.date,
            "stance": self.stance,
        }


@dataclass(frozen=True)
class Conflict:
    """A flagged event: why, and every reading of its evidence."""

    event_id: int
    title: str
    date: str
    readings: tuple[Reading, ...]
    reasons: tuple[str, ...] = field(default=())

    def to_json(self) -> dict[str, Any]:
        """The conflict as one entry of ``date_conflicts`` in ``citeline check``'s JSON."""
        return {
            "event_id": self.event_id,
            "title": self.title,
            "date": self.date,
            "reasons": list(self.reasons),
            "readings": [r.to_json() for r in self.readings],
        }


def readings(store: Store, event_id: int) -> list[Reading]:
    """The readings of an event's evidence, in source then text order."""
    return readings_for(store, [event_id]).get(event_id, [])


def readings_for(
    store: Store, event_ids: Iterable[int], pending: set[int] | None = None
) -> dict[int, list[Reading]]:
    """The readings of several events' evidence, by event id (events with none left out).

    With a ``pending`` set, sources the date finder has not read yet are not read now:
    their ids are added to it and the events citing them are left out.
    """
    ids = list(dict.fromkeys(event_ids))
    out: dict[int, list[Reading]] = {}
    texts: dict[int, tuple[str, _Dates] | None] = {}
    unknown: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        rows = store.query(
            "SELECT v.event_id, v.stance, p.id AS passage_id, p.source_id, p.start, "
            'p."end", p.exact, s.title, s.outlet, s.published '
            "FROM evidence v JOIN passages p ON p.id = v.passage_id "
            "JOIN sources s ON s.id = p.source_id "
            f"WHERE v.event_id IN ({marks}) ORDER BY v.event_id, s.published, p.source_id, p.start",
            chunk,
        )
        for r in rows:
            source_id = r["source_id"]
            if source_id not in texts:
                found = source_dates(store, source_id, compute=pending is None)
                if found is None:
                    texts[source_id] = None
                    if pending is not None:
                        pending.add(source_id)
                else:
                    text = store.db.execute(
                        "SELECT text FROM sources WHERE id = ?", [source_id]
                    ).fetchone()[0]
                    texts[source_id] = (text, found)
            known = texts[source_id]
            if known is None:
                unknown.add(r["event_id"])
                continue
            out.setdefault(r["event_id"], []).append(_reading(r, *known))
    for event_id in unknown:
        out.pop(event_id, None)
    return out


def _reading(r: dict[str, Any], text: str, found: _Dates) -> Reading:
    start, end = _span(text, r["start"], r["end"], r["exact"])
    dates = list(_dates_in(found, start, end))
    from_sentence = False
    # The sentence is looked for only when a date lies near enough to be in it: most
    # passages without a date have none around them either, and finding sentences is
    # most of the cost of checking a large project.
    if not dates and _any_in(found, start - SENTENCE_REACH, end + SENTENCE_REACH):
        s0, s1 = _sentence(text, start, end)
        dates = list(_dates_in(found, min(s0, start), max(s1, end)))
        from_sentence = bool(dates)
    edtf, earliest, latest = _hull(dates)
    return Reading(
        passage_id=r["passage_id"],
        source_id=r["source_id"],
        source_title=r["title"],
        outlet=r["outlet"],
        published=r["published"],
        text=r["exact"],
        stance=r["stance"],
        date=edtf,
        earliest=earliest,
        latest=latest,
        from_sentence=from_sentence,
    )


_SENTENCE_START = re.compile(r"(?:[.!?](?=[ \n])|\n)")
_SENTENCE_END = re.compile(r"[.!?](?=$|[ \n\u201d\"])|\n")


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end), looked for no further than SENTENCE_REACH away
    (a text without full stops must not make every passage scan all of it)."""
    w0 = max(0, start - SENTENCE_REACH)
    left = w0
    for m in _SENTENCE_START.finditer(text, w0, start):
        left = m.end()
    while left < start and text[left].isspace():
        left += 1
    found = _SENTENCE_END.search(text, end, min(len(text), end + SENTENCE_REACH))
    if found is None:
        right = end
    else:
        right = found.start() if found.group() == "\n" else found.end()
    return left, max(right, end)


def _span(text: str, start: int, end: int, exact: str) -> tuple[int, int]:
    """Where the passage lies in its text now (its quote found again if it moved)."""
    if text[start:end] == exact:
        return start, end
    at = text.find(exact)
    if at >= 0:
        return at, at + len(exact)
    # Orphaned: keep the stored span, cut to the text (a shortened text may end before it).
    start = min(start, len(text))
    return start, max(start, min(end, len(text)))


def _any_in(found: _Dates, start: int, end: int) -> bool:
    """Whether any found date lies within [start, end) (``found`` in text order)."""
    i = bisect_left(found, start, key=_first)
    while i < len(found) and found[i][0] < end:
        if found[i][1] <= end:
            return True
        i += 1
    return False


def _first(date: tuple[int, int, str]) -> int:
    return date[0]


def _dates_in(found: _Dates, start: int, end: int) -> Iterator[DateValue]:
    """The dates found wholly within [start, end), parsed (``found`` in text order)."""
    for i in range(bisect_left(found, start, key=_first), len(found)):
        s0, s1, edtf = found[i]
        if s0 >= end:
            break
        if s1 <= end:
            try:
                yield parse_edtf(edtf)
            except DateError:
                continue


def _hull(dates: list[DateValue]) -> tuple[str | None, int | None, int | None]:
    """One date for several: the single one, or the interval from the first to the last."""
    if not dates:
        return None, None, None
    first = min(dates, key=lambda d: (d.earliest, d.latest))
    last = max(dates, key=lambda d: (d.latest, d.earliest))
    if first.edtf == last.edtf:
        return first.edtf, first.earliest, first.latest
    start = first.edtf.split("/")[0] or first.edtf
    end = last.edtf.split("/")[-1] or last.edtf
    edtf = start if start == end else f"{start}/{end}"
    return edtf, min(d.earliest for d in dates), max(d.latest for d in dates)


def _same(edtf: str) -> str:
    return edtf


def judge(
    event: dict[str, Any], found: list[Reading], show: Callable[[str], str] = _same
) -> Conflict | None:
    """The conflict of an event (a row with id, title and its date columns), if any.

    ``show`` writes a date in the reasons (EDTF unless given, e.g. "8 Apr 2021" in the app).
    """
    reasons: list[str] = []
    dated = sorted((r for r in found if r.date is not None), key=lambda r: r.earliest or 0)
    e0, e1 = event["date_earliest"], event["date_latest"]
    off = [r for r in dated if not r.overlaps(e0, e1)]
    if off:
        dates = ", ".join(dict.fromkeys(show(str(r.date)) for r in off))
        reasons.append(
            f"a source gives {dates}, outside the event's date {show(event['date_edtf'])}"
        )
    else:
        for i, a in enumerate(dated):
            clash = next(
                (b for b in dated[i + 1 :] if not b.overlaps(a.earliest or 0, a.latest or 0)),
                None,
            )
            if clash is not None:
                reasons.append(
                    f"its sources give both {show(str(a.date))} and {show(str(clash.date))}"
                )
                break
    if any(r.stance == "contradicts" for r in found):
        reasons.append("a passage contradicts it")
    if not reasons:
        return None
    return Conflict(event["id"], event["title"], event["date_edtf"], tuple(found), tuple(reasons))


def conflicts_for(
    store: Store, event_ids: Iterable[int], pending: set[int] | None = None
) -> dict[int, Conflict]:
    """The flagged events among ``event_ids``, by id (see ``readings_for`` for ``pending``)."""
    ids = list(dict.fromkeys(event_ids))
    found = readings_for(store, ids, pending)
    out: dict[int, Conflict] = {}
    wanted = [i for i in ids if i in found]
    for start in range(0, len(wanted), CHUNK):
        chunk = wanted[start : start + CHUNK]
        marks = ",".join("?" * len(chunk))
        for row in store.query(
            "SELECT id, title, date_edtf, date_earliest, date_latest FROM events "
            f"WHERE id IN ({marks})",
            chunk,
        ):
            conflict = judge(row, found[row["id"]])
            if conflict is not None:
                out[row["id"]] = conflict
    return out


def conflict(store: Store, event_id: int) -> Conflict | None:
    """The conflict of one event, or None when its evidence agrees."""
    return conflicts_for(store, [event_id]).get(event_id)


def date_conflicts(store: Store) -> list[Conflict]:
    """Every flagged event of the project, in time order."""
    ids = [
        r[0]
        for r in store.db.execute(
            "SELECT e.id FROM events e WHERE EXISTS "
            "(SELECT 1 FROM evidence v WHERE v.event_id = e.id) ORDER BY e.date_earliest, e.id"
        )
    ]
    found = conflicts_for(store, ids)
    return [found[i] for i in ids if i in found]


def conflict_lines(found: Iterable[Conflict]) -> list[str]:
    """The plain-text lines ``citeline check`` prints for flagged events."""
    lines: list[str] = []
    for c in found:
        lines.append(
            f"event {c.event_id} \u201c{c.title}\u201d ({c.date}) is flagged: "
            + "; ".join(c.reasons)
        )
        for r in c.readings:
            excerpt = " ".join(r.text.split())
            if len(excerpt) > 70:
                excerpt = excerpt[:69] + "\u2026"
            lines.append(
                f"  {r.date or 'no date'} \u2014 {r.source_title} (passage {r.passage_id}, "
                f"{r.stance}): {excerpt}"
            )
    return lines

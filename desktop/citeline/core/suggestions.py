"""Suggested dates in a source: what the date finder found, ready to become events.

A suggestion carries its meaning in words and its provenance (the expression and what
it was anchored on), which an event made from it keeps.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import lru_cache

from citeline.core.dates import format_date
from citeline.core.edtf import parse_edtf
from citeline.core.errors import DateError
from citeline.core.store import Store

_DURATION_UNITS = {"Y": "year", "M": "month", "W": "week", "D": "day", "H": "hour"}


@dataclass(frozen=True)
class Suggestion:
    """A time expression in a source, with what it means."""

    start: int
    end: int
    text: str
    type: str
    value: str
    edtf: str | None
    anchor: str | None

    @property
    def can_become_event(self) -> bool:
        return self.edtf is not None

    @property
    def display(self) -> str:
        """The meaning as a reader would say it: a date, or a duration."""
        if self.edtf:
            try:
                return format_date(self.edtf, style="long")
            except DateError:
                return self.edtf
        return _duration_text(self.value) if self.type == "DURATION" else self.value

    @property
    def explanation(self) -> str:
        """A one-line tooltip: the expression, its meaning and its anchor."""
        kind = {"DATE": "Date", "TIME": "Time", "DURATION": "Duration", "SET": "Recurring"}
        line = f"{kind.get(self.type, self.type)}: \u201c{self.text}\u201d = {self.display}"
        if self.anchor:
            line += f" (from {self.anchor})"
        return line

    @property
    def provenance(self) -> dict[str, str]:
        """What an event made from this suggestion records about its date."""
        out = {"expression": self.text, "value": self.value}
        if self.anchor:
            out["anchor"] = self.anchor
        return out


def _duration_text(value: str) -> str:
    if value.startswith("P") and len(value) > 2 and value[1:-1].isdigit():
        n, unit = int(value[1:-1]), _DURATION_UNITS.get(value[-1])
        if unit:
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return value


def document_date(published: str | None) -> datetime.date | None:
    """The day a source was published, for anchoring its relative dates (None if unknown)."""
    if not published:
        return None
    try:
        value = parse_edtf(published)
    except DateError:
        return None
    if value.precision not in ("day", "minute", "second"):
        return None
    return datetime.date.fromisoformat(value.edtf[:10])


@lru_cache(maxsize=32)
def _find(text: str, published: str | None) -> tuple[Suggestion, ...]:
    from citeline.core.timex import extract

    out = []
    for m in extract(text, document_date(published)):
        edtf = m.edtf
        if edtf is not None:
            try:
                parse_edtf(edtf)
            except DateError:
                edtf = None
        out.append(Suggestion(m.start, m.end, m.text, m.type, m.value, edtf, m.anchor))
    return tuple(out)


def suggest(text: str, published: str | None) -> list[Suggestion]:
    """Every time expression found in a source's text (cached per text)."""
    return list(_find(text, published))


def suggestions_for(store: Store, source_id: int, text: str | None = None) -> list[Suggestion]:
    """A source's suggestions, less the ones the user dismissed."""
    row = store.db.execute(
        "SELECT published, text FROM sources WHERE id = ?", [source_id]
    ).fetchone()
    if row is None:
        return []
    dismissed = {
        (r[0], r[1])
        for r in store.db.execute(
            'SELECT start, "end" FROM dismissed_suggestions WHERE source_id = ?', [source_id]
        )
    }
    found = suggest(text if text is not None else row[1], row[0])
    return [s for s in found if (s.start, s.end) not in dismissed]


def first_date_in(
    store: Store, source_id: int, text: str, span: tuple[int, int]
) -> Suggestion | None:
    """The first suggested date lying inside ``span`` of a source, if any."""
    for s in suggestions_for(store, source_id, text):
        if s.can_become_event and span[0] <= s.start and s.end <= span[1]:
            return s
    return None

"""Suggested dates in a source: what the date finder found, ready to become events.

A suggestion carries its meaning in words and its provenance (the expression and what
it was anchored on), which an event made from it keeps.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from citeline.core.dates import format_date
from citeline.core.edtf import parse_edtf
from citeline.core.errors import DateError
from citeline.core.store import Store

_UNITS = {
    "Y": "year", "M": "month", "W": "week", "D": "day", "Q": "quarter", "E": "decade",
    "C": "century", "H": "hour", "TM": "minute", "S": "second",
}  # fmt: skip
_SMALL = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
]
_MODS = {
    "APPROX": "about", "LESS_THAN": "less than", "MORE_THAN": "more than",
    "EQUAL_OR_LESS": "at most", "EQUAL_OR_MORE": "at least", "START": "the start of",
    "MID": "the middle of", "END": "the end of",
}  # fmt: skip
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_PARTS = {"MO": "morning", "AF": "afternoon", "EV": "evening", "NI": "night", "DT": "daytime"}
_SEASON_NAMES = {"SP": "spring", "SU": "summer", "FA": "autumn", "WI": "winter"}
_REFS = {
    "PRESENT_REF": "the time of writing",
    "PAST_REF": "some time in the past",
    "FUTURE_REF": "some time in the future",
}
# Vague references a reader cannot place on a timeline ("the current SMA", "recently"):
# the finder reports them (the corpora annotate them), suggestions leave them out.
_UNPLACEABLE = frozenset({"PAST_REF", "FUTURE_REF"})
_ADJECTIVE_REFS = frozenset({"current", "recent"})


@dataclass(frozen=True)
class Suggestion:
    """A time expression in a source, with what it means.

    A range ("March 7-9", "from 2001 to 2009") is one suggestion: its span and ``text``
    are the whole expression, ``value`` the two TIMEX3 values joined by "/", ``edtf``
    the interval.
    """

    start: int
    end: int
    text: str
    type: str
    value: str
    edtf: str | None
    anchor: str | None
    mod: str | None = None

    @property
    def can_become_event(self) -> bool:
        return self.edtf is not None

    @property
    def display(self) -> str:
        """The meaning as a reader would say it, never a TIMEX3 code: "from 7 to 9 March
        2018", "one second", "every week", "about April 2024"."""
        if self.edtf:
            return edtf_meaning(self.edtf)
        return value_meaning(self.type, self.value, self.mod)

    @property
    def explanation(self) -> str:
        """A one-line tooltip: the expression, its meaning and its anchor."""
        kind = {"DATE": "Date", "TIME": "Time", "DURATION": "Duration", "SET": "Recurring"}
        kind_text = "Dates" if self.edtf and "/" in self.edtf else kind.get(self.type, "Time")
        line = f"{kind_text}: \u201c{self.text}\u201d = {self.display}"
        if self.anchor:
            line += f" (from {self.anchor})"
        return line

    @property
    def provenance(self) -> dict[str, str]:
        """What an event made from this suggestion records about its date: the whole
        expression ("from 2001 to 2009"), its value and what it was anchored on."""
        out = {"expression": self.text, "value": self.value}
        if self.anchor:
            out["anchor"] = self.anchor
        return out


def _number(n: float) -> str:
    if n == int(n):
        k = int(n)
        return _SMALL[k] if 0 <= k < len(_SMALL) else f"{k:,}"
    return f"{n:g}"


def _duration_parts(value: str) -> list[tuple[str | None, str]] | None:
    """The (amount, unit letter) pairs of an ISO 8601 duration; amount None for "X"."""
    m = re.fullmatch(
        r"P(?P<date>(?:(?:\d+(?:\.\d+)?|X)[YMWDQEC])*)(?:T(?P<time>(?:(?:\d+(?:\.\d+)?|X)[HMS])+))?",
        value,
    )
    if m is None or value in ("P", "PT"):
        return None
    out: list[tuple[str | None, str]] = []
    for n, unit in re.findall(r"(\d+(?:\.\d+)?|X)([YMWDQEC])", m["date"] or ""):
        out.append((None if n == "X" else n, unit))
    for n, unit in re.findall(r"(\d+(?:\.\d+)?|X)([HMS])", m["time"] or ""):
        out.append((None if n == "X" else n, "TM" if unit == "M" else unit))
    return out or None


def duration_meaning(value: str, every: bool = False) -> str | None:
    """ "P17M" as "17 months", "PT1S" as "one second", "PXY" as "some years"; with
    ``every``, "P1W" as "every week" and "P2W" as "every two weeks". None if not a duration."""
    parts = _duration_parts(value)
    if parts is None:
        return None
    words = []
    for n, unit in parts:
        name = _UNITS[unit]
        plural = "centuries" if name == "century" else name + "s"
        if n is None:
            words.append(f"some {plural}" if not every else f"every few {plural}")
        elif float(n) == 1:
            words.append(name if every else f"one {name}")
        else:
            words.append(f"{_number(float(n))} {plural}")
    text = " and ".join(words)
    return f"every {text}" if every and not text.startswith("every") else text


def value_meaning(type_: str, value: str, mod: str | None = None) -> str:
    """A TIMEX3 value said in words: durations, repeated times, vague references and
    dates the text does not place (no year to resolve them against)."""
    prefix = (_MODS[mod] + " ") if mod in _MODS else ""
    if value in _REFS:
        return _REFS[value]
    if type_ == "DURATION":
        said = duration_meaning(value)
        return prefix + said if said else "a length of time"
    if type_ == "SET":
        said = duration_meaning(value, every=True)
        if said:
            return said
        m = re.fullmatch(r"XXXX-WXX-(\d)(?:T(\w\w))?", value)
        if m:
            part = f" {_PARTS.get(m[2], '')}".rstrip() if m[2] else ""
            return f"every {_WEEKDAY_NAMES[int(m[1]) - 1]}{part}"
        m = re.fullmatch(r"XXXX-(\d\d)", value)
        if m and 1 <= int(m[1]) <= 12:
            from citeline.core.dates import MONTHS_LONG

            return f"every {MONTHS_LONG[int(m[1]) - 1]}"
        m = re.fullmatch(r"XXXX-(SP|SU|FA|WI)", value)
        if m:
            return f"every {_SEASON_NAMES[m[1]]}"
        m = re.fullmatch(r"XXXX-Q(\d)", value)
        if m:
            return f"every year's quarter {m[1]}"
        return "repeatedly"
    m = re.fullmatch(r"XXXX-WXX-(\d)(?:T(\w\w))?", value)
    if m:
        part = f" {_PARTS.get(m[2], '')}".rstrip() if m[2] else ""
        return f"a {_WEEKDAY_NAMES[int(m[1]) - 1]}{part} (no date to place it)"
    m = re.fullmatch(r"XXXX-(\d\d)(?:-(\d\d))?", value)
    if m and 1 <= int(m[1]) <= 12:
        from citeline.core.dates import MONTHS_LONG

        day = f"{int(m[2])} " if m[2] else ""
        return f"{day}{MONTHS_LONG[int(m[1]) - 1]} of a year the text does not give"
    m = re.fullmatch(r"T(\d\d:\d\d)", value)
    if m:
        return f"{m[1]} on a day the text does not give"
    return "a time the text does not place"


def _plain_clock(text: str) -> str:
    """ "07:00:00" as "07:00": whole minutes need no seconds."""
    return re.sub(r"\b(\d\d:\d\d):00\b", r"\1", text)


def edtf_meaning(edtf: str) -> str:
    """An EDTF date in words; an interval says "from … to …" ("from 7 to 9 March 2018")."""
    try:
        value = parse_edtf(edtf)
    except DateError:
        return "a date that could not be read"
    if not value.interval:
        said = format_date(value, style="long")
        if re.fullmatch(r"\d{3}X", edtf):
            return f"the {said}, from {edtf[:3]}0 to {edtf[:3]}9"
        m = re.fullmatch(r"(\d{4})-24", edtf)
        if m:
            y = int(m[1])
            return f"winter {y}\u2013{(y + 1) % 100:02d}, from December {y} to February {y + 1}"
        return _plain_clock(said.replace("c. ", "about "))
    a, b = value.ends()
    first = "an open start" if a is None else format_date(a, style="long")
    last = "an open end" if b is None else format_date(b, style="long")
    first, last = (_plain_clock(t.replace("c. ", "about ")) for t in (first, last))
    head, tail = first.split(" "), last.split(" ")
    if len(head) == len(tail) > 1 and ":" in head[-1] + tail[-1] and head[:-1] == tail[:-1]:
        return f"{' '.join(head[:-1])}, from {head[-1]} to {tail[-1]}"  # one day, two times
    common = 0
    while common < min(len(head), len(tail)) - 1 and head[-1 - common] == tail[-1 - common]:
        common += 1
    if common:
        first = " ".join(head[:-common])
    return f"from {first} to {last}"


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

    day = document_date(published)
    out: list[Suggestion] = []
    for m in extract(text, day):
        if m.interval is not None:
            # Both ends of a range make one suggestion: the whole expression, the interval.
            iv = m.interval
            if out and (out[-1].start, out[-1].end) == (iv.start, iv.end):
                first = out.pop()
                out.append(
                    Suggestion(iv.start, iv.end, iv.text, first.type, f"{first.value}/{m.value}",
                               iv.edtf, first.anchor or m.anchor)
                )  # fmt: skip
            else:
                out.append(Suggestion(iv.start, iv.end, iv.text, m.type, m.value, iv.edtf,
                                      m.anchor))  # fmt: skip
            continue
        if not _placeable(text, m.text, m.end, m.value, day):
            continue
        edtf = m.edtf
        if edtf is not None:
            try:
                parse_edtf(edtf)
            except DateError:
                edtf = None
        out.append(Suggestion(m.start, m.end, m.text, m.type, m.value, edtf, m.anchor, m.mod))
    return tuple(out)


def _placeable(text: str, said: str, end: int, value: str, day: datetime.date | None) -> bool:
    """Whether a vague reference names a time a reader can place: "now" in a dated
    article is the time of writing (shown, with no date of its own: an item made from its
    passage takes the source's date anyway); "the current SMA", "recently", "the future",
    a "Now," that only opens a sentence, or "now" in an undated text are not."""
    if value in _UNPLACEABLE:
        return False
    if value != "PRESENT_REF":
        return True
    if day is None or said.lower() in _ADJECTIVE_REFS:
        return False
    return not (said == "Now" and text.startswith(",", end))


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
    """The first suggested date lying inside ``span`` of a source, if any.

    A range counts when its dates lie inside, with or without the "from" or "between"
    that opens it ("2001 to 2009" selected out of "from 2001 to 2009").
    """
    for s in suggestions_for(store, source_id, text):
        lead = _RANGE_WORD.match(s.text)
        start = s.start + (lead.end() if lead else 0)
        if s.can_become_event and span[0] <= start and s.end <= span[1]:
            return s
    return None


_RANGE_WORD = re.compile(r"(?:from|between)\s+", re.IGNORECASE)

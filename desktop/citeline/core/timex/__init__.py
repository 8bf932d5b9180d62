"""The date finder: dates, times, durations and sets in English news text.

``extract(text, document_date)`` gives every time expression in ``text`` as a
:class:`Mention` with its TIMEX3 type, value and modifier, an EDTF date where the
expression names one, and what a relative expression was resolved against.
"""

from __future__ import annotations

import datetime
from dataclasses import asdict, dataclass

from citeline.core.timex.ranges import Interval, Item, join
from citeline.core.timex.scanner import point_edtf, point_value, scan
from citeline.core.timex.values import value

__all__ = ["Interval", "Mention", "extract"]


@dataclass(frozen=True)
class Mention:
    """One time expression found in a text, with offsets into that text."""

    start: int
    end: int
    text: str
    type: str  # "DATE" | "TIME" | "DURATION" | "SET"
    value: str  # TIMEX3 value
    mod: str | None  # TIMEX3 mod
    edtf: str | None  # EDTF of a calendar value; for "in less than a month" the date reached
    anchor: str | None  # what a relative value was resolved against; None for absolute ones
    # The range this mention is one end of ("March 7-9", "from 2001 to 2009"): the whole
    # expression and its EDTF interval. Both ends carry the same Interval.
    interval: Interval | None = None

    def to_json(self) -> dict[str, object]:
        """The mention as a JSON-ready dict (start, end, text, type, value, mod, edtf,
        anchor, interval: {start, end, text, edtf} or null)."""
        return asdict(self)


def extract(text: str, document_date: datetime.date | None = None) -> list[Mention]:
    """The time expressions in ``text``, sorted by start and never overlapping.

    Relative expressions ("last year", "on Tuesday") resolve against ``document_date``;
    without one they keep unknown parts ("XXXX-WXX-2"). Anaphoric ones ("four months
    later") resolve against the last time mentioned before them.
    """
    items: list[Item] = []
    for i, (start, end, res, ctx) in enumerate(scan(text, document_date)):
        anchor = None
        if res.anchor == "dct" and document_date is not None:
            anchor = f"document date {document_date.isoformat()}"
        elif res.anchor == "ref":
            ref_text, ref_point = ctx.used_ref[i]
            anchor = f'previous time "{ref_text}" ({value(ref_point)})'
        elif res.approx is not None and document_date is not None:
            anchor = f"document date {document_date.isoformat()}"
        items.append((start, end, res, anchor))
    joined, intervals = join(text, items, document_date)
    return [
        Mention(
            start=start,
            end=end,
            text=text[start:end],
            type=res.type,
            value=point_value(res),
            mod=res.mod,
            edtf=point_edtf(res) if res.type in ("DATE", "TIME") or res.approx else None,
            anchor=anchor,
            interval=interval,
        )
        for (start, end, res, anchor), interval in zip(joined, intervals, strict=True)
    ]

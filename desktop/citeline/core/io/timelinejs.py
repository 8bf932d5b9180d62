"""TimelineJS3 JSON: the selection as slides a TimelineJS3 page can show.

Dates are split into ``year``, ``month``, ``day``, ``hour``, ``minute``, ``second``
only down to the precision the item has, so a month stays a month; approximate,
uncertain and coarse dates also carry the ``display_date`` Citeline would show. Every
text field is HTML (TimelineJS3 renders it as such), so user text is escaped and only
http(s) links become anchors. Quotes are slides whose media is a ``<blockquote>``, the
TimelineJS3 convention, credited to their speaker.
"""

from __future__ import annotations

from html import escape
from typing import Any

from citeline.core.calendar import civil_from_instant
from citeline.core.edtf import SEASONS, DateValue, parse_edtf
from citeline.core.io.project_json import render_document
from citeline.core.io.selection import (
    Citation,
    Item,
    Selection,
    citation_parts,
    display_date,
    gather,
)
from citeline.core.io.text import safe_url

_FIELDS = ("year", "month", "day", "hour", "minute", "second")
_DEPTH = {"year": 1, "season": 2, "month": 2, "day": 3, "minute": 5, "second": 6}


def _h(text: str) -> str:
    """Plain text as HTML, line breaks kept."""
    return escape(text).replace("\n", "<br>")


def date_object(value: DateValue) -> tuple[dict[str, int], dict[str, int] | None]:
    """A single date's TimelineJS3 start (and, when it spans more, end) date objects."""
    p = value.parts()
    if p.unspecified_digits:
        first_year = civil_from_instant(value.earliest)[0]
        return {"year": first_year}, {"year": civil_from_instant(value.latest - 1)[0]}
    values = (p.year, p.month, p.day, p.hour, p.minute, p.second)
    if value.precision == "season" and p.month is not None:
        month = SEASONS[p.month][1]
        last_year, last_month = divmod(p.year * 12 + month - 1 + 2, 12)
        return {"year": p.year, "month": month}, {"year": last_year, "month": last_month + 1}
    depth = _DEPTH.get(value.precision, 1)
    start = {k: v for k, v in zip(_FIELDS[:depth], values[:depth], strict=True) if v is not None}
    return start, None


def dates(value: DateValue) -> dict[str, Any]:
    """The ``start_date``/``end_date`` (and ``display_date``) of an item's date."""
    first, last = value.ends()
    out: dict[str, Any] = {}
    if value.interval:
        known = first or last
        assert known is not None
        out["start_date"] = date_object(known)[0]
        if first is not None and last is not None:
            end, end_span = date_object(last)
            out["end_date"] = end_span or end
    else:
        start, end_span = date_object(value)
        out["start_date"] = start
        if end_span is not None:
            out["end_date"] = end_span
    plain = value.precision in _DEPTH and not value.interval
    if value.approximate or value.uncertain or not plain:
        out["display_date"] = display_date(value.edtf)
    return out


def citation_html(c: Citation) -> str:
    """An HTML citation: the quoted passage, then its source (linked when safe)."""
    parts = [escape(p) for p in citation_parts(c)]
    parts[0] = f"<cite>{parts[0]}</cite>"
    url = safe_url(c.source.url)
    if url:
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
    elif c.source.url:
        parts.append(escape(c.source.url))
    stance = f" ({escape(c.stance)})" if c.stance and c.stance != "supports" else ""
    return (
        f"<blockquote>\u201c{_h(c.passage.exact)}\u201d</blockquote>"
        f"<p>\u2014 {', '.join(parts)}{stance}</p>"
    )


def slide(item: Item) -> dict[str, Any]:
    """The TimelineJS3 slide of one event or quote."""
    body = []
    if item.description:
        body.append(f"<p>{_h(item.description)}</p>")
    if item.kind == "event" and item.people:
        body.append(f"<p>People: {escape(', '.join(item.people))}</p>")
    body.append(f'<p class="status">Status: {escape(item.status_line)}</p>')
    if item.flagged:
        body.append(f'<p class="disagree">{escape(item.disagreement_line)}</p>')
    body.extend(citation_html(c) for c in item.citations)
    out: dict[str, Any] = dates(item.date)
    if item.kind == "quote":
        speaker = item.speaker or "Unknown speaker"
        out["text"] = {"headline": escape(speaker), "text": "".join(body)}
        out["media"] = {
            "url": f"<blockquote>{_h(item.title)}</blockquote>",
            "credit": escape(speaker),
        }
    else:
        out["text"] = {"headline": escape(item.title), "text": "".join(body)}
    if item.lane:
        out["group"] = escape(item.lane)
    out["unique_id"] = f"{item.kind}-{item.id}"
    return out


def timeline_document(selection: Selection) -> dict[str, Any]:
    """The TimelineJS3 document of a selection, as Python data."""
    chronology = gather(selection)
    title: dict[str, Any] = {"text": {"headline": escape(chronology.title)}}
    if chronology.description:
        title["text"]["text"] = f"<p>{_h(chronology.description)}</p>"
    title["unique_id"] = "title"
    eras = []
    for era in chronology.eras:
        era_dates = dates(parse_edtf(era.date_edtf))
        era_dates.pop("display_date", None)
        era_dates.setdefault("end_date", era_dates["start_date"])
        eras.append(
            {**era_dates, "text": {"headline": escape(era.name)}, "unique_id": f"era-{era.id}"}
        )
    document: dict[str, Any] = {
        "title": title,
        "events": [slide(item) for item in chronology.items],
    }
    if eras:
        document["eras"] = eras
    return document


def export_timelinejs(selection: Selection) -> str:
    """The selection as TimelineJS3 JSON text, one slide per line."""
    return render_document(timeline_document(selection))

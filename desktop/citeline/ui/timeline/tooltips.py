"""Hover texts of the timeline: what an item is, when (as written and as EDTF), and where from."""

from __future__ import annotations

from html import escape

from citeline.core import queries
from citeline.core.calendar import civil_from_instant
from citeline.core.dates import format_date
from citeline.core.errors import CitelineError
from citeline.core.layout.ticks import MONTH_NAMES, year_label
from citeline.core.store import Store
from citeline.ui.timeline.frame import DrawnItem, LaneFrame


def _source_title(store: Store, kind: str, item_id: int) -> str | None:
    """The title of the source of an event's first evidence passage or of a quote's passage."""
    try:
        if kind == "event":
            found = queries.evidence(store, item_id)
            if not found:
                return None
            source_id = found[0].passage.source_id
        else:
            passage_id = queries.quote(store, item_id).passage_id
            if passage_id is None:
                return None
            source_id = queries.passage(store, passage_id).source_id
        return queries.source(store, source_id).title
    except CitelineError:
        return None


def date_text(edtf: str) -> str:
    """The date as written for reading, then its EDTF: "c. Mar 2021 (2021-03~)"."""
    try:
        shown = format_date(edtf)
    except CitelineError:
        shown = edtf
    return f"{shown} ({edtf})" if shown != edtf else edtf


def item_tooltip(store: Store, d: DrawnItem, others: int = 0) -> str:
    """Rich text for an item: title or quote, date, certainty, speaker, lane and source."""
    it = d.item
    lines = []
    if it.kind == "quote":
        words = " ".join(it.title.split())
        if len(words) > 240:
            words = words[:240].rstrip() + "…"
        who = escape(d.speaker or "Unknown speaker", quote=False)
        lines.append(f"<b>{who}</b>: \u201c{escape(words, quote=False)}\u201d")
    else:
        lines.append(f"<b>{escape(it.title, quote=False)}</b>")
    qualities = [w for f, w in ((it.approximate, "approximate"), (it.uncertain, "uncertain")) if f]
    when = escape(date_text(it.date_edtf), quote=False)
    lines.append(when + (f" — {' and '.join(qualities)}" if qualities else ""))
    source = _source_title(store, it.kind, it.id)
    if source:
        lines.append(f"Source: <i>{escape(source, quote=False)}</i>")
    if others:
        lines.append(f"and {others} more item{'s' if others > 1 else ''} here: zoom in to see them")
    return "<br>".join(lines)


def day_text(t: float) -> str:
    """An instant as a plain day, "14 Mar 2024"."""
    y, m, d, *_ = civil_from_instant(int(t))
    return f"{d} {MONTH_NAMES[m - 1]} {year_label(y)}"


def bucket_tooltip(lane: LaneFrame, count: int, t0: float, t1: float, matching: int | None) -> str:
    """Rich text for one bar of a density strip."""
    name = escape(lane.info.name, quote=False)
    span = f"{day_text(t0)} – {day_text(t1 - 1)}"
    n = f"{matching:,} of {count:,}" if matching is not None else f"{count:,}"
    return f"<b>{name}</b>: {n} item{'s' if count != 1 else ''}<br>{span}<br>Click to zoom in"


def more_tooltip(lane: LaneFrame, shown: int = 8) -> str:
    """Rich text for a lane's "+N more" badge: the first items it stands for."""
    hidden = sorted(lane.hidden, key=lambda d: (d.item.earliest, d.item.kind, d.item.id))
    name = escape(lane.info.name, quote=False)
    lines = [f"<b>{len(hidden):,} more in {name}</b>, with no row left at this height:"]
    for d in hidden[:shown]:
        title = escape(" ".join(d.item.title.split())[:80], quote=False)
        lines.append(f"{escape(date_text(d.item.date_edtf), quote=False)}: {title}")
    if len(hidden) > shown:
        lines.append(f"and {len(hidden) - shown:,} more")
    lines.append("Zoom in, or make the timeline taller, to see them")
    return "<br>".join(lines)

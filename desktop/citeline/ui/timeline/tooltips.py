"""Hover texts of the timeline: what an item is, when (as written and as EDTF), and where from."""

from __future__ import annotations

from html import escape

from citeline.core import queries
from citeline.core.calendar import civil_from_instant
from citeline.core.dates import format_date
from citeline.core.errors import CitelineError
from citeline.core.layout.ticks import MONTH_NAMES, year_label
from citeline.core.store import Store
from citeline.ui.timeline.data import TimelineData
from citeline.ui.timeline.frame import ClusterBox, DrawnItem


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


def item_tooltip(store: Store, d: DrawnItem) -> str:
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
    return "<br>".join(lines)


def day_text(t: float) -> str:
    """An instant as a plain day, "14 Mar 2024"."""
    y, m, d, *_ = civil_from_instant(int(t))
    return f"{d} {MONTH_NAMES[m - 1]} {year_label(y)}"


def cluster_tooltip(data: TimelineData, c: ClusterBox, shown: int = 5) -> str:
    """Rich text for a cluster: how many items, when, and the most important titles."""
    lane = next((la.name for la in data.lanes if la.key == c.lane), "")
    lines = [
        f"<b>{c.count:,} item{'s' if c.count != 1 else ''} in {escape(lane, quote=False)}</b>",
        f"{day_text(c.t0)} – {day_text(max(c.t1 - 1, c.t0))}",
    ]
    if c.keys:
        found = [it for k in c.keys if (it := data.item(*k)) is not None]
        data.learn_evidence(found)
        found.sort(key=lambda it: queries.rank_key(it, data.evidence(it)))
    else:
        found = data.ranked(c.lane, c.t0, c.t1, shown)
    for it in found[:shown]:
        title = escape(" ".join(it.title.split())[:80], quote=False)
        lines.append(f"{escape(date_text(it.date_edtf), quote=False)}: {title}")
    if c.count > shown:
        lines.append(f"and {c.count - min(shown, len(found)):,} more")
    lines.append("Click to show them; Esc goes back")
    return "<br>".join(lines)

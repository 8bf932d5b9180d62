"""HTML: one self-contained page with an interactive timeline above its chronology.

The page works from ``file://`` and from any static host, offline, and fetches nothing.
Its safety rests on three rules, each tested:

- **No user text inside any script.** The one ``<script>`` is the page's own file
  (``resources/web/timeline.js``), the same bytes for every project. Items reach it as
  escaped HTML: each chronology ``<article>`` carries its timeline data in ``data-``
  attributes, which the script reads as strings and numbers and never evaluates.
- **A Content-Security-Policy** that allows that script and the page's styles by their
  SHA-256 hashes and nothing else: no other script, no handler, no network at all.
- **Links only http(s)**; any other address is shown as text.

Zoom-independent layout (shapes, ranks, rows) comes from :mod:`citeline.core.layout.fixed`;
the script only maps time to x and fits labels by the rule documented there.
"""

from __future__ import annotations

import base64
import hashlib
import re
from functools import lru_cache
from html import escape
from typing import Any

from citeline import __version__
from citeline.core import errors, queries
from citeline.core.calendar import civil_from_instant
from citeline.core.io.html_items import DOT, item_html, label_of, shape, source_html, text
from citeline.core.io.selection import Chronology, Selection, display_date, gather
from citeline.core.io.text import safe_url
from citeline.core.layout import fixed
from citeline.core.layout.ticks import STEPS
from citeline.resources import resource

#: Lane colors for lanes that have none: the app's palette (ui/timeline/theme.py).
LANE_COLORS = (
    "#2e86c1",
    "#c0392b",
    "#1e8449",
    "#7d3c98",
    "#d68910",
    "#148f77",
    "#a04000",
    "#5d6d7e",
)
_COLOR = re.compile(r"#[0-9a-fA-F]{6}")


#: The page's script, in this order: the drawing of items, then the timeline that uses it.
SCRIPTS = ("marks.js", "timeline.js")


@lru_cache(maxsize=1)
def assets() -> tuple[str, str]:
    """The page's one script (the files of SCRIPTS joined) and its stylesheet, as shipped
    in ``resources/web``."""
    folder = resource("web")
    return (
        "\n".join((folder / name).read_text(encoding="utf-8") for name in SCRIPTS),
        (folder / "page.css").read_text(encoding="utf-8"),
    )


def csp_hash(source: str) -> str:
    """The CSP source expression allowing exactly this inline script or style."""
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def csp(script: str, styles: list[str]) -> str:
    """The page's policy: its own script and styles by hash; nothing else, no network."""
    return (
        f"default-src 'none'; script-src {csp_hash(script)}; "
        f"style-src {' '.join(csp_hash(s) for s in styles)}; img-src 'none'; "
        "connect-src 'none'; font-src 'none'; object-src 'none'; base-uri 'none'; "
        "form-action 'none'"
    )


def lane_color(color: str | None, position: int) -> str:
    """A lane's color as ``#rrggbb``: its own when well formed, else the palette's."""
    if color and _COLOR.fullmatch(color.strip()):
        return color.strip().lower()
    return LANE_COLORS[position % len(LANE_COLORS)]


def _lanes(chronology: Chronology) -> list[tuple[int | None, str, str]]:
    """The page's lanes in order: (lane id, name, color), "No lane" last when needed."""
    out: list[tuple[int | None, str, str]] = [
        (lane.id, lane.name, lane_color(lane.color, n)) for n, lane in enumerate(chronology.lanes)
    ]
    if any(item.lane_id is None for item in chronology.items):
        out.append((None, "No lane", "#7f8c8d"))
    return out


def placements(
    chronology: Chronology, lane_index: dict[int | None, int]
) -> tuple[list[dict[str, Any]], tuple[float, float]]:
    """Each item's timeline data (times, lane, row, rank, shape, phone row; a quote's
    label), and the fit-all window."""
    items = chronology.items
    fixed_items = [
        fixed.FixedItem(
            lane_index[item.lane_id],
            item.date.earliest,
            item.date.latest,
            item.date.precision,
            item.date.edtf,
            label_of(item),
            item.importance,
            len(item.citations),
        )
        for item in items
    ]
    plan = fixed.layout(fixed_items)
    out = []
    for n, item in enumerate(items):
        # One attribute, "t0 t1 lane row rank shape [phone row]": a tenth of the page's
        # size at 10,000 items is spent on these, so they are packed.
        fields = [
            item.date.earliest,
            item.date.latest,
            lane_index[item.lane_id],
            plan.rows[n],
            plan.ranks[n],
            shape(item, plan.points[n]),
        ]
        if plan.narrow_rows[n] != plan.rows[n]:
            fields.append(plan.narrow_rows[n])  # the row on a phone, when it differs
        data: dict[str, Any] = {"tl": " ".join(map(str, fields))}
        if item.kind == "quote":
            data["label"] = fixed_items[n].label
        out.append(data)
    return out, (plan.fit.start, plan.fit.end)


def _steps() -> str:
    """The axis steps, finest first, as the script reads them: "unit:count ...".

    They are the app's own (core/layout/ticks.py), so the page's axis ticks fall on the
    same calendar boundaries as the app's.
    """
    return " ".join(f"{s.unit}:{s.count}" for s in STEPS)


def _timeline_shell(
    chronology: Chronology, lanes: list[tuple[int | None, str, str]], fit: tuple[float, float]
) -> str:
    """The timeline's static parts: tools, view, lanes and eras; the script fills the view."""
    return "".join(
        [
            '<section id="timeline" class="tl" aria-label="Interactive timeline" hidden>',
            '<div class="tl-tools">',
            '<input id="q" type="search" placeholder="Search" autocomplete="off" '
            'aria-label="Search the items" aria-controls="chronology">',
            '<span id="q-count" class="count" aria-live="polite"></span>',
            '<span class="zoom">',
            '<button type="button" id="zoom-out" aria-label="Zoom out" title="Zoom out (\u2212)">'
            "\u2212</button>",
            '<button type="button" id="zoom-in" aria-label="Zoom in" title="Zoom in (+)">'
            "+</button>",
            '<button type="button" id="zoom-fit" title="Show everything (0)">Fit</button>',
            "</span></div>",
            '<div id="tl-view" class="tl-view" tabindex="0" role="group" '
            'aria-roledescription="timeline" aria-label="Timeline" aria-describedby="tl-help">'
            '<div class="tl-axis" aria-hidden="true"></div>'
            '<div class="tl-eras" aria-hidden="true"></div>'
            '<div class="tl-lanes"></div></div>',
            '<p id="tl-help" class="help">Drag or use the arrow keys to move; '
            "<kbd>+</kbd> and <kbd>\u2212</kbd> or Ctrl+scroll to zoom; <kbd>0</kbd> fits all. "
            "Tab to an item (or use \u2190 \u2192 on the timeline) and press "
            "<kbd>Enter</kbd> to read its sources.</p>",
            "</section>",
            f'<ol id="tl-lane-list" hidden data-steps="{_steps()}" '
            f'data-fit="{fit[0]:.0f} {fit[1]:.0f}" data-narrow="{fixed.NARROW_BELOW:.0f}">',
            *(f'<li data-color="{color}">{text(name)}</li>' for _, name, color in lanes),
            "</ol>",
            '<ol id="tl-era-list" hidden>',
            *(
                f'<li data-t0="{era.date_earliest}" data-t1="{era.date_latest}">'
                f"{text(era.name)}</li>"
                for era in chronology.eras
            ),
            "</ol>",
        ]
    )


def _sources(chronology: Chronology) -> str:
    used = {c.source.id: c for item in chronology.items for c in item.citations}
    if not used:
        return ""
    rows = [
        f"<li>{source_html(c)}</li>"
        for c in sorted(used.values(), key=lambda c: (c.source.published or "", c.source.title))
    ]
    return '<section class="sources"><h2>Sources</h2><ul>' + "".join(rows) + "</ul></section>"


def _chronology(chronology: Chronology, data: list[dict[str, Any]], selection: Selection) -> str:
    texts: dict[int, str | None] = {}

    def source_text(source_id: int) -> str | None:
        if source_id not in texts:
            try:
                texts[source_id] = queries.source_text(selection.store, source_id)
            except errors.NotFoundError:
                texts[source_id] = None
        return texts[source_id]

    out = ['<main id="chronology"><h2 class="sr">Chronology</h2>']
    heading = None
    year = None
    number = 1
    for item, placement in zip(chronology.items, data, strict=True):
        shown = display_date(item.date.edtf)
        # Years are the blocks the browser may skip laying out until they are in view.
        item_year = civil_from_instant(item.date.earliest)[0]
        if shown != heading or item_year != year:
            if heading is not None:
                out.append("</section>")
            if item_year != year:
                if year is not None:
                    out.append("</div>")
                year = item_year
                out.append('<div class="year">')
            heading = shown
            out.append(f'<section class="date"><h2>{escape(shown)}</h2>')
        out.append(item_html(item, placement, number, source_text))
        number += len(item.citations)
    if heading is not None:
        out.append("</section></div>")
    out.append("</main>")
    return "\n".join(out)


def export_html(selection: Selection) -> str:
    """The selection as one self-contained HTML page with an interactive timeline."""
    chronology = gather(selection)
    script, style = assets()
    lanes = _lanes(chronology)
    lane_index = {lane_id: n for n, (lane_id, _, _) in enumerate(lanes)}
    data, fit = placements(chronology, lane_index)
    events = sum(i.kind == "event" for i in chronology.items)
    quotes = len(chronology.items) - events
    counts = f"{events:,} event{'s' * (events != 1)}{DOT}{quotes:,} quote{'s' * (quotes != 1)}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp(script, [style])}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="Citeline {escape(__version__)}">',
        f"<title>{escape(chronology.title)}</title>",
        f"<style>{style}</style>",
        "</head>",
        "<body>",
        f'<header class="top"><h1>{text(chronology.title)}</h1>',
    ]
    if chronology.description.strip():
        out.append(f'<p class="description">{text(chronology.description.strip())}</p>')
    out.append(f'<p class="meta">{counts}</p></header>')
    if chronology.items:
        out.append(_timeline_shell(chronology, lanes, fit))
    out.append(_chronology(chronology, data, selection))
    out.append(_sources(chronology))
    out.append(
        '<aside id="card" class="card" role="dialog" aria-labelledby="card-title" hidden>'
        '<button type="button" class="close" aria-label="Close">\u00d7</button>'
        '<div class="card-body"></div></aside>'
    )
    out.append(
        f'<footer class="made">Made with Citeline {escape(__version__)}: every item '
        "links to the passages it rests on.</footer>"
    )
    out.append(f"<script>{script}</script>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def embed_source(src: str) -> str:
    """``src`` when a page can be embedded from it: http(s) or a relative address."""
    src = src.strip()
    scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.-]*):", src)
    if not src or (scheme and safe_url(src) is None) or any(c.isspace() for c in src):
        raise errors.ExportError(
            f"\u201c{src}\u201d is not an address a page can be embedded from: "
            "give an http(s) address or a path relative to the article"
        )
    return src


def embed_snippet(src: str, title: str, height: int = 640) -> str:
    """The HTML to put the page in an article: a titled, sandboxed, lazy iframe.

    The sandbox lets the page run its own script and open its sources in new tabs, and
    nothing else: no access to the article's page, its cookies or its storage. The
    link inside is what a reader without frames gets.
    """
    src = embed_source(src)
    return (
        f'<iframe src="{escape(src)}" title="{escape(title)}" width="100%" '
        f'height="{int(height)}" style="border:0;max-width:100%" loading="lazy" '
        'referrerpolicy="no-referrer" '
        'sandbox="allow-scripts allow-popups allow-popups-to-escape-sandbox">'
        f'<a href="{escape(src)}">{escape(title)}</a></iframe>'
    )

"""HTML: one self-contained page that works offline and cannot run anything.

The chronology is written with every piece of user text escaped; each cited passage is
shown in its context (prefix, the exact words highlighted, suffix) with its source.
There is no script at all, no remote resource (styles are inline, nothing is loaded),
and a Content-Security-Policy forbids script should any slip in. Source addresses are
links only when they are plain http(s); anything else is shown as text. User text is
wrapped in ``<bdi>`` so right-to-left overrides cannot reorder the page around it.

The timeline picture comes from the app's own painter, as inline SVG, when Qt is
available (:func:`timeline_svg`); otherwise the page simply has no picture.
"""

from __future__ import annotations

import re
from html import escape
from xml.etree import ElementTree

from citeline import __version__
from citeline.core import errors
from citeline.core.io.selection import (
    Chronology,
    Citation,
    Item,
    Selection,
    display_date,
    gather,
    source_line,
)
from citeline.core.io.text import safe_url

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'none'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)

_STYLE = """
body { font: 16px/1.5 Georgia, "Noto Serif", serif; max-width: 46rem; margin: 2rem auto;
       padding: 0 1rem; color: #1d1d1f; background: #fff; }
h1 { font-size: 1.8rem; margin-bottom: .25rem; }
h2 { font: 600 1rem/1.3 system-ui, sans-serif; color: #555; border-bottom: 1px solid #ddd;
     margin-top: 2.2rem; padding-bottom: .2rem; }
h3 { font-size: 1.15rem; margin: 1rem 0 .3rem; }
.meta, .facts, figcaption { font: .85rem/1.4 system-ui, sans-serif; color: #555; }
.description, .words, .context, mark { white-space: pre-wrap; }
article { margin-bottom: 1.4rem; }
blockquote { margin: .5rem 0; padding-left: .9rem; border-left: 3px solid #ccc; }
.words { font-size: 1.1rem; font-style: italic; border-left-color: #7d3c98; }
.context { color: #777; }
mark { background: #fff1a8; color: inherit; }
.stance { font-weight: 600; }
.figure svg { max-width: 100%; height: auto; }
.sources li { margin-bottom: .4rem; }
"""

# Elements that could run, embed or fetch something; our painter writes none of them, so
# finding one means the picture is not what we expect and it is left out.
_ACTIVE = frozenset(
    {"script", "foreignobject", "iframe", "object", "embed", "image", "use", "animate", "set"}
    | {"animatetransform", "animatemotion", "a", "handler", "listener"}
)


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def inert_svg(svg: str) -> bool:
    """Whether an SVG document can only draw: no script, handler, link or outside fetch."""
    if re.search(r"<!(DOCTYPE|ENTITY)", svg, re.IGNORECASE):
        return False  # no entity tricks; the prolog was stripped before this check
    try:
        root = ElementTree.fromstring(svg)
    except ElementTree.ParseError:
        return False
    if _local(root.tag) != "svg":
        return False
    for element in root.iter():
        if _local(element.tag) in _ACTIVE:
            return False
        if _local(element.tag) == "style" and "url(" in (element.text or "").replace(" ", ""):
            return False
        for name, value in element.attrib.items():
            local = _local(name)
            if local.startswith("on") or (local == "href" and not value.startswith("#")):
                return False
            if "url(" in value and not re.fullmatch(r"\s*url\(#[\w.-]+\)\s*", value):
                return False
    return True


def timeline_svg(selection: Selection) -> str | None:
    """The timeline drawn by the app's painter as inline SVG, or None without Qt."""
    from citeline.core.io import EXPORTERS

    try:
        data = EXPORTERS["svg"].load()(selection)
    except (ImportError, errors.CitelineError):
        return None
    svg = data.decode("utf-8") if isinstance(data, bytes) else data
    svg = re.sub(r"^\s*<\?xml[^>]*\?>", "", svg).strip()
    return svg if inert_svg(svg) else None


def text(value: str) -> str:
    """User text as HTML: escaped, and isolated from the text around it."""
    return f"<bdi>{escape(value)}</bdi>"


def source_html(c: Citation) -> str:
    """The source of a citation: title, outlet, author, date and (safe) link."""
    parts = [text(p) for p in source_line(c.source)]
    parts[0] = f"<cite>{parts[0]}</cite>"
    url = safe_url(c.source.url)
    if url:
        parts.append(
            f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{escape(url)}</a>'
        )
    elif c.source.url:
        parts.append(f'<span class="unsafe-url">{text(c.source.url)}</span>')
    return ", ".join(parts)


def passage_html(c: Citation) -> str:
    """A cited passage in its context, the exact words highlighted, and its source."""
    p = c.passage
    stance = ""
    if c.stance and c.stance != "supports":
        stance = f' <span class="stance">({escape(c.stance)})</span>'
    return (
        '<figure class="passage"><blockquote>'
        f'<span class="context">\u2026{escape(p.prefix)}</span>'
        f"<mark>{escape(p.exact)}</mark>"
        f'<span class="context">{escape(p.suffix)}\u2026</span>'
        f"</blockquote><figcaption>\u2014 {source_html(c)}{stance}</figcaption></figure>"
    )


def item_html(item: Item) -> str:
    """One event or quote as an ``<article>``."""
    parts = [f'<article class="{item.kind}" id="{item.kind}-{item.id}">']
    if item.kind == "quote":
        parts.append(f'<blockquote class="words">\u201c{text(item.title)}\u201d</blockquote>')
        parts.append(f'<p class="facts">\u2014 {text(item.speaker or "Unknown speaker")}</p>')
    else:
        parts.append(f"<h3>{text(item.title)}</h3>")
    facts = [item.lane or "", ", ".join(item.tags)]
    if item.kind == "event":
        facts.append(", ".join(item.people))
    facts.append(item.status_line)
    if any(facts):
        parts.append(f'<p class="facts">{" · ".join(text(f) for f in facts if f)}</p>')
    if item.description.strip():
        parts.append(f'<p class="description">{text(item.description.strip())}</p>')
    parts.extend(passage_html(c) for c in item.citations)
    parts.append("</article>")
    return "\n".join(parts)


def _sources(chronology: Chronology) -> str:
    used = {c.source.id: c for item in chronology.items for c in item.citations}
    if not used:
        return ""
    rows = [
        f"<li>{source_html(c)}</li>"
        for c in sorted(used.values(), key=lambda c: (c.source.published or "", c.source.title))
    ]
    return '<section class="sources"><h2>Sources</h2><ul>\n' + "\n".join(rows) + "</ul></section>"


def export_html(selection: Selection) -> str:
    """The selection as one self-contained HTML page."""
    chronology = gather(selection)
    events = sum(i.kind == "event" for i in chronology.items)
    quotes = len(chronology.items) - events
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f'<meta name="generator" content="Citeline {escape(__version__)}">',
        f"<title>{escape(chronology.title)}</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        f"<header><h1>{text(chronology.title)}</h1>",
    ]
    if chronology.description.strip():
        out.append(f'<p class="description">{text(chronology.description.strip())}</p>')
    out.append(f'<p class="meta">{events:,} events \u00b7 {quotes:,} quotes</p></header>')
    svg = timeline_svg(selection)
    # The slot for the timeline picture drawn by the app's painter.
    if svg is not None:
        out.append(f'<section class="figure" id="timeline-figure">{svg}</section>')
    out.append("<main>")
    heading = None
    for item in chronology.items:
        shown = display_date(item.date.edtf)
        if shown != heading:
            if heading is not None:
                out.append("</section>")
            heading = shown
            out.append(f'<section class="date"><h2>{escape(shown)}</h2>')
        out.append(item_html(item))
    if heading is not None:
        out.append("</section>")
    out += ["</main>", _sources(chronology), "</body>", "</html>", ""]
    return "\n".join(out)

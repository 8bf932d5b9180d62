"""The chronology of the HTML page: one ``<article>`` per item, its receipts inside it.

Every piece of user text is escaped and wrapped in ``<bdi>`` (so a right-to-left
override cannot reorder the page around it). What the page's script needs to draw the
timeline travels in ``data-`` attributes of each article, which it reads and never
evaluates; the article itself is what the item's card shows.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

from citeline.core.io.selection import Citation, Item, display_date, source_line
from citeline.core.io.snippets import ELLIPSIS, Snippet, context, from_quote
from citeline.core.io.text import safe_url
from citeline.core.pages import page_label

DOT = " \u00b7 "
#: The most context shown each side of a passage, in characters (about a sentence).
CONTEXT_CHARS = 140
#: A source's text by id (None when it cannot be read).
SourceText = Callable[[int], str | None]


def text(value: str) -> str:
    """User text as HTML: escaped, and isolated from the text around it."""
    return f"<bdi>{escape(value)}</bdi>"


def shape(item: Item, point: bool) -> str:
    """The marker shape code of an item: "p" or "b", then "~" and "?" as its date says."""
    code = "p" if point else "b"
    if item.date.approximate:
        code += "~"
    if item.date.uncertain:
        code += "?"
    return code


def link(url: str | None) -> str:
    """A source address as a link when it is plain http(s), else as text (or nothing)."""
    safe = safe_url(url)
    if safe:
        return (
            f'<a href="{escape(safe)}" rel="noopener noreferrer nofollow" target="_blank">'
            f"{escape(safe)}</a>"
        )
    if url:
        return f'<span class="unsafe-url">{text(url)}</span>'
    return ""


def source_html(c: Citation) -> str:
    """The source of a citation: title, outlet, author, date, page and (safe) link."""
    parts = [text(p) for p in source_line(c.source)]
    parts[0] = f"<cite>{parts[0]}</cite>"
    page = page_label(c.source, c.passage.start, c.passage.end)
    if page:
        parts.append(escape(page).replace(" ", "\u00a0"))
    shown = link(c.source.url)
    if shown:
        if c.source.fetched_at:
            day = escape(c.source.fetched_at[:10])
            shown += f' <span class="fetched">(retrieved {day})</span>'
        parts.append(shown)
    return ", ".join(parts)


def snippet_html(s: Snippet) -> str:
    """A snippet as ``<blockquote>``: the context muted, the passage highlighted."""
    lead = ELLIPSIS if s.cut_before else ""
    tail = ELLIPSIS if s.cut_after else ""
    return (
        f'<blockquote><span class="c">{lead}{escape(s.before)}</span>'
        f"<mark>{escape(s.exact)}</mark>"
        f'<span class="c">{escape(s.after)}{tail}</span></blockquote>'
    )


def passage_html(c: Citation, number: int, source_text: SourceText) -> str:
    """A cited passage, numbered, in a few sentences of context, with its source."""
    p = c.passage
    body = source_text(p.source_id)
    if body is not None and body[p.start : p.end] == p.exact:
        snip = context(body, p.start, p.end, limit=CONTEXT_CHARS)
    else:
        snip = from_quote(p.prefix, p.exact, p.suffix)
    stance = ""
    if c.stance and c.stance != "supports":
        stance = f' <span class="stance">({escape(c.stance)})</span>'
    return (
        f'<figure><span class="num">[{number}]</span>'
        f"{snippet_html(snip)}"
        f"<figcaption>\u2014 {source_html(c)}{stance}</figcaption></figure>"
    )


def label_of(item: Item) -> str:
    """The item's label on the timeline: a title, or a quote's speaker and words."""
    if item.kind != "quote":
        return item.title
    words = " ".join(item.title.split())
    if len(words) > 90:
        words = words[:90].rsplit(" ", 1)[0] + ELLIPSIS
    return f"{item.speaker}: \u201c{words}\u201d" if item.speaker else f"\u201c{words}\u201d"


def _when(item: Item) -> str:
    """The date line: as written, as EDTF, and the status and first report when known."""
    shown = display_date(item.date.edtf)
    parts = [f"<time>{escape(shown)}</time>"]
    if shown != item.date.edtf:
        parts.append(f"<code>{escape(item.date.edtf)}</code>")
    if item.status:
        status = item.status.replace("-", " ")
        kind = "" if item.status == "unverified" else f" {_slug(item.status)}"
        parts.append(f'<span class="st{kind}">{escape(status)}</span>')
    if item.first_reported:
        parts.append(f"first reported {escape(display_date(item.first_reported))}")
    return f'<p class="when">{DOT.join(parts)}</p>'


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9-]", "", value.lower())


def item_html(
    item: Item,
    placement: dict[str, Any],
    first_number: int,
    source_text: SourceText,
) -> str:
    """One event or quote as an ``<article>`` with its receipts and timeline data."""
    key = f"{item.kind}-{item.id}"
    attrs = " ".join(f'data-{k}="{escape(str(v))}"' for k, v in placement.items())
    flag = " flagged" if item.flagged else ""
    parts = [f'<article class="{item.kind}{flag}" id="{key}" {attrs}>']
    if item.kind == "quote":
        parts.append(
            f'<h3><a href="#{key}">\u201c{text(item.title)}\u201d</a></h3>'
            f'<p class="facts">\u2014 {text(item.speaker or "Unknown speaker")}</p>'
        )
    else:
        parts.append(f'<h3><a href="#{key}">{text(item.title)}</a></h3>')
    parts.append(_when(item))
    if item.flagged:
        parts.append(f'<p class="disagree">{text(item.disagreement_line)}</p>')
    facts = [item.lane or "", ", ".join(item.tags)]
    if item.kind == "event":
        facts.append(", ".join(item.people))
    if any(facts):
        parts.append(f'<p class="facts">{DOT.join(text(f) for f in facts if f)}</p>')
    if item.description.strip():
        parts.append(f'<p class="description">{text(item.description.strip())}</p>')
    for n, c in enumerate(item.citations):
        parts.append(passage_html(c, first_number + n, source_text))
    parts.append("</article>")
    return "".join(parts)

"""Markdown: a chronology a reporter can paste, with footnoted citations.

Items are grouped under a heading per date as Citeline shows it; events are in bold
with their description (and, when their sources disagree, a ⚑ line saying why), quotes
are blockquotes with their speaker, and every cited passage is a footnote: the quoted
words, then the source's title, outlet, date and link. All user text is escaped so it
renders literally (see :func:`~.text.md_escape`); only http(s) addresses become links.
Working notes are not included.
"""

from __future__ import annotations

from citeline.core.io.selection import (
    Citation,
    Item,
    Selection,
    citation_parts,
    display_date,
    gather,
)
from citeline.core.io.text import md_escape, md_inline, safe_url


class _Footnotes:
    """Numbers citations in order of first use; the same passage keeps its number."""

    def __init__(self) -> None:
        self.numbers: dict[tuple[int, str | None], int] = {}
        self.lines: list[str] = []

    def ref(self, c: Citation) -> str:
        key = (c.passage.id, c.stance)
        if key not in self.numbers:
            n = len(self.numbers) + 1
            self.numbers[key] = n
            self.lines.append(f"[^{n}]: {citation_text(c)}")
        return f"[^{self.numbers[key]}]"


def link(url: str | None) -> str:
    """A source address: an autolink when it is a plain web address, else escaped text."""
    if not url:
        return ""
    safe = safe_url(url)
    if safe and "<" not in safe and ">" not in safe:
        return f"<{safe}>"
    return md_inline(url)


def citation_text(c: Citation) -> str:
    """A footnote's text: the quoted passage, then where it comes from."""
    parts = [
        f"*{md_inline(p)}*" if n == 0 else md_inline(p) for n, p in enumerate(citation_parts(c))
    ]
    if c.source.url:
        parts.append(link(c.source.url))
    stance = f" ({c.stance})" if c.stance and c.stance != "supports" else ""
    return f"\u201c{md_inline(c.passage.exact)}\u201d \u2014 {', '.join(parts)}{stance}"


def _event(item: Item, notes: _Footnotes) -> list[str]:
    refs = "".join(notes.ref(c) for c in item.citations)
    lines = [f"**{md_inline(item.title)}**{refs}", ""]
    if item.description.strip():
        lines += [md_escape(item.description.strip()), ""]
    facts = [item.lane or "", ", ".join(item.tags), ", ".join(item.people), item.status_line]
    if any(facts):
        lines += [f"*{md_inline(' · '.join(f for f in facts if f))}*", ""]
    if item.flagged:
        lines += [f"**{md_inline(item.disagreement_line)}**", ""]
    return lines


def _quote(item: Item, notes: _Footnotes) -> list[str]:
    refs = "".join(notes.ref(c) for c in item.citations)
    words = md_escape(item.title.strip()).split("\n")
    lines = [f"> {line}".rstrip() for line in words]
    lines[0] = f"> \u201c{lines[0][2:]}"
    lines[-1] += "\u201d"
    speaker = md_inline(item.speaker) if item.speaker else "Unknown speaker"
    lines += [">", f"> \u2014 {speaker}{refs}", "", f"*{md_inline(item.status_line)}*", ""]
    return lines


def export_markdown(selection: Selection) -> str:
    """The selection as a Markdown chronology."""
    chronology = gather(selection)
    out = [f"# {md_inline(chronology.title)}", ""]
    if chronology.description.strip():
        out += [md_escape(chronology.description.strip()), ""]
    notes = _Footnotes()
    heading = None
    for item in chronology.items:
        shown = display_date(item.date.edtf)
        if shown != heading:
            heading = shown
            out += [f"## {md_inline(shown)}", ""]
        out += _quote(item, notes) if item.kind == "quote" else _event(item, notes)
    if not chronology.items:
        out += ["*No events or quotes in this selection.*", ""]
    if notes.lines:
        out += ["---", "", *notes.lines, ""]
    return "\n".join(out)

"""Making user text safe for each export format, and reading untrusted text back.

Everything a user typed or imported is data: it is escaped for the format it goes into,
never interpreted. These helpers are shared by the exporters and the item importers.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

# Spreadsheets treat a cell starting with one of these as a formula (or, for tab and
# CR, may shift it into one when it is pasted).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CHECKED = frozenset("=+-@\t\r'")

_CONTROL = re.compile(r"[\x00-\x1f\x7f\s]")


def safe_url(url: str | None) -> str | None:
    """``url`` when it is a plain http(s) address a reader may follow, else None."""
    if not url:
        return None
    url = url.strip()
    if _CONTROL.search(url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


# ------------------------------------------------------------------ spreadsheet cells


def neutralize_cell(value: str) -> str:
    """``value`` made inert for spreadsheets, reversibly (see :func:`restore_cell`).

    A cell that a spreadsheet would read as a formula gets one leading apostrophe. So that
    the import can tell an added apostrophe from one the user wrote, a cell made of
    apostrophes followed by a formula character gets one more as well.
    """
    if value[:1] in _CHECKED and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def restore_cell(value: str) -> str:
    """The text :func:`neutralize_cell` was given, from what it returned."""
    if value.startswith("'") and value.lstrip("'").startswith(FORMULA_STARTS):
        return value[1:]
    return value


# ------------------------------------------------------------------ markdown

# Characters that start markdown (or extended markdown) syntax anywhere in a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]{}|~>!#$&])")
# Constructs that only mean something at the start of a line: lists, headings, rules.
_MD_LINE_START = re.compile(r"^(?:([-+=:])|(\d+)(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` escaped so that markdown renders it literally (no markup, no HTML).

    Leading indentation is dropped: four spaces would turn the line into a code block,
    where the escapes themselves would show.
    """
    lines = []
    for line in text.split("\n"):
        line = _MD_INLINE.sub(r"\\\1", line.lstrip()).replace("<", "&lt;")
        m = _MD_LINE_START.match(line)
        if m and m.group(1):
            line = "\\" + line
        elif m:
            # "2021. The deal" would start a numbered list: escape its dot instead.
            line = f"{m.group(2)}\\{line[m.end() :]}"
        lines.append(line)
    return "\n".join(lines)


def md_inline(text: str) -> str:
    """``text`` on one line, escaped for markdown (for headings and list items)."""
    return md_escape(" ".join(text.split()))


# ------------------------------------------------------------------ HTML to text


class _TextExtractor(HTMLParser):
    """Collects the readable text of an HTML fragment, dropping scripts and styles."""

    _SKIP = frozenset({"script", "style", "template", "noscript", "iframe", "object"})
    _BREAKS = frozenset({"br", "p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BREAKS:
            self.parts.append("\n")
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self._BREAKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    """The plain text of an HTML fragment: tags stripped, script and style content dropped.

    Links are kept as text after their words, so that nothing a reader could follow is
    lost; nothing is fetched.
    """
    if "<" not in fragment and "&" not in fragment:
        return fragment.strip()
    parser = _TextExtractor()
    parser.feed(fragment)
    parser.close()
    text = "".join(parser.parts)
    text = re.sub(r"[ \t\r\f\v]+", " ", text)
    text = re.sub(r" *\n *", "\n", text)
    text = re.sub(r"\n{3,}", "\n\n", text).strip()
    shown = [link for link in parser.links if link not in text]
    if shown:
        text = (text + "\n" if text else "") + "\n".join(f"Link: {u}" for u in shown)
    return text


def count(n: int, singular: str, plural: str | None = None) -> str:
    """``n`` with its noun, singular or plural ("1 source", "2,000 events")."""
    return f"{n:,} {singular if n == 1 else plural or singular + 's'}"

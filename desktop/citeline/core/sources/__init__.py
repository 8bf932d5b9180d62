"""Reading a saved news article (plain text, Markdown or HTML) into a draft source.

The draft's ``text`` is what Citeline stores and what every passage's offsets point into, so
each format is reduced to readable article text once, here, and then run through
:func:`citeline.core.anchoring.normalize_text`. The rules per format:

Plain text (``.txt``)
    A header block at the top of the file is metadata, not article text, and is removed:
    ``Key: value`` lines with a known key (Title, Headline, Date, Published, Author, By,
    Source, Outlet, Publication, URL, Link, Language) and ``date 2024-03-14`` lines (a date
    or URL key without a colon, but only when the value really is a date or a URL). Blank
    lines between header lines belong to the header. Everything else is kept exactly as in
    the file, except that leading blank lines and trailing whitespace are always removed
    (header or not), so the text starts at its first word and ends at its last.
    The title is the header's title, else the first line if it stands alone, is short and
    does not end like a sentence, else the start of the first sentence (at most 80
    characters, cut at a word and marked with "…"). A title line stays in the text.

Markdown (``.md``)
    Metadata comes from ``---`` front matter, or else from the same header block as plain
    text. The body becomes plain paragraphs separated by one blank line: heading markers,
    emphasis, inline-code backticks, blockquote ``>`` and list markers, table rules, fences,
    horizontal rules, reference definitions and inline HTML tags are removed; links become
    their text; images are removed; lines of one paragraph are joined with a space (as a
    reader sees them); code blocks keep their lines. The title is the front matter's, else
    the first level-1 heading, else a heading that opens the document, else as for text.

HTML (``.html``, ``.htm``)
    Metadata from meta tags, JSON-LD and ``<html lang>``. Page furniture is dropped
    (scripts, styles, navigation, site header and footer, asides, forms, embeds, hidden
    elements, and elements whose class or id names boilerplate such as menus, share
    buttons, cookie banners or ads); a ``<header>`` inside an ``<article>`` is kept because
    it holds the headline. The article is the ``articleBody``, else the ``<article>``, else
    ``<main>``, else the element with the most paragraph text. Its paragraphs, headings,
    list items, quotes and preformatted blocks are separated by blank lines, whitespace
    inside them collapsed (``<br>`` kept as a line break), entities decoded. Nothing is
    fetched: the parser never touches the network.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from citeline.core.anchoring import normalize_text
from citeline.core.errors import ImportFailedError
from citeline.core.sources.decoding import _decode, _format_of
from citeline.core.sources.html import _read_html
from citeline.core.sources.markdown import _read_markdown
from citeline.core.sources.metadata import iso_date
from citeline.core.sources.plaintext import TITLE_LIMIT, _read_plain, _title_from_text

__all__ = [
    "MAX_SOURCE_BYTES",
    "TITLE_LIMIT",
    "SourceDraft",
    "iso_date",
    "read_source",
    "read_source_bytes",
]

# A news article is kilobytes; anything near this is not one and would only stall the app.
MAX_SOURCE_BYTES = 64 * 1024 * 1024


@dataclass
class SourceDraft:
    """A source read from a file, ready to be reviewed and added to a project."""

    title: str
    text: str
    outlet: str | None
    author: str | None
    url: str | None
    published: str | None
    language: str | None
    sha256: str
    format: str
    filename: str


def read_source(path: Path) -> SourceDraft:
    """The draft source read from the file at ``path``."""
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise ImportFailedError(f"{path.name} is too large to be an article ({size:,} bytes).")
        data = path.read_bytes()
    except FileNotFoundError as e:
        raise ImportFailedError(f"{path.name} does not exist.") from e
    except IsADirectoryError as e:
        raise ImportFailedError(f"{path.name} is a folder, not a document.") from e
    except PermissionError as e:
        raise ImportFailedError(f"{path.name} cannot be read: permission denied.") from e
    except OSError as e:
        raise ImportFailedError(f"{path.name} cannot be read ({e.strerror or e}).") from e
    return read_source_bytes(data, path.name)


def read_source_bytes(data: bytes, filename: str) -> SourceDraft:
    """The draft source read from a file's bytes; ``filename`` picks the format."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if len(data) > MAX_SOURCE_BYTES:
        raise ImportFailedError(f"{name} is too large to be an article ({len(data):,} bytes).")
    fmt = _format_of(name, data)
    raw = normalize_text(_decode(data, name, fmt))
    if not raw.strip():
        raise ImportFailedError(f"{name} is empty.")
    if fmt == "html":
        meta, body = _read_html(raw, name)
    elif fmt == "md":
        meta, body = _read_markdown(raw)
    else:
        meta, body = _read_plain(raw)
    text = normalize_text(body)
    if not text.strip():
        raise ImportFailedError(f"{name} has no article text.")
    title = meta.title or _title_from_text(text) or name.rsplit(".", 1)[0]
    return SourceDraft(
        title=title,
        text=text,
        outlet=meta.outlet,
        author=meta.author,
        url=meta.url,
        published=meta.published,
        language=meta.language,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        format=fmt,
        filename=name,
    )

"""Reading a saved news article (plain text, Markdown or HTML) into a draft source.

The draft's ``text`` is what Citeline stores and what every passage's offsets point into, so
each format is reduced to readable article text once, here, and then run through
:func:`citeline.core.anchoring.normalize_text`. The rules per format:

Plain text (``.txt``)
    ``---`` front matter is read as for Markdown (see :mod:`.frontmatter` for the keys).
    Without it, a header block at the top of the file is metadata, not article text, and is removed:
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
    See :mod:`.html`: metadata from meta tags, JSON-LD and ``lang``; the article found by
    trafilatura (Citeline's own heuristics on short pages), its paragraphs, headings, list
    items and quotes separated by blank lines. Nothing is fetched while parsing.

PDF (``.pdf``)
    See :mod:`.pdf`: the text layer in reading order without running heads and feet,
    hyphenated line ends joined, one blank line between pages (a space where a paragraph
    runs on), and ``pages``, the offset where each page starts.

Word (``.docx``)
    See :mod:`.docx`: paragraphs and headings, table rows, core properties.

Text that is not UTF-8 (and has no byte order mark or declared charset) is decoded by
detection; the draft then carries a warning naming the encoding chosen. Every draft keeps
the file's original bytes, which the project archives beside the text.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citeline.core.anchoring import normalize_text
from citeline.core.errors import ImportFailedError
from citeline.core.sources.decoding import _format_of, blank, decode_text
from citeline.core.sources.html import _read_html
from citeline.core.sources.markdown import _read_markdown
from citeline.core.sources.metadata import iso_date
from citeline.core.sources.plaintext import TITLE_LIMIT, _read_plain, _title_from_text

if TYPE_CHECKING:
    from citeline.core.fetching import Fetched

__all__ = [
    "MAX_SOURCE_BYTES",
    "MAX_TEXT_BYTES",
    "MEDIA_TYPES",
    "TITLE_LIMIT",
    "SourceDraft",
    "iso_date",
    "read_address",
    "read_fetched",
    "read_source",
    "read_source_bytes",
]

# A news article is kilobytes and a report a few megabytes; anything near this is not one
# and would only stall the app.
MAX_SOURCE_BYTES = 64 * 1024 * 1024

# Text, Markdown and web pages are held as Python text while they are read, up to four
# bytes a character, in more than one form: this keeps their import under 500 MB.
MAX_TEXT_BYTES = 32 * 1024 * 1024

#: The media type of each source format, as the archived original is labelled.
MEDIA_TYPES = {
    "txt": "text/plain",
    "md": "text/markdown",
    "html": "text/html",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


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
    """Of the extracted text as UTF-8."""
    format: str
    filename: str
    original: bytes = field(default=b"", repr=False)
    """The bytes the source was read from, kept in the project as its archived copy."""
    pages: list[int] | None = None
    """Where each page starts in ``text`` (the first is 0); ``None`` without pages."""
    final_url: str | None = None
    """For a source fetched by address: the address it came from after redirects."""
    fetched_at: str | None = None
    """For a source fetched by address: when (UTC, ISO 8601)."""
    warnings: list[str] = field(default_factory=list)
    """What the reader had to guess (an encoding), to tell the user."""

    @property
    def original_sha256(self) -> str:
        """The SHA-256 of the original bytes: what decides that a source is already in."""
        return hashlib.sha256(self.original).hexdigest()

    @property
    def media_type(self) -> str:
        """The original's media type."""
        return MEDIA_TYPES.get(self.format, "application/octet-stream")


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


def read_source_bytes(data: bytes, filename: str, *, fmt: str | None = None) -> SourceDraft:
    """The draft source read from a file's bytes; ``filename`` (or ``fmt``) picks the format."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    if len(data) > MAX_SOURCE_BYTES:
        raise ImportFailedError(f"{name} is too large to be an article ({len(data):,} bytes).")
    fmt = fmt or _format_of(name, data)
    warnings: list[str] = []
    pages: list[int] | None = None
    if fmt == "pdf":
        meta, body, pages = _read_pdf_safely(data, name)
    elif fmt == "docx":
        from citeline.core.sources.docx import read_docx

        meta, body = read_docx(data, name)
    else:
        if len(data) > MAX_TEXT_BYTES:
            raise ImportFailedError(
                f"{name} is {len(data) / 1024 / 1024:.1f} MB, over the "
                f"{MAX_TEXT_BYTES // 1024 // 1024} MB limit for a text, Markdown or web page "
                "source; split it into parts and import those"
            )
        decoded, guessed = decode_text(data, name, fmt)
        if guessed:
            warnings.append(f"{name} is not UTF-8; its encoding was taken to be {guessed}")
        raw = normalize_text(decoded)
        del decoded  # a large text is held once, not in every form it passed through
        if blank(raw):
            raise ImportFailedError(f"{name} is empty.")
        if fmt == "html":
            meta, body = _read_html(raw, name)
        elif fmt == "md":
            meta, body = _read_markdown(raw)
        else:
            meta, body = _read_plain(raw)
        del raw
    text = normalize_text(body)
    del body
    if blank(text):
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
        original=data,
        pages=pages,
        warnings=warnings,
    )


def _read_pdf_safely(data: bytes, name: str) -> tuple[Any, str, list[int]]:
    """:func:`.pdf.read_pdf`, with whatever pdfium makes of a damaged file said in one line
    (a refusal the reader words itself passes through as it is)."""
    from citeline.core.sources.pdf import read_pdf

    try:
        return read_pdf(data, name)
    except ImportFailedError:
        raise
    except MemoryError as e:
        raise ImportFailedError(f"{name} is too large to read as a PDF.") from e
    except Exception as e:  # pdfium raises its own errors, and others, on damaged files
        why = " ".join(str(e).split())[:90] or type(e).__name__
        raise ImportFailedError(
            f"{name} is a damaged PDF ({why}); open it in a PDF viewer, print or save it "
            "again as PDF, then import the saved copy"
        ) from e


def read_fetched(fetched: Fetched) -> SourceDraft:
    """The draft source read from what an address gave (see :mod:`citeline.core.fetching`)."""
    draft = read_source_bytes(fetched.data, fetched.filename, fmt=fetched.format)
    draft.url = fetched.url
    draft.final_url = fetched.final_url
    draft.fetched_at = fetched.fetched_at
    return draft


def read_address(url: str) -> SourceDraft:
    """The draft source fetched from a web address and read like a saved file."""
    from citeline.core.fetching import fetch

    return read_fetched(fetch(url))

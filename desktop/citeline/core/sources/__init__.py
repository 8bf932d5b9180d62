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

import codecs
import hashlib
import html as html_entities
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio
from dateutil import parser as date_parser
from lxml import etree
from lxml import html as lxml_html

from citeline.core.anchoring import normalize_text
from citeline.core.errors import ImportFailedError

# A news article is kilobytes; anything near this is not one and would only stall the app.
MAX_SOURCE_BYTES = 64 * 1024 * 1024

TITLE_LIMIT = 80


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


@dataclass
class _Meta:
    """Metadata found in a document; the first value found for a field wins."""

    title: str | None = None
    outlet: str | None = None
    author: str | None = None
    url: str | None = None
    published: str | None = None
    language: str | None = None

    def offer(self, name: str, value: str | None) -> None:
        """Record ``value`` for field ``name`` unless the field already has one."""
        if value is None:
            return
        value = " ".join(value.split())
        if not value or getattr(self, name) is not None:
            return
        if name == "published":
            iso = iso_date(value)
            if iso is not None:
                self.published = iso
        elif name == "url":
            if _is_url(value):
                self.url = value
        elif name == "language":
            self.language = _language_tag(value)
        elif name == "author":
            self.author = re.sub(r"^by\s+", "", value, flags=re.IGNORECASE) or None
        else:
            setattr(self, name, value)


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


# --- formats and encodings ------------------------------------------------------------------

_EXTENSIONS = {
    "txt": "txt",
    "text": "txt",
    "md": "md",
    "markdown": "md",
    "mdown": "md",
    "mkd": "md",
    "html": "html",
    "htm": "html",
    "xhtml": "html",
    "shtml": "html",
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF; save the article as text or HTML"),
    (b"PK\x03\x04", "a ZIP archive or an office document"),
    (b"\xd0\xcf\x11\xe0", "an old office document"),
    (b"{\\rtf", "an RTF document"),
    (b"\x1f\x8b", "a compressed file"),
    (b"RIFF", "a media file"),
    (b"\x7fELF", "a program"),
)

# Labels that browsers read as a different encoding than their name says: pages labelled
# Latin-1 are written in Windows-1252 (curly quotes in 0x80-0x9f), and so on.
_CHARSET_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "ascii": "cp1252",
    "us-ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "latin5": "cp1254",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
}

_CHARSET_IN_HTML = re.compile(
    r"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    r"""|<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)


def _format_of(name: str, data: bytes) -> str:
    """``"txt"``, ``"md"`` or ``"html"`` from the file name, or from a look at the bytes."""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if ext in _EXTENSIONS:
        return _EXTENSIONS[ext]
    head = data[:1024].removeprefix(codecs.BOM_UTF8).lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return "html"
    return "txt"


def _not_text(name: str, kind: str | None = None) -> ImportFailedError:
    if kind:
        return ImportFailedError(f"{name} is not a text document (it looks like {kind}).")
    return ImportFailedError(f"{name} is not a text document.")


def _decode(data: bytes, name: str, fmt: str) -> str:
    """The characters of a text file, whatever its encoding; refuses binary files."""
    if not data.strip():
        raise ImportFailedError(f"{name} is empty.")
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding), name)
            except UnicodeDecodeError as e:
                raise _not_text(name) from e
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise _not_text(name, kind)
    if b"\x00" in data:
        return _checked(_decode_utf16_without_bom(data, name), name)
    if fmt == "html":
        declared = _declared_charset(data)
        if declared is not None:
            try:
                return _checked(data.decode(declared), name)
            except UnicodeDecodeError:
                pass  # a wrong label is common; the content decides below
    try:
        return _checked(data.decode("utf-8"), name)
    except UnicodeDecodeError:
        pass
    return _checked(_decode_legacy(data, name), name)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f-\x9f]")


def _checked(text: str, name: str) -> str:
    """``text``, unless control characters show it was decoded from a binary file."""
    controls = len(_CONTROL.findall(text))
    if "\x00" in text or controls > len(text) / 100:
        raise _not_text(name)
    if not text.strip():
        raise ImportFailedError(f"{name} is empty.")
    return text


def _decode_utf16_without_bom(data: bytes, name: str) -> str:
    """Text saved as UTF-16 without a byte order mark, told apart from binary by its NULs."""
    # Mostly-Latin UTF-16 has a NUL in every other byte, all on the same side.
    half = max(1, len(data) // 2)
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for encoding, nuls, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if len(data) % 2 == 0 and nuls > half * 0.3 and others < half * 0.02:
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                break
    raise _not_text(name)


def _declared_charset(data: bytes) -> str | None:
    """The Python codec an HTML page declares for itself in its first bytes, if usable."""
    found = _CHARSET_IN_HTML.search(data[:4096].decode("latin-1"))
    if not found:
        return None
    label = (found.group(1) or found.group(2)).lower()
    if label.startswith("utf-16") or label.startswith("utf-32"):
        # The label was readable as ASCII, so the bytes cannot be UTF-16 or UTF-32.
        return "utf-8"
    label = _CHARSET_ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _decode_legacy(data: bytes, name: str) -> str:
    """Text in a pre-Unicode encoding, detected from the bytes themselves."""
    best = from_bytes(data).best()
    if best is None:
        raise _not_text(name)
    text = str(best)
    # Detection often cannot tell the Western single-byte code pages apart on a short
    # article and may pick a rarer one; Windows-1252 is by far the most common, so it wins
    # whenever it reads the bytes at least as cleanly. A single-byte code page is one whose
    # result has as many characters as there were bytes.
    if best.encoding != "cp1252" and len(text) == len(data):
        try:
            western = data.decode("cp1252")
        except UnicodeDecodeError:
            return text
        if _mess(western) <= best.chaos:
            return western
    return text


def _mess(text: str) -> float:
    """How garbled ``text`` looks, on the scale the encoding detector uses."""
    return float(mess_ratio(text, maximum_threshold=1.0))


# --- dates, URLs, languages -----------------------------------------------------------------

_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?(?!\d)")
_NUMERIC_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_CJK_DATE = re.compile(r"^(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月](?:\s*(\d{1,2})\s*[일日])?")


def _valid(year: int, month: int, day: int | None) -> str | None:
    try:
        datetime(year, month, day or 1)
    except ValueError:
        return None
    return f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")


def iso_date(value: str) -> str | None:
    """``YYYY-MM-DD`` or ``YYYY-MM`` for a publication date as pages write it, else ``None``.

    A timestamp keeps the calendar date it was written with (its own time zone), because
    that is the date the outlet printed. A date with neither day nor month, or one whose
    day and month could be swapped (``03/04/2024``), gives ``None`` rather than a guess.
    """
    value = value.strip()
    match = _ISO_DATE.match(value) or _CJK_DATE.match(value)
    if match:
        day = match.group(3)
        return _valid(int(match.group(1)), int(match.group(2)), int(day) if day else None)
    match = _NUMERIC_DATE.match(value)
    if match:
        first, second, year = (int(g) for g in match.groups())
        if first > 12 >= second:
            return _valid(year, second, first)
        if second > 12 >= first or first == second:
            return _valid(year, first, second)
        return None
    if not re.search(r"[A-Za-z]{3}", value) or not re.search(r"\d{4}", value):
        return None  # no month name or no year: too little to go on
    try:
        one = date_parser.parse(value, default=datetime(2000, 1, 1))
        two = date_parser.parse(value, default=datetime(2000, 2, 2))
    except (ValueError, OverflowError, TypeError):
        return None
    if one.month != two.month:
        return None
    return _valid(one.year, one.month, one.day if one.day == two.day else None)


def _is_url(value: str) -> bool:
    return re.match(r"^https?://[^\s/]+\.[^\s]*$", value, re.IGNORECASE) is not None


def _language_tag(value: str) -> str | None:
    """A language tag like ``en`` or ``pt-BR`` from ``lang``, ``og:locale`` and the like."""
    tag = value.strip().split(",")[0].split(";")[0].strip().replace("_", "-")
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", tag):
        return None
    head, *rest = tag.split("-")
    return "-".join([head.lower(), *[p.upper() if len(p) == 2 else p for p in rest]])


# --- plain text -----------------------------------------------------------------------------

_HEADER_KEYS = {
    "title": "title",
    "headline": "title",
    "date": "published",
    "published": "published",
    "publication date": "published",
    "author": "author",
    "authors": "author",
    "by": "author",
    "byline": "author",
    "source": "outlet",
    "outlet": "outlet",
    "publication": "outlet",
    "publisher": "outlet",
    "url": "url",
    "link": "url",
    "language": "language",
    "lang": "language",
}
_KEYED_LINE = re.compile(r"^[ \t]*([A-Za-z][A-Za-z ]{0,20}?)[ \t]*:[ \t]*(.*?)[ \t]*$")
_BARE_LINE = re.compile(r"^[ \t]*([A-Za-z]+)[ \t]+(\S.*?)[ \t]*$")


def _header_field(line: str) -> tuple[str, str] | None:
    """The (field, value) a header line gives, or ``None`` if it is not a header line."""
    match = _KEYED_LINE.match(line)
    if match and match.group(1).lower() in _HEADER_KEYS:
        key, value = _HEADER_KEYS[match.group(1).lower()], match.group(2)
        if key == "outlet" and _is_url(value):
            key = "url"
        return key, value
    # Without a colon the key could be a sentence's first word, so the value must prove it.
    match = _BARE_LINE.match(line)
    if match:
        key, value = match.group(1).lower(), match.group(2)
        if key in ("date", "published") and iso_date(value) is not None:
            return "published", value
        if key in ("url", "link", "source") and _is_url(value):
            return "url", value
    return None


def _split_header(text: str, meta: _Meta) -> str:
    """The text after its header block; the header's fields go into ``meta``."""
    lines = text.split("\n")
    body_from = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        found = _header_field(line)
        if found is None:
            break
        meta.offer(*found)
        body_from = i + 1
    return "\n".join(lines[body_from:])


def _trim(text: str) -> str:
    """``text`` without leading blank lines and trailing whitespace."""
    lines = text.split("\n")
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines).rstrip()


def _read_plain(raw: str) -> tuple[_Meta, str]:
    meta = _Meta()
    return meta, _trim(_split_header(raw, meta))


_SENTENCE_END = re.compile(r"[.!?。！？]+[\"'”’»)\]]*")
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "jr", "sr", "no",
    "vs", "inc", "co", "corp", "ltd", "col", "lt", "sgt", "capt", "rev", "mt", "ft", "jan",
    "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# fmt: on


def _first_sentence(paragraph: str) -> str:
    """The first sentence of a paragraph, by punctuation and capitals."""
    for match in _SENTENCE_END.finditer(paragraph):
        end = match.end()
        if match.group()[0] in "。！？":
            return paragraph[:end]
        rest = paragraph[end:]
        if rest and not rest[0].isspace():
            continue
        following = rest.lstrip()[:1]
        if following and following.islower():
            continue
        if match.group()[0] == ".":
            word = paragraph[: match.start()].rsplit(" ", 1)[-1]
            if word.lower() in _ABBREVIATIONS or (len(word) <= 3 and "." in word):
                continue
            if len(word) == 1 and word.isupper():
                continue  # an initial: "John F. Kennedy"
        return paragraph[:end]
    return paragraph


def _shorten(text: str, limit: int = TITLE_LIMIT) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, marked with "…"."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:-–—") + "…"


def _title_from_text(text: str) -> str | None:
    """A title taken from the article text: a headline line or the first sentence."""
    paragraphs = [p for p in re.split(r"\n[ \t]*\n", text) if p.strip()]
    if not paragraphs:
        return None
    first = paragraphs[0].strip()
    bare = first.rstrip("\"'”’»)")
    if "\n" not in first and len(first) <= 150 and bare and bare[-1] not in ".,;:…。":
        return _shorten(first)
    sentence = _first_sentence(" ".join(first.split()))
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return _shorten(sentence) or None


# --- Markdown ---------------------------------------------------------------------------------

_FRONT_MATTER_KEYS = {
    **_HEADER_KEYS,
    "date": "published",
    "pubdate": "published",
    "published_at": "published",
    "publishdate": "published",
    "site": "outlet",
    "site_name": "outlet",
    "canonical": "url",
    "canonical_url": "url",
    "permalink": "url",
    "locale": "language",
}


def _read_front_matter(text: str, meta: _Meta) -> str | None:
    """The text after ``---`` front matter (whose fields go into ``meta``), or ``None``."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for close in range(1, len(lines)):
        if lines[close].strip() in ("---", "..."):
            break
    else:
        return None
    key: str | None = None
    items: list[str] = []

    def commit() -> None:
        if key is not None and items:
            name = _FRONT_MATTER_KEYS[key]
            meta.offer(name, ", ".join(items) if name == "author" else items[0])

    for line in lines[1:close]:
        item = re.match(r"^\s+-\s+(.*)$", line)
        if item and key is not None:
            items.append(_unquote(item.group(1)))
            continue
        pair = re.match(r"^([A-Za-z_][\w-]*)\s*:\s*(.*)$", line)
        if not pair:
            continue
        commit()
        name, value = pair.group(1).lower(), pair.group(2).strip()
        key = name if name in _FRONT_MATTER_KEYS else None
        items = []
        if value.startswith("[") and value.endswith("]"):
            items = [_unquote(v) for v in value[1:-1].split(",") if v.strip()]
        elif value:
            items = [_unquote(value)]
    commit()
    return "\n".join(lines[close + 1 :])


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT_RULE = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_THEMATIC_BREAK = re.compile(r"^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_ORDERED_NOT_ONE = re.compile(r"^[ \t]*(?!1[.)])\d{1,9}[.)]")
_QUOTE_MARKER = re.compile(r"^ {0,3}(?:>[ \t]?)+")
_REFERENCE_DEFINITION = re.compile(r"^ {0,3}\[[^\]^][^\]]*\]:[ \t]*\S")
_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?[ \t]*$")

# Backslash-escaped punctuation is hidden in the private use area while the syntax around
# it is removed, then restored as the plain character.
_ESCAPABLE = "\\`*_{}[]()#+-.!|>~<"
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~<])")
_HIDE_BASE = 0xF700

_INLINE_RULES: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"!\[[^\]]*\]\([^)]*\)"), ""),  # images
    (re.compile(r"!\[[^\]]*\]\[[^\]]*\]"), ""),  # reference images
    (re.compile(r"`+([^`]+?)`+"), r"\1"),  # inline code
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),  # links
    (re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (re.compile(r"<((?:https?|mailto):[^>\s]+)>"), r"\1"),  # autolinks
    (re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"), ""),  # inline HTML tags
    (re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (re.compile(r"(?<![\w*])\*(?=\S)(.+?)(?<=\S)\*(?![\w*])"), r"\1"),  # emphasis
    (re.compile(r"(?<!\w)_(?=\S)(.+?)(?<=\S)_(?!\w)"), r"\1"),  # emphasis
    (re.compile(r"~~(?=\S)(.+?)(?<=\S)~~"), r"\1"),  # strikethrough
)


def _inline_markdown(text: str) -> str:
    """One paragraph's Markdown as the words a reader sees."""
    text = _ESCAPE.sub(lambda m: chr(_HIDE_BASE + _ESCAPABLE.index(m.group(1))), text)
    for pattern, replacement in _INLINE_RULES:
        text = pattern.sub(replacement, text)
    text = html_entities.unescape(text)
    text = re.sub(
        f"[{chr(_HIDE_BASE)}-{chr(_HIDE_BASE + len(_ESCAPABLE) - 1)}]",
        lambda m: _ESCAPABLE[ord(m.group()) - _HIDE_BASE],
        text,
    )
    return re.sub(r"[ \t]+", " ", text).strip()


def _markdown_blocks(markdown: str) -> tuple[list[str], str | None, str | None]:
    """The paragraphs of a Markdown body, its first level-1 heading, and an opening heading."""
    blocks: list[str] = []
    paragraph: list[str] = []
    in_quote = False
    in_item = False  # the open paragraph is a list item
    h1: str | None = None
    opening: str | None = None

    def flush() -> None:
        nonlocal in_item
        in_item = False
        if paragraph:
            words = _inline_markdown(" ".join(line.strip() for line in paragraph))
            if words:
                blocks.append(words)
            paragraph.clear()

    def heading(level: int, words: str) -> None:
        nonlocal h1, opening
        words = _inline_markdown(words)
        if not words:
            return
        if level == 1 and h1 is None:
            h1 = words
        if not blocks and opening is None:
            opening = words
        blocks.append(words)

    lines = markdown.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        i += 1
        fence = _FENCE.match(line)
        if fence:
            flush()
            marker = fence.group(1)
            code: list[str] = []
            while i < len(lines) and not lines[i].strip().startswith(marker):
                code.append(lines[i])
                i += 1
            i += 1
            if any(c.strip() for c in code):
                blocks.append("\n".join(code).strip("\n"))
            continue
        if not line.strip():
            flush()
            in_quote = False
            continue
        if paragraph and not in_quote and not in_item and _SETEXT_RULE.match(line):
            words = " ".join(p.strip() for p in paragraph)
            paragraph.clear()
            heading(1 if "=" in line else 2, words)
            continue
        if _THEMATIC_BREAK.match(line) or _TABLE_RULE.match(line):
            flush()
            continue
        atx = _ATX_HEADING.match(line)
        if atx:
            flush()
            heading(len(atx.group(1)), atx.group(2) or "")
            continue
        if _REFERENCE_DEFINITION.match(line):
            continue
        quoted = _QUOTE_MARKER.match(line)
        if bool(quoted) != in_quote:
            flush()
            in_quote = bool(quoted)
        if quoted:
            line = line[quoted.end() :]
            if not line.strip():
                flush()
                continue
        item = _LIST_ITEM.match(line)
        # Inside a paragraph only a bullet or "1." starts a list: "2024. The year…" at the
        # start of a wrapped line is still the paragraph.
        if item and paragraph and not in_item and _ORDERED_NOT_ONE.match(line):
            item = None
        if item:
            flush()
            paragraph.append(item.group(1))
            in_item = True
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            paragraph.append(" | ".join(cells))
            flush()
            continue
        paragraph.append(line)
    flush()
    return blocks, h1, opening


def _read_markdown(raw: str) -> tuple[_Meta, str]:
    meta = _Meta()
    body = _read_front_matter(raw, meta)
    if body is None:
        body = _split_header(raw, meta)
    blocks, h1, opening = _markdown_blocks(body)
    meta.offer("title", h1 or opening)
    return meta, "\n\n".join(blocks)


# --- HTML -------------------------------------------------------------------------------------

# fmt: off
_DROP_TAGS = frozenset({
    "script", "style", "noscript", "nav", "header", "footer", "aside", "form", "iframe",
    "frame", "frameset", "svg", "math", "template", "button", "select", "textarea", "input",
    "object", "embed", "canvas", "dialog", "audio", "video", "map",
})
_BOILERPLATE_WORDS = frozenset({
    "nav", "navbar", "navigation", "menu", "share", "sharing", "sharebar", "social", "related",
    "comment", "comments", "footer", "cookie", "cookies", "consent", "gdpr", "subscribe",
    "subscription", "advert", "advertisement", "advertising", "ad", "ads", "adslot", "promo",
    "promotion", "newsletter", "breadcrumb", "breadcrumbs", "sidebar", "popup", "modal",
    "overlay",
})
_BOILERPLATE_ROLES = frozenset({
    "navigation", "contentinfo", "complementary", "search", "banner", "dialog",
})
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hgroup", "hr", "html", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "caption",
})
# fmt: on

_ARTICLE_TYPES = ("Article", "BlogPosting", "Report", "LiveBlogPosting")

_BREAK = "\x00"  # stands for <br> while whitespace is collapsed; never in parsed text
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f\v\xa0]+")
_INVISIBLE = re.compile("[\u00ad\u200b]")  # soft hyphens and zero-width spaces


def _read_html(markup: str, name: str) -> tuple[_Meta, str]:
    # The text is already decoded, so it is handed over as UTF-8 with that encoding forced:
    # a stale <meta charset> in the page must not make the parser decode it again.
    parser = lxml_html.HTMLParser(
        encoding="utf-8",
        no_network=True,
        remove_comments=True,
        remove_pis=True,
        default_doctype=False,
    )
    try:
        root = lxml_html.document_fromstring(markup.encode("utf-8"), parser=parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as e:
        raise ImportFailedError(f"{name} has no readable HTML content.") from e
    meta = _html_meta(root)
    _drop_furniture(root)
    article = _article_root(root)
    return meta, "\n\n".join(_html_blocks(article))


def _text_of(element: Any) -> str:
    return " ".join(element.text_content().split())


def _html_meta(root: Any) -> _Meta:
    """The metadata a page declares in meta tags, JSON-LD, links and ``lang``."""
    tags: dict[str, str] = {}
    for element in root.iter("meta"):
        key = element.get("property") or element.get("name") or element.get("itemprop")
        key = key or element.get("http-equiv") or ""
        content = element.get("content")
        if key and content and key.strip().lower() not in tags:
            tags[key.strip().lower()] = content
    ld = _json_ld_article(root)

    meta = _Meta()
    meta.offer("outlet", tags.get("og:site_name"))
    meta.offer("outlet", _ld_name(ld.get("publisher")))
    meta.offer("outlet", tags.get("application-name"))

    for key in ("og:title", "twitter:title"):
        meta.offer("title", tags.get(key))
    meta.offer("title", _ld_text(ld.get("headline")))
    page_title = root.find(".//title")
    if page_title is not None:
        meta.offer("title", _without_site_name(_text_of(page_title), meta.outlet))
    first_h1 = root.find(".//h1")
    if first_h1 is not None:
        meta.offer("title", _text_of(first_h1))

    for key in ("author", "article:author", "byl", "dc.creator", "parsely-author"):
        value = tags.get(key)
        if value and not _is_url(value):
            meta.offer("author", value)
    meta.offer("author", _ld_name(ld.get("author")))

    for key in (
        "article:published_time",
        "og:article:published_time",
        "datepublished",
        "pubdate",
        "publishdate",
        "publish-date",
        "dc.date.issued",
        "dc.date",
        "dcterms.created",
        "date",
    ):
        meta.offer("published", tags.get(key))
    meta.offer("published", _ld_text(ld.get("datePublished")))
    for element in root.xpath("//*[@itemprop='datePublished']"):
        meta.offer("published", element.get("content") or element.get("datetime"))

    meta.offer("url", tags.get("og:url"))
    for link in root.xpath("//link[@href]"):
        if "canonical" in (link.get("rel") or "").lower().split():
            meta.offer("url", link.get("href"))
    meta.offer("url", _ld_text(ld.get("url")))
    meta.offer("url", _ld_text(ld.get("mainEntityOfPage")))

    meta.offer(
        "language", root.get("lang") or root.get("{http://www.w3.org/XML/1998/namespace}lang")
    )
    meta.offer("language", tags.get("content-language"))
    meta.offer("language", tags.get("og:locale"))
    meta.offer("language", _ld_text(ld.get("inLanguage")))
    return meta


def _without_site_name(title: str, outlet: str | None) -> str:
    """A page title without a trailing ``| Outlet`` part."""
    if outlet:
        for separator in ("|", "-", "–", "—", ":", "·", "•"):
            suffix = f" {separator} {outlet}"
            if title.endswith(suffix) and len(title) > len(suffix):
                return title[: -len(suffix)]
    return title


def _json_objects(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _json_objects(item)
    elif isinstance(value, dict):
        yield value
        yield from _json_objects(value.get("@graph"))


def _json_ld_article(root: Any) -> dict[str, Any]:
    """The first article object in the page's JSON-LD blocks, or an empty dict."""
    for script in root.xpath("//script[@type]"):
        if script.get("type", "").strip().lower() != "application/ld+json":
            continue
        source = (script.text or "").strip()
        source = source.removeprefix("<!--").removesuffix("-->").strip()
        try:
            data = json.loads(source, strict=False)
        except ValueError:
            continue
        for obj in _json_objects(data):
            kinds = obj.get("@type")
            kinds = kinds if isinstance(kinds, list) else [kinds]
            if any(isinstance(k, str) and k.endswith(_ARTICLE_TYPES) for k in kinds):
                return obj
    return {}


def _ld_text(value: Any) -> str | None:
    """A JSON-LD value that should be a string (or an object with an ``@id``)."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("@id") or value.get("url") or value.get("name")
    return value if isinstance(value, str) else None


def _ld_name(value: Any) -> str | None:
    """The name, or the names joined with commas, of JSON-LD people or organizations."""
    values = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in values:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name.strip() and not _is_url(name.strip()):
            names.append(name.strip())
    return ", ".join(names) or None


def _class_words(element: Any) -> set[str]:
    label = f"{element.get('class') or ''} {element.get('id') or ''}"
    label = re.sub(r"([a-z])([A-Z])", r"\1 \2", label).lower()
    return set(re.split(r"[^a-z0-9]+", label))


def _holds_article(element: Any) -> bool:
    if element.tag in ("html", "body", "main", "article"):
        return True
    return bool(element.xpath(".//article|.//main|.//*[@itemprop='articleBody']")) or (
        element.get("itemprop") == "articleBody"
    )


def _is_furniture(element: Any) -> bool:
    """Whether an element is page furniture rather than article content."""
    tag = element.tag
    if tag in _DROP_TAGS:
        # The <header> of an article holds its headline and byline, not the site's masthead.
        if tag == "header" and element.xpath("ancestor::article"):
            return False
        # Some site builders wrap the whole page in one <form>.
        keep_form = tag == "form" and (_holds_article(element) or _paragraph_length(element) > 500)
        return not keep_form
    if element.get("hidden") is not None or element.get("aria-hidden") == "true":
        return True
    style = (element.get("style") or "").replace(" ", "").lower()
    if "display:none" in style or "visibility:hidden" in style:
        return True
    role = (element.get("role") or "").lower()
    if role in _BOILERPLATE_ROLES and not (role == "banner" and element.xpath("ancestor::article")):
        return not _holds_article(element)
    if _class_words(element) & _BOILERPLATE_WORDS:
        return not _holds_article(element)
    return False


def _drop_furniture(root: Any) -> None:
    furniture = [e for e in root.iter() if isinstance(e.tag, str) and _is_furniture(e)]
    for element in furniture:
        if element.getparent() is not None:
            element.drop_tree()  # keeps the text that follows the element


def _paragraph_length(element: Any) -> int:
    return sum(len(_text_of(p)) for p in element.iter("p"))


def _article_root(root: Any) -> Any:
    """The element that holds the article: marked up as such, or the densest in paragraphs."""
    body = root.find("body")
    if body is None:
        body = root
    total = _paragraph_length(body)
    for query in ("//*[@itemprop='articleBody']", "//article", "//main"):
        found = root.xpath(query)
        if found:
            best = max(found, key=_paragraph_length)
            # A teaser <article> in a list of links is not the article.
            if _paragraph_length(best) >= 0.3 * total:
                return best
    scores: dict[Any, float] = {}
    for p in body.iter("p"):
        length = len(_text_of(p))
        parent = p.getparent()
        if parent is None:
            continue
        scores[parent] = scores.get(parent, 0.0) + length
        grandparent = parent.getparent()
        if grandparent is not None:
            scores[grandparent] = scores.get(grandparent, 0.0) + length / 2
    if not scores:
        return body
    return max(scores, key=lambda e: scores[e])


def _html_blocks(article: Any) -> list[str]:
    """The paragraphs of an element, each as one line of collapsed text."""
    blocks: list[str] = []
    pieces: list[str] = []

    def flush() -> None:
        text = _INVISIBLE.sub("", _COLLAPSIBLE.sub(" ", "".join(pieces)))
        pieces.clear()
        lines = [line.strip() for line in text.split(_BREAK)]
        paragraph = "\n".join(line for line in lines if line)
        if paragraph:
            blocks.append(paragraph)

    walker = etree.iterwalk(article, events=("start", "end"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else None
        if event == "start":
            if tag == "pre":
                flush()
                code = _INVISIBLE.sub("", element.text_content()).strip("\n")
                if code.strip():
                    blocks.append(code)
                walker.skip_subtree()
            elif tag == "br":
                pieces.append(_BREAK)
            else:
                if tag in _BLOCK_TAGS:
                    flush()
                if tag is not None and element.text:
                    pieces.append(element.text)
        else:
            if tag in _BLOCK_TAGS or tag == "pre":
                flush()
            if element is not article and element.tail:
                pieces.append(element.tail)
    flush()
    return blocks

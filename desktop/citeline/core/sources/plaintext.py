"""Plain text: the header block of metadata lines, and a title taken from the article text."""

from __future__ import annotations

import re

from citeline.core.sources.frontmatter import _read_front_matter
from citeline.core.sources.metadata import _is_url, _Meta, iso_date
from citeline.core.sources.plaintext_keys import _HEADER_KEYS

TITLE_LIMIT = 80

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
    """The text after its header block; the header's fields go into ``meta``.

    Only the lines of the header are looked at (a large file is not split into lines)."""
    body_from = 0
    start = 0
    while start <= len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        line = text[start:end]
        start = end + 1
        if not line.strip():
            continue
        found = _header_field(line)
        if found is None:
            break
        meta.offer(*found)
        body_from = start
    return text[body_from:] if body_from else text


_LEADING_BLANK_LINES = re.compile(r"(?:[^\S\n]*\n)*")


def _trim(text: str) -> str:
    """``text`` without leading blank lines and trailing whitespace."""
    return text[_LEADING_BLANK_LINES.match(text).end() :].rstrip()  # type: ignore[union-attr]


def _read_plain(raw: str) -> tuple[_Meta, str]:
    meta = _Meta()
    body = _read_front_matter(raw, meta)
    if body is None:
        body = _split_header(raw, meta)
    return meta, _trim(body)


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


_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
#: Where a title is looked for: the start of the first paragraph (a title is at most
#: TITLE_LIMIT characters, so a sentence running past this is cut anyway).
_TITLE_SCAN = 4000


def _first_paragraph(text: str) -> str | None:
    """The first paragraph with words in it, found without splitting the whole text."""
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        if text[start : match.start()].strip():
            return text[start : match.start()]
        start = match.end()
    rest = text[start:]
    return rest if rest.strip() else None


def _title_from_text(text: str) -> str | None:
    """A title taken from the article text: a headline line or the first sentence."""
    found = _first_paragraph(text)
    if found is None:
        return None
    first = found[:_TITLE_SCAN].strip()
    bare = first.rstrip("\"'”’»)")
    if "\n" not in first and len(first) <= 150 and bare and bare[-1] not in ".,;:…。":
        return _shorten(first)
    sentence = _first_sentence(" ".join(first.split()))
    if sentence.endswith(".") and not sentence.endswith(".."):
        sentence = sentence[:-1]
    return _shorten(sentence) or None

"""Markdown: front matter, and the body as the plain paragraphs a reader sees."""

from __future__ import annotations

import html as html_entities
import re

from citeline.core.sources.frontmatter import _read_front_matter
from citeline.core.sources.metadata import _Meta
from citeline.core.sources.plaintext import _split_header

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

"""A PDF page's text as lines and paragraphs, without the running heads and feet.

PDFium's own text (``get_text_range``) has the characters of a page in reading order, each
once, with the spaces and line ends it infers from the glyphs' positions: the text a reader
copies. Reading it glyph box by glyph box instead asks for every box's text, and boxes that
overlap (kerning, a browser's per-glyph runs) give the same letters twice ("WaWashington")
or split words ("tr oop"). So the text here is PDFium's, split at its line ends; only the
first and last letter of each line are asked for their box, to place the line on the page.

A line set with wide letter spacing (a kicker, "S E O U L") comes out of PDFium with a
space after every letter; there the spaces are kept only where the glyphs are further
apart than the letters are (between words).

Lines become paragraphs where two lines are further apart than the page's usual line
spacing (or, on a page where all are equally spaced, a blank line apart), where the type
size changes (a heading), where the text jumps back up the page (the next
column, or a header drawn last), or where a sentence ends and the next line is indented.
The lines of a paragraph are joined with a space, and a word hyphenated at a line end
(``negotia-`` / ``tors``) is joined whole.

Running heads and feet are lines at the top or bottom of a page that come back at the same
place on most pages, digits aside ("Page 2 of 9", a browser's date, title, address and
"2/3"), and lines at the top or bottom that are only a page number. A one-page document
shows no repetition: there a footer ending in "1/1" goes, with the top line when it is set
apart in the footer's type (a browser's header).
"""

from __future__ import annotations

import bisect
import itertools
import re
import statistics
from dataclasses import dataclass
from typing import Any

_HYPHENS = "-\x02\ufffe\u00ad\u2010"  # PDFium marks a line-end hyphen as U+0002 / U+FFFE
_PAGE_NUMBER = re.compile(
    r"^[\W_]*(?:page|p\.|seite|página|pagina)?\s*\d{1,4}(?:\s*(?:/|of|de|von|sur)\s*\d{1,4})?[\W_]*$",
    re.IGNORECASE,
)
_PAGE_OF = re.compile(r"(?:^|\s)\d{1,4}\s*/\s*\d{1,4}$")  # a browser's "2/3" at a line end
_SENTENCE_END = tuple(".!?:\u201d\"')")
BREAK = "\ufffe"  # a word broken by a hyphen at a line end, until it is resolved
_JOINED = re.compile(r"\ufffe\s*(?=(\w))")
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be heads or feet


@dataclass
class Line:
    """One line of a page: its text, where it starts and ends and its type size, in PDF
    points (y grows upwards). PDFium reads a word hyphenated at a line end as one line, so
    the top is the first letter's and the bottom the last letter's; ``base`` is the bottom
    of the first letter, where the line's first row sits."""

    text: str
    top: float
    bottom: float
    left: float
    right: float
    height: float
    base: float

    def key(self) -> str:
        """The line with its digits blanked out: a running head's text on every page."""
        return re.sub(r"\d+", "#", " ".join(self.text.split()).casefold())


def page_lines(textpage: Any) -> list[Line]:
    """The page's lines in PDFium's reading order."""
    text = textpage.get_text_range()
    count = textpage.count_chars()
    lines: list[Line] = []
    for found in re.finditer(r"[^\r\n]+", text):
        if not found.group().strip():
            continue
        line = found.group()
        first = found.start() + len(line) - len(line.lstrip())
        last = found.start() + len(line.rstrip()) - 1
        inked = [first, last]
        boxes = [textpage.get_charbox(i, loose=True) for i in inked if i < count]
        if not boxes:
            continue
        head, tail = boxes[0], boxes[-1]
        height = max(head[3] - head[1], tail[3] - tail[1], 0.1)
        if _letter_spaced(line):
            line = _unspaced(textpage, found.start(), line)
        lines.append(Line(line, head[3], tail[1], head[0], tail[2], height, head[1]))
    return lines


def _letter_spaced(line: str) -> bool:
    """Whether a line looks set with wide letter spacing ("S E O U L"), which PDFium reads
    as a space after every letter."""
    words = line.split()
    single = sum(len(w) == 1 and w.isalnum() for w in words)
    return len(words) >= 4 and single >= 0.75 * len(words)


def _unspaced(textpage: Any, start: int, line: str) -> str:
    """A letter-spaced line with only the spaces that are wider than the letters' own."""
    glyphs = [
        (line[k], textpage.get_charbox(start + k))
        for k in range(len(line))
        if not line[k].isspace()
    ]
    gaps = [b[0] - a[2] for (_, a), (_, b) in itertools.pairwise(glyphs)]
    if not gaps:
        return line
    usual = statistics.median(gaps)
    size = statistics.median(box[3] - box[1] for _, box in glyphs)
    wide = max(1.6 * usual, usual + 1.5)
    if usual > 0.6 * size or max(gaps) <= wide:  # figures far apart, or single letters
        return line
    out = glyphs[0][0]
    for gap, (char, _box) in zip(gaps, glyphs[1:], strict=True):
        out += (" " if gap > wide else "") + char
    return out


def drop_heads_and_feet(pages: list[list[Line]]) -> list[list[Line]]:
    """The pages without their running heads and feet and their page numbers."""
    ordered = [sorted(lines, key=lambda line: -line.top) for lines in pages]
    # how many pages have a line of this text at this height (within 3 points)
    seen: dict[str, list[float]] = {}
    for lines in ordered:
        edge = lines[:EDGE_LINES] + lines[EDGE_LINES:][-EDGE_LINES:]
        for key, top in {(line.key(), round(line.top)) for line in edge}:
            seen.setdefault(key, []).append(top)
    needed = max(2, (len(pages) + 1) // 2)

    def marginal(line: Line) -> bool:
        if _PAGE_NUMBER.match(line.text.strip()) or _lone_footer(line, pages):
            return True
        tops = seen.get(line.key(), [])
        return sum(abs(t - line.top) <= 3 for t in tops) >= needed

    out: list[list[Line]] = []
    for lines, sorted_lines in zip(pages, ordered, strict=True):
        # from the bottom up and from the top down: a head or foot is set apart from the
        # text (a running head never continues the paragraph below it)
        feet = _edge(sorted_lines[::-1], marginal)
        footer = next((f for f in feet if _lone_footer(f, pages)), None)

        first = sorted_lines[0] if sorted_lines else None

        def head(line: Line, footer: Line | None = footer, top: Line | None = first) -> bool:
            # a one-page print's header: the top line, in the type of its "1/1" footer
            if footer is not None and line is top and abs(line.height - footer.height) <= 0.5:
                return True
            return bool(marginal(line))

        gone = _edge(sorted_lines, head) + feet
        out.append([line for line in lines if all(line is not g for g in gone)])
    return out


def _edge(lines: list[Line], marginal: Any) -> list[Line]:
    """The heads (or feet, given the lines bottom up) among the first lines of a page:
    marginal lines set apart from the text by white space or a smaller or larger type,
    or from the text by another head."""
    n = min(EDGE_LINES, len(lines))
    gone = [False] * (n + 1)
    for k in reversed(range(n)):
        line, inner = lines[k], lines[k + 1] if k + 1 < len(lines) else None
        apart = (
            inner is None
            or _gap(line, inner) > 0.45 * min(line.height, inner.height)
            or abs(line.height - inner.height) > 0.15 * max(line.height, inner.height)
        )
        gone[k] = (apart or gone[k + 1]) and marginal(line)
    return lines[: gone.index(False)]


def _gap(a: Line, b: Line) -> float:
    """The white space between two lines, whichever is higher."""
    return max(a.bottom - b.top, b.bottom - a.top)


def _lone_footer(line: Line, pages: list[list[Line]]) -> bool:
    """A one-page document's browser footer: its line ends in "1/1"."""
    return len(pages) == 1 and bool(_PAGE_OF.search(line.text.strip()))


@dataclass
class _Spacing:
    """A page's usual distance from one line to the next (in line heights, so that a
    heading's lines compare with the body's), whether some lines are further apart than
    that (paragraphs set apart by space, not only by indents), and its usual left edge."""

    usual: float
    wider: bool
    left: float


def paragraphs(lines: list[Line]) -> list[str]:
    """The page's lines as paragraphs, each one line of text."""
    if not lines:
        return []
    steps = [
        (a.bottom - b.base) / min(a.height, b.height)
        for a, b in itertools.pairwise(lines)
        if a.bottom > b.base and abs(a.height - b.height) <= 0.15 * max(a.height, b.height)
    ]
    usual = statistics.median(steps) if steps else 0.0
    spacing = _Spacing(
        usual,
        any(step > 1.4 * usual for step in steps),
        statistics.median(line.left for line in lines),
    )
    groups: list[list[Line]] = [[lines[0]]]
    for previous, line in itertools.pairwise(lines):
        if _starts_paragraph(previous, line, spacing):
            groups.append([])
        groups[-1].append(line)
    return [_join([" ".join(line.text.split()) for line in group]) for group in groups]


def _starts_paragraph(previous: Line, line: Line, spacing: _Spacing) -> bool:
    size = min(previous.height, line.height)
    if line.top >= previous.top:  # back up the page: the next column, or text drawn last
        return True
    if max(previous.height, line.height) > 1.3 * size:  # the type size changes: a heading
        return True
    if spacing.usual and spacing.wider:  # further apart than the lines of a paragraph
        if previous.bottom - line.base > 1.25 * spacing.usual * size:
            return True
    elif previous.bottom - line.top > 0.8 * size:  # a blank line between the two
        return True
    indented = line.left > max(previous.left, spacing.left) + 0.5 * size
    return indented and previous.text.rstrip().endswith(_SENTENCE_END)


def _join(lines: list[str]) -> str:
    """A paragraph's lines as one line; a word broken at a line end by a hyphen before a
    lower-case letter is marked with :data:`BREAK` (see :func:`resolve_breaks`)."""
    out = ""
    for line in lines:
        if not line:
            continue
        if out and out[-1] in _HYPHENS and out[-2:-1].isalpha():
            # "negotia-" + "tors" may be one word; "Seoul-" + "Washington" keeps its hyphen
            out = out[:-1] + (BREAK if line[:1].islower() else "-") + line
        elif out:
            out += " " + line
        else:
            out = line
    # inside a line PDFium marks a word it joined across a line end with U+FFFE / U+0002
    out = _JOINED.sub(lambda m: BREAK if m.group(1).islower() else "-", out.replace("\x02", BREAK))
    return re.sub(f"{BREAK}(?!\\w)", "-", out)


def resolve_breaks(text: str, starts: list[int], *, keep: bool) -> tuple[str, list[int]]:
    """The text with each word broken at a line end whole again, and the page starts moved
    to match: "negotia-tors" becomes "negotiators" and "cost-sharing" stays, as the same
    word is written elsewhere in the document; a word seen nowhere else keeps its hyphen
    when ``keep`` (a browser breaks lines after real hyphens only, it does not hyphenate)
    and loses it otherwise (word processors and typesetters hyphenate)."""
    if BREAK not in text:
        return text, starts
    words = {w.casefold() for w in re.findall(r"\w+(?:[-\u2010]\w+)*", text.replace(BREAK, " "))}
    out: list[str] = []
    removed: list[int] = []
    done = 0
    for found in re.finditer(f"(\\w*){BREAK}(\\w*)", text):
        left, right = found[1].casefold(), found[2].casefold()
        if f"{left}-{right}" in words:
            hyphen = True
        elif left + right in words:
            hyphen = False
        else:
            hyphen = keep
        at = found.start() + len(found[1])
        out.append(text[done:at] + ("-" if hyphen else ""))
        if not hyphen:
            removed.append(at)
        done = at + 1
    out.append(text[done:])
    return "".join(out), [s - bisect.bisect_left(removed, s) for s in starts]

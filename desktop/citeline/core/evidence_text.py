"""The words the evidence finder compares: sentences, stems, names and numbers.

Plain, deterministic text handling in English news style: a sentence splitter that keeps
offsets into the source's text, a crude suffix-stripping stemmer ("checked", "checks"
and "checking" meet), stop words, and the *names* (capitalised words that are not
sentence-initial function words) and *numbers* a sentence carries. Names and numbers
are what tell two look-alike events apart (two earthquakes, two rehab stays).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


STOP = _words(
    """
a about above after again against all also am an and any are as at be because been before being
below between both but by can cannot could did do does doing down during each few for from further
had has have having he her here hers herself him himself his how i if in into is it its itself
me more most my myself no nor not of off on once only or other ought our ours ourselves out over
own same she should so some such than that the their theirs them themselves then there these they
this those through to too under until up very was we were what when where which while who whom
why with would you your yours yourself yourselves said says say told according just one may might
will shall must s t re ve ll d m mr mrs ms dr new year years last first two three week day time
now after says reported report reports news according yesterday today tuesday monday wednesday
thursday friday saturday sunday people
"""
)

#: Words that start a sentence with a capital without being a name.
_NOT_NAMES = STOP | _words(
    "but and in on at as after before when while if however meanwhile police officials"
)

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
_NAME = re.compile(r"\b[A-Z][\w’'-]*[a-zA-Z]\b|\b[A-Z]{2,}\b")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
_ABBREV = _words(
    "mr mrs ms dr st prof gen sen rep gov jr sr no vs inc co corp ltd col lt sgt capt rev mt ft "
    "jan feb mar apr jun jul aug sep sept oct nov dec u.s a.m p.m u.k e.g i.e"
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9])")
_PARAGRAPH = re.compile(r"[^\n]+")
_SUFFIXES = (
    ("ational", "ate"), ("ations", "ate"), ("ation", "ate"), ("ments", ""), ("ment", ""),
    ("ingly", ""), ("edly", ""), ("ings", ""), ("ing", ""), ("ies", "y"), ("ied", "y"),
    ("ers", ""), ("er", ""), ("ed", ""), ("es", ""), ("ly", ""), ("s", ""),
)  # fmt: skip


def sentences(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every sentence of ``text``: within lines, at . ! ? before a capital
    or a digit, not after a common abbreviation or an initial."""
    for para in _PARAGRAPH.finditer(text):
        p0, ptext = para.start(), para.group()
        start = 0
        for b in _BOUNDARY.finditer(ptext):
            last = ptext[start : b.start() + 1].rsplit(None, 1)
            word = last[-1].lower().rstrip(".!?…\"'”’)]") if last else ""
            if not word or word in _ABBREV or (len(word) == 1 and word.isalpha()):
                continue
            yield from _trimmed(ptext, p0, start, b.end())
            start = b.end()
        yield from _trimmed(ptext, p0, start, len(ptext))


def _trimmed(ptext: str, p0: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    seg = ptext[start:end]
    stripped = seg.strip()
    if stripped:
        lead = len(seg) - len(seg.lstrip())
        yield p0 + start + lead, p0 + start + lead + len(stripped)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A crude English stem of a lower-case word (shared by its inflections)."""
    w = word.split("'")[0].split("’")[0]
    for suffix, repl in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            w = w[: len(w) - len(suffix)] + repl
            break
    if len(w) > 3 and w[-1] == w[-2] and w[-1] not in "aeiouls":
        w = w[:-1]
    if w.endswith("e") and len(w) > 3:
        w = w[:-1]
    return w


def stems(text: str) -> list[str]:
    """The stems of the content words of ``text``, in order (stop words left out)."""
    out = []
    for m in _WORD.finditer(text.lower()):
        w = m.group()
        if w not in STOP and not w.isdigit():
            out.append(stem(w))
    return out


def names(text: str) -> set[str]:
    """The capitalised words of ``text`` that read as names ("Lohan", "Betty", "NBA"),
    lower-cased; a capitalised function word at a sentence start is not a name."""
    return set(name_forms(text))


def name_forms(text: str) -> dict[str, str]:
    """The names of ``text``, lower-cased, each with the form it is first written in."""
    found: dict[str, str] = {}
    for m in _NAME.finditer(text):
        written = m.group().strip("'’-")
        w = written.lower()
        if w and w not in _NOT_NAMES and len(w) > 1:
            found.setdefault(w, written)
    return found


def numbers(text: str) -> set[str]:
    """The numbers written in digits in ``text`` ("6.1", "250", "2009"), thousands
    separators dropped."""
    return {m.group().replace(",", "") for m in _NUMBER.finditer(text)}


def terms(text: str) -> list[str]:
    """What the finder indexes and looks up: the stems of ``text``. (Pairs of neighbouring
    stems were tried and lost on the development topics: docs/evidence-found.md.)"""
    return stems(text)

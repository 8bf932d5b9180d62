"""Anchoring passages in a source's text so that citations survive edits to the text.

A passage is remembered two ways at once, as a Web Annotation selector pair: by position
(``start``/``end`` offsets into the normalized text) and by quote (the ``exact`` text plus a
little ``prefix`` and ``suffix`` context). Positions are fast and unambiguous; the quote lets a
passage be found again after the source's text changed (a re-import of a corrected article,
a fixed typo, a paragraph added at the top).

Offsets count Python ``str`` characters (Unicode code points) of the text produced by
:func:`normalize_text`.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal

Status = Literal["exact", "moved", "fuzzy", "orphaned"]

DEFAULT_CONTEXT = 32

# A quote that changed by more than a fifth of its characters is treated as a different
# passage: past that point a "match" is more often a coincidence than an edit.
MIN_SIMILARITY = 0.8

# Short quotes match by coincidence easily, so a fuzzy match of one also needs its
# surroundings to agree at least half-way.
SHORT_QUOTE = 20
MIN_SHORT_CONTEXT = 0.5

# How many places in the text are examined closely for a fuzzy match. Each costs one
# bit-parallel scan of a window a little longer than the quote.
MAX_CANDIDATES = 8
# A gram that occurs more often than this says little about where the quote is.
MAX_GRAM_HITS = 64
MAX_QUOTE_GRAMS = 48


def normalize_text(text: str) -> str:
    """The text as Citeline stores it: NFC, ``\\n`` line ends, no byte order mark.

    Nothing else changes (no stripping, no whitespace folding), so offsets into the stored
    text stay predictable from the original.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Selector:
    """A passage of a text: its offsets, its exact wording, and the words around it."""

    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Resolution:
    """Where a selector's passage is in a text now, and how sure that is.

    ``status`` is ``"exact"`` (still at its offsets), ``"moved"`` (same wording, other
    offsets), ``"fuzzy"`` (wording changed slightly) or ``"orphaned"`` (not found; ``start``
    and ``end`` are ``None``). ``score`` is the similarity of the found wording to the
    selector's quote, from 0.0 to 1.0.
    """

    status: Status
    start: int | None
    end: int | None
    score: float


def make_selector(text: str, start: int, end: int, context: int = DEFAULT_CONTEXT) -> Selector:
    """A selector for ``text[start:end]`` with up to ``context`` characters either side.

    Raises ``ValueError`` for an empty or out-of-range span: the caller chose the offsets,
    so a bad span is a bug rather than something a user did.
    """
    if not 0 <= start < end <= len(text):
        raise ValueError(f"invalid passage span {start}:{end} in a text of {len(text)} chars")
    if context < 0:
        raise ValueError("context must not be negative")
    return Selector(
        start=start,
        end=end,
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
    )


def resolve(text: str, sel: Selector) -> Resolution:
    """Where ``sel``'s passage is in ``text``: exact, moved, fuzzy, or orphaned."""
    quote = sel.exact
    if not quote or not text:
        return _ORPHANED
    if 0 <= sel.start <= sel.end <= len(text) and text[sel.start : sel.end] == quote:
        # The words at the old offsets are the quote. Trust that unless the context there
        # changed and another copy of the quote has the remembered context: then an edit
        # moved the passage and a different copy slid into its old place by chance.
        here = _context_agreement(text, sel.start, sel.end, sel)
        if here == len(sel.prefix) + len(sel.suffix):
            return Resolution("exact", sel.start, sel.end, 1.0)
        # Ties go to the nearest copy, so only a copy with better context wins over this one.
        best = _best_occurrence(text, sel)
        if best is None or best == sel.start:
            return Resolution("exact", sel.start, sel.end, 1.0)
        return Resolution("moved", best, best + len(quote), 1.0)
    moved = _best_occurrence(text, sel)
    if moved is not None:
        return Resolution("moved", moved, moved + len(quote), 1.0)
    return _fuzzy(text, sel)


def reanchor(
    old_text: str, new_text: str, sel: Selector, context: int = DEFAULT_CONTEXT
) -> Selector | None:
    """A fresh selector in ``new_text`` for ``sel``'s passage, or ``None`` if it is gone.

    When ``sel`` still matches ``old_text`` its context is re-read from there first, so a
    selector saved with less context than ``context`` gets the full evidence.
    """
    if 0 <= sel.start < sel.end <= len(old_text) and old_text[sel.start : sel.end] == sel.exact:
        sel = make_selector(old_text, sel.start, sel.end, context)
    found = resolve(new_text, sel)
    if found.start is None or found.end is None or found.start >= found.end:
        return None
    return make_selector(new_text, found.start, found.end, context)


_ORPHANED = Resolution("orphaned", None, None, 0.0)


def _common_prefix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[i] == b[i]:
        i += 1
    return i


def _common_suffix_len(a: str, b: str) -> int:
    n = min(len(a), len(b))
    i = 0
    while i < n and a[-1 - i] == b[-1 - i]:
        i += 1
    return i


def _context_agreement(text: str, start: int, end: int, sel: Selector) -> int:
    """How many context characters right next to ``text[start:end]`` match the selector's."""
    before = text[max(0, start - len(sel.prefix)) : start]
    after = text[end : end + len(sel.suffix)]
    return _common_suffix_len(before, sel.prefix) + _common_prefix_len(after, sel.suffix)


def _best_occurrence(text: str, sel: Selector) -> int | None:
    """The start of the verbatim occurrence of the quote whose context fits best."""
    quote = sel.exact
    best: tuple[int, int] | None = None
    best_pos: int | None = None
    pos = text.find(quote)
    while pos != -1:
        # More agreeing context first, then the occurrence nearest the old position.
        key = (-_context_agreement(text, pos, pos + len(quote), sel), abs(pos - sel.start))
        if best is None or key < best:
            best, best_pos = key, pos
        pos = text.find(quote, pos + 1)
    return best_pos


def _scan(pattern: str, window: str, anchored: bool) -> list[int]:
    """Edit distances of ``pattern`` against ``window`` after each of its characters.

    With ``anchored`` the i-th value is the distance to ``window[:i + 1]``; without it, the
    distance to the best-matching substring that ends there. Bit-parallel over the pattern
    (one Python integer holds a column of the distance table), so a scan costs a few integer
    operations per window character instead of one per table cell.
    """
    m = len(pattern)
    if m == 0:
        return [0 if not anchored else i + 1 for i in range(len(window))]
    peq: dict[str, int] = {}
    for i, ch in enumerate(pattern):
        peq[ch] = peq.get(ch, 0) | (1 << i)
    mask = (1 << m) - 1
    high = 1 << (m - 1)
    pv, mv, score = mask, 0, m
    carry = 1 if anchored else 0
    out: list[int] = []
    append = out.append
    for ch in window:
        eq = peq.get(ch, 0)
        xv = eq | mv
        xh = (((eq & pv) + pv) ^ pv) | eq
        ph = mv | (~(xh | pv) & mask)
        mh = pv & xh
        if ph & high:
            score += 1
        elif mh & high:
            score -= 1
        ph = ((ph << 1) | carry) & mask
        mh = (mh << 1) & mask
        pv = mh | (~(xv | ph) & mask)
        mv = ph & xv
        append(score)
    return out


def _distance(a: str, b: str) -> int:
    """The edit distance between ``a`` and ``b``."""
    if not b:
        return len(a)
    if not a:
        return len(b)
    return _scan(a, b, anchored=True)[-1]


def _similarity(a: str, b: str) -> float:
    """1.0 for equal strings, falling towards 0.0 as edits pile up."""
    longest = max(len(a), len(b))
    if longest == 0:
        return 1.0
    return 1.0 - _distance(a, b) / longest


def _context_similarity(text: str, start: int, end: int, sel: Selector) -> float:
    """How well the text around ``text[start:end]`` matches the selector's prefix and suffix."""
    before = text[max(0, start - len(sel.prefix)) : start]
    after = text[end : end + len(sel.suffix)]
    weight = len(sel.prefix) + len(sel.suffix)
    if weight == 0:
        # A selector of a whole text: the match is right only if it is again the whole text.
        return 1.0 if not before and not after else 0.0
    total = _similarity(sel.prefix, before) * len(sel.prefix)
    total += _similarity(sel.suffix, after) * len(sel.suffix)
    return total / weight


def _grams(s: str, size: int, limit: int) -> list[int]:
    """Offsets of up to ``limit`` overlapping grams of ``size`` spread evenly over ``s``."""
    if len(s) < size:
        return [0] if s else []
    step = max(1, size // 2)
    offsets = list(range(0, len(s) - size + 1, step))
    if offsets[-1] != len(s) - size:
        offsets.append(len(s) - size)
    if len(offsets) > limit:
        stride = len(offsets) / limit
        offsets = [offsets[int(i * stride)] for i in range(limit)]
    return offsets


def _candidate_starts(text: str, sel: Selector) -> list[tuple[int, int]]:
    """Ranges of likely start positions of the quote, most strongly supported first.

    Short grams of the quote, the prefix and the suffix that occur verbatim in the text
    each vote for where the quote would start; an edit can only break the grams it touches,
    so the true place collects votes from all the others.
    """
    quote = sel.exact
    m = len(quote)
    quote_gram = 8 if m >= 24 else max(3, m // 3)
    votes: list[tuple[int, int]] = []  # (estimated start, gram id)
    gram_id = 0

    def vote(piece: str, size: int, limit: int, shift: int) -> None:
        # A gram found at ``pos`` that sits at ``offset`` in ``piece`` puts the quote's
        # start at ``pos - offset + shift``, where ``shift`` places the piece relative to
        # the quote.
        nonlocal gram_id
        for offset in _grams(piece, size, limit):
            gram = piece[offset : offset + size]
            gram_id += 1
            if not gram or text.count(gram) > MAX_GRAM_HITS:
                continue
            pos = text.find(gram)
            while pos != -1:
                votes.append((pos - offset + shift, gram_id))
                pos = text.find(gram, pos + 1)

    vote(quote, quote_gram, MAX_QUOTE_GRAMS, 0)
    if len(sel.prefix) >= 4:
        vote(sel.prefix, 8, 8, len(sel.prefix))
    if len(sel.suffix) >= 4:
        vote(sel.suffix, 8, 8, -m)
    if not votes:
        return []
    votes.sort()
    # Votes closer together than the drift an edit of the allowed size could cause belong
    # to the same place.
    gap = m // 4 + 16
    clusters: list[tuple[int, int, int]] = []  # (support, lo, hi)
    lo = hi = votes[0][0]
    ids: set[int] = set()
    for est, gid in votes:
        if est - hi > gap:
            clusters.append((len(ids), lo, hi))
            lo, ids = est, set()
        hi = est
        ids.add(gid)
    clusters.append((len(ids), lo, hi))
    clusters.sort(key=lambda c: (-c[0], abs(c[1] - sel.start)))
    return [(lo, hi) for _, lo, hi in clusters[:MAX_CANDIDATES]]


@dataclass(frozen=True)
class _Match:
    start: int
    end: int
    quote_similarity: float
    context_similarity: float


def _best_in_window(text: str, sel: Selector, lo: int, hi: int) -> _Match | None:
    """The closest approximate match of the quote inside ``text[lo:hi]``."""
    quote = sel.exact
    lo, hi = max(0, lo), min(len(text), hi)
    if hi <= lo:
        return None
    ends = _scan(quote, text[lo:hi], anchored=False)
    best = min(ends)
    if best > len(quote) * (1 - MIN_SIMILARITY):
        return None
    # Several ends can be equally close (a trailing space more or less); the one followed
    # by the remembered suffix is the one the reader selected.
    end = max(
        (lo + i + 1 for i, d in enumerate(ends) if d == best),
        key=lambda e: (_common_prefix_len(text[e : e + len(sel.suffix)], sel.suffix), -e),
    )
    # Scanning backwards from the end, anchored there, finds where that best match begins.
    back = _scan(quote[::-1], text[lo:end][::-1], anchored=True)
    dist = min(back)
    start = max(
        (end - i - 1 for i, d in enumerate(back) if d == dist),
        key=lambda s: (_common_suffix_len(text[max(0, s - len(sel.prefix)) : s], sel.prefix), s),
    )
    quote_similarity = 1.0 - dist / max(len(quote), end - start)
    return _Match(start, end, quote_similarity, _context_similarity(text, start, end, sel))


def _fuzzy(text: str, sel: Selector) -> Resolution:
    """The best approximate match of the selector's quote, or an orphaned resolution."""
    m = len(sel.exact)
    slack = m // 5 + 16
    windows = [(lo - slack, hi + m + slack) for lo, hi in _candidate_starts(text, sel)]
    windows.append((sel.start - slack, sel.start + m + slack))
    best: _Match | None = None
    best_key: tuple[float, int] | None = None
    seen: set[tuple[int, int]] = set()
    for lo, hi in windows:
        found = _best_in_window(text, sel, lo, hi)
        if found is None or (found.start, found.end) in seen:
            continue
        seen.add((found.start, found.end))
        if found.quote_similarity < MIN_SIMILARITY:
            continue
        if m < SHORT_QUOTE and found.context_similarity < MIN_SHORT_CONTEXT:
            continue
        # The wording decides most; the context separates near-equal wordings.
        rank = 0.75 * found.quote_similarity + 0.25 * found.context_similarity
        key = (-rank, abs(found.start - sel.start))
        if best_key is None or key < best_key:
            best, best_key = found, key
    if best is None:
        return _ORPHANED
    return Resolution("fuzzy", best.start, best.end, best.quote_similarity)

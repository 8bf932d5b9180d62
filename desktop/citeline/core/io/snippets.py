"""A passage in a few sentences of its source's text, cut at word boundaries.

Readers judge a passage by what surrounds it. :func:`context` gives the sentence that
holds the passage and up to one sentence either side, within its paragraph, never more
than ``limit`` characters each side, and never a piece of a word: where the cut falls
inside the text it falls on a space and is marked with an ellipsis.
"""

from __future__ import annotations

from dataclasses import dataclass

from citeline.core.excerpts import sentence_around

ELLIPSIS = "\u2026"


@dataclass(frozen=True, slots=True)
class Snippet:
    """The words before the passage, the passage, and the words after it."""

    before: str
    exact: str
    after: str
    cut_before: bool
    """Text was left out before ``before`` (show an ellipsis)."""
    cut_after: bool


def context(text: str, start: int, end: int, sentences: int = 1, limit: int = 200) -> Snippet:
    """The passage ``text[start:end]`` in up to ``sentences`` sentences each side."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    if not text:
        return Snippet("", "", "", False, False)
    # Only a window around the passage can matter (the sides are cut at ``limit``):
    # sentence boundaries are looked for there, not across a whole long source.
    lo, hi = max(0, start - 4 * limit), min(len(text), end + 4 * limit)
    if lo > 0 or hi < len(text):
        # Cut there, a side longer than ``limit`` is cut again, so the marks are right.
        return context(text[lo:hi], start - lo, end - lo, sentences, limit)
    left, right = _sentence(text, start, end)
    for _ in range(sentences):
        if left > 0:
            left = _sentence(text, left - 2, left - 2)[0]
        if right < len(text):
            right = _sentence(text, right + 1, right + 1)[1]
    left, right = min(left, start), max(right, end)
    # Stay inside the passage's paragraph: a heading or the paragraph before is not context.
    left = max(left, text.rfind("\n", 0, start) + 1)
    newline = text.find("\n", end)
    if 0 <= newline < right:
        right = newline
    before, cut_before = _tail(text[left:start], limit)
    after, cut_after = _head(text[end:right], limit)
    cut_before = cut_before or (left > 0 and not text[left - 1].isspace())
    cut_after = cut_after or (right < len(text) and not text[right].isspace())
    return Snippet(before, text[start:end], after, cut_before, cut_after)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around ``start:end``, asked only at positions inside the text."""
    last = len(text) - 1
    probe = max(0, min(start, last))
    return sentence_around(text, probe, max(probe, min(end, len(text))))


def from_quote(prefix: str, exact: str, suffix: str) -> Snippet:
    """A snippet from a stored quote selector alone (when the source's text is absent).

    The prefix and suffix were cut by character count; the partial word at each outer
    end is dropped so the snippet never shows half a word.
    """
    before, after = prefix, suffix
    cut_before = cut_after = False
    if before and not before[0].isspace():
        space = before.find(" ")
        before = before[space + 1 :] if space >= 0 else ""
        cut_before = True
    if after and not after[-1].isspace():
        space = after.rfind(" ")
        after = after[:space] if space >= 0 else ""
        cut_after = True
    return Snippet(before, exact, after, cut_before, cut_after)


def _tail(piece: str, limit: int) -> tuple[str, bool]:
    """The last ``limit`` characters of ``piece`` or fewer, starting at a word; cut or not."""
    if len(piece) <= limit:
        return piece, False
    cut = piece[-limit:]
    if not piece[-limit - 1].isspace():
        space = cut.find(" ")
        cut = cut[space + 1 :] if space >= 0 else ""
    return cut.lstrip(), True


def _head(piece: str, limit: int) -> tuple[str, bool]:
    """The first ``limit`` characters of ``piece`` or fewer, ending at a word; cut or not."""
    if len(piece) <= limit:
        return piece, False
    cut = piece[:limit]
    if not piece[limit].isspace():
        space = cut.rfind(" ")
        cut = cut[:space] if space >= 0 else ""
    return cut.rstrip(), True

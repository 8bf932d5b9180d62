"""Turning a passage into the first draft of an item: a title and a date.

An item made from selected text gets the passage's first sentence as its title and,
for its date, a date found inside the passage, else the source's date: what a careful
reader would write down first, to be corrected in the inspector.
"""

from __future__ import annotations

import datetime

from citeline.core import queries
from citeline.core.store import Store
from citeline.core.suggestions import first_date_in


def title_from(excerpt: str, limit: int = 90) -> str:
    """A first title for an item made from a passage: its first sentence, shortened."""
    text = " ".join(excerpt.split()).strip("\u201c\u201d\"' ")
    for stop in (". ", "? ", "! "):
        cut = text.find(stop)
        if 0 < cut < limit:
            text = text[: cut + 1]
            break
    if len(text) > limit:
        text = text[: limit - 1].rsplit(" ", 1)[0] + "\u2026"
    return text or "Untitled event"


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that contains [start, end)."""
    left = start
    while left > 0 and not (text[left - 1] in ".!?\n" and (left == 1 or text[left] in " \n")):
        left -= 1
    while left < start and text[left].isspace():
        left += 1
    right = end
    while right < len(text) and text[right] not in "\n":
        if text[right] in ".!?" and (right + 1 == len(text) or text[right + 1] in ' \n\u201d"'):
            right += 1
            break
        right += 1
    return left, right


def today_edtf() -> str:
    """Today's date as EDTF (a day)."""
    return datetime.date.today().isoformat()


def date_for_excerpt(
    store: Store, source_id: int, text: str, span: tuple[int, int]
) -> tuple[str, dict[str, str] | None]:
    """A first date for an item made from a passage: a date in it, else the source's date."""
    found = first_date_in(store, source_id, text, span)
    if found is not None and found.edtf is not None:
        return found.edtf, found.provenance
    src = queries.source(store, source_id)
    if src.published:
        return src.published, {"expression": "(the source's date)", "anchor": src.published}
    return today_edtf(), {"expression": "(today)", "anchor": today_edtf()}

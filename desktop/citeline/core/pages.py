"""Pages of a source (a PDF's): which page an offset in the text falls on, and how to cite it.

A source with pages records where each page starts in its text (``sources.pages``, JSON,
the first start 0). Exports cite a passage with the page it starts on: "p. 4", or
"pp. 4–5" when it runs onto later pages.
"""

from __future__ import annotations

import json
from bisect import bisect_right
from collections.abc import Mapping, Sequence
from typing import Any


def page_starts(source: Any) -> Sequence[int] | None:
    """The page starts of a source given as a ``Source``, a row, the list itself, or the
    list as its JSON text (as ``sources.pages`` holds it)."""
    value: Any
    if source is None:
        return None
    if isinstance(source, str):
        value = source
    elif isinstance(source, Mapping):
        value = source.get("pages")
    elif isinstance(source, Sequence) and not isinstance(source, str):
        value = source
    else:
        value = getattr(source, "pages", None)
    if isinstance(value, str):
        value = json.loads(value)
    return list(value) if value else None


def page_of(source: Any, offset: int) -> int | None:
    """The page (counting from 1) that ``offset`` of the source's text falls on, or None
    for a source without pages."""
    starts = page_starts(source)
    if not starts:
        return None
    return max(1, bisect_right(starts, offset))


def page_label(source: Any, start: int, end: int | None = None) -> str:
    """ "p. 4" (or "pp. 4–5" for a passage over a page break); "" without pages."""
    first = page_of(source, start)
    if first is None:
        return ""
    last = page_of(source, max(start, (end or start) - 1))
    if last is not None and last != first:
        return f"pp. {first}\u2013{last}"
    return f"p. {first}"

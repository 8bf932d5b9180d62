"""Front matter: a ``---`` block of ``key: value`` lines at the top of a text or Markdown file.

The keys Citeline reads (case does not matter): ``title`` / ``headline``; ``date`` /
``published`` / ``pubdate``; ``author`` / ``authors`` / ``by`` (a list is joined with
commas); ``source`` / ``outlet`` / ``publication`` / ``site``; ``url`` / ``link`` /
``canonical``; ``language`` / ``lang`` / ``locale``. Other keys are ignored.
"""

from __future__ import annotations

import re

from citeline.core.sources.metadata import _Meta
from citeline.core.sources.plaintext_keys import _HEADER_KEYS

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


#: Front matter longer than this many lines is not front matter.
FRONT_MATTER_LINES = 1000


def _read_front_matter(text: str, meta: _Meta) -> str | None:
    """The text after ``---`` front matter (whose fields go into ``meta``), or ``None``."""
    if text.split("\n", 1)[0].strip() != "---":
        return None
    # Only the head is split into lines; the rest of a large file stays one piece.
    lines = text.split("\n", FRONT_MATTER_LINES)
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

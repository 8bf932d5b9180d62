"""A source's archived original: the very bytes it was read from, to show what it said."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from citeline.core import errors
from citeline.core.store import Store

_SUFFIXES = {
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/html": ".html",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}


@dataclass(frozen=True)
class Original:
    """A source's original bytes with what they are."""

    source_id: int
    content: bytes
    media_type: str
    sha256: str
    filename: str
    """A file name to save it under: the imported file's, or one made from the title."""


def original_of(store: Store, source_id: int) -> Original:
    """The archived original of a source; a NotFoundError when it has none."""
    source = store.row("sources", source_id)
    if source is None:
        raise errors.NotFoundError(f"there is no source {source_id}")
    row = store.row("originals", source_id)
    if row is None:
        raise errors.NotFoundError(
            f"source {source_id} (\u201c{source['title']}\u201d) has no archived original: "
            "it was imported before Citeline kept originals"
        )
    name = source["filename"] or ""
    suffix = _SUFFIXES.get(row["media_type"], "")
    if not name or (suffix and not name.lower().endswith(suffix)):
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in source["title"])[:60]
        name = f"{stem.strip('-') or 'source'}{suffix}"
    return Original(source_id, row["content"], row["media_type"], row["sha256"], name)


def save_original(store: Store, source_id: int, dest: Path) -> Original:
    """Write a source's original to ``dest`` (whole, or not at all)."""
    original = original_of(store, source_id)
    part = dest.with_name(f".{dest.name}.part")
    try:
        part.write_bytes(original.content)
        os.replace(part, dest)
    except OSError as exc:
        part.unlink(missing_ok=True)
        raise errors.ExportError(f"cannot write {dest}: {exc.strerror or exc}") from exc
    return original

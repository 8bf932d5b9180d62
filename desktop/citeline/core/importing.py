"""Adding files to a project: sources (txt, md, html) and timeline items (csv, json).

Each file is all or nothing: it is read and checked completely before one edit adds it,
and anything skipped is reported with the reason.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from citeline.core import errors
from citeline.core.edits import Edit
from citeline.core.store import Store

SOURCE_SUFFIXES = {".txt", ".text", ".md", ".markdown", ".html", ".htm", ".xhtml"}

# Item formats: suffix -> module in citeline.core.io providing
# ``read_items(store, path) -> tuple[Edit, str]`` (the edit and a one-line summary).
ITEM_READERS = {".csv": "citeline.core.io.csv_items", ".json": "citeline.core.io.json_items"}


@dataclass
class ImportReport:
    """What an import added and what it skipped, file by file."""

    added: list[tuple[Path, str]] = field(default_factory=list)
    skipped: list[tuple[Path, str]] = field(default_factory=list)
    duplicates: list[tuple[Path, str]] = field(default_factory=list)
    edits: list[Edit] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.skipped


def supported(path: Path) -> bool:
    """Whether Citeline can import a file with this name."""
    suffix = path.suffix.lower()
    return suffix in SOURCE_SUFFIXES or suffix in ITEM_READERS


def read_file(store: Store, path: Path) -> tuple[Edit, str]:
    """The edit that would add ``path`` to ``store``, and a one-line summary of it."""
    from citeline.core import items
    from citeline.core.sources import read_source

    suffix = path.suffix.lower()
    if suffix in ITEM_READERS:
        module = importlib.import_module(ITEM_READERS[suffix])
        reader: Callable[[Store, Path], tuple[Edit, str]] = module.read_items
        return reader(store, path)
    if suffix not in SOURCE_SUFFIXES:
        raise errors.ImportFailedError(
            f"{path.name}: Citeline imports .txt, .md, .html, .csv and .json files"
        )
    draft = read_source(path)
    edit, _ = items.add_source(store, draft)
    return edit, f"source \u201c{draft.title}\u201d ({len(draft.text):,} characters)"


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    apply: bool = True,
    progress: Callable[[int, int, Path], bool] | None = None,
) -> ImportReport:
    """Import each file as one edit; a file that fails is skipped whole and reported.

    ``progress(done, total, path)`` may return False to cancel before the next file.
    With ``apply=False`` the edits are only collected (the app applies them as one undo
    step); they are then built against the current state and must be applied in order.
    """
    report = ImportReport()
    for n, path in enumerate(paths):
        if progress is not None and progress(n, len(paths), path) is False:
            break
        try:
            edit, summary = read_file(store, Path(path))
            if apply:
                store.apply(edit)
        except errors.ImportFailedError as exc:
            target = report.duplicates if "already in the project" in str(exc) else report.skipped
            target.append((Path(path), str(exc)))
            continue
        except errors.CitelineError as exc:
            report.skipped.append((Path(path), str(exc)))
            continue
        report.added.append((Path(path), summary))
        report.edits.append(edit)
    if progress is not None:
        progress(len(paths), len(paths), Path())
    return report

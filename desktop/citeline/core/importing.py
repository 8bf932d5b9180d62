"""Adding files to a project: sources (txt, md, html, pdf, docx, or a web address) and
timeline items (csv, json).

Each file is all or nothing: it is read and checked completely before one edit adds it,
and anything skipped is reported with the reason. A source whose original bytes are
already in the project is skipped as a duplicate; one whose text merely equals another
source's is added with a warning naming the other.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from citeline.core import errors
from citeline.core.edits import Edit
from citeline.core.store import Store

if TYPE_CHECKING:
    from citeline.core.sources import SourceDraft

SOURCE_SUFFIXES = {
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".html",
    ".htm",
    ".xhtml",
    ".pdf",
    ".docx",
}

# Item formats: suffix -> module in citeline.core.io providing
# ``read_items(store, path) -> tuple[Edit, str]`` (the edit and a one-line summary).
ITEM_READERS = {".csv": "citeline.core.io.csv_items", ".json": "citeline.core.io.json_items"}


@dataclass
class ImportReport:
    """What an import added and what it skipped, file by file."""

    added: list[tuple[Path | str, str]] = field(default_factory=list)
    """Each file (a path) or web address (text) added, with a summary."""
    skipped: list[tuple[Path | str, str]] = field(default_factory=list)
    duplicates: list[tuple[Path | str, str]] = field(default_factory=list)
    warnings: list[tuple[Path | str, str]] = field(default_factory=list)
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
    edit, summary, _warnings = read_one(store, path)
    return edit, summary


def read_one(
    store: Store, target: Path | str, rows: Callable[[float], object] | None = None
) -> tuple[Edit, str, list[str]]:
    """:func:`_read_one`, the edit naming the file or address it came from (its history
    keeps that)."""
    from citeline.core.fetching import looks_like_address

    edit, summary, warnings = _read_one(store, target, rows)
    address = isinstance(target, str) and looks_like_address(target)
    origin = str(target) if address else Path(target).name
    return dataclasses.replace(edit, origin=origin), summary, warnings


def _read_one(
    store: Store, target: Path | str, rows: Callable[[float], object] | None = None
) -> tuple[Edit, str, list[str]]:
    """The edit that would add a file or a web address to ``store``, a one-line summary
    of it, and warnings to show (an encoding guessed, a text already in the project).

    ``rows(fraction)`` follows the reading of a CSV file's rows (a large one takes a
    while)."""
    from citeline.core.fetching import looks_like_address
    from citeline.core.sources import read_address, read_source

    if isinstance(target, str) and looks_like_address(target):
        draft = read_address(target)
    else:
        path = Path(target)
        suffix = path.suffix.lower()
        if suffix in ITEM_READERS:
            module = importlib.import_module(ITEM_READERS[suffix])
            reader: Callable[..., tuple[Edit, str]] = module.read_items
            if rows is not None and suffix == ".csv":
                edit, summary = reader(store, path, progress=rows)
            else:
                edit, summary = reader(store, path)
            return edit, summary, []
        if suffix not in SOURCE_SUFFIXES:
            raise errors.ImportFailedError(
                f"{path.name}: Citeline imports .txt, .md, .html, .pdf, .docx, .csv and .json "
                "files, and web addresses"
            )
        draft = read_source(path)
    return add_draft(store, draft)


def add_draft(store: Store, draft: SourceDraft) -> tuple[Edit, str, list[str]]:
    """The edit adding a source read already, its summary, and warnings to show."""
    from citeline.core import items

    warnings = items.source_warnings(store, draft)
    edit, _ = items.add_source(store, draft)
    pages = f", {len(draft.pages)} pages" if draft.pages else ""
    summary = f"source \u201c{draft.title}\u201d ({len(draft.text):,} characters{pages})"
    return edit, summary, warnings


def import_files(
    store: Store,
    paths: Sequence[Path | str],
    *,
    apply: bool = True,
    progress: Callable[[int, int, Path | str], bool] | None = None,
    rows: Callable[[Path | str, float], object] | None = None,
) -> ImportReport:
    """Import each file (or web address, given as text) as one edit; one that fails is
    skipped whole and reported.

    ``progress(done, total, path)`` may return False to cancel before the next file;
    ``rows(path, fraction)`` follows the rows of a CSV file as they are read.
    With ``apply=False`` the edits are only collected (the app applies them as one undo
    step); they are then built against the current state and must be applied in order.
    """
    report = ImportReport()
    for n, path in enumerate(paths):
        if progress is not None and progress(n, len(paths), path) is False:
            break
        shown: Path | str = path if isinstance(path, Path) or _is_address(path) else Path(path)
        try:
            follow = None if rows is None else (lambda f, p=path: rows(p, f))
            edit, summary, warnings = read_one(store, path, follow)
            if apply:
                store.apply(edit, expect=_made_from(store, edit))
        except errors.ImportFailedError as exc:
            duplicate = isinstance(exc, errors.DuplicateSourceError)
            target = report.duplicates if duplicate else report.skipped
            target.append((shown, str(exc)))
            continue
        except errors.CitelineError as exc:
            report.skipped.append((shown, str(exc)))
            continue
        report.added.append((shown, summary))
        report.warnings.extend((shown, w) for w in warnings)
        report.edits.append(edit)
    if progress is not None:
        progress(len(paths), len(paths), Path())
    return report


def _is_address(target: str) -> bool:
    from citeline.core.fetching import looks_like_address

    return looks_like_address(target)


def name_of(target: Path | str) -> str:
    """How a report names a file (its name) or a web address (the address)."""
    return target if isinstance(target, str) else target.name


def named(name: str, why: str) -> str:
    """One line that names a file or address once: ``why`` as it is when it already
    begins with the name (readers' messages usually do), else ``name: why``."""
    return why if why.startswith(name) else f"{name}: {why}"


def kinds(targets: Sequence[Path | str], *, plural: bool = False) -> str:
    """ "file", "files", "address", "addresses" or "files and addresses", for ``targets``
    (``plural`` always gives the plural)."""
    addresses = sum(1 for t in targets if isinstance(t, str) and _is_address(t))
    files = len(targets) - addresses
    many = plural or len(targets) > 1
    if files and addresses:
        return "files and addresses"
    if addresses:
        return "addresses" if many else "address"
    return "files" if many else "file"


def _made_from(store: Store, edit: Edit) -> dict[tuple[str, int], int] | None:
    """On a server project, the versions of the existing items an import touches (a
    change someone made to one of them meanwhile is a conflict, never overwritten)."""
    if not getattr(store, "shared", False):
        return None
    from citeline.core.versions import made_from

    return made_from(store, edit)

"""Exports and item imports: one registry of formats for the command line and the app.

``EXPORTERS`` maps a format name to an :class:`Exporter`; :func:`export` is the one code
path that runs any of them, for ``citeline export`` and for the app's File > Export.
Exporters are named as ``"module:function"`` strings and imported only when used, so the
image formats drawn by the app's timeline painter (``citeline.ui.render``) can be listed
here without the core importing Qt.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from citeline.core import errors
from citeline.core.io.selection import Selection, select
from citeline.core.store import Store

__all__ = ["EXPORTERS", "Exporter", "Selection", "export", "format_for_path", "select"]

ExportFunction = Callable[[Selection], bytes | str]


@dataclass(frozen=True)
class Exporter:
    """One export format: where its function lives, its file suffix, and its nature."""

    name: str
    target: str
    """``"module:function"``; the function takes a Selection, returns str or bytes."""
    suffix: str
    binary: bool
    """Binary output (png, pdf) needs a file; text may go to standard output."""
    description: str

    @property
    def to_stdout(self) -> bool:
        """Whether this format can be written to standard output."""
        return not self.binary

    def load(self) -> ExportFunction:
        """The export function, imported now."""
        module_name, _, attr = self.target.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise errors.ExportError(
                f"the {self.name} export is not available in this installation ({exc})"
            ) from exc
        function: ExportFunction | None = getattr(module, attr, None)
        if function is None:
            raise errors.ExportError(
                f"the {self.name} export is not available in this installation"
            )
        return function


def _exporters(*entries: Exporter) -> dict[str, Exporter]:
    return {e.name: e for e in entries}


EXPORTERS: dict[str, Exporter] = _exporters(
    Exporter(
        "json",
        "citeline.core.io.project_json:export_json",
        ".json",
        False,
        "the whole project, nothing lost (Citeline JSON)",
    ),
    Exporter("csv", "citeline.core.io.csv_items:export_csv", ".csv", False, "spreadsheet rows"),
    Exporter(
        "markdown",
        "citeline.core.io.markdown:export_markdown",
        ".md",
        False,
        "a chronology with footnoted citations",
    ),
    Exporter(
        "html",
        "citeline.core.io.html_page:export_html",
        ".html",
        False,
        "one self-contained page with an interactive timeline",
    ),
    Exporter(
        "timelinejs",
        "citeline.core.io.timelinejs:export_timelinejs",
        ".json",
        False,
        "TimelineJS3 JSON",
    ),
    Exporter(
        "annotations",
        "citeline.core.io.annotations:export_annotations",
        ".jsonld",
        False,
        "the passages as W3C Web Annotations",
    ),
    Exporter("svg", "citeline.ui.render:export_svg", ".svg", False, "the timeline as SVG"),
    Exporter("png", "citeline.ui.render:export_png", ".png", True, "the timeline as an image"),
    Exporter("pdf", "citeline.ui.render:export_pdf", ".pdf", True, "the timeline as PDF"),
)


def exporter(fmt: str) -> Exporter:
    """The Exporter named ``fmt``; ExportError naming the formats when there is none."""
    found = EXPORTERS.get(fmt.strip().lower())
    if found is None:
        raise errors.ExportError(
            f"unknown export format \u201c{fmt}\u201d: choose one of {', '.join(EXPORTERS)}"
        )
    return found


def format_for_path(path: Path) -> str:
    """The format an output file's suffix suggests; ExportError when it suggests none."""
    suffix = path.suffix.lower()
    for name in ("json", "csv", "markdown", "html", "annotations", "svg", "png", "pdf"):
        if EXPORTERS[name].suffix == suffix:
            return name
    aliases = {".markdown": "markdown", ".htm": "html"}
    if suffix in aliases:
        return aliases[suffix]
    raise errors.ExportError(f"cannot tell the format from \u201c{path.name}\u201d: give --format")


def export(
    store: Store,
    fmt: str,
    out_path: Path | None = None,
    selection: Selection | None = None,
) -> bytes | str:
    """The export of ``selection`` (default: the whole project) as ``fmt``.

    With ``out_path`` it is also written there, whole or not at all: the file appears
    only once complete, so a failure never leaves half an export behind.
    """
    spec = exporter(fmt)
    if out_path is None and spec.binary:
        raise errors.ExportError(f"{spec.name} is a binary format: give an output file (-o)")
    if selection is None:
        selection = Selection(store)
    elif selection.store is not store:
        raise ValueError("the selection belongs to another project")
    data = spec.load()(selection)
    if out_path is not None:
        write_atomically(Path(out_path), data)
    return data


def write_atomically(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file moved into place."""
    if not path.parent.is_dir():
        raise errors.ExportError(f"the folder {path.parent} does not exist")
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.exporting")
    try:
        with open(tmp, "wb") as fh:
            fh.write(payload)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise errors.ExportError(f"could not write {path.name}: {exc.strerror or exc}") from exc

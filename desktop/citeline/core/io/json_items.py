"""Importing a .json file: Citeline JSON or TimelineJS3, told apart by their shape.

Other shapes are refused with a message that names the problem: a TimelineJS2 file
(the older format), events wrapped in another object (with the JSON path where they
were found), or JSON that is neither.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from citeline.core import errors
from citeline.core.edits import Edit
from citeline.core.io.project_import import is_project_json, read_project
from citeline.core.io.timelinejs_import import read_timelinejs
from citeline.core.store import Store

# A timeline file is megabytes at most; past this it is not one and would only stall.
MAX_JSON_BYTES = 512 * 1024 * 1024


def load_json(path: Path) -> Any:
    """The parsed JSON of ``path``; ImportFailedError saying why it cannot be read."""
    try:
        size = path.stat().st_size
        if size > MAX_JSON_BYTES:
            raise errors.ImportFailedError(f"{path.name} is too large ({size:,} bytes)")
        raw = path.read_bytes()
    except OSError as exc:
        raise errors.ImportFailedError(
            f"{path.name} cannot be read ({exc.strerror or exc})"
        ) from exc
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise errors.ImportFailedError(f"{path.name} is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise errors.ImportFailedError(
            f"{path.name} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise errors.ImportFailedError(f"{path.name} is nested too deeply to be read") from None


def find_events(value: Any, path: str = "", depth: int = 0) -> str | None:
    """The JSON path of the first ``events`` list nested inside ``value``, if any."""
    if depth > 6:
        return None
    if isinstance(value, dict):
        if isinstance(value.get("events"), list) and path:
            return f"{path}.events"
        for key, child in value.items():
            found = find_events(child, f"{path}.{key}" if path else str(key), depth + 1)
            if found:
                return found
    elif isinstance(value, list):
        for n, child in enumerate(value[:20]):
            found = find_events(child, f"{path}[{n}]", depth + 1)
            if found:
                return found
    return None


def is_timelinejs2(data: Any) -> bool:
    """Whether parsed JSON is a TimelineJS2 file (``timeline.date`` with ``startDate``)."""
    timeline = data.get("timeline") if isinstance(data, dict) else None
    return isinstance(timeline, dict) and isinstance(timeline.get("date"), list)


def read_items(store: Store, path: Path) -> tuple[Edit, str]:
    """The edit adding the items of a .json file, and a one-line summary."""
    data = load_json(path)
    name = path.name
    if is_project_json(data):
        return read_project(store, data, name)
    if isinstance(data, dict) and isinstance(data.get("format"), str):
        raise errors.ImportFailedError(
            f"{name} says it is in the format \u201c{data['format']}\u201d, which Citeline "
            "does not read"
        )
    if is_timelinejs2(data):
        raise errors.ImportFailedError(
            f"{name} is in the older TimelineJS2 format (timeline.date with startDate "
            "strings); Citeline reads TimelineJS3 JSON, with an events list of start_date "
            "objects"
        )
    if not isinstance(data, dict):
        raise errors.ImportFailedError(
            f"{name}: expected a TimelineJS3 object with an events list (events), "
            f"found a JSON {'list' if isinstance(data, list) else type(data).__name__}"
            + (f"; there is an events list at {found}" if (found := find_events(data)) else "")
        )
    if "events" not in data and not isinstance(data.get("eras"), list):
        found = find_events(data)
        if found:
            raise errors.ImportFailedError(
                f"{name}: expected the TimelineJS3 events list at the top level (events), "
                f"but it is wrapped at {found}"
            )
        raise errors.ImportFailedError(
            f"{name} is neither Citeline JSON nor TimelineJS3: no events list (events)"
        )
    return read_timelinejs(store, data, name)

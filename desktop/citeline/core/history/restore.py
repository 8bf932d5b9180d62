""" "Use this value": an earlier value of a field, from the history, applied as a new edit.

The edit is an ordinary one (its own undo step and history entry); the field is set the
way the app would set it, so a date brought back brings back how it was found too.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from citeline.core import catalog, errors, items
from citeline.core.edits import Edit
from citeline.core.history.words import FIELD_WORDS
from citeline.core.store import Store

_EVENT = {"title", "description", "date", "date_provenance", "lane", "importance", "status",
          "tags", "people", "note"}  # fmt: skip
_QUOTE = {"text", "date", "lane", "speaker", "status", "tags", "note"}
_PERSON = {"name", "role", "affiliation", "aliases", "note"}
#: Fields each kind can take back, by kind.
RESTORABLE = {
    "event": _EVENT,
    "quote": _QUOTE,
    "source": set(items.SOURCE_FIELDS) | {"note"},
    "person": _PERSON,
}


def restorable(kind: str, name: str) -> bool:
    """Whether "Use this value" can set ``name`` of a ``kind``."""
    return name in RESTORABLE.get(kind, set())


def use_value(
    store: Store, kind: str, item_id: int, name: str, value: Any, then: dict[str, Any]
) -> Edit:
    """The edit setting field ``name`` of the item back to ``value`` (``then`` is the whole
    item as it was, for a date's provenance)."""
    if not restorable(kind, name):
        raise errors.CitelineError(
            f"the {FIELD_WORDS.get(name, name)} of a {kind} cannot be set from its history: "
            "use Undo, or set it in the inspector"
        )
    if name == "note":
        edit = items.set_note(store, kind, item_id, value or "")
    elif kind == "event":
        edit = items.update_event(store, item_id, **_event_fields(store, name, value, then))
    elif kind == "quote":
        field = {"lane": "lane_id", "speaker": "speaker_id"}.get(name, name)
        if field in ("lane_id", "speaker_id"):
            value = _existing(store, "lanes" if name == "lane" else "people", value)
        edit = items.update_quote(store, item_id, **{field: value})
    elif kind == "source":
        edit = items.update_source(store, item_id, **{name: value})
    else:
        edit = catalog.update_person(store, item_id, **{name: value if value is not None else ([]
                                     if name == "aliases" else None)})  # fmt: skip
    words = FIELD_WORDS.get(name, name.replace("_", " "))
    return dataclasses.replace(edit, label=f"Use earlier {words}")


def _existing(store: Store, table: str, item_id: Any) -> int | None:
    if item_id is None:
        return None
    if store.row(table, item_id) is None:
        raise errors.CitelineError(
            f"that {'lane' if table == 'lanes' else 'person'} no longer exists: "
            "choose another in the inspector"
        )
    return int(item_id)


def _event_fields(store: Store, name: str, value: Any, then: dict[str, Any]) -> dict[str, Any]:
    if name == "date":
        return {"date": value, "provenance": then.get("date_provenance")}
    if name == "date_provenance":
        return {"provenance": value}
    if name == "lane":
        return {"lane_id": _existing(store, "lanes", value)}
    if name == "people":
        return {"people": [p for p in value or [] if store.row("people", p) is not None]}
    if name == "tags":
        return {"tags": list(value or [])}
    if name == "importance":
        return {"importance": int(value or 0)}
    if name == "description":
        return {"description": value or ""}
    return {name: value}

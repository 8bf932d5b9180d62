"""Edits of how a project is organized: its people, lanes, eras and details.

Like :mod:`citeline.core.items`, each function returns an Edit without applying it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from citeline.core import errors
from citeline.core.edits import Edit, RowChange, delete, insert, update
from citeline.core.edtf import DateValue
from citeline.core.items import Ids, as_date, notes_of, require
from citeline.core.store import Store, now_iso


def add_person(
    store: Store,
    name: str,
    *,
    role: str | None = None,
    affiliation: str | None = None,
    aliases: Iterable[str] = (),
    ids: Ids | None = None,
) -> tuple[Edit, int]:
    """An edit adding a person."""
    if not name.strip():
        raise errors.CitelineError("a person needs a name")
    pid = (ids or Ids(store))("people")
    row = {
        "id": pid,
        "name": name.strip(),
        "role": role,
        "affiliation": affiliation,
        "aliases": json.dumps(list(aliases), ensure_ascii=False),
    }
    return Edit(f"Add person {name}", (insert("people", row),)), pid


def update_person(store: Store, person_id: int, **fields: Any) -> Edit:
    """An edit changing a person's name, role, affiliation or aliases."""
    before = require(store, "people", person_id)
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "aliases":
            values["aliases"] = json.dumps(list(value), ensure_ascii=False)
        elif key in ("name", "role", "affiliation"):
            values[key] = value
        else:
            raise TypeError(f"people have no field {key!r}")
    if "name" in values and not str(values["name"]).strip():
        raise errors.CitelineError("a person needs a name")
    if all(before.get(k) == v for k, v in values.items()):
        return Edit("Edit person")
    return Edit("Edit person", (update("people", before, **values),))


def delete_person(store: Store, person_id: int) -> Edit:
    """An edit deleting a person: their links go, their quotes stay without a speaker."""
    row = require(store, "people", person_id)
    changes = [
        delete("event_people", r) for r in store.rows("event_people", "person_id = ?", [person_id])
    ]
    changes += [
        update("quotes", q, speaker_id=None, updated_at=now_iso())
        for q in store.rows("quotes", "speaker_id = ?", [person_id])
    ]
    changes += [delete("notes", n) for n in notes_of(store, "person", person_id)]
    changes.append(delete("people", row))
    return Edit(f"Delete person {row['name']}", tuple(changes))


def update_era(store: Store, era_id: int, **fields: Any) -> Edit:
    """An edit changing an era's name, date or color."""
    before = require(store, "eras", era_id)
    values: dict[str, Any] = {}
    for key, value in fields.items():
        if key == "date":
            d = as_date(value)
            values.update(date_edtf=d.edtf, date_earliest=d.earliest, date_latest=d.latest)
        elif key in ("name", "color"):
            values[key] = value
        else:
            raise TypeError(f"eras have no field {key!r}")
    if all(before.get(k) == v for k, v in values.items()):
        return Edit("Edit era")
    return Edit("Edit era", (update("eras", before, **values),))


def delete_era(store: Store, era_id: int) -> Edit:
    """An edit deleting an era (items are not touched)."""
    return Edit("Delete era", (delete("eras", require(store, "eras", era_id)),))


def rename_lane(store: Store, lane_id: int, name: str) -> Edit:
    """An edit renaming a lane."""
    before = require(store, "lanes", lane_id)
    name = name.strip()
    if not name:
        raise errors.CitelineError("a lane needs a name")
    if any(r["id"] != lane_id for r in store.rows("lanes", "name = ?", [name])):
        raise errors.CitelineError(f"there is already a lane named \u201c{name}\u201d")
    return Edit("Rename lane", (update("lanes", before, name=name),))


def delete_lane(store: Store, lane_id: int) -> Edit:
    """An edit deleting a lane; its events and quotes stay, without a lane."""
    row = require(store, "lanes", lane_id)
    stamp = now_iso()
    changes = [
        update(table, r, lane_id=None, updated_at=stamp)
        for table in ("events", "quotes")
        for r in store.rows(table, "lane_id = ?", [lane_id])
    ]
    changes.append(delete("lanes", row))
    return Edit(f"Delete lane {row['name']}", tuple(changes))


def person_named(store: Store, name: str, ids: Ids | None = None) -> tuple[Edit, int]:
    """The id of the person called ``name`` (or one of their aliases), adding them if new."""
    name = name.strip()
    for row in store.rows("people"):
        aliases = json.loads(row["aliases"] or "[]")
        if row["name"].casefold() == name.casefold() or name in aliases:
            return Edit("Person"), int(row["id"])
    return add_person(store, name, ids=ids)


def add_lane(
    store: Store, name: str, *, color: str | None = None, ids: Ids | None = None
) -> tuple[Edit, int]:
    """An edit adding a lane at the bottom of the timeline."""
    name = name.strip()
    if not name:
        raise errors.CitelineError("a lane needs a name")
    if store.rows("lanes", "name = ?", [name]):
        raise errors.CitelineError(f"there is already a lane named \u201c{name}\u201d")
    lid = (ids or Ids(store))("lanes")
    position = store.db.execute("SELECT COALESCE(MAX(position), -1) + 1 FROM lanes").fetchone()[0]
    row = {"id": lid, "name": name, "color": color, "position": position}
    return Edit(f"Add lane {name}", (insert("lanes", row),)), lid


def add_era(
    store: Store,
    name: str,
    date: DateValue | str,
    *,
    color: str | None = None,
    ids: Ids | None = None,
) -> tuple[Edit, int]:
    """An edit adding an era (a named span drawn as a band)."""
    d = as_date(date)
    eid = (ids or Ids(store))("eras")
    row = {
        "id": eid,
        "name": name.strip(),
        "date_edtf": d.edtf,
        "date_earliest": d.earliest,
        "date_latest": d.latest,
        "color": color,
    }
    return Edit(f"Add era {name}", (insert("eras", row),)), eid


def set_project_info(store: Store, **values: str) -> Edit:
    """An edit setting project metadata such as its title and description."""
    changes: list[RowChange] = []
    for key, value in values.items():
        row = store.row("project", key)
        if row is None:
            changes.append(insert("project", {"key": key, "value": value}))
        elif row["value"] != value:
            changes.append(update("project", row, value=value))
    return Edit("Project details", tuple(changes))

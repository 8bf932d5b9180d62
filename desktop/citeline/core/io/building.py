"""Building one import edit out of many items that share lanes, tags, people and passages.

The item builders in :mod:`citeline.core.items` look things up in the store, which does
not yet hold what earlier rows of the same import create. An importer that adds a
lane, a tag or a passage in row 2 and uses it again in row 9 needs it found, not made
twice; :class:`ItemBuilder` keeps those names and spans for the whole import.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from citeline.core import catalog, items
from citeline.core.anchoring import make_selector
from citeline.core.edits import Edit, FrozenRow, RowChange, insert
from citeline.core.edtf import DateValue
from citeline.core.queries import source_text
from citeline.core.store import Store, now_iso


class ItemBuilder:
    """Collects the row inserts of one import, reusing names and spans as it goes."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ids = items.Ids(store)
        self.changes: list[RowChange] = []
        self.stamp = now_iso()
        self.lanes = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM lanes")}
        self.position = 1 + max((r["position"] for r in store.rows("lanes")), default=-1)
        self.tags = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM tags")}
        self.people = {r["name"]: r["id"] for r in store.query("SELECT id, name FROM people")}
        self.passages: dict[tuple[int, int, int], int] = {}
        self.exacts: dict[int, str] = {}
        self.texts: dict[int, str] = {}
        self.created = {"events": 0, "quotes": 0, "lanes": 0, "people": 0, "eras": 0}

    def lane(self, name: str) -> int:
        """The id of the lane named ``name``, created at the bottom if there is none."""
        if name not in self.lanes:
            lane_id = self.ids("lanes")
            self.lanes[name] = lane_id
            row = {"id": lane_id, "name": name, "color": None, "position": self.position}
            self.changes.append(insert("lanes", row))
            self.position += 1
            self.created["lanes"] += 1
        return self.lanes[name]

    def person(self, name: str) -> int:
        """The id of the person named ``name``, created if there is none."""
        if name not in self.people:
            edit, person_id = catalog.add_person(self.store, name, ids=self.ids)
            self.changes.extend(edit.changes)
            self.people[name] = person_id
            self.created["people"] += 1
        return self.people[name]

    def tag_ids(self, names: Iterable[str]) -> list[int]:
        """The ids of the tags named ``names``, creating the missing ones."""
        out = []
        for name in dict.fromkeys(n.strip() for n in names if n.strip()):
            if name not in self.tags:
                self.tags[name] = self.ids("tags")
                self.changes.append(insert("tags", {"id": self.tags[name], "name": name}))
            out.append(self.tags[name])
        return out

    def text(self, source_id: int) -> str:
        """A source's text, read once per import."""
        if source_id not in self.texts:
            self.texts[source_id] = source_text(self.store, source_id)
        return self.texts[source_id]

    def passage(self, source_id: int, start: int, end: int) -> int:
        """The id of the passage of a source at ``start:end``, created if there is none."""
        key = (source_id, start, end)
        if key not in self.passages:
            found = self.store.rows(
                "passages", 'source_id = ? AND start = ? AND "end" = ?', list(key)
            )
            if found:
                self.passages[key] = found[0]["id"]
                self.exacts[found[0]["id"]] = found[0]["exact"]
            else:
                sel = make_selector(self.text(source_id), start, end)
                pid = self.ids("passages")
                row = {
                    "id": pid,
                    "source_id": source_id,
                    "start": sel.start,
                    "end": sel.end,
                    "exact": sel.exact,
                    "prefix": sel.prefix,
                    "suffix": sel.suffix,
                    "created_at": self.stamp,
                }
                self.changes.append(insert("passages", row))
                self.passages[key] = pid
                self.exacts[pid] = sel.exact
        return self.passages[key]

    def event(
        self,
        *,
        title: str,
        date: DateValue,
        description: str = "",
        lane: str | None = None,
        tags: Sequence[str] = (),
        people: Sequence[str] = (),
        provenance: dict[str, Any] | None = None,
        importance: int = 0,
        status: str = "unverified",
    ) -> int:
        """Add an event; gives its id."""
        # The row as items.add_event makes it, without an edit per event: an import
        # may add a million.
        event_id = self.ids("events")
        row = items.event_row(
            event_id,
            title=title,
            date=date,
            description=description,
            lane_id=self.lane(lane) if lane else None,
            provenance=provenance,
            importance=importance,
            status=status,
            stamp=self.stamp,
        )
        self.changes.append(RowChange("events", None, FrozenRow(row)))
        if not tags and not people:
            self.created["events"] += 1
            return event_id
        for tag_id in self.tag_ids(tags):
            self.changes.append(insert("event_tags", {"event_id": event_id, "tag_id": tag_id}))
        for person_id in dict.fromkeys(self.person(n) for n in people):
            self.changes.append(
                insert("event_people", {"event_id": event_id, "person_id": person_id})
            )
        self.created["events"] += 1
        return event_id

    def cite(self, event_id: int, passage_id: int, stance: str = "supports") -> None:
        """Add a passage to an event's evidence."""
        row = {"event_id": event_id, "passage_id": passage_id, "stance": stance}
        self.changes.append(insert("evidence", row))

    def quote(
        self,
        *,
        text: str,
        date: DateValue,
        passage_id: int,
        speaker: str | None = None,
        lane: str | None = None,
        tags: Sequence[str] = (),
        status: str = "unverified",
    ) -> int:
        """Add a quote of a passage; gives its id."""
        quote_id = self.ids("quotes")
        exact = self.exacts.get(passage_id)
        if exact is None:
            exact = (self.store.row("passages", passage_id) or {}).get("exact", "")
        row = {
            "id": quote_id,
            "text": text,
            "speaker_id": self.person(speaker) if speaker else None,
            **items.date_columns(date),
            "passage_id": passage_id,
            "lane_id": self.lane(lane) if lane else None,
            "verbatim": int(text in exact),
            "status": items.check_status(status),
            "created_at": self.stamp,
            "updated_at": self.stamp,
        }
        self.changes.append(insert("quotes", row))
        for tag_id in self.tag_ids(tags):
            self.changes.append(insert("quote_tags", {"quote_id": quote_id, "tag_id": tag_id}))
        self.created["quotes"] += 1
        return quote_id

    def era(self, name: str, date: DateValue) -> None:
        """Add an era."""
        edit, _ = catalog.add_era(self.store, name, date, ids=self.ids)
        self.changes.extend(edit.changes)
        self.created["eras"] += 1

    def edit(self, label: str) -> Edit:
        """The edit of everything added so far."""
        return Edit(label, tuple(self.changes))

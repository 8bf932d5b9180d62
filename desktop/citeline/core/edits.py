"""Edits: every change to a project as row images, so every edit has an exact inverse.

An :class:`Edit` is an ordered list of :class:`RowChange` — a row's image before and
after. Applying it inserts, updates or deletes those rows in one transaction; its
inverse swaps before and after and runs in reverse order. The app's undo stack keeps
edits, never SQL, and the same mechanism serves the command line and imports.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from citeline.core.schema import primary_key

Row = Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class RowChange:
    """One row's image before and after an edit (None: the row does not exist)."""

    table: str
    before: Row | None
    after: Row | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a row change needs a before or an after image")

    @property
    def key(self) -> tuple[Any, ...]:
        """The primary key values of the row."""
        image = self.after if self.after is not None else self.before
        assert image is not None
        return tuple(image[c] for c in primary_key(self.table))

    def inverse(self) -> RowChange:
        """The change that undoes this one."""
        return RowChange(self.table, self.after, self.before)


@dataclass(frozen=True)
class Edit:
    """A user action as ordered row changes, applied in one transaction."""

    label: str
    changes: tuple[RowChange, ...] = field(default_factory=tuple)
    #: Where the edit's rows came from (the file or address imported), for its history.
    origin: str = ""

    def inverse(self) -> Edit:
        """The edit that undoes this one."""
        return Edit(self.label, tuple(c.inverse() for c in reversed(self.changes)), self.origin)

    def __bool__(self) -> bool:
        return bool(self.changes)

    def touched(self) -> dict[str, set[tuple[Any, ...]]]:
        """The keys this edit touches, by table."""
        out: dict[str, set[tuple[Any, ...]]] = {}
        for change in self.changes:
            out.setdefault(change.table, set()).add(change.key)
        return out


def combine(label: str, edits: Iterable[Edit]) -> Edit:
    """One edit that performs ``edits`` in order (one undo step)."""
    changes: list[RowChange] = []
    origins: list[str] = []
    for edit in edits:
        changes.extend(edit.changes)
        if edit.origin and edit.origin not in origins:
            origins.append(edit.origin)
    return Edit(label, tuple(changes), "; ".join(origins))


#: Column positions by the columns of a row image, shared by all FrozenRows of them.
_SHAPES: dict[tuple[str, ...], dict[str, int]] = {}


class FrozenRow(Mapping[str, Any]):
    """A row image as a tuple of values, its column names shared with every row of the
    same columns: about a quarter of the memory of a dict, for the million rows an
    import adds (and keeps for its undo)."""

    __slots__ = ("_index", "_values")

    def __init__(self, row: Row) -> None:
        names = tuple(row)
        index = _SHAPES.get(names)
        if index is None:
            index = _SHAPES[names] = {n: i for i, n in enumerate(names)}
        self._index = index
        self._values = tuple(row.values())

    def __getitem__(self, key: str) -> Any:
        return self._values[self._index[key]]

    def __iter__(self) -> Iterator[str]:
        return iter(self._index)

    def __len__(self) -> int:
        return len(self._values)

    def __repr__(self) -> str:
        return f"FrozenRow({dict(self)!r})"


def insert(table: str, row: Row) -> RowChange:
    """A change that inserts ``row``."""
    return RowChange(table, None, dict(row))


def delete(table: str, row: Row) -> RowChange:
    """A change that deletes ``row`` (its full image, so it can come back)."""
    return RowChange(table, dict(row), None)


def update(table: str, before: Row, **values: Any) -> RowChange:
    """A change that sets ``values`` on the row whose current image is ``before``."""
    after = dict(before)
    after.update(values)
    return RowChange(table, dict(before), after)

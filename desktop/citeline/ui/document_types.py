"""What the Document tells its views: what a step changed, whose derived facts changed,
what is selected, and an edit refused as a conflict (kept apart from the Document so its
module stays about the undo stack and applying edits)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from citeline.core.edits import Edit
from citeline.core.errors import ServerGoneError


@dataclass(frozen=True)
class Changes:
    """What an edit (or undoing it) touched: table -> primary keys; ``reset`` for a new project."""

    keys: dict[str, set[tuple[Any, ...]]] = field(default_factory=dict)
    reset: bool = False

    def touches(self, *tables: str) -> bool:
        """Whether any of ``tables`` changed (always true on reset)."""
        return self.reset or any(t in self.keys for t in tables)

    def ids(self, table: str) -> set[int]:
        """The single-column ids touched in ``table``."""
        return {k[0] for k in self.keys.get(table, ())}


@dataclass(frozen=True)
class FactsChanged:
    """Whose derived facts changed: event ids, or ``None`` for every event."""

    event_ids: frozenset[int] | None
    #: True when it follows a ``changed`` of this Document's own step (views that re-read
    #: on every ``changed`` already have it); False for a change made elsewhere
    edited: bool = True

    def covers(self, event_id: int | None) -> bool:
        """Whether the facts of ``event_id`` may have changed."""
        return event_id is not None and (self.event_ids is None or event_id in self.event_ids)


def lost_server(exc: BaseException) -> bool:
    """Whether ``exc`` (an edit's failure) says the server could not be reached."""
    if isinstance(exc, ServerGoneError):
        return True
    cause = exc.__cause__
    return (
        cause is not None
        and type(cause).__name__ == "OperationalError"
        and type(cause).__module__.startswith("psycopg")
    )


@dataclass(frozen=True)
class Conflict:
    """An edit refused because an item it was made from changed since (by someone else)."""

    edit: Edit
    #: the versions the edit was made from
    expect: dict[tuple[str, int], int]
    message: str


@dataclass(frozen=True)
class Selected:
    """The selected item: ``kind`` is event, quote, source or passage."""

    kind: str
    id: int

"""The rows the timeline draws of each item, kept on this computer with its spans.

Once the spans are kept (:mod:`.mirror`), what is left of a frame's questions to the
server is the rows of the items it shows for the first time: their titles, dates, lane
and status; whether a quote has its passage and who said it; how many passages an event
cites. A project file answers them from its own tables in microseconds; a server, with
a round trip each. So the same thread that reads the spans reads these columns too, in
the same snapshot, into a second in-memory SQLite database whose tables carry the
file's names and column types (:data:`CARDS`): the timeline's statements run there as
they run on a file.

Only *some* columns of ``events``, ``quotes`` and ``people`` are held. A statement that
names another column or table fails here and goes to the server (and is never tried
here again); a statement with a ``*`` other than ``COUNT(*)`` is never tried here, as
it would quietly read fewer columns than the server has (see :func:`may_hold`).

The copy is moved with the spans: for the events, quotes and people that history
entries touched, their rows are read again (one statement for all of them, sent with
the others of the catch-up). An event's evidence is a field of the event in the
history, so its rows follow the event.
"""

from __future__ import annotations

import re
import sqlite3
from typing import Any

#: Per table: its columns held here (the first is the key an item's rows are found by),
#: and the item kind whose history changes move those rows.
CARDS: dict[str, tuple[tuple[str, ...], str]] = {
    "events": (
        ("id", "title", "date_edtf", "date_precision", "date_earliest", "date_latest",
         "lane_id", "importance", "status"),
        "event",
    ),
    "quotes": (
        ("id", "text", "speaker_id", "date_edtf", "date_precision", "date_earliest",
         "date_latest", "passage_id", "lane_id", "status"),
        "quote",
    ),
    "evidence": (("event_id", "passage_id", "stance"), "event"),
    "people": (("id", "name"), "person"),
}  # fmt: skip
#: The kinds of history item whose changes move rows held here.
KINDS = frozenset(kind for _cols, kind in CARDS.values())

#: The tables as a project file declares them (its types, so comparisons and sorting
#: behave the same), with the file's indexes on the columns held.
DEFINITION = (
    "CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT NOT NULL, date_edtf TEXT "
    "NOT NULL, date_precision TEXT NOT NULL, date_earliest INTEGER NOT NULL, date_latest "
    "INTEGER NOT NULL, lane_id INTEGER, importance INTEGER NOT NULL, status TEXT NOT NULL)",
    "CREATE TABLE quotes (id INTEGER PRIMARY KEY, text TEXT NOT NULL, speaker_id INTEGER, "
    "date_edtf TEXT NOT NULL, date_precision TEXT NOT NULL, date_earliest INTEGER NOT NULL, "
    "date_latest INTEGER NOT NULL, passage_id INTEGER, lane_id INTEGER, status TEXT NOT NULL)",
    "CREATE TABLE evidence (event_id INTEGER NOT NULL, passage_id INTEGER NOT NULL, "
    "stance TEXT NOT NULL, PRIMARY KEY (event_id, passage_id)) WITHOUT ROWID",
    "CREATE TABLE people (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
)
#: The file's indexes on the columns held that reads by date use (a frame reads rows by
#: id: the keys serve it).
INDEXES = (
    "CREATE INDEX events_earliest ON events(date_earliest)",
    "CREATE INDEX quotes_earliest ON quotes(date_earliest)",
)

_TABLE_NAMED = re.compile(r"\b(events|quotes|evidence|people)\b", re.I)
_COUNT_ALL = re.compile(r"\bCOUNT\s*\(\s*\*\s*\)", re.I)


def may_hold(sql: str) -> bool:
    """Whether ``sql`` (a read) may be answered from the rows held here: it names one
    of their tables and selects no ``*`` (which would read fewer columns here)."""
    return bool(_TABLE_NAMED.search(sql)) and "*" not in _COUNT_ALL.sub("", sql)


def _json_rows(table: str, where: str = "") -> str:
    """PostgreSQL: the held columns of ``table``'s rows as one JSON text (in key order)."""
    columns = CARDS[table][0]
    order = ", ".join(columns[:2]) if table == "evidence" else columns[0]
    return (
        f"(SELECT COALESCE(json_agg(json_build_array({', '.join(columns)}) ORDER BY {order}), "
        f"'[]')::text FROM {table}{where})"
    )


#: Rows read at once when the whole copy is read (the JSON of 20,000 events is about
#: 2.4 MB; SQLite's parse of it several times that, memory not all given back).
CHUNK = 20_000


def _keys(table: str) -> tuple[str, ...]:
    """The columns a table's rows are ordered and read in chunks by."""
    return CARDS[table][0][:2] if table == "evidence" else CARDS[table][0][:1]


def _chunk_sql(table: str) -> str:
    """PostgreSQL: the next :data:`CHUNK` rows of ``table`` after a key (parameters: the
    key's columns, then the chunk size), as one JSON text, with their number and the
    last row's key."""
    columns, keys = CARDS[table][0], _keys(table)
    order = ", ".join(keys)
    last = ", ".join(
        f"(array_agg({k} ORDER BY {', '.join(f'{c} DESC' for c in keys)}))[1]" for k in keys
    )
    after = ", ".join("%s" for _ in keys)
    return (
        f"SELECT COALESCE(json_agg(json_build_array({', '.join(columns)}) ORDER BY {order}), "
        f"'[]')::text, count(*), {last} FROM (SELECT {', '.join(columns)} FROM {table} "
        f"WHERE ({order}) > ({after}) ORDER BY {order} LIMIT %s) x"
    )


READ_CHUNK = {table: _chunk_sql(table) for table in CARDS}


def read_into(raw: Any, db: sqlite3.Connection) -> None:
    """Fill every held table of ``db`` from the server through ``raw`` (in the
    transaction under way), a chunk at a time, each answer let go once filled in."""
    for table, sql in READ_CHUNK.items():
        after: tuple[Any, ...] = (-(1 << 62),) * len(_keys(table))  # before every id
        while True:
            with raw.cursor() as cur:
                text, n, *last = cur.execute(sql, [*after, CHUNK]).fetchone()
            if n:
                fill(db, table, text)
            del text
            if n < CHUNK:
                break
            after = tuple(last)


#: The held rows of the items that history entries after ``%(after)s`` touched, as
#: the server has them now (one JSON text per table).
READ_SINCE = "SELECT " + ", ".join(
    _json_rows(
        t,
        f" WHERE {cols[0]} IN (SELECT item_id FROM history_changes "
        f"WHERE entry_id > %(after)s AND kind = '{kind}')",
    )
    for t, (cols, kind) in CARDS.items()
)


def _insert(db: sqlite3.Connection, table: str, text: str) -> None:
    columns = CARDS[table][0]
    picks = ", ".join(f"json_extract(value, '$[{i}]')" for i in range(len(columns)))
    db.execute(
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {picks} FROM json_each(?)", [text]
    )


def new_db() -> sqlite3.Connection:
    """A new in-memory database of the held tables, empty (filled by :func:`fill`)."""
    db = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    for sql in DEFINITION:
        db.execute(sql)
    return db


def fill(db: sqlite3.Connection, table: str, text: str) -> None:
    """Add ``text`` (a JSON array of rows, as :data:`READ_CHUNK` gives them) to
    ``table`` (the work is SQLite's, outside Python's lock)."""
    db.execute("BEGIN")
    _insert(db, table, text)
    db.execute("COMMIT")


def finish(db: sqlite3.Connection) -> None:
    """Build the indexes once every table is filled (quicker than row by row)."""
    for sql in INDEXES:
        db.execute(sql)


def move(db: sqlite3.Connection, touched: dict[str, set[int]], texts: tuple[str, ...]) -> None:
    """Replace the held rows of the ``touched`` items by ``texts`` (:data:`READ_SINCE`'s
    answer); an item missing from them is gone."""
    db.execute("BEGIN")
    try:
        for table, text in zip(CARDS, texts, strict=True):
            columns, kind = CARDS[table]
            ids = sorted(touched.get(kind, ()))
            if not ids:
                continue
            gone = f"DELETE FROM {table} WHERE {columns[0]} IN (SELECT value FROM json_each(?))"
            db.execute(gone, [str(ids)])
            _insert(db, table, text)
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise

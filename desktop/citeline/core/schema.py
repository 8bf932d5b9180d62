"""The project file's schema, as numbered migrations applied in one transaction each.

Tables and columns are named for the people who will query a project in any SQLite
tool: ``events.date_edtf`` is the date as EDTF text, ``date_earliest``/``date_latest``
are the first second covered and the end of the span (exclusive), in seconds since
1970-01-01 UTC, so ``datetime(date_earliest, 'unixepoch')`` reads as a date.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from citeline.core import summaries
from citeline.core.history import chain

#: ``PRAGMA application_id`` of every Citeline project: "CTLN" in ASCII.
APPLICATION_ID = 0x43544C4E


class _Migrations(Migrations):
    """sqlite-utils' migrations, letting a migration that opens its own transaction record
    itself inside it: the record is then not written a second time."""

    def _record_applied(self, db: Database, name: str) -> None:
        table = db[self.migrations_table]
        if table.exists() and table.count_where(  # type: ignore[union-attr]
            "migration_set = ? AND name = ?", [self.name, name]
        ):
            return
        super()._record_applied(db, name)


migrations = _Migrations("citeline")

_SCHEMA_1 = """
CREATE TABLE project (
    key TEXT PRIMARY KEY,
    value TEXT
);
CREATE TABLE sources (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    outlet TEXT,
    author TEXT,
    url TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    format TEXT,
    filename TEXT,
    imported_at TEXT NOT NULL
);
CREATE TABLE passages (
    id INTEGER PRIMARY KEY,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    exact TEXT NOT NULL,
    prefix TEXT NOT NULL DEFAULT '',
    suffix TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    CHECK (start >= 0 AND "end" > start)
);
CREATE INDEX passages_source ON passages(source_id, start);
CREATE TABLE lanes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    color TEXT,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE eras (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    date_edtf TEXT NOT NULL,
    date_earliest INTEGER NOT NULL,
    date_latest INTEGER NOT NULL,
    color TEXT
);
CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    role TEXT,
    affiliation TEXT,
    aliases TEXT NOT NULL DEFAULT '[]'
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    date_edtf TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    date_earliest INTEGER NOT NULL,
    date_latest INTEGER NOT NULL,
    date_provenance TEXT,
    lane_id INTEGER REFERENCES lanes(id) ON DELETE SET NULL,
    importance INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (date_earliest < date_latest)
);
CREATE INDEX events_earliest ON events(date_earliest);
CREATE INDEX events_lane_earliest ON events(lane_id, date_earliest);
CREATE TABLE quotes (
    id INTEGER PRIMARY KEY,
    text TEXT NOT NULL,
    speaker_id INTEGER REFERENCES people(id) ON DELETE SET NULL,
    date_edtf TEXT NOT NULL,
    date_precision TEXT NOT NULL,
    date_earliest INTEGER NOT NULL,
    date_latest INTEGER NOT NULL,
    passage_id INTEGER REFERENCES passages(id) ON DELETE SET NULL,
    lane_id INTEGER REFERENCES lanes(id) ON DELETE SET NULL,
    verbatim INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (date_earliest < date_latest)
);
CREATE INDEX quotes_earliest ON quotes(date_earliest);
CREATE TABLE evidence (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    passage_id INTEGER NOT NULL REFERENCES passages(id) ON DELETE CASCADE,
    stance TEXT NOT NULL DEFAULT 'supports'
        CHECK (stance IN ('supports', 'contradicts', 'mentions')),
    PRIMARY KEY (event_id, passage_id)
);
CREATE INDEX evidence_passage ON evidence(passage_id);
CREATE TABLE event_people (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, person_id)
);
CREATE INDEX event_people_person ON event_people(person_id);
CREATE TABLE tags (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE
);
CREATE TABLE event_tags (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (event_id, tag_id)
);
CREATE INDEX event_tags_tag ON event_tags(tag_id);
CREATE TABLE quote_tags (
    quote_id INTEGER NOT NULL REFERENCES quotes(id) ON DELETE CASCADE,
    tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (quote_id, tag_id)
);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    item_type TEXT NOT NULL
        CHECK (item_type IN ('event', 'quote', 'source', 'passage', 'person', 'project')),
    item_id INTEGER NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_item ON notes(item_type, item_id);
CREATE TABLE dismissed_suggestions (
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (source_id, start, "end")
);
CREATE VIRTUAL TABLE search USING fts5(
    kind UNINDEXED, item_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2'
);
"""


@migrations(name="0001_initial")
def m0001_initial(db: Database) -> None:
    """Create the first schema."""
    for statement in _SCHEMA_1.split(";\n"):
        if statement.strip():
            db.execute(statement)
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    db.execute("PRAGMA user_version = 1")


#: The verification status an event or quote can have, the first being the default.
STATUSES = ("unverified", "confirmed", "disputed", "needs-checking")

#: What the full-text index holds of each kind of item: (title, body) from its row ``x``.
#: Events and quotes carry their tags and people too, so a search finds them by those.
SEARCH_COLUMNS = {
    "event": (
        "x.title",
        "x.description || char(10) || "
        "CASE x.status WHEN 'unverified' THEN '' ELSE x.status END || char(10) || "
        "coalesce((SELECT group_concat(t.name, ' ') "
        "FROM event_tags g JOIN tags t ON t.id = g.tag_id WHERE g.event_id = x.id), '') "
        "|| char(10) || coalesce((SELECT group_concat(p.name, ', ') FROM event_people g "
        "JOIN people p ON p.id = g.person_id WHERE g.event_id = x.id), '')",
        "events",
    ),
    "quote": (
        "coalesce((SELECT p.name FROM people p WHERE p.id = x.speaker_id), '')",
        "x.text || char(10) || "
        "CASE x.status WHEN 'unverified' THEN '' ELSE x.status END || char(10) || "
        "coalesce((SELECT group_concat(t.name, ' ') "
        "FROM quote_tags g JOIN tags t ON t.id = g.tag_id WHERE g.quote_id = x.id), '')",
        "quotes",
    ),
    "source": ("x.title", "x.text", "sources"),
    "note": ("''", "x.body", "notes"),
}
#: The code of each kind in a search row's rowid (item_id * 8 + code).
SEARCH_KINDS = {"event": 1, "quote": 2, "source": 3, "note": 4}

_STATUS_CHECK = "CHECK (status IN ('unverified', 'confirmed', 'disputed', 'needs-checking'))"


@migrations(name="0002_status")
def m0002_status(db: Database) -> None:
    """Give events and quotes a verification status (``unverified`` until someone checks),
    and index their tags and people for search."""
    for table in ("events", "quotes"):
        db.execute(
            f"ALTER TABLE {table} ADD COLUMN status TEXT NOT NULL DEFAULT 'unverified' "
            + _STATUS_CHECK
        )
        db.execute(f"CREATE INDEX {table}_status ON {table}(status)")
    # Search now finds events and quotes by their tags, people and speaker too.
    for kind in ("event", "quote"):
        title, body, table = SEARCH_COLUMNS[kind]
        db.execute("DELETE FROM search WHERE kind = ?", [kind])
        db.execute(
            "INSERT INTO search (rowid, kind, item_id, title, body) "
            f"SELECT x.id * 8 + {SEARCH_KINDS[kind]}, '{kind}', x.id, {title}, {body} "
            f"FROM {table} x"
        )
    db.execute("PRAGMA user_version = 2")


_SOURCES_3 = """
CREATE TABLE sources_new (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    outlet TEXT,
    author TEXT,
    url TEXT,
    published TEXT,
    language TEXT,
    text TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    format TEXT,
    filename TEXT,
    imported_at TEXT NOT NULL,
    final_url TEXT,
    fetched_at TEXT,
    pages TEXT,
    original_sha256 TEXT
)"""

_ORIGINALS_3 = """
CREATE TABLE originals (
    source_id INTEGER PRIMARY KEY REFERENCES sources(id) ON DELETE CASCADE,
    media_type TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    size INTEGER NOT NULL,
    content BLOB NOT NULL
)"""


@migrations(name="0003_source_originals", transactional=False)
def m0003_source_originals(db: Database) -> None:
    """Keep each source's original bytes, its fetch details and page starts.

    Duplicates are now decided on the original bytes, so ``sources.sha256`` (of the
    extracted text) loses its UNIQUE constraint. SQLite cannot drop a constraint, so the
    table is rebuilt the way SQLite documents it: with foreign keys off (else dropping the
    old table would cascade into ``passages``), in one transaction that checks every
    reference before it commits. Foreign keys can only be switched outside a transaction,
    so this migration opens its own, and records itself as applied inside it.
    """
    columns = (
        "id, title, outlet, author, url, published, language, text, sha256, format, "
        "filename, imported_at"
    )
    own = not db.conn.in_transaction
    if own:
        db.execute("PRAGMA foreign_keys = OFF")
    elif (
        db.execute("PRAGMA foreign_keys").fetchone()[0]
        and db.execute(
            "SELECT EXISTS (SELECT 1 FROM passages) OR EXISTS (SELECT 1 FROM dismissed_suggestions)"
        ).fetchone()[0]
    ):
        raise RuntimeError("0003_source_originals must run outside a transaction")
    try:
        with db.atomic():
            db.execute(_SOURCES_3)
            db.execute(f"INSERT INTO sources_new ({columns}) SELECT {columns} FROM sources")
            db.execute("DROP TABLE sources")
            db.execute("ALTER TABLE sources_new RENAME TO sources")
            db.execute("CREATE INDEX sources_sha256 ON sources(sha256)")
            db.execute("CREATE INDEX sources_original_sha256 ON sources(original_sha256)")
            db.execute(_ORIGINALS_3)
            broken = db.execute("PRAGMA foreign_key_check").fetchall()
            if broken:
                raise RuntimeError(f"rebuilding sources broke {len(broken)} references")
            db.execute("PRAGMA user_version = 3")
            if own:
                migrations._record_applied(db, "0003_source_originals")
    finally:
        if own:
            db.execute("PRAGMA foreign_keys = ON")


@migrations(name="0004_timeline_summaries")
def m0004_timeline_summaries(db: Database) -> None:
    """Add the timeline's count pyramid and span table, filled from the items."""
    for statement in summaries.SCHEMA.split(";\n"):
        if statement.strip():
            db.execute(statement)
    summaries.rebuild(db.conn)
    db.execute("PRAGMA user_version = 4")


@migrations(name="0005_timeline_rank_by_class")
def m0005_timeline_rank_by_class(db: Database) -> None:
    """File the timeline's rank index by duration class within each rank."""
    db.execute("DROP INDEX timeline_spans_rank")
    db.execute(summaries.RANK_INDEX)
    db.execute("PRAGMA user_version = 5")


_HISTORY_6 = """
CREATE TABLE history_entries (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    author TEXT NOT NULL,
    action TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('start', 'upgrade', 'edit', 'undo', 'redo')),
    undoes INTEGER,
    summary TEXT,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
);
CREATE INDEX history_entries_author ON history_entries(author, id);
CREATE TABLE history_changes (
    entry_id INTEGER NOT NULL REFERENCES history_entries(id),
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL,
    item_id INTEGER NOT NULL,
    field TEXT NOT NULL,
    before_value TEXT,
    after_value TEXT,
    PRIMARY KEY (entry_id, seq)
);
CREATE INDEX history_changes_item ON history_changes(kind, item_id, entry_id);
"""

#: Tables whose rows carry a ``version`` that every edit touching them increments.
VERSIONED = ("events", "quotes", "sources", "people")


@migrations(name="0006_history")
def m0006_history(db: Database) -> None:
    """Keep a history of every edit, and give events, quotes, sources and people a
    version. A project that already has work in it says that its history starts here."""
    for statement in _HISTORY_6.split(";\n"):
        if statement.strip():
            db.execute(statement)
    for table in VERSIONED:
        db.execute(f"ALTER TABLE {table} ADD COLUMN version INTEGER NOT NULL DEFAULT 1")
    from datetime import UTC, datetime

    at = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    used = db.execute(
        "SELECT EXISTS (SELECT 1 FROM project) OR EXISTS (SELECT 1 FROM sources) "
        "OR EXISTS (SELECT 1 FROM events) OR EXISTS (SELECT 1 FROM quotes)"
    ).fetchone()[0]
    if used:
        entry = chain.Entry(
            0,
            at,
            "Citeline",
            "History starts here: the project was upgraded; earlier changes were not recorded",
            "upgrade",
        )
    else:
        entry = chain.Entry(0, at, "Citeline", "Create project", "start")
    chain.append(db.conn, entry)
    db.execute("PRAGMA user_version = 6")


@migrations(name="0007_dismissed_suggestions")
def m0007_dismissed_suggestions(db: Database) -> None:
    """Remember the suggested evidence the user dismissed: a sentence of a source that is
    not evidence for an event, so it is never proposed for that event again."""
    db.execute(
        """CREATE TABLE dismissed_evidence (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    source_id INTEGER NOT NULL REFERENCES sources(id) ON DELETE CASCADE,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    PRIMARY KEY (event_id, source_id, start, "end")
)"""
    )
    db.execute("CREATE INDEX dismissed_evidence_source ON dismissed_evidence(source_id)")
    db.execute("PRAGMA user_version = 7")


#: The schema version this Citeline writes; a file with a larger user_version is refused.
SCHEMA_VERSION = 7

#: Tables whose rows are user items, in an order where parents come before children.
TABLES = (
    "project",
    "sources",
    "originals",
    "passages",
    "lanes",
    "eras",
    "people",
    "events",
    "quotes",
    "evidence",
    "event_people",
    "tags",
    "event_tags",
    "quote_tags",
    "notes",
    "dismissed_suggestions",
    "dismissed_evidence",
)

#: Primary key columns of every table in TABLES.
PRIMARY_KEYS: dict[str, tuple[str, ...]] = {
    "project": ("key",),
    "originals": ("source_id",),
    "evidence": ("event_id", "passage_id"),
    "event_people": ("event_id", "person_id"),
    "event_tags": ("event_id", "tag_id"),
    "quote_tags": ("quote_id", "tag_id"),
    "dismissed_suggestions": ("source_id", "start", "end"),
    "dismissed_evidence": ("event_id", "source_id", "start", "end"),
}


def primary_key(table: str) -> tuple[str, ...]:
    """The primary key columns of ``table``."""
    return PRIMARY_KEYS.get(table, ("id",))

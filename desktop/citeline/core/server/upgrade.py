"""Upgrading a server project in place when Citeline's schema changes.

A project file is upgraded by its migrations (after a verified backup). A server
project made by an older Citeline is upgraded by the same migrations, translated for
PostgreSQL (:data:`MIGRATIONS`, one per schema version), all in one transaction:
PostgreSQL's DDL is transactional, so an upgrade that fails leaves the project exactly
as it was. Only someone with the admin right (``citeline server grant … --admin``, or
the project's owner) may upgrade; anyone else is told in one line that an admin must
run ``citeline server upgrade URL``. The message that offers the upgrade suggests a
``pg_dump`` backup first.

While one person upgrades, everyone else is kept out: the upgrade holds an advisory
lock of its own (anyone opening the project meanwhile is told it is being upgraded; a
second admin who started at the same moment waits for it, then finds it upgraded) and
the history's lock (no edit of a Citeline still connected commits meanwhile), and until
it commits every other connection reads the old schema version, so it opens nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from citeline.core import errors
from citeline.core.schema import SCHEMA_VERSION

#: The advisory lock key held while a project is upgraded ("CTLU").
UPGRADE_LOCK = 0x43544C55
#: The oldest schema a server project was ever made at (server projects came with the
#: history, schema 6).
OLDEST = 6


class OlderServerProjectError(errors.ProjectError):
    """The project was made by an older Citeline: an admin upgrades it in place."""

    def __init__(self, message: str, *, address: str, version: int, may_upgrade: bool):
        super().__init__(message)
        self.address = address
        self.version = version
        #: whether the role connected may upgrade it (the admin right)
        self.may_upgrade = may_upgrade


def backup_command(address: str) -> str:
    """The ``pg_dump`` line that backs the project up before an upgrade."""
    name = address.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "project"
    return f"pg_dump -Fc -d '{address}' -f {name}-before-upgrade.dump"


def may_upgrade(conn: Any) -> bool:
    """Whether the role behind ``conn`` (psycopg) holds the admin right on the project:
    it may create tables in its schema and grant every right on its tables."""
    row = conn.execute(
        "SELECT has_schema_privilege('public', 'CREATE') "
        "AND has_table_privilege('events', 'UPDATE WITH GRANT OPTION')"
    ).fetchone()
    return bool(row and row[0])


def _upgrading(conn: Any) -> bool:
    """Whether someone is upgrading the project right now (their lock is held)."""
    got = conn.execute("SELECT pg_try_advisory_lock(%s)", [UPGRADE_LOCK]).fetchone()[0]
    if got:
        conn.execute("SELECT pg_advisory_unlock(%s)", [UPGRADE_LOCK])
    return not got


def older(conn: Any, address: str, version: int) -> OlderServerProjectError:
    """The refusal to open a project at the older schema ``version``, in one line: what
    to do, for an admin (back up, then upgrade) or anyone else (ask an admin)."""
    admin = may_upgrade(conn)
    head = f"{address} has the older schema {version} (this Citeline uses {SCHEMA_VERSION})"
    if version < OLDEST:
        message = f"{head}, older than any server project: copy it to a file with an older Citeline"
        admin = False
    elif _upgrading(conn):
        message = f"{head} and is being upgraded right now: try again in a minute"
        admin = False
    elif admin:
        message = (
            f"{head}: back it up ({backup_command(address)}), then upgrade it in place with "
            f"`citeline server upgrade {address}`; nothing was changed"
        )
    else:
        message = (
            f"{head}: an admin of the project must run `citeline server upgrade {address}`; "
            "nothing was changed"
        )
    return OlderServerProjectError(message, address=address, version=version, may_upgrade=admin)


def _created_by(version: int) -> Callable[[Any], None]:
    """A migration that only adds tables and indexes: the file migration's new objects,
    translated as a new project's are (:func:`.schema.statements`)."""

    def migrate(conn: Any) -> None:
        from citeline.core.server.schema import statements

        had = set(statements(version - 1))
        for sql in statements(version):
            if sql not in had:
                conn.execute(sql)

    migrate.__doc__ = f"Schema {version}: the tables and indexes its file migration adds."
    return migrate


#: schema version -> the step from the version before it, on PostgreSQL (the file
#: migration of that number, translated). Every version after OLDEST has one.
MIGRATIONS: dict[int, Callable[[Any], None]] = {
    7: _created_by(7),  # 0007_dismissed_suggestions: the dismissed_evidence table
}


def _grant_like(conn: Any, tables: list[str], model: str = "events") -> None:
    """Give every role that has rights on ``model`` the same rights on the new
    ``tables`` (a grant covers only the tables that existed when it was made)."""
    rights = conn.execute(
        "SELECT g.grantee::regrole::text, g.privilege_type, g.is_grantable "
        "FROM pg_class c, aclexplode(c.relacl) g "
        "WHERE c.oid = %s::regclass AND g.grantee <> 0 AND g.grantee <> c.relowner",
        [model],
    ).fetchall()
    sequence_rights = conn.execute(
        "SELECT g.grantee::regrole::text, g.privilege_type, g.is_grantable "
        "FROM pg_class c, aclexplode(c.relacl) g "
        "WHERE c.oid = pg_get_serial_sequence(%s, 'id')::regclass "
        "AND g.grantee <> 0 AND g.grantee <> c.relowner",
        [model],
    ).fetchall()
    for table in tables:
        for grantee, privilege, grantable in rights:
            option = " WITH GRANT OPTION" if grantable else ""
            conn.execute(f'GRANT {privilege} ON "{table}" TO {grantee}{option}')
        identity = conn.execute(
            "SELECT pg_get_serial_sequence(%s, column_name) FROM information_schema.columns "
            "WHERE table_schema = 'public' AND table_name = %s AND is_identity = 'YES'",
            [f'"{table}"', table],
        ).fetchall()
        for (sequence,) in identity:  # its ids: as the model's
            for grantee, privilege, grantable in sequence_rights:
                option = " WITH GRANT OPTION" if grantable else ""
                conn.execute(f"GRANT {privilege} ON SEQUENCE {sequence} TO {grantee}{option}")


def _tables(conn: Any) -> set[str]:
    return {
        r[0]
        for r in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
        ).fetchall()
    }


def upgrade(conn: Any, address: str) -> tuple[int, int]:
    """Upgrade the project behind ``conn`` (psycopg, autocommit) to this Citeline's
    schema in one transaction; (from, to) versions. Nothing is changed when another
    admin upgraded it meanwhile (from == to)."""
    import psycopg

    from citeline.core.server.schema import is_project
    from citeline.core.server.store import HISTORY_LOCK

    try:
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [UPGRADE_LOCK])
            conn.execute("SELECT pg_advisory_xact_lock(%s)", [HISTORY_LOCK])
            if not is_project(conn):
                raise errors.NotAProjectError(f"{address} holds no Citeline project")
            row = conn.execute(
                "SELECT value FROM citeline_meta WHERE key = 'schema_version'"
            ).fetchone()
            version = int(row[0]) if row else 0
            if version > SCHEMA_VERSION:
                raise errors.NewerProjectError(
                    f"{address} was made by a newer Citeline (schema {version}): update "
                    "Citeline to open it"
                )
            if version == SCHEMA_VERSION:
                return version, version
            if version < OLDEST or not may_upgrade(conn):
                raise older(conn, address, version)
            before = _tables(conn)
            for step in range(version + 1, SCHEMA_VERSION + 1):
                MIGRATIONS[step](conn)
            _grant_like(conn, sorted(_tables(conn) - before))
            conn.execute(
                "UPDATE citeline_meta SET value = %s WHERE key = 'schema_version'",
                [str(SCHEMA_VERSION)],
            )
            conn.execute(
                "INSERT INTO citeline_meta VALUES ('upgraded', "
                "format('from schema %%s by %%s at %%s', %s::text, current_user, "
                "to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))) "
                "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
                [str(version)],
            )
    except psycopg.Error as exc:
        reason = exc.diag.message_primary or str(exc).strip().splitlines()[0]
        raise errors.ProjectError(
            f"{address} was not upgraded ({reason}): it was left as it was"
        ) from exc
    return version, SCHEMA_VERSION


def upgrade_at(url: str) -> tuple[int, int]:
    """``citeline server upgrade URL``: connect and upgrade; (from, to) versions."""
    from citeline.core.server.address import display_address
    from citeline.core.server.store import connect_for

    address = display_address(url)
    raw = connect_for(url, address, "upgraded")
    try:
        return upgrade(raw, address)
    finally:
        raw.close()

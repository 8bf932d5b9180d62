"""Who may do what on a server project, as PostgreSQL roles and grants.

- ``read``: connect, and select every table — open, search, export, history;
- ``edit``: read, and insert, update and delete rows (with the id sequences) — edit;
- ``admin``: edit, with the right to grant these to others, and to create tables in the
  schema (a later Citeline's upgrade).

A grant replaces the role's earlier rights on the project (``--read`` after ``--edit``
takes editing away). A role that does not exist is created (``LOGIN``, no password:
set one with ``ALTER ROLE … PASSWORD`` or let the server's own authentication decide).
"""

from __future__ import annotations

import psycopg
from psycopg import sql

from citeline.core import errors
from citeline.core.server import schema
from citeline.core.server.address import display_address
from citeline.core.server.connection import connect

LEVELS = ("read", "edit", "admin")


def grant(url: str, role: str, level: str) -> bool:
    """Give ``role`` the ``level`` rights on the project at ``url``; True when the role
    was created."""
    if level not in LEVELS:
        raise ValueError(level)
    address = display_address(url)
    try:
        raw = connect(url, connect_timeout=10)
    except psycopg.Error as exc:
        raise errors.ProjectError(f"{address} was not reached: {exc}".splitlines()[0]) from exc
    name = sql.Identifier(role)
    try:
        with raw.transaction():
            schema.schema_version(raw, address)
            dbname = raw.info.dbname
            exists = raw.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [role]).fetchone()
            if not exists:
                raw.execute(sql.SQL("CREATE ROLE {} LOGIN").format(name))
            run = [
                "REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {r}",
                "REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {r}",
                "REVOKE CREATE ON SCHEMA public FROM {r}",
                "GRANT CONNECT ON DATABASE {db} TO {r}",
                "GRANT USAGE ON SCHEMA public TO {r}",
                "GRANT SELECT ON ALL TABLES IN SCHEMA public TO {r}",
            ]
            if level == "edit":
                run += [
                    "GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {r}",
                    "GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO {r}",
                ]
            if level == "admin":
                run += [
                    "GRANT ALL ON ALL TABLES IN SCHEMA public TO {r} WITH GRANT OPTION",
                    "GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO {r} WITH GRANT OPTION",
                    "GRANT CREATE ON SCHEMA public TO {r}",
                ]
            for statement in run:
                raw.execute(sql.SQL(statement).format(r=name, db=sql.Identifier(dbname)))
    except psycopg.Error as exc:
        message = exc.diag.message_primary or str(exc)
        raise errors.ProjectError(
            f"{role} was not given {level} rights on {address}: {message}; connect as the "
            "project's owner or an admin"
        ) from exc
    finally:
        raw.close()
    return not exists

"""``citeline server init URL``, ``citeline server grant URL ROLE --read|--edit|--admin``,
``citeline server upgrade URL`` and ``citeline server repair URL``."""

from __future__ import annotations

import click

from citeline.core.errors import CitelineError


@click.group("server")
def command() -> None:
    """Set up a project on a PostgreSQL server and say who may use it."""


@command.command("init")
@click.argument("url")
def init(url: str) -> None:
    """Create an empty project in the empty database at URL (postgresql://user@host/db)."""
    from citeline.core.server.address import display_address, is_server_address
    from citeline.core.server.store import ServerStore

    if not is_server_address(url):
        raise CitelineError(f"{url} is not a server address: give postgresql://user@host/db")
    ServerStore.init(url).close()
    click.echo(f"created an empty project at {display_address(url)}")


@command.command("grant")
@click.argument("url")
@click.argument("role")
@click.option("--read", "level", flag_value="read", help="Open, search and export.")
@click.option("--edit", "level", flag_value="edit", help="Read, and change the project.")
@click.option("--admin", "level", flag_value="admin", help="Edit, and grant rights to others.")
def grant(url: str, role: str, level: str | None) -> None:
    """Give the PostgreSQL role ROLE read, edit or admin rights on the project at URL
    (replacing what it had); the role is created when it does not exist."""
    from citeline.core.server.address import display_address
    from citeline.core.server.roles import grant as give

    if level is None:
        raise CitelineError("say which rights: --read, --edit or --admin")
    created = give(url, role, level)
    made = " (a new role: set its password with ALTER ROLE … PASSWORD)" if created else ""
    click.echo(f"{role} may now {level} {display_address(url)}{made}")


@command.command("upgrade")
@click.argument("url")
def upgrade(url: str) -> None:
    """Upgrade the project at URL, made by an older Citeline, to this Citeline's schema,
    in place and in one transaction (admins only; back it up with pg_dump first)."""
    from citeline.core.server.address import display_address, is_server_address
    from citeline.core.server.upgrade import upgrade_at

    if not is_server_address(url):
        raise CitelineError(
            f"{url} is not a server address: give postgresql://user@host/db (a project "
            "file is upgraded when it is opened)"
        )
    old, new = upgrade_at(url)
    address = display_address(url)
    if old == new:
        click.echo(f"{address} is already at schema {new}: nothing to do")
    else:
        click.echo(f"upgraded {address} from schema {old} to {new}")


@command.command("repair")
@click.argument("url")
def repair(url: str) -> None:
    """Rebuild the timeline summaries of the project at URL from its items (after rows
    were restored or changed outside Citeline); open windows read them again."""
    from citeline.core.server.address import display_address, is_server_address
    from citeline.core.server.repair import rebuild_summaries
    from citeline.core.server.store import ServerStore

    if not is_server_address(url):
        raise CitelineError(
            f"{url} is not a server address: give postgresql://user@host/db (repair "
            "rebuilds a server project's summaries)"
        )
    with ServerStore.connect(url) as store:
        rebuild_summaries(store)
        events, quotes = store.count("events"), store.count("quotes")
    click.echo(
        f"rebuilt the timeline summaries of {display_address(url)} from {events} events "
        f"and {quotes} quotes; open windows read them again"
    )

"""The PROJECT argument of a command: a project file's path, or a server project's
libpq address (``postgresql://user@host:port/db``), kept as text so ``//`` survives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from citeline.core.server.address import is_server_address


class ProjectArg(click.ParamType):
    """A path (as ``click.Path(dir_okay=False)`` gives it) or a server address."""

    name = "project"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, Path):
            return value
        if is_server_address(value):
            return str(value)
        return click.Path(path_type=Path, dir_okay=False).convert(value, param, ctx)


PROJECT = ProjectArg()


def shown(project: Path | str) -> str:
    """How a command names the project in its messages."""
    if isinstance(project, str):
        from citeline.core.server.address import display_address

        return display_address(project)
    return project.name

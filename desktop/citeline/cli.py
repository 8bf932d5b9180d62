"""The ``citeline`` command: the app and the command line are one program.

``citeline`` or ``citeline PROJECT`` opens the app; every other word is a subcommand.
Subcommands live in ``citeline.commands.<name>`` and are imported only when used, so
that ``citeline extract`` starts without loading Qt.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from citeline import __version__
from citeline.core.errors import CitelineError

# name -> module under citeline.commands; each module defines a click command `command`.
COMMANDS: dict[str, str] = {
    "open": "open",
    "sample": "sample",
    "import": "import_",
    "original": "original",
    "export": "export",
    "check": "check",
    "edit": "edit",
    "history": "history",
    "backups": "backups",
    "restore": "restore",
    "extract": "extract",
    "evaluate-dates": "evaluate_dates",
    "evaluate-extraction": "evaluate_extraction",
    "bench": "bench",
    "suggest-evidence": "suggest_evidence",
    "copy": "copy",
    "server": "server",
}

HELP = {
    "open": "Open the app on PROJECT (the default command).",
    "sample": "Write the sample project to PATH.",
    "import": "Add sources (files or web addresses) or timeline items to PROJECT.",
    "original": "Write the original file or page a source was imported from.",
    "export": "Export PROJECT as json, csv, markdown, html, timelinejs, svg, png, pdf...",
    "check": "Check PROJECT's integrity and report orphaned passages.",
    "edit": "Change an event or quote of PROJECT (one edit, recorded with its author).",
    "history": "Print who changed what in PROJECT, and when.",
    "backups": "List PROJECT's verified backups, newest first.",
    "restore": "Restore a backup as a new project file.",
    "extract": "Print the dates, times and durations found in a text file.",
    "evaluate-dates": "Score the date finder against a TimeML-derived gold corpus.",
    "evaluate-extraction": "Score the web page reader against pages with gold article text.",
    "suggest-evidence": "Print the passages of other sources that may report each event.",
    "bench": "Measure opening and drawing a large synthetic project.",
    "copy": "Copy a whole project between a file and a server (either way).",
    "server": "Create a project on a PostgreSQL server; grant read, edit or admin rights.",
}


class CitelineGroup(click.Group):
    """A group whose commands load lazily and whose default command is ``open``."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        module_name = COMMANDS.get(name)
        if module_name is None:
            return None
        try:
            module = importlib.import_module(f"citeline.commands.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"citeline.commands.{module_name}":
                return None
            raise
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, HELP.get(name, "")) for name in COMMANDS]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        # `citeline --author NAME ...` names who makes the edits (any command).
        while args and (args[0] == "--author" or args[0].startswith("--author=")):
            name = args[0].partition("=")[2] if "=" in args[0] else (args[1:2] or [""])[0]
            args = args[1:] if "=" in args[0] else args[2:]
            if not name.strip():
                raise click.UsageError("--author needs a name")
            os.environ["CITELINE_AUTHOR"] = name.strip()
        # `citeline` and `citeline PROJECT` open the app.
        if not args or (args[0] not in COMMANDS and not args[0].startswith("-")):
            args = ["open", *args]
        return super().parse_args(ctx, args)


@click.group(cls=CitelineGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="Citeline")
def cli() -> None:
    """Citeline: a timeline whose every event and quote links to its source passage.

    Run without arguments to open the app. `citeline --author NAME COMMAND ...` (or the
    CITELINE_AUTHOR variable) names who makes the edits, in the project's history.
    """


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the process exit code."""
    try:
        result = cli.main(args=argv, prog_name="citeline", standalone_mode=False)
    except SystemExit as exc:  # a command's own exit status
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        return 1
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except CitelineError as exc:
        click.echo(f"citeline: {exc}", err=True)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug, not bad input: log it, say where, no traceback
        from citeline.core.copycheck import is_damage, sqlite_failure

        if is_damage(exc):  # damage met while reading, past the check at opening
            click.echo(
                f"citeline: the project is damaged ({sqlite_failure(exc)[:80]}): run "
                "`citeline check PROJECT` to see where, and restore a backup "
                "(`citeline backups PROJECT`)",
                err=True,
            )
            return 1
        from citeline.crash import write_crash_log

        log = write_crash_log(exc)
        click.echo(f"citeline: internal error: {exc!r} (details in {log})", err=True)
        return 70
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())

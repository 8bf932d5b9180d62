"""Running the command line inside a test: its exit code and what it printed."""

from __future__ import annotations

from citeline.cli import main


def run(capsys, *args: str) -> tuple[int, str, str]:
    """``citeline ARGS`` in this process: exit code, standard output, standard error."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err

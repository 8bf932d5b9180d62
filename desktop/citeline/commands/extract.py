"""``citeline extract FILE``: the dates, times, durations and sets found in a text file.

Offsets are indices into the file's text exactly as read (UTF-8, newlines kept as they
are), so that ``text[start:end]`` is the mention. Importing this module loads neither Qt
nor the date finder; both stay out of the way until the command runs.
"""

from __future__ import annotations

import datetime
import json
import re
from pathlib import Path

import click

from citeline.core.errors import CitelineError, DateError

_HEADER_DATE = re.compile(r"^\s*(?:date|dated|published)\s*[:=]?\s*(?P<when>\S.*?)\s*$", re.I)


def parse_date_option(text: str) -> datetime.date:
    """The date given as YYYY-MM-DD; DateError when it is not one."""
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        raise DateError(f"not a date: {text!r} (expected YYYY-MM-DD)") from None


def header_date(text: str) -> datetime.date | None:
    """The date of a leading header line (" date 2024-03-14 ", "Date: March 14, 2024")."""
    for line in text.splitlines()[:8]:
        if not line.strip():
            continue
        m = _HEADER_DATE.match(line)
        if m is None:
            return None  # the header is over: only leading lines count
        when = m.group("when")
        try:
            return datetime.date.fromisoformat(when[:10])
        except ValueError:
            pass
        from dateutil import parser

        try:
            return parser.parse(when, fuzzy=False).date()
        except (ValueError, OverflowError):
            return None
    return None


def read_text(path: Path) -> str:
    """The file's text as UTF-8 with its newlines untouched."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            return f.read()
    except UnicodeDecodeError:
        raise CitelineError(f"{path} is not UTF-8 text") from None
    except OSError as exc:
        raise CitelineError(f"cannot read {path}: {exc.strerror or exc}") from None


@click.command("extract")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="The document's date.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["jsonl", "table"]),
    default="jsonl",
    show_default=True,
    help="One JSON object per mention, or an aligned table.",
)
def command(file: Path, date_text: str | None, fmt: str) -> None:
    """Print the dates, times, durations and sets found in FILE.

    Relative expressions ("last year", "on Tuesday") are resolved against --date, else
    against a leading "date ..." line in FILE; without either they stay unresolved.
    """
    if date_text is not None:
        try:
            document_date: datetime.date | None = parse_date_option(date_text)
        except DateError as exc:
            raise click.BadParameter(str(exc), param_hint="--date") from None
    text = read_text(file)
    if date_text is None:
        document_date = header_date(text)
    from citeline.core.timex import extract

    mentions = extract(text, document_date)
    if fmt == "jsonl":
        for m in mentions:
            click.echo(json.dumps(m.to_json(), ensure_ascii=False))
        return
    for m in mentions:
        shown = m.text.replace("\r", " ").replace("\n", " ")
        # an end of a range names the whole range and its interval after its own text
        ranged = f"   (in {m.interval.text!r} = {m.interval.edtf})" if m.interval else ""
        click.echo(
            f"{m.start:>7}-{m.end:<7} {m.type:<8} {m.value:<14} {m.mod or '':<12} "
            f"{m.edtf or '':<12} {shown}{ranged}"
        )

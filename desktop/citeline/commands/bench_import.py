"""``citeline bench --import-html MB``: import a large web page of plain paragraphs.

It writes a page of about MB megabytes (news-like paragraphs with dates, names and
numbers, inside an ``<article>``), then runs ``citeline import`` on it in a fresh
process and reports what that process cost:

- ``page_mb``: the page's size; ``text_chars``: the article text imported;
- ``import_s``: wall-clock time of the whole command (a busy machine inflates it);
- ``cpu_s``: the process's CPU time (user and system), and ``cpu_s_per_mb`` per
  megabyte of page, which a busy machine does not inflate;
- ``peak_mb``: the process's peak resident memory.
"""

from __future__ import annotations

import calendar
import html
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from citeline.core.errors import CitelineError

_MONTHS = list(calendar.month_name)[1:]
_PEOPLE = ("the minister", "the mayor", "a spokeswoman", "the committee chair", "officials")
_VERBS = ("said", "announced", "confirmed", "denied", "told reporters", "wrote")
_THINGS = (
    "the budget for the new bridge",
    "talks on the troop cost deal",
    "the inquiry into the contract",
    "a vote on the housing plan",
    "the sanctions against the firm",
    "the court's ruling on the strike",
)


def write_page(path: Path, megabytes: float, seed: int = 1) -> int:
    """Write a page of about ``megabytes`` MB of plain paragraphs; its size in bytes."""
    rng = random.Random(seed)
    target = int(megabytes * 1024 * 1024)
    head = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<title>A long report | Example Wire</title></head><body><article>"
        "<h1>A long report</h1>\n"
    )
    size = len(head)
    with path.open("w", encoding="utf-8") as out:
        out.write(head)
        n = 0
        while size < target:
            day, month, year = rng.randint(1, 28), rng.choice(_MONTHS), rng.randint(1990, 2024)
            sentences = [
                f"On {day} {month} {year}, {rng.choice(_PEOPLE)} {rng.choice(_VERBS)} that "
                f"{rng.choice(_THINGS)} would cost {rng.randint(2, 900)} million."
                for _ in range(rng.randint(2, 6))
            ]
            paragraph = f"<p>{html.escape(' '.join(sentences))} (Paragraph {n}.)</p>\n"
            out.write(paragraph)
            size += len(paragraph.encode("utf-8"))
            n += 1
        out.write("</article></body></html>\n")
    return path.stat().st_size


def measure_import(megabytes: float) -> dict[str, Any]:
    """Import a generated page of ``megabytes`` MB in a fresh process; its costs."""
    with tempfile.TemporaryDirectory(prefix="citeline-bench-import-") as tmp:
        page = Path(tmp) / "long-report.html"
        size = write_page(page, megabytes)
        project = Path(tmp) / "bench.citeline"
        cmd = [sys.executable, "-m", "citeline", "import", str(project), str(page)]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if done.returncode != 0:
            raise CitelineError(f"the import failed: {done.stderr.strip()[-300:]}")
        chars = int(done.stdout.rsplit("(", 1)[-1].split(" ", 1)[0].replace(",", "") or 0)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    page_mb = size / 1024 / 1024
    peak = after.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
    return {
        "page_mb": round(page_mb, 1),
        "text_chars": chars,
        "import_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "cpu_s_per_mb": round(cpu / page_mb, 3),
        "peak_mb": round(peak, 1),
    }

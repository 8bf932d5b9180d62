"""``citeline bench --server URL``: the bench's figures on a server project, and
``--editors N``: N editor processes at once on it (edits/s, p95 latency, conflicts,
losses; ``--restart-with CMD`` restarts the server halfway)."""

from __future__ import annotations

import json
import shlex
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import click


def _holds_project(url: str) -> bool:
    from citeline.core.server import schema
    from citeline.core.server.connection import connect

    with connect(url, connect_timeout=10) as raw:
        return schema.is_project(raw)


def _fill(url: str, n_events: int, seed: int) -> dict[str, Any]:
    """Generate the synthetic project in a temporary file and copy it to ``url``."""
    from citeline.commands.bench import generate
    from citeline.core.server.copy import copy_project

    with tempfile.TemporaryDirectory(prefix="citeline-bench-") as tmp:
        path = Path(tmp) / "bench.citeline"
        t = time.perf_counter()
        counts = generate(path, n_events, seed)
        generate_s = time.perf_counter() - t
        t = time.perf_counter()
        copy_project(path, url)
        copy_s = time.perf_counter() - t
    return {"events": n_events, **counts, "generate_s": round(generate_s, 3),
            "copy_to_server_s": round(copy_s, 3)}  # fmt: skip


def bench_server(url: str, n_events: int, seed: int, profile: bool = False) -> dict[str, Any]:
    """Fill the empty database at ``url`` with the synthetic project, then measure it in a
    fresh process as ``citeline bench --project`` measures a file (``profile``: with
    each frame broken down by phase, its statements those sent to the server)."""
    from citeline.commands.bench import _measure_apart

    if _holds_project(url):
        result: dict[str, Any] = {"events": None}
    else:
        result = _fill(url, n_events, seed)
    result.update(_measure_apart(url, profile))
    return result


def bench_editors(
    url: str,
    editors: int,
    seconds: float,
    items: int,
    restart_with: str | None,
    *,
    rate: float | None = None,
) -> dict[str, Any]:
    """Run ``editors`` editor processes against the project at ``url`` (filled with a
    small synthetic project first when the database is empty), as fast as they can or
    at ``rate`` edits per second together."""
    from citeline.core.server.load import run

    if not _holds_project(url):
        _fill(url, 2000, 1)
    restart = None
    if restart_with:

        def restart() -> None:
            subprocess.run(shlex.split(restart_with), check=True, capture_output=True)

    report = run(url, editors, seconds, items=items, restart=restart, rate=rate)
    for line in report.lines():
        click.echo(line, err=True)
    client_cpu, server_cpu = report.cpu_ms_per_edit()
    return {
        "editors": editors,
        "seconds": seconds,
        "items": items,
        "rate_asked": rate,
        "edits_per_s": round(report.answered / seconds, 1),
        "saved": report.acknowledged,
        "edit_ms_p50": round(report.percentile_ms(0.5), 1),
        "edit_ms_p95": round(report.p95_ms(), 1),
        "apply_cpu_ms": round(client_cpu, 2),
        "server_cpu_ms": None if server_cpu is None else round(server_cpu, 2),
        "load_average": [round(x, 1) for x in report.load],
        "conflicts_expected": report.conflicts_expected,
        "conflicts_detected": report.conflicts_detected,
        "silent_overwrites": report.double_wins,
        "not_saved_server_away": report.dropped,
        "edits_lost": report.lost,
        "versions_off": report.version_mismatch,
        "history_out_of_order": report.out_of_order,
        "history": report.history,
    }


def echo(result: dict[str, Any]) -> None:
    click.echo(json.dumps(result))

"""``citeline bench --server URL``: the bench's figures on a server project, and
``--editors N``: N editor processes at once on it (edits/s, p95 latency, conflicts,
losses; ``--restart-with CMD`` restarts the server halfway)."""

from __future__ import annotations

import json
import shlex
import subprocess
import sys
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
    each frame broken down by phase, its statements those sent to the server), and the
    frames right after opening in another (:func:`early_frames`)."""
    from citeline.commands.bench import _measure_apart

    if _holds_project(url):
        result: dict[str, Any] = {"events": None}
    else:
        result = _fill(url, n_events, seed)
    result.update(_measure_apart(url, profile))
    code = f"from citeline.commands.bench_server import early_main; early_main({url!r})"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    if done.returncode != 0:
        raise click.ClickException(f"measuring failed: {done.stderr.strip()[-400:]}")
    result.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return result


#: How long the frames right after opening are drawn, and how often (a wheel or
#: touchpad zooming at 60 frames a second).
EARLY_S = 2.5
EARLY_HZ = 60


def early_frames(url: str) -> dict[str, Any]:
    """Open the project at ``url`` and, from its first paint on, draw the bench's
    zoom-and-pan script at 60 frames a second for :data:`EARLY_S` seconds, while the
    window's copy of the project is still being read (:mod:`citeline.core.server.snapshot`):
    how many statements those frames sent to the server, until when, and what they cost
    (wall and GUI-thread CPU)."""
    from PySide6.QtGui import QImage, QPainter

    from citeline.commands import bench_frames
    from citeline.commands.bench import VIEW_SIZE, open_view
    from citeline.ui.render import ensure_app

    ensure_app()
    w, h = VIEW_SIZE
    opened = time.perf_counter()
    store, document, view = open_view(url)
    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    sent: list[float] = []
    store.db.conn.set_trace_callback(lambda _sql: sent.append(time.perf_counter()))
    view.draw(painter)
    steps = bench_frames.script(view)
    wall: list[float] = []
    cpu: list[float] = []
    asked: list[int] = []
    tick = time.perf_counter()
    i = 0
    while tick - opened < EARLY_S:
        t, c, n = time.perf_counter(), time.thread_time(), len(sent)
        view.set_scale(steps[i % len(steps)][1])
        view.draw(painter)
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
        asked.append(len(sent) - n)
        i += 1
        tick += 1 / EARLY_HZ
        time.sleep(max(0.0, tick - time.perf_counter()))
    painter.end()
    store.db.conn.set_trace_callback(None)
    store.settle_timeline(opened)  # when the last part came in, even after the frames
    parts = store.timeline_times(opened)
    document.close()
    return {
        "early_frames": len(wall),
        "early_frames_asking": sum(1 for n in asked if n),
        "early_statements": sum(asked),
        "early_last_statement_s": round(max(sent) - opened, 3) if sent else None,
        **bench_frames.tail(wall, "early_frame_ms"),
        **bench_frames.tail(cpu, "early_frame_cpu_ms"),
        **{f"early_{part}_ready_s": round(at, 3) for part, at in parts.items()},
    }


def early_main(url: str) -> None:
    """:func:`early_frames` in a process of its own, printed as JSON."""
    click.echo(json.dumps(early_frames(url)))


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

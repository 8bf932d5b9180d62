"""``citeline bench``: time opening and drawing a large synthetic project.

It writes a project of N events spread over four decades (with lanes, sources,
passages, evidence and some quotes), closes it, then measures what a user waits for:
opening it until the timeline can paint, the first paint, and every frame of a
scripted zoom from decades down to days and back, with pans, as the timeline view
does it (windowed query, layout and paint), then filtering by a lane and by a date
range (until the next frame is drawn), then a few one-word searches. It prints
one JSON object.

The measuring runs in a fresh process (``citeline bench --project FILE``), so its
peak memory is that of opening and drawing the project, not of generating it; the same
option measures any existing project, for instance one kept with ``--keep``.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import click

from citeline.commands import bench_frames
from citeline.commands.projectarg import PROJECT
from citeline.core.calendar import SECONDS_PER_DAY, civil_from_instant, instant

VIEW_SIZE = (1600, 600)
FIRST_YEAR, YEARS = 1985, 40
LANES = ("Politics", "Economy", "Courts", "Military", "Diplomacy", "Society")
WORDS = [
    "minister",
    "talks",
    "deal",
    "vote",
    "court",
    "ruling",
    "strike",
    "summit",
    "budget",
    "sanctions",
    "protest",
    "election",
    "treaty",
    "report",
    "inquiry",
    "troops",
    "tariff",
    "hearing",
    "leak",
    "resignation",
]


@click.command("bench")
@click.option("--events", "n_events", type=click.IntRange(1, 5_000_000), default=100_000)
@click.option("--seed", type=int, default=1, help="Seed of the synthetic project.")
@click.option(
    "--keep",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Keep the synthetic project at PATH (default: a temporary file, deleted).",
)
@click.option(
    "--project",
    type=PROJECT,
    help="Measure this existing project (a file or a server address) instead of generating one.",
)
@click.option(
    "--profile",
    is_flag=True,
    help="Also break each frame down by phase (queries, stacking, text, painting, "
    "overview, garbage collection) and describe the slow frames.",
)
@click.option(
    "--server",
    metavar="URL",
    help="Measure a server project: an empty database is filled with the synthetic project.",
)
@click.option(
    "--editors",
    type=click.IntRange(1, 200),
    help="With --server: run N editor processes at once; edits/s, latency, conflicts, losses.",
)
@click.option("--seconds", type=float, default=10.0, help="With --editors: how long to edit.")
@click.option("--items", type=int, default=200, help="With --editors: how many events to edit.")
@click.option("--restart-with", metavar="CMD", help="With --editors: run CMD halfway (a restart).")
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    help="With --editors: edits per second asked of all editors together (default: each "
    "edits as fast as it can).",
)
@click.option(
    "--html",
    "html",
    is_flag=True,
    help="Measure the exported web page in headless Chromium instead of the app.",
)
@click.option(
    "--import-html",
    "import_mb",
    type=click.FloatRange(0.1, 60),
    help="Measure importing a generated web page of this many MB of plain paragraphs "
    "(time, CPU per MB, peak memory) instead.",
)
@click.option(
    "--suggest",
    is_flag=True,
    help="Measure suggested evidence on 10,000 events and 1,000 sources of 5,000 words.",
)
def command(
    n_events: int,
    seed: int,
    keep: Path | None,
    project: Path | str | None,
    server: str | None,
    editors: int | None,
    seconds: float,
    items: int,
    restart_with: str | None,
    rate: float | None,
    profile: bool,
    html: bool,
    import_mb: float | None = None,
    suggest: bool = False,
) -> None:
    """Measure opening and drawing a synthetic project of N events; print JSON."""
    if import_mb is not None:
        from citeline.commands.bench_import import measure_import

        click.echo(json.dumps(measure_import(import_mb)))
        return
    if suggest:
        from citeline.commands import bench_suggest

        if project is not None:
            click.echo(json.dumps(bench_suggest.measure_project(project)))
            return
        with tempfile.TemporaryDirectory(prefix="citeline-bench-") as tmp:
            events = n_events if n_events != 100_000 else 10_000
            found = bench_suggest.bench_suggest(events, max(1, events // 10), 5000, seed, Path(tmp))
        click.echo(json.dumps(found))
        return
    if server is not None or editors is not None:
        from citeline.commands import bench_server

        if server is None:
            raise click.UsageError("--editors goes with --server URL")
        if editors is not None:
            result = bench_server.bench_editors(
                server, editors, seconds, items, restart_with, rate=rate
            )
        else:
            result = bench_server.bench_server(server, n_events, seed, profile)
        bench_server.echo(result)
        return
    if project is not None:
        click.echo(json.dumps(measure(project, profile=profile)))
        return
    if keep is not None and keep.exists():
        raise click.UsageError(f"{keep} already exists")
    with tempfile.TemporaryDirectory(prefix="citeline-bench-") as tmp:
        path = keep or Path(tmp) / "bench.citeline"
        t = time.perf_counter()
        counts = generate(path, n_events, seed)
        generate_s = time.perf_counter() - t
        result = {"events": n_events, **counts, "generate_s": round(generate_s, 3)}
        if html:
            from citeline.commands.bench_html import measure_html

            result.update(measure_html(path, Path(tmp)))
        else:
            result.update(_measure_apart(path, profile))
    click.echo(json.dumps(result))


def _measure_apart(path: Path | str, profile: bool = False) -> dict[str, Any]:
    """``measure(path)`` in a fresh process, so its memory peak is the open project's."""
    cmd = [sys.executable, "-m", "citeline", "bench", "--project", str(path)]
    cmd += ["--profile"] if profile else []
    done = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy())
    if done.returncode != 0:
        raise click.ClickException(f"measuring failed: {done.stderr.strip()[-400:]}")
    measured: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return measured


def generate(path: Path, n_events: int, seed: int) -> dict[str, int]:
    """Write the synthetic project to ``path`` in one transaction; the counts it holds.

    Rows go in with one ``executemany`` per table and the full-text index is filled by
    one statement per kind, rather than an edit of row images (which re-indexes item by
    item): the benchmark is about reading a large project, and making one should not
    take longer than measuring it.
    """
    from citeline.core import summaries
    from citeline.core.edtf import DateValue, parse_edtf
    from citeline.core.store import SEARCH_KINDS, Store, now_iso

    rng = random.Random(seed)
    rand = rng.random
    stamp = now_iso()
    n_sources = max(1, min(500, n_events // 200))
    n_quotes = n_events // 20
    texts = [" ".join(rng.choice(WORDS) for _ in range(400)) for _ in range(n_sources)]
    titles = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randrange(3, 9))).capitalize()
        for _ in range(4096)
    ]
    # Bursts of news around a few hundred moments, on top of a steady background.
    t0 = instant(FIRST_YEAR)
    span = YEARS * 365 * SECONDS_PER_DAY
    bursts = [t0 + rand() * span for _ in range(300)]
    dates: dict[str, DateValue] = {}
    passages, events, evidence, quotes = [], [], [], []
    for i in range(1, n_events + n_quotes + 1):
        if rand() < 0.5:
            t = bursts[int(rand() * len(bursts))] + rng.gauss(0, 20 * SECONDS_PER_DAY)
        else:
            t = t0 + rand() * span
        text = _edtf(rand(), t, rand())
        date = dates.get(text)
        if date is None:
            date = dates[text] = parse_edtf(text)
        src = int(rand() * n_sources)
        body = texts[src]
        start = int(rand() * (len(body) - 80))
        end = start + 20 + int(rand() * 60)
        passages.append(
            (i, src + 1, start, end, body[start:end], body[max(0, start - 32) : start],
             body[end : end + 32], stamp)
        )  # fmt: skip
        cols = (date.edtf, date.precision, date.earliest, date.latest)
        lane = 1 + int(rand() * len(LANES))
        if i <= n_events:
            title = titles[int(rand() * len(titles))]
            importance = (0, 0, 0, 1, 2)[int(rand() * 5)]
            events.append((i, title, "", *cols, None, lane, importance, stamp, stamp))
            evidence.append((i, i, "supports"))
        else:
            quotes.append((i - n_events, body[start:end], None, *cols, i, lane, 1, stamp, stamp))
    store = Store.create(path)
    try:
        with store.db.atomic():
            run = store.db.conn.executemany
            run(
                "INSERT INTO lanes (id, name, color, position) VALUES (?, ?, NULL, ?)",
                [(i, name, i) for i, name in enumerate(LANES, 1)],
            )
            run(
                "INSERT INTO sources (id, title, outlet, language, text, sha256, format, "
                "imported_at) VALUES (?, ?, 'Synthetic Wire', 'en', ?, ?, 'txt', ?)",
                [
                    (s, f"Report {s}", text, _digest(seed, s, text), stamp)
                    for s, text in enumerate(texts, 1)
                ],
            )
            run(
                'INSERT INTO passages (id, source_id, start, "end", exact, prefix, suffix, '
                "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                passages,
            )
            run(
                "INSERT INTO events (id, title, description, date_edtf, date_precision, "
                "date_earliest, date_latest, date_provenance, lane_id, importance, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                events,
            )
            run("INSERT INTO evidence (event_id, passage_id, stance) VALUES (?, ?, ?)", evidence)
            run(
                "INSERT INTO quotes (id, text, speaker_id, date_edtf, date_precision, "
                "date_earliest, date_latest, passage_id, lane_id, verbatim, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                quotes,
            )
            for kind, table, title, body in (
                ("event", "events", "title", "description"),
                ("quote", "quotes", "''", "text"),
                ("source", "sources", "title", "text"),
            ):
                # The same rowids as the Store's own indexing: item id * 8 + kind code.
                store.db.execute(
                    "INSERT INTO search (rowid, kind, item_id, title, body) "
                    f"SELECT id * 8 + {SEARCH_KINDS[kind]}, '{kind}', id, {title}, {body} "
                    f"FROM {table}"
                )
            # The timeline summaries, as an import of this size builds them.
            summaries.rebuild(store.db.conn)
    finally:
        store.close()
    return {"quotes": n_quotes, "sources": n_sources, "lanes": len(LANES)}


def _digest(seed: int, number: int, text: str) -> str:
    """A unique sha256 for a source (two sources may share their words)."""
    return hashlib.sha256(f"{seed}:{number}:{text}".encode()).hexdigest()


def _edtf(roll: float, t: float, length: float) -> str:
    """A date around instant ``t`` at a precision and certainty news would give it."""
    y, m, d, *_ = civil_from_instant(int(t))
    if roll < 0.62:
        return f"{y:04d}-{m:02d}-{d:02d}"
    if roll < 0.8:
        return f"{y:04d}-{m:02d}"
    if roll < 0.85:
        return f"{y:04d}"
    if roll < 0.9:
        return f"{y:04d}-{m:02d}-{d:02d}~"
    if roll < 0.94:
        return f"{y:04d}-{m:02d}?"
    days = (3, 10, 30, 90, 400)[int(length * 5)]
    y2, m2, d2, *_ = civil_from_instant(int(t + days * SECONDS_PER_DAY))
    return f"{y:04d}-{m:02d}-{d:02d}/{y2:04d}-{m2:02d}-{d2:02d}"


def measure(path: Path | str, *, profile: bool = False) -> dict[str, Any]:
    """Open ``path`` as the app would and time its first paint and a zoom-and-pan script
    (see :mod:`citeline.commands.bench_frames`; ``profile`` breaks frames down by phase)."""
    from PySide6.QtGui import QImage, QPainter

    from citeline.ui import idlegc
    from citeline.ui.render import ensure_app

    ensure_app()
    w, h = VIEW_SIZE
    t = opened = time.perf_counter()
    cpu = time.process_time()
    store, document, view = open_view(path)
    open_s, open_cpu_s = time.perf_counter() - t, time.process_time() - cpu

    image = QImage(w, h, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(image)
    t = time.perf_counter()
    view.draw(painter)
    first_paint_ms = (time.perf_counter() - t) * 1000
    # The app is idle once the project is shown: it collects and freezes its heap then
    # (see citeline.ui.idlegc), before the user starts zooming.
    idlegc.settle()
    # A server project reads the timeline's spans on a thread meanwhile: the frames are
    # those of the window once they are in (when that is, is a figure of its own).
    settle = getattr(store, "settle_timeline", None)
    ready_s = settle(opened) if settle is not None else None
    parts = store.timeline_times(opened) if settle is not None else {}
    # A large project file's indexes are read into memory on a thread meanwhile (see
    # citeline.core.kept): the frames are those of the app once they are in, and when
    # that is, is a figure of its own.
    indexes_s = view.data.wait_for_indexes(opened)
    if indexes_s is not None:
        idlegc.settle()

    frames = bench_frames.run(view, painter, profile=profile)
    filter_times = _time_filters(store, view, painter)
    painter.end()
    search_ms, search_cpu_ms = _time_searches(store)
    n_events = store.count("events")
    document.close()
    rss_mb = _peak_rss_mb()
    return {
        "events": n_events,
        "open_s": round(open_s, 3),
        "first_paint_ms": round(first_paint_ms, 2),
        # CPU time of this process: what opening costs when other programs compete
        # for the processor and wall-clock times swell (frames: of the GUI thread).
        "open_cpu_s": round(open_cpu_s, 3),
        **({"spans_ready_s": round(ready_s, 3)} if ready_s is not None else {}),
        **{f"{part}_ready_s": round(at, 3) for part, at in parts.items() if part != "spans"},
        **({"indexes_ready_s": round(indexes_s, 3)} if indexes_s is not None else {}),
        **{k: v for k, v in frames.items() if k != "profile"},
        "rss_mb": round(rss_mb, 1),
        "search_ms": round(search_ms, 2),
        "search_cpu_ms": round(search_cpu_ms, 2),
        "file_mb": round(_file_bytes(path) / (1024 * 1024), 1) if isinstance(path, Path) else None,
        **filter_times,
        **({"profile": frames["profile"]} if "profile" in frames else {}),
    }


def open_view(path: Path | str) -> tuple[Any, Any, Any]:
    """Open ``path`` as the app does, to the timeline of the bench's size fitted to the
    whole project: (store, document, view)."""
    from citeline.core.store import Store
    from citeline.ui.document import Document
    from citeline.ui.timeline.view import TimelineView

    store = Store.open(path)
    document = Document(store)
    view = TimelineView(document)
    view.resize(*VIEW_SIZE)
    view.fit_all()
    return store, document, view


def _time_filters(store: Any, view: Any, painter: Any) -> dict[str, float]:
    """How long filtering by one lane, and by a date range (the middle tenth of the
    project), takes until the next frame is drawn (what the user waits for), in ms of
    wall time and of CPU time; the filter is cleared after each."""
    from citeline.core.filters import ItemFilter

    lanes = store.query("SELECT id FROM lanes ORDER BY position, id LIMIT 1")
    lo, hi = store.db.execute("SELECT MIN(date_earliest), MAX(date_latest) FROM events").fetchone()
    out: dict[str, float] = {}
    if lanes and lo is not None:
        span = hi - lo
        cases = {
            "lane": ItemFilter(lane_ids=frozenset({lanes[0]["id"]})),
            "date": ItemFilter(start=lo + span * 45 // 100, end=lo + span * 55 // 100),
        }
        for name, f in cases.items():
            t, cpu = time.perf_counter(), time.process_time()
            view.set_filter(f)
            view.draw(painter)
            out[f"filter_{name}_ms"] = round((time.perf_counter() - t) * 1000, 1)
            out[f"filter_{name}_cpu_ms"] = round((time.process_time() - cpu) * 1000, 1)
            view.set_filter(None)
    return out


#: One-word searches timed after the frames: common and rare words of the generator.
SEARCH_WORDS = ("talks", "sanctions", "resignation", "court", "leak")


def _time_searches(store: Any) -> tuple[float, float]:
    """The slowest of a few one-word searches (as the search box runs them), in ms of
    wall time and of CPU time."""
    slowest = slowest_cpu = 0.0
    for word in SEARCH_WORDS:
        t, cpu = time.perf_counter(), time.process_time()
        store.search(word)
        slowest = max(slowest, (time.perf_counter() - t) * 1000)
        slowest_cpu = max(slowest_cpu, (time.process_time() - cpu) * 1000)
    return slowest, slowest_cpu


def _peak_rss_mb() -> float:
    """This process's peak resident memory in MB.

    On Linux it is read from /proc (``VmHWM``): ``ru_maxrss`` of a process started by
    another keeps the starter's peak, which here would be the generator's.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _file_bytes(path: Path) -> int:
    """The size of a project file with its write-ahead log."""
    wal = path.with_name(path.name + "-wal")
    return path.stat().st_size + (wal.stat().st_size if wal.exists() else 0)

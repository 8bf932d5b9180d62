"""Several editors at once on one server project: throughput, latency, conflicts, losses.

Each editor is a process of its own with its own connection. It repeatedly picks one of
the first ``items`` events, reads its version, changes its title and applies the edit
naming that version. The run then checks, from the project itself, that

- every edit the server acknowledged is in the history, with its author and action
  (``lost`` counts those that are not), and each item's version rose by exactly the
  edits acknowledged on it (the history chain is verified too);
- of the attempts made from one version of an item at most one succeeded, and every
  other was refused as a conflict (``conflicts_expected`` against ``conflicts_detected``;
  ``double_wins`` counts versions two edits both succeeded from — a silent overwrite).

An edit that failed because the server went away (``dropped``) was not acknowledged:
the editor reconnects and goes on. ``restart`` restarts the server mid-run.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from citeline.core import errors

#: Exit status of an editor process that could not start.
_FAILED = "failed"


@dataclass
class Attempt:
    item: int
    base: int
    outcome: str  # "ok", "conflict" or "dropped"
    seconds: float
    entry: int | None = None
    author: str = ""


@dataclass
class LoadReport:
    editors: int
    seconds: float
    attempts: list[Attempt] = field(default_factory=list)
    lost: int = 0
    double_wins: int = 0
    version_mismatch: int = 0
    history: str = "ok"

    @property
    def acknowledged(self) -> int:
        return sum(a.outcome == "ok" for a in self.attempts)

    @property
    def conflicts_detected(self) -> int:
        return sum(a.outcome == "conflict" for a in self.attempts)

    @property
    def conflicts_expected(self) -> int:
        """Attempts that had to be refused: all but one per (item, version) tried, among
        attempts the server answered."""
        answered = [a for a in self.attempts if a.outcome != "dropped"]
        return len(answered) - len({(a.item, a.base) for a in answered})

    @property
    def dropped(self) -> int:
        return sum(a.outcome == "dropped" for a in self.attempts)

    def p95_ms(self) -> float:
        times = sorted(a.seconds for a in self.attempts if a.outcome != "dropped")
        if not times:
            return 0.0
        return 1000 * times[min(len(times) - 1, int(0.95 * len(times)))]

    def lines(self) -> list[str]:
        rate = (self.acknowledged + self.conflicts_detected) / max(self.seconds, 1e-9)
        return [
            f"editors: {self.editors}, {self.seconds:.1f} s",
            f"edits: {self.acknowledged} saved, {self.conflicts_detected} refused as "
            f"conflicts, {self.dropped} not saved (server away); {rate:.0f} edits/s answered",
            f"edit latency p95: {self.p95_ms():.1f} ms",
            f"conflicts expected {self.conflicts_expected}, detected "
            f"{self.conflicts_detected}; silent overwrites {self.double_wins}",
            f"edits lost: {self.lost}; versions off: {self.version_mismatch}; "
            f"history: {self.history}",
        ]


def _editor(url: str, name: str, items: list[int], go: Any, stop: Any, out: Any) -> None:
    """One editor process: connect, say so through ``out``, wait for ``go``, edit until
    the time in ``stop`` (``time.time()``), then send the attempts back through ``out``."""
    from citeline.core import items as core_items
    from citeline.core.store import Store

    rng = random.Random(name)
    run_id = f"{time.time():.6f}"
    attempts: list[tuple[Any, ...]] = []
    store: Store | None = Store.open(url)
    assert store is not None
    store.author = name
    n = 0
    out.send("ready")
    go.wait()
    until = stop.value
    while time.time() < until:
        try:
            if store is None:
                store = Store.open(url)
                store.author = name
            item = rng.choice(items)
            base = store.version("event", item)
            assert base is not None
            n += 1
            # A title no run made before: an edit that changes nothing is no edit.
            edit = core_items.update_event(store, item, title=f"{name} edit {n} of {run_id}")
            start = time.perf_counter()
            try:
                store.apply(edit, expect={("event", item): base})
                attempts.append((item, base, "ok", time.perf_counter() - start, store.last_entry))
            except errors.ConflictError:
                attempts.append((item, base, "conflict", time.perf_counter() - start, None))
        except errors.CitelineError:
            # the server went away: this edit was not acknowledged; reconnect
            attempts.append((0, 0, "dropped", 0.0, None))
            if store is not None:
                store.close()
            store = None
            time.sleep(0.2)
        except Exception:  # the connection broke while reading
            if store is not None:
                store.close()
            store = None
            time.sleep(0.2)
    if store is not None:
        store.close()
    out.send([(name, *a) for a in attempts])
    out.close()


def run(
    url: str,
    editors: int,
    seconds: float,
    items: int = 50,
    restart: Callable[[], object] | None = None,
) -> LoadReport:
    """Run ``editors`` editor processes for ``seconds`` on the first ``items`` events of
    the project at ``url``; ``restart`` (if given) is called halfway."""
    from citeline.core.store import Store

    with Store.open(url) as store:
        ids = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id LIMIT ?", [items])]
        if not ids:
            raise errors.ProjectError("the project has no events to edit")
        first = {i: store.version("event", i) or 0 for i in ids}
        entries_before = store.count("history_entries")
    ctx = multiprocessing.get_context("spawn")
    go, stop = ctx.Event(), ctx.Value("d", 0.0)
    pipes, procs = [], []
    for k in range(editors):
        here, there = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_editor, args=(url, f"editor-{k + 1}", ids, go, stop, there))
        proc.start()
        pipes.append(here)
        procs.append(proc)
    # Processes start slowly (each imports Citeline): the clock starts when all are up.
    for here in pipes:
        if not here.poll(120) or here.recv() != "ready":
            raise errors.ProjectError("an editor process did not start")
    stop.value = time.time() + seconds
    go.set()
    if restart is not None:
        time.sleep(seconds / 2)
        restart()
    report = LoadReport(editors, seconds)
    for here in pipes:
        for name, item, base, outcome, took, entry in here.recv():
            report.attempts.append(Attempt(item, base, outcome, took, entry, name))
    for proc in procs:
        proc.join(timeout=60)
    _verify(url, report, first, entries_before)
    return report


def _verify(url: str, report: LoadReport, first: dict[int, int], entries_before: int) -> None:
    from citeline.core.store import Store

    saved = [a for a in report.attempts if a.outcome == "ok"]
    wins: dict[tuple[int, int], int] = {}
    for a in saved:
        wins[(a.item, a.base)] = wins.get((a.item, a.base), 0) + 1
    report.double_wins = sum(n - 1 for n in wins.values() if n > 1)
    with Store.open(url, read_only=True) as store:
        found = {
            (r["id"], r["author"])
            for r in store.query("SELECT id, author FROM history_entries WHERE id > ?", [0])
        }
        report.lost = sum((a.entry, a.author) not in found for a in saved)
        per_item: dict[int, int] = {}
        for a in saved:
            per_item[a.item] = per_item.get(a.item, 0) + 1
        for item, v0 in first.items():
            now = store.version("event", item) or 0
            # a dropped edit may have committed unacknowledged: versions may be higher
            if now - v0 < per_item.get(item, 0) or (
                not report.dropped and now - v0 != per_item.get(item, 0)
            ):
                report.version_mismatch += 1
        report.history = store.verify_history()
        if not report.dropped and store.count("history_entries") != entries_before + len(saved):
            report.lost += abs(store.count("history_entries") - entries_before - len(saved))

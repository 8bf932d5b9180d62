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

Editors edit as fast as they can, or, given ``rate``, at that many edits per second
together (each on a schedule of its own, starting at a random phase; an editor behind
its schedule starts its next edit at once and never bunches edits to catch up). The
latency of an edit is the time of its ``apply`` alone (from the call until the server
acknowledged or refused it), not the editor's reading and preparing around it. Each
editor also measures the processor time its ``apply`` calls took, and, when the server
runs on this machine, the processor time of its server process; the load average is
sampled through the run: on a shared machine those say how far wall times swelled.
"""

from __future__ import annotations

import multiprocessing
import os
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
    #: Edits per second asked of all editors together (None: as fast as they can).
    rate: float | None = None
    #: Processor seconds of the editors' ``apply`` calls, and of their server processes
    #: (None when the server's processes cannot be read from here).
    client_cpu: float = 0.0
    server_cpu: float | None = None
    #: The 1-minute load average at the start, the end and its highest in between.
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)
    #: Entries of the history, oldest first, that acknowledged edits wrote, out of the
    #: order their items' versions went (see :func:`_verify`).
    out_of_order: int = 0

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

    @property
    def answered(self) -> int:
        return self.acknowledged + self.conflicts_detected

    def percentile_ms(self, q: float) -> float:
        times = sorted(a.seconds for a in self.attempts if a.outcome != "dropped")
        if not times:
            return 0.0
        return 1000 * times[min(len(times) - 1, int(q * len(times)))]

    def p95_ms(self) -> float:
        return self.percentile_ms(0.95)

    def cpu_ms_per_edit(self) -> tuple[float, float | None]:
        """Processor milliseconds per answered edit: the editor's ``apply``, the server's."""
        n = max(self.answered, 1)
        server = None if self.server_cpu is None else 1000 * self.server_cpu / n
        return 1000 * self.client_cpu / n, server

    def lines(self) -> list[str]:
        rate = self.answered / max(self.seconds, 1e-9)
        asked = "as fast as they can" if self.rate is None else f"{self.rate:g} edits/s asked"
        client, server = self.cpu_ms_per_edit()
        on_server = "not measured" if server is None else f"{server:.2f} ms"
        return [
            f"editors: {self.editors}, {self.seconds:.1f} s, {asked}",
            f"edits: {self.acknowledged} saved, {self.conflicts_detected} refused as "
            f"conflicts, {self.dropped} not saved (server away); {rate:.0f} edits/s answered",
            f"edit latency p50 {self.percentile_ms(0.5):.1f} ms, p95 {self.p95_ms():.1f} ms",
            f"processor per edit: {client:.2f} ms in the editor's apply, server {on_server}; "
            "load average %.1f at the start, %.1f at the end, %.1f at most" % self.load,
            f"conflicts expected {self.conflicts_expected}, detected "
            f"{self.conflicts_detected}; silent overwrites {self.double_wins}",
            f"edits lost: {self.lost}; versions off: {self.version_mismatch}; "
            f"history out of order: {self.out_of_order}; history: {self.history}",
        ]


def _process_cpu(pid: int) -> float | None:
    """Processor seconds of process ``pid`` on this machine (None: not readable here)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            name, _, rest = f.read().partition(" (")[2].rpartition(")")
        if "postgres" not in name:  # the server is elsewhere: a pid of another process
            return None
        fields = rest.split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _editor(
    url: str, name: str, items: list[int], interval: float, go: Any, stop: Any, out: Any
) -> None:
    """One editor process: connect, say so through ``out``, wait for ``go``, edit until
    the time in ``stop`` (``time.time()``), one edit every ``interval`` seconds (0: as
    fast as it can), then send its attempts and processor times back through ``out``."""
    from citeline.core import items as core_items
    from citeline.core.store import Store

    rng = random.Random(name)
    run_id = f"{time.time():.6f}"
    attempts: list[tuple[Any, ...]] = []
    store: Store | None = Store.open(url)
    assert store is not None
    store.author = name
    n = 0
    client_cpu = 0.0
    server_cpu: float | None = 0.0
    backend, backend_from = _backend(store)
    out.send("ready")
    go.wait()
    until = stop.value
    due = time.perf_counter() + rng.random() * interval
    while time.time() < until:
        try:
            if interval:
                wait = due - time.perf_counter()
                if wait > 0:
                    time.sleep(wait)
                due = max(due + interval, time.perf_counter())
            if store is None:
                store = Store.open(url)
                store.author = name
                server_cpu = None  # the server process that did the first part is gone
                backend, backend_from = _backend(store)
            item = rng.choice(items)
            base = store.version("event", item)
            assert base is not None
            n += 1
            # A title no run made before: an edit that changes nothing is no edit.
            edit = core_items.update_event(store, item, title=f"{name} edit {n} of {run_id}")
            cpu = time.process_time()
            start = time.perf_counter()
            try:
                store.apply(edit, expect={("event", item): base})
                took = time.perf_counter() - start
                attempts.append((item, base, "ok", took, store.last_entry))
            except errors.ConflictError:
                took = time.perf_counter() - start
                attempts.append((item, base, "conflict", took, None))
            client_cpu += time.process_time() - cpu
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
    if server_cpu is not None and backend is not None and backend_from is not None:
        now = _process_cpu(backend)
        server_cpu = None if now is None else now - backend_from
    else:
        server_cpu = None
    if store is not None:
        store.close()
    out.send(([(name, *a) for a in attempts], client_cpu, server_cpu))
    out.close()


def _backend(store: Any) -> tuple[int | None, float | None]:
    """The pid of the store's server process and its processor time so far (None, None:
    not on this machine)."""
    pid = store.db.conn.raw.info.backend_pid
    used = _process_cpu(pid)
    return (pid, used) if used is not None else (None, None)


def run(
    url: str,
    editors: int,
    seconds: float,
    items: int = 50,
    restart: Callable[[], object] | None = None,
    rate: float | None = None,
) -> LoadReport:
    """Run ``editors`` editor processes for ``seconds`` on the first ``items`` events of
    the project at ``url``, at ``rate`` edits per second together (None: as fast as they
    can); ``restart`` (if given) is called halfway."""
    from citeline.core.store import Store

    with Store.open(url) as store:
        ids = [r["id"] for r in store.query("SELECT id FROM events ORDER BY id LIMIT ?", [items])]
        if not ids:
            raise errors.ProjectError("the project has no events to edit")
        first = {i: store.version("event", i) or 0 for i in ids}
        entries_before = store.last_entry_id() or 0
    interval = editors / rate if rate else 0.0
    ctx = multiprocessing.get_context("spawn")
    go, stop = ctx.Event(), ctx.Value("d", 0.0)
    pipes, procs = [], []
    for k in range(editors):
        here, there = ctx.Pipe(duplex=False)
        proc = ctx.Process(
            target=_editor, args=(url, f"editor-{k + 1}", ids, interval, go, stop, there)
        )
        proc.start()
        pipes.append(here)
        procs.append(proc)
    # Processes start slowly (each imports Citeline): the clock starts when all are up.
    for here in pipes:
        if not here.poll(120) or here.recv() != "ready":
            raise errors.ProjectError("an editor process did not start")
    report = LoadReport(editors, seconds, rate=rate)
    load_start = os.getloadavg()[0]
    highest = load_start
    stop.value = time.time() + seconds
    go.set()
    restart_at = time.time() + seconds / 2 if restart is not None else None
    while time.time() < stop.value:
        time.sleep(0.5)
        highest = max(highest, os.getloadavg()[0])
        if restart_at is not None and restart is not None and time.time() >= restart_at:
            restart_at = None
            restart()
    server_cpu: float | None = 0.0
    for here in pipes:
        found, client, server = here.recv()
        for name, item, base, outcome, took, entry in found:
            report.attempts.append(Attempt(item, base, outcome, took, entry, name))
        report.client_cpu += client
        server_cpu = None if server is None or server_cpu is None else server_cpu + server
    report.server_cpu = server_cpu
    end = os.getloadavg()[0]
    report.load = (load_start, end, max(highest, end))
    for proc in procs:
        proc.join(timeout=60)
    _verify(url, report, first, entries_before)
    return report


def _verify(url: str, report: LoadReport, first: dict[int, int], entries_before: int) -> None:
    """Check the project after the run (see the module's docstring); history entries
    after ``entries_before`` are the run's."""
    from citeline.core.history import chain
    from citeline.core.store import Store

    saved = [a for a in report.attempts if a.outcome == "ok"]
    wins: dict[tuple[int, int], int] = {}
    for a in saved:
        wins[(a.item, a.base)] = wins.get((a.item, a.base), 0) + 1
    report.double_wins = sum(n - 1 for n in wins.values() if n > 1)
    with Store.open(url, read_only=True) as store:
        written = list(
            store.query(
                "SELECT id, author FROM history_entries WHERE id > ? ORDER BY id", [entries_before]
            )
        )
        found = {(r["id"], r["author"]) for r in written}
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
        report.out_of_order = _out_of_order(
            saved,
            chain.entries(store.db.conn, [r["id"] for r in written]),  # type: ignore[arg-type]
        )
        report.history = store.verify_history()
        if not report.dropped and len(written) != len(saved):
            report.lost += abs(len(written) - len(saved))


def _out_of_order(saved: list[Attempt], entries: Any) -> int:
    """Entries whose place in the history disagrees with the order their edits were
    committed in. Edits of one item commit one after the other (the second waits for
    the first's row lock), so in history order each entry's title change must start
    from the title the item's previous entry left, and the acknowledged edits on an
    item must have been made from rising versions."""
    base = {(a.entry, a.author): a.base for a in saved}
    title: dict[int, Any] = {}
    version: dict[int, int] = {}
    wrong = 0
    for entry in entries:
        for kind, item_id, name, before, after in entry.changes:
            if kind != "event" or name != "title":
                continue
            if item_id in title and title[item_id] != before:
                wrong += 1
            title[item_id] = after
            made_from = base.get((entry.id, entry.author))
            if made_from is not None:
                if made_from <= version.get(item_id, -1):
                    wrong += 1
                version[item_id] = made_from
    return wrong

"""The frames of ``citeline bench``: a scripted zoom and pan, and their tail figures.

The script zooms from decades down to days around one spot, pans through days, zooms
back out to a year, pans through a crowded year and zooms out to the decades, as a
user with a wheel or touchpad does. Each step is one frame: the new window is set and
the frame is composed and painted, as the timeline widget does on screen.

A frame's cost is given in wall time and in the CPU time of the thread drawing it (the
GUI thread): other programs on a busy machine swell the first, not the second. For zoom
steps and pan steps apart: p50, p95, p99 and max, and the share of frames over 8.3 ms
(a missed frame at 120 Hz) and over 16.7 ms (at 60 Hz). With ``--profile`` also the
same figures for the script drawn a second time (``steady_*``): every answer, width and
layout the frames need is then kept, so they tell what the frames cost without the
first visits a cache could remove; and for it drawn onto an image of 2×2 pixels
(``unpainted_*``): composing the frames and asking for their drawing, without the
painter's work on pixels.
"""

from __future__ import annotations

import time
from typing import Any

from citeline.core.calendar import SECONDS_PER_DAY

#: A frame at 120 Hz and at 60 Hz, in ms.
BUDGETS = {"8_3": 1000 / 120, "16_7": 1000 / 60}


def script(view: Any) -> list[tuple[str, Any]]:
    """The steps of the scripted session: ("zoom" or "pan", the window shown)."""
    steps: list[tuple[str, Any]] = []
    s = view.scale
    x = s.width * 0.6
    while s.span > 3 * SECONDS_PER_DAY:  # zoom in, 1.5x a step, around one spot
        s = s.zoomed(1.5, x)
        steps.append(("zoom", s))
    for _ in range(12):  # pan through days
        s = s.panned(120.0)
        steps.append(("pan", s))
    while s.span < 300 * SECONDS_PER_DAY:  # back out to about a year
        s = s.zoomed(1 / 1.5, x)
        steps.append(("zoom", s))
    for _ in range(12):  # pan through a year of crowded lanes
        s = s.panned(-160.0)
        steps.append(("pan", s))
    while s.span < 40 * 365 * SECONDS_PER_DAY:  # and out to the decades
        s = s.zoomed(1 / 1.5, x)
        steps.append(("zoom", s))
    return steps


def quantile(sorted_values: list[float], q: float) -> float:
    """The ``q`` quantile of already sorted values (nearest rank; 0 for none)."""
    if not sorted_values:
        return 0.0
    i = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[i]


def tail(values: list[float], prefix: str) -> dict[str, float]:
    """p50, p95, p99, max and the shares over one and two 120 Hz frames, named
    ``{prefix}_p50`` and so on (``{prefix}_over_8_3`` is a share, 0 to 1)."""
    ordered = sorted(values)
    out = {
        f"{prefix}_p50": round(quantile(ordered, 0.5), 2),
        f"{prefix}_p95": round(quantile(ordered, 0.95), 2),
        f"{prefix}_p99": round(quantile(ordered, 0.99), 2),
        f"{prefix}_max": round(ordered[-1] if ordered else 0.0, 2),
    }
    for name, budget in BUDGETS.items():
        share = sum(1 for v in ordered if v > budget) / len(ordered) if ordered else 0.0
        out[f"{prefix}_over_{name}"] = round(share, 3)
    return out


def run(view: Any, painter: Any, *, profile: bool = False) -> dict[str, Any]:
    """Draw every step of the script with ``view`` on ``painter``; the figures.

    With ``profile`` the frames are also broken down by phase (see
    :mod:`citeline.commands.bench_profile`), which slows them a little.
    """
    steps = script(view)
    wall: dict[str, list[float]] = {"zoom": [], "pan": []}
    cpu: dict[str, list[float]] = {"zoom": [], "pan": []}
    drawn: list[int] = []
    records: list[dict[str, Any]] = []
    from PySide6.QtCore import QPoint

    origin = QPoint(0, 0)
    strip, strip_image, strip_painter = _overview(view)
    # The app paints the strip when it shows the project, before any zoom.
    strip.render(strip_painter, origin)
    if profile:
        from contextlib import ExitStack

        from citeline.commands import bench_profile as bp

        clock = bp.PhaseClock()
        stack = ExitStack()
        stack.enter_context(bp.instrumented(view, clock))
        counter = stack.enter_context(bp.StatementCounter(view.data.store.db.conn))
        levels: set[int] = set()
    for i, (kind, scale) in enumerate(steps):
        if profile:
            level = bp.zoom_level(scale.span)
            first = level not in levels
            levels.add(level)
            before_sql = counter.n
            measured, laid_out = bp.cache_sizes(view)
            clock.start()
        t, c = time.perf_counter(), time.thread_time()
        view.set_scale(scale)
        stats = view.draw(painter)
        if profile:
            clock.enter("overview")
        strip.render(strip_painter, origin)
        wall[kind].append((time.perf_counter() - t) * 1000)
        cpu[kind].append((time.thread_time() - c) * 1000)
        drawn.append(stats.items)
        if profile:
            clock.leave()
            phase_wall, phase_cpu = clock.stop()
            measured2, laid_out2 = bp.cache_sizes(view)
            records.append(
                {
                    "step": i,
                    "kind": kind,
                    "frame_cpu": cpu[kind][-1],
                    "wall": phase_wall,
                    "cpu": phase_cpu,
                    "first_visit": first,
                    "sql": counter.n - before_sql,
                    "gc": bool(clock.gcs),
                    "new_texts": max(0, measured2 - measured),
                    "new_layouts": max(0, laid_out2 - laid_out),
                    "labels": stats.labels,
                }
            )
    if profile:
        stack.close()
        # The same script once more, everything it reads, measures and lays out now
        # kept: what the frames cost without any first visit (the floor a cache
        # can reach), uninstrumented, after the app's idle collection.
        from citeline.ui import idlegc

        idlegc.settle()
        again = _again(view, steps, painter, lambda: strip.render(strip_painter, origin))
        # And once more onto an image of 2×2 pixels: the same frames composed and the
        # same drawing asked of the painter, with (nearly) no pixels to fill, so the
        # difference from the steady figures is the painter's work on pixels.
        from PySide6.QtGui import QImage, QPainter

        tiny = QImage(2, 2, QImage.Format.Format_ARGB32_Premultiplied)
        tiny_painter = QPainter(tiny)
        bare = _again(view, steps, tiny_painter, lambda: strip.render(tiny_painter, origin))
        tiny_painter.end()
    strip_painter.end()
    del strip_image
    every_wall = wall["zoom"] + wall["pan"]
    every_cpu = cpu["zoom"] + cpu["pan"]
    out: dict[str, Any] = {
        "frames": len(every_wall),
        **_legacy(every_wall, every_cpu),
        "items_drawn_max": max(drawn, default=0),
    }
    for kind in ("zoom", "pan"):
        out.update(tail(wall[kind], f"{kind}_ms"))
        out.update(tail(cpu[kind], f"{kind}_cpu_ms"))
    if profile:
        out["profile"] = bp.summarize(records, quantile)
        for kind in ("zoom", "pan"):
            out["profile"].update(tail(again[kind], f"steady_{kind}_cpu_ms"))
            out["profile"].update(tail(bare[kind], f"unpainted_{kind}_cpu_ms"))
    return out


def _again(
    view: Any, steps: list[tuple[str, Any]], painter: Any, strip: Any
) -> dict[str, list[float]]:
    """The script's frames drawn with ``painter`` (and the strip by ``strip()``): each
    frame's CPU ms, zoom and pan apart."""
    out: dict[str, list[float]] = {"zoom": [], "pan": []}
    for kind, scale in steps:
        c = time.thread_time()
        view.set_scale(scale)
        view.draw(painter)
        strip()
        out[kind].append((time.thread_time() - c) * 1000)
    return out


def _legacy(wall: list[float], cpu: list[float]) -> dict[str, float]:
    """The all-frames figures (``frame_ms_p50`` …) as earlier benches gave them."""
    w, c = tail(wall, "frame_ms"), tail(cpu, "frame_cpu_ms")
    return {**w, **c}


def _overview(view: Any) -> tuple[Any, Any, Any]:
    """The overview strip over ``view``, an image of its size and a painter on it."""
    from PySide6.QtGui import QImage, QPainter

    from citeline.ui.timeline.overview import OverviewStrip

    strip = OverviewStrip(view)
    strip.resize(view.width(), 36)
    image = QImage(view.width(), 36, QImage.Format.Format_ARGB32_Premultiplied)
    return strip, image, QPainter(image)

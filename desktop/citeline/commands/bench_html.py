"""``citeline bench --html``: measure the exported web page in headless Chromium.

It exports the synthetic project as HTML, then opens the page from ``file://`` in the
system's Chromium (driven by Playwright, a development dependency; no browser is ever
downloaded) and measures what a reader waits for:

- ``file_mb``: the page's size;
- ``interactive_ms``: from the start of navigation until the page's script has drawn
  the timeline and listens to input (the page marks that moment), median of three
  fresh loads; ``interactive_cpu_ms``: the page's main-thread CPU time until then;
- ``zoom_frame_ms``: for a scripted series of zoom steps (the zoom buttons, in and out
  across the whole range), the time from the frame's start to the end of its rendering
  (script, style, layout, paint), p50 and p95; ``zoom_input_ms`` adds the wait for the
  next frame after the click, which the display's refresh rate decides;
  ``zoom_cpu_ms``: the main thread's CPU time per step, which a busy machine does not
  inflate the way it inflates wall-clock time;
- ``rest_cpu_ms``: the page's main-thread CPU time in the 0.4 s after the last zoom
  step, when the view rests and the items' buttons catch up with the drawing;
- ``pan_frame_ms`` and ``pan_cpu_ms``: the same for a scripted series of pan steps (a
  sideways wheel or trackpad swipe of 48 pixels a step, to and fro) at two zooms, 3.4x
  and 17x closer than fit-all.
"""

from __future__ import annotations

import importlib.util
import os
import statistics
import time
from pathlib import Path
from typing import Any

from citeline.core.errors import CitelineError

CHROMIUM = Path(os.environ.get("CITELINE_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ZOOM_STEPS = 60
PAN_STEPS = 60
#: Zoom-in steps from fit-all before each half of the pan steps (the zoom buttons).
PAN_ZOOMS = (3, 7)
PAN_PX = 48

# Runs in the page: one click on a zoom button, timed to the end of the frame it causes.
_ZOOM_STEP = """async (zoomIn) => {
  const button = document.getElementById(zoomIn ? 'zoom-in' : 'zoom-out');
  const clicked = performance.now();
  let began = 0;
  button.click();
  await new Promise(done => requestAnimationFrame(ts => { began = ts; setTimeout(done, 0); }));
  const ended = performance.now();
  return [ended - Math.max(began, clicked), ended - clicked];
}"""

# Runs in the page: one sideways wheel step on the timeline (a pan), timed the same way.
_PAN_STEP = """async (dx) => {
  const view = document.getElementById('tl-view');
  const clicked = performance.now();
  let began = 0;
  view.dispatchEvent(new WheelEvent('wheel', {deltaX: dx, bubbles: true, cancelable: true}));
  await new Promise(done => requestAnimationFrame(ts => { began = ts; setTimeout(done, 0); }));
  const ended = performance.now();
  return [ended - Math.max(began, clicked), ended - clicked];
}"""

# Runs in the page: fit all, then zoom in ``steps`` times, and wait for the frame.
_ZOOM_TO = """async (steps) => {
  document.getElementById('zoom-fit').click();
  for (let k = 0; k < steps; k++) document.getElementById('zoom-in').click();
  await new Promise(done => requestAnimationFrame(() => setTimeout(done, 0)));
}"""


class BenchError(CitelineError):
    """The page cannot be measured here (no browser, or no Playwright)."""


def quantile(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def _check() -> None:
    """Refuse early, in one line, when there is no browser or no Playwright."""
    if not CHROMIUM.exists():
        raise BenchError(f"no Chromium at {CHROMIUM}: install it (apt-get install chromium)")
    if importlib.util.find_spec("playwright") is None:
        raise BenchError(
            "--html drives Chromium through Playwright, a development dependency: "
            "run it from a checkout with uv run"
        )


def measure_html(project: Path, out_dir: Path, loads: int = 3) -> dict[str, Any]:
    """Export ``project`` as a page in ``out_dir`` and measure it in Chromium."""
    from citeline.core.io import export
    from citeline.core.store import Store

    _check()
    page_path = out_dir / "bench.html"
    store = Store.open(project, read_only=True)
    try:
        t, cpu = time.perf_counter(), time.process_time()
        export(store, "html", page_path)
        export_s, export_cpu_s = time.perf_counter() - t, time.process_time() - cpu
    finally:
        store.close()
    result: dict[str, Any] = {
        "export_s": round(export_s, 2),
        "export_cpu_s": round(export_cpu_s, 2),
    }
    result.update(measure_page(page_path, loads))
    return result


def measure_page(page_path: Path, loads: int = 3) -> dict[str, Any]:
    """Measure an exported page in Chromium: its size, loads, zoom and pan steps."""
    _check()
    from playwright.sync_api import sync_playwright

    url = page_path.as_uri()
    result: dict[str, Any] = {"file_mb": round(page_path.stat().st_size / 1e6, 2)}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        try:
            ready: list[float] = []
            busy_ms = 0.0
            for run in range(loads):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                cdp = context.new_cdp_session(page)
                # Thread ticks: durations are CPU time, which other programs on the
                # machine do not swell as they swell wall-clock time.
                cdp.send("Performance.enable", {"timeDomain": "threadTicks"})
                page.goto(url, wait_until="commit")
                page.wait_for_selector("html[data-timeline=ready]", timeout=60_000)
                ready.append(float(page.get_attribute("html", "data-ready-ms") or "nan"))
                if run == 0:
                    busy_ms = _metric(cdp, "TaskDuration")
                    drawn = page.locator("#tl-view .it:not([hidden])").count()
                    frame, input_, cpu = _zoom(page, cdp)
                    # What the page does once the zooming stops (its item buttons follow
                    # the drawing then, not at every step): the CPU of the next 0.4 s.
                    before = _metric(cdp, "TaskDuration")
                    page.wait_for_timeout(400)
                    rest_ms = _metric(cdp, "TaskDuration") - before
                    pan_frame, pan_cpu = _pan(page, cdp)
                context.close()
            result.update(
                {
                    "interactive_ms": round(statistics.median(ready)),
                    "interactive_ms_max": round(max(ready)),
                    "interactive_cpu_ms": round(busy_ms),
                    "zoom_steps": len(frame),
                    "zoom_frame_ms_p50": round(quantile(frame, 0.5), 1),
                    "zoom_frame_ms_p95": round(quantile(frame, 0.95), 1),
                    "zoom_input_ms_p95": round(quantile(input_, 0.95), 1),
                    "zoom_cpu_ms_p50": round(quantile(cpu, 0.5), 1),
                    "zoom_cpu_ms_p95": round(quantile(cpu, 0.95), 1),
                    "rest_cpu_ms": round(rest_ms, 1),
                    "pan_steps": len(pan_frame),
                    "pan_frame_ms_p50": round(quantile(pan_frame, 0.5), 1),
                    "pan_frame_ms_p95": round(quantile(pan_frame, 0.95), 1),
                    "pan_cpu_ms_p50": round(quantile(pan_cpu, 0.5), 1),
                    "pan_cpu_ms_p95": round(quantile(pan_cpu, 0.95), 1),
                    "items_drawn_at_fit": drawn,
                    "chromium": browser.version,
                }
            )
        finally:
            browser.close()
    return result


def _zoom(page: Any, cdp: Any) -> tuple[list[float], list[float], list[float]]:
    """Zoom in and out by the buttons (12 steps each way, five times); per step the
    frame's wall time, the wait from the click, and the page's main-thread CPU time."""
    frame: list[float] = []
    input_: list[float] = []
    cpu: list[float] = []
    for k in range(ZOOM_STEPS):
        before = _metric(cdp, "TaskDuration")
        f, i = page.evaluate(_ZOOM_STEP, (k // 12) % 2 == 0)
        # The metric's own call is a task too; it costs well under a millisecond.
        cpu.append(_metric(cdp, "TaskDuration") - before)
        frame.append(f)
        input_.append(i)
    return frame, input_, cpu


def _pan(page: Any, cdp: Any) -> tuple[list[float], list[float]]:
    """Pan by sideways wheel steps at each zoom of PAN_ZOOMS (half the steps each, a
    quarter of them right and a quarter back left); per step the frame's wall time and
    the page's main-thread CPU time."""
    frame: list[float] = []
    cpu: list[float] = []
    per_zoom = max(2, PAN_STEPS // len(PAN_ZOOMS))
    for zoom_in in PAN_ZOOMS:
        page.evaluate(_ZOOM_TO, zoom_in)
        for k in range(per_zoom):
            before = _metric(cdp, "TaskDuration")
            f, _ = page.evaluate(_PAN_STEP, PAN_PX if k < per_zoom // 2 else -PAN_PX)
            cpu.append(_metric(cdp, "TaskDuration") - before)
            frame.append(f)
    return frame, cpu


def _metric(cdp: Any, name: str) -> float:
    """One of Chromium's page metrics, in milliseconds (CPU time: see threadTicks)."""
    metrics = cdp.send("Performance.getMetrics")["metrics"]
    return 1000.0 * next(m["value"] for m in metrics if m["name"] == name)

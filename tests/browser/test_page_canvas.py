"""The page's timeline drawn on a canvas (resources/web/marks.js), with a transparent
button over each drawn item: what is drawn, what the buttons say, and that clicks,
focus, hovering and scrolling still work while the buttons wait for the view to rest."""

from __future__ import annotations

import re
from typing import Any

import pytest

from citeline.core.io import export
from citeline.core.sample import build_sample
from citeline.core.store import Store

# The canvas's pixels at a point of the window: [r, g, b, a].
PIXEL = """([x, y]) => {
  const c = document.querySelector('#tl-view canvas.marks'), r = c.getBoundingClientRect();
  const dpr = c.width / r.width;
  if (x < r.left || x >= r.right || y < r.top || y >= r.bottom) return null;
  const g = c.getContext('2d');
  return Array.from(g.getImageData((x - r.left) * dpr, (y - r.top) * dpr, 1, 1).data);
}"""
# The most opaque pixel of the canvas in a box of the window (its alpha).
OPAQUE = """([x, y, w, h]) => {
  const c = document.querySelector('#tl-view canvas.marks'), r = c.getBoundingClientRect();
  const dpr = c.width / r.width;
  const px = c.getContext('2d').getImageData((x - r.left) * dpr, (y - r.top) * dpr,
                                             Math.max(1, w * dpr), Math.max(1, h * dpr)).data;
  let top = 0;
  for (let k = 3; k < px.length; k += 4) top = Math.max(top, px[k]);
  return top;
}"""
# Dark pixels (the labels' ink) in a box of the window.
INK = """([x, y, w, h]) => {
  const c = document.querySelector('#tl-view canvas.marks'), r = c.getBoundingClientRect();
  const dpr = c.width / r.width;
  const px = c.getContext('2d').getImageData((x - r.left) * dpr, (y - r.top) * dpr,
                                             Math.max(1, w * dpr), h * dpr).data;
  let n = 0;
  for (let k = 0; k < px.length; k += 4) if (px[k + 3] > 150 && px[k] < 90 && px[k + 1] < 90) n++;
  return n;
}"""
SETTLED = "() => new Promise(d => setTimeout(() => requestAnimationFrame(() => d()), 300))"


@pytest.fixture(scope="module")
def sample_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    store = Store.memory()
    build_sample(store)
    path = tmp_path_factory.mktemp("canvas") / "sample.html"
    export(store, "html", path)
    return path.as_uri()


def drawn(page: Any) -> list[dict[str, Any]]:
    return page.evaluate("window.CitelineTimeline.drawn().flat()")


def centre(e: dict[str, Any]) -> tuple[float, float]:
    """The middle of an item's marker (a bar: of its part in view)."""
    if e["point"]:
        return e["x"] + 5, e["y"] + 10
    left = max(e["x"], 0)
    return left + (min(e["x"] + e["w"], 1200) - left) / 2, e["y"] + 10


def visible(page: Any, e: dict[str, Any]) -> bool:
    x, y = centre(e)
    box = page.locator("#tl-view").bounding_box()
    return (
        box["x"] + 2 < x < box["x"] + box["width"] - 2
        and box["y"] + 30 < y < box["y"] + box["height"] - 12
    )


def test_every_drawn_item_is_on_the_canvas_with_its_label(sample_url, open_page) -> None:
    page = open_page().open(sample_url)
    items = [e for e in drawn(page) if visible(page, e)]
    assert len(items) >= 10
    for e in items:
        x, y = centre(e)
        # The marker is painted (a bar's fill is light, its hatching striped: a few pixels)
        assert page.evaluate(OPAQUE, [x - 3, y - 3, 6, 6]) > 60, e["name"]
        if e["label"]:
            ink = page.evaluate(INK, [e["labelX"], e["y"] + 4, min(e["labelW"], 60), 12])
            assert ink > 10, e["label"]  # and its label's text
    # Between the rows, where nothing is drawn, the canvas is clear.
    first = items[0]
    assert page.evaluate(PIXEL, [first["x"] + 5, first["y"] - 1.5])[3] == 0 or first["flag"]


def test_buttons_name_the_drawn_items_and_lie_over_them(sample_url, open_page) -> None:
    page = open_page().open(sample_url)
    for _ in range(2):
        page.click("#zoom-in")
    page.evaluate(SETTLED)
    items = {e["name"]: e for e in drawn(page)}
    buttons = page.locator("#tl-view .it:not([hidden])").evaluate_all(
        "bs => bs.map(b => [b.getAttribute('aria-label'), b.getBoundingClientRect().toJSON()])"
    )
    assert sorted(name for name, _ in buttons) == sorted(items)
    for name, box in buttons:
        e = items[name]
        assert abs(box["left"] - e["x"]) < 0.2 and abs(box["top"] - e["y"]) < 0.2, name
        right = max(e["x"] + e["w"], e["labelX"] + e["labelW"] if e["label"] else 0)
        assert abs(box["right"] - right) < 0.2 and box["height"] == 20, name


def test_a_click_while_zooming_opens_the_item_under_the_pointer(sample_url, open_page) -> None:
    page = open_page().open(sample_url)
    page.click("#zoom-in")
    # The next frame is drawn; the buttons have not followed yet (they wait ~150 ms).
    page.evaluate("() => new Promise(d => requestAnimationFrame(() => d()))")
    target = next(e for e in drawn(page) if e["label"] and visible(page, e))
    page.mouse.click(target["labelX"] + 6, target["y"] + 10)
    page.locator("#card").wait_for(state="visible")
    assert page.url.endswith("#" + target["id"])


def test_keyboard_focus_is_ringed_and_hover_points(sample_url, open_page) -> None:
    page = open_page().open(sample_url)
    page.focus("#tl-view")
    page.keyboard.press("ArrowRight")
    page.evaluate(SETTLED)
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    e = next(e for e in drawn(page) if e["name"] == name)
    # The ring: 2 pixels of ink, 2 pixels out around the marker.
    around = [e["x"] - 4, e["y"] - 2, (14 if e["point"] else 8), 24]
    ringed = page.evaluate(INK, around)
    page.keyboard.press("Tab")  # away: the ring goes
    page.evaluate(SETTLED)
    assert ringed > page.evaluate(INK, around) + 15
    # Hovering an item points at it; elsewhere the timeline can be dragged.
    page = open_page().open(sample_url)
    target = next(t for t in drawn(page) if t["label"] and visible(page, t))
    page.mouse.move(target["labelX"] + 6, target["y"] + 10)
    assert "on-item" in page.get_attribute("#tl-view", "class")
    page.mouse.move(target["labelX"] + 6, target["y"] - 20 if target["y"] > 200 else 5)
    assert "on-item" not in (page.get_attribute("#tl-view", "class") or "")


def test_scrolling_the_lanes_draws_the_rows_come_into_view(sample_url, open_page) -> None:
    page = open_page(1280, 420).open(sample_url)
    view = page.locator("#tl-view")
    assert (
        page.evaluate("document.getElementById('tl-view').scrollHeight")
        > view.bounding_box()["height"]
    )
    page.evaluate("document.getElementById('tl-view').scrollTop = 10000")
    page.evaluate(SETTLED)
    items = [e for e in drawn(page) if visible(page, e)]
    assert items
    for e in items:
        x, y = centre(e)
        assert page.evaluate(PIXEL, [x, y]) is not None, e["name"]  # the canvas is there
        assert page.evaluate(OPAQUE, [x - 3, y - 3, 6, 6]) > 60, e["name"]


def test_the_drawn_items_are_buttons_to_assistive_technology(sample_url, open_page) -> None:
    page = open_page().open(sample_url)
    names = [e["name"] for e in drawn(page)]
    assert names
    for name in names[:5]:
        button = page.get_by_role("button", name=re.compile("^" + re.escape(name) + "$"))
        assert button.count() == 1, name


@pytest.fixture(scope="module")
def crowded_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A synthetic project of 600 events: at fit-all its lanes have cluster strips."""
    from citeline.commands.bench import generate

    folder = tmp_path_factory.mktemp("crowded")
    generate(folder / "crowded.citeline", 600, seed=3)
    store = Store.open(folder / "crowded.citeline", read_only=True)
    try:
        export(store, "html", folder / "crowded.html")
    finally:
        store.close()
    return (folder / "crowded.html").as_uri()


def test_a_click_on_a_cluster_strip_zooms_and_opens_nothing(crowded_url, open_page) -> None:
    page = open_page().open(crowded_url)
    strip = page.locator("#tl-view canvas.density:not([hidden])").first
    before = page.locator(".tick:not([hidden]) span").all_inner_texts()
    box = strip.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.evaluate(SETTLED)
    assert page.locator("#card").is_hidden()
    assert page.locator(".tick:not([hidden]) span").all_inner_texts() != before

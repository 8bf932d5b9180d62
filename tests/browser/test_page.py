"""The exported page in a real browser: the sample's timeline, cards, search, keys, safety."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from citeline.core.io import Selection, export
from citeline.core.io.selection import gather
from citeline.core.layout.fixed import stack_rows
from citeline.core.layout.stack import Mark
from citeline.core.sample import build_sample
from citeline.core.store import Store
from tests.browser.conftest import has_tool

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str]:
    store = Store.memory()
    build_sample(store)
    path = tmp_path_factory.mktemp("page") / "sample.html"
    export(store, "html", path)
    return store, path.as_uri()


def deal(store: Store) -> tuple[int, set[str]]:
    """The 2021 deal's id and the passages it cites."""
    row = store.query("SELECT id FROM events WHERE title = ?", [DEAL])[0]
    exact = store.query(
        "SELECT p.exact FROM evidence e JOIN passages p ON p.id = e.passage_id "
        "WHERE e.event_id = ?",
        [row["id"]],
    )
    return row["id"], {r["exact"] for r in exact}


def test_the_page_fetches_nothing_and_reports_no_error(sample, open_page) -> None:
    store, url = sample
    w = open_page()
    page = w.open(url)
    items = store.count("events") + store.count("quotes")
    assert page.locator("#chronology article").count() == items
    assert page.locator("#tl-view .it").count() > 0
    page.locator("#tl-view .it").nth(0).click()
    page.fill("#q", "Trump")
    page.wait_for_selector("#q-count:not(:empty)")
    assert w.requests == [url]  # the page itself, nothing else: no font, image or script
    assert w.errors == []  # no script error and no refusal by the page's policy
    # And the policy forbids fetching even if the page tried.
    blocked = page.evaluate(
        "() => fetch('https://example.org/x').then(() => 'fetched', () => 'refused')"
    )
    assert blocked == "refused" and w.requests == [url]


def test_clicking_the_2021_deal_opens_its_card_with_the_passage(sample, open_page) -> None:
    store, url = sample
    event_id, passages = deal(store)
    page = open_page().open(url)
    page.locator(f'#tl-view .it[aria-label^="{DEAL}"]').click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    assert card.locator("h3").inner_text() == DEAL
    assert set(card.locator("mark").all_inner_texts()) == passages
    assert "Mar 2021" in card.locator(".when").inner_text()
    assert "2021-03" in card.locator(".when code").inner_text()
    context = card.locator("blockquote").first.inner_text()
    assert len(context) > len(next(iter(passages))) + 40  # a few sentences around it
    assert page.url.endswith(f"#event-{event_id}")
    assert page.evaluate("document.activeElement.id") == "card-title"


def test_search_filters_the_timeline_and_the_chronology(sample, open_page) -> None:
    _, url = sample
    page = open_page().open(url)
    page.fill("#q", "pinkston")
    page.wait_for_selector("#q-count:not(:empty)")
    assert page.inner_text("#q-count") == "5 items match"
    visible = page.locator("#chronology article:not([hidden])")
    assert visible.count() == 5
    shown = page.locator("#tl-view .it:not([hidden])").evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    assert shown and all(name.startswith("Dan Pinkston") for name in shown)
    page.press("#q", "Enter")  # Enter opens the first match
    page.locator("#card").wait_for(state="visible")
    assert "Dan Pinkston" in page.inner_text("#card")
    page.keyboard.press("Escape")
    page.fill("#q", "")
    page.wait_for_selector("#q-count:empty", state="attached")
    assert page.locator("#chronology article:not([hidden])").count() == 25


def test_a_deep_link_opens_its_card_and_back_closes_it(sample, open_page) -> None:
    store, url = sample
    event_id, passages = deal(store)
    page = open_page().open(f"{url}#event-{event_id}")
    page.locator("#card").wait_for(state="visible")
    assert page.locator("#card h3").inner_text() == DEAL
    # From the plain page: a click adds a history entry that back takes away.
    page = open_page().open(url)
    page.locator(f'#chronology a[href="#event-{event_id}"]').click()
    page.locator("#card").wait_for(state="visible")
    assert set(page.locator("#card mark").all_inner_texts()) == passages
    page.go_back()
    page.locator("#card").wait_for(state="hidden")
    assert not page.url.endswith(f"#event-{event_id}")
    page.go_forward()
    page.locator("#card").wait_for(state="visible")


def test_every_item_is_reachable_by_keyboard_with_a_name(sample, open_page) -> None:
    store, url = sample
    page = open_page().open(url)
    first = gather(Selection(store)).items[0].title  # the page's order
    page.focus("#q")
    page.keyboard.press("Tab")  # the zoom buttons, then the timeline
    while page.evaluate("document.activeElement.id") != "tl-view":
        page.keyboard.press("Tab")
    page.keyboard.press("ArrowRight")
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    assert name.startswith(first)
    seen = {name}
    for _ in range(30):
        page.keyboard.press("ArrowRight")
        seen.add(page.evaluate("document.activeElement.getAttribute('aria-label')"))
    assert len(seen) == 25  # every item, each with its own accessible name
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    page.locator("#card").wait_for(state="visible")
    assert page.locator("#card h3").inner_text() == first
    page.keyboard.press("Escape")
    page.locator("#card").wait_for(state="hidden")
    assert page.evaluate("document.activeElement.getAttribute('aria-label')").startswith(first)
    # Zoom keys change the window: the first tick moves.
    before = page.locator(".tick:not([hidden]) span").all_inner_texts()
    page.focus("#tl-view")
    for _ in range(4):
        page.keyboard.press("+")
    page.wait_for_timeout(100)
    assert page.locator(".tick:not([hidden]) span").all_inner_texts() != before
    # And the chronology's items are links a keyboard reaches too.
    assert page.locator("#chronology h3 > a").count() == 25


def test_labels_never_overlap_at_any_zoom(sample, open_page) -> None:
    _, url = sample
    page = open_page(1000, 800).open(url)
    # The labels as drawn on the canvas, each a row high (tests/browser/test_page_canvas.py
    # checks that the canvas shows what drawn() says).
    check = """() => {
      const boxes = window.CitelineTimeline.drawn().flat().filter(e => e.label)
        .map(e => ({left: e.labelX, right: e.labelX + e.labelW, top: e.y, bottom: e.y + 20}));
      for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
        const a = boxes[i], b = boxes[j];
        if (a.left < b.right - 0.5 && b.left < a.right - 0.5 && a.top < b.bottom - 0.5
            && b.top < a.bottom - 0.5) return false;
      }
      return boxes.length;
    }"""
    for button in ("#zoom-fit", "#zoom-in", "#zoom-in", "#zoom-in", "#zoom-out"):
        page.click(button)
        page.wait_for_timeout(50)
        assert page.evaluate(check), button


def test_the_pages_row_rule_is_the_apps(sample, open_page) -> None:
    _, url = sample
    page = open_page().open(url)
    spec = [  # (row, x0, x1, label x, text), most important first
        (0, 150, 160, 164, "Talks"),
        (0, 0, 10, 14, "Deal signed in Seoul"),
        (1, 60, 70, 74, "A long title that will not fit anywhere"),
        (0, 300, 310, 314, "Election"),
        (0, 302, 312, 316, "x"),
        (1, 380, 500, 384, "A bar"),
        (0, 120, 130, 134, ""),
        (0, 123, 133, 137, "Hidden"),
        (0, 380, 390, 394, "No room left for this label"),
    ]
    marks = [(row, Mark(n, x0, x1, lx, text)) for n, (row, x0, x1, lx, text) in enumerate(spec)]
    want = stack_rows(marks, lambda s: 7.0 * len(s), right=420.0, gap=6.0, min_chars=4)
    got = page.evaluate(
        """(spec) => {
          const rows = {}, out = new Array(spec.length);
          spec.forEach(([row, x0, x1, labelX, text], n) =>
            (rows[row] = rows[row] || []).push({n, x0, x1, labelX, text}));
          for (const marks of Object.values(rows)) {
            const placed = window.CitelineTimeline.stackRow(
              marks, s => 7 * Array.from(s).length, 420, 6, 4);
            marks.forEach((m, k) => {
              out[m.n] = placed[k] && [placed[k].label, placed[k].labelX];
            });
          }
          return out;
        }""",
        spec,
    )
    assert got == [None if p is None else [p.label, p.label_x] for p in want]
    labels = [p.label for p in want if p is not None]
    assert any(label.endswith("\u2026") for label in labels)  # one is shortened
    assert "" in labels and None in want  # one is a bare marker, one left to the strip


def test_screenshots_at_desktop_and_phone_widths(sample, open_page, screenshots: Path) -> None:
    _, url = sample
    for name, (width, height) in {"desktop": (1280, 900), "phone": (390, 844)}.items():
        page = open_page(width, height).open(url)
        shot = screenshots / f"page-{name}.png"
        page.screenshot(path=str(shot))
        assert shot.stat().st_size > 20_000
        # Nothing sticks out sideways, and the timeline fills the width it is given.
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        view = page.locator("#tl-view").bounding_box()
        assert view is not None and view["width"] > 0.85 * width - 40
    page.locator(f'#tl-view .it[aria-label^="{DEAL[:20]}"]').first.click(force=True)
    page.locator("#card").wait_for(state="visible")
    card = page.locator("#card").bounding_box()
    assert card is not None and card["width"] == 390  # a bottom sheet on a phone
    page.screenshot(path=str(screenshots / "page-phone-card.png"))


def test_reduced_motion_turns_animation_off(sample, open_page) -> None:
    _, url = sample
    animation = "getComputedStyle(document.getElementById('card')).animationName"
    page = open_page().open(url)
    page.locator("#tl-view .it").first.click()
    assert page.evaluate(animation) != "none"
    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(animation) == "none"


def test_print_gives_the_chronology_with_numbered_citations(
    sample, open_page, tmp_path: Path
) -> None:
    if not has_tool("pdftotext"):
        pytest.skip("pdftotext is not installed (apt-get install poppler-utils)")
    store, url = sample
    page = open_page().open(url)
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4")
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "[1]" in flat and f"[{store.count('evidence') + store.count('quotes')}]" in flat
    assert DEAL in flat
    assert "Search" not in flat and "Fit" not in flat.split()  # no timeline chrome
    assert "Sources" in flat


def test_a_hostile_project_stays_text_in_the_browser(open_page, tmp_path: Path) -> None:
    from tests.core.test_io_safety import JS_URL, SCRIPT, hostile_project

    store = hostile_project()
    path = tmp_path / "hostile.html"
    export(store, "html", path)
    w = open_page()
    page = w.open(path.as_uri())
    page.locator("#tl-view .it").first.click()
    page.locator("#card").wait_for(state="visible")
    assert SCRIPT in page.inner_text("#card")
    assert page.locator("#card script, #card img").count() == 0
    page.fill("#q", "alert")
    page.wait_for_selector("#q-count:not(:empty)")
    assert w.dialogs == [] and w.errors == []
    assert w.requests == [path.as_uri()]
    assert page.locator(f'a[href="{JS_URL}"]').count() == 0


def test_the_embed_snippet_works_in_an_article(sample, open_page, tmp_path: Path) -> None:
    from citeline.core.io.html_page import embed_snippet

    store, _ = sample
    export(store, "html", tmp_path / "timeline.html")
    article = tmp_path / "article.html"
    article.write_text(
        "<!DOCTYPE html><html><body><h1>An article</h1><p>Text before.</p>"
        f"{embed_snippet('timeline.html', 'Timeline: the talks')}<p>Text after.</p></body></html>",
        encoding="utf-8",
    )
    w = open_page(800, 900)
    page = w.page
    page.goto(article.as_uri())
    frame = page.frame_locator("iframe[title='Timeline: the talks']")
    frame.locator("html[data-timeline=ready]").wait_for(state="attached")
    frame.locator(f'#tl-view .it[aria-label^="{DEAL}"]').click()
    frame.locator("#card").wait_for(state="visible")
    assert DEAL in frame.locator("#card h3").inner_text()
    frame.locator("#card .close").click()
    frame.locator("#card").wait_for(state="hidden")
    assert w.errors == []
    assert all(u.startswith("file://") for u in w.requests)

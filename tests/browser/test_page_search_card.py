"""The page's search and card together, a long card's close button, and a flagged item:
what the issue found in a real browser."""

from __future__ import annotations

import pytest

from citeline.core import items
from citeline.core.io import export
from citeline.core.sample import build_sample
from citeline.core.store import Store
from tests.core.test_conflicts import SIGNED, add_second_article, cite, deal_id

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


@pytest.fixture(scope="module")
def flagged_page(tmp_path_factory: pytest.TempPathFactory) -> tuple[Store, str]:
    store = Store.memory()
    build_sample(store)
    deal = deal_id(store)
    cite(store, deal, add_second_article(store), SIGNED)
    # a long card: a long description under the deal
    store.apply(items.update_event(store, deal, description="A long account. " * 400))
    path = tmp_path_factory.mktemp("page") / "flagged.html"
    export(store, "html", path)
    return store, path.as_uri()


def red_pixels_above(page, entry: dict) -> int:
    """How many pixels of the flag's red the canvas shows just above an item's marker."""
    return page.evaluate(
        """(e) => {
          const c = document.querySelector('#tl-view canvas.marks');
          const r = c.getBoundingClientRect(), dpr = c.width / r.width;
          const x = (e.x + 2 - r.left) * dpr, y = (e.y - 8 - r.top) * dpr;
          const px = c.getContext('2d').getImageData(x, y, 12 * dpr, 12 * dpr).data;
          let red = 0;
          for (let k = 0; k < px.length; k += 4)
            if (px[k + 3] > 100 && px[k] > 120 && px[k + 1] < 90 && px[k + 2] < 90) red++;
          return red;
        }""",
        entry,
    )


def drawn_titles(page) -> list[str]:
    return page.locator("#tl-view .it:not([hidden])").evaluate_all(
        "bs => bs.map(b => b.getAttribute('aria-label'))"
    )


def test_closing_a_card_leaves_only_the_matches_on_the_timeline(flagged_page, open_page) -> None:
    _, url = flagged_page
    w = open_page()
    page = w.open(url)
    page.locator('#tl-view .it[aria-label^="Seoul and the Biden"]').first.click()
    page.locator("#card").wait_for(state="visible")
    page.fill("#q", "Pinkston")
    page.wait_for_selector("#q-count:not(:empty)")
    count = page.inner_text("#q-count")
    page.locator("#card .close").click()
    page.locator("#card").wait_for(state="hidden")
    page.wait_for_timeout(100)
    drawn = drawn_titles(page)
    assert drawn and not any(t.startswith("Seoul and the Biden") for t in drawn), drawn
    # as many drawn (or counted in clusters) as the count says, never more
    matches = int(count.split()[0])
    assert len(drawn) <= matches
    assert w.errors == []


def test_a_long_card_keeps_its_close_button_in_reach(flagged_page, open_page) -> None:
    _, url = flagged_page
    page = open_page(1280, 700).open(url)
    page.locator('#tl-view .it[aria-label^="Seoul and the Biden"]').first.click()
    card = page.locator("#card")
    card.wait_for(state="visible")
    assert page.evaluate("document.getElementById('card').scrollHeight") > 2000
    page.evaluate("document.getElementById('card').scrollTop = 1500")
    page.wait_for_timeout(50)
    box = page.locator("#card .close").bounding_box()
    assert box is not None and 0 <= box["y"] <= 60, box  # still at the top of the card
    page.locator("#card .close").click()  # and it works there
    card.wait_for(state="hidden")


def test_the_flag_is_on_the_timeline_and_the_reason_on_the_card(flagged_page, open_page) -> None:
    _, url = flagged_page
    page = open_page().open(url)
    flagged = page.locator("#tl-view .it.fl")
    assert flagged.count() == 1
    assert flagged.first.get_attribute("aria-label").startswith(DEAL)
    # The flag is drawn on the canvas above the item's marker, in the flag's red.
    drawn = page.evaluate("window.CitelineTimeline.drawn().flat().filter(e => e.flag)")
    assert [e["name"][: len(DEAL)] for e in drawn] == [DEAL]
    assert red_pixels_above(page, drawn[0]) > 5
    flagged.first.click()
    page.locator("#card").wait_for(state="visible")
    reason = page.locator("#card .disagree").inner_text()
    assert reason.startswith("\u2691 Sources disagree: a source gives 8 Apr 2021")

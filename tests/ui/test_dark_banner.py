"""Dark mode: the reader's "Adding evidence to…" banner follows the palette (it stayed
white when the theme was switched)."""

from __future__ import annotations

from tests.ui.conftest import event_id

from citeline.ui import theme

DEAL = "Seoul and the Biden administration sign a new cost-sharing deal"


def banner_lightness(window) -> int:
    target = window.reader.target
    image = target.grab().toImage()
    return image.pixelColor(image.width() - 4, image.height() // 2).lightness()


def test_the_evidence_banner_turns_dark_with_the_theme(qtbot, window) -> None:
    doc = window.document
    deal = event_id(doc.store, DEAL)
    doc.select("event", deal)
    window.read_source(1)
    qtbot.waitUntil(window.reader.target.isVisible)
    assert banner_lightness(window) > 200  # light theme: a light banner
    # The palette View › Theme › Dark applies (to the window here: switching the whole
    # application's style would reach every window other tests left behind).
    light = window.palette()
    window.setPalette(theme.dark_palette())
    qtbot.wait(10)
    assert banner_lightness(window) < 100
    text = window.reader.target.palette().color(window.reader.target.foregroundRole())
    assert text.lightness() > 150  # and its words stay readable
    window.setPalette(light)
    qtbot.wait(10)
    assert banner_lightness(window) > 200

"""The numbered citations of a picture of the timeline: under an SVG or PNG, on pages
after a PDF. Each number gives its item, date and verification status, why its sources
disagree when they do (⚑), and every passage quoted with its source."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter

from citeline.core.citations import Citation, receipt_text
from citeline.ui.timeline.theme import Fonts, Theme

#: Word-wrapped, left-aligned text.
WRAP = int(Qt.AlignmentFlag.AlignLeft) | int(Qt.TextFlag.TextWordWrap)
#: Below each citation, in pixels.
GAP = 6.0
HEADING = "Citations"


@dataclass(frozen=True)
class Laid:
    """One citation laid out: its number and its lines (font, text, height)."""

    number: int
    lines: tuple[tuple[QFont, str, float], ...]

    @property
    def height(self) -> float:
        return sum(h for _, _, h in self.lines) + GAP


def lines_of(c: Citation, fonts: Fonts, show: Callable[[str], str]) -> list[tuple[QFont, str]]:
    """A citation's lines: the item with its date and status, the flag's reasons, the
    passages (``show`` writes the item's date)."""
    status = c.status.replace("-", " ")
    out = [(fonts.bold, f"{c.text} ({show(c.date_edtf)}) \u00b7 {status}")]
    if c.disagreement:
        out.append((fonts.bold, "\u2691 Sources disagree: " + "; ".join(c.disagreement)))
    out += [(fonts.small, receipt_text(r)) for r in c.receipts] or [
        (fonts.small, "(no passage cited)")
    ]
    return out


def number_width(fonts: Fonts, found: Sequence[Citation]) -> float:
    return fonts.width(f"{len(found)}.", fonts.bold) + 10.0


def lay_out(
    found: Sequence[Citation],
    fonts: Fonts,
    width: float,
    show: Callable[[str], str],
    measure: Callable[[QFont, float, str], float] | None = None,
) -> list[Laid]:
    """Every citation's lines wrapped to ``width`` (the number's column included).

    ``measure(font, width, text)`` gives a wrapped text's height; by default the font's
    own metrics (a PDF passes its painter's, whose resolution differs).
    """

    def by_metrics(font: QFont, w: float, text: str) -> float:
        return QFontMetricsF(font).boundingRect(QRectF(0, 0, w, 100_000), WRAP, text).height()

    measure = measure or by_metrics
    text_w = width - number_width(fonts, found) - 8.0
    return [
        Laid(
            c.number,
            tuple(
                (font, text, measure(font, text_w, text)) for font, text in lines_of(c, fonts, show)
            ),
        )
        for c in found
    ]


def heading_height() -> float:
    return 40.0


def block_height(laid: Sequence[Laid]) -> float:
    """How tall the citations are under a picture, heading included (0 without any)."""
    return heading_height() + sum(c.height for c in laid) if laid else 0.0


def draw_heading(p: QPainter, fonts: Fonts, theme: Theme, x: float, y: float) -> float:
    """The "Citations" heading at (x, y); the y below it."""
    p.setFont(fonts.title)
    p.setPen(theme.text)
    p.drawText(QPointF(x, y + 24.0), HEADING)
    return y + heading_height()


def draw_one(
    p: QPainter, fonts: Fonts, theme: Theme, c: Laid, x: float, y: float, num_w: float, width: float
) -> float:
    """One citation with its top at y; the y below it."""
    text_w = width - num_w - 8.0
    p.setFont(fonts.bold)
    p.setPen(theme.text)
    p.drawText(QRectF(x, y, num_w, 40), WRAP, f"{c.number}.")
    for font, text, h in c.lines:
        p.setFont(font)
        p.setPen(theme.text if font is not fonts.small else theme.muted)
        p.drawText(QRectF(x + num_w, y, text_w, h + 2), WRAP, text)
        y += h
    return y + GAP


def draw_block(
    p: QPainter,
    fonts: Fonts,
    theme: Theme,
    laid: Sequence[Laid],
    num_w: float,
    x: float,
    y: float,
    width: float,
) -> None:
    """The citations under a picture, from y down."""
    if not laid:
        return
    y = draw_heading(p, fonts, theme, x, y)
    for c in laid:
        y = draw_one(p, fonts, theme, c, x, y, num_w, width)

"""Colors and fonts of the timeline, for the screen (following the palette) and for print.

The painter takes everything it colors or measures from here, so the screen, SVG, PNG
and PDF differ only in the theme they are given.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetricsF, QGuiApplication, QPalette

#: Lane colors for lanes that have none, distinct in hue and readable on light and dark.
DEFAULT_LANE_COLORS = (
    "#2e86c1",
    "#c0392b",
    "#1e8449",
    "#7d3c98",
    "#d68910",
    "#148f77",
    "#a04000",
    "#5d6d7e",
)

#: Families tried after the main one, so Korean, Japanese and Chinese names render
#: (and are embedded in a PDF) even when the main family has no such glyphs.
CJK_FALLBACKS = ("Noto Sans CJK KR", "Noto Sans KR", "NanumGothic", "Malgun Gothic")
#: Latin families pictures print with first, when installed. A CJK family picked for
#: Latin text (as "Sans Serif" may resolve) prints digits that PDF readers cannot turn
#: back into text, so a printed "$5 billion" would not be found by search or copying.
PRINT_FAMILIES = ("DejaVu Sans", "Noto Sans", "Liberation Sans", "Arial", "Helvetica")


@dataclass(frozen=True)
class Theme:
    """The timeline's colors: background, lanes, grid, text, highlight and today."""

    background: QColor
    stripe: QColor
    column: QColor
    text: QColor
    muted: QColor
    grid: QColor
    grid_major: QColor
    highlight: QColor
    highlight_text: QColor
    today: QColor
    dark: bool = False
    #: Gradients fade to the background color instead of to transparent: PDF viewers
    #: differ in how (and whether) they draw soft-masked gradients.
    flat_gradients: bool = False

    @classmethod
    def from_palette(cls, palette: QPalette) -> Theme:
        """The theme matching a palette (light or dark, from its window color)."""
        base = palette.color(QPalette.ColorRole.Base)
        text = palette.color(QPalette.ColorRole.Text)
        dark = base.lightness() < 128
        return cls(
            background=base,
            stripe=_mix(base, text, 0.035),
            column=_mix(palette.color(QPalette.ColorRole.Window), text, 0.02),
            text=text,
            muted=_mix(base, text, 0.6),
            grid=_mix(base, text, 0.09),
            grid_major=_mix(base, text, 0.2),
            highlight=palette.color(QPalette.ColorRole.Highlight),
            highlight_text=palette.color(QPalette.ColorRole.HighlightedText),
            today=QColor("#ff6b5a") if dark else QColor("#d62c1a"),
            dark=dark,
        )

    @classmethod
    def light(cls, *, flat_gradients: bool = False) -> Theme:
        """The print theme: dark text on white, whatever the desktop's colors."""
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
        palette.setColor(QPalette.ColorRole.Window, QColor("#f4f4f4"))
        palette.setColor(QPalette.ColorRole.Text, QColor("#1b1b1b"))
        palette.setColor(QPalette.ColorRole.Highlight, QColor("#1f6fd1"))
        palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
        return replace(cls.from_palette(palette), flat_gradients=flat_gradients)

    def fade(self, c: QColor, alpha: int) -> QColor:
        """``c`` at ``alpha`` for a gradient stop (blended with the background when flat)."""
        if self.flat_gradients:
            return _mix(self.background, c, alpha / 255.0)
        out = QColor(c)
        out.setAlpha(alpha)
        return out

    def lane_color(self, color: str | None, position: int) -> QColor:
        """A lane's color, lifted on a dark background so it stays readable."""
        c = QColor(color) if color else QColor()
        if not c.isValid():
            c = QColor(DEFAULT_LANE_COLORS[position % len(DEFAULT_LANE_COLORS)])
        if self.dark and c.lightness() < 140:
            c = c.lighter(150)
        return c

    def era_color(self, color: str | None) -> QColor:
        """An era band's translucent fill."""
        c = QColor(color) if color else QColor()
        if not c.isValid():
            c = QColor(self.muted)
        c.setAlpha(70 if self.dark else 95)
        return c


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    """The color ``t`` of the way from ``a`` to ``b``."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
    )


def font_families(primary: str | None = None) -> list[str]:
    """The family list for timeline text: the primary family, then installed CJK ones."""
    main = primary or QGuiApplication.font().family()
    installed = set(QFontDatabase.families())
    return [main, *(f for f in CJK_FALLBACKS if f in installed and f != main)]


@dataclass
class Fonts:
    """The timeline's fonts, in pixel sizes so screen and paper lay out alike, with
    cached text widths (the layout measures the same titles frame after frame)."""

    families: list[str]
    size: int = 12
    label: QFont = field(init=False)
    small: QFont = field(init=False)
    bold: QFont = field(init=False)
    tiny: QFont = field(init=False)
    title: QFont = field(init=False)

    def __post_init__(self) -> None:
        self.label = self._font(self.size)
        self.small = self._font(self.size - 1)
        self.bold = self._font(self.size, bold=True)
        self.tiny = self._font(max(self.size - 3, 7), bold=True)
        self.title = self._font(self.size + 6, bold=True)
        self._metrics: dict[int, QFontMetricsF] = {}
        self._widths: dict[tuple[int, str], float] = {}
        self._elided: dict[tuple[str, float], str] = {}
        self._label_widths: dict[str, float] = {}
        self._counts: dict[int, float] = {}

    @classmethod
    def default(cls, size: int = 12) -> Fonts:
        """Fonts for exports at ``size`` px: a Latin print family when one is installed,
        then the application's family, then the CJK fallbacks."""
        installed = set(QFontDatabase.families())
        printing = next((f for f in PRINT_FAMILIES if f in installed), None)
        families = font_families()
        if printing is not None:
            families = [printing, *(f for f in families if f != printing)]
        return cls(families, size)

    @classmethod
    def like(cls, font: QFont) -> Fonts:
        """Fonts matching a widget's font family and size."""
        px = font.pixelSize()
        if px <= 0:
            px = round(font.pointSizeF() * 96 / 72) if font.pointSizeF() > 0 else 12
        return cls(font_families(font.family()), max(9, min(px, 20)))

    def _font(self, px: int, bold: bool = False) -> QFont:
        f = QFont()
        f.setFamilies(self.families)
        f.setPixelSize(px)
        f.setBold(bold)
        # Full hinting changes glyph widths with the device; without it a PDF and the
        # screen measure the same labels the same.
        f.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        return f

    def metrics(self, font: QFont) -> QFontMetricsF:
        """Cached metrics of one of these fonts."""
        key = id(font)
        m = self._metrics.get(key)
        if m is None:
            m = self._metrics[key] = QFontMetricsF(font)
        return m

    def width(self, text: str, font: QFont | None = None) -> float:
        """The advance width of ``text`` in ``font`` (the label font by default)."""
        font = font or self.label
        key = (id(font), text)
        w = self._widths.get(key)
        if w is None:
            if len(self._widths) > 20_000:
                self._widths.clear()
            w = self._widths[key] = self.metrics(font).horizontalAdvance(text)
        return w

    def measure_label(self, text: str) -> float:
        """The width of ``text`` in the label font (the layout's most asked question:
        kept by text alone, without building a key)."""
        w = self._label_widths.get(text)
        if w is None:
            if len(self._label_widths) > 20_000:
                self._label_widths.clear()
            w = self._label_widths[text] = self.width(text, self.label)
        return w

    def count_width(self, n: int) -> float:
        """The width of a cluster's count ``n`` as drawn ("1,234" in the tiny font)."""
        w = self._counts.get(n)
        if w is None:
            if len(self._counts) > 20_000:
                self._counts.clear()
            w = self._counts[n] = self.width(f"{n:,}", self.tiny)
        return w

    def measure_small(self, text: str) -> float:
        return self.width(text, self.small)

    def elide(self, text: str, max_px: float) -> str:
        """``text`` cut with "…" to fit ``max_px`` in the label font."""
        key = (text, max_px)
        out = self._elided.get(key)
        if out is None and self.measure_label(text) <= max_px:
            # It fits whole (Qt would return it as it is): no need to ask, nor to keep it
            # for every width a zoom gives a bar.
            return text
        if out is None:
            if len(self._elided) > 20_000:
                self._elided.clear()
            out = self.metrics(self.label).elidedText(text, Qt.TextElideMode.ElideRight, max_px)
            self._elided[key] = out
        return out

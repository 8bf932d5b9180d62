"""Converting between Python string offsets and Qt text positions (UTF-16 code units)."""

from __future__ import annotations

from bisect import bisect_right


class Utf16Map:
    """Maps code-point offsets of a text to UTF-16 positions and back.

    Qt counts characters outside the Basic Multilingual Plane (emoji, rare CJK) as two;
    Python counts them as one. Texts without such characters map one to one.
    """

    def __init__(self, text: str) -> None:
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral_qt = [i + n for n, i in enumerate(self._astral)]

    def to_qt(self, offset: int) -> int:
        """The Qt position of a Python offset."""
        if not self._astral:
            return offset
        return offset + bisect_right(self._astral, offset - 1)

    def from_qt(self, position: int) -> int:
        """The Python offset of a Qt position (a position inside a pair rounds down)."""
        if not self._astral:
            return position
        return position - bisect_right(self._astral_qt, position - 1)

"""Parts of a timeline frame drawn from kept images, pixel for pixel what drawing them
anew gives, for the screen's painter (exports draw everything as it is).

The lane column (its background, border, lane colors and folds) costs a few tenths of a
millisecond a frame to draw and changes only when the lanes move: it is drawn once into
an opaque image and copied after. The copy is exact where the painter maps the frame to
whole device pixels, which :func:`whole_pixels` tells.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter, QTransform

_TX_INTEGER = (QTransform.TransformationType.TxNone, QTransform.TransformationType.TxTranslate)


def whole_pixels(p: QPainter) -> bool:
    """Whether ``p`` draws the frame's pixels on whole device pixels (no scaling, no
    fractional offset), so an image of a part drawn once lands where its pixels would."""
    t = p.deviceTransform()
    if t.type() not in _TX_INTEGER:
        return False
    return t.dx() == int(t.dx()) and t.dy() == int(t.dy())


class KeptImage:
    """One opaque image drawn by a function and kept while its key stays the same (its
    copy is a plain copy of pixels: nothing shows through).

    A key met for the first time is only noted: while the key changes at every frame
    (the lanes grow and shrink through a zoom) drawing directly costs less than drawing
    into an image and copying it. From its second frame in a row on, it is kept."""

    def __init__(self) -> None:
        self._key: Hashable = None
        self._image: QImage | None = None
        self._last: Hashable = None

    def get(
        self, key: Hashable, width: int, height: int, draw: Callable[[QPainter], None]
    ) -> QImage | None:
        """The image for ``key``, or None when the caller should draw it itself."""
        if self._image is not None and self._key == key:
            return self._image
        if key != self._last:
            self._last = key
            return None
        width, height = max(1, width), max(1, height)
        image = self._image
        if image is None or image.width() != width or image.height() != height:
            image = QImage(width, height, QImage.Format.Format_RGB32)
        image.fill(Qt.GlobalColor.black)
        p = QPainter(image)
        draw(p)
        p.end()
        self._key, self._image = key, image
        return image

"""The Qt bindings keep Python's reference counts straight (one release did not)."""

import sys

from PySide6.QtGui import QColor, QImage, QPainter


def test_void_calls_do_not_leak_references_to_none(qapp) -> None:
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(QColor(1, 2, 3))
    painter.end()
    # a faulty release loses one reference per call: 2000 here
    assert sys.getrefcount(None) >= before - 50

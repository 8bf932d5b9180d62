"""The application icon: one SVG, and PNG/ICO/ICNS files that are renders of it."""

from __future__ import annotations

import struct
from xml.etree import ElementTree

import pytest
import render_icons
from PySide6.QtGui import QImage

from tests.packaging.conftest import ICONS, PACKAGING

SVG = ICONS / "citeline.svg"


def test_the_svg_is_a_square_drawing() -> None:
    root = ElementTree.parse(SVG).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    assert (x, y) == (0, 0) and width == height


def pixels(image: QImage) -> bytes:
    """The 8-bit channels of an ARGB32 image, row after row."""
    row = image.width() * 4
    data = bytes(image.constBits())
    return b"".join(
        data[y * image.bytesPerLine() : y * image.bytesPerLine() + row]
        for y in range(image.height())
    )


@pytest.mark.parametrize("size", render_icons.PNG_SIZES)
def test_each_png_is_the_svg_drawn_at_its_size(qapp, size: int) -> None:
    committed = QImage(str(ICONS / f"citeline-{size}.png")).convertToFormat(
        QImage.Format.Format_ARGB32
    )
    assert (committed.width(), committed.height()) == (size, size)
    # Transparent corners (a rounded tile), an opaque middle.
    assert committed.pixelColor(0, 0).alpha() == 0
    assert committed.pixelColor(size // 2, size // 2).alpha() == 255
    # A fresh render matches: the PNGs were made from this SVG, not an older drawing.
    fresh = render_icons.render(size)
    old, new = pixels(committed), pixels(fresh)
    # Allow for antialiasing that differs between Qt versions, not for a changed drawing.
    changed = sum(
        1
        for i in range(0, len(old), 4)
        if max(abs(p - q) for p, q in zip(old[i : i + 4], new[i : i + 4], strict=True)) > 24
    )
    assert changed <= size * size * 0.002, "run packaging/render_icons.py again"


def test_the_windows_icon_holds_every_size_as_png() -> None:
    data = (PACKAGING / "icons" / "citeline.ico").read_bytes()
    reserved, kind, count = struct.unpack_from("<HHH", data)
    assert (reserved, kind, count) == (0, 1, len(render_icons.ICO_SIZES))
    sizes = []
    for index in range(count):
        width, height, _, _, _, bits, length, offset = struct.unpack_from(
            "<BBBBHHII", data, 6 + 16 * index
        )
        assert width == height and bits == 32
        assert data[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        image = QImage.fromData(data[offset : offset + length], "PNG")
        side = width or 256
        assert (image.width(), image.height()) == (side, side)
        sizes.append(side)
    assert sizes == list(render_icons.ICO_SIZES)


def test_the_macos_icon_holds_its_elements() -> None:
    data = (PACKAGING / "icons" / "citeline.icns").read_bytes()
    assert data[:4] == b"icns" and struct.unpack_from(">I", data, 4)[0] == len(data)
    found, offset = {}, 8
    while offset < len(data):
        kind, length = data[offset : offset + 4], struct.unpack_from(">I", data, offset + 4)[0]
        image = QImage.fromData(data[offset + 8 : offset + length], "PNG")
        found[kind] = image.width()
        offset += length
    assert offset == len(data)
    assert found == {kind: size for kind, size in render_icons.ICNS_TYPES}


def test_the_app_uses_the_icon_for_its_windows(qapp) -> None:
    from citeline.ui.app import _icon

    icon = _icon()
    assert icon is not None
    sizes = {s.width() for s in icon.availableSizes()}
    assert set(render_icons.PNG_SIZES) <= sizes

"""Render Citeline's icon (resources/icons/citeline.svg) to the PNG, ICO and ICNS files.

    uv run python packaging/render_icons.py

writes resources/icons/citeline-SIZE.png for the hicolor sizes (the app's window icon and
the Linux desktop icon) and packaging/icons/citeline.ico and citeline.icns (the Windows and
macOS bundle icons). Qt's QSvgRenderer draws every size from the one SVG, so the drawing is
edited in one place and this script is run again; tests/packaging checks the PNGs still
match the SVG.
"""

from __future__ import annotations

import os
import struct
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "icons" / "citeline.svg"
ICON_DIR = ROOT / "resources" / "icons"
BUNDLE_ICON_DIR = ROOT / "packaging" / "icons"

#: The hicolor theme sizes shipped as PNG.
PNG_SIZES = (16, 32, 48, 64, 128, 256, 512)
#: Sizes inside the Windows .ico (256 is the largest the format describes).
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: ICNS element types and the pixel size each holds (the @2x ones reuse larger renders).
ICNS_TYPES = (
    (b"icp4", 16),
    (b"icp5", 32),
    (b"ic11", 32),
    (b"icp6", 64),
    (b"ic12", 64),
    (b"ic07", 128),
    (b"ic08", 256),
    (b"ic13", 256),
    (b"ic09", 512),
    (b"ic14", 512),
    (b"ic10", 1024),
)


def render(size: int, svg: Path = SVG) -> QImage:
    """The icon drawn at ``size`` x ``size`` pixels on a transparent background."""
    if QGuiApplication.instance() is None:
        # QSvgRenderer needs a Gui application for fonts and pixmaps; keep it alive.
        render.app = QGuiApplication(sys.argv[:1])  # type: ignore[attr-defined]
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    renderer.render(painter)
    painter.end()
    return image.convertToFormat(QImage.Format.Format_ARGB32)


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise RuntimeError("Qt could not encode a PNG")
    buffer.close()
    return bytes(data.data())


def ico_bytes(pngs: dict[int, bytes]) -> bytes:
    """A Windows icon file holding one PNG-encoded image per size."""
    sizes = sorted(pngs)
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries, images = [], []
    for size in sizes:
        data = pngs[size]
        side = 0 if size >= 256 else size  # 0 stands for 256 in the directory
        entries.append(struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(data), offset))
        images.append(data)
        offset += len(data)
    return header + b"".join(entries) + b"".join(images)


def icns_bytes(pngs: dict[int, bytes]) -> bytes:
    """A macOS icon file holding PNG-encoded elements."""
    body = b"".join(
        kind + struct.pack(">I", 8 + len(pngs[size])) + pngs[size] for kind, size in ICNS_TYPES
    )
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> int:
    """Write every icon file from the SVG."""
    needed = sorted({*PNG_SIZES, *ICO_SIZES, *(size for _, size in ICNS_TYPES)})
    pngs = {size: png_bytes(render(size)) for size in needed}
    ICON_DIR.mkdir(parents=True, exist_ok=True)
    BUNDLE_ICON_DIR.mkdir(parents=True, exist_ok=True)
    for size in PNG_SIZES:
        (ICON_DIR / f"citeline-{size}.png").write_bytes(pngs[size])
    (BUNDLE_ICON_DIR / "citeline.ico").write_bytes(ico_bytes({s: pngs[s] for s in ICO_SIZES}))
    (BUNDLE_ICON_DIR / "citeline.icns").write_bytes(icns_bytes(pngs))
    print(f"Wrote {len(PNG_SIZES)} PNGs to {ICON_DIR} and the .ico/.icns to {BUNDLE_ICON_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

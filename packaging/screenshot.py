"""Take the screenshot the AppStream metainfo refers to: the main window on the sample.

    uv run python packaging/screenshot.py [OUT.png]

draws the window offscreen (no display needed) in a throwaway Citeline home, so the
user's settings and recent files neither shape the picture nor change. The default output
is resources/desktop/screenshots/main-window.png, the path the metainfo names relative to
itself.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_OUT = ROOT / "resources" / "desktop" / "screenshots" / "main-window.png"
#: 16:9, the shape software centres show screenshots in.
SIZE = (1600, 900)


def _select_a_cited_event(window) -> None:
    # An event with its passage open in the reader shows what Citeline is for.
    from citeline.core import queries

    store = window.document.store
    for row in store.rows("events"):
        if queries.evidence(store, row["id"]) and "sign" in row["title"]:
            window.document.select("event", row["id"])
            return


def main(argv: list[str]) -> int:
    """Draw the window on the sample project and save it as PNG."""
    out = Path(argv[0]) if argv else DEFAULT_OUT
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="citeline-shot-") as home:
        os.environ["CITELINE_HOME"] = home
        from PySide6.QtWidgets import QApplication

        from citeline.ui.app import application, build_window

        app = application()
        window = build_window(None)
        window.resize(*SIZE)
        window.show()
        _select_a_cited_event(window)
        for _ in range(20):  # let layouts, the timeline and the reader settle
            app.processEvents()
        image = window.grab().toImage()
        out.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(out), "PNG"):
            print(f"could not write {out}", file=sys.stderr)
            return 1
        window.document.store.close()
        window.close()
        QApplication.processEvents()
    print(f"Wrote {out} ({image.width()}x{image.height()})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

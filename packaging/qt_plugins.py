"""Which Qt plugins the Citeline bundle keeps (used by the PyInstaller recipe and its hook).

PyInstaller's Qt hooks collect every plugin of each kind a Qt module uses, and then every
library those plugins link to. Filtering inside the QtGui hook, before that second step,
keeps the libraries of unwanted plugins (a private copy of GTK, EGL device support) out
of the bundle; docs/packaging.md lists what is kept and why.
"""

from __future__ import annotations

from pathlib import PurePosixPath

#: Plugin folder under Qt/plugins -> substrings of the file names kept (None: keep all).
#: Kept: drawing offscreen (tests, exports, CI), on X11 (xcb) and Wayland, on Windows and
#: macOS; SVG and the common raster formats; SVG icons; printing; input methods; the
#: desktop portal for native file dialogs. Not kept: the GTK theme plugin (it would pull in
#: a private copy of GTK), EGL-only and framebuffer platforms, touch and tablet drivers.
KEEP_PLUGINS: dict[str, set[str] | None] = {
    "platforms": {"offscreen", "minimal.", "xcb", "wayland", "qwindows", "qcocoa"},
    "platforms/darwin": None,
    "imageformats": {"svg", "jpeg", "gif", "ico."},
    "iconengines": None,
    "printsupport": None,
    "platforminputcontexts": {"compose", "ibus"},
    "platformthemes": {"xdgdesktopportal"},
    "xcbglintegrations": None,
    "wayland-decoration-client": None,
    "wayland-shell-integration": {"xdg-shell"},
    "wayland-graphics-integration-client": {"wayland-egl"},
    "styles": None,
}


def plugin_kind(dest: str) -> str | None:
    """The plugin folder of a bundled file ('platforms'...), or None if it is no plugin."""
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    for index in range(len(parts) - 2):
        if parts[index] == "Qt" and parts[index + 1] == "plugins":
            return "/".join(parts[index + 2 : -1])
    return None


def wanted(dest: str) -> bool:
    """Whether a file destined for ``dest`` in the bundle belongs in it."""
    normal = "/" + dest.replace("\\", "/")
    if "/Qt/translations/" in normal:
        return False  # Citeline's interface is English; Qt's dialogs should match it
    kind = plugin_kind(dest)
    if kind is None:
        return True
    if kind not in KEEP_PLUGINS:
        return False
    names = KEEP_PLUGINS[kind]
    filename = PurePosixPath(normal).name
    return names is None or any(name in filename for name in names)

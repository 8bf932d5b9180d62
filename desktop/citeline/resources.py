"""Where the files Citeline ships (sample article, icons) are found at run time."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """The folder of shipped resources, in a source tree, a wheel or a bundle."""
    here = Path(__file__).resolve().parent
    candidates = [
        here / "resources",  # installed wheel (force-included) or a bundle
        here.parent.parent / "resources",  # source checkout: desktop/citeline -> repo root
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        candidates.insert(0, Path(bundle) / "citeline" / "resources")
    for candidate in candidates:
        if (candidate / "sample").is_dir():
            return candidate
    raise FileNotFoundError("Citeline's resources folder is missing from this installation")


def resource(*parts: str) -> Path:
    """The path of one shipped resource file."""
    return resources_dir().joinpath(*parts)

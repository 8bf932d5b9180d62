"""Shared helpers for the packaging tests: the repository's files and the tools they need."""

from __future__ import annotations

import os
import shutil
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
DESKTOP = ROOT / "resources" / "desktop"
ICONS = ROOT / "resources" / "icons"
APP_ID = "org.citeline.Citeline"

# The packaging scripts (render_icons, measure_startup, qt_plugins) are plain files, not a
# package: make them importable here.
if str(PACKAGING) not in sys.path:
    sys.path.insert(0, str(PACKAGING))


def pyproject() -> dict:
    """pyproject.toml, parsed."""
    with open(ROOT / "pyproject.toml", "rb") as f:
        return tomllib.load(f)


def declared_version() -> str:
    """The one version number, as pyproject.toml declares it."""
    return pyproject()["project"]["version"]


def require_tool(name: str, package: str) -> str:
    """The path of a system validator; skip, saying why, when it is missing.

    A desktop machine with only what the README asks for (Python and uv) has none of
    them. CI installs them all (.ci/run) and sets CITELINE_REQUIRE_TOOLS=1, so there a
    missing validator fails instead of skipping.
    """
    path = shutil.which(name)
    if path is None:
        message = (
            f"{name} is not installed, so this check of the desktop files needs it "
            f"(apt-get install {package}); CI installs it in .ci/run"
        )
        if os.environ.get("CITELINE_REQUIRE_TOOLS"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path

"""A real browser for the exported page: Debian's Chromium, driven by Playwright.

One headless browser serves the whole session; each test gets a fresh page in a fresh
context. Playwright is pointed at the system's ``/usr/bin/chromium`` and never
downloads a browser; ``launch`` gives every session a new, empty profile. Without that
browser (or without Playwright) the tests skip and say why; ``.ci/run`` installs it.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

# The same browser and flags as `citeline bench --html`, so tests and figures agree.
from citeline.commands.bench_html import CHROMIUM, FLAGS


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("Playwright for Python is not installed (uv sync installs it)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=FLAGS)
        yield b
        b.close()


class Watched:
    """A page with every request it makes and every error it reports recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        page.on("console", self._console)
        page.on("pageerror", lambda e: self.errors.append(f"error: {e}"))
        page.on("dialog", self._dialog)
        # Every request is recorded; anything but the page itself is refused.
        page.route("**/*", self._route)

    def _console(self, message: Any) -> None:
        if message.type in ("error", "warning"):
            self.errors.append(f"{message.type}: {message.text}")

    def _dialog(self, dialog: Any) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _route(self, route: Any) -> None:
        self.requests.append(route.request.url)
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_selector("html[data-timeline=ready]", timeout=10_000)
        return self.page


@pytest.fixture
def open_page(browser: Any) -> Iterator[Any]:
    """A function giving a Watched page of a given size; all closed after the test."""
    contexts: list[Any] = []

    def make(width: int = 1280, height: int = 900, **options: Any) -> Watched:
        context = browser.new_context(viewport={"width": width, "height": height}, **options)
        contexts.append(context)
        return Watched(context.new_page())

    yield make
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go: $CITELINE_SCREENSHOTS when set (to keep them), else a temp dir."""
    kept = os.environ.get("CITELINE_SCREENSHOTS")
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        return Path(kept)
    return tmp_path_factory.mktemp("screenshots")


def has_tool(name: str) -> bool:
    return shutil.which(name) is not None

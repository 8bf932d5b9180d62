"""Shared fixtures: every test gets its own Citeline home, so no test touches the user's."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

# Property tests check what is true, not how fast: on a shared, loaded machine a slow
# example is no failure (speed is measured by `citeline bench`).
settings.register_profile("citeline", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("citeline")


@pytest.fixture(autouse=True)
def citeline_home(tmp_path_factory, monkeypatch):
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("CITELINE_HOME", str(home))
    return home

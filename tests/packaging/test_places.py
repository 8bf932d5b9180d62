"""Where Citeline keeps its files: the user's standard folders, never beside the program.

These tests unset CITELINE_HOME (the override every other test uses) and point HOME and the
XDG folders at a temporary directory, as a real user's session would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from tests.packaging.conftest import ROOT


@pytest.fixture
def user_home(tmp_path, monkeypatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv("CITELINE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    return home


@pytest.mark.skipif(sys.platform != "linux", reason="the XDG folders are Linux's")
def test_the_folders_are_the_users_xdg_folders(user_home) -> None:
    from citeline.core import paths

    assert paths.user_data_dir() == user_home / ".local" / "share" / "Citeline"
    assert paths.user_config_dir() == user_home / ".config" / "Citeline"
    assert paths.user_log_dir() == user_home / ".local" / "state" / "Citeline" / "log"


def test_without_xdg_variables_the_folders_are_under_home(user_home, monkeypatch) -> None:
    from citeline.core import paths

    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.delenv(name)
    for folder in (paths.user_data_dir(), paths.user_config_dir(), paths.user_log_dir()):
        assert folder.is_relative_to(user_home), folder


# Runs in a fresh interpreter from an "installed" copy of Citeline: writes the sample,
# opens the app window offscreen (settings, recent files, the sample's working copy),
# writes a crash log, and prints the three folders.
SESSION = """
import sys
from citeline.cli import main
assert main(["sample", sys.argv[1]]) == 0
from citeline.ui.app import application, build_window
from citeline.ui import settings
app = application()
window = build_window(None)
window.show()
app.processEvents()
settings.settings().setValue("theme", "dark")
window.document.store.close()
window.close()
from citeline.crash import write_crash_log
print(write_crash_log(RuntimeError("test")))
from citeline.core import paths
print(paths.user_data_dir()); print(paths.user_config_dir()); print(paths.user_log_dir())
import citeline; print(citeline.__file__)
"""


def snapshot(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_size for p in folder.rglob("*")}


def test_nothing_is_written_next_to_the_installed_program(user_home, tmp_path) -> None:
    # An installed copy laid out as the wheel lays it out: citeline/ with resources/ inside.
    site = tmp_path / "site"
    shutil.copytree(
        ROOT / "desktop" / "citeline",
        site / "citeline",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copytree(ROOT / "resources", site / "citeline" / "resources")
    workdir = tmp_path / "cwd"
    workdir.mkdir()
    before = snapshot(site)
    project = tmp_path / "out" / "sample.citeline"
    project.parent.mkdir()
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "PYTHONDONTWRITEBYTECODE": "1",
        "QT_QPA_PLATFORM": "offscreen",
    }
    result = subprocess.run(
        [sys.executable, "-c", SESSION, str(project)],
        cwd=workdir,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()[-5:]
    crash_log, data, config, logs, package = (Path(line) for line in lines)
    assert package.is_relative_to(site), "the session should run the installed copy"
    for folder in (data, config, logs):
        assert folder.is_relative_to(user_home), folder
    assert (data / "Sample project.citeline").exists()
    assert (config / "citeline.ini").exists()
    assert crash_log.parent == logs and crash_log.exists()
    assert project.exists()
    assert snapshot(site) == before, "Citeline wrote into its own installation"
    assert list(workdir.iterdir()) == [], "Citeline wrote into the working directory"


def test_a_crash_in_the_command_line_is_logged_and_reported_in_one_line(
    user_home, monkeypatch, capsys
) -> None:
    import citeline.commands.check as check_command
    from citeline.cli import main
    from citeline.core import paths

    @click.command("check")
    @click.argument("project")
    def broken(project: str) -> None:
        raise RuntimeError("the check command broke")

    monkeypatch.setattr(check_command, "command", broken)
    code = main(["check", "whatever.citeline"])
    out, err = capsys.readouterr()
    assert code == 70
    assert out == ""
    assert err.count("\n") == 1 and "internal error" in err
    logs = list(paths.user_log_dir().glob("crash-*.log"))
    assert len(logs) == 1
    assert logs[0].is_relative_to(user_home)
    assert str(logs[0]) in err
    text = logs[0].read_text(encoding="utf-8")
    from citeline import __version__

    assert text.startswith(f"Citeline {__version__} ")
    assert "RuntimeError: the check command broke" in text and "Traceback" in text


def test_a_crash_in_the_app_is_logged_and_shown_with_the_log_path(
    user_home, monkeypatch, qapp
) -> None:
    import citeline.ui.app as app_module
    from citeline.core import paths

    shown = []
    monkeypatch.setattr(app_module.QMessageBox, "exec", lambda box: shown.append(box.text()))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    app_module._install_crash_handler()
    try:
        raise RuntimeError("a slot broke")
    except RuntimeError as exc:
        sys.excepthook(type(exc), exc, exc.__traceback__)
    logs = list(paths.user_log_dir().glob("crash-*.log"))
    assert len(logs) == 1 and "RuntimeError: a slot broke" in logs[0].read_text()
    assert len(shown) == 1 and str(logs[0]) in shown[0]

"""One version number, pyproject.toml's, everywhere Citeline states one."""

from __future__ import annotations

import re
from datetime import date
from xml.etree import ElementTree

import citeline
from citeline.cli import main
from tests.packaging.conftest import APP_ID, DESKTOP, declared_version


def test_the_package_reports_pyprojects_version() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[.-]?\w+)*", declared_version())
    assert citeline.__version__ == declared_version()


def test_the_command_line_reports_it(capsys) -> None:
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"Citeline, version {declared_version()}\n"


def test_every_project_written_records_it(tmp_path) -> None:
    from citeline.core.store import Store

    path = tmp_path / "p.citeline"
    Store.create(path).close()
    with Store.open(path, read_only=True) as store:
        rows = dict(store.db.execute("SELECT key, value FROM project").fetchall())
    assert rows["created_by"] == f"Citeline {declared_version()}"
    assert rows["last_written_by"] == f"Citeline {declared_version()}"


def test_the_app_and_its_about_box_report_it(qapp, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    from citeline.ui.app import application, build_window

    assert application().applicationVersion() == declared_version()
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append(box.text()))
    window = build_window(None)
    try:
        window.about()
    finally:
        window.document.store.close()
        window.close()
    assert shown and shown[0].startswith(f"Citeline {declared_version()}\n")


def test_the_metainfos_newest_release_is_this_version() -> None:
    component = ElementTree.parse(DESKTOP / f"{APP_ID}.metainfo.xml").getroot()
    releases = component.findall("releases/release")
    assert releases, "the metainfo lists no release"
    # AppStream lists releases newest first, each with a date and its notes.
    dates = [date.fromisoformat(r.get("date")) for r in releases]
    assert dates == sorted(dates, reverse=True)
    assert releases[0].get("version") == declared_version()
    assert all(r.find("description/p") is not None for r in releases)

"""The desktop entry, the MIME type and the AppStream metainfo: valid, and telling one story."""

from __future__ import annotations

import configparser
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from citeline.core.schema import APPLICATION_ID
from tests.packaging.conftest import APP_ID, DESKTOP, pyproject, require_tool

DESKTOP_FILE = DESKTOP / f"{APP_ID}.desktop"
MIME_FILE = DESKTOP / f"{APP_ID}.mime.xml"
METAINFO_FILE = DESKTOP / f"{APP_ID}.metainfo.xml"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
MIME_TYPE = "application/x-citeline-project"


def desktop_entry() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def metainfo() -> ElementTree.Element:
    return ElementTree.parse(METAINFO_FILE).getroot()


def mime_type() -> ElementTree.Element:
    root = ElementTree.parse(MIME_FILE).getroot()
    types = root.findall(f"{MIME_NS}mime-type")
    assert len(types) == 1
    return types[0]


# ------------------------------------------------------------------ validation


def test_desktop_entry_validates() -> None:
    tool = require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([tool, str(DESKTOP_FILE)], capture_output=True, text=True)
    # Warnings and hints are printed with exit status 0: accept none of them.
    assert result.returncode == 0 and not (result.stdout + result.stderr).strip(), (
        result.stdout + result.stderr
    )


def appstream_issues(path: Path) -> tuple[int, list[tuple[str, str, str]]]:
    tool = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", "--pedantic", str(path)], capture_output=True, text=True
    )
    issues = re.findall(r"^([EWIP]): [^:]+:(?:\d+:)? (\S+)(?: (.*))?$", result.stdout, re.M)
    return result.returncode, issues


def test_metainfo_validates_except_for_the_local_screenshot_path() -> None:
    # The validator wants a web URL for every screenshot; Citeline's is a path relative to
    # the metainfo until one is published (docs/packaging.md). That one error, and the
    # pedantic note on the upper-case letter in the reverse-DNS id, are all there may be.
    _, issues = appstream_issues(METAINFO_FILE)
    allowed = {
        ("E", "web-url-expected", "screenshots/main-window.png"),
        ("P", "cid-contains-uppercase-letter", APP_ID),
    }
    unexpected = [issue for issue in issues if issue not in allowed]
    assert not unexpected, unexpected


def test_metainfo_passes_strict_validation_once_the_screenshot_has_a_url(tmp_path) -> None:
    text = METAINFO_FILE.read_text(encoding="utf-8")
    published = text.replace(
        "<image>screenshots/main-window.png</image>",
        "<image>https://example.org/citeline/screenshots/main-window.png</image>",
    )
    assert published != text
    copy = tmp_path / METAINFO_FILE.name
    copy.write_text(published, encoding="utf-8")
    tool = require_tool("appstreamcli", "appstream")
    result = subprocess.run(
        [tool, "validate", "--no-net", "--strict", str(copy)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("path", [MIME_FILE, METAINFO_FILE], ids=["mime", "metainfo"])
def test_xml_files_are_well_formed(path: Path) -> None:
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True)
    root = etree.parse(str(path), parser).getroot()  # raises on a file that is not XML
    assert root.tag.rsplit("}", 1)[-1] in {"mime-info", "component"}


@pytest.mark.parametrize("path", [MIME_FILE, METAINFO_FILE], ids=["mime", "metainfo"])
def test_xml_files_pass_the_system_validator(path: Path) -> None:
    tool = require_tool("xmllint", "libxml2-utils")
    result = subprocess.run([tool, "--noout", str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def install_mime(tmp_path: Path) -> Path:
    """A data folder holding only Citeline's MIME package, compiled; returns it."""
    tool = require_tool("update-mime-database", "shared-mime-info")
    share = tmp_path / "share"
    packages = share / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copy(MIME_FILE, packages / f"{APP_ID}.xml")
    result = subprocess.run([tool, str(share / "mime")], capture_output=True, text=True)
    # It prints a note when the folder is not one the desktop searches; anything that
    # names the package file is a complaint about it.
    assert result.returncode == 0, result.stderr
    assert APP_ID not in result.stdout + result.stderr, result.stdout + result.stderr
    return share


def test_the_mime_package_compiles(tmp_path) -> None:
    share = install_mime(tmp_path)
    globs = (share / "mime" / "globs2").read_text()
    assert f"{MIME_TYPE}:*.citeline" in globs
    assert MIME_TYPE.encode() in (share / "mime" / "magic").read_bytes()


def project_files(folder: Path) -> dict[str, Path]:
    """A real project under several names, and a plain SQLite database."""
    from citeline.core.store import Store

    project = folder / "p.citeline"
    Store.create(project).close()
    renamed = folder / "renamed.db"
    shutil.copy(project, renamed)
    bare = folder / "no-suffix"
    shutil.copy(project, bare)
    plain = folder / "plain.db"
    with sqlite3.connect(plain) as db:
        db.execute("CREATE TABLE t (x)")
    return {"project": project, "renamed": renamed, "bare": bare, "plain": plain}


DETECT = """
import json, sys
from PySide6.QtCore import QMimeDatabase
db = QMimeDatabase()
print(json.dumps({name: db.mimeTypeForFile(path).name() for name, path in
                  json.loads(sys.argv[1]).items()}))
"""


def test_a_project_is_recognized_by_name_and_by_content(tmp_path) -> None:
    share = install_mime(tmp_path)
    files = project_files(tmp_path)
    import json

    env = {
        **os.environ,
        "XDG_DATA_HOME": str(share),
        "XDG_DATA_DIRS": f"{share}:/usr/local/share:/usr/share",
    }
    result = subprocess.run(
        [sys.executable, "-c", DETECT, json.dumps({k: str(v) for k, v in files.items()})],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    detected = json.loads(result.stdout)
    assert detected["project"] == MIME_TYPE
    # The SQLite header's application_id finds a project whatever its name.
    assert detected["renamed"] == MIME_TYPE
    assert detected["bare"] == MIME_TYPE
    assert detected["plain"] != MIME_TYPE


# ------------------------------------------------------------------ consistency


def test_the_magic_matches_the_project_header() -> None:
    magic = mime_type().find(f"{MIME_NS}magic")
    outer = magic.find(f"{MIME_NS}match")
    assert (outer.get("type"), outer.get("offset"), outer.get("value")) == (
        "string",
        "0",
        "SQLite format 3",
    )
    inner = outer.find(f"{MIME_NS}match")
    assert (inner.get("type"), inner.get("offset")) == ("big32", "68")
    assert int(inner.get("value"), 16) == APPLICATION_ID
    assert APPLICATION_ID.to_bytes(4, "big") == b"CTLN"


def test_the_desktop_entry_runs_the_installed_command_on_one_file() -> None:
    entry = desktop_entry()
    scripts = pyproject()["project"]["scripts"]
    program, *args = entry["Exec"].split()
    assert program in scripts and scripts[program] == "citeline.cli:main"
    assert entry["TryExec"] == program
    assert args == ["%f"]  # one local file per start: citeline PROJECT


def test_opening_a_file_from_the_desktop_opens_it_in_the_app(monkeypatch, tmp_path) -> None:
    # Exec=citeline %f runs `citeline /path/to/file.citeline`: it must reach the app.
    import citeline.ui.app
    from citeline.cli import main

    opened = []
    monkeypatch.setattr(citeline.ui.app, "run", lambda project=None: opened.append(project) or 0)
    path = tmp_path / "Talks 2024.citeline"
    assert main([str(path)]) == 0
    assert opened == [path]


def test_mime_type_icon_and_id_agree_everywhere() -> None:
    entry = desktop_entry()
    component = metainfo()
    assert entry["MimeType"] == f"{MIME_TYPE};"
    assert mime_type().get("type") == MIME_TYPE
    assert [m.text for m in component.iterfind("provides/mediatype")] == [MIME_TYPE]
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP_FILE.name
    assert entry["Icon"] == APP_ID
    assert mime_type().find(f"{MIME_NS}icon").get("name") == APP_ID
    assert [b.text for b in component.iterfind("provides/binary")] == [entry["Exec"].split()[0]]
    assert mime_type().find(f"{MIME_NS}glob").get("pattern") == "*.citeline"


def test_the_running_app_names_its_desktop_entry_and_window_class(qapp) -> None:
    from citeline.ui.app import application

    app = application()
    entry = desktop_entry()
    assert app.desktopFileName() == APP_ID
    assert entry["StartupWMClass"] == app.applicationName() == entry["Name"]


def test_the_screenshot_the_metainfo_names_is_there() -> None:
    from PySide6.QtGui import QImage

    images = [i.text for i in metainfo().iterfind("screenshots/screenshot/image")]
    assert images == ["screenshots/main-window.png"]
    image = QImage(str(METAINFO_FILE.parent / images[0]))
    assert not image.isNull()
    assert image.width() >= 1248 and abs(image.width() / image.height() - 16 / 9) < 0.01

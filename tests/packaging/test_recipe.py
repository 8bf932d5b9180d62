"""The PyInstaller recipe, without building: what it leaves out must be what Citeline never uses."""

from __future__ import annotations

import ast
import re

import pytest
import qt_plugins

from tests.packaging.conftest import PACKAGING, ROOT

SPEC = PACKAGING / "citeline.spec"


def spec_excludes() -> set[str]:
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "excludes" for t in node.targets
        ):
            return set(ast.literal_eval(node.value))
    raise AssertionError("the spec defines no excludes")


def test_no_excluded_module_is_imported_by_citeline() -> None:
    excluded = spec_excludes()
    assert "PySide6.QtWebEngineCore" in excluded and "PySide6.QtQml" in excluded
    imported = set()
    for path in (ROOT / "desktop" / "citeline").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        imported |= {f"PySide6.{m}" for m in re.findall(r"\bPySide6\.(Qt\w+)", text)}
        imported |= set(re.findall(r"^\s*(?:from|import) (tkinter|unittest)\b", text, re.M))
    assert imported, "found no PySide6 imports: the scan is broken"
    assert not imported & excluded, sorted(imported & excluded)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platforms/libqoffscreen.so",
        "PySide6/Qt/plugins/platforms/libqxcb.so",
        "PySide6/Qt/plugins/platforms/libqwayland.so",
        "PySide6/Qt/plugins/platforms/libqminimal.so",
        "PySide6/Qt/plugins/imageformats/libqsvg.so",
        "PySide6/Qt/plugins/iconengines/libqsvgicon.so",
        "PySide6\\Qt\\plugins\\platforms\\qwindows.dll",
        "PySide6/Qt/plugins/platforms/libqcocoa.dylib",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "citeline/resources/icons/citeline.svg",
    ],
)
def test_kept(dest: str) -> None:
    assert qt_plugins.wanted(dest)


@pytest.mark.parametrize(
    "dest",
    [
        "PySide6/Qt/plugins/platformthemes/libqgtk3.so",
        "PySide6/Qt/plugins/platforms/libqeglfs.so",
        "PySide6/Qt/plugins/platforms/libqminimalegl.so",
        "PySide6/Qt/plugins/platforms/libqvnc.so",
        "PySide6/Qt/plugins/imageformats/libqpdf.so",
        "PySide6/Qt/plugins/imageformats/libqicns.so",
        "PySide6/Qt/plugins/generic/libqevdevmouseplugin.so",
        "PySide6/Qt/plugins/tls/libqopensslbackend.so",
        "PySide6/Qt/translations/qtbase_de.qm",
    ],
)
def test_left_out(dest: str) -> None:
    assert not qt_plugins.wanted(dest)


def test_the_readers_data_files_are_collected() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for package in ("trafilatura", "justext", "tld"):
        assert f'collect_data_files("{package}")' in spec, package
    assert 'copy_metadata("trafilatura")' in spec  # it reads its own version on import


def test_the_server_driver_is_collected() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    for package in ("psycopg", "psycopg_binary"):
        assert f'collect_submodules("{package}")' in spec, package


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("babel/locale-data/fr.dat", False),
        ("babel/locale-data/zh_Hant_HK.dat", False),
        ("babel/locale-data/en.dat", True),
        ("babel/locale-data/root.dat", True),
        ("babel/global.dat", True),
        ("trafilatura/settings.cfg", True),
        ("justext/stoplists/English.txt", True),
    ],
)
def test_only_unused_locale_data_is_left_out(dest: str, kept: bool) -> None:
    import bundle_data

    assert bundle_data.kept_data(dest) is kept

"""packaging/install-desktop-files.sh: from a checkout and from an unpacked bundle."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import render_icons

from tests.packaging.conftest import APP_ID, PACKAGING, ROOT, require_tool

SCRIPT = PACKAGING / "install-desktop-files.sh"


def installed_files(share: Path) -> list[Path]:
    files = [
        share / "applications" / f"{APP_ID}.desktop",
        share / "mime" / "packages" / f"{APP_ID}.xml",
        share / "metainfo" / f"{APP_ID}.metainfo.xml",
        share / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
    ]
    files += [
        share / "icons" / "hicolor" / f"{s}x{s}" / "apps" / f"{APP_ID}.png"
        for s in render_icons.PNG_SIZES
    ]
    return files


def run(script: Path, *args: str, path: str, home: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}
    env.update(PATH=path, HOME=str(home))
    result = subprocess.run(
        ["bash", str(script), *args], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


@pytest.fixture
def tools_path() -> str:
    """A PATH with the system's tools but no `citeline` command."""
    for tool, package in (
        ("update-mime-database", "shared-mime-info"),
        ("update-desktop-database", "desktop-file-utils"),
    ):
        require_tool(tool, package)
    return "/usr/local/sbin:/usr/sbin:/sbin:/usr/bin:/bin"


def test_installs_into_a_prefix_and_registers_the_file_type(tmp_path, tools_path) -> None:
    prefix = tmp_path / "prefix"
    run(SCRIPT, str(prefix), path=tools_path, home=tmp_path)
    share = prefix / "share"
    for file in installed_files(share):
        assert file.is_file(), file
    # From a checkout the entry is installed as written: Exec=citeline %f.
    desktop = share / "applications" / f"{APP_ID}.desktop"
    assert desktop.read_bytes() == (ROOT / "resources" / "desktop" / desktop.name).read_bytes()
    # The databases were refreshed: the type is known and opens with Citeline.
    assert "application/x-citeline-project:*.citeline" in (share / "mime" / "globs2").read_text()
    cache = (share / "applications" / "mimeinfo.cache").read_text()
    assert f"application/x-citeline-project={APP_ID}.desktop;" in cache
    assert not (prefix / "bin").exists()


def test_without_a_prefix_it_installs_for_the_user(tmp_path, tools_path) -> None:
    home = tmp_path / "home"
    run(SCRIPT, path=tools_path, home=home)
    for file in installed_files(home / ".local" / "share"):
        assert file.is_file(), file


def test_uninstall_removes_what_it_installed(tmp_path, tools_path) -> None:
    prefix = tmp_path / "prefix"
    run(SCRIPT, str(prefix), path=tools_path, home=tmp_path)
    run(SCRIPT, "--uninstall", str(prefix), path=tools_path, home=tmp_path)
    for file in installed_files(prefix / "share"):
        assert not file.exists(), file
    cache = (prefix / "share" / "applications" / "mimeinfo.cache").read_text()
    assert "citeline" not in cache.lower()


def fake_bundle(folder: Path) -> Path:
    """A folder shaped like dist/citeline: the program, _internal/ and the script."""
    folder.mkdir(parents=True)
    program = folder / "citeline"
    program.write_text("#!/bin/sh\necho 'Citeline, version 0'\n")
    program.chmod(0o755)
    shutil.copytree(ROOT / "resources", folder / "_internal" / "citeline" / "resources")
    shutil.copy(SCRIPT, folder / SCRIPT.name)
    return folder / SCRIPT.name


def test_from_a_bundle_it_adds_the_command_and_names_it_in_full_when_off_path(
    tmp_path, tools_path
) -> None:
    script = fake_bundle(tmp_path / "my apps" / "50% off" / "citeline")
    prefix = tmp_path / "prefix"
    run(script, str(prefix), path=tools_path, home=tmp_path)
    link = prefix / "bin" / "citeline"
    assert link.is_symlink() and link.resolve() == (script.parent / "citeline").resolve()
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    lines = desktop.read_text().splitlines()
    # prefix/bin is not on PATH: the entry runs the link by its full path, quoted.
    assert f'Exec="{str(link).replace("%", "%%")}" %f' in lines
    assert f"TryExec={link}" in lines
    validate = require_tool("desktop-file-validate", "desktop-file-utils")
    result = subprocess.run([validate, str(desktop)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_from_a_bundle_with_its_bin_on_path_the_entry_stays_short(tmp_path, tools_path) -> None:
    script = fake_bundle(tmp_path / "bundle" / "citeline")
    prefix = tmp_path / "prefix"
    run(script, str(prefix), path=f"{prefix / 'bin'}:{tools_path}", home=tmp_path)
    desktop = prefix / "share" / "applications" / f"{APP_ID}.desktop"
    assert "Exec=citeline %f" in desktop.read_text().splitlines()
    run(script, "--uninstall", str(prefix), path=tools_path, home=tmp_path)
    assert not (prefix / "bin" / "citeline").exists()

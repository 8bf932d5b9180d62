"""The standalone Linux bundle: built by packaging/build-linux.sh, then run as a user would.

Slow (a build takes about a minute): run with ``uv run pytest -m slow tests/packaging``.
Set CITELINE_BUNDLE=dist/citeline to test a bundle already built instead of building one.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import measure_startup
import pytest

from tests.packaging.conftest import APP_ID, PACKAGING, ROOT, declared_version
from tests.pgserver import pg_cluster, pg_url

__all__ = ["pg_cluster", "pg_url"]  # fixtures for the server-project test

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="this builds the Linux bundle"),
]

#: Generous ceiling for the folder's size; about 150 MB today (Qt, PDFium, the page reader).
SIZE_LIMIT_MB = 180


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The folder holding the built bundle citeline/ and its tarball."""
    given = os.environ.get("CITELINE_BUNDLE")
    if given:
        return Path(given).resolve().parent
    out = tmp_path_factory.mktemp("dist")
    env = {**os.environ, "CITELINE_DIST": str(out), "CITELINE_BUILD": str(out / "build")}
    result = subprocess.run(
        ["bash", str(PACKAGING / "build-linux.sh")],
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out


@pytest.fixture(scope="module")
def bundle(dist) -> Path:
    return dist / "citeline"


@pytest.fixture
def home(tmp_path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    return home


def citeline(bundle: Path, home: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    env = measure_startup.fresh_env(home, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [str(bundle / "citeline"), *args],
        env=env,
        capture_output=True,
        timeout=120,
        cwd=home,
        **kwargs,
    )


def listing(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.lstat().st_size for p in folder.rglob("*")}


def test_version_is_pyprojects(bundle, home) -> None:
    result = citeline(bundle, home, "--version", text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"Citeline, version {declared_version()}\n"


def test_sample_and_exports_work_from_the_bundle(bundle, home, tmp_path) -> None:
    project = tmp_path / "x.citeline"
    result = citeline(bundle, home, "sample", str(project), text=True)
    assert result.returncode == 0 and project.exists(), result.stderr
    result = citeline(bundle, home, "export", str(project), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["generator"] == f"Citeline {declared_version()}"
    assert data["project"]["created_by"] == f"Citeline {declared_version()}"
    # The drawn formats need Qt's SVG module, its PDF writer and the PNG encoder.
    for suffix, magic in ((".svg", b"<?xml"), (".pdf", b"%PDF-"), (".png", b"\x89PNG")):
        out = tmp_path / f"timeline{suffix}"
        result = citeline(bundle, home, "export", str(project), "-o", str(out), text=True)
        assert result.returncode == 0, result.stderr
        assert out.read_bytes().startswith(magic)
    result = citeline(bundle, home, "check", str(project), text=True)
    assert result.returncode == 0 and "integrity: ok" in result.stdout


def test_pages_pdfs_and_word_files_import_in_the_bundle(bundle, home, tmp_path) -> None:
    """The readers' own files (trafilatura's settings, PDFium, python-docx) are inside."""
    import io

    import docx

    from tests.pdfmaker import make_pdf

    corpus = ROOT / "tests" / "data" / "extraction"
    page = tmp_path / "page.html"
    page.write_bytes((corpus / "evening-utc.html").read_bytes())
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(make_pdf([["Page one of the report."], ["Page two of the report."]]))
    word = docx.Document()
    word.add_paragraph("Minutes of the meeting.")
    buffer = io.BytesIO()
    word.save(buffer)
    minutes = tmp_path / "minutes.docx"
    minutes.write_bytes(buffer.getvalue())
    project = tmp_path / "p.citeline"
    result = citeline(bundle, home, "import", str(project), str(page), str(pdf), str(minutes))
    out = result.stdout.decode()
    assert result.returncode == 0, result.stderr.decode()
    assert "Mayor bans garden watering" in out and "2 pages" in out and "minutes.docx" in out
    result = citeline(bundle, home, "export", str(project), "--format", "json")
    dates = {s["filename"]: s["published"] for s in json.loads(result.stdout)["sources"]}
    assert dates["page.html"] == "2019-11-19"


def test_the_bundle_opens_a_server_project(bundle, home, tmp_path, pg_url) -> None:
    """psycopg and its libpq are inside: the sample copied to a server and read back."""
    project = tmp_path / "x.citeline"
    assert citeline(bundle, home, "sample", str(project)).returncode == 0
    result = citeline(bundle, home, "copy", str(project), pg_url, text=True)
    assert result.returncode == 0, result.stderr
    result = citeline(bundle, home, "check", pg_url, text=True)
    assert result.returncode == 0 and "integrity: ok" in result.stdout, result.stderr
    result = citeline(bundle, home, "export", pg_url, "--format", "json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["events"]) > 10


def test_the_app_runs_offscreen_without_crashing_or_writing_beside_itself(bundle, home) -> None:
    before = listing(bundle)
    env = measure_startup.fresh_env(home, QT_QPA_PLATFORM="offscreen")
    process = subprocess.Popen(
        [str(bundle / "citeline")],
        env=env,
        cwd=home,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        code = process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        code = None  # still running after 5 s: it started and kept going
    finally:
        measure_startup.stop(process)
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    assert code is None, f"the app exited early with {code}:\n{output}"
    assert not list(home.rglob("crash-*.log")), output
    # It started on the sample, kept in the user's data folder.
    assert (home / ".local" / "share" / "Citeline" / "Sample project.citeline").exists()
    assert listing(bundle) == before, "the app wrote into its own folder"


def test_the_app_opens_its_window_on_an_x_server(bundle, home) -> None:
    if shutil.which("Xvfb") is None or shutil.which("xwininfo") is None:
        pytest.fail("needs Xvfb and xwininfo (apt-get install xvfb x11-utils)", pytrace=False)
    env = measure_startup.fresh_env(home)
    with measure_startup.xvfb() as display:
        seconds, process = measure_startup.first_window(bundle / "citeline", display, env)
        measure_startup.stop(process)
    assert seconds < 30
    assert not list(home.rglob("crash-*.log"))


def test_the_bundle_holds_what_citeline_needs_and_not_the_rest(bundle) -> None:
    internal = bundle / "_internal"
    resources = internal / "citeline" / "resources"
    assert (resources / "sample" / "sample.json").is_file()
    assert (resources / "icons" / "citeline-256.png").is_file()
    assert (resources / "desktop" / f"{APP_ID}.desktop").is_file()
    assert list(internal.glob(f"citeline-{declared_version()}.dist-info/METADATA"))
    plugins = internal / "PySide6" / "Qt" / "plugins"
    for plugin in (
        "platforms/libqoffscreen.so",
        "platforms/libqxcb.so",
        "platforms/libqwayland.so",
        "imageformats/libqsvg.so",
        "iconengines/libqsvgicon.so",
    ):
        assert (plugins / plugin).is_file(), plugin
    names = {p.name for p in internal.rglob("*")}
    for unwanted in ("libQt6Qml", "libQt6Quick", "libQt6WebEngine", "libQt6Network", "libgtk"):
        assert not [n for n in names if n.startswith(unwanted)], unwanted
    assert not (plugins / "platformthemes" / "libqgtk3.so").exists()
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
    size = sum(p.stat().st_size for p in bundle.rglob("*") if p.is_file() and not p.is_symlink())
    assert size < SIZE_LIMIT_MB * 1024 * 1024, f"{size / 1024 / 1024:.0f} MB"


def test_the_tarball_unpacks_to_the_bundle_and_is_reproducible(dist, bundle, tmp_path) -> None:
    tarballs = list(dist.glob(f"citeline-{declared_version()}-linux-*.tar.gz"))
    assert len(tarballs) == 1
    with tarfile.open(tarballs[0]) as tar:
        members = {m.name: m for m in tar.getmembers()}
    assert members["citeline/citeline"].mode & 0o111
    assert members["citeline/install-desktop-files.sh"].mode & 0o111
    assert all(m.uid == 0 and m.gid == 0 for m in members.values())
    # Exactly the bundle's files, all inside one citeline/ folder.
    assert set(members) - {"citeline"} == {f"citeline/{name}" for name in listing(bundle)}
    # The same folder packs to the same bytes.
    again = [tmp_path / "a.tar.gz", tmp_path / "b.tar.gz"]
    epoch = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000"}  # not the last commit's: it moves
    for out in again:
        subprocess.run(
            ["bash", str(PACKAGING / "make-tarball.sh"), str(bundle), str(out)],
            check=True,
            env=epoch,
        )
    digests = {hashlib.sha256(p.read_bytes()).hexdigest() for p in again}
    assert len(digests) == 1


def test_the_bundle_installs_its_desktop_files_and_command(bundle, tmp_path) -> None:
    prefix = tmp_path / "prefix"
    subprocess.run(
        ["bash", str(bundle / "install-desktop-files.sh"), str(prefix)],
        check=True,
        capture_output=True,
    )
    assert (prefix / "share" / "applications" / f"{APP_ID}.desktop").is_file()
    result = subprocess.run(
        [str(prefix / "bin" / "citeline"), "--version"],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
    )
    assert result.stdout == f"Citeline, version {declared_version()}\n"


def test_the_spec_collects_every_citeline_module(bundle) -> None:
    # Modules imported by name at run time (commands, readers, exporters, date rules) must
    # be in the program's archive even though no import statement names them.
    from PyInstaller.archive.readers import CArchiveReader

    archive = CArchiveReader(str(bundle / "citeline"))
    modules = set(archive.open_embedded_archive("PYZ.pyz").toc)
    package = ROOT / "desktop" / "citeline"
    built = (bundle / "citeline").stat().st_mtime
    expected = {
        ".".join(("citeline", *p.relative_to(package).with_suffix("").parts)).removesuffix(
            ".__init__"
        )
        for p in package.rglob("*.py")
        if p.stat().st_mtime < built  # a module added since the build cannot be in it
    }
    assert len(expected) > 50
    assert expected <= modules, sorted(expected - modules)

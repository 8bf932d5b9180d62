"""The command line: sample, import, check, and one-line errors with a non-zero exit."""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import pytest
from tests.clirun import run

from citeline.cli import main
from citeline.core.store import Store


def test_sample_then_check(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.citeline"
    code, out, _ = run(capsys, "sample", str(path))
    assert code == 0 and "Wrote the sample project" in out
    code, out, _ = run(capsys, "check", str(path))
    assert code == 0
    assert "integrity: ok" in out and "14 events, 11 quotes" in out


def test_sample_refuses_to_overwrite(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.citeline"
    path.write_text("precious")
    code, _, err = run(capsys, "sample", str(path))
    assert code == 1
    assert err.count("\n") == 1 and "already exists" in err
    assert path.read_text() == "precious"


def test_import_creates_project_and_recognizes_duplicates(tmp_path: Path, capsys) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "Title: Talks resume\nDate: 2024-03-14\n\nTalks resumed in Seoul in March 2024.\n"
    )
    project = tmp_path / "p.citeline"
    code, out, _ = run(capsys, "import", str(project), str(article))
    assert code == 0 and "added a.txt" in out
    code, out, _ = run(capsys, "import", str(project), str(article))
    assert code == 0 and "already in the project" in out
    with Store.open(project) as store:
        assert store.count("sources") == 1
        assert store.rows("sources")[0]["published"] == "2024-03-14"


def test_import_reports_a_bad_file_and_keeps_the_good_one(tmp_path: Path, capsys) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Seoul named a negotiator in March 2024.\n")
    bad = tmp_path / "bad.html"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    project = tmp_path / "p.citeline"
    code, out, err = run(capsys, "import", str(project), str(good), str(bad))
    assert code == 1
    assert "added good.txt" in out
    assert "skipped: bad.html" in err and "Traceback" not in err
    with Store.open(project) as store:
        assert store.count("sources") == 1


def test_import_of_nothing_readable_creates_no_project(tmp_path: Path, capsys) -> None:
    project = tmp_path / "p.citeline"
    code, _, err = run(capsys, "import", str(project), str(tmp_path / "missing.txt"))
    assert code == 1 and "does not exist" in err
    assert not project.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"hello, not a database", "not an SQLite file"),
    ],
)
def test_check_refuses_non_projects_in_one_line(tmp_path: Path, capsys, content, message) -> None:
    path = tmp_path / "x.citeline"
    path.write_bytes(content)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    code, _, err = run(capsys, "check", str(path))
    assert code == 1
    assert message in err and err.count("\n") == 1
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_check_reports_orphaned_passages(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.citeline"
    run(capsys, "sample", str(path))
    conn = sqlite3.connect(path)
    # a corrected article whose cited sentence was removed: the passage is orphaned
    conn.execute(
        "UPDATE sources SET text = replace(text, 'If Seoul refused to achieve this goal, "
        "Trump suggested, it would withdraw American units from the country.', '')"
    )
    conn.commit()
    conn.close()
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "orphaned" in out and "If Seoul refused" in out


def test_version(capsys) -> None:
    from citeline import __version__

    assert main(["--version"]) == 0
    assert __version__ in capsys.readouterr().out


def test_unknown_command_is_one_line(capsys) -> None:
    code, _, err = run(capsys, "frobnicate", "x")
    assert code != 0
    assert "Traceback" not in err

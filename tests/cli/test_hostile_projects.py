"""Damage inside a project that only a writable connection sees, checked on a private
copy; SQLite messages that are not text; who holds a locked project."""

from __future__ import annotations

import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.clirun import run

from citeline.core import items
from citeline.core.errors import DamagedProjectError, ProjectLockedError
from citeline.core.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        for i in range(3):
            edit, _ = items.add_event(store, title=f"E{i}", date=f"202{i}")
            store.apply(edit)
    return path


def _break_a_rule(path: Path) -> int:
    """Give one event a status its CHECK constraint forbids, as a flipped byte would."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA ignore_check_constraints = ON")
    rowid = conn.execute("SELECT max(rowid) FROM events").fetchone()[0]
    conn.execute("UPDATE events SET status = 'c0nfirmed' WHERE rowid = ?", [rowid])
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    return int(rowid)


def test_check_names_the_row_that_breaks_a_rule(project: Path, capsys) -> None:
    rowid = _break_a_rule(project)
    before = digest(project)
    code, out, err = run(capsys, "check", str(project))
    assert code == 1
    assert f"damaged row: events row {rowid}: breaks the rule status IN" in out
    assert "p.citeline is damaged (CHECK constraint failed in events)" in err
    assert "restore a backup" in err and "Traceback" not in err
    code, out, _err = run(capsys, "check", "--format", "json", str(project))
    report = json.loads(out)
    assert report["damaged_rows"][0]["table"] == "events"
    assert report["damaged_rows"][0]["row"] == rowid and report["ok"] is False
    assert digest(project) == before  # the project itself is never written


def test_the_check_at_opening_sees_the_broken_rule_too(project: Path) -> None:
    _break_a_rule(project)
    with pytest.raises(DamagedProjectError, match="CHECK constraint failed in events"):
        Store.open(project)


def test_a_schema_byte_that_is_not_text_is_damage_not_an_internal_error(
    project: Path, capsys
) -> None:
    data = bytearray(project.read_bytes())
    at = data.find(b"CREATE TABLE evidence")
    assert at > 0
    data[at + 7] = 0xFF  # "CREATE \xffABLE": SQLite quotes the byte in its message
    project.write_bytes(bytes(data))
    for command in (["check"], ["export", "--format", "json"], ["import"]):
        extra = [str(project.with_name("x.txt"))] if command == ["import"] else []
        project.with_name("x.txt").write_text("Some text.")
        code, _out, err = run(capsys, *command, str(project), *extra)
        assert code == 1, (command, err)
        assert "p.citeline is damaged (malformed database schema" in err, err
        assert "internal error" not in err and "Traceback" not in err


def test_a_healthy_project_passes_the_check_on_its_copy(project: Path, capsys) -> None:
    code, out, _err = run(capsys, "check", str(project))
    assert code == 0 and "integrity: ok" in out and "damaged row" not in out


HOLD = """
import sys, time
from citeline.core.lock import FileLock
lock = FileLock(__import__("pathlib").Path(sys.argv[2]))
assert lock.acquire()
print("held", flush=True)
time.sleep(30)
"""


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_locked_project_names_its_holder(project: Path, tmp_path: Path) -> None:
    # A stand-in holder whose command line reads like `citeline import`.
    script = tmp_path / "citeline"
    script.write_text(HOLD)
    holder = subprocess.Popen(
        [sys.executable, str(script), "import", str(project)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        with pytest.raises(ProjectLockedError) as caught:
            Store.open(project)
        message = str(caught.value)
        assert message == (
            f"p.citeline is being changed by `citeline import` (process {holder.pid}): "
            "wait for it to finish, then try again"
        )
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        try:
            Store.open(project).close()
            break
        except ProjectLockedError:
            time.sleep(0.1)


def test_text_that_is_not_utf8_inside_a_row_is_damage_everywhere(project: Path, capsys) -> None:
    conn = sqlite3.connect(project)
    conn.execute("UPDATE events SET title = CAST(X'4361ff66' AS TEXT) WHERE rowid = 1")
    conn.commit()
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()
    code, _out, err = run(capsys, "check", str(project))
    assert code == 1 and "p.citeline is damaged (events row 1: its title holds bytes" in err
    assert "damaged row: events row 1: its title holds bytes that are not text" in _out
    code, _out, err = run(capsys, "export", str(project), "--format", "json")
    assert code == 1 and "the project is damaged (Could not decode to UTF-8" in err
    assert "internal error" not in err and "citeline check PROJECT" in err

"""`citeline check`, `backups` and `restore`: a reason on standard error in one to three
lines with a next step, a non-zero exit, and files left as they were."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.clirun import run

from citeline.cli import main
from citeline.core import backup, items
from citeline.core.store import Store


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refusal(err: str) -> None:
    lines = err.strip().splitlines()
    assert 1 <= len(lines) <= 3, err
    assert all(line.startswith("citeline: ") for line in lines[:1]), err
    assert "Traceback" not in err


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "p.citeline"
    with Store.create(path) as store:
        for i in range(5):
            edit, _ = items.add_event(store, title=f"E{i}", date="2020")
            store.apply(edit)
    return path


def test_check_on_a_damaged_index_says_so_on_stderr(project: Path, capsys) -> None:
    conn = sqlite3.connect(project)
    root = conn.execute(
        "SELECT rootpage FROM sqlite_master WHERE name = 'events_earliest'"
    ).fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:  # empty the index's page: rows missing from it
        fh.seek((root - 1) * size)
        fh.write(bytes([0x0A, 0, 0, 0, 0, 0x10, 0, 0]))
    code, out, err = run(capsys, "check", str(project))
    assert code == 1
    assert "integrity: damaged" in out  # the quick check on open passes; the full one not
    refusal(err)
    assert "is damaged" in err and "backup" in err


def test_check_on_a_damaged_page(project: Path, capsys) -> None:
    conn = sqlite3.connect(project)
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'events'").fetchone()[0]
    size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    with open(project, "r+b") as fh:
        fh.seek((root - 1) * size)
        fh.write(b"\x0d" + b"\xff" * (size - 1))
    before = digest(project)
    code, out, err = run(capsys, "check", str(project))
    assert code == 1 and out == ""
    refusal(err)
    assert "is damaged" in err and "citeline backups" in err
    assert digest(project) == before


def test_check_on_orphaned_passages_says_why_on_stderr(tmp_path: Path, capsys) -> None:
    path = tmp_path / "s.citeline"
    run(capsys, "sample", str(path))
    conn = sqlite3.connect(path)
    conn.execute(  # a corrected article whose cited sentence was removed
        "UPDATE sources SET text = replace(text, 'If Seoul refused to achieve this goal, "
        "Trump suggested, it would withdraw American units from the country.', '')"
    )
    conn.commit()
    conn.close()
    code, out, err = run(capsys, "check", str(path))
    assert code == 1 and "orphaned" in out
    refusal(err)
    assert "no longer found" in err


def test_creating_in_a_read_only_folder_says_so(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "locked"
    folder.mkdir()
    csv = tmp_path / "one.csv"
    csv.write_text("title,date\nOne,2020\n")
    with read_only(folder) as runner:
        code, err = runner(["import", str(folder / "new.citeline"), str(csv)])
    assert code == 1
    refusal(err)
    assert "read-only" in err and "choose another folder" in err
    assert list(folder.iterdir()) == []


def test_backups_and_restore(project: Path, tmp_path: Path, capsys) -> None:
    code, _, err = run(capsys, "backups", str(project))
    assert code == 1 and "no backups" in err
    refusal(err)
    with Store.open(project) as store:
        backup.backup_connection(store.db.conn, project)
    code, out, _ = run(capsys, "backups", str(project))
    assert code == 0 and "5 events, 0 quotes, 0 sources" in out
    path = backup.list_backups(project)[0]
    assert str(path) in out
    new = tmp_path / "new.citeline"
    code, out, _ = run(capsys, "restore", str(path), str(new))
    assert code == 0 and "5 events" in out
    code, out, _ = run(capsys, "check", str(new))
    assert code == 0 and "5 events" in out
    code, _, err = run(capsys, "restore", str(path), str(new))  # never over a file
    assert code == 1 and "already exists" in err
    refusal(err)


# ------------------------------------------------------------------ read-only folders


class read_only:
    """Make ``folder`` read-only and run the command line there in a subprocess.

    Root ignores a folder's permissions, so as root the folder is bind-mounted
    read-only in a private mount namespace instead.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __enter__(self):
        if os.geteuid() != 0:
            self.folder.chmod(0o555)
        elif shutil.which("unshare") is None or shutil.which("mount") is None:
            pytest.skip("running as root without unshare/mount: no read-only folder to test")
        return self.run

    def __exit__(self, *exc: object) -> None:
        if os.geteuid() != 0:
            self.folder.chmod(0o755)

    def run(self, args: list[str]) -> tuple[int, str]:
        command = [sys.executable, "-m", "citeline", *args]
        if os.geteuid() == 0:
            f = str(self.folder)
            script = f'mount --bind "{f}" "{f}" && mount -o remount,ro,bind "{f}" && exec "$@"'
            command = ["unshare", "--mount", "sh", "-c", script, "sh", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=60)
        if "mount:" in result.stderr or "unshare:" in result.stderr:
            pytest.skip(f"no read-only mount here: {result.stderr.strip()}")
        self.out = result.stdout
        return result.returncode, result.stderr


def test_check_and_export_in_a_read_only_folder_with_a_pending_log(tmp_path: Path) -> None:
    """A crash left edits in the log; the folder is read-only: they are still read."""
    source = tmp_path / "src" / "p.citeline"
    source.parent.mkdir()
    Store.create(source).close()
    writer = Store.open(source)
    for i in range(34):
        edit, _ = items.add_event(writer, title=f"E{i}", date="2020")
        writer.apply(edit)
    folder = tmp_path / "ro"
    folder.mkdir()
    # what a crash leaves: the file and its log, no index
    shutil.copy(source, folder / "p.citeline")
    shutil.copy(source.with_name("p.citeline-wal"), folder / "p.citeline-wal")
    writer.close()
    before = {p.name: digest(p) for p in folder.iterdir()}
    with read_only(folder) as runner:
        code, err = runner(["check", str(folder / "p.citeline")])
        assert code == 0, err
        assert "34 events" in runner.__self__.out
        code, err = runner(["export", str(folder / "p.citeline"), "--format", "csv"])
        assert code == 0, err
        assert runner.__self__.out.count("\n") == 35
    assert {p.name: digest(p) for p in folder.iterdir()} == before


# ------------------------------------------------------------------ kill during restore


def restore_and_kill(tmp_path: Path, rounds: int) -> None:
    """kill -9 at random moments of `citeline restore`: the new file is whole or absent."""
    import random

    big = tmp_path / "big.citeline"
    with Store.create(big) as store:
        store.db.execute(  # about 16 MB of events, so a restore takes a while
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 8000) "
            "INSERT INTO events (title, description, date_edtf, date_precision, "
            "date_earliest, date_latest, created_at, updated_at) "
            "SELECT 'E' || i, hex(randomblob(1000)), '2020', 'year', 0, 1, '', '' FROM n"
        )
        store.db.conn.commit()
        copy = backup.backup_connection(store.db.conn, big)
    copy_digest = digest(copy)
    rng = random.Random(12)
    interrupted = 0
    for n in range(rounds):
        dest = tmp_path / f"r{n}.citeline"
        proc = subprocess.Popen(
            [sys.executable, "-m", "citeline", "restore", str(copy), str(dest)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # wait until the copy is being built, then kill at a random moment of it
        deadline = time.monotonic() + 20
        while not list(tmp_path.glob(f".r{n}.citeline.*")) and proc.poll() is None:
            assert time.monotonic() < deadline
            time.sleep(0.002)
        time.sleep(rng.uniform(0, 0.08))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if list(tmp_path.glob(f".r{n}.citeline.*")):
            interrupted += 1  # killed while building the copy
        if dest.exists():
            with Store.open(dest, read_only=True) as store:
                assert store.integrity() == "ok"
                assert store.count("events") == 8000
            dest.unlink()
        # the next restore to the same name clears what the killed one left
        assert main(["restore", str(copy), str(dest)]) == 0
        assert not list(tmp_path.glob(f".r{n}.citeline.*"))
        with Store.open(dest, read_only=True) as store:
            assert store.count("events") == 8000
    assert digest(copy) == copy_digest
    assert interrupted >= 1, "no kill landed during a restore"


def test_killing_a_restore_never_leaves_a_partial_project(tmp_path: Path) -> None:
    restore_and_kill(tmp_path, 2)


@pytest.mark.slow
def test_killing_a_restore_many_times(tmp_path: Path) -> None:
    restore_and_kill(tmp_path, 30)


# ------------------------------------------------------------------ a full disk


def on_small_disk(folder: Path, kib: int, script: str) -> subprocess.CompletedProcess:
    """Run ``script`` (sh) with a ``kib``-KiB file system mounted on ``folder``, in a
    private mount namespace (root only), so the disk really fills up."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        pytest.skip("needs root and unshare to mount a small file system")
    mount = f'mount -t tmpfs -o size={kib}k tmpfs "{folder}" && '
    result = subprocess.run(
        ["unshare", "--mount", "sh", "-c", mount + script],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CITELINE": f"{sys.executable} -m citeline"},
    )
    if "mount:" in result.stderr or "unshare:" in result.stderr:
        pytest.skip(f"no small file system here: {result.stderr.strip()}")
    return result


def test_a_full_disk_is_called_a_full_disk(tmp_path: Path) -> None:
    folder = tmp_path / "disk"
    folder.mkdir()
    one = tmp_path / "one.csv"
    one.write_text("title,date\nOne,2020\n")
    big = tmp_path / "big.csv"
    big.write_text(
        "title,date,description\n" + "".join(f"Event {i},2020,{'x' * 200}\n" for i in range(3000))
    )
    made = tmp_path / "p.citeline"
    assert main(["import", str(made), str(one)]) == 0
    before = digest(made)
    report = tmp_path / "report.txt"
    p = f'"{folder}/p.citeline"'
    script = (
        f'cp "{made}" {p} && '
        # creating a project where it cannot fit
        f'$CITELINE import "{folder}/tiny.citeline" "{one}" 2>"{tmp_path}/create.err"; '
        f'echo create=$? >> "{report}"; ls -a "{folder}" >> "{report}"; '
        # an import into a project that fits, that does not fit
        f'$CITELINE import {p} "{big}" 2>"{tmp_path}/import.err"; echo import=$? >> "{report}"; '
        f'$CITELINE check {p} > "{tmp_path}/check.out"; echo check=$? >> "{report}"; '
        f'cp {p} "{tmp_path}/after.citeline"'
    )
    # room for the project and a little more: not for a new one, nor for 3,000 events
    result = on_small_disk(folder, made.stat().st_size // 1024 + 48, script)
    text = report.read_text()
    assert "create=1" in text and "import=1" in text and "check=0" in text, (
        text,
        result.stderr,
    )
    create_err = (tmp_path / "create.err").read_text()
    refusal(create_err)
    assert "disk is full" in create_err and "tiny.citeline was not created" in create_err
    assert "tiny" not in text, "no partial file is left"
    import_err = (tmp_path / "import.err").read_text()
    refusal(import_err)
    assert "disk is full" in import_err, import_err
    assert "1 events" in (tmp_path / "check.out").read_text()
    assert digest(tmp_path / "after.citeline") == before


def test_a_restored_project_lists_the_backups_it_came_from(
    project: Path, tmp_path: Path, capsys
) -> None:
    with Store.open(project) as store:
        copy = backup.backup_connection(store.db.conn, project)
    new = tmp_path / "again.citeline"
    code, _, _ = run(capsys, "restore", str(copy), str(new))
    assert code == 0
    assert backup.restored_from(new) == project.resolve()  # the backup said whose it was
    assert backup.backup_of(new) is None
    code, out, _ = run(capsys, "backups", str(new))
    assert code == 0
    assert "Backups of p.citeline, which again.citeline was restored from:" in out
    assert str(copy) in out and "5 events" in out
    code, out, _ = run(capsys, "export", str(new), "--format", "json")
    assert code == 0 and "restored_from" not in out and str(tmp_path) not in out

"""A throwaway PostgreSQL cluster for the server-project tests, from Debian's binaries.

One cluster per test session (``initdb`` in a temporary folder, listening only on a Unix
socket in that folder); each test gets a database of its own. When the tests run as
root the cluster runs as the ``postgres`` account (PostgreSQL refuses to run as root).
Without the binaries the tests skip, naming what is missing; ``CITELINE_REQUIRE_TOOLS=1``
(set by ``.ci/run``) turns that skip into a failure.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

BIN_DIRS = [Path(f"/usr/lib/postgresql/{v}/bin") for v in (17, 16, 15)]
SUPERUSER = "postgres"
PORT = 5432


def find_bin() -> Path | None:
    """The folder holding ``initdb``, ``pg_ctl`` and ``postgres``, or None."""
    env = os.environ.get("CITELINE_PG_BIN")  # only this folder, when given
    for folder in [Path(env)] if env else BIN_DIRS:
        if all((folder / tool).exists() for tool in ("initdb", "pg_ctl", "postgres")):
            return folder
    return None


class Cluster:
    """A running cluster: its folder, socket folder, and how to reach it."""

    def __init__(self, bin_dir: Path) -> None:
        self.bin = bin_dir
        self.root = Path(tempfile.mkdtemp(prefix="citeline-pg-"))
        self.data = self.root / "data"
        self.log = self.root / "log"
        self._as: list[str] = []
        if os.geteuid() == 0:
            try:
                account = pwd.getpwnam("postgres")
            except KeyError as exc:
                raise RuntimeError("tests run as root, and there is no postgres account") from exc
            os.chown(self.root, account.pw_uid, account.pw_gid)
            self._as = ["runuser", "-u", "postgres", "--"]
        os.chmod(self.root, 0o755)

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*self._as, *args], check=check, capture_output=True, text=True, timeout=120
        )

    def start(self) -> None:
        self._run(
            str(self.bin / "initdb"),
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write(
                "\n# Citeline tests: a Unix socket only, in the cluster's own folder.\n"
                "listen_addresses = ''\n"
                f"port = {PORT}\n"
                f"unix_socket_directories = '{self.root}'\n"
                "max_connections = 80\n"
                "shared_buffers = 64MB\n"
                "fsync = off\n"
                "full_page_writes = off\n"
                "log_min_messages = warning\n"
            )
        self.ctl("start", "-w", "-t", "60", "-l", str(self.log))

    def ctl(self, *args: str) -> None:
        """Run ``pg_ctl`` on this cluster (start, stop, restart …)."""
        out = self._run(str(self.bin / "pg_ctl"), *args, "-D", str(self.data), check=False)
        if out.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise RuntimeError(f"pg_ctl {args[0]} failed: {out.stderr}{out.stdout}\n{log}")

    def restart(self, mode: str = "fast") -> None:
        """Restart the server (``fast``: sessions are ended, committed work stays)."""
        self.ctl("restart", "-w", "-t", "60", "-m", mode, "-l", str(self.log))

    def stop(self) -> None:
        self.ctl("stop", "-w", "-m", "immediate")

    def url(self, dbname: str = "postgres", user: str = SUPERUSER) -> str:
        """A libpq address of ``dbname`` over the Unix socket."""
        return f"postgresql://{user}@/{dbname}?host={self.root}&port={PORT}"

    def create_database(self, name: str | None = None) -> str:
        """A new empty database; its address."""
        import psycopg

        name = name or "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)


def _missing(reason: str) -> None:
    if os.environ.get("CITELINE_REQUIRE_TOOLS") == "1":
        pytest.fail(f"{reason} (CITELINE_REQUIRE_TOOLS=1 requires it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[Cluster]:
    """One PostgreSQL cluster for the whole session."""
    bin_dir = find_bin()
    if bin_dir is None:
        _missing("PostgreSQL's server binaries (Debian package postgresql) are not installed")
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _missing("psycopg is not installed")
    assert bin_dir is not None
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _missing("tests run as root and runuser is missing to start PostgreSQL as postgres")
    cluster = Cluster(bin_dir)
    try:
        cluster.start()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        shutil.rmtree(cluster.root, ignore_errors=True)
        pytest.fail(f"could not start a PostgreSQL cluster: {exc}")
    try:
        yield cluster
    finally:
        with contextlib.suppress(RuntimeError):
            cluster.stop()
        shutil.rmtree(cluster.root, ignore_errors=True)


@pytest.fixture
def pg_url(pg_cluster: Cluster) -> str:
    """The address of a fresh, empty database of the session's cluster."""
    return pg_cluster.create_database()

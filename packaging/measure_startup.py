"""Measure how fast a built Citeline starts: `citeline --version` and the first window.

    uv run python packaging/measure_startup.py [BUNDLE] [--runs N] [--cold]

BUNDLE is the built folder (default dist/citeline). The first window is timed on a real X
server (Xvfb, started here on a free display) through Qt's xcb platform: from launching the
program until its main window is mapped (viewable). Every run gets a fresh home folder, so
the first run also writes the working copy of the sample project, as a new user's first
start does. --cold empties the kernel's file cache before each run (needs root), which
is what the first start after a reboot or a download sees.

The slow packaging tests use :func:`first_window` to check the bundle opens a window.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def fresh_env(home: Path, **extra: str) -> dict[str, str]:
    """An environment whose every per-user folder is under ``home``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("XDG_", "CITELINE_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        XDG_CACHE_HOME=str(home / ".cache"),
    )
    env.update(extra)
    return env


def drop_caches() -> bool:
    """Empty the kernel's page cache, so the next start reads the program from disk."""
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
    except OSError:
        return False
    return True


@contextmanager
def xvfb():
    """A running Xvfb server; yields its DISPLAY value."""
    if shutil.which("Xvfb") is None:
        raise RuntimeError("Xvfb is not installed (apt-get install xvfb)")
    read, write = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write), "-screen", "0", "1920x1080x24", "-nolisten", "tcp"],
        pass_fds=(write,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def _viewable_citeline_window(display: str) -> bool:
    env = {**os.environ, "DISPLAY": display}
    tree = subprocess.run(
        ["xwininfo", "-root", "-children"], env=env, capture_output=True, text=True
    ).stdout
    for line in tree.splitlines():
        # a top-level window: 0x200007 "p.citeline — Citeline": ("citeline" "Citeline") ...
        if '("citeline" "Citeline")' not in line and "— Citeline" not in line:
            continue
        window = line.split()[0]
        info = subprocess.run(
            ["xwininfo", "-id", window], env=env, capture_output=True, text=True
        ).stdout
        if "Map State: IsViewable" in info and "Width: 1\n" not in info:
            return True
    return False


def first_window(
    program: Path, display: str, env: dict[str, str], timeout: float = 60.0
) -> tuple[float, subprocess.Popen]:
    """Start ``program`` on ``display``; return the seconds until its window shows, and it."""
    if shutil.which("xwininfo") is None:
        raise RuntimeError("xwininfo is not installed (apt-get install x11-utils)")
    run_env = {**env, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb"}
    start = time.perf_counter()
    process = subprocess.Popen(
        [str(program)], env=run_env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    while time.perf_counter() - start < timeout:
        if process.poll() is not None:
            output = process.stdout.read().decode(errors="replace") if process.stdout else ""
            raise RuntimeError(f"Citeline exited with {process.returncode}:\n{output}")
        if _viewable_citeline_window(display):
            return time.perf_counter() - start, process
        time.sleep(0.01)
    process.kill()
    raise TimeoutError(f"no Citeline window within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    """Ask a started Citeline to quit (as a logout would), then make sure it has."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def time_version(program: Path, env: dict[str, str]) -> float:
    """Seconds for ``citeline --version`` to answer."""
    start = time.perf_counter()
    subprocess.run(
        [str(program), "--version"],
        env={**env, "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def main(argv: list[str]) -> int:
    """Print the start-up times of a built bundle."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", nargs="?", type=Path, default=ROOT / "dist" / "citeline")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cold", action="store_true", help="empty the file cache first")
    args = parser.parse_args(argv)
    program = args.bundle / ("citeline.exe" if os.name == "nt" else "citeline")
    if not program.exists():
        parser.error(f"{program} does not exist: build it first (packaging/build-linux.sh)")
    if args.cold and not drop_caches():
        parser.error("--cold needs root, to write /proc/sys/vm/drop_caches")

    versions, windows = [], []
    with xvfb() as display:
        for _ in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="citeline-start-") as home:
                env = fresh_env(Path(home))
                if args.cold:
                    drop_caches()
                versions.append(time_version(program, env))
                if args.cold:
                    drop_caches()
                seconds, process = first_window(program, display, env)
                windows.append(seconds)
                stop(process)
                crashes = list(Path(home).rglob("crash-*.log"))
                if crashes:
                    print(f"crash log written: {crashes[0]}", file=sys.stderr)
                    return 1
    kind = "cold" if args.cold else "warm"
    for name, values in (("--version", versions), ("first window", windows)):
        print(
            f"{name:>13} ({kind}, {len(values)} runs): median {statistics.median(values):.2f} s, "
            f"min {min(values):.2f} s, max {max(values):.2f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

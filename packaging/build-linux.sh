#!/usr/bin/env bash
# Build the standalone Citeline for Linux with one command, from the repository root or
# anywhere else:
#
#     packaging/build-linux.sh
#
# Produces dist/citeline/ (a folder holding the program `citeline` and everything it needs,
# including install-desktop-files.sh) and dist/citeline-VERSION-linux-ARCH.tar.gz.
# The Python packages are exactly those in uv.lock; the tarball's bytes depend only on the
# folder's contents and the last commit's time. docs/packaging.md explains the recipe.
#
# Environment: CITELINE_DIST (default: dist) and CITELINE_BUILD (default: build/pyinstaller)
# choose the output and scratch folders.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${CITELINE_DIST:-$ROOT/dist}
WORK=${CITELINE_BUILD:-$ROOT/build/pyinstaller}
cd "$ROOT"

fail() { echo "build-linux.sh: $*" >&2; exit 1; }
command -v uv >/dev/null || fail "needs uv (see docs/packaging.md)"
command -v strip >/dev/null || fail "needs strip, from binutils (apt-get install binutils)"

# The version comes from pyproject.toml alone; the installed metadata must agree with it,
# since that is what the bundle's --version reads.
VERSION=$(uv run --locked python -c '
import tomllib, citeline
declared = tomllib.load(open("pyproject.toml", "rb"))["project"]["version"]
if citeline.__version__ != declared:
    raise SystemExit(f"installed metadata says {citeline.__version__}, pyproject.toml {declared}")
print(declared)')
ARCH=$(uname -m)
echo "Building Citeline $VERSION for linux-$ARCH into $DIST"

rm -rf "$DIST/citeline" "$WORK"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
uv run --locked pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/citeline.spec 2>&1 | tee "$log"

# A library the kept Qt plugins link to but this machine lacks would be missing from the
# bundle too, and the program would fail on machines without it: stop here instead.
if grep -q "Library not found" "$log"; then
  grep "Library not found" "$log" >&2
  fail "install the libraries above (docs/packaging.md lists the packages) and build again"
fi

# The desktop-integration installer travels with the program (it finds the icons and
# desktop files inside the bundle).
install -m 755 packaging/install-desktop-files.sh "$DIST/citeline/install-desktop-files.sh"

# Smoke test: the program runs without a display and knows its version.
got=$(QT_QPA_PLATFORM=offscreen "$DIST/citeline/citeline" --version)
[ "$got" = "Citeline, version $VERSION" ] || fail "the bundle says '$got', expected $VERSION"

TARBALL="$DIST/citeline-$VERSION-linux-$ARCH.tar.gz"
packaging/make-tarball.sh "$DIST/citeline" "$TARBALL"
echo "Bundle:  $DIST/citeline ($(du -sh "$DIST/citeline" | cut -f1))"
echo "Tarball: $TARBALL ($(du -sh "$TARBALL" | cut -f1))"

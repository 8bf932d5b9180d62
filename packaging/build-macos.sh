#!/usr/bin/env bash
# Build the standalone Citeline for macOS (UNTESTED: written without a Mac; docs/packaging.md
# says what to check on the first run).
#
#     packaging/build-macos.sh
#
# Produces dist/Citeline.app (its command line is Citeline.app/Contents/MacOS/citeline)
# and dist/Citeline-VERSION-macos-ARCH.dmg. The app is signed ad hoc by PyInstaller, not
# notarized: on another Mac, Gatekeeper asks the user to allow it (docs/install.md).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
DIST=${CITELINE_DIST:-$ROOT/dist}
WORK=${CITELINE_BUILD:-$ROOT/build/pyinstaller}
cd "$ROOT"

fail() { echo "build-macos.sh: $*" >&2; exit 1; }
command -v uv >/dev/null || fail "needs uv (see docs/packaging.md)"

VERSION=$(uv run --locked python -c '
import tomllib, citeline
declared = tomllib.load(open("pyproject.toml", "rb"))["project"]["version"]
if citeline.__version__ != declared:
    raise SystemExit(f"installed metadata says {citeline.__version__}, pyproject.toml {declared}")
print(declared)')
ARCH=$(uname -m)
echo "Building Citeline $VERSION for macos-$ARCH into $DIST"

rm -rf "$DIST/citeline" "$DIST/Citeline.app" "$WORK"
uv run --locked pyinstaller --noconfirm --clean --log-level WARN \
  --distpath "$DIST" --workpath "$WORK" packaging/citeline.spec

got=$(QT_QPA_PLATFORM=offscreen "$DIST/Citeline.app/Contents/MacOS/citeline" --version)
[ "$got" = "Citeline, version $VERSION" ] || fail "the bundle says '$got', expected $VERSION"

DMG="$DIST/Citeline-$VERSION-macos-$ARCH.dmg"
rm -f "$DMG"
staging=$(mktemp -d)
cp -R "$DIST/Citeline.app" "$staging/"
ln -s /Applications "$staging/Applications"
hdiutil create -volname "Citeline $VERSION" -srcfolder "$staging" -fs HFS+ -format UDZO "$DMG"
rm -rf "$staging"
echo "App: $DIST/Citeline.app"
echo "Disk image: $DMG"

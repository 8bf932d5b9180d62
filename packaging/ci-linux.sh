#!/usr/bin/env bash
# The packaging CI step, separate from .ci/run because a build takes a few minutes:
# install what a bare Debian machine needs to build and check the bundle, build it with
# packaging/build-linux.sh, then run the slow packaging tests against that build.
#
#     bash packaging/ci-linux.sh        (as root, from anywhere)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  # Qt's runtime libraries, including those the xcb platform plugin links to: the build
  # copies them into the bundle, so they must be on the build machine.
  libglib2.0-0 libgl1 libegl1 libfontconfig1 libdbus-1-3 libxkbcommon0 libxkbcommon-x11-0
  libx11-xcb1 libxcb-cursor0 libxcb-glx0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1
  libxcb-util1 libxcb-xfixes0 libxcb-xkb1 fonts-noto-cjk
  # strip, for the bundle's binaries; an X server and xwininfo for the first-window test.
  binutils xvfb x11-utils
  # The desktop-file validators.
  desktop-file-utils appstream shared-mime-info libxml2-utils
)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v uv >/dev/null 2>&1 || python3 -m pip install --quiet uv

export PYTHONDONTWRITEBYTECODE=1
uv sync --locked --quiet
packaging/build-linux.sh
CITELINE_BUNDLE="$PWD/dist/citeline" uv run --locked pytest -m slow tests/packaging
uv run --locked python packaging/measure_startup.py dist/citeline --runs 3

#!/usr/bin/env bash
# Add Citeline to the desktop: its menu entry, icon, the "Citeline project" file type (so
# double-clicking a .citeline file opens it) and its software-centre description.
#
#     install-desktop-files.sh [--uninstall] [PREFIX]
#
# Without PREFIX the files go to your own folders (~/.local/share, or $XDG_DATA_HOME) and
# need no administrator rights; with PREFIX (e.g. /usr/local) they go to PREFIX/share.
# Run from an unpacked Citeline bundle, it also puts a `citeline` command in PREFIX/bin
# (~/.local/bin by default) that starts the bundle. Run from a source checkout, it installs
# the files only: `citeline` must already be on PATH (uv tool install / pip install).
set -euo pipefail

APP_ID=org.citeline.Citeline
SIZES="16 32 48 64 128 256 512"

usage() { echo "usage: install-desktop-files.sh [--uninstall] [PREFIX]" >&2; exit 2; }
say() { echo "install-desktop-files.sh: $*"; }

uninstall=0
prefix=""
for arg in "$@"; do
  case "$arg" in
    --uninstall) uninstall=1 ;;
    -h | --help) usage ;;
    -*) usage ;;
    *) [ -z "$prefix" ] || usage; prefix=$arg ;;
  esac
done

if [ -n "$prefix" ]; then
  [ "$uninstall" = 1 ] || mkdir -p "$prefix"
  [ -d "$prefix" ] || { say "no such folder: $prefix" >&2; exit 1; }
  prefix=$(cd "$prefix" && pwd)
  data="$prefix/share"
  bin="$prefix/bin"
else
  data="${XDG_DATA_HOME:-$HOME/.local/share}"
  bin="$HOME/.local/bin"
fi

# Where the files to install are: inside a bundle, or in a source checkout.
here=$(cd "$(dirname "$0")" && pwd)
resources=""
for candidate in "$here/_internal/citeline/resources" "$here/../resources"; do
  if [ -f "$candidate/desktop/$APP_ID.desktop" ]; then
    resources=$(cd "$candidate" && pwd)
    break
  fi
done
[ -n "$resources" ] || { say "cannot find Citeline's desktop files next to this script" >&2; exit 1; }
program=""
[ -x "$here/citeline" ] && [ -d "$here/_internal" ] && program="$here/citeline"

files=(
  "applications/$APP_ID.desktop"
  "mime/packages/$APP_ID.xml"
  "metainfo/$APP_ID.metainfo.xml"
  "icons/hicolor/scalable/apps/$APP_ID.svg"
)
for size in $SIZES; do files+=("icons/hicolor/${size}x${size}/apps/$APP_ID.png"); done

refresh() {
  # Let the desktop notice; each tool is optional (a bare system may lack them).
  if command -v update-mime-database >/dev/null && [ -d "$data/mime/packages" ]; then
    update-mime-database "$data/mime"
  fi
  if command -v update-desktop-database >/dev/null && [ -d "$data/applications" ]; then
    update-desktop-database -q "$data/applications"
  fi
  if command -v gtk-update-icon-cache >/dev/null && [ -f "$data/icons/hicolor/index.theme" ]; then
    gtk-update-icon-cache -q -t -f "$data/icons/hicolor" || true
  fi
  [ ! -d "$data/icons/hicolor" ] || touch "$data/icons/hicolor"
}

if [ "$uninstall" = 1 ]; then
  for file in "${files[@]}"; do rm -f "$data/$file"; done
  if [ -L "$bin/citeline" ] && [ "$(readlink "$bin/citeline")" = "$program" ]; then
    rm -f "$bin/citeline"
  fi
  refresh
  say "removed Citeline's desktop files from $data"
  exit 0
fi

install -D -m 644 "$resources/icons/citeline.svg" "$data/icons/hicolor/scalable/apps/$APP_ID.svg"
for size in $SIZES; do
  install -D -m 644 "$resources/icons/citeline-$size.png" \
    "$data/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
done
install -D -m 644 "$resources/desktop/$APP_ID.mime.xml" "$data/mime/packages/$APP_ID.xml"
install -D -m 644 "$resources/desktop/$APP_ID.metainfo.xml" "$data/metainfo/$APP_ID.metainfo.xml"

# The menu entry runs `citeline`. A bundle gets a command of that name in $bin; if $bin is
# not on PATH, the entry names the program by its full path instead.
exec_path=citeline
if [ -n "$program" ]; then
  mkdir -p "$bin"
  ln -sfn "$program" "$bin/citeline"
  case ":$PATH:" in
    *":$bin:"*) ;;
    *) exec_path="$bin/citeline" ;;
  esac
elif ! command -v citeline >/dev/null; then
  say "note: no 'citeline' command on PATH yet; the menu entry appears once there is one"
fi
desktop="$data/applications/$APP_ID.desktop"
mkdir -p "$(dirname "$desktop")"
if [ "$exec_path" = citeline ]; then
  install -m 644 "$resources/desktop/$APP_ID.desktop" "$desktop"
else
  # Desktop-entry quoting: the path goes in double quotes, with " ` $ \ escaped as \\c
  # (string escapes apply first) and % doubled (it would start a field code).
  quoted=$(printf '%s' "$exec_path" | sed -e 's/[\\"`$]/\\\\&/g' -e 's/%/%%/g')
  plain=$(printf '%s' "$exec_path" | sed -e 's/\\/\\\\/g')
  while IFS= read -r line; do
    case "$line" in
      "Exec=citeline "*) printf 'Exec="%s" %s\n' "$quoted" "${line#Exec=citeline }" ;;
      "TryExec=citeline") printf 'TryExec=%s\n' "$plain" ;;
      *) printf '%s\n' "$line" ;;
    esac
  done <"$resources/desktop/$APP_ID.desktop" >"$desktop"
  chmod 644 "$desktop"
fi

refresh
say "installed Citeline's menu entry, icon and file type into $data"
[ -z "$program" ] || say "the 'citeline' command is $bin/citeline -> $program"

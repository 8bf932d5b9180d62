#!/usr/bin/env bash
# Pack a built folder into a reproducible .tar.gz: names sorted, owners and times fixed,
# no gzip timestamp, so the same folder always gives the same bytes.
#
#     packaging/make-tarball.sh dist/citeline dist/citeline-0.1.0-linux-x86_64.tar.gz
#
# File times are set to SOURCE_DATE_EPOCH, or else the last commit's time.
set -euo pipefail

[ $# -eq 2 ] || { echo "usage: make-tarball.sh FOLDER OUT.tar.gz" >&2; exit 2; }
folder=$(cd "$1" && pwd)
out=$2
root=$(cd "$(dirname "$0")/.." && pwd)
epoch=${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || echo 0)}

tar --sort=name --format=gnu --mtime="@$epoch" --owner=0 --group=0 --numeric-owner \
  --mode='u+rwX,go+rX,go-w' -C "$(dirname "$folder")" -cf - "$(basename "$folder")" \
  | gzip -9 -n >"$out.part"
mv "$out.part" "$out"

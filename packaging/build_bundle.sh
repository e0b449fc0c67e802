#!/usr/bin/env bash
# Build the one-folder bundle dist/ldn-desktop/ with PyInstaller, then prove it works.
#   bash packaging/build_bundle.sh
# Steps: .venv (created if missing) -> pip install -e '.[bundle]' (PyInstaller) -> pyinstaller with
# packaging/ldn_desktop.spec -> print build time and bundle size -> dist/ldn-desktop/ldn-desktop --self-test
# Needs Qt's system libraries (see packaging/apt-packages.txt; `bash packaging/setup.sh test` installs them).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(dirname "$here")"
cd "$top"
export LANG="${LANG:-C.UTF-8}" LC_ALL="${LC_ALL:-C.UTF-8}"

say() { printf 'build_bundle: %s\n' "$*" >&2; }

if [ ! -x .venv/bin/python ]; then
  say "creating .venv"
  python3 -m venv .venv
fi
if ! .venv/bin/python -c 'import PyInstaller' >/dev/null 2>&1; then
  say "installing ldn-desktop with the bundle extra (PyInstaller)"
  .venv/bin/python -m pip install -q -e '.[bundle]'
fi

started=$(date +%s)
say "building dist/ldn-desktop/ (PyInstaller $(.venv/bin/pyinstaller --version))"
.venv/bin/pyinstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/ldn_desktop.spec
finished=$(date +%s)

bundle="dist/ldn-desktop"
[ -x "$bundle/ldn-desktop" ] || { say "no executable in $bundle"; exit 1; }
say "build time: $((finished - started)) s"
say "bundle size: $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files)"

say "self-test of the bundle"
QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}" "$bundle/ldn-desktop" --self-test
say "done: run $bundle/ldn-desktop, or install it with: bash packaging/install.sh"

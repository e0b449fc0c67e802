#!/usr/bin/env bash
# Install the built bundle (dist/ldn-desktop/, made by packaging/build_bundle.sh) for the current user:
#   ~/.local/opt/ldn-desktop/                 the program
#   ~/.local/bin/ldn-desktop                  launcher symlink (CLI and window)
#   ~/.local/share/applications/ldn-desktop.desktop
#   ~/.local/share/icons/hicolor/<size>/apps/ldn-desktop.png (+ scalable SVG)
#   ~/.local/share/metainfo/io.github.ldn_desktop.LdnDesktop.metainfo.xml
# Usage: bash packaging/install.sh [--uninstall]
# No root needed; the user's data folder (~/.local/share/ldn-desktop) is never touched.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(dirname "$here")"
prefix="${XDG_DATA_HOME:-$HOME/.local/share}"
opt="$HOME/.local/opt/ldn-desktop"
bin="$HOME/.local/bin"
apps="$prefix/applications"
icons="$prefix/icons/hicolor"
metainfo="$prefix/metainfo"
metainfo_name="io.github.ldn_desktop.LdnDesktop.metainfo.xml"

say() { printf 'install: %s\n' "$*" >&2; }

refresh_caches() {
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$apps" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$icons" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$opt"
  [ -L "$bin/ldn-desktop" ] && rm -f "$bin/ldn-desktop"
  rm -f "$apps/ldn-desktop.desktop" "$metainfo/$metainfo_name" "$icons/scalable/apps/ldn-desktop.svg"
  find "$icons" -path '*/apps/ldn-desktop.png' -delete 2>/dev/null || true
  refresh_caches
  say "removed (your data folder was left as it is)"
  exit 0
fi

bundle="$top/dist/ldn-desktop"
[ -x "$bundle/ldn-desktop" ] || { say "no bundle in $bundle: run bash packaging/build_bundle.sh first"; exit 1; }

# the program: copy to a new folder, then swap it in, so a failed copy leaves the old one working
mkdir -p "$(dirname "$opt")"
staging="$opt.new.$$"
rm -rf "$staging"
cp -a "$bundle" "$staging"
rm -rf "$opt.old"
[ -d "$opt" ] && mv "$opt" "$opt.old"
mv "$staging" "$opt"
rm -rf "$opt.old"
say "program in $opt"

mkdir -p "$bin"
ln -sfn "$opt/ldn-desktop" "$bin/ldn-desktop"
say "launcher $bin/ldn-desktop"

mkdir -p "$apps"
# an absolute Exec, so the menu entry works even when ~/.local/bin is not on PATH
sed -e "s|^Exec=.*|Exec=$opt/ldn-desktop|" -e "s|^TryExec=.*|TryExec=$opt/ldn-desktop|" \
  "$here/ldn-desktop.desktop" > "$apps/ldn-desktop.desktop"
chmod 0644 "$apps/ldn-desktop.desktop"

for png in "$here"/icons/hicolor/*/apps/ldn-desktop.png; do
  size="$(basename "$(dirname "$(dirname "$png")")")"
  install -D -m 0644 "$png" "$icons/$size/apps/ldn-desktop.png"
done
install -D -m 0644 "$top/resources/icons/ldn-desktop.svg" "$icons/scalable/apps/ldn-desktop.svg"
install -D -m 0644 "$here/$metainfo_name" "$metainfo/$metainfo_name"
refresh_caches
say "menu entry, icons and metainfo installed under $prefix"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) say "note: $bin is not on your PATH; the menu entry works anyway" ;;
esac

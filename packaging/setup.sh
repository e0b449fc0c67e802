#!/usr/bin/env bash
# One entry point for a fresh Debian 12 / Ubuntu machine:
#   bash packaging/setup.sh run  [ldn-desktop args]   set everything up, then open the app
#   bash packaging/setup.sh test [pytest args]        set everything up, then ruff, mypy and the whole test suite
# Steps: Qt's system libraries (apt, when root and missing) -> .venv -> editable install with the
# test extra. A second run skips every step whose inputs did not change, so it takes a second or two.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(dirname "$here")"
cd "$top"
export LANG="${LANG:-C.UTF-8}" LC_ALL="${LC_ALL:-C.UTF-8}"
[ "${LANG}" = "C" ] && export LANG=C.UTF-8

say() { printf 'setup: %s\n' "$*" >&2; }

missing_apt_packages() {
  local pkg
  sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$here/apt-packages.txt" | while read -r pkg; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || echo "$pkg"
  done
}

install_system_packages() {
  command -v dpkg-query >/dev/null 2>&1 || { say "not a Debian-like system: install Qt's libraries yourself"; return 0; }
  local missing
  missing="$(missing_apt_packages | tr '\n' ' ')"
  if ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then missing="$missing python3-venv python3-pip"; fi
  [ -z "${missing// /}" ] && return 0
  if [ "$(id -u)" -eq 0 ]; then
    say "installing system packages: $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    say "missing system packages (run as root or: sudo apt-get install $missing)"
  fi
}

ensure_python() {
  python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || {
    say "Python 3.11 or newer is needed (found $(python3 --version 2>&1))"; exit 1; }
}

ensure_venv() {
  local stamp want
  want="$( (cat pyproject.toml "$here/setup.sh"; python3 --version) | sha256sum | cut -d' ' -f1)"
  stamp=".venv/.ldn-desktop-setup"
  if [ -x .venv/bin/python ] && [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then return 0; fi
  [ -x .venv/bin/python ] || { say "creating .venv"; python3 -m venv .venv; }
  say "installing ldn-desktop and its test tools into .venv (pip)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -e '.[test]'
  echo "$want" > "$stamp"
}

cmd="${1:-run}"; shift || true
install_system_packages
ensure_python
ensure_venv
case "$cmd" in
  run)
    unset PYTHONDONTWRITEBYTECODE  # a shell's setting would make every start compile ~170 modules
    if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && [ -z "${QT_QPA_PLATFORM:-}" ]; then
      say "no display found: open a desktop session, or try: xvfb-run -a bash packaging/setup.sh run"
      exit 1
    fi
    exec .venv/bin/ldn-desktop "$@" ;;
  test)
    export PYTHONDONTWRITEBYTECODE=1  # tests leave no __pycache__ behind; `run` keeps them (faster starts)
    say "ruff check"
    .venv/bin/ruff check .
    say "mypy --strict (core, storage)"
    .venv/bin/mypy
    say "pytest"
    exec .venv/bin/python -m pytest "$@" ;;
  *) say "usage: bash packaging/setup.sh run|test [args]"; exit 2 ;;
esac

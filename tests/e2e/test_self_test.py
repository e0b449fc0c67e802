"""``ldn-desktop --self-test``: what an installed copy or a bundle is checked with
(packaging/build_bundle.sh runs it). It had no test of its own."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_self_test_passes_quietly_and_leaves_the_users_settings_alone(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = dict(
        os.environ,
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        LDN_DESKTOP_DATA_DIR=str(tmp_path / "data"),
    )
    env.pop("QT_QPA_PLATFORM", None)  # it chooses offscreen itself when nothing is set
    done = subprocess.run(
        [sys.executable, "-m", "ldn_desktop", "--self-test"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        cwd=tmp_path,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == [
        "ok   resources",
        "ok   storage",
        "ok   window",
        "self-test passed",
    ]
    # the offscreen platform's "This plugin does not support raise()" is not the program's
    assert "does not support" not in done.stderr, done.stderr
    written = [p for p in home.rglob("*") if p.is_file()] if home.exists() else []
    assert written == []  # window state and colour scheme went to its temporary folder
    assert not (tmp_path / "data").exists()  # nor into the data folder

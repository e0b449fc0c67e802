"""The lock only keeps out a second LDN Desktop on the same computer: a data folder on a network
file system gets a warning, on stderr from the command line and in a banner in the window."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.storage import folder_checks
from ldn_desktop.storage.folder_checks import mount_fs_type, network_filesystem_warning
from tests.stress.session import run_cli

MOUNTS = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:50 / /mnt/share rw,relatime shared:20 - nfs4 server:/export rw,vers=4.2
41 40 8:2 / /mnt/share/local rw,relatime shared:21 - ext4 /dev/sda2 rw
42 22 0:51 / /mnt/my\\040nas rw,relatime shared:22 - cifs //nas/data rw
43 22 0:52 / /home/me/remote rw,nosuid shared:23 - fuse.sshfs me@host:/data rw
"""


@pytest.fixture
def mountinfo(tmp_path: Path) -> Path:
    path = tmp_path / "mountinfo"
    path.write_text(MOUNTS + f"44 22 0:53 / {tmp_path}/net rw - 9p trans rw\n")
    return path


@pytest.mark.parametrize(
    ("folder", "kind"),
    [
        ("/home/me/ldn", "ext4"),
        ("/mnt/share/ldn", "nfs4"),
        ("/mnt/share", "nfs4"),
        ("/mnt/share/local/ldn", "ext4"),
        ("/mnt/sharedrive/ldn", "ext4"),
        ("/mnt/my nas/ldn", "cifs"),
        ("/home/me/remote/ldn", "fuse.sshfs"),
    ],
)
def test_the_mount_holding_a_folder_is_found(mountinfo: Path, folder: str, kind: str) -> None:
    assert mount_fs_type(Path(folder), mountinfo) == kind


def test_only_network_file_systems_are_warned_about(mountinfo: Path) -> None:
    assert network_filesystem_warning(Path("/home/me/ldn"), mountinfo) is None
    warning = network_filesystem_warning(Path("/mnt/share/ldn"), mountinfo)
    assert warning and "network file system (nfs4)" in warning and "two computers" in warning
    assert network_filesystem_warning(Path("/x"), mountinfo.parent / "missing") is None


def test_cli_and_window_warn_on_a_network_data_folder(
    mountinfo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any
) -> None:
    from ldn_desktop.app import build_main_window
    from ldn_desktop.storage.documents import DataStore

    monkeypatch.setattr(folder_checks, "MOUNTINFO", mountinfo)
    data = tmp_path / "net" / "data"
    status, _, err = run_cli(data, "patient", "add", "--name", "Ada Lovelace")
    assert status == 0
    (line,) = err.splitlines()
    assert line.startswith("ldn-desktop: warning: ") and "network file system (9p)" in line
    store = DataStore.open(data)
    try:
        window = build_main_window(store)
        qtbot.addWidget(window)
        window.show()
        assert "network file system (9p)" in window.data_notes_banner.text()
        assert window.data_notes_banner.isVisible()
    finally:
        store.close()
    status, _, err = run_cli(tmp_path / "local", "patient", "add", "--name", "Ada Lovelace")
    assert status == 0 and err == ""

"""Property tests over archive import (storage/archive.py): a hostile archive writes nothing.

- Any entry name either passes ``check_entry_name`` as a harmless relative path, or is refused.
- An export with one hostile entry added (``..``, absolute, drive letters, backslashes, look-alike
  dots, control characters, symlinks) is refused by ``ldn-desktop data import`` with exit 2 and
  one line; the data folder and everything around it are unchanged.
- Random damage to a real export (flipped bytes, truncation) never gives a traceback, and an
  import that fails changes nothing.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

archive_entries = pytest.importorskip("ldn_desktop.storage.archive_entries")

from tests.stress.session import realistic_session, run_cli  # noqa: E402
from tests.stress.snapshots import snapshot  # noqa: E402

SETTINGS = settings(
    max_examples=60,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)

HOSTILE_NAMES = [
    "../evil.json",
    "data/../../evil.json",
    "data/patients/abcd1234/../../../evil.json",
    "/etc/cron.d/evil",
    "//server/share/evil.json",
    "C:/Windows/evil.json",
    "c:evil.json",
    "data\\..\\..\\evil.json",
    "data/patients/abcd1234/\u2024\u2024/evil.json",  # one-dot leaders look like ".."
    "data/patients/abcd1234/./patient.json",
    "data/.backups/patients/x/patient.json",
    "data/trash/x/patient.json",
    "data/patients/abcd1234/patient.json\x00.txt",
    "data/patients/abcd1234/\npatient.json",
    "data/" + "a/" * 300 + "x.json",
    "data/patients/ABCD1234/PATIENT.JSON",
]

name_parts = st.sampled_from(["..", ".", "", "data", "patients", "x.json", "\u2024\u2024", "C:"])
entry_names = st.one_of(
    st.sampled_from(HOSTILE_NAMES),
    st.lists(st.one_of(name_parts, st.text(max_size=12)), min_size=1, max_size=6).map("/".join),
    st.text(max_size=40),
)


@SETTINGS
@given(name=entry_names)
def test_an_accepted_entry_name_is_a_plain_relative_path(name: str) -> None:
    try:
        accepted = archive_entries.check_entry_name(name)
    except archive_entries.ArchiveRefusedError as exc:
        assert str(exc).startswith("Archive refused, nothing was changed: ")
        return
    path = PurePosixPath(accepted)
    assert not path.is_absolute() and ".." not in path.parts
    assert "\\" not in accepted and all(ch.isprintable() for ch in accepted)
    root = Path("/nonexistent-root")
    try:
        rel = archive_entries.document_path(accepted)
    except archive_entries.ArchiveRefusedError:
        return
    target = Path(os.path.normpath(root.joinpath(*rel.split("/"))))
    assert target.is_relative_to(root) and target != root


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, bytes]:
    """A data folder after a realistic session, and a genuine export of it."""
    root = tmp_path_factory.mktemp("archive-source")
    realistic_session(root / "data", root)
    status, _, err = run_cli(root / "data", "data", "export", str(root / "export.zip"))
    assert status == 0, err
    return root / "data", (root / "export.zip").read_bytes()


def _import(archive: bytes, source: Path) -> tuple[int, str, dict, dict]:
    """Import ``archive`` into a copy of ``source``; returns status, stderr and what changed."""
    scratch = Path(tempfile.mkdtemp(prefix="archive-"))
    try:
        data = scratch / "data"
        shutil.copytree(source, data)
        (scratch / "in.zip").write_bytes(archive)
        before_outside = snapshot(scratch, files_only=True)
        before = snapshot(data)
        status, _, err = run_cli(data, "data", "import", str(scratch / "in.zip"))
        after = snapshot(data)
        outside = {
            k: v
            for k, v in snapshot(scratch, files_only=True).items()
            if not k.startswith("data/") and before_outside.get(k) != v
        }
        return status, err, ({} if after == before else {"changed": True}), outside
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _with_entry(original: bytes, name: str, *, symlink: bool = False) -> bytes:
    scratch = Path(tempfile.mkdtemp(prefix="zip-"))
    try:
        path = scratch / "a.zip"
        path.write_bytes(original)
        with zipfile.ZipFile(path, "a") as archive:
            info = zipfile.ZipInfo(name)
            if symlink:
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, b'{"format": "ldn-desktop/patient", "version": 2}')
        return path.read_bytes()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_hostile_entry_refuses_the_whole_archive(exported: tuple[Path, bytes], name: str) -> None:
    source, archive = exported
    status, err, changed, outside = _import(_with_entry(archive, name), source)
    assert status == 2, err
    assert err.count("\n") == 1 and "Archive refused, nothing was changed" in err, err
    assert changed == {} and outside == {}


def test_symlink_entry_is_refused(exported: tuple[Path, bytes]) -> None:
    source, archive = exported
    damaged = _with_entry(archive, "data/patients/abcd1234/patient.json", symlink=True)
    status, err, changed, outside = _import(damaged, source)
    assert status == 2 and "symbolic link" in err and changed == {} and outside == {}


@settings(SETTINGS, max_examples=25)
@given(data=st.data())
def test_damaged_archive_never_crashes_and_a_failure_changes_nothing(
    exported: tuple[Path, bytes], data: st.DataObject
) -> None:
    source, archive = exported
    damaged = bytearray(archive)
    if data.draw(st.booleans(), label="truncate"):
        damaged = damaged[: data.draw(st.integers(0, len(damaged) - 1), label="length")]
    else:
        for _ in range(data.draw(st.integers(1, 8), label="flips")):
            at = data.draw(st.integers(0, len(damaged) - 1), label="at")
            damaged[at] ^= data.draw(st.integers(1, 255), label="xor")
    status, err, changed, outside = _import(bytes(damaged), source)
    assert status in (0, 1, 2)
    assert outside == {}
    if status:
        assert err.count("\n") == 1, err
        assert changed == {}

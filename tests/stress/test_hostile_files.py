"""Issue 12 items 4, 7, 10 and 13: what sits in the data folder is not always a small JSON file.

A FIFO, a link to /dev/zero, a folder where a document should be, a 1,100-level folder tree, a
document of 33 MB or one nested thousands of levels deep: each is refused with a message (a typed
storage error), never a hang, a traceback or gigabytes of memory. A symbolic link at ``.lock`` is
refused instead of truncating what it points to, and folders the user made keep their mode.

Every read of a hostile file runs in a child process with a memory limit and a timeout, so a
regression fails the test instead of hanging or exhausting the machine.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

import pytest

from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.errors import CorruptDocumentError, StorageError
from ldn_desktop.storage.patients import PatientRepository, patient_doc
from ldn_desktop.storage.side_effect_log import LOG_KIND
from tests.stress.session import run_cli

CHILD_LIMIT_BYTES = 1 << 30
CHILD = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    from ldn_desktop.core.errors import StorageError
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.storage.patients import PatientRepository
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    data, what, patient = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    store = DataStore.open(data) if what != "lock" else None
    started = time.monotonic()
    problems = []
    try:
        if what == "lock":
            DataStore.open(data).close()
        elif what == "patient":
            PatientRepository(store).get(patient)
        elif what == "patients":
            problems = PatientRepository(store).list()[1]
        elif what == "log":
            SideEffectLog(store, patient).load()
        elif what == "clean":
            store.clean_temp_files()
        outcome = {"result": "ok", "problems": problems}
    except StorageError as exc:
        outcome = {"result": "refused", "message": str(exc)}
    outcome["seconds"] = time.monotonic() - started
    print(json.dumps(outcome))
    """
)


def _limit_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CHILD_LIMIT_BYTES, CHILD_LIMIT_BYTES))


def _read_in_child(data: Path, what: str, patient: str = "") -> dict[str, object]:
    """Run one reader on ``data`` in a child (1 GB, 30 s): its outcome, or the child's failure."""
    try:
        done = subprocess.run(
            [sys.executable, "-c", CHILD, str(data), what, patient],
            capture_output=True,
            text=True,
            timeout=30,
            preexec_fn=_limit_memory,
            cwd=Path(__file__).parents[2],
        )
    except subprocess.TimeoutExpired:
        return {"result": "hung"}
    if done.returncode != 0:
        return {"result": "crashed", "stderr": done.stderr[-2000:]}
    outcome: dict[str, object] = json.loads(done.stdout)
    return outcome


@pytest.fixture
def patient_data(tmp_path: Path) -> tuple[Path, str]:
    data = tmp_path / "data"
    store = DataStore.open(data)
    try:
        patient = PatientRepository(store).create("Ada Lovelace").id
    finally:
        store.close()
    return data, patient


def _replace_profile(data: Path, patient: str, make: str) -> Path:
    target = data / patient_doc(patient)
    target.unlink()
    if make == "fifo":
        os.mkfifo(target)
    elif make == "/dev/zero link":
        target.symlink_to("/dev/zero")
    elif make == "folder":
        target.mkdir()
        (target / "inside.txt").write_text("x")
    return target


@pytest.mark.parametrize("make", ["fifo", "/dev/zero link", "folder"])
def test_a_profile_that_is_not_a_regular_file_is_refused(
    patient_data: tuple[Path, str], make: str
) -> None:
    data, patient = patient_data
    _replace_profile(data, patient, make)
    outcome = _read_in_child(data, "patient", patient)
    assert outcome["result"] == "refused", outcome
    assert "not a regular file" in str(outcome["message"])
    assert float(str(outcome["seconds"])) < 10  # generous: the machine is shared


@pytest.mark.parametrize("make", ["fifo", "/dev/zero link", "folder"])
def test_the_patient_list_names_a_profile_that_is_not_a_regular_file(
    patient_data: tuple[Path, str], make: str
) -> None:
    """The patient does not silently disappear from the list: the problem is reported."""
    data, patient = patient_data
    _replace_profile(data, patient, make)
    outcome = _read_in_child(data, "patients")
    assert outcome["result"] == "ok", outcome
    problems = outcome["problems"]
    assert isinstance(problems, list) and len(problems) == 1, outcome
    assert "patient.json" in problems[0] and "not a regular file" in problems[0]


@pytest.mark.parametrize("make", ["fifo", "/dev/zero link", "folder"])
def test_a_month_that_is_not_a_regular_file_is_refused(
    patient_data: tuple[Path, str], make: str
) -> None:
    data, patient = patient_data
    month = data / "patients" / patient / "log" / "2026-01.json"
    month.parent.mkdir(mode=0o700)
    if make == "fifo":
        os.mkfifo(month)
    elif make == "folder":
        month.mkdir()
    else:
        month.symlink_to("/dev/zero")
    outcome = _read_in_child(data, "log", patient)
    assert outcome["result"] == "refused", outcome
    assert "2026-01.json" in str(outcome["message"])


def test_data_recover_and_import_do_not_hang_on_a_fifo(
    patient_data: tuple[Path, str], tmp_path: Path
) -> None:
    """Listing damaged documents and comparing an import with what is here read only regular
    files: a FIFO in a month's place is named, never waited on."""
    data, patient = patient_data
    status, _out, err = run_cli(data, "data", "export", str(tmp_path / "all.zip"))
    assert status == 0, err
    month = data / "patients" / patient / "log" / "2026-01.json"
    month.parent.mkdir(mode=0o700)
    os.mkfifo(month)
    os.mkfifo(data / "settings.json")
    script = (
        "import sys, signal; signal.alarm(20)\n"
        "from ldn_desktop.cli import main\n"
        "sys.exit(main(sys.argv[1:]))"
    )
    for words in (("data", "recover"), ("data", "import", str(tmp_path / "all.zip"))):
        done = subprocess.run(
            [sys.executable, "-c", script, "--data-dir", str(data), *words],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).parents[2],
        )
        assert done.returncode in (0, 1), (words, done.returncode, done.stderr[-1500:])
        assert "Traceback" not in done.stderr, done.stderr[-1500:]


def test_start_up_does_not_hang_on_a_fifo_in_an_interrupted_restore(
    patient_data: tuple[Path, str],
) -> None:
    """The next start reads what an interrupted restore left (.restore/): a FIFO planted there
    used to hang every command."""
    data, _patient = patient_data
    (data / ".restore").mkdir(mode=0o700)
    os.mkfifo(data / ".restore" / "started.json")
    script = (
        "import sys, signal; signal.alarm(20)\n"
        "from ldn_desktop.cli import main\n"
        "sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, "--data-dir", str(data), "patient", "list"],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).parents[2],
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-1500:])
    assert "Ada Lovelace" in done.stdout


def test_a_33_mb_month_is_refused_quickly_with_its_size(patient_data: tuple[Path, str]) -> None:
    """A valid but huge month (padded with spaces) is refused before it is parsed."""
    data, patient = patient_data
    month = data / "patients" / patient / "log" / "2026-01.json"
    month.parent.mkdir(mode=0o700)
    body = {"format": "ldn-desktop/side-effect-log", "version": 1}
    body.update(patient_id=patient, month="2026-01", entries=[])
    month.write_bytes(json.dumps(body).encode() + b" " * (33 * 1024 * 1024))
    outcome = _read_in_child(data, "log", patient)
    assert outcome["result"] == "refused", outcome
    assert "MB" in str(outcome["message"])
    assert float(str(outcome["seconds"])) < 10  # refused before parsing (no 21 s)


@pytest.mark.parametrize("depth", [200, 800, 100_000])
def test_a_deeply_nested_document_is_refused(patient_data: tuple[Path, str], depth: int) -> None:
    data, patient = patient_data
    month = data / "patients" / patient / "log" / "2026-01.json"
    month.parent.mkdir(mode=0o700)
    nested = "[" * depth + "]" * depth
    month.write_text(
        '{"format": "ldn-desktop/side-effect-log", "version": 1, '
        f'"patient_id": "{patient}", "month": "2026-01", "entries": [], "extra": {nested}}}'
    )
    store = DataStore.open(data)
    try:
        with pytest.raises(CorruptDocumentError, match="nested"):
            store.read(f"patients/{patient}/log/2026-01.json", LOG_KIND)
    finally:
        store.close()


def _deep_tree(root: Path, levels: int) -> Path:
    """``root/d/d/d/...`` ``levels`` deep (made with relative mkdirs: paths stay short)."""
    here = os.getcwd()
    root.mkdir(parents=True, exist_ok=True)
    os.chdir(root)
    try:
        for _ in range(levels):
            os.mkdir("d")
            os.chdir("d")
        Path(".leftover.tmp").write_bytes(b"x")
    finally:
        os.chdir(here)
    return root


def _remove_deep_tree(root: Path) -> None:
    """Undo ``_deep_tree`` without recursion (shutil.rmtree, used by pytest, would overflow)."""
    depth = 0
    here = os.getcwd()
    os.chdir(root)
    try:
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.chdir(here)


def test_a_1100_level_tree_does_not_break_start_up_cleaning() -> None:
    # outside pytest's tmp_path: pytest removes old temp folders with shutil.rmtree, which
    # overflows on such a tree, so a tree left by a killed run must not sit there
    data = Path(tempfile.mkdtemp(prefix="ldn-deep-tree-")) / "data"
    store = DataStore.open(data)
    try:
        PatientRepository(store).create("Ada Lovelace")
    finally:
        store.close()
    deep = _deep_tree(data / "patients" / "deep", 1100)
    try:
        outcome = _read_in_child(data, "clean")
        assert outcome["result"] == "ok", outcome
        outcome = _read_in_child(data, "patients")
        assert outcome["result"] == "ok", outcome
        assert (deep / ("d/" * 1100) / ".leftover.tmp").exists()  # beyond the walk's bound
        for words in (("data", "export", str(data.parent / "all.zip")), ("data", "backup")):
            status, _out, err = run_cli(data, *words)
            assert status == 0, err
        warned = run_cli(data, "data", "backup")[2]
        assert "more than 64 folder levels deep" in warned, warned
        status, _out, err = run_cli(data, "data", "recover")  # lists damaged documents
        assert status == 0, err
    finally:
        _remove_deep_tree(deep)
        shutil.rmtree(data.parent)


# -- the lock file ------------------------------------------------------------------------------


def test_a_symlinked_lock_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    victim = tmp_path / "precious.txt"
    victim.write_text("do not truncate\n")
    (data / ".lock").symlink_to(victim)
    with pytest.raises(StorageError, match="link"):
        DataStore.open(data)
    assert victim.read_text() == "do not truncate\n"


def test_a_fifo_lock_is_refused_without_hanging(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    os.mkfifo(data / ".lock")
    outcome = _read_in_child(data, "lock")
    assert outcome["result"] == "refused", outcome
    assert "not a regular file" in str(outcome["message"])


# -- folder modes -------------------------------------------------------------------------------


def test_a_chosen_data_folder_and_a_linked_subfolder_keep_their_modes(tmp_path: Path) -> None:
    """Only what the program creates is chmod-ed: setgid and sticky bits survive."""
    data = tmp_path / "shared-data"
    data.mkdir()
    os.chmod(data, 0o2770)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.chmod(elsewhere, 0o3775)
    (data / "patients").symlink_to(elsewhere)
    store = DataStore.open(data)
    try:
        patient = PatientRepository(store).create("Grace Hopper").id
    finally:
        store.close()
    assert stat.S_IMODE(data.stat().st_mode) == 0o2770
    assert stat.S_IMODE(elsewhere.stat().st_mode) == 0o3775
    assert stat.S_IMODE((elsewhere / patient).stat().st_mode) == 0o700


@pytest.mark.parametrize("depth", [200, 900, 100_000])
def test_a_deeply_nested_document_is_refused_by_export_and_import(
    patient_data: tuple[Path, str], tmp_path: Path, depth: int
) -> None:
    """The archive's check (import, restore) is the store's: refused with a message, no crash."""
    from ldn_desktop.storage.archive import ArchiveRefusedError, export_archive, validate_document

    data, patient = patient_data
    rel = f"patients/{patient}/washout.json"
    nested = "[" * depth + "]" * depth
    raw = (
        '{"format": "ldn-desktop/washout", "version": 1, "assessments": [], "x": ' + nested + "}"
    ).encode()
    with pytest.raises(ArchiveRefusedError, match="nested"):
        validate_document(rel, raw)
    (data / rel).write_bytes(raw)
    result = export_archive(data, tmp_path / "out.zip")
    assert any(rel in line for line in result.warnings()), result.warnings()


WINDOW_CHILD = textwrap.dedent(
    """
    import json, os, sys, time
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from pathlib import Path
    from ldn_desktop.app import build_main_window, create_application
    from ldn_desktop.storage.documents import DataStore

    app = create_application()
    store = DataStore.open(Path(sys.argv[1]))
    started = time.monotonic()
    window = build_main_window(store)
    window.show()
    app.processEvents()
    problems = list(window.context.startup_problems)
    print(json.dumps({"problems": problems, "seconds": time.monotonic() - started}))
    window.close()
    store.close()
    """
)


def test_the_window_opens_when_settings_is_a_fifo(patient_data: tuple[Path, str]) -> None:
    """The window used to hang for ever opening a FIFO named settings.json; it now opens and
    says what is wrong."""
    data, _patient = patient_data
    os.mkfifo(data / "settings.json")
    try:
        done = subprocess.run(
            [sys.executable, "-c", WINDOW_CHILD, str(data)],
            capture_output=True,
            text=True,
            timeout=60,
            cwd=Path(__file__).parents[2],
        )
    except subprocess.TimeoutExpired:
        pytest.fail("the window hung on a FIFO named settings.json")
    assert done.returncode == 0, done.stderr[-2000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert any("settings.json" in p and "not a regular file" in p for p in outcome["problems"])


@pytest.mark.parametrize("depth", [2, 31, 33, 60, 64])
def test_documents_within_the_depth_bound_parse_from_any_stack_depth(depth: int) -> None:
    """Shallow documents are proven shallow by the decoder's own recursion count, deeper ones are
    counted exactly (storage.bounded): within the bound a document parses whether the caller's
    stack is shallow or deep; one level more never does."""
    from ldn_desktop.storage.bounded import MAX_DEPTH, parse_json
    from ldn_desktop.storage.errors import InvalidDocumentError

    within = ("[" * depth + "]" * depth).encode()
    beyond = ("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1)).encode()

    def nested(frames: int) -> None:
        if frames:
            return nested(frames - 1)
        assert parse_json(within) is not None
        with pytest.raises(InvalidDocumentError, match="nested more than"):
            parse_json(beyond)
        return None

    nested(0)
    nested(sys.getrecursionlimit() // 2)
    small = b'{"a": [{"b": [1, {"c": 2}]}]}'
    deep_caller = sys.getrecursionlimit() - 40

    def near_the_limit(frames: int) -> Any:
        return near_the_limit(frames - 1) if frames else parse_json(small)

    assert near_the_limit(deep_caller - 50) == {"a": [{"b": [1, {"c": 2}]}]}

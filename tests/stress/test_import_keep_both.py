"""Issue 12 item 8: ``data import --keep-both`` of an archive that lacks the patient's profile.

The copy made for a conflicting patient must be a real patient (listed, with a profile), and the
folder must still export; the profile comes from the patient here, marked "(imported)".
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.stress.session import run_cli


def _ok(data: Path, *args: str) -> str:
    status, out, err = run_cli(data, *args)
    assert status == 0, f"{args}: {err}"
    return out


def _log(data: Path, patient: str, day: int, severity: str) -> None:
    _ok(
        data,
        *("log", "add", "--patient", patient, "--symptom", "vivid dreams"),
        *("--severity", severity, "--at", f"2026-01-{day:02d}T22:30", "--dose", "1.5 mg"),
    )


def test_keep_both_without_the_profile_makes_a_visible_patient_that_exports(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    patient = _ok(data, "patient", "add", "--name", "Ada Lovelace").strip()
    _log(data, patient, 5, "3")
    # an archive of this patient's log only (no patient.json), with one more entry in it
    partial = tmp_path / "partial"
    shutil.copytree(data / "patients" / patient, partial / "patients" / patient)
    _log(partial, patient, 6, "2")  # needs the profile: it is removed after
    (partial / "patients" / patient / "patient.json").unlink()
    _ok(partial, "data", "export", str(tmp_path / "log-only.zip"))
    _log(data, patient, 7, "1")  # the log here differs too: a conflict

    status, _, err = run_cli(data, "data", "import", str(tmp_path / "log-only.zip"), "--keep-both")
    assert status == 0, err
    listed = json.loads(_ok(data, "patient", "list", "--json"))
    folders = sorted(p.name for p in (data / "patients").iterdir())
    assert sorted(row["id"] for row in listed) == folders, "a patient folder nobody can see"
    copy = next(row for row in listed if row["id"] != patient)
    assert copy["name"] == "Ada Lovelace (imported)"
    _ok(data, "data", "export", str(tmp_path / "again.zip"))

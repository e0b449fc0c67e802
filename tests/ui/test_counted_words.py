"""Counts in the data messages read right at 1 ("1 document", "1 patient as a copy"), as
everywhere else: one helper (``core.words.counted``) instead of a plural rule per message; and
over 1,000 they are grouped for the window's decimal mark (``core.words.grouped``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel

from ldn_desktop.core.words import NO_BREAK_SPACE, counted
from ldn_desktop.storage.archive_import import ImportPlan, MergeReport
from ldn_desktop.storage.backup import RestoreReport
from ldn_desktop.storage.patients import TrashEmptied
from ldn_desktop.ui.import_dialog import ImportConflictDialog


def test_counted() -> None:
    assert counted(1, "document") == "1 document"
    assert counted(0, "document") == "0 documents"
    assert counted(2, "entry", "entries") == "2 entries"
    assert counted(1, "entry", "entries") == "1 entry"
    assert counted(1200, "night") == "1,200 nights"


def _plan(add: int, identical: int, conflicts: list[str]) -> ImportPlan:
    return ImportPlan(
        Path("x.zip"),
        tuple((f"new{i}.json", b"{}") for i in range(add)),
        tuple((f"same{i}.json", b"{}") for i in range(identical)),
        tuple((rel, b"{}") for rel in conflicts),
    )


def test_the_import_dialog_counts_one_as_one(qtbot) -> None:  # type: ignore[no-untyped-def]
    dialog = ImportConflictDialog(None, _plan(1, 1, ["patients/p1/patient.json"]))
    qtbot.addWidget(dialog)
    shown = " ".join(label.text() for label in dialog.findChildren(QLabel))
    assert "1 documents" not in shown and "1 document" in shown
    assert dialog.keep_both.text() == "Keep &both (1 patient as a copy)"


def test_the_import_dialog_counts_many(qtbot) -> None:  # type: ignore[no-untyped-def]
    conflicts = ["patients/p1/patient.json", "patients/p2/patient.json", "settings.json"]
    dialog = ImportConflictDialog(None, _plan(3, 0, conflicts))
    qtbot.addWidget(dialog)
    assert dialog.keep_both.text() == "Keep &both (2 patients as copies)"


def test_the_restore_summary_counts_one_as_one(tmp_path: Path) -> None:
    report = RestoreReport(1, ("patients/p1/log/2026-01.json",), tmp_path / "safety.zip")
    summary = report.summary()
    assert "1 documents" not in summary
    assert "1 document not in the backup moved to .backups/" in summary


def test_the_other_data_summaries_count_one_as_one(tmp_path: Path) -> None:
    from ldn_desktop.storage.archive import ExportResult
    from ldn_desktop.storage.archive_import import MergeReport
    from ldn_desktop.storage.patients import TrashEmptied
    from ldn_desktop.ui.settings_data import _describe_export

    exported = _describe_export(ExportResult(tmp_path / "a.zip", 1, 100, left_out=("x.json",)))
    assert (
        exported.startswith("Exported 1 document to ")
        and "(1 damaged document left out)" in exported
    )
    merged = MergeReport(added=("a",), skipped=(), conflicts=("b",)).summary()
    assert merged.startswith("1 added, 0 already present (identical), 1 conflict (current")
    emptied = TrashEmptied(trashed=("p1",), purged_copies=("p1",)).summary()
    assert "(1 folder removed for good)" in emptied
    assert "kept for 1 deleted patient were removed" in emptied


# Over 1,000: the window passes its decimal mark, so a count never reads as a decimal beside
# "1,5 mg" (grouped with a no-break space under a decimal comma); the command line keeps "1,200".
MANY = tuple(f"patients/p{n}/profile.json" for n in range(1200))
GROUPED_COMMA = f"1{NO_BREAK_SPACE}200"


def test_the_import_report_groups_its_counts() -> None:
    report = MergeReport(added=MANY, skipped=MANY, conflicts=MANY)
    assert report.summary().startswith(
        "1,200 added, 1,200 already present (identical), 1,200 conflicts"
    )
    under_comma = report.summary(decimal_mark=",")
    assert under_comma.startswith(
        f"{GROUPED_COMMA} added, {GROUPED_COMMA} already present (identical), "
        f"{GROUPED_COMMA} conflicts"
    )
    assert "1,200" not in under_comma


def test_the_restore_report_groups_its_counts() -> None:
    report = RestoreReport(restored=1200, removed=MANY, safety_archive=Path("/b/safety.zip"))
    assert report.summary().startswith(
        "1,200 documents restored, 1,200 documents not in the backup moved"
    )
    assert report.summary(decimal_mark=",").startswith(
        f"{GROUPED_COMMA} documents restored, {GROUPED_COMMA} documents not in the backup moved"
    )
    one = RestoreReport(restored=1, removed=(), safety_archive=Path("/b/safety.zip"))
    assert one.summary().startswith("1 document restored.")


def test_the_trash_report_groups_its_counts() -> None:
    emptied = TrashEmptied(trashed=MANY, purged_copies=MANY)
    assert "(1,200 folders removed for good)" in emptied.summary()
    under_comma = emptied.summary(decimal_mark=",")
    assert f"({GROUPED_COMMA} folders removed for good)" in under_comma
    assert f"kept for {GROUPED_COMMA} deleted patients" in under_comma


def test_the_import_dialog_groups_the_patients_it_would_copy(qtbot) -> None:  # type: ignore[no-untyped-def]
    conflicts = [f"patients/p{n}/patient.json" for n in range(1200)]
    dialog = ImportConflictDialog(None, _plan(0, 0, conflicts), decimal_mark=",")
    qtbot.addWidget(dialog)
    assert dialog.keep_both.text() == f"Keep &both ({GROUPED_COMMA} patients as copies)"

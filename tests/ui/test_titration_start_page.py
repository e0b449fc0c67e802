"""The start decision on the Titration page with real events, and its parity with the CLI."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ldn_desktop.cli import main
from ldn_desktop.core.washout import (
    MedicationInput,
    Screening,
    TimePoint,
    UrineScreen,
    WashoutRequest,
    check_washout,
    request_to_json,
    result_to_json,
)
from ldn_desktop.storage.titration import load_versions
from ldn_desktop.storage.washout import save_assessment
from ldn_desktop.ui.titration.change_dialog import ChangeDialog, ChangeNote
from ldn_desktop.ui.titration.start_reason import StartReasonDialog
from ldn_desktop.ui.titration_page import TitrationPage

TODAY = date.today()


def _at(days: int, hour: int | None = None) -> TimePoint:
    day = TODAY + timedelta(days=days)
    if hour is None:
        return TimePoint(datetime(day.year, day.month, day.day), date_only=True)
    return TimePoint(datetime(day.year, day.month, day.day, hour))


def _save_check(store, patient: str, request: WashoutRequest) -> None:  # type: ignore[no-untyped-def]
    result = check_washout(request)
    save_assessment(
        store, patient, request_to_json(request), result_to_json(result), datetime.now(UTC)
    )


BLOCKING = {
    "not_clear": WashoutRequest((MedicationInput("methadone", last=_at(-2)),), _at(0)),
    "unknown": WashoutRequest((MedicationInput("zzqx pill", last=_at(-40)),), _at(0)),
    "refer": WashoutRequest((MedicationInput("Sublocade"),), _at(0)),
    "positive": WashoutRequest(
        (MedicationInput("oxycodone", last=_at(-40)),),
        _at(0),
        screening=Screening(UrineScreen.POSITIVE),
    ),
    "withdrawal": WashoutRequest(
        (MedicationInput("oxycodone", last=_at(-40)),),
        _at(0),
        screening=Screening(withdrawal_now=True),
    ),
    "current": WashoutRequest((MedicationInput("tramadol", current=True),), _at(0)),
}


@pytest.fixture
def page(qtbot, app_context, monkeypatch) -> TitrationPage:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        ChangeDialog, "ask", classmethod(lambda cls, *a, **k: ChangeNote("Dr A", ""))
    )
    widget = TitrationPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1300, 850)
    widget.show()
    return widget


@pytest.fixture
def patient(app_context) -> str:  # type: ignore[no-untyped-def]
    return app_context.patients.create("Jane Example", None).id


def _answer_dialog(qtbot, reason: str | None) -> list[str]:  # type: ignore[no-untyped-def]
    """Types ``reason`` into the start-reason dialog with real key events and clicks Save (or
    Cancel when None); returns the dialog's text."""
    seen: list[str] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, StartReasonDialog):
            QTimer.singleShot(20, answer)
            return
        seen.append(dialog.layout().itemAt(0).widget().text())
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        seen.append(f"enabled before typing: {save.isEnabled()}")
        if reason is None:
            dialog.reject()
            return
        qtbot.keyClicks(dialog.reason, reason)
        qtbot.mouseClick(save, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    return seen


@pytest.mark.parametrize("case", sorted(BLOCKING))
def test_a_blocking_washout_refuses_then_saves_with_a_reason(
    qtbot, page, patient, app_context, case: str
) -> None:  # type: ignore[no-untyped-def]
    _save_check(app_context.store, patient, BLOCKING[case])
    app_context.set_current_patient(patient)
    assert "Not allowed" in page.form.washout_note.text()
    seen = _answer_dialog(qtbot, None)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert load_versions(app_context.store, patient) == ()
    assert "Not saved" in page.form.start_error.text()
    assert "does not allow this start" in seen[0] and seen[1] == "enabled before typing: False"
    _answer_dialog(qtbot, "specialist agreed")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    (version,) = load_versions(app_context.store, patient)
    assert version.plan.start_override_reason == "specialist agreed"
    assert "Start reason: specialist agreed" in page.history.detail.text()
    assert "start reason: specialist agreed" in version.change.summary


def test_default_start_from_an_old_washout_is_today(page, patient, app_context) -> None:  # type: ignore[no-untyped-def]
    old = WashoutRequest((MedicationInput("oxycodone", last=_at(-40)),), _at(-20))
    _save_check(app_context.store, patient, old)
    app_context.set_current_patient(patient)
    assert page.form.start_date() == TODAY
    assert "Start allowed" in page.form.washout_note.text() or "⚠" in page.form.washout_note.text()
    assert "Not allowed" not in page.form.washout_note.text()


def test_no_washout_asks_for_a_reason_in_a_dialog(qtbot, page, patient, app_context) -> None:  # type: ignore[no-untyped-def]
    app_context.set_current_patient(patient)
    assert page.form.start_date() == TODAY
    assert "no washout check is saved" in page.form.washout_note.text()
    seen = _answer_dialog(qtbot, "no opioids: history confirmed")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert "needs a reason" in seen[0]
    (version,) = load_versions(app_context.store, patient)
    assert version.plan.start_override_reason == "no opioids: history confirmed"


def test_page_and_cli_give_the_same_decision(
    qtbot, page, patient, app_context, capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """Same washout check, same start: the page's note and the CLI's refusal name the same
    problems, and the page's default start is the CLI's."""
    last = (TODAY - timedelta(days=3)).isoformat()
    request = WashoutRequest((MedicationInput("oxycodone", form="ir", last=_at(-3, 20)),), _at(1))
    _save_check(app_context.store, patient, request)
    app_context.set_current_patient(patient)
    page_default = page.form.start_date()
    assert page_default == TODAY + timedelta(days=5)  # earliest = day 4 at 20:00
    page.form.set_start_date(TODAY)
    decision = page.form.start_decision()
    assert decision.problems
    data = tmp_path / "cli"
    _, out, _ = _cli(capsys, data, "patient", "add", "--name", "Jane Example")
    cli_patient = out.strip()
    code, _, err = _cli(
        capsys,
        data,
        *("washout", "--med", f"oxycodone;form=ir;last={last}T20:00"),
        *("--start", (TODAY + timedelta(days=1)).isoformat(), "--patient", cli_patient, "--save"),
    )
    assert code == 0, err
    code, out, _ = _cli(
        capsys, data, "schedule", "--protocol", "standard", "--patient", cli_patient, "--json"
    )
    assert json.loads(out)["days"][0]["date"] == page_default.isoformat()
    code, _, err = _cli(
        capsys,
        data,
        *("schedule", "--protocol", "standard", "--patient", cli_patient, "--save"),
        *("--by", "Dr A", "--start", TODAY.isoformat()),
    )
    assert code == 2
    for problem in decision.problems:
        assert problem in err and problem in page.form.washout_note.text()


def _cli(capsys, data: Path, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_check_counted_from_a_stop_still_to_come_is_a_warning_on_the_page(
    page, patient, app_context
) -> None:  # type: ignore[no-untyped-def]
    """The saved check's last dose was after the moment it was checked: allowed (the status is
    the entered times'), with the same warning the CLI prints (core ``titration_start``)."""
    request = WashoutRequest((MedicationInput("oxycodone", form="ir", last=_at(2, 22)),), _at(12))
    _save_check(app_context.store, patient, request)
    app_context.set_current_patient(patient)
    note = page.form.washout_note.text()
    assert "Not allowed" not in note
    assert "last dose still to come when it was checked (oxycodone)" in note
    decision = page.form.start_decision()
    assert any("still to come" in w for w in decision.warnings)


def test_a_calendar_starting_before_the_washout_is_not_printed_by_page_or_cli(
    qtbot, page, patient, app_context, capsys, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    """One rule (core ``check_start_after_washout``) for what may go on paper: a calendar that
    starts before the washout's earliest start, with no reason recorded, is neither printed nor
    exported by the page, nor written by ``schedule`` (same words); with a reason, both write it.
    The page used to export it while the command line refused it."""
    request = WashoutRequest((MedicationInput("oxycodone", form="ir", last=_at(-3, 20)),), _at(1))
    _save_check(app_context.store, patient, request)
    app_context.set_current_patient(patient)
    page.form.set_start_date(TODAY)  # before the earliest start (day 4 at 20:00 → day 5)
    written = tmp_path / "page.pdf"
    page.ask_save_path = lambda *_a: written  # type: ignore[method-assign]
    for export in (page.printing.export_pdf, page.printing.export_ics, page.printing.export_csv):
        assert export() is None
    assert not written.exists()
    refusal = page.form.start_error.text()
    assert "before the earliest start after the washout" in refusal

    data = tmp_path / "cli"
    _, out, _ = _cli(capsys, data, "patient", "add", "--name", "Jane Example")
    cli_patient = out.strip()
    last = (TODAY - timedelta(days=3)).isoformat()
    code, _, err = _cli(
        capsys,
        data,
        *("washout", "--med", f"oxycodone;form=ir;last={last}T20:00"),
        *("--start", (TODAY + timedelta(days=1)).isoformat(), "--patient", cli_patient, "--save"),
    )
    assert code == 0, err
    schedule = ("schedule", "--protocol", "standard", "--patient", cli_patient)
    cli_pdf = tmp_path / "cli.pdf"
    code, _, err = _cli(
        capsys, data, *schedule, "--start", TODAY.isoformat(), "--pdf", str(cli_pdf)
    )
    assert code == 2 and not cli_pdf.exists()
    assert refusal.removeprefix("⚠ ") in err

    page.form.override.setText("opioid-naive: history confirmed by phone")
    assert page.printing.export_pdf() == written and written.exists()
    code, _, err = _cli(
        capsys, data, *schedule, "--start", TODAY.isoformat(), "--pdf", str(cli_pdf),
        "--override-reason", "opioid-naive: history confirmed by phone",
    )  # fmt: skip
    assert code == 0 and cli_pdf.exists(), err

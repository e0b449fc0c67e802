"""GUI/CLI parity for the side-effect log (issue 11 part D): the same nights typed into the Side
effects page (real key and mouse events) and given to ``log add`` are stored as the same entries,
give the same summary lines (steps against the plan, first 14 days from the plan's step start, a
one-off night at another dose) and are refused with the same words."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QApplication

from ldn_desktop.cli import main
from ldn_desktop.core.side_effects import summarise
from ldn_desktop.core.titration import Change, make_plan, protocol_steps
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.side_effect_log import SideEffectLog, entry_to_json
from ldn_desktop.storage.titration import save_version
from ldn_desktop.ui.side_effects_page import SideEffectsPage

PLAN_START = date(2026, 1, 1)  # Standard: 1.5 mg 1-14 Jan, 3 mg 15-28 Jan, 4.5 mg from 29 Jan
# (when, symptom, severity, sleep hours, dose typed or None for the plan's)
NIGHTS = [
    ("2026-01-10T22:30", "vivid dreams", "5", "6.5", None),
    ("2026-01-11T07:15", "headache", "3", "", None),  # a morning entry: night of 10 Jan
    ("2026-01-11T22:00", "none", "", "8", None),
    ("2026-01-12T22:00", "nausea", "2", "", "3 mg"),  # one night at another dose
    ("2026-01-13T22:00", "none", "", "7.5", "missed"),
    ("2026-01-16T22:00", "vivid dreams", "6", "5", None),
    ("2026-01-17T22:00", "insomnia", "4", "4.5", None),
]


def _save_plan(store: DataStore, patient_id: str) -> None:
    plan = make_plan(
        PLAN_START,
        protocol_steps("standard"),
        protocol="standard",
        start_override_reason="started before this record: history confirmed",
    )
    save_version(store, patient_id, plan, Change("new", "Standard"), by="Dr A")


def _cli(data: Path, capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["--data-dir", str(data), *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli_patient(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, str]:
    data = tmp_path / "cli-data"
    code, out, _ = _cli(data, capsys, "patient", "add", "--name", "Ann Lee")
    assert code == 0
    store = DataStore.open(data)
    _save_plan(store, out.strip())
    store.close()
    return data, out.strip()


@pytest.fixture
def page(qtbot, app_context) -> SideEffectsPage:  # type: ignore[no-untyped-def]
    patient_id = app_context.patients.create("Ann Lee", None).id
    _save_plan(app_context.store, patient_id)
    widget = SideEffectsPage(app_context)
    qtbot.addWidget(widget)
    app_context.set_current_patient(patient_id)
    widget.resize(1200, 800)
    widget.show()
    return widget


def _type_night(qtbot, page: SideEffectsPage, night: tuple) -> None:  # type: ignore[no-untyped-def]
    when, symptom, severity, sleep, dose = night
    form = page.form
    form.when.setDateTime(QDateTime.fromString(when, "yyyy-MM-ddTHH:mm"))
    if sleep:
        qtbot.keyClicks(form.sleep_hours.editor, sleep)
    if dose is not None:
        form.dose.editor.setFocus()
        qtbot.keyClick(form.dose.editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(form.dose.editor, dose)
    if symptom == "none":
        qtbot.mouseClick(form.none_button, Qt.MouseButton.LeftButton)
        return
    form.symptom.setFocus()
    qtbot.wait(QApplication.keyboardInputInterval() + 50)  # a new keyboard search, as a person
    qtbot.keyClicks(form.symptom, symptom.split(" ")[0])
    assert form.symptom.currentText() == symptom
    form.severity.setFocus()
    form.severity.selectAll()
    qtbot.keyClicks(form.severity, severity)
    qtbot.keyClick(form.severity, Qt.Key.Key_Return)


def _cli_args(patient: str, night: tuple) -> list[str]:
    when, symptom, severity, sleep, dose = night
    args = ["log", "add", "--patient", patient, "--symptom", symptom, "--at", when]
    args += ["--severity", severity] if severity else []
    args += ["--sleep-hours", sleep] if sleep else []
    return args + (["--dose", dose] if dose is not None else [])


def _comparable(items: list[dict]) -> list[dict]:
    return [{k: v for k, v in item.items() if k != "id"} for item in items]


def test_same_nights_same_entries_and_same_summary(  # type: ignore[no-untyped-def]
    qtbot, page, cli_patient, capsys
) -> None:
    data, patient = cli_patient
    for night in NIGHTS:
        _type_night(qtbot, page, night)
        code, _, err = _cli(data, capsys, *_cli_args(patient, night))
        assert code == 0, err
    assert page.log is not None
    on_page = [
        entry_to_json(e) for e in SideEffectLog(page.context.store, page.log.patient_id).load()
    ]
    code, out, _ = _cli(data, capsys, "log", "list", "--patient", patient, "--json")
    from_cli = [
        {k: v for k, v in e.items() if k not in ("night", "dose_text")} for e in json.loads(out)
    ]
    assert len(on_page) == len(NIGHTS)
    assert _comparable(on_page) == _comparable(from_cli)
    code, out, _ = _cli(data, capsys, "log", "summary", "--patient", patient)
    cli_lines = out.strip().splitlines()
    page_lines = [s.line for s in summarise(page.model.entries, page.plan)]
    assert page_lines == cli_lines
    assert "1 night at another dose (3 mg on 12 Jan 2026)" in cli_lines[0]
    assert "(from 1 Jan 2026, the step's start in the plan)" in cli_lines[0]
    assert "(from 15 Jan 2026, the step's start in the plan)" in cli_lines[1]
    page.tabs.setCurrentWidget(page.summary)
    shown = " ".join(page.summary.toPlainText().split())
    for line in cli_lines:
        assert line in shown


@pytest.mark.parametrize(
    ("night", "field"),
    [
        (("2026-01-10T22:30", "headache", "0", "", None), "severity"),
        (("2026-01-10T22:30", "nausea", "2", "", "7 mg"), "dose"),
    ],
)
def test_same_refusal_in_the_same_words(  # type: ignore[no-untyped-def]
    qtbot, page, cli_patient, capsys, night: tuple, field: str
) -> None:
    data, patient = cli_patient
    _type_night(qtbot, page, night)
    code, _, err = _cli(data, capsys, *_cli_args(patient, night))
    assert code == 2 and page.model.rowCount() == 0
    label = page.form.severity_error if field == "severity" else page.form.dose.error
    message = label.text().removeprefix("⚠ ")
    assert message and message in err

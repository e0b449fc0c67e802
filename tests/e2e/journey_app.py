"""The whole journey in a real window (xcb on Xvfb), driven like a user; run by test_journey.py.

``python -m tests.e2e.journey_app first DATA SHOTS OUT``: create a patient, washout with two
opioids, use the earliest start, Standard schedule, print the calendar to PDF, send the first
strength still needed to compounding, calculate and save the batch, log 14 nights, open the chart, quit.
``... again DATA SHOTS OUT``: start again on the same data and read everything back from the pages.
Each phase writes what it saw as JSON to OUT; screenshots of every page go to SHOTS.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.stress.network_guard import install, qt_network_modules

ATTEMPTS = install()  # before anything else: the journey must never touch the network

from PySide6.QtCore import QDateTime, QSettings, Qt, QTimer  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QDialogButtonBox, QWidget  # noqa: E402

from ldn_desktop.app import build_main_window, create_application, ensure_disclaimer_accepted  # noqa: E402
from ldn_desktop.storage.documents import DataStore  # noqa: E402
from ldn_desktop.ui.widgets import without_completion  # noqa: E402

PATIENT = "Journey Patient"
TODAY = date.today()
PLANNED_START = TODAY - timedelta(days=20)


def wait(ms: int = 50) -> None:
    QTest.qWait(ms)


def drive_modal(action: Callable[[QDialog], None]) -> None:
    """Answer the next modal dialog like a user, once it is on screen."""

    def attempt(tries: int = 0) -> None:
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, QDialog) and dialog.isVisible():
            action(dialog)
        elif tries < 200:
            QTimer.singleShot(25, lambda: attempt(tries + 1))

    QTimer.singleShot(25, attempt)


def click(widget: QWidget) -> None:
    QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
    wait()


def type_into(editor: QWidget, text: str) -> None:
    editor.setFocus()
    if hasattr(editor, "setCompleter"):
        without_completion(editor)  # type: ignore[arg-type]  (no popup grabbing keys)
    if isinstance(editor, QComboBox):
        if editor.isEditable():
            editor.lineEdit().clear()
        wait(QApplication.keyboardInputInterval() + 50)  # a fresh keyboard search
    elif hasattr(editor, "clear"):
        editor.clear()  # type: ignore[attr-defined]
    QTest.keyClicks(editor, text)
    wait(20)


def shoot(window: Any, shots: Path, name: str) -> None:
    wait(150)
    window.grab().save(str(shots / f"{name}.png"))


def accept_disclaimer(dialog: QDialog) -> None:
    dialog.understood.setChecked(True)  # type: ignore[attr-defined]
    click(dialog.button_box.button(QDialogButtonBox.StandardButton.Ok))  # type: ignore[attr-defined]


def fill_new_patient(dialog: QDialog) -> None:
    type_into(dialog.name_field.editor, PATIENT)  # type: ignore[attr-defined]
    type_into(dialog.birth_field.editor, "1968-04-12")  # type: ignore[attr-defined]
    click(dialog.button_box.button(QDialogButtonBox.StandardButton.Ok))  # type: ignore[attr-defined]


def answer_save_version(dialog: QDialog) -> None:
    type_into(dialog.by_field.editor, "Dr Journey")  # type: ignore[attr-defined]
    click(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Save))


def open_window(data: Path, shots: Path) -> tuple[QApplication, Any, DataStore]:
    app = create_application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(
        QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(shots.parent / "qs")
    )
    store = DataStore.open(data)
    window = build_main_window(store)
    window.resize(1320, 860)
    window.show()
    QTest.qWaitForWindowExposed(window)
    return app, window, store


def washout_step(window: Any, shots: Path, seen: dict[str, Any]) -> None:
    page = window.washout_page
    window.show_page(page)
    first = page.meds.rows[0]
    type_into(first.name_edit, "OxyContin 20 mg")
    type_into(first.when.editor, (TODAY - timedelta(days=35)).isoformat() + " 08:00")
    second = page.meds.add_row()
    type_into(second.name_edit, "Percocet 5/325")
    type_into(second.when.editor, (TODAY - timedelta(days=30)).isoformat())
    type_into(page.start.editor, PLANNED_START.isoformat())
    wait(200)
    seen["washout_status"] = page.result.status.value
    seen["washout_text"] = page.result_view.status.text()
    shoot(window, shots, "washout")
    click(page.use_button)  # saves the assessment and hands the date to the Titration page


def answer_start_reason(dialog: QDialog) -> None:
    """A start in the past needs a reason (core titration_start); then who and why."""
    type_into(dialog.reason, "plan started 20 days ago, entered afterwards")  # type: ignore[attr-defined]
    drive_modal(answer_save_version)
    click(dialog.buttons.button(QDialogButtonBox.StandardButton.Save))  # type: ignore[attr-defined]


def titration_step(window: Any, shots: Path, seen: dict[str, Any]) -> None:
    page = window.titration_page
    seen["on_titration_page"] = window.current_page() is page
    seen["handed_over_start"] = page.form.start_date().isoformat()  # never in the past
    page.form.set_start_date(PLANNED_START)  # the patient began 20 days ago: a backdated record
    seen["titration_start"] = page.form.start_date().isoformat()
    drive_modal(answer_start_reason)
    click(page.save_button)
    seen["titration_versions"] = len(page.history.versions)
    shoot(window, shots, "titration")
    pdf = shots.parent / "calendar.pdf"
    page.ask_save_path = lambda *_args: pdf  # the file dialog's answer
    click(page.pdf_button)
    seen["calendar_pdf"] = str(pdf)
    buttons = page.dispensing.send_buttons
    seen["send_buttons"] = [b.text() for b in buttons]
    # the plan began 20 days ago, so the supply from today starts at the 3 mg step
    click(buttons[0])


def answer_release(dialog: QDialog) -> None:
    """Release and sign the compounding record (the confirmation's OK button)."""
    from PySide6.QtWidgets import QMessageBox

    assert isinstance(dialog, QMessageBox)
    click(dialog.button(QMessageBox.StandardButton.Ok))


def compounding_step(window: Any, shots: Path, seen: dict[str, Any]) -> None:
    page = window.compounding_page
    seen["on_compounding_page"] = window.current_page() is page
    fields = page.form.fields
    seen["prefilled_strength"] = fields["strength"].text()
    seen["prefilled_quantity"] = fields["quantity"].text()
    type_into(fields["assay"].editor, "99.5%")
    type_into(fields["fill_weight"].editor, "240 mg")
    click(page.calculate_button)
    seen["capsules_total"] = page.results.result["capsules_total"]
    type_into(page.record_box.preparer.editor, "AB")
    type_into(page.record_box.checker.editor, "CD")
    drive_modal(answer_release)  # the release confirmation lists what is signed
    click(page.save_button)
    seen["lot"] = page.record.lot if page.record else None
    shoot(window, shots, "compounding")


def side_effects_step(window: Any, shots: Path, seen: dict[str, Any]) -> None:
    page = window.side_effects_page
    window.show_page(page)
    form = page.form
    for night in range(14):
        day = PLANNED_START + timedelta(days=night)  # the 14 nights at 1.5 mg
        form.when.setDateTime(QDateTime(day.year, day.month, day.day, 22, 0, 0))
        type_into(
            form.symptom, "vivid" if night < 9 else "trouble"
        )  # keyboard search; Space would open the list
        form.severity.setFocus()
        form.severity.selectAll()
        QTest.keyClicks(form.severity, str(max(1, 7 - night // 2)))
        type_into(form.sleep_hours.editor, f"{5.5 + night * 0.1:.1f}")
        QTest.keyClick(form.note, Qt.Key.Key_Return)
        wait(30)
    seen["log_rows"] = page.model.rowCount()
    seen["doses"] = sorted({str(e.dose) for e in page.model.entries})
    seen["symptoms"] = sorted({e.symptom for e in page.model.entries})
    shoot(window, shots, "side_effects")
    page.tabs.setCurrentWidget(page.chart)
    wait(300)
    seen["chart_series"] = len(page.chart.view.chart().series())
    shoot(window, shots, "chart")


def first_phase(data: Path, shots: Path) -> dict[str, Any]:
    app, window, store = open_window(data, shots)
    seen: dict[str, Any] = {}
    drive_modal(accept_disclaimer)
    seen["disclaimer"] = ensure_disclaimer_accepted(window)
    drive_modal(fill_new_patient)
    window.patient_bar.new_action.trigger()
    wait(100)
    seen["title"] = window.windowTitle()
    seen["patient_id"] = window.context.current_patient_id
    for row, page in enumerate(window.pages):
        window.show_page_at(row)
        shoot(window, shots, f"empty-{page.title.lower().replace(' ', '_')}")
    washout_step(window, shots, seen)
    titration_step(window, shots, seen)
    compounding_step(window, shots, seen)
    side_effects_step(window, shots, seen)
    window.show_page(window.pages[-1])
    shoot(window, shots, "settings")
    window.close()
    app.processEvents()
    store.close()
    return seen


def second_phase(data: Path, shots: Path) -> dict[str, Any]:
    app, window, store = open_window(data, shots)
    wait(200)
    seen: dict[str, Any] = {
        "title": window.windowTitle(),
        "patient_id": window.context.current_patient_id,
    }
    seen["washout_saved"] = window.washout_page.history.list.count()
    seen["titration_versions"] = len(window.titration_page.history.versions)
    seen["titration_start"] = window.titration_page.form.start_date().isoformat()
    seen["log_rows"] = window.side_effects_page.model.rowCount()
    window.compounding_page.refresh_records()
    seen["records"] = window.compounding_page.records.visible_lots()
    for row, page in enumerate(window.pages):
        window.show_page_at(row)
        shoot(window, shots, f"again-{page.title.lower().replace(' ', '_')}")
    window.close()
    app.processEvents()
    store.close()
    return seen


def main(argv: list[str]) -> int:
    phase, data, shots, out = argv[0], Path(argv[1]), Path(argv[2]), Path(argv[3])
    shots.mkdir(parents=True, exist_ok=True)
    seen = first_phase(data, shots) if phase == "first" else second_phase(data, shots)
    seen["network_attempts"] = list(ATTEMPTS)
    seen["qt_network_modules"] = qt_network_modules()
    seen["finished_at"] = datetime.now().isoformat()
    out.write_text(json.dumps(seen, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

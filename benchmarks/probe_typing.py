"""Child process for the typing benchmark: real key events on the real forms, keystroke to repaint.

``python benchmarks/probe_typing.py DATA [KEYS_PER_SECOND]``: builds the main window on DATA (one patient, selected)
as the program does, shows each page in turn and types into its fields with ``QTest.keyClick`` at a
steady typing speed (``KEYS_PER_SECOND``). Between keys the event loop runs freely (timers,
debounced recalculations, repaints), as in the program. For each key the latency is the time from
when the key was due to the next paint of the field that received it: work that blocks the event
loop when a key is due (a recalculation run on a timer, say) makes that key late and counts.

Prints one JSON line: for each form, the latencies in milliseconds, and whether every field
ended up holding exactly the text typed (no key lost or undone by the page).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QEventLoop, QObject, QSettings, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QScrollArea, QWidget

KEYS_PER_SECOND = 15  # a practised typist; the issue saw letters dropped at 10-25 keys/s
NO_PAINT_S = 1.0  # a key whose field has not repainted after this counts as this late
SELECT_ALL = "\x01"  # in a script: Ctrl+A (replace the field's text)
BACKSPACE = "\b"

# form -> page attribute, then (accessible name of the field, what is typed) in order
FORMS: dict[str, tuple[str, list[tuple[str, str]]]] = {
    "washout: medication name": (
        "washout_page",
        [("Medication 1 name", "morphine sulfate ER" + SELECT_ALL + "oxycodone CR")],
    ),
    "compounding: strength and quantity": (
        "compounding_page",
        [
            ("Strength", "4.5 mg" + SELECT_ALL + "1.5 mg" + SELECT_ALL + "3 mg"),
            ("Capsules", "30" + BACKSPACE * 2 + "90" + BACKSPACE + "5"),
        ],
    ),
    "side effects: entry": (
        "side_effects_page",
        [
            ("Sleep hours", "6.5" + BACKSPACE * 3 + "7.25"),
            ("Dose taken", "1.5 mg" + SELECT_ALL + "missed"),
            ("Note", "woke at 3, back to sleep"),
        ],
    ),
    # each key rebuilds the schedule, the calendar and the dispensing counts (after a pause)
    "titration: target dose and strengths": (
        "titration_page",
        [
            ("Target dose", "4" + BACKSPACE + "3.5" + SELECT_ALL + "4.5"),
            ("Capsule strengths (mg)", SELECT_ALL + "1.5,3" + BACKSPACE + "3,4.5,1"),
        ],
    ),
    # each key re-checks the field and works out the balance's minimum weight
    "settings: balance and strengths": (
        "settings_page",
        [
            ("Readability", SELECT_ALL + "0.01 mg" + SELECT_ALL + "0.1 mg"),
            ("Capsule strengths", SELECT_ALL + "1.5; 3; 4.5; 1"),
        ],
    ),
}


def _field(page: QWidget, name: str) -> QWidget:
    """The widget that receives the keys: the field with that accessible name (a combo's editor)."""
    for widget in page.findChildren(QWidget):
        if widget.accessibleName() == name and widget.isVisible():
            editor = widget.lineEdit() if isinstance(widget, QComboBox) else None
            if editor is not None:
                return editor
            if isinstance(widget, QLineEdit | QComboBox):
                return widget
    raise LookupError(f"no visible field named {name!r} on {type(page).__name__}")


class PaintWatch(QObject):
    """Notes when the watched field paints."""

    def __init__(self) -> None:
        super().__init__()
        self.painted_at: float | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self.painted_at is None:
            self.painted_at = time.perf_counter()
        return False


def _run_until(app: QApplication, moment: float) -> None:
    """Run the event loop (timers included) until ``moment``, never returning before it."""
    remaining = moment - time.perf_counter()
    if remaining > 0.002:
        loop = QEventLoop()
        QTimer.singleShot(int(remaining * 1000) - 1, loop.quit)
        loop.exec()
    app.processEvents()
    while (remaining := moment - time.perf_counter()) > 0:
        time.sleep(remaining)


def _press(field: QWidget, key: str) -> None:
    if key == SELECT_ALL:
        QTest.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    elif key == BACKSPACE:
        QTest.keyClick(field, Qt.Key.Key_Backspace)
    else:
        QTest.keyClick(field, key)  # type: ignore[call-overload]  # the char overload


def typed_text(keys: Iterable[str], start: str = "") -> str:
    """What a line edit holding ``start`` holds after these keys (Ctrl+A selects all; the next
    key replaces it)."""
    text, selected = start, False
    for key in keys:
        if key == SELECT_ALL:
            selected = bool(text)
            continue
        if selected:
            text, selected = "", False
            if key == BACKSPACE:
                continue
        text = text[:-1] if key == BACKSPACE else text + key
    return text


def _scroll_to(field: QWidget) -> None:
    parent = field.parentWidget()
    while parent is not None:
        if isinstance(parent, QScrollArea) and parent.widget() is not None:
            parent.ensureWidgetVisible(field, 20, 60)
        parent = parent.parentWidget()
    QApplication.processEvents()


def type_into(
    app: QApplication, field: QWidget, keys: Iterable[str], keys_per_second: float
) -> list[float]:
    """Latency of each key in ms: from when it was due to the field's next paint."""
    watch = PaintWatch()
    field.installEventFilter(watch)
    _scroll_to(field)  # as the user scrolls to a field before typing (else it never repaints)
    field.setFocus()
    latencies: list[float] = []
    due = time.perf_counter() + 0.2
    for key in keys:
        _run_until(app, due)
        watch.painted_at = None
        _press(field, key)
        give_up = time.perf_counter() + NO_PAINT_S
        while watch.painted_at is None and time.perf_counter() < give_up:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
        painted = watch.painted_at if watch.painted_at is not None else give_up
        latencies.append((painted - due) * 1000)
        due = max(due + 1 / keys_per_second, time.perf_counter())
    _run_until(app, due + 0.3)  # let the last debounced work finish before the next form
    field.removeEventFilter(watch)
    return latencies


def start_window(data: Path) -> tuple[QApplication, Any, QWidget]:
    """The application, the data store and the main window on ``data``, as the program builds
    them (window state as on a first run: QSettings in a fresh folder beside ``data``)."""
    from ldn_desktop.app import build_main_window, create_application
    from ldn_desktop.storage.documents import DataStore

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    folder = tempfile.mkdtemp(prefix="ldn-bench-qsettings-", dir=data.parent)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, folder)
    app = create_application()  # reads QSettings (the colour scheme the last run ended with)
    store = DataStore.open(data)
    return app, store, build_main_window(store)


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from ldn_desktop.storage.patients import PatientRepository

    data = Path(sys.argv[1])
    rate = float(sys.argv[2]) if len(sys.argv) > 2 else KEYS_PER_SECOND
    app, store, window = start_window(data)
    patient_id = PatientRepository(store).ids()[0]
    window.context.set_current_patient(patient_id)  # type: ignore[attr-defined]
    window.resize(1180, 780)
    window.show()
    window.activateWindow()
    _run_until(app, time.perf_counter() + 0.3)
    result: dict[str, list[float]] = {}
    as_typed: dict[str, bool] = {}
    for form, (attribute, fields) in FORMS.items():
        page = getattr(window, attribute)
        window.show_page(page)  # type: ignore[attr-defined]
        _run_until(app, time.perf_counter() + 0.3)
        result[form] = []
        as_typed[form] = True
        for name, keys in fields:
            field = _field(page, name)
            start = field.text()  # type: ignore[attr-defined]
            result[form] += type_into(app, field, keys, rate)
            as_typed[form] &= field.text() == typed_text(keys, start)  # type: ignore[attr-defined]
    print(json.dumps({"latency_ms": result, "as_typed": as_typed}), flush=True)
    store.close()
    os._exit(0)  # skip teardown: not part of what is measured


if __name__ == "__main__":
    sys.exit(main())

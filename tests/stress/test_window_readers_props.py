"""The window's readers over hostile stored documents: no exception, whatever a document holds.

``test_validation_props`` shows that every document kind either loads into data the CLI and the
storage readers can use, or is refused with a StorageError. This is the same fuzzing through the
window: one field of one real document replaced (or removed) by a hostile JSON value, then the
main window opened on that folder with the patient chosen, and every page shown, as a user would
click through them: Washout (its history), Titration (its plan, start decision, calendar and
printout), Compounding (the records list, a released record reopened, its worksheet and label),
Side effects (log, summary, chart), Settings. A refused document may be reported (status bar,
banner, a message under a field, a message box, which is recorded instead of shown); an exception
escaping to Qt, which pytest-qt reports, or to the test fails it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from ldn_desktop.storage.documents import DataStore
from tests.stress.test_validation_props import (  # ``base``: the fixture, re-exported
    base as base,
    draw_hostile_document,
)

EXAMPLES = int(os.environ.get("LDN_STRESS_WINDOW_EXAMPLES", "12"))  # per document kind
PROPERTY = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=not os.environ.get("LDN_STRESS_RANDOM"),
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # one window per example, closed at its end
    ],
)


def _quiet_messages(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Message boxes recorded instead of shown (nobody is there to close them)."""
    from ldn_desktop.ui import messages

    told: list[str] = []
    monkeypatch.setattr(messages, "show_error", lambda _p, text, *_a, **_k: told.append(str(text)))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False)
    monkeypatch.setattr(
        messages, "show_crash", lambda _p, summary, _d: told.append(f"CRASH {summary}")
    )
    return told


def _click_through(window: Any, patient: str, qtbot: Any) -> None:
    """Every page with the patient chosen, and what each page reads or prints from the data."""
    from PySide6.QtWidgets import QApplication

    window.context.set_current_patient(patient)
    pages = [
        window.washout_page,
        window.titration_page,
        window.compounding_page,
        window.side_effects_page,
        window.settings_page,
    ]
    for page in pages:
        window.show_page(page)
        QApplication.processEvents()
    titration = window.titration_page
    if titration.plan is not None:
        titration.printing.html()
    compounding = window.compounding_page
    for lot in [r.lot for r in compounding.records.records]:
        compounding.open_record(lot)
        compounding.printer.worksheet_html()
        compounding.printer.label_html()
    side_effects = window.side_effects_page
    for index in range(side_effects.tabs.count()):
        side_effects.tabs.setCurrentIndex(index)
        QApplication.processEvents()
    window.context.set_current_patient(None)
    QApplication.processEvents()


def _fuzz(kind: str) -> Any:
    @PROPERTY
    @given(data=st.data())
    def run(
        base: tuple[Path, str], data: st.DataObject, qtbot: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from ldn_desktop.app import build_main_window

        base_data, patient = base
        rel, changed = draw_hostile_document(base, kind, data)
        told = _quiet_messages(monkeypatch)
        folder = Path(tempfile.mkdtemp(prefix="ldn-window-case-"))
        try:
            copy = folder / "data"
            shutil.copytree(base_data, copy, symlinks=True)
            (copy / rel).write_bytes(json.dumps(changed, ensure_ascii=False).encode())
            store = DataStore.open(copy)
            window = build_main_window(store)
            window.show()
            try:
                _click_through(window, patient, qtbot)
            finally:
                window.settle_unsaved_changes = lambda *_a, **_k: True
                window.close()
                window.deleteLater()
                store.close()
            assert not [t for t in told if t.startswith("CRASH")], told
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return run


test_window_over_patient_documents = _fuzz("patient")
test_window_over_settings = _fuzz("settings")
test_window_over_washout_documents = _fuzz("washout")
test_window_over_titration_documents = _fuzz("titration")
test_window_over_side_effect_months = _fuzz("side-effect-log")
test_window_over_own_symptom_lists = _fuzz("side-effect-symptoms")
test_window_over_pharmacy_records = _fuzz("pharmacy")

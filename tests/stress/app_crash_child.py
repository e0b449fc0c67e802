"""The window the app crash test kills: the real main window saving in a loop.

``python app_crash_child.py DATA_DIR PATIENT``: a zygote that imports the program (no
QApplication yet, so no threads) and forks one app per ``go <n>`` line on stdin. Each app opens
the data folder as ``app.py`` does, builds and shows the main window offscreen, selects the
patient, then renames the patient through the window's context on every turn of the event loop
(``Stress <n>``, ``Stress <n+1>`` ...), telling the pages that patients changed, as the patient
dialog does. It prints ``ack <n>`` after each save returned.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from ldn_desktop.app import build_main_window, create_application
from ldn_desktop.storage.documents import DataStore


def _run_app(data: Path, patient: str, first: int) -> None:
    app = create_application()
    store = DataStore.open(data)
    store.clean_temp_files()
    window = build_main_window(store)
    window.show()
    context = window.context  # type: ignore[attr-defined]
    context.set_current_patient(patient)
    counter = {"n": first}

    def save_next() -> None:
        n = counter["n"]
        context.patients.rename(patient, f"Stress {n}")
        os.write(1, f"ack {n}\n".encode())
        context.data_changed.emit("patients")
        counter["n"] = n + 1
        QTimer.singleShot(0, save_next)

    os.write(1, b"shown\n")
    QTimer.singleShot(0, save_next)
    app.exec()


def main() -> None:
    data, patient = Path(sys.argv[1]), sys.argv[2]
    assert QApplication.instance() is None
    os.write(1, b"ready\n")
    for line in sys.stdin:
        command, _, argument = line.strip().partition(" ")
        if command != "go":
            break
        pid = os.fork()
        if pid == 0:
            try:
                _run_app(data, patient, int(argument))
            finally:
                os._exit(3)
        os.write(1, f"pid {pid}\n".encode())
        _, status = os.waitpid(pid, 0)
        os.write(1, f"dead {pid} {status}\n".encode())


if __name__ == "__main__":
    main()

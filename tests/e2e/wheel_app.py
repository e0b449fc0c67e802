"""Child program for ``test_wheel_real_window``: the window at 1024 × 640 on the Titration page,
and wheel turns from the X server (xdotool) over the start date and the months field.

Prints one JSON line: each field's text before and after, and how far its pane scrolled.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QWidget

from ldn_desktop.app import create_application
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.main_window import MainWindow


def _area(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None and not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def main() -> int:
    app = create_application()
    store = DataStore.open(Path(tempfile.mkdtemp()) / "data")
    context = AppContext(store)
    window = MainWindow(context)
    patient = context.patients.create("Jane Example")
    window.patient_bar.reload(select=patient.id)
    window.resize(1024, 640)
    window.move(0, 0)
    window.show()
    page = window.titration_page
    window.show_page(page)
    fields = [
        next(f for f in page.findChildren(QAbstractSpinBox) if f.accessibleName() == name)
        for name in ("Start date", "Months to print")
    ]
    seen: dict[str, object] = {}

    def turn(index: int) -> None:
        if index == len(fields):
            print(json.dumps(seen))
            app.quit()
            return
        field = fields[index]
        window.navigation.setFocus()  # no field has the focus, as while reading the page
        area = _area(field)
        name = field.accessibleName()
        seen[name] = {"before": field.text(), "scroll_before": area.verticalScrollBar().value()}
        centre = field.mapToGlobal(field.rect().center())
        subprocess.run(["xdotool", "mousemove", str(centre.x()), str(centre.y())], check=True)
        subprocess.run(["xdotool", "click", "--repeat", "3", "--delay", "50", "5"], check=True)

        def look() -> None:
            seen[name].update(  # type: ignore[attr-defined]
                after=field.text(), scroll_after=area.verticalScrollBar().value()
            )
            turn(index + 1)

        QTimer.singleShot(500, look)

    QTimer.singleShot(800, lambda: turn(0))
    app.exec()
    store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

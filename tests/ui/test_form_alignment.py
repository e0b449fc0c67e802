"""The Compounding forms and the Settings page line their fields up: each group box and each
source or fill-method page had its own label column, so the fields of "Prescription", "Drug
source" and "Capsules and filler" started at three different places (and two within "Drug
source"), and Settings' balance, defaults and printout fields at three more."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QFormLayout, QWidget

from ldn_desktop.core.compounding import compounding_reference
from ldn_desktop.ui.compounding.capsule_form import CapsuleForm
from ldn_desktop.ui.compounding.liquid_form import LiquidForm


def _field_lefts(form: QWidget) -> dict[str, int]:
    """The left edge (in ``form``) of every visible field that has a label beside it."""
    lefts: dict[str, int] = {}
    for layout in form.findChildren(QFormLayout):
        for row in range(layout.rowCount()):
            label = layout.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label is None or field is None or label.widget() is None:
                continue
            widget = field.widget() or field.layout().parentWidget()
            if widget is not None and label.widget().isVisibleTo(form):
                at = field.geometry().topLeft()
                parent = layout.parentWidget()
                lefts[label.widget().text()] = parent.mapTo(form, QPoint(at)).x()
    return lefts


def _check_lined_up(qtbot: Any, widget: QWidget, width: int) -> None:
    qtbot.addWidget(widget)
    widget.resize(width, 1400)
    widget.show()
    qtbot.waitExposed(widget)
    lefts = _field_lefts(widget)
    assert len(lefts) >= 8, lefts
    assert len(set(lefts.values())) == 1, lefts


@pytest.mark.parametrize("kind", ["capsules", "liquid"])
def test_the_fields_line_up(qtbot: Any, kind: str) -> None:
    form: QWidget = (
        CapsuleForm(".", compounding_reference()) if kind == "capsules" else LiquidForm(".")
    )
    _check_lined_up(qtbot, form, 520)


def test_the_settings_fields_line_up(qtbot: Any, app_context: Any) -> None:
    from ldn_desktop.ui.settings_page import SettingsPage

    _check_lined_up(qtbot, SettingsPage(app_context), 1000)

"""Measuring the fill weight E from weighed capsules (method A/B), and the page's Measure… button.

Worked example TV0 (docs/reference/compounding.md §2.1): 10 size 1 capsules filled with the filler
alone weigh 3162.0 mg, 10 empty shells 760.0 mg → E = (3162.0 − 760.0) ÷ 10 = 240.2 mg.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from ldn_desktop.ui.compounding.fill_weight_dialog import FillWeightDialog
from tests.ui.test_compounding_page import fill_tv1, make_page


def _dialog(qtbot: Any, mark: str = ".") -> FillWeightDialog:
    dialog = FillWeightDialog("1", Decimal("76"), mark)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _ok(dialog: FillWeightDialog) -> bool:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()


def test_the_worked_example_gives_240_2_mg(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    assert dialog.count.text() == "10"
    assert dialog.empty.text() == "760 mg"  # 10 × the typical 76 mg size 1 shell, until weighed
    assert not _ok(dialog)  # nothing weighed yet
    qtbot.keyClicks(dialog.filled.editor, "3162.0 mg")
    dialog.empty.set_text("760.0 mg")
    assert dialog.fill_weight == Decimal("240.2")
    assert dialog.fill_weight_text() == "240.2 mg"
    assert "E = 240.2 mg of filler per capsule ((3162 mg − 760 mg) ÷ 10)" in dialog.result.text()
    assert _ok(dialog)


def test_grams_and_a_decimal_comma(qtbot: Any) -> None:
    dialog = _dialog(qtbot, ",")
    dialog.filled.set_text("3,162 g")
    dialog.empty.set_text("0,76 g")
    assert dialog.fill_weight == Decimal("240.2")
    assert dialog.fill_weight_text() == "240,2 mg"


def test_the_typical_empty_total_follows_the_count_until_typed(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.count.set_text("20")
    assert dialog.empty.text() == "1520 mg"
    dialog.empty.set_text("1500 mg")  # weighed
    dialog.count.set_text("25")
    assert dialog.empty.text() == "1500 mg"


def test_messages_show_under_the_field_they_are_about(qtbot: Any) -> None:
    dialog = _dialog(qtbot)
    dialog.filled.set_text("700 mg")  # lighter than the empty shells
    assert dialog.fill_weight is None and not _ok(dialog)
    assert "more than the empty shells" in dialog.filled.error.text()
    dialog.filled.set_text("3162 mg")
    assert dialog.filled.error.text() == "" and _ok(dialog)
    dialog.count.set_text("0")
    assert dialog.count.error.text() != "" and not _ok(dialog)
    dialog.count.set_text("10")
    dialog.filled.set_text("banana")
    assert dialog.filled.error.text() != "" and not _ok(dialog)


def test_measure_fills_the_pages_fill_weight(qtbot: Any, app_context: Any, monkeypatch) -> None:
    """The page's Measure… button: the size's shell weight goes in, E comes out in the field and
    the batch is calculated with it."""
    seen: list[tuple[str, str]] = []

    def weighed(self: FillWeightDialog) -> int:
        seen.append((self.windowTitle(), self.empty.text()))
        self.filled.set_text("3162.0 mg")
        self.empty.set_text("760.0 mg")
        return QDialog.DialogCode.Accepted.value

    monkeypatch.setattr(FillWeightDialog, "exec", weighed)
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    field = page.form.fields["fill_weight"]
    field.set_text("")
    buttons = [
        b for b in page.findChildren(QPushButton) if b.accessibleName() == "Measure the fill weight"
    ]
    assert len(buttons) == 2  # methods A and B
    (button,) = [b for b in buttons if b.isVisibleTo(page)]  # method A is the default
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert seen == [("Measure the fill weight E", "760 mg")]
    assert field.text() == "240.2 mg"
    page.calculate()
    assert page.results.result is not None
    assert abs(page.results.result["fill_per_capsule_mg"] - 240.2) < 1e-9


def test_cancel_leaves_the_field_as_it_was(qtbot: Any, app_context: Any, monkeypatch) -> None:
    monkeypatch.setattr(FillWeightDialog, "exec", lambda self: QDialog.DialogCode.Rejected.value)
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    field = page.form.fields["fill_weight"]
    page.form.measure_fill_weight(field)
    assert field.text() == "240 mg"


def test_a_released_record_offers_no_measuring(qtbot: Any, app_context: Any) -> None:
    """A saved record is read-only: its fill weight cannot be measured again from the form."""
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    page.form.set_read_only(True)
    measure = [
        b for b in page.findChildren(QPushButton) if b.accessibleName() == "Measure the fill weight"
    ]
    assert measure and not any(b.isEnabled() for b in measure)
    page.form.set_read_only(False)
    assert all(b.isEnabled() for b in measure)

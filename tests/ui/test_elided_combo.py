"""A drop-down narrower than its text showed the text cut off with nothing to say so: the
Titration protocol read "Standard: 1.5 mg days 1–14, 3 mg days 15–28, 4" at the window's
default size, a dose cut to "4". Cut text now ends in "…" and the whole text is the tooltip."""

from __future__ import annotations

from typing import Any

from ldn_desktop.ui.elided_combo import ElidedComboBox

LONG = "Standard: 1.5 mg days 1–14, 3 mg days 15–28, 4.5 mg from day 29"


def test_cut_text_ends_in_an_ellipsis_and_the_tooltip_has_it_all(qtbot: Any) -> None:
    combo = ElidedComboBox()
    qtbot.addWidget(combo)
    combo.addItem(LONG, "standard")
    combo.addItem("Custom steps", "custom")
    combo.resize(220, 30)
    combo.show()
    qtbot.waitExposed(combo)
    shown = combo.shown_text()
    assert shown.endswith("…") and LONG.startswith(shown[:-1]) and len(shown) < len(LONG)
    assert combo.toolTip() == LONG
    combo.resize(900, 30)
    assert combo.shown_text() == LONG  # room enough: nothing cut
    combo.setCurrentIndex(1)
    assert combo.toolTip() == "Custom steps" and combo.shown_text() == "Custom steps"


def test_the_patient_protocol_and_filler_lists_use_it(main_window: Any) -> None:
    assert isinstance(main_window.patient_bar.combo, ElidedComboBox)
    assert isinstance(main_window.titration_page.form.protocol, ElidedComboBox)
    assert isinstance(main_window.compounding_page.form.filler, ElidedComboBox)

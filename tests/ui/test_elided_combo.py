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


def test_text_known_to_fit_is_painted_by_qt_and_the_rest_is_measured(qtbot: Any) -> None:
    """The quick check (no style asked) says "fits" only when it does; otherwise the style
    measures. Checked against the measured answer at many widths and for short and long text."""
    combo = ElidedComboBox(characters=12)
    qtbot.addWidget(combo)
    combo.addItems(["Ann Lee", "X" * 10, LONG, "W" * 12, ""])
    combo.show()
    qtbot.waitExposed(combo)
    hint = combo.sizeHint().width()
    seen = set()
    for index in range(combo.count()):
        combo.setCurrentIndex(index)
        for width in range(hint - 60, hint + 400, 7):
            combo.resize(width, combo.height())
            quick = combo.fits_whole()
            if quick:  # never claims a fit that the style would cut
                assert combo.shown_text() == combo.currentText(), (combo.currentText(), width)
            seen.add((index, quick))
    combo.setCurrentIndex(0)
    combo.resize(hint, combo.height())
    assert combo.fits_whole()  # a short name at the hint: Qt paints it, no style needed
    combo.resize(hint - 40, combo.height())
    assert not combo.fits_whole()  # narrower than the hint: measured
    assert (2, True) not in seen  # the long protocol text is always measured
    assert (1, True) in seen and (4, True) in seen  # 10 "X" fit at the hint; so does ""


def test_the_patient_protocol_and_filler_lists_use_it(main_window: Any) -> None:
    assert isinstance(main_window.patient_bar.combo, ElidedComboBox)
    assert isinstance(main_window.titration_page.form.protocol, ElidedComboBox)
    assert isinstance(main_window.compounding_page.form.filler, ElidedComboBox)

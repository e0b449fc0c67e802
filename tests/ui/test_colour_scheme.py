"""Dark mode follows the system; the style sheet and the colours drawn in ui/ read well in both
schemes (issue 13)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

import ldn_desktop.ui as ui_package
from ldn_desktop.paths import resource_path
from ldn_desktop.ui import marked_style
from ldn_desktop.ui.colour_scheme import (
    FOLLOWER_PROPERTY,
    REMEMBERED_KEY,
    ColourSchemeFollower,
    is_dark,
    text_colour_on,
)
from ldn_desktop.ui.main_window import MainWindow
from ldn_desktop.ui.page_stack import PAGE_SPECS

UI_DIR = Path(ui_package.__file__).parent
TEXT_ROLES = "text|window-text|button-text|highlighted-text|placeholder-text|bright-text|link"


@pytest.fixture
def follower(qapp: QApplication) -> Iterator[ColourSchemeFollower]:
    before_palette = QPalette(qapp.palette())
    follower = ColourSchemeFollower(qapp)
    yield follower
    follower.apply(Qt.ColorScheme.Light)
    follower.deleteLater()
    qapp.setPalette(before_palette)


def _mean_lightness(image: QImage) -> float:
    step = 7
    values = [
        QColor(image.pixel(x, y)).lightness()
        for x in range(0, image.width(), step)
        for y in range(0, image.height(), step)
    ]
    return sum(values) / len(values)


def test_the_system_going_dark_and_light_again(
    follower: ColourSchemeFollower, main_window: MainWindow, qtbot: Any
) -> None:
    """Every page turns dark with the system and light again; a field's error message keeps
    readable text on its tint in both."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert follower.apply(Qt.ColorScheme.Dark)
    assert is_dark(app.palette())
    main_window.resize(1024, 640)
    for row in range(len(PAGE_SPECS)):
        main_window.show_page_at(row)
        qtbot.wait(1)
        assert _mean_lightness(main_window.grab().toImage()) < 110, PAGE_SPECS[row].title
    error = main_window.settings_page.pharmacy_phone
    error.set_text("call me")
    with pytest.raises(ValueError):
        error.value()
    label = error.error
    text = label.palette().color(QPalette.ColorRole.WindowText)
    assert text.lightness() > 180  # light text on the dark window and its translucent tint
    assert label.styleSheet() == marked_style.style_sheet()  # given when the message showed
    assert not follower.apply(Qt.ColorScheme.Light)
    qtbot.wait(1)  # the new palette reaches the widgets through the event loop
    assert _mean_lightness(main_window.grab().toImage()) > 150
    assert label.palette().color(QPalette.ColorRole.WindowText).lightness() < 80


def test_the_style_sheet_is_not_the_applications(main_window: MainWindow) -> None:
    """An application-wide sheet makes Qt polish and draw every widget through its style-sheet
    style (the first page built ~15 ms slower, issue 14): only marked widgets get it, when shown."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    assert app.styleSheet() == ""
    assert main_window.read_only_banner.styleSheet() == ""  # hidden: not read-only
    page = main_window.settings_page
    assert page.pharmacy_phone.error.styleSheet() == ""  # no message yet
    page.pharmacy_phone.set_text("call me")
    with pytest.raises(ValueError):
        page.pharmacy_phone.value()
    assert "#fieldError" in page.pharmacy_phone.error.styleSheet()


def test_it_listens_to_the_system(qapp: QApplication) -> None:
    follower = ColourSchemeFollower.install(qapp)
    assert qapp.styleHints().receivers("2colorSchemeChanged(Qt::ColorScheme)") >= 1
    assert ColourSchemeFollower.install(qapp) is follower  # one per application


def _remembered() -> object:
    return QSettings().value(REMEMBERED_KEY)


def test_the_start_puts_back_how_the_last_run_ended(qapp: QApplication) -> None:
    """Asking the system costs the first paint 15-20 ms (PySide6 builds the Qt namespace), so
    the start puts back what the last run ended with, and the window asks after its first
    paint: a dark system's first frame is dark, and a system switched since is followed then."""
    before_palette, before_style = QPalette(qapp.palette()), qapp.style().name()
    kept = qapp.property(FOLLOWER_PROPERTY)
    qapp.setProperty(FOLLOWER_PROPERTY, None)
    try:
        first = ColourSchemeFollower(qapp)
        assert first.apply(Qt.ColorScheme.Dark)  # the system went dark while it ran
        assert str(_remembered()).lower() == "true"
        first.deleteLater()
        qapp.setPalette(before_palette)  # as a new process starts: the platform's palette

        follower = ColourSchemeFollower.install(qapp)  # the next start
        assert follower is not first and not follower.confirmed
        assert is_dark(qapp.palette())  # before the system is asked
        assert follower.confirm() is False  # offscreen: the system says "unknown", not dark
        assert not is_dark(qapp.palette())
        assert qapp.palette().color(QPalette.ColorRole.Window) == before_palette.color(
            QPalette.ColorRole.Window
        )
        assert str(_remembered()).lower() == "false"
        assert follower.confirmed
        qapp.setPalette(dark_palette_for_test())  # asked once: later changes come as signals
        assert follower.confirm() is True
        follower.deleteLater()

        qapp.setPalette(before_palette)
        again = ColourSchemeFollower.install(qapp)  # a light last run: nothing to put back
        assert not is_dark(qapp.palette())
        again.deleteLater()
    finally:
        qapp.setProperty(FOLLOWER_PROPERTY, kept)
        qapp.setStyle(before_style)
        qapp.setPalette(before_palette)


def dark_palette_for_test() -> QPalette:
    from ldn_desktop.ui.colour_scheme import dark_palette

    return dark_palette()


def test_text_on_dose_fills_and_on_the_window(qapp: QApplication) -> None:
    from ldn_desktop.ui.colour_scheme import dark_palette

    dark = dark_palette()
    assert text_colour_on(dark, QColor("#ffe082")).lightness() < 60  # a light dose colour
    assert text_colour_on(dark, None).lightness() > 180  # a day without a dose
    assert text_colour_on(dark, None, dimmed=True) == dark.color(QPalette.ColorRole.PlaceholderText)


def test_the_style_sheet_takes_text_colours_from_the_palette() -> None:
    qss = resource_path("style.qss").read_text(encoding="utf-8")
    for value in re.findall(r"(?<![-\w])color:\s*([^;]+);", qss):
        assert re.fullmatch(rf"palette\(({TEXT_ROLES})\)", value.strip()), value


def test_no_fixed_colours_in_the_window_code() -> None:
    """ui/ draws text in palette colours (or via colour_scheme); only colour_scheme.py names
    colours. Fixed colours belong to printouts (reports/), which are paper."""
    offenders = []
    for path in sorted(UI_DIR.rglob("*.py")):
        if path.name == "colour_scheme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = re.sub(r"(^|\s)#\s.*$", "", line)  # comments; "#111" is not one
            if re.search(r"QColor\(\s*['\"]#|(?<![-\w])color:\s*#", code) or re.search(
                r"(?<![-\w])color:\s*palette\((?!(" + TEXT_ROLES + r")\))", code
            ):
                offenders.append(f"{path.relative_to(UI_DIR)}:{number}: {line.strip()}")
    assert not offenders, "\n".join(offenders)

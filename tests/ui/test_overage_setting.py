"""Issue 13: a new compounding batch's overage comes from Settings (not 0): the pharmacy types its
usual number of extra capsules once, and the Compounding page starts with it."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from ldn_desktop.storage.settings import load_settings
from ldn_desktop.ui.compounding_page import CompoundingPage
from ldn_desktop.ui.settings_page import SettingsPage


def _type(qtbot: Any, field: Any, text: str) -> None:
    field.editor.setFocus()
    field.editor.selectAll()
    qtbot.keyClicks(field.editor, text)


def test_the_overage_typed_in_settings_is_the_compounding_default(
    qtbot: Any, app_context: Any
) -> None:
    settings = SettingsPage(app_context)
    qtbot.addWidget(settings)
    assert settings.overage.text() == "2"  # the rules' default until the pharmacy chooses
    _type(qtbot, settings.overage, "4")
    qtbot.mouseClick(settings.save_button, Qt.MouseButton.LeftButton)
    assert load_settings(app_context.store)["defaults"]["overage_extra_capsules"] == 4

    page = CompoundingPage(app_context)
    qtbot.addWidget(page)
    assert page.form.fields["overage"].text() == "4"  # (New batch keeps the recipe, overage too)


@pytest.mark.parametrize("text", ["-1", "1.5", "101", "two"])
def test_an_impossible_overage_is_refused_next_to_the_field(
    qtbot: Any, app_context: Any, text: str
) -> None:
    settings = SettingsPage(app_context)
    qtbot.addWidget(settings)
    _type(qtbot, settings.overage, text)
    assert settings.save() is False
    assert "Overage" in settings.overage.error.text()
    assert "overage_extra_capsules" not in load_settings(app_context.store)["defaults"]

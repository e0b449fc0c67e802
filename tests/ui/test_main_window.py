"""The window shell: title, pages, menus and shortcuts, patients, disclaimer, geometry, excepthook."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from ldn_desktop.ui import messages
from ldn_desktop.ui.dialogs import AboutDialog, DisclaimerDialog, PatientDetails, PatientDialog
from ldn_desktop.ui.main_window import MainWindow


def test_title_and_every_page_reachable(main_window: MainWindow, qtbot: Any) -> None:
    """Each page can be reached from the navigation list and with Ctrl+1..N."""
    assert main_window.windowTitle() == "LDN Desktop"
    titles = [page.title for page in main_window.pages]
    for expected in ("Compounding", "Washout", "Titration", "Side effects"):
        assert expected in titles
    for row, page in enumerate(main_window.pages):
        main_window.navigation.setCurrentRow(row)
        assert main_window.current_page() is page
        assert page.isVisible()
    for number, page in enumerate(main_window.pages, start=1):
        if number > 9:
            break
        qtbot.keyClick(
            main_window, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.ControlModifier
        )
        assert main_window.current_page() is page


def test_standard_menus_exist(main_window: MainWindow) -> None:
    """File, Edit and Help menus with the standard shortcuts."""
    menus = [action.text().replace("&", "") for action in main_window.menuBar().actions()]
    for name in ("File", "Edit", "Help"):
        assert name in menus
    assert main_window.print_action.shortcut().toString() == "Ctrl+P"
    assert main_window.patient_bar.new_action.shortcut().toString() == "Ctrl+N"


def test_create_patient_updates_selector_and_title(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """New patient → saved, selected, and shown in the window title."""
    monkeypatch.setattr(
        PatientDialog, "ask", classmethod(lambda cls, *a, **k: PatientDetails("Ada Lovelace", None))
    )
    main_window.patient_bar.new_action.trigger()
    assert main_window.windowTitle() == "LDN Desktop — Ada Lovelace"
    assert main_window.patient_bar.combo.currentText() == "Ada Lovelace"
    assert main_window.context.current_patient_id is not None
    profiles, _ = main_window.context.patients.list()
    assert [p.name for p in profiles] == ["Ada Lovelace"]


def test_rename_archive_delete(main_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    """Rename, archive (hidden from the list), unarchive and delete (to the trash) with confirmation."""
    context = main_window.context
    profile = context.patients.create("Bob Before")
    main_window.patient_bar.reload(select=profile.id)
    monkeypatch.setattr(
        PatientDialog, "ask", classmethod(lambda cls, *a, **k: PatientDetails("Bob After", None))
    )
    main_window.patient_bar.rename_action.trigger()
    assert context.patients.get(profile.id).name == "Bob After"
    main_window.patient_bar.archive_action.trigger()
    assert context.patients.get(profile.id).archived
    assert main_window.patient_bar.combo.findData(profile.id) == -1
    main_window.patient_bar.show_archived.setChecked(True)
    main_window.patient_bar.reload(select=profile.id)
    main_window.patient_bar.archive_action.trigger()
    assert not context.patients.get(profile.id).archived
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: False)
    main_window.patient_bar.delete_action.trigger()
    assert profile.id in context.patients.ids()
    monkeypatch.setattr(messages, "confirm", lambda *a, **k: True)
    main_window.patient_bar.delete_action.trigger()
    assert profile.id not in context.patients.ids()
    assert list((context.store.root / "trash").iterdir())


def test_last_patient_is_selected_again(qtbot: Any, app_context: Any) -> None:
    """The patient chosen last time is the current one when the window opens again."""
    profile = app_context.patients.create("Cleo Again")
    first = MainWindow(app_context)
    qtbot.addWidget(first)
    first.patient_bar.reload(select=profile.id)
    first.close()
    second = MainWindow(app_context)
    qtbot.addWidget(second)
    assert second.patient_bar.combo.currentData() == profile.id


def test_geometry_and_page_remembered(qtbot: Any, app_context: Any) -> None:
    """Window size and current page are restored from QSettings."""
    first = MainWindow(app_context)
    qtbot.addWidget(first)
    first.show()
    first.resize(first.width(), 480)
    first.show_page_at(2)
    first.close()
    assert QSettings().value("main_window/page") in (2, "2")
    second = MainWindow(app_context)
    qtbot.addWidget(second)
    second.show()
    assert second.navigation.currentRow() == 2
    assert second.height() == 480  # the offscreen screen is 800 px wide: test the height


def test_disclaimer_must_be_ticked(qtbot: Any) -> None:
    """Continue stays disabled until the user confirms they read the disclaimer."""
    dialog = DisclaimerDialog()
    qtbot.addWidget(dialog)
    ok = dialog.button_box.buttons()[0]
    assert not ok.isEnabled()
    dialog.understood.setChecked(True)
    assert ok.isEnabled()


def test_first_run_disclaimer_is_remembered(
    main_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Accepting the disclaimer once stores the time in settings.json; it is not asked again."""
    from ldn_desktop.app import ensure_disclaimer_accepted

    asked: list[bool] = []
    monkeypatch.setattr(
        DisclaimerDialog, "ask", classmethod(lambda cls, p: asked.append(True) or True)
    )
    assert ensure_disclaimer_accepted(main_window)
    assert ensure_disclaimer_accepted(main_window)
    assert asked == [True]
    assert main_window.context.settings()["disclaimer_accepted_at"]


def test_about_shows_version_and_data_folder(qtbot: Any, main_window: MainWindow) -> None:
    """The About dialog names the version and where the data lives."""
    from ldn_desktop import __version__

    dialog = AboutDialog(main_window, main_window.context.store.root)
    qtbot.addWidget(dialog)
    text = dialog.findChildren(type(dialog.layout().itemAt(0).widget()))[0].text()
    assert __version__ in text
    assert str(main_window.context.store.root) in text


def test_excepthook_shows_a_dialog_instead_of_dying(
    monkeypatch: pytest.MonkeyPatch, qapp: Any
) -> None:
    """An unexpected error is logged and shown briefly; the program keeps running."""
    from ldn_desktop.app import install_excepthook

    shown: list[str] = []
    monkeypatch.setattr(
        messages, "show_crash", lambda parent, summary, details: shown.append(summary)
    )
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(sys, "__stderr__", None)
    install_excepthook()
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
    assert shown == ["RuntimeError: boom"]


def test_read_only_banner(qtbot: Any, data_dir: Any) -> None:
    """A read-only store shows a banner and disables patient changes."""
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.ui.app_context import AppContext

    store = DataStore(data_dir, read_only=True, read_only_reason="opened read-only")
    window = MainWindow(AppContext(store))
    qtbot.addWidget(window)
    window.show()
    assert window.read_only_banner.isVisible()
    assert "Read-only" in window.read_only_banner.text()
    assert not window.patient_bar.new_action.isEnabled()
    assert window.windowTitle().endswith("[read-only]")


def test_selector_follows_a_patient_chosen_elsewhere(main_window: MainWindow) -> None:
    """When a page or dialog sets the current patient, the selector shows it."""
    profile = main_window.context.patients.create("Dana Elsewhere")
    main_window.context.set_current_patient(profile.id)
    assert main_window.patient_bar.combo.currentData() == profile.id
    assert main_window.windowTitle() == "LDN Desktop — Dana Elsewhere"
    main_window.context.set_current_patient(None)
    assert main_window.patient_bar.combo.currentData() is None


def test_only_the_page_shown_is_built_at_start(qtbot: Any, app_context: Any) -> None:
    """The window paints, then builds the page it opens on; other pages wait to be shown."""
    window = MainWindow(app_context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.stack.built(0) is not None, timeout=3000)
    assert [window.stack.built(row) is not None for row in range(5)] == [True] + [False] * 4
    window.show_page_at(3)
    assert window.stack.built(3) is window.current_page()
    assert window.stack.built(1) is None

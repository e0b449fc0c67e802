"""The Settings page: validated fields, saving and reloading, and data work on a worker thread."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from ldn_desktop.core.settings_values import default_prescriber
from ldn_desktop.storage.archive import export_archive
from ldn_desktop.storage.backup import list_backups
from ldn_desktop.storage.documents import DataStore
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.settings import load_settings, save_settings
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.import_dialog import ConflictChoice, ImportConflictDialog
from ldn_desktop.ui.settings_page import SettingsPage


@pytest.fixture
def page(qtbot, app_context: AppContext) -> SettingsPage:
    widget = SettingsPage(app_context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Dialogs answered automatically; returns what they said."""
    said: list[str] = []
    monkeypatch.setattr(messages, "inform", lambda _p, text, *_a: said.append(text))
    monkeypatch.setattr(messages, "show_error", lambda _p, error, *_a: said.append(str(error)))
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    return said


def test_title(page: SettingsPage) -> None:
    assert page.title == "Settings"


def test_balance_bad_then_good_input_saved_and_reloaded(
    qtbot, page: SettingsPage, app_context: AppContext, store: DataStore
) -> None:
    field = page.balance_box.readability
    field.editor.clear()
    qtbot.keyClicks(field.editor, "0.1 mgg")
    assert page.save() is False
    assert field.error.isVisible()
    assert "unknown unit 'mgg'" in field.error.text()
    assert "Not saved" in page.save_state.text()
    assert load_settings(store)["defaults"]["balance"]["readability"]["value"] == "0.1"
    field.editor.clear()
    qtbot.keyClicks(field.editor, "10 mcg")
    qtbot.keyClick(field.editor, Qt.Key.Key_Tab)  # leaving the field checks it
    assert not field.error.isVisible()
    assert page.save() is True
    saved = load_settings(store)["defaults"]["balance"]
    assert saved["readability"] == {"value": "0.01", "unit": "mg"}
    reopened = SettingsPage(AppContext(store))
    qtbot.addWidget(reopened)
    assert reopened.balance_box.readability.text() == "0.01 mg"


def test_minimum_weight_follows_the_balance(page: SettingsPage) -> None:
    """USP <41>: 2000 × max(0.03, 0.41 × 0.1) mg = 82 mg; Class III: 6 mg / 5 % = 120 mg (§6)."""
    assert "minimum weight 82 mg" in page.balance_box.minimum.text()
    page.balance_box.repeatability.set_text("0.1 mg")
    assert "minimum weight 200 mg" in page.balance_box.minimum.text()
    page.balance_box.kind.setCurrentIndex(page.balance_box.kind.findData("class-iii"))
    assert "minimum weight 120 mg" in page.balance_box.minimum.text()
    assert not page.balance_box.readability.isEnabled()


def test_class_iii_keeps_the_saved_readability(page: SettingsPage, store: DataStore) -> None:
    page.balance_box.kind.setCurrentIndex(page.balance_box.kind.findData("class-iii"))
    page.balance_box.readability.set_text("nonsense")
    assert page.save() is True
    balance = load_settings(store)["defaults"]["balance"]
    assert balance["kind"] == "class-iii"
    assert balance["readability"] == {"value": "0.1", "unit": "mg"}


def test_defaults_and_printout_details(page: SettingsPage, store: DataStore) -> None:
    box = page.defaults_box
    box.filler.setCurrentIndex(box.filler.findData("lactose"))
    assert box.filler_note.isVisibleTo(page) and "lactose" in box.filler_note.text().lower()
    box.capsule_size.setCurrentIndex(box.capsule_size.findData("3"))
    page.strengths.set_text("4.5; 0.5; 1.5")
    page.pharmacy_name.set_text("Corner Pharmacy")
    page.pharmacy_phone.set_text("+1 555 010 2030")
    assert page.save() is True
    saved = load_settings(store)
    assert saved["defaults"]["filler"] == "lactose"
    assert saved["defaults"]["capsule_size"] == "3"
    assert saved["defaults"]["capsule_strengths_mg"] == ["0.5", "1.5", "4.5"]
    assert saved["pharmacy"]["name"] == "Corner Pharmacy"
    assert page.strengths.text() == "0.5; 1.5; 4.5"


def test_bad_fields_block_saving(page: SettingsPage, store: DataStore) -> None:
    before = store.path("settings.json").exists()
    page.strengths.set_text("3; 3")
    page.pharmacy_phone.set_text("call me")
    assert page.save() is False
    assert "listed twice" in page.strengths.error.text()
    assert "not a phone number" in page.pharmacy_phone.error.text()
    assert store.path("settings.json").exists() == before
    page.reload()  # Revert
    assert not page.strengths.error.isVisible()
    assert page.strengths.text() == "1.5; 3; 4.5"


def test_back_up_now_runs_on_a_worker(qtbot, page: SettingsPage, store: DataStore, quiet) -> None:
    PatientRepository(store).create("Ann Lee")
    section = page.data_section
    with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
        section.back_up_now()
        assert section.busy and section.progress.isVisible()
        assert not section.backup_button.isEnabled()
    assert finished.args[0].startswith("Backup written: ")
    assert not section.busy and not section.progress.isVisible()
    backups = list_backups(section.backup_dir())
    assert len(backups) == 1
    assert backups[0].name in section.last_backup.text()


def test_backup_folder_can_be_chosen_but_not_inside_the_data(
    qtbot, page: SettingsPage, store: DataStore, tmp_path: Path, quiet
) -> None:
    section = page.data_section
    section.choose_backup_dir(store.root / "inside")
    assert "inside the data folder" in quiet[-1]
    section.choose_backup_dir(tmp_path / "elsewhere")
    assert section.backup_dir() == tmp_path / "elsewhere"
    with qtbot.waitSignal(section.job_finished, timeout=20000):
        section.back_up_now()
    assert len(list_backups(tmp_path / "elsewhere")) == 1


def test_export_and_import_with_keep_both(
    qtbot, page: SettingsPage, store: DataStore, tmp_path: Path, quiet, monkeypatch
) -> None:
    pid = PatientRepository(store).create("Ann Lee").id
    out = tmp_path / "all.zip"
    section = page.data_section
    with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
        section.export_all(out)
    assert "Exported 1 document to" in finished.args[0]
    # the same patient, changed elsewhere
    elsewhere = DataStore.open(tmp_path / "elsewhere")
    export_archive(store.root, tmp_path / "seed.zip")
    from ldn_desktop.storage.archive_import import apply_import, plan_import

    apply_import(elsewhere, plan_import(elsewhere.root, tmp_path / "seed.zip"))
    PatientRepository(elsewhere).rename(pid, "Ann Lee-Smith")
    export_archive(elsewhere.root, out)
    elsewhere.close()
    asked = []
    monkeypatch.setattr(
        ImportConflictDialog,
        "ask",
        classmethod(
            lambda cls, parent, plan, *_mark: asked.append(plan) or ConflictChoice.KEEP_BOTH
        ),
    )
    with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
        section.import_from(out)
    assert len(asked) == 1 and asked[0].conflicting_patients == (pid,)
    assert "imported as a new patient" in finished.args[0]
    names = sorted(p.name for p in PatientRepository(store).list()[0])
    assert names == ["Ann Lee", "Ann Lee-Smith (imported)"]


def test_hostile_import_is_refused_in_the_page(
    qtbot, page: SettingsPage, store: DataStore, tmp_path: Path, quiet
) -> None:
    import zipfile

    evil = tmp_path / "evil.zip"
    with zipfile.ZipFile(evil, "w") as archive:
        archive.writestr("../../evil.json", "{}")
    with qtbot.waitSignal(page.data_section.job_finished, timeout=20000) as finished:
        page.data_section.import_from(evil)
    assert finished.args[0].startswith("Archive refused, nothing was changed")
    assert quiet == [finished.args[0]]
    assert not (tmp_path.parent / "evil.json").exists()


def test_restore_asks_and_keeps_a_safety_archive(
    qtbot, page: SettingsPage, app_context: AppContext, store: DataStore, quiet, monkeypatch
) -> None:
    repo = PatientRepository(store)
    pid = repo.create("Ann Lee").id
    section = page.data_section
    with qtbot.waitSignal(section.job_finished, timeout=20000):
        section.back_up_now()
    backup = list_backups(section.backup_dir())[0]
    repo.rename(pid, "Renamed Later")
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: False)
    section.restore_from(backup)  # the user says No: nothing happens
    assert not section.busy and repo.get(pid).name == "Renamed Later"
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    with qtbot.waitSignal(section.job_finished, timeout=20000) as finished:
        section.restore_from(backup)
    assert "1 document restored" in finished.args[0]
    assert repo.get(pid).name == "Ann Lee"
    safety = [p for p in list_backups(section.backup_dir()) if "before-restore" in p.name]
    assert len(safety) == 1


def test_read_only_data_cannot_be_changed(qtbot, tmp_path: Path) -> None:
    DataStore.open(tmp_path / "ro").close()
    context = AppContext(DataStore.open(tmp_path / "ro", read_only=True))
    widget = SettingsPage(context)
    qtbot.addWidget(widget)
    widget.strengths.set_text("3")
    assert not widget.save_button.isEnabled()
    assert not widget.data_section.restore_button.isEnabled()
    assert not widget.data_section.import_button.isEnabled()
    assert widget.data_section.backup_button.isEnabled()


def test_in_the_main_window_import_refreshes_the_patient_list(
    qtbot, main_window, tmp_path: Path, quiet
) -> None:
    """The page is in the navigation, and imported patients appear in the patient selector."""
    window = main_window
    assert window.settings_page in window.pages
    window.show_page(window.settings_page)
    assert window.current_page() is window.settings_page
    elsewhere = DataStore.open(tmp_path / "elsewhere")
    PatientRepository(elsewhere).create("Bo Chen")
    export_archive(elsewhere.root, tmp_path / "bo.zip")
    elsewhere.close()
    section = window.settings_page.data_section
    with qtbot.waitSignal(section.job_finished, timeout=20000):
        section.import_from(tmp_path / "bo.zip")
    combo = window.patient_bar.combo
    assert any("Bo Chen" in combo.itemText(i) for i in range(combo.count()))


@pytest.fixture
def german_locale():
    from PySide6.QtCore import QLocale

    previous = QLocale()
    QLocale.setDefault(QLocale(QLocale.Language.German, QLocale.Country.Germany))
    yield
    QLocale.setDefault(previous)


def test_decimal_comma_end_to_end(qtbot, german_locale, store: DataStore) -> None:
    """In a decimal-comma locale values are shown and typed with ',' and stored with '.'."""
    context = AppContext(store)
    assert context.decimal_mark == ","
    widget = SettingsPage(context)
    qtbot.addWidget(widget)
    assert widget.balance_box.readability.text() == "0,1 mg"
    assert widget.strengths.text() == "1,5; 3; 4,5"
    widget.balance_box.readability.set_text("0,01 mg")
    widget.strengths.set_text("0,5; 1,5; 4,5")
    assert "minimum weight 60 mg" in widget.balance_box.minimum.text()  # 2000 × 0,03 mg
    assert widget.save() is True
    saved = load_settings(store)["defaults"]
    assert saved["balance"]["readability"] == {"value": "0.01", "unit": "mg"}
    assert saved["capsule_strengths_mg"] == ["0.5", "1.5", "4.5"]
    assert widget.strengths.text() == "0,5; 1,5; 4,5"


def test_keyboard_mnemonics_are_unique_and_tab_order_is_visual(page: SettingsPage) -> None:
    """Alt+letter never collides (nor with the menus F/E/P/G/H), and Tab goes top to bottom."""
    from PySide6.QtWidgets import QAbstractButton, QLabel, QScrollArea, QWidget

    letters = []
    for widget in page.findChildren(QWidget):
        if isinstance(widget, (QAbstractButton, QLabel)) and widget.isVisibleTo(page):
            text = widget.text().replace("&&", "")
            if "&" in text and not text.lstrip().startswith("<"):
                letters.append(text[text.index("&") + 1].lower())
    assert len(letters) == len(set(letters)) >= 12, letters
    assert not set(letters) & set("fepgh")
    start = page.data_section.open_button
    chain, widget = [], start.nextInFocusChain()
    while widget is not start and len(chain) < 200:
        if (
            widget.isVisibleTo(page)
            and widget.isEnabled()
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    chain = [w for w in chain if page.isAncestorOf(w) and not isinstance(w, QScrollArea)]
    tops = [w.mapTo(page, w.rect().topLeft()).y() for w in chain]
    assert len(tops) >= 14
    names = [type(w).__name__ + ":" + (w.accessibleName() or "") for w in chain]
    assert tops == sorted(tops), list(zip(tops, names, strict=True))


def test_fresh_page_claims_no_unsaved_changes(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    """Opening the page shows no 'Unsaved changes.'; editing does, saving clears it."""
    from ldn_desktop.ui.settings_page import SettingsPage

    page = SettingsPage(app_context)
    qtbot.addWidget(page)
    assert page.save_state.text() == ""
    page.pharmacy_name.set_text("Corner Pharmacy")
    assert page.save_state.text() == "Unsaved changes."
    assert page.save()
    assert page.save_state.text() == "Settings saved."


# -- several prescribers (issue 13) -----------------------------------------------------------


def _type_row(qtbot: Any, page: SettingsPage, name: str, credentials: str, phone: str) -> None:
    """Add a prescriber with the button and type the row's cells with the keyboard (F2 opens a
    cell, Enter closes it)."""
    from PySide6.QtWidgets import QApplication

    box = page.prescribers
    page.window().activateWindow()
    qtbot.mouseClick(box.add_button, Qt.MouseButton.LeftButton)
    table = box.table
    row = table.currentRow()
    for column, text in ((1, name), (2, credentials), (3, phone)):
        if column != 1:  # "Add prescriber" opens the name cell by itself
            table.setFocus()
            table.setCurrentCell(row, column)
            qtbot.keyClick(table, Qt.Key.Key_F2)
        editor = QApplication.focusWidget()
        assert editor is not None and table.isAncestorOf(editor)
        qtbot.keyClicks(editor, text)
        qtbot.keyClick(editor, Qt.Key.Key_Return)
        qtbot.wait(1)  # the closed cell editor goes away


def test_several_prescribers_with_one_default(
    qtbot: Any, page: SettingsPage, store: DataStore
) -> None:
    """Two prescribers typed in the table; the second made the default with a click."""
    page.show()
    qtbot.waitExposed(page)
    _type_row(qtbot, page, "Dr Ann Lee", "MD", "+1 555 0100")
    _type_row(qtbot, page, "Sam Roe", "NP", "")
    table = page.prescribers.table
    assert table.rowCount() == 2
    assert table.item(0, 0).checkState() == Qt.CheckState.Checked  # the first is the default
    rect = table.visualItemRect(table.item(1, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=_check_box_point(rect))
    assert table.item(1, 0).checkState() == Qt.CheckState.Checked
    assert table.item(0, 0).checkState() == Qt.CheckState.Unchecked
    assert page.has_unsaved_changes()
    assert page.save() is True
    saved = load_settings(store)
    assert saved["prescriber"] == {"name": "Sam Roe", "credentials": "NP", "phone": ""}
    assert saved["other_prescribers"] == [
        {"name": "Dr Ann Lee", "credentials": "MD", "phone": "+1 555 0100"}
    ]
    assert default_prescriber(saved).signature == "Sam Roe, NP"


def _check_box_point(rect: Any) -> Any:
    from PySide6.QtCore import QPoint

    return QPoint(rect.left() + 10, rect.center().y())


def test_a_prescriber_needs_a_name(qtbot: Any, page: SettingsPage) -> None:
    page.show()
    _type_row(qtbot, page, "", "MD", "555 0100")
    assert page.save() is False
    assert "enter the prescriber's name" in page.prescribers.error.text()


def test_old_settings_with_one_prescriber_still_load(
    qtbot: Any, app_context: Any, store: DataStore
) -> None:
    """A settings file from before the list (one prescriber, no credentials) shows that one."""
    settings = load_settings(store)
    settings["prescriber"] = {"name": "Dr Old", "phone": "555 0199"}
    settings.pop("other_prescribers")
    save_settings(store, settings)
    app_context.update_settings(load_settings(store))
    page = SettingsPage(app_context)
    qtbot.addWidget(page)
    table = page.prescribers.table
    assert table.rowCount() == 1 and table.item(0, 1).text() == "Dr Old"
    assert table.item(0, 0).checkState() == Qt.CheckState.Checked


def test_the_data_folders_are_in_the_page_s_label_column(page: SettingsPage) -> None:
    """The data section (a grid with buttons) starts its paths where the forms start their
    fields: one column down the whole page."""

    def left(widget: object) -> int:
        return widget.mapTo(page, widget.rect().topLeft()).x()  # type: ignore[attr-defined]

    page.resize(1100, 900)
    paths = {left(page.data_section.folder_label), left(page.data_section.backup_label)}
    assert paths == {left(page.strengths)}

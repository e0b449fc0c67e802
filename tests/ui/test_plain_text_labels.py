"""What people typed is shown exactly as typed: labels, message boxes and tooltips never read a
name, a note, a reason, a path or an error quoting them as markup (``ui/plain_text.py``).

A QLabel guesses its format (AutoText): ``<b>Ann</b> &lt;x&gt;`` would be shown as a bold "Ann"
and "<x>". Each test puts that text where the user (or their data folder) can put it and reads
what the widget shows: its text as plain text, or its rich text rendered.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

from ldn_desktop.core.errors import LdnError

MARKUP = "<b>Ann</b> &lt;x&gt; & co"


def rendered(text: str, text_format: Qt.TextFormat) -> str:
    """What a label (or a tooltip: AutoText) with ``text`` in ``text_format`` shows."""
    from PySide6.QtGui import Qt as GuiQt

    if text_format == Qt.TextFormat.AutoText:
        rich = GuiQt.mightBeRichText(text)
    else:
        rich = text_format != Qt.TextFormat.PlainText
    return QTextDocumentFragment.fromHtml(text).toPlainText() if rich else text


def shown(label: QLabel) -> str:
    return rendered(label.text(), label.textFormat())


def shown_tooltip(text: str) -> str:
    return rendered(text, Qt.TextFormat.AutoText)


def labels_shown(widget: QWidget) -> list[str]:
    return [shown(label) for label in widget.findChildren(QLabel)]


# -- message boxes (ui/messages.py, compounding/release_dialog.py) --------------------------------


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> list[QMessageBox]:
    """The message boxes opened, not shown: each answers Cancel / No at once."""
    opened: list[QMessageBox] = []

    def answer(box: QMessageBox) -> int:
        opened.append(box)
        return int(QMessageBox.StandardButton.Cancel.value)

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return opened


def _box_texts(box: QMessageBox) -> str:
    return "\n".join(labels_shown(box))


@pytest.mark.parametrize(
    "show",
    [
        lambda m: m.show_error(None, LdnError(MARKUP)),
        lambda m: m.inform(None, MARKUP),
        lambda m: m.confirm(None, "Delete patient", f"Move {MARKUP} to the trash folder?"),
        lambda m: m.ask_unsaved(None, "quitting", [f"Side effects: {MARKUP}"]),
        lambda m: m.show_crash(None, f"ValueError: {MARKUP}", "Traceback"),
    ],
    ids=["show_error", "inform", "confirm", "ask_unsaved", "show_crash"],
)
def test_message_boxes_show_typed_text_as_typed(boxes: list[QMessageBox], show: Any) -> None:
    from ldn_desktop.ui import messages

    show(messages)
    assert len(boxes) == 1
    assert MARKUP in _box_texts(boxes[0])


# -- start-up widgets (ui/banners.py) ------------------------------------------------------------


def test_read_only_banner_shows_the_reason_as_written(qtbot: Any, data_dir: Path) -> None:
    from ldn_desktop.storage.documents import DataStore
    from ldn_desktop.ui.app_context import AppContext
    from ldn_desktop.ui.banners import read_only_banner

    DataStore.open(data_dir).close()
    store = DataStore(data_dir, read_only=True, read_only_reason=f"the folder {MARKUP}")
    context = AppContext(store)
    banner = read_only_banner(context)
    qtbot.addWidget(banner)
    assert f"the folder {MARKUP}" in shown(banner)
    context.deleteLater()


def test_data_notes_banner_shows_a_refused_profile_as_written(qtbot: Any, app_context: Any) -> None:
    from ldn_desktop.ui.banners import DataNotesBanner

    banner = DataNotesBanner(app_context)
    qtbot.addWidget(banner)
    banner.refresh([f"{MARKUP} (patients/p1/profile.json) could not be read"])
    assert f"⚠ {MARKUP} (patients/p1" in shown(banner)


# -- Compounding page ----------------------------------------------------------------------------


@pytest.fixture
def compounding(qtbot: Any, app_context: Any) -> Any:
    from tests.ui.test_compounding_page import make_page

    return make_page(qtbot, app_context)


def test_compounding_record_shows_the_patient_as_typed(compounding: Any) -> None:
    compounding.record_box.set_patient("p1", MARKUP)
    assert shown(compounding.record_box.patient) == MARKUP


def test_compounding_message_shows_an_error_as_typed(compounding: Any) -> None:
    compounding.results.clear(f"⚠ Strength: {MARKUP} is not a quantity.")
    assert shown(compounding.results.message) == f"⚠ Strength: {MARKUP} is not a quantity."


def test_compounding_banner_shows_a_reading_error_as_written(compounding: Any) -> None:
    compounding._records_loaded(compounding.records_loader.latest, LdnError(MARKUP))
    assert shown(compounding.banner) == f"⚠ Records could not be read: {MARKUP}"


def test_compounding_rich_results_are_rich_whatever_their_text(compounding: Any) -> None:
    """A line the program escapes (``&amp;``) is not shown escaped when it has no tag."""
    results = compounding.results
    for label in (results.title, results.details, results.steps, results.warnings, results.bud):
        assert label.textFormat() == Qt.TextFormat.RichText
    results.details.setText(results._shown("Filler: A & B"))
    assert shown(results.details) == "Filler: A & B"


def test_release_dialog_shows_the_prescriber_as_typed(
    compounding: Any, boxes: list[QMessageBox]
) -> None:
    from ldn_desktop.ui.compounding.release_dialog import confirm_release
    from tests.ui.test_compounding_page import fill_tv1_with_people

    drafts: list[Any] = []
    compounding.ask_release = lambda draft: drafts.append(draft) or False
    fill_tv1_with_people(compounding)
    compounding.record_box.prescriber.setText(MARKUP)
    compounding.calculate()
    compounding.save_button.click()
    assert drafts
    assert not confirm_release(compounding, drafts[0])
    assert f"prescriber: {MARKUP}" in _box_texts(boxes[0])
    # shown as typed today only because its first line (the product) has no markup: Qt guesses
    # from the first line
    assert boxes[0].textFormat() == Qt.TextFormat.PlainText


# -- Side effects page ---------------------------------------------------------------------------


@pytest.fixture
def side_effects(qtbot: Any, app_context: Any) -> Any:
    from ldn_desktop.ui.side_effects_page import SideEffectsPage

    page = SideEffectsPage(app_context)
    qtbot.addWidget(page)
    app_context.set_current_patient(app_context.patients.create(MARKUP, None).id)
    page.resize(1200, 800)
    page.show()
    return page


def test_side_effects_heading_shows_the_patient_as_typed(side_effects: Any) -> None:
    assert shown(side_effects.heading).startswith(f"Side effects — {MARKUP}")


def test_side_effects_note_tooltip_shows_the_note_as_typed(side_effects: Any) -> None:
    from datetime import UTC, datetime

    from ldn_desktop.core.side_effects.entries import LogEntry
    from ldn_desktop.ui.side_effects.table_model import NOTE

    entry = LogEntry("e1", datetime(2026, 1, 1, 22, tzinfo=UTC), "headache", 3, note=MARKUP)
    side_effects.log.add([entry])
    side_effects.set_patient(side_effects.log.patient_id)
    model = side_effects.model
    tip = model.data(model.index(0, NOTE), Qt.ItemDataRole.ToolTipRole.value)
    assert shown_tooltip(tip) == MARKUP


def test_side_effects_legend_is_rich(side_effects: Any) -> None:
    assert side_effects.chart.legend.textFormat() == Qt.TextFormat.RichText


# -- Titration page ------------------------------------------------------------------------------


@pytest.fixture
def titration(qtbot: Any, app_context: Any) -> Any:
    from ldn_desktop.ui.titration_page import TitrationPage

    page = TitrationPage(app_context)
    qtbot.addWidget(page)
    page.resize(1300, 850)
    page.show()
    page.set_start_date(date(2026, 12, 1))
    return page


def test_change_dialog_shows_the_summary_as_written(qtbot: Any) -> None:
    from ldn_desktop.ui.titration.change_dialog import ChangeDialog

    dialog = ChangeDialog(None, f"start reason: {MARKUP}", "Dr A", reason_required=False)
    qtbot.addWidget(dialog)
    assert f"start reason: {MARKUP}" in labels_shown(dialog)


def test_titration_status_and_summary_show_typed_text(titration: Any) -> None:
    titration.form.override.setText(MARKUP)
    titration.recalculate()
    assert shown(titration.summary).endswith(f"start reason: {MARKUP}")
    titration._withhold(f"Target: {MARKUP} is not a quantity.")
    assert shown(titration.status) == f"⚠ Target: {MARKUP} is not a quantity."


def test_titration_notes_show_errors_as_written(titration: Any) -> None:
    for label in (titration.form.washout_note, titration.dispensing.result):
        label.setText(f"⚠ {MARKUP}")
        assert shown(label) == f"⚠ {MARKUP}"


def test_titration_history_shows_who_and_why_as_typed(
    titration: Any, app_context: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ldn_desktop.ui.titration.change_dialog import ChangeDialog, ChangeNote
    from ldn_desktop.ui.titration.start_reason import StartReasonDialog

    monkeypatch.setattr(StartReasonDialog, "ask", classmethod(lambda cls, *a: f"why {MARKUP}"))
    note = ChangeNote(f"Dr {MARKUP}", f"because {MARKUP}")
    monkeypatch.setattr(ChangeDialog, "ask", classmethod(lambda cls, *a, **k: note))
    app_context.set_current_patient(app_context.patients.create("Jane Example", None).id)
    titration.set_start_date(date(2026, 12, 1))
    titration.save_button.click()
    table = titration.history.table
    assert table.rowCount() == 1
    assert shown_tooltip(table.item(0, 2).toolTip()) == f"Dr {MARKUP}"
    assert shown_tooltip(table.item(0, 4).toolTip()) == f"because {MARKUP}"
    assert table.item(0, 1).toolTip() == table.item(0, 1).text()  # plain text left as it is
    detail = titration.history.detail
    assert detail.textFormat() == Qt.TextFormat.RichText
    assert f"Start reason: why {MARKUP}" in shown(detail)


def test_calendar_legend_without_doses_shows_no_entities(titration: Any) -> None:
    legend = titration.calendar.legend
    legend.set_schedule(())
    assert "&nbsp;" not in shown(legend)


def test_start_reason_dialog_is_rich(qtbot: Any) -> None:
    from ldn_desktop.core.titration.start import StartVerdict, TitrationStart
    from ldn_desktop.ui.titration.start_reason import StartReasonDialog

    day = date(2026, 12, 1)
    decision = TitrationStart(
        StartVerdict.NEEDS_REASON, day, day, None, None, (), (f"took {MARKUP}",), ()
    )
    dialog = StartReasonDialog(decision)
    qtbot.addWidget(dialog)
    assert any(f"took {MARKUP}" in text for text in labels_shown(dialog))
    assert any(
        label.textFormat() == Qt.TextFormat.RichText for label in dialog.findChildren(QLabel)
    )


# -- Settings ------------------------------------------------------------------------------------


def test_settings_data_shows_folders_and_messages_as_written(
    qtbot: Any, app_context: Any, tmp_path: Path
) -> None:
    from ldn_desktop.ui.settings_data import BACKUP_DIR_KEY, DataSection

    folder = tmp_path / "<b>Ann</b> &lt;x&gt;"
    QSettings().setValue(BACKUP_DIR_KEY, str(folder))
    section = DataSection(app_context)
    qtbot.addWidget(section)
    assert shown(section.backup_label) == str(folder)
    assert shown(section.folder_label) == str(app_context.store.root)
    section._finish(f"Backup written: {folder}")
    assert shown(section.status) == f"Backup written: {folder}"
    assert shown(section.last_backup) == "No backup yet."
    assert section.last_backup.textFormat() == Qt.TextFormat.PlainText


def test_saved_filler_tooltip_shows_the_key_as_written(qtbot: Any) -> None:
    from ldn_desktop.ui.settings_balance import CompoundingDefaultsBox

    box = CompoundingDefaultsBox()
    qtbot.addWidget(box)
    box.load("<b>mcc</b>", "0")
    assert shown_tooltip(box.filler.toolTip()) == "Saved filler: <b>mcc</b>"


def test_about_dialog_shows_the_data_folder_as_written(qtbot: Any) -> None:
    from ldn_desktop.ui.dialogs import AboutDialog

    dialog = AboutDialog(None, Path("/data/<b>Ann</b> &lt;x&gt;"))
    qtbot.addWidget(dialog)
    assert any("Data folder: /data/<b>Ann</b> &lt;x&gt;" in text for text in labels_shown(dialog))


# -- the patient list, the washout history, the exported chart ------------------------------------


def test_patient_list_tooltip_shows_the_name_as_typed(qtbot: Any) -> None:
    from ldn_desktop.ui.elided_combo import ElidedComboBox

    combo = ElidedComboBox(characters=12)
    qtbot.addWidget(combo)
    combo.addItem(MARKUP)
    assert shown_tooltip(combo.toolTip()) == MARKUP
    combo.addItem("Ann Lee")
    combo.setCurrentIndex(1)
    assert combo.toolTip() == "Ann Lee"  # nothing to escape: as it is


def test_tooltip_text_without_markup_characters_is_left_alone() -> None:
    from ldn_desktop.ui.plain_text import tooltip

    for text in ("Ann Lee", "O'Brien (born 4 Mar 1970)", "a > b", ""):
        assert tooltip(text) == text
    assert shown_tooltip(tooltip("Tom & Jerry")) == "Tom & Jerry"


def test_washout_history_problem_shows_the_error_as_written(qtbot: Any) -> None:
    from ldn_desktop.ui.washout.history import HistoryPanel

    panel = HistoryPanel()
    qtbot.addWidget(panel)
    panel.set_assessments([], problem=f"could not read /data/{MARKUP}/washout.json")
    assert shown(panel.problem) == f"⚠ could not read /data/{MARKUP}/washout.json"


def test_exported_chart_title_shows_the_patient_as_typed(qapp: Any) -> None:
    """A QChart title is HTML: the patient's name is escaped into it. An empty tag in the title
    changes nothing drawn when it is read as HTML, so drawing the two titles tells."""
    from PySide6.QtCharts import QChartView

    from ldn_desktop.core.side_effects import ChartData
    from ldn_desktop.reports.side_effects_chart import build_chart

    def drawn(title: str) -> Any:
        data = ChartData(date(2026, 3, 1), date(2026, 3, 8), {}, [])
        view = QChartView(build_chart(data, title=title))
        view.resize(600, 300)
        return view.grab().toImage()

    assert drawn("Ann<i></i>") != drawn("Ann")

"""The Washout page is the first page shown, and is built without PySide6's ``Qt`` namespace
(issue 14 row 8, ``tests/ui/test_start_up.py``). These check that what it does instead behaves
as before: text is never read as markup, messages stay selectable, the history lists what was
saved and says when nothing was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import (
    Qt as QtGuiNamespace,  # Qt::mightBeRichText lives in QtGui
    QTextDocumentFragment,
)

from ldn_desktop.storage.washout import list_assessments
from ldn_desktop.ui.washout.result_view import EMPTY_MESSAGE, START_HINT, ResultView
from ldn_desktop.ui.washout_page import WashoutPage
from ldn_desktop.ui.widgets import FieldError, without_completion

SELECTABLE = Qt.TextInteractionFlag.TextSelectableByMouse
MARKUP = "<b>Percocet</b> &lt;5&gt;"


def _type(qtbot, editor, text: str) -> None:  # type: ignore[no-untyped-def]
    without_completion(editor)
    editor.clear()
    qtbot.keyClicks(editor, text)
    page = editor
    while not isinstance(page, WashoutPage):
        page = page.parentWidget()
    page.flush()


@pytest.mark.parametrize("hint", [START_HINT, EMPTY_MESSAGE])
def test_the_program_s_hints_are_plain_text_before_the_labels_have_formats(
    qtbot,  # type: ignore[no-untyped-def]
    hint: str,
) -> None:
    view = ResultView()
    qtbot.addWidget(view)
    view.show_hint(hint)
    assert view.headline.textFormat() == Qt.TextFormat.AutoText  # not set yet (no Qt namespace)
    assert not QtGuiNamespace.mightBeRichText(hint)  # so Qt shows it as it is
    assert view.headline.text() == hint


@pytest.mark.parametrize("hint", ["<b>Enter</b> the medications", "Tom &amp; Jerry", "a &lt; b"])
def test_a_hint_with_markup_is_refused(qtbot, hint: str) -> None:  # type: ignore[no-untyped-def]
    assert QtGuiNamespace.mightBeRichText(hint) or "&amp;" in hint  # what the check is for
    view = ResultView()
    qtbot.addWidget(view)
    with pytest.raises(ValueError, match="plain text"):
        view.show_hint(hint)


def test_a_message_is_plain_and_selectable_even_as_the_first_text(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ResultView()
    qtbot.addWidget(view)
    view.show_message(f"No result until the marked field is fixed: {MARKUP}")
    assert view.headline.textFormat() == Qt.TextFormat.PlainText
    assert view.headline.textInteractionFlags() & SELECTABLE
    assert view.headline_text().endswith(MARKUP)
    # the notes and interactions hold the program's own (escaped) markup: rich from now on
    assert view.notes.textFormat() == Qt.TextFormat.RichText
    assert view.interactions.textFormat() == Qt.TextFormat.RichText
    view.show_hint(EMPTY_MESSAGE)  # a hint after a message: still plain
    assert view.headline.textFormat() == Qt.TextFormat.PlainText


def test_a_result_sets_the_formats_and_names_typed_are_not_markup(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    page = WashoutPage(app_context)
    qtbot.addWidget(page)
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "<i>OxyContin</i>")  # not a known name: a card says so
    _type(qtbot, row.when.editor, "2026-02-01 08:00")
    _type(qtbot, page.start.editor, "2026-02-08")
    view = page.result_view
    assert page.result is not None
    for label in (view.headline, view.status, view.dates, view.reason):
        assert label.textFormat() == Qt.TextFormat.PlainText
        assert label.textInteractionFlags() & SELECTABLE
    notes = QTextDocumentFragment.fromHtml(view.notes.text()).toPlainText()
    assert view.notes.textFormat() == Qt.TextFormat.RichText and notes.startswith("Notes")
    titles = [
        QTextDocumentFragment.fromHtml(card.title.text()).toPlainText() for card in view.cards
    ]
    assert "<i>OxyContin</i>" in titles[0]  # escaped: shown as typed


def test_field_error_shows_typed_markup_as_typed_and_can_be_copied(qtbot) -> None:  # type: ignore[no-untyped-def]
    error = FieldError()
    qtbot.addWidget(error)
    error.show_message(f"Could not read {MARKUP} as a date")
    assert error.textFormat() == Qt.TextFormat.PlainText
    assert error.textInteractionFlags() & SELECTABLE
    assert error.text() == f"⚠ Could not read {MARKUP} as a date"


def test_history_says_when_nothing_is_saved_and_lists_what_is(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    patient = app_context.patients.create("Ann Lee", None)
    app_context.set_current_patient(patient.id)
    page = WashoutPage(app_context)
    qtbot.addWidget(page)
    page.show()
    history = page.history
    assert history.none_saved.isVisible() and history.none_saved.text().startswith("No assess")
    assert not history.list.isVisible() and not history.open_button.isVisible()

    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "OxyContin 20 mg")
    _type(qtbot, row.when.editor, "2026-02-01 08:00")
    _type(qtbot, page.start.editor, "2026-02-08")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    _type(qtbot, page.start.editor, "2026-02-20")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert history.list.isVisible() and history.open_button.isVisible()
    assert not history.none_saved.isVisible()
    assert history.list.count() == 2

    chosen = []
    history.assessment_chosen.connect(chosen.append)
    history.list.setCurrentRow(1)  # the older one: newest first
    history.list.itemActivated.emit(history.list.item(1))  # Enter or a double click
    assert [c.id for c in chosen] == [list_assessments(app_context.store, patient.id)[0].id]
    assert page.start.text() == "8 Feb 2026"

    history.set_assessments([])  # another patient with none: the list goes, the words come back
    assert history.none_saved.isVisible() and not history.list.isVisible()
    assert not history.open_button.isEnabled()


def test_a_date_message_leaves_the_row_s_fields_level(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    """The message under a medication's date goes below the row: the name, the lists and the
    date stay on one line (they were centred on field and message)."""
    page = WashoutPage(app_context)
    qtbot.addWidget(page)
    page.resize(1180, 700)
    page.show()
    row = page.meds.rows[0]

    def tops() -> set[int]:
        widgets = (row.name_edit, row.form_box, row.timing_box, row.when.editor)
        return {w.mapTo(row, w.rect().topLeft()).y() for w in widgets}

    assert len(tops()) == 1
    _type(qtbot, row.name_edit, "OxyContin 20 mg")
    _type(qtbot, row.when.editor, "yesterday-ish")
    qtbot.waitUntil(lambda: row.when.error.isVisible())
    assert row.height() > row.when.editor.height() * 2  # the message is under the field
    assert len(tops()) == 1


def test_hints_are_in_the_page_font_messages_and_results_large_and_bold(qtbot) -> None:  # type: ignore[no-untyped-def]
    view = ResultView()
    qtbot.addWidget(view)
    page_font = view.font()
    assert not view.headline.font().bold()  # the empty form's instruction
    view.show_message("No result until the marked field is fixed: 'x' is not a date")
    headline = view.headline.font()
    assert headline.bold() and headline.pointSizeF() == pytest.approx(page_font.pointSizeF() * 1.4)
    assert view.status.font().bold()
    view.show_hint(EMPTY_MESSAGE)  # the form emptied again: an instruction again
    assert not view.headline.font().bold()
    assert view.headline.font().pointSizeF() == pytest.approx(page_font.pointSizeF())
    view.show_message("again")
    assert view.headline.font().bold()


def test_without_a_result_only_the_headline_takes_room(qtbot, app_context) -> None:  # type: ignore[no-untyped-def]
    """The status, dates, reason, interactions and notes are hidden until there is a result (an
    empty word-wrapped label still took a line each: a gap above the saved assessments)."""
    page = WashoutPage(app_context)
    qtbot.addWidget(page)
    page.show()
    view = page.result_view
    details = (view.status, view.dates, view.reason, view.interactions, view.notes)
    assert view.headline.isVisible() and not any(label.isVisible() for label in details)
    row = page.meds.rows[0]
    _type(qtbot, row.name_edit, "OxyContin 20 mg")
    _type(qtbot, row.when.editor, "2026-02-01 08:00")
    _type(qtbot, page.start.editor, "2026-02-08")
    assert page.result is not None and all(label.isVisible() for label in details)
    _type(qtbot, row.when.editor, "yesterday-ish")  # no result: a message, the details go
    assert page.result is None and not any(label.isVisible() for label in details)

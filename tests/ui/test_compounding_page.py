"""The Compounding page: fill, calculate, save, reopen read-only; messages next to the fields."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pypdf import PdfReader

from ldn_desktop.core.units.quantities import Q_
from ldn_desktop.storage.pharmacy import PHARMACY_KIND, CompoundingRecords, record_to_json


def make_page(qtbot: Any, app_context: Any) -> Any:
    from ldn_desktop.ui.compounding_page import CompoundingPage

    page = CompoundingPage(app_context)
    page.ask_release = lambda draft: True  # the confirmation dialog is tested on its own
    qtbot.addWidget(page)
    page.show()
    return page


def fill_tv1(page: Any) -> None:
    fields = page.form.fields
    fields["strength"].set_text("4.5 mg")
    fields["quantity"].set_text("30")
    fields["overage"].set_text("2")
    fields["assay"].set_text("99.5%")
    fields["fill_weight"].set_text("240 mg")


def fill_tv1_with_people(page: Any) -> None:
    """TV1, with who prepared and checked it: ready to release."""
    fill_tv1(page)
    page.record_box.preparer.set_text("AB")
    page.record_box.checker.set_text("CD")


def _counted_record_reads(monkeypatch: Any) -> list[int]:
    """One item per read of pharmacy.json's records from now on."""
    from ldn_desktop.storage import pharmacy

    reads: list[int] = []
    real_rows = pharmacy.CompoundingRecords._rows
    monkeypatch.setattr(
        pharmacy.CompoundingRecords, "_rows", lambda self: reads.append(1) or real_rows(self)
    )
    return reads


def test_fill_calculate_save_and_reopen(qtbot: Any, app_context: Any, store: Any) -> None:
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    page.calculate()
    result = page.results.result
    assert result is not None
    assert result["capsules_total"] == 32
    assert abs(result["drug_total_mg"] - 144.723618) < 1e-5
    table = page.results.table
    assert table.item(0, 2).text() == "144.7 mg"
    assert table.item(1, 2).text() == "7.5353 g"
    assert page.save_button.isEnabled() is not False  # enabled: a valid result exists

    page.save_record()  # no initials yet: marked next to the fields, nothing saved
    assert page.record is None
    assert page.record_box.preparer.error.isVisibleTo(page)
    assert "initials" in page.record_box.preparer.error.text()
    assert not store.exists("pharmacy.json")

    page.record_box.preparer.set_text("ab")
    page.record_box.checker.set_text("cd")
    page.record_box.drug_lot.setText("L-123")
    page.save_record()
    assert page.record is not None
    lot = page.record.lot
    saved = json.loads(store.path("pharmacy.json").read_text())["records"]
    assert [r["lot"] for r in saved] == [lot]
    assert saved[0]["ingredients"][0]["lot"] == "L-123"
    assert page.form.fields["strength"].editor.isReadOnly()
    assert not page.save_button.isEnabled()
    assert lot in page.banner.text()

    # a new batch, then reopen the saved record from the list: read-only, exactly as saved
    page.new_batch()
    page.form.fields["strength"].set_text("3 mg")
    page.calculate()
    assert page.results.result["strength"] == "3 mg"
    page.records.search.setText(lot[:8])
    assert page.records.visible_lots() == [lot]
    page.records.table.selectRow(0)
    page.records.open_button.click()
    assert page.record is not None and page.record.lot == lot
    assert page.form.fields["strength"].text() == "4.5 mg"
    assert page.form.fields["strength"].editor.isReadOnly()
    assert page.results.result == saved[0]["result"]
    assert page.record_box.preparer.text() == "AB"


def test_invalid_input_shows_its_message_next_to_the_field_and_no_result(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    page.form.fields["strength"].set_text("4.5 mL")
    page.calculate()
    error = page.form.fields["strength"].error
    assert error.isVisibleTo(page)
    assert "not a mass" in error.text()
    assert page.results.result is None
    assert not page.results.table.isVisibleTo(page)
    assert not page.save_button.isEnabled()
    page.form.fields["strength"].set_text("4,5 mg")  # accepted in any locale (not ambiguous)
    page.calculate()
    assert not error.isVisibleTo(page)
    assert page.results.result is not None


def test_core_errors_land_on_their_field(qtbot: Any, app_context: Any) -> None:
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    page.form.source.setCurrentIndex(page.form.source.findData("tablets"))
    page.form.fields["tablets"].set_text("1")
    page.form.fields["tablets_weight"].set_text("250 mg")
    page.calculate()
    assert page.results.result is None
    assert "crush at least" in page.form.fields["tablets"].error.text()


def test_presets_prefill_and_settings_defaults(qtbot: Any, app_context: Any) -> None:
    settings = app_context.settings()
    settings["defaults"]["filler"] = "lactose"
    settings["defaults"]["capsule_size"] = "3"
    settings["defaults"]["balance"]["kind"] = "class-iii"
    app_context.update_settings(settings)
    page = make_page(qtbot, app_context)
    assert page.form.filler.currentData() == "lactose"
    assert page.form.capsule_size.currentData() == "3"
    assert [b.text() for b in page.presets] == ["1.5 mg", "3 mg", "4.5 mg"]
    fill_tv1(page)
    page.presets[1].click()
    assert page.form.fields["strength"].text() == "3 mg"
    assert page.results.result["min_weighable_mg"] == 120
    page.prefill(Q_(1.5, "mg"), 60)
    assert page.form.fields["strength"].text() == "1.5 mg"
    assert page.results.result["capsules_prescribed"] == 60


def test_correction_and_pdf_exports(qtbot: Any, app_context: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    page.save_record()
    first = page.record.lot
    page.start_correction()
    page.form.fields["strength"].set_text("3 mg")
    page.ask_reason = lambda: "wrong strength"
    page.save_record()
    assert page.record.replaces == first
    assert page.records.visible_lots()[0] == page.record.lot
    page.ask_save_path = lambda caption, suggested: tmp_path / suggested
    sheet = page.export_pdf()
    label = page.export_label_pdf()
    assert sheet is not None and label is not None
    label_text = " ".join(" ".join(p.extract_text() for p in PdfReader(label).pages).split())
    assert "Naltrexone HCl 3 mg capsules" in label_text and page.record.lot in label_text
    sheet_text = " ".join(" ".join(p.extract_text() for p in PdfReader(sheet).pages).split())
    assert "3 mg" in sheet_text and "3.0 mg" not in sheet_text and first in sheet_text


def test_oral_liquid_calculate_save_reopen(qtbot: Any, app_context: Any, tmp_path: Path) -> None:
    page = make_page(qtbot, app_context)
    page.form_tabs.setCurrentIndex(1)
    page.liquid_form.fields["volume"].set_text("2 tsp")
    page.calculate()
    assert page.results.result is None
    assert "household" in page.liquid_form.fields["volume"].error.text()
    page.liquid_form.fields["volume"].set_text("50 mL")
    page.calculate()
    result = page.results.result
    assert result["kind"] == "liquid" and result["tablets_needed"] == 1
    assert page.results.table.item(8, 0).text() == "4.5 mg"
    assert page.results.table.item(8, 1).text() == "4.5 mL"
    page.record_box.preparer.set_text("AB")
    page.record_box.checker.set_text("CD")
    page.save_record()
    assert page.record is not None and page.record.draft.kind == "liquid"
    lot = page.record.lot
    page.new_batch()
    page.form_tabs.setCurrentIndex(0)
    page.open_record(lot)
    assert page.form_tabs.currentIndex() == 1
    assert page.liquid_form.fields["volume"].text() == "50 mL"
    assert page.liquid_form.fields["volume"].editor.isReadOnly()
    page.ask_save_path = lambda caption, suggested: tmp_path / suggested
    label = page.export_label_pdf()
    sheet = page.export_pdf()
    assert label is not None and sheet is not None
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(label).pages).split())
    assert "Naltrexone HCl 1 mg/mL oral liquid" in text and "50 mL" in text and "Shake well" in text
    sheet_text = " ".join(" ".join(p.extract_text() for p in PdfReader(sheet).pages).split())
    assert "4.5 mg 4.5 mL" in sheet_text


def test_a_new_balance_in_the_settings_applies_to_the_next_calculation(
    qtbot: Any, app_context: Any
) -> None:
    page = make_page(qtbot, app_context)
    fill_tv1(page)
    page.calculate()
    assert page.results.result["min_weighable_mg"] == 82
    settings = app_context.settings()
    settings["defaults"]["balance"] = {
        "kind": "usp41",
        "readability": {"value": "0.01", "unit": "mg"},
        "repeatability_sd": {"value": "0.002", "unit": "mg"},
    }
    app_context.update_settings(settings)
    assert page.form.fields["balance_readability"].text() == "0.01 mg"
    assert abs(page.results.result["min_weighable_mg"] - 8.2) < 1e-9


def test_untouched_form_shows_no_required_errors(qtbot: Any, app_context: Any) -> None:
    """A new page (or one whose defaults were just filled in) asks for input without scolding."""
    page = make_page(qtbot, app_context)
    page._timer.timeout.emit()  # what typing or loading the defaults triggers
    assert not page.form.fields["strength"].error.isVisibleTo(page)
    assert "Enter the batch" in page.results.message.text()
    page.form.fields["strength"].set_text("4.5 mg")
    page._timer.timeout.emit()
    assert page.form.fields["quantity"].error.isVisibleTo(page)  # now the missing count is named


def test_saving_and_opening_read_the_records_once(
    qtbot: Any, app_context: Any, monkeypatch: Any
) -> None:
    """pharmacy.json holds every record (~10 kB each; 2,000 took ~0.8 s to read): saving read it
    four times (the release, the list, the record shown, its correction) and each print once
    more. While this window writes the folder no one else can change it, so the record shown and
    its correction come from the list, and the list takes the released record as it was saved
    instead of reading the folder again: one read per release, the release's own."""
    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    reads = _counted_record_reads(monkeypatch)
    page.save_record()
    assert page.record is not None and len(reads) == 1  # the release
    first = page.record.lot
    page.new_batch()
    page.records.search.setText(first)
    page.records.table.selectRow(0)
    page.records.open_button.click()
    assert page.record.lot == first and len(reads) == 1
    page.start_correction()
    page.ask_reason = lambda: "wrong strength"
    page.save_record()
    assert page.record.replaces == first and len(reads) == 2
    page.open_record(first)  # the corrected record knows its correction from the list
    assert len(reads) == 2
    assert f"replaced by {page.records.replaced_by(first)}" in page.banner.text()
    assert not page.correct_button.isEnabled()
    # the list is what reading the folder gives, in the same order, statuses included
    assert page.records.records == CompoundingRecords(app_context.store).all()
    assert page.records.replaced_by(first) == page.records.records[-1].lot
    page.records.search.setText("")
    assert page.records.visible_lots() == [r.lot for r in reversed(page.records.records)]


def test_a_change_from_elsewhere_is_read_again(qtbot: Any, app_context: Any, store: Any) -> None:
    """A restore or an import changes pharmacy.json behind the page: the list reads it again."""
    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    page.save_record()
    released = page.record
    store.write("pharmacy.json", PHARMACY_KIND, {"records": []})  # e.g. an older backup restored
    app_context.data_changed.emit("compounding")
    assert page.records.records == []
    store.write("pharmacy.json", PHARMACY_KIND, {"records": [record_to_json(released)]})
    app_context.data_changed.emit("compounding")
    assert page.records.records == [released]


def test_read_only_opening_reads_the_records_again(
    qtbot: Any, app_context: Any, monkeypatch: Any
) -> None:
    """Read-only, another program holds the folder and may have released records since the
    list was read: opening one reads pharmacy.json again."""
    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    page.save_record()
    lot = page.record.lot
    page.new_batch()
    monkeypatch.setattr(type(app_context), "read_only", property(lambda self: True))
    reads = _counted_record_reads(monkeypatch)
    page.open_record(lot)
    assert page.record.lot == lot and len(reads) >= 2  # the record, and its correction


def test_a_list_that_could_not_be_read_is_read_again_after_a_release(
    qtbot: Any, app_context: Any, store: Any, monkeypatch: Any
) -> None:
    """The list takes a released record as saved only if it holds every record: after a
    failed reading it is read again, never left with the new record alone."""
    from ldn_desktop.core.errors import LdnError
    from ldn_desktop.storage import pharmacy

    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    page.save_record()
    first = page.record.lot
    real_all = pharmacy.CompoundingRecords.all

    def unreadable(self: Any) -> Any:
        raise LdnError("the disk did not answer")

    monkeypatch.setattr(pharmacy.CompoundingRecords, "all", unreadable)
    page.refresh_records()  # e.g. a network folder that did not answer for a moment
    assert page.records.records == []
    monkeypatch.setattr(pharmacy.CompoundingRecords, "all", real_all)
    page.new_batch()
    fill_tv1_with_people(page)
    page.save_record()
    assert [r.lot for r in page.records.records] == [first, page.record.lot]


def test_the_wait_cursor_shows_while_a_release_is_saved_and_goes_after(
    qtbot: Any, app_context: Any, monkeypatch: Any
) -> None:
    """A release rewrites pharmacy.json (and may move its older months out): the pointer says
    the program is working, and is put back after, also when the release fails."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication

    from ldn_desktop.core.errors import LdnError
    from ldn_desktop.storage import pharmacy
    from ldn_desktop.ui import messages

    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    seen: list[object] = []
    real = pharmacy.CompoundingRecords.release

    def watched(self: Any, *args: Any, **kwargs: Any) -> Any:
        cursor = QGuiApplication.overrideCursor()
        seen.append(cursor.shape() if cursor is not None else None)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(pharmacy.CompoundingRecords, "release", watched)
    page.save_record()
    assert page.record is not None
    assert seen == [Qt.CursorShape.WaitCursor]
    assert QGuiApplication.overrideCursor() is None

    def failing(self: Any, *args: Any, **kwargs: Any) -> Any:
        raise LdnError("Nothing was saved: the disk is full.")

    errors: list[str] = []
    monkeypatch.setattr(pharmacy.CompoundingRecords, "release", failing)
    monkeypatch.setattr(messages, "show_error", lambda parent, error: errors.append(str(error)))
    page.new_batch()
    fill_tv1_with_people(page)
    page.save_record()
    assert errors == ["Nothing was saved: the disk is full."]
    assert QGuiApplication.overrideCursor() is None


def test_a_released_records_date_looks_as_read_only_as_its_other_fields(
    qtbot: Any, app_context: Any
) -> None:
    """The released record's text fields take the window's colour; the compounding date (a
    date editor, not a line edit) stayed white and looked editable although it refused keys."""
    from PySide6.QtGui import QColor, QPalette

    page = make_page(qtbot, app_context)
    page.resize(1100, 800)
    fill_tv1_with_people(page)
    page.save_record()
    assert page.record is not None
    date, strength = page.form.date, page.form.fields["strength"].editor
    assert date.isReadOnly() and strength.isReadOnly()
    window = page.palette().color(QPalette.ColorRole.Window)

    def inside(widget: Any) -> Any:
        """The widget's background: the colour most of its pixels have."""
        from collections import Counter

        image = widget.grab().toImage()
        pixels = Counter(
            image.pixel(x, y) for x in range(image.width()) for y in range(image.height())
        )
        return QColor(pixels.most_common(1)[0][0])

    assert inside(strength) == window  # the line edits, as before
    assert inside(date) == window
    page.new_batch()  # editable again: the date is white again, like the other fields
    assert not date.isReadOnly()
    assert inside(date) == inside(strength) != window


def test_a_record_dated_after_today_is_refused_under_the_date(
    qtbot: Any, app_context: Any, store: Any
) -> None:
    """Same rule as the CLI (core ``check_release_date``): the message is under the date field,
    nothing is saved, and it goes once the date is changed; today's date then releases."""
    from datetime import date, timedelta

    from PySide6.QtCore import QDate

    page = make_page(qtbot, app_context)
    fill_tv1_with_people(page)
    ahead = date.today() + timedelta(days=365)
    page.form.date.setDate(QDate(ahead.year, ahead.month, ahead.day))
    page.calculate()
    assert page.results.result is not None  # a batch dated ahead is calculated (planning)
    page.save_record()
    assert page.record is None and not store.exists("pharmacy.json")
    error = page.form.date_row.error
    assert error.isVisibleTo(page) and "is after today" in error.text()
    page.form.date.setDate(QDate.currentDate())
    assert not error.isVisibleTo(page)
    page.save_record()
    assert page.record is not None and page.record.draft.compounded_on == date.today()


def test_liquid_record_dated_after_today_is_refused_under_the_date(
    qtbot: Any, app_context: Any, store: Any
) -> None:
    from datetime import date, timedelta

    from PySide6.QtCore import QDate

    page = make_page(qtbot, app_context)
    page.form_tabs.setCurrentIndex(1)
    page.liquid_form.fields["volume"].set_text("50 mL")
    page.record_box.preparer.set_text("AB")
    page.record_box.checker.set_text("CD")
    ahead = date.today() + timedelta(days=1)
    page.liquid_form.date.setDate(QDate(ahead.year, ahead.month, ahead.day))
    page.save_record()
    assert page.record is None and not store.exists("pharmacy.json")
    assert "is after today" in page.liquid_form.date_row.error.text()

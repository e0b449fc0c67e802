"""The compounding records list: searched as the user types, however many records there are.

Found on 3 Dec 2026 with 2,000 records (a busy pharmacy's year or two): one key in the search field
took over 5 minutes (200 records: 6.4 s). Each key rebuilt a table widget item for every cell,
each cell made its table re-fit every column to every row, and each row's status looked through
every record. The list is now a view over a model: a key asks for the text of the rows in view.
Work is counted here, not timed (``benchmarks/``, row 19, times it).
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from ldn_desktop.core.compounding.record import CompoundingRecord
from ldn_desktop.ui.compounding.records_panel import COLUMNS, RecordsModel, RecordsPanel
from tests.storage.test_pharmacy_records import draft

MANY = 2000


@pytest.fixture(scope="module")
def records() -> list[CompoundingRecord]:
    """``MANY`` records over several years, a few of them corrections of an earlier one."""
    base = CompoundingRecord(
        lot="20220101-01",
        created_at=datetime(2022, 1, 1, 9, 0).astimezone(),
        draft=draft(date(2022, 1, 1)),
    )
    made = []
    for number in range(MANY):
        day = date(2022, 1, 1) + timedelta(days=number // 3)
        lot = f"{day:%Y%m%d}-{number % 3 + 1:02d}"
        corrects = made[number - 3].lot if number % 500 == 499 else None
        made.append(
            dataclasses.replace(
                base,
                lot=lot,
                draft=dataclasses.replace(base.draft, compounded_on=day),
                replaces=corrects,
                correction_reason="typo in the lot of the filler" if corrects else "",
            )
        )
    return made


def _count_model_calls(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    calls = {"data": 0, "cells": 0}
    data, cells = RecordsModel.data, RecordsModel.cells

    def counted_data(self: RecordsModel, *args: Any) -> object:
        calls["data"] += 1
        return data(self, *args)

    def counted_cells(self: RecordsModel, record: CompoundingRecord) -> tuple[str, ...]:
        calls["cells"] += 1
        return cells(self, record)

    monkeypatch.setattr(RecordsModel, "data", counted_data)
    monkeypatch.setattr(RecordsModel, "cells", counted_cells)
    return calls


def test_a_key_in_the_search_asks_only_for_the_rows_in_view(
    qtbot: Any, records: list[CompoundingRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = RecordsPanel()
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_records(records)
    calls = _count_model_calls(monkeypatch)
    for key in "202":
        qtbot.keyClick(panel.search, key)
        qtbot.wait(1)  # the view lays out and paints the rows in view
    assert len(panel.visible_lots()) == MANY  # every lot starts with 202
    # ~20 rows in view: a few hundred cells per key, never one per record
    assert calls["cells"] < MANY, calls


def test_search_status_and_opening_are_those_of_the_records(
    qtbot: Any, records: list[CompoundingRecord]
) -> None:
    panel = RecordsPanel()
    qtbot.addWidget(panel)
    panel.set_records(records)
    corrected = records[499].replaces
    assert corrected is not None
    panel.search.setText(corrected)
    shown = panel.visible_lots()
    assert corrected in shown
    row = shown.index(corrected)
    status = panel.model.index(row, COLUMNS.index("Status")).data()
    assert status == f"replaced by {records[499].lot}"
    panel.search.setText(records[499].lot)
    row = panel.visible_lots().index(records[499].lot)
    assert panel.model.index(row, COLUMNS.index("Status")).data() == f"corrects {corrected}"
    panel.search.setText("2023-05")  # newest first, every one of that month
    expected = sorted(
        (r for r in records if r.draft.compounded_on.isoformat().startswith("2023-05")),
        key=lambda r: (r.draft.compounded_on, r.lot),
        reverse=True,
    )
    assert panel.visible_lots() == [r.lot for r in expected]
    opened: list[str] = []
    panel.opened.connect(opened.append)
    panel.table.selectRow(2)
    panel.open_button.click()
    assert opened == [expected[2].lot]
    panel.search.setText("no such record")
    assert panel.visible_lots() == []
    panel.open_button.click()  # nothing selected: nothing opened
    assert opened == [expected[2].lot]


def test_a_hidden_list_asks_for_no_rows_and_fits_its_columns_when_shown(
    qtbot: Any, records: list[CompoundingRecord], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The Compounding page opens on its calculator, with the records list on another tab.

    Qt fits a column to every row of a table that is not visible (``QTableView::
    sizeHintForColumn``): opening the page and showing a released record read-only (its style
    sheet re-lays out the page) each asked for all 2,000 rows, ~0.4 s and ~0.8 s (3 Dec 2026)."""
    from PySide6.QtWidgets import QLabel, QTabWidget

    tabs = QTabWidget()
    qtbot.addWidget(tabs)
    tabs.addTab(QLabel("calculator"), "Calculation")
    panel = RecordsPanel()
    tabs.addTab(panel, "Records")
    tabs.resize(900, 500)
    tabs.show()
    qtbot.waitExposed(tabs)
    calls = _count_model_calls(monkeypatch)
    panel.set_records(records)
    qtbot.wait(1)
    tabs.setStyleSheet('QLineEdit[readOnly="true"] { background: #eee; }')
    qtbot.wait(1)
    assert calls["cells"] == 0, calls  # nothing of the list is drawn

    tabs.setCurrentIndex(1)
    qtbot.waitUntil(lambda: calls["cells"] > 0)
    qtbot.wait(1)
    assert calls["cells"] < MANY, calls  # the rows in view
    header = panel.table.horizontalHeader()
    title = panel.model.index(0, COLUMNS.index("Preparation")).data()
    shown = panel.table.fontMetrics().horizontalAdvance(title)
    assert header.sectionSize(COLUMNS.index("Preparation")) >= shown  # fitted, not elided
    lot_width = header.sectionSize(COLUMNS.index("Lot"))
    assert lot_width >= panel.table.fontMetrics().horizontalAdvance(records[0].lot)

    panel.search.setText("no such record")  # nothing found: the columns keep their widths
    assert panel.visible_lots() == []
    assert header.sectionSize(COLUMNS.index("Lot")) == lot_width

    # a record read while the list is in view, found by a search: its columns fitted at once
    long_name = "Maximiliane Wolkenstein-Rodenegg von Trostburg"
    newest = records[-1]
    named = dataclasses.replace(
        newest,
        lot=newest.lot[:-2] + "09",
        draft=dataclasses.replace(newest.draft, patient_name=long_name),
    )
    panel.set_records([*records, named])
    panel.search.setText("Wolkenstein")
    assert panel.visible_lots() == [named.lot]
    patient = header.sectionSize(COLUMNS.index("Patient"))
    assert patient >= panel.table.fontMetrics().horizontalAdvance(long_name)


def test_the_list_writes_doses_in_the_windows_notation(
    qtbot: Any, records: list[CompoundingRecord]
) -> None:
    """Under a decimal comma the list said 'Naltrexone HCl 4.5 mg capsules' beside the record's
    own '4,5 mg': its title and quantity follow the window (searching is unchanged)."""
    titles = {}
    for mark in (".", ","):
        panel = RecordsPanel(mark)
        qtbot.addWidget(panel)
        panel.set_records(records[:1])
        titles[mark] = panel.model.data(panel.model.index(0, COLUMNS.index("Preparation")))
    assert titles == {
        ".": "Naltrexone HCl 4.5 mg capsules",
        ",": "Naltrexone HCl 4,5 mg capsules",
    }


def test_the_release_confirmation_writes_amounts_in_the_windows_notation() -> None:
    """What the pharmacist signs is listed with the notation of the results beside it."""
    from ldn_desktop.ui.compounding.release_dialog import release_summary
    from tests.storage.test_pharmacy_records import draft as make_draft

    signed = make_draft(date(2026, 12, 4))
    point, comma = release_summary(signed), release_summary(signed, ",")
    assert "Naltrexone HCl 4.5 mg capsules" in point and "4,5 mg" not in point
    assert "Naltrexone HCl 4,5 mg capsules" in comma and "4.5 mg" not in comma
    assert comma.count("Weigh ") == point.count("Weigh ") >= 1
    assert "4 Dec 2026" in comma  # dates are not numbers with a mark

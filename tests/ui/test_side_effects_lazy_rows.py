"""A large log opens without building every entry; the table, filter, sort and chart range stay right."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from PySide6.QtCore import Qt

from ldn_desktop.core.side_effects import LogEntry
from ldn_desktop.core.units import Q_
from ldn_desktop.storage.stored_entries import night_span
from ldn_desktop.ui.side_effects.table_model import LOGGED, NIGHT, SEVERITY
from ldn_desktop.ui.side_effects_page import SideEffectsPage

COUNT = 3000


def _entries() -> list[LogEntry]:
    zones = [UTC, timezone(timedelta(hours=13)), timezone(timedelta(hours=-11, minutes=-30))]
    start = datetime(2020, 1, 1, 21, 0, tzinfo=UTC)
    return [
        LogEntry(
            f"n{i:05d}",
            (start + timedelta(hours=7 * i)).astimezone(zones[i % 3]),
            "headache" if i % 4 == 0 else "vivid dreams",
            1 + i % 10,
            dose=Q_(1.5 if i < 1500 else 3, "mg"),
        )
        for i in range(COUNT)
    ]


@pytest.fixture
def page(qtbot, app_context) -> SideEffectsPage:  # type: ignore[no-untyped-def]
    patient = app_context.patients.create("Ann Lee", None)
    from ldn_desktop.storage.side_effect_log import SideEffectLog

    SideEffectLog(app_context.store, patient.id).add(_entries())
    widget = SideEffectsPage(app_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    app_context.set_current_patient(patient.id)
    widget.set_patient(patient.id)
    qtbot.waitExposed(widget)
    return widget


def test_opening_builds_only_what_is_shown(page: SideEffectsPage) -> None:
    assert page.model.rowCount() == COUNT and page.proxy.rowCount() == COUNT
    assert page.model._stored.built() < 200  # the rows on screen, not 3,000


def test_rows_are_in_the_same_order_as_sorting_built_entries(page: SideEffectsPage) -> None:
    entries = _entries()
    newest_first = sorted(
        sorted(entries, key=lambda e: (e.at, e.id)), key=lambda e: e.at, reverse=True
    )
    assert [page.proxy.entry_at(r).id for r in range(5)] == [e.id for e in newest_first[:5]]
    page.table.sortByColumn(NIGHT, Qt.SortOrder.AscendingOrder)
    by_night = sorted(entries, key=lambda e: (e.night, e.at))
    assert [e.id for e in page.model.entries[:50]] == [e.id for e in by_night[:50]]
    page.table.sortByColumn(SEVERITY, Qt.SortOrder.DescendingOrder)
    assert page.proxy.data(page.proxy.index(0, SEVERITY)) == "10"
    page.table.sortByColumn(LOGGED, Qt.SortOrder.DescendingOrder)
    assert page.proxy.entry_at(0).id == newest_first[0].id


def test_filter_reads_symptoms_without_building(page: SideEffectsPage) -> None:
    page.filters.choose(symptom="headache")
    assert page.proxy.rowCount() == COUNT // 4
    assert {page.proxy.entry_at(r).symptom for r in range(20)} == {"headache"}
    assert page.model._stored.built() < 300


def test_chart_range_is_the_last_90_nights_of_the_log(page: SideEffectsPage) -> None:
    nights = [e.night for e in _entries()]
    assert page.chart.date_range()[1] == max(nights)
    assert night_span([e.at for e in _entries()]) == (min(nights), max(nights))
    page.chart.show_all()
    assert page.chart.date_range() == (min(nights), max(nights))


def test_added_and_deleted_rows(page: SideEffectsPage) -> None:
    new = LogEntry("zz", datetime(2030, 1, 1, 22, 0, tzinfo=UTC), "nausea", 2)
    page.model.add([new])
    assert page.model.rowCount() == COUNT + 1 and page.proxy.entry_at(0) == new
    page.model.remove([new, page.proxy.entry_at(1)])
    assert page.model.rowCount() == COUNT - 1 and page.model.row_of("zz") == -1


def test_filter_and_sort_together_then_clear(page: SideEffectsPage) -> None:
    page.filters.choose(symptom="headache")
    page.table.sortByColumn(SEVERITY, Qt.SortOrder.AscendingOrder)
    shown = [page.proxy.entry_at(r) for r in range(page.proxy.rowCount())]
    assert {e.symptom for e in shown} == {"headache"} and len(shown) == COUNT // 4
    assert [e.severity for e in shown] == sorted(e.severity for e in shown)
    assert page.filters.count.text() == f"{COUNT // 4:,} of {COUNT:,} entries"
    page.filters.choose()
    assert page.proxy.rowCount() == COUNT


def test_cells_answer_text_alignment_and_note_tooltip_roles(qapp) -> None:  # type: ignore[no-untyped-def]
    """``data`` compares roles as plain ints (a paint asks every cell for several roles): the
    roles the table shows are answered as before, the others not at all."""
    from ldn_desktop.ui.side_effects.table_model import NOTE, SLEEP, LogTableModel

    model = LogTableModel()
    noted = LogEntry("a1", datetime(2026, 3, 1, 22, 0, tzinfo=UTC), "headache", 4, note="woke <3>")
    plain = LogEntry("a2", datetime(2026, 3, 2, 22, 0, tzinfo=UTC), "headache", 2, sleep_hours=6.5)
    model.set_entries([noted, plain])
    rows = {model.entry_at(r).id: r for r in range(2)}
    role = Qt.ItemDataRole

    def cell(entry_id: str, column: int, asked: Qt.ItemDataRole) -> object:
        return model.data(model.index(rows[entry_id], column), asked)

    assert cell("a1", SEVERITY, role.DisplayRole) == "4" == cell("a1", SEVERITY, role.EditRole)
    assert cell("a2", SLEEP, role.DisplayRole) == "6.5"
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert cell("a1", SEVERITY, role.TextAlignmentRole) == right.value
    assert cell("a2", SLEEP, role.TextAlignmentRole) == right.value
    assert cell("a1", NOTE, role.TextAlignmentRole) is None  # left, as Qt's default
    assert cell("a1", NOTE, role.ToolTipRole) == "woke <3>"
    assert cell("a2", NOTE, role.ToolTipRole) is None  # no note, no empty tooltip
    assert cell("a1", SEVERITY, role.ToolTipRole) is None
    assert cell("a1", NOTE, role.DecorationRole) is None
    assert model.data(model.index(rows["a1"], NOTE), int(role.DisplayRole.value)) == "woke <3>"


def test_an_old_entry_s_cell_can_be_edited_whatever_an_untouched_field_holds(qapp) -> None:  # type: ignore[no-untyped-def]
    """The window's edit of one cell is checked on that cell (and what it goes with), as the
    command line's: a saved note with a control character does not block a severity fix."""
    from ldn_desktop.ui.side_effects.table_model import LogTableModel

    model = LogTableModel()
    old = LogEntry("e2abcdefgh", datetime(2025, 3, 2, 22, 0, tzinfo=UTC), "headache", 3,
                   dose=Q_(6, "mg"), note="woke \x1b[31mearly")  # fmt: skip
    model.set_entries([old])
    asked: list[tuple[LogEntry, LogEntry]] = []
    refused: list[str] = []
    model.edit_requested.connect(lambda a, b: asked.append((a, b)))
    model.edit_refused.connect(refused.append)
    assert model.setData(model.index(0, SEVERITY), "5", Qt.ItemDataRole.EditRole), refused
    assert asked[0][1].severity == 5 and asked[0][1].note == old.note
    assert asked[0][1].dose == old.dose

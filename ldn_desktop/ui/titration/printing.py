"""Print preview, PDF, .ics and CSV of the Titration page's plan."""

from __future__ import annotations

import calendar
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLocale

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.titration import (
    ScheduledDay,
    build_schedule,
    check_start_after_washout,
    schedule_csv,
    schedule_ics,
)
from ldn_desktop.reports.render_titration import CalendarHeader, render_calendar
from ldn_desktop.storage.atomic import write_export
from ldn_desktop.ui import messages

# ``reports.printing`` is imported where it prints: it loads QtPrintSupport and its page sizes,
# ~12 ms of the page's first opening otherwise (issue 14)

if TYPE_CHECKING:
    from ldn_desktop.ui.titration_page import TitrationPage


def last_day_of_months(start: date, months: int) -> date:
    """The last day of the ``months``-th calendar month counted from ``start``'s month."""
    index = start.year * 12 + start.month - 1 + months - 1
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


class TitrationPrinting:
    """What the page prints and exports; every file dialog goes through ``page.ask_save_path``."""

    def __init__(self, page: TitrationPage) -> None:
        self.page = page

    def print_days(self) -> tuple[ScheduledDay, ...]:
        plan = self.page.plan
        if plan is None:
            return ()
        return build_schedule(plan, last_day_of_months(plan.start, self.page.months.value()))

    def html(self) -> str:
        page = self.page
        assert page.plan is not None
        header = CalendarHeader.from_settings(
            page.context.settings(), page.patient_name, page.patient_id or ""
        )
        first_weekday = (QLocale().firstDayOfWeek().value - 1) % 7  # Qt: Monday = 1
        return render_calendar(
            page.plan,
            self.print_days(),
            replace(header, plan_author=page.plan_author()),
            first_weekday=first_weekday,
            dispensing=page.dispensing.dispensing,
            pharmacist_copy=page.pharmacist_copy.isChecked(),
            decimal_mark=page.context.decimal_mark,
        )

    def _suggested(self, suffix: str) -> str:
        page = self.page
        who = page.patient_id or "plan"
        start = page.plan.start.isoformat() if page.plan else ""
        return f"titration-{who}-{start}{suffix}"

    def _printable(self) -> bool:
        """A plan that may go on paper or into a file: not one starting before the washout's
        earliest start without a recorded reason (core ``check_start_after_washout``, as
        ``schedule`` and saving); the reason is said under the start date."""
        page = self.page
        if page.plan is None:
            return False
        try:
            check_start_after_washout(page.plan, page.form.earliest)
        except InputError as exc:
            page.form.start_error.show_message(str(exc))
            page.form.start.setFocus()
            return False
        return True

    def copy_missing(self) -> bool:
        """True (and the user told why, the strengths focused) when the pharmacist copy is asked
        for but no dispensing can be worked out: the copy is never silently left out."""
        page = self.page
        if not page.pharmacist_copy.isChecked() or page.dispensing.dispensing is not None:
            return False
        messages.show_error(
            page,
            "The pharmacist copy needs the dispensing, and the dispensing cannot be worked out "
            "from the strengths or liquid entered. Correct them (see the message under the "
            "field), or untick Pharmacist copy to print the patient's calendar alone.",
            "Pharmacist copy",
        )
        page.dispensing.strengths.editor.setFocus()
        return True

    def preview(self) -> None:
        from ldn_desktop.reports import printing

        if not self._printable() or self.copy_missing():
            return
        printing.preview(
            self.page, self.html(), layout=printing.page_layout(), title="Titration calendar"
        )

    def export_pdf(self) -> Path | None:
        from ldn_desktop.reports import printing

        if not self._printable() or self.copy_missing():
            return None
        path = self.page.ask_save_path(
            "Export calendar as PDF", self._suggested(".pdf"), "PDF (*.pdf)"
        )
        if path is None:
            return None
        return self._write(
            path,
            lambda: printing.write_pdf(
                self.html(), path, layout=printing.page_layout(), title="Titration calendar"
            ),
        )

    def export_ics(self) -> Path | None:
        page = self.page
        if not self._printable() or page.plan is None:
            return None
        path = page.ask_save_path("Export iCalendar", self._suggested(".ics"), "iCalendar (*.ics)")
        if path is None:
            return None
        data = schedule_ics(
            page.plan,
            self.print_days(),
            patient_id=page.patient_id or "",
            patient_name=page.patient_name,
            reminders=page.reminders.isChecked(),
        )
        return self._write(path, lambda: write_export(path, data))

    def export_csv(self) -> Path | None:
        page = self.page
        if not self._printable() or page.plan is None:
            return None
        path = page.ask_save_path("Export CSV", self._suggested(".csv"), "CSV (*.csv)")
        if path is None:
            return None
        try:
            form = page.dispensing.form()
        except LdnError:
            form = None  # the panel shows why; the CSV still lists the doses
        text = schedule_csv(self.print_days(), form)
        return self._write(path, lambda: write_export(path, text))

    def _write(self, path: Path, action: object) -> Path | None:
        try:
            action()  # type: ignore[operator]
        except (OSError, LdnError) as exc:
            messages.show_error(self.page, f"Could not write {path.name}: {exc}")
            return None
        self.page.context.post_status(f"Saved {path}")
        return path

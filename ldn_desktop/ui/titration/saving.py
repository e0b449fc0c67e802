"""Saving the Titration page's plan as a new version, and changes from a date (hold, step back,
dose time) that are saved the same way: who and why are asked every time."""

from __future__ import annotations

import getpass
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from ldn_desktop.core.errors import InputError, LdnError
from ldn_desktop.core.settings_values import default_prescriber
from ldn_desktop.core.titration import (
    Change,
    Plan,
    check_start_after_washout,
    plan_author,
    plan_summary,
    start_decision_needed,
)
from ldn_desktop.storage.titration import load_versions, save_version
from ldn_desktop.ui import messages
from ldn_desktop.ui.titration.change_dialog import ChangeDialog
from ldn_desktop.ui.titration.start_reason import StartReasonDialog

if TYPE_CHECKING:
    from ldn_desktop.ui.titration_page import TitrationPage


def default_author(page: TitrationPage) -> str:
    """Who to suggest: the prescriber in Settings, else the login (core ``plan_author``)."""
    prescriber = default_prescriber(page.context.settings())
    return plan_author(None, prescriber.name, getpass.getuser())


class PlanVersions:
    """The page's save and change actions (the page owns the widgets)."""

    def __init__(self, page: TitrationPage) -> None:
        self.page = page

    def _default_by(self) -> str:
        return default_author(self.page)

    def save(self, change: Change | None = None) -> bool:
        """Append the plan on screen as a version; False if nothing was saved."""
        page = self.page
        if page.plan is None or page.patient_id is None:
            return False
        store = page.context.store
        try:
            versions = load_versions(store, page.patient_id)
        except LdnError as exc:
            messages.show_error(page, exc)
            return False
        if versions and versions[-1].plan == page.plan:
            page.status.setText(f"No changes since version {versions[-1].number}.")
            return False
        saved_start = versions[-1].plan.start if versions else None
        if start_decision_needed(page.plan, saved_start) and not self._start_accepted():
            return False
        if page.plan is None:
            return False
        if change is None:
            kind = "edit" if versions else "new"
            previous = versions[-1].plan if versions else None
            summary = plan_summary(page.plan, (), previous)  # adds a new start's reason
            change = Change(kind, summary, start=page.plan.start)
        try:
            check_start_after_washout(page.plan, page.form.earliest)
        except InputError as exc:
            page.form.start_error.show_message(str(exc))
            return False
        note = ChangeDialog.ask(
            page, change.summary, self._default_by(), reason_required=bool(versions)
        )
        if note is None:
            return False
        try:
            version = save_version(
                store, page.patient_id, page.plan, change, by=note.by, reason=note.reason
            )
        except InputError as exc:
            page.form.start_error.show_message(str(exc))
            return False
        except LdnError as exc:
            messages.show_error(page, exc)
            return False
        page.history.set_versions(load_versions(store, page.patient_id))
        page.context.post_status(f"Saved titration plan version {version.number}.")
        page.context.data_changed.emit(f"titration:{page.patient_id}")
        page.plan_saved.emit(page.patient_id)
        return True

    def _start_accepted(self) -> bool:
        """The start decision (core ``titration_start``) for a new plan or a new start: when it
        refuses, say why next to the start date and ask for the reason to save anyway."""
        page = self.page
        try:
            decision = page.form.start_decision()
        except InputError as exc:
            page.form.start_error.show_message(str(exc))
            return False
        if decision.can_save:
            return True
        page.form.start_error.show_message(decision.refusal())
        reason = StartReasonDialog.ask(page, decision)
        if reason is None:
            return False
        page.form.override.setText(reason)  # the plan is rebuilt with the reason
        page.form.start_error.clear_message()  # the note under the date says "reason recorded"
        return page.plan is not None and page.plan.start_override_reason == reason

    def apply_change(self, function: object, day: date, value: object) -> None:
        """Apply a core change function from ``day``; undone on screen if saving is cancelled."""
        page = self.page
        if page.plan is None:
            return
        change_function: Callable[..., tuple[Plan, Change]] = function  # type: ignore[assignment]
        try:
            new_plan, change = change_function(page.plan, day, value)
        except InputError as exc:
            page.status.setText(f"⚠ {exc}")
            return
        previous: Any = page.plan
        page.form.load(new_plan)
        saving = page.patient_id is not None and not page.context.read_only
        saving = saving and not page.unreadable
        if saving and not self.save(change):
            page.form.load(previous)
            return
        page.status.setText(change.summary + ".")

"""Edit > Undo / Redo for the plan inputs: every change of the form is one undoable step.

The main window puts the page's ``undo_stack`` into its undo group. A snapshot of the inputs is
taken after each edit; undo puts the previous snapshot back. Typing in one text field merges into
one step, so undo does not go back a character at a time. Saved versions are never undone (they
are history); undo only changes what is on screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtGui import QUndoCommand, QUndoStack

from ldn_desktop.core.titration import DoseTimeChange, Step
from ldn_desktop.ui.titration.plan_form import PlanForm

MERGE_ID = 0x7174


@dataclass(frozen=True)
class FormState:
    protocol: int
    target: str
    start: date
    dose_time: int
    override: str
    steps: tuple[Step, ...]
    dose_time_changes: tuple[DoseTimeChange, ...]

    @classmethod
    def of(cls, form: PlanForm) -> FormState:
        return cls(
            form.protocol.currentIndex(),
            form.target.text(),
            form.start_date(),
            form.dose_time.currentIndex(),
            form.override.text(),
            form.model.steps(),
            form.dose_time_changes,
        )

    def text_only_change(self, other: FormState) -> bool:
        same = (self.protocol, self.start, self.dose_time, self.dose_time_changes)
        return same == (other.protocol, other.start, other.dose_time, other.dose_time_changes)

    def restore(self, form: PlanForm) -> None:
        widgets = (form.protocol, form.start, form.dose_time, form.override, form.target.editor)
        for widget in widgets:
            widget.blockSignals(True)
        form.protocol.setCurrentIndex(self.protocol)
        form.target.set_text(self.target)
        form.set_start_date(self.start)
        form.dose_time.setCurrentIndex(self.dose_time)
        form.override.setText(self.override)
        form.dose_time_changes = self.dose_time_changes
        form.model.set_steps(self.steps, self.start)
        for widget in widgets:
            widget.blockSignals(False)
        form.update_washout_note()
        form.edited.emit()


class FormEdit(QUndoCommand):
    """From one snapshot of the inputs to the next."""

    def __init__(self, history: FormHistory, before: FormState, after: FormState) -> None:
        super().__init__("Change the titration plan")
        self.history = history
        self.before = before
        self.after = after
        self._first = True

    def id(self) -> int:
        return MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, FormEdit):
            return False
        typing = self.before.text_only_change(self.after) and self.after.text_only_change(
            other.after
        )
        same_steps = self.after.steps == other.before.steps
        if typing and same_steps and self.after.steps == other.after.steps:
            self.after = other.after
            return True
        return False

    def redo(self) -> None:
        if self._first:  # the edit has already happened on screen
            self._first = False
            return
        self.history.apply(self.after)

    def undo(self) -> None:
        self.history.apply(self.before)


class FormHistory:
    """Watches the form and records its edits on ``stack``."""

    def __init__(self, form: PlanForm, stack: QUndoStack) -> None:
        self.form = form
        self.stack = stack
        self.current = FormState.of(form)
        self._restoring = False
        form.edited.connect(self.record)

    def record(self) -> None:
        if self._restoring:
            return
        state = FormState.of(self.form)
        if state == self.current:
            return
        self.stack.push(FormEdit(self, self.current, state))
        self.current = state

    def reset(self) -> None:
        """Forget the history (another patient's plan is on screen)."""
        self.stack.clear()
        self.current = FormState.of(self.form)

    def apply(self, state: FormState) -> None:
        self._restoring = True
        try:
            state.restore(self.form)
        finally:
            self._restoring = False
        self.current = state

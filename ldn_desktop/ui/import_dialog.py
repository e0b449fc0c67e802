"""The question an import asks when the archive differs from the data here."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.words import counted, grouped
from ldn_desktop.storage.archive_import import ImportPlan


class ConflictChoice(Enum):
    KEEP_CURRENT = "keep-current"
    KEEP_BOTH = "keep-both"


class ImportConflictDialog(QDialog):
    """Lists the conflicting documents; the user keeps the current data, keeps both, or cancels."""

    def __init__(self, parent: QWidget | None, plan: ImportPlan, decimal_mark: str = ".") -> None:
        super().__init__(parent)
        self.setWindowTitle("Import: some data differs")
        self.choice: ConflictChoice | None = None
        patients = len(plan.conflicting_patients)
        others = len(plan.conflicts) - sum(
            1 for rel, _ in plan.conflicts if rel.startswith("patients/")
        )
        mark = decimal_mark  # counts grouped so as not to read as decimals
        text = (
            f"<p>New, to be added: {counted(len(plan.add), 'document', decimal_mark=mark)}; "
            f"already here: {grouped(len(plan.identical), mark)}.</p>"
            "<p><b>Differing from the ones here: "
            f"{counted(len(plan.conflicts), 'document', decimal_mark=mark)}.</b> "
            "Nothing here is overwritten.</p>"
            "<p><b>Keep both</b> imports each differing patient as a new patient, marked "
            "“(imported)”, next to the one here"
            + (
                f"; the other differing {counted(others, 'document', decimal_mark=mark)} "
                f"{'keeps its' if others == 1 else 'keep their'} current version"
                if others
                else ""
            )
            + ".<br><b>Keep current</b> adds only what is new.</p>"
        )
        label = QLabel(text)
        label.setWordWrap(True)
        listing = QListWidget()
        listing.setAccessibleName("Differing documents")
        listing.addItems([rel for rel, _ in plan.conflicts])
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        copies = "patient as a copy" if patients == 1 else "patients as copies"
        self.keep_both = QPushButton(f"Keep &both ({grouped(patients, mark)} {copies})")
        self.keep_current = QPushButton("Keep &current")
        self.keep_both.setEnabled(patients > 0)
        buttons.addButton(self.keep_both, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.keep_current, QDialogButtonBox.ButtonRole.AcceptRole)
        self.keep_current.setDefault(True)
        self.keep_both.clicked.connect(lambda: self._choose(ConflictChoice.KEEP_BOTH))
        self.keep_current.clicked.connect(lambda: self._choose(ConflictChoice.KEEP_CURRENT))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(listing)
        layout.addWidget(buttons)
        self.resize(560, 380)

    def _choose(self, choice: ConflictChoice) -> None:
        self.choice = choice
        self.accept()

    @classmethod
    def ask(
        cls, parent: QWidget | None, plan: ImportPlan, decimal_mark: str = "."
    ) -> ConflictChoice | None:
        dialog = cls(parent, plan, decimal_mark)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.choice
        return None

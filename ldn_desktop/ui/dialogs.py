"""Small dialogs, each with an ``ask()`` classmethod returning a typed result or None."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop import __version__
from ldn_desktop.core.dates import format_day
from ldn_desktop.core.errors import InputError
from ldn_desktop.core.patients import parse_birth_date, validate_patient_name
from ldn_desktop.ui.plain_text import rich
from ldn_desktop.ui.widgets import ValidatedField

DISCLAIMER = (
    "LDN Desktop is decision support for licensed professionals (pharmacists and prescribers) "
    "and a diary for their patients. It does not replace clinical judgement. Every number it "
    "shows or prints must be checked by a qualified person before it is used. The reference "
    "tables it uses carry their sources and review dates; some rules are marked as not yet "
    "verified against the official texts."
)


@dataclass(frozen=True)
class PatientDetails:
    name: str
    birth_date: date | None


class PatientDialog(QDialog):
    """Name and (optional) birth date of a new or renamed patient."""

    def __init__(
        self,
        parent: QWidget | None,
        title: str,
        name: str = "",
        birth_date: date | None = None,
        *,
        ask_birth_date: bool = True,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.name_field = ValidatedField(QLineEdit(name), validate_patient_name)
        self.name_field.editor.setAccessibleName("Patient name")
        self.birth_field = ValidatedField(
            QLineEdit(format_day(birth_date) if birth_date else ""), parse_birth_date
        )
        self.birth_field.editor.setPlaceholderText("e.g. 2 Jan 1970 or 1970-01-02 (optional)")
        self.birth_field.editor.setAccessibleName("Birth date")
        form = QFormLayout()
        form.addRow("&Name:", self.name_field)
        if ask_birth_date:
            form.addRow("&Birth date:", self.birth_field)
        else:
            self.birth_field.hide()
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.button_box.accepted.connect(self._on_accepted)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.button_box)
        self.details: PatientDetails | None = None

    def _on_accepted(self) -> None:
        try:
            name = self.name_field.value()
            birth = self.birth_field.value()
        except InputError:
            return
        self.details = PatientDetails(name, birth)
        self.accept()

    @classmethod
    def ask(
        cls,
        parent: QWidget | None,
        title: str = "New patient",
        name: str = "",
        birth_date: date | None = None,
        *,
        ask_birth_date: bool = True,
    ) -> PatientDetails | None:
        dialog = cls(parent, title, name, birth_date, ask_birth_date=ask_birth_date)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.details
        return None


class DisclaimerDialog(QDialog):
    """Shown on first run until the user confirms they have read it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Before you start")
        text = QLabel(f"<p><b>Decision support only.</b></p><p>{DISCLAIMER}</p>")
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.understood = QCheckBox("I have read this and will check every number.")
        self.button_box = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Continue")
        ok.setEnabled(False)
        self.understood.toggled.connect(ok.setEnabled)
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.understood)
        layout.addWidget(self.button_box)
        self.resize(520, 260)

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool:
        return cls(parent).exec() == QDialog.DialogCode.Accepted


class AboutDialog(QDialog):
    """Version, data location and the disclaimer."""

    def __init__(self, parent: QWidget | None, data_dir: Path) -> None:
        super().__init__(parent)
        self.setWindowTitle("About LDN Desktop")
        text = rich(QLabel())
        text.setText(
            f"<h3>LDN Desktop {__version__}</h3>"
            "<p>Low-dose naltrexone: compounding calculator, opioid washout checker, titration "
            "calendar and side-effect log.</p>"
            f"<p><b>Data folder:</b> {escape(str(data_dir))}</p><p>{DISCLAIMER}</p>"
        )
        text.setWordWrap(True)
        text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.button_box.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addWidget(self.button_box)
        self.resize(520, 320)

    @classmethod
    def ask(cls, parent: QWidget | None, data_dir: Path) -> None:
        cls(parent, data_dir).exec()

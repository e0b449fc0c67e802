"""The Settings page's data section: folder, backups, restore, export and import of all data.

Archive work runs on a worker thread (``archive_worker``) with a progress bar; the window stays
usable. Restoring asks first and keeps the current data as a safety archive; importing never
overwrites and asks what to do when the archive differs from the data here.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QWidget,
)

from ldn_desktop.core.dates import format_moment
from ldn_desktop.core.words import counted, grouped
from ldn_desktop.storage.archive import ExportResult, export_archive as write_export
from ldn_desktop.storage.archive_import import ImportPlan, apply_import, plan_import
from ldn_desktop.storage.backup import (
    default_backup_dir,
    list_backups,
    make_backup,
    restore_backup,
)
from ldn_desktop.storage.patients import PatientRepository
from ldn_desktop.storage.recovery import (
    RecoveredDocument,
    damaged_documents,
    recover_document,
)
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.archive_worker import JobBox
from ldn_desktop.ui.import_dialog import ConflictChoice, ImportConflictDialog
from ldn_desktop.ui.plain_text import plain
from ldn_desktop.ui.recover_dialog import RecoverDocumentDialog

BACKUP_DIR_KEY = "data/backup_dir"
ARCHIVE_FILTER = "LDN Desktop archives (*.zip)"


class DataSection(JobBox):
    """Signals: job_finished(str: the message shown), data_replaced() after import or restore."""

    data_replaced = Signal()

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__("Data and backups", context, parent)
        self.folder_label = _path_label(str(context.store.root), "Data folder")
        self.backup_label = _path_label("", "Backup folder")
        self.last_backup = plain(QLabel())  # a backup's file name
        self.open_button = QPushButton("&Open folder")
        self.change_button = QPushButton("&Change…")
        self.change_button.setToolTip("Choose where backups are written")
        self.backup_button = QPushButton("&Back up now")
        self.restore_button = QPushButton("&Restore from a backup…")
        self.export_button = QPushButton("E&xport all data…")
        self.import_button = QPushButton("&Import…")
        self.recover_button = QPushButton("Recover a doc&ument…")
        self.recover_button.setToolTip("Put a damaged document back from its newest valid backup")
        self.empty_trash_button = QPushButton("Empty the tr&ash…")
        self.empty_trash_button.setToolTip(
            "Delete deleted patients for good, with the earlier versions of their documents"
        )
        self._layout()
        self.open_button.clicked.connect(self.open_data_folder)
        self.change_button.clicked.connect(lambda: self.choose_backup_dir())
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button.clicked.connect(lambda: self.restore_from())
        self.export_button.clicked.connect(lambda: self.export_all())
        self.import_button.clicked.connect(lambda: self.import_from())
        self.recover_button.clicked.connect(self.recover_document)
        self.empty_trash_button.clicked.connect(self.empty_trash)
        if context.read_only:
            for button in self._writing_buttons():
                button.setEnabled(False)
                button.setToolTip("The data is open read-only")
        self._show_backup_dir()

    def _layout(self) -> None:
        grid = QGridLayout(self)
        # in the page's label column (SettingsPage: align_form_labels)
        self.row_labels = (QLabel("Data folder:"), QLabel("Backups go to:"))
        grid.addWidget(self.row_labels[0], 0, 0)
        grid.addWidget(self.folder_label, 0, 1)
        grid.addWidget(self.open_button, 0, 2)
        grid.addWidget(self.row_labels[1], 1, 0)
        grid.addWidget(self.backup_label, 1, 1)
        grid.addWidget(self.change_button, 1, 2)
        grid.addWidget(self.last_backup, 2, 1, 1, 2)
        row = QHBoxLayout()
        for button in (
            self.backup_button,
            self.restore_button,
            self.export_button,
            self.import_button,
            self.recover_button,
            self.empty_trash_button,
        ):
            row.addWidget(button)
        row.addStretch(1)
        grid.addLayout(row, 3, 0, 1, 3)
        grid.addWidget(self.progress, 4, 0, 1, 3)
        grid.addWidget(self.status, 5, 0, 1, 3)
        grid.setColumnStretch(1, 1)

    # -- folders -----------------------------------------------------------------------------

    def backup_dir(self) -> Path:
        saved = QSettings().value(BACKUP_DIR_KEY, "")
        return Path(str(saved)) if saved else default_backup_dir(self.context.store.root)

    def _show_backup_dir(self) -> None:
        folder = self.backup_dir()
        self.backup_label.setText(str(folder))
        found = list_backups(folder)
        if found:
            when = format_moment(datetime.fromtimestamp(found[0].stat().st_mtime))
            self.last_backup.setText(
                f"Latest: {found[0].name} ({when}); "
                f"{grouped(len(found), self.context.decimal_mark)} in all"
            )
        else:
            self.last_backup.setText("No backup yet.")

    def open_data_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.context.store.root)))

    def choose_backup_dir(self, folder: Path | None = None) -> None:
        if folder is None:
            chosen = QFileDialog.getExistingDirectory(
                self, "Where should backups go?", str(self.backup_dir())
            )
            if not chosen:
                return
            folder = Path(chosen)
        data = self.context.store.root.resolve()
        if folder.resolve() == data or data in folder.resolve().parents:
            messages.show_error(self, "Backups cannot go inside the data folder.")
            return
        QSettings().setValue(BACKUP_DIR_KEY, str(folder))
        self._show_backup_dir()

    # -- actions -----------------------------------------------------------------------------

    def back_up_now(self) -> None:
        root, folder = self.context.store.root, self.backup_dir()
        self._run(
            "Backing up…",
            lambda progress: make_backup(root, folder, progress=progress),
            _describe_backup,
        )

    def restore_from(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Restore from a backup", str(self.backup_dir()), ARCHIVE_FILTER
            )
            if not chosen:
                return
            path = Path(chosen)
        question = (
            f"Replace all data with the backup {path.name}?\n\n"
            f"The current data is saved first as a safety archive in {self.backup_dir()}; "
            "the backup is checked completely before anything changes."
        )
        if not messages.confirm(self, "Restore from a backup", question, destructive=True):
            return
        store, folder = self.context.store, self.backup_dir()
        self._run(
            "Restoring…",
            lambda progress: restore_backup(store, path, safety_dir=folder, progress=progress),
            self._restored,
        )

    def export_all(self, path: Path | None = None) -> None:
        if path is None:
            suggested = Path.home() / f"ldn-desktop-export-{datetime.now():%Y%m%d}.zip"
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export all data", str(suggested), ARCHIVE_FILTER
            )
            if not chosen:
                return
            path = Path(chosen if chosen.endswith(".zip") else chosen + ".zip")
        root = self.context.store.root
        self._run(
            "Exporting…",
            lambda progress: write_export(root, path, progress=progress),
            lambda result: _describe_export(result, self.context.decimal_mark),
        )

    def import_from(self, path: Path | None = None) -> None:
        if path is None:
            chosen, _ = QFileDialog.getOpenFileName(
                self, "Import data", str(Path.home()), ARCHIVE_FILTER
            )
            if not chosen:
                return
            path = Path(chosen)
        root = self.context.store.root
        self._run("Checking the archive…", lambda _progress: plan_import(root, path), self._planned)

    def recover_document(self) -> None:
        """Choose a damaged document and put it back from its newest valid backup."""
        store = self.context.store
        damaged = damaged_documents(store)
        if not damaged:
            messages.inform(self, "No damaged documents: there is nothing to recover.")
            return
        chosen = RecoverDocumentDialog.ask(self, damaged)
        if chosen is None:
            return
        self._run(
            "Recovering…",
            lambda _progress: recover_document(store, chosen.rel, chosen.backup),
            self._recovered,
        )

    def empty_trash(self) -> None:
        """Delete the trash for good (asks first), as ``patient empty-trash`` does."""
        question = (
            "Delete the trash for good?\n\nPatients deleted earlier, and the earlier versions "
            "of their documents, cannot be recovered afterwards."
        )
        if not messages.confirm(self, "Empty the trash", question, destructive=True):
            return
        repository = PatientRepository(self.context.store)
        self._run(
            "Emptying the trash…",
            lambda _p: repository.empty_trash(),
            lambda emptied: emptied.summary(self.context.decimal_mark),
        )

    def _recovered(self, recovered: RecoveredDocument) -> str:
        self.data_replaced.emit()
        return recovered.summary()

    def _planned(self, plan: ImportPlan) -> str:
        keep_both = False
        if plan.conflicts:
            choice = ImportConflictDialog.ask(self, plan, self.context.decimal_mark)
            if choice is None:
                return "Import cancelled; nothing was changed."
            keep_both = choice is ConflictChoice.KEEP_BOTH
        elif not plan.add:
            return (
                "Nothing to import: every document in it is already here "
                f"({counted(len(plan.identical), 'document', decimal_mark=self.context.decimal_mark)})."
            )
        store = self.context.store
        self._run(
            "Importing…",
            lambda progress: apply_import(store, plan, keep_both=keep_both, progress=progress),
            self._imported,
        )
        return ""

    def _imported(self, report: Any) -> str:
        summary = str(report.summary(self.context.decimal_mark))
        self.data_replaced.emit()
        messages.inform(self, summary, "Import finished")
        return summary

    def _restored(self, report: Any) -> str:
        summary = str(report.summary(self.context.decimal_mark))
        self.data_replaced.emit()
        messages.inform(self, summary, "Restore finished")
        return summary

    # -- the worker ----------------------------------------------------------------------------

    def _writing_buttons(self) -> tuple[QPushButton, ...]:
        return (
            self.restore_button,
            self.import_button,
            self.recover_button,
            self.empty_trash_button,
        )

    def _set_buttons(self, idle: bool) -> None:
        for button in (self.backup_button, self.export_button, self.change_button):
            button.setEnabled(idle)
        for button in self._writing_buttons():
            button.setEnabled(idle and not self.context.read_only)

    def _after_job(self) -> None:
        self._show_backup_dir()


def _path_label(text: str, name: str) -> QLabel:
    label = plain(QLabel(text))  # a folder's name as it is
    label.setAccessibleName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(
        Qt.TextInteractionFlag.TextSelectableByMouse
        | Qt.TextInteractionFlag.TextSelectableByKeyboard
    )
    return label


def _describe_export(result: ExportResult, decimal_mark: str = ".") -> str:
    damaged = counted(len(result.left_out), "damaged document", decimal_mark=decimal_mark)
    left_out = f" ({damaged} left out)" if result.left_out else ""
    documents = counted(result.documents, "document", decimal_mark=decimal_mark)
    return f"Exported {documents} to {result.path}{left_out}."


def _describe_backup(result: ExportResult) -> str:
    """The path, then one line per file the backup could not read (the CLI's stderr lines)."""
    return "\n".join([f"Backup written: {result.path}", *result.warnings()])

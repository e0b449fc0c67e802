"""Long data work (archives, backups, restores) on a worker thread, reported through signals;
``JobBox`` is a group box that runs its buttons' work there, one job at a time.

The job's callable gets a ``progress(done, total)`` function; its result or error comes back on
the GUI thread (queued signals). Expected errors (LdnError, OSError) arrive as ``failed(str)``;
anything else goes to the program's excepthook, which logs it and shows the crash dialog.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QGroupBox, QLabel, QProgressBar, QWidget

from ldn_desktop.core.errors import LdnError
from ldn_desktop.ui import messages
from ldn_desktop.ui.app_context import AppContext
from ldn_desktop.ui.plain_text import plain

Work = Callable[[Callable[[int, int], None]], Any]


class JobSignals(QObject):
    """progressed(done, total), succeeded(result), failed(message), crashed(exception)."""

    progressed = Signal(int, int)
    succeeded = Signal(object)
    failed = Signal(str)
    crashed = Signal(object)


class ArchiveJob(QRunnable):
    """Runs ``work(progress)`` on the global thread pool."""

    def __init__(self, work: Work) -> None:
        super().__init__()
        self.setAutoDelete(False)  # the owner keeps it until a result arrives
        self.signals = JobSignals()
        self._work = work

    def run(self) -> None:
        try:
            result = self._work(self.signals.progressed.emit)
        except (LdnError, OSError) as exc:
            self.signals.failed.emit(str(exc))
        except Exception as exc:
            self.signals.crashed.emit(exc)
        else:
            self.signals.succeeded.emit(result)


def start_job(
    work: Work,
    *,
    on_progress: Callable[[int, int], None],
    on_success: Callable[[Any], None],
    on_failure: Callable[[str], None],
    on_crash: Callable[[object], None],
) -> ArchiveJob:
    """Start ``work`` on a worker thread.

    The callbacks must be slots (bound methods) of a QObject living on the GUI thread: Qt then
    queues each call to that thread. A plain function would run on the worker thread.
    """
    job = ArchiveJob(work)
    job.signals.progressed.connect(on_progress)
    job.signals.succeeded.connect(on_success)
    job.signals.failed.connect(on_failure)
    job.signals.crashed.connect(on_crash)
    QThreadPool.globalInstance().start(job)
    return job


def report_crash(exc: object) -> None:
    """Hand an unexpected worker error to the excepthook (call on the GUI thread)."""
    if isinstance(exc, BaseException):
        sys.excepthook(type(exc), exc, exc.__traceback__)


class JobBox(QGroupBox):
    """A group of buttons whose work runs on a worker thread, one job at a time, with a
    progress bar and a status line. Signal: job_finished(str: the message shown).

    Subclasses enable their buttons in ``_set_buttons`` and refresh in ``_after_job``.
    """

    job_finished = Signal(str)

    def __init__(self, title: str, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.context = context
        self._job: ArchiveJob | None = None
        self._after: Callable[[Any], str] = str
        self.progress = QProgressBar()
        self.progress.setAccessibleName("Progress")
        self.progress.hide()
        self.status = plain(QLabel())  # paths and errors quoting them
        self.status.setWordWrap(True)
        self.status.hide()
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self._wait_for_job)

    def _set_buttons(self, idle: bool) -> None:
        """Enable the buttons when idle, disable them while a job runs."""

    def _after_job(self) -> None:
        """Refresh what a finished job may have changed."""

    def _wait_for_job(self) -> None:
        """Quitting waits for a running backup, import or restore: the data lock is held until
        the last document is written."""
        if self._job is not None:
            QThreadPool.globalInstance().waitForDone()

    @property
    def busy(self) -> bool:
        return self._job is not None

    def _run(self, label: str, work: Work, after: Callable[[Any], str]) -> None:
        if self.busy:
            return
        self._after = after
        self._set_busy(label)
        self._job = start_job(
            work,
            on_progress=self._on_progress,
            on_success=self._on_success,
            on_failure=self._on_failure,
            on_crash=self._on_crash,
        )

    def _set_busy(self, label: str | None) -> None:
        self._set_buttons(label is None)
        self.progress.setVisible(label is not None)
        self.progress.setRange(0, 0)  # busy until the first progress report
        if label:
            self.status.setText(label)
            self.status.show()

    @Slot(int, int)
    def _on_progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)

    @Slot(object)
    def _on_success(self, result: object) -> None:
        self._job = None
        self._set_busy(None)
        message = self._after(result)
        self._after_job()
        if message:  # "" when a follow-up job was started
            self._finish(message)

    @Slot(str)
    def _on_failure(self, message: str) -> None:
        self._job = None
        self._set_busy(None)
        messages.show_error(self, message)
        self._finish(message)

    @Slot(object)
    def _on_crash(self, exc: object) -> None:
        self._job = None
        self._set_busy(None)
        report_crash(exc)
        self._finish("The work stopped with an unexpected error.")

    def _finish(self, message: str) -> None:
        self.status.setText(message)
        self.status.show()
        self.context.post_status(message.splitlines()[0], 10000)
        self.job_finished.emit(message)

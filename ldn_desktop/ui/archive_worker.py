"""Long data work (archives, backups, restores) on a worker thread, reported through signals.

The job's callable gets a ``progress(done, total)`` function; its result or error comes back on
the GUI thread (queued signals). Expected errors (LdnError, OSError) arrive as ``failed(str)``;
anything else goes to the program's excepthook, which logs it and shows the crash dialog.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from ldn_desktop.core.errors import LdnError

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

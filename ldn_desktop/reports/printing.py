"""The one place that touches QPrinter, QPdfWriter and QPrintPreviewDialog.

HTML produced by the pure ``render`` modules is laid out with QTextDocument, so what the preview
shows is what the PDF contains. Page breaks: ``<div style="page-break-before: always">``.
Headless use (the CLI) needs no display: ``ensure_gui_application`` picks the offscreen platform.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QSizeF
from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from ldn_desktop.core.errors import StorageError
from ldn_desktop.storage.atomic import write_export

DEFAULT_FONT_FAMILY = "DejaVu Sans"


def ensure_gui_application() -> Any:
    """A QGuiApplication for text layout; offscreen when there is no display (CLI use)."""
    app = QGuiApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication(["ldn-desktop"])
    return app


def page_layout(
    *, landscape: bool = False, page: str = "A4", margins_mm: float = 12
) -> QPageLayout:
    """A4 (or Letter) page layout with millimetre margins."""
    size = QPageSize(QPageSize.PageSizeId.Letter if page == "Letter" else QPageSize.PageSizeId.A4)
    orientation = (
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    )
    margins = QMarginsF(margins_mm, margins_mm, margins_mm, margins_mm)
    return QPageLayout(size, orientation, margins, QPageLayout.Unit.Millimeter)


def custom_page_layout(width_mm: float, height_mm: float, margins_mm: float = 3) -> QPageLayout:
    """A small page (labels), width × height in millimetres."""
    size = QPageSize(QSizeF(width_mm, height_mm), QPageSize.Unit.Millimeter, "label")
    margins = QMarginsF(margins_mm, margins_mm, margins_mm, margins_mm)
    return QPageLayout(size, QPageLayout.Orientation.Portrait, margins, QPageLayout.Unit.Millimeter)


def build_document(html: str, point_size: float = 10) -> QTextDocument:
    """Lay out report HTML with the bundled-everywhere DejaVu Sans (Debian: fonts-dejavu-core)."""
    document = QTextDocument()
    font = document.defaultFont()
    font.setFamily(DEFAULT_FONT_FAMILY)
    font.setPointSizeF(point_size)
    document.setDefaultFont(font)
    document.setHtml(html)
    return document


def write_pdf(
    html: str,
    path: Path,
    *,
    layout: QPageLayout | None = None,
    title: str = "LDN Desktop",
    point_size: float = 10,
    fit_page: bool = False,
) -> Path:
    """Render report HTML to a PDF file (300 dpi). Works headless.

    ``fit_page``: lay the text out on the layout's printable area exactly (no extra 2 cm margin,
    no page numbers — QTextDocument adds both otherwise); used for small pages such as labels.
    """
    _check_writable(path)
    ensure_gui_application()
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)
    writer.setTitle(title)
    writer.setCreator("LDN Desktop")
    writer.setPageLayout(layout or page_layout())
    document = build_document(html, point_size)
    if fit_page:
        _fit_to_page(document, writer)
    document.print_(writer)
    del writer  # finishes the PDF
    buffer.close()
    # patient data: created 0600 and replaced atomically, like every other file the program writes
    write_export(path, bytes(buffer.data().data()))
    return path


def _check_writable(path: Path) -> None:
    """QPdfWriter fails silently (``QPainter::begin(): Returned false``) on a folder, a missing
    folder or a read-only place: find out first and say so (found by the stress suite)."""
    try:
        with open(path, "ab"):
            pass
    except OSError as exc:
        raise StorageError(f"Could not write {path}: {exc.strerror or exc}.") from None


def _fit_to_page(document: QTextDocument, device: Any) -> None:
    """Size the document to the device's printable area (in points, as QTextDocument.print_ uses)."""
    rect = device.pageLayout().paintRect(QPageLayout.Unit.Point)
    screen = QGuiApplication.primaryScreen()
    scale = (screen.logicalDotsPerInch() if screen else 96.0) / 72.0  # layout works in pixels
    document.setPageSize(QSizeF(rect.width() * scale, rect.height() * scale))
    document.setDocumentMargin(0)


def print_document(
    html: str, printer: QPrinter, point_size: float = 10, fit_page: bool = False
) -> None:
    """Send report HTML to a configured printer (used by the print preview's paint request)."""
    document = build_document(html, point_size)
    if fit_page:
        _fit_to_page(document, printer)
    document.print_(printer)


def preview(
    parent: Any,
    html: str,
    *,
    layout: QPageLayout | None = None,
    title: str = "Print preview",
    point_size: float = 10,
    fit_page: bool = False,
) -> int:
    """Show the print preview dialog; printing from it goes to the chosen printer or PDF."""
    from PySide6.QtPrintSupport import QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(layout or page_layout())
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(lambda p: print_document(html, p, point_size, fit_page))
    return int(dialog.exec())

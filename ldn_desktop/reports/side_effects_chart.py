"""The side-effect chart (QtCharts): severity per symptom over time, the dose as a step line on a
second axis. Used by the Side effects page (in a QChartView) and by the PDF report (as a PNG).

Colours are the Okabe-Ito palette (distinguishable with colour-vision deficiency); each symptom also
has its own marker shape, so the chart does not rely on colour alone.

The legend is not QtCharts' own (which cuts long names short, "vivid dr…", once there are more than
a few symptoms): ``legend_html`` lists every series in full and wraps between entries, never inside
one; the page shows it under the chart and the PNG draws it under the plot. Day ticks fall on whole
days (each at the start of a night, 12:00), a whole number of days apart.
"""

from __future__ import annotations

import math
import os
from datetime import date, datetime, time, timedelta
from html import escape

from PySide6.QtCharts import QChart, QDateTimeAxis, QLineSeries, QScatterSeries, QValueAxis
from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QIODevice,
    QLocale,
    QMargins,
    QPointF,
    QRectF,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen, QTextDocument
from PySide6.QtWidgets import QApplication, QGraphicsScene

from ldn_desktop.core.side_effects import ChartData

PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#CC79A7", "#0072B2", "#D55E00", "#F0E442", "#999999")
MARKERS = (
    QScatterSeries.MarkerShape.MarkerShapeCircle,
    QScatterSeries.MarkerShape.MarkerShapeRectangle,
    QScatterSeries.MarkerShape.MarkerShapeTriangle,
    QScatterSeries.MarkerShape.MarkerShapeStar,
    QScatterSeries.MarkerShape.MarkerShapePentagon,
    QScatterSeries.MarkerShape.MarkerShapeRotatedRectangle,
)
DOSE_COLOUR = "#222222"
MAX_GAP = timedelta(days=2)
GLYPHS = ("●", "■", "▲", "★", "⬟", "◆")  # the legend's picture of each marker in MARKERS
MAX_TICKS = 8  # day labels along the x axis at most (more overlap at 1024 px)
TITLE = "Side effects (severity 0–10) and dose"


def _ms(moment: datetime) -> float:
    return moment.timestamp() * 1000.0


def _noon(day: date) -> datetime:
    """A night starts at noon (see core.side_effects.night_of); local time."""
    return datetime.combine(day, time(12, 0)).astimezone()


def day_axis_range(first: date, last: date) -> tuple[datetime, datetime, int]:
    """The x axis from noon of ``first`` to noon after ``last``, widened to a whole number of
    steps of whole days, and its tick count: every tick is a night's start, none between days.

    Example: 1-20 Jan (20 days) -> 5 steps of 4 days, 6 ticks, 1 Jan 12:00 to 21 Jan 12:00.
    """
    days = (last - first).days + 1
    step = max(1, math.ceil(days / (MAX_TICKS - 1)))
    steps = math.ceil(days / step)
    return _noon(first), _noon(first + timedelta(days=steps * step)), steps + 1


def build_chart(data: ChartData, *, point_size: float = 9.0, title: str = TITLE) -> QChart:
    """A chart of ``data``; the x axis spans its first to last night. Its own legend is hidden:
    ``legend_html`` is shown next to it."""
    chart = QChart()
    # day labels in English month names ("6 Oct"), as every date of the report (core.dates),
    # whatever the user's locale (it would say "6 oct.")
    chart.setLocale(QLocale.c())
    chart.setTitle(escape(title))  # a chart title is HTML; it may hold the patient's name
    font = QFont(chart.titleFont())
    font.setPointSizeF(point_size + 2)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.legend().hide()
    chart.setMargins(QMargins(4, 4, 4, 4))
    x_axis = QDateTimeAxis()
    start, end, ticks = day_axis_range(data.first_night, data.last_night)
    wide = (data.last_night - data.first_night).days > 20
    x_axis.setFormat("d MMM yyyy" if wide or start.year != end.year else "d MMM")
    x_axis.setTickCount(ticks)
    x_axis.setRange(start, end)
    severity_axis = QValueAxis()
    severity_axis.setRange(0, 10)
    severity_axis.setTickCount(6)
    severity_axis.setLabelFormat("%d")
    severity_axis.setTitleText("Severity")
    dose_axis = QValueAxis()
    top = max((mg for _, mg in data.dose_steps), default=4.5)
    ceiling = max(1, math.ceil(top * 1.2))
    dose_axis.setRange(0, ceiling)
    dose_axis.setTickCount(ceiling + 1 if ceiling <= 10 else 6)
    dose_axis.setTitleText("Dose (mg)")
    dose_axis.setLabelFormat("%g")
    for axis in (x_axis, severity_axis, dose_axis):
        axis.setLabelsFont(_font(axis.labelsFont(), point_size))
        axis.setTitleFont(_font(axis.titleFont(), point_size))
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(severity_axis, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(dose_axis, Qt.AlignmentFlag.AlignRight)
    for index, (symptom, points) in enumerate(sorted(data.severity.items())):
        for series in _symptom_series(symptom, points, index):
            chart.addSeries(series)
            series.attachAxis(x_axis)
            series.attachAxis(severity_axis)
    if data.dose_steps:
        dose = _dose_series(data)
        chart.addSeries(dose)
        dose.attachAxis(x_axis)
        dose.attachAxis(dose_axis)
    return chart


def legend_html(data: ChartData) -> str:
    """Every series of the chart, in full: its marker in its colour, then its name. Spaces inside
    an entry are non-breaking, so a long list wraps between entries only."""
    items = [
        (PALETTE[i % len(PALETTE)], GLYPHS[i % len(GLYPHS)], symptom)
        for i, symptom in enumerate(sorted(data.severity))
    ]
    if data.dose_steps:
        items.append((DOSE_COLOUR, "– –", "dose (mg)"))
    return " &nbsp; ".join(
        f'<span style="color:{colour}">{glyph}</span>&nbsp;{escape(name).replace(" ", "&nbsp;")}'
        for colour, glyph, name in items
    )


def _font(font: QFont, size: float) -> QFont:
    copy = QFont(font)
    copy.setPointSizeF(size)
    return copy


def _symptom_series(
    symptom: str, points: list[tuple[datetime, int]], index: int
) -> list[QLineSeries | QScatterSeries]:
    """Markers for every point, joined by lines except across a gap of more than 2 days (an
    unlogged stretch is not drawn as if the severity stayed the same)."""
    colour = QColor(PALETTE[index % len(PALETTE)])
    marks = QScatterSeries()
    marks.setName(symptom)
    marks.setColor(colour)
    marks.setBorderColor(colour.darker(130))
    marks.setMarkerShape(MARKERS[index % len(MARKERS)])
    marks.setMarkerSize(8.0)
    marks.replace([QPointF(_ms(at), float(severity)) for at, severity in points])
    lines: list[QLineSeries | QScatterSeries] = []
    segment: list[QPointF] = []
    previous: datetime | None = None
    for at, severity in [*points, (None, 0)]:
        if at is None or (previous is not None and at - previous > MAX_GAP):
            if len(segment) > 1:
                line = QLineSeries()
                line.setPen(QPen(colour, 1.2))
                line.replace(segment)
                lines.append(line)
            segment = []
        if at is not None:
            segment.append(QPointF(_ms(at), float(severity)))
            previous = at
    return [*lines, marks]


def _dose_series(data: ChartData) -> QLineSeries:
    series = QLineSeries()
    series.setName("dose (mg)")
    pen = QPen(QColor(DOSE_COLOUR), 2.5)
    pen.setStyle(Qt.PenStyle.DashLine)
    series.setPen(pen)
    points: list[QPointF] = []
    for (day, mg), (next_day, _) in zip(data.dose_steps, data.dose_steps[1:], strict=False):
        points += [QPointF(_ms(_noon(day)), mg), QPointF(_ms(_noon(next_day)), mg)]
    series.replace(points)
    return series


def ensure_application() -> QApplication:
    """QtCharts needs a QApplication (offscreen when there is no display, e.g. the CLI)."""
    app = QApplication.instance()
    if app is None:
        if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["ldn-desktop"])
    assert isinstance(app, QApplication)
    return app


def render_chart_png(
    data: ChartData, width: int = 1800, height: int = 800, *, patient_label: str = ""
) -> bytes:
    """The chart as PNG bytes (for the PDF report and "Export PNG"), its legend wrapped under
    the plot; ``patient_label`` (an exported image) goes into the title."""
    ensure_application()
    title = f"{TITLE} — {patient_label}" if patient_label else TITLE
    chart = build_chart(data, point_size=height / 36, title=title)
    legend = QTextDocument()
    font = QFont()
    font.setPointSizeF(height / 36)
    legend.setDefaultFont(font)
    legend.setHtml(f'<div align="center">{legend_html(data)}</div>')
    legend.setTextWidth(width - 40)
    return chart_to_png(chart, width, height, legend)


def chart_to_png(
    chart: QChart, width: int, height: int, legend: QTextDocument | None = None
) -> bytes:
    scene = QGraphicsScene()
    scene.addItem(chart)
    chart.setGeometry(QRectF(0, 0, width, height))
    QApplication.processEvents()  # lets the chart lay out its axes for the new size
    below = 0 if legend is None else math.ceil(legend.size().height()) + 10
    image = QImage(width, height + below, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, width, height), QRectF(0, 0, width, height))
    if legend is not None:
        painter.translate(20, height)
        legend.drawContents(painter)
    painter.end()
    scene.removeItem(chart)
    buffer_bytes = QByteArray()
    buffer = QBuffer(buffer_bytes)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    buffer.close()
    return bytes(buffer_bytes.data())

"""The Compounding page's layout (kept apart so the page module holds only behaviour)."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ldn_desktop.core.units import format_number
from ldn_desktop.ui.plain_text import rich

if TYPE_CHECKING:
    from ldn_desktop.ui.compounding_page import CompoundingPage


def build_page_layout(page: CompoundingPage) -> None:
    """Presets and banner on top, form | results/records, action buttons at the bottom."""
    layout = QVBoxLayout(page)
    bar = QHBoxLayout()
    bar.addWidget(QLabel("Presets:"))
    page.presets: list[QPushButton] = []
    strengths = page.context.settings().get("defaults", {}).get("capsule_strengths_mg")
    for value in strengths or ["1.5", "3", "4.5"]:
        shown = f"{format_number(Decimal(value), 3, page.context.decimal_mark)} mg"
        button = QPushButton(shown)
        button.setAccessibleName(f"Preset {shown}")
        button.clicked.connect(lambda _=False, v=str(value): page.apply_preset(Decimal(v)))
        bar.addWidget(button)
        page.presets.append(button)
    page.banner = rich(QLabel())  # the page escapes what it quotes
    page.banner.setObjectName("recordBanner")
    page.banner.setWordWrap(True)
    bar.addWidget(page.banner, 1)
    page.new_button = QPushButton("New batch")
    page.correct_button = QPushButton("Correct this record…")
    bar.addWidget(page.new_button)
    bar.addWidget(page.correct_button)
    layout.addLayout(bar)
    split = QSplitter(Qt.Orientation.Horizontal)
    left = QWidget()
    left_layout = QVBoxLayout(left)
    page.form_tabs = QTabWidget()
    page.form_tabs.addTab(page.form, "Capsules")
    page.form_tabs.addTab(page.liquid_form, "Oral liquid")
    left_layout.addWidget(page.form_tabs)
    left_layout.addWidget(page.record_box)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setWidget(left)
    # the form scrolls down, never sideways: its width is what its widest row needs
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setMinimumWidth(
        left.minimumSizeHint().width() + scroll.verticalScrollBar().sizeHint().width() + 4
    )
    split.addWidget(scroll)
    page.tabs = QTabWidget()
    results_scroll = QScrollArea()
    results_scroll.setWidgetResizable(True)
    results_scroll.setWidget(page.results)
    page.tabs.addTab(results_scroll, "Results")
    page.tabs.addTab(page.records, "Records")
    split.addWidget(page.tabs)
    split.setSizes([520, 680])
    layout.addWidget(split, 1)
    layout.addLayout(_buttons(page))
    page.new_button.clicked.connect(page.new_batch)
    page.correct_button.clicked.connect(page.start_correction)


def _buttons(page: CompoundingPage) -> QHBoxLayout:
    row = QHBoxLayout()
    page.calculate_button = QPushButton("Calculate")
    page.save_button = QPushButton("Save record")
    page.print_button = QPushButton("Print worksheet…")
    page.label_button = QPushButton("Print label…")
    page.export_button = QPushButton("Worksheet PDF…")
    page.export_label_button = QPushButton("Label PDF…")
    for button in (
        page.calculate_button,
        page.save_button,
        page.print_button,
        page.label_button,
        page.export_button,
        page.export_label_button,
    ):
        row.addWidget(button)
    row.addStretch(1)
    page.calculate_button.clicked.connect(page.calculate)
    page.save_button.clicked.connect(page.save_record)
    page.print_button.clicked.connect(page.print_preview)
    page.label_button.clicked.connect(page.print_label)
    page.export_button.clicked.connect(page.export_pdf)
    page.export_label_button.clicked.connect(page.export_label_pdf)
    return row

"""Light or dark, as the system is set: the window follows ``QStyleHints.colorScheme()``.

Where the platform's style already draws dark when the system is dark (macOS, GNOME and KDE with
their platform themes, Windows 11's style), nothing is changed. Where the system says "dark" but
the palette stayed light (e.g. the Windows Vista style, or Fusion without a platform palette),
the program switches to Fusion with the dark palette below, and back when the system goes light
again. The style sheet of the few marked widgets (``resources/style.qss``, ``marked_style``) uses
only ``palette()`` colours and translucent tints, so it reads well on both; it is applied again
after every switch so ``palette()`` is resolved against the new colours.

Colours drawn by hand in ``ui/`` take the palette's text colour except on a light fill
(``text_colour_on``). Printouts (``reports/``) are paper and stay light.

Asking the system (``colorScheme()``) makes PySide6 build the 93 enum types of the ``Qt``
namespace, 15-20 ms on this project's 2-core machine (issue 14, row 1), which nothing else on the
way to the window's first paint needs. So the start does not ask: ``install`` puts back what the
last run ended with (the dark palette or not, kept in QSettings), and the main window asks the
system right after its first paint (``confirm``). On the first run, and after the system was
switched while the program was closed, it is therefore followed one frame late, as it is when it
switches while the program runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QSettings
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from shiboken6 import Shiboken

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

Role = QPalette.ColorRole
FOLLOWER_PROPERTY = "colourSchemeFollower"
REMEMBERED_KEY = "appearance/own_dark_palette"  # QSettings: the last run ended dark by our palette
Group = QPalette.ColorGroup

DARK_COLOURS: dict[QPalette.ColorRole, str] = {
    Role.Window: "#2b2b2b",
    Role.WindowText: "#e8e8e8",
    Role.Base: "#1f1f1f",
    Role.AlternateBase: "#272727",
    Role.Text: "#e8e8e8",
    Role.Button: "#353535",
    Role.ButtonText: "#e8e8e8",
    Role.BrightText: "#ff8a80",
    Role.Highlight: "#3d7bd9",
    Role.HighlightedText: "#ffffff",
    Role.ToolTipBase: "#353535",
    Role.ToolTipText: "#e8e8e8",
    Role.PlaceholderText: "#9e9e9e",
    Role.Link: "#8ab4f8",
    Role.LinkVisited: "#c58af9",
    Role.Light: "#505050",
    Role.Midlight: "#404040",
    Role.Mid: "#303030",
    Role.Dark: "#1a1a1a",
    Role.Shadow: "#000000",
}
DARK_DISABLED_TEXT = "#7c7c7c"
DARK_TEXT_ON_LIGHT_FILL = QColor("#111111")
TODAY_FRAME = QColor("#d32f2f")  # a red that stands out on the dose fills and on both windows


def is_dark(palette: QPalette) -> bool:
    """Whether a palette draws light text on a dark window."""
    return palette.color(Role.Window).lightness() < palette.color(Role.WindowText).lightness()


def dark_palette() -> QPalette:
    palette = QPalette()
    for role, colour in DARK_COLOURS.items():
        palette.setColor(role, QColor(colour))
    for role in (Role.Text, Role.WindowText, Role.ButtonText):
        palette.setColor(Group.Disabled, role, QColor(DARK_DISABLED_TEXT))
    return palette


def text_colour_on(palette: QPalette, fill: QColor | None, *, dimmed: bool = False) -> QColor:
    """The colour for text drawn by hand: near-black on a light fill (the dose colours), else the
    palette's text (its placeholder colour when ``dimmed``, e.g. days of another month)."""
    if fill is not None and fill.lightness() >= 140:
        return DARK_TEXT_ON_LIGHT_FILL
    return palette.color(Role.PlaceholderText if dimmed else Role.Text)


class ColourSchemeFollower(QObject):
    """Keeps the application's palette in step with the system's light/dark setting."""

    def __init__(self, app: QGuiApplication) -> None:
        super().__init__(app)
        self.setObjectName("colourSchemeFollower")
        self.app = app
        self._own_palette: QPalette | None = None  # the palette before we made it dark
        self.confirmed = False  # the system's scheme has been asked (or told) at least once
        app.styleHints().colorSchemeChanged.connect(self.apply)

    def apply(self, scheme: Qt.ColorScheme | None = None) -> bool:
        """Match ``scheme`` (default: the system's); returns whether the window is now dark.
        Dark only when the system says so: our dark palette goes when it says anything else."""
        from PySide6.QtCore import Qt  # here, not at the start: see the module's notes

        app = self.app
        wanted = app.styleHints().colorScheme() if scheme is None else scheme
        self.confirmed = True
        if wanted == Qt.ColorScheme.Dark and not is_dark(app.palette()):
            self._make_dark()
        elif wanted != Qt.ColorScheme.Dark and self._own_palette is not None:
            self._set_palette(self._own_palette)
            self._own_palette = None
        self._remember()
        return is_dark(app.palette())

    def confirm(self) -> bool:
        """Ask the system once (after the window's first paint); later changes come as signals.
        Returns whether the window is dark."""
        return is_dark(self.app.palette()) if self.confirmed else self.apply()

    def _make_dark(self) -> None:
        from PySide6.QtWidgets import QApplication

        app = self.app
        self._own_palette = QPalette(app.palette())
        if isinstance(app, QApplication) and app.style().name().lower() != "fusion":
            app.setStyle("Fusion")  # draws every control from the palette
        self._set_palette(dark_palette())

    def _set_palette(self, palette: QPalette) -> None:
        from PySide6.QtWidgets import QApplication

        app = self.app
        palette_before = QPalette(app.palette())
        app.setPalette(palette)
        if isinstance(app, QApplication) and palette_before != app.palette():
            from ldn_desktop.ui import marked_style

            marked_style.refresh()  # palette() in the marked widgets' sheet: the new colours

    def _remember(self) -> None:
        dark_by_us = self._own_palette is not None
        settings = QSettings()
        if _read_flag(settings.value(REMEMBERED_KEY)) != dark_by_us:
            settings.setValue(REMEMBERED_KEY, dark_by_us)

    @classmethod
    def install(cls, app: QGuiApplication) -> ColourSchemeFollower:
        """One follower per application. The system is not asked yet (``confirm``): the palette
        the last run ended with is put back at once, so a dark system's first frame is dark."""
        # kept as an application property: app.findChild's first call costs ~10 ms at start-up
        follower = cls.of(app)
        if follower is None:
            follower = cls(app)
            app.setProperty(FOLLOWER_PROPERTY, follower)
            if _read_flag(QSettings().value(REMEMBERED_KEY)) and not is_dark(app.palette()):
                follower._make_dark()
        return follower

    @staticmethod
    def of(app: QGuiApplication) -> ColourSchemeFollower | None:
        """The application's follower, if ``install`` made one."""
        follower = app.property(FOLLOWER_PROPERTY)
        if isinstance(follower, ColourSchemeFollower) and Shiboken.isValid(follower):
            return follower
        return None


def confirm_system_scheme() -> None:
    """Ask the system now, once (``ColourSchemeFollower.confirm``); nothing without a follower."""
    app = QGuiApplication.instance()
    follower = ColourSchemeFollower.of(app) if isinstance(app, QGuiApplication) else None
    if follower is not None:
        follower.confirm()


def _read_flag(value: object) -> bool:
    """A QSettings boolean: ``True`` as written, ``"true"`` as read back from the INI file."""
    return value is True or (isinstance(value, str) and value.lower() == "true")

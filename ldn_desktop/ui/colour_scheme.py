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
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from shiboken6 import Shiboken

Role = QPalette.ColorRole
FOLLOWER_PROPERTY = "colourSchemeFollower"
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
        app.styleHints().colorSchemeChanged.connect(self.apply)

    def apply(self, scheme: Qt.ColorScheme | None = None) -> bool:
        """Match ``scheme`` (default: the system's); returns whether the window is now dark."""
        from PySide6.QtWidgets import QApplication

        app = self.app
        wanted = app.styleHints().colorScheme() if scheme is None else scheme
        dark_now = is_dark(app.palette())
        palette_before = QPalette(app.palette())
        if wanted == Qt.ColorScheme.Dark and not dark_now:
            self._own_palette = QPalette(app.palette())
            if isinstance(app, QApplication) and app.style().name().lower() != "fusion":
                app.setStyle("Fusion")  # draws every control from the palette
            app.setPalette(dark_palette())
        elif wanted == Qt.ColorScheme.Light and dark_now and self._own_palette is not None:
            app.setPalette(self._own_palette)
            self._own_palette = None
        if isinstance(app, QApplication) and palette_before != app.palette():
            from ldn_desktop.ui import marked_style

            marked_style.refresh()  # palette() in the marked widgets' sheet: the new colours
        return is_dark(app.palette())

    @classmethod
    def install(cls, app: QGuiApplication) -> ColourSchemeFollower:
        """One follower per application, applied once now."""
        # kept as an application property: app.findChild's first call costs ~10 ms at start-up
        follower = app.property(FOLLOWER_PROPERTY)
        if not isinstance(follower, ColourSchemeFollower) or not Shiboken.isValid(follower):
            follower = cls(app)
            app.setProperty(FOLLOWER_PROPERTY, follower)
        follower.apply()
        return follower

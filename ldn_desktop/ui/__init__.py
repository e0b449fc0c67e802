"""The Qt front end: one module per page, a thin main window that wires them with signals.

Importing this package loads PySide6 and tells it, before any page module loads, that none of
ours uses a ``__feature__`` (``qt_start``: PySide would otherwise read each module's source).
"""

import PySide6.QtCore  # noqa: F401  (qt_start needs PySide6 loaded)

from ldn_desktop.ui.qt_start import skip_pyside_source_scan

skip_pyside_source_scan()

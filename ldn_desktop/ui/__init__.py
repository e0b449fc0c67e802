"""The Qt front end: one module per page, a thin main window that wires them with signals."""

"""Reports: ``render`` (pure: results -> HTML) and ``printing`` (the only module touching QPrinter)."""

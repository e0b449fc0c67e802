"""The domain core: pure Python + pint. Never imports PySide6 (tests/test_architecture.py)."""

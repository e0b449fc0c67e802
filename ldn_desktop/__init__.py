"""LDN Desktop: decision support for low-dose naltrexone therapy."""

__version__ = "0.1.0"

"""Versioned JSON documents in a data folder: atomic durable writes, backups, migrations, locking.

Pure Python; knows JSON, not Qt. Receives its folder as an argument and never decides it.
"""

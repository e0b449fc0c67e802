"""Headless subcommands of ``ldn-desktop`` (one module each, registered in ``cli.py``)."""

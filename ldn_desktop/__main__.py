"""`python -m ldn_desktop`: the same entry point as the `ldn-desktop` command."""

import sys

from ldn_desktop.cli import main

sys.exit(main())

"""Owns `python -m niger_archive`: the same entry point as the `niger-archive` command."""

import sys

from .cli import main

sys.exit(main())

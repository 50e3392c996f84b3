"""Owns the frozen app's entry point: the same arguments as `niger-archive` (no command opens the window)."""

import sys

from niger_archive.cli import main

if __name__ == "__main__":
    sys.exit(main())

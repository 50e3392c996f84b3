"""Owns the frozen app's entry point: the same arguments as `niger-archive` (no command opens the window)."""

import sys

from niger_archive.cli import main

if __name__ == "__main__":
    # Large imports start this executable as a parse worker (niger_archive.services.importing.worker_command);
    # added by the performance work, see niger_archive/services/parse_worker.py.
    if sys.argv[1:2] == ["--parse-worker"]:
        from niger_archive.services.parse_worker import main as parse_worker

        sys.exit(parse_worker())
    sys.exit(main())

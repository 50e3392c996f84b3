"""Owns the frozen app's entry point: the same arguments as `niger-archive` (no command opens the window)."""

import sys

from niger_archive.cli import main

if __name__ == "__main__":
    # Large imports start this executable as a parse worker (niger_archive.services.parse_pool.worker_command);
    # added by the performance work, see niger_archive/services/parse_worker.py.
    if sys.argv[1:2] == ["--parse-worker"]:
        from niger_archive.services.parse_worker import main as parse_worker

        sys.exit(parse_worker())
    # ... and as the search index writer (niger_archive.search.writer_process.writer_command).
    if sys.argv[1:2] == ["--index-writer"]:
        from niger_archive.search.writer_process import main as index_writer

        sys.exit(index_writer())
    sys.exit(main())

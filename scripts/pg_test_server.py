#!/usr/bin/env python3
"""Start a throwaway PostgreSQL server for trying hojo against PostgreSQL, or check that one can start.

    .venv/bin/python scripts/pg_test_server.py            # prints a URL, serves until Ctrl-C, then deletes it
    .venv/bin/python scripts/pg_test_server.py --check    # exit 0 when PostgreSQL binaries are installed

With the URL printed:  hojo build --db 'postgresql+psycopg://hojo@/hojo?host=/tmp/hojo-pg-…/sock'
The tests do not need this script: tests/schema/conftest.py starts its own server.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from schema.pgtemp import TempPostgres, find_bindir


def main() -> int:
    """Parse the arguments and run."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only report whether the binaries are found")
    parser.add_argument("--database", default="hojo", help="database to create (default: hojo)")
    args = parser.parse_args()
    bindir = find_bindir()
    if args.check:
        print(bindir or "PostgreSQL server binaries not found (Debian: apt-get install postgresql)")
        return 0 if bindir else 1
    with TempPostgres() as pg:
        print(pg.create_database(args.database), flush=True)
        print("serving; Ctrl-C stops the server and deletes its files", file=sys.stderr, flush=True)
        signal.sigwait({signal.SIGINT, signal.SIGTERM})  # blocked in __main__, so they arrive here
    return 0


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    sys.exit(main())

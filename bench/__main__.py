"""``python -m bench [OPTIONS]``: the benchmark `make bench` runs, with the options of `hojo bench`.

Imports nothing until `main` runs: a pooled build's workers re-import the main module (see `corpus.__main__`).
"""

from __future__ import annotations

import sys


def main() -> None:
    """Run `hojo bench` with this command line's arguments."""
    from corpus.cli import app

    app(["bench", *sys.argv[1:]], prog_name="python -m")  # usage: python -m bench [OPTIONS]


if __name__ == "__main__":
    main()

"""Alembic migrations of the hojo database, shipped inside the package.

`schema.db.init_db()` and `hojo db upgrade` find this folder through the module
path, so they work from an installed wheel as well as from a checkout.
"""

from __future__ import annotations

from pathlib import Path

MIGRATIONS_DIR = Path(__file__).resolve().parent
HEAD = "0013"
"""The newest revision; a test checks it against the scripts in `versions/`."""
BASELINE = "0001"
"""The schema as `create_all` built it before migrations existed."""

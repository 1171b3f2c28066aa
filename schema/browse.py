"""Browse a SQLite database in Datasette with hojo's settings (`datasette.json` beside this module).

`datasette_argv(url, port, host)` returns the command that serves the file (immutable when this process
may not write it); `datasette_metadata(path)` writes the settings filed under the name Datasette gives
that file. A URL that is not a SQLite file raises `ValueError` (the command line says it of `--db`).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from pathlib import Path

from sqlalchemy.engine import make_url

from schema.dburl import sqlite_path

DATASETTE_JSON = Path(__file__).resolve().with_name("datasette.json")


def datasette_argv(db: str, port: int, host: str = "127.0.0.1") -> list[str]:
    """Return the command that serves the SQLite database `db` in Datasette with hojo's metadata."""
    u = make_url(db)
    if u.get_backend_name() != "sqlite" or not u.database:
        raise ValueError(f"{u.render_as_string(hide_password=True)}: Datasette serves SQLite files only; "
                         "export PostgreSQL with `hojo export`")
    metadata = datasette_metadata(Path(u.database))
    path = sqlite_path(u)
    writable = path is None or not path.exists() or (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
    where = [u.database] if writable else ["-i", str(path)]  # a read-only file: served immutable
    return [sys.executable, "-m", "datasette", "serve", *where, "--metadata", str(metadata),
            "--host", host, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"]


def datasette_metadata(database: Path) -> Path:
    """Return a metadata file for serving `database`: hojo's `datasette.json` with its settings (titles,
    hidden tables, canned queries) filed under the name Datasette gives that file (its stem), so that
    they apply whatever the file is called, not only to `hojo.db`."""
    shipped = json.loads(DATASETTE_JSON.read_text(encoding="utf-8"))
    shipped["databases"] = {database.stem: next(iter(shipped["databases"].values()))}
    folder = Path(tempfile.gettempdir()) / f"hojo-datasette-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    out = folder / f"{hashlib.sha256(str(database.resolve()).encode()).hexdigest()[:16]}.json"
    out.write_text(json.dumps(shipped, ensure_ascii=False, indent=1), encoding="utf-8")
    return out

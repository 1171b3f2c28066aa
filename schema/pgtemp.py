"""A throwaway PostgreSQL server in a temporary directory, for tests and local trials.

`TempPostgres` runs `initdb` into a fresh directory and starts `postgres`
listening only on a Unix socket inside that directory (no TCP port, so no port
races between parallel test runs), with trust authentication for one superuser
`hojo`. PostgreSQL refuses to run as root, so under root the server runs as the
`postgres` system user (created by Debian's `postgresql-common`), or `nobody`.

    with TempPostgres() as pg:
        url = pg.create_database("t1")   # postgresql+psycopg://hojo@/t1?host=/tmp/...
"""

from __future__ import annotations

import contextlib
import os
import pwd
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType

SUPERUSER = "hojo"
_NAME_OK = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class PostgresUnavailableError(RuntimeError):
    """No PostgreSQL server binaries were found on this machine."""


def find_bindir() -> Path | None:
    """Return the directory holding `initdb`, `pg_ctl` and `postgres`, or None when absent.

    Looks at env `HOJO_PG_BIN`, then `PATH`, then Debian's `/usr/lib/postgresql/<version>/bin`
    (newest version first), then `pg_config --bindir`.
    """
    env = os.environ.get("HOJO_PG_BIN")
    candidates: list[Path] = [Path(env)] if env else []
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).parent)

    def version(p: Path) -> int:
        return int(p.parent.name) if p.parent.name.isdigit() else 0

    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=version, reverse=True)
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=10)
            candidates.append(Path(out.stdout.strip()))
    for c in candidates:
        if all((c / exe).is_file() for exe in ("initdb", "pg_ctl", "postgres")):
            return c
    return None


def _run_as() -> str | None:
    """Return the user to run the server as when we are root, else None (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            pwd.getpwnam(name)
            return name
    raise PostgresUnavailableError("running as root and neither a 'postgres' nor a 'nobody' user exists")


class TempPostgres:
    """A PostgreSQL server living in a temporary directory until `stop()`."""

    def __init__(self, bindir: Path | None = None, base_dir: Path | None = None) -> None:
        found = bindir or find_bindir()
        if found is None:
            raise PostgresUnavailableError(
                "no PostgreSQL server binaries (initdb, pg_ctl, postgres) found; "
                "install the Debian package 'postgresql' or set HOJO_PG_BIN"
            )
        self.bindir = found
        self.base_dir = base_dir
        self.root: Path | None = None
        self.user = _run_as()

    @property
    def socket_dir(self) -> Path:
        """The directory holding the server's Unix socket."""
        assert self.root is not None, "server not started"
        return self.root / "sock"

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        kwargs: dict = {}
        if self.user:
            kwargs["user"] = self.user
        env = {**os.environ, "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "TZ": "UTC"}
        proc = subprocess.run(args, capture_output=True, text=True, timeout=timeout, env=env,
                              cwd=self.root, check=False, **kwargs)
        if proc.returncode != 0:
            log = ""
            if self.root and (self.root / "server.log").exists():
                log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(f"{Path(args[0]).name} failed ({proc.returncode}): {proc.stderr.strip()}\n{log}")
        return proc

    def start(self) -> TempPostgres:
        """Create the cluster and start the server; return self."""
        self.root = Path(tempfile.mkdtemp(prefix="hojo-pg-", dir=self.base_dir))
        (self.root / "sock").mkdir()
        if self.user:
            info = pwd.getpwnam(self.user)
            for p in (self.root, self.root / "sock"):
                os.chown(p, info.pw_uid, info.pw_gid)
        data = self.root / "data"
        self._run(str(self.bindir / "initdb"), "-D", str(data), "-U", SUPERUSER, "--auth=trust",
                  "-E", "UTF8", "--locale=C.UTF-8", "--no-sync")
        opts = (f"-k {self.socket_dir} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                "-c full_page_writes=off -c max_connections=50 -c timezone=UTC")
        self._run(str(self.bindir / "pg_ctl"), "-D", str(data), "-o", opts,
                  "-l", str(self.root / "server.log"), "-w", "-t", "60", "start")
        return self

    def url(self, database: str = "postgres") -> str:
        """Return the SQLAlchemy URL of `database` on this server."""
        return f"postgresql+psycopg://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def create_database(self, name: str) -> str:
        """Create database `name` (lowercase identifier) and return its SQLAlchemy URL."""
        if not _NAME_OK.match(name):
            raise ValueError(f"not a plain database name: {name!r}")
        import psycopg  # the postgres extra; only needed once a server runs

        with psycopg.connect(host=str(self.socket_dir), user=SUPERUSER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE template0 ENCODING \'UTF8\'')
        return self.url(name)

    def stop(self) -> None:
        """Stop the server and delete its directory."""
        if self.root is None:
            return
        try:
            if (self.root / "data" / "postmaster.pid").exists():
                self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate",
                          "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            self.root = None

    def __enter__(self) -> TempPostgres:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()

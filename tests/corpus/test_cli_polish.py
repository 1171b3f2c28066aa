"""The command line's edges a user meets: pipes, CSV for Excel, output paths, URLs, versions, examples, ports."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from importlib.metadata import version
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from corpus.cli import app

runner = CliRunner()
HOJO = [sys.executable, "-m", "corpus"]


def _leaf_and_group_commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        out.append((name,))
        out += [(name, sub) for sub in getattr(cmd, "commands", {})]
    return out


@pytest.mark.parametrize("words", _leaf_and_group_commands(), ids=" ".join)
def test_every_command_help_shows_one_example(words: tuple[str, ...]) -> None:
    res = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "100"})
    assert res.exit_code == 0, res.output
    lines = [line.strip() for line in res.output.splitlines()]
    assert "Example:" in lines, res.output
    example = next(line for line in lines[lines.index("Example:") + 1:] if line)
    assert "hojo " + words[0] in example, example


def test_version_prints_the_installed_version() -> None:
    res = runner.invoke(app, ["--version"])
    assert res.exit_code == 0 and res.output.strip() == f"hojo {version('hojo')}"


def test_executor_lists_its_choices() -> None:
    res = runner.invoke(app, ["build", "--help"], env={"COLUMNS": "100"})
    assert "--executor <process|dask>" in res.output
    res = runner.invoke(app, ["build", "--executor", "threads"])
    assert res.exit_code == 2 and "'threads' is not one of 'process', 'dask'" in res.output


def test_executor_choices_are_the_executors_there_are() -> None:
    from typing import get_args

    from corpus.cli import Executor
    from corpus.executors import EXECUTORS

    assert get_args(Executor) == EXECUTORS


@pytest.fixture(scope="module")
def built_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A database holding one text layer of ~300 KB (more than a pipe's buffer once exported as pages)."""
    folder = tmp_path_factory.mktemp("polish")
    doc = folder / "leaflet.txt"
    doc.write_text("\n".join(f"第{i}行 補助上限額は100万円、補助率は2/3です。" for i in range(8000)), encoding="utf-8")
    url = f"sqlite:///{folder / 'hojo.db'}"
    res = subprocess.run([*HOJO, "build", str(doc), "--db", url, "--no-progress", "--workers", "1"],
                         capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    return url


def test_a_closed_pipe_ends_quietly_with_status_0(built_db: str) -> None:
    """`hojo export --what pages | head -c 100`: the reader leaves early; no error, status 0, as cat does."""
    proc = subprocess.Popen([*HOJO, "export", "--what", "pages", "--db", built_db],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.read(100)
    proc.stdout.close()  # the reader is gone
    stderr = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 0, stderr
    assert first and "Traceback" not in stderr and "error" not in stderr.lower()


def test_csv_with_a_bom_for_excel(built_db: str, tmp_path: Path) -> None:
    out = tmp_path / "facts.csv"
    res = runner.invoke(app, ["export", "--db", built_db, "--format", "csv", "--bom", "--out", str(out)])
    assert res.exit_code == 0, res.output
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfdocument,") and data.count(b"\xef\xbb\xbf") == 1
    plain = tmp_path / "plain.csv"
    runner.invoke(app, ["export", "--db", built_db, "--format", "csv", "--out", str(plain)])
    assert plain.read_bytes() == data[3:]
    res = runner.invoke(app, ["export", "--db", built_db, "--bom"])
    assert res.exit_code == 2 and "--bom" in res.output and "csv" in res.output


def test_out_naming_a_folder_is_an_error_naming_the_folder(built_db: str, tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "--db", built_db, "--out", str(tmp_path)])
    assert res.exit_code == 2, res.output
    assert f"{tmp_path} is a folder" in res.output and ".part" not in res.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing written into it


def test_a_sqlite_url_with_two_slashes_gets_the_hint(tmp_path: Path) -> None:
    res = runner.invoke(app, ["export", "--db", "sqlite://build/hojo.db"])
    assert res.exit_code == 2
    assert "three slashes" in res.output and "sqlite:///build/hojo.db" in res.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_refuses_a_port_out_of_range_in_one_line(built_db: str) -> None:
    res = runner.invoke(app, ["db", "serve", "--db", built_db, "--port", "99999"])
    assert res.exit_code == 2 and res.output.startswith("error: ") and len(res.output.splitlines()) == 1


def test_serve_on_a_busy_port_names_it(built_db: str) -> None:
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        res = runner.invoke(app, ["db", "serve", "--db", built_db, "--port", str(port)])
    assert res.exit_code == 2 and res.output.startswith("error: "), res.output
    assert f"127.0.0.1:{port}" in res.output and len(res.output.splitlines()) == 1


def _get_json(url: str, deadline: float) -> dict:
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5) as r:
                return json.loads(r.read())
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def test_canned_queries_work_for_any_database_file_name(built_db: str, tmp_path: Path) -> None:
    """Datasette names a database by its file's stem; hojo's canned queries follow the file, not `hojo.db`."""
    pytest.importorskip("datasette")
    src = Path(built_db.removeprefix("sqlite:///"))
    mine = tmp_path / "my-subsidies.db"
    mine.write_bytes(src.read_bytes())
    port = _free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([*HOJO, "db", "serve", "--db", f"sqlite:///{mine}", "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    try:
        base = f"http://127.0.0.1:{port}/my-subsidies"
        data = _get_json(f"{base}/statement_timeline.json?program=x&_shape=objects", time.monotonic() + 60)
        assert "rows" in data and data.get("ok", True)
        meta = _get_json(f"{base}.json", time.monotonic() + 10)
        assert "statement_timeline" in {q["name"] for q in meta.get("queries", [])}
    finally:
        proc.terminate()
        proc.wait(timeout=30)

"""The `hojo` command line as a user meets it: one-line errors, refused databases, help with defaults and choices."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import get_args

import pytest
import typer
from typer.testing import CliRunner

from corpus.cli import app
from corpus.outputs.export import What

runner = CliRunner()
UNREACHABLE_PG = "postgresql+psycopg://u@127.0.0.1:1/x"  # port 1: nothing listens, the connection is refused


def _db_commands() -> list[tuple[str, ...]]:
    """Every command (or group's subcommand) that takes --db."""
    root = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        subs = getattr(cmd, "commands", None)
        for words, c in ([((name, sub), s) for sub, s in subs.items()] if subs else [((name,), cmd)]):
            if any(p.name == "db" for p in c.params):
                out.append(words)
    return out


DB_COMMANDS = _db_commands()
READERS = [w for w in DB_COMMANDS if w not in {("build",), ("db", "upgrade")}]
"""Commands that read a database: they must refuse a missing one."""


def _args(words: tuple[str, ...], tmp_path: Path) -> list[str]:
    """Arguments that make `words` otherwise valid and quick (an empty folder to build, a program to diff)."""
    extra = {("build",): [str(tmp_path / "empty"), "--no-progress"], ("diff",): ["--list"],
             ("report",): ["--out", str(tmp_path / "reports")], ("explain",): ["1"]}
    (tmp_path / "empty").mkdir(exist_ok=True)
    return [*words, *extra.get(words, [])]


def _one_error_line(res) -> str:  # res: click.testing.Result
    assert res.exit_code in (1, 2), res.output
    assert "Traceback" not in res.output, res.output
    lines = res.output.splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.output
    return lines[0]


def test_the_commands_under_test_are_found() -> None:
    assert {("build",), ("export",), ("report",), ("diff",), ("db", "current"), ("db", "serve")} <= set(DB_COMMANDS)


@pytest.mark.parametrize("words", DB_COMMANDS, ids=" ".join)
@pytest.mark.parametrize("case", ["not-a-database", "bad-url", "unreachable-postgresql", "unsupported-scheme"])
def test_a_bad_db_is_one_line_without_traceback(words: tuple[str, ...], case: str, tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("this is a text file, not SQLite\n")
    if case == "unreachable-postgresql" and importlib.util.find_spec("psycopg") is None:
        pytest.skip("psycopg is not installed")
    url = {"not-a-database": f"sqlite:///{junk}", "bad-url": "notaurl", "unreachable-postgresql": UNREACHABLE_PG,
           "unsupported-scheme": "foo://bar/x"}[case]
    line = _one_error_line(runner.invoke(app, [*_args(words, tmp_path), "--db", url]))
    if words != ("build",):  # hojo build's own messages are issue 14's; here: one line, whatever it says
        assert str(junk) in line if case == "not-a-database" else url in line, line  # it names the database
    assert junk.read_text() == "this is a text file, not SQLite\n"


@pytest.mark.parametrize("words", READERS, ids=" ".join)
def test_a_missing_database_is_refused_not_created(words: tuple[str, ...], tmp_path: Path) -> None:
    missing = tmp_path / "sub" / "missing.db"
    res = runner.invoke(app, [*_args(words, tmp_path), "--db", f"sqlite:///{missing}"])
    assert str(missing) in _one_error_line(res) and res.exit_code == 2
    assert not missing.exists() and not missing.parent.exists()
    assert not (tmp_path / "reports").exists()


@pytest.mark.parametrize("words", [w for w in READERS if w[0] != "db"], ids=" ".join)  # db current/serve take any
def test_a_database_without_hojo_tables_is_refused(words: tuple[str, ...], tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()  # a zero-byte file is a valid, empty SQLite database
    line = _one_error_line(runner.invoke(app, [*_args(words, tmp_path), "--db", f"sqlite:///{empty}"]))
    assert "holds no hojo tables" in line


def test_db_current_on_an_empty_database_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty.db").touch()
    res = runner.invoke(app, ["db", "current", "--db", f"sqlite:///{tmp_path / 'empty.db'}"])
    assert res.exit_code == 0 and "none (empty database)" in res.output


@pytest.mark.parametrize("how", ["flag", "env"])
def test_debug_shows_the_traceback(how: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    args = ["export", "--db", f"sqlite:///{tmp_path / 'missing.db'}"]
    if how == "flag":
        args.insert(0, "--debug")
    else:
        monkeypatch.setenv("HOJO_DEBUG", "1")
    res = runner.invoke(app, args)
    assert res.exit_code == 2
    assert "Traceback (most recent call last)" in res.stderr and "schema/dburl.py" in res.stderr
    last = res.stderr.rstrip().splitlines()[-1]
    assert last.startswith("error: ") and str(tmp_path / "missing.db") in last


def test_an_unexpected_failure_is_one_line_pointing_at_debug(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import corpus.outputs.export

    def broken(*_a: object, **_k: object) -> int:
        raise KeyError("no such column")

    db = f"sqlite:///{tmp_path / 'hojo.db'}"
    assert runner.invoke(app, ["db", "upgrade", "--db", db]).exit_code == 0
    monkeypatch.setattr(corpus.outputs.export, "export", broken)
    line = _one_error_line(runner.invoke(app, ["export", "--db", db]))
    assert line == "error: KeyError: 'no such column' (run with --debug or HOJO_DEBUG=1 for the traceback)"


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'hojo.db'}"
    runner.invoke(app, ["db", "upgrade", "--db", db])
    (tmp_path / "file").write_text("x")
    line = _one_error_line(runner.invoke(app, ["export", "--db", db, "--out", str(tmp_path / "file" / "out.jsonl")]))
    assert "file" in line


@pytest.mark.parametrize(("args", "expected"), [
    (["export", "--what", "nothing"], "'nothing' is not one of 'documents', 'pages', 'tables', 'facts'"),
    (["export", "--format", "xml"], "'xml' is not one of 'jsonl', 'csv'"),
    (["export", "--no-such-option"], "No such option: --no-such-option"),
    (["diff"], "--program: name a program"),
    (["diff", "--program", "X", "--out", "x.pdf"], "cannot tell the format from x.pdf"),
    (["nosuchcommand"], "No such command 'nosuchcommand'"),
])
def test_usage_errors_are_one_line_with_status_2(args: list[str], expected: str) -> None:
    res = runner.invoke(app, args)
    line = _one_error_line(res)
    assert res.exit_code == 2 and expected in line, line
    assert line.endswith("--help`")


def _help(*words: str) -> str:
    res = runner.invoke(app, [*words, "--help"], env={"COLUMNS": "80"})
    assert res.exit_code == 0, res.output
    return " ".join(res.output.split())


def test_help_shows_defaults_and_choices() -> None:
    top = _help()
    assert "--debug Show the traceback" in top and "[env var: HOJO_DEBUG]" in top
    export = _help("export")
    assert f"--what <{'|'.join(get_args(What))}>" in export and "[default: facts]" in export
    assert "--format <jsonl|csv>" in export
    assert "Output file. [default: (stdout)]" in export
    assert "[env var: HOJO_DB; default: (sqlite:///build/hojo.db)]" in export
    build = _help("build")
    assert "[default: (one per core, at most 4); x>=1]" in build
    assert "HOJO_MIRROR; default: (download into the cache)]" in build
    diff = _help("diff")
    assert "--format <md|html|json>" in diff and "[default: (from the --out suffix, else md)]" in diff


def test_help_fits_80_columns_without_breaking_a_word() -> None:
    res = runner.invoke(app, ["export", "--help"], env={"COLUMNS": "80"})
    assert max(len(line) for line in res.output.splitlines()) <= 80
    assert f"<{'|'.join(get_args(What))}>" in res.output  # on one line, unbroken


def test_an_unknown_revision_is_refused_before_the_database_is_created(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    res = runner.invoke(app, ["db", "upgrade", "--db", f"sqlite:///{db}", "--revision", "nonsense"])
    assert res.exit_code == 2 and "--revision" in _one_error_line(res) and "nonsense" in res.output
    assert not db.exists()


def _db_error() -> Exception:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    return OperationalError("SELECT * FROM facts", {}, sqlite3.OperationalError("no such table: facts"))


@pytest.mark.parametrize(("exc", "message", "status"), [
    (_db_error(), "database: no such table: facts", 1),
    (UnicodeDecodeError("utf-8", b"\x82", 0, 1, "invalid start byte"),
     "the input is not utf-8 text (invalid start byte at byte 0)", 1),
    (PermissionError(13, "Permission denied", "/srv/out.jsonl"), "Permission denied: /srv/out.jsonl", 1),
    (ValueError("line one\nline two"), "ValueError: line one; line two (run with --debug", 1),
])
def test_describe_puts_each_failure_on_one_line(exc: Exception, message: str, status: int) -> None:
    from corpus.clikit import describe

    text, code = describe(exc)
    assert text.startswith(message) and "\n" not in text and code == status

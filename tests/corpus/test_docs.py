"""Every hojo command has --help text and is documented in the README (sqlite-utils' test_docs habit)."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from corpus.cli import app

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, ...]]:
    root = typer.main.get_command(app)
    out: list[tuple[str, ...]] = []
    for name, cmd in root.commands.items():  # type: ignore[attr-defined]
        out.append((name,))
        out += [(name, sub) for sub in getattr(cmd, "commands", {})]  # a group's subcommands
    return out


@pytest.mark.parametrize("words", _commands(), ids=" ".join)
def test_command_has_help_and_is_in_the_readme(words: tuple[str, ...]) -> None:
    res = CliRunner().invoke(app, [*words, "--help"])
    assert res.exit_code == 0, res.output
    assert "Usage:" in res.output and len(res.output.splitlines()) > 4
    assert f"hojo {' '.join(words)}" in README or (len(words) == 2 and f"hojo {words[0]} {{" in README), words

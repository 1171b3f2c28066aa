"""The parse and normalize commands, through Typer's runner on a small app that wraps them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from corpus.cli_parse import normalize_command, parse_app

app = typer.Typer()
app.add_typer(parse_app, name="parse")
app.command("normalize")(normalize_command)
runner = CliRunner()
README = Path(__file__).resolve().parents[2] / "README.md"

CLI_TESTS = [
    (["date"], "令和６年３月１５日（金）１７︓００\n", [{"date": "2024-03-15", "time": "17:00", "weekday_ok": True}]),
    (["date", "--year", "2024"], "３⽉１５⽇（⾦）\n", [{"date": "2024-03-15", "time": None, "weekday_ok": True}]),
    (
        ["fiscal"],
        "令和6年度補正予算\n2025年度\n",
        [{"fiscal_year": 2024, "budget": "補正"}, {"fiscal_year": 2025, "budget": None}],
    ),
    (
        ["amount"],
        "5万円～150万円\n",
        [{"min": 50000, "max": 1500000, "min_inclusive": True, "max_inclusive": True, "per": None}],
    ),
    (["rate"], "補助率２／３以内\n定額\n", [{"rates": ["2/3"], "bound": "以内"}, {"rates": ["10/10"], "bound": None}]),
]


@pytest.mark.parametrize(("args", "stdin", "expected"), CLI_TESTS)
def test_parse_stdin(args: list[str], stdin: str, expected: list[dict]) -> None:
    result = runner.invoke(app, ["parse", *args], input=stdin)
    assert result.exit_code == 0, result.output
    assert [json.loads(line) for line in result.output.splitlines()] == expected


def test_parse_arguments() -> None:
    result = runner.invoke(app, ["parse", "rate", "1/2", "３分の２"])
    assert result.exit_code == 0
    assert result.output == '{"rates": ["1/2"], "bound": null}\n{"rates": ["2/3"], "bound": null}\n'


def test_unparseable_line_prints_an_error_and_fails_at_the_end() -> None:
    result = runner.invoke(app, ["parse", "amount"], input="1~3つ\n50万円\n")
    assert result.exit_code == 1
    first, second = (json.loads(line) for line in result.output.splitlines())
    assert set(first) == {"error"}
    assert second["min"] == 500000


def test_output_keeps_japanese_unescaped() -> None:
    result = runner.invoke(app, ["parse", "fiscal", "令和6年度補正"])
    assert "補正" in result.output


def test_normalize_command() -> None:
    result = runner.invoke(app, ["normalize"], input="⾦額 ５万円〜５０万円\n⻑期\n")
    assert result.exit_code == 0
    assert result.output == "金額5万円~50万円\n長期\n"


@pytest.mark.parametrize("command", ["date", "fiscal", "amount", "rate"])
def test_every_command_has_help(command: str) -> None:
    result = runner.invoke(app, ["parse", command, "--help"])
    assert result.exit_code == 0
    assert "stdin" in result.output


def test_commands_appear_in_the_readme() -> None:
    if not README.exists():
        pytest.skip("no README.md")
    text = README.read_text(encoding="utf-8")
    assert "hojo normalize" in text
    for command in ("date", "fiscal", "amount", "rate"):
        assert command in text

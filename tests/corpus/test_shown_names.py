"""Names in logs and errors are printed with their control characters escaped (issue 20): a newline in a
file name cannot make one message two lines, so it cannot forge a log line."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

from normalize.shown import EscapingFilter, is_safe, shown

FORGED = "ERROR    forged.pdf: the build was tampered with"


def test_shown_escapes_controls_and_keeps_every_other_character() -> None:
    assert shown("公募要領 (令和7年度).pdf") == "公募要領 (令和7年度).pdf"
    assert shown("a\nb\rc\td") == "a\\nb\\rc\\td"
    assert shown("\x1b[31mred\x1b[0m") == "\\x1b[31mred\\x1b[0m"
    assert shown("gpj.\u202eexe") == "gpj.\\u202eexe" and shown("line\u2028sep") == "line\\u2028sep"
    assert shown("\x85\x7f") == "\\x85\\x7f"
    for text in ("a\nb", "\x00", "\u2029", "x\x9by"):
        assert is_safe(shown(text)) and not is_safe(text)


def test_the_log_filter_makes_every_record_one_line(caplog) -> None:
    logger = logging.getLogger("hojo.test.shown")
    logger.addFilter(EscapingFilter())
    try:
        with caplog.at_level(logging.INFO, logger="hojo.test.shown"):
            logger.error("%s: not a PDF", f"evil\n{FORGED}")
    finally:
        logger.filters.clear()
    (record,) = caplog.records
    assert record.getMessage() == f"evil\\n{FORGED}: not a PDF"


def test_a_newline_in_a_file_name_does_not_forge_a_line_of_the_build(docs, tmp_path: Path) -> None:
    name = f"evil\n{FORGED}.pdf"
    docs.raw(name, b"this is text, not a PDF")
    docs.text("good.txt", "IT導入補助金2025\n通常枠\n補助上限額 450万円\n")
    res = subprocess.run([sys.executable, "-m", "corpus", "build", str(docs.root), "--db",
                          f"sqlite:///{tmp_path / 'x.db'}", "--workers", "1", "--no-progress"],
                         capture_output=True, text=True, timeout=300,
                         env={**os.environ, "COLUMNS": "300", "HOJO_DEBUG": ""})
    assert res.returncode == 1  # the fake PDF failed
    lines = res.stderr.splitlines()
    assert not any(line.lstrip().startswith("ERROR    forged") for line in lines), res.stderr
    summary = [line for line in lines if line.startswith("failed   ")]
    assert len(summary) == 1 and summary[0].startswith(f"failed   {docs.root}/evil\\n{FORGED}.pdf: not a PDF"), \
        res.stderr


def test_a_database_path_with_a_newline_is_one_error_line(tmp_path: Path) -> None:
    db = tmp_path / f"x\n{FORGED}.db"
    res = subprocess.run([sys.executable, "-m", "corpus", "export", "--db", f"sqlite:///{db}"],
                         capture_output=True, text=True, timeout=300, env={**os.environ, "HOJO_DEBUG": ""})
    assert res.returncode == 2
    assert res.stderr.splitlines() == [f"error: {tmp_path}/x\\n{FORGED}.db: no such database file"]

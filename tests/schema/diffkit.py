"""Small sides for diff tests: mentions written for the test, built into statements as the loader builds them."""

from __future__ import annotations

from collections.abc import Iterable

from extract.knowledge.diff import DocRef, FrameRename, Side
from extract.knowledge.statements import Mention, build_statements


def m(kind: str, value: str | int, frame: str = "", type_: str = "", *, applicant: str | None = None,
      condition: str | None = None, document: str = "doc", page: int = 1, emphasis: bool = False,
      program: str = "テスト補助金", edition: str = "e", unit: str | None = None) -> Mention:
    """Return a mention of a made-up document (one edition per document unless `edition` says otherwise)."""
    return Mention(None, program, None, None, "", frame, type_, kind, str(value), applicant, condition, document,
                   page, f"{kind} {value}", emphasis, "", f"{document}:{edition}", unit=unit)


def side(*mentions: Mention, label: str = "", enumerates: Iterable[str] = (), text: str = "",
         renames: Iterable[FrameRename] = (), series: str = "") -> Side:
    """Return a side of these mentions; documents in `enumerates` list the program's frames."""
    stmts, defs = build_statements(mentions)
    listing = set(enumerates)
    docs = {x.document: DocRef(x.document, enumerates=x.document in listing, why="page" if x.document in listing
                               else "") for x in mentions}
    return Side(stmts, defs, docs, {}, label, list(renames), series, "".join(text.split()))


def changes(report: object) -> set[tuple[str, str, str, str | None, str | None, str | None]]:
    """Return (change, frame label, kind, applicant, before, after) of every entry of a report."""
    from extract.knowledge.diff import frame_label

    out = set()
    for e in report.entries:  # type: ignore[attr-defined]
        out.add((e.change, frame_label(e.frame), e.kind, e.applicant, e.before.value if e.before else None,
                 e.after.value if e.after else None))
    return out

"""Load what the diff compares from the database: a program's editions, and each side's statements.

A side is the documents of one or more editions (`--from 2024`: every edition of that budget
year; `--from 20次`: the editions of that round; `--from DOC`: exactly that document). Its
statements are built from the mentions of those documents (`extract.knowledge.statements`, the same code
the statements stage runs), so a side of one document compares that document alone. Where a
side spans several editions, a key they state alike is one statement; a key they state
differently takes the newest edition's value (補正 over 当初, a later version), except across
rounds, where each round keeps its value under its slot (the 1st round of the side, the 2nd …): a round
named by the edition (第17回) or by a qualifier (第17回公募 締切) is the same slot, and a side stating once
what the other states per round states its 1st round's.

Every query takes document text only as bound parameters.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, or_, select

from extract.knowledge.diff import DiffReport, DocRef, FrameNotice, FrameRename, Side, compare
from extract.knowledge.editions import ATTRS, Edition, version_label
from extract.knowledge.editionspec import Selection, SpecError, YearSpec, fold, listing, parse_year
from extract.knowledge.editionspec import select as select_spec
from extract.knowledge.printed import RENAME_WORDS, printed_frame_changes, printed_renames
from extract.knowledge.statements import Mention, Statement, build_statements
from normalize.glyphs import normalize
from schema.catalog import canonical_program
from schema.editions_store import stored_editions
from schema.models import DocumentEditionRow, DocumentRow, PageRow, ProgramAliasRow, ProgramEditionRow, ProgramRow
from schema.statements_store import ensure_statements, load_mentions

__all__ = [
    "DiffError",
    "YearSpec",
    "diff_program",
    "page_links",
    "parse_year",
    "program_editions",
    "report_sides",
    "resolve_program",
]


class DiffError(ValueError):
    """A diff was asked for a program, edition or document the database does not hold."""


def resolve_program(conn: Connection, name: str) -> str:
    """Given a program name, alias or edition label (matched after NFKC and case folding), return the stored
    canonical name; raise DiffError if unknown."""
    programs = [p for (p,) in conn.execute(select(ProgramRow.name))]
    aliases = list(conn.execute(select(ProgramAliasRow.alias, ProgramRow.name).join(ProgramRow)))
    want = fold(name)
    for p in programs:
        if fold(p) == want:
            return p
    for alias, p in aliases:
        if fold(alias) == want:
            return p
    if (canonical := canonical_program(normalize(name))) and canonical in programs:
        return canonical
    labels = {fold(label): p for label, p in conn.execute(
        select(ProgramEditionRow.label, ProgramRow.name).join(ProgramRow).where(ProgramEditionRow.label != ""))}
    if want in labels:
        return labels[want]
    known = ", ".join(sorted(programs)) or "none"
    raise DiffError(f"no program {name!r} in the database (programs: {known})")


def program_editions(conn: Connection, program: str) -> list[Edition]:
    """Return the editions of a program, in order."""
    return [s.edition for s in stored_editions(conn, program)]


@cache
def _find_file(root: Path, name: str) -> Path | None:
    direct = root / name
    if direct.is_file():
        return direct.resolve()
    return next((p.resolve() for p in sorted(root.rglob(Path(name).name)) if p.is_file()), None)


def page_links(source_url: str | None, file_name: str | None, page: int | None,
               roots: tuple[Path, ...] = ()) -> tuple[str | None, str | None]:
    """Return (publisher URL, local file:// URL) of a document page, each with `#page=N` when known."""
    anchor = f"#page={page}" if page else ""
    url = f"{source_url}{anchor}" if source_url and source_url.startswith(("http://", "https://")) else None
    local: Path | None = None
    if file_name:
        p = Path(file_name)
        if p.is_absolute() and p.is_file():
            local = p
        else:
            local = next((f for r in roots if r.is_dir() and (f := _find_file(r.resolve(), file_name))), None)
    return url, (local.as_uri() + anchor if local else None)


def _documents(conn: Connection, program: str, keys: Sequence[str], roots: tuple[Path, ...]) -> dict[str, DocRef]:
    enumerates: dict[str, tuple[bool, str]] = {}
    for key, cov in conn.execute(
            select(DocumentRow.key, DocumentEditionRow.coverage).join(DocumentRow,
                                                                      DocumentEditionRow.document_id == DocumentRow.id)
            .join(ProgramEditionRow, DocumentEditionRow.program_edition_id == ProgramEditionRow.id)
            .join(ProgramRow, ProgramEditionRow.program_id == ProgramRow.id)
            .where(ProgramRow.name == program, DocumentRow.key.in_(sorted(keys)))):
        if (cov or {}).get("enumerates"):
            enumerates[key] = (True, str(cov.get("why") or ""))
    out = {}
    for key, title, url, file_name, published in conn.execute(
            select(DocumentRow.key, DocumentRow.title, DocumentRow.source_url, DocumentRow.file_name,
                   DocumentRow.published)
            .where(DocumentRow.key.in_(sorted(keys)))):
        publisher, local = page_links(url, file_name, None, roots)
        flag, why = enumerates.get(key, (False, ""))
        out[key] = DocRef(key, title, publisher, local, flag, why, published)
    return out


def _renames(conn: Connection, keys: Sequence[str], known: Sequence[str]) -> tuple[list[FrameRename],
                                                                                   list[FrameNotice]]:
    """Return the renames the documents print, and the frames they say were created or abolished (pages
    holding one of the words only are read)."""
    out, notices = [], []
    q = (select(DocumentRow.key, PageRow.number, PageRow.text).join(DocumentRow, PageRow.document_id == DocumentRow.id)
         .where(DocumentRow.key.in_(sorted(keys)), or_(*[PageRow.text.contains(w) for w in RENAME_WORDS]))
         .order_by(DocumentRow.key, PageRow.number))
    for key, number, text in conn.execute(q):
        for r in printed_renames(text or "", number, known):
            if r.new:
                out.append(FrameRename(r.new, r.old, key, r.page, r.quote))
        notices += [FrameNotice(c.candidates(), c.change, key, c.page, c.quote)
                    for c in printed_frame_changes(text or "", number)]
    return out, notices


def _merge(stmts: list[Statement], order: dict[str, tuple[Any, ...]]) -> Statement:
    """Join the statements of one key from several editions (see the module docstring)."""
    values = {v for st in stmts for v in st.values}
    if len(values) == 1:
        return dataclasses.replace(stmts[0], sources=[s for st in stmts for s in st.sources])
    return max(stmts, key=lambda st: order.get(st.edition[4], ()))


def _round_no(text: str | None) -> int | None:
    """Return the number of a round qualifier (``17次`` → 17), None when it names none."""
    digits = "".join(c for c in text or "" if c.isdigit())
    return int(digits) if digits else None


def _by_slot(statements: list[Statement], editions: Sequence[Edition]) -> tuple[list[Statement], dict[int, int]]:
    """Return the statements with each round a qualifier names as its slot on this side (the side's rounds,
    of its editions and of its qualifiers, in order: 第17回 and 第18回 are the 1st and 2nd), and the slot of
    each round number. A qualifier naming the round of the statement's own edition says nothing more than
    the edition: it is dropped."""
    own = {e.ident: e.attrs.round_no for e in editions}
    numbers = {n for n in own.values() if n is not None}
    numbers |= {n for st in statements if (n := _round_no(st.qualifiers.round)) is not None}
    slot = {n: i + 1 for i, n in enumerate(sorted(numbers))}
    out = []
    for st in statements:
        n = _round_no(st.qualifiers.round)
        if n is None:
            out.append(st)
            continue
        mark = None if n == own.get(st.edition[4]) else f"{slot[n]}次"
        out.append(dataclasses.replace(st, qualifiers=dataclasses.replace(st.qualifiers, round=mark)))
    return out, slot


def _side_statements(statements: list[Statement], editions: Sequence[Edition]) -> list[Statement]:
    """Given statements of several editions, return one per key (see the module docstring)."""
    order = {e.ident: e.order_key() for e in editions}
    statements, by_number = _by_slot(statements, editions)
    slot = {e.attrs.round: by_number[e.attrs.round_no] for e in editions if e.attrs.round_no is not None}
    round_of = {e.ident: e.attrs.round for e in editions}
    by_key: dict[tuple[Any, ...], list[Statement]] = defaultdict(list)
    for st in statements:
        by_key[(st.frame, st.type, st.kind, st.unit or "", st.applicant, st.qualifiers.key())].append(st)
    out = []
    for group in by_key.values():
        if len(group) == 1 or len({st.edition for st in group}) == 1:
            out += group
            continue
        rounds = {round_of.get(st.edition[4], "") for st in group}
        values = {v for st in group for v in st.values}
        if len(values) > 1 and len(rounds) > 1 and "" not in rounds and len(slot) > 1:
            for st in group:  # each round keeps its value, under its slot on this side
                q = st.qualifiers if st.qualifiers.round else dataclasses.replace(
                    st.qualifiers, round=f"{slot[round_of[st.edition[4]]]}次")
                out.append(dataclasses.replace(st, qualifiers=q))
            continue
        out.append(_merge(group, order))
    return out


def _umbrella_budgets(conn: Connection, program: str, keys: Sequence[str]) -> list[Mention]:
    """Return the budgets the side's documents print for an umbrella budget line the program sits under
    (中小企業生産性革命推進事業), as program-wide mentions of the program with the line named in the
    condition (the umbrella lines are the catalog's `umbrella = true` entries)."""
    from extract.facts.catalog import default_catalog

    lines = sorted(p.name for p in default_catalog().programs.values() if p.umbrella and p.name != program)
    if not lines or not keys:
        return []
    return [dataclasses.replace(m, program=program, condition=m.program, edition_key="umbrella:" + m.edition_key)
            for m in load_mentions(conn, lines, documents=keys) if m.kind == "budget" and not m.frame and not m.type]


def _with_umbrella_budgets(conn: Connection, program: str, sides: Sequence[Side]) -> None:
    """Where no side states the program's own budget, compare the budget of the umbrella line each side's
    documents print (the budget of the program or of its umbrella line, docs/diff.md)."""
    if any(st.kind == "budget" and not st.frame and not st.type for s in sides for st in s.statements):
        return
    for s in sides:
        mentions = _umbrella_budgets(conn, program, sorted(s.documents))
        if mentions:
            s.statements += build_statements(mentions)[0]


def _edition_json(sel: Selection, editions: Sequence[Edition], documents: Sequence[str]) -> dict[str, Any]:
    """Return spec/diff.md's edition object of a side: each attribute its editions agree on, with `dated_by`."""
    out: dict[str, Any] = dict.fromkeys(("fiscal_year", "budget", "round", "label", "version"))
    dated_by: dict[str, str] = {}
    for name in ATTRS:
        values = {getattr(e.attrs, name) or None for e in editions}
        if len(values) == 1 and (value := values.pop()) is not None:
            if name != "series":
                out[name] = value
            ev = next((e.attrs.dated_by[name] for e in editions if name in e.attrs.dated_by), None)
            if ev is not None:
                dated_by[name] = ev.text()
    if sel.year is not None:
        out["fiscal_year"] = sel.year.year
        out["budget"] = out["budget"] or sel.year.budget
    out["dated_by"] = dated_by
    return out


def load_side(conn: Connection, program: str, sel: Selection, all_editions: Sequence[Edition],
              roots: tuple[Path, ...] = ()) -> Side:
    """Return the side a selection names: its statements, definitions, documents and edition."""
    idents = {e.ident for e in sel.editions}
    mentions: list[Mention] = load_mentions(conn, [program], documents=[sel.document] if sel.document else None)
    if sel.document is None:
        mentions = [m for m in mentions if m.edition_key in idents]
    statements, definitions = build_statements(mentions)
    editions = [e for e in all_editions if e.ident in {m.edition_key for m in mentions}]
    keys = sorted({m.document for m in mentions})
    side = Side(label=sel.label, documents=_documents(conn, program, keys, roots))
    side.statements = _side_statements(statements, editions)
    side.definitions = list(definitions)
    side.edition = _edition_json(sel, editions, keys)
    side.series = next(iter({e.attrs.series for e in editions}), "") if len({e.attrs.series for e in editions}) == 1 \
        else ""
    if side.series:  # the line of the program read as a 類型 (補助金<一般型>): what it states is the line's own
        side.statements = [dataclasses.replace(st, type="") if not st.frame and fold(st.type) == fold(side.series)
                           else st for st in side.statements]
    known = sorted({n for st in statements for n in (st.frame, st.type) if n})
    side.renames, side.notices = _renames(conn, keys, known)
    side.text = "".join("".join(normalize(t or "").split()) for (t,) in conn.execute(
        select(PageRow.text).join(DocumentRow, PageRow.document_id == DocumentRow.id).where(DocumentRow.key.in_(keys))
        .order_by(DocumentRow.key, PageRow.number)))
    return side


def report_sides(editions: Sequence[Edition]) -> list[tuple[str, list[Edition]]]:
    """Group a program's editions into the sides its report compares, in order: the editions of one budget
    year together (labelled by the year), an edition without a year on its own."""
    groups: dict[str, list[Edition]] = {}
    for e in editions:
        a = e.attrs
        label = str(a.fiscal_year) if a.fiscal_year is not None else (
            a.round or a.label or (version_label(a.version) if a.version else e.describe()))
        if label in groups and a.fiscal_year is None:
            label = e.describe()  # two editions of one round (two series): told apart by their series
        groups.setdefault(label, []).append(e)
    return sorted(groups.items(), key=lambda kv: max(e.position for e in kv[1]))


def consecutive(sides: list[tuple[str, list[Edition]]]) -> list[tuple[int, int]]:
    """Return the pairs of report sides to compare: each side with the newest earlier side of the same line
    of the program (<一般型> with <一般型>, no line with no line), newest pair first."""
    pairs = []
    for j in range(len(sides) - 1, 0, -1):
        series_j = {e.attrs.series for e in sides[j][1]}
        for i in range(j - 1, -1, -1):
            if {e.attrs.series for e in sides[i][1]} == series_j:
                pairs.append((i, j))
                break
    return pairs


def _selection(conn: Connection, program: str, text: str | None, editions: list[Edition],
               default: Selection | None) -> Selection:
    if text is None:
        assert default is not None
        return default
    docs = [k for (k,) in conn.execute(
        select(DocumentRow.key).distinct().join(DocumentEditionRow, DocumentEditionRow.document_id == DocumentRow.id)
        .join(ProgramEditionRow, DocumentEditionRow.program_edition_id == ProgramEditionRow.id)
        .join(ProgramRow, ProgramEditionRow.program_id == ProgramRow.id).where(ProgramRow.name == program))]
    try:
        return select_spec(text, editions, docs)
    except SpecError as e:
        raise DiffError(f"{program}: {e}") from None


def default_selections(program: str, editions: list[Edition]) -> tuple[Selection, Selection]:
    """Return the two newest sides of a program (see `consecutive`); raise DiffError when it has fewer."""
    sides = report_sides(editions)
    pairs = consecutive(sides)
    if not pairs:
        raise DiffError(f"{program} has {len(editions)} edition(s) ({listing(editions)}); a diff needs two")
    i, j = pairs[0]
    return side_selection(sides[i]), side_selection(sides[j])


def side_selection(side: tuple[str, list[Edition]]) -> Selection:
    """Return the selection of a report side (`report_sides`)."""
    label, editions = side
    year = YearSpec(editions[0].attrs.fiscal_year) if editions[0].attrs.fiscal_year is not None else None
    return Selection(label, tuple(editions), year=year)


def diff_program(engine: Engine, program: str, before: str | None = None, after: str | None = None,
                 roots: tuple[Path, ...] = ()) -> DiffReport:
    """Compare editions (or documents) `before` and `after` (default: the two newest) of `program`."""
    ensure_statements(engine)
    with engine.connect() as conn:
        name = resolve_program(conn, program)
        editions = program_editions(conn, name)
        defaults = default_selections(name, editions) if before is None or after is None else None
        b = _selection(conn, name, before, editions, defaults[0] if defaults else None)
        a = _selection(conn, name, after, editions, defaults[1] if defaults else None)
        return diff_sides(conn, name, b, a, editions, roots)


def _first_slot(single: Side, several: Side) -> None:
    """Where one side states a value per round (1次, 2次) and the other states it once, without a round, the
    other's value is its 1st round's: the 1st of one edition is compared with the 1st of the next."""
    def key(st: Statement) -> tuple[Any, ...]:
        return (st.frame, st.type, st.kind, st.unit or "", st.applicant, st.qualifiers.without("round").key())

    slots: dict[tuple[Any, ...], set[str]] = defaultdict(set)
    for st in several.statements:
        if st.qualifiers.round:
            slots[key(st)].add(st.qualifiers.round)
    if any(st.qualifiers.round for st in single.statements):
        return
    single.statements = [dataclasses.replace(st, qualifiers=dataclasses.replace(st.qualifiers, round="1次"))
                         if len(slots.get(key(st), ())) > 1 and "1次" in slots[key(st)] else st
                         for st in single.statements]


def diff_sides(conn: Connection, program: str, before: Selection, after: Selection, editions: list[Edition],
               roots: tuple[Path, ...] = ()) -> DiffReport:
    """Compare two selections of a program (the reports call this for each consecutive pair)."""
    old, new = load_side(conn, program, before, editions, roots), load_side(conn, program, after, editions, roots)
    _with_umbrella_budgets(conn, program, (old, new))
    _first_slot(old, new)
    _first_slot(new, old)
    return compare(program, old, new)


def editions_listing(conn: Connection) -> list[dict[str, Any]]:
    """Return every program's editions, in order, with their documents and how each was dated."""
    out: dict[str, dict[str, Any]] = {}
    for s in stored_editions(conn):
        p = out.setdefault(s.program, {"program": s.program, "editions": []})
        e = s.edition
        p["editions"].append({"edition": e.describe(), "position": e.position, **e.attrs.to_json(),
                              "documents": list(s.documents)})
    return list(out.values())


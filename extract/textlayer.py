"""Read a text layer (.txt/.md written by another tool) into pages, lines and tables.

Pages are split where the text allows it, strongest evidence first: form feeds, then
page markers (``<!-- page 3 -->``, ``--- page 3 ---``, ``[page 3]``); without either,
heuristics learnt from the seeds: a page-number line (or a number ending a line) that
continues the sequence of printed page numbers closes a page, and a title-like line
that a converter indented by one space right after text opens one. How the pages were
found is recorded in ``metadata["page_split"]`` (``formfeed``, ``markers``, ``heuristic``,
``none``). The encoding is detected (`extract.encoding`) and recorded in
``metadata["encoding"]``; bytes that decode in no supported encoding raise `NotText`.
Markdown emphasis (``**red text**``) becomes bold spans; links keep their text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import pairwise
from pathlib import Path

from extract._norm import norm
from extract.encoding import UndecodableText, decode_text
from extract.errors import EmptyFile, NotText, TooLarge, UnreadableFile
from extract.model import DocumentText, Line, Page, Role, Span
from extract.quality import document_ja, text_flags
from extract.texttables import Found, html_tables, markdown_tables, spaced_as_tsv, tsv_tables

_MARKER = re.compile(
    r"^\s*(?:<!--\s*page\b[^>]*-->|[-=]{3,}\s*page\s*\d*\s*[-=]{3,}|\[\s*page\s*\d+\s*\]|<page[^>]*/?>)\s*$",
    re.I,
)
_BARE_NUMBER = re.compile(r"^\s*[-‐–(]?\s*(\d{1,3})\s*[-‐–)]?\s*$")
_TRAILING_NUMBER = re.compile(r"\S\s(\d{1,3})\s*$")
_EMPH = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)|<(https?://[^>]+)>")
_HEADING = re.compile(r"^#{1,6}\s+")
MAX_PAGE_CHARS = 10_000
"""The longest page a text layer is read as (a dense A4 page holds about 2,500 characters): longer
ones are cut into chunks, so that the cost of every later stage grows with the size of the file."""


def read_text_layer(path: Path, *, max_pages: int | None = None,
                    on_page: Callable[[int], object] | None = None) -> DocumentText:
    """Given a .txt/.md path, return its pages (lines without boxes), tables and quality flags.

    More than `max_pages` pages (after splitting) raise `TooLarge`; `on_page(1)` is called after each page.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as e:
        raise UnreadableFile(path, f"cannot read: {e.strerror or e}") from e
    if not data:
        raise EmptyFile(path, "empty file")
    try:
        text, encoding = decode_text(data)
    except UndecodableText as e:
        raise NotText(path, str(e)) from None
    del data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise EmptyFile(path, "empty file (whitespace only)")
    pieces, how = split_pages(text)
    del text
    if max_pages is not None and len(pieces) > max_pages:
        raise TooLarge(path, f"too many pages: {len(pieces)} ({how}), over the limit of {max_pages} "
                             "(hojo build --max-pages)")
    doc = DocumentText(pages=[], kind="text", metadata={"page_split": how, "encoding": encoding})
    for n, piece in enumerate(pieces, 1):
        doc.pages.append(_page(n, piece))
        if on_page is not None:
            on_page(1)
    doc_ja = document_ja(p.text for p in doc.pages)
    for p in doc.pages:
        p.flags.extend(f for f in text_flags(p.text, doc_ja) if f not in p.flags)
        if not p.text.strip():
            p.flags.append("blank")
    return doc


def split_pages(text: str, max_chars: int | None = None) -> tuple[list[str], str]:
    """Given a text layer, return its pages and how they were told apart (see module docstring).

    A page longer than `max_chars` (default `MAX_PAGE_CHARS`) is cut into chunks at blank
    lines (else at line ends) so that no page is unbounded; ``+chunks`` is then added to how.
    """
    pages, how = _split(text)
    limit = max_chars or MAX_PAGE_CHARS
    if all(len(p) <= limit for p in pages):
        return pages, how
    chunked = [c for p in pages for c in (chunks(p, limit) if len(p) > limit else [p])]
    return chunked, ("chunks" if how == "none" else f"{how}+chunks")


def chunks(text: str, max_chars: int) -> list[str]:
    """Given text longer than `max_chars`, return consecutive pieces of at most `max_chars` characters,
    each ending at a blank line where one falls in its second half, else at a line end, else anywhere."""
    out: list[str] = []
    start = 0
    while len(text) - start > max_chars:
        end = start + max_chars
        cut = text.rfind("\n\n", start + max_chars // 2, end - 1)
        if cut >= 0:
            cut += 2
        else:
            cut = text.rfind("\n", start + max_chars // 2, end)
            cut = cut + 1 if cut >= 0 else end
        out.append(text[start:cut])
        start = cut
    out.append(text[start:])
    return out


def _split(text: str) -> tuple[list[str], str]:
    if "\f" in text:
        return text.split("\f"), "formfeed"
    lines = text.split("\n")
    if any(_MARKER.match(ln) for ln in lines):
        pages: list[list[str]] = [[]]
        for ln in lines:
            if _MARKER.match(ln):
                pages.append([])
            else:
                pages[-1].append(ln)
        if not any(x.strip() for x in pages[0]):
            pages = pages[1:]
        return ["\n".join(p) for p in pages] or [text], "markers"
    cuts = _heuristic_cuts(lines)
    if not cuts:
        return [text], "none"
    bounds = [0, *cuts, len(lines)]
    return ["\n".join(lines[a:b]) for a, b in pairwise(bounds) if a < b], "heuristic"


def _heuristic_cuts(lines: list[str]) -> list[int]:
    """Given lines, return the indices where a new page starts (see module docstring)."""
    cuts = set(_page_number_cuts(lines))
    for i, ln in enumerate(lines):
        prev = lines[i - 1] if i else ""
        if i and _opens(ln) and prev.strip() and not prev.startswith(" ") and _title_like(ln):
            cuts.add(i)
    return sorted(c for c in cuts if 0 < c < len(lines))


def _opens(line: str) -> bool:
    """Given a line, return whether a converter indented it by exactly one space (a page's first line)."""
    return line.startswith(" ") and not line.startswith("  ")


def _page_number_cuts(lines: list[str], max_step: int = 12) -> list[int]:
    """Given lines, return the line after each printed page number.

    Candidates are numbers alone on a line, or ending a line, right before a blank or
    page-opening line; chart values look the same, so only the longest chain of
    candidates whose numbers grow (by at most `max_step`) down the text is kept.
    """
    cands: list[tuple[int, int]] = []
    for i, ln in enumerate(lines):
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt.strip() and not _opens(nxt):
            continue
        m = _BARE_NUMBER.match(ln) or _TRAILING_NUMBER.search(ln)
        if m and 0 < int(m.group(1)) <= 999:
            cands.append((i, int(m.group(1))))
    # Longest chain by dynamic programming over the values (at most 999): for each value, the
    # longest chain ending in it so far and where (the earliest candidate on ties), so each
    # candidate looks back at `max_step` values instead of at every earlier candidate.
    best: list[int] = [1] * len(cands)
    back: list[int] = [-1] * len(cands)
    ending: dict[int, tuple[int, int]] = {}  # value -> (chain length, candidate index)
    for j, (_, value) in enumerate(cands):
        prev = [ending[v] for v in range(value - max_step, value) if v in ending]
        if prev:
            length, i = max(prev, key=lambda t: (t[0], -t[1]))
            best[j], back[j] = length + 1, i
        if best[j] > ending.get(value, (0, 0))[0]:
            ending[value] = (best[j], j)
    if not cands or max(best) < 2:
        return []
    k = max(range(len(cands)), key=best.__getitem__)
    chain: list[int] = []
    while k >= 0:
        chain.append(cands[k][0] + 1)
        k = back[k]
    return chain


def _title_like(line: str) -> bool:
    s = line.strip()
    return 2 <= len(s) <= 40 and not s.endswith(("。", "、", ".", ",")) and not s[0].isdigit()


def _line(raw: str) -> Line:
    """Given a raw text-layer line, return a Line: Markdown emphasis as bold spans, no box."""
    role: Role = "title" if _HEADING.match(raw) else "body"
    body = _HEADING.sub("", raw)
    body = _LINK.sub(lambda m: m.group(1) if m.group(1) is not None else m.group(2), body)
    spans: list[Span] = []
    pos = 0
    for m in _EMPH.finditer(body):
        if m.start() > pos:
            spans.append(Span(body[pos : m.start()]))
        spans.append(Span(m.group(1) or m.group(2), bold=True))
        pos = m.end()
    if pos < len(body) or not spans:
        spans.append(Span(body[pos:]))
    raw = "".join(s.text for s in spans)
    text = norm(raw).strip()
    if text == raw:
        text = raw  # one string object for both: a big text layer holds hundreds of thousands of lines
    return Line(text=text, spans=[s for s in spans if s.text], role=role)


def _page(number: int, chunk: str) -> Page:
    raw_lines = spaced_as_tsv(chunk.split("\n"))  # a table laid out with spaces reads as tab-separated rows
    lines = [_line(r) for r in raw_lines]
    found: list[Found] = []
    for finder in (html_tables, markdown_tables, tsv_tables):
        taken = {k for a, b, _ in found for k in range(a, b + 1)}
        found.extend(f for f in finder(raw_lines) if not taken & set(range(f[0], f[1] + 1)))
    found.sort(key=lambda f: f[0])
    return Page(
        number=number,
        raw_text=chunk,
        text="\n".join(ln.text for ln in lines),
        lines=lines,
        tables=[t for _, _, t in found],
    )

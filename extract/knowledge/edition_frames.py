"""The frames of an edition: which documents enumerate a program's frames, and the 枠 of a 類型 printed alone.

Both feed the diff through the database (`document_editions.coverage`, `edition_type_frames`):
a side whose documents enumerate the program's frames closes the list of frames (a frame absent
there is gone); a 類型 a leaflet prints without its 枠 is the 類型 of the 枠 another document of
the same edition prints it under. Pure: `schema.editions_store` passes the inputs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from extract.knowledge.printed import EditionText

ENUMERATION_MIN = 3
"""Frames (a 枠, or a 類型 printed without one) a page must state values for to list the program's frames."""


def coverage(printed: EditionText, program: str,
             by_page: dict[int | None, set[tuple[str, str]]]) -> dict[str, Any]:
    """Given what a document prints and the (frame, type) pairs it states values for on each page, return
    whether it enumerates the frames of `program` — a 公募要領 or 交付規程 of the whole program (its title
    names no frame), or a page stating values for `ENUMERATION_MIN` frames or more (an overview table or
    list) — and the frames its title restricts it to."""
    out: dict[str, Any] = {"enumerates": False, "frames": [list(f) for f in printed.frames]}
    if printed.program == program and printed.kind in ("koubo", "kitei") and not printed.frames:
        out.update(enumerates=True, why=printed.kind, page=None)
        return out
    for page in sorted(by_page, key=lambda p: (p is None, p or 0)):
        units = sorted({frame or type_ for frame, type_ in by_page[page] if frame or type_})
        if len(units) >= ENUMERATION_MIN:
            out.update(enumerates=True, why="page", page=page, listed=units)
            return out
    return out


def type_frames(pairs: Iterable[tuple[str, str, str, str, int | None]],
                ) -> dict[tuple[str, str], tuple[str, str, int | None]]:
    """Given (edition ident, frame, type, document, page) of the facts of every edition, return for each
    (edition ident, type) read without its 枠 the one 枠 another place of the same edition prints it
    under, with that place: (frame, document, page). A type printed under several frames gets none."""
    seen: dict[tuple[str, str], dict[str, tuple[str, int | None]]] = defaultdict(dict)
    alone: set[tuple[str, str]] = set()
    for ident, frame, type_, document, page in sorted(pairs, key=lambda p: (p[0], p[1], p[2], p[3], p[4] or 0)):
        if not type_:
            continue
        if frame:
            seen[(ident, type_)].setdefault(frame, (document, page))
        else:
            alone.add((ident, type_))
    out = {}
    for k in sorted(alone):
        frames = seen.get(k, {})
        if len(frames) == 1:
            frame, (document, page) = next(iter(frames.items()))
            out[k] = (frame, document, page)
    return out

"""Ruling lines of a page from its vector graphics, and the grids they form.

PDF producers draw table rules as stroked lines, stroked rectangles, or thin filled
rectangles (Word), and shade cells with larger filled rectangles. `page_rules` turns
one `get_cdrawings()` list into merged horizontal and vertical rules plus the shaded
areas; `grids` groups rules that touch into candidate tables: sorted column x's and
row y's, with a lookup telling whether a rule separates two neighbouring grid cells.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from extract.model import BBox

Seg = tuple[float, float, float]  # (position, start, end): y, x0, x1 for horizontal rules


@dataclass(frozen=True, slots=True)
class RuleSettings:
    """Tolerances of rule detection, in PDF points."""

    snap: float = 3.0  # rules closer than this across are one rule (double borders, frames)
    join: float = 3.0  # gap along a rule that is bridged
    min_len: float = 6.0  # shorter strokes are not rules
    max_thick: float = 3.5  # thicker filled rectangles shade an area instead of ruling it
    cover: float = 0.6  # share of a cell side a rule must cover to separate two cells

    @classmethod
    def resolve(cls, value: RuleSettings | dict[str, float] | None) -> RuleSettings:
        """Given None, a dict of overrides or an instance, return settings."""
        if value is None:
            return cls()
        if isinstance(value, RuleSettings):
            return value
        return cls(**value)


@dataclass(slots=True)
class Rules:
    """A page's merged rules and shaded rectangles."""

    h: list[Seg] = field(default_factory=list)
    v: list[Seg] = field(default_factory=list)
    shades: list[tuple[BBox, tuple[float, float, float]]] = field(default_factory=list)


def _white(rgb: Any) -> bool:
    return rgb is None or (len(rgb) >= 3 and sum(rgb[:3]) >= 2.85)


def page_rules(drawings: list[dict[str, Any]], st: RuleSettings | None = None) -> Rules:
    """Given ``page.get_cdrawings()``, return the page's horizontal and vertical rules and shades."""
    st = st or RuleSettings()
    h: list[Seg] = []
    v: list[Seg] = []
    shades: list[tuple[BBox, tuple[float, float, float]]] = []
    for path in drawings:
        kind = path.get("type", "")
        stroked = "s" in kind and not _white(path.get("color"))
        fill = path.get("fill") if "f" in kind else None
        for item in path.get("items", ()):
            op = item[0]
            if op == "l" and stroked:
                (x0, y0), (x1, y1) = item[1], item[2]
                _add_line(h, v, x0, y0, x1, y1)
            elif op in ("re", "qu"):
                r = item[1]
                if op == "qu":  # axis-aligned quads only
                    xs = [p[0] for p in r]
                    ys = [p[1] for p in r]
                    r = (min(xs), min(ys), max(xs), max(ys))
                x0, y0, x1, y1 = min(r[0], r[2]), min(r[1], r[3]), max(r[0], r[2]), max(r[1], r[3])
                w, ht = x1 - x0, y1 - y0
                if fill is not None and not _white(fill) and (w <= st.max_thick or ht <= st.max_thick):
                    if w <= st.max_thick and ht > w:
                        v.append(((x0 + x1) / 2, y0, y1))
                    elif ht <= st.max_thick:
                        h.append(((y0 + y1) / 2, x0, x1))
                    continue
                if fill is not None and not _white(fill):
                    # shading, not a rule: Word insets text highlights inside cells
                    shades.append(((x0, y0, x1, y1), tuple(fill[:3])))
                if stroked:
                    h.extend([(y0, x0, x1), (y1, x0, x1)])
                    v.extend([(x0, y0, y1), (x1, y0, y1)])
    return Rules(_merge(h, st), _merge(v, st), shades)


def filled_boxes(drawings: list[dict[str, Any]], min_side: float = 6.0) -> list[BBox]:
    """Given ``page.get_cdrawings()``, return the boxes of shapes filled with a colour (bands,
    shaded cells, rounded panels), thin rules and tiny marks left out."""
    out: list[BBox] = []
    for path in drawings:
        if "f" not in path.get("type", "") or _white(path.get("fill")) or not path.get("rect"):
            continue
        x0, y0, x1, y1 = (float(v) for v in path["rect"])
        if x1 - x0 >= min_side and y1 - y0 >= min_side:
            out.append((x0, y0, x1, y1))
    return out


def _add_line(h: list[Seg], v: list[Seg], x0: float, y0: float, x1: float, y1: float) -> None:
    if abs(y1 - y0) <= 1.0:
        h.append(((y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= 1.0:
        v.append(((x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _merge(segs: list[Seg], st: RuleSettings) -> list[Seg]:
    """Given rules along one axis, return them snapped across and joined along."""
    segs = sorted(s for s in segs if s[2] - s[1] >= 0.5)
    out: list[Seg] = []
    i = 0
    while i < len(segs):
        j = i
        while j + 1 < len(segs) and segs[j + 1][0] - segs[j][0] <= st.snap:
            j += 1
        group = sorted(segs[i : j + 1], key=lambda s: s[1])
        pos = sum(s[0] for s in group) / len(group)
        a, b = group[0][1], group[0][2]
        for s in group[1:]:
            if s[1] <= b + st.join:
                b = max(b, s[2])
            else:
                if b - a >= st.min_len:
                    out.append((pos, a, b))
                a, b = s[1], s[2]
        if b - a >= st.min_len:
            out.append((pos, a, b))
        i = j + 1
    return out


class DisjointSet:
    """Union-find over 0..n-1 with path halving: `join` two members, `find` a set's root."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


@dataclass(slots=True)
class Grid:
    """A candidate table: row boundaries `ys`, column boundaries `xs`, and its rules."""

    xs: list[float]
    ys: list[float]
    h: list[Seg]
    v: list[Seg]

    @property
    def bbox(self) -> BBox:
        return (self.xs[0], self.ys[0], self.xs[-1], self.ys[-1])

    def v_edge(self, col: int, row: int, cover: float) -> bool:
        """Return whether a vertical rule at `xs[col]` separates the cells of `row`."""
        return _covered(self.v, self.xs[col], self.ys[row], self.ys[row + 1], cover)

    def h_edge(self, row: int, col: int, cover: float) -> bool:
        """Return whether a horizontal rule at `ys[row]` separates the cells of `col`."""
        return _covered(self.h, self.ys[row], self.xs[col], self.xs[col + 1], cover)


def _covered(segs: list[Seg], pos: float, a: float, b: float, cover: float, tol: float = 2.0) -> bool:
    got = 0.0
    for p, s0, s1 in segs:
        if abs(p - pos) <= tol:
            got += max(0.0, min(b, s1) - max(a, s0))
    return got >= cover * (b - a)


def grids(rules: Rules, st: RuleSettings | None = None) -> list[Grid]:
    """Given a page's rules, return the grids formed by rules that touch (at least 2 x 2 cells)."""
    st = st or RuleSettings()
    segs = [("h", s) for s in rules.h] + [("v", s) for s in rules.v]
    sets = DisjointSet(len(segs))

    tol = st.snap
    hs = [(i, s) for i, (k, s) in enumerate(segs) if k == "h"]
    vs = sorted(((i, s) for i, (k, s) in enumerate(segs) if k == "v"), key=lambda t: t[1][0])
    vx = [s[0] for _, s in vs]
    for i, (y, x0, x1) in hs:
        for k in range(bisect_left(vx, x0 - tol), len(vs)):
            j, (x, y0, y1) = vs[k]
            if x > x1 + tol:
                break
            if y0 - tol <= y <= y1 + tol:
                sets.join(i, j)
    comps: dict[int, list[int]] = {}
    for i in range(len(segs)):
        comps.setdefault(sets.find(i), []).append(i)
    out: list[Grid] = []
    for members in comps.values():
        h = [segs[i][1] for i in members if segs[i][0] == "h"]
        v = [segs[i][1] for i in members if segs[i][0] == "v"]
        if len(h) < 2 or len(v) < 2:
            continue
        ys = _cluster([s[0] for s in h], tol)
        xs = _cluster([s[0] for s in v], tol)
        if len(ys) >= 3 or len(xs) >= 3:
            out.append(Grid(xs, ys, h, v))
    return out


def _cluster(vals: list[float], tol: float) -> list[float]:
    vals = sorted(vals)
    out: list[list[float]] = [[vals[0]]]
    for x in vals[1:]:
        if x - out[-1][-1] <= tol:
            out[-1].append(x)
        else:
            out.append([x])
    return [sum(g) / len(g) for g in out]


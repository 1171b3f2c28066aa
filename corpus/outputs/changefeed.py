"""`changes.atom`: one Atom entry per compared pair of editions, so that other tools can subscribe to changes.

An entry names the program and the two editions, says what changed first (caps, rates,
requirements, then how many dates moved) and links to the pair in the program's HTML report.
Its `updated` is the newest publication date of the later edition's documents, so rewriting
the reports of an unchanged database writes the same feed byte for byte. XML is built with
the standard library's ElementTree, which escapes document text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from xml.etree import ElementTree as ET

ATOM = "http://www.w3.org/2005/Atom"
JST = dt.timezone(dt.timedelta(hours=9))
EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """One pair of editions as the feed announces it."""

    program: str
    title: str  # IT導入補助金: 2024 → 2025
    href: str  # the pair in its report, relative to the feed: IT導入補助金.html#e1
    summary: str  # the main changes in one paragraph
    updated: dt.date | None  # the newest publication date of the later edition's documents

    @property
    def id(self) -> str:
        """Return a stable id (the same program and pair of editions: the same id, build after build)."""
        return "urn:hojo:diff:" + hashlib.sha256(self.title.encode()).hexdigest()[:32]

    def stamp(self) -> dt.datetime:
        """Return when the entry was last updated (midnight in Japan of its date; the epoch when unknown)."""
        return dt.datetime.combine(self.updated, dt.time(), JST) if self.updated else EPOCH


def changes_feed(entries: Sequence[FeedEntry], title: str = "hojo: 版ごとの変化") -> bytes:
    """Given the entries, return the Atom document (UTF-8), the most recently updated entry first."""
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed")
    ordered = sorted(entries, key=lambda e: (-e.stamp().timestamp(), e.title))
    newest = max((e.stamp() for e in ordered), default=EPOCH)
    _text(feed, "id", "urn:hojo:changes")
    _text(feed, "title", title)
    _text(feed, "updated", newest.isoformat())
    ET.SubElement(ET.SubElement(feed, f"{{{ATOM}}}author"), f"{{{ATOM}}}name").text = "hojo"
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href="changes.atom")
    for e in ordered:
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", e.id)
        _text(item, "title", e.title)
        _text(item, "updated", e.stamp().isoformat())
        ET.SubElement(item, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=e.href)
        ET.SubElement(item, f"{{{ATOM}}}category", term=e.program)
        _text(item, "summary", e.summary).set("type", "text")
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    el = ET.SubElement(parent, f"{{{ATOM}}}{tag}")
    el.text = text
    return el

"""Tiny documents the corpus tests generate: PDFs drawn with PyMuPDF's built-in CJK font, and broken files."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pymupdf
import pytest


def make_pdf(path: Path, pages: list[str]) -> Path:
    """Write a PDF whose pages carry the given (Japanese) lines; return its path."""
    doc = pymupdf.open()
    for text in pages:
        page = doc.new_page(width=595, height=842)
        y = 72.0
        for line in text.splitlines():
            page.insert_text((72, y), line, fontname="japan", fontsize=11)
            y += 18
    doc.save(path)
    doc.close()
    return path


def make_encrypted_pdf(path: Path) -> Path:
    """Write a PDF that needs a password to open."""
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret", fontsize=11)
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    doc.close()
    return path


def make_truncated_pdf(path: Path, source: Path) -> Path:
    """Write the first third of a valid PDF's bytes."""
    data = source.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


class Docs:
    """Factory of test documents inside one temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def pdf(self, name: str, pages: list[str]) -> Path:
        return make_pdf(self.root / name, pages)

    def encrypted(self, name: str = "locked.pdf") -> Path:
        return make_encrypted_pdf(self.root / name)

    def truncated(self, name: str = "truncated.pdf") -> Path:
        src = make_pdf(self.root / "_src.pdf", ["補助上限額 3,000万円\n補助率 2/3以内"] * 3)
        out = make_truncated_pdf(self.root / name, src)
        src.unlink()
        return out

    def text(self, name: str, content: str) -> Path:
        p = self.root / name
        p.write_text(content, encoding="utf-8")
        return p

    def raw(self, name: str, data: bytes) -> Path:
        p = self.root / name
        p.write_bytes(data)
        return p


@pytest.fixture
def docs(tmp_path: Path) -> Docs:
    """A factory of small generated documents in a fresh folder."""
    d = tmp_path / "in"
    d.mkdir()
    return Docs(d)


def unprivileged(cmd: list[str]) -> list[str]:
    """Return `cmd` run without the power to ignore file permissions (root drops CAP_DAC_*), or skip."""
    if os.geteuid() != 0:
        return cmd
    if shutil.which("setpriv") is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable or read-only")
    return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *cmd]

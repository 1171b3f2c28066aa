"""Bad inputs raise the matching ExtractError with a clear reason; the error pickles."""

from __future__ import annotations

import pickle
from pathlib import Path

import pymupdf
import pytest

from extract import read_document
from extract.errors import (
    DamagedPdf,
    EmptyFile,
    EncryptedPdf,
    ExtractError,
    NotAPdf,
    UnreadableFile,
    UnsupportedFormat,
)


def _good_pdf(path: Path, pages: int = 3) -> Path:
    doc = pymupdf.open()
    for _ in range(pages):
        doc.new_page().insert_text((72, 72), "補助上限額 3,000万円", fontname="japan")
    doc.save(path)
    return path


def _encrypted(path: Path) -> Path:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "secret")
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")
    return path


def _truncated(path: Path) -> Path:
    data = _good_pdf(path.with_name("src.pdf")).read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def _tail_cut(path: Path) -> Path:
    data = _good_pdf(path.with_name("src2.pdf"), pages=6).read_bytes()
    path.write_bytes(data[: len(data) - 200])  # xref and trailer gone, objects intact
    return path


CASES = [
    ("zero-byte", lambda d: _write(d / "empty.pdf", b""), EmptyFile, "empty"),
    ("truncated", lambda d: _truncated(d / "cut.pdf"), DamagedPdf, "truncated|damaged"),
    ("no-trailer", lambda d: _tail_cut(d / "tail.pdf"), DamagedPdf, "truncated"),
    ("encrypted", lambda d: _encrypted(d / "locked.pdf"), EncryptedPdf, "encrypted.*password"),
    ("html", lambda d: _write(d / "page.pdf", b"<html>404 Not Found</html>"), NotAPdf, "not a PDF"),
    ("missing", lambda d: d / "missing.pdf", UnreadableFile, "cannot read"),
    ("directory", lambda d: _mkdir(d / "dir.pdf"), UnreadableFile, "cannot read"),
    ("empty-text", lambda d: _write(d / "blank.txt", b"\n \n"), EmptyFile, "empty"),
    ("docx", lambda d: _write(d / "x.docx", b"PK"), UnsupportedFormat, "unsupported"),
]


def _write(p: Path, data: bytes) -> Path:
    p.write_bytes(data)
    return p


def _mkdir(p: Path) -> Path:
    p.mkdir()
    return p


@pytest.mark.parametrize(("make", "cls", "reason"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_its_error(tmp_path: Path, make, cls: type[ExtractError], reason: str) -> None:
    path = make(tmp_path)
    with pytest.raises(cls, match=f"(?i){reason}") as info:
        read_document(path)
    err = info.value
    assert err.path == path and err.page is None
    assert str(err).startswith(f"{path}: ")


def test_error_str_names_the_page_and_survives_pickling() -> None:
    err = DamagedPdf(Path("x.pdf"), "cannot parse", page=3)
    assert str(err) == "x.pdf: page 3: cannot parse"
    back = pickle.loads(pickle.dumps(err))
    assert (type(back), back.path, back.page, back.reason) == (DamagedPdf, Path("x.pdf"), 3, "cannot parse")


def test_password_free_encryption_opens(tmp_path: Path) -> None:
    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "補助率 1/2", fontname="japan")
    path = tmp_path / "owner-only.pdf"
    doc.save(path, encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="")
    assert "補助率" in read_document(path).pages[0].text

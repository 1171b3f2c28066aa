"""The manifest lists every shared document, each resolving in the mirror with a matching SHA-256."""

from __future__ import annotations

from pathlib import Path

import pytest

from corpus.fetch import FetchError, locate, sha256_of
from corpus.manifest import Entry, ManifestError, load_manifest, parse_partial_date


def test_every_entry_resolves_with_matching_sha(shared: Path, tmp_path: Path) -> None:
    entries = load_manifest()
    for e in entries:
        path = locate(e, shared / "corpus", tmp_path)
        assert sha256_of(path) == e.sha256, e.key
        assert e.key == Path(e.file).stem


def test_manifest_covers_the_whole_mirror(shared: Path) -> None:
    listed = {e.file for e in load_manifest()}
    on_disk = {p.relative_to(shared / "corpus").as_posix()
               for p in (shared / "corpus").rglob("*") if p.suffix in (".pdf", ".txt")}
    assert on_disk == listed


def test_pdfs_have_a_source_url_and_seeds_say_why_not() -> None:
    for e in load_manifest():
        if e.file.endswith(".pdf"):
            assert e.source_url and e.source_url.startswith("https://"), e.key
        else:
            assert e.source_url is None and e.note, e.key


@pytest.mark.parametrize(("text", "iso"), [("2024", "2024-01-01"), ("2025-01", "2025-01-01"),
                                           ("2023-01-27", "2023-01-27")])
def test_partial_dates(text: str, iso: str) -> None:
    assert parse_partial_date(text).isoformat() == iso


def test_malformed_manifest_names_the_entry(tmp_path: Path) -> None:
    bad = tmp_path / "m.toml"
    bad.write_text('[[document]]\nkey = "x"\nfile = "x.pdf"\n', encoding="utf-8")
    with pytest.raises(ManifestError, match="document x: missing sha256"):
        load_manifest(bad)


def test_missing_everywhere_is_a_clear_error(tmp_path: Path) -> None:
    e = Entry(key="gone", file="pdf/gone.pdf", sha256="0" * 64, title="t", issuer="i", published="2024",
              kind="faq", licence="l", source_url="http://127.0.0.1:9/gone.pdf")
    with pytest.raises(FetchError, match=r"pdf/gone.pdf: not in .*download failed"):
        locate(e, tmp_path / "mirror", tmp_path / "cache")


def test_wrong_checksum_in_mirror_is_reported(tmp_path: Path) -> None:
    (tmp_path / "m" / "pdf").mkdir(parents=True)
    (tmp_path / "m" / "pdf" / "x.pdf").write_bytes(b"%PDF-1.4 not the file")
    e = Entry(key="x", file="pdf/x.pdf", sha256="f" * 64, title="t", issuer="i", published="2024",
              kind="faq", licence="l")
    with pytest.raises(FetchError, match=r"has sha256 .* manifest says ffffffffffff"):
        locate(e, tmp_path / "m", tmp_path / "cache")

"""Text-layer encodings: detected, decoded strictly, recorded; undecodable bytes are a clear failure."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from extract import read_document
from extract.encoding import UndecodableText, decode_text, detect_encoding
from extract.errors import NotText

TEXT = "事業承継・引継ぎ補助金2025\n専門家活用枠\n補助上限額 600万円\n補助率 2/3以内\n公募期間 4月1日〜5月31日\n"
# NEC/IBM extensions are CP932 only; Windows writes the wave dash as FULLWIDTH TILDE (CP932 0x8160)
WINDOWS = TEXT.replace("〜", "～") + "① 申請は㈱・㈲も可（髙橋商店など）\n"

CASES = [
    # (bytes, detected encoding, text)
    (TEXT.encode("utf-8"), "utf-8", TEXT),
    (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig", TEXT),
    (TEXT.encode("utf-16"), "utf-16", TEXT),
    (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "utf-16", TEXT),
    (TEXT.encode("shift_jis"), "shift_jis", TEXT),
    (WINDOWS.encode("cp932"), "cp932", WINDOWS),
    (TEXT.encode("euc_jp"), "euc_jp", TEXT),
    (TEXT.encode("iso2022_jp"), "iso2022_jp", TEXT),
    (b"plain ASCII 1/2\n", "utf-8", "plain ASCII 1/2\n"),
]


@pytest.mark.parametrize(("data", "encoding", "text"), CASES, ids=[c[1] + str(i) for i, c in enumerate(CASES)])
def test_encoding_is_detected_and_decoded(data: bytes, encoding: str, text: str) -> None:
    assert detect_encoding(data) == encoding
    assert decode_text(data) == (text, encoding)


def test_short_legacy_texts_are_told_apart() -> None:
    for line in ["補助率", "締切", "中小企業は2/3", "ものづくり補助金"]:
        for enc in ("shift_jis", "euc_jp"):
            assert decode_text(line.encode(enc))[0] == line, (line, enc)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        # UTF-8 with one stray byte: a damaged UTF-8 file, not Shift_JIS nonsense
        (TEXT.encode("utf-8")[:30] + b"\x82" + TEXT.encode("utf-8")[30:], r"invalid UTF-8: byte 30 \(line 1\)"),
        (bytes(range(128, 256)) * 4, "not text in UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8", "not valid utf-16 after its byte-order mark"),
    ],
    ids=["stray-byte", "binary", "bad-utf16"],
)
def test_undecodable_bytes_raise_with_the_place(data: bytes, message: str) -> None:
    with pytest.raises(UndecodableText, match=message):
        decode_text(data)


def test_read_document_records_the_encoding_and_names_the_file(tmp_path: Path) -> None:
    sjis = tmp_path / "leaflet.txt"
    sjis.write_bytes(TEXT.encode("shift_jis"))
    doc = read_document(sjis)
    assert doc.metadata["encoding"] == "shift_jis"
    assert "補助上限額 600万円" in doc.pages[0].raw_text
    bad = tmp_path / "broken.txt"
    bad.write_bytes(bytes(range(128, 256)) * 4)
    with pytest.raises(NotText, match=r"broken\.txt: not text in UTF-8"):
        read_document(bad)

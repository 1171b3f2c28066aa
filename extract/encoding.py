"""Decode a text layer's bytes: find the encoding, decode strictly, never replace a byte silently.

Japanese government text files come in UTF-8 (with or without a BOM), UTF-16 (with a BOM),
Shift_JIS or its Windows superset CP932, EUC-JP and, rarely, ISO-2022-JP. The order:

1. a byte-order mark decides (UTF-32, UTF-16, UTF-8);
2. bytes that are valid UTF-8 are UTF-8 (ASCII included), unless they carry
   ISO-2022-JP escapes and decode as ISO-2022-JP;
3. otherwise every legacy Japanese encoding that decodes the bytes strictly is a
   candidate; Shift_JIS is preferred over CP932 when both work (the same text but for
   a few Windows symbols), and charset-normalizer picks between Shift_JIS/CP932 and
   EUC-JP when both decode (short texts can);
4. bytes that are mostly valid UTF-8 with a few bad bytes are a damaged UTF-8 file, not a
   legacy one (Shift_JIS would decode some of them into nonsense): they raise
   `UndecodableText`, as do bytes no encoding decodes, naming where UTF-8 failed.
"""

from __future__ import annotations

import codecs
import re

__all__ = ["LEGACY", "UndecodableText", "decode_text", "detect_encoding"]

LEGACY = ("shift_jis", "cp932", "euc_jp")
"""Legacy Japanese encodings tried in this order when the bytes are not UTF-8."""

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ISO2022_ESCAPES = (b"\x1b$B", b"\x1b$@", b"\x1b(J", b"\x1b$(D")
_NON_ASCII = re.compile(r"[^\x00-\x7f\ufffd]")
SAMPLE = 1 << 18
"""Bytes looked at to tell a damaged UTF-8 file from a legacy one."""


class UndecodableText(ValueError):  # noqa: N818 - reads as the condition it reports
    """Bytes that decode in none of the supported encodings; `str()` says where UTF-8 failed."""


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _where(data: bytes, err: UnicodeDecodeError) -> str:
    line = data.count(b"\n", 0, err.start) + 1
    return f"byte {err.start} (line {line}) is 0x{data[err.start]:02x}"


def _mostly_utf8(data: bytes) -> bool:
    """Given bytes that are not valid UTF-8, return whether they are UTF-8 text with a few bad bytes:
    at least eight valid non-ASCII characters per undecodable one in the first `SAMPLE` bytes."""
    text = data[:SAMPLE].decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    return len(_NON_ASCII.findall(text)) >= 8 * max(bad, 1)


def detect_encoding(data: bytes) -> str:
    """Given a text file's bytes, return the Python codec name that decodes them (see module docstring).

    Raises `UndecodableText` when none does.
    """
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as e:
        utf8_error = e
    else:
        if b"\x1b" in data and any(esc in data for esc in _ISO2022_ESCAPES) and _decodes(data, "iso2022_jp"):
            return "iso2022_jp"
        return "utf-8"
    if _mostly_utf8(data):
        raise UndecodableText(f"invalid UTF-8: {_where(data, utf8_error)}")
    fits = [enc for enc in LEGACY if _decodes(data, enc)]
    if not fits:
        raise UndecodableText(
            f"not text in UTF-8, UTF-16, Shift_JIS/CP932 or EUC-JP (as UTF-8, {_where(data, utf8_error)})")
    if "shift_jis" in fits and "cp932" in fits:
        fits.remove("cp932")
    if len(fits) == 1:
        return fits[0]
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=fits).best()
    return best.encoding if best is not None and best.encoding in fits else fits[0]


def decode_text(data: bytes) -> tuple[str, str]:
    """Given a text file's bytes, return its text (strictly decoded, BOM dropped) and the encoding used."""
    encoding = detect_encoding(data)
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as e:  # a BOM that promised more than the bytes hold
        raise UndecodableText(f"not valid {encoding} after its byte-order mark ({_where(data, e)})") from e

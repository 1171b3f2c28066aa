"""Names printed safely: a file name may hold a newline, an escape sequence or a bidi override.

`shown(text)` escapes every control character (C0, DEL, C1), the Unicode line and paragraph
separators and the bidirectional controls as ``\\n``, ``\\x1b``, ``\\u202e``, so that one message
is one line and a name cannot forge a log line or repaint the terminal. `EscapingFilter` does
it to every log record, so each log line is one line whatever names it holds.
"""

from __future__ import annotations

import logging
import re
import unicodedata

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings, overrides and isolates, BOM
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(m: re.Match[str]) -> str:
    ch = m.group()
    if ch in _NAMED:
        return _NAMED[ch]
    return f"\\x{ord(ch):02x}" if ord(ch) < 0x100 else f"\\u{ord(ch):04x}"


def shown(text: object) -> str:
    """Return `text` (a name, a path, a message naming one) with its control characters escaped."""
    s = str(text)
    return _UNSAFE.sub(_escape, s) if _UNSAFE.search(s) else s


def is_safe(text: str) -> bool:
    """Return whether `text` prints as one line with no control character (what `shown` returns)."""
    return not _UNSAFE.search(text) and all(unicodedata.category(c) != "Cc" for c in text)


class EscapingFilter(logging.Filter):
    """A logging filter that escapes the control characters of every record's message (its arguments
    included), so that a log record is one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Replace the record's message by its escaped text; keep every record."""
        message = record.getMessage()
        if _UNSAFE.search(message):
            record.msg, record.args = shown(message), None
        return True

"""Errors of the extract stage: one base class, one subclass per way an input can be unusable.

Recoverable problems (a page that fails to load, a table that cannot be gridded, OCR
that fails) are not raised: they go to `DocumentText.warnings` as strings naming the page.
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "DamagedPdf",
    "EmptyFile",
    "EncryptedPdf",
    "ExtractError",
    "NotAPdf",
    "NotText",
    "TooLarge",
    "UnreadableFile",
    "UnsupportedFormat",
]


class ExtractError(Exception):
    """A document that cannot be read at all; `str()` is ``"{path}: page {page}: {reason}"``."""

    def __init__(self, path: Path | str, reason: str, page: int | None = None) -> None:
        self.path = Path(path)
        self.page = page
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"{self.path}: page {self.page}" if self.page is not None else str(self.path)
        return f"{where}: {self.reason}"

    def __reduce__(self) -> tuple[type, tuple[Path, str, int | None]]:
        # keep the three attributes when the error crosses a process boundary
        return (type(self), (self.path, self.reason, self.page))


class UnreadableFile(ExtractError):  # noqa: N818 - names set by the extract contract
    """The path does not exist, is a directory, or cannot be opened for reading."""


class EmptyFile(ExtractError):  # noqa: N818 - names set by the extract contract
    """The file has zero bytes (or only whitespace, for a text layer)."""


class NotAPdf(ExtractError):  # noqa: N818 - names set by the extract contract
    """A file named .pdf whose bytes are not a PDF (an HTML error page, say)."""


class EncryptedPdf(ExtractError):  # noqa: N818 - names set by the extract contract
    """A PDF that needs a password to open."""


class DamagedPdf(ExtractError):  # noqa: N818 - names set by the extract contract
    """A truncated or unparseable PDF."""


class UnsupportedFormat(ExtractError):  # noqa: N818 - names set by the extract contract
    """A suffix no reader handles."""


class NotText(ExtractError):  # noqa: N818 - names set by the extract contract
    """A text layer whose bytes decode in none of the supported encodings (see `extract.encoding`)."""


class TooLarge(ExtractError):  # noqa: N818 - names set by the extract contract
    """A file over the size or page limit the caller set (`hojo build --max-bytes/--max-pages`)."""

"""Find a manifest document: in the mirror directory, in the download cache, or from its source URL."""

from __future__ import annotations

import hashlib
import logging
from pathlib import Path

import httpx
from tenacity import retry, retry_if_exception_type, stop_after_attempt, wait_exponential

from corpus.manifest import Entry

log = logging.getLogger(__name__)


class FetchError(RuntimeError):
    """A document could not be found locally nor downloaded; the message says why."""


def sha256_of(path: Path) -> str:
    """Given a file, return the hex SHA-256 of its bytes."""
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


@retry(
    retry=retry_if_exception_type((httpx.TransportError, httpx.HTTPStatusError)),
    stop=stop_after_attempt(3),
    wait=wait_exponential(multiplier=0.5, max=4),
    reraise=True,
)
def _download(url: str, dest: Path) -> None:
    tmp = dest.with_suffix(dest.suffix + ".part")
    with httpx.stream("GET", url, follow_redirects=True, timeout=30) as r:
        r.raise_for_status()
        with tmp.open("wb") as fh:
            for chunk in r.iter_bytes():
                fh.write(chunk)
    tmp.replace(dest)  # atomic: a killed download never looks complete


def locate(entry: Entry, mirror: Path | None, cache: Path) -> Path:
    """Given a manifest entry, return a local file whose SHA-256 matches it, downloading if needed."""
    tried: list[str] = []
    for base in (mirror, cache):
        if base is None:
            continue
        path = base / entry.file
        if path.is_file():
            digest = sha256_of(path)
            if digest == entry.sha256:
                return path
            tried.append(f"{path} has sha256 {digest[:12]}…, manifest says {entry.sha256[:12]}…")
        else:
            tried.append(f"not in {base}")
    if not entry.source_url:
        raise FetchError(f"{entry.file}: {'; '.join(tried)}; no source URL to download from")
    dest = cache / entry.file
    dest.parent.mkdir(parents=True, exist_ok=True)
    try:
        log.info("downloading %s from %s", entry.file, entry.source_url)
        _download(entry.source_url, dest)
    except (httpx.HTTPError, OSError) as e:
        raise FetchError(f"{entry.file}: {'; '.join(tried)}; download failed: {e}") from None
    digest = sha256_of(dest)
    if digest != entry.sha256:
        dest.unlink(missing_ok=True)
        raise FetchError(f"{entry.file}: downloaded file has sha256 {digest[:12]}…, manifest says "
                         f"{entry.sha256[:12]}…")
    return dest

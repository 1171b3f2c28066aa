"""One GiNZA for all the pool's workers: the build's process parses, the workers ask.

Nearly every document has a sentence or two whose applicant only the dependency parse shows,
so every worker would load GiNZA (≈ 2 s and ≈ 370 MB each). Instead the client process serves
`extract.facts.associate.resolve` over a local socket: it loads the model once, on the first
request, and answers each worker's (sentence, value span) pairs with applicants. Workers on
other machines (Dask) load their own GiNZA lazily instead.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import threading
from multiprocessing.connection import Client, Connection, Listener
from typing import Any

log = logging.getLogger(__name__)

Pairs = list[tuple[str, tuple[int, int]]]


class ParseServer:
    """Serve `resolve` requests from worker processes on a local socket, in background threads."""

    def __init__(self, prefetch: bool = False) -> None:
        self.authkey = secrets.token_bytes(16)
        self.listener = Listener(family="AF_UNIX", authkey=self.authkey)
        self.address = self.listener.address
        self._lock = threading.Lock()
        self._closed = False
        self.requests = 0
        threading.Thread(target=self._accept, name="ginza-server", daemon=True).start()
        if prefetch:  # load while the workers read their first documents, not when they first ask
            threading.Thread(target=self._load, name="ginza-load", daemon=True).start()

    def _load(self) -> None:
        from extract.facts.nlp import load_nlp

        with self._lock:
            try:
                load_nlp()
            except Exception as e:  # the first request will fail the same way, and say so
                log.debug("GiNZA prefetch failed: %s", e)

    def _accept(self) -> None:
        while not self._closed:
            try:
                conn = self.listener.accept()
            except (OSError, EOFError):
                if self._closed:
                    return
                continue
            threading.Thread(target=self._serve, args=(conn,), name="ginza-conn", daemon=True).start()

    def _serve(self, conn: Connection) -> None:
        from extract.facts.associate import resolve
        from extract.facts.nlp import LazyNLP

        nlp = LazyNLP()  # loaded only for a sentence the answer cache lacks (a rules-only rebuild has none)
        with conn:
            while True:
                try:
                    pairs = conn.recv()
                except (EOFError, OSError):
                    return
                try:
                    with self._lock:  # one parse at a time: spaCy pipelines are not thread-safe
                        self.requests += 1
                        answer: Any = resolve(pairs, nlp)
                except Exception as e:  # the worker falls back to its own GiNZA
                    answer = e
                conn.send(answer)

    def close(self) -> None:
        """Stop accepting workers."""
        self._closed = True
        with contextlib.suppress(OSError):
            self.listener.close()

    def __enter__(self) -> ParseServer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class RemoteNLP:
    """A worker's handle on the client's `ParseServer`: `resolve(pairs)` as `extract.facts.associate` calls it."""

    def __init__(self, address: str, authkey: bytes) -> None:
        self.address, self.authkey = address, authkey
        self._conn: Connection | None = None

    def resolve(self, pairs: Pairs) -> list[str | None]:
        """Return the applicant of each (sentence, value span), parsed by the shared GiNZA."""
        if self._conn is None:
            self._conn = Client(self.address, authkey=self.authkey)
        self._conn.send(pairs)
        answer = self._conn.recv()
        if isinstance(answer, Exception):
            raise answer
        return list(answer)


def use_server(address: str, authkey: bytes) -> None:
    """Pool initializer: make this worker's fact stage ask the client's `ParseServer`."""
    import corpus.pipeline

    corpus.pipeline._NLP = RemoteNLP(address, authkey)

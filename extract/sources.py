"""The source files of extract, named by the part of the pipeline they shape, and their digests
(see `normalize.sources`).

Takes nothing; gives `Sources` (files and digest) for the read stage, the fact stage and what deriving
statements runs of this package.
"""

from __future__ import annotations

from pathlib import Path

from normalize.sources import Sources

HERE = Path(__file__).resolve().parent
READERS = Sources(HERE, ("*.py",))
"""What the read stage runs: the PDF and text-layer readers, layout, tables, OCR."""
FACT_STAGE = Sources(HERE, ("facts/**/*", "model.py", "layout.py", "locate.py", "_norm.py", "errors.py",
                            "__init__.py"))
"""What the fact stage runs: its rules, catalog and vocabulary, and the document model it reads."""
KNOWLEDGE = Sources(HERE, ("knowledge/**/*", "facts/rules.toml"))
"""What deriving editions and statements runs of extract: the domain of statements, editions and the diff, and
how an edition is read from a title, with its rule rows."""

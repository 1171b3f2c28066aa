"""The source files of schema, named by the part of the pipeline they shape, and their digests
(see `normalize.sources`).

Takes the parts the other packages name of their own files; gives `Sources` for the load stage and the
statements stage.
"""

from __future__ import annotations

from pathlib import Path

from extract import sources as extract_sources
from normalize import sources as normalize_sources
from normalize.sources import Sources

HERE = Path(__file__).resolve().parent
STORE = Sources(HERE, ("rows.py", "store.py", "stored.py", "models.py"))
"""What the load stage runs: the rows a document becomes, how they are written and read back."""
STATEMENTS = (Sources(HERE, ("statements_store.py", "editions_store.py")),
              extract_sources.KNOWLEDGE, normalize_sources.QUALIFIERS)
"""What derives editions and statements from the stored facts (the statements stage, kept once here); the
database keeps their version (`schema.statements_store.code_version`)."""

"""`python -m corpus` runs the hojo command line."""

from corpus.cli import app

app(prog_name="hojo")

"""Knowledge: what the facts say, as pure domain code (no database, no ORM, no SQLAlchemy).

Takes the facts the fact stage read (as `statements.Mention`s) and what documents print about their
edition; gives the program's rules and how they changed:

- `printed`: what a document prints about its edition (budget year, round, label, version, series), the
  documents it names, the renames and new or abolished frames it prints;
- `editions`, `edition_frames`: every document placed in an edition of its program, with the evidence,
  and which documents enumerate the program's frames;
- `statements`: the mentions of one key merged into one statement (single, several or conflict);
- `editionspec`: what `hojo diff --from/--to` may name and which editions each names;
- `diff`, `pairing`, `kinddiff`, `lineage` (+ `lineage.toml`): two editions compared, frames paired
  (a curated rename first), then each kind's values.

Reading these from the database and writing them to it is `schema`'s (`statements_store`,
`editions_store`, `diffload`); printing them is `corpus.outputs`'.
"""

"""Outputs: everything hojo gives a user about a built database, read from the database only.

Takes a database `schema` stores (through its models, stores and loaders) and gives:

- `export`: documents, pages, tables, facts, statements, editions and programs as JSON Lines or CSV;
- `feed`: the programs feed (one row per program: its current caps, rates and deadlines);
- `search`: the rules that match a query (program, kind, applicant, amount, rate, open on a day);
- `report` (+ `report_templates`, every Japanese word of the reports; `changefeed`, the Atom feed):
  the diff between editions as Markdown, standalone HTML and JSON, and the reports folder;
- `explain`: how one fact was read (its page, words, rule and the statements it supports);
- `reading`: how each document was read (the build summary) and `gaps`, the pages printing values no fact came from.

The command line (`corpus.cli`, `corpus.cli_db`) parses arguments and calls these.
"""

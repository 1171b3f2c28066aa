"""Orchestration, outputs and the command line: the top of the pipeline, which may import every package.

Takes the manifest (`manifest.toml`) or files and folders given on the command line, and a database URL;
gives a built database (`build`, `pipeline`, `stages`: read → facts → load → statements, each stage re-run
only when its code or input changed) and everything a user reads of it (`outputs`: export, feed, search,
reports, explain, gaps). The `hojo` command (`cli`, `cli_db`, `cli_parse`) only parses arguments and calls these.
"""

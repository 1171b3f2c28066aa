"""Persistence: the database of what hojo read, and nothing else (no domain rules, no presentation, no CLI).

Takes what the stages give — `extract.DocumentText` and the fact stage's `Fact`s, the domain of
`extract.knowledge` — and gives them back from a database: the SQLAlchemy models (`models`), the Alembic
migrations (`migrations`), engines on a user's URL (`db`, `dburl`), the store the build writes with
(`rows`, `store`, `stored`), the consumer views (`views`), and the stores and loaders of the knowledge
(`editions_store`, `statements_store`, `diffload`). Imports `extract` and `normalize`, never `corpus`.
"""

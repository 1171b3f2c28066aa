"""Benchmarks of hojo, apart from the packages they time: `make bench` runs them (`python -m bench`, the same as
`hojo bench`), `make bench-text` runs `bench.textlayer`.

Takes the corpus (the shared mirror, or any folder of PDFs) and the stages of `corpus.stages`; gives
`build/bench.json` and a table per corpus whose last two lines are the headline. Modules:

- `bench.suite`: the whole run (`run_bench`): raw PyMuPDF, each stage on its own, `build()` end to end
  per worker count, the no-op and rules-only rebuilds, the headline and its targets;
- `bench.builds`: one timed `build()` with its memory sampler; `bench.profiling`: the pyinstrument
  profile per stage; `bench.report`: the table and the last two lines;
- `bench.synth`: the synthetic corpus made from the real pages; `bench.pathological`: the pages whose cost
  once grew with the square of their size; `bench.textlayer`: large synthetic text layers;
- the stage owners' own benchmarks: `bench.reading` (extract against raw `get_text()`), `bench.glyphs`
  (normalisation against NFKC), `bench.facts` (the fact stage).

Nothing in extract, normalize, schema or corpus imports this package; `hojo bench` calls it when run.
"""

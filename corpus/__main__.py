"""`python -m corpus` and the `hojo` script run the hojo command line (`corpus.cli`).

The script calls `main` here rather than importing `corpus.cli` itself: every worker process of
a pooled build re-imports the script that started the build (multiprocessing's fix-up of the
main module), and importing `corpus.cli` there cost each worker ≈ 0.4 s of CPU before its first
task; this module imports nothing until `main` runs.
"""


def main() -> None:
    """Run the hojo command line."""
    from corpus.cli import app

    app(prog_name="hojo")


if __name__ == "__main__":
    main()

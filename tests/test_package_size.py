"""The wheel stays under 15 MB with every bundled model: the files it packs (the package, its
models and vocabulary, and sample_sentences/, which it force-includes) are summed here, an
upper bound of the compressed wheel. No wheel is built."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 15_000_000  # bytes
ZIP_ENTRY = 200  # a generous zip header and directory entry per file


def packed_files() -> list[Path]:
    files = [p for p in (ROOT / "rnnviz").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (ROOT / "sample_sentences").rglob("*") if p.is_file()]
    return files


def test_the_wheels_contents_fit_the_budget():
    files = packed_files()
    models = list((ROOT / "rnnviz" / "data" / "models").glob("*.npz"))
    assert {p.stem for p in models} >= {"tagger", "lstm-tagger"} and set(models) <= set(files)
    total = sum(p.stat().st_size + ZIP_ENTRY for p in files)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in sorted(models))
    assert total < BUDGET, f"{total / 1e6:.2f} MB of files for the wheel, over {BUDGET / 1e6:.0f} MB ({sizes})"


def test_the_sum_counts_what_is_there():
    """The sum is not vacuous: it holds the models and the sentence files."""
    names = {p.name for p in packed_files()}
    assert {"tagger.npz", "lstm-tagger.npz", "vocab.txt", "train.txt", "heldout.txt", "cli.py"} <= names

"""The wheel stays under 15 MB with every bundled model. A wheel is a zip archive: the files it
packs (the package, its models and vocabulary, and sample_sentences/, which it force-includes)
are deflated here into an archive in memory, as a wheel's are, and its size is checked. No
wheel is built (that takes a build backend and ten seconds)."""

from __future__ import annotations

import io
import os
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUDGET = 15_000_000  # bytes


def packed_files() -> list[Path]:
    files = [p for p in (ROOT / "rnnviz").rglob("*") if p.is_file() and "__pycache__" not in p.parts]
    files += [p for p in (ROOT / "sample_sentences").rglob("*") if p.is_file()]
    return files


def archive_size(files: list[Path]) -> int:
    """The size of a deflated zip of `files` (what a wheel of them weighs, give or take its
    metadata's few kilobytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files:
            zf.write(path, path.name if not path.is_relative_to(ROOT) else path.relative_to(ROOT))
    return len(buffer.getvalue())


def test_the_wheels_contents_fit_the_budget():
    files = packed_files()
    models = list((ROOT / "rnnviz" / "data" / "models").glob("*.npz"))
    assert {p.stem for p in models} >= {"tagger", "lstm-tagger"} and set(models) <= set(files)
    total = archive_size(files)
    sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.2f} MB" for p in sorted(models))
    assert total < BUDGET, f"{total / 1e6:.2f} MB zipped for the wheel, over {BUDGET / 1e6:.0f} MB ({sizes})"


def test_the_archive_counts_what_is_there(tmp_path):
    """The measure is not vacuous: it holds the models and the sentence files, and an archive
    is never smaller than what random bytes (which do not compress) put in it."""
    names = {p.name for p in packed_files()}
    assert {"tagger.npz", "lstm-tagger.npz", "vocab.txt", "train.txt", "heldout.txt", "cli.py"} <= names
    noise = tmp_path / "noise.bin"
    noise.write_bytes(os.urandom(300_000))
    assert archive_size([noise]) > 300_000

"""Rebuild a bundled model, rnnviz/data/models/NAME.npz, from scratch.

Each bundled model is made by one `rnnviz train` command (or a few, each resuming the one
before: a lower learning rate for the last epochs), run from the repository root so that
the file records relative paths; RECIPES holds them. The same command gives the same
model bit for bit on the same machine. The file is then written in rnnviz's packed .npz
form (uncompressed, one-hot input weights as their non-zero columns), which loads without
inflating anything, with `samples` in its meta: the sentence file the debugger opens it on.

    .venv/bin/python scripts/build_model.py NAME [--out PATH]
    .venv/bin/python scripts/build_model.py --all

Run it after changing sample_sentences/ or the trainer, and commit the file together with
scripts/models.machine.json (the fingerprint of the machine that built them); the
rebuild tests (tests/engine/test_bundled.py) compare bits only on that machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = Path("rnnviz/data/models")
FINGERPRINT = ROOT / "scripts" / "models.machine.json"

# name -> (the `rnnviz train` arguments but --out, or a list of them run in turn, each after
# the first with --resume; the sample file it opens on)
RECIPES: dict[str, tuple[list[str] | list[list[str]], str]] = {
    "tagger": (
        [
            "train",
            "--data", "sample_sentences/train.txt",
            "--heldout", "sample_sentences/heldout.txt",
            "--hidden", "100",
            "--epochs", "20",
            "--lr", "0.01",
            "--batch-size", "8",
            "--clip", "5",
            "--seed", "0",
            "--activation", "tanh",
            "--no-optimizer-state",
        ],
        "train.txt",
    ),
    "charlm": (
        [
            "train",
            "--task", "lm",
            "--data", "sample_sentences/charlm/train.txt",
            "--heldout", "sample_sentences/charlm/heldout.txt",
            "--hidden", "64",
            "--epochs", "30",
            "--lr", "0.005",
            "--batch-size", "8",
            "--clip", "5",
            "--seed", "0",
            "--activation", "tanh",
            "--no-optimizer-state",
        ],
        "charlm/heldout.txt",
    ),
    "classifier": (
        [
            [
                "train",
                "--task", "classifier",
                "--data", "sample_sentences/classifier/train.txt",
                "--heldout", "sample_sentences/classifier/heldout.txt",
                "--hidden", "64",
                "--epochs", "5",
                "--lr", "0.003",
                "--batch-size", "8",
                "--clip", "5",
                "--seed", "0",
                "--activation", "tanh",
            ],
            [
                "train",
                "--task", "classifier",
                "--data", "sample_sentences/classifier/train.txt",
                "--heldout", "sample_sentences/classifier/heldout.txt",
                "--epochs", "7",
                "--lr", "0.0005",
                "--batch-size", "8",
                "--clip", "5",
                "--no-optimizer-state",
            ],
        ],
        "classifier/heldout.txt",
    ),
    "seq2seq": (
        [
            [
                "train",
                "--task", "seq2seq",
                "--data", "sample_sentences/seq2seq/train.txt",
                "--heldout", "sample_sentences/seq2seq/heldout.txt",
                "--hidden", "192",
                "--epochs", "3",
                "--lr", "0.002",
                "--batch-size", "32",
                "--clip", "5",
                "--seed", "0",
                "--activation", "tanh",
            ],
            [
                "train",
                "--task", "seq2seq",
                "--data", "sample_sentences/seq2seq/train.txt",
                "--heldout", "sample_sentences/seq2seq/heldout.txt",
                "--epochs", "9",
                "--lr", "0.0005",
                "--batch-size", "32",
                "--clip", "5",
                "--no-optimizer-state",
            ],
        ],
        "seq2seq/heldout.txt",
    ),
}  # fmt: skip


def out_path(name: str) -> Path:
    return MODELS / f"{name}.npz"


def fingerprint() -> dict:
    """What decides the last bits of a training run: the float kernels NumPy and OpenBLAS
    pick for this CPU. Two machines with the same fingerprint rebuild the same bytes; on
    another one, training (chaotic over many epochs) gives another, equally good model."""
    import os
    import platform

    import numpy as np

    try:
        from numpy._core._multiarray_umath import __cpu_features__ as features
    except ImportError:  # NumPy < 2
        from numpy.core._multiarray_umath import __cpu_features__ as features
    blas = np.show_config(mode="dicts")["Build Dependencies"]["blas"]
    return {
        "machine": platform.machine(),
        "numpy": np.__version__,
        "cpu_features": sorted(name for name, on in features.items() if on),
        "blas": f"{blas.get('name')} {blas.get('version')}",
        "openblas_coretype": os.environ.get("OPENBLAS_CORETYPE"),
    }


def build(name: str, out: Path | None = None, quiet: bool = False) -> int:
    """Run the model's training command from the repository root, then pack the result to
    `out` (default: the bundled file); return the command's exit status."""
    from rnnviz.cli import main
    from rnnviz.engine.modelio import load_model, save_model

    argv, samples = RECIPES[name]
    stages = argv if isinstance(argv[0], list) else [argv]
    out = ROOT / out_path(name) if out is None else Path(out)
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(ROOT):
        trained = Path(tmp) / "model.npz"
        status = 0
        for i, stage in enumerate(stages):
            resume = ["--resume", str(trained)] if i else []
            status = main([*stage, *resume, "--out", str(trained), *(["--quiet"] if quiet else [])])
            if status:
                break
        if status == 0:
            params = load_model(trained)
            save_model(params.replace(meta={**params.meta, "samples": samples}), out, packed=True)
    return status


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("name", nargs="?", choices=sorted(RECIPES), help="the bundled model to rebuild")
    parser.add_argument("--all", action="store_true", help="rebuild every bundled model")
    parser.add_argument("--out", type=Path, help="where to write (default: the bundled file)")
    args = parser.parse_args()
    names = sorted(RECIPES) if args.all else [args.name] if args.name else parser.error("give NAME or --all")
    for name in names:
        status = build(name, args.out)
        if status:
            sys.exit(status)
    if args.out is None:
        FINGERPRINT.write_text(json.dumps(fingerprint(), indent=1) + "\n", encoding="utf-8")

"""Rebuild the bundled default model rnnviz/data/default_model.npz from scratch.

It runs exactly this `rnnviz train` command from the repository root (the seed's sizes:
n_a = 100, V = 10,000, tanh), so the file records relative paths and is the same bit for bit
on every run on the same machine:

    rnnviz train --data sample_sentences/train.txt --heldout sample_sentences/heldout.txt \\
        --hidden 100 --epochs 20 --lr 0.01 --batch-size 8 --clip 5 --seed 0 \\
        --activation tanh --no-optimizer-state --out rnnviz/data/default_model.npz

The file is written in rnnviz's packed .npz form (uncompressed, Wax as its non-zero columns),
which loads without inflating anything.

Run it after changing sample_sentences/ or the trainer, and commit the file together with
scripts/default_model.machine.json (the fingerprint of the machine that built it); the
test tests/engine/test_train.py::test_default_model_rebuilds fails until you do.

    .venv/bin/python scripts/build_default_model.py [--out PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = Path("rnnviz/data/default_model.npz")
TRAIN = Path("sample_sentences/train.txt")
HELDOUT = Path("sample_sentences/heldout.txt")


def argv(out: Path = OUT) -> list[str]:
    """The `rnnviz train` arguments (paths relative to the repository root, except `out`)."""
    return [
        "train",
        "--data", str(TRAIN),
        "--heldout", str(HELDOUT),
        "--hidden", "100",
        "--epochs", "20",
        "--lr", "0.01",
        "--batch-size", "8",
        "--clip", "5",
        "--seed", "0",
        "--activation", "tanh",
        "--no-optimizer-state",
        "--out", str(out),
    ]  # fmt: skip


FINGERPRINT = ROOT / "scripts" / "default_model.machine.json"


def fingerprint() -> dict:
    """What decides the last bits of a training run: the float kernels NumPy and OpenBLAS
    pick for this CPU, and zlib for the compressed file. Two machines with the same
    fingerprint rebuild the same bytes; on another one, training (chaotic over 20 epochs)
    gives another, equally good model."""
    import os
    import platform
    import zlib

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
        "zlib": zlib.ZLIB_RUNTIME_VERSION,
    }


def build(out: Path = OUT, quiet: bool = False) -> int:
    """Run the training command from the repository root; return its exit status."""
    from rnnviz.cli import main
    from rnnviz.engine.modelio import load_model, save_model

    out = Path(out) if Path(out).is_absolute() else ROOT / out
    with tempfile.TemporaryDirectory() as tmp, contextlib.chdir(ROOT):
        trained = Path(tmp) / "model.npz"
        status = main(argv(trained) + (["--quiet"] if quiet else []))
        if status == 0:  # the bundled form: packed, so that loading never inflates
            save_model(load_model(trained), out, packed=True)
    return status


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"where to write (default {OUT})")
    out = parser.parse_args().out
    status = build(out)
    if status == 0 and out == OUT:
        import json

        FINGERPRINT.write_text(json.dumps(fingerprint(), indent=1) + "\n", encoding="utf-8")
    sys.exit(status)

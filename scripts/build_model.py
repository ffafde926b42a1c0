"""Rebuild a bundled model, rnnviz/data/models/NAME.npz, from scratch.

Each bundled model is made by one `rnnviz train` command (or a few, each resuming the one
before), run from the repository root so that the file records relative paths; RECIPES holds
them. The same command gives the same
model bit for bit on the same machine. The file is then written in rnnviz's packed .npz
form (uncompressed, one-hot input weights as their non-zero columns), which loads without
inflating anything, with `samples` in its meta: the sentence file the debugger opens it on.

    .venv/bin/python scripts/build_model.py NAME [--out PATH]
    .venv/bin/python scripts/build_model.py --all

A model named in FLOAT32 is stored in float32 (engine/packed.py): its weights are rounded to
float32 after training, its held-out scores (`heldout` in its meta) are those of the rounded
weights, which are exactly the numbers it loads with; `history` stays the float64 run's.

Run it after changing sample_sentences/ or the trainer, and commit the file together with
scripts/models.machine.json (the fingerprint of the machine that built them); the
rebuild tests (tests/engine/test_bundled.py) compare bits only on that machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MODELS = Path("rnnviz/data/models")
FINGERPRINT = ROOT / "scripts" / "models.machine.json"

# name -> (the `rnnviz train` arguments but --out, or a list of them run in turn, each after the
# first with --resume: a lower learning rate for the last epochs; the sample file it opens on). The two
# taggers are trained the same way (lr 0.003 for 30 epochs, input dropout chosen on a validation split of
# train.txt by scripts/measure_dropout.py, seed 0); the README has the figures.
# fmt: off
COMMON = [
    "--data", "sample_sentences/train.txt",
    "--heldout", "sample_sentences/heldout.txt",
    "--heldout", "sample_sentences/heldout_unseen.txt",
    "--hidden", "100",
    "--epochs", "30",
    "--lr", "0.003",
    "--batch-size", "8",
    "--clip", "5",
    "--seed", "0",
    "--activation", "tanh",
    "--word-dropout", "0",
]
RECIPES: dict[str, tuple[list[str] | list[list[str]], str]] = {
    # the seed's network: one layer, left to right
    "tagger": (["train", *COMMON, "--unseen-dropout", "0.1", "--no-optimizer-state"], "train.txt"),
    # two layers, each reading the sentence from both ends
    "bitagger": (
        ["train", *COMMON, "--bidirectional", "--layers", "2", "--unseen-dropout", "0.3", "--no-optimizer-state"],
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
    # the tagger's recipe with an LSTM cell (stored in float32: FLOAT32)
    "lstm-tagger": (
        ["train", "--cell", "lstm", *COMMON, "--unseen-dropout", "0.1", "--no-optimizer-state"],
        "train.txt",
    ),
    # the vanilla cell, as the issue asks (z and a in its trace, the five tensors): ReLU with Waa = I and
    # ba = 0.1 (the IRNN), chosen on a validation split of train.txt by scripts/measure_classifier.py
    "classifier": (
        [
            "train",
            "--task", "classifier",
            "--activation", "relu",
            "--init", "identity",
            "--data", "sample_sentences/classifier/train.txt",
            "--heldout", "sample_sentences/classifier/heldout.txt",
            "--hidden", "128",
            "--epochs", "12",
            "--lr", "0.0003",
            "--batch-size", "8",
            "--clip", "5",
            "--seed", "0",
            "--no-optimizer-state",
        ],
        "classifier/heldout.txt",
    ),
    # the LSTM that was the bundled classifier first: held-out 0.874, validation 0.775 (README)
    "lstm-classifier": (
        [
            [
                "train",
                "--task", "classifier",
                "--cell", "lstm",
                "--data", "sample_sentences/classifier/train.txt",
                "--heldout", "sample_sentences/classifier/heldout.txt",
                "--hidden", "32",
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
}
# fmt: on

# Stored in float32: half the bytes, the same predictions (see the docstring).
FLOAT32 = {"lstm-tagger", "lstm-classifier"}


def out_path(name: str) -> Path:
    return MODELS / f"{name}.npz"


def fingerprint() -> dict:
    """What decides the last bits of a training run: the float kernels NumPy and OpenBLAS
    pick for this CPU. Two machines with the same fingerprint rebuild the same bytes; on
    another one, training (chaotic over many epochs) gives another, equally good model."""
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


# BLAS on one thread: a multi-threaded matrix product may add in another order, and over 30
# epochs the last bits differ (measured on the two-layer model: 1 thread vs 2). With this the
# bits depend on the machine's kernels alone, not on the caller's environment.
ONE_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def build(name: str, out: Path | None = None, quiet: bool = False) -> int:
    """Run the model's training command from the repository root (`python -m rnnviz train …`,
    BLAS on one thread), then pack the result to `out` (default: the bundled file); return
    the command's exit status."""
    from rnnviz.engine.modelio import load_model, save_model
    from rnnviz.engine.packed import round_float32

    recipe, samples = RECIPES[name]
    stages: list[list[str]] = recipe if isinstance(recipe[0], list) else [recipe]  # type: ignore[assignment]
    argv = stages[0]
    out = ROOT / out_path(name) if out is None else Path(out)
    float32 = name in FLOAT32
    with tempfile.TemporaryDirectory() as tmp:
        trained = Path(tmp) / "model.npz"
        status = 0
        for number, stage in enumerate(stages):
            resume = ["--resume", str(trained)] if number else []
            command = [sys.executable, "-m", "rnnviz", *stage, *resume, "--out", str(trained)]
            command += ["--quiet"] if quiet else []
            status = subprocess.run(command, cwd=ROOT, env={**os.environ, **ONE_THREAD}, check=False).returncode
            if status:
                break
        if status == 0:
            params = load_model(trained)
            meta = {**params.meta, "samples": samples}
            if float32:
                params = round_float32(params)
                with contextlib.chdir(ROOT):  # the recipe's paths are relative to it
                    meta = rescored(argv, params, meta)
                meta["weights"] = "float32"
            save_model(params.replace(meta=meta), out, packed=True, float32=float32)
    return status


def rescored(argv: list[str], params, meta: dict) -> dict:
    """`meta` with the held-out scores of `params` (the float32 weights) on the recipe's
    --heldout files, read as `rnnviz train` reads them."""
    from rnnviz.commands.train import parser
    from rnnviz.engine.train import evaluate
    from rnnviz.tasks import TASKS

    args = parser().parse_args(argv[1:])
    task = TASKS[args.task]
    vocabs = task.vocabularies(args, args.data)
    groups = [meta.get("heldout"), *meta.get("heldout_more", [])]
    for number, (group, path) in enumerate(zip(groups, args.heldout or [])):
        scores = evaluate(params, task.read(path, vocabs, "held-out", args).examples).as_dict()
        loss = scores.pop("loss")
        group.update({k: v for k, v in scores.items() if isinstance(v, float)})
        group["heldout_loss" if number == 0 else "loss"] = loss
    return meta


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

"""`rnnviz models`: the bundled models, one line each.

    tagger *  tagger, rnn (tanh), 1 layer, left to right  n_a 100, V 10,000, 1.7 MB  sample_sentences/train.txt, 30 epochs  sample_sentences/heldout.txt: F1 0.990 (…); sample_sentences/heldout_unseen.txt: F1 0.924 (P 0.955 R 0.896 accuracy 0.979)

The default model is marked *. `rnnviz --model NAME` (and `trace`, `export`) opens one by
name; a path always wins over a name.
"""

from __future__ import annotations

import json
from typing import Any

from .common import ArgumentParser

# Held-out figures as a model's meta records them, in the order they are shown.
SCORES = (
    ("f1", "F1"),
    ("precision", "P"),
    ("recall", "R"),
    ("entity_f1", "entity F1"),
    ("accuracy", "accuracy"),
    ("bpc", "bits/char"),
    ("exact_match", "exact match"),
)


def parser() -> ArgumentParser:
    return ArgumentParser(
        prog="rnnviz models",
        description="List the bundled models: name, shape, cell, direction and layers, size, what it "
        "was trained on, and its held-out figures. rnnviz --model NAME opens one.",
    )


def read_meta(path: Any) -> dict[str, Any]:
    """A bundled model's meta and tensor shapes, without loading its weights."""
    import numpy as np

    with np.load(path, allow_pickle=False) as f:
        meta = json.loads(str(f["meta"])) if "meta" in f.files else {}
        meta["activation"] = str(f["activation"]) if "activation" in f.files else "tanh"
        shapes = {}
        for key in f.files:
            if key.endswith(".width"):
                name = key[: -len(".width")]
                shapes[name] = (f[name + ".values"].shape[0], int(f[key]))
            elif f[key].ndim == 2:
                shapes[key] = f[key].shape
    meta["shapes"] = shapes
    return meta


def heldout_text(heldout: Any, more: Any = None) -> str:
    """`sample_sentences/heldout.txt: F1 0.958 (P 0.979 R 0.938 …)`, one group per held-out file: the first
    file's (meta["heldout"]), then every other one's (meta["heldout_more"])."""
    groups = heldout if isinstance(heldout, list) else [heldout] if heldout else []
    groups += more if isinstance(more, list) else []
    parts = []
    for group in groups:
        scores = [(label, group[key]) for key, label in SCORES if isinstance(group.get(key), float)]
        if not scores:
            continue
        (label, value), rest = scores[0], scores[1:]
        text = f"{label} {value:.3f}" + (f" ({' '.join(f'{lab} {v:.3f}' for lab, v in rest)})" if rest else "")
        if isinstance(group.get("baseline"), str):
            text += f" vs {group['baseline']}"
        parts.append(f"{group.get('data', 'held-out')}: {text}")
    return "; ".join(parts) if parts else "no held-out figures"


def line(name: str, default: bool) -> str:
    from .. import bundled

    path = bundled.path_of(name)
    meta = read_meta(path)
    model = meta.get("model", {})
    cell = model.get("cell", "rnn")
    cell = f"{cell} ({meta['activation']})" if cell == "rnn" else cell
    layers = model.get("layers", 1)
    way = "bidirectional" if model.get("bidirectional") else "left to right"
    shapes = meta["shapes"]
    head = next((s for k, s in shapes.items() if k.split(".")[-1] == "Wya"), None)
    n_a = f"n_a {head[1] // (2 if model.get('bidirectional') else 1)}, " if head else ""
    first = next((s for k, s in shapes.items() if k.split(".")[-1] == "Wax"), None)
    size = n_a + (f"V {first[1]:,}, " if first else "")
    trained = meta.get("trained_on", "training unknown")
    return (
        f"{name}{' *' if default else ''}  {model.get('shape', 'tagger')}, {cell}, {layers} layer{'s' if layers > 1 else ''}, "
        f"{way}  {size}{path.stat().st_size / 1e6:.1f} MB  {trained}  {heldout_text(meta.get('heldout'), meta.get('heldout_more'))}"
    )


def run(argv: list[str]) -> int:
    parser().parse_args(argv)
    from .. import bundled

    for name in bundled.names():
        print(line(name, name == bundled.DEFAULT))
    print("(* the default; rnnviz --model NAME opens another)")
    return 0

"""Measure input dropout for the tagger: how `--word-dropout` and `--unseen-dropout` change
name F1, on a validation split of train.txt (used to choose) and on the two held-out files
(only reported).

    .venv/bin/python scripts/measure_dropout.py --net uni --word-dropout 0 0.05 0.1 --seeds 0 1 2
    .venv/bin/python scripts/measure_dropout.py --net bi2 --unseen-dropout 0 0.1 0.2 --json out.jsonl

The validation split, fixed: 20% of train.txt's distinct name words are drawn (seed 0); every
sentence that uses one of them is V_unseen (names the model never saw), a random 10% of the
others is V_seen, and the model is trained on the remaining sentences. The rule that chooses a
setting: the best mean of the name F1 on V_unseen and on V_seen, averaged over the seeds.
heldout.txt and heldout_unseen.txt are scored by models trained on all of train.txt with the
same settings, and never used to choose.

Every model is also scored "filled": every column of the first layer's Wax that the training
data never used set to <UNK>'s column (a never-trained word then reads as <UNK>), the other
fix considered for words the training never saw. Columns of each row: name F1 (P/R), the
recall of names at the first word of a sentence, and the recall of names whose word is in the
vocabulary but never in the training data (its column of Wax is 0) with the number of such
non-name words predicted names, and the rare words (fed as <UNK>, not names) predicted names.
Training runs one after the other (a few minutes each at the bidirectional two-layer size on
a busy 2-core machine).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnviz.engine.activations import sigmoid  # noqa: E402
from rnnviz.engine.params import Params  # noqa: E402
from rnnviz.engine.records import labeled_examples  # noqa: E402
from rnnviz.engine.shapes import Example, get_shape  # noqa: E402
from rnnviz.engine.spec import ModelSpec  # noqa: E402
from rnnviz.engine.train import TrainConfig, Trainer, initial_params  # noqa: E402
from rnnviz.text import Vocabulary, load_sentences  # noqa: E402

NETS = {
    "uni": ModelSpec(),
    "bi1": ModelSpec(bidirectional=True),
    "bi2": ModelSpec(bidirectional=True, layers=2),
}


def examples(vocab: Vocabulary, name: str) -> list[Example]:
    path = ROOT / "sample_sentences" / name
    return labeled_examples(load_sentences(path), vocab, str(path))[0]


def validation_split(train: list[Example], seed: int = 0) -> tuple[list[Example], list[Example], list[Example]]:
    """(training part, V_unseen, V_seen), see the module's docstring."""
    names = sorted({t for e in train for t, y in zip(e.tokens, e.labels) if y > 0.5})
    rng = np.random.default_rng(seed)
    held_back = set(rng.choice(names, int(len(names) * 0.2), replace=False))
    unseen = [e for e in train if any(t in held_back for t, y in zip(e.tokens, e.labels) if y > 0.5)]
    rest = [e for e in train if all(t not in held_back for t, y in zip(e.tokens, e.labels) if y > 0.5)]
    order = rng.permutation(len(rest))
    n_seen = int(len(rest) * 0.1)
    return [rest[i] for i in sorted(order[n_seen:])], unseen, [rest[i] for i in order[:n_seen]]


def filled(params: Params, train: list[Example], unk: int) -> Params:
    """Every first-layer Wax column the training data never used set to <UNK>'s column."""
    used = np.zeros(params.n_x, dtype=bool)
    for e in train:
        used[e.indices] = True
    used[unk] = True
    never = np.flatnonzero(~used)
    changes = {}
    for name in params.names:
        if name in ("Wax", "reverse.Wax"):
            W = np.array(params[name])
            W[:, never] = W[:, [unk]]
            changes[name] = W
    return params.replace(**changes)


def scores(params: Params, data: list[Example], train: list[Example], unk: int) -> dict[str, float]:
    used = np.zeros(params.n_x, dtype=bool)
    for e in train:
        used[e.indices] = True
    shape = get_shape(params.spec.shape)
    n = {
        k: 0
        for k in ("tp", "fp", "fn", "first", "first_hit", "new", "new_hit", "new_other", "new_fp", "rare", "rare_fp")
    }
    for e in data:
        _, logits = shape.forward(params.spec, params.tensors, e.indices)
        pred = sigmoid(logits[:, 0]) > 0.5
        truth = e.labels > 0.5
        new = ~used[e.indices] & (e.indices != unk)
        n["tp"] += int(np.sum(pred & truth))
        n["fp"] += int(np.sum(pred & ~truth))
        n["fn"] += int(np.sum(~pred & truth))
        n["first"] += int(truth[0])
        n["first_hit"] += int(truth[0] and pred[0])
        n["new"] += int(np.sum(new & truth))
        n["new_hit"] += int(np.sum(new & truth & pred))
        n["new_other"] += int(np.sum(new & ~truth))
        n["new_fp"] += int(np.sum(new & ~truth & pred))
        n["rare"] += int(np.sum((e.indices == unk) & ~truth))
        n["rare_fp"] += int(np.sum((e.indices == unk) & ~truth & pred))
    P = n["tp"] / max(n["tp"] + n["fp"], 1)
    R = n["tp"] / max(n["tp"] + n["fn"], 1)
    return {
        "f1": 2 * P * R / (P + R) if P + R else 0.0,
        "precision": P,
        "recall": R,
        "first_recall": n["first_hit"] / max(n["first"], 1),
        "first": n["first"],
        "new_recall": n["new_hit"] / max(n["new"], 1),
        "new": n["new"],
        "new_fp": n["new_fp"],
        "new_other": n["new_other"],
        "rare": n["rare"],
        "rare_fp": n["rare_fp"],
    }


def train(data: list[Example], spec: ModelSpec, args: argparse.Namespace, seed: int, p: float, q: float, unk: int):
    params = initial_params(args.hidden, 10_000, 1, seed=seed, spec=spec)
    config = TrainConfig(epochs=args.epochs, lr=args.lr, seed=seed, word_dropout=p, unseen_dropout=q)
    trainer = Trainer(params, data, config, unk_index=unk)
    start = time.perf_counter()
    while trainer.epochs_done < args.epochs:
        trainer.run_epoch()
    return trainer.params, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--net", choices=sorted(NETS), default="uni")
    parser.add_argument("--hidden", type=int, default=100)
    parser.add_argument("--lr", type=float, default=0.003)
    parser.add_argument("--epochs", type=int, default=30)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0])
    parser.add_argument("--word-dropout", type=float, nargs="+", default=[0.0])
    parser.add_argument("--unseen-dropout", type=float, nargs="+", default=[0.0])
    parser.add_argument("--no-validation", action="store_true", help="only the held-out files")
    parser.add_argument("--no-heldout", action="store_true", help="only the validation split")
    parser.add_argument("--json", type=Path, help="append one JSON line per run")
    args = parser.parse_args()
    vocab = Vocabulary.default()
    unk = vocab.unk_index
    full = examples(vocab, "train.txt")
    heldout = {"heldout": examples(vocab, "heldout.txt"), "heldout_unseen": examples(vocab, "heldout_unseen.txt")}
    part, v_unseen, v_seen = validation_split(full)
    spec = NETS[args.net]
    for seed in args.seeds:
        for p in args.word_dropout:
            for q in args.unseen_dropout:
                row: dict = {"net": args.net, "lr": args.lr, "epochs": args.epochs, "seed": seed, "p": p, "q": q}
                if not args.no_validation:
                    model, seconds = train(part, spec, args, seed, p, q, unk)
                    fill = filled(model, part, unk)
                    for name, data in (("v_unseen", v_unseen), ("v_seen", v_seen)):
                        row[name] = scores(model, data, part, unk)
                        row["filled_" + name] = scores(fill, data, part, unk)
                if not args.no_heldout:
                    model, seconds = train(full, spec, args, seed, p, q, unk)
                    fill = filled(model, full, unk)
                    for name, data in heldout.items():
                        row[name] = scores(model, data, full, unk)
                        row["filled_" + name] = scores(fill, data, full, unk)
                row["seconds"] = seconds
                print(line(row), flush=True)
                if args.json:
                    with args.json.open("a", encoding="utf-8") as f:
                        f.write(json.dumps(row) + "\n")


def line(row: dict) -> str:
    out = f"{row['net']} seed {row['seed']} word {row['p']:g} unseen {row['q']:g} ({row['seconds']:.0f} s/model)"
    for prefix in ("", "filled_"):
        parts = []
        if "v_unseen" in row:
            u, s = row[prefix + "v_unseen"], row[prefix + "v_seen"]
            parts.append(
                f"val {u['f1']:.3f}/{s['f1']:.3f} mean {(u['f1'] + s['f1']) / 2:.3f}"
                f" (rare words called names {u['rare_fp'] + s['rare_fp']}/{u['rare'] + s['rare']})"
            )
        if "heldout" in row:
            h, n = row[prefix + "heldout"], row[prefix + "heldout_unseen"]
            parts.append(
                f"heldout {h['f1']:.3f} unseen {n['f1']:.3f} (P {n['precision']:.2f} R {n['recall']:.2f}, "
                f"first {n['first_recall']:.2f}, never-trained names {n['new_recall']:.2f}, others {n['new_fp']}/{n['new_other']}, "
                f"rare words {n['rare_fp']}/{n['rare']})"
            )
        out += f"\n  {prefix or 'as trained'}: " + "; ".join(parts)
    return out


if __name__ == "__main__":
    main()

"""GRU and LSTM at the seed's size (n_a = 100, V = 10,000) against PyTorch, in one run.

    /tmp/torchvenv/bin/python bench/bench_cells.py      # rnnviz and torch in one process
    python bench/bench_cells.py                         # without torch: rnnviz's times only

On the seed's 9-word sentence, batch 1:
  step      one word from a given state (T = 1): what stepping would cost if a step were
            computed when asked for (the debugger computes the whole sentence up front);
  forward   rnnviz's stack over the sentence (gather + the cell's loop), no gradients;
  BPTT      the tagger's loss and every gradient (rnnviz: forward + backward, the input
            weight's gradient as its used columns; PyTorch: the module + nn.Linear +
            BCEWithLogitsLoss(sum), forward + backward, zero_grad included).
PyTorch runs in three forms: nn.LSTM / nn.GRU(V, 100) fed the one-hot words (what the seed's
network is), in float32 (PyTorch's default) and float64 (rnnviz's precision), and its
strongest form, an nn.Embedding(V, 100) in front of an nn.LSTM / nn.GRU(100, 100), which skips
the (gates · n_a, V) input product. Each at its default number of threads and at one, the
faster (small products gain nothing from a second thread on a busy machine).

Shared machines drift: each comparison alternates rnnviz and PyTorch in rounds, and reports
the median of the per-round ratios (and each side's median time). Not a test.
"""

from __future__ import annotations

import importlib.util
import statistics
import sys
import timeit
from collections.abc import Callable
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnviz.engine import ModelSpec, init_params  # noqa: E402
from rnnviz.engine import stack as engine_stack  # noqa: E402
from rnnviz.engine.cells import get_cell  # noqa: E402
from rnnviz.engine.shapes import Example, get_shape  # noqa: E402

N_A, V = 100, 10_000
SEED_INDICES = np.array([1942, 5989, 3, 9886, 9879, 5414, 5, 65, 3844])  # "harry potter and hermione …"
SEED_LABELS = np.array([1, 1, 0, 1, 1, 0, 0, 0, 0], dtype=np.float64)
T = len(SEED_INDICES)
ROUNDS = 15
Fn = Callable[[], object]


def once(fn: Fn, budget: float = 0.02) -> tuple[int, float]:
    """How many calls fill about `budget` seconds, and one timing of that many."""
    fn()
    number = max(1, int(budget / max(timeit.timeit(fn, number=1), 1e-7)))
    return number, timeit.timeit(fn, number=number) / number


def compare(ours: Fn, theirs: Fn) -> tuple[float, float, float]:
    """(rnnviz's median time, PyTorch's median time, median of the per-round ratios theirs / ours)."""
    n_ours, _ = once(ours)
    n_theirs, _ = once(theirs)
    a, b = [], []
    for _ in range(ROUNDS):
        a.append(timeit.timeit(ours, number=n_ours) / n_ours)
        b.append(timeit.timeit(theirs, number=n_theirs) / n_theirs)
    return statistics.median(a), statistics.median(b), statistics.median(y / x for x, y in zip(a, b))


def rnnviz_fns(cell: str) -> dict[str, Fn]:
    spec = ModelSpec(cell=cell)
    params = init_params(N_A, V, seed=0, spec=spec)
    W, c = params.tensors, get_cell(cell)
    shape = get_shape("tagger")
    example = Example(SEED_INDICES, SEED_LABELS)
    state = {(0, 0): {name: np.full(N_A, 0.1) for name in c.states}}
    word = SEED_INDICES[3:4]
    return {
        "step": lambda: engine_stack.forward(c, spec, W, word, state),
        "forward": lambda: engine_stack.forward(c, spec, W, SEED_INDICES),
        "bptt": lambda: shape.loss_and_grads(spec, W, example),
    }


def torch_fns(torch, cell: str) -> dict[tuple[str, str], Fn]:
    """(what, variant) -> a function running PyTorch's version of it."""
    module = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell]
    torch.manual_seed(0)
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")
    out: dict[tuple[str, str], Fn] = {}

    def build(rnn, head, prepare, x, x1, y, dtype, variant, modules):
        h = torch.full((1, 1, N_A), 0.1, dtype=dtype)
        state = (h, h.clone()) if cell == "lstm" else h

        def step():
            with torch.no_grad():
                return rnn(prepare(x1), state)

        def forward():
            with torch.no_grad():
                return rnn(prepare(x))

        def bptt():
            for m in modules:
                m.zero_grad()
            loss_fn(head(rnn(prepare(x))[0]), y).backward()

        out.update({("step", variant): step, ("forward", variant): forward, ("bptt", variant): bptt})

    for variant, dtype in (("float32", torch.float32), ("float64", torch.float64)):
        rnn = module(V, N_A, batch_first=True, dtype=dtype)
        head = torch.nn.Linear(N_A, 1, dtype=dtype)
        x = torch.nn.functional.one_hot(torch.as_tensor(SEED_INDICES)[None, :], V).to(dtype)
        y = torch.as_tensor(SEED_LABELS, dtype=dtype)[None, :, None]
        build(rnn, head, lambda v: v, x, x[:, 3:4], y, dtype, variant, (rnn, head))
    embed = torch.nn.Embedding(V, N_A)
    rnn = module(N_A, N_A, batch_first=True)
    head = torch.nn.Linear(N_A, 1)
    idx = torch.as_tensor(SEED_INDICES)[None, :]
    y = torch.as_tensor(SEED_LABELS, dtype=torch.float32)[None, :, None]
    build(rnn, head, embed, idx, idx[:, 3:4], y, torch.float32, "embedding", (embed, rnn, head))
    return out


def label(cell: str, variant: str) -> str:
    if variant == "embedding":
        return f"nn.Embedding(V, {N_A}) + nn.{cell.upper()}({N_A}, {N_A})"
    return f"nn.{cell.upper()}(V, {N_A}) one-hot, {variant}"


def main() -> None:
    print(f"GRU and LSTM at n_a = {N_A}, V = {V:,}, the seed's {T}-word sentence, batch 1")
    have_torch = importlib.util.find_spec("torch") is not None
    if have_torch:
        import torch

        threads = torch.get_num_threads()
        print(f"torch {torch.__version__}; its threads: {threads} and 1, the faster; {ROUNDS} alternating rounds")
    for cell in ("lstm", "gru"):
        ours = rnnviz_fns(cell)
        if not have_torch:
            times = {what: once(fn, 0.2)[1] for what, fn in ours.items()}
            print(
                f"{cell.upper()}: one step {times['step'] * 1e6:.1f} µs, forward {times['forward'] * 1e6:.0f} µs, "
                f"BPTT {times['bptt'] * 1e6:.0f} µs the sentence (PyTorch not installed: comparison skipped; "
                "run with /tmp/torchvenv/bin/python)"
            )
            continue
        theirs = torch_fns(torch, cell)
        print(f"{cell.upper()}")
        for what in ("step", "forward", "bptt"):
            for variant in ("float32", "float64", "embedding"):
                best = None
                for n in sorted({threads, 1}):
                    torch.set_num_threads(n)
                    result = compare(ours[what], theirs[(what, variant)])
                    if best is None or result[1] < best[1]:
                        best = result
                torch.set_num_threads(threads)
                assert best is not None
                t_ours, t_theirs, ratio = best
                per = "one word" if what == "step" else "the sentence"
                print(
                    f"  {what:7} {label(cell, variant):44} torch {t_theirs * 1e6:7.0f} µs, rnnviz {t_ours * 1e6:5.0f} µs "
                    f"{per}: torch / rnnviz = {ratio:.1f}x"
                )


if __name__ == "__main__":
    main()

"""Sampling speed: rnnviz's one-to-many loop against PyTorch sampling loops with the same weights.

    python bench/bench_sample.py [--model charlm] [--n 100] [--repeat 7]

Every loop samples from the bundled `charlm` (or --model) one character at a time, as the
course's `sample` does: a<0> = 0, x<1> = 0, ŷ<t> = softmax(Wya a<t> + by) at T = 1, a draw,
x<t+1> = one-hot of the draw, until the end token or 200 characters. The figure is characters
per second, every draw counted (the end token included), median of --repeat rounds of --n
samples; the loops take turns within each round, so all of them see the same machine.

PyTorch (installed in the same environment; it is never a dependency of rnnviz) runs the same
weights in its default float32 under `torch.inference_mode()`, in two ways a user would write:
`nn.RNN` + `nn.Linear` on a (1, 1, V) one-hot input, and `nn.RNNCell` + `nn.Linear`, then
`torch.softmax` and `torch.multinomial`. The faster of them is the comparison. A greedy run
(T = 0) of rnnviz and PyTorch (in float64) must write the same text. Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from rnnviz.engine.sampling import Stepper, sample
from rnnviz.pipeline import load_model_and_vocab

MAX_LEN = 200


def rnnviz_loop(params, end):
    stepper = Stepper(params)

    def run(n: int, seed: int, temperature: float = 1.0) -> list[list[int]]:
        rng = np.random.default_rng(seed)
        return [sample(params, rng, end, temperature=temperature, max_len=MAX_LEN, stepper=stepper) for _ in range(n)]

    return run


def torch_loops(params, end, dtype_name: str = "float32"):
    """(name -> run(n, seed, temperature)) for nn.RNN and nn.RNNCell loops; None without torch."""
    try:
        import torch
    except ImportError:
        return None
    dtype = getattr(torch, dtype_name)
    V, n_a = params.n_x, params.n_a
    rnn = torch.nn.RNN(V, n_a, nonlinearity=params.activation).to(dtype)
    cell = torch.nn.RNNCell(V, n_a, nonlinearity=params.activation).to(dtype)
    head = torch.nn.Linear(n_a, params.n_y).to(dtype)
    with torch.no_grad():
        for module, suffix in ((rnn, "_l0"), (cell, "")):
            getattr(module, "weight_ih" + suffix).copy_(torch.from_numpy(np.array(params["Wax"])))
            getattr(module, "weight_hh" + suffix).copy_(torch.from_numpy(np.array(params["Waa"])))
            getattr(module, "bias_ih" + suffix).copy_(torch.from_numpy(np.array(params["ba"][:, 0])))
            getattr(module, "bias_hh" + suffix).zero_()
        head.weight.copy_(torch.from_numpy(np.array(params["Wya"])))
        head.bias.copy_(torch.from_numpy(np.array(params["by"][:, 0])))

    def pick(logits, temperature, generator):
        if temperature == 0:
            return int(torch.argmax(logits))
        probs = torch.softmax(logits / temperature, dim=-1)
        return int(torch.multinomial(probs, 1, generator=generator))

    def with_rnn(n: int, seed: int, temperature: float = 1.0) -> list[list[int]]:
        generator = torch.Generator().manual_seed(seed)
        out = []
        with torch.inference_mode():
            for _ in range(n):
                h = torch.zeros(1, 1, n_a, dtype=dtype)
                x = torch.zeros(1, 1, V, dtype=dtype)
                drawn: list[int] = []
                for _ in range(MAX_LEN):
                    a, h = rnn(x, h)
                    index = pick(head(a[0, 0]), temperature, generator)
                    if index == end:
                        break
                    drawn.append(index)
                    x = torch.zeros(1, 1, V, dtype=dtype)
                    x[0, 0, index] = 1.0
                out.append(drawn)
        return out

    def with_cell(n: int, seed: int, temperature: float = 1.0) -> list[list[int]]:
        generator = torch.Generator().manual_seed(seed)
        out = []
        with torch.inference_mode():
            for _ in range(n):
                h = torch.zeros(1, n_a, dtype=dtype)
                x = torch.zeros(1, V, dtype=dtype)
                drawn: list[int] = []
                for _ in range(MAX_LEN):
                    h = cell(x, h)
                    index = pick(head(h[0]), temperature, generator)
                    if index == end:
                        break
                    drawn.append(index)
                    x = torch.zeros(1, V, dtype=dtype)
                    x[0, index] = 1.0
                out.append(drawn)
        return out

    return {"torch nn.RNN": with_rnn, "torch nn.RNNCell": with_cell}


def draws(samples: list[list[int]]) -> int:
    """Characters drawn: every sample's characters, and its end token when it came."""
    return sum(len(s) + (len(s) < MAX_LEN) for s in samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", default="charlm")
    parser.add_argument("--n", type=int, default=100, help="samples per round (default 100)")
    parser.add_argument("--repeat", type=int, default=7, help="rounds (default 7)")
    parser.add_argument("--torch-threads", type=int, help="torch.set_num_threads (default: PyTorch's own)")
    args = parser.parse_args()
    if args.torch_threads:
        import torch

        torch.set_num_threads(args.torch_threads)
    params, vocab = load_model_and_vocab(args.model, None)
    end = vocab.end_index  # type: ignore[union-attr]
    loops = {"rnnviz": rnnviz_loop(params, end)}
    torch_ = torch_loops(params, end)
    if torch_ is None:
        print("torch is not installed here: only rnnviz is measured")
    else:
        import torch

        loops.update(torch_)
        exact = torch_loops(params, end, "float64")
        assert exact is not None
        greedy = loops["rnnviz"](3, 0, 0.0)
        for name, run in exact.items():
            same = run(3, 0, 0.0) == greedy
            print(f"greedy text, rnnviz vs {name} (float64): {'the same' if same else 'DIFFERENT'}")
            assert same
        print(f"torch {torch.__version__}, {torch.get_num_threads()} threads; numpy {np.__version__}")
    rates: dict[str, list[float]] = {name: [] for name in loops}
    for r in range(args.repeat):
        for name, run in loops.items():
            start = time.perf_counter()
            chars = draws(run(args.n, r))
            rates[name].append(chars / (time.perf_counter() - start))
    medians = {name: statistics.median(values) for name, values in rates.items()}
    print(f"{params.spec.describe()}, n_a = {params.n_a}, V = {params.n_x}; {args.repeat} rounds of {args.n} samples")
    for name, value in medians.items():
        spread = f"{min(rates[name]):,.0f}–{max(rates[name]):,.0f}"
        print(f"  {name:<18} {value:>9,.0f} characters/s (median; range {spread})")
    if torch_ is not None:
        best = max((v, n) for n, v in medians.items() if n != "rnnviz")
        print(f"rnnviz / fastest PyTorch loop ({best[1]}): {medians['rnnviz'] / best[0]:.2f}x")


if __name__ == "__main__":
    main()

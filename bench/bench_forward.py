"""Per-step forward cost: column gather vs dense one-hot matmul vs the combined Wa [a; x].

    python bench/bench_forward.py            # all sizes, plus `rnnviz trace` as a process

Figures are medians of repeated timings, reported as ratios measured in this one run (the
machines are shared and noisy; absolute microseconds mean little). Not a test.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import time
import timeit

import numpy as np

SIZES = [(100, 10_000), (1_024, 50_000)]
SEED_SENTENCE = "Harry Potter and Hermione Granger invented a new spell."


def median_time(fn, number: int, repeat: int = 7) -> float:
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=repeat))


def step_times(n_a: int, V: int) -> dict[str, float]:
    rng = np.random.default_rng(0)
    Waa = rng.normal(size=(n_a, n_a))
    Wax = rng.normal(size=(n_a, V))
    ba = rng.normal(size=n_a)
    Wa = np.hstack([Waa, Wax])
    a_prev = rng.normal(size=n_a)
    index = 4_242

    def gather():
        return np.tanh(Waa @ a_prev + Wax[:, index] + ba)

    def dense():
        x = np.zeros(V)
        x[index] = 1.0
        return np.tanh(Waa @ a_prev + Wax @ x + ba)

    def combined():
        x = np.zeros(V)
        x[index] = 1.0
        return np.tanh(Wa @ np.concatenate([a_prev, x]) + ba)

    assert np.allclose(gather(), dense()) and np.allclose(gather(), combined())
    number = 2000 if n_a <= 100 else 50
    out = {name: median_time(fn, number) for name, fn in (("gather", gather), ("dense", dense), ("combined", combined))}
    torch_time = torch_step(n_a, V, number)
    if torch_time is not None:
        out["torch.nn.RNN"] = torch_time
    return out


def torch_step(n_a: int, V: int, number: int) -> float | None:
    if importlib.util.find_spec("torch") is None:
        return None
    import torch

    torch.set_grad_enabled(False)
    rnn = torch.nn.RNN(V, n_a, nonlinearity="tanh")
    x = torch.zeros(1, 1, V)
    x[0, 0, 4_242] = 1.0
    h = torch.zeros(1, 1, n_a)
    return median_time(lambda: rnn(x, h), number)


def process_time(repeat: int = 5) -> float:
    cmd = [sys.executable, "-m", "rnnviz", "trace", SEED_SENTENCE]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    floor = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import numpy, rich"], check=True)
        floor.append(time.perf_counter() - start)
    return statistics.median(times), statistics.median(floor)


def main() -> None:
    print("per-step forward, median of 7 repeats")
    for n_a, V in SIZES:
        t = step_times(n_a, V)
        line = ", ".join(f"{name} {sec * 1e6:.1f} µs" for name, sec in t.items())
        print(f"  n_a = {n_a:,}, V = {V:,}: {line}")
        print(
            f"    dense / gather = {t['dense'] / t['gather']:.0f}x, combined / gather = {t['combined'] / t['gather']:.0f}x",
            end="",
        )
        if "torch.nn.RNN" in t:
            print(f", torch.nn.RNN / gather = {t['torch.nn.RNN'] / t['gather']:.1f}x")
        else:
            print("  (torch not installed: torch.nn.RNN comparison skipped)")
    whole, floor = process_time()
    print(
        f"`rnnviz trace` of the seed's sentence as a process: {whole * 1e3:.0f} ms median, "
        f"{whole / floor:.2f}x a bare `python -c 'import numpy, rich'` ({floor * 1e3:.0f} ms)"
    )


if __name__ == "__main__":
    main()

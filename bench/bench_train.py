"""Training cost at the seed's size (n_a = 100, V = 10,000, tanh).

    python bench/bench_train.py

Measures, in one run:
  1. one BPTT pass (forward + backward) on the seed's 9-word sentence: the engine's sparse
     form (gather forward, dWax by column) against the course's dense rnn_forward /
     rnn_backward (x<t> one-hot, dWax += dz x<t>^T, a full (n_a, V) outer product a step);
  2. one training step on that sentence: sparse gradients + lazy Adam (only the touched
     columns of Wax, m, v) against dense gradients + dense Adam on all of Wax;
  3. one epoch on sample_sentences/train.txt (median of 5, after the first);
  4. the whole `rnnviz train` of every bundled model as a process (the commands of
     scripts/build_model.py), wall and CPU time;
  5. where PyTorch is installed, one BPTT step with torch.nn.RNN + nn.Linear + autograd on
     the same sizes; otherwise it says it was skipped and why.

Medians of repeated timings; ratios measured in this run matter more than absolute times
(shared, noisy machines). Not a test.
"""

from __future__ import annotations

import importlib.util
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnviz.engine import init_params, rnn_backward, rnn_forward  # noqa: E402
from rnnviz.engine.optim import OptimizerState, adam_step  # noqa: E402
from rnnviz.engine.params import NAMES  # noqa: E402
from rnnviz.engine.train import (  # noqa: E402
    Example,
    TrainConfig,
    Trainer,
    batch_gradients,
    initial_params,
)
from rnnviz.text import Vocabulary, load_sentences, tokenize  # noqa: E402

SEED_SENTENCE = "Harry Potter and Hermione Granger invented a new spell."
SEED_LABELS = np.array([1, 1, 0, 1, 1, 0, 0, 0, 0], dtype=np.float64)
N_A, V = 100, 10_000


def median_time(fn, number: int, repeat: int = 7) -> float:
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=repeat))


def dense_bptt(params, indices, labels):
    """The course's dense path: one-hot x (V, 1, T), rnn_forward, da from the loss, rnn_backward."""
    T = len(indices)
    x = np.zeros((params.n_x, 1, T))
    x[indices, 0, np.arange(T)] = 1.0
    a, y_pred, caches = rnn_forward(x, np.zeros((params.n_a, 1)), params.as_dict())
    dlogit = y_pred[0, 0, :] - labels
    da = (params.Wya.T * dlogit[None, :])[:, None, :]
    grads = rnn_backward(da, caches)
    grads["dWya"] = dlogit[None, :] @ a[:, 0, :].T
    grads["dby"] = np.array([[dlogit.sum()]])
    return grads


def bptt_ratio(params, indices) -> tuple[float, float]:
    ex = [Example(indices, SEED_LABELS)]
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    _, sparse_grads = batch_gradients(params.spec, W, ex)
    dense_grads = dense_bptt(params, indices, SEED_LABELS)
    assert np.allclose(sparse_grads["Wax"].dense(V), dense_grads["dWax"], rtol=1e-10, atol=1e-12)
    sparse = median_time(lambda: batch_gradients(params.spec, W, ex), 200)
    dense = median_time(lambda: dense_bptt(params, indices, SEED_LABELS), 5)
    return sparse, dense


def step_ratio(params, indices) -> tuple[float, float]:
    """Gradients + one Adam update: lazy on Wax's touched columns vs dense on all of Wax."""
    ex = [Example(indices, SEED_LABELS)]
    W = {n: np.array(getattr(params, n)) for n in NAMES}
    state = OptimizerState.fresh("adam", {n: a.shape for n, a in W.items()})

    def sparse_step():
        _, grads = batch_gradients(params.spec, W, ex)
        adam_step(W, grads, state, 1e-6)

    Wd = {n: np.array(getattr(params, n)) for n in NAMES}
    md = {n: np.zeros_like(a) for n, a in Wd.items()}
    vd = {n: np.zeros_like(a) for n, a in Wd.items()}
    t = [0]

    def dense_step():
        grads = dense_bptt(params, indices, SEED_LABELS)
        G = {"Waa": grads["dWaa"], "Wax": grads["dWax"], "ba": grads["dba"], "Wya": grads["dWya"], "by": grads["dby"]}
        t[0] += 1
        for n in NAMES:
            md[n] = 0.9 * md[n] + 0.1 * G[n]
            vd[n] = 0.999 * vd[n] + 0.001 * G[n] * G[n]
            Wd[n] -= 1e-6 * (md[n] / (1 - 0.9 ** t[0])) / (np.sqrt(vd[n] / (1 - 0.999 ** t[0])) + 1e-8)

    return median_time(sparse_step, 200), median_time(dense_step, 3, repeat=5)


def epoch_time(vocab) -> tuple[float, int]:
    examples = []
    for s in load_sentences(ROOT / "sample_sentences" / "train.txt"):
        if s.labels is not None:
            examples.append(Example(vocab.lookup(s.tokens)[0], np.array(s.labels, dtype=np.float64)))
    trainer = Trainer(initial_params(N_A, V), examples, TrainConfig())
    trainer.run_epoch()  # warm-up
    times = []
    for _ in range(5):
        start = time.perf_counter()
        trainer.run_epoch()
        times.append(time.perf_counter() - start)
    return statistics.median(times), len(examples)


def bundled_model_times() -> dict[str, tuple[float, float]]:
    """Each bundled model's whole `rnnviz train` (its recipe in scripts/build_model.py, BLAS on
    one thread as the script runs it), once: (wall seconds, CPU seconds)."""
    import os
    import resource

    spec = importlib.util.spec_from_file_location("build_model", ROOT / "scripts" / "build_model.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    times = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name, (argv, _) in script.RECIPES.items():
            out = Path(tmp) / f"{name}.npz"
            cmd = [sys.executable, "-m", "rnnviz", *argv, "--out", str(out), "--quiet"]
            cpu = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True, env={**os.environ, **script.ONE_THREAD})
            wall = time.perf_counter() - start
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            times[name] = (wall, after.ru_utime + after.ru_stime - cpu.ru_utime - cpu.ru_stime)
    return times


def torch_bptt(indices) -> tuple[float | None, str]:
    """One forward + backward with torch.nn.RNN + nn.Linear + autograd, or why not."""
    if importlib.util.find_spec("torch") is None:
        return None, "PyTorch is not installed (no module named 'torch')"
    try:
        import torch
    except Exception as exc:
        return None, f"PyTorch could not be imported ({exc})"
    torch.manual_seed(0)
    rnn = torch.nn.RNN(V, N_A, nonlinearity="tanh", batch_first=True).double()
    head = torch.nn.Linear(N_A, 1).double()
    x = torch.zeros(1, len(indices), V, dtype=torch.float64)
    x[0, torch.arange(len(indices)), torch.as_tensor(indices)] = 1.0
    y = torch.as_tensor(SEED_LABELS)[None, :, None]
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")

    def step():
        rnn.zero_grad()
        head.zero_grad()
        out, _ = rnn(x)
        loss_fn(head(out), y).backward()

    return median_time(step, 50), f"torch {torch.__version__}, {torch.get_num_threads()} threads, float64"


def main() -> None:
    vocab = Vocabulary.default()
    indices = vocab.lookup(tokenize(SEED_SENTENCE))[0]
    params = init_params(N_A, V, seed=0)
    print(f"rnnviz training benchmark: n_a = {N_A}, V = {V:,}, tanh, float64; medians of repeats")

    sparse, dense = bptt_ratio(params, indices)
    print(
        f"1. one BPTT pass, 9-word seed sentence: sparse (gather, dWax by column) {sparse * 1e3:.2f} ms, "
        f"dense (course rnn_backward, one-hot outer products) {dense * 1e3:.1f} ms: dense / sparse = {dense / sparse:.0f}x"
    )

    s_step, d_step = step_ratio(params, indices)
    print(
        f"2. one training step (gradients + Adam): lazy Adam on touched columns {s_step * 1e3:.2f} ms, "
        f"dense gradients + dense Adam {d_step * 1e3:.1f} ms: {d_step / s_step:.0f}x"
    )

    epoch, n = epoch_time(vocab)
    print(
        f"3. one epoch on sample_sentences/train.txt ({n} sentences, batch 8, Adam): {epoch * 1e3:.0f} ms "
        f"({epoch / n * 1e3:.2f} ms a sentence)"
    )

    targets = {"tagger": 30, "bitagger": 180}  # seconds
    for name, (wall, cpu) in bundled_model_times().items():
        target = f"; target < {targets[name]} s" if name in targets else ""
        print(
            f"4. the whole `rnnviz train` of the bundled {name!r} (as a process, import included): {wall:.1f} s "
            f"({cpu:.1f} s of CPU{target})"
        )

    t, why = torch_bptt(indices)
    if t is None:
        print(f"5. torch.nn.RNN comparison skipped: {why}")
    else:
        print(
            f"5. torch.nn.RNN + autograd, one BPTT step on the seed sentence ({why}): {t * 1e3:.2f} ms: "
            f"torch / rnnviz sparse = {t / sparse:.1f}x"
        )


if __name__ == "__main__":
    main()

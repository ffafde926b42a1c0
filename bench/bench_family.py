"""A bidirectional two-layer network at the seed's size (n_a = 100, V = 10,000, tanh) against
PyTorch, in one run.

    python bench/bench_family.py        # needs torch and safetensors (never rnnviz dependencies)

For example, with torch in a separate virtual environment:

    python3 -m venv /tmp/torchvenv && /tmp/torchvenv/bin/pip install torch numpy safetensors
    /tmp/torchvenv/bin/python bench/bench_family.py

Measures and checks:
  1. one BPTT pass (forward + backward, the sentence loss) of the seed's 9-word sentence through
     a 2-layer bidirectional tagger: rnnviz's engine (one-hot inputs by column gather, dWax by
     column) against torch.nn.RNN(10_000, 100, num_layers=2, bidirectional=True) + nn.Linear(200, 1)
     + autograd on the same weights, in float64 (and float32 for reference). The loss and every
     gradient are compared first (they must agree to 1e-9), then timed: medians of repeats,
     the ratio measured in this run;
  2. PyTorch state dicts of nn.RNN with 1 to 3 layers, bidirectional, tanh and ReLU, saved with
     safetensors and read by rnnviz without torch: the largest |ŷ rnnviz - ŷ torch| over a
     sentence (target 1e-9).

Not a test: the tests check the same mapping against NumPy re-implementations of PyTorch's
documented equations (tests/engine/test_family.py); this checks it against PyTorch itself.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import timeit
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnviz.engine import ModelSpec, build_trace, init_params  # noqa: E402
from rnnviz.engine.activations import sigmoid  # noqa: E402
from rnnviz.engine.cells import get_cell  # noqa: E402
from rnnviz.engine.modelio import load_model  # noqa: E402
from rnnviz.engine.shapes import Example, get_shape  # noqa: E402
from rnnviz.engine.stack import Columns, key  # noqa: E402
from rnnviz.text import Vocabulary, tokenize  # noqa: E402

try:
    import torch
    from safetensors.torch import save_file
except ImportError as exc:  # pragma: no cover - the benchmark needs them
    sys.exit(f"bench_family.py needs torch and safetensors: {exc}")

SEED_SENTENCE = "Harry Potter and Hermione Granger invented a new spell."
SEED_LABELS = np.array([1, 1, 0, 1, 1, 0, 0, 0, 0], dtype=np.float64)
N_A, V = 100, 10_000


def median_time(fn, number: int, repeat: int = 7) -> float:
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=repeat))


def seed_indices() -> np.ndarray:
    return Vocabulary.default().lookup(tokenize(SEED_SENTENCE))[0]


def torch_model(params, dtype) -> tuple[torch.nn.RNN, torch.nn.Linear]:
    """nn.RNN + nn.Linear holding exactly rnnviz's weights (ba goes to bias_ih, bias_hh = 0)."""
    spec = params.spec
    cell = get_cell(spec.cell)
    rnn = torch.nn.RNN(
        params.n_x,
        params.n_a,
        num_layers=spec.layers,
        bidirectional=spec.bidirectional,
        nonlinearity=spec.activation,
        batch_first=True,
    ).to(dtype)
    head = torch.nn.Linear(spec.directions * params.n_a, params.n_y).to(dtype)
    state = {}
    for layer in range(spec.layers):
        for direction in range(spec.directions):
            W = {name: params[key(name, layer, direction)] for name in cell.shapes(1, 1)}
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            for part, value in zip(("weight_ih", "weight_hh", "bias_ih", "bias_hh"), cell.to_torch(W)):
                state[part + suffix] = torch.tensor(value, dtype=dtype)
    rnn.load_state_dict(state)
    head.load_state_dict({"weight": torch.tensor(params["Wya"], dtype=dtype), "bias": torch.tensor(params["by"][:, 0])})
    return rnn, head


def torch_step(rnn, head, indices, dtype):
    x = torch.zeros(1, len(indices), V, dtype=dtype)
    x[0, torch.arange(len(indices)), torch.as_tensor(indices)] = 1.0
    y = torch.as_tensor(SEED_LABELS, dtype=dtype)[None, :, None]
    loss_fn = torch.nn.BCEWithLogitsLoss(reduction="sum")

    def step():
        rnn.zero_grad()
        head.zero_grad()
        out, _ = rnn(x)
        loss = loss_fn(head(out), y)
        loss.backward()
        return loss.detach()

    return step


def compare_gradients(params, grads, loss, rnn, head, torch_loss) -> float:
    """The largest relative difference between rnnviz's and autograd's loss and gradients."""
    spec = params.spec
    worst = abs(loss - torch_loss.item()) / abs(loss)
    for layer in range(spec.layers):
        for direction in range(spec.directions):
            suffix = f"_l{layer}" + ("_reverse" if direction else "")
            g_in = grads[key("Wax", layer, direction)]
            ours = {
                "weight_ih": g_in.dense(params.n_x) if isinstance(g_in, Columns) else g_in,
                "weight_hh": grads[key("Waa", layer, direction)],
                "bias_ih": grads[key("ba", layer, direction)][:, 0],
            }
            for part, value in ours.items():
                theirs = getattr(rnn, part + suffix).grad.numpy()
                worst = max(worst, float(np.max(np.abs(value - theirs)) / np.max(np.abs(theirs))))
    for name, theirs in (("Wya", head.weight.grad.numpy()), ("by", head.bias.grad.numpy()[:, None])):
        worst = max(worst, float(np.max(np.abs(grads[name] - theirs)) / np.max(np.abs(theirs))))
    return worst


def bptt(indices) -> None:
    spec = ModelSpec(layers=2, bidirectional=True)
    params = init_params(N_A, V, 1, seed=0, spec=spec)
    shape = get_shape(spec.shape)
    example = Example(indices, SEED_LABELS)
    W = params.tensors
    loss, grads = shape.loss_and_grads(spec, W, example)
    rnn, head = torch_model(params, torch.float64)
    step64 = torch_step(rnn, head, indices, torch.float64)
    error = compare_gradients(params, grads, loss, rnn, head, step64())
    assert error < 1e-9, f"rnnviz and autograd disagree: {error:.2e}"
    rnn32, head32 = torch_model(params, torch.float32)
    step32 = torch_step(rnn32, head32, indices, torch.float32)
    print(
        f"1. one BPTT pass, 2 layers, bidirectional, n_a = {N_A}, V = {V:,}, the seed's 9 words "
        f"(loss and every gradient equal to autograd's within {error:.1e} relative):"
    )
    threads = torch.get_num_threads()
    for n in sorted({threads, 1}, reverse=True):
        torch.set_num_threads(n)
        ours = median_time(lambda: shape.loss_and_grads(spec, W, example), 200)
        theirs, theirs32 = median_time(step64, 10), median_time(step32, 10)
        print(
            f"   rnnviz {ours * 1e3:.2f} ms; torch.nn.RNN + autograd ({n} thread{'s' if n > 1 else ''}) float64 "
            f"{theirs * 1e3:.1f} ms ({theirs / ours:.0f}x rnnviz), float32 {theirs32 * 1e3:.1f} ms ({theirs32 / ours:.0f}x)"
        )
    torch.set_num_threads(threads)


def loading(indices) -> None:
    worst = 0.0
    cases = 0
    with tempfile.TemporaryDirectory() as tmp:
        for layers in (1, 2, 3):
            for activation in ("tanh", "relu"):
                torch.manual_seed(layers)
                rnn = torch.nn.RNN(V, 16, num_layers=layers, bidirectional=True, nonlinearity=activation)
                model = torch.nn.ModuleDict({"rnn": rnn, "fc": torch.nn.Linear(32, 1)})
                path = Path(tmp) / f"m{layers}{activation}.safetensors"
                save_file(model.state_dict(), str(path))
                params = load_model(path, activation)
                assert params.spec == ModelSpec(layers=layers, bidirectional=True, activation=activation)
                ours = sigmoid(build_trace(params, ["w"] * len(indices), indices).logits[:, 0])
                model = model.double()  # the float32 weights exactly, computed in float64
                x = torch.zeros(len(indices), 1, V, dtype=torch.float64)
                x[torch.arange(len(indices)), 0, torch.as_tensor(indices)] = 1.0
                with torch.no_grad():
                    theirs = torch.sigmoid(model["fc"](model["rnn"](x)[0]))[:, 0, 0].numpy()
                worst = max(worst, float(np.max(np.abs(ours - theirs))))
                cases += 1
    print(
        f"2. PyTorch nn.RNN state dicts (1-3 layers, bidirectional, tanh and ReLU; {cases} files) read "
        f"without torch: largest |ŷ rnnviz - ŷ torch| = {worst:.1e} (target 1e-9)"
    )
    assert worst < 1e-9


def main() -> None:
    print(f"rnnviz family benchmark, torch {torch.__version__} ({torch.get_num_threads()} threads), medians of repeats")
    indices = seed_indices()
    bptt(indices)
    loading(indices)


if __name__ == "__main__":
    main()

"""One encoder-decoder forward pass: rnnviz's engine against PyTorch, same weights, same run.

    python bench/bench_seq2seq.py                    # the bundled seq2seq model (or a random one)
    python bench/bench_seq2seq.py --model m.npz      # any seq2seq model file

PyTorch runs the same network: an nn.RNN encoder (bidirectional and deep as the model is), an
nn.RNN decoder whose h0 is the encoder's final states ([a→<T_x>; a←<1>] per layer), an
nn.Linear head and a softmax, on one-hot inputs, with rnnviz's weights copied in (bias_hh = 0).
Both passes are checked to give the same probabilities before anything is timed. Timed:

- teacher-forced: the encoder, then the decoder fed x<1> = 0 and the targets (one call each);
- greedy: the encoder, then the decoder one step at a time, fed its own argmax until <END>;
- rnnviz's whole trace (build_trace: both of the above, frozen for the debugger).

Figures are medians of interleaved rounds, reported as ratios within this one run. torch must be
importable (a separate environment: it is never a dependency of rnnviz). Not a test.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import timeit
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
INPUT = "one hundred and twenty three thousand four hundred and fifty six"
TARGET = "123456"


def median_time(fn, number: int, repeat: int = 7) -> float:
    return statistics.median(t / number for t in timeit.repeat(fn, number=number, repeat=repeat))


def load(model: Path | None):
    from rnnviz.engine import ModelSpec, init_params
    from rnnviz.engine.modelio import load_model

    path = model or ROOT / "rnnviz" / "data" / "models" / "seq2seq.npz"
    if path.exists():
        return load_model(path), str(path)
    spec = ModelSpec(shape="seq2seq", head="softmax", bidirectional=True)
    words = ["<UNK>", *sorted(set(INPUT.split()))]
    params = init_params(128, len(words), 11, seed=0, spec=spec)
    meta = {"vocab": {"x": words, "y": ["<END>", *"0123456789"]}}
    return params.replace(meta=meta), "a random model (n_a = 128, bidirectional; no bundled seq2seq.npz)"


def torch_modules(params):
    import torch

    spec, n_a, n_x, n_y = params.spec, params.n_a, params.n_x, params.n_y
    D = spec.directions
    encoder = torch.nn.RNN(
        n_x, n_a, num_layers=spec.layers, bidirectional=spec.bidirectional, nonlinearity=spec.activation
    )
    decoder = torch.nn.RNN(n_y, D * n_a, num_layers=spec.layers, nonlinearity=spec.activation)
    head = torch.nn.Linear(D * n_a, n_y)

    def tensor(values):  # a copy: rnnviz's arrays are read-only
        return torch.from_numpy(np.array(values))

    def copy(module, group, directions):
        for layer in range(spec.layers):
            for d in range(directions):
                prefix = f"{group}." + (f"layer{layer + 1}." if layer else "") + ("reverse." if d else "")
                suffix = f"l{layer}" + ("_reverse" if d else "")
                getattr(module, f"weight_ih_{suffix}").copy_(tensor(params[prefix + "Wax"]))
                getattr(module, f"weight_hh_{suffix}").copy_(tensor(params[prefix + "Waa"]))
                getattr(module, f"bias_ih_{suffix}").copy_(tensor(params[prefix + "ba"][:, 0]))
                getattr(module, f"bias_hh_{suffix}").zero_()

    with torch.no_grad():
        encoder.double(), decoder.double(), head.double()
        copy(encoder, "encoder", D)
        copy(decoder, "decoder", 1)
        head.weight.copy_(tensor(params["decoder.Wya"]))
        head.bias.copy_(tensor(params["decoder.by"][:, 0]))
    return encoder, decoder, head


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, help="a seq2seq model file (default: the bundled one)")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        sys.exit("torch is not importable here: run this with a Python that has torch and rnnviz")
    from rnnviz.engine import build_trace
    from rnnviz.engine.shapes import get_shape
    from rnnviz.engine.shapes.seq2seq import END, cap

    torch.set_grad_enabled(False)
    torch.set_num_threads(1)
    params, source = load(args.model)
    spec, W = params.spec, params.tensors
    words, outputs = params.meta["vocab"]["x"], params.meta["vocab"]["y"]
    tokens = INPUT.split()
    indices = np.array([words.index(t) if t in words else 0 for t in tokens])
    targets = [outputs.index(c) for c in TARGET] + [END]
    shape = get_shape("seq2seq")
    encoder, decoder, head = torch_modules(params)
    D, L = spec.directions, spec.layers
    x_enc = torch.nn.functional.one_hot(torch.from_numpy(indices), params.n_x).double()[:, None, :]
    feed = torch.zeros(len(targets), 1, params.n_y, dtype=torch.float64)
    feed[1:, 0] = torch.nn.functional.one_hot(torch.tensor(targets[:-1]), params.n_y).double()

    def hand_off(h_n):  # (L·D, 1, n_a) -> (L, 1, D·n_a): [a→<T_x>; a←<1>] of each layer
        return h_n.view(L, D, 1, -1).permute(0, 2, 1, 3).reshape(L, 1, -1)

    def torch_forced():
        _, h_n = encoder(x_enc)
        out, _ = decoder(feed, hand_off(h_n))
        return torch.softmax(head(out[:, 0]), dim=1)

    def torch_greedy():
        _, h_n = encoder(x_enc)
        h = hand_off(h_n)
        x = torch.zeros(1, 1, params.n_y, dtype=torch.float64)
        emitted = []
        for _ in range(cap(len(indices))):
            out, h = decoder(x, h)
            choice = int(torch.argmax(head(out[0, 0])))
            emitted.append(choice)
            if choice == END:
                break
            x = torch.zeros(1, 1, params.n_y, dtype=torch.float64)
            x[0, 0, choice] = 1.0
        return emitted

    def ours_forced():
        _, start = shape.encode(spec, W, indices)
        _, logits = shape.teacher_forced(spec, W, start, np.array(targets))
        return np.exp(logits - logits.max(axis=1, keepdims=True)) / np.exp(
            logits - logits.max(axis=1, keepdims=True)
        ).sum(axis=1, keepdims=True)

    def ours_greedy():
        _, start = shape.encode(spec, W, indices)
        return shape.greedy(spec, W, start, cap(len(indices)))[2]

    def ours_trace():
        return build_trace(params, tokens, indices, labels=targets)

    difference = float(np.max(np.abs(torch_forced().numpy() - ours_forced())))
    trace = ours_trace()
    assert difference < 1e-12, difference
    assert np.array_equal(trace.probs, ours_forced())
    assert torch_greedy() == ours_greedy(), (torch_greedy(), ours_greedy())
    decoded = "".join(outputs[i] for i in trace.decoded)
    print(f"model: {source}: {spec.describe()}, n_a = {params.n_a}, n_x = {params.n_x}, n_y = {params.n_y}")
    print(f"input: {INPUT!r} (T_x = {len(tokens)}) -> greedy {decoded!r}; target {TARGET!r} (T_y = {len(targets)})")
    print(f"same probabilities as PyTorch: max |difference| = {difference:.1e}; same greedy decoding")
    number, repeat = 100, 15
    pairs = {
        "teacher-forced": (ours_forced, torch_forced),
        "greedy": (ours_greedy, torch_greedy),
    }
    print(f"{repeat} rounds of {number} calls each, rnnviz and torch ({torch.__version__}, 1 thread) in turn:")
    for name, (ours, theirs) in pairs.items():
        mine, other = [], []
        for _ in range(repeat):  # interleaved, so that a busy moment slows both
            mine.append(timeit.timeit(ours, number=number) / number)
            other.append(timeit.timeit(theirs, number=number) / number)
        ratios = sorted(o / m for m, o in zip(mine, other))
        print(
            f"  {name:<15} rnnviz {statistics.median(mine) * 1e6:7.1f} µs, torch {statistics.median(other) * 1e6:7.1f} µs: "
            f"torch / rnnviz {statistics.median(ratios):.2f}x (rounds {ratios[0]:.2f}x–{ratios[-1]:.2f}x)"
        )
    whole = median_time(ours_trace, number)
    print(f"  rnnviz's whole trace (build_trace: both passes, frozen for the debugger) {whole * 1e6:.1f} µs")


if __name__ == "__main__":
    main()

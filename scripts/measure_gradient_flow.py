"""How far one word's error travels back: the vanilla tagger's ‖da<τ>‖ against the
lstm-tagger's ‖dc<τ>‖ (and its own ‖da<τ>‖), on the long sentences of the sample files.

For each sentence of at least --min-words words, the gradient of the last word's loss L<T>
alone is sent back through the cell (the engine's cell backward, da_out = 0 but at T), and
‖d<T-k>‖ / ‖d<T>‖ says how much of it reaches k words to the left (k = 5, 10, 20, and the
first word). Backward mode in the debugger draws the whole loss L = Σ L<t> instead, where
every word adds its own error on the way; its ratio ‖d<1>‖ / ‖d<T>‖ is printed too.

    python scripts/measure_gradient_flow.py [--min-words 25] [FILE ...]
"""

from __future__ import annotations

import argparse
import statistics

import numpy as np

from rnnviz.engine.cells import get_cell
from rnnviz.pipeline import load_params, load_vocab, trace_sentence
from rnnviz.text.formats import load_sentences

FILES = ("sample_sentences/heldout.txt", "sample_sentences/heldout_unseen.txt", "sample_sentences/train.txt")
BACK = (5, 10, 20)  # words to the left of the last one
KINDS = (("tagger", "da"), ("lstm-tagger", "da"), ("lstm-tagger", "dc"))


def flow(params, trace, name):
    """‖name<τ>‖ for τ = 1 … T when only L<T> is differentiated."""
    cell = get_cell(params.spec.cell)
    fwd = trace.net.cells[0][0]
    weights = {key: params[key] for key in cell.shapes(1, 1)}
    da_out = np.zeros((trace.T, params.n_a))
    da_out[-1] = params["Wya"][0] * float(trace.backward.dlogits[-1, 0])
    back = cell.backward(weights, fwd, da_out, params.activation)
    return np.linalg.norm(back.steps[name], axis=1)


def ratios(models, vocab, sentence):
    """{(model, gradient): (‖d<T-5>‖, ‖d<T-10>‖, ‖d<T-20>‖, ‖d<1>‖) / ‖d<T>‖, and the screen's
    whole-loss ‖d<1>‖ / ‖d<T>‖}."""
    out = {}
    for model, name in KINDS:
        params = models[model]
        trace = trace_sentence(params, vocab, sentence)
        one = flow(params, trace, name)
        whole = trace.backward.norms(name)
        out[model, name] = (*(one[-1 - k] / one[-1] for k in BACK), one[0] / one[-1], whole[0] / whole[-1])
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=FILES)
    parser.add_argument("--min-words", type=int, default=25)
    args = parser.parse_args()
    vocab = load_vocab(None)
    models = {name: load_params(name, vocab) for name in ("tagger", "lstm-tagger")}
    found: dict[tuple[str, str], list[tuple[float, ...]]] = {kind: [] for kind in KINDS}
    for path in args.files:
        for sentence in load_sentences(path):
            if len(sentence.tokens) < args.min_words or sentence.labels is None:
                continue
            print(f"{path}:{sentence.line}  T = {len(sentence.tokens)}  {' '.join(sentence.tokens[:8])} …")
            for kind, values in ratios(models, vocab, sentence).items():
                found[kind].append(values)
                shown = "  ".join(f"{v:.3f}" for v in values[:-1])
                print(
                    f"  {kind[0]:12} ‖{kind[1]}‖  L<T> alone, 5 / 10 / 20 back, first word: {shown}   whole loss: {values[-1]:.3g}"
                )
    count = len(found[KINDS[0]])
    print(f"medians over {count} sentences (5 / 10 / 20 words back, the first word; the whole loss's first / last):")
    for kind, values in found.items():
        medians = [statistics.median(column) for column in zip(*values)]
        print(f"  {kind[0]:12} ‖{kind[1]}‖  " + "  ".join(f"{m:.3f}" for m in medians[:-1]) + f"   {medians[-1]:.3g}")
    tagger, lstm_da, lstm_dc = (found[kind] for kind in KINDS)
    for i, k in enumerate((*BACK, "first")):
        more = sum(c[i] > a[i] for a, c in zip(tagger, lstm_dc))
        own = sum(c[i] > d[i] for d, c in zip(lstm_da, lstm_dc))
        print(
            f"  {k} back: the lstm-tagger's ‖dc‖ keeps more than the tagger's ‖da‖ in {more} of {count}, than its own ‖da‖ in {own}"
        )


if __name__ == "__main__":
    main()

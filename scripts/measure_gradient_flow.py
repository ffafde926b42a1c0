"""How far a word's error travels back: the vanilla tagger's ‖da<τ>‖ against the
lstm-tagger's ‖dc<τ>‖ (and its own ‖da<τ>‖), on the long sentences of the sample files.

Two figures per sentence and model:
- flow: the gradient of the last word's loss L<T> alone, sent back through the cell (the
  engine's cell backward with da_out = 0 but at T): ‖d<1>‖ / ‖d<T>‖, how much of one word's
  error reaches the first word; and the same five words back, ‖d<T-5>‖ / ‖d<T>‖;
- screen: what backward mode draws, the gradient of the whole sentence loss L = Σ L<t>:
  ‖d<1>‖ / ‖d<T>‖ (every word adds its own error on the way, so this ratio mixes the flow
  with where the errors are).

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


def flow(params, trace, name):
    """‖name<τ>‖ for τ = 1 … T when only L<T> is differentiated."""
    cell = get_cell(params.spec.cell)
    fwd = trace.net.cells[0][0]
    weights = {key: params[key] for key in cell.shapes(1, 1)}
    da_out = np.zeros((trace.T, params.n_a))
    da_out[-1] = params["Wya"][0] * float(trace.backward.dlogits[-1, 0])
    back = cell.backward(weights, fwd, da_out, params.activation)
    return np.linalg.norm(back.steps[name], axis=1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", default=FILES)
    parser.add_argument("--min-words", type=int, default=25)
    args = parser.parse_args()
    vocab = load_vocab(None)
    models = {name: load_params(name, vocab) for name in ("tagger", "lstm-tagger")}
    rows = {key: [] for key in ("rnn da", "lstm da", "lstm dc")}
    for path in args.files:
        for sentence in load_sentences(path):
            if len(sentence.tokens) < args.min_words or sentence.labels is None:
                continue
            print(f"{path}:{sentence.line}  T = {len(sentence.tokens)}  {' '.join(sentence.tokens[:8])} …")
            for model, params in models.items():
                trace = trace_sentence(params, vocab, sentence)
                names = ("da", "dc") if trace.has("c") else ("da",)
                for name in names:
                    one = flow(params, trace, name)
                    whole = np.asarray(trace.backward.norms(name))
                    key = f"{'lstm' if trace.has('c') else 'rnn'} {name}"
                    rows[key].append((one[0] / one[-1], one[-6] / one[-1], whole[0] / whole[-1]))
                    print(
                        f"  {model:12} ‖{name}‖  flow: <1>/<T> {one[0] / one[-1]:.2e}, <T-5>/<T> {one[-6] / one[-1]:.2f}"
                        f"   screen: <1>/<T> {whole[0] / whole[-1]:.3g}"
                    )
    print("medians over the sentences (flow <1>/<T>, flow <T-5>/<T>, screen <1>/<T>):")
    for key, values in rows.items():
        if values:
            medians = [statistics.median(column) for column in zip(*values)]
            print(f"  {key:8} {medians[0]:.2e}  {medians[1]:.2f}  {medians[2]:.3g}   ({len(values)} sentences)")


if __name__ == "__main__":
    main()

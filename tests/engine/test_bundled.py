"""The bundled taggers (rnnviz/data/models/NAME.npz; charlm: test_charlm.py): what each one does, with real numbers (the
names it finds in the seed's sentence, its name F1 on both held-out files, what its meta says
about it), and its rebuild by scripts/build_model.py: the same bytes on the machine that built
it, a model that keeps the same contract on any other."""

from __future__ import annotations

import functools
import importlib.util
import json
import warnings
from pathlib import Path

import numpy as np
import pytest

from rnnviz import bundled
from rnnviz.engine import ModelSpec, build_trace, sigmoid
from rnnviz.engine.modelio import load_model
from rnnviz.engine.params import Params
from rnnviz.engine.train import evaluate

ROOT = Path(__file__).resolve().parents[2]
SEED = "Harry Potter and Hermione Granger invented a new spell."

# What each bundled model must do: its network, and the lowest name F1 it may have on
# heldout.txt (names train.txt uses, in new sentences), on heldout_unseen.txt (names nowhere in
# train.txt, and rare ordinary words nowhere in train.txt), the lowest recall on
# heldout_unseen.txt's names that start a sentence, and the largest share of its rare words
# (outside the vocabulary, not names) it may call names. The left-to-right tagger cannot read
# the words after a rare word, so its bounds on unseen names and rare words are looser.
CONTRACTS = {
    "tagger": {"spec": ModelSpec(), "heldout": 0.95, "unseen": 0.75, "first": 0.8, "rare": 0.35},
    "bitagger": {
        "spec": ModelSpec(layers=2, bidirectional=True),
        "heldout": 0.95,
        "unseen": 0.85,
        "first": 0.85,
        "rare": 0.15,
    },
    # the tagger's recipe with an LSTM cell
    "lstm-tagger": {"spec": ModelSpec(cell="lstm"), "heldout": 0.93, "unseen": 0.75, "first": 0.8, "rare": 0.35},
}


@functools.cache
def script():
    spec = importlib.util.spec_from_file_location("build_model", ROOT / "scripts" / "build_model.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@functools.cache
def examples(name: str):
    from rnnviz.engine.records import labeled_examples
    from rnnviz.text import Vocabulary, load_sentences

    path = ROOT / "sample_sentences" / name
    return labeled_examples(load_sentences(path), Vocabulary.default(), str(path))[0]


def names_found(params: Params, text: str = SEED) -> list[str]:
    from rnnviz.text import Vocabulary, tokenize

    tokens = tokenize(text)
    indices, _ = Vocabulary.default().lookup(tokens)
    y_hat = sigmoid(build_trace(params, tokens, indices).logits[:, 0])
    return [t for t, p in zip(tokens, y_hat) if p > 0.5]


def first_word_recall(params: Params, name: str) -> tuple[int, int]:
    """(found, names) over the sentences of `name` that start with a name."""
    starts = [ex for ex in examples(name) if ex.labels[0] > 0.5]
    found = sum(bool(sigmoid(build_trace(params, ex.tokens, ex.indices).logits[0, 0]) > 0.5) for ex in starts)
    return found, len(starts)


def rare_words_called_names(params: Params, name: str) -> tuple[int, int]:
    """(called names, rare words) over the words of `name` outside the vocabulary that are not names."""
    called = rare = 0
    for ex in examples(name):
        is_rare = (ex.indices == 0) & (ex.labels < 0.5)
        y_hat = sigmoid(build_trace(params, ex.tokens, ex.indices).logits[:, 0])
        called, rare = called + int(((y_hat > 0.5) & is_rare).sum()), rare + int(is_rare.sum())
    return called, rare


def keeps_its_contract(name: str, params: Params) -> tuple:
    contract = CONTRACTS[name]
    assert params.spec == contract["spec"]
    assert (params.n_a, params.n_x, params.n_y, params.activation) == (100, 10_000, 1, "tanh")
    assert names_found(params) == ["harry", "potter", "hermione", "granger"]
    seen, unseen = evaluate(params, examples("heldout.txt")), evaluate(params, examples("heldout_unseen.txt"))
    assert seen.f1 >= contract["heldout"], seen
    assert unseen.f1 >= contract["unseen"], unseen
    found, starts = first_word_recall(params, "heldout_unseen.txt")
    assert starts == 99 and found / starts >= contract["first"], (found, starts)
    called, rare = rare_words_called_names(params, "heldout_unseen.txt")
    assert rare == 174 and called / rare <= contract["rare"], (called, rare)
    return seen, unseen


def test_every_bundled_model_has_a_recipe_and_every_tagger_a_contract():
    assert sorted(bundled.names()) == sorted(script().RECIPES)
    taggers = [name for name in bundled.names() if load_model(bundled.path_of(name)).spec.shape == "tagger"]
    assert taggers == ["tagger", "bitagger", "lstm-tagger"] == list(CONTRACTS)  # the default first


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_bundled_model_keeps_its_contract_and_says_so(name):
    from rnnviz.text import Vocabulary

    params = load_model(bundled.path_of(name))
    seen, unseen = keeps_its_contract(name, params)
    argv, samples = script().RECIPES[name]
    meta = params.meta
    epochs = int(argv[argv.index("--epochs") + 1])
    assert meta["trained"] is True and meta["samples"] == samples
    assert meta["trained_on"] == f"sample_sentences/train.txt, {epochs} epochs"
    assert meta["vocab_sha256"] == Vocabulary.default().sha256
    assert meta["train"]["unseen_dropout"] == float(argv[argv.index("--unseen-dropout") + 1])
    assert meta["heldout"]["data"] == "sample_sentences/heldout.txt"
    assert meta["heldout"]["f1"] == pytest.approx(seen.f1, abs=1e-12)
    [more] = meta["heldout_more"]
    assert more["data"] == "sample_sentences/heldout_unseen.txt"
    assert (more["f1"], more["precision"], more["recall"]) == pytest.approx(
        (unseen.f1, unseen.precision, unseen.recall), abs=1e-12
    )
    json.dumps(meta)  # plain JSON all the way down


def test_the_lstm_tagger_is_stored_in_float32_and_its_meta_scores_those_weights():
    """Its weights are rounded to float32 after training (scripts/build_model.py FLOAT32):
    the file holds float32, the model loads as float64 with exactly those values, and the
    held-out scores in its meta are those of the rounded weights, not of the float64 run."""
    path = bundled.path_of("lstm-tagger")
    with np.load(path, allow_pickle=False) as f:
        assert {f[k].dtype for k in f.files if f[k].dtype.kind == "f"} == {np.dtype(np.float32)}
    params = load_model(path)
    assert params.meta["weights"] == "float32" and "lstm-tagger" in script().FLOAT32
    assert {params[n].dtype for n in params.names} == {np.dtype(np.float64)}
    assert all(np.array_equal(params[n], params[n].astype(np.float32)) for n in params.names)
    seen = evaluate(params, examples("heldout.txt"))
    assert params.meta["heldout"]["heldout_loss"] == pytest.approx(seen.loss, rel=1e-11, abs=0)
    assert params.meta["history"][-1]["heldout_loss"] != pytest.approx(seen.loss, rel=1e-11, abs=0)  # float64's
    assert script().RECIPES["lstm-tagger"][0] == [
        "train",
        "--cell",
        "lstm",
        *script().RECIPES["tagger"][0][1:],
    ]  # trained like the tagger


def test_the_default_tagger_is_the_seeds_network_and_finds_unseen_names():
    """One layer, left to right, as the seed draws it; it finds 3 in 4 of the names it never
    saw, most of them fed as <UNK> like the rare words next to them (the model trained without
    input dropout on the 365 first sentences found 0.18)."""
    params = load_model(bundled.path_of("tagger"))
    assert set(params.names) == {"Wax", "Waa", "ba", "Wya", "by"}
    unseen = evaluate(params, examples("heldout_unseen.txt"))
    assert unseen.recall > 0.7 and unseen.precision > 0.75, unseen


@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_a_rare_word_is_not_a_name(name):
    """train.txt feeds rare ordinary words as <UNK> as often as names (README, "Rare words"):
    <UNK> alone no longer reads as a name, and the README's example finds Ron only."""
    params = load_model(bundled.path_of(name))
    assert names_found(params, "Ron caught the snitch near the quidditch hoops") == ["ron"]


def test_bitagger_reads_the_right_context():
    """A name the bidirectional model has never seen, first in a sentence, is found from the
    words after it; the left-to-right tagger has nothing to go on there but the word itself."""
    bi = load_model(bundled.path_of("bitagger"))
    uni = load_model(bundled.path_of("tagger"))
    found_bi, starts = first_word_recall(bi, "heldout_unseen.txt")
    found_uni, _ = first_word_recall(uni, "heldout_unseen.txt")
    assert found_bi > found_uni, (found_bi, found_uni, starts)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(CONTRACTS))
def test_bundled_model_rebuilds(name, tmp_path):
    """scripts/build_model.py runs the model's `rnnviz train` recipe. On a machine with the
    build machine's fingerprint (float kernels, BLAS) the result is the shipped file, bit for
    bit; on any machine it is a model that keeps the contract (training over many epochs is
    chaotic: other kernels give other last bits, then another, equally good model). Rerun the
    script after changing sample_sentences/ or the trainer."""
    out = tmp_path / f"{name}.npz"
    assert script().build(name, out, quiet=True) == 0
    rebuilt = load_model(out)
    keeps_its_contract(name, rebuilt)
    recorded = json.loads(script().FINGERPRINT.read_text(encoding="utf-8"))
    if script().fingerprint() != recorded:
        warnings.warn(f"another machine than {name}'s: checked its contract, not its bits", stacklevel=1)
        return
    shipped = bundled.path_of(name)
    with np.load(out, allow_pickle=False) as new, np.load(shipped, allow_pickle=False) as old:
        assert new.files == old.files
        for key in new.files:
            assert new[key].dtype == old[key].dtype and new[key].tobytes() == old[key].tobytes(), (
                f"{key} differs: rerun scripts/build_model.py {name} and commit rnnviz/data/models/{name}.npz"
            )
    assert out.read_bytes() == shipped.read_bytes()

"""`rnnviz vocab`, then `rnnviz train --vocab` and the debugger on that model: a CoNLL user's
whole path without the bundled 10,000 words."""

from __future__ import annotations

import hashlib
import json

import pytest

from rnnviz.engine.modelio import read_model

CONLL = """\
-DOCSTART- -X- -X- O

Harry NNP B-NP B-PER
Potter NNP I-NP I-PER
met VBD B-VP O
Ron NNP B-NP B-PER
. . O O

Ron NNP B-NP B-PER
met VBD B-VP O
Luna NNP B-NP B-PER
Lovegood NNP I-NP I-PER
at IN B-PP O
the DT B-NP O
station NN I-NP O
. . O O

Harry NNP B-NP B-PER
saw VBD B-VP O
the DT B-NP O
owl NN I-NP O
. . O O
"""
# counts: harry met ron the 2 each; at lovegood luna owl potter saw station 1 each
ALL = ["<UNK>", "harry", "met", "ron", "the", "at", "lovegood", "luna", "owl", "potter", "saw", "station"]


@pytest.fixture
def data(tmp_path):
    path = tmp_path / "train.conll"
    path.write_text(CONLL, encoding="utf-8")
    return path


def lines(path):
    return path.read_text(encoding="utf-8").splitlines()


@pytest.mark.parametrize(
    ("size", "min_count", "expected"),
    [
        (50, 1, ALL),
        (12, 1, ALL),
        (3, 1, ["<UNK>", "harry", "met"]),  # ties broken alphabetically
        (50, 2, ["<UNK>", "harry", "met", "ron", "the"]),
        (4, 2, ["<UNK>", "harry", "met", "ron"]),
    ],
)
def test_vocab_is_unk_then_most_frequent_first(cli, data, tmp_path, size, min_count, expected):
    out = tmp_path / "words.txt"
    code, stdout, err = cli.run("vocab", "--data", data, "--size", size, "--min-count", min_count, "--out", out)
    assert code == 0, err
    assert lines(out) == expected
    assert stdout.startswith(f"wrote {out}: <UNK> and {len(expected) - 1} words, of 11 distinct in 1 file;")


def test_several_files_are_counted_together(cli, data, tmp_path):
    more = tmp_path / "more.txt"
    more.write_text("[Luna] saw the owl.\n# format: plain\nLuna saw Luna.\n", encoding="utf-8")
    out = tmp_path / "words.txt"
    assert cli.run("vocab", "--data", data, more, "--size", 5, "--out", out)[0] == 0
    # luna 1 + 3 = 4, saw 1 + 2 = 3, the 2 + 1 = 3, owl 1 + 1 = 2 (ties: harry met ron owl)
    assert lines(out) == ["<UNK>", "luna", "saw", "the", "harry"]


def test_vocab_train_and_debug_end_to_end(cli, data, tmp_path):
    words = tmp_path / "words.txt"
    model = tmp_path / "m.npz"
    assert cli.run("vocab", "--data", data, "--size", 100, "--out", words)[0] == 0
    code, stdout, err = cli.run(
        "train", "--data", data, "--vocab", words, "--hidden", 4, "--epochs", 3, "--seed", 2, "--out", model
    )
    assert code == 0, err
    assert "V = 12" in stdout
    params, _ = read_model(model)
    assert params.n_x == 12
    assert params.meta["vocab_sha256"] == hashlib.sha256(words.read_bytes()).hexdigest()
    assert params.meta["vocab_size"] == 12
    # `rnnviz trace` with the pair: indices are line numbers of words.txt, unknown words <UNK>
    code, out, err = cli.run("trace", "--model", model, "--vocab", words, "Harry met Hagrid", "--format", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["model"]["n_x"] == 12
    steps = doc["sentences"][0]["steps"]
    assert [(s["token"], s["index"], s["unknown"]) for s in steps] == [
        ("harry", 1, False),
        ("met", 2, False),
        ("hagrid", 0, True),
    ]
    # `rnnviz --model m.npz --vocab words.txt`: the debugger's loader takes the pair
    from rnnviz.cli import load_tui_inputs, tui_parser

    args = tui_parser().parse_args(["--model", str(model), "--vocab", str(words), "Ron met Luna"])
    session = load_tui_inputs(args)
    assert session.params.n_x == 12 and len(session.vocab) == 12
    assert session.sentences[0].tokens == ("ron", "met", "luna")
    # and the model refuses any other vocabulary: the bundled one, or words.txt changed
    cli.error("trace", "--model", model, "Harry", contains=("n_x = 12", "10000 words"))
    other = tmp_path / "other.txt"
    other.write_text("\n".join([*ALL[:-1], "zebra"]) + "\n", encoding="utf-8")
    cli.error("trace", "--model", model, "--vocab", other, "Harry", contains=("another vocabulary",))


def test_bad_vocab_input(cli, data, tmp_path):
    out = tmp_path / "words.txt"
    cli.error("vocab", "--data", data, "--size", 1, "--out", out, contains=("--size must be at least 2",))
    cli.error("vocab", "--data", data, "--size", 5, "--min-count", 0, "--out", out, contains=("--min-count must be",))
    cli.error(
        "vocab",
        "--data",
        data,
        "--size",
        5,
        "--min-count",
        3,
        "--out",
        out,
        contains=("no word occurs 3 times in the data (the most frequent, 2 times)",),
    )
    cli.error(
        "vocab", "--data", tmp_path / "none.conll", "--size", 5, "--out", out, contains=("none.conll: no such file",)
    )
    bad = tmp_path / "bad.conll"
    bad.write_text("Harry B-PER\nPotter\n", encoding="utf-8")
    cli.error("vocab", "--data", bad, "--size", 5, "--out", out, contains=(f"{bad}:2:",))
    cli.error("vocab", "--size", 5, "--out", out, contains=("--data",))
    cli.error("vocab", "--data", data, "--size", 5, "--out", tmp_path / "no" / "w.txt", contains=("does not exist",))
    assert not out.exists()


def test_the_same_files_give_the_same_bytes(cli, data, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    cli.run("vocab", "--data", data, "--size", 9, "--out", a)
    cli.run("vocab", "--data", data, "--size", 9, "--out", b)
    assert a.read_bytes() == b.read_bytes() == ("\n".join(ALL[:9]) + "\n").encode()


def test_build_orders_by_count_then_word():
    from collections import Counter

    from rnnviz.commands.vocab import build

    counts = Counter({"b": 3, "a": 3, "c": 5, "d": 1})
    assert build(counts, 10) == ["<UNK>", "c", "a", "b", "d"]
    assert build(counts, 3, min_count=2) == ["<UNK>", "c", "a"]

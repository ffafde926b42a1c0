"""`rnnviz train` through `rnnviz.cli.main`: training, determinism, resume, Ctrl+C, and every
bad input as one line on stderr with exit status 2."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from rnnviz.engine.modelio import read_model, save_model
from rnnviz.engine.params import init_params

ROOT = Path(__file__).resolve().parents[2]
TRAIN = ROOT / "sample_sentences" / "train.txt"
HELDOUT = ROOT / "sample_sentences" / "heldout.txt"


def sentences(n: int, path: Path = TRAIN) -> str:
    lines = [
        line for line in path.read_text(encoding="utf-8").splitlines() if line.strip() and not line.startswith("#")
    ]
    return "\n".join(lines[:n]) + "\n"


@pytest.fixture
def small(tmp_path):
    """24 training and 8 held-out sentences from sample_sentences/."""
    train = tmp_path / "train.txt"
    train.write_text(sentences(24), encoding="utf-8")
    heldout = tmp_path / "heldout.txt"
    heldout.write_text(sentences(8, HELDOUT), encoding="utf-8")
    return train, heldout


def quick(train, out, *more):
    return ["train", "--data", train, "--hidden", 8, "--epochs", 3, "--lr", 0.02, "--seed", 1, "--out", out, *more]


# ---------------------------------------------------------------------------- it trains


def test_train_prints_every_epoch_and_saves_a_described_model(cli, small, tmp_path):
    train, heldout = small
    out = tmp_path / "m.npz"
    code, stdout, err = cli.run(*quick(train, out, "--heldout", heldout))
    assert code == 0, err
    assert err == ""
    epoch_lines = [line for line in stdout.splitlines() if line.startswith("epoch ")]
    assert [line.split()[1] for line in epoch_lines] == ["1/3", "2/3", "3/3"]
    for line in epoch_lines:
        for field in ("loss", "held-out loss", "acc", "P ", "R ", "F1"):
            assert field in line, line
    assert f"done: saved {out} (3 epochs" in stdout
    params, opt = read_model(out)
    assert (params.n_a, params.n_x, params.activation) == (8, 10_000, "tanh")
    meta = params.meta
    assert meta["trained"] is True and meta["epochs"] == 3
    assert meta["trained_on"] == f"{train}, 3 epochs"
    assert meta["train"]["sentences"] == 24 and meta["train"]["seed"] == 1 and meta["train"]["optimizer"] == "adam"
    assert [h["epoch"] for h in meta["history"]] == [1, 2, 3]
    assert meta["heldout"]["sentences"] == 8 and 0.0 <= meta["heldout"]["f1"] <= 1.0
    assert int(opt["opt.step"]) == 3 * 3  # 24 sentences, batches of 8, 3 epochs
    words, names = epoch_lines[-1].split(" words ")[1].split(" names ")
    assert float(words.split("F1 ")[1]) == pytest.approx(meta["heldout"]["f1"], abs=5e-4)
    assert float(names.split("F1 ")[1]) == pytest.approx(meta["heldout"]["entity_f1"], abs=5e-4)
    assert float(names.split("P ")[1].split()[0]) == pytest.approx(meta["heldout"]["entity_precision"], abs=5e-4)
    assert float(names.split("R ")[1].split()[0]) == pytest.approx(meta["heldout"]["entity_recall"], abs=5e-4)
    assert meta["history"][-1]["entity_f1"] == meta["heldout"]["entity_f1"]


def test_same_command_same_bytes(cli, small, tmp_path):
    train, _ = small
    a, b = tmp_path / "a.npz", tmp_path / "b.npz"
    assert cli.run(*quick(train, a))[0] == 0
    assert cli.run(*quick(train, b))[0] == 0
    assert a.read_bytes() == b.read_bytes()
    c = tmp_path / "c.npz"
    assert cli.run(*quick(train, c), "--seed", 2)[0] == 0
    assert a.read_bytes() != c.read_bytes()


def test_safetensors_out_and_sgd_and_relu(cli, small, tmp_path):
    train, _ = small
    out = tmp_path / "m.safetensors"
    code, _, err = cli.run(*quick(train, out, "--optimizer", "sgd", "--activation", "relu", "--quiet"))
    assert code == 0, err
    params, opt = read_model(out)
    assert params.activation == "relu" and params.meta["train"]["optimizer"] == "sgd"
    assert set(opt) == {"opt.step"}


def test_init_identity_starts_an_irnn_and_is_refused_where_it_means_nothing(cli, small, tmp_path):
    """--init identity: Waa = I at the start (ReLU: ba = 0.1, Wax = 0), recorded in the file;
    every tensor then learns. Refused for a gated cell and with --resume."""
    train, _ = small
    out = tmp_path / "irnn.npz"
    first = tmp_path / "one.npz"
    cli.ok(*quick(train, first, "--activation", "relu", "--init", "identity", "--epochs", 1, "--lr", 1e-9, "--quiet"))
    start, _ = read_model(first)
    assert start.meta["init"] == "trainer (Wax = 0, ba = 0.1: ReLU, Waa = I)"
    np.testing.assert_allclose(start.Waa, np.eye(8), atol=1e-6)  # an lr of 1e-9: one epoch barely moves it
    np.testing.assert_allclose(start.ba, 0.1, atol=1e-6)
    cli.ok(*quick(train, out, "--activation", "relu", "--init", "identity", "--quiet"))
    trained, _ = read_model(out)
    assert np.abs(trained.Waa - np.eye(8)).max() > 1e-3 and np.abs(trained.Wax).max() > 1e-3
    cli.error(
        *quick(train, out, "--cell", "lstm", "--init", "identity"), contains=("--init identity starts the rnn cell",)
    )
    cli.error(
        "train", "--data", train, "--resume", out, "--init", "identity", "--epochs", 4,
        contains=("--init identity is where a new model starts",),
    )  # fmt: skip


def test_conll_training_data(cli, tmp_path):
    conll = tmp_path / "names.conll"
    block = "-DOCSTART- O\n\nHarry B-PER\nPotter I-PER\nlaughed O\n. O\n\nthe O\nspell O\nworked O\n\nRon B-PER\nsaw O\nHermione B-PER\n\n"
    conll.write_text(block * 3, encoding="utf-8")
    out = tmp_path / "m.npz"
    code, stdout, err = cli.run(*quick(conll, out, "--heldout", conll, "--epochs", 20))
    assert code == 0, err
    assert read_model(out)[0].meta["train"]["sentences"] == 9
    assert stdout.splitlines()[-2].endswith("F1 1.000")


def test_no_optimizer_state_makes_a_smaller_file(cli, small, tmp_path):
    train, _ = small
    full, slim = tmp_path / "full.npz", tmp_path / "slim.npz"
    cli.run(*quick(train, full))
    cli.run(*quick(train, slim, "--no-optimizer-state"))
    assert read_model(slim)[1] == {}
    assert slim.stat().st_size < full.stat().st_size
    a, b = read_model(full)[0], read_model(slim)[0]
    assert all(np.array_equal(getattr(a, n), getattr(b, n)) for n in ("Waa", "Wax", "Wya", "ba", "by"))


# ---------------------------------------------------------------------------- resume, interrupt


def test_resume_equals_one_straight_run(cli, small, tmp_path):
    train, heldout = small
    straight, resumed = tmp_path / "straight.npz", tmp_path / "resumed.npz"
    assert cli.run(*quick(train, straight, "--heldout", heldout, "--epochs", 5))[0] == 0
    assert cli.run(*quick(train, resumed, "--heldout", heldout, "--epochs", 2))[0] == 0
    code, stdout, _ = cli.run(
        "train", "--data", train, "--heldout", heldout, "--lr", 0.02, "--epochs", 5, "--resume", resumed
    )
    assert code == 0
    assert f"resuming {resumed} at epoch 3" in stdout
    assert [line.split()[1] for line in stdout.splitlines() if line.startswith("epoch")] == ["3/5", "4/5", "5/5"]
    assert resumed.read_bytes() == straight.read_bytes()  # same tensors, optimizer state and history


def test_resume_keeps_the_models_dropout(cli, small, tmp_path):
    """A resume without --word-dropout / --unseen-dropout continues with the model's own, so
    it still equals one straight run; a resume may also change them."""
    train, _ = small
    straight, resumed = tmp_path / "straight.npz", tmp_path / "resumed.npz"
    dropout = ("--word-dropout", 0.1, "--unseen-dropout", 0.2)
    assert cli.run(*quick(train, straight, *dropout, "--epochs", 4))[0] == 0
    assert cli.run(*quick(train, resumed, *dropout, "--epochs", 2))[0] == 0
    code, stdout, _ = cli.run("train", "--data", train, "--lr", 0.02, "--epochs", 4, "--resume", resumed)
    assert code == 0 and "word dropout 0.1, unseen dropout 0.2" in stdout
    assert resumed.read_bytes() == straight.read_bytes()
    code, stdout, _ = cli.run(*quick(train, resumed, "--resume", resumed, "--epochs", 5, "--unseen-dropout", 0))
    assert code == 0 and "word dropout 0.1, unseen dropout 0," in stdout
    assert read_model(resumed)[0].meta["train"]["unseen_dropout"] == 0.0


def test_resume_with_nothing_left_to_do(cli, small, tmp_path):
    train, _ = small
    out = tmp_path / "m.npz"
    cli.run(*quick(train, out))
    before = out.read_bytes()
    code, stdout, _ = cli.run("train", "--data", train, "--epochs", 3, "--resume", out)
    assert code == 0 and "nothing to do" in stdout
    assert out.read_bytes() == before


def test_resume_without_optimizer_state_restarts_it(cli, small, tmp_path):
    train, _ = small
    out, more = tmp_path / "m.npz", tmp_path / "more.npz"
    cli.run(*quick(train, out, "--no-optimizer-state"))
    code, stdout, _ = cli.run("train", "--data", train, "--epochs", 4, "--resume", out, "--out", more)
    assert code == 0
    assert "optimizer state not in the file: it restarts" in stdout
    assert read_model(more)[0].meta["epochs"] == 4


def test_keyboard_interrupt_saves_the_last_completed_epoch(cli, small, tmp_path, monkeypatch):
    from rnnviz.engine.train import Trainer

    train, heldout = small
    real = Trainer.evaluate
    calls = []

    def evaluate(self, examples):
        calls.append(1)
        if len(calls) == 2:  # right after epoch 2 completed
            raise KeyboardInterrupt
        return real(self, examples)

    monkeypatch.setattr(Trainer, "evaluate", evaluate)
    out = tmp_path / "m.npz"
    code, stdout, err = cli.run(*quick(train, out, "--heldout", heldout, "--epochs", 10))
    assert code == 130
    assert "Traceback" not in err
    assert f"interrupted: saved {out} (2 epochs" in stdout
    assert read_model(out)[0].meta["epochs"] == 2


def test_ctrl_c_in_the_middle_of_an_epoch_rolls_back_to_the_previous_one(cli, small, tmp_path, monkeypatch):
    """A real SIGINT (through the command's handler) during epoch 2: epoch 1 is saved."""
    from rnnviz.engine.train import Trainer

    train, _ = small
    real = Trainer.run_epoch

    def run_epoch(self, cancel=None, progress=None):
        if self.epochs_done == 1:
            os.kill(os.getpid(), signal.SIGINT)  # handled: sets the flag polled between batches
        return real(self, cancel=cancel, progress=progress)

    monkeypatch.setattr(Trainer, "run_epoch", run_epoch)
    out = tmp_path / "m.npz"
    code, _stdout, _ = cli.run(*quick(train, out, "--epochs", 10))
    assert code == 130
    assert read_model(out)[0].meta["epochs"] == 1
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # handler restored


def test_ctrl_c_before_the_first_epoch_saves_nothing(cli, small, tmp_path, monkeypatch):
    from rnnviz.engine.train import Trainer

    monkeypatch.setattr(Trainer, "run_epoch", lambda self, cancel=None, progress=None: None)
    out = tmp_path / "m.npz"
    code, stdout, _ = cli.run(*quick(small[0], out))
    assert code == 130 and "nothing saved" in stdout
    assert not out.exists()


def test_ctrl_c_in_a_real_process_then_resume(tmp_path):
    """The whole story in a subprocess: SIGINT after epoch 2's line, exit 130, the file holds
    the last completed epoch, and --resume finishes exactly like an uninterrupted run."""
    out = tmp_path / "m.npz"
    # The 365 sentences train.txt had before issue 9: every word of them is in the vocabulary.
    data = tmp_path / "train.txt"
    data.write_text(sentences(365), encoding="utf-8")
    args = [
        sys.executable,
        "-m",
        "rnnviz",
        "train",
        "--data",
        str(data),
        "--hidden",
        "16",
        "--seed",
        "3",
        "--out",
        str(out),
    ]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [*args, "--epochs", "500"], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    seen = []
    for line in proc.stdout:
        seen.append(line)
        if line.startswith("epoch ") and line.split()[1] == "2/500":
            proc.send_signal(signal.SIGINT)
            break
    rest, err = proc.communicate(timeout=60)
    seen += rest.splitlines(keepends=True)
    assert proc.returncode == 130, (seen, err)
    assert "Traceback" not in err
    last = max(int(line.split()[1].split("/")[0]) for line in seen if line.startswith("epoch "))
    assert any(line.startswith(f"interrupted: saved {out} ({last} epochs") for line in seen), seen
    assert read_model(out)[0].meta["epochs"] == last
    target = last + 1
    done = subprocess.run(
        [*args[:-2], "--resume", str(out), "--epochs", str(target)], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    straight = tmp_path / "straight.npz"
    subprocess.run([*args[:-1], str(straight), "--epochs", str(target)], cwd=ROOT, capture_output=True, check=True)
    a, b = read_model(out)[0], read_model(straight)[0]
    assert all(getattr(a, n).tobytes() == getattr(b, n).tobytes() for n in ("Waa", "Wax", "Wya", "ba", "by"))
    assert json.dumps(a.meta["history"]) == json.dumps(b.meta["history"])


# ---------------------------------------------------------------------------- divergence


def test_non_finite_loss_in_the_first_epoch_saves_nothing(cli, small, tmp_path):
    out = tmp_path / "m.npz"
    message = cli.error(
        *quick(small[0], out, "--optimizer", "sgd", "--lr", "1e308", "--clip", "0"),
        contains=(
            "training diverged: non-finite",
            "in epoch 1",
            "at sentence",
            f"{small[0]}:",
            "nothing saved",
            "--lr",
        ),
        status=3,
    )
    assert "RuntimeWarning" not in message
    assert not out.exists()


def test_non_finite_loss_later_keeps_the_last_good_epoch(cli, small, tmp_path, monkeypatch):
    import rnnviz.engine.train as train_module

    real = train_module.batch_gradients
    calls = []

    def poisoned(spec, W, batch):
        losses, grads = real(spec, W, batch)
        calls.append(batch)
        if len(calls) == 5:  # epoch 2, second batch (3 batches an epoch)
            losses[2] = np.inf
        return losses, grads

    monkeypatch.setattr(train_module, "batch_gradients", poisoned)
    out = tmp_path / "m.npz"
    where = None
    line = cli.error(
        *quick(small[0], out, "--epochs", 4),
        contains=("in epoch 2 at sentence", "kept the last good model (epoch 1)", str(out)),
        status=3,
    )
    where = calls[4][2].where
    assert f"at sentence {where};" in line
    assert read_model(out)[0].meta["epochs"] == 1


def test_non_finite_loss_on_resume_leaves_the_file_unchanged(cli, small, tmp_path):
    train, _ = small
    out = tmp_path / "m.npz"
    cli.run(*quick(train, out, "--optimizer", "sgd"))
    before = out.read_bytes()
    cli.error(
        "train",
        "--data",
        train,
        "--epochs",
        6,
        "--optimizer",
        "sgd",
        "--lr",
        "1e308",
        "--clip",
        "0",
        "--resume",
        out,
        contains=("in epoch 4", "at sentence", f"{out} is unchanged"),
        status=3,
    )
    assert out.read_bytes() == before


def test_lr_1e300_stops_in_its_first_epoch_saves_nothing_and_exits_3(cli, small, tmp_path):
    """Adam at lr 1e300 gives finite weights of ~1e300 and finite losses of ~1e300: not a
    NaN, but diverged (engine/diverge.py). Before, it "trained" and saved those weights."""
    out = tmp_path / "m.npz"
    code, stdout, err = cli.run(*quick(small[0], out, "--lr", "1e300", "--epochs", 4))
    assert code == 3
    assert [line for line in stdout.splitlines() if line.startswith("epoch ")] == []  # no epoch passed
    (line,) = err.splitlines()
    assert line.startswith("rnnviz: error: training diverged: in epoch 1, the training loss reached ")
    assert line.endswith(" a word (the bound is 100); no good epoch, nothing saved (try a smaller --lr or --clip)")
    assert float(line.split("reached ")[1].split()[0]) > 1e200
    assert not out.exists()


def test_lr_1e300_on_resume_leaves_the_model_unchanged(cli, small, tmp_path):
    out = tmp_path / "m.npz"
    assert cli.run(*quick(small[0], out, "--epochs", 2))[0] == 0
    before = out.read_bytes()
    cli.error(
        *quick(small[0], tmp_path / "new.npz", "--lr", "1e300", "--epochs", 4, "--resume", out),
        contains=("training diverged: in epoch 3,", f"{out} is unchanged"),
        status=3,
    )
    assert out.read_bytes() == before and not (tmp_path / "new.npz").exists()


def test_a_later_divergence_keeps_exactly_the_last_good_epoch(cli, small, tmp_path, monkeypatch):
    """The weight check says epoch 3 diverged: the file holds the model of epoch 2, bit for
    bit the one of a 2-epoch run, with its optimizer state and a 2-epoch history."""
    import rnnviz.engine.diverge as diverge

    real = diverge.divergence
    seen = []

    def third_epoch_blows_up(params, word_loss, bounds):
        seen.append(word_loss)
        assert real(params, word_loss, bounds) is None  # the real check passes these epochs
        return "a weight of Wax reached 2e+06 (the bound is 1e+06)" if len(seen) == 3 else None

    monkeypatch.setattr(diverge, "divergence", third_epoch_blows_up)
    out, two = tmp_path / "m.npz", tmp_path / "two.npz"
    line = cli.error(*quick(small[0], out, "--epochs", 5, "--heldout", small[1]), status=3)
    assert line == (
        "rnnviz: error: training diverged: in epoch 3, a weight of Wax reached 2e+06 (the bound is 1e+06); "
        f"kept the last good model (epoch 2) in {out} (try a smaller --lr or --clip)"
    )
    assert 0.1 < seen[0] < 1.0  # the real loss a word of a first epoch
    monkeypatch.setattr(diverge, "divergence", real)
    assert cli.run(*quick(small[0], two, "--epochs", 2, "--heldout", small[1]))[0] == 0
    (kept, kept_opt), (expected, expected_opt) = read_model(out), read_model(two)
    for name in ("Waa", "Wax", "Wya", "ba", "by"):
        assert np.array_equal(getattr(kept, name), getattr(expected, name)), name
    assert kept.meta["epochs"] == 2 and [h["epoch"] for h in kept.meta["history"]] == [1, 2]
    assert kept.meta["history"] == expected.meta["history"]
    assert sorted(kept_opt) == sorted(expected_opt)
    assert all(np.array_equal(kept_opt[k], expected_opt[k]) for k in kept_opt)


# ---------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--hidden", "0", "--hidden must be at least 1"),
        ("--hidden", "-3", "--hidden must be at least 1"),
        ("--lr", "-0.01", "--lr: the learning rate must be a positive number, not -0.01"),
        ("--lr", "0", "--lr: the learning rate must be a positive number, not 0"),
        ("--lr", "nan", "--lr: the learning rate must be a positive number, not nan"),
        ("--epochs", "0", "--epochs: the epochs must be between 1 and 10,000, not 0"),
        ("--batch-size", "0", "--batch-size: the batch size must be at least 1, not 0"),
        ("--clip", "-1", "--clip: the clipping norm must be >= 0 (0 turns clipping off), not -1"),
        ("--max-unk", "1.5", "--max-unk must be a share between 0 and 1"),
        ("--seed", "-1", "--seed: the seed must be >= 0, not -1"),
        ("--hidden", "ten", "invalid int value: 'ten'"),
        ("--word-dropout", "1", "--word-dropout: the word dropout must be a probability in [0, 1), not 1"),
        ("--unseen-dropout", "-0.1", "--unseen-dropout: the unseen dropout must be a probability in [0, 1), not -0.1"),
        ("--layers", "0", "--layers must be at least 1"),
        ("--cell", "transformer", "invalid choice: 'transformer'"),
        ("--optimizer", "rmsprop", "invalid choice: 'rmsprop'"),
    ],
)
def test_bad_numbers(cli, small, tmp_path, option, value, message):
    out = tmp_path / "m.npz"
    cli.error("train", "--data", small[0], "--out", out, option, value, contains=(message,))
    assert not out.exists()


def test_no_data_option(cli):
    cli.error("train", "--epochs", "2", contains=("--data",))


def test_missing_data_file(cli, tmp_path):
    cli.error("train", "--data", tmp_path / "nope.txt", contains=("nope.txt", "no such file"))


@pytest.mark.parametrize(
    "content, message",
    [
        ("", "no sentence"),
        ("# only a comment\n", "no sentence"),
        ("# format: plain\nHarry laughed.\nRon smiled.\n", "its 2 sentences are all unlabeled"),
    ],
)
def test_data_without_a_labeled_sentence(cli, tmp_path, content, message):
    data = tmp_path / "data.txt"
    data.write_text(content, encoding="utf-8")
    cli.error("train", "--data", data, contains=(str(data), message))


def test_heldout_without_a_labeled_sentence(cli, small, tmp_path):
    heldout = tmp_path / "h.txt"
    heldout.write_text("# format: plain\nHarry laughed.\n", encoding="utf-8")
    cli.error("train", "--data", small[0], "--heldout", heldout, contains=("h.txt", "held-out data"))


def test_vocabulary_that_does_not_cover_the_data(cli, small, tmp_path):
    vocab = tmp_path / "vocab.txt"
    vocab.write_text("<UNK>\nand\nthe\na\n", encoding="utf-8")
    line = cli.error(
        "train",
        "--data",
        small[0],
        "--vocab",
        vocab,
        "--hidden",
        "4",
        contains=("does not cover the training data", "would be <UNK>", "%", "--max-unk"),
    )
    words = sum(
        1
        for s in small[0].read_text().splitlines()
        for _ in __import__("rnnviz.text", fromlist=["tokenize"]).tokenize(s.replace("[", "").replace("]", ""))
    )
    assert f"of {words} words" in line
    out = tmp_path / "m.npz"
    assert (
        cli.run(
            "train",
            "--data",
            small[0],
            "--vocab",
            vocab,
            "--hidden",
            "4",
            "--epochs",
            "1",
            "--max-unk",
            "1",
            "--out",
            out,
        )[0]
        == 0
    )
    assert read_model(out)[0].n_x == 4


@pytest.mark.parametrize("option", ["--out", "--resume"])
def test_model_file_names_need_a_known_extension(cli, small, tmp_path, option):
    cli.error("train", "--data", small[0], option, tmp_path / "m.pt", contains=("must end in .npz or .safetensors",))


def test_resume_problems(cli, small, tmp_path):
    train = small[0]
    cli.error("train", "--data", train, "--resume", tmp_path / "none.npz", contains=("none.npz", "no such model file"))
    narrow = save_model(init_params(4, 25), tmp_path / "narrow.npz")
    cli.error("train", "--data", train, "--resume", narrow, contains=("n_x = 25", "10000 words"))
    out = tmp_path / "m.npz"
    cli.run(*quick(train, out))
    cli.error(
        "train",
        "--data",
        train,
        "--resume",
        out,
        "--hidden",
        "16",
        "--epochs",
        "5",
        contains=("--hidden 16 does not match", "n_a = 8"),
    )
    cli.error(
        "train", "--data", train, "--resume", out, "--seed", "2", "--epochs", "5", contains=("--seed 2 does not match",)
    )
    cli.error(
        "train",
        "--data",
        train,
        "--resume",
        out,
        "--activation",
        "relu",
        "--epochs",
        "5",
        contains=("the file's activation is tanh, not relu",),
    )


def test_unwritable_out(cli, small, tmp_path):
    cli.error(*quick(small[0], tmp_path / "no" / "dir" / "m.npz", "--epochs", "1"), contains=("does not exist",))


def test_a_read_only_out_fails_before_training(cli, small, tmp_path, monkeypatch):
    """EROFS at the first temporary file: said at once, in those words, and no epoch runs."""
    import errno
    import tempfile

    import rnnviz.engine.train as train_module

    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    def must_not_train(*args, **kwargs):
        raise AssertionError("trained although --out cannot be written")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    monkeypatch.setattr(train_module.Trainer, "run_epoch", must_not_train)
    out = tmp_path / "m.npz"
    line = cli.error(*quick(small[0], out))
    assert line == f"rnnviz: error: {out}: cannot write: {tmp_path} is on a read-only file system"


def test_fine_tune_a_pytorch_state_dict(cli, small, tmp_path):
    """--resume accepts a PyTorch nn.RNN + nn.Linear .safetensors (relu via --activation)."""
    from safetensors.numpy import save_file

    rng = np.random.default_rng(0)
    H = 4
    state = {
        "rnn.weight_ih_l0": rng.normal(0, 0.1, (H, 10_000)).astype(np.float32),
        "rnn.weight_hh_l0": rng.normal(0, 0.5, (H, H)).astype(np.float32),
        "rnn.bias_ih_l0": np.zeros(H, np.float32),
        "rnn.bias_hh_l0": np.zeros(H, np.float32),
        "fc.weight": rng.normal(0, 0.5, (1, H)).astype(np.float32),
        "fc.bias": np.zeros(1, np.float32),
    }
    torch_file = tmp_path / "torch.safetensors"
    save_file(state, str(torch_file))
    out = tmp_path / "tuned.npz"
    code, stdout, err = cli.run(
        "train", "--data", small[0], "--resume", torch_file, "--activation", "relu", "--epochs", "2", "--out", out
    )
    assert code == 0, err
    assert "optimizer state not in the file: it restarts" in stdout
    params = read_model(out)[0]
    assert params.activation == "relu" and params.n_a == H and params.meta["epochs"] == 2


def test_train_a_deep_bidirectional_tagger(cli, small, tmp_path):
    train = small[0]
    out = tmp_path / "bi.npz"
    code, stdout, err = cli.run(
        *quick(train, out, "--bidirectional", "--layers", "2", "--word-dropout", "0.1", "--unseen-dropout", "0.2")
    )
    assert code == 0, err
    params = read_model(out)[0]
    assert (params.spec.layers, params.spec.bidirectional, params.spec.cell) == (2, True, "rnn")
    assert params.meta["train"]["word_dropout"] == 0.1 and params.meta["task"] == "tagger"
    assert params.meta["train"]["unseen_dropout"] == 0.2
    assert "rnn (tanh), 2 layers, bidirectional, tagger" in stdout
    assert "layer2.reverse.Waa" in params.names
    # resuming must not change the network
    cli.error(
        *quick(train, out, "--resume", out, "--epochs", 4, "--layers", "3"), contains=("--layers does not match",)
    )


def test_two_heldout_files_are_both_scored(cli, small, tmp_path):
    train, heldout = small
    out = tmp_path / "m.npz"
    code, stdout, err = cli.run(*quick(train, out, "--heldout", heldout, "--heldout", train))
    assert code == 0, err
    last = [line for line in stdout.splitlines() if line.startswith("epoch ")][-1]
    assert f"│ {Path(heldout).name} loss" in last and f"│ {Path(train).name} loss" in last
    meta = read_model(out)[0].meta
    assert meta["heldout"]["data"] == str(heldout) and meta["heldout_more"][0]["data"] == str(train)
    assert float(last.split(" F1 ")[-1].split()[0]) == pytest.approx(meta["heldout_more"][0]["f1"], abs=5e-4)


@pytest.mark.parametrize("cell, names", [("gru", ("Wax", "Waa", "ba", "bhn")), ("lstm", ("Wax", "Waa", "ba"))])
def test_train_gru_and_lstm_taggers_and_resume_them(cli, small, tmp_path, cell, names):
    train, heldout = small
    out = tmp_path / f"{cell}.npz"
    code, stdout, err = cli.run(*quick(train, out, "--cell", cell, "--heldout", heldout, "--bidirectional"))
    assert code == 0, err
    assert f"{cell}, 1 layer, bidirectional, tagger" in stdout
    params = read_model(out)[0]
    assert params.spec.cell == cell and params.spec.bidirectional
    gates = 3 if cell == "gru" else 4
    assert params.names == (*names, *(f"reverse.{n}" for n in names), "Wya", "by")
    assert params["Wax"].shape == (gates * 8, 10_000)
    losses = [entry["loss"] for entry in params.meta["history"]]
    assert len(losses) == 3 and losses[-1] < losses[0]  # it learns
    assert cli.run(*quick(train, out, "--resume", out, "--epochs", 4))[0] == 0
    assert read_model(out)[0].meta["epochs"] == 4
    other = "rnn" if cell == "lstm" else "lstm"  # the default cell too: --cell rnn is not "no --cell"
    cli.error(*quick(train, out, "--resume", out, "--epochs", 5, "--cell", other), contains=("--cell does not match",))


def test_activation_is_the_vanilla_cells_only(cli, small, tmp_path):
    cli.error(
        *quick(small[0], tmp_path / "m.npz", "--cell", "lstm", "--activation", "relu"),
        contains=("--activation relu is g of the rnn cell; a lstm uses σ and tanh",),
    )

"""Bundled models by name: `rnnviz models`, and --model NAME for trace and export (a path
always wins over a name)."""

from __future__ import annotations

import json

import numpy as np

from rnnviz import bundled
from rnnviz.engine.modelio import load_model, save_model


def test_models_lists_every_bundled_model_with_its_figures(cli):
    out = cli.ok("models")
    lines = out.splitlines()
    assert lines[0].startswith("tagger *  tagger, rnn (tanh), 1 layer, left to right  n_a 100, V 10,000, ")
    assert lines[1].startswith("bitagger  tagger, rnn (tanh), 2 layers, bidirectional  n_a 100, V 10,000, ")
    for name, text in zip(("tagger", "bitagger"), lines):
        meta = load_model(bundled.path_of(name)).meta
        seen, [unseen] = meta["heldout"], meta["heldout_more"]
        assert meta["trained_on"] in text
        first = f"sample_sentences/heldout.txt: F1 {seen['f1']:.3f} (P {seen['precision']:.3f} R {seen['recall']:.3f} "
        second = (
            f"; sample_sentences/heldout_unseen.txt: F1 {unseen['f1']:.3f} "
            f"(P {unseen['precision']:.3f} R {unseen['recall']:.3f} "
        )
        assert first in text and second in text and text.index(first) < text.index(second), text
    assert len(lines) == len(bundled.names()) + 1
    lstm = next(line for line in lines if line.startswith("lstm-tagger "))
    meta = load_model(bundled.path_of("lstm-tagger")).meta
    size = bundled.path_of("lstm-tagger").stat().st_size / 1e6
    assert lstm.startswith(f"lstm-tagger  tagger, lstm, 1 layer, left to right  n_a 100, V 10,000, {size:.1f} MB  ")
    assert f"F1 {meta['heldout']['f1']:.3f}" in lstm


def test_model_by_name_and_a_path_wins(cli, tmp_path, monkeypatch):
    by_name = json.loads(cli.ok("trace", "--model", "tagger", "Ron met Luna", "--format", "json"))
    default = json.loads(cli.ok("trace", "Ron met Luna", "--format", "json"))
    assert by_name == default
    # a file called "tagger" in the working directory is read instead of the bundled model
    p = load_model(bundled.path_of("tagger"))
    save_model(p.replace(by=np.array([[5.0]])), tmp_path / "t.npz")
    (tmp_path / "tagger").write_bytes((tmp_path / "t.npz").read_bytes())
    monkeypatch.chdir(tmp_path)
    cli.error("trace", "--model", "tagger", "Ron", contains=("tagger: unknown model file type",))


def test_unknown_name_lists_the_bundled_ones(cli):
    cli.error(
        "trace", "--model", "nosuch", "Ron", contains=("nosuch: no such model file, and no bundled model", "tagger")
    )


def test_export_by_name(cli, tmp_path):
    cli.ok("export", "--model", "tagger", "--out", str(tmp_path / "t.safetensors"))
    a, b = load_model(tmp_path / "t.safetensors"), load_model(bundled.path_of("tagger"))
    assert all(np.array_equal(a[n], b[n]) for n in a.names)

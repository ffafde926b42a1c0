"""rnnviz against real PyTorch, both ways (needs torch; torch is never a dependency of rnnviz).

    python bench/pytorch_agreement.py

In: nn.RNN, nn.GRU and nn.LSTM (1 to 3 layers, one or both directions) followed by an
nn.Linear, saved as safetensors state dicts (float64 and float32 modules), are read by
rnnviz; the largest |ŷ_rnnviz - ŷ_torch| over a sentence is printed (target 1e-9).
Out: `rnnviz export --format pytorch` of a model is loaded with the README's five lines and
run by PyTorch on the same sentence. Also refused: an nn.LSTM with proj_size > 0.
The suite tests the same against PyTorch's equations written in NumPy; this checks the real
thing. Not a test.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import numpy as np
import torch
from safetensors.torch import save_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rnnviz.cli import main as rnnviz_main  # noqa: E402
from rnnviz.engine import ModelSpec, build_trace, init_params  # noqa: E402
from rnnviz.engine.modelio import load_model, save_model  # noqa: E402
from rnnviz.errors import UserError  # noqa: E402

V, H = 10_000, 100
SENTENCE = [1942, 3620, 5, 5243, 6890, 4077, 8, 219, 2838]  # any nine word indices


class Tagger(torch.nn.Module):
    def __init__(self, kind: str, layers: int, bidirectional: bool, n_y: int, dtype: torch.dtype) -> None:
        super().__init__()
        module = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}[kind]
        self.rnn = module(V, H, num_layers=layers, bidirectional=bidirectional, batch_first=True, dtype=dtype)
        self.head = torch.nn.Linear((2 if bidirectional else 1) * H, n_y, dtype=dtype)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        logits = self.head(self.rnn(x)[0])
        return torch.sigmoid(logits) if logits.shape[-1] == 1 else torch.softmax(logits, dim=-1)


def one_hot(indices: list[int], dtype: torch.dtype) -> torch.Tensor:
    return torch.nn.functional.one_hot(torch.tensor([indices]), V).to(dtype)


def pytorch_in(tmp: Path) -> float:
    worst = 0.0
    for dtype in (torch.float64, torch.float32):
        for kind in ("rnn", "gru", "lstm"):
            for layers, bidirectional, n_y in ((1, False, 1), (2, True, 3), (3, True, 1)):
                torch.manual_seed(layers)
                model = Tagger(kind, layers, bidirectional, n_y, dtype).eval()
                with torch.no_grad():
                    for p in model.parameters():  # larger than the default init: saturating gates
                        p.uniform_(-0.5, 0.5)
                    theirs = model(one_hot(SENTENCE, dtype))[0].double().numpy()
                path = tmp / f"{kind}.safetensors"
                save_file(model.state_dict(), str(path))
                params = load_model(path)
                ours = build_trace(params, ["w"] * len(SENTENCE), SENTENCE).probs
                # float32 PyTorch rounds every step; compare float32 modules with a float32 bound
                diff = float(np.abs(ours - theirs).max())
                print(
                    f"  in  {dtype!s:13} nn.{kind.upper():4} layers {layers} bidir {bidirectional!s:5}: max |Δŷ| {diff:.1e}"
                )
                if dtype == torch.float64:
                    worst = max(worst, diff)
    return worst


def pytorch_out(tmp: Path) -> float:
    worst = 0.0
    for kind in ("rnn", "gru", "lstm"):
        spec = ModelSpec(cell=kind, layers=2, bidirectional=True)
        params = init_params(H, V, seed=4, spec=spec)
        model_file = save_model(params, tmp / f"{kind}.npz")
        out = tmp / f"{kind}-export.safetensors"
        assert rnnviz_main(["export", "--model", str(model_file), "--format", "pytorch", "--out", str(out)]) == 0
        module = {"rnn": "RNN", "gru": "GRU", "lstm": "LSTM"}[kind]
        # the README's five lines, with this model's sizes
        from safetensors.torch import load_file

        model = torch.nn.Module()
        model.rnn = getattr(torch.nn, module)(V, H, num_layers=2, bidirectional=True, batch_first=True)
        model.head = torch.nn.Linear(2 * H, 1)
        result = model.load_state_dict(load_file(str(out)))
        with torch.no_grad():
            theirs = torch.sigmoid(model.head(model.rnn(one_hot(SENTENCE, torch.float32))[0]))[0].double().numpy()
        model.double()
        model.load_state_dict(load_file(str(out)))
        with torch.no_grad():
            theirs64 = torch.sigmoid(model.head(model.rnn(one_hot(SENTENCE, torch.float64))[0]))[0].numpy()
        ours = build_trace(params, ["w"] * len(SENTENCE), SENTENCE).probs
        d32, d64 = float(np.abs(ours - theirs).max()), float(np.abs(ours - theirs64).max())
        print(
            f"  out nn.{module:4} 2 layers bidirectional: load_state_dict {result}, "
            f"max |Δŷ| float32 module {d32:.1e}, float64 module {d64:.1e}"
        )
        worst = max(worst, d64)
    return worst


def proj_size(tmp: Path) -> str:
    model = torch.nn.Module()
    model.rnn = torch.nn.LSTM(V, H, proj_size=20, batch_first=True)
    model.head = torch.nn.Linear(20, 1)
    path = tmp / "proj.safetensors"
    save_file(model.state_dict(), str(path))
    try:
        load_model(path)
    except UserError as exc:
        return str(exc)
    return "NOT REFUSED"


def main() -> None:
    print(f"torch {torch.__version__}, n_a = {H}, V = {V:,}, a 9-word sentence")
    with tempfile.TemporaryDirectory() as tmp:
        worst_in = pytorch_in(Path(tmp))
        worst_out = pytorch_out(Path(tmp))
        print(f"worst |Δŷ|, float64 modules: in {worst_in:.1e}, out {worst_out:.1e} (target 1e-9)")
        print(f"proj_size: {proj_size(Path(tmp))}")


if __name__ == "__main__":
    main()

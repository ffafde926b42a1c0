"""`rnnviz export`: convert a model file between .npz, .safetensors and PyTorch.

    rnnviz export --model model.npz --format safetensors --out model.safetensors
    rnnviz export --model torch_rnn.safetensors --activation relu --out model.npz
    rnnviz export --format npz --out default.npz          # the bundled default model
    rnnviz export --model lstm-tagger --format pytorch --out lstm.safetensors

The tensors, the activation and the metadata are carried over; an optimizer state saved for
`rnnviz train --resume` is not. A PyTorch state dict (nn.RNN, nn.GRU or nn.LSTM + nn.Linear)
in .safetensors is converted to rnnviz's names. `--format pytorch` writes the state dict of a
module holding `rnn` (nn.RNN, nn.GRU or nn.LSTM, batch_first=True) and `head` (nn.Linear), for
`load_state_dict` (engine/pytorch.py). The write is atomic.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from .common import ArgumentParser

FORMATS = ("npz", "safetensors", "pytorch")
SUFFIX = {"npz": "npz", "safetensors": "safetensors", "pytorch": "safetensors"}


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz export",
        description="Convert a model file (.npz, .safetensors, or a PyTorch nn.RNN/nn.GRU/nn.LSTM + nn.Linear "
        "state dict in .safetensors) to .npz, .safetensors, or a PyTorch state dict (rnn.*, head.*) in .safetensors.",
    )
    p.add_argument(
        "--model",
        metavar="PATH|NAME",
        type=Path,
        help="model file to convert, or the name of a bundled model (default: the bundled tagger)",
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        help="output format (default: from the extension of --out); pytorch: a state dict for a module "
        "holding rnn (nn.RNN/nn.GRU/nn.LSTM, batch_first=True) and head (nn.Linear), in .safetensors",
    )
    p.add_argument("--out", metavar="PATH", type=Path, required=True, help="file to write")
    p.add_argument(
        "--activation", choices=("tanh", "relu"), help="for a PyTorch file: nn.RNN's nonlinearity (default tanh)"
    )
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    suffix = args.out.suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in ("npz", "safetensors") else None)
    if fmt is None:
        raise UserError(
            f"--out {args.out}: give --format npz|safetensors|pytorch or an --out ending in .npz or .safetensors"
        )
    if suffix != SUFFIX[fmt]:
        raise UserError(f"--out {args.out}: the file name must end in .{SUFFIX[fmt]} for --format {fmt}")
    from ..bundled import resolve
    from ..engine.modelio import atomic_write, load_model, save_model

    source = resolve(args.model)
    if args.model is None and args.activation is not None:
        raise UserError("--activation applies to a PyTorch --model only")
    if source.resolve() == args.out.resolve():
        raise UserError(f"--out {args.out} is the model being read; choose another file")
    params = load_model(source, args.activation)
    if fmt == "pytorch":
        from ..engine.pytorch import TORCH_MODULE, state_dict_bytes

        atomic_write(args.out, state_dict_bytes(params))
        spec = params.spec
        print(
            f"wrote {args.out} (PyTorch state dict: rnn = {TORCH_MODULE[spec.cell]}({params.n_x}, {params.n_a}"
            f"{f', num_layers={spec.layers}' if spec.layers > 1 else ''}"
            f"{', bidirectional=True' if spec.bidirectional else ''}"
            f"{', nonlinearity=' + repr(spec.activation) if spec.cell == 'rnn' and spec.activation != 'tanh' else ''}"
            f", batch_first=True), head = nn.Linear({spec.directions * params.n_a}, {params.n_y}))"
        )
        return 0
    save_model(params, args.out)
    described = f"n_a = {params.n_a}, n_x = {params.n_x}, n_y = {params.n_y}, {params.spec.describe()}"
    print(f"wrote {args.out} ({fmt}, {described})")
    return 0

"""`rnnviz export`: convert a model file between .npz and .safetensors.

    rnnviz export --model model.npz --format safetensors --out model.safetensors
    rnnviz export --model torch_rnn.safetensors --activation relu --out model.npz
    rnnviz export --format npz --out default.npz          # the bundled default model

The tensors (Waa, Wax, Wya, ba, by), the activation and the metadata are carried over; an
optimizer state saved for `rnnviz train --resume` is not. A PyTorch nn.RNN + nn.Linear state
dict in .safetensors is converted to rnnviz's names. The write is atomic.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import UserError
from .common import ArgumentParser

FORMATS = ("npz", "safetensors")


def parser() -> ArgumentParser:
    p = ArgumentParser(
        prog="rnnviz export",
        description="Convert a model file (.npz, .safetensors, or a PyTorch nn.RNN + nn.Linear "
        "state dict in .safetensors) to .npz or .safetensors.",
    )
    p.add_argument(
        "--model",
        metavar="PATH|NAME",
        type=Path,
        help="model file to convert, or the name of a bundled model (default: the bundled tagger)",
    )
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the extension of --out)")
    p.add_argument("--out", metavar="PATH", type=Path, required=True, help="file to write")
    p.add_argument(
        "--activation", choices=("tanh", "relu"), help="for a PyTorch file: nn.RNN's nonlinearity (default tanh)"
    )
    return p


def run(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    suffix = args.out.suffix.lower().lstrip(".")
    fmt = args.format or (suffix if suffix in FORMATS else None)
    if fmt is None:
        raise UserError(f"--out {args.out}: give --format npz|safetensors or an --out ending in .npz or .safetensors")
    if suffix != fmt:
        raise UserError(f"--out {args.out}: the file name must end in .{fmt} for --format {fmt}")
    from ..bundled import resolve
    from ..engine.modelio import load_model, save_model

    source = resolve(args.model)
    if args.model is None and args.activation is not None:
        raise UserError("--activation applies to a PyTorch --model only")
    if source.resolve() == args.out.resolve():
        raise UserError(f"--out {args.out} is the model being read; choose another file")
    params = load_model(source, args.activation)
    save_model(params, args.out)
    print(f"wrote {args.out} ({fmt}, n_a = {params.n_a}, n_x = {params.n_x}, n_y = {params.n_y}, {params.activation})")
    return 0

"""What the subcommands share: a parser whose errors are one line, and the model options."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import NoReturn

from ..errors import UserError


class ArgumentParser(argparse.ArgumentParser):
    """argparse, but a usage mistake raises UserError (one line, exit 2) instead of
    printing the usage block."""

    def error(self, message: str) -> NoReturn:
        raise UserError(f"{message} (see {self.prog} --help)")


def add_model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        metavar="PATH|NAME",
        type=Path,
        help="model file (.npz or .safetensors, PyTorch state dicts included) or the name of a bundled model "
        "(rnnviz models lists them; a path wins over a name); default: the bundled tagger",
    )
    parser.add_argument(
        "--vocab",
        metavar="PATH",
        type=Path,
        help="vocabulary file, one word a line, index = line number, with <UNK>; default: the bundled 10,000 words",
    )
    parser.add_argument(
        "--activation",
        choices=("tanh", "relu"),
        help="nn.RNN's nonlinearity when --model is a PyTorch file (default tanh); rnnviz files record their own",
    )

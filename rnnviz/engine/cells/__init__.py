"""The recurrent cells rnnviz runs, by ModelSpec.cell name. A new cell is a module here and
one line in CELLS."""

from __future__ import annotations

from ..spec import UnsupportedModel
from .base import Cell, CellBackward
from .gru import GRUCell
from .lstm import LSTMCell
from .rnn import RNNCell

CELLS: dict[str, Cell] = {"rnn": RNNCell(), "gru": GRUCell(), "lstm": LSTMCell()}


def get_cell(name: str) -> Cell:
    """The cell named `name`; UnsupportedModel for a cell of the family not built yet."""
    try:
        return CELLS[name]
    except KeyError:
        raise UnsupportedModel(f"the {name} cell is not supported yet") from None


__all__ = ["CELLS", "Cell", "CellBackward", "get_cell"]

"""The NumPy engine: the seed's recurrent network and its family, exact and checked against
references.

    spec.py       the model description (cell, layers, directions, head, shape)
    cells/        one module per cell: a forward and a backward step over named quantities
    stack.py      layers and directions of a cell over one sequence (one-hot inputs by gather)
    shapes/       one module per shape: where inputs, outputs and losses are
    params.py     the tensors of one network, by name
    trace.py      the frozen forward pass (Trace, Step) and its backward pass (BackTrace)
    passes.py     build_trace and back_steps, for whoever shows them
    course.py     the course's NumPy RNN functions, with their exact names (the dense reference)
    course_lstm.py  the course's NumPy LSTM functions, likewise
    train.py, optim.py, modelio.py, pytorch.py, breakpoints.py, gradcheck.py

Pure NumPy: this package never imports textual or rich (a test proves it in a subprocess).
"""

from .activations import hidden, hidden_grad, output, sigmoid, softmax
from .course import rnn_backward, rnn_cell_backward, rnn_cell_forward, rnn_forward
from .course_lstm import lstm_backward, lstm_cell_backward, lstm_cell_forward, lstm_forward
from .loss import bce_from_logit, dlogits, word_losses, xent_from_logits
from .params import NAMES, Params, init_params
from .passes import BackStep, back_steps, build_trace
from .spec import SATURATION, ModelSpec, UnsupportedModel
from .trace import BackTrace, Step, Trace

__all__ = [
    "NAMES",
    "SATURATION",
    "BackStep",
    "BackTrace",
    "ModelSpec",
    "Params",
    "Step",
    "Trace",
    "UnsupportedModel",
    "back_steps",
    "bce_from_logit",
    "build_trace",
    "dlogits",
    "hidden",
    "hidden_grad",
    "init_params",
    "lstm_backward",
    "lstm_cell_backward",
    "lstm_cell_forward",
    "lstm_forward",
    "output",
    "rnn_backward",
    "rnn_cell_backward",
    "rnn_cell_forward",
    "rnn_forward",
    "sigmoid",
    "softmax",
    "word_losses",
    "xent_from_logits",
]

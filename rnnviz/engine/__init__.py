"""The NumPy engine: the seed's recurrent network, exact and checked against references.

Pure NumPy: this package never imports textual or rich (a test proves it in a subprocess).
"""

from .activations import hidden, hidden_grad, output, sigmoid, softmax
from .course import rnn_backward, rnn_cell_backward, rnn_cell_forward, rnn_forward
from .loss import bce_from_logit, dlogits, word_losses, xent_from_logits
from .params import NAMES, Params, init_params
from .sequence import Backward, Forward, backward, forward
from .trace import Step, Trace, build_trace

__all__ = [
    "NAMES",
    "Backward",
    "Forward",
    "Params",
    "Step",
    "Trace",
    "backward",
    "bce_from_logit",
    "build_trace",
    "dlogits",
    "forward",
    "hidden",
    "hidden_grad",
    "init_params",
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

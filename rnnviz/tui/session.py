"""What the debugger works on, without Textual: the sentences, the model, the traces, the
training history (undo), the held-out sentences, and breakpoints.

The screen maps keys to calls here and draws the `ViewState`s it gets back; every call is
tested without an app (tests/tui/test_session.py). All math goes through the pipeline and
the engine: a trace is computed once per sentence and model and kept (`trace_of`).
NumPy is imported on first use, not on import: the first frame is drawn before it.
"""

from __future__ import annotations

import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Literal

from rnnviz.errors import UserError

from .breakpoints import describe, reason
from .view import DEFAULT_SPEED, Mode, Stop, ViewState

if TYPE_CHECKING:
    from rnnviz.engine import Params, Trace
    from rnnviz.engine.breakpoints import Condition
    from rnnviz.engine.optim import OptimizerState
    from rnnviz.text import Sentence
    from rnnviz.text.vocab import Lexicon

    from .training import TrainingJob, TrainingOutcome

TYPED = "typed in the app"
TRACES_KEPT = 64  # traces of the current model kept (a few sentences each way)
Severity = Literal["information", "warning", "error"]


@dataclass(frozen=True)
class Notice:
    """What the screen tells the user after a call: a message, its title and severity."""

    message: str
    title: str = ""
    severity: Severity = "information"


class Exists(UserError):
    """The file to save to exists (the dialog asks before replacing it)."""

    mark = "⚠"  # a question, not a mistake

    def __init__(self, path: str) -> None:
        super().__init__(f"{path} exists: Enter again replaces it, or type another name")
        self.path = path


@dataclass(frozen=True)
class TrainingSetup:
    """What the training dialog proposes and says, for the current sentences and model."""

    source: str
    sentences: int  # labeled sentences to train on
    typed: int  # of which typed in the app (not in the file)
    lr: float
    lr_note: str
    heldout: str | None  # the held-out file scored after each epoch, if any
    heldout_note: str


class Session:
    """The sentences (a file's, or typed), the model, and what was done to it."""

    def __init__(
        self,
        sentences: Sequence[Sentence],
        params: Params,
        vocab: Lexicon,
        source: str,
        heldout: Sequence[Sentence] | None = None,
        heldout_name: str | None = None,
    ) -> None:
        if not sentences:
            raise ValueError("a session needs at least one sentence")
        self._sentences = list(sentences)
        self._params = params
        self.vocab = vocab
        self.source = source
        self._heldout = (list(heldout), heldout_name or "the held-out sentences") if heldout else None
        self._traces: OrderedDict[Sentence, Trace] = OrderedDict()
        self._undo: list[tuple[Params, bool]] = []  # the models before each training (and `unsaved`)
        self._unsaved = False  # the model holds training done here that no file holds
        self._optimizer: tuple[Params, OptimizerState | None] | None = None  # a trained model and its Adam state
        self.training: TrainingJob | None = None  # the running job, if any
        from .models import model_name

        self.model_name = model_name(params)  # the header's name of the model

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(self._sentences)

    @property
    def params(self) -> Params:
        return self._params

    # -- traces and views ------------------------------------------------------------------

    def trace_of(self, sentence: Sentence) -> Trace:
        """The forward pass of a sentence on the current model, computed once."""
        trace = self._traces.get(sentence)
        if trace is None:
            from rnnviz.pipeline import trace_sentence

            trace = self._traces[sentence] = trace_sentence(self._params, self.vocab, sentence)
            if len(self._traces) > TRACES_KEPT:
                self._traces.popitem(last=False)
        else:
            self._traces.move_to_end(sentence)
        return trace

    def view(
        self, number: int, t: int = 0, *, speed: float = DEFAULT_SPEED, mode: Mode = "forward", layer: int = 0
    ) -> ViewState:
        """Sentence `number` (clamped to the list) at step t, showing `layer` (clamped to the
        network's); in backward mode when asked and the sentence is labeled (there, t = 0
        means where the backward pass starts, T_x)."""
        number = min(max(number, 0), len(self._sentences) - 1)
        sentence = self._sentences[number]
        trace = self.trace_of(sentence)
        view = ViewState(
            trace=trace,
            sentence=sentence,
            number=number,
            count=len(self._sentences),
            source=self.source,
            speed=speed,
            layer=min(max(layer, 0), trace.layers - 1),
            model=self.model_name,
        )
        if mode == "backward" and view.labeled:
            view = view.with_mode("backward")
            return view.at(t) if t else view
        return view.at(t)

    def again(self, view: ViewState) -> ViewState:
        """The same sentence, t, mode, layer and play state, on the current model and list (a
        generated sequence is drawn again with the new model: tui/generation.py)."""
        if view.generation is not None and view.shape == self._params.spec.shape == "lm":
            from .generation import regenerate

            return regenerate(self, view)
        again = self.view(view.number, view.t, speed=view.speed, mode=view.mode, layer=view.layer)
        return replace(again, playing=view.playing)

    # -- the sentences -----------------------------------------------------------------------

    def insert(self, sentence: Sentence, after: int) -> int:
        """Add a typed sentence after sentence `after`; its number."""
        self._sentences.insert(after + 1, replace(sentence, source=TYPED, line=None))
        return after + 1

    def open(self, sentences: Sequence[Sentence], source: str) -> None:
        """Replace the list of sentences with a file's."""
        if not sentences:
            raise ValueError("a session needs at least one sentence")
        self._sentences = list(sentences)
        self.source = source

    # -- the model ---------------------------------------------------------------------------

    def set_params(self, params: Params) -> None:
        """Use another model: every trace is recomputed when next shown."""
        self._params = params
        self._traces.clear()

    def toggle_activation(self) -> Notice | None:
        """Switch g between tanh and ReLU, same weights (a trained model's meta keeps the g
        it was trained with, for the header). A notice when it cannot be done now."""
        if self.training is not None:
            return Notice("Not while training: the trainer uses this activation. Escape stops it.", severity="warning")
        from rnnviz.engine.cells import get_cell
        from rnnviz.engine.records import TRAINED_WITH

        params = self._params
        cell = get_cell(params.spec.cell)
        if not cell.uses_activation:
            return Notice(f"The {cell.title} has no g to switch: its gates use σ and tanh.", severity="warning")
        meta = dict(params.meta)
        if meta.get("trained"):
            meta.setdefault(TRAINED_WITH, params.activation)
        self.set_params(params.replace(activation="relu" if params.activation == "tanh" else "tanh", meta=meta))
        return None

    def switch_model(self, name: str) -> Notice:
        """Open the bundled model `name` (rnnviz.bundled) in place of this one, with its
        sample sentences (meta["samples"]) unless they are those of the current model (the
        sentences shown then stay). The notice says what happened (a warning when it cannot
        be done: while training, or a model the debugger cannot show yet)."""
        from rnnviz.errors import UserError
        from rnnviz.pipeline import load_model_and_vocab

        from .models import refusal, samples_of

        if self.training is not None:
            return Notice("Not while training: Escape stops it first.", severity="warning")
        try:
            params, vocab = load_model_and_vocab(name, None)
        except UserError as error:
            return Notice(str(error), title=f"Cannot open {name}", severity="error")
        why = refusal(params, name)
        if why is not None:
            return Notice(why, title=f"Cannot show {name} yet", severity="warning")
        samples = samples_of(params)
        where = "the same sentences"
        if samples is not None and samples != samples_of(self._params):
            from rnnviz.tasks.debugger_inputs import samples_for

            try:
                sentences, where = samples_for(params, vocab)
            except UserError as error:
                return Notice(str(error), title=f"Cannot open {name}", severity="error")
            self.open(sentences, where)
        self.vocab = vocab
        self._undo.clear()
        self._optimizer = None
        self.set_params(params)
        self.model_name = name
        spec = params.spec
        return Notice(f"{name}: {spec.describe()}, n_a = {params.n_a}; on {where}.", title=f"Opened {name}")

    def save(self, text: str, replace: bool = False) -> str:
        """Write the current model to the path `text` (atomic), with Adam's state when it
        was trained here; the absolute path written. `Exists` when the file exists and not
        `replace`; UserError when it cannot be written."""
        from rnnviz.engine.modelio import save_model

        if not text.strip():
            raise UserError("type the path of the model file to write")
        path = os.path.abspath(os.path.expanduser(text.strip()))
        if not replace and os.path.exists(path):
            raise Exists(path)
        optimizer = self.optimizer_state()
        try:
            save_model(self._params, path, optimizer.arrays() if optimizer is not None else None)
        except OSError as error:
            raise UserError(f"{path}: {error.strerror or error}") from None
        self._unsaved = False
        return path

    @property
    def unsaved(self) -> bool:
        """Whether the model holds training done here that was not saved since."""
        return self._unsaved

    def optimizer_state(self) -> OptimizerState | None:
        """Adam's moments of the current model, when it was trained here."""
        if self._optimizer is not None and self._optimizer[0] is self._params:
            return self._optimizer[1]
        return None

    # -- training ------------------------------------------------------------------------------

    def heldout_for_training(self) -> tuple[list[Sentence], str] | None:
        """The held-out sentences known for the current ones: those given to the debugger,
        or sample_sentences/heldout.txt when the sentences are the bundled train.txt."""
        if self._heldout is not None:
            return self._heldout
        from rnnviz.text import heldout_sentences, sample_sentences_dir

        bundled = str(sample_sentences_dir() / "train.txt")
        if any(s.source == bundled for s in self._sentences):
            return heldout_sentences(), "sample_sentences/heldout.txt"
        return None

    def training_setup(self) -> TrainingSetup | Notice:
        """What the training dialog proposes, or why there is nothing to train on."""
        from .training import default_lr, heldout_problem

        labeled = sum(1 for s in self._sentences if s.labels is not None)
        typed = sum(1 for s in self._sentences if s.labels is not None and s.source == TYPED)
        if not labeled:
            return Notice(
                "None of these sentences is labeled: there is nothing to train on "
                "(mark names with [brackets] or open a labeled file).",
                severity="warning",
            )
        heldout = self.heldout_for_training()
        lr, why = default_lr(self._params, self.optimizer_state() is not None)
        scored = heldout is not None and any(s.labels is not None for s in heldout[0])
        return TrainingSetup(
            source=self.source,
            sentences=labeled,
            typed=typed,
            lr=lr,
            lr_note=why,
            heldout=heldout[1] if heldout is not None and scored else None,
            heldout_note=heldout_problem(*heldout) if heldout is not None else "",
        )

    def training_source(self) -> str:
        """What training reads, in words: the file, and the labeled sentences typed here
        (`train.txt and 2 typed here`): they are trained on, but not in the file."""
        typed = sum(1 for s in self._sentences if s.labels is not None and s.source == TYPED)
        return self.source if not typed else f"{self.source} and {typed} typed here"

    def start_training(self, epochs: int, lr: float, throttle: float | None = None) -> TrainingJob:
        """The job that trains the current model for `epochs` on the labeled sentences
        (the screen runs it in a thread), reporting at most every `throttle` seconds.
        UserError when the settings or the sentences cannot be used."""
        from .training import THROTTLE, TrainingJob

        if self.training is not None:
            raise UserError("a training is already running")
        heldout = self.heldout_for_training()
        self.training = TrainingJob(
            self._params,
            self._sentences,
            self.vocab,
            source=self.training_source(),
            epochs=epochs,
            lr=lr,
            heldout=heldout[0] if heldout else (),
            heldout_name=heldout[1] if heldout else None,
            optimizer=self.optimizer_state(),
            throttle=THROTTLE if throttle is None else throttle,
        )
        return self.training

    def training_ended(self, outcome: TrainingOutcome | None) -> None:
        """The job returned (None: it failed): keep the trained model, and the one before
        it for undo."""
        self.training = None
        if outcome is not None and outcome.params is not None:
            self._undo.append((outcome.before, self._unsaved))
            self._optimizer = (outcome.params, outcome.optimizer)
            self.set_params(outcome.params)
            self._unsaved = True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and self.training is None

    def undo(self) -> bool:
        """Back to the model before the last training (the same Params object)."""
        if not self.can_undo:
            return False
        params, self._unsaved = self._undo.pop()
        self.set_params(params)
        return True

    # -- breakpoints ---------------------------------------------------------------------------

    def run_until(self, view: ViewState, condition: Condition) -> tuple[ViewState | None, Notice]:
        """The view at the first step after t, in the direction of the pass, where
        `condition` holds (the engine's `run_until`), marked with why; or None and a notice
        saying that none does."""
        from rnnviz.engine.breakpoints import run_until

        if condition.backward_only and not view.backward:
            return None, Notice("‖da<t>‖ is a gradient: press b for backward mode first", severity="warning")
        hit = run_until(view.trace, condition, view.t, view.heading, view.layer, view.direction)
        if hit is None:
            lo, hi = (view.t + 1, view.T) if view.heading > 0 else (view.t - 1, 1)
            where = f"t = {lo} … {hi}" if (hi - lo) * view.heading >= 0 else "no step left in this direction"
            needs = " (it needs labels)" if condition.needs_labels and not view.labeled else ""
            notice = Notice(
                f"No step matches {describe(condition)}{needs}: searched {where}.",
                title="Run until: nothing found",
                severity="warning",
            )
            return None, notice
        stop = Stop(condition.kind, hit.t, reason(hit))
        return replace(view.at(hit.t), hit=stop), Notice(
            stop.reason, title=f"Stopped at t = {hit.t}: {describe(condition)}"
        )


def read_path(text: str) -> str:
    """The path typed in the open dialog (UserError when it is empty)."""
    path = os.path.expanduser(text.strip())
    if not path:
        raise UserError("type the path of a sentence file")
    return path


def read_sentence_file(text: str) -> tuple[str, list[Sentence]]:
    """The sentences of the file named in the open dialog (UserError if it cannot be used)."""
    path = read_path(text)
    from rnnviz.text import load_sentences

    return path, load_sentences(path)


def read_line_file(session: Session, text: str) -> tuple[str, list[Sentence]]:
    """A language model's lines of the file named in the open dialog: plain text, one line a
    sequence (UserError if it cannot be used)."""
    from rnnviz.pipeline import chars_of, lm_lines

    path = read_path(text)
    return path, lm_lines(session.params, chars_of(session.vocab), path, None)[0]

"""rnnviz's Textual app: step through a sentence word by word and see every quantity.

The app holds one immutable `ViewState` (the Trace of the current sentence, t, which
sentence, play state) in the reactive `state`; every panel is bound to it with `data_bind`
and draws from it. A key builds a new state (`state.at(t + 1)`), never mutates one, and
never computes the network: traces come from `rnnviz.pipeline`, computed once per sentence.

Keys live in BINDINGS only, shown by the key bar (widgets/footer.py: Textual's Footer
redrawn as one line, see there why); `check_action` disables the ones that cannot act (no
step back at t = 0). Layout is in app.tcss: the full layout at 120 x 40 or more, a compact
one from 80 x 24, and below that a notice asking for a larger terminal.

Backward mode (b): `ViewState.mode == "backward"`, t runs T_x … 1 and every panel draws
the engine's BPTT step instead (widgets/backward.py); ← and → keep their screen direction,
so ← is the next step of backpropagation. Training (t) runs the engine's Trainer in a
worker thread (training.py), its progress drawn by one small panel; `set_params` shows the
trained model, u goes back to the previous one, s saves. Breakpoints (r) ask the engine's
`run_until` for the first step, in the direction of the pass, where a condition holds.
"""

from __future__ import annotations

import gc
import os
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual import events, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from rnnviz.errors import UserError

from . import breakwords
from .state import DEFAULT_SPEED, SPEEDS, TRAINED_WITH, Stop, ViewState
from .widgets.equations import EquationsPanel
from .widgets.footer import KeyBar
from .widgets.header import HeaderLine
from .widgets.hidden import HiddenPanel
from .widgets.history import HistoryPanel
from .widgets.loss import LossPanel
from .widgets.onehot import OneHotPanel
from .widgets.output import OutputPanel
from .widgets.panel import Panel
from .widgets.sentence import SentencePanel
from .widgets.stacked import StackedPanel
from .widgets.training import TrainingPanel, TrainingProgress
from .widgets.unrolled import UnrolledPanel

if TYPE_CHECKING:
    # NumPy, the engine, the pipeline and the vocabulary are imported by the loader, in a
    # worker thread after the first frame (`RnnvizApp.from_loader`), or where they are used.
    from rnnviz.engine import Params, Trace
    from rnnviz.engine.breakpoints import Condition
    from rnnviz.text import Sentence, Vocabulary

# What a loader returns: the keyword arguments of RnnvizApp (sentences, params, vocab,
# source, and optionally heldout and heldout_name).
Loader = Callable[[], Mapping[str, Any]]

MIN_SIZE = (80, 24)  # below this: the "enlarge the terminal" notice
FULL_SIZE = (120, 40)  # from this: every panel
TYPED = "typed in the app"
NOT_LABELED = "Backward mode needs the labels y<t> (there is no loss to differentiate): this sentence is unlabeled"


def commands_provider():
    """The palette's provider, imported when the palette first opens (faster startup)."""
    from .commands import RnnvizCommands

    return RnnvizCommands


class RnnvizApp(App[None]):
    """The step debugger. `RnnvizApp(sentences=…, params=…, vocab=…, source=…).run()`, or
    `RnnvizApp.from_loader(loader).run()`: the first frame (a "loading" header over empty
    panels of their final heights) is drawn at once, the loader runs in a worker thread
    (importing NumPy, reading the model), and the debugger appears when it returns. A
    UserError raised by the loader ends the app; it is kept in `load_error`."""

    CSS_PATH = "app.tcss"
    TITLE = "rnnviz"
    COMMANDS = App.COMMANDS | {commands_provider}

    BINDINGS = [
        Binding("right,l", "step(1)", "Step", id="step_forward", tooltip="Feed the next word x<t+1>: t becomes t + 1"),
        Binding(
            "left,h", "step(-1)", "Back", id="step_back", tooltip="Back one word (exact: the whole pass is recorded)"
        ),
        Binding("home", "go_start", "t=0", id="go_start", tooltip="Back to t = 0, before the first word"),
        Binding("end", "go_end", "t=T", id="go_end", tooltip="Jump to the last word, t = T_x"),
        Binding("space", "play", "Play", id="play", tooltip="Play / pause automatic stepping"),
        Binding("plus,equals_sign", "speed(1)", "Faster", id="faster", tooltip="Play faster"),
        Binding("minus", "speed(-1)", "Slower", id="slower", tooltip="Play slower"),
        Binding("n", "sentence(1)", "Next", id="next_sentence", tooltip="The next sentence of the file"),
        Binding("p", "sentence(-1)", "Prev", id="prev_sentence", tooltip="The previous sentence of the file"),
        Binding("e", "edit", "Edit", id="edit_sentence", tooltip="Type a new sentence (Enter computes it)"),
        Binding(
            "b",
            "backward",
            "Backward",
            id="backward",
            tooltip="Backpropagation through time: step t = T_x … 1, right to left (b again: forward)",
        ),
        Binding(
            "r",
            "run_until",
            "Run until",
            id="run_until",
            tooltip="Breakpoint: run to the first step where a condition holds",
        ),
        Binding(
            "t",
            "train",
            "Train",
            id="train",
            tooltip="Train this model on the labeled sentences of this file, in the background",
        ),
        Binding("s", "save", "Save", id="save_model", tooltip="Save the model to a file (.npz or .safetensors)"),
        Binding("u", "undo_training", "Undo", id="undo_training", tooltip="Back to the model before the last training"),
        Binding(
            "escape",
            "stop_training",
            "Stop",
            id="stop_training",
            tooltip="Stop training after this epoch (twice: at once); when it has ended, hide its panel",
        ),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every panel and the notation"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave rnnviz"),
    ]

    # Actions that act on the debugger underneath: off while a dialog or the help is open.
    DEBUGGER_ACTIONS = frozenset(
        {
            "step",
            "go_start",
            "go_end",
            "play",
            "speed",
            "sentence",
            "edit",
            "help",
            "backward",
            "run_until",
            "train",
            "save",
            "undo_training",
            "stop_training",
        }
    )

    # repaint=False: the panels repaint the rows that change; the app itself draws nothing.
    state: reactive[ViewState | None] = reactive(None, init=False, repaint=False)

    def __init__(
        self,
        *,
        sentences: Sequence[Sentence] | None = None,
        params: Params | None = None,
        vocab: Vocabulary | None = None,
        source: str = "",
        heldout: Sequence[Sentence] | None = None,
        heldout_name: str | None = None,
        loader: Loader | None = None,
    ) -> None:
        super().__init__()
        self._loader = loader
        self.load_error: BaseException | None = None  # what the loader raised (the app then exits)
        self._traces: OrderedDict[Sentence, Trace] = OrderedDict()
        self._timer = None
        self._bindings_key: tuple | None = None
        self._panels: list[Panel] | None = None
        self._heldout: tuple[list[Sentence], str] | None = None
        self._training = None  # the running TrainingJob, if any
        self._training_view = None  # what the training panel shows (None: hidden)
        self._undo: list[Params] = []  # the models before each training, newest last
        self._optimizer: tuple[Params, object] | None = None  # (trained model, its Adam state)
        self._last_condition: Condition | None = None
        self._sentences: list[Sentence] = []
        if loader is None:
            if sentences is None or params is None or vocab is None:
                raise ValueError("RnnvizApp needs sentences, params and vocab, or a loader")
            self._install(sentences, params, vocab, source, heldout, heldout_name)
            self.set_reactive(RnnvizApp.state, self._state_for(0))

    @classmethod
    def from_loader(cls, loader: Loader) -> RnnvizApp:
        """An app whose first frame is drawn before `loader()` runs (in a worker thread);
        `loader` returns the keyword arguments of the constructor."""
        return cls(loader=loader)

    def _install(
        self,
        sentences: Sequence[Sentence],
        params: Params,
        vocab: Vocabulary,
        source: str,
        heldout: Sequence[Sentence] | None = None,
        heldout_name: str | None = None,
    ) -> None:
        if not sentences:
            raise ValueError("RnnvizApp needs at least one sentence")
        self._sentences = list(sentences)
        self._params = params
        self._vocab = vocab
        self._source = source
        self._heldout = (list(heldout), heldout_name or "the held-out sentences") if heldout else None

    # -- building states (all math goes through the pipeline) --------------------------------

    def trace_of(self, sentence: Sentence) -> Trace:
        """The forward pass of a sentence on the current model, computed once."""
        trace = self._traces.get(sentence)
        if trace is None:
            from rnnviz.pipeline import trace_sentence

            trace = trace_sentence(self._params, self._vocab, sentence)
            self._traces[sentence] = trace
            if len(self._traces) > 64:
                self._traces.popitem(last=False)
        return trace

    def _state_for(self, number: int, t: int = 0, speed: float = DEFAULT_SPEED, mode: str = "forward") -> ViewState:
        """Sentence `number` at step t; in backward mode when asked and the sentence is
        labeled (backward t = 0 means: where the backward pass starts, T_x)."""
        number = min(max(number, 0), len(self._sentences) - 1)
        sentence = self._sentences[number]
        state = ViewState(
            trace=self.trace_of(sentence),
            sentence=sentence,
            number=number,
            count=len(self._sentences),
            source=self._source,
            speed=speed,
        )
        if mode == "backward" and state.labeled:
            state = state.with_mode("backward")
            return state.at(t) if t else state
        return state.at(t)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(self._sentences)

    @property
    def params(self) -> Params:
        return self._params

    @property
    def training(self):
        """The running TrainingJob, or None."""
        return self._training

    @property
    def can_undo_training(self) -> bool:
        return bool(self._undo) and self._training is None

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        bound = RnnvizApp.state
        state = self.state
        # The layout class before the panels are styled: setting it later restyles them all.
        self._fit_layout(*self.size, update=False)
        with Vertical(id="main"):
            yield HeaderLine(state, id="header").data_bind(bound)
            yield SentencePanel(state, id="sentence").data_bind(bound)
            yield UnrolledPanel(state, id="unrolled").data_bind(bound)
            yield OneHotPanel(state, id="onehot").data_bind(bound)
            yield StackedPanel(state, id="stacked").data_bind(bound)
            yield HiddenPanel(state, id="hidden").data_bind(bound)
            with Horizontal(id="bottom"):
                with Vertical(id="outputs"):
                    yield OutputPanel(state, id="output").data_bind(bound)
                    yield LossPanel(state, id="loss").data_bind(bound)
                yield EquationsPanel(state, id="equations").data_bind(bound)
            yield HistoryPanel(state, id="history").data_bind(bound)
            yield TrainingPanel(id="training")
        yield Static("", id="too-small")
        yield KeyBar()

    def on_mount(self) -> None:
        # The layout class is set before the first frame (Textual's breakpoints would apply
        # it on the first Resize event, after a frame drawn in the wrong layout).
        self._fit_layout(self.size.width, self.size.height)
        if self._loader is not None:
            # After the first frame: the worker would take the GIL from drawing it.
            self.call_after_refresh(self._load_worker, self._loader)
        else:
            self.call_after_refresh(self._after_first_frame)

    @work(thread=True, exclusive=True, group="loading", exit_on_error=False)
    def _load_worker(self, loader: Loader):
        """The worker thread: the loader's objects and the first sentence's trace (NumPy is
        first imported here, while the main thread draws the first frame)."""
        from rnnviz.pipeline import trace_sentence

        loaded = dict(loader())
        sentences = loaded["sentences"]
        first = trace_sentence(loaded["params"], loaded["vocab"], sentences[0]) if sentences else None
        return loaded, first

    def _loaded(self, loaded: dict, first: Trace | None) -> None:
        """The loader returned (main thread): show the debugger at t = 0 of sentence 1."""
        self._install(**loaded)
        if first is not None:
            self._traces[self._sentences[0]] = first
        self.state = self._state_for(0)
        self.call_after_refresh(self._after_first_frame)

    def _load_failed(self, error: BaseException | None) -> None:
        """The loader raised: leave (the terminal is restored first); the caller reports
        `load_error` (cli.py: one line `rnnviz: error: …`, exit status 2)."""
        self.load_error = error if error is not None else RuntimeError("loading was cancelled")
        self.exit(return_code=2)

    def _after_first_frame(self) -> None:
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's way, so a collection never lands on a keypress (fewer latency spikes).
        gc.freeze()
        if self.state is not None:
            self._prepare_neighbours(self.state)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_layout(event.size.width, event.size.height)

    def _fit_layout(self, width: int, height: int, update: bool = True) -> None:
        """The main screen's class: -full (120 x 40 and more), -compact (from 80 x 24) or
        -small, which shows only the notice asking for a larger terminal."""
        min_w, min_h = MIN_SIZE
        small = width < min_w or height < min_h
        full = width >= FULL_SIZE[0] and height >= FULL_SIZE[1]
        screen = self.screen_stack[0]
        screen.set_class(full, "-full", update=update)
        screen.set_class(small, "-small", update=update)
        screen.set_class(not (full or small), "-compact", update=update)
        if not small or not update:
            return
        self.query_one("#too-small", Static).update(
            f"The terminal is {width} × {height}.\n\n"
            f"Enlarge the terminal to at least {min_w} × {min_h} for rnnviz "
            f"({FULL_SIZE[0]} × {FULL_SIZE[1]} shows every panel).\n\nq quits."
        )

    # -- state changes -------------------------------------------------------------------

    def watch_state(self, state: ViewState | None) -> None:
        if state is None:
            return
        key = (
            state.t == state.first,
            state.t == state.T,
            state.number == 0,
            state.number == state.count - 1,
            state.speed,
            state.playing,
            state.mode,
            state.labeled,
        )
        if key != self._bindings_key:  # the Footer recomposes on this: only when it matters
            self._bindings_key = key
            self.refresh_bindings()
        self.call_after_refresh(self._prepare_neighbours, state)

    def _prepare_neighbours(self, state: ViewState) -> None:
        """Draw the lines of the steps next to this one while the user reads it (the cache
        makes the next key a swap of strips)."""
        if self.state is not state or not self.is_running:
            return
        if self._panels is None:
            self._panels = list(self.query(Panel))
        for neighbour in (state.at(state.t + 1), state.at(state.t - 1)):
            if neighbour is not state:
                for panel in self._panels:
                    panel.prepare(neighbour)

    def jump_to(self, t: int) -> None:
        """Show step t (clamped to 0 … T_x)."""
        self.state = self.state.at(t)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        state = self.state
        if state is None:  # loading: only quitting (and Textual's own keys) work
            return action not in self.DEBUGGER_ACTIONS
        if action in self.DEBUGGER_ACTIONS and self.screen.is_modal:
            return False
        if action == "step":
            target = state.t + int(parameters[0])  # type: ignore[arg-type]
            return True if state.first <= target <= state.T else None
        if action == "go_start":
            return True if state.t > state.first else None
        if action == "go_end":
            return True if state.t < state.T else None
        if action == "speed":
            i = SPEEDS.index(state.speed) + int(parameters[0])  # type: ignore[arg-type]
            return True if 0 <= i < len(SPEEDS) else None
        if action == "sentence":
            target = state.number + int(parameters[0])  # type: ignore[arg-type]
            return True if 0 <= target < state.count else None
        if action == "backward":
            return True if state.labeled or state.backward else None
        if action in ("train", "undo_training", "save"):
            if self._training is not None:
                return None
            return True if action != "undo_training" or self._undo else None
        if action == "stop_training":
            return self._training_view is not None  # hidden when nothing to stop
        return True

    def binding_label(self, binding: Binding, enabled: bool) -> tuple[str, str] | None:
        """(description, tooltip) for the key bar when they depend on the state: ← / →
        keep their screen direction in backward mode, where ← is the next step of BPTT;
        a disabled key says why."""
        state = self.state
        if state is None:
            return None
        if binding.id == "backward":
            if state.backward:
                return ("Forward", "Back to the forward pass at the same t")
            if not enabled and not state.labeled:
                return (binding.description, NOT_LABELED)
        if binding.id == "stop_training" and self._training is None:
            return ("Hide", "Hide the training panel")
        if binding.id in ("train", "save_model", "undo_training") and self._training is not None:
            return (binding.description, "Not while training: Escape stops it")
        if not state.backward:
            return None
        labels = {
            "step_forward": ("Back", "Undo one step of backpropagation: t becomes t + 1 (to the right)"),
            "step_back": ("BPTT", "Backpropagate one step to the left: t becomes t - 1"),
            "go_start": ("t=1", "The end of backpropagation, t = 1 (da<0> reaches a<0>)"),
            "go_end": ("t=T", "The start of backpropagation, t = T_x"),
        }
        return labels.get(binding.id)

    # -- actions -------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.jump_to(self.state.t + delta)

    def action_go_start(self) -> None:
        self.jump_to(self.state.first)

    def action_go_end(self) -> None:
        self.jump_to(self.state.T)

    def action_play(self) -> None:
        state = self.state
        if state.playing:
            self._stop_playing()
            return
        if state.t == state.pass_end:
            state = state.at(state.pass_start)
        self.state = replace(state, playing=True)
        self._start_timer()

    def _start_timer(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1.0 / self.state.speed, self._tick, name="play")

    def _stop_playing(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.state.playing:
            self.state = replace(self.state, playing=False)

    def _tick(self) -> None:
        state = self.state
        if not state.playing or state.t == state.pass_end:
            self._stop_playing()
            return
        self.state = replace(state.at(state.t + state.direction), playing=True)
        if self.state.t == self.state.pass_end:
            self._stop_playing()

    def action_speed(self, delta: int) -> None:
        state = self.state
        i = min(max(SPEEDS.index(state.speed) + delta, 0), len(SPEEDS) - 1)
        self.state = replace(state, speed=SPEEDS[i])
        if state.playing:
            self._start_timer()

    def action_sentence(self, delta: int) -> None:
        self.show_sentence(self.state.number + delta)

    def show_sentence(self, number: int, t: int = 0) -> None:
        """Show sentence `number` of the list (clamped) at step t; backward mode stays on
        (from T_x) when the new sentence is labeled, else the forward pass is shown."""
        self._stop_playing()
        self.state = self._state_for(number, t, self.state.speed, self.state.mode)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # Markdown is slow to import: only when asked

        self.push_screen(HelpScreen())

    def action_edit(self) -> None:
        """Type a new sentence: Enter computes it, Escape cancels, a mistake is shown inline."""
        from rnnviz.pipeline import sentence_from_text

        from .screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen(
                "Type a sentence (Enter computes it, Escape cancels)",
                sentence_from_text,
                value=self.state.sentence.text,
                placeholder="e.g. Harry Potter and Hermione Granger invented a new spell.",
                hint="Words not in the 10,000-word dictionary are fed as <UNK>. A sentence of "
                "sample_sentences/ keeps its labels; any other is unlabeled (no y, no loss).",
                id="edit-dialog",
            ),
            self._typed_sentence,
        )

    def _typed_sentence(self, sentence: Sentence | None) -> None:
        if sentence is None:
            return
        sentence = replace(sentence, source=TYPED, line=None)
        number = self.state.number + 1
        self._sentences.insert(number, sentence)
        self.show_sentence(number)

    def set_sentence_text(self, text: str) -> None:
        """Compute a typed sentence as Enter in the e dialog does (raises UserError)."""
        from rnnviz.pipeline import sentence_from_text

        self._typed_sentence(sentence_from_text(text))

    def action_open_file(self) -> None:
        """Ask for the path of a sentence file; a file that cannot be read keeps the dialog
        open with the reason, and the current sentences stay."""
        from .screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen(
                "Open a sentence file (Enter opens it, Escape cancels)",
                read_sentence_file,
                placeholder="path/to/sentences.txt",
                hint="Markup: one sentence a line, names in [square brackets]; "
                "or CoNLL-2003: one token a line, the tag last, PER marks a name.",
                id="open-dialog",
            ),
            self._opened_file,
        )

    def _opened_file(self, result: tuple[str, list[Sentence]] | None) -> None:
        if result is None:
            return
        path, sentences = result
        self.open_sentences(sentences, path)

    def open_sentences(self, sentences: Sequence[Sentence], source: str) -> None:
        """Replace the list of sentences (a file's) and show its first one at t = 0."""
        self._sentences = list(sentences)
        self._source = source
        self.show_sentence(0)

    def action_toggle_activation(self) -> None:
        """Switch g between tanh and ReLU (same weights) and recompute this sentence."""
        if self._training is not None:
            self.notify("Not while training: the trainer uses this activation. Escape stops it.", severity="warning")
            return
        params = self._params
        other = "relu" if params.activation == "tanh" else "tanh"
        meta = dict(params.meta)
        if meta.get("trained"):  # the weights keep the g they were trained with: the header says so
            meta.setdefault(TRAINED_WITH, params.activation)
        self.set_params(params.replace(activation=other, meta=meta))

    def set_params(self, params: Params) -> None:
        """Use another model (another activation, or trained weights): every trace is
        recomputed through the pipeline, the sentence and t stay."""
        self._params = params
        self._traces.clear()
        for panel in self.query(Panel):
            panel.clear_cache()
        state = self.state
        self.state = replace(self._state_for(state.number, state.t, state.speed, state.mode), playing=state.playing)

    def on_sentence_panel_word_clicked(self, message: SentencePanel.WordClicked) -> None:
        self.jump_to(message.t)

    # -- backward mode -------------------------------------------------------------------

    def action_backward(self) -> None:
        """Toggle backpropagation through time: backward starts at t = T_x (after the whole
        forward pass); back to forward keeps t."""
        state = self.state
        if not state.labeled and not state.backward:
            self.notify(NOT_LABELED, severity="warning")
            return
        self._stop_playing()
        self.state = self.state.with_mode("forward" if state.backward else "backward")

    # -- breakpoints ----------------------------------------------------------------------

    def action_run_until(self, kind: str | None = None) -> None:
        """Ask for a condition (preselected: `kind`, else the last one) and run to it."""
        from rnnviz.engine.breakpoints import Condition

        from .screens.breakpoint import BreakpointDialog

        last = Condition(kind, self._last_threshold(kind)) if kind else self._last_condition
        state = self.state
        self.push_screen(BreakpointDialog(backward=state.backward, labeled=state.labeled, last=last), self._run_to)

    def _last_threshold(self, kind: str) -> float | None:
        from .screens.breakpoint import CHOICES

        last = self._last_condition
        if last is not None and last.kind == kind:
            return last.threshold
        return CHOICES[kind][1]

    def _run_to(self, condition: Condition | None) -> None:
        if condition is not None:
            self.run_until(condition)

    def run_until(self, condition: Condition) -> Stop | None:
        """Go to the first step after t, in the direction of the pass, where `condition`
        holds (the engine's `run_until`); mark it and say why, or say that none does."""
        self._last_condition = condition
        self._stop_playing()
        state = self.state
        if condition.kind == "grad" and not state.backward:
            self.notify("‖da<t>‖ is a gradient: press b for backward mode first", severity="warning")
            return None
        from rnnviz.engine.breakpoints import run_until

        hit = run_until(state.trace, condition, state.t, state.direction)
        if hit is None:
            lo, hi = (state.t + 1, state.T) if state.direction > 0 else (state.t - 1, 1)
            where = f"t = {lo} … {hi}" if (hi - lo) * state.direction >= 0 else "no step left in this direction"
            needs = " (it needs labels)" if condition.kind in ("loss", "grad") and not state.labeled else ""
            self.notify(
                f"No step matches {breakwords.describe(condition)}{needs}: searched {where}.",
                title="Run until: nothing found",
                severity="warning",
            )
            return None
        stop = Stop(condition.kind, hit.t, breakwords.reason(hit))
        self.state = replace(state.at(hit.t), hit=stop)
        self.notify(stop.reason, title=f"Stopped at t = {hit.t}: {breakwords.describe(condition)}")
        return stop

    # -- training ---------------------------------------------------------------------------

    def heldout_for_training(self) -> tuple[list[Sentence], str] | None:
        """The held-out sentences known for the current ones: those given to the app, or
        sample_sentences/heldout.txt when the sentences are the bundled train.txt."""
        if self._heldout is not None:
            return self._heldout
        from rnnviz.text import heldout_sentences, sample_sentences_dir

        bundled = str(sample_sentences_dir() / "train.txt")
        if any(s.source == bundled for s in self._sentences):
            return heldout_sentences(), "sample_sentences/heldout.txt"
        return None

    def action_train(self) -> None:
        """Ask for N epochs and the learning rate, then train in a worker thread."""
        if self._training is not None:
            return
        from .screens.train import TrainDialog
        from .training import DEFAULT_EPOCHS, default_lr, heldout_problem

        labeled = sum(1 for s in self._sentences if s.labels is not None)
        if not labeled:
            self.notify(
                "None of these sentences is labeled: there is nothing to train on "
                "(mark names with [brackets] or open a labeled file).",
                severity="warning",
            )
            return
        heldout = self.heldout_for_training()
        lr, why = default_lr(self._params, self._optimizer_for_params() is not None)
        note = heldout_problem(*heldout) if heldout else ""
        scored = heldout is not None and any(s.labels is not None for s in heldout[0])
        self.push_screen(
            TrainDialog(
                source=self._source,
                sentences=labeled,
                epochs=DEFAULT_EPOCHS,
                lr=lr,
                heldout=heldout[1] if scored else None,
                lr_note=why,
                heldout_note=note,
            ),
            self._train_with,
        )

    def _optimizer_for_params(self):
        """Adam's moments of the current model (from its file or the last training), or None."""
        return self._optimizer[1] if self._optimizer and self._optimizer[0] is self._params else None

    def _train_with(self, settings) -> None:
        if settings is not None:
            self.start_training(settings.epochs, settings.lr)

    def start_training(self, epochs: int, lr: float, **job_options) -> None:
        """Train the current model for `epochs` epochs on the labeled sentences, in a
        worker thread; `job_options` go to TrainingJob (tests pass a throttle or clock)."""
        from .training import TrainingJob

        heldout = self.heldout_for_training()
        optimizer = self._optimizer_for_params()
        try:
            job = TrainingJob(
                self._params,
                self._sentences,
                self._vocab,
                source=self._source,
                epochs=epochs,
                lr=lr,
                heldout=heldout[0] if heldout else (),
                heldout_name=heldout[1] if heldout else None,
                optimizer=optimizer,
                **job_options,
            )
        except UserError as problem:
            self.notify(str(problem), severity="error")
            return
        self._training = job
        self.show_training(job.view)
        self.refresh_bindings()
        self._train_worker(job)

    @work(thread=True, exclusive=True, group="training", exit_on_error=False)
    def _train_worker(self, job):
        """The worker thread: the job reports through messages (thread-safe, never blocks
        on the event loop), the outcome comes back as the worker's result."""
        return job.run(lambda view: self.post_message(TrainingProgress(view)))

    def on_training_progress(self, message: TrainingProgress) -> None:
        if self._training is not None:
            self.show_training(message.view)

    def show_training(self, view) -> None:
        """Show the training panel with `view` (None hides it)."""
        self._training_view = view
        panel = self.query_one("#training", TrainingPanel)
        panel.view = view
        screen = self.screen_stack[0]
        if screen.has_class("-training") != (view is not None):
            screen.set_class(view is not None, "-training")
            self.refresh_bindings()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "loading":
            if event.state == WorkerState.SUCCESS:
                self._loaded(*event.worker.result)
            elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
                self._load_failed(event.worker.error)
            return
        if event.worker.group != "training" or self._training is None:
            return
        if event.state == WorkerState.SUCCESS:
            self._training_ended(event.worker.result)
        elif event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            job = self._training
            self._training = None
            error = event.worker.error
            reason = f"training failed: {error}" if error is not None else "training was cancelled"
            self.show_training(replace(job.view, status="failed", message=reason + "; the model is unchanged"))
            self.notify(reason, severity="error")
            self.refresh_bindings()

    def _training_ended(self, outcome) -> None:
        """Show the trained model (recomputing the sentence), keep the old one for undo."""
        self._training = None
        if outcome.params is not None:
            self._undo.append(outcome.before)
            self._optimizer = (outcome.params, outcome.optimizer)
            self.set_params(outcome.params)
        self.show_training(outcome.view)
        view = outcome.view
        if outcome.params is not None:
            self.notify(
                f"{view.epoch} epoch{'s' if view.epoch != 1 else ''} trained: the screen shows the new "
                "model (s saves it, u undoes)",
                title="Training " + view.status,
            )
        else:
            self.notify(view.message or "no epoch completed: the model is unchanged", severity="warning")
        self.refresh_bindings()

    def action_stop_training(self) -> None:
        """Escape: stop after this epoch; again: stop now. After training: hide the panel."""
        job = self._training
        if job is None:
            self.show_training(None)
            return
        when = job.request_stop()
        if self._training_view is not None:
            self.show_training(replace(self._training_view, status="stopping"))
        if when == "now":
            self.notify("Stopping now: the unfinished epoch is rolled back.", severity="warning")

    def action_undo_training(self) -> None:
        """Back to the model before the last training (the exact same Params object)."""
        if self._training is not None or not self._undo:
            return
        before = self._undo.pop()
        self.set_params(before)
        if self._training_view is not None:
            self.show_training(None)
        self.notify("Back to the model before training.", title="Undo")
        self.refresh_bindings()

    def action_save(self) -> None:
        """Ask for a path and save the current model there (atomic write)."""
        if self._training is not None:
            return
        from .screens.prompt import PromptScreen

        self.push_screen(
            PromptScreen(
                "Save the model (Enter saves, Escape cancels)",
                self.save_model,
                value="model.npz",
                placeholder="path/to/model.npz",
                hint="A .npz or .safetensors file, written atomically (a crash never leaves half a file). "
                "`rnnviz --model PATH` opens it; after training here it also holds Adam's state, so "
                "`rnnviz train --resume PATH` continues where this left off.",
                id="save-dialog",
            ),
            self._saved,
        )

    def save_model(self, text: str) -> str:
        """Write the current model to `text` (a path); UserError when it cannot."""
        from rnnviz.engine.modelio import save_model

        path = os.path.expanduser(text.strip())
        if not path:
            raise UserError("type the path of the model file to write")
        extra = None
        if self._optimizer is not None and self._optimizer[0] is self._params and self._optimizer[1] is not None:
            extra = self._optimizer[1].arrays()
        try:
            save_model(self._params, path, extra)
        except OSError as problem:
            raise UserError(f"{path}: {problem.strerror or problem}") from None
        return path

    def _saved(self, path: str | None) -> None:
        if path is not None:
            self.notify(f"Saved the model to {path}", title="Saved")

    async def action_quit(self) -> None:
        if self._training is not None:
            self._training.stop_now()  # the thread stops at its next mini-batch
        await super().action_quit()

    def on_unmount(self) -> None:
        if self._training is not None:
            self._training.stop_now()


def read_sentence_file(text: str) -> tuple[str, list[Sentence]]:
    """The sentences of the file named in the open dialog (UserError if it cannot be used)."""
    path = os.path.expanduser(text.strip())
    if not path:
        raise UserError("type the path of a sentence file")
    from rnnviz.text import load_sentences

    return path, load_sentences(path)

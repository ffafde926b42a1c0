"""rnnviz's Textual app: step through a sentence word by word and see every quantity.

The app holds one immutable `ViewState` (the Trace of the current sentence, t, which
sentence, play state) in the reactive `state`; every panel is bound to it with `data_bind`
and draws from it. A key builds a new state (`state.at(t + 1)`), never mutates one, and
never computes the network: traces come from `rnnviz.pipeline`, computed once per sentence.

Keys live in BINDINGS only, shown by the key bar (widgets/footer.py: Textual's Footer
redrawn as one line, see there why); `check_action` disables the ones that cannot act (no
step back at t = 0). Layout is in app.tcss: the full layout at 120 x 40 or more, a compact
one from 80 x 24, and below that a notice asking for a larger terminal.

Where issue 5 plugs in: `ViewState.mode` ("backward") with the same t, panels keyed by mode
(`Panel.key`), `set_params` for a trained model (recomputes every trace, keeps sentence and
t), and `Trace.backward` from the engine for the gradients.
"""

from __future__ import annotations

import gc
import os
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import replace

from textual import events
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.widgets import Static

from rnnviz.engine import Params, Trace
from rnnviz.errors import UserError
from rnnviz.pipeline import sentence_from_text, trace_sentence
from rnnviz.text import Sentence, Vocabulary, load_sentences

from .state import DEFAULT_SPEED, SPEEDS, ViewState
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
from .widgets.unrolled import UnrolledPanel

MIN_SIZE = (80, 24)  # below this: the "enlarge the terminal" notice
FULL_SIZE = (120, 40)  # from this: every panel
TYPED = "typed in the app"


def commands_provider():
    """The palette's provider, imported when the palette first opens (faster startup)."""
    from .commands import RnnvizCommands

    return RnnvizCommands


class RnnvizApp(App[None]):
    """The step debugger. `RnnvizApp(sentences=…, params=…, vocab=…, source=…).run()`."""

    CSS_PATH = "app.tcss"
    TITLE = "rnnviz"
    COMMANDS = App.COMMANDS | {commands_provider}

    BINDINGS = [
        Binding("right,l", "step(1)", "Step", id="step_forward",
                tooltip="Feed the next word x<t+1>: t becomes t + 1"),
        Binding("left,h", "step(-1)", "Back", id="step_back",
                tooltip="Back one word (exact: the whole pass is recorded)"),
        Binding("home", "go_start", "t=0", id="go_start", tooltip="Back to t = 0, before the first word"),
        Binding("end", "go_end", "t=T", id="go_end", tooltip="Jump to the last word, t = T_x"),
        Binding("space", "play", "Play", id="play", tooltip="Play / pause automatic stepping"),
        Binding("plus,equals_sign", "speed(1)", "Faster", id="faster", tooltip="Play faster"),
        Binding("minus", "speed(-1)", "Slower", id="slower", tooltip="Play slower"),
        Binding("n", "sentence(1)", "Next", id="next_sentence", tooltip="The next sentence of the file"),
        Binding("p", "sentence(-1)", "Prev", id="prev_sentence", tooltip="The previous sentence of the file"),
        Binding("e", "edit", "Edit", id="edit_sentence", tooltip="Type a new sentence (Enter computes it)"),
        Binding("question_mark,f1", "help", "Help", id="help", tooltip="Every panel and the notation"),
        Binding("q", "quit", "Quit", id="quit", tooltip="Leave rnnviz"),
    ]

    # Actions that act on the debugger underneath: off while a dialog or the help is open.
    DEBUGGER_ACTIONS = frozenset(
        {"step", "go_start", "go_end", "play", "speed", "sentence", "edit", "help"}
    )

    # repaint=False: the panels repaint the rows that change; the app itself draws nothing.
    state: reactive[ViewState | None] = reactive(None, init=False, repaint=False)

    def __init__(
        self,
        *,
        sentences: Sequence[Sentence],
        params: Params,
        vocab: Vocabulary,
        source: str,
    ) -> None:
        super().__init__()
        if not sentences:
            raise ValueError("RnnvizApp needs at least one sentence")
        self._sentences: list[Sentence] = list(sentences)
        self._params = params
        self._vocab = vocab
        self._source = source
        self._traces: OrderedDict[Sentence, Trace] = OrderedDict()
        self._timer = None
        self._bindings_key: tuple | None = None
        self._panels: list[Panel] | None = None
        self.set_reactive(RnnvizApp.state, self._state_for(0))

    # -- building states (all math goes through the pipeline) --------------------------------

    def trace_of(self, sentence: Sentence) -> Trace:
        """The forward pass of a sentence on the current model, computed once."""
        trace = self._traces.get(sentence)
        if trace is None:
            trace = trace_sentence(self._params, self._vocab, sentence)
            self._traces[sentence] = trace
            if len(self._traces) > 64:
                self._traces.popitem(last=False)
        return trace

    def _state_for(self, number: int, t: int = 0, speed: float = DEFAULT_SPEED) -> ViewState:
        number = min(max(number, 0), len(self._sentences) - 1)
        sentence = self._sentences[number]
        return ViewState(
            trace=self.trace_of(sentence),
            sentence=sentence,
            number=number,
            count=len(self._sentences),
            source=self._source,
            speed=speed,
        ).at(t)

    @property
    def sentences(self) -> tuple[Sentence, ...]:
        return tuple(self._sentences)

    @property
    def params(self) -> Params:
        return self._params

    # -- layout --------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        bound = RnnvizApp.state
        state = self.state
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
        yield Static("", id="too-small")
        yield KeyBar()

    def on_mount(self) -> None:
        # The layout class is set before the first frame (Textual's breakpoints would apply
        # it on the first Resize event, after a frame drawn in the wrong layout).
        self._fit_layout(self.size.width, self.size.height)
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's way, so a collection never lands on a keypress (fewer latency spikes).
        gc.freeze()
        self._prepare_neighbours(self.state)

    def on_resize(self, event: events.Resize) -> None:
        self._fit_layout(event.size.width, event.size.height)

    def _fit_layout(self, width: int, height: int) -> None:
        """The main screen's class: -full (120 x 40 and more), -compact (from 80 x 24) or
        -small, which shows only the notice asking for a larger terminal."""
        min_w, min_h = MIN_SIZE
        small = width < min_w or height < min_h
        full = width >= FULL_SIZE[0] and height >= FULL_SIZE[1]
        screen = self.screen_stack[0]
        screen.set_class(full, "-full")
        screen.set_class(small, "-small")
        screen.set_class(not (full or small), "-compact")
        if not small:
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
            state.t == 0,
            state.t == state.T,
            state.number == 0,
            state.number == state.count - 1,
            state.speed,
            state.playing,
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
        if state is None:
            return True
        if action in self.DEBUGGER_ACTIONS and self.screen.is_modal:
            return False
        if action == "step":
            target = state.t + int(parameters[0])  # type: ignore[arg-type]
            return True if 0 <= target <= state.T else None
        if action == "go_start":
            return True if state.t > 0 else None
        if action == "go_end":
            return True if state.t < state.T else None
        if action == "speed":
            i = SPEEDS.index(state.speed) + int(parameters[0])  # type: ignore[arg-type]
            return True if 0 <= i < len(SPEEDS) else None
        if action == "sentence":
            target = state.number + int(parameters[0])  # type: ignore[arg-type]
            return True if 0 <= target < state.count else None
        return True

    # -- actions -------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.jump_to(self.state.t + delta)

    def action_go_start(self) -> None:
        self.jump_to(0)

    def action_go_end(self) -> None:
        self.jump_to(self.state.T)

    def action_play(self) -> None:
        state = self.state
        if state.playing:
            self._stop_playing()
            return
        if state.t >= state.T:
            state = state.at(0)
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
        if not state.playing or state.t >= state.T:
            self._stop_playing()
            return
        self.state = state.at(state.t + 1)
        if self.state.t >= self.state.T:
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
        """Show sentence `number` of the list (clamped) at step t."""
        self._stop_playing()
        self.state = self._state_for(number, t, self.state.speed)

    def action_help(self) -> None:
        from .screens.help import HelpScreen  # Markdown is slow to import: only when asked

        self.push_screen(HelpScreen())

    def action_edit(self) -> None:
        """Type a new sentence: Enter computes it, Escape cancels, a mistake is shown inline."""
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
        other = "relu" if self._params.activation == "tanh" else "tanh"
        self.set_params(self._params.replace(activation=other))

    def set_params(self, params: Params) -> None:
        """Use another model (another activation, or trained weights): every trace is
        recomputed through the pipeline, the sentence and t stay."""
        self._params = params
        self._traces.clear()
        for panel in self.query(Panel):
            panel.clear_cache()
        state = self.state
        self.state = replace(self._state_for(state.number, state.t, state.speed), playing=state.playing)

    def on_sentence_panel_word_clicked(self, message: SentencePanel.WordClicked) -> None:
        self.jump_to(message.t)


def read_sentence_file(text: str) -> tuple[str, list[Sentence]]:
    """The sentences of the file named in the open dialog (UserError if it cannot be used)."""
    path = os.path.expanduser(text.strip())
    if not path:
        raise UserError("type the path of a sentence file")
    return path, load_sentences(path)

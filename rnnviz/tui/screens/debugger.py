"""The debugger: the keys, the one reactive view, the layout of the panels, and the actions.

The screen holds one immutable `ViewState` in the reactive `view`; every panel is bound to it
with `data_bind` and draws from it. A key builds a new view (`view.at(t + 1)`), never mutates
one, and never computes the network: the `Session` (no Textual) gives the views, traces,
models and breakpoint hits, and this screen maps keys to its calls.

Keys live in BINDINGS only, shown by the key bar (widgets/footer.py); `check_action` disables
the ones that cannot act (no step back at t = 0). The layout is in debugger.tcss: the full
layout at 120 x 40 or more (wider from 160 x 50), a compact one from 80 x 24, and below that a
notice asking for a larger terminal. A panel is shown when the trace holds the quantities it draws.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING

from textual import events
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding
from textual.reactive import reactive
from textual.timer import Timer
from textual.widgets import Static

from ..panels.base import Panel
from ..session import Session
from ..view import SPEEDS, Mode, ViewState
from ..widgets.footer import KeyBar
from ..widgets.panel import PanelView
from ..widgets.sentence import SentenceView
from . import layout
from .generate import GenerateScreen
from .keys import BINDINGS, NOT_LABELED, can_act, key_label, why_not

if TYPE_CHECKING:
    from rnnviz.engine.breakpoints import Condition
    from rnnviz.text import Sentence

MIN_SIZE = (80, 24)  # below this: the "enlarge the terminal" notice
FULL_SIZE = (120, 40)  # from this: every panel
SAID_FOR = 3.0  # seconds a "why not" toast is up (the same one is not repeated meanwhile)
WIDE_SIZE = (160, 50)  # from this: wider heatmaps, the history beside ŷ and ΣL
PREPARE_WAIT, PREPARE_TRIES = 0.004, 25  # how long to wait for a frame to be painted before drawing the neighbours


class DebuggerScreen(GenerateScreen):
    """Step through the sentences of a `Session` (None while the app loads it)."""

    BINDINGS = BINDINGS

    # repaint=False: the panels repaint the rows that change; the screen itself draws nothing.
    view: reactive[ViewState | None] = reactive(None, init=False, repaint=False)

    def __init__(self, session: Session | None = None) -> None:
        super().__init__(session)
        self._timer: Timer | None = None
        self._bindings_key: tuple[object, ...] | None = None
        self._panels: list[PanelView] = []
        self._cell: tuple[object, ...] = ()  # the quantities, layers and directions laid out for
        self._last_condition: Condition | None = None
        self._said: tuple[str | None, str] | None = None  # the last "why not" toast, while it is up
        if session is not None:
            self.set_reactive(DebuggerScreen.view, session.view(0))

    # Actions run once a session is loaded (check_action disables them before).
    @property
    def now(self) -> ViewState:
        """The view shown."""
        assert self.view is not None, "no session is loaded yet"
        return self.view

    # -- layout ------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # The layout class before the panels are styled: setting it later restyles them all.
        self.fit_layout(*self.app.size, update=False)
        bound = DebuggerScreen.view
        view = self.view

        def panel(drawn: Panel) -> PanelView:
            widget = PanelView(drawn, view).data_bind(bound)
            return widget.set_class(view is None and not drawn.while_loading, "-absent")

        yield from layout.main(panel, SentenceView(view).data_bind(bound), self._training_panel)
        yield Static("", id="too-small")
        yield KeyBar()

    def on_mount(self) -> None:
        self._panels = list(self.query(PanelView))
        self._cell = ()  # a view set before the panels were mounted laid out none of them
        if self.view is not None:
            self.lay_out(self.view)
            self.call_after_refresh(self._after_first_frame)
        else:  # loading: the default model's panels (a one-chain tagger's), so its layout does not change
            for panel in self._panels:
                other_shape = bool(panel.panel.shapes) and "tagger" not in panel.panel.shapes
                panel.set_class(other_shape or not panel.panel.while_loading, "-absent")

    def show(self, session: Session, view: ViewState) -> None:
        """The loaded session, at `view` (the app's loader computed its first trace)."""
        self.session = session
        self.view = view
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's way, so a collection never lands on a keypress (fewer latency spikes);
        # `rnnviz` starts with the collector off (cli.py).
        gc.freeze()
        gc.enable()
        if self.view is not None:
            self._prepare_neighbours(self.view)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_layout(event.size.width, event.size.height)

    def fit_layout(self, width: int, height: int, update: bool = True) -> None:
        """The screen's class: -full (120 x 40 and more; also -wide from 160 x 50), -compact
        (from 80 x 24) or -small, which shows only the notice asking for a larger terminal."""
        min_w, min_h = MIN_SIZE
        small = width < min_w or height < min_h
        full = width >= FULL_SIZE[0] and height >= FULL_SIZE[1]
        self.set_class(full, "-full", update=update)
        self.set_class(width >= WIDE_SIZE[0] and height >= WIDE_SIZE[1], "-wide", update=update)
        self.set_class(small, "-small", update=update)
        self.set_class(not (full or small), "-compact", update=update)
        for panel in self._panels if self.view is not None and update else ():
            panel.fit_to(self.now.trace, full)
        if small and update:
            self.query_one("#too-small", Static).update(
                f"The terminal is {width} × {height}.\n\n"
                f"Enlarge the terminal to at least {min_w} × {min_h} for rnnviz "
                f"({FULL_SIZE[0]} × {FULL_SIZE[1]} shows every panel).\n\nq quits."
            )

    def lay_out(self, view: ViewState) -> None:
        """Show the panels whose shape, network and quantities the trace holds (only when they
        change); the screen's class -lm lays out a language model's panels (lm.tcss), -chains
        a deep or bidirectional network's (chains.tcss)."""
        trace = view.trace
        cell = (view.shape, *trace.quantities, trace.layers, trace.directions)
        if cell != self._cell:
            self._cell = cell
            self.set_class(view.shape == "lm", "-lm")
            self.set_class(trace.layers * trace.directions > 1, "-chains")  # chains.tcss
            for panel in self._panels:
                panel.set_class(not panel.panel.shows(trace), "-absent")
                panel.fit_to(trace, self.has_class("-full"))

    # -- the view ------------------------------------------------------------------------------

    def watch_view(self, view: ViewState | None) -> None:
        if view is None:
            return
        self.lay_out(view)
        at_ends = (view.t == view.first, view.t == view.T, view.number == 0, view.number == view.count - 1)
        generating = view.generation.temperature if view.generation is not None else None
        shown = (view.speed, view.playing, view.mode, view.labeled, view.layer, view.trace.layers, view.shape)
        key = (*at_ends, *shown, generating)
        if key != self._bindings_key:  # the key bar redraws on this: only when it matters
            self._bindings_key = key
            # After the panels have their new lines (they are bound to `view` after this
            # watcher): the key bar's refresh would otherwise draw a frame without them.
            self.call_next(self.refresh_bindings)
        self.call_after_refresh(self._prepare_neighbours, view)

    def _prepare_neighbours(self, view: ViewState, tries: int = PREPARE_TRIES) -> None:
        """Draw the lines of the steps next to this one while the user reads it (the cache
        makes the next key a swap of strips), once this step's frame is painted: drawing them
        first would delay it (the screen's after-refresh callbacks run before its panels have
        painted), so wait for it, at most PREPARE_TRIES x PREPARE_WAIT."""
        if self.view is not view or not self.is_running:
            return
        if tries > 0 and not all(panel.painted for panel in self._panels):
            self.set_timer(PREPARE_WAIT, partial(self._prepare_neighbours, view, tries - 1))
            return
        for neighbour in (view.at(view.t + 1), view.at(view.t - 1)):
            if neighbour is not view:
                for panel in self._panels:
                    panel.prepare(neighbour)

    def jump_to(self, t: int) -> None:
        """Show step t (clamped to the mode's range)."""
        self.view = self.now.at(t)

    def go(self, view: ViewState) -> None:
        self._stop_playing()
        self.view = view

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        view, session = self.view, self.session
        if view is None or session is None or self.app.screen is not self or self.app.return_code is not None:
            return False  # loading, under a dialog, or leaving (keys typed after q)
        if action == "stop_training":  # hidden when there is nothing to stop or hide
            return self._training_panel.view is not None
        return can_act(action, parameters, view, training=session.training is not None, can_undo=session.can_undo)

    def binding_label(self, binding: Binding, enabled: bool) -> tuple[str, str] | None:
        """(description, tooltip) for the key bar when they depend on the state."""
        if self.view is None or self.session is None:
            return None
        return key_label(binding, enabled, self.view, training=self.session.training is not None)

    def palette_commands(self) -> Iterator[SystemCommand]:
        """The debugger's commands for the palette (the app's `get_system_commands`)."""
        from .palette import commands

        if self.view is not None and self.session is not None:
            training = self.session.training is not None
            yield from commands(self.view, self, training=training, can_undo=self.session.can_undo)

    # -- moving ----------------------------------------------------------------------------

    def action_step(self, delta: int) -> None:
        self.jump_to(self.now.t + delta)

    def action_go_start(self) -> None:
        self.jump_to(self.now.first)

    def action_go_end(self) -> None:
        self.jump_to(self.now.T)

    def action_play(self) -> None:
        view = self.now
        if view.playing:
            self._stop_playing()
            return
        if view.t == view.pass_end:
            view = view.at(view.pass_start)
        self.view = replace(view, playing=True)
        self._start_timer(view.speed)

    def _start_timer(self, speed: float) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_interval(1.0 / speed, self._tick, name="play")

    def _stop_playing(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.view is not None and self.view.playing:
            self.view = replace(self.view, playing=False)

    def _tick(self) -> None:
        view = self.now
        if not view.playing or view.t == view.pass_end:
            self._stop_playing()
            return
        self.view = replace(view.at(view.t + view.heading), playing=True)
        if self.view.t == view.pass_end:
            self._stop_playing()

    def action_speed(self, delta: int) -> None:
        view = self.now
        speed = SPEEDS[min(max(SPEEDS.index(view.speed) + delta, 0), len(SPEEDS) - 1)]
        self.view = replace(view, speed=speed)
        if view.playing:
            self._start_timer(speed)  # the header shows it
        else:
            self.notify(f"Play speed: {speed:g} words a second (space plays)", timeout=2)

    def action_why_not(self, binding_id: str) -> None:
        """A key whose action cannot act now: say why (once while the same toast is up)."""
        session = self.loaded
        reason = why_not(binding_id, self.now, training=session.training is not None, can_undo=session.can_undo)
        said = (reason, binding_id)
        if reason is not None and said != self._said:
            self._said = said
            self.notify(reason, timeout=SAID_FOR)
            self.set_timer(SAID_FOR, lambda: self._forget(said))

    def _forget(self, said: tuple[str | None, str]) -> None:
        if self._said == said:
            self._said = None

    def action_sentence(self, delta: int) -> None:
        self.show_sentence(self.now.number + delta)

    def show_sentence(self, number: int, mode: Mode | None = None) -> None:
        """Sentence `number` of the list (clamped) at its start; backward mode stays on
        (from T_x) when the new sentence is labeled, else the forward pass is shown."""
        self._stop_playing()
        view = self.now
        self.view = self.loaded.view(number, speed=view.speed, mode=mode or view.mode, layer=view.layer)

    def on_sentence_view_word_clicked(self, message: SentenceView.WordClicked) -> None:
        self.jump_to(message.t)

    def action_backward(self) -> None:
        """Toggle backpropagation through time: backward starts at t = T_x (after the whole
        forward pass); back to forward keeps t."""
        view = self.now
        if not view.labeled and not view.backward:
            self.notify(NOT_LABELED, severity="warning")
            return
        self._stop_playing()
        self.view = self.now.with_mode("forward" if view.backward else "backward")

    # -- sentences and the model -------------------------------------------------------------

    def action_help(self) -> None:
        from .help import SECTIONS, HelpScreen  # Markdown is slow to import: only when asked

        self.app.push_screen(HelpScreen(SECTIONS.get(self.now.shape)))

    def action_edit(self) -> None:
        """Type a new sentence: Enter computes it, Escape cancels, a mistake is shown inline."""
        from .shape_prompt import edit_dialog

        self.app.push_screen(edit_dialog(self.now, self.loaded), self._typed)

    def _typed(self, sentence: Sentence | None) -> None:
        if sentence is not None:
            self.show_sentence(self.loaded.insert(sentence, after=self.now.number))

    def action_open_file(self) -> None:
        """Ask for a sentence file; one that cannot be read keeps the dialog open with the
        reason, and the current sentences stay."""
        from .shape_prompt import open_dialog

        self.app.push_screen(open_dialog(self.now, self.loaded), self._opened)

    def _opened(self, result: tuple[str, list[Sentence]] | None) -> None:
        if result is not None:
            path, sentences = result
            self.loaded.open(sentences, path)
            self.show_sentence(0)

    def action_toggle_activation(self) -> None:
        """Switch g between tanh and ReLU (same weights) and recompute this sentence."""
        notice = self.loaded.toggle_activation()
        if notice is not None:
            self.tell(notice)
        else:
            self.model_changed()

    def action_layer(self, delta: int) -> None:
        """Show the layer above (+1) or below (-1) in the panels."""
        view = self.now
        self.view = replace(view, layer=min(max(view.layer + delta, 0), view.trace.layers - 1))

    def switch_model(self, name: str) -> None:
        """Open the bundled model `name` (the palette's command), on its sample sentences."""
        self._stop_playing()
        source = self.loaded.source
        notice = self.loaded.switch_model(name)
        self.tell(notice)
        if notice.severity == "information":
            if self.loaded.source != source:  # the model's own samples: the first, from its start
                for panel in self._panels:
                    panel.clear_cache()
                self.show_sentence(0, "forward")
            else:
                self.model_changed()  # the same sentence, t and layer, on the new model

    def model_changed(self) -> None:
        """The session's model changed: redraw the same sentence, t and mode with it."""
        for panel in self._panels:
            panel.clear_cache()
        self.view = self.loaded.again(self.now)

    # -- breakpoints -----------------------------------------------------------------------------

    def action_run_until(self, kind: str | None = None) -> None:
        """Ask for a condition (preselected: `kind`, else the last one) and run to it."""
        from rnnviz.engine.breakpoints import Condition

        from ..breakpoints import CHOICES
        from .breakpoint import BreakpointDialog

        view, last = self.now, self._last_condition
        if kind is not None and (last is None or last.kind != kind):
            last = Condition(kind, CHOICES[kind][1])
        dialog = BreakpointDialog(backward=view.backward, labeled=view.labeled, last=last, shape=view.shape)
        self.app.push_screen(dialog, self._run_to)

    def _run_to(self, condition: Condition | None) -> None:
        if condition is not None:
            self.run_until(condition)

    def run_until(self, condition: Condition) -> ViewState | None:
        """Go to the first step after t, in the direction of the pass, where `condition`
        holds; mark it and say why, or say that none does. The view it went to, or None."""
        self._last_condition = condition
        self._stop_playing()
        found, notice = self.loaded.run_until(self.now, condition)
        if found is not None:
            self.view = found
        self.tell(notice)
        return found

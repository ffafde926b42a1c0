"""The "run until" dialog: pick a condition (the engine's breakpoint kinds), give a value
where one is needed, Enter runs to the first step where it holds, in the direction of the
current pass (forward, or right to left in backward mode)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from rnnviz.engine.breakpoints import Condition

# kind -> (the option's text, the default value, or None when the kind takes no value)
CHOICES = {
    "cross": ("ŷ<t> crosses 0.5 (the prediction flips between name and no name)", None),
    "loss": ("L<t> above a value", 0.1),
    "saturate": ("a unit saturates: |a<t>| > 0.99 (tanh)", None),
    "grad": ("‖da<t>‖ below a value: the gradient has vanished (backward)", 0.001),
}


def parse_condition(kind: str, text: str) -> Condition | str:
    """The condition, or what is wrong with the value (a sentence)."""
    if CHOICES[kind][1] is None:
        return Condition(kind)
    try:
        value = float(text.strip())
    except ValueError:
        return f"{'L<t>' if kind == 'loss' else '‖da<t>‖'}: type a number, e.g. {CHOICES[kind][1]:g}"
    try:
        return Condition(kind, value)
    except ValueError as problem:
        return str(problem)


class BreakpointDialog(ModalScreen[Condition | None]):
    """One condition from a list, its value in an input; Enter runs."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="cancel_breakpoint", tooltip="Close without running")]

    def __init__(self, *, backward: bool, labeled: bool, last: Condition | None = None) -> None:
        super().__init__(id="breakpoint-dialog")
        self._backward = backward
        self._labeled = labeled
        self._last = last
        self._shown_kind: str | None = None

    def _disabled(self, kind: str) -> str | None:
        if kind in ("loss", "grad") and not self._labeled:
            return "needs labels"
        if kind == "grad" and not self._backward:
            return "press b first"
        return None

    def compose(self) -> ComposeResult:
        direction = "backward, right to left (t − 1, t − 2, …)" if self._backward else "forward (t + 1, t + 2, …)"
        options = []
        for kind, (text, _) in CHOICES.items():
            why = self._disabled(kind)
            options.append(Option(text + (f" — {why}" if why else ""), id=kind, disabled=why is not None))
        with Vertical(id="dialog"):
            yield Label(f"Run until… ({direction}, from the current step)", id="prompt-title")
            yield OptionList(*options, id="breakpoint-kinds")
            with Horizontal(id="breakpoint-value-row"):
                yield Label("value ", classes="field-label")
                yield Input("", id="breakpoint-value")
            yield Static("", id="prompt-error")
            yield Static(
                "↑/↓ choose, Enter runs (Tab to the value first for L<t> or ‖da<t>‖); Escape cancels.", id="prompt-hint"
            )

    def on_mount(self) -> None:
        last = self._last
        # The value typed for each kind, kept while moving between kinds.
        self._values = {kind: "" if default is None else f"{default:g}" for kind, (_, default) in CHOICES.items()}
        if last is not None and last.threshold is not None:
            self._values[last.kind] = f"{last.threshold:g}"
        start = last.kind if last is not None and self._disabled(last.kind) is None else "cross"
        self.query_one(Input).cursor_blink = False
        self._show_value(start)
        kinds = self.query_one(OptionList)
        kinds.highlighted = list(CHOICES).index(start)
        kinds.focus()

    @property
    def kind(self) -> str:
        kinds = self.query_one(OptionList)
        index = kinds.highlighted if kinds.highlighted is not None else 0
        return list(CHOICES)[index]

    def _show_value(self, kind: str) -> None:
        """Show the value field for `kind` (disabled when it takes none)."""
        value = self.query_one(Input)
        if self._shown_kind is not None and CHOICES[self._shown_kind][1] is not None:
            self._values[self._shown_kind] = value.value
        self._shown_kind = kind
        default = CHOICES[kind][1]
        value.disabled = default is None
        value.placeholder = "(none needed)" if default is None else f"e.g. {default:g}"
        value.value = self._values[kind]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None and event.option.id != self._shown_kind:
            self._show_value(event.option.id)
            self.query_one("#prompt-error", Static).update("")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._submit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._submit()

    def _submit(self) -> None:
        result = parse_condition(self.kind, self.query_one(Input).value)
        if isinstance(result, str):
            self.query_one("#prompt-error", Static).update(f"✗ {result}")
            return
        self.dismiss(result)

    def action_cancel(self) -> None:
        self.dismiss(None)

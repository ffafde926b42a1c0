"""The "run until" dialog: pick a condition (the engine's breakpoint kinds), give a value
where one is needed, Enter runs to the first step where it holds, in the direction of the
current pass (forward, or right to left in backward mode)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from rnnviz.errors import UserError

from ..breakpoints import CHOICES, kinds_for, parse_condition
from .dialog import Dialog

if TYPE_CHECKING:
    from rnnviz.engine.breakpoints import Condition


class BreakpointDialog(Dialog["Condition"]):
    """One condition from a list, its value in an input; Enter runs."""

    def __init__(self, *, backward: bool, labeled: bool, last: Condition | None = None, shape: str = "tagger") -> None:
        direction = "backward, right to left (t − 1, t − 2, …)" if backward else "forward (t + 1, t + 2, …)"
        super().__init__(
            f"Run until… ({direction}, from the current step)",
            "↑/↓ choose, Enter runs (Tab to the value first, for a condition that takes one); Escape cancels.",
            id="breakpoint-dialog",
        )
        self._backward = backward
        self._labeled = labeled
        self._last = last
        self._kinds = kinds_for(shape)
        self._shown_kind: str | None = None
        # The value typed for each kind, kept while moving between kinds.
        self._values = {kind: "" if default is None else f"{default:g}" for kind, (_, default) in CHOICES.items()}
        if last is not None and last.threshold is not None:
            self._values[last.kind] = f"{last.threshold:g}"

    def _disabled(self, kind: str) -> str | None:
        if kind in ("loss", "grad", "target") and not self._labeled:
            return "needs labels"
        if kind == "grad" and not self._backward:
            return "press b first"
        return None

    def fields(self) -> ComposeResult:
        options = []
        for kind in self._kinds:
            text = CHOICES[kind][0]
            why = self._disabled(kind)
            options.append(Option(text + (f" — {why}" if why else ""), id=kind, disabled=why is not None))
        yield OptionList(*options, id="breakpoint-kinds")
        with Horizontal(id="breakpoint-value-row"):
            yield Label("value ", classes="field-label")
            yield Input("", id="breakpoint-value")

    def on_mount(self) -> None:
        super().on_mount()
        last = self._last
        usable = last is not None and last.kind in self._kinds and self._disabled(last.kind) is None
        start = last.kind if last is not None and usable else self._kinds[0]
        self._show_value(start)
        kinds = self.query_one(OptionList)
        kinds.highlighted = self._kinds.index(start)
        kinds.focus()

    @property
    def kind(self) -> str:
        kinds = self.query_one(OptionList)
        return self._kinds[kinds.highlighted if kinds.highlighted is not None else 0]

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
            self.show_mistake("")

    def result(self) -> Condition:
        condition = parse_condition(self.kind, self.query_one(Input).value)
        if isinstance(condition, str):
            raise UserError(condition)
        return condition

"""How `draw` draws: `DrawingOptions`, the one typed, checked options object, and `FrameState`.

`DrawingOptions` holds every choice about a picture (layout direction, edge labels, colours,
quiz, number format, clusters and collapsed neurons, size cap, theme, names, language,
notation, constants, caption). `draw(root, options)` takes one; keyword arguments are sugar
for it (`draw(root, rankdir="TB")` is `draw(root, DrawingOptions(rankdir="TB"))`, and
`draw(root, options, theme="dark")` is `draw(root, options.replace(theme="dark"))`). The player,
the Stepper, the GIF and the TikZ slides take the same: `options=` and/or the same keywords,
made into one object by `drawing_options`, and every frame is drawn with it (a new field reaches
every view with no view changed: tests/test_drawing_options_everywhere.py).

`FrameState` is not an option: it is what one frame of the stepper shows (the current node,
which gradients and values are known so far, the bold edges). The lecture passes it to `draw`
as `frame=`; a picture of a finished graph has none.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from typing import Literal, TypedDict

from autograd.value import Value
from autograd.viz.math_text import check_number_format
from autograd.viz.notation import Notation

__all__ = [
    "RANKDIRS",
    "VIEWS",
    "DrawingKeywords",
    "DrawingOptions",
    "FrameState",
    "drawing_options",
]

RANKDIRS = ("LR", "RL", "TB", "BT")

# What one picture node stands for: a value, a neuron, or a layer step (`view`).
VIEWS = ("scalar", "neuron", "matrix")


@dataclass(frozen=True)
class DrawingOptions:
    """Every option of `draw` (checked when made: a bad value is a ValueError naming it).

    - `rankdir`: "LR" (inputs left, output right), "TB", "RL" or "BT".
    - `edge_labels`: None, "local" (∂out/∂in on each edge into an operation) or "message"
      (upstream × local: what backward sends along the edge).
    - `color_by_grad`: gradient sign by hue (blue positive, orange negative), size by intensity.
    - `quiz`: "data", "grad" or "both" hides those numbers behind "?".
    - `number_format`: a format spec for every number, e.g. ".4g" or ".2f".
    - `cluster`: "neuron" or "layer" groups a network's nodes; `collapse=True` draws each
      neuron as one table; `expand`: one neuron drawn as its scalar graph among collapsed ones.
    - `max_nodes`: above this many values a graph is collapsed (or cut to the values nearest
      the output), with a note.
    - `theme`: "light", "dark" or "auto" (the default: light in files, and in a notebook light
      or dark with the page around it; autograd/viz/auto_theme.py); `names`: "lecture" (w₁₂⁽¹⁾, z₁⁽¹⁾, ...) or "labels".
    - `lang`: the drawing's language ("en", "ru"; None: the current one); `notation`: "jk"
      or "ij" for the weights (None: the package default).
    - `show_constants`: draw a constant (the 1 of 1/(1 + e^−z)) as a box with its gradient.
    - `caption`: text under the graph.
    - `view`: "scalar" (every value its own box), "neuron" (`collapse=True`) or "matrix" (one
      node per layer step: x, W⁽ˡ⁾, b⁽ˡ⁾, z⁽ˡ⁾, a⁽ˡ⁾ as tables with ∇W⁽ˡ⁾ and δ⁽ˡ⁾ beside them;
      autograd/viz/matrix_view.py; it uses `rankdir`, `number_format`, `theme`, `lang`,
      `notation` and `caption`).
    """

    rankdir: str = "LR"
    edge_labels: Literal["local", "message"] | None = None
    color_by_grad: bool = False
    quiz: Literal["data", "grad", "both"] | None = None
    number_format: str = ".4g"
    cluster: Literal["neuron", "layer"] | None = None
    collapse: bool = False
    max_nodes: int = 150
    expand: object = None
    theme: Literal["light", "dark", "auto"] = "auto"
    names: Literal["lecture", "labels"] = "lecture"
    lang: str | None = None
    notation: Notation | None = None
    show_constants: bool = False
    caption: str | None = None
    view: Literal["scalar", "neuron", "matrix"] = "scalar"

    def __post_init__(self) -> None:
        if self.view not in VIEWS:
            raise ValueError(f"draw: view must be one of {', '.join(VIEWS)}, got {self.view!r}")
        if self.rankdir not in RANKDIRS:
            raise ValueError(
                f"draw: rankdir must be one of {', '.join(RANKDIRS)}, got {self.rankdir!r}"
            )
        if self.edge_labels not in (None, "local", "message"):
            raise ValueError(
                f"draw: edge_labels must be None, 'local' or 'message', got {self.edge_labels!r}"
            )
        if self.quiz not in (None, "data", "grad", "both"):
            raise ValueError(
                f"draw: quiz must be None, 'data', 'grad' or 'both', got {self.quiz!r}"
            )
        if self.cluster not in (None, "neuron", "layer"):
            raise ValueError(
                f"draw: cluster must be None, 'neuron' or 'layer', got {self.cluster!r}"
            )
        if (
            isinstance(self.max_nodes, bool)
            or not isinstance(self.max_nodes, int)
            or self.max_nodes < 1
        ):
            raise ValueError(f"draw: max_nodes must be a positive int, got {self.max_nodes!r}")
        check_number_format(self.number_format, "draw")
        if self.theme not in ("light", "dark", "auto"):
            raise ValueError(f"draw: theme must be one of light, dark, auto, got {self.theme!r}")
        if self.names not in ("lecture", "labels"):
            raise ValueError(f"draw: names must be 'lecture' or 'labels', got {self.names!r}")

    def replace(self, **changes: object) -> DrawingOptions:
        """A copy with `changes` (checked like a new one): `options.replace(theme="dark")`."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def changed(self) -> dict[str, object]:
        """The fields that differ from the defaults, by name: `{"theme": "dark"}`."""
        default = DrawingOptions()
        return {
            field.name: getattr(self, field.name)
            for field in dataclasses.fields(self)
            if getattr(self, field.name) != getattr(default, field.name)
        }


def drawing_options(
    options: DrawingOptions | None, keywords: Mapping[str, object], where: str
) -> DrawingOptions:
    """The one `DrawingOptions` a view draws with: `options` (None: the defaults) with the
    keyword arguments `keywords` on top, as `draw(root, options, theme="dark")` does. A bad
    value is an error naming `where` ("export_html: rankdir must be ...")."""
    if options is not None and not isinstance(options, DrawingOptions):
        raise TypeError(
            f"{where}: options must be an autograd.viz.options.DrawingOptions, got {options!r}"
        )
    try:
        return DrawingOptions(**keywords) if options is None else options.replace(**keywords)  # type: ignore[arg-type]
    except (TypeError, ValueError) as error:
        message = str(error).removeprefix("draw: ")
        if not message.startswith(f"{where}: "):
            message = f"{where}: {message}"
        raise type(error)(message) from None


class DrawingKeywords(TypedDict, total=False):
    """`DrawingOptions`' fields as keyword arguments (`draw(root, rankdir="TB")`), for typing."""

    rankdir: str
    edge_labels: Literal["local", "message"] | None
    color_by_grad: bool
    quiz: Literal["data", "grad", "both"] | None
    number_format: str
    cluster: Literal["neuron", "layer"] | None
    collapse: bool
    max_nodes: int
    expand: object
    theme: Literal["light", "dark", "auto"]
    names: Literal["lecture", "labels"]
    lang: str | None
    notation: Notation | None
    show_constants: bool
    caption: str | None
    view: Literal["scalar", "neuron", "matrix"]


@dataclass(frozen=True)
class FrameState:
    """What one stepper frame shows (not a drawing option; `draw(root, options, frame=...)`).

    - `highlight`: the current node; `highlighted_edges`: `(node, input_index)` pairs drawn bold.
    - `shown_grads`: if given, only these nodes show a gradient (the mapped number);
      `shown_data`: if given, only these nodes show their value (the forward pass so far).
    - `partial_grads`: nodes whose gradient is a running sum more messages will add to
      ("grad 8 so far").
    - `shown_values`: if given, the value these nodes show instead of their `.data` (a step of
      gradient descent draws the graph at the new values of its leaves).
    """

    highlight: Value | None = None
    shown_grads: Mapping[Value, float] | None = None
    highlighted_edges: Collection[tuple[Value, int]] = ()
    shown_data: Collection[Value] | None = None
    partial_grads: Collection[Value] = field(default_factory=frozenset)
    shown_values: Mapping[Value, float] | None = None

"""How `draw` pictures look: the symbol in each operation's circle, fonts, fills and gradient colours.

Everything visual that `autograd.draw` does not compute from the graph lives here, so a lecturer
who wants other colours or a bigger font changes one small file. `OP_SYMBOLS` is the text in
each operation's circle (× for `*`, σ for `sigmoid`); the `*_FILL` and `*_LINE` constants colour
leaves, results, collapsed neurons, the stepper's current node and zero gradients; the
`*_ATTRIBUTES` dicts are the DOT defaults for the whole graph, its nodes and its edges. With
`color_by_grad=True` a gradient's sign picks the hue (blue positive, red negative) and its size
relative to the largest |gradient| in the graph picks how strong it is: `gradient_colour`.
"""

from __future__ import annotations

from autograd.ops import OPS

__all__ = [
    "EDGE_ATTRIBUTES",
    "FONT",
    "GRAPH_ATTRIBUTES",
    "HIGHLIGHT_EDGE",
    "HIGHLIGHT_FILL",
    "LEAF_FILL",
    "NEGATIVE_RGB",
    "NEURON_FILL",
    "NODE_ATTRIBUTES",
    "OP_SYMBOLS",
    "POSITIVE_RGB",
    "RESULT_FILL",
    "ZERO_FILL",
    "ZERO_LINE",
    "gradient_colour",
]

# The symbol drawn in each operation's circle, from the op table (autograd/ops.py).
OP_SYMBOLS: dict[str, str] = {name: op.symbol for name, op in OPS.items()}

FONT = "Helvetica"
HIGHLIGHT_FILL = "#ffe97a"  # the stepper's current node
HIGHLIGHT_EDGE = "#e66100"  # edges the stepper has walked
LEAF_FILL = "#eef5ff"
NEURON_FILL = "#f4f0ff"
RESULT_FILL = "#ffffff"
ZERO_FILL = "#eeeeee"
ZERO_LINE = "#9a9a9a"
POSITIVE_RGB = (33, 102, 172)  # blue: a positive gradient
NEGATIVE_RGB = (178, 24, 43)  # red: a negative gradient

# DOT defaults for the whole graph (after its rankdir), every node and every edge.
GRAPH_ATTRIBUTES: dict[str, str] = {
    "bgcolor": "white",
    "fontname": FONT,
    "fontsize": "16",
    "nodesep": "0.3",
    "ranksep": "0.45",
    "labelloc": "b",
}
NODE_ATTRIBUTES: dict[str, str] = {"fontname": FONT, "fontsize": "16"}
EDGE_ATTRIBUTES: dict[str, str] = {
    "fontname": FONT,
    "fontsize": "14",
    "arrowsize": "0.8",
    "color": "#404040",
}


def gradient_colour(grad: float, largest_grad: float) -> tuple[str, float]:
    """The colour for a gradient (blue positive, red negative) and its intensity 0..1.

    intensity = min(|grad| / largest_grad, 1); the colour mixes white with the hue by
    0.2 + 0.8 × intensity, so even the smallest nonzero gradient stays visibly tinted.
    """
    strength = min(abs(grad) / largest_grad, 1.0) if largest_grad > 0 else 0.0
    base = POSITIVE_RGB if grad > 0 else NEGATIVE_RGB
    mix = 0.2 + 0.8 * strength
    red, green, blue = (round(255 + (channel - 255) * mix) for channel in base)
    return f"#{red:02x}{green:02x}{blue:02x}", strength

"""How `draw` pictures look: the symbol in each operation's circle, fonts, fills and gradient colours.

Everything visual that `autograd.draw` does not compute from the graph lives here, so a lecturer
who wants other colours or a bigger font changes one small file. `OP_SYMBOLS` is the text in
each operation's circle (× for `*`, σ for `sigmoid`); the `*_FILL` and `*_LINE` constants colour
leaves, results, collapsed neurons, the stepper's current node and zero gradients; the
`*_ATTRIBUTES` dicts are the DOT defaults for the whole graph, its nodes and its edges. With
`color_by_grad=True` a gradient's sign picks the hue (blue positive, orange negative) and its size
relative to the largest |gradient| in the graph picks how strong it is: `gradient_colour`.

The sign colours are the one convention of every view (draw, the player, the Stepper, the GIF,
TikZ/Beamer, the training replay, the live dashboard and `nn.plots`): blue for +, orange for −,
for gradients and weights alike (`Theme.sign_colour`); nothing else defines a sign's colour.

Two themes, `THEMES["light"]` (the default) and `THEMES["dark"]` (for dark slides), chosen with
`draw(theme=...)`. Both are made for a projector: every coloured element (gradient fills, edges,
the teal of highlighted edges, the grey of zero gradients) has a WCAG contrast of at least 3:1
against the background, text at least 4.5:1 against the fill it sits on, coloured edges are at
least 2 pt wide, and the gradient's sign is also written, not only coloured: "▲ +0.5" / "▼ −0.5"
in boxes, solid edges for positive and dashed for negative messages (dotted grey for zero). Blue
and orange (light) or light blue and light orange (dark) stay apart under deuteranopia and
protanopia, and the teal of highlighted edges stays apart from both
(tests/test_draw_theme.py computes all of this).

Every number a drawing shows (data, grad, edge labels, neuron tables, constants) is written by
one function, `format_number` (the one number formatter of `autograd.viz.math_text`, used here
as everywhere): the chosen format spec, the Unicode minus "−4" of the captions and
the player (not the hyphen "-4"), and a number that reads as zero in that format ("0.00" for
−0.001 at ".2f") is written, coloured and marked as zero (`reads_as_zero`).
"""

from __future__ import annotations

from dataclasses import dataclass

from autograd.ops import OPS
from autograd.viz.math_text import MINUS, format_number, reads_as_zero

__all__ = [
    "COLOURED_EDGE_WIDTH",
    "DARK",
    "EDGE_ATTRIBUTES",
    "FONT",
    "GRAPH_ATTRIBUTES",
    "HIGHLIGHT_EDGE",
    "HIGHLIGHT_FILL",
    "LEAF_FILL",
    "LIGHT",
    "MINUS",
    "NEGATIVE_RGB",
    "NEURON_FILL",
    "NODE_ATTRIBUTES",
    "OP_SYMBOLS",
    "POSITIVE_RGB",
    "RESULT_FILL",
    "THEMES",
    "ZERO_FILL",
    "ZERO_LINE",
    "Theme",
    "contrast_ratio",
    "edge_width",
    "format_number",
    "gradient_colour",
    "hex_rgb",
    "mix",
    "op_symbol",
    "readable_text_colour",
    "reads_as_zero",
]

# The symbol drawn in each operation's circle, from the op table (autograd/ops.py).
OP_SYMBOLS: dict[str, str] = {name: op.symbol for name, op in OPS.items()}  # a power: xⁿ, aᵇ

_SUPERSCRIPT_DIGITS = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def op_symbol(op: str, exponent: float | None = None) -> str:
    """The text in an operation's circle: `OP_SYMBOLS[op]`, and for x ** n with a whole constant
    n the power itself: "x²", "x⁻¹" (else "xⁿ"; a ** b with a Value b is "aᵇ")."""
    if op == "**" and exponent is not None and exponent.is_integer() and abs(exponent) < 1000:
        return "x" + format(int(exponent)).translate(_SUPERSCRIPT_DIGITS)
    return OP_SYMBOLS.get(op, op)


FONT = "Helvetica"

RGB = tuple[int, int, int]


@dataclass(frozen=True)
class Theme:
    """Every colour a drawing uses, for one background. Hex strings "#rrggbb"."""

    name: str
    background: str
    text: str  # numbers and names
    muted_text: str  # automatic names (n3), constants, notes
    line: str  # box borders and plain edges
    leaf_fill: str  # surfaces: text sits on them, borders mark them
    result_fill: str
    neuron_fill: str
    zero_fill: str
    highlight_fill: str  # the stepper's current node (also drawn with a thick border)
    highlight_edge: str  # edges the stepper has walked
    zero_line: str  # edges and borders of zero gradients (dotted / dashed)
    cluster_line: str
    forward_walked: str  # the lecture player's edges walked forward
    backward_walked: str  # ... and backward
    positive: tuple[RGB, RGB]  # weakest and strongest colour of a positive gradient (blue)
    negative: tuple[RGB, RGB]  # the same for a negative gradient (orange)

    def sign_colour(self, number: float) -> str:
        """The colour of `number`'s sign at full strength: blue for +, orange for −, the zero
        line's grey for 0. Every view that colours a gradient or a weight by its sign uses this
        (or `gradient_colour`, its ramp by size)."""
        if number > 0:
            return rgb_hex(self.positive[1])
        if number < 0:
            return rgb_hex(self.negative[1])
        return self.zero_line

    @property
    def coloured(self) -> dict[str, str]:
        """The colours that carry meaning on the background: each needs contrast >= 3:1."""
        colours = {
            "text": self.text,
            "muted_text": self.muted_text,
            "line": self.line,
            "highlight_edge": self.highlight_edge,
            "zero_line": self.zero_line,
            "cluster_line": self.cluster_line,
            "forward_walked": self.forward_walked,
            "backward_walked": self.backward_walked,
        }
        for sign, (weakest, strongest) in (
            ("positive", self.positive),
            ("negative", self.negative),
        ):
            colours[f"{sign}_weakest"] = rgb_hex(weakest)
            colours[f"{sign}_strongest"] = rgb_hex(strongest)
        return colours

    @property
    def surfaces(self) -> dict[str, str]:
        """The fills text is written on: text needs contrast >= 4.5:1 on each."""
        return {
            "background": self.background,
            "leaf_fill": self.leaf_fill,
            "result_fill": self.result_fill,
            "neuron_fill": self.neuron_fill,
            "zero_fill": self.zero_fill,
            "highlight_fill": self.highlight_fill,
        }


def hex_rgb(colour: str) -> RGB:
    """ "#2166ac" -> (33, 102, 172)."""
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def rgb_hex(rgb: RGB) -> str:
    """(33, 102, 172) -> "#2166ac"."""
    return "#{:02x}{:02x}{:02x}".format(*rgb)


def mix(start: RGB, end: RGB, amount: float) -> RGB:
    """The colour `amount` (0..1) of the way from `start` to `end`."""
    red, green, blue = (round(a + (b - a) * amount) for a, b in zip(start, end))
    return red, green, blue


def _relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance: sRGB channels linearised, weighted 0.2126, 0.7152, 0.0722."""
    linear = []
    for channel in hex_rgb(colour):
        c = channel / 255
        linear.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio (L1 + 0.05) / (L2 + 0.05), from 1 (same) to 21 (black on white)."""
    lighter, darker = sorted(
        (_relative_luminance(first), _relative_luminance(second)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(fill: str) -> str:
    """Black or white, whichever reads better on `fill`."""
    return (
        "#000000"
        if contrast_ratio(fill, "#000000") >= contrast_ratio(fill, "#ffffff")
        else "#ffffff"
    )


LIGHT = Theme(
    name="light",
    background="#ffffff",
    text="#000000",
    muted_text="#595959",
    line="#404040",
    leaf_fill="#eef5ff",
    result_fill="#ffffff",
    neuron_fill="#f4f0ff",
    zero_fill="#eeeeee",
    highlight_fill="#ffe97a",
    highlight_edge="#00796b",  # teal: apart from blue and orange for every viewer
    zero_line="#767676",
    cluster_line="#767676",
    forward_walked="#1f6fb4",
    backward_walked="#8e24aa",
    positive=((95, 145, 195), (33, 102, 172)),  # #5f91c3 .. #2166ac
    negative=((204, 116, 48), (179, 88, 6)),  # #cc7430 .. #b35806
)
DARK = Theme(
    name="dark",
    background="#1b1b1b",
    text="#f2f2f2",
    muted_text="#b0b0b0",
    line="#c8c8c8",
    leaf_fill="#1e2a38",
    result_fill="#262626",
    neuron_fill="#2b2640",
    zero_fill="#333333",
    highlight_fill="#4d3b00",
    highlight_edge="#66c2a5",
    zero_line="#8c8c8c",
    cluster_line="#8c8c8c",
    forward_walked="#5fa8e8",
    backward_walked="#c77dff",
    positive=((88, 114, 126), (146, 197, 222)),  # #58727e .. #92c5de
    negative=((148, 98, 47), (253, 184, 99)),  # #94622f .. #fdb863
)
THEMES: dict[str, Theme] = {"light": LIGHT, "dark": DARK}

# The light theme's colours by their old names (older code and tests import them).
HIGHLIGHT_FILL = LIGHT.highlight_fill  # the stepper's current node
HIGHLIGHT_EDGE = LIGHT.highlight_edge  # edges the stepper has walked
LEAF_FILL = LIGHT.leaf_fill
NEURON_FILL = LIGHT.neuron_fill
RESULT_FILL = LIGHT.result_fill
ZERO_FILL = LIGHT.zero_fill
ZERO_LINE = LIGHT.zero_line
POSITIVE_RGB = LIGHT.positive[1]  # blue: a positive gradient (the strongest)
NEGATIVE_RGB = LIGHT.negative[1]  # orange: a negative gradient (the strongest)

# DOT defaults for the whole graph (after its rankdir), every node and every edge; the theme's
# colours are added by `draw`.
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
COLOURED_EDGE_WIDTH = (2.0, 5.0)  # penwidth (pt) of the weakest and strongest coloured edge


def gradient_colour(grad: float, largest_grad: float, theme: Theme = LIGHT) -> tuple[str, float]:
    """The colour for a gradient (blue positive, orange negative) and its intensity 0..1.

    intensity = min(|grad| / largest_grad, 1) picks the colour between the theme's weakest
    and strongest of that sign; even the weakest has contrast >= 3:1 on the background.
    """
    strength = min(abs(grad) / largest_grad, 1.0) if largest_grad > 0 else 0.0
    weakest, strongest = theme.positive if grad > 0 else theme.negative
    return rgb_hex(mix(weakest, strongest, strength)), strength


def edge_width(strength: float) -> str:
    """The penwidth of a coloured edge of intensity `strength` (0..1): 2 to 5 pt."""
    thinnest, thickest = COLOURED_EDGE_WIDTH
    return f"{thinnest + (thickest - thinnest) * strength:.2f}"

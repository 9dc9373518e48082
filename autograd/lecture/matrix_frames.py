"""Stepping a network by layers: the lecture's frames in the matrix view (`view="matrix"`).

Forward, one frame per layer: z⁽ˡ⁾ = W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ = …, a⁽ˡ⁾ = f(z⁽ˡ⁾) = …, then the loss.
Backward, one frame per layer, from the output down:

    δ⁽ᴸ⁾ = f′(z⁽ᴸ⁾) ⊙ ∂L/∂a⁽ᴸ⁾ = …              (the loss's gradient at the output)
    δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (W⁽ˡ⁺¹⁾ᵀ δ⁽ˡ⁺¹⁾) = … ⊙ … = …
    ∇W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ = …,   ∇b⁽ˡ⁾ = δ⁽ˡ⁾

(with notation "ij": z = aW + b, δ⁽ˡ⁾ = f′(z⁽ˡ⁾) ⊙ (δ⁽ˡ⁺¹⁾W⁽ˡ⁺¹⁾ᵀ), ∇W = aᵀδ). Every number is the scalar
engine's: z⁽ˡ⁾ and a⁽ˡ⁾ the Values' `.data`, and the gradients those of `autograd.grad(loss, …)`
(the engine's backward pass, which touches no `.grad`): δ⁽ˡ⁾ the z's, W⁽ˡ⁺¹⁾ᵀδ⁽ˡ⁺¹⁾ the a's
(what backward summed into them), ∇W the weights'; f′(z) is the op's local gradient (its
rule in autograd/ops.py). The pictures are `autograd.viz.matrix_view.draw_matrix` with the
current layer's tables highlighted and the tables not computed yet left blank (their numbers
drawn in the background colour, so every frame has the same layout).

`MatrixFramePictures` has what the player, the Stepper and the GIF read from
`autograd.lecture.layout.FramePictures`: `frames`, `len`, `svg(i)`, `png(i, dpi=)`, `dot(i)`,
`layout.width`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from autograd.gradients import grad
from autograd.i18n import _
from autograd.lecture.frames import Frame
from autograd.rules import LOCAL_GRADS
from autograd.value import Value
from autograd.viz.latex import latex_text
from autograd.viz.matrix_view import (
    MatrixLayer,
    MatrixModel,
    draw_matrix,
    matrix_model,
)
from autograd.viz.notation import Notation, get_notation, superscript_text
from autograd.viz.style import format_number

__all__ = ["MatrixFramePictures", "MatrixStep", "matrix_frames", "vector_text"]


@dataclass(frozen=True)
class MatrixStep:
    """What one frame shows: the highlighted table and the tables with values / gradients."""

    highlight: str | None
    shown: frozenset[str]
    shown_grads: frozenset[str]


class _Math:
    """The captions' math in one of two spellings: Unicode for the player, the Stepper and the
    GIF (vectors (a, b)ᵀ, matrices [a b; c d]), LaTeX for Beamer (`pmatrix`)."""

    def __init__(self, style: str, notation: Notation, number_format: str) -> None:
        self.latex = style == "latex"
        self.notation = notation
        self.number_format = number_format

    def number(self, x: float) -> str:
        text = format_number(x, self.number_format)
        return text.replace("\N{MINUS SIGN}", "-") if self.latex else text

    def sym(self, letter: str, layer: int | None = None, transposed: bool = False) -> str:
        if self.latex:
            names = {"δ": r"\delta", "∇W": r"\nabla W", "∇b": r"\nabla b", "σ": r"\sigma"}
            text = names.get(letter, letter)
            if layer is not None or transposed:
                sup = f"({layer})" if layer is not None else ""
                text += "^{" + sup + (r"\top" if transposed else "") + "}"
            return text
        text = letter + (superscript_text(f"({layer})") if layer is not None else "")
        return text + ("ᵀ" if transposed else "")

    def vector(self, values: list[float]) -> str:
        """A column (a, b)ᵀ in "jk", a row (a, b) in "ij"."""
        if self.latex:
            separator = r" \\ " if self.notation == "jk" else " & "
            return r"\begin{pmatrix}" + separator.join(map(self.number, values)) + r"\end{pmatrix}"
        inner = ", ".join(self.number(v) for v in values)
        return f"({inner})ᵀ" if self.notation == "jk" else f"({inner})"

    def matrix(self, rows: list[list[float]]) -> str:
        if self.latex:
            body = r" \\ ".join(" & ".join(self.number(v) for v in row) for row in rows)
            return r"\begin{pmatrix}" + body + r"\end{pmatrix}"
        return "[" + "; ".join("  ".join(self.number(v) for v in row) for row in rows) + "]"

    def word(self, text: str) -> str:
        return r"\text{" + latex_text(text) + "}" if self.latex else text

    def op(self, unicode: str) -> str:
        if not self.latex:
            return unicode
        return {"⊙": r"\odot", "f′": "f'", "∂L/∂": r"\partial L/\partial ", "·": ""}.get(
            unicode, unicode
        )

    def line(self, text: str) -> str:
        return f"${text}$" if self.latex else text


def vector_text(values: list[float], notation: Notation, number_format: str) -> str:
    """A vector as the player's captions write it: (a, b)ᵀ in "jk", (a, b) in "ij"."""
    return _Math("unicode", notation, number_format).vector(values)


def _derivatives(layer: MatrixLayer, example: int) -> list[float]:
    """f′(z_j) of each neuron: the local gradient of a_j with respect to z_j (ops.py's rule)."""
    if layer.activations is None:
        return [1.0] * len(layer.sums[example])
    return [LOCAL_GRADS[a.op](a)[0] for a in layer.activations[example]]


def _function_symbol(layer: MatrixLayer, m: _Math) -> str:
    from autograd.ops import OPS

    symbol = OPS[layer.function].symbol if layer.function else ""
    if m.latex:
        return r"\sigma" if symbol == "σ" else r"\mathrm{" + latex_text(symbol) + "}"
    return symbol


def _product(layer: MatrixLayer, m: _Math) -> str:
    """W⁽ˡ⁾a⁽ˡ⁻¹⁾ + b⁽ˡ⁾ (or a⁽ˡ⁻¹⁾W⁽ˡ⁾ + b⁽ˡ⁾ in "ij")."""
    number = layer.number
    previous = m.sym("x") if number == 1 else m.sym("a", number - 1)
    weight = m.sym("W", number)
    text = weight + previous if m.notation == "jk" else previous + weight
    if layer.biases is not None:
        text += " + " + m.sym("b", number)
    return text


def _forward_caption(layer: MatrixLayer, m: _Math, batch: bool) -> list[str]:
    number = layer.number
    lines = []
    for e, sums in enumerate(layer.sums):
        where = m.word("  (" + _("example {number}").format(number=e + 1) + ")") if batch else ""
        z = m.vector([v.data for v in sums])
        lines.append(m.line(f"{m.sym('z', number)} = {_product(layer, m)} = {z}{where}"))
        if layer.activations is not None:
            a = m.vector([v.data for v in layer.activations[e]])
            f = _function_symbol(layer, m)
            lines.append(m.line(f"{m.sym('a', number)} = {f}({m.sym('z', number)}) = {a}"))
    return lines


def _backward_caption(
    model: MatrixModel, index: int, m: _Math, gradients: Mapping[Value, float]
) -> list[str]:
    layer = model.layers[index]
    number = layer.number
    batch = model.examples > 1
    delta = m.sym("δ", number)
    lines = []
    for e in range(model.examples):
        where = m.word("  (" + _("example {number}").format(number=e + 1) + ")") if batch else ""
        deltas = [gradients[z] for z in layer.sums[e]]
        upstream = (
            [gradients[o] for o in layer.outputs[e]] if layer.activations is not None else deltas
        )
        if index == len(model.layers) - 1:
            source = m.op("∂L/∂") + m.sym("a" if layer.activations is not None else "z", number)
        else:
            after = number + 1
            w_t, d_next = m.sym("W", after, transposed=True), m.sym("δ", after)
            source = w_t + d_next if m.notation == "jk" else d_next + w_t
        if layer.activations is None:
            lines.append(m.line(f"{delta} = {source} = {m.vector(deltas)}{where}"))
        else:
            f_prime = m.vector(_derivatives(layer, e))
            lines.append(
                m.line(
                    f"{delta} = {m.op('f′')}({m.sym('z', number)}) {m.op('⊙')} ({source}) = "
                    f"{f_prime} {m.op('⊙')} {m.vector(upstream)} = {m.vector(deltas)}{where}"
                )
            )
    weights = layer.weights if m.notation == "jk" else [list(c) for c in zip(*layer.weights)]
    grads = [[gradients[w] for w in row] for row in weights]
    previous = m.sym("x", transposed=True) if number == 1 else m.sym("a", number - 1, True)
    formula = delta + previous if m.notation == "jk" else previous + delta
    total = m.word(" (" + _("summed over the batch") + ")") if batch else ""
    grad_w = m.sym("∇W", number)
    lines.append(m.line(f"{grad_w} = {formula} = {m.matrix(grads)}{total}"))
    if layer.biases is not None:
        bias = m.vector([gradients[b] for b in layer.biases])
        lines.append(m.line(f"{m.sym('∇b', number)} = {delta} = {bias}{total}"))
    return lines


def view_gradients(model: MatrixModel) -> dict[Value, float]:
    """The gradient of the loss with respect to every Value the view shows, by `autograd.grad`
    (the engine's backward pass, which touches no `.grad`)."""
    nodes: list[Value] = [model.root]
    for layer in model.layers:
        nodes += [w for row in layer.weights for w in row] + list(layer.biases or [])
        for e in range(model.examples):
            nodes += (
                layer.inputs[e]
                + layer.sums[e]
                + (layer.activations[e] if layer.activations is not None else [])
            )
    unique = list(dict.fromkeys(nodes))
    return dict(zip(unique, grad(model.root, unique)))


def matrix_frames(
    root: Value,
    notation: Notation | None = None,
    number_format: str = ".4g",
    style: str = "unicode",
) -> tuple[list[Frame], list[MatrixStep], dict[Value, float]]:
    """The frames of the layer-by-layer lecture on `root`, what each one draws, and the
    gradients they show (computed here; no `.grad` changes). `style="latex"` writes the
    captions as LaTeX lines (`$…$`, vectors and matrices as `pmatrix`) for Beamer."""
    chosen = notation if notation is not None else get_notation()
    m = _Math(style, chosen, number_format)
    model = matrix_model(root)
    gradients = view_gradients(model)
    batch = model.examples > 1
    frames: list[Frame] = []
    steps: list[MatrixStep] = []
    always = frozenset(["x"] + [f"{k}{layer.number}" for layer in model.layers for k in "Wb"])

    def add(phase: Any, lines: list[str], step: MatrixStep) -> None:
        frames.append(Frame(phase, "\n".join(lines), None, {}, None))
        steps.append(step)

    shown = set(always)
    first_line = m.word(_("The input and the weights of every layer"))
    if not batch:
        x_text = m.vector([v.data for v in model.layers[0].inputs[0]])
        first_line = m.line(first_line + m.word(": ") + f"{m.sym('x')} = {x_text}")
    elif m.latex:
        first_line = m.line(first_line)
    add(
        "forward",
        [first_line],
        MatrixStep("x", frozenset(shown), frozenset()),
    )
    for layer in model.layers:
        shown |= {f"z{layer.number}", f"a{layer.number}"}
        add(
            "forward",
            _forward_caption(layer, m, batch),
            MatrixStep(
                f"a{layer.number}" if layer.activations is not None else f"z{layer.number}",
                frozenset(shown),
                frozenset(),
            ),
        )
    shown.add("loss")
    add(
        "forward",
        [m.line(f"L = {m.number(root.data)}")],
        MatrixStep("loss", frozenset(shown), frozenset()),
    )
    known = {"loss"}
    last = model.layers[-1]
    if last.activations is not None:
        known.add(f"a{last.number}")
    outputs = ", ".join(m.number(gradients[o]) for e in last.outputs for o in e)
    d = m.op("∂L/∂")
    add(
        "backward",
        [m.line(f"{d}L = {m.number(gradients[root])};\\quad {d}\\hat y = {outputs}")]
        if m.latex
        else [f"∂L/∂L = {m.number(gradients[root])};  ∂L/∂ŷ = {outputs}"],
        MatrixStep("loss", frozenset(shown), frozenset(known)),
    )
    for index in reversed(range(len(model.layers))):
        layer = model.layers[index]
        known |= {f"z{layer.number}", f"W{layer.number}", f"b{layer.number}"}
        if index > 0:
            known.add(f"a{layer.number - 1}")
        else:
            known.add("x")
        add(
            "backward",
            _backward_caption(model, index, m, gradients),
            MatrixStep(f"z{layer.number}", frozenset(shown), frozenset(known)),
        )
    add(
        "end",
        [m.word(_("Every δ and ∇W is the scalar engine's own gradient of the same entry"))]
        if not m.latex
        else [
            latex_text(_("Every δ and ∇W is the scalar engine's own gradient of the same entry"))
        ],
        MatrixStep(None, frozenset(shown), frozenset(known)),
    )
    return frames, steps, gradients


@dataclass(frozen=True)
class _Size:
    width: float  # points
    height: float


class MatrixFramePictures:
    """The matrix view's frames drawn one by one (the same tables in every frame)."""

    def __init__(
        self, root: Value, *, rankdir: str = "LR", draw_options: Mapping[str, Any] | None = None
    ) -> None:
        options = dict(draw_options or {})
        self.root = root
        self.rankdir = rankdir
        self.notation: Notation = options.get("notation") or get_notation()
        self.number_format = str(options.get("number_format", ".4g"))
        self.theme = str(options.get("theme", "light"))
        unused = set(options) - {"view", "notation", "number_format", "theme", "names"}
        if unused:
            raise ValueError(
                "view='matrix' steps layers; it cannot be combined with "
                + ", ".join(sorted(unused))
            )
        self.frames, self.steps, self.gradients = matrix_frames(
            root, self.notation, self.number_format
        )
        full = self._drawing(len(self.frames) - 1)
        from autograd.viz.render import render_dot

        box = json.loads(render_dot(full.source, "json").decode("utf-8"))["bb"].split(",")
        self.layout = _Size(float(box[2]), float(box[3]))

    def __len__(self) -> int:
        return len(self.frames)

    def _drawing(self, index: int) -> Any:
        step = self.steps[index]
        return draw_matrix(
            self.root,
            notation=self.notation,
            number_format=self.number_format,
            theme=self.theme,
            rankdir=self.rankdir,
            grads=True,
            gradients=self.gradients,
            highlight=step.highlight,
            shown=set(step.shown),
            shown_grads=set(step.shown_grads),
        )

    def node_id(self, node: Value) -> str:
        raise KeyError("the matrix view highlights tables, not nodes")

    def dot(self, index: int, *, answered: bool = True) -> str:
        return str(self._drawing(index).source)

    def svg(self, index: int, *, answered: bool = True) -> str:
        return self._drawing(index).pipe("svg").decode("utf-8")  # type: ignore[no-any-return]

    def png(self, index: int, *, dpi: float = 96.0, answered: bool = True) -> bytes:
        return self._drawing(index).pipe("png", dpi=dpi)  # type: ignore[no-any-return]

"""Caption math: an expression of the rules (`autograd.rules.Expr`) written as Unicode or LaTeX.

The captions of the stepper, the player, the GIF and the TikZ slides write a node's formula
and its local gradient with these functions, above the engine (the engine itself never
typesets anything):

- `unicode(expr)` and `latex(expr)`: `σ(n8)(1 − σ(n8))` or `\\sigma(n_{8})(1 - \\sigma(n_{8}))`;
- `formula_caption(node, names)`: how a node was computed, `x + y`, `σ(n8)`, `x²`;
- `rule_caption(node, input_index, names)`: a message's rule as (math, the same with
  numbers, words);
- `latex_name(name)`: a display name as LaTeX math, `n8` -> `n_{8}`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from autograd.i18n import _
from autograd.ops import OPS, Op
from autograd.rules import (
    ATOM,
    BINARY,
    COMPARISONS,
    PRECEDENCE,
    TRACED,
    Expr,
    apply_float,
    evaluate,
    forward_expr,
    lift,
    local_grad_exprs,
    precedence,
    same,
)
from autograd.value import Value
from autograd.viz.latex import latex_math_name

__all__ = ["formula_caption", "latex", "latex_name", "rule_caption", "unicode"]


_SUPERSCRIPTS = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


def _format_number(x: float, number_format: str) -> str:
    return format(x + 0.0, number_format)


class _MathWriter:
    """Writes an Expr as caption math; `style` is "unicode" or "latex"."""

    def __init__(self, style: Literal["unicode", "latex"], number_format: str) -> None:
        self.style = style
        self.number_format = number_format

    def name(self, text: str) -> str:
        if self.style == "unicode":
            return text
        return latex_name(text)

    def number(self, x: float) -> str:
        text = _format_number(x, self.number_format)
        return text if self.style == "latex" else text.replace("-", "−")  # captions write −4

    def write(self, expr: Expr, false: tuple[Expr, ...] = ()) -> str:
        """`false` holds conditions known to be false here (inside a `where`'s else branch)."""
        kind, latex_style = expr.kind, self.style == "latex"
        if kind == "name":
            return self.name(str(expr.value))
        if kind == "number":
            return self.number(float(expr.value))
        if kind == "call":
            return self._call(OPS[str(expr.value)], [self.write(a, false) for a in expr.args], expr)
        if kind == "where":
            condition, if_true, if_false = expr.args
            if any(same(condition, known) for known in false):
                return self.write(if_false, false)
            yes = self.write(if_true, false)
            no = self.write(if_false, (*false, condition))
            test = self.write(condition, false)
            if latex_style:
                begin, end = r"\begin{cases} ", r" \end{cases}"
                if no.startswith(begin):  # a where in the else branch: its rows join these
                    more_rows = no[len(begin) : -len(end)]
                else:
                    more_rows = no + r" & \text{" + _("otherwise") + "}"
                return begin + yes + " & " + test + r" \\ " + more_rows + end
            return _("{yes} if {test}, else {no}").format(yes=yes, test=test, no=no)
        if kind == "neg":
            minus = "-" if latex_style else "−"
            return f"{minus}{self._operand(expr.args[0], 4, false, strict=True)}"
        left, right = expr.args
        # x·x reads x²; two equal numbers only when they are one name (tanh's out·out), not
        # two inputs that happen to agree (b·a at a = b = 2 stays 2·2)
        if kind == "*" and (left is right or (left.kind != "number" and same(left, right))):
            base = self._operand(left, 5, false, strict=True)
            return f"{base}^{{2}}" if latex_style else f"{base}²"
        if kind == "/" and latex_style:
            return rf"\frac{{{self.write(left, false)}}}{{{self.write(right, false)}}}"
        level = PRECEDENCE[kind]
        left_text = self._operand(left, level, false)
        right_text = self._operand(right, level, false, strict=True)
        if kind == "*":
            if right_text.startswith(("(", r"\left(")) and left.kind != "number":
                return f"{left_text}{right_text}"  # σ(n8)(1 − σ(n8))
            return (
                f"{left_text} \\cdot {right_text}" if latex_style else f"{left_text}·{right_text}"
            )
        symbol = {"-": "-" if latex_style else "−", "==": "="}.get(kind, kind)
        return f"{left_text} {symbol} {right_text}"

    def _operand(
        self, expr: Expr, level: int, false: tuple[Expr, ...], *, strict: bool = False
    ) -> str:
        text = self.write(expr, false)
        inner = precedence(expr)
        if expr.kind == "number" and float(expr.value) < 0:
            inner = 4  # a negative number reads like -x
        if inner < level or (strict and inner == level and inner < ATOM):
            return f"({text})"
        return text

    def _call(self, op: Op, arguments: list[str], expr: Expr) -> str:
        if op.name == "**" or op.name == "pow":
            base, exponent = expr.args
            base_text = self._operand(base, 5, (), strict=True)
            if self.style == "latex":
                return f"{base_text}^{{{arguments[1]}}}"
            if exponent.kind == "number" and float(exponent.value).is_integer():
                return base_text + arguments[1].translate(_SUPERSCRIPTS)
            return f"{base_text}^{self._operand(exponent, 5, (), strict=True)}"
        if op.variadic:
            return " + ".join(arguments)
        template = op.latex if self.style == "latex" else op.unicode
        if template:
            return template.format(*arguments)
        escaped = op.name.replace("_", "\\_")
        name = rf"\operatorname{{{escaped}}}" if self.style == "latex" else op.symbol
        return f"{name}({', '.join(arguments)})"


def latex_name(text: str) -> str:
    """A display name as LaTeX math, the way every LaTeX export writes names: `n8` -> `n_{8}`,
    `σ` -> `\\sigma`, anything else upright and escaped: `a^b` -> `\\text{a\\textasciicircum{}b}`.

    It is `autograd.viz.latex.latex_math_name`: any label is safe inside math, and Cyrillic
    is set in T2A (the document must load `\\usepackage[OT1,T2A]{fontenc}`, as `to_tikz` does).
    """
    return latex_math_name(text)


def unicode(expr: Expr, number_format: str = ".4g") -> str:
    """`expr` as Unicode caption math: `σ(n8)(1 − σ(n8))`, `x0²`."""
    return _MathWriter("unicode", number_format).write(expr)


def latex(expr: Expr, number_format: str = ".4g") -> str:
    """`expr` as LaTeX math (no surrounding $): `\\sigma(n_{8})(1 - \\sigma(n_{8}))`."""
    return _MathWriter("latex", number_format).write(expr)


def _simplify_numbers(expr: Expr, *, fold: bool = False) -> Expr:
    """For reading: resolve every `where` whose condition compares numbers only (keep the
    branch taken); work out a power's exponent when it is numbers only and write x¹ as x and
    x⁰ as 1 (the rule of x**2 reads `2·x`, not `2·x^(2 − 1)`); with `fold`, also compute
    + - * / of two numbers and drop a factor 1 (the rule of x**1 reads `1`)."""
    if expr.kind == "where":
        condition = _simplify_numbers(expr.args[0])
        if condition.kind in COMPARISONS and all(a.kind == "number" for a in condition.args):
            taken = evaluate(condition, {}, apply_float)
            return _simplify_numbers(expr.args[1] if taken else expr.args[2], fold=fold)
    if not expr.args:
        return expr
    if expr.kind == "call" and expr.value in ("**", "pow"):
        base = _simplify_numbers(expr.args[0], fold=fold)
        exponent = _simplify_numbers(expr.args[1], fold=True)
        if exponent.kind == "number" and float(exponent.value) in (0.0, 1.0):
            return base if float(exponent.value) == 1.0 else lift(1.0)
        return Expr("call", (base, exponent), expr.value)
    args = tuple(_simplify_numbers(a, fold=fold) for a in expr.args)
    simplified = Expr(expr.kind, args, expr.value)
    if fold and expr.kind in BINARY and all(a.kind == "number" for a in args):
        try:
            return lift(evaluate(simplified, {}, apply_float))
        except ArithmeticError:
            return simplified
    if fold and expr.kind == "*":
        left, right = args
        if left.kind == "number" and float(left.value) == 1.0:
            return right
        if right.kind == "number" and float(right.value) == 1.0:
            return left
    return simplified


def formula_caption(
    node: Value, names: Mapping[Value, str], style: Literal["unicode", "latex"] = "unicode"
) -> str:
    """How the node was computed, in caption math: `x + y`, `σ(n8)`, `x²`."""
    expr = forward_expr(OPS[node.op], [_caption_operand(x, names) for x in node.inputs])
    return _MathWriter(style, ".4g").write(expr)


def _caption_operand(x: Value, names: Mapping[Value, str]) -> Expr:
    """An input as a caption shows it: its name, or an unlabelled constant leaf as its number."""
    if not x.inputs and not x.label:
        return lift(x.data)
    return Expr("name", value=names[x])


def rule_caption(
    node: Value,
    input_index: int,
    names: Mapping[Value, str],
    *,
    style: Literal["unicode", "latex"] = "unicode",
    number_format: str = ".4g",
) -> tuple[str, str, str]:
    """The local gradient d(node)/d(input `input_index`) for a caption: (math, numbers, words).

    math: the rule over the display names in `names`, with the node itself written as its
    formula: `σ(n8)(1 − σ(n8))`, `x0`. numbers: the same with every name
    replaced by its value and each `where` resolved: `0.7311(1 − 0.7311)`. words: the op's
    rule in words ("× swaps its inputs"). `style="latex"` writes LaTeX math (no $).
    """
    op = OPS[node.op]
    count = len(node.inputs) if op.variadic else len(TRACED[node.op].local_grads)
    if not 0 <= input_index < count:
        raise ValueError(
            f"rule_caption: input_index must be 0..{count - 1} for op {node.op!r}, got {input_index}"
        )
    formula = forward_expr(op, [_caption_operand(x, names) for x in node.inputs])

    def symbolic(v: Value) -> Expr:
        return formula if v is node else _caption_operand(v, names)

    def numeric(v: Value) -> Expr:
        return lift(v.data)

    writer = _MathWriter(style, number_format)
    math_text = writer.write(
        _simplify_numbers(local_grad_exprs(node, symbolic)[input_index], fold=True)
    )
    numbers_text = writer.write(_simplify_numbers(local_grad_exprs(node, numeric)[input_index]))
    return math_text, numbers_text, _(op.words)

"""The one writer of math text: formulas, local-gradient rules, numbers and node names.

Every view that writes math goes through this module, so the player, the Stepper, the GIF,
the TikZ/Beamer slides, the worksheets, the drawings and the text view spell the same thing
the same way:

- numbers: `format_number(x, number_format, style=...)`, Unicode (`−4`, what pictures and
  captions show), LaTeX (`-4`, `1.5\\times 10^{-7}`) or ASCII (`-4`, the terminal table);
  a number that reads as zero is written without a sign (`0.00`, never `−0.00`);
- names: `caption_names(order)`, the one naming rule: a node an `nn` model made goes by its
  lecture name (`w₁₂⁽¹⁾`, `z₁⁽¹⁾`, `loss`), any other node by `display_names` (its label, or
  `n1`, `n2`, ... numbered in reading order among the unnamed nodes; constants are `c1`, ...),
  with control characters made visible; `latex_name(name)` writes any of them as LaTeX
  math (`n8` -> `n_{8}`, `w₁₂⁽¹⁾` -> `w_{12}^{(1)}`), never `\\text{...}` around a lecture name;
- formulas: an expression of the rules (`autograd.rules.Expr`) as Unicode or LaTeX math,
  with each function spelled by its op's `Op.unicode`/`Op.latex` (`ln(x)`, `\\ln(x)`) and
  parentheses only where the order needs them: `unicode(expr)`, `latex(expr)`,
  `formula_caption(node, names)` (how a node was computed: `x + y`, `σ(n8)`, `x²`, with
  `numbers=True` the same with its inputs' values), `whole_formula(root, names)` (the formula
  of a whole graph, for a title: `f = (x + y) · z`) and `rule_caption(node, input_index,
  names)` (a message's local gradient as math, as numbers and in words).

The engine itself never typesets anything: this module sits above it, with the drawings.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Literal

from autograd.graph import topological_order
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
from autograd.viz.escape import visible_text
from autograd.viz.latex import latex_math_name, latex_text
from autograd.viz.names import display_names
from autograd.viz.notation import lecture_names

__all__ = [
    "MINUS",
    "NumberStyle",
    "board_name",
    "caption_names",
    "check_number_format",
    "format_number",
    "formula_caption",
    "latex",
    "latex_name",
    "reads_as_zero",
    "rule_caption",
    "unicode",
    "whole_formula",
]

Style = Literal["unicode", "latex"]
NumberStyle = Literal["unicode", "latex", "ascii"]

# ----------------------------------------------------------------------
# Numbers
# ----------------------------------------------------------------------

MINUS = "\N{MINUS SIGN}"  # U+2212: pictures and captions write "−4", not the hyphen of "-4"
_SIGN_HYPHEN = re.compile(r"-(?=[0-9.]|inf)")


# The exponent of a formatted number: an e after a digit, then the exponent's digits ("1.5e-07");
# never a fill character ("e>10" pads 2.0 as "eeeeeee2.0").
_EXPONENT = re.compile(r"(?<=[0-9.])[eE](?=[+-]?[0-9])")


def check_number_format(number_format: object, where: str) -> None:
    """The one check of a `number_format`, for every view (`where` names it in the error).

    It must be a format spec for floats (".4g", ".2f", "+.3e", "08.2f"); a fill character is
    written as it is ("*>10" gives "*******1.5", in every view and escaped for each).
    """
    if not isinstance(number_format, str):
        raise TypeError(
            f"{where}: number_format must be a format spec string such as '.4g', "
            f"got {number_format!r}"
        )
    try:
        format(-1.5, number_format)
    except (TypeError, ValueError):
        raise ValueError(
            f"{where}: number_format {number_format!r} is not a format spec for floats (try '.4g')"
        ) from None


def reads_as_zero(x: float, number_format: str = ".4g") -> bool:
    """True when `x` is finite and shows as zero in `number_format`: −0.001 at ".2f" ("-0.00")."""
    if not math.isfinite(x):
        return False
    mantissa = _EXPONENT.split(format(x + 0.0, number_format))[0]
    return not any(digit in mantissa for digit in "123456789")


def format_number(x: float, number_format: str = ".4g", *, style: NumberStyle = "unicode") -> str:
    """`x` as every view writes it: `format(x, number_format)`, then in the view's `style`.

    "unicode" (pictures, captions, the player, worksheets): the Unicode minus, -4.0 -> "−4",
    1e-05 -> "1e−05". "latex" (TikZ, Beamer): "-4", 1.5e-07 -> "1.5\\times 10^{-7}". "ascii"
    (the terminal table): "-4". In every style a number that reads as zero has no sign:
    −0.001 at ".2f" -> "0.00" (not "−0.00"), and −0.0 -> "0".
    """
    if reads_as_zero(x, number_format):
        x = 0.0
    text = format(x + 0.0, number_format)  # + 0.0: no -0.0
    if style == "unicode":
        return _SIGN_HYPHEN.sub(MINUS, text)
    if style == "ascii":
        return text
    mantissa, *exponent = _EXPONENT.split(text, maxsplit=1)
    if exponent and exponent[0].lstrip("+-").isdigit():
        return f"{mantissa}\\times 10^{{{int(exponent[0])}}}"
    return latex_text(text).replace("-{}", "-")


# ----------------------------------------------------------------------
# Names
# ----------------------------------------------------------------------


def caption_names(order: Sequence[Value]) -> dict[Value, str]:
    """The one naming rule: each node's name in every caption, slide, worksheet and table.

    A node an `nn` model made goes by its lecture name (w₁₂⁽¹⁾, z₁⁽¹⁾, a₁⁽¹⁾, x₁, loss;
    `autograd.viz.notation.lecture_names`; a loss the user labelled keeps the label), any other
    node by `display_names`: its label, a constant `c1`, or an automatic `n1`, `n2`, ...,
    numbered consecutively in reading order among the nodes the user did not name (reading
    order: `order`, the topological sort from the inputs to the output). Control characters in
    labels are made visible (one caption line each). A label written with an index, `w_0` or
    `x_12`, reads as on the board: w₀, x₁₂ (`board_name`).
    """
    lecture = lecture_names(order)
    return {
        node: lecture.get(node) or board_name(visible_text(name), node.label)
        for node, name in display_names(order, lecture).items()
    }


_UNDERSCORE_INDEX = re.compile(r"([^\W\d_][^\W_]*)_(\d+)")


def board_name(name: str, label: str | None = None) -> str:
    """A label with an index after "_" as on the board: "w_0" -> "w₀", "x_12" -> "x₁₂"; any
    other name as it is. With `label`, only a name that is the label itself (a generated
    "n1_1" stays)."""
    if label is not None and name != label:
        return name
    match = _UNDERSCORE_INDEX.fullmatch(name)
    if match is None:
        return name
    return match.group(1) + match.group(2).translate(str.maketrans("0123456789", _SUBSCRIPT_DIGITS))


_SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉"
_SUPERSCRIPT_CHARACTERS = "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁽⁾"
_FROM_SUBSCRIPT = str.maketrans(_SUBSCRIPT_DIGITS, "0123456789")
_FROM_SUPERSCRIPT = str.maketrans(_SUPERSCRIPT_CHARACTERS, "0123456789-()")
# a lecture name's pieces: a letter, its subscript (digits, a comma between two-digit indices)
# and its superscript: w₁₂⁽¹⁾, a₁⁽²⁾, x₁, w₁₂,₃
_INDEXED = re.compile(
    rf"([^\W\d_])([{_SUBSCRIPT_DIGITS},]*)([{_SUPERSCRIPT_CHARACTERS}]*)", re.UNICODE
)


def latex_name(text: str) -> str:
    """A name as LaTeX math, the way every LaTeX view writes names: `n8` -> `n_{8}`,
    `σ` -> `\\sigma`, a lecture name with Unicode indices as real ones: `w₁₂⁽¹⁾` ->
    `w_{12}^{(1)}`, `(w₁₁⁽¹⁾·x₁)` -> `(w_{11}^{(1)} \\cdot x_{1})`; anything else upright
    and escaped: `a^b` -> `\\text{a\\textasciicircum{}b}` (`autograd.viz.latex.latex_math_name`),
    so any label is safe inside math. Cyrillic is set in T2A (the document must load
    `\\usepackage[OT1,T2A]{fontenc}`, as `to_tikz` does).
    """
    if not any(c in _SUBSCRIPT_DIGITS or c in _SUPERSCRIPT_CHARACTERS for c in text):
        return latex_math_name(text)
    pieces: list[str] = []
    position = 0
    for match in _INDEXED.finditer(text):
        letter, sub, sup = match.groups()
        if not sub and not sup:
            continue
        pieces.append(_latex_between(text[position : match.start()]))
        written = latex_math_name(letter)
        if sub:
            written += "_{" + sub.translate(_FROM_SUBSCRIPT) + "}"
        if sup:
            written += "^{" + sup.translate(_FROM_SUPERSCRIPT) + "}"
        pieces.append(written)
        position = match.end()
    pieces.append(_latex_between(text[position:]))
    return "".join(pieces)


def _latex_between(text: str) -> str:
    """The text around indexed letters in a lecture name: "(", "·", ")", a word; the word "ln"
    before a name as the operator \\ln ("ln p₂", cross_entropy's log of the true class)."""
    out: list[str] = []
    for part in re.split(r"([()·])", text):
        if part in ("(", ")"):
            out.append(part)
        elif part == "·":
            out.append(r" \cdot ")
        elif part.strip() == "ln" and part.endswith(" "):
            out.append(r"\ln ")
        elif part:
            out.append(latex_math_name(part))
    return "".join(out)


# ----------------------------------------------------------------------
# Formulas
# ----------------------------------------------------------------------

_SUPERSCRIPTS = str.maketrans("0123456789-−", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻")


class _MathWriter:
    """Writes an Expr as caption math; `style` is "unicode" or "latex"."""

    def __init__(self, style: Style, number_format: str) -> None:
        self.style = style
        self.number_format = number_format

    def name(self, text: str) -> str:
        if self.style == "unicode":
            return text
        return latex_name(text)

    def number(self, x: float) -> str:
        return format_number(x, self.number_format, style=self.style)

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
        # one name times itself reads as a square (tanh's out·out: 1 − tanh(x)²); two inputs
        # that happen to agree do not (a node a·a reads a · a, b·a at a = b = 2 stays 2 · 2)
        if kind == "*" and left is right:
            base = self._operand(left, 5, false, strict=True)
            return f"{base}^{{2}}" if latex_style else f"{base}²"
        if kind == "/" and latex_style:
            return rf"\frac{{{self.write(left, false)}}}{{{self.write(right, false)}}}"
        level = PRECEDENCE[kind]
        left_text = self._operand(left, level, false)
        right_text = self._operand(right, level, false, strict=True)
        if kind in BINARY and _negative_number(right) and not right_text.startswith("("):
            right_text = f"({right_text})"  # 3 · (−4), x − (−2)
        if kind == "*":
            if right_text.startswith(("(", r"\left(")) and left.kind not in ("number", "name"):
                return f"{left_text}{right_text}"  # σ(n8)(1 − σ(n8))
            return (
                f"{left_text} \\cdot {right_text}" if latex_style else f"{left_text} · {right_text}"
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
            if exponent.kind == "number" and _small_whole(float(exponent.value)):
                return base_text + str(int(float(exponent.value))).translate(_SUPERSCRIPTS)
            return f"{base_text}^{self._operand(exponent, 5, (), strict=True)}"
        if op.variadic:
            return " + ".join(
                f"({text})" if index and _negative_number(argument) else text
                for index, (text, argument) in enumerate(zip(arguments, expr.args))
            )
        template = op.latex if self.style == "latex" else op.unicode
        if template:  # every op called as a function has both (autograd.ops.check_op)
            return template.format(*arguments)
        raise ValueError(f"op {op.name!r}: no {self.style} spelling (Op.{self.style})")


def _negative_number(expr: Expr) -> bool:
    return expr.kind == "number" and float(expr.value) < 0


def _small_whole(x: float) -> bool:
    """A whole number written as a superscript: x² (not x^(1e+06))."""
    return x.is_integer() and abs(x) < 1e6


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
    if len(args) == 2 and expr.args[0] is expr.args[1]:
        args = (args[0], args[0])  # one name used twice stays one (out·out reads as a square)
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
    node: Value,
    names: Mapping[Value, str],
    style: Style = "unicode",
    *,
    numbers: bool = False,
    number_format: str = ".4g",
) -> str:
    """How the node was computed, in caption math: `x + y`, `σ(n8)`, `x²`; with `numbers`, the
    same with each input's value: `−2 + 5`, `3 · (−4)`, `tanh(−0.5)` (never `tanh((−0.5))`)."""
    if numbers:
        operands = [lift(x.data) for x in node.inputs]
    else:
        operands = [_caption_operand(x, names) for x in node.inputs]
    return _MathWriter(style, number_format).write(forward_expr(OPS[node.op], operands))


def whole_formula(
    root: Value,
    names: Mapping[Value, str],
    *,
    style: Style = "unicode",
    number_format: str = ".4g",
    longest: int = 160,
    stop_at: Collection[Value] = (),
) -> str | None:
    """The formula that computed `root`, written out down to the leaves, as one line:
    `f = (x + y) · z` (named leaves by their names, constants as numbers). None when it would
    be longer than `longest` characters (a large or much-shared graph). The nodes in `stop_at`
    are written by their names, as leaves are (a network's loss down to its output neuron:
    `loss = 0.5 · (1 − a₁⁽³⁾)²`)."""
    writer = _MathWriter(style, number_format)
    stop_at = set(stop_at)
    name = writer.name(names[root])
    if not root.inputs:
        return f"{name} = {writer.number(root.data)}"
    exprs: dict[Value, Expr] = {}
    size: dict[Value, int] = {}  # the written-out tree's node count: a floor on its length
    for node in topological_order(root):
        if node in stop_at and node is not root:
            exprs[node], size[node] = Expr("name", value=names[node]), 1
            continue
        if not node.inputs:
            exprs[node], size[node] = _caption_operand(node, names), 1
            continue
        size[node] = 1 + sum(size[x] for x in node.inputs)
        if size[node] > longest:
            return None
        # each use its own Expr: y·y reads "y · y" as in the step captions, not y² (a square
        # is one name times itself inside a rule, tanh's out·out)
        operands = [Expr(exprs[x].kind, exprs[x].args, exprs[x].value) for x in node.inputs]
        exprs[node] = forward_expr(OPS[node.op], operands)
    text = f"{name} = {writer.write(exprs[root])}"
    return text if len(text) <= longest + len(name) + 3 else None


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
    style: Style = "unicode",
    number_format: str = ".4g",
) -> tuple[str, str, str]:
    """The local gradient d(node)/d(input `input_index`) for a caption: (math, numbers, words).

    math: the rule over the display names in `names`, with the node itself written as its
    formula: `σ(n8)(1 − σ(n8))`, `x0`. numbers: the same with every name
    replaced by its value and each `where` resolved: `0.7311(1 − 0.7311)`. words: the op's
    rule in words ("×: the derivative by one factor is the other factor"). `style="latex"` writes LaTeX math (no $).
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

"""Reading the rules of `autograd/ops.py`: as floats, as Values, as Python source, as caption math.

Each rule is traced once, at import, with symbolic operands: `sigmoid_rule(m, out, x)` called
with the names `out` and `x` returns the expression `out * (1.0 - out)`, an `Expr` (a tiny
expression tree that records every operation in the order Python performed it). Every
reader is a small function of that tree:

- `source(expr, names)`: Python source (`s * (1.0 - s)`), parenthesised exactly where the
  evaluation order needs it, so running it repeats the same float operations. `to_python`
  and `compile` write it; `PythonSource` can be subclassed to write other dialects (numpy's
  `where`, a module prefix for the functions).
- `LOCAL_GRADS`: op name -> a function of the node giving its local gradients as floats,
  compiled once from that same source. `backward`, `grad` and the stepper use it, so the
  engine and the generated code do the same arithmetic, bit for bit.
- `evaluate(expr, env)`: the tree evaluated on floats or on `Value`s. On Values it builds
  the graph of the local gradient, which `grad(..., create_graph=True)` differentiates
  again; only the branch of a `where` that the data takes is built.
- `unicode(expr, ...)` and `latex(expr, ...)`: caption math, `σ(n8)(1 − σ(n8))` or
  `\\sigma(n_{8})(1 - \\sigma(n_{8}))`; `rule_caption(node, input_index, names)` gives a
  message's rule as (math, the same with numbers, words).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, Literal

from autograd.i18n import _
from autograd.ops import OPS, Op

if TYPE_CHECKING:
    from autograd.value import Value

__all__ = [
    "LOCAL_GRADS",
    "SYMBOLIC_MATH",
    "TRACED",
    "Expr",
    "PythonSource",
    "Traced",
    "evaluate",
    "float_local_grad",
    "formula_caption",
    "forward_expr",
    "latex",
    "latex_name",
    "lift",
    "local_grad_exprs",
    "names_used",
    "rule_caption",
    "source",
    "substitute",
    "unicode",
]


# ----------------------------------------------------------------------
# The expression tree
# ----------------------------------------------------------------------

# kind: "name" (value: the name), "number" (value: the float), "call" (value: the op name),
# "+", "-", "*", "/" (two args), "neg" (one arg), "where" (condition, if_true, if_false),
# ">", "<", "==" (two args).
_BINARY = ("+", "-", "*", "/")
_COMPARISONS = (">", "<", "==")


class Expr:
    """A symbolic expression: what a rule computes, recorded operation by operation."""

    __slots__ = ("args", "kind", "value")
    __hash__ = None  # type: ignore[assignment]  # == builds an Expr, so no hashing

    def __init__(self, kind: str, args: tuple[Expr, ...] = (), value: str | float = "") -> None:
        self.kind = kind
        self.args = args
        self.value = value

    def __repr__(self) -> str:
        return f"Expr({source(self)})"

    def _binary(self, kind: str, other: object, *, reflected: bool = False) -> Expr:
        other_expr = lift(other)
        return Expr(kind, (other_expr, self) if reflected else (self, other_expr))

    def __add__(self, other: object) -> Expr:
        return self._binary("+", other)

    def __radd__(self, other: object) -> Expr:
        return self._binary("+", other, reflected=True)

    def __sub__(self, other: object) -> Expr:
        return self._binary("-", other)

    def __rsub__(self, other: object) -> Expr:
        return self._binary("-", other, reflected=True)

    def __mul__(self, other: object) -> Expr:
        return self._binary("*", other)

    def __rmul__(self, other: object) -> Expr:
        return self._binary("*", other, reflected=True)

    def __truediv__(self, other: object) -> Expr:
        return self._binary("/", other)

    def __rtruediv__(self, other: object) -> Expr:
        return self._binary("/", other, reflected=True)

    def __neg__(self) -> Expr:
        return Expr("neg", (self,))

    def __gt__(self, other: object) -> Expr:
        return self._binary(">", other)

    def __lt__(self, other: object) -> Expr:
        return self._binary("<", other)

    def __eq__(self, other: object) -> Expr:  # type: ignore[override]
        return self._binary("==", other)


def lift(x: object) -> Expr:
    """An Expr as is, a number as a number Expr."""
    if isinstance(x, Expr):
        return x
    if isinstance(x, (int, float)) and not isinstance(x, bool):
        return Expr("number", value=float(x))
    raise TypeError(f"rules: cannot use {type(x).__name__} {x!r} in a rule")


def _same(a: Expr, b: Expr) -> bool:
    """Structural equality (`==` builds an Expr)."""
    return (
        a.kind == b.kind
        and a.value == b.value
        and len(a.args) == len(b.args)
        and all(_same(x, y) for x, y in zip(a.args, b.args))
    )


def _call(op_name: str) -> Callable[..., Expr]:
    def call(*args: object) -> Expr:
        return Expr("call", tuple(lift(a) for a in args), op_name)

    return call


def _where(condition: Expr, if_true: object, if_false: object) -> Expr:
    return Expr("where", (condition, lift(if_true), lift(if_false)))


# The math namespace `m` of the rules, symbolic: m.exp(x) records a call of the op "exp".
SYMBOLIC_MATH = SimpleNamespace(
    where=_where, **{op.forward.__name__: _call(op.name) for op in OPS.values()}
)


def names_used(expr: Expr) -> set[str]:
    """The names an Expr mentions."""
    if expr.kind == "name":
        return {str(expr.value)}
    return set().union(*(names_used(a) for a in expr.args)) if expr.args else set()


@dataclass(frozen=True)
class Traced:
    """An op's rule traced symbolically: one Expr per differentiable input (one for a sum)."""

    op: Op
    local_grads: tuple[Expr, ...]
    names: tuple[frozenset[str], ...]  # the names each local gradient uses ("out", "x", ...)


def _trace(op: Op) -> Traced:
    operands = [Expr("name", value=name) for name in op.inputs]
    grads = tuple(lift(g) for g in op.rule(SYMBOLIC_MATH, Expr("name", value="out"), *operands))
    return Traced(op, grads, tuple(frozenset(names_used(g)) for g in grads))


# op name -> its traced rule.
TRACED: dict[str, Traced] = {name: _trace(op) for name, op in OPS.items()}


def forward_expr(op: Op, inputs: Sequence[Expr]) -> Expr:
    """The op applied to `inputs`, as an Expr: `a * b`, `-x`, `tanh(x)`."""
    if op.operator and op.operator != "**":
        kind = "neg" if op.name == "neg" else op.operator
        return Expr(kind, tuple(inputs))
    return Expr("call", tuple(inputs), op.name)


def substitute(expr: Expr, env: Mapping[str, Expr]) -> Expr:
    """`expr` with each name in `env` replaced by its Expr."""
    if expr.kind == "name":
        return env.get(str(expr.value), expr)
    if not expr.args:
        return expr
    return Expr(expr.kind, tuple(substitute(a, env) for a in expr.args), expr.value)


def _slot_names(node: Value) -> list[tuple[str, Value]]:
    """(slot name, input) pairs of a node: its op's input names, `x0, x1, ...` for a sum."""
    op = OPS[node.op]
    if op.variadic:
        return [(f"{op.inputs[0]}{i}", x) for i, x in enumerate(node.inputs)]
    return list(zip(op.inputs, node.inputs))


def local_grad_exprs(node: Value, name_of: Callable[[Value], Expr]) -> list[Expr]:
    """One Expr d(node)/d(input) per differentiable input of `node` (every input of a sum).

    `name_of(v)` gives the Expr standing for an input `v` (or for the node itself, as `out`);
    it is called only for the names the rule uses (compiled code loads values on demand).
    """
    traced = TRACED[node.op]
    op = traced.op
    if op.variadic:
        grad, used = traced.local_grads[0], traced.names[0]
        return [
            substitute(grad, _env(used, node, [(op.inputs[0], x)], name_of)) for x in node.inputs
        ]
    slots = list(zip(op.inputs, node.inputs))
    return [
        substitute(grad, _env(used, node, slots, name_of))
        for grad, used in zip(traced.local_grads, traced.names)
    ]


def _env(
    used: frozenset[str],
    node: Value,
    slots: list[tuple[str, Value]],
    name_of: Callable[[Value], Expr],
) -> dict[str, Expr]:
    env = {"out": name_of(node)} if "out" in used else {}
    env.update({slot: name_of(x) for slot, x in slots if slot in used})
    return env


# ----------------------------------------------------------------------
# Python source
# ----------------------------------------------------------------------

# Python's binding strength, loosest first.
_PRECEDENCE = {"where": 0, ">": 1, "<": 1, "==": 1, "+": 2, "-": 2, "*": 3, "/": 3, "neg": 4}
_ATOM = 6


def _precedence(expr: Expr) -> int:
    if expr.kind == "number" and float(expr.value) < 0:
        return _ATOM  # written in parentheses: (-3.0)
    return _PRECEDENCE.get(expr.kind, _ATOM)


class PythonSource:
    """Writes an Expr as Python source. Subclass and override `call`, `where` or `number`
    for another dialect (e.g. numpy: `np.where(c, a, b)`, functions from another module)."""

    def number(self, x: float) -> str:
        """A float as exact source text (repr round-trips); a negative one in parentheses."""
        text = repr(float(x))
        return f"({text})" if text.startswith("-") else text

    def call(self, op: Op, arguments: list[str]) -> str:
        """The op's forward function called on `arguments`: `sigmoid(x)`."""
        return f"{op.forward.__name__}({', '.join(arguments)})"

    def where(self, condition: str, if_true: str, if_false: str) -> str:
        """A conditional expression: only the branch taken is evaluated."""
        return f"{if_true} if {condition} else {if_false}"

    def write(self, expr: Expr) -> str:
        """The source of `expr`, with parentheses exactly where the order needs them."""
        kind = expr.kind
        if kind == "name":
            return str(expr.value)
        if kind == "number":
            return self.number(float(expr.value))
        if kind == "call":
            return self.call(OPS[str(expr.value)], [self.write(a) for a in expr.args])
        if kind == "where":
            condition, if_true, if_false = expr.args
            return self.where(
                self._operand(condition, 1),
                self._operand(if_true, 1),
                self._operand(if_false, 0),
            )
        if kind == "neg":
            return f"-{self._operand(expr.args[0], _PRECEDENCE['neg'], strict=True)}"
        left, right = expr.args
        level = _PRECEDENCE[kind]
        return f"{self._operand(left, level)} {kind} {self._operand(right, level, strict=True)}"

    def _operand(self, expr: Expr, level: int, *, strict: bool = False) -> str:
        """`expr` as an operand at binding strength `level`; parenthesised if it binds looser
        (or as loose, on the right: a - (b - c) and a * (b * c) keep their order)."""
        text = self.write(expr)
        inner = _precedence(expr)
        if inner < level or (strict and inner == level and inner < _ATOM):
            return f"({text})"
        return text


def source(expr: Expr, writer: PythonSource | None = None) -> str:
    """`expr` as Python source (names as they are)."""
    return (writer or PythonSource()).write(expr)


# ----------------------------------------------------------------------
# Floats, compiled: what backward uses
# ----------------------------------------------------------------------


def _float_rule_source(function_name: str, traced: Traced) -> str:
    """A function of a node returning its local gradients as floats, e.g. for tanh:

    def tanh_local_grads(node):
        out = node._data
        return (1.0 - out * out,)
    """
    op = traced.op
    grads = [source(g) for g in traced.local_grads]
    used = set().union(*(names_used(g) for g in traced.local_grads))
    lines = [f"def {function_name}(node):"]
    if "out" in used:
        lines.append("    out = node._data")
    if op.variadic:
        name = op.inputs[0]
        if name in used:
            lines.append(
                f"    return tuple({grads[0]} for {name} in [x._data for x in node._inputs])"
            )
        else:
            lines.append(f"    return ({grads[0]},) * len(node._inputs)")
        return "\n".join(lines)
    for index, name in enumerate(op.inputs):
        if name in used:
            lines.append(f"    {name} = node._inputs[{index}]._data")
    lines.append(f"    return ({''.join(g + ', ' for g in grads)})")
    return "\n".join(lines)


def _compile_float_rules() -> dict[str, Callable[[Value], tuple[float, ...]]]:
    """op name -> its rule on floats, compiled from the source `to_python` writes (see above)."""
    namespace: dict[str, Any] = {op.forward.__name__: op.forward for op in OPS.values()}
    rules: dict[str, Callable[[Value], tuple[float, ...]]] = {}
    for name, traced in TRACED.items():
        function_name = f"{traced.op.forward.__name__}_local_grads"
        exec(_float_rule_source(function_name, traced), namespace)  # our own source, from ops.py
        rules[name] = namespace[function_name]
    return rules


# op name -> rule(node) -> d(node)/d(input) as floats, for each differentiable input.
LOCAL_GRADS: dict[str, Callable[[Value], tuple[float, ...]]] = _compile_float_rules()


# ----------------------------------------------------------------------
# Evaluation on floats or Values
# ----------------------------------------------------------------------


def _data(x: object) -> float:
    """A float operand as is, a Value's data."""
    return x if isinstance(x, float) else x.data  # type: ignore[attr-defined]


def evaluate(expr: Expr, env: Mapping[str, Any], apply: Callable[[Op, list[Any]], Any]) -> Any:
    """`expr` with the names in `env` (floats or Values); `apply(op, args)` performs a call.

    Arithmetic uses Python's operators (a Value builds a node); a `where` compares the
    data and evaluates only the branch taken.
    """
    kind = expr.kind
    if kind == "name":
        return env[str(expr.value)]
    if kind == "number":
        return float(expr.value)
    if kind == "where":
        condition, if_true, if_false = expr.args
        taken = if_true if evaluate(condition, env, apply) else if_false
        return evaluate(taken, env, apply)
    args = [evaluate(a, env, apply) for a in expr.args]
    if kind == "call":
        return apply(OPS[str(expr.value)], args)
    if kind == "neg":
        return -args[0]
    if kind in _COMPARISONS:
        left, right = _data(args[0]), _data(args[1])
        return left > right if kind == ">" else left < right if kind == "<" else left == right
    left, right = args
    if kind == "+":
        return left + right
    if kind == "-":
        return left - right
    if kind == "*":
        return left * right
    return left / right


def _float_env(node: Value) -> dict[str, float]:
    env = {"out": node.data}
    env.update({slot: x.data for slot, x in _slot_names(node)})
    return env


def float_local_grad(node: Value, index: int) -> float:
    """d(node)/d(input `index`) on floats, one input alone (used where the whole rule failed)."""
    traced = TRACED[node.op]
    env = _float_env(node)
    if traced.op.variadic:
        slot = traced.op.inputs[0]
        expr = traced.local_grads[0]
        return float(evaluate(expr, {**env, slot: node.inputs[index].data}, _apply_float))
    return float(evaluate(traced.local_grads[index], env, _apply_float))


def _apply_float(op: Op, args: list[float]) -> float:
    return op.forward(*args)


# ----------------------------------------------------------------------
# Caption math: Unicode and LaTeX
# ----------------------------------------------------------------------

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
            if any(_same(condition, known) for known in false):
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
        if kind == "*" and (left is right or (left.kind != "number" and _same(left, right))):
            base = self._operand(left, 5, false, strict=True)
            return f"{base}^{{2}}" if latex_style else f"{base}²"
        if kind == "/" and latex_style:
            return rf"\frac{{{self.write(left, false)}}}{{{self.write(right, false)}}}"
        level = _PRECEDENCE[kind]
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
        inner = _precedence(expr)
        if expr.kind == "number" and float(expr.value) < 0:
            inner = 4  # a negative number reads like -x
        if inner < level or (strict and inner == level and inner < _ATOM):
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

    It is `autograd.lecture.latex.latex_math_name`: any label is safe inside math, and Cyrillic
    is set in T2A (the document must load `\\usepackage[OT1,T2A]{fontenc}`, as `to_tikz` does).
    """
    from autograd.lecture.latex import latex_math_name  # at call time: lecture imports rules

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
        if condition.kind in _COMPARISONS and all(a.kind == "number" for a in condition.args):
            taken = evaluate(condition, {}, _apply_float)
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
    if fold and expr.kind in _BINARY and all(a.kind == "number" for a in args):
        try:
            return lift(evaluate(simplified, {}, _apply_float))
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

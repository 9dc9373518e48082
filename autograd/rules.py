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
  written from that same source into `autograd/local_gradients.py` (generated, checked in:
  `python -m autograd.codegen.float_rules`). `backward`, `grad` and the stepper use it, so the
  engine and the generated code do the same arithmetic, bit for bit.
- `evaluate(expr, env)`: the tree evaluated on floats or on `Value`s. On Values it builds
  the graph of the local gradient, which `grad(..., create_graph=True)` differentiates
  again; only the branch of a `where` that the data takes is built.

The same tree is written as caption math (`σ(n8)(1 − σ(n8))`, `\\sigma(n_{8})(1 - \\sigma(n_{8}))`)
by `autograd.viz.math_text`, the one writer of math text, above the engine.

This module imports only the standard library and `autograd.ops`: a node is anything with an
`op`, `inputs` and `data` (`OpNode`), so the engine's `Value` builds on it, not the reverse.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from types import SimpleNamespace
from typing import Any, NamedTuple, Protocol

from autograd.local_gradients import LOCAL_GRADS_GENERATED
from autograd.ops import OPS, Op, check_op

__all__ = [
    "ATOM",
    "BINARY",
    "COMPARISONS",
    "LOCAL_GRADS",
    "PRECEDENCE",
    "SYMBOLIC_MATH",
    "TRACED",
    "Expr",
    "OpNode",
    "PythonSource",
    "Traced",
    "add_op",
    "apply_float",
    "evaluate",
    "float_local_grad",
    "forward_expr",
    "lift",
    "local_grad_exprs",
    "local_grads_function",
    "names_used",
    "precedence",
    "remove_op",
    "same",
    "source",
    "substitute",
]


# ----------------------------------------------------------------------
# The expression tree
# ----------------------------------------------------------------------

# kind: "name" (value: the name), "number" (value: the float), "call" (value: the op name),
# "+", "-", "*", "/" (two args), "neg" (one arg), "where" (condition, if_true, if_false),
# ">", "<", "==" (two args).
BINARY = ("+", "-", "*", "/")
COMPARISONS = (">", "<", "==")


class OpNode(Protocol):
    """A node of a graph as the rules read it (in practice, a `Value`)."""

    @property
    def op(self) -> str: ...
    @property
    def data(self) -> float: ...
    @property
    def inputs(self) -> Sequence[OpNode]: ...


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


def same(a: Expr, b: Expr) -> bool:
    """Structural equality of two Exprs (`==` builds an Expr)."""
    return (
        a.kind == b.kind
        and a.value == b.value
        and len(a.args) == len(b.args)
        and all(same(x, y) for x, y in zip(a.args, b.args))
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


class Traced(NamedTuple):
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


def _slot_names(node: OpNode) -> list[tuple[str, OpNode]]:
    """(slot name, input) pairs of a node: its op's input names, `x0, x1, ...` for a sum."""
    op = OPS[node.op]
    if op.variadic:
        return [(f"{op.inputs[0]}{i}", x) for i, x in enumerate(node.inputs)]
    return list(zip(op.inputs, node.inputs))


def local_grad_exprs(node: OpNode, name_of: Callable[[Any], Expr]) -> list[Expr]:
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
    node: OpNode,
    slots: list[tuple[str, OpNode]],
    name_of: Callable[[Any], Expr],
) -> dict[str, Expr]:
    env = {"out": name_of(node)} if "out" in used else {}
    env.update({slot: name_of(x) for slot, x in slots if slot in used})
    return env


# ----------------------------------------------------------------------
# Python source
# ----------------------------------------------------------------------

# Python's binding strength, loosest first.
PRECEDENCE = {"where": 0, ">": 1, "<": 1, "==": 1, "+": 2, "-": 2, "*": 3, "/": 3, "neg": 4}
ATOM = 6


def precedence(expr: Expr) -> int:
    """How tightly `expr` binds as Python writes it (PRECEDENCE; ATOM for a name or call)."""
    if expr.kind == "number" and float(expr.value) < 0:
        return ATOM  # written in parentheses: (-3.0)
    return PRECEDENCE.get(expr.kind, ATOM)


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
            return f"-{self._operand(expr.args[0], PRECEDENCE['neg'], strict=True)}"
        left, right = expr.args
        level = PRECEDENCE[kind]
        return f"{self._operand(left, level)} {kind} {self._operand(right, level, strict=True)}"

    def _operand(self, expr: Expr, level: int, *, strict: bool = False) -> str:
        """`expr` as an operand at binding strength `level`; parenthesised if it binds looser
        (or as loose, on the right: a - (b - c) and a * (b * c) keep their order)."""
        text = self.write(expr)
        inner = precedence(expr)
        if inner < level or (strict and inner == level and inner < ATOM):
            return f"({text})"
        return text


def source(expr: Expr, writer: PythonSource | None = None) -> str:
    """`expr` as Python source (names as they are)."""
    return (writer or PythonSource()).write(expr)


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
    if kind in COMPARISONS:
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


def _float_env(node: OpNode) -> dict[str, float]:
    env = {"out": node.data}
    env.update({slot: x.data for slot, x in _slot_names(node)})
    return env


def float_local_grad(node: OpNode, index: int) -> float:
    """d(node)/d(input `index`) on floats, one input alone (used where the whole rule failed)."""
    traced = TRACED[node.op]
    env = _float_env(node)
    if traced.op.variadic:
        slot = traced.op.inputs[0]
        expr = traced.local_grads[0]
        return float(evaluate(expr, {**env, slot: node.inputs[index].data}, apply_float))
    return float(evaluate(traced.local_grads[index], env, apply_float))


def apply_float(op: Op, args: list[float]) -> float:
    """A call in a rule on floats: the op's forward function."""
    return op.forward(*args)


# ----------------------------------------------------------------------
# Floats: what backward uses
# ----------------------------------------------------------------------


def _read_from_rule(op_name: str) -> Callable[[Any], tuple[float, ...]]:
    """An op's local gradients on floats read from its traced rule (for an op added after
    `autograd/local_gradients.py` was written): the same float operations, one at a time."""
    traced = TRACED[op_name]

    def local_grads(node: Any) -> tuple[float, ...]:
        count = len(node.inputs) if traced.op.variadic else len(traced.local_grads)
        return tuple(float_local_grad(node, index) for index in range(count))

    local_grads.__name__ = local_grads.__qualname__ = f"{traced.op.forward.__name__}_local_grads"
    return local_grads


def local_grads_function(op_name: str) -> Callable[[Any], tuple[float, ...]]:
    """The function `backward` calls for an op's local gradients on floats: the generated one
    of `autograd/local_gradients.py` (open it: tanh's is `return (1.0 - out * out,)`), or, for an
    op not generated yet, the rule read from its trace."""
    return LOCAL_GRADS_GENERATED.get(op_name) or _read_from_rule(op_name)


# op name -> rule(node) -> d(node)/d(input) as floats, for each differentiable input.
LOCAL_GRADS: dict[str, Callable[[Any], tuple[float, ...]]] = {
    name: local_grads_function(name) for name in OPS
}


# ----------------------------------------------------------------------
# Adding an operation at run time
# ----------------------------------------------------------------------

_ADDED: set[str] = set()  # the ops `add_op` added (only those can be removed)


def add_op(op: Op) -> Op:
    """Add an operation to the engine at run time: every reader of the table then knows it.

    `op` is an `autograd.ops.Op` with every field a view needs (`check_op` names a missing
    one). Its rule may use the forward functions of the table (`m.exp`, ...) and `m.where`.
    Apply it with `autograd.value.apply_op(op.name, [x])`; `backward`, `grad` (also with
    `create_graph=True`), `to_python`, `compile`, `compile_batched`, `draw` and the captions
    read it from the table. Its local gradients on floats are read from its traced rule (the
    same float operations, bit for bit, as the generated ones); an op written into
    `autograd/ops.py` is generated into `autograd/local_gradients.py` instead (README,
    "Development"). Returns `op`.
    """
    check_op(op)
    if op.name in OPS:
        raise ValueError(f"add_op: there is an op {op.name!r} already")
    function = op.forward.__name__
    if any(other.forward.__name__ == function for other in OPS.values()):
        raise ValueError(
            f"add_op: op {op.name!r}: another op's forward function is named {function!r} too"
        )
    OPS[op.name] = op
    setattr(SYMBOLIC_MATH, function, _call(op.name))
    try:
        TRACED[op.name] = _trace(op)
    except Exception:
        del OPS[op.name]
        delattr(SYMBOLIC_MATH, function)
        raise
    LOCAL_GRADS[op.name] = local_grads_function(op.name)
    _ADDED.add(op.name)
    return op


def remove_op(name: str) -> None:
    """Remove an op that `add_op` added (the ops of `autograd/ops.py` stay)."""
    if name not in _ADDED:
        raise ValueError(f"remove_op: {name!r} was not added with add_op")
    op = OPS.pop(name)
    delattr(SYMBOLIC_MATH, op.forward.__name__)
    del TRACED[name], LOCAL_GRADS[name]
    _ADDED.discard(name)

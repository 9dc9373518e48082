"""Turn a formula typed on the command line, like "(x + y) * z", into a graph of `Value`s, safely.

The text is parsed with Python's `ast` module and then checked node by node
against a whitelist: numbers, variable names, `+ - * / **`, unary minus and
plus, parentheses, and calls of exp, log, tanh, sigmoid, relu, softplus, abs
(one argument) and max, min (two arguments). Anything else (attribute access,
subscripts, lambdas, strings, keyword arguments, unknown functions or
variables) is rejected with an `ExpressionError` whose message fits on one
line. The text is never passed to `eval`: the graph is built by calling
`Value` operations for the whitelisted nodes only. Each variable becomes one
leaf labelled with its name, so `x * x` uses the same leaf twice.
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping, Sequence

from autograd.value import Value

__all__ = ["FUNCTIONS", "ExpressionError", "build_graph", "parse_assignments"]

Operand = Value | float  # a number stays a number until an operation needs it as a Value


class ExpressionError(ValueError):
    """The formula or a `name=value` assignment is not acceptable; the message says why."""


def _one_input(method: Callable[[Value], Value]) -> Callable[[Value, Value], Value]:
    return lambda a, _unused: method(a)


# Function name -> (number of arguments, how to apply it to Values).
FUNCTIONS: dict[str, tuple[int, Callable[[Value, Value], Value]]] = {
    "exp": (1, _one_input(Value.exp)),
    "log": (1, _one_input(Value.log)),
    "tanh": (1, _one_input(Value.tanh)),
    "sigmoid": (1, _one_input(Value.sigmoid)),
    "relu": (1, _one_input(Value.relu)),
    "softplus": (1, _one_input(Value.softplus)),
    "abs": (1, _one_input(Value.abs)),
    "max": (2, Value.max),
    "min": (2, Value.min),
}

_BINARY: dict[type[ast.operator], str] = {
    ast.Add: "+",
    ast.Sub: "-",
    ast.Mult: "*",
    ast.Div: "/",
    ast.Pow: "**",
}


def parse_assignments(assignments: Sequence[str]) -> dict[str, float]:
    """Parse ["x=-2", "y=5"] into {"x": -2.0, "y": 5.0}, or raise `ExpressionError`.

    A name must be a Python identifier that is not a function name; each name may be
    given once; a value must be a finite int or float literal ("1e-3" yes, "nan" no).
    """
    values: dict[str, float] = {}
    for text in assignments:
        name, equals, value_text = text.partition("=")
        name, value_text = name.strip(), value_text.strip()
        if not equals or not name or not value_text:
            raise ExpressionError(f"expected name=value, got {text!r}")
        if not name.isidentifier():
            raise ExpressionError(f"{name!r} in {text!r} is not a valid variable name")
        if name in FUNCTIONS:
            raise ExpressionError(f"{name!r} is a function name and cannot be a variable")
        if name in values:
            raise ExpressionError(f"variable {name!r} is given more than once")
        try:
            value = float(value_text)
        except ValueError:
            raise ExpressionError(
                f"the value of {name!r} must be a number, got {value_text!r}"
            ) from None
        if not math.isfinite(value):
            raise ExpressionError(
                f"the value of {name!r} must be a finite number, got {value_text!r}"
            )
        values[name] = value
    return values


def _describe(node: ast.AST) -> str:
    """A short description of a rejected piece of syntax, with its text when available."""
    kinds = {
        ast.Attribute: "attribute access",
        ast.Subscript: "subscripts",
        ast.Lambda: "lambda",
        ast.Compare: "comparisons",
        ast.BoolOp: "and/or",
        ast.IfExp: "if/else",
        ast.Starred: "*arguments",
        ast.Tuple: "tuples",
        ast.List: "lists",
        ast.Dict: "dicts",
        ast.Set: "sets",
        ast.JoinedStr: "strings",
        ast.NamedExpr: ":=",
    }
    kind = kinds.get(type(node), type(node).__name__)
    return f"{kind} ({ast.unparse(node)!r})"


def _check(node: ast.expr, values: Mapping[str, float]) -> None:
    """Raise `ExpressionError` unless this single AST node is on the whitelist."""
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ExpressionError(f"only numbers are allowed as constants, got {node.value!r}")
        try:
            finite = math.isfinite(float(node.value))
        except OverflowError:
            finite = False
        if not finite:
            raise ExpressionError("a number in the formula is too large for a float")
    elif isinstance(node, ast.Name):
        if node.id in FUNCTIONS:
            raise ExpressionError(f"{node.id!r} is a function: call it, as in {node.id}(x)")
        if node.id not in values:
            raise ExpressionError(
                f"unknown variable {node.id!r}: give it a value, as in {node.id}=1.5"
            )
    elif isinstance(node, ast.BinOp):
        if type(node.op) not in _BINARY:
            raise ExpressionError(f"operator not allowed in {ast.unparse(node)!r} (use + - * / **)")
    elif isinstance(node, ast.UnaryOp):
        if not isinstance(node.op, (ast.USub, ast.UAdd)):
            raise ExpressionError(f"operator not allowed in {ast.unparse(node)!r}")
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name) or node.func.id not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise ExpressionError(f"unknown function {ast.unparse(node.func)!r} (allowed: {known})")
        if node.keywords:
            raise ExpressionError(f"keyword arguments are not allowed: {ast.unparse(node)!r}")
        arity, _ = FUNCTIONS[node.func.id]
        if any(isinstance(argument, ast.Starred) for argument in node.args):
            raise ExpressionError(f"*arguments are not allowed: {ast.unparse(node)!r}")
        if len(node.args) != arity:
            raise ExpressionError(
                f"{node.func.id} takes {arity} argument{'s' if arity > 1 else ''}, "
                f"got {len(node.args)} in {ast.unparse(node)!r}"
            )
    else:
        raise ExpressionError(f"not allowed in a formula: {_describe(node)}")


def _as_value(x: Operand) -> Value:
    """A number operand as a constant leaf (so `2 * 3` still shows as an operation)."""
    return x if isinstance(x, Value) else Value(x)


def _apply(node: ast.expr, operands: list[Operand], leaves: Mapping[str, Value]) -> Operand:
    """Build the result of one whitelisted AST node from its already-built operands."""
    if isinstance(node, ast.Constant):
        assert isinstance(node.value, (int, float))  # `_check` let only numbers through
        return float(node.value)
    if isinstance(node, ast.Name):
        return leaves[node.id]
    if isinstance(node, ast.UnaryOp):
        (operand,) = operands
        if isinstance(node.op, ast.UAdd):
            return operand
        return -operand  # a Value gets a "neg" node; a number stays a number (-2 is the number -2)
    if isinstance(node, ast.BinOp):
        left, right = operands
        op = _BINARY[type(node.op)]
        if op == "**" and not isinstance(right, Value):
            return _as_value(left) ** right  # a number exponent: op "**", no gradient to it
        if op == "+":
            return _as_value(left) + right
        if op == "-":
            return _as_value(left) - right
        if op == "*":
            return _as_value(left) * right
        if op == "/":
            return _as_value(left) / right
        return _as_value(left) ** right
    assert isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    _, function = FUNCTIONS[node.func.id]
    first = _as_value(operands[0])
    second = _as_value(operands[1]) if len(operands) > 1 else first
    return function(first, second)


def _children(node: ast.expr) -> list[ast.expr]:
    if isinstance(node, ast.BinOp):
        return [node.left, node.right]
    if isinstance(node, ast.UnaryOp):
        return [node.operand]
    if isinstance(node, ast.Call):
        return list(node.args)
    return []


def build_graph(expression: str, values: Mapping[str, float], output_label: str = "f") -> Value:
    """Build the graph of `expression` with the variables set to `values`; return its output.

    Each variable is one leaf labelled with its name. The output node gets
    `output_label` ("output" if a variable already has that name), unless the
    formula is a bare variable name (then the output is that leaf). Raises `ExpressionError` for anything off the whitelist, an unknown
    variable, or a variable given but not used (usually a typo); errors of the
    operations themselves (log(-1), 1/0) are raised by `Value` as usual.
    """
    if not expression.strip():
        raise ExpressionError("the formula is empty")
    try:
        tree = ast.parse(expression.strip(), mode="eval")
    except SyntaxError as error:
        raise ExpressionError(
            f"cannot parse the formula: {error.msg} (column {error.offset})"
        ) from None
    except (RecursionError, MemoryError):
        raise ExpressionError("the formula is nested too deeply to parse") from None

    # Check and build bottom-up with an explicit stack (no recursion: long formulas are fine).
    leaves = {name: Value(value, label=name) for name, value in values.items()}
    used: set[str] = set()
    results: list[Operand] = []
    stack: list[tuple[ast.expr, bool]] = [(tree.body, False)]
    while stack:
        node, children_done = stack.pop()
        if not children_done:
            _check(node, values)
            if isinstance(node, ast.Name):
                used.add(node.id)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(_children(node)))
            continue
        count = len(_children(node))
        operands = results[len(results) - count :] if count else []
        del results[len(results) - count :]
        results.append(_apply(node, operands, leaves))
    unused = [name for name in values if name not in used]
    if unused:
        raise ExpressionError(f"variable {unused[0]!r} is given but not used in {expression!r}")
    (output,) = results
    if isinstance(output, Value) and output in leaves.values():
        return output  # the formula is a variable ("x", "+x"): the output is its leaf
    root = _as_value(output)
    root.label = output_label if output_label not in values else "output"
    return root

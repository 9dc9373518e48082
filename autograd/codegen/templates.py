"""Every operation of the engine as Python source: its forward expression and its local gradients.

`OP_TEMPLATES` maps each op name of `autograd.value.LOCAL_GRADS` to an
`OpTemplate`: the names given to the node's inputs, the forward expression
(`"{a} * {b}"`), and one local-gradient expression d(out)/d(input) per
differentiable input (`("{b}", "{a}")`: multiplication swaps its inputs),
where `{out}` is the node's own value. `to_python` and `compile` fill the
placeholders with variable names and write one statement per node (forward)
and one message `upstream * local gradient` per edge (backward). Each
expression is the engine's arithmetic written out, operation for operation, so
the generated code gives the same floats bit for bit (tanh's gradient is
`1.0 - t * t`, not `1 - t ** 2`). Piecewise operations (relu, max, abs, ...)
are conditional expressions evaluated when the code runs, never branches
taken while the code is written. This is the third view of the rules of
`LOCAL_GRADS` in `value.py` (floats, used by `backward`); the second is
`VALUE_LOCAL_GRADS` in `higher_order.py` (Values, for `create_graph=True`).
`tests/test_codegen_templates.py` checks every template against the engine on
random inputs, bit for bit, and that no op of the engine is missing here.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass

from autograd.value import Value

__all__ = [
    "OP_TEMPLATES",
    "RUNTIME_NAMES",
    "OpTemplate",
    "forward_expression",
    "local_grad_expressions",
    "message_expression",
    "template_fields",
]


@dataclass(frozen=True)
class OpTemplate:
    """How one operation is written as code.

    `inputs`: a placeholder name for each input, in order (a constant parameter
    such as the exponent of `x ** 2` included). `forward`: the expression of the
    node's value. `local_grads`: d(out)/d(input) for each differentiable input,
    may use `{out}`. `variadic`: the n-ary sum, whose inputs are all written as
    `{inputs}` and whose single local gradient applies to every input.
    `may_overflow`: the expression can give inf from finite inputs without an
    exception (the engine raises there; compiled code checks these values).
    `note`: one line for the reader of the generated code.
    """

    inputs: tuple[str, ...]
    forward: str
    local_grads: tuple[str, ...]
    note: str
    variadic: bool = False
    may_overflow: bool = False


# op name -> OpTemplate(input names, forward expression, local gradients, note, flags);
# each expression is the engine's arithmetic exactly (see value.py for the rule it copies).
OP_TEMPLATES: dict[str, OpTemplate] = {
    "+": OpTemplate(("a", "b"), "{a} + {b}", ("1.0", "1.0"), "add copies the gradient to both inputs", may_overflow=True),
    "-": OpTemplate(("a", "b"), "{a} - {b}", ("1.0", "-1.0"), "d/da (a - b) = 1, d/db = -1", may_overflow=True),
    "neg": OpTemplate(("x",), "-{x}", ("-1.0",), "d/dx (-x) = -1"),
    "*": OpTemplate(("a", "b"), "{a} * {b}", ("{b}", "{a}"), "multiply swaps its inputs", may_overflow=True),
    "/": OpTemplate(("a", "b"), "{a} / {b}", ("1.0 / {b}", "-{out} / {b}"), "d/da (a/b) = 1/b, d/db = -(a/b)/b", may_overflow=True),
    "**": OpTemplate(("x", "n"), "power({x}, {n})", ("power_slope({x}, {n})",), "d/dx x^n = n x^(n-1); n is a constant"),
    "pow": OpTemplate(("a", "b"), "power({a}, {b})", ("power_slope({a}, {b})", "power_exponent_slope({out}, {a})"), "d/da a^b = b a^(b-1), d/db a^b = a^b ln(a)"),
    "exp": OpTemplate(("x",), "exp({x})", ("{out}",), "d/dx e^x = e^x"),
    "log": OpTemplate(("x",), "log({x})", ("1.0 / {x}",), "d/dx ln(x) = 1/x"),
    "tanh": OpTemplate(("x",), "tanh({x})", ("1.0 - {out} * {out}",), "d/dx tanh(x) = 1 - tanh(x)^2"),
    "sigmoid": OpTemplate(("x",), "sigmoid({x})", ("{out} * (1.0 - {out})",), "d/dx sigma(x) = sigma(x) (1 - sigma(x))"),
    "softplus": OpTemplate(("x",), "softplus({x})", ("sigmoid({x})",), "d/dx softplus(x) = sigma(x)"),
    "log_sigmoid": OpTemplate(("x",), "log_sigmoid({x})", ("sigmoid(-{x})",), "d/dx ln(sigma(x)) = sigma(-x)"),
    "relu": OpTemplate(("x",), "{x} if {x} > 0.0 else 0.0", ("1.0 if {x} > 0.0 else 0.0",), "relu passes the gradient where x > 0"),
    "leaky_relu": OpTemplate(("x", "slope"), "{x} if {x} > 0.0 else {slope} * {x}", ("1.0 if {x} > 0.0 else {slope}",), "slope 1 where x > 0, else the constant slope", may_overflow=True),
    "elu": OpTemplate(("x", "alpha"), "{x} if {x} > 0.0 else {alpha} * expm1({x})", ("1.0 if {x} > 0.0 else {alpha} * exp({x})",), "slope 1 where x > 0, else alpha e^x"),
    "abs": OpTemplate(("x",), "abs({x})", ("1.0 if {x} > 0.0 else -1.0 if {x} < 0.0 else 0.0",), "d/dx |x| = sign(x), 0 at 0"),
    "max": OpTemplate(("a", "b"), "max({a}, {b})", ("1.0 if {a} > {b} else 0.0 if {a} < {b} else 0.5", "0.0 if {a} > {b} else 1.0 if {a} < {b} else 0.5"), "max routes the gradient to the larger input (a tie splits it)"),
    "min": OpTemplate(("a", "b"), "min({a}, {b})", ("1.0 if {a} < {b} else 0.0 if {a} > {b} else 0.5", "0.0 if {a} < {b} else 1.0 if {a} > {b} else 0.5"), "min routes the gradient to the smaller input (a tie splits it)"),
    "sum": OpTemplate((), "fsum([{inputs}])", ("1.0",), "a sum copies the gradient to every input", variadic=True),
}  # fmt: skip

# Names the templates call, and where generated code imports them from.
RUNTIME_NAMES: dict[str, str] = {
    "tanh": "math",
    "expm1": "math",
    "fsum": "math",
    "exp": "autograd.codegen.runtime",
    "log": "autograd.codegen.runtime",
    "sigmoid": "autograd.codegen.runtime",
    "softplus": "autograd.codegen.runtime",
    "log_sigmoid": "autograd.codegen.runtime",
    "power": "autograd.codegen.runtime",
    "power_slope": "autograd.codegen.runtime",
    "power_exponent_slope": "autograd.codegen.runtime",
}


def template_fields(expression: str) -> set[str]:
    """The placeholder names used in a template string: `"{a} * {b}"` -> {"a", "b"}."""
    return {field for _, field, _, _ in string.Formatter().parse(expression) if field}


def _fill(template: OpTemplate, expression: str, node: Value, name: Callable[[Value], str]) -> str:
    """`expression` with each placeholder replaced by `name()` of the input (or node) it stands for."""
    if template.variadic:
        return expression.format(inputs=", ".join(name(x) for x in node.inputs))
    used = template_fields(expression)  # name() only what is used: compiled code loads on demand
    filled = {field: name(x) for field, x in zip(template.inputs, node.inputs) if field in used}
    if "out" in used:
        filled["out"] = name(node)
    return expression.format(**filled)


def forward_expression(node: Value, name: Callable[[Value], str]) -> str:
    """The expression computing `node` from its inputs, with `name(v)` for each Value's variable."""
    template = OP_TEMPLATES[node.op]
    return _fill(template, template.forward, node, name)


def local_grad_expressions(node: Value, name: Callable[[Value], str]) -> list[str]:
    """One expression d(node)/d(input) for each differentiable input of `node`, in input order."""
    template = OP_TEMPLATES[node.op]
    if template.variadic:
        return [template.local_grads[0]] * len(node.inputs)
    return [_fill(template, grad, node, name) for grad in template.local_grads]


def _is_call(text: str) -> bool:
    """`name(...)` whose first parenthesis closes at the very end: `sigmoid(x)`, not `f(a) * g(b)`."""
    name, _, rest = text.partition("(")
    if not name.isidentifier() or not text.endswith(")"):
        return False
    depth = 1
    for position, character in enumerate(rest):
        depth += {"(": 1, ")": -1}.get(character, 0)
        if depth == 0:
            return position == len(rest) - 1
    return False


def _is_simple(text: str) -> bool:
    """A variable name, a call, a number, or a parenthesized negative number such as `(-3.0)`."""
    if _is_call(text):
        return True
    if text.startswith("(-") and text.endswith(")"):
        text = text[2:-1]
    try:
        float(text)
    except ValueError:
        return text.isidentifier()
    return not text.startswith("-")


def message_expression(upstream: str, local_grad: str) -> str:
    """upstream x local gradient as source, exactly as the engine computes it.

    A local gradient of 1.0 or -1.0 is written as `upstream` or `-upstream`
    (multiplying by +-1.0 changes no bit); anything that is not a single name or
    number is parenthesized, because `g * (t * (1.0 - t))` and `g * t * (1.0 - t)`
    round differently.
    """
    if local_grad == "1.0":
        return upstream
    if local_grad == "-1.0":
        return f"-{upstream}"
    if _is_simple(local_grad):
        return f"{upstream} * {local_grad}"
    return f"{upstream} * ({local_grad})"

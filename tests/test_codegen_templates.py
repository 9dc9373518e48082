"""The op templates against the engine: every op has one, and each gives the engine's floats exactly."""

from __future__ import annotations

import math
import random

import pytest
from codegen_graphs import bits

from autograd import Value, sum_values
from autograd.codegen import runtime as codegen_runtime
from autograd.codegen.compiled import ENGINE_OPS
from autograd.codegen.templates import (
    OP_TEMPLATES,
    RUNTIME_NAMES,
    forward_expression,
    local_grad_expressions,
    message_expression,
)
from autograd.value import LOCAL_GRADS

NAMESPACE = {name: getattr(codegen_runtime, name) for name in codegen_runtime.__all__}
NAMESPACE.update(tanh=math.tanh, expm1=math.expm1, fsum=math.fsum)


def make_node(op: str, rng: random.Random) -> Value:
    """A node of `op` on random inputs inside its domain, sometimes at a kink or a tie."""
    x = rng.choice([rng.uniform(-3.0, 3.0), 0.0, -0.0, rng.uniform(-1e-3, 1e-3)])
    a, b = Value(x), Value(rng.choice([rng.uniform(-3.0, 3.0), x]))
    positive = Value(rng.uniform(0.01, 4.0))
    if op == "+":
        return a + b
    if op == "-":
        return a - b
    if op == "neg":
        return -a
    if op == "*":
        return a * b
    if op == "/":
        return a / Value(rng.choice([-1.0, 1.0]) * rng.uniform(0.1, 3.0))
    if op == "**":
        n = rng.choice([0, 1, 2, 3, -1.0, 0.5, 1.5, -2.5])
        base = positive if not float(n).is_integer() or n < 0 else a
        return base**n
    if op == "pow":
        return positive ** Value(rng.uniform(-2.0, 2.0))
    if op == "exp":
        return a.exp()
    if op == "log":
        return positive.log()
    if op == "sum":
        return sum_values([a, b, rng.uniform(-1.0, 1.0), a])
    if op == "leaky_relu":
        return a.leaky_relu(rng.uniform(0.0, 0.3))
    if op == "elu":
        return a.elu(rng.uniform(0.1, 2.0))
    if op in ("max", "min"):
        return getattr(a, op)(b)
    return getattr(a, op)()


def test_every_engine_op_has_a_template_and_an_engine_replay() -> None:
    assert set(OP_TEMPLATES) == set(LOCAL_GRADS)
    assert set(ENGINE_OPS) == set(LOCAL_GRADS)


def test_runtime_names_exist() -> None:
    for name, module in RUNTIME_NAMES.items():
        source = codegen_runtime if module == "autograd.codegen.runtime" else math
        assert callable(getattr(source, name))


@pytest.mark.parametrize("op", sorted(LOCAL_GRADS))
def test_template_gives_the_engine_data_and_local_grads_bit_for_bit(op: str) -> None:
    rng = random.Random(op)
    for _ in range(200):
        node = make_node(op, rng)
        assert node.op == op
        variables = {x: f"in{i}" for i, x in enumerate(node.inputs)} | {node: "out"}
        namespace = dict(NAMESPACE, out=node.data)
        namespace.update({f"in{i}": x.data for i, x in enumerate(node.inputs)})
        forward = eval(forward_expression(node, variables.__getitem__), namespace)  # our template
        assert bits(forward) == bits(node.data), (op, node.inputs, forward, node.data)
        expected = LOCAL_GRADS[op](node)
        expressions = local_grad_expressions(node, variables.__getitem__)
        assert len(expressions) == len(expected)
        for expression, local_grad in zip(expressions, expected):
            got = eval(expression, namespace)
            assert bits(float(got)) == bits(local_grad), (op, expression, got, local_grad)
            upstream = rng.uniform(-2.0, 2.0)
            message = eval(
                message_expression("upstream", expression), dict(namespace, upstream=upstream)
            )
            assert bits(message) == bits(upstream * local_grad)


def test_messages_keep_the_engine_rounding() -> None:
    assert message_expression("g", "1.0") == "g"
    assert message_expression("g", "-1.0") == "-g"
    assert message_expression("g", "w0") == "g * w0"
    assert message_expression("g", "sigmoid(x)") == "g * sigmoid(x)"
    assert message_expression("g", "(-3.0)") == "g * (-3.0)"
    assert message_expression("g", "t * (1.0 - t)") == "g * (t * (1.0 - t))"
    assert message_expression("g", "f(a) * f(b)") == "g * (f(a) * f(b))"


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: codegen_runtime.log(-1.0), ValueError, "log: input must be positive, got -1.0"),
        (lambda: codegen_runtime.exp(800.0), OverflowError, r"exp: e \*\* 800.0 overflows a float"),
        (lambda: codegen_runtime.power(-8.0, 0.5), ValueError, "fractional power"),
        (lambda: codegen_runtime.power(0.0, -1.0), ZeroDivisionError, "negative power"),
        (lambda: codegen_runtime.power_slope(0.0, 0.5), ZeroDivisionError, "infinite at x = 0.0"),
        (lambda: codegen_runtime.power_exponent_slope(4.0, -2.0), ValueError, "negative base"),
    ],
)
def test_runtime_helpers_raise_clear_errors(call, error, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(error, match=message):
        call()

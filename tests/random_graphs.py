"""The one random-graph generator of the tests: graphs with shared subexpressions over every op.

`random_graph(rng)` builds a DAG over a few labelled leaves with every engine
op, reusing earlier nodes as inputs (so nodes are shared, `a * a` and diamonds
appear), keeping each op inside its domain (log of a positive value, division
by 1 + |x|, ...). The engine, stepping, code generation and compile tests all
draw their random graphs from it. `bits(x)` is a float's 8 bytes, for
bit-for-bit comparisons.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable

from autograd import Value, sum_values
from autograd.ops import OPS, Op
from autograd.value import apply_op, as_value

__all__ = ["bits", "random_graph"]


def bits(x: float) -> bytes:
    return struct.pack("<d", x)


def _apply_bounded(op: Op, candidates: list[Value], bounded: Callable[[Value], Value]) -> Value:
    """`op` on the first of `candidates` (and the second, for two inputs); its parameter, if it
    has one, is its default or 0.5; an input outside its domain is made bounded (tanh) first."""
    count = 1 if op.variadic else len(op.inputs) - (1 if op.parameter else 0)
    inputs: list[Value] = candidates[:count]
    if op.parameter:
        inputs.append(as_value(op.parameter_default or 0.5, op.name))
    try:
        return apply_op(op.name, inputs)
    except (ArithmeticError, ValueError):
        return apply_op(op.name, [bounded(x) if not x.is_leaf else x for x in inputs])


def random_graph(
    rng: random.Random, leaves: int = 4, operations: int = 25
) -> tuple[Value, list[Value]]:
    """A loss over `leaves` labelled leaves, built from `operations` random engine ops."""
    inputs = [Value(rng.uniform(-2.0, 2.0), label=f"x{i}") for i in range(leaves)]
    nodes: list[Value] = list(inputs)

    def pick() -> Value:
        return rng.choice(nodes[-8:]) if rng.random() < 0.6 else rng.choice(nodes)

    def bounded(v: Value) -> Value:
        return v.tanh()

    for _ in range(operations):
        a, b = pick(), pick()
        op = rng.choice([*OPS, "const"])  # every op of the table, one added at run time too
        if op == "+":
            out = a + b
        elif op == "-":
            out = a - b
        elif op == "neg":
            out = -a
        elif op == "*":
            out = bounded(a) * b
        elif op == "/":
            out = a / (b.abs() + 1.0)
        elif op == "**":
            out = (bounded(a) + 1.5) ** rng.choice([2, 3, 0.5, -1.0, 0, 1.5])
        elif op == "pow":
            out = (bounded(a) + 1.5) ** bounded(b)
        elif op == "exp":
            out = bounded(a).exp()
        elif op == "log":
            out = (a * a + 0.5).log()
        elif op == "leaky_relu":
            out = a.leaky_relu(0.1)
        elif op == "elu":
            out = a.elu(0.7)
        elif op == "min":
            out = a.min(a if rng.random() < 0.3 else b)  # ties too
        elif op == "sum":
            out = sum_values([a, b, pick(), 0.25])
        elif op == "tan":
            out = bounded(a).tan()  # |x| < 1, far from the poles at ±π/2
        elif op == "sqrt":
            out = (a * a + 0.5).sqrt()
        elif op == "const":
            out = a * 2.5 - 1.0
        else:  # any other op (tanh, max, ... and one added at run time): on bounded inputs
            out = _apply_bounded(OPS[op], [a, b], bounded)
        nodes.append(out)
    root = sum_values([bounded(v) for v in rng.sample(nodes[leaves:], 5)] + [nodes[-1]])
    return root, inputs

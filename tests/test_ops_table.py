"""Every operation of `autograd.ops.OPS`, checked from the table alone (a new op is checked too).

For each op, at random points of its domain: values, first derivatives and second
derivatives (`grad(..., create_graph=True)`) against PyTorch float64 and central
differences; `to_python` and `compile` replay bit for bit; the drawing shows its symbol;
the stepper's captions and `rule_caption` read it; the command line parses it. The torch
function of an op is found by its name (`torch.X`, `torch.nn.functional.X`, or its Python
operator), so an op named like its torch counterpart needs no entry here.
"""

from __future__ import annotations

import math
import operator
import random
import struct
from collections.abc import Callable

import pytest
import torch
import torch.nn.functional as functional

from autograd import Value, backward_steps, compile, display_names, draw, grad, to_python
from autograd.formula import FUNCTIONS, build_graph
from autograd.graph import topological_order
from autograd.ops import OPS, Op
from autograd.rules import TRACED, Expr
from autograd.value import apply_op
from autograd.viz.math_text import rule_caption
from autograd.viz.style import op_symbol

NAMES = sorted(OPS)
_OPERATORS: dict[str, Callable[..., torch.Tensor]] = {
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": operator.truediv,
    "**": torch.pow,
}
_TORCH_NAMES = {"max": "maximum", "min": "minimum", "log_sigmoid": "logsigmoid"}


def torch_function(op: Op) -> Callable[..., torch.Tensor]:
    """The PyTorch counterpart of `op`, found by its operator or its name."""
    if op.name == "neg":
        return operator.neg
    if op.variadic:
        return lambda *xs: torch.stack(list(xs)).sum()
    if op.operator:
        return _OPERATORS[op.operator]
    name = _TORCH_NAMES.get(op.name, op.name)
    function = getattr(torch, name, None) or getattr(functional, name)
    return function  # type: ignore[no-any-return]


def bits(x: float) -> bytes:
    return struct.pack("<d", x + 0.0)


def arity(op: Op) -> int:
    return 3 if op.variadic else len(op.inputs)


def near_a_kink(op: Op, point: list[float]) -> bool:
    """Whether moving one differentiable input of `point` by at most 0.01 reaches a kink."""
    if op.kink is None:
        return False
    for i in range(len(point) - (1 if op.parameter else 0)):
        for step in range(-10, 11):
            moved = list(point)
            moved[i] = round(point[i] + step / 1000, 3)
            if op.kink(*moved):
                return True
    return False


def sample(op: Op, rng: random.Random) -> list[float]:
    """Inputs in the op's domain, away from kinks and domain edges (the forward and the
    derivatives are finite a little to either side of every input)."""
    for _ in range(10_000):
        point = [round(rng.uniform(-2.5, 2.5), 3) for _ in range(arity(op))]
        if op.parameter:
            point[-1] = rng.choice([2.0, 3.0, 0.5, -1.0, 1.5]) if op.name == "**" else 0.3
        try:
            for shift in (-1e-3, 0.0, 1e-3):
                for i in range(len(point) - (1 if op.parameter else 0)):
                    moved = list(point)
                    moved[i] += shift
                    x = [Value(v) for v in moved]
                    out = apply_op(op.name, x)
                    for derivative in grad(out, x[: len(x) - (1 if op.parameter else 0)]):
                        if abs(derivative) > 50.0:
                            raise ArithmeticError("steep")
        except (ArithmeticError, ValueError):
            continue
        if near_a_kink(op, point):
            continue
        return point
    raise AssertionError(f"no point found for {op.name}")


def build(op: Op, point: list[float]) -> tuple[Value, list[Value]]:
    """The node of `op` on labelled leaves (the parameter, if any, a number)."""
    differentiable = len(point) - (1 if op.parameter else 0)
    leaves = [Value(v, label=f"x{i}") for i, v in enumerate(point[:differentiable])]
    if op.parameter:
        return apply_op(op.name, [leaves[0], Value(point[-1])]), leaves
    return apply_op(op.name, leaves), leaves


def torch_node(op: Op, point: list[float]) -> tuple[torch.Tensor, list[torch.Tensor]]:
    differentiable = len(point) - (1 if op.parameter else 0)
    leaves = [
        torch.tensor(v, dtype=torch.float64, requires_grad=True) for v in point[:differentiable]
    ]
    function = torch_function(op)
    if op.parameter:
        return function(leaves[0], point[-1]), leaves
    return function(*leaves), leaves


@pytest.mark.parametrize("name", NAMES)
def test_values_first_and_second_derivatives_equal_torch(name: str) -> None:
    op = OPS[name]
    rng = random.Random(name)
    for _ in range(8):
        point = sample(op, rng)
        out, leaves = build(op, point)
        theirs, their_leaves = torch_node(op, point)
        assert out.data == pytest.approx(theirs.item(), rel=1e-14, abs=1e-15)
        firsts = grad(out, leaves, create_graph=True)
        their_firsts = torch.autograd.grad(theirs, their_leaves, create_graph=True)
        for mine, their in zip(firsts, their_firsts):
            assert mine.data == pytest.approx(their.item(), rel=1e-12, abs=1e-14)
        for i, (mine, their) in enumerate(zip(firsts, their_firsts)):
            seconds = grad(mine, leaves)
            if their.requires_grad:
                their_seconds = torch.autograd.grad(their, their_leaves, allow_unused=True)
            else:
                their_seconds = (None,) * len(their_leaves)
            for j, (second, expected) in enumerate(zip(seconds, their_seconds)):
                want = 0.0 if expected is None else expected.item()
                assert second == pytest.approx(want, rel=1e-10, abs=1e-12), (name, point, i, j)


@pytest.mark.parametrize("name", NAMES)
def test_first_derivatives_equal_central_differences(name: str) -> None:
    op = OPS[name]
    rng = random.Random(name + "central")
    for _ in range(8):
        point = sample(op, rng)
        out, leaves = build(op, point)
        analytic = grad(out, leaves)
        for i in range(len(leaves)):
            step = 1e-6
            up, down = list(point), list(point)
            up[i] += step
            down[i] -= step
            numeric = (build(op, up)[0].data - build(op, down)[0].data) / (2 * step)
            assert analytic[i] == pytest.approx(numeric, rel=1e-5, abs=1e-6), (name, point)


def switches(expr: Expr) -> list[Expr]:
    """The conditions `x > 0`, `a < b` of every `where` in `expr`: where a piecewise rule
    changes branch as an input moves (`n == 0` only guards a constant parameter or 0·∞)."""
    found = [a for a in expr.args for a in switches(a)]
    if expr.kind == "where" and expr.args[0].kind in (">", "<"):
        found.append(expr.args[0])
    return found


def on_the_switch(op: Op, condition: Expr, point: list[float]) -> list[float]:
    """`point` moved so the two sides of `condition` are equal (`x = 0`, `a = b`)."""
    left, right = condition.args
    moved = list(point)
    if right.kind == "number":
        moved[op.inputs.index(str(left.value))] = float(right.value)
    else:
        moved[op.inputs.index(str(left.value))] = point[op.inputs.index(str(right.value))]
    return moved


@pytest.mark.parametrize("name", NAMES)
def test_kink_says_where_a_piecewise_rule_jumps(name: str) -> None:
    """`Op.kink` is set exactly for the rules with a branch switch, is True where the branches
    meet (and the forward's slopes on the two sides differ there), False away from it."""
    op = OPS[name]
    conditions = [c for grad in TRACED[name].local_grads for c in switches(grad)]
    assert (op.kink is not None) == bool(conditions), name
    if op.kink is None:
        return
    rng = random.Random(name + "kink")
    differentiable = len(op.inputs) - (1 if op.parameter else 0)
    for _ in range(4):
        point = sample(op, rng)
        assert not op.kink(*point)
        for condition in conditions:
            kink = on_the_switch(op, condition, point)
            assert op.kink(*kink), (name, kink)
            slopes = []
            for i in range(differentiable):
                step = 1e-6
                up, down = list(kink), list(kink)
                up[i] += step
                down[i] -= step
                at = op.forward(*kink)
                slopes.append(((op.forward(*up) - at) / step, (at - op.forward(*down)) / step))
            assert any(abs(right - left) > 1e-3 for right, left in slopes), (name, kink)


@pytest.mark.parametrize("name", NAMES)
def test_to_python_and_compile_replay_bit_for_bit(name: str) -> None:
    op = OPS[name]
    rng = random.Random(name + "code")
    for _ in range(5):
        point = sample(op, rng)
        out, leaves = build(op, point)
        loss = (out * 1.5).tanh() + out  # something downstream, so upstream is not 1
        loss.backward()
        namespace: dict[str, object] = {}
        exec(compile_source := to_python(loss, leaves), namespace)  # our own generated code
        value, grads = namespace["forward_backward"]()  # type: ignore[operator]
        assert bits(value) == bits(loss.data), compile_source
        for leaf in leaves:
            assert bits(grads[leaf.label]) == bits(leaf.grad), compile_source
        engine_grads = [leaf.grad for leaf in leaves]
        for leaf in leaves:
            leaf.grad = 0.0
        step = compile(loss, leaves)
        assert bits(step()) == bits(loss.data)
        assert [bits(leaf.grad) for leaf in leaves] == [bits(g) for g in engine_grads]


@pytest.mark.parametrize("name", NAMES)
def test_drawing_and_captions_read_the_table(name: str) -> None:
    op = OPS[name]
    point = sample(op, random.Random(name + "draw"))
    out, leaves = build(op, point)
    out.label = "f"
    source = draw(out).source
    exponent = out.inputs[1].data if name == "**" else None  # x ** 2 is drawn x²
    assert op_symbol(name, exponent).replace("&", "&amp;").replace("<", "&lt;") in source
    steps = list(backward_steps(out))
    assert len(steps) == 1 and steps[0].op == name
    names = display_names(topological_order(out))
    for index in range(len(leaves)):
        math_text, numbers, words = rule_caption(out, index, names)
        latex_math, _, _ = rule_caption(out, index, names, style="latex")
        assert math_text and numbers and words == op.words and latex_math
        assert "**" not in math_text and "**" not in numbers  # caption math, not Python


@pytest.mark.parametrize("function", sorted(FUNCTIONS))
def test_command_line_functions_come_from_the_table(function: str) -> None:
    count, name = FUNCTIONS[function]
    op = OPS[name]
    point = sample(op, random.Random(function))
    variables = {f"x{i}": v for i, v in enumerate(point)}
    formula = f"{function}({', '.join(variables)})"
    assert count == len(point)
    parsed = build_graph(formula, variables)
    assert parsed.op == name
    assert bits(parsed.data) == bits(build(op, point)[0].data)


def test_every_value_method_is_an_op_and_back() -> None:
    for op in OPS.values():
        if op.method:
            assert callable(getattr(Value, op.method)), op.name
    assert {"sin", "cos", "tan", "sqrt"} <= set(FUNCTIONS)


@pytest.mark.parametrize(
    ("action", "error", "fragments"),
    [
        (lambda: Value(-1.0).sqrt(), ValueError, ["sqrt", "-1.0"]),
        (lambda: Value(0.0).sqrt().backward(), ZeroDivisionError, ["sqrt", "infinite", "0.0"]),
        (lambda: grad(Value(0.0).sqrt(), [Value(1.0)]), ZeroDivisionError, ["sqrt", "0.0"]),
    ],
)
def test_sqrt_domain_errors_name_the_op(
    action: Callable[[], object], error: type[Exception], fragments: list[str]
) -> None:
    with pytest.raises(error) as caught:
        action()
    for fragment in fragments:
        assert fragment in str(caught.value)


def test_tan_never_gives_inf() -> None:
    near = math.pi / 2
    x = Value(near)
    y = x.tan()
    y.backward()
    assert math.isfinite(y.data) and math.isfinite(x.grad)

"""Adding an operation at run time (the README's recipe): `cosh`, through every reader of the table.

`autograd.rules.add_op(Op(...))` is the documented entry point. The op here is declared once
(forward, rule, symbol, words, Unicode/LaTeX and numpy spellings) and then runs through
`backward`, `grad(create_graph=True)`, `to_python`, `compile`, `compile_batched`, `draw`, the
step captions, the TikZ slides and the text view, with no other file touched. A missing
spelling is an error naming the op and the field, before anything runs.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from random_graphs import bits, random_graph

import autograd
from autograd import Value, grad, gradcheck, topological_order
from autograd.codegen.batched import numpy_function
from autograd.i18n import language
from autograd.ops import OPS, Op, check_op, overflow_error
from autograd.rules import LOCAL_GRADS, TRACED, add_op, remove_op
from autograd.value import apply_op


def cosh(x: float) -> float:
    """cosh(x) = (e^x + e^-x) / 2; an error rather than inf above |x| = 710.47."""
    try:
        return math.cosh(x)
    except OverflowError:
        raise overflow_error("cosh", x) from None


def cosh_rule(m: Any, out: Any, x: Any) -> tuple[Any, ...]:
    """d/dx cosh(x) = sinh(x) = (e^x - e^-x) / 2."""
    return ((m.exp(x) - m.exp(-x)) * 0.5,)


COSH = Op(
    "cosh",
    cosh,
    cosh_rule,
    ("x",),
    "cosh",
    "cosh′ = sinh",
    unicode="cosh({0})",
    latex=r"\cosh({0})",
    numpy="np.cosh",
)


@pytest.fixture
def with_cosh() -> Iterator[Op]:
    add_op(COSH)
    try:
        yield COSH
    finally:
        remove_op("cosh")


def test_the_table_knows_the_op_only_while_it_is_added(with_cosh: Op) -> None:
    assert OPS["cosh"] is COSH and "cosh" in TRACED and "cosh" in LOCAL_GRADS
    remove_op("cosh")
    assert "cosh" not in OPS and "cosh" not in TRACED and "cosh" not in LOCAL_GRADS
    add_op(COSH)  # for the fixture to remove


def test_backward_and_gradcheck(with_cosh: Op) -> None:
    x = Value(0.7, label="x")
    y = apply_op("cosh", [x]) * x  # y = x cosh x, y' = cosh x + x sinh x
    y.backward()
    assert y.data == math.cosh(0.7) * 0.7
    assert x.grad == pytest.approx(math.cosh(0.7) + 0.7 * math.sinh(0.7), rel=1e-14)
    assert gradcheck(lambda v: apply_op("cosh", [v * v - 1.0]), [0.3])


def test_grad_with_create_graph_differentiates_again(with_cosh: Op) -> None:
    x = Value(0.4, label="x")
    (first,) = grad(apply_op("cosh", [x]), [x], create_graph=True)  # sinh x
    (second,) = grad(first, [x])  # cosh x
    assert first.data == pytest.approx(math.sinh(0.4), rel=1e-15)
    assert second == pytest.approx(math.cosh(0.4), rel=1e-15)


def test_to_python_and_compile_equal_the_engine_bit_for_bit(with_cosh: Op) -> None:
    x = Value(-0.8, label="x")
    w = Value(1.3, label="w")
    loss = apply_op("cosh", [x * w]) + apply_op("cosh", [w]).log()
    loss.backward()
    source = autograd.to_python(loss)
    assert f"from {cosh.__module__} import cosh" in source
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # the program to_python wrote for this test's own graph
    value, grads = namespace["forward_backward"]()
    assert bits(value) == bits(loss.data)
    assert bits(grads["x"]) == bits(x.grad) and bits(grads["w"]) == bits(w.grad)
    x.grad = w.grad = 0.0
    step = autograd.compile(lambda: apply_op("cosh", [x * w]) + apply_op("cosh", [w]).log(), [x, w])
    assert bits(step()) == bits(loss.data)
    assert bits(x.grad) == bits(grads["x"]) and bits(w.grad) == bits(grads["w"])


def test_compile_batched_agrees_with_the_engine(with_cosh: Op) -> None:
    x = Value(0.0, label="x")
    w = Value(0.6, label="w")
    batched = autograd.compile_batched(apply_op("cosh", [w * x]), [w], [x])
    assert "np.cosh(" in batched.source
    data = np.array([[-1.0], [0.5], [2.0]])
    mean = batched(data)
    expected = [math.cosh(0.6 * row) for row in (-1.0, 0.5, 2.0)]
    assert mean == pytest.approx(sum(expected) / 3, rel=1e-15)
    slope = sum(row * math.sinh(0.6 * row) for row in (-1.0, 0.5, 2.0)) / 3
    assert w.grad == pytest.approx(slope, rel=1e-13)


def test_random_graphs_use_the_added_op_too(with_cosh: Op) -> None:
    seen = 0
    for seed in range(40):
        root, leaves = random_graph(random.Random(seed))
        if any(node.op == "cosh" for node in topological_order(root)):
            seen += 1
            assert gradcheck(lambda *v, s=seed: _rebuilt(s, v), [x.data for x in leaves])
    assert seen > 5


def _rebuilt(seed: int, leaves: tuple[Value, ...]) -> Value:
    """The random graph of `seed` with its leaves' data set from `leaves` (for gradcheck)."""
    root, inputs = random_graph(random.Random(seed))
    mapping = dict(zip(inputs, leaves, strict=True))
    order = topological_order(root)
    built: dict[Value, Value] = {}
    for node in order:
        if node in mapping:
            built[node] = mapping[node]
        elif not node.inputs:
            built[node] = node
        else:
            built[node] = apply_op(node.op, [built[x] for x in node.inputs])
    return built[root]


def test_draw_text_and_captions_spell_it(with_cosh: Op) -> None:
    x = Value(0.5, label="x")
    y = apply_op("cosh", [x])
    y.label = "y"
    y.backward()
    assert "cosh" in autograd.draw(y).source
    assert "cosh" in autograd.as_text(y)
    (step,) = list(autograd.backward_steps(y))
    assert step.header.startswith("y = cosh(x)")
    rule = step.rule(step.messages[0])
    assert rule.math == "(exp(x) − exp(−x)) · 0.5" and rule.words == "cosh′ = sinh"
    assert r"\cosh(x)" in autograd.to_tikz(y, steps=True)
    with language("ru"):  # no translation yet: the op's words are shown in English
        assert step.rule(step.messages[0]).words == "cosh′ = sinh"


def test_a_missing_spelling_names_the_op_and_the_field() -> None:
    with pytest.raises(ValueError, match=r"op 'cosh': Op.numpy is missing"):
        check_op(COSH._replace(numpy=""))
    with pytest.raises(ValueError, match=r"op 'cosh': Op.latex is missing"):
        add_op(COSH._replace(latex=""))
    with pytest.raises(ValueError, match=r"op 'cosh': Op.words is missing"):
        add_op(COSH._replace(words=""))
    assert "cosh" not in OPS
    with pytest.raises(ValueError, match=r"compile_batched: op 'cosh' has Op.numpy 'cosh'"):
        numpy_function(COSH._replace(numpy="cosh"))


def test_an_op_cannot_be_added_twice_nor_a_table_op_removed(with_cosh: Op) -> None:
    with pytest.raises(ValueError, match="there is an op 'cosh' already"):
        add_op(COSH)
    with pytest.raises(ValueError, match="'tanh' was not added with add_op"):
        remove_op("tanh")


def test_to_javascript_names_the_op_it_has_no_twin_for(with_cosh: Op) -> None:
    """The JavaScript runtime has a twin of every table op's forward; an added op has none yet:
    an error naming the op, not a page failing with a ReferenceError."""
    x = Value(0.3, label="x")
    with pytest.raises(ValueError, match=r"to_javascript: op 'cosh' has no JavaScript twin"):
        autograd.to_javascript(apply_op("cosh", [x]))
